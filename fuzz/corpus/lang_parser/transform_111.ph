out: s "hh*8" $ swingBy 0.25 4
