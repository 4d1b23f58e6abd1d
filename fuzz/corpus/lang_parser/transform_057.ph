out: s "bd sn/2" $ chop 2
