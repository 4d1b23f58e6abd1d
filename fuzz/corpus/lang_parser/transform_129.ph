out: stack ["bd sn", "hh*3"]
