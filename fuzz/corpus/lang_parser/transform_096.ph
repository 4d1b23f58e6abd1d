out: "a b c d" $ inside 2 rev
