out: cosine $ segment 4
