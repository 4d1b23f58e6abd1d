out: "a b c d" $ press
