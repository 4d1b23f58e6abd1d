out: s "bd" $ euclidRot 3 8 2
