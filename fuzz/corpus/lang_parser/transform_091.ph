out: s "bd sn" $ rotR 0.125
