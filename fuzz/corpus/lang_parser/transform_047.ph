out: s "bd*8" $ often (# gain 0.5)
