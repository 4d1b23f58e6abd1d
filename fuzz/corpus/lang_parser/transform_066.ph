out: sine $ segment 4
