out: "a b c d" $ early 0.25
