/* transform_random.c - random transforms: degrade degradeBy undegrade
 * undegradeBy sometimes sometimesBy often rarely almostNever almostAlways
 * always never somecycles somecyclesBy.
 *
 * All randomness is Strudel's time-seeded rand (rand.h): no seed, no state.
 * Strudel 1.2.6 semantics (signal.mjs):
 *  - `degradeBy x` keeps an event iff rand(whole.begin) > x (the part's begin
 *    for a continuous event); `undegradeBy x` iff 1 - rand > x, in doubles.
 *    `degrade` / `undegrade` use 0.5. An x outside [0, 1] is allowed: x >= 1
 *    drops everything (documented silence), x < 0 keeps everything.
 *  - `sometimesBy x f` is stack(degradeBy x p, f (undegradeBy (1 - x) p)),
 *    inside an innerJoin over pure(x), which cuts queries at cycle
 *    boundaries. often / rarely / almostNever / almostAlways / sometimes are
 *    0.75 / 0.25 / 0.1 / 0.9 / 0.5; `always f` is f p and `never f` is p.
 *  - `somecyclesBy x f` (alias someCyclesBy; somecycles / someCycles use 0.5)
 *    is the same with one draw per cycle: rand(c) at the
 *    integer cycle c (rand.segment(1)), so an event whose whole spans cycles
 *    is cut at the boundary and each piece decided by its own cycle.
 * shuffle and scramble live in transform_random_rearrange.c. */
#include "pattern/rand.h"
#include "pattern/transform_b.h"

/* ---- degrade: one draw per event --------------------------------------------------------- */

typedef enum DegradeMode {
    DEGRADE,  /* keep iff r > x */
    UNDEGRADE /* keep iff 1 - r > x */
} DegradeMode;

typedef struct DegradeData {
    DegradeMode mode;
    bool per_cycle; /* somecycles: r = rand(c) for each cycle c the event spans */
    double x;
    const Pattern *child;
} DegradeData;

static bool degrade_keep(const DegradeData *d, Rat t)
{
    double r = rand_at(t);
    return d->mode == DEGRADE ? r > d->x : 1.0 - r > d->x;
}

/* degradeByWith(rand, x): appLeft against one continuous sample over the
 * whole, so the part is intersected with the whole. */
static void degrade_query(const Pattern *self, PatCtx *ctx, Span span)
{
    const DegradeData *d = self->data;
    size_t base = ctx->n;
    if (!pat_sub_query(ctx, d->child, span)) return;
    size_t w = base;
    for (size_t i = base; i < ctx->n; i++) {
        PatEvent e = ctx->ev[i];
        Span wop = pat_event_whole_or_part(&e), part;
        if (!degrade_keep(d, wop.begin)) continue;
        if (!span_intersect(e.part, wop, &part)) continue;
        e.part = part;
        ctx->ev[w++] = e;
    }
    ctx->n = w;
}

/* degradeByWith(rand.segment(1), x): appLeft against one sample per cycle,
 * so each event is cut at the cycle boundaries of its whole. */
static void degrade_cycles_query(const Pattern *self, PatCtx *ctx, Span span)
{
    const DegradeData *d = self->data;
    size_t base = ctx->n;
    if (!pat_sub_query(ctx, d->child, span)) return;
    size_t mid = ctx->n;
    for (size_t i = base; i < mid; i++) {
        PatEvent e = ctx->ev[i];
        Span both, piece;
        if (!span_intersect(pat_event_whole_or_part(&e), e.part, &both)) continue;
        PatCycleIter it;
        pat_cycles_init(&it, both);
        while (pat_cycles_next(ctx, &it, &piece)) {
            if (!degrade_keep(d, rat_floor(piece.begin))) continue;
            PatEvent frag = e;
            if (!span_intersect(e.part, piece, &frag.part)) continue;
            if (!pat_push(ctx, &frag)) return;
        }
        if (ctx->err.status != PH_OK) return;
    }
    pat_collapse(ctx, base, mid);
}

static const Pattern *degrade_new(Arena *a, DegradeMode mode, bool per_cycle, double x, const Pattern *p)
{
    DegradeData *d = ARENA_NEW(a, DegradeData);
    if (!d || !p) return NULL;
    *d = (DegradeData){ mode, per_cycle, x, p };
    return pat_new(a, per_cycle ? degrade_cycles_query : degrade_query, d);
}

static const char undegrade_tag = 1;

static const Pattern *build_degrade(Arena *a, const Value *v, const Pattern *p, const void *env, PatErr *err)
{
    DegradeMode mode = env ? UNDEGRADE : DEGRADE;
    return patx_check(degrade_new(a, mode, false, val_to_number(v[0]), p), err);
}

static const Pattern *apply_degrade_by(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return patx_patternify(a, build_degrade, NULL, args, 1, p, err);
}

static const Pattern *apply_undegrade_by(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return patx_patternify(a, build_degrade, &undegrade_tag, args, 1, p, err);
}

static const Pattern *apply_degrade(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    (void)args;
    return patx_check(degrade_new(a, DEGRADE, false, 0.5, p), err);
}

static const Pattern *apply_undegrade(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    (void)args;
    return patx_check(degrade_new(a, UNDEGRADE, false, 0.5, p), err);
}

/* ---- sometimesBy / somecyclesBy ---------------------------------------------------------------- */

typedef struct SometimesEnv {
    const PatFn *f;
    bool per_cycle;
} SometimesEnv;

/* splitQueries(stack(degrade x p, f (undegrade (1 - x) p))) */
static const Pattern *sometimes_of(Arena *a, double x, const SometimesEnv *env, const Pattern *p, PatErr *err)
{
    const Pattern *kept = degrade_new(a, DEGRADE, env->per_cycle, x, p);
    const Pattern *routed = degrade_new(a, UNDEGRADE, env->per_cycle, 1.0 - x, p);
    if (!kept || !routed) return patx_check(NULL, err);
    const Pattern *changed = patx_call(env->f, a, routed, err);
    if (!changed) return NULL;
    const Pattern *both[2] = { kept, changed };
    const Pattern *st = pat_stack(a, both, 2);
    return patx_check(st ? pat_split_queries(a, st) : NULL, err);
}

static const Pattern *build_sometimes(Arena *a, const Value *v, const Pattern *p, const void *env, PatErr *err)
{
    return sometimes_of(a, val_to_number(v[0]), env, p, err);
}

static const Pattern *sometimes_common(Arena *a, const PatArg *args, bool per_cycle, const Pattern *p, PatErr *err)
{
    SometimesEnv *env = ARENA_NEW(a, SometimesEnv);
    if (!env) return patx_check(NULL, err);
    *env = (SometimesEnv){ args[1].u.fn, per_cycle };
    return patb_patternify_fn(a, build_sometimes, env, &args[0].u.pat, 1, p, err);
}

static const Pattern *apply_sometimes_by(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return sometimes_common(a, args, false, p, err);
}

static const Pattern *apply_somecycles_by(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return sometimes_common(a, args, true, p, err);
}

/* The fixed-probability forms: f only. */
static const Pattern *fixed_sometimes(Arena *a, const PatArg *args, double x, bool per_cycle, const Pattern *p,
                                      PatErr *err)
{
    SometimesEnv *env = ARENA_NEW(a, SometimesEnv);
    if (!env) return patx_check(NULL, err);
    *env = (SometimesEnv){ args[0].u.fn, per_cycle };
    return sometimes_of(a, x, env, p, err);
}

static const Pattern *apply_sometimes(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return fixed_sometimes(a, args, 0.5, false, p, err);
}

static const Pattern *apply_often(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return fixed_sometimes(a, args, 0.75, false, p, err);
}

static const Pattern *apply_rarely(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return fixed_sometimes(a, args, 0.25, false, p, err);
}

static const Pattern *apply_almost_never(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return fixed_sometimes(a, args, 0.1, false, p, err);
}

static const Pattern *apply_almost_always(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return fixed_sometimes(a, args, 0.9, false, p, err);
}

static const Pattern *apply_somecycles(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return fixed_sometimes(a, args, 0.5, true, p, err);
}

static const Pattern *apply_always(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return patx_call(args[0].u.fn, a, p, err);
}

static const Pattern *apply_never(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    (void)a;
    (void)args;
    return patx_check(p, err);
}

/* ---- the table ----------------------------------------------------------------------------------- */

const PatTransformDef pat_transforms_random[] = {
    PATX_ROW("degrade", apply_degrade, "degrade", 0, PATX_P),
    PATX_ROW("degradeBy", apply_degrade_by, "degradeBy AMOUNT", 1, PATX_P),
    PATX_ROW("undegrade", apply_undegrade, "undegrade", 0, PATX_P),
    PATX_ROW("undegradeBy", apply_undegrade_by, "undegradeBy AMOUNT", 1, PATX_P),
    PATX_ROW("sometimesBy", apply_sometimes_by, "sometimesBy PROBABILITY FUNCTION", 2, PATX_P, PATX_F),
    PATX_ROW("sometimes", apply_sometimes, "sometimes FUNCTION", 1, PATX_F),
    PATX_ROW("often", apply_often, "often FUNCTION", 1, PATX_F),
    PATX_ROW("rarely", apply_rarely, "rarely FUNCTION", 1, PATX_F),
    PATX_ROW("almostNever", apply_almost_never, "almostNever FUNCTION", 1, PATX_F),
    PATX_ROW("almostAlways", apply_almost_always, "almostAlways FUNCTION", 1, PATX_F),
    PATX_ROW("always", apply_always, "always FUNCTION", 1, PATX_F),
    PATX_ROW("never", apply_never, "never FUNCTION", 1, PATX_F),
    PATX_ROW("somecyclesBy", apply_somecycles_by, "somecyclesBy PROBABILITY FUNCTION", 2, PATX_P, PATX_F),
    PATX_ROW("somecycles", apply_somecycles, "somecycles FUNCTION", 1, PATX_F),
    PATX_ROW("someCyclesBy", apply_somecycles_by, "someCyclesBy PROBABILITY FUNCTION", 2, PATX_P, PATX_F),
    PATX_ROW("someCycles", apply_somecycles, "someCycles FUNCTION", 1, PATX_F),
    PATX_ROW("shuffle", patb_apply_shuffle, "shuffle N", 1, PATX_P),
    PATX_ROW("scramble", patb_apply_scramble, "scramble N", 1, PATX_P),
    PAT_TRANSFORM_END,
};
