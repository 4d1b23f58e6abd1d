out: "<a b> c d" $ palindrome
