out: s "bd sn hh" $ fast 2 $ rev
