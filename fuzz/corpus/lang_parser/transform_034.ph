out: (s "bd sn" # pan 0.25) $ jux rev
