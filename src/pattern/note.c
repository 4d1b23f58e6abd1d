/* note.c - note names to MIDI numbers and frequencies; see note.h. */
#include "pattern/note.h"

#include <math.h>
#include <stdlib.h>

bool note_name_to_midi(const char *text, size_t len, double *midi)
{
    static const int chroma[7] = { 9, 11, 0, 2, 4, 5, 7 }; /* a b c d e f g */
    if (len == 0) return false;
    char letter = text[0];
    if (letter >= 'A' && letter <= 'G') letter = (char)(letter - 'A' + 'a');
    if (letter < 'a' || letter > 'g') return false;
    int semis = chroma[letter - 'a'];
    size_t i = 1;
    for (; i < len; i++) {
        char ch = text[i];
        if (ch == '#' || ch == 's') semis++;
        else if (ch == 'b' || ch == 'f') semis--;
        else break;
    }
    int octave = 3;
    if (i < len) {
        bool neg = false;
        if (text[i] == '-') {
            neg = true;
            i++;
        }
        if (i >= len) return false;
        long o = 0;
        for (; i < len; i++) {
            if (text[i] < '0' || text[i] > '9' || o > 1000) return false;
            o = o * 10 + (text[i] - '0');
        }
        octave = (int)(neg ? -o : o);
    }
    *midi = (double)((octave + 1) * 12 + semis);
    return true;
}

double note_midi_to_hz(double midi) { return 440.0 * pow(2.0, (midi - 69.0) / 12.0); }

bool note_value_to_number(Value v, double *out)
{
    switch ((ValKind)v.kind) {
    case VAL_NUM: *out = v.u.num; return true;
    case VAL_BOOL: *out = v.u.b ? 1.0 : 0.0; return true;
    case VAL_RAT: *out = rat_to_double(*v.u.rat); return true;
    case VAL_STR: {
        if (note_name_to_midi(v.u.str->data, v.u.str->len, out)) return true;
        double x = val_to_number(v);
        if (isnan(x)) return false;
        *out = x;
        return true;
    }
    default: return false;
    }
}
