/* mini_build.c - mini-notation AST to Pattern, as Strudel's mini.mjs
 * (patternifyAST / applyOptions) builds it; plus mini_parse(), the entry
 * point that runs the three stages.
 *
 * The JS quirks that change events are kept on purpose: weights are JS
 * numbers converted by fraction.js, a weight of 0 counts as 1, the ops
 * inside Euclid arguments are ignored (`bd(3?,8)` is `bd(3,8)`), and a
 * sequence whose weights are all 0 has no weight for `< >` and `{ }`. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/jsnum.h"
#include "core/utf8.h"
#include "pattern/mini.h"
#include "pattern/mini_ast.h"

typedef struct Builder {
    Arena *a;
    MiniResult *out;
    PatErr err;
} Builder;

/* Records err (or OOM) at a position of the quoted source; returns NULL. */
static const Pattern *fail(Builder *b, size_t qoff)
{
    MiniResult *o = b->out;
    if (o->status != PH_OK) return NULL;
    if (b->err.status == PH_OK) pat_err_set(&b->err, PH_ERR_NOMEM, "out of memory building a pattern");
    o->status = b->err.status;
    o->err_offset = qoff ? qoff - 1 : 0;
    o->err_length = 1;
    snprintf(o->err_msg, sizeof o->err_msg, "%s", b->err.msg);
    return NULL;
}

static const Pattern *build_node(Builder *b, const MiniNode *n, Rat *weight, bool *has_weight);

static bool js_truthy_number(double x) { return x != 0 && !isnan(x); }

/* ---- query-time helpers for `:` `..` and `{ }` ------------------------------------ */

/* a:b appends b to a's list, or makes [a, b]. */
static int tail_fn(PatCtx *ctx, Value a, Value b, Value *out, const void *env)
{
    (void)env;
    const ValList *l;
    if (a.kind == VAL_LIST) {
        l = val_list_append(ctx->scratch, a.u.list, b);
    } else {
        Value two[2] = { a, b };
        l = val_list_make(ctx->scratch, two, 2);
    }
    if (!l) return pat_fail(ctx, PH_ERR_NOMEM, "out of memory"), -1;
    *out = val_list(l);
    return 1;
}

/* fastcat of the numbers start, start±1, ... (len of them) */
typedef struct RangeData {
    double start;
    int64_t len;
    bool up;
} RangeData;

static void range_query(const Pattern *self, PatCtx *ctx, Span span)
{
    const RangeData *d = self->data;
    Rat n = rat_int(d->len), inv = rat_make(1, d->len);
    PatCycleIter it;
    Span piece;
    pat_cycles_init(&it, span_make(rat_mul(span.begin, n), rat_mul(span.end, n)));
    while (pat_cycles_next(ctx, &it, &piece)) {
        Rat c = rat_floor(piece.begin);
        int64_t i = c.num % d->len;
        if (i < 0) i += d->len;
        double v = d->up ? d->start + (double)i : d->start - (double)i;
        PatEvent e = { .whole = span_make(rat_mul(c, inv), rat_mul(rat_next_sam(c), inv)),
                       .part = span_make(rat_mul(piece.begin, inv), rat_mul(piece.end, inv)),
                       .value = val_num(v),
                       .has_whole = true };
        if (!pat_push(ctx, &e)) return;
    }
}

/* b => fastcat(...arrayRange(a, b)); env is a */
static const Pattern *range_inner(PatCtx *ctx, Value bv, const void *env)
{
    const Value *av = env;
    double start = val_to_number(*av), stop = val_to_number(bv);
    double len = fabs(stop - start) + 1; /* Array.from({length}) applies ToLength */
    if (isnan(len) || len < 1) return pat_silence();
    if (len > 9007199254740991.0) len = 9007199254740991.0;
    RangeData *d = ARENA_NEW(ctx->scratch, RangeData);
    if (!d) return NULL;
    d->start = start;
    d->len = (int64_t)floor(len);
    d->up = start < stop;
    return pat_new(ctx->scratch, range_query, d);
}

/* a => friend.bind(b => range(a, b)); env is friend */
static const Pattern *range_outer(PatCtx *ctx, Value a, const void *env)
{
    Value *av = ARENA_NEW(ctx->scratch, Value);
    if (!av) return NULL;
    *av = a;
    return pat_bind(ctx->scratch, env, range_inner, av);
}

typedef struct PolyLayer {
    const Pattern *child;
    Rat weight;
    bool has_weight;
} PolyLayer;

/* steps => child.fast(Fraction(steps) / weight) */
static const Pattern *poly_layer(PatCtx *ctx, Value steps, const void *env)
{
    const PolyLayer *l = env;
    Rat x = val_to_rat(steps);
    if (!rat_ok(x)) return pat_fail_rat(ctx, x), NULL;
    Rat f = l->has_weight ? rat_div(x, l->weight) : rat_invalid(RAT_ERR_DIV_ZERO);
    if (!rat_ok(f)) return pat_fail_rat(ctx, f), NULL;
    return pat_fast(ctx->scratch, f, l->child);
}

static const Pattern *build_euclid2(Arena *a, const Value *v, const Pattern *p, const void *env, PatErr *err)
{
    (void)env;
    return pat_euclid(a, v[0], v[1], val_undef(), p, err);
}

static const Pattern *build_euclid3(Arena *a, const Value *v, const Pattern *p, const void *env, PatErr *err)
{
    (void)env;
    return pat_euclid(a, v[0], v[1], v[2], p, err);
}

/* ---- elements and their operators ---------------------------------------------------- */

static Rat seed_offset(int seed) { return rat_from_double(0.0003 * seed); } /* mini.mjs randOffset * seed */

static const Pattern *apply_op(Builder *b, const MiniOp *op, const Pattern *pat)
{
    Arena *a = b->a;
    const Pattern *arg = NULL, *r = NULL;
    if (op->arg && !(arg = build_node(b, op->arg, NULL, NULL))) return NULL;
    switch (op->kind) {
    case MINI_OP_FAST: r = pat_fast_pat(a, arg, pat, &b->err); break;
    case MINI_OP_SLOW: r = pat_slow_pat(a, arg, pat, &b->err); break;
    case MINI_OP_REPLICATE: { /* pat._repeatCycles(n)._fast(n) */
        if (op->amount == 0) return pat_silence();
        Rat n = rat_from_double(op->amount);
        if (!rat_ok(n)) {
            pat_err_rat(&b->err, n);
            break;
        }
        r = pat_fast(a, n, pat_repeat_cycles(a, n, pat));
        break;
    }
    case MINI_OP_EUCLID: {
        const Pattern *args[3];
        size_t nargs = op->euclid[2] ? 3 : 2;
        for (size_t i = 0; i < nargs; i++) /* enter(element) ignores the element's own ops */
            if (!(args[i] = build_node(b, op->euclid[i]->slice, NULL, NULL))) return NULL;
        r = pat_patternify(a, nargs == 3 ? build_euclid3 : build_euclid2, NULL, nargs, args, pat, &b->err);
        break;
    }
    case MINI_OP_DEGRADE: {
        Rat off = seed_offset(op->seed);
        if (!rat_ok(off)) {
            pat_err_rat(&b->err, off);
            break;
        }
        r = pat_degrade_by(a, pat, op->has_amount ? op->amount : 0.5, off);
        break;
    }
    case MINI_OP_TAIL: r = pat_app_left(a, pat, arg, tail_fn, NULL); break;
    case MINI_OP_RANGE: r = pat_squeeze_bind(a, pat, range_outer, arg); break;
    }
    if (!r) return fail(b, op->offset);
    return r;
}

static const Pattern *build_elem(Builder *b, const MiniElem *e)
{
    const Pattern *pat = build_node(b, e->slice, NULL, NULL);
    for (size_t i = 0; pat && i < e->nops; i++) pat = apply_op(b, &e->ops[i], pat);
    return pat;
}

/* ---- nodes ------------------------------------------------------------------------------- */

static const Pattern *build_atom(Builder *b, const MiniNode *n)
{
    if (n->len == 1 && (n->text[0] == '~' || n->text[0] == '-')) return pat_silence();
    double x;
    Value v;
    if (js_parse_number(n->text, n->len, &x)) {
        v = val_num(x);
    } else {
        const ValStr *s = val_str_make(b->a, n->text, n->len);
        if (!s) return fail(b, n->offset);
        v = val_str(s);
    }
    const Pattern *p = pat_pure(b->a, v);
    return p ? p : fail(b, n->offset);
}

/* A sequence: timeCat over the weights when any weight is truthy (always,
 * unless every element has weight 0), else a plain fastcat. *weight is
 * Strudel's __weight, used by < > and { }. */
static const Pattern *build_seq(Builder *b, const MiniNode *n, Rat *weight, bool *has_weight)
{
    const Pattern **pats = arena_alloc(b->a, n->nelems * sizeof *pats);
    Rat *weights = arena_alloc(b->a, n->nelems * sizeof *weights);
    if (!pats || !weights) return fail(b, n->offset);
    bool weighted = false;
    for (size_t i = 0; i < n->nelems; i++) {
        if (!(pats[i] = build_elem(b, n->elems[i]))) return NULL;
        if (js_truthy_number(n->elems[i]->weight)) weighted = true;
    }
    if (!weighted) {
        if (has_weight) *has_weight = false;
        const Pattern *p = pat_fastcat(b->a, pats, n->nelems);
        return p ? p : fail(b, n->offset);
    }
    Rat sum = rat_int(0);
    for (size_t i = 0; i < n->nelems; i++) {
        double w = n->elems[i]->weight;
        weights[i] = js_truthy_number(w) ? rat_from_double(w) : rat_int(1);
        sum = rat_add(sum, weights[i]);
        if (!rat_ok(weights[i]) || !rat_ok(sum)) {
            pat_err_rat(&b->err, rat_ok(weights[i]) ? sum : weights[i]);
            return fail(b, n->elems[i]->offset);
        }
    }
    if (weight) *weight = sum;
    if (has_weight) *has_weight = true;
    const Pattern *p = pat_timecat(b->a, weights, pats, n->nelems, &b->err);
    return p ? p : fail(b, n->offset);
}

static const Pattern *build_group(Builder *b, const MiniNode *n)
{
    const Pattern **kids = arena_alloc(b->a, n->nkids * sizeof *kids);
    Rat *w = arena_alloc(b->a, n->nkids * sizeof *w);
    bool *hw = arena_alloc(b->a, n->nkids * sizeof *hw);
    if (!kids || !w || !hw) return fail(b, n->offset);
    for (size_t i = 0; i < n->nkids; i++)
        if (!(kids[i] = build_seq(b, n->kids[i], &w[i], &hw[i]))) return NULL;
    const Pattern *r = NULL;
    switch (n->kind) {
    case MINI_STACK: r = pat_stack(b->a, kids, n->nkids); break;
    case MINI_FEET: r = pat_fastcat(b->a, kids, n->nkids); break;
    case MINI_RAND: {
        Rat off = seed_offset(n->seed);
        if (!rat_ok(off)) {
            pat_err_rat(&b->err, off);
            break;
        }
        r = pat_choose_cycle(b->a, kids, n->nkids, off);
        break;
    }
    case MINI_SLOWCAT: /* stack of each layer slowed by its weight */
        for (size_t i = 0; i < n->nkids; i++) {
            Rat inv = hw[i] ? rat_div(rat_int(1), w[i]) : rat_invalid(RAT_ERR_DIV_ZERO);
            if (!rat_ok(inv)) {
                pat_err_rat(&b->err, inv);
                return fail(b, n->offset);
            }
            if (!(kids[i] = pat_fast(b->a, inv, kids[i]))) return fail(b, n->offset);
        }
        r = pat_stack(b->a, kids, n->nkids);
        break;
    case MINI_POLY: { /* each layer sped up by steps / its weight; steps default to layer 0's weight */
        const Pattern *steps;
        if (n->steps) steps = build_node(b, n->steps, NULL, NULL);
        else steps = pat_pure(b->a, val_rat(b->a, hw[0] ? w[0] : rat_int(0)));
        if (!steps) return n->steps ? NULL : fail(b, n->offset);
        for (size_t i = 0; i < n->nkids; i++) {
            PolyLayer *l = ARENA_NEW(b->a, PolyLayer);
            if (!l) return fail(b, n->offset);
            *l = (PolyLayer){ kids[i], w[i], hw[i] };
            if (!(kids[i] = pat_inner_bind(b->a, steps, poly_layer, l))) return fail(b, n->offset);
        }
        r = pat_stack(b->a, kids, n->nkids);
        break;
    }
    default: break;
    }
    return r ? r : fail(b, n->offset);
}

static const Pattern *build_node(Builder *b, const MiniNode *n, Rat *weight, bool *has_weight)
{
    if (has_weight) *has_weight = false;
    switch (n->kind) {
    case MINI_ATOM: return build_atom(b, n);
    case MINI_SEQ: return build_seq(b, n, weight, has_weight);
    default: return build_group(b, n);
    }
}

const Pattern *mini_build(const MiniNode *root, Arena *arena, MiniResult *out)
{
    Builder b = { .a = arena, .out = out };
    return build_node(&b, root, NULL, NULL);
}

/* ---- entry point ---------------------------------------------------------------------------- */

PhStatus mini_parse(const char *text, size_t len, Arena *arena, MiniResult *out)
{
    memset(out, 0, sizeof *out);
    out->err_length = 1;
    if (len > MINI_MAX_TEXT) {
        out->status = PH_ERR_LIMIT;
        out->err_offset = MINI_MAX_TEXT;
        snprintf(out->err_msg, sizeof out->err_msg, "mini-notation longer than %d bytes", MINI_MAX_TEXT);
        return out->status;
    }
    size_t bad = utf8_validate(text, len);
    if (bad < len) {
        out->status = PH_ERR_SYNTAX;
        out->err_offset = bad;
        snprintf(out->err_msg, sizeof out->err_msg, "invalid UTF-8 at byte %zu", bad);
        return out->status;
    }
    unsigned char *quoted = arena_alloc(arena, len + 2);
    if (!quoted) {
        out->status = PH_ERR_NOMEM;
        snprintf(out->err_msg, sizeof out->err_msg, "out of memory");
        return out->status;
    }
    quoted[0] = '"';
    memcpy(quoted + 1, text, len);
    quoted[len + 1] = '"';
    MiniNode *ast = mini_parse_ast(quoted, len + 2, arena, out);
    if (!ast) return out->status;
    out->pattern = mini_build(ast, arena, out);
    if (!out->pattern && out->status == PH_OK) {
        out->status = PH_ERR_NOMEM;
        snprintf(out->err_msg, sizeof out->err_msg, "out of memory");
    }
    return out->status;
}
