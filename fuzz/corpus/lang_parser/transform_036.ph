out: s "bd sn" $ juxBy 0.5 rev
