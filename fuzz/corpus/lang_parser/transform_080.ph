out: euclidFull 2 5 (n "0 1") (n "7")
