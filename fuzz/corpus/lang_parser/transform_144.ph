out: s "bd sn hh" # gain 0.7
