out: n "0 1 2 3" $ struct "x(3,8)"
