out: s "bd sn" $ every 2 (fast 2) $ jux rev
