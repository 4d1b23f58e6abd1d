out: firstOf 4 (fast 2) $ "a b"
