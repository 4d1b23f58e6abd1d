out: irand 8 $ segment 4
