/* transform_sample_slice.c - slice and splice: play slices of a sample chosen
 * by an index pattern.
 *
 * Strudel 1.2.6 (pattern.mjs), with no auto-patternification:
 *   slice(npat, ipat, opat) = npat.innerBind(n => ipat.outerBind(i =>
 *     opat.outerBind(o => pure({begin, end, _slices: n, ...o}))))
 * so the structure comes from the index pattern (wholes of ipat), the parts
 * are cut where the subject or the cycle changes, and the subject's keys
 * win over begin / end / _slices. begin = i/n and end = (i+1)/n (doubles);
 * a list n (`"0:0.25:0.5"`) gives begin = n[i], end = n[i+1], undefined
 * (omitted) outside the list. A plain subject value o becomes {s: o} (a
 * list `a:b` is an object to JS: {"0": a, "1": b}).
 *   splice = slice, then each event gets speed = (1/_slices) / (whole
 *   duration in cycles) and unit "c", under the event's own keys (so an
 *   existing speed or unit wins), cps taken as 1. */
#include "pattern/transform_b.h"

typedef struct SliceKeys {
    const ValStr *begin, *end, *slices, *s;
} SliceKeys;

typedef struct SliceEnv {
    const Pattern *ipat, *opat;
    const SliceKeys *keys;
} SliceEnv;

/* The env of the inner binds: the plain n (and i) values so far. */
typedef struct SliceVals {
    const SliceEnv *env;
    Value n, i;
} SliceVals;

/* n[i] for a list n: defined only for a whole index inside the list. */
static Value list_at(const ValList *l, double i)
{
    if (!(i >= 0 && i < (double)l->n && i == (double)(uint32_t)i)) return val_undef();
    return l->items[(uint32_t)i];
}

static const Pattern *slice_o(PatCtx *ctx, Value o, const void *envp)
{
    const SliceVals *sv = envp;
    const SliceKeys *k = sv->env->keys;
    double i = val_to_number(sv->i);
    Value b, e;
    if (sv->n.kind == VAL_LIST) {
        b = list_at(sv->n.u.list, i);
        e = list_at(sv->n.u.list, i + 1);
    } else {
        double n = val_to_number(sv->n);
        b = val_num(i / n);
        e = val_num((i + 1) / n);
    }
    ValMapEntry ent[3] = { { k->begin, b }, { k->end, e }, { k->slices, sv->n } };
    const ValMap *m = val_map_make(ctx->scratch, ent, 3), *obj;
    if (m && patb_as_object(ctx->scratch, o, &obj)) {
        m = obj ? val_map_union(ctx->scratch, m, obj) : NULL;
    } else if (m) {
        ValMapEntry s = { k->s, o };
        const ValMap *so = val_map_make(ctx->scratch, &s, 1);
        m = so ? val_map_union(ctx->scratch, m, so) : NULL;
    }
    const Pattern *r = m ? pat_pure(ctx->scratch, val_map(m)) : NULL;
    if (!r) pat_fail(ctx, PH_ERR_NOMEM, "out of memory");
    return r;
}

static const Pattern *slice_i(PatCtx *ctx, Value i, const void *envp)
{
    const SliceVals *outer = envp;
    SliceVals *sv = ARENA_NEW(ctx->scratch, SliceVals);
    if (!sv) return pat_fail(ctx, PH_ERR_NOMEM, "out of memory"), NULL;
    *sv = (SliceVals){ outer->env, outer->n, i };
    const Pattern *r = pat_outer_bind(ctx->scratch, outer->env->opat, slice_o, sv);
    if (!r) pat_fail(ctx, PH_ERR_NOMEM, "out of memory");
    return r;
}

static const Pattern *slice_n(PatCtx *ctx, Value n, const void *envp)
{
    SliceVals *sv = ARENA_NEW(ctx->scratch, SliceVals);
    if (!sv) return pat_fail(ctx, PH_ERR_NOMEM, "out of memory"), NULL;
    *sv = (SliceVals){ envp, n, val_undef() };
    const Pattern *r = pat_outer_bind(ctx->scratch, sv->env->ipat, slice_i, sv);
    if (!r) pat_fail(ctx, PH_ERR_NOMEM, "out of memory");
    return r;
}

static const Pattern *slice_of(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    SliceEnv *env = ARENA_NEW(a, SliceEnv);
    SliceKeys *k = ARENA_NEW(a, SliceKeys);
    if (!env || !k) return patx_check(NULL, err);
    *k = (SliceKeys){ patb_key(a, "begin"), patb_key(a, "end"), patb_key(a, "_slices"), patb_key(a, "s") };
    if (!k->begin || !k->end || !k->slices || !k->s) return patx_check(NULL, err);
    *env = (SliceEnv){ args[1].u.pat, p, k };
    return patx_check(pat_inner_bind(a, args[0].u.pat, slice_n, env), err);
}

const Pattern *patb_apply_slice(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return slice_of(a, args, p, err);
}

/* ---- splice ---------------------------------------------------------------------------------- */

typedef struct SpliceData {
    const Pattern *sliced;
    const ValStr *speed, *unit;
    Value c; /* "c" */
} SpliceData;

static void splice_query(const Pattern *self, PatCtx *ctx, Span span)
{
    const SpliceData *d = self->data;
    size_t base = ctx->n;
    if (!pat_sub_query(ctx, d->sliced, span)) return;
    for (size_t i = base; i < ctx->n; i++) {
        PatEvent *e = &ctx->ev[i];
        if (!e->has_whole) {
            pat_fail(ctx, PH_ERR_TYPE, "splice: an event without a whole has no duration");
            return;
        }
        const ValMap *v = e->value.u.map; /* slice always gives maps */
        bool has;
        double slices = patb_map_num(v, "_slices", &has);
        double dur = rat_to_double(rat_sub(e->whole.end, e->whole.begin));
        ValMapEntry ent[2] = { { d->speed, val_num(1.0 / slices / dur) }, { d->unit, d->c } };
        const ValMap *base_map = val_map_make(ctx->scratch, ent, 2);
        const ValMap *m = base_map ? val_map_union(ctx->scratch, base_map, v) : NULL; /* {speed, unit, ...v} */
        if (!m) {
            pat_fail(ctx, PH_ERR_NOMEM, "out of memory");
            return;
        }
        e->value = val_map(m);
    }
}

const Pattern *patb_apply_splice(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    const Pattern *sliced = slice_of(a, args, p, err);
    if (!sliced) return NULL;
    SpliceData *d = ARENA_NEW(a, SpliceData);
    const ValStr *c = patb_key(a, "c");
    if (!d || !c) return patx_check(NULL, err);
    *d = (SpliceData){ sliced, patb_key(a, "speed"), patb_key(a, "unit"), val_str(c) };
    if (!d->speed || !d->unit) return patx_check(NULL, err);
    return patx_check(pat_new(a, splice_query, d), err);
}
