out: "a b c d" $ chunk 4 (late 0.125)
