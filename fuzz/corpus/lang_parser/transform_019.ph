out: s "bd sn" $ every 3 (fast 2)
