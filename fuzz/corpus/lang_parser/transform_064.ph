out: "a b c d" $ linger 0.25
