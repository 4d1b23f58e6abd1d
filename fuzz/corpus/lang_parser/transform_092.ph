out: s "bd sn hh cp" $ chunk 4 (hurry 2)
