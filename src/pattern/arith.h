/* arith.h - pattern arithmetic with Tidal's structure rules.
 *
 * `+` takes structure from both sides (Strudel add.mix), `|+` from the left
 * (add.in), `+|` from the right (add.out); likewise - * / %. `|>` keeps the
 * left structure with the right values (set.in), `<|` the right structure
 * with the left values (keep.out). Numbers combine as JS doubles (x/0 is
 * Infinity or NaN, as in Strudel; sound clamps them); maps combine key by key; a map and a
 * number combine on every numeric key of the map (`n "0 2" + 7`). */
#ifndef PHONON_PATTERN_ARITH_H
#define PHONON_PATTERN_ARITH_H

#include "core/arena.h"
#include "pattern/pattern.h"

typedef enum PatOp {
    PAT_OP_ADD, PAT_OP_SUB, PAT_OP_MUL, PAT_OP_DIV, PAT_OP_MOD,
    PAT_OP_SET,   /* values from the right */
    PAT_OP_KEEP   /* values from the left */
} PatOp;

typedef enum PatSide { PAT_SIDE_BOTH, PAT_SIDE_LEFT, PAT_SIDE_RIGHT } PatSide;

const Pattern *pat_arith(Arena *a, PatOp op, PatSide side, const Pattern *l, const Pattern *r, PatErr *err);
/* The same as a PatFn section: x -> x op r (hole on the left). */
const struct PatFn *patfn_arith_section(Arena *a, PatOp op, PatSide side, const Pattern *r);
/* The `(# e)` section: x -> x # r. */
const struct PatFn *patfn_set_section(Arena *a, const Pattern *r);

#endif
