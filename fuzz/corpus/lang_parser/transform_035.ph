out: n "0 1 2" $ jux (ply 2)
