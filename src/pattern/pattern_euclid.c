/* pattern_euclid.c - boolean step structures: struct over a list of
 * booleans, and Euclidean rhythms with the Bjorklund algorithm of Strudel's
 * euclid.mjs (a port of Rohan Drape's), rotation to the right. */
#include "pattern/pattern.h"

#include <math.h>
#include <string.h>

typedef struct BoolsData {
    size_t n;
    const Pattern *child;
    uint8_t steps[];
} BoolsData;

/* Strudel: struct(list) = fastcat(pure(b0), pure(b1), ...).keepif.out(p).
 * Step c of the sped-up time has whole [c/n, (c+1)/n); each step queries p
 * over that whole; a true step keeps p's values, cut to the step's part.
 * False steps keep nothing, but p is still queried there, as in Strudel:
 * if that query fails (e.g. `bd(<3 5>,4)` inside), the whole query does. */
static void bools_query(const Pattern *self, PatCtx *ctx, Span span)
{
    const BoolsData *d = self->data;
    Rat n = rat_int((int64_t)d->n);
    Rat inv = rat_make(1, (int64_t)d->n);
    PatCycleIter it;
    Span piece;
    pat_cycles_init(&it, span_make(rat_mul(span.begin, n), rat_mul(span.end, n)));
    while (pat_cycles_next(ctx, &it, &piece)) {
        Rat c = rat_floor(piece.begin);
        int64_t idx = c.num % (int64_t)d->n;
        if (idx < 0) idx += (int64_t)d->n;
        Span whole = span_make(rat_mul(c, inv), rat_mul(rat_next_sam(c), inv));
        Span part = span_make(rat_mul(piece.begin, inv), rat_mul(piece.end, inv));
        size_t r0 = ctx->n;
        if (!pat_sub_query(ctx, d->child, whole)) return;
        size_t w = r0;
        for (size_t k = r0; d->steps[idx] && k < ctx->n; k++) {
            PatEvent e = ctx->ev[k];
            if (e.value.kind == VAL_UNDEF || !span_intersect(e.part, part, &e.part)) continue;
            e.whole = whole;
            e.has_whole = true;
            ctx->ev[w++] = e;
        }
        ctx->n = w;
        if (!pat_check_times(ctx, r0)) return;
    }
}

const Pattern *pat_struct_bools(Arena *a, const uint8_t *steps, size_t n, const Pattern *p)
{
    if (!p) return NULL;
    if (n == 0) return pat_silence(); /* fastcat() of nothing */
    BoolsData *d = arena_alloc(a, sizeof(BoolsData) + n);
    if (!d) return NULL;
    d->n = n;
    d->child = p;
    for (size_t i = 0; i < n; i++) d->steps[i] = steps[i] ? 1 : 0;
    return pat_new(a, bools_query, d);
}

/* JS Array(len) accepts only integers 0 .. 2^32-1. */
static bool js_array_length_ok(double x) { return x >= 0 && x <= 4294967295.0 && floor(x) == x; }

long pat_bjorklund(Arena *arena, Value pulses, Value steps, uint8_t **out, PatErr *err)
{
    double ons = val_to_number(pulses);
    bool inverted = ons < 0;
    double abs_ons = fabs(ons);
    if (!js_array_length_ok(abs_ons)) {
        pat_err_set(err, PH_ERR_TYPE, "Invalid array length");
        return -1;
    }
    double offs_d = val_to_number(steps) - abs_ons;
    if (!js_array_length_ok(offs_d)) {
        pat_err_set(err, PH_ERR_TYPE, "Invalid array length");
        return -1;
    }
    double total = abs_ons + offs_d;
    if (total > PAT_MAX_EUCLID_STEPS) {
        pat_err_set(err, PH_ERR_LIMIT, "Euclidean rhythm with %.0f steps (limit %d)", total, PAT_MAX_EUCLID_STEPS);
        return -1;
    }
    size_t n = (size_t)total;
    uint8_t *res = arena_alloc(arena, 4 * (n + 1));
    if (!res) {
        pat_err_set(err, PH_ERR_NOMEM, "out of memory");
        return -1;
    }
    /* In Drape's algorithm all elements of each of the two groups are equal,
     * so a group is one sequence (a or b) plus a count. A "left" step makes
     * (a+b, a) with counts (offs, ons-offs); a "right" step makes (a+b, b)
     * with counts (ons, offs-ons); it stops when a count is <= 1. Each
     * sequence is at most n long, so three work buffers of n+1 suffice. */
    uint8_t *a = res + (n + 1), *b = a + (n + 1), *spare = b + (n + 1);
    size_t alen = 1, blen = 1;
    a[0] = 1;
    b[0] = 0;
    size_t on = (size_t)abs_ons, off = (size_t)offs_d;
    while ((on < off ? on : off) > 1) {
        if (on > off) { /* left */
            memcpy(spare, a, alen);
            memcpy(spare + alen, b, blen);
            uint8_t *old_a = a;
            size_t old_alen = alen;
            a = spare;
            alen += blen;
            spare = b;
            b = old_a;
            blen = old_alen;
            size_t t = on - off;
            on = off;
            off = t;
        } else { /* right: a grows in place by b */
            memcpy(a + alen, b, blen);
            alen += blen;
            off -= on;
        }
    }
    size_t k = 0;
    for (size_t i = 0; i < on; i++, k += alen) memcpy(res + k, a, alen);
    for (size_t i = 0; i < off; i++, k += blen) memcpy(res + k, b, blen);
    if (inverted)
        for (size_t i = 0; i < n; i++) res[i] = (uint8_t)(1 - res[i]);
    *out = res;
    return (long)n;
}

/* JS ToIntegerOrInfinity then the slice() index clamp, for slice(-r). */
static size_t rot_index(double r, size_t len)
{
    double rel = -r;
    if (isnan(rel)) rel = 0;
    rel = trunc(rel);
    if (rel < 0) return rel + (double)len < 0 ? 0 : (size_t)(rel + (double)len);
    return rel > (double)len ? len : (size_t)rel;
}

const Pattern *pat_euclid(Arena *a, Value pulses, Value steps, Value rot, const Pattern *p, PatErr *err)
{
    uint8_t *bits;
    long n = pat_bjorklund(a, pulses, steps, &bits, err);
    if (n < 0) return NULL;
    /* rotate(b, -r) = b.slice(-r).concat(b.slice(0, -r)): right by r, no wrap-around;
     * the result goes to the spare room after the bits (4*(n+1) were allocated) */
    uint8_t *rotated = bits + n + 1;
    size_t k = val_truthy(rot) ? rot_index(val_to_number(rot), (size_t)n) : 0;
    memcpy(rotated, bits + k, (size_t)n - k);
    memcpy(rotated + (size_t)n - k, bits, k);
    const Pattern *r = pat_struct_bools(a, rotated, (size_t)n, p);
    if (!r) pat_err_set(err, PH_ERR_NOMEM, "out of memory");
    return r;
}
