out: s "hh*8" $ undegradeBy 0.3
