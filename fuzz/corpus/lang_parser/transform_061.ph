out: s "bev" $ slice 8 "7 6 5 4"
