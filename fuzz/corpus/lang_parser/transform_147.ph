out: s "bd*2" # speed "<1 1.5>" # gain 0.9
