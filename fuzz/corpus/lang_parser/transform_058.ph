out: s "bd sn" $ striate 2
