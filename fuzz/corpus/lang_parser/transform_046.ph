out: s "bd*8" $ sometimesBy "<0.1 0.9>" (# gain 0.5)
