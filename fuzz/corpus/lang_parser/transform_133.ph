out: slowcat ["a", "b c", "d e f"]
