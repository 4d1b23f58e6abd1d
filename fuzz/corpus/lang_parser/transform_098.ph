out: "<[a b] c [d e] f>" $ outside 2 rev
