out: s "hh*4" # gain (sine $ range 0.5 1)
