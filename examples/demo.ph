-- demo: a house groove on the built-in kit, a filtered saw bass and a sine lead
bpm: 124
~drums: s "[bd*4, ~ hh ~ hh, ~ ~ cp ~]" # gain 0.9
~hats: s "hh*16" # gain "0.5 0.3 0.7 0.3" # pan sine
~bass: saw "<55 55 65.4 49>" # lpf (sine 0.125 * 600 + 900) 4
~lead: sine "<[440 ~ 660 ~] [587.3 ~ 440 ~]>" * 0.15 # delay 0.36 0.4 0.3
out: ~drums * 0.6 + ~hats * 0.25 + ~bass * 0.2 + ~lead
