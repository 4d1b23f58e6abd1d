out: "a b" $ euclidRot 3 8 "<0 3>"
