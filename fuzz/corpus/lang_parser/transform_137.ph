out: s "bd:3 sn"
