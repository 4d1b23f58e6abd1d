out: note "c e g"
