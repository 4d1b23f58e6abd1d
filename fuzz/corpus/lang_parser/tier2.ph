tempo: 0.5
bpm: 120
~m # speed 2
fn wob a b = lpf (sine a * b) 0.5
d1 $ s "bd*2" # ~m
o2: (+ 7) (|+ n 1)
hush
panic
setCycle 4
nudge -0.1
resetCycles
out: stack [
  s "bd",
  s "sn" |> n 1
]
