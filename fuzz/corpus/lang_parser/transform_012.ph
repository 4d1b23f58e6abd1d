out: "a b c d" $ iter 4
