out: s "bd sn" $ stut 3 0.5 0.125
