out: choose ["a", "b c"] $ segment 2
