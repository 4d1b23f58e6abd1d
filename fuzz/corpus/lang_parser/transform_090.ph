out: "a b c d" $ rotL 0.25
