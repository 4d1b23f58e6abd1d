out: s "bd sn" $ whenmod 4 2 (fast 2)
