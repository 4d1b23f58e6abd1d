out: (s "bd" # gain 0.8) $ stut 2 0.5 0.25
