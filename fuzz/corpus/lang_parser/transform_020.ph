out: every 4 rev $ s "bd sn hh"
