out: s "bd*4" # pan square
