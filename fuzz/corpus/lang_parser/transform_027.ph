out: s "bd sn hh cp" $ within 0 0.5 (fast 2)
