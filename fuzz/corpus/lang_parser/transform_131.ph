out: cat ["bd sn", "hh*3"]
