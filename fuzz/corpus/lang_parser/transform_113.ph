out: s "hh*8" $ swing 4
