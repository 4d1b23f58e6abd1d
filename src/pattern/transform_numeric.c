/* transform_numeric.c - pitch helpers: scale, chord, mtof.
 *
 * scale NAME (`n "0 2 4" # scale "c:minor"`, `"0 2 4" $ scale "major"`)
 *   turns scale degrees into pitches, as Strudel's tonal `scale`: the degree
 *   is the value (or a map's `n`, which is removed and replaced by `note`),
 *   rounded up (Math.ceil), wrapping into octaves (degree 7 of a 7-note
 *   scale is the tonic an octave up); "2#" / "3b" add / remove a semitone; a
 *   note name passes unchanged. With a tonic ("c:minor", "eb4:major",
 *   octave 3 by default) the result is the MIDI note Strudel names (C3 =
 *   48); Strudel prints it as a note name ("Eb3"), Phonon as its number.
 *   Without a tonic ("minor") the result is semitones above the tonic, as
 *   Tidal's `scale` gives (Strudel rejects a scale without a tonic): so
 *   `n "0 3 5" # scale "minor" + 33` is A1, C2, D2. Events without a
 *   degree are dropped (Strudel: silence). An unknown scale name is an
 *   error.
 * chord NAME (`n "0 5" # chord "maj"`) stacks the chord's intervals on each
 *   event's pitch (a map's `note`, else `n`; plain values themselves; note
 *   names become MIDI numbers), one event per chord note.
 * mtof turns pitches (plain values, or a map's `note`, else `n`; numbers or
 *   note names) into frequencies, 440 * 2^((m - 69) / 12), giving a plain
 *   numeric pattern (`saw (mtof (~degrees + 33))`); events without a pitch
 *   are dropped. */
#include <math.h>
#include <string.h>

#include "pattern/note.h"
#include "pattern/transform_internal.h"

/* ---- tables ------------------------------------------------------------------------------ */

#define NUMERIC_MAX_STEPS 12

typedef struct StepSet {
    const char *names; /* space-separated, lower case; the first is the canonical one */
    uint8_t n;
    int8_t steps[NUMERIC_MAX_STEPS];
} StepSet;

/* Scale types, as tonal.js spells them, plus Tidal's and Phonon's aliases
 * (written here without spaces: "harmonic minor" is also "harmonicminor"). */
static const StepSet scales[] = {
    { "major ionian", 7, { 0, 2, 4, 5, 7, 9, 11 } },
    { "minor aeolian", 7, { 0, 2, 3, 5, 7, 8, 10 } },
    { "dorian", 7, { 0, 2, 3, 5, 7, 9, 10 } },
    { "phrygian", 7, { 0, 1, 3, 5, 7, 8, 10 } },
    { "lydian", 7, { 0, 2, 4, 6, 7, 9, 11 } },
    { "mixolydian", 7, { 0, 2, 4, 5, 7, 9, 10 } },
    { "locrian", 7, { 0, 1, 3, 5, 6, 8, 10 } },
    { "harmonic minor harmonicminor harmonic", 7, { 0, 2, 3, 5, 7, 8, 11 } },
    { "melodic minor melodicminor melodic", 7, { 0, 2, 3, 5, 7, 9, 11 } },
    { "major pentatonic majorpentatonic pentatonic penta majpent", 5, { 0, 2, 4, 7, 9 } },
    { "minor pentatonic minorpentatonic minpent", 5, { 0, 3, 5, 7, 10 } },
    { "blues minor blues minorblues", 6, { 0, 3, 5, 6, 7, 10 } },
    { "major blues majorblues", 6, { 0, 2, 3, 4, 7, 9 } },
    { "chromatic", 12, { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 } },
    { "whole tone wholetone whole", 6, { 0, 2, 4, 6, 8, 10 } },
    { "augmented", 6, { 0, 3, 4, 7, 8, 11 } },
    { "diminished", 8, { 0, 2, 3, 5, 6, 8, 9, 11 } },
    { "harmonic major harmonicmajor", 7, { 0, 2, 4, 5, 7, 8, 11 } },
    { "double harmonic major doubleharmonicmajor", 7, { 0, 1, 4, 5, 7, 8, 11 } },
    { "lydian dominant lydiandominant", 7, { 0, 2, 4, 6, 7, 9, 10 } },
    { "altered", 7, { 0, 1, 3, 4, 6, 8, 10 } },
    { "phrygian dominant phrygiandominant spanish", 7, { 0, 1, 4, 5, 7, 8, 10 } },
    { "hungarian minor hungarianminor", 7, { 0, 2, 3, 6, 7, 8, 11 } },
    { "romanian minor romanianminor romanian", 7, { 0, 2, 3, 6, 7, 9, 10 } },
    { "bartok hindu", 7, { 0, 2, 4, 5, 7, 8, 10 } },
    { "enigmatic", 7, { 0, 1, 4, 6, 8, 10, 11 } },
    { "persian", 7, { 0, 1, 4, 5, 6, 8, 11 } },
    { "bebop", 8, { 0, 2, 4, 5, 7, 9, 10, 11 } },
    { "egyptian", 5, { 0, 2, 5, 7, 10 } },
    { "ritusen", 5, { 0, 2, 5, 7, 9 } },
    { "in-sen insen", 5, { 0, 1, 5, 7, 10 } },
    { "iwato", 5, { 0, 1, 5, 6, 10 } },
    { "hirajoshi", 5, { 0, 2, 3, 7, 8 } },
    { "kumoijoshi kumoi", 5, { 0, 1, 5, 7, 8 } },
    { "pelog", 5, { 0, 1, 3, 7, 8 } },
    { "prometheus", 6, { 0, 2, 4, 6, 9, 10 } },
    { "scriabin", 5, { 0, 1, 4, 7, 9 } },
};

/* Chord types (Tidal's chordTable names and common spellings). */
static const StepSet chords[] = {
    { "major maj M", 3, { 0, 4, 7 } },
    { "minor min m", 3, { 0, 3, 7 } },
    { "diminished dim", 3, { 0, 3, 6 } },
    { "augmented aug plus sharp5", 3, { 0, 4, 8 } },
    { "sus2", 3, { 0, 2, 7 } },
    { "sus4", 3, { 0, 5, 7 } },
    { "six 6", 4, { 0, 4, 7, 9 } },
    { "minor6 min6 m6", 4, { 0, 3, 7, 9 } },
    { "major7 maj7 M7", 4, { 0, 4, 7, 11 } },
    { "dom7 seven 7", 4, { 0, 4, 7, 10 } },
    { "minor7 min7 m7", 4, { 0, 3, 7, 10 } },
    { "dim7 diminished7", 4, { 0, 3, 6, 9 } },
    { "halfdim m7b5 m7f5 min7flat5", 4, { 0, 3, 6, 10 } },
    { "minormajor7 mmaj7 minmaj7", 4, { 0, 3, 7, 11 } },
    { "add9 major9add", 4, { 0, 4, 7, 14 } },
    { "major9 maj9 M9", 5, { 0, 4, 7, 11, 14 } },
    { "dom9 nine 9", 5, { 0, 4, 7, 10, 14 } },
    { "minor9 min9 m9", 5, { 0, 3, 7, 10, 14 } },
    { "one 1", 1, { 0 } },
    { "five 5", 2, { 0, 7 } },
};

static bool name_in(const char *names, const char *s, size_t len)
{
    const char *p = names;
    while (*p) {
        const char *e = strchr(p, ' ');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == len && memcmp(p, s, n) == 0) return true;
        p += n;
        while (*p == ' ') p++;
    }
    return false;
}

/* Scale names compare case-insensitively with spaces dropped ("Harmonic Minor"). */
static const StepSet *find_scale(const char *s, size_t len)
{
    char key[64];
    size_t k = 0;
    for (size_t i = 0; i < len; i++) {
        char ch = s[i];
        if (ch == ' ' || ch == '_') continue;
        if (k + 1 >= sizeof key) return NULL;
        key[k++] = (char)(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
    }
    for (size_t i = 0; i < sizeof scales / sizeof scales[0]; i++)
        if (name_in(scales[i].names, key, k)) return &scales[i];
    return NULL;
}

/* Chord names are case-sensitive (M is major, m minor). */
static const StepSet *find_chord(const char *s, size_t len)
{
    for (size_t i = 0; i < sizeof chords / sizeof chords[0]; i++)
        if (name_in(chords[i].names, s, len)) return &chords[i];
    return NULL;
}

/* ---- pitches -------------------------------------------------------------------------------- */

/* A value as a pitch: numbers, numeric strings, note names (MIDI). */
static bool pitch_of(Value v, double *out)
{
    if (v.kind == VAL_STR || v.kind == VAL_NUM || v.kind == VAL_RAT || v.kind == VAL_BOOL)
        return note_value_to_number(v, out) && *out == *out;
    return false;
}

/* The key a map keeps its pitch under: note, else n; NULL if neither. */
static const char *pitch_key(const ValMap *m)
{
    if (val_map_get(m, "note", 4)) return "note";
    if (val_map_get(m, "n", 1)) return "n";
    return NULL;
}

/* A copy of m with key set to v and `drop` (may be NULL) removed. */
static const ValMap *map_with(Arena *a, const ValMap *m, const char *key, Value v, const char *drop)
{
    ValMapEntry *e = arena_alloc(a, sizeof(ValMapEntry) * (m->n + 1));
    if (!e) return NULL;
    uint32_t n = 0;
    size_t dl = drop ? strlen(drop) : 0;
    for (uint32_t i = 0; i < m->n; i++)
        if (!(drop && m->e[i].key->len == dl && !memcmp(m->e[i].key->data, drop, dl))) e[n++] = m->e[i];
    e[n].key = val_str_make(a, key, strlen(key));
    e[n].val = v;
    if (!e[n].key) return NULL;
    return val_map_make(a, e, n + 1);
}

/* ---- scale ------------------------------------------------------------------------------------ */

typedef struct ScaleEnv {
    const StepSet *set;
    double tonic; /* MIDI of the tonic, 0 without one */
} ScaleEnv;

/* The scale's text: a list ("c:minor" in mini-notation) joined with spaces,
 * as Strudel's `scale.flat().join(' ')`; false if it does not fit. */
static bool scale_text(Value v, char *text, size_t cap, size_t *len)
{
    size_t n = 0;
    uint32_t count = v.kind == VAL_LIST ? v.u.list->n : 1;
    for (uint32_t i = 0; i < count; i++) {
        if (i) {
            if (n + 1 >= cap) return false;
            text[n++] = ' ';
        }
        size_t w = val_format(v.kind == VAL_LIST ? v.u.list->items[i] : v, text + n, cap - n);
        if (w >= cap - n) return false;
        n += w;
    }
    *len = n;
    return true;
}

/* "c minor" / "eb4 major pentatonic": a tonic (MIDI, octave 3 by default)
 * and a scale type; "minor": no tonic (semitones above it). */
static bool parse_scale(Value v, ScaleEnv *out, PatErr *err)
{
    char text[96];
    size_t len;
    if (!scale_text(v, text, sizeof text, &len)) {
        pat_err_set(err, PH_ERR_TYPE, "scale name too long");
        return false;
    }
    const char *name = text;
    size_t nlen = len;
    const char *sp = memchr(text, ' ', len);
    double midi;
    out->tonic = 0;
    if (sp && note_name_to_midi(text, (size_t)(sp - text), &midi)) {
        out->tonic = midi;
        name = sp + 1;
        nlen = len - (size_t)(name - text);
    } else if (!sp && note_name_to_midi(text, len, &midi)) {
        pat_err_set(err, PH_ERR_TYPE, "incomplete scale \"%s\": write the tonic and the scale, e.g. \"c:major\"",
                    text);
        return false;
    }
    out->set = find_scale(name, nlen);
    if (!out->set) {
        pat_err_set(err, PH_ERR_TYPE, "unknown scale \"%.*s\"", (int)nlen, name);
        return false;
    }
    return true;
}

/* A scale degree: a number (rounded up, Math.ceil), or "N#.." / "Nb.."
 * (degree N plus / minus one semitone per sign). */
static bool degree_of(Value v, double *deg, int *semis)
{
    *semis = 0;
    double x = val_to_number(v);
    if (x == x) {
        *deg = ceil(x);
        return true;
    }
    if (v.kind != VAL_STR) return false;
    const char *s = v.u.str->data;
    size_t n = v.u.str->len, i = 0;
    bool neg = false;
    if (i < n && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
    size_t first = i;
    double d = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9' && i - first < 15) d = d * 10 + (s[i++] - '0');
    if (i == first || i == n || (s[i] != '#' && s[i] != 'b')) return false;
    char acc = s[i];
    for (size_t k = i; k < n; k++)
        if (s[k] != acc) return false;
    *deg = neg ? -d : d;
    *semis = (int)(n - i) * (acc == '#' ? 1 : -1);
    return true;
}

/* The pitch of a degree: tonic + step + 12 * octave. */
static double scale_pitch(const ScaleEnv *env, double deg, int semis)
{
    double len = env->set->n;
    double oct = floor(deg / len);
    double idx = deg - oct * len; /* _mod(deg, len) */
    if (!(idx >= 0 && idx < len)) idx = 0;
    return env->tonic + env->set->steps[(int)idx] + 12 * oct + semis;
}

static bool scale_value(PatCtx *ctx, const ScaleEnv *env, Value in, Value *out)
{
    Value step = in;
    const ValMap *m = NULL;
    if (in.kind == VAL_MAP) {
        m = in.u.map;
        const Value *n = val_map_get(m, "n", 1);
        if (!n) return false;
        step = *n;
    }
    double deg, midi;
    int semis;
    if (step.kind == VAL_STR && note_name_to_midi(step.u.str->data, step.u.str->len, &midi)) {
        *out = step; /* a note name passes as it is (Strudel's legacy rule) */
        return true;
    }
    if (!degree_of(step, &deg, &semis)) return false;
    Value note = val_num(scale_pitch(env, deg, semis));
    if (!m) {
        *out = note;
        return true;
    }
    const ValMap *r = map_with(ctx->scratch, m, "note", note, "n");
    if (!r) return pat_fail(ctx, PH_ERR_NOMEM, "out of memory");
    *out = val_map(r);
    return true;
}

/* Rewrites values in place; events whose value has no pitch are dropped. */
typedef bool (*PitchFn)(PatCtx *ctx, const void *env, Value in, Value *out);

typedef struct PitchData {
    const Pattern *child;
    PitchFn fn;
    const void *env;
} PitchData;

static void pitch_query(const Pattern *self, PatCtx *ctx, Span span)
{
    const PitchData *d = self->data;
    size_t base = ctx->n;
    if (!pat_sub_query(ctx, d->child, span)) return;
    size_t w = base;
    for (size_t i = base; i < ctx->n; i++) {
        PatEvent e = ctx->ev[i];
        bool keep = d->fn(ctx, d->env, e.value, &e.value);
        if (ctx->err.status != PH_OK) return;
        if (keep) ctx->ev[w++] = e;
    }
    ctx->n = w;
}

static const Pattern *pitch_map(Arena *a, const Pattern *p, PitchFn fn, const void *env, PatErr *err)
{
    PitchData *d = ARENA_NEW(a, PitchData);
    if (!d || !p) return patx_check(NULL, err);
    *d = (PitchData){ p, fn, env };
    return patx_check(pat_new(a, pitch_query, d), err);
}

static bool scale_fn(PatCtx *ctx, const void *env, Value in, Value *out)
{
    return scale_value(ctx, env, in, out);
}

static const Pattern *build_scale(Arena *a, const Value *v, const Pattern *p, const void *env, PatErr *err)
{
    (void)env;
    ScaleEnv *se = ARENA_NEW(a, ScaleEnv);
    if (!se) return patx_check(NULL, err);
    if (!parse_scale(v[0], se, err)) return NULL;
    return pitch_map(a, p, scale_fn, se, err);
}

static const Pattern *apply_scale(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return patx_patternify(a, build_scale, NULL, args, 1, p, err);
}

/* ---- chord ------------------------------------------------------------------------------------ */

typedef struct ChordData {
    const Pattern *child;
    const StepSet *set;
} ChordData;

static void chord_query(const Pattern *self, PatCtx *ctx, Span span)
{
    const ChordData *d = self->data;
    size_t base = ctx->n;
    if (!pat_sub_query(ctx, d->child, span)) return;
    size_t mid = ctx->n;
    for (size_t i = base; i < mid; i++) {
        PatEvent e = ctx->ev[i];
        const char *key = e.value.kind == VAL_MAP ? pitch_key(e.value.u.map) : NULL;
        Value root = key ? *val_map_get(e.value.u.map, key, strlen(key)) : e.value;
        double r;
        if ((e.value.kind == VAL_MAP && !key) || !pitch_of(root, &r)) continue;
        for (int k = 0; k < d->set->n; k++) {
            PatEvent c = e;
            Value note = val_num(r + d->set->steps[k]);
            if (key) {
                const ValMap *m = map_with(ctx->scratch, e.value.u.map, key, note, NULL);
                if (!m) {
                    pat_fail(ctx, PH_ERR_NOMEM, "out of memory");
                    return;
                }
                c.value = val_map(m);
            } else {
                c.value = note;
            }
            if (!pat_push(ctx, &c)) return;
        }
    }
    pat_collapse(ctx, base, mid);
}

static const Pattern *build_chord(Arena *a, const Value *v, const Pattern *p, const void *env, PatErr *err)
{
    (void)env;
    char text[64];
    size_t len = val_format(v[0], text, sizeof text);
    const StepSet *set = len < sizeof text ? find_chord(text, len) : NULL;
    if (!set) return patx_fail(err, PH_ERR_TYPE, "unknown chord \"%.*s\"", (int)(len < 60 ? len : 60), text);
    ChordData *d = ARENA_NEW(a, ChordData);
    if (!d) return patx_check(NULL, err);
    d->child = p;
    d->set = set;
    return patx_check(pat_new(a, chord_query, d), err);
}

static const Pattern *apply_chord(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return patx_patternify(a, build_chord, NULL, args, 1, p, err);
}

/* ---- mtof ---------------------------------------------------------------------------------------- */

static bool mtof_fn(PatCtx *ctx, const void *env, Value in, Value *out)
{
    (void)ctx, (void)env;
    Value pitch = in;
    if (in.kind == VAL_MAP) {
        const char *key = pitch_key(in.u.map);
        if (!key) return false;
        pitch = *val_map_get(in.u.map, key, strlen(key));
    }
    double m;
    if (!pitch_of(pitch, &m)) return false;
    *out = val_num(note_midi_to_hz(m));
    return true;
}

static const Pattern *apply_mtof(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    (void)args;
    return pitch_map(a, p, mtof_fn, NULL, err);
}

/* ---- the table ------------------------------------------------------------------------------------ */

const PatTransformDef pat_transforms_numeric[] = {
    PATX_ROW("scale", apply_scale, "scale NAME", 1, PATX_P),
    PATX_ROW("chord", apply_chord, "chord NAME", 1, PATX_P),
    { "mtof", 0, { PATX_P }, false, apply_mtof, "mtof", true },
    PAT_TRANSFORM_END,
};
