out: "1 2" $ segment 4
