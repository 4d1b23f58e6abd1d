out: sine $ range 200 1000
