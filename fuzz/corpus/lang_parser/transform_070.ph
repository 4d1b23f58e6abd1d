out: saw $ range 1 5 $ segment 4
