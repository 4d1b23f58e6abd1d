out: s "bd sn" # speed 1.5 # speed 2
