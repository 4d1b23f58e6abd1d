out: n "0 1 2 3" $ swingBy 0.2 2
