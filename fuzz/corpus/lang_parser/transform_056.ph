out: (s "bev" # begin 0.25 # end 0.75) $ chop 2
