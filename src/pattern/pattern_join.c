/* pattern_join.c - value-level combinators: fmap, filters, the applicative
 * combinators (appLeft/appRight/appBoth: where structure comes from), the
 * monadic joins (inner/outer/squeeze/bind) and patternify (Strudel's
 * register(): plain arguments directly, patterned ones through innerJoin).
 *
 * All of them work on the query's event stack: query a child (appending),
 * rewrite what it appended in place, and collapse temporaries away. */
#include "pattern/pattern.h"

/* ---- fmap and filters ------------------------------------------------------------- */

typedef struct FnData {
    const Pattern *child;
    const void *fn; /* one of the Pat*Fn types, cast back by each query */
    const void *env;
} FnData;

typedef struct FnPtrs {
    PatValueFn value;
    PatEventPred event;
    PatValuePred pred;
} FnPtrs;

static void fmap_query(const Pattern *self, PatCtx *ctx, Span span)
{
    const FnData *d = self->data;
    const FnPtrs *f = d->fn;
    size_t base = ctx->n;
    if (!pat_sub_query(ctx, d->child, span)) return;
    for (size_t i = base; i < ctx->n; i++) {
        Value out;
        if (!f->value(ctx, ctx->ev[i].value, &out, d->env)) {
            if (ctx->err.status == PH_OK) pat_fail(ctx, PH_ERR_TYPE, "value function failed");
            return;
        }
        ctx->ev[i].value = out;
    }
}

static void filter_events_query(const Pattern *self, PatCtx *ctx, Span span)
{
    const FnData *d = self->data;
    const FnPtrs *f = d->fn;
    size_t base = ctx->n;
    if (!pat_sub_query(ctx, d->child, span)) return;
    size_t w = base;
    for (size_t i = base; i < ctx->n; i++) {
        bool keep = f->event(ctx, &ctx->ev[i], d->env);
        if (ctx->err.status != PH_OK) return;
        if (keep) ctx->ev[w++] = ctx->ev[i];
    }
    ctx->n = w;
}

static void filter_values_query(const Pattern *self, PatCtx *ctx, Span span)
{
    const FnData *d = self->data;
    const FnPtrs *f = d->fn;
    size_t base = ctx->n;
    if (!pat_sub_query(ctx, d->child, span)) return;
    size_t w = base;
    for (size_t i = base; i < ctx->n; i++)
        if (f->pred(ctx->ev[i].value, d->env)) ctx->ev[w++] = ctx->ev[i];
    ctx->n = w;
}

static const Pattern *make_fn(Arena *a, const Pattern *p, PatQueryFn q, FnPtrs fns, const void *env)
{
    if (!p) return NULL;
    FnData *d = ARENA_NEW(a, FnData);
    FnPtrs *f = ARENA_NEW(a, FnPtrs);
    if (!d || !f) return NULL;
    *f = fns;
    d->child = p;
    d->fn = f;
    d->env = env;
    return pat_new(a, q, d);
}

const Pattern *pat_fmap(Arena *a, const Pattern *p, PatValueFn fn, const void *env)
{
    return make_fn(a, p, fmap_query, (FnPtrs){ .value = fn }, env);
}

const Pattern *pat_filter_events(Arena *a, const Pattern *p, PatEventPred fn, const void *env)
{
    return make_fn(a, p, filter_events_query, (FnPtrs){ .event = fn }, env);
}

const Pattern *pat_filter_values(Arena *a, const Pattern *p, PatValuePred fn, const void *env)
{
    return make_fn(a, p, filter_values_query, (FnPtrs){ .pred = fn }, env);
}

/* ---- app: where the structure comes from ---------------------------------------------- */

typedef struct AppData {
    const Pattern *l, *r;
    PatValue2Fn fn;
    const void *env;
} AppData;

/* Shared by appLeft and appRight: `structure` events each query `other`
 * over their whole (or part); the result keeps the structure event's whole
 * and the intersection of the parts. The value is fn(left, right). */
static void app_side_query(const AppData *d, PatCtx *ctx, Span span, bool left_structure)
{
    const Pattern *structure = left_structure ? d->l : d->r;
    const Pattern *other = left_structure ? d->r : d->l;
    size_t base = ctx->n;
    if (!pat_sub_query(ctx, structure, span)) return;
    size_t mid = ctx->n;
    for (size_t i = base; i < mid; i++) {
        PatEvent s = ctx->ev[i];
        size_t r0 = ctx->n;
        if (!pat_sub_query(ctx, other, pat_event_whole_or_part(&s))) return;
        size_t w = r0;
        for (size_t k = r0; k < ctx->n; k++) {
            PatEvent o = ctx->ev[k];
            Span part;
            if (!span_intersect(s.part, o.part, &part)) continue;
            Value v;
            int keep = left_structure ? d->fn(ctx, s.value, o.value, &v, d->env)
                                      : d->fn(ctx, o.value, s.value, &v, d->env);
            if (keep < 0) {
                if (ctx->err.status == PH_OK) pat_fail(ctx, PH_ERR_TYPE, "value function failed");
                return;
            }
            if (keep == 0) continue;
            ctx->ev[w++] = (PatEvent){ .whole = s.whole, .part = part, .value = v, .has_whole = s.has_whole };
        }
        ctx->n = w;
    }
    pat_collapse(ctx, base, mid);
}

static void app_left_query(const Pattern *self, PatCtx *ctx, Span span) { app_side_query(self->data, ctx, span, true); }
static void app_right_query(const Pattern *self, PatCtx *ctx, Span span) { app_side_query(self->data, ctx, span, false); }

static void app_both_query(const Pattern *self, PatCtx *ctx, Span span)
{
    const AppData *d = self->data;
    size_t base = ctx->n;
    if (!pat_sub_query(ctx, d->l, span)) return;
    size_t mid = ctx->n;
    if (!pat_sub_query(ctx, d->r, span)) return;
    size_t end = ctx->n;
    for (size_t i = base; i < mid; i++) {
        for (size_t k = mid; k < end; k++) {
            PatEvent l = ctx->ev[i], r = ctx->ev[k];
            Span part;
            if (!span_intersect(l.part, r.part, &part)) continue;
            PatEvent e = { .part = part, .has_whole = l.has_whole && r.has_whole };
            if (e.has_whole && !span_intersect(l.whole, r.whole, &e.whole)) {
                pat_fail(ctx, PH_ERR_TYPE, "TimeSpans do not intersect");
                return;
            }
            int keep = d->fn(ctx, l.value, r.value, &e.value, d->env);
            if (keep < 0) {
                if (ctx->err.status == PH_OK) pat_fail(ctx, PH_ERR_TYPE, "value function failed");
                return;
            }
            if (keep && !pat_push(ctx, &e)) return;
        }
    }
    pat_collapse(ctx, base, end);
}

static const Pattern *make_app(Arena *a, const Pattern *l, const Pattern *r, PatValue2Fn fn, const void *env, PatQueryFn q)
{
    if (!l || !r) return NULL;
    AppData *d = ARENA_NEW(a, AppData);
    if (!d) return NULL;
    *d = (AppData){ l, r, fn, env };
    return pat_new(a, q, d);
}

const Pattern *pat_app_left(Arena *a, const Pattern *l, const Pattern *r, PatValue2Fn fn, const void *env)
{
    return make_app(a, l, r, fn, env, app_left_query);
}

const Pattern *pat_app_right(Arena *a, const Pattern *l, const Pattern *r, PatValue2Fn fn, const void *env)
{
    return make_app(a, l, r, fn, env, app_right_query);
}

const Pattern *pat_app_both(Arena *a, const Pattern *l, const Pattern *r, PatValue2Fn fn, const void *env)
{
    return make_app(a, l, r, fn, env, app_both_query);
}

/* keepif.out: the mask's truthy events give structure, p the values. */
static int keepif(PatCtx *ctx, Value pv, Value mask, Value *out, const void *env)
{
    (void)ctx;
    (void)env;
    if (!val_truthy(mask) || pv.kind == VAL_UNDEF) return 0;
    *out = pv;
    return 1;
}

const Pattern *pat_struct(Arena *a, const Pattern *mask, const Pattern *p)
{
    return pat_app_right(a, p, mask, keepif, NULL);
}

/* ---- joins --------------------------------------------------------------------------- */

typedef enum JoinKind { JOIN_INNER, JOIN_OUTER, JOIN_SQUEEZE, JOIN_BIND } JoinKind;

typedef struct JoinData {
    const Pattern *outer;
    PatBindFn fn;
    const void *env;
    JoinKind kind;
} JoinData;

/* squeeze: the inner pattern's cycle 0..1 is fitted to whole w (Strudel's
 * focusSpan: early(sam b), fast(1/(e-b)), late(b)), then queried over the part. */
static bool squeeze_inner(PatCtx *ctx, const Pattern *inner, Span w, Span part)
{
    Rat dur = rat_sub(w.end, w.begin);
    Rat sam = rat_floor(w.begin);
    Rat q_b = rat_add(rat_div(rat_sub(part.begin, w.begin), dur), sam);
    Rat q_e = rat_add(rat_div(rat_sub(part.end, w.begin), dur), sam);
    if (!rat_ok(q_b) || !rat_ok(q_e)) return pat_fail_rat(ctx, rat_ok(q_b) ? q_e : q_b);
    size_t base = ctx->n;
    if (!pat_sub_query(ctx, inner, span_make(q_b, q_e))) return false;
    /* t -> (t - sam) * dur + w.begin */
    return pat_map_times(ctx, base, dur, rat_sub(w.begin, rat_mul(sam, dur)));
}

static void join_query(const Pattern *self, PatCtx *ctx, Span span)
{
    const JoinData *d = self->data;
    size_t base = ctx->n;
    if (!pat_sub_query(ctx, d->outer, span)) return;
    size_t mid = ctx->n;
    for (size_t i = base; i < mid; i++) {
        PatEvent o = ctx->ev[i];
        if (d->kind == JOIN_SQUEEZE && !o.has_whole) continue; /* discreteOnly */
        const Pattern *inner = d->fn(ctx, o.value, d->env);
        if (!inner) {
            if (ctx->err.status == PH_OK) pat_fail(ctx, PH_ERR_NOMEM, "out of memory building a pattern");
            return;
        }
        size_t r0 = ctx->n;
        if (d->kind == JOIN_SQUEEZE) {
            if (!squeeze_inner(ctx, inner, o.whole, o.part)) return;
        } else if (!pat_sub_query(ctx, inner, o.part)) {
            return;
        }
        if (d->kind == JOIN_INNER) continue; /* inner events are kept as they are */
        size_t w = r0;
        for (size_t k = r0; k < ctx->n; k++) {
            PatEvent e = ctx->ev[k];
            switch (d->kind) {
            case JOIN_OUTER:
                e.whole = o.whole;
                e.has_whole = o.has_whole;
                break;
            case JOIN_BIND:
                if (e.has_whole && o.has_whole) {
                    if (!span_intersect(o.whole, e.whole, &e.whole)) {
                        pat_fail(ctx, PH_ERR_TYPE, "TimeSpans do not intersect");
                        return;
                    }
                } else {
                    e.has_whole = false;
                }
                break;
            case JOIN_SQUEEZE:
                if (e.has_whole && !span_intersect(e.whole, o.whole, &e.whole)) continue;
                if (!span_intersect(e.part, o.part, &e.part)) continue;
                break;
            case JOIN_INNER: break;
            }
            ctx->ev[w++] = e;
        }
        ctx->n = w;
    }
    pat_collapse(ctx, base, mid);
}

static const Pattern *make_join(Arena *a, const Pattern *outer, PatBindFn fn, const void *env, JoinKind kind)
{
    if (!outer) return NULL;
    JoinData *d = ARENA_NEW(a, JoinData);
    if (!d) return NULL;
    *d = (JoinData){ outer, fn, env, kind };
    return pat_new(a, join_query, d);
}

const Pattern *pat_inner_bind(Arena *a, const Pattern *outer, PatBindFn fn, const void *env)
{
    return make_join(a, outer, fn, env, JOIN_INNER);
}

const Pattern *pat_outer_bind(Arena *a, const Pattern *outer, PatBindFn fn, const void *env)
{
    return make_join(a, outer, fn, env, JOIN_OUTER);
}

const Pattern *pat_squeeze_bind(Arena *a, const Pattern *outer, PatBindFn fn, const void *env)
{
    return make_join(a, outer, fn, env, JOIN_SQUEEZE);
}

const Pattern *pat_bind(Arena *a, const Pattern *outer, PatBindFn fn, const void *env)
{
    return make_join(a, outer, fn, env, JOIN_BIND);
}

/* ---- patternify --------------------------------------------------------------------- */

typedef struct PfyData {
    PatBuildFn build;
    const void *env;
    size_t nargs;
    const Pattern *args[PAT_MAX_ARGS];
    const Pattern *pat;
} PfyData;

/* Level k of the appLeft chain: args[k] is queried over the first argument's
 * whole (or, for a continuous one, the intersected part so far); each meeting
 * event narrows the part. At the last level the built pattern is queried
 * over the combined part (the innerJoin). */
static bool pfy_level(const PfyData *d, PatCtx *ctx, size_t k, const PatEvent *first, Span part, Value *vals)
{
    if (k == d->nargs) {
        const Pattern *p = d->build(ctx->scratch, vals, d->pat, d->env, &ctx->err);
        if (!p) {
            if (ctx->err.status == PH_OK) pat_fail(ctx, PH_ERR_NOMEM, "out of memory building a pattern");
            return false;
        }
        return pat_sub_query(ctx, p, part);
    }
    Span q = first->has_whole ? first->whole : part;
    size_t r0 = ctx->n;
    if (!pat_sub_query(ctx, d->args[k], q)) return false;
    size_t r1 = ctx->n;
    for (size_t j = r0; j < r1; j++) {
        PatEvent e = ctx->ev[j];
        Span np;
        if (!span_intersect(part, e.part, &np)) continue;
        vals[k] = e.value;
        if (!pfy_level(d, ctx, k + 1, first, np, vals)) return false;
    }
    pat_collapse(ctx, r0, r1);
    return true;
}

static void pfy_query(const Pattern *self, PatCtx *ctx, Span span)
{
    const PfyData *d = self->data;
    Value vals[PAT_MAX_ARGS];
    size_t base = ctx->n;
    if (!pat_sub_query(ctx, d->args[0], span)) return;
    size_t mid = ctx->n;
    for (size_t i = base; i < mid; i++) {
        PatEvent first = ctx->ev[i];
        vals[0] = first.value;
        if (!pfy_level(d, ctx, 1, &first, first.part, vals)) return;
    }
    pat_collapse(ctx, base, mid);
}

const Pattern *pat_patternify(Arena *a, PatBuildFn build, const void *env, size_t nargs,
                              const Pattern *const *args, const Pattern *p, PatErr *err)
{
    if (!p || nargs == 0 || nargs > PAT_MAX_ARGS) {
        pat_err_set(err, p ? PH_ERR_ARG : PH_ERR_NOMEM, p ? "bad argument count" : "out of memory");
        return NULL;
    }
    bool all_pure = true;
    for (size_t i = 0; i < nargs; i++) {
        if (!args[i]) {
            pat_err_set(err, PH_ERR_NOMEM, "out of memory");
            return NULL;
        }
        if (!args[i]->pure) all_pure = false;
    }
    if (all_pure) {
        Value vals[PAT_MAX_ARGS];
        for (size_t i = 0; i < nargs; i++) vals[i] = *args[i]->pure;
        const Pattern *r = build(a, vals, p, env, err);
        if (!r && err->status == PH_OK) pat_err_set(err, PH_ERR_NOMEM, "out of memory");
        return r;
    }
    PfyData *d = ARENA_NEW(a, PfyData);
    Pattern *r = d ? pat_new(a, pfy_query, d) : NULL;
    if (!r) {
        pat_err_set(err, PH_ERR_NOMEM, "out of memory");
        return NULL;
    }
    d->build = build;
    d->env = env;
    d->nargs = nargs;
    for (size_t i = 0; i < nargs; i++) d->args[i] = args[i];
    d->pat = p;
    return r;
}
