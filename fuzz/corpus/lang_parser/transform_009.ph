out: rev $ s "bd sn/2"
