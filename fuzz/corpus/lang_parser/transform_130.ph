out: fast 2 $ stack ["a", "b c"]
