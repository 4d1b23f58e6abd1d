out: s "bd sn" $ lastOf 3 (fast 2)
