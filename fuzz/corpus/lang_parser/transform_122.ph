out: s "hh*4" # gain rand
