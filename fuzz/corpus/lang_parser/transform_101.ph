out: "a b c d e f g h" $ zoom 0 0.25
