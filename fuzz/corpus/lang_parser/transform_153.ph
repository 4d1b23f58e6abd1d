out: s "cp" # size 0.9
