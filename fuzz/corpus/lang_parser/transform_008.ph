out: "bd sn hh" $ rev
