out: "a b c d" $ iterBack 4
