out: s "bev*2" $ striate 4
