out: s "bd" $ euclid 3 8
