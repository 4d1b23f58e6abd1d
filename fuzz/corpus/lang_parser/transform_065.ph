out: "a b c d e f g h" $ linger "<0.25 0.5>"
