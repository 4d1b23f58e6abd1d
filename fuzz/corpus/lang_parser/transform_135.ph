out: fastcat ["a", "b c"]
