out: s "bd sn" $ firstOf 3 (fast 2)
