out: "a b c d" $ compress 0.5 1
