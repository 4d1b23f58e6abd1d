out: s "bd*4" $ within 0.25 0.75 (# speed 2)
