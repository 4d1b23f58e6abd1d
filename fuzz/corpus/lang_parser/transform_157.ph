out: (s "bd sn" $ fast 2) # gain 0.5
