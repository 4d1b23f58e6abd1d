out: s "bd*2 sn" # n "0 1 2"
