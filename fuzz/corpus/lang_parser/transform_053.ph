out: s "bd*4" $ somecycles (# speed 2)
