out: note "c4 [e4 g4]" # s "superpiano"
