out: n "0 1 2 3" $ chunk 2 rev
