out: n "0 3" $ echo 2 0.5 0.5
