out: s "bd*2" $ euclid "<3 5>" 8
