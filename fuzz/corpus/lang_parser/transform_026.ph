out: s "bd*2 hh" $ whenmod 2 1 (# speed 2)
