out: s "bd" $ struct "x ~ x x"
