out: s "bd sn" $ off 0.25 (# speed 2)
