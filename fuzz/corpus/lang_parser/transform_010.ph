out: "a b c" $ palindrome
