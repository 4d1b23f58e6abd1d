/* transform_cond.c - conditional transforms: every firstOf lastOf whenmod
 * within.
 *
 * Strudel 1.2.6 semantics (pattern.mjs):
 *  - `firstOf n f` (alias `every`) is slowcatPrime(f p, p, ..., p) and
 *    `lastOf n f` slowcatPrime(p, ..., p, f p), n patterns in all. Cycle c
 *    plays pats[c % n] with JS's truncating %, so a negative cycle that is not
 *    a multiple of n plays nothing; f p is queried at the same cycle (no time
 *    shift). n must make `Array(n - 1)` valid (a whole number >= 1), else
 *    "Invalid array length".
 *  - `whenmod a b f` is Strudel's `when("<0 .. 1 ..>", f)`: cycle c plays
 *    f p when c mod a >= b (mod with the sign of a, as a slowcat index is).
 *  - `within a b f` is stack(f (p filtered to onsets whose cycle position is
 *    in [a, b]), p filtered to the other onsets). The filter reads the
 *    event's whole, so a continuous pattern makes the query fail.
 * Each is computed per cycle in one query node, so `every 1000000000 f`
 * costs nothing until queried. Patterned arguments go through register()'s
 * innerJoin (patb_patternify_fn). */
#include "pattern/transform_b.h"

/* ---- every / firstOf / lastOf / whenmod: one of two patterns per cycle ------------------ */

typedef enum CondKind { COND_FIRST, COND_LAST, COND_WHENMOD } CondKind;

typedef struct CondEnv {
    const PatFn *f;
    CondKind kind;
} CondEnv;

typedef struct CycleSelData {
    CondKind kind;
    int64_t n;    /* firstOf / lastOf: the number of patterns */
    Rat a, b;     /* whenmod */
    const Pattern *plain, *changed;
} CycleSelData;

/* Which pattern cycle c plays: 1 changed, 0 plain, -1 nothing. */
static int cycle_choice(const CycleSelData *d, Rat cycle)
{
    if (d->kind == COND_WHENMOD) {
        /* c mod a = c - a * floor(c / a), exact */
        Rat m = rat_sub(cycle, rat_mul(d->a, rat_floor(rat_div(cycle, d->a))));
        if (!rat_ok(m)) return -2;
        return rat_ge(m, d->b) ? 1 : 0;
    }
    int64_t r = cycle.num % d->n; /* JS %: truncating */
    if (r < 0) return -1;
    int64_t on = d->kind == COND_FIRST ? 0 : d->n - 1;
    return r == on ? 1 : 0;
}

static void cycle_sel_query(const Pattern *self, PatCtx *ctx, Span span)
{
    const CycleSelData *d = self->data;
    PatCycleIter it;
    Span piece;
    pat_cycles_init(&it, span);
    while (pat_cycles_next(ctx, &it, &piece)) {
        Rat cycle = rat_floor(piece.begin);
        int which = cycle_choice(d, cycle);
        if (which == -2) {
            pat_fail(ctx, PH_ERR_OVERFLOW, "cycle arithmetic overflows");
            return;
        }
        if (which < 0) continue;
        if (!pat_sub_query(ctx, which ? d->changed : d->plain, piece)) return;
    }
}

static const Pattern *cycle_sel_new(Arena *a, const CycleSelData *tmpl, const PatFn *f, const Pattern *p, PatErr *err)
{
    CycleSelData *d = ARENA_NEW(a, CycleSelData);
    if (!d) return patx_check(NULL, err);
    *d = *tmpl;
    d->plain = p;
    d->changed = patx_call(f, a, p, err);
    if (!d->changed) return NULL;
    return patx_check(pat_new(a, cycle_sel_query, d), err);
}

static const Pattern *build_every(Arena *a, const Value *v, const Pattern *p, const void *envp, PatErr *err)
{
    const CondEnv *env = envp;
    int64_t len;
    /* Array(n - 1).fill(p), plus f p */
    if (!patb_array_len(val_to_number(v[0]) - 1, &len)) return patb_bad_count(err, v[0], "a whole number >= 1");
    CycleSelData d = { .kind = env->kind, .n = len + 1 };
    return cycle_sel_new(a, &d, env->f, p, err);
}

static const Pattern *build_whenmod(Arena *a, const Value *v, const Pattern *p, const void *envp, PatErr *err)
{
    const CondEnv *env = envp;
    CycleSelData d = { .kind = COND_WHENMOD };
    if (!patx_rat(v[0], &d.a, err) || !patx_rat(v[1], &d.b, err)) return NULL;
    if (rat_eq(d.a, rat_int(0))) return patx_fail(err, PH_ERR_TYPE, "the cycle count must not be 0");
    return cycle_sel_new(a, &d, env->f, p, err);
}

static const Pattern *cond_common(Arena *a, const PatArg *args, size_t npat, CondKind kind, PatBuildFn build,
                                  const Pattern *p, PatErr *err)
{
    CondEnv *env = ARENA_NEW(a, CondEnv);
    if (!env) return patx_check(NULL, err);
    env->f = args[npat].u.fn;
    env->kind = kind;
    const Pattern *pats[2] = { args[0].u.pat, npat > 1 ? args[1].u.pat : NULL };
    return patb_patternify_fn(a, build, env, pats, npat, p, err);
}

static const Pattern *apply_every(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return cond_common(a, args, 1, COND_FIRST, build_every, p, err);
}

static const Pattern *apply_last_of(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return cond_common(a, args, 1, COND_LAST, build_every, p, err);
}

static const Pattern *apply_whenmod(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return cond_common(a, args, 2, COND_WHENMOD, build_whenmod, p, err);
}

/* ---- within ----------------------------------------------------------------------------- */

typedef struct WithinEnv {
    double a, b;
    bool inside; /* keep the onsets in [a, b] (else the others) */
} WithinEnv;

/* filterWhen(t => t.cyclePos() >= a && t.cyclePos() <= b) on whole.begin;
 * the cycle position is compared as a JS number. */
static bool within_keep(PatCtx *ctx, const PatEvent *e, const void *envp)
{
    const WithinEnv *env = envp;
    if (!e->has_whole) {
        pat_fail(ctx, PH_ERR_TYPE, "within: a continuous event has no onset");
        return false;
    }
    Rat pos = rat_cycle_pos(e->whole.begin);
    if (!rat_ok(pos)) {
        pat_fail_rat(ctx, pos);
        return false;
    }
    double t = rat_to_double(pos);
    bool in = t >= env->a && t <= env->b;
    return in == env->inside;
}

static const Pattern *build_within(Arena *a, const Value *v, const Pattern *p, const void *envp, PatErr *err)
{
    const PatFn *f = envp;
    WithinEnv *in = ARENA_NEW(a, WithinEnv), *out = ARENA_NEW(a, WithinEnv);
    if (!in || !out) return patx_check(NULL, err);
    *in = (WithinEnv){ val_to_number(v[0]), val_to_number(v[1]), true };
    *out = (WithinEnv){ in->a, in->b, false };
    const Pattern *sel = pat_filter_events(a, p, within_keep, in);
    const Pattern *rest = pat_filter_events(a, p, within_keep, out);
    if (!sel || !rest) return patx_check(NULL, err);
    const Pattern *changed = patx_call(f, a, sel, err);
    if (!changed) return NULL;
    const Pattern *both[2] = { changed, rest };
    return patx_check(pat_stack(a, both, 2), err);
}

static const Pattern *apply_within(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    const Pattern *pats[2] = { args[0].u.pat, args[1].u.pat };
    return patb_patternify_fn(a, build_within, args[2].u.fn, pats, 2, p, err);
}

/* ---- the table ------------------------------------------------------------------------------ */

const PatTransformDef pat_transforms_cond[] = {
    PATX_ROW("every", apply_every, "every N FUNCTION", 2, PATX_P, PATX_F),
    PATX_ROW("firstOf", apply_every, "firstOf N FUNCTION", 2, PATX_P, PATX_F),
    PATX_ROW("lastOf", apply_last_of, "lastOf N FUNCTION", 2, PATX_P, PATX_F),
    PATX_ROW("whenmod", apply_whenmod, "whenmod CYCLES FROM FUNCTION", 3, PATX_P, PATX_P, PATX_F),
    PATX_ROW("within", apply_within, "within START END FUNCTION", 3, PATX_P, PATX_P, PATX_F),
    PAT_TRANSFORM_END,
};
