out: s "bd sn" $ chop 2
