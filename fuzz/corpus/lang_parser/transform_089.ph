out: late 1.5 $ "<a b c>"
