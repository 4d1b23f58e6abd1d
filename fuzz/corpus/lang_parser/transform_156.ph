out: s "bd*2" # n 3 # speed 2 # gain 0.8
