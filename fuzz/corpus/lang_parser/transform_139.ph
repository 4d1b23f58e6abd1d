out: s "bd sn" # n "0 1"
