/* note.h - note names as Strudel reads them: `c4` = MIDI 60, `eb3`, `f#2`,
 * `as5`; a missing octave means octave 3 (Strudel's noteToMidi default). */
#ifndef PHONON_PATTERN_NOTE_H
#define PHONON_PATTERN_NOTE_H

#include <stdbool.h>
#include <stddef.h>

#include "pattern/value.h"

/* Letter a-g (any case), accidentals # s (sharp) b f (flat), optional
 * octave (may be negative). false if text is not a note name. */
bool note_name_to_midi(const char *text, size_t len, double *midi);
/* 440 * 2^((m - 69) / 12). */
double note_midi_to_hz(double midi);
/* A value as a number where numbers are wanted: numbers as they are,
 * note names as MIDI numbers, numeric strings parsed; false otherwise. */
bool note_value_to_number(Value v, double *out);

#endif
