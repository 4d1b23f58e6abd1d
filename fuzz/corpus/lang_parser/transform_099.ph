out: s "<bd sn> hh" $ outside 2 (fast 2)
