out: s "bd sn" $ hurry 2
