out: "a b c d" $ scramble 4
