out: n (run "<4 8>")
