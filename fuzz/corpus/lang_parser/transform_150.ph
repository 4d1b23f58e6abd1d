out: s "hh*4" # cut 1
