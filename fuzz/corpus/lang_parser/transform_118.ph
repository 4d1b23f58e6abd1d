out: n (run 4)
