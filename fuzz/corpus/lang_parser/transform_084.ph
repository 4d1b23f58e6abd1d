out: s "bd*8" $ mask "1 0 1 1"
