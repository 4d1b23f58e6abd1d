out: "a b c" $ early 0.1
