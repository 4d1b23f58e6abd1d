out: n "0 1 2" $ every 2 (slow 2)
