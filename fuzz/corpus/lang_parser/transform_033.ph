out: s "bd*4 sn" $ jux rev
