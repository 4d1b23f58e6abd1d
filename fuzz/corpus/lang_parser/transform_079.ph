out: euclidFull 3 8 (s "bd") (s "hh")
