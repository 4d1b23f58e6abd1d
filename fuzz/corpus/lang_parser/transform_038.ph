out: s "hh*8" $ degrade
