out: s "bev" $ splice 4 "0 2 1 3"
