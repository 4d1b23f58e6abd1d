out: s "bd sn" # room 0.3 # size 0.8
