out: s (choose ["bd", "sn", "hh"] $ segment 4)
