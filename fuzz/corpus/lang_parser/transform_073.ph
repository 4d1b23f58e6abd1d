out: saw
