out: s "hh*8" $ degradeBy "<0.2 0.8>"
