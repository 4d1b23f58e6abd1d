out: s "bd sn" $ somecyclesBy 0.8 (fast 2)
