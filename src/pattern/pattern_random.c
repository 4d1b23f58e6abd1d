/* pattern_random.c - random structure with Strudel's time-seeded rand:
 * degradeBy (mini `?`) and the per-cycle random choice (mini `|`). */
#include "pattern/pattern.h"

#include <math.h>

#include "pattern/rand.h"

typedef struct DegradeData {
    const Pattern *child;
    double amount;
    Rat offset;
} DegradeData;

/* Strudel: p.fmap(a => _ => a).appLeft(rand.early(o).filterValues(v => v > x)).
 * rand queried over an event's whole is one continuous sample at
 * whole.begin + o whose part is the whole itself, so appLeft keeps the event
 * unchanged when the sample passes - unless the event's part does not
 * intersect its own whole (a zero-width part at the whole's end). */
static void degrade_query(const Pattern *self, PatCtx *ctx, Span span)
{
    const DegradeData *d = self->data;
    size_t base = ctx->n;
    if (!pat_sub_query(ctx, d->child, span)) return;
    size_t w = base;
    for (size_t i = base; i < ctx->n; i++) {
        PatEvent e = ctx->ev[i];
        Span wop = pat_event_whole_or_part(&e), part;
        Rat t = rat_add(wop.begin, d->offset);
        if (!rat_ok(t)) {
            pat_fail_rat(ctx, t);
            return;
        }
        if (!(rand_at(t) > d->amount)) continue;
        if (!span_intersect(e.part, wop, &part)) continue;
        e.part = part;
        ctx->ev[w++] = e;
    }
    ctx->n = w;
}

const Pattern *pat_degrade_by(Arena *a, const Pattern *p, double amount, Rat rand_offset)
{
    if (!p) return NULL;
    DegradeData *d = ARENA_NEW(a, DegradeData);
    if (!d) return NULL;
    d->child = p;
    d->amount = amount;
    d->offset = rand_offset;
    return pat_new(a, degrade_query, d);
}

static bool rand_signal(PatCtx *ctx, Rat t, Value *out, const void *env)
{
    (void)ctx;
    (void)env;
    *out = val_num(rand_at(t));
    return true;
}

const Pattern *pat_rand(Arena *a) { return pat_signal(a, rand_signal, NULL); }

typedef struct ChooseData {
    Rat offset;
    size_t n;
    const Pattern *pats[];
} ChooseData;

/* Strudel: chooseInWith(rand.early(o).segment(1), pats): one sample per
 * cycle c at c + o, scaled by n (as a double, then floored and clamped), and
 * the chosen pattern queried over the cycle's piece of the span (innerJoin). */
static void choose_query(const Pattern *self, PatCtx *ctx, Span span)
{
    const ChooseData *d = self->data;
    PatCycleIter it;
    Span piece;
    pat_cycles_init(&it, span);
    while (pat_cycles_next(ctx, &it, &piece)) {
        Rat t = rat_add(rat_floor(piece.begin), d->offset);
        if (!rat_ok(t)) {
            pat_fail_rat(ctx, t);
            return;
        }
        double x = floor(rand_at(t) * (double)d->n + 0);
        size_t i = x < 0 ? 0 : x > (double)(d->n - 1) ? d->n - 1 : (size_t)x;
        if (!pat_sub_query(ctx, d->pats[i], piece)) return;
    }
}

const Pattern *pat_choose_cycle(Arena *a, const Pattern *const *pats, size_t n, Rat rand_offset)
{
    if (n == 0) return pat_silence();
    ChooseData *d = arena_alloc(a, sizeof(ChooseData) + n * sizeof(Pattern *));
    if (!d) return NULL;
    d->offset = rand_offset;
    d->n = n;
    for (size_t i = 0; i < n; i++) {
        if (!pats[i]) return NULL;
        d->pats[i] = pats[i];
    }
    return pat_new(a, choose_query, d);
}
