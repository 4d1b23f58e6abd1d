out: "a b c" $ pressBy 0.75
