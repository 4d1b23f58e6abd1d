out: s "bd*8" $ rarely (# gain 0.5)
