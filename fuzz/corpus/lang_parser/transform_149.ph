out: s "bev*2" # begin "0 0.5"
