/* arith.c - pattern arithmetic (+ - * / %, |> <|) and operator sections.
 *
 * Structure: BOTH is Strudel's appBoth (`add.mix`), LEFT appLeft (`add.in`,
 * also `#`/`set.in`), RIGHT appRight (`add.out`); the value function is
 * applied to (left value, right value).
 *
 * Values follow Strudel's _composeOp with numeralArgs:
 *  - two plain values: both go through parseNumeral (numbers, numeric
 *    strings, note names as MIDI numbers; anything else is an error, which
 *    silences the query as Strudel's throw does) and combine as doubles;
 *  - two maps: the union of the keys, the right side winning, with common
 *    keys combined as above (set: right value, keep: left value);
 *  - a map and a plain value: for + - * / % the plain value combines with
 *    every number of the map, and with a note name under `note`
 *    (`n "0 2 4" + 7`). This is a Phonon rule: Strudel warns "Can't do
 *    arithmetic on control pattern" and returns the map unchanged. For set
 *    and keep it follows Strudel: map |> x keeps the map, x |> map gives
 *    {value: x, ...map}.
 * Division or modulo by zero gives 0 (a Phonon rule; JS gives Infinity or
 * NaN). Modulo is Strudel's _mod, ((a % b) + b) % b, the sign of b. */
#include "pattern/arith.h"

#include <math.h>
#include <string.h>

#include "pattern/control.h"
#include "pattern/note.h"
#include "pattern/transform.h"

/* ---- values ----------------------------------------------------------------------- */

/* Strudel's parseNumeral: Number(v) unless NaN, else a note name as MIDI. */
static bool numeral(Value v, double *out)
{
    double x = val_to_number(v);
    if (x == x) {
        *out = x;
        return true;
    }
    return v.kind == VAL_STR && note_name_to_midi(v.u.str->data, v.u.str->len, out);
}

static double num_op(PatOp op, double a, double b)
{
    switch (op) {
    case PAT_OP_ADD: return a + b;
    case PAT_OP_SUB: return a - b;
    case PAT_OP_MUL: return a * b;
    /* as JavaScript: x/0 is +-Infinity or NaN, x%0 NaN; the engine clamps
     * non-finite controls where they become sound (trigger.c) */
    case PAT_OP_DIV: return a / b;
    case PAT_OP_MOD: return fmod(fmod(a, b) + b, b);
    case PAT_OP_SET: return b;
    case PAT_OP_KEEP: return a;
    }
    return 0.0;
}

static int not_numeral(PatCtx *ctx, Value v)
{
    char text[64];
    val_format(v, text, sizeof text);
    pat_fail(ctx, PH_ERR_TYPE, "cannot parse as numeral: \"%s\"", text);
    return -1;
}

/* a op b for two plain values (numeralArgs). */
static int plain_op(PatCtx *ctx, PatOp op, Value a, Value b, Value *out)
{
    if (op == PAT_OP_SET || op == PAT_OP_KEEP) {
        *out = op == PAT_OP_SET ? b : a;
        return 1;
    }
    double x, y;
    if (!numeral(a, &x)) return not_numeral(ctx, a);
    if (!numeral(b, &y)) return not_numeral(ctx, b);
    *out = val_num(num_op(op, x, y));
    return 1;
}

static bool is_map(Value v) { return v.kind == VAL_MAP; }

/* Two maps: keys of both, common keys combined (unionWithObj). */
static int map_map_op(PatCtx *ctx, PatOp op, const ValMap *a, const ValMap *b, Value *out)
{
    if (b->n == 1 && b->e[0].key->len == 5 && !memcmp(b->e[0].key->data, "value", 5)) {
        *out = val_map(a); /* Strudel: "Can't do arithmetic on control pattern" */
        return 1;
    }
    const ValMap *u = val_map_union(ctx->scratch, a, b);
    if (!u) return pat_fail(ctx, PH_ERR_NOMEM, "out of memory"), -1;
    ValMap *m = (ValMap *)u; /* freshly made in scratch: ours to fill in */
    for (uint32_t i = 0; i < m->n; i++) {
        const ValStr *k = m->e[i].key;
        const Value *av = val_map_get(a, k->data, k->len);
        const Value *bv = val_map_get(b, k->data, k->len);
        if (!av || !bv) continue;
        if (plain_op(ctx, op, *av, *bv, &m->e[i].val) < 0) return -1;
    }
    *out = val_map(m);
    return 1;
}

/* A map and a plain number x: x combines with every numeric value (and a
 * note name under `note`); map_left says on which side the map is. */
static int map_num_op(PatCtx *ctx, PatOp op, const ValMap *map, Value x, bool map_left, Value *out)
{
    double xv;
    if (!numeral(x, &xv)) return not_numeral(ctx, x);
    ValMap *m = arena_alloc(ctx->scratch, sizeof(ValMap) + sizeof(ValMapEntry) * map->n);
    if (!m) return pat_fail(ctx, PH_ERR_NOMEM, "out of memory"), -1;
    m->n = map->n;
    for (uint32_t i = 0; i < map->n; i++) {
        ValMapEntry e = map->e[i];
        double v;
        bool numeric = e.val.kind == VAL_NUM;
        if (numeric) v = e.val.u.num;
        else if (e.val.kind == VAL_STR && e.key->len == 4 && !memcmp(e.key->data, "note", 4))
            numeric = note_name_to_midi(e.val.u.str->data, e.val.u.str->len, &v);
        if (numeric) e.val = val_num(map_left ? num_op(op, v, xv) : num_op(op, xv, v));
        m->e[i] = e;
    }
    *out = val_map(m);
    return 1;
}

/* {value: x, ...map} (Strudel's unionWithObj with a wrapped plain value). */
static int wrap_union(PatCtx *ctx, Value x, const ValMap *map, bool map_wins, Value *out)
{
    ValMapEntry e = { val_str_make(ctx->scratch, "value", 5), x };
    const ValMap *w = e.key ? val_map_make(ctx->scratch, &e, 1) : NULL;
    const ValMap *u = w ? (map_wins ? val_map_union(ctx->scratch, w, map) : val_map_union(ctx->scratch, map, w))
                        : NULL;
    if (!u) return pat_fail(ctx, PH_ERR_NOMEM, "out of memory"), -1;
    *out = val_map(u);
    return 1;
}

static int compose_op(PatCtx *ctx, PatOp op, Value a, Value b, Value *out)
{
    bool am = is_map(a), bm = is_map(b);
    if (am && bm) return map_map_op(ctx, op, a.u.map, b.u.map, out);
    if (!am && !bm) return plain_op(ctx, op, a, b, out);
    if (op == PAT_OP_SET || op == PAT_OP_KEEP) {
        if (am) { /* Strudel: "Can't do arithmetic on control pattern", a unchanged */
            *out = a;
            return 1;
        }
        /* {value: a} and b: the union, with keep's value winning on a common key */
        return wrap_union(ctx, a, b.u.map, op == PAT_OP_SET, out);
    }
    return am ? map_num_op(ctx, op, a.u.map, b, true, out) : map_num_op(ctx, op, b.u.map, a, false, out);
}

static int arith_fn(PatCtx *ctx, Value a, Value b, Value *out, const void *env)
{
    return compose_op(ctx, *(const PatOp *)env, a, b, out);
}

static const PatOp op_envs[] = { PAT_OP_ADD, PAT_OP_SUB, PAT_OP_MUL, PAT_OP_DIV,
                                 PAT_OP_MOD, PAT_OP_SET, PAT_OP_KEEP };

const Pattern *pat_arith(Arena *a, PatOp op, PatSide side, const Pattern *l, const Pattern *r, PatErr *err)
{
    if ((unsigned)op > (unsigned)PAT_OP_KEEP) {
        pat_err_set(err, PH_ERR_ARG, "unknown operator");
        return NULL;
    }
    const void *env = &op_envs[op];
    const Pattern *p = NULL;
    switch (side) {
    case PAT_SIDE_BOTH: p = pat_app_both(a, l, r, arith_fn, env); break;
    case PAT_SIDE_LEFT: p = pat_app_left(a, l, r, arith_fn, env); break;
    case PAT_SIDE_RIGHT: p = pat_app_right(a, l, r, arith_fn, env); break;
    }
    if (!p && err->status == PH_OK) pat_err_set(err, PH_ERR_NOMEM, "out of memory");
    return p;
}

const Pattern *pat_set(Arena *a, const Pattern *l, const Pattern *r)
{
    return pat_app_left(a, l, r, arith_fn, &op_envs[PAT_OP_SET]);
}

/* ---- sections ------------------------------------------------------------------------- */

typedef struct SectionEnv {
    PatOp op;
    PatSide side;
    const Pattern *r;
} SectionEnv;

static const Pattern *section_apply(const PatFn *self, Arena *a, const Pattern *p, PatErr *err)
{
    const SectionEnv *e = self->env;
    return pat_arith(a, e->op, e->side, p, e->r, err);
}

static const PatFn *make_section(Arena *a, PatOp op, PatSide side, const Pattern *r, const char *name)
{
    if (!r) return NULL;
    SectionEnv *e = ARENA_NEW(a, SectionEnv);
    PatFn *fn = ARENA_NEW(a, PatFn);
    if (!e || !fn) return NULL;
    e->op = op;
    e->side = side;
    e->r = r;
    fn->apply = section_apply;
    fn->env = e;
    fn->name = name;
    return fn;
}

const PatFn *patfn_arith_section(Arena *a, PatOp op, PatSide side, const Pattern *r)
{
    return make_section(a, op, side, r, "section");
}

const PatFn *patfn_set_section(Arena *a, const Pattern *r)
{
    return make_section(a, PAT_OP_SET, PAT_SIDE_LEFT, r, "section #");
}
