out: "a b c" $ superimpose rev
