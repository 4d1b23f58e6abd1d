out: "a b c d" $ iter 4 $ ply 2
