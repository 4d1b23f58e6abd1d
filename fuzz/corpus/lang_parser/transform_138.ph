out: s "bd ~ [sn sn] hh"
