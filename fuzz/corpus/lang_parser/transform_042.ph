out: s "bd*8" $ undegrade
