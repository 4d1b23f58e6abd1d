out: s "bd*2 sn" $ hurry "<1 2>"
