out: s "bd sn" # legato 0.5
