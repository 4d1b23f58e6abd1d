out: s "bd*4" # gain "1 0.8 0.6 0.4"
