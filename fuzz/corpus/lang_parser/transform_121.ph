out: s "bd*4" # n (irand 4)
