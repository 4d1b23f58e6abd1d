out: (s "bd*4" # n "0 1 2 3") |+ n 1
