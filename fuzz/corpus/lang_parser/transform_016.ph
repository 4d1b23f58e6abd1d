out: "bd sn" $ ply 2
