out: "a b" $ compress 0.25 0.75
