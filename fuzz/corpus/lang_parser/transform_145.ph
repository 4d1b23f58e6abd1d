out: s "bd sn" # pan "0 1"
