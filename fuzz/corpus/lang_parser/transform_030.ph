out: s "bd*2" $ off "<0.25 0.125>" (# gain 0.5)
