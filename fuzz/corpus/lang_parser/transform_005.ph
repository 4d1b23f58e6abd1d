out: slow 4 $ s "bd*2 sn"
