out: s "bd sn" $ mask "1 [0 1]"
