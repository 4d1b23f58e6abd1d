out: s "bev" # begin 0.25 # end 0.5
