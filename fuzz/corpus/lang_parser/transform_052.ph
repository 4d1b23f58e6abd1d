out: s "hh*2 sn" $ never (fast 2)
