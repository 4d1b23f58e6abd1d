out: "a b c d" $ chunkBack 4 (fast 2)
