out: brak $ n "0 1 2"
