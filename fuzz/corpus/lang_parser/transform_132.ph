out: cat ["a", "b", "c"] $ fast 2
