out: (s "bd" # gain 0.5
~x: a ]
out: a +
out: "abc
temp: 0.5
s "bd"
out: ~a -1

  # gain 2
out: [a, b,]
out: ÿş
out: â€œ
