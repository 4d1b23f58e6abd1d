out: s "hh*8" $ sometimesBy 0.3 (# speed 2)
