out: n "0 1/2" $ ply 2
