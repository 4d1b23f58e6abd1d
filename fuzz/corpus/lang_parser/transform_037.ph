out: juxBy 0.5 (# speed 2) $ s "bd sn"
