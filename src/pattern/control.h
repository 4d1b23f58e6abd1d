/* control.h - control patterns: events whose values are maps such as
 * {s: "bd", n: 3, gain: 0.8}, the controls SuperDirt/superdough understand.
 *
 * `gain "1 0.5"` builds a control pattern from a value pattern; `a # b` (and
 * `|>`) merges maps with structure from the left, right keys winning.
 * Control names map to Strudel's canonical keys (lpf -> cutoff,
 * legato -> clip, size -> roomsize), which is what `query` prints and what
 * the engine reads. */
#ifndef PHONON_PATTERN_CONTROL_H
#define PHONON_PATTERN_CONTROL_H

#include <stddef.h>

#include "core/arena.h"
#include "pattern/pattern.h"

typedef enum PatControlType {
    PAT_CONTROL_NUM,    /* numbers (strings that parse as numbers are converted) */
    PAT_CONTROL_STR,    /* strings kept as strings (vowel "a", unit "c") */
    PAT_CONTROL_NOTE,   /* numbers or note names kept as written (note "c e g") */
    PAT_CONTROL_SOUND   /* s: "bd:3" splits into s "bd" and n 3 */
} PatControlType;

typedef struct PatControlDef {
    const char *name;   /* as written in Phonon: "lpf" */
    const char *key;    /* canonical key: "cutoff" */
    PatControlType type;
    const char *list_keys; /* Strudel's multi-controls: the keys a list value `a:b:c` fills, space
                              separated ("s n gain": `s "bd:3"` gives s and n); NULL: a list is
                              kept as the value */
} PatControlDef;

/* The control for a name (aliases included), or NULL. */
const PatControlDef *pat_control_find(const char *name, size_t len);
const PatControlDef *const *pat_control_all(size_t *n);

/* values -> {key: value} events (same structure). Values are kept as they
 * are (Strudel does not convert them: `note "c e"` keeps the names); a list
 * value fills list_keys; a map value with a `value` key gets that key
 * renamed (Strudel's unnamed-control bag). */
const Pattern *pat_control(Arena *a, const PatControlDef *def, const Pattern *values, PatErr *err);
/* `l # r`: structure from l, each l event meets the r events over its whole,
 * maps merged with r's keys winning (Strudel set.in, the same as
 * pat_arith(PAT_OP_SET, PAT_SIDE_LEFT)). Plain values follow Strudel's set:
 * two plain values give r's; a map meeting a plain value keeps the map. */
const Pattern *pat_set(Arena *a, const Pattern *l, const Pattern *r);

#endif
