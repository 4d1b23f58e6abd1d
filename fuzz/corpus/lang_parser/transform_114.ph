out: "a b c d" $ shuffle 4
