out: s "bd sn" $ superimpose (fast 2)
