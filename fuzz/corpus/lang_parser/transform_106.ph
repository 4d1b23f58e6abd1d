out: "a b" $ brak
