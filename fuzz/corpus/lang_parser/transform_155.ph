out: s "sn*2" # cutoff "300 600"
