out: (s "bev" # speed 2) $ splice 2 "0 1"
