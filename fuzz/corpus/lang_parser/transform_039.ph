out: "a*8" $ degradeBy 0.3
