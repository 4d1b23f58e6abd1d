out: "a b c d" $ zoom 0.25 0.75
