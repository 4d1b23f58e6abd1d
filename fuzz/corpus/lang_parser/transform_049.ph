out: s "bd*8" $ almostNever (# speed 2)
