out: sometimes (# gain 0.5) $ s "bd*8"
