out: n "0 1 2 3 4 5 6 7" $ inside 4 rev
