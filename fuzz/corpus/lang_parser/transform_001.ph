out: "bd sn" $ fast 2
