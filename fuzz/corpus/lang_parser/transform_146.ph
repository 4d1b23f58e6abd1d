out: s "bd*4" # speed "1 2"
