out: s "bev" $ slice 4 "0 2 1 3"
