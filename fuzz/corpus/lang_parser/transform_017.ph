out: s "bd sn" $ ply "<1 2 3>"
