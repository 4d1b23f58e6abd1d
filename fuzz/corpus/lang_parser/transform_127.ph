out: s "bd sn" $ echo 3 0.2 0.5
