/* pattern.c - the query context, the event stack, spans, and the elementary
 * patterns (silence, pure, stack). */
#include "pattern/pattern.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- errors ------------------------------------------------------------------ */

void pat_err_setv(PatErr *err, PhStatus st, const char *fmt, va_list ap)
{
    if (!err || err->status != PH_OK) return;
    err->status = st;
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
}

void pat_err_set(PatErr *err, PhStatus st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pat_err_setv(err, st, fmt, ap);
    va_end(ap);
}

bool pat_fail(PatCtx *ctx, PhStatus st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pat_err_setv(&ctx->err, st, fmt, ap);
    va_end(ap);
    return false;
}

void pat_err_rat(PatErr *err, Rat bad)
{
    RatError e = rat_error(bad);
    pat_err_set(err, e == RAT_ERR_OVERFLOW ? PH_ERR_OVERFLOW : PH_ERR_TYPE, "%s", rat_error_name(e));
}

bool pat_fail_rat(PatCtx *ctx, Rat bad)
{
    pat_err_rat(&ctx->err, bad);
    return false;
}

/* ---- spans -------------------------------------------------------------------- */

bool span_intersect(Span a, Span b, Span *out)
{
    Rat lo = rat_max(a.begin, b.begin);
    Rat hi = rat_min(a.end, b.end);
    int c = rat_cmp(lo, hi);
    if (c > 0) return false;
    if (c == 0) {
        /* a point at the end of a non-empty span is outside it (half-open spans) */
        if (rat_eq(lo, a.end) && rat_lt(a.begin, a.end)) return false;
        if (rat_eq(lo, b.end) && rat_lt(b.begin, b.end)) return false;
    }
    out->begin = lo;
    out->end = hi;
    return true;
}

/* ---- context ------------------------------------------------------------------- */

void pat_ctx_init(PatCtx *ctx, Arena *scratch)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->scratch = scratch;
    ctx->max_events = PAT_DEFAULT_MAX_EVENTS;
    ctx->max_work = PAT_DEFAULT_MAX_WORK;
    ctx->max_depth = PAT_MAX_QUERY_DEPTH;
}

bool pat_ctx_reserve(PatCtx *ctx, size_t events)
{
    if (events <= ctx->cap) return true;
    PatEvent *p = realloc(ctx->ev, events * sizeof *p);
    if (!p) return false;
    ctx->ev = p;
    ctx->cap = events;
    return true;
}

void pat_ctx_free(PatCtx *ctx)
{
    free(ctx->ev);
    ctx->ev = NULL;
    ctx->n = ctx->cap = 0;
}

static bool grow(PatCtx *ctx)
{
    if (ctx->n >= ctx->max_events)
        return pat_fail(ctx, PH_ERR_LIMIT, "too many events in one query (limit %zu)", ctx->max_events);
    size_t want = ctx->cap ? ctx->cap * 2 : 256;
    if (want > ctx->max_events) want = ctx->max_events;
    if (!pat_ctx_reserve(ctx, want)) return pat_fail(ctx, PH_ERR_NOMEM, "out of memory for query events");
    return true;
}

static bool span_ok(Span s) { return rat_ok(s.begin) && rat_ok(s.end); }

static bool event_times_ok(PatCtx *ctx, const PatEvent *e)
{
    if (span_ok(e->part) && (!e->has_whole || span_ok(e->whole))) return true;
    Rat bad = !rat_ok(e->part.begin) ? e->part.begin
              : !rat_ok(e->part.end) ? e->part.end
              : !rat_ok(e->whole.begin) ? e->whole.begin
                                         : e->whole.end;
    return pat_fail_rat(ctx, bad);
}

bool pat_push(PatCtx *ctx, const PatEvent *e)
{
    if (ctx->err.status != PH_OK) return false;
    if (!event_times_ok(ctx, e)) return false;
    if (ctx->n == ctx->cap && !grow(ctx)) return false;
    ctx->ev[ctx->n++] = *e;
    return true;
}

void pat_collapse(PatCtx *ctx, size_t base, size_t mid)
{
    if (mid == base) return;
    memmove(&ctx->ev[base], &ctx->ev[mid], (ctx->n - mid) * sizeof(PatEvent));
    ctx->n -= mid - base;
}

bool pat_work(PatCtx *ctx, uint64_t units)
{
    ctx->work += units;
    if (ctx->work > ctx->max_work)
        return pat_fail(ctx, PH_ERR_LIMIT, "query too complex (more than %llu steps)",
                        (unsigned long long)ctx->max_work);
    return true;
}

bool pat_check_times(PatCtx *ctx, size_t from)
{
    for (size_t i = from; i < ctx->n; i++)
        if (!event_times_ok(ctx, &ctx->ev[i])) return false;
    return true;
}

static inline Rat map_time(Rat v, Rat mul, Rat add, bool ident_mul, bool no_add)
{
    if (!ident_mul) v = rat_mul(v, mul);
    if (!no_add) v = rat_add(v, add);
    return v;
}

bool pat_map_times(PatCtx *ctx, size_t from, Rat mul, Rat add)
{
    bool ident_mul = rat_eq(mul, rat_int(1)), no_add = rat_eq(add, rat_int(0));
    for (size_t i = from; i < ctx->n; i++) {
        PatEvent *e = &ctx->ev[i];
        Span part = { map_time(e->part.begin, mul, add, ident_mul, no_add), map_time(e->part.end, mul, add, ident_mul, no_add) };
        if (e->has_whole) { /* a whole equal to its part needs no arithmetic of its own */
            e->whole.begin = rat_eq(e->whole.begin, e->part.begin) ? part.begin
                                                                    : map_time(e->whole.begin, mul, add, ident_mul, no_add);
            e->whole.end = rat_eq(e->whole.end, e->part.end) ? part.end : map_time(e->whole.end, mul, add, ident_mul, no_add);
        }
        e->part = part;
        if (!event_times_ok(ctx, e)) return false;
    }
    return true;
}

bool pat_sub_query(PatCtx *ctx, const Pattern *p, Span span)
{
    if (ctx->err.status != PH_OK) return false;
    if (ctx->depth >= ctx->max_depth)
        return pat_fail(ctx, PH_ERR_LIMIT, "pattern nested too deeply to query (limit %d)", ctx->max_depth);
    if (!pat_work(ctx, 1)) return false;
    ctx->depth++;
    p->query(p, ctx, span);
    ctx->depth--;
    return ctx->err.status == PH_OK;
}

PhStatus pat_query(const Pattern *p, PatCtx *ctx, Span span, const PatEvent **out, size_t *n)
{
    ctx->n = 0;
    ctx->work = 0;
    ctx->depth = 0;
    ctx->err.status = PH_OK;
    ctx->err.msg[0] = '\0';
    if (!span_ok(span)) pat_fail_rat(ctx, rat_ok(span.begin) ? span.end : span.begin);
    else pat_sub_query(ctx, p, span);
    if (ctx->err.status == PH_OK && ctx->scratch && ctx->scratch->failed)
        pat_fail(ctx, PH_ERR_NOMEM, "out of query scratch memory");
    if (ctx->err.status != PH_OK) {
        ctx->n = 0;
        *out = NULL;
        *n = 0;
        return ctx->err.status;
    }
    *out = ctx->ev;
    *n = ctx->n;
    return PH_OK;
}

bool pat_cycles_next(PatCtx *ctx, PatCycleIter *it, Span *piece)
{
    if (it->done) return false;
    if (!rat_ok(it->begin) || !rat_ok(it->end)) {
        it->done = true;
        return pat_fail_rat(ctx, rat_ok(it->begin) ? it->end : it->begin);
    }
    int c = rat_cmp(it->begin, it->end);
    if (c == 0 && !it->started) { /* a zero-width span is its own single piece */
        it->done = true;
        *piece = span_make(it->begin, it->end);
        return pat_work(ctx, 1);
    }
    if (c >= 0) {
        it->done = true;
        return false;
    }
    it->started = true;
    if (!pat_work(ctx, 1)) {
        it->done = true;
        return false;
    }
    Rat next = rat_next_sam(it->begin);
    if (!rat_ok(next)) {
        it->done = true;
        return pat_fail_rat(ctx, next);
    }
    if (rat_ge(next, it->end)) {
        *piece = span_make(it->begin, it->end);
        it->done = true;
    } else {
        *piece = span_make(it->begin, next);
        it->begin = next;
    }
    return true;
}

/* ---- nodes --------------------------------------------------------------------- */

Pattern *pat_new(Arena *a, PatQueryFn query, const void *data)
{
    Pattern *p = ARENA_NEW(a, Pattern);
    if (!p) return NULL;
    p->query = query;
    p->data = data;
    return p;
}

const Pattern *pat_unpure(Arena *a, const Pattern *p)
{
    if (!p || !p->pure) return p;
    return pat_new(a, p->query, p->data);
}

static void silence_query(const Pattern *self, PatCtx *ctx, Span span)
{
    (void)self;
    (void)ctx;
    (void)span;
}

static const Pattern silence_node = { silence_query, NULL, NULL };

const Pattern *pat_silence(void) { return &silence_node; }

static void pure_query(const Pattern *self, PatCtx *ctx, Span span)
{
    PatCycleIter it;
    Span piece;
    pat_cycles_init(&it, span);
    while (pat_cycles_next(ctx, &it, &piece)) {
        Rat sam = rat_floor(piece.begin);
        PatEvent e = { .whole = span_make(sam, rat_next_sam(sam)), .part = piece, .value = *(const Value *)self->data, .has_whole = true };
        if (!pat_push(ctx, &e)) return;
    }
}

const Pattern *pat_pure(Arena *a, Value v)
{
    Value *pv = ARENA_NEW(a, Value);
    Pattern *p = ARENA_NEW(a, Pattern);
    if (!pv || !p) return NULL;
    *pv = v;
    p->query = pure_query;
    p->data = pv; /* the query reads data: an unpure copy keeps working */
    p->pure = pv;
    return p;
}

typedef struct SignalData {
    PatSignalFn fn;
    const void *env;
} SignalData;

static void signal_query(const Pattern *self, PatCtx *ctx, Span span)
{
    const SignalData *d = self->data;
    PatEvent e = { .part = span, .has_whole = false };
    if (!d->fn(ctx, span.begin, &e.value, d->env)) {
        if (ctx->err.status == PH_OK) pat_fail(ctx, PH_ERR_TYPE, "signal function failed");
        return;
    }
    pat_push(ctx, &e);
}

const Pattern *pat_signal(Arena *a, PatSignalFn fn, const void *env)
{
    SignalData *d = ARENA_NEW(a, SignalData);
    if (!d) return NULL;
    d->fn = fn;
    d->env = env;
    return pat_new(a, signal_query, d);
}

typedef struct StackData {
    size_t n;
    const Pattern *pats[];
} StackData;

static void stack_query(const Pattern *self, PatCtx *ctx, Span span)
{
    const StackData *d = self->data;
    for (size_t i = 0; i < d->n; i++)
        if (!pat_sub_query(ctx, d->pats[i], span)) return;
}

const Pattern *pat_stack(Arena *a, const Pattern *const *pats, size_t n)
{
    StackData *d = arena_alloc(a, sizeof(StackData) + n * sizeof(Pattern *));
    if (!d) return NULL;
    d->n = n;
    for (size_t i = 0; i < n; i++) d->pats[i] = pats[i];
    return pat_new(a, stack_query, d);
}
