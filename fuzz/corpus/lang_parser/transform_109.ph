out: s "bd sn" $ pressBy 0.25
