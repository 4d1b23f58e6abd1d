out: s "bd sn hh cp" $ slow 2
