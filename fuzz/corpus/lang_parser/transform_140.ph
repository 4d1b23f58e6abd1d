out: n "0 1 2" # s "arpy"
