out: s "bd sn" $ fastGap 1.5
