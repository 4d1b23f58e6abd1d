out: s "bd*2" $ always (# speed 2)
