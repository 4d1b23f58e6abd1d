out: slowcat [s "bd", s "sn*2"]
