out: "a b c" $ iter 3
