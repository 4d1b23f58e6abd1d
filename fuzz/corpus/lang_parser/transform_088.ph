out: s "bd sn" $ late 0.25
