out: s "bd*8" $ almostAlways (# speed 2)
