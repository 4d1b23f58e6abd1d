out: "a b c" $ fast "<1 2 3>"
