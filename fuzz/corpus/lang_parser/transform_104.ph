out: "a b" $ fastGap 2
