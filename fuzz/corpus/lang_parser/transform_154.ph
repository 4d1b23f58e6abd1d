out: s "bd*2" # lpf 1000
