out: struct "x ~ [x x] <x ~>" $ s "bd"
