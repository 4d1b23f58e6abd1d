/* fuzz_transforms_b.c - libFuzzer target for the conditional, layering,
 * random and sample transform families (every ... within, off ... echo,
 * degrade ... scramble, chop ... splice).
 *
 * Byte-level fuzzing (fuzz_pattern_expr) rarely reaches well-typed programs
 * with hostile arguments, so here the input bytes choose an expression from
 * a small grammar instead: a subject, then one to three of these transforms
 * with arguments drawn from edge values (0, negatives, fractions, 2^32 - 1,
 * 1e9, 1e300, strings, rests, patterned and mid-cycle-changing arguments)
 * and function arguments nested up to three deep. The expression is compiled
 * and queried (three cycles, a fractional span, a zero-width span, a
 * negative cycle) with small limits. Nothing may crash, leak or hang; errors
 * are fine. A successful query must return valid times and printable values,
 * and the first query repeated last must give the same events (no hidden
 * state). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/diag.h"
#include "lang/compiler.h"
#include "lang/parser.h"
#include "pattern/pattern.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct Bytes {
    const uint8_t *d;
    size_t n, i;
} Bytes;

static unsigned pick(Bytes *b, unsigned k)
{
    if (b->i >= b->n) return 0;
    return b->d[b->i++] % k;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const SUBJECTS[] = {
    "s \"bd sn\"", "s \"bd*2 [sn cp]\"", "n \"0 1 2\"", "s \"bd sn/2\"", "(s \"bd sn\" # pan 0.3)", "s \"bd? sn\"",
    "(s \"bev\" # begin 0.25 # end 0.75)", "s \"bd(3,8)\"", "\"a b c\"", "saw", "s \"bd*4\" # pan sine",
    "s \"<bd sn>/3 hh\"", "n \"0 .. 7\"", "s \"~\"",
};
static const char *const COUNTS[] = {
    "0", "1", "2", "3", "-1", "2.5", "4294967295", "1e9", "\"<2 3>\"", "\"2 0\"", "\"x\"", "\"~\"", "0.5", "16", "100000",
};
static const char *const AMOUNTS[] = {
    "0", "0.5", "1", "-1", "2", "\"<0 1>\"", "\"0.2 0.8\"", "\"x\"", "0.25", "1e300",
};
static const char *const TIMES[] = {
    "0", "0.25", "-0.5", "1.5", "\"<0.25 0.125>\"", "\"0.125 0.25\"", "1e300", "\"x\"", "0.1", "1000000",
};
static const char *const INDICES[] = {
    "\"0 1\"", "\"<0 3> -1\"", "\"1.5 x\"", "\"0 ~ 1\"", "\"0:1 2\"", "\"[0 1]*3 2\"", "1e9",
};
/* %N count, %X amount, %T time, %F function, %I indices */
static const char *const TRANSFORMS[] = {
    "every %N %F", "firstOf %N %F", "lastOf %N %F", "whenmod %N %N %F", "within %X %X %F", "off %T %F",
    "superimpose %F", "jux %F", "juxBy %X %F", "stut %N %X %T", "echo %N %T %X", "degradeBy %X", "undegradeBy %X",
    "degrade", "undegrade", "sometimesBy %X %F", "sometimes %F", "often %F", "rarely %F", "almostNever %F",
    "almostAlways %F", "always %F", "never %F", "somecyclesBy %X %F", "somecycles %F", "shuffle %N", "scramble %N",
    "chop %N", "striate %N", "slice %N %I", "splice %N %I", "fast %N", "rev", "late %T", "hurry %N",
};

typedef struct Out {
    char buf[2048];
    size_t n;
} Out;

static void put(Out *o, const char *s)
{
    size_t k = strlen(s);
    if (o->n + k >= sizeof o->buf) k = sizeof o->buf - 1 - o->n;
    memcpy(o->buf + o->n, s, k);
    o->n += k;
    o->buf[o->n] = '\0';
}

static void transform(Bytes *b, Out *o, int depth);

static void function(Bytes *b, Out *o, int depth)
{
    unsigned k = depth >= 3 ? 0 : pick(b, 4);
    if (k == 0) put(o, "(# speed 2)");
    else if (k == 1) put(o, "rev");
    else {
        put(o, "(");
        transform(b, o, depth + 1);
        put(o, ")");
    }
}

static void transform(Bytes *b, Out *o, int depth)
{
    const char *t = TRANSFORMS[pick(b, COUNT(TRANSFORMS))];
    for (const char *c = t; *c; c++) {
        if (*c != '%') {
            char one[2] = { *c, '\0' };
            put(o, one);
            continue;
        }
        switch (*++c) {
        case 'N': put(o, COUNTS[pick(b, COUNT(COUNTS))]); break;
        case 'X': put(o, AMOUNTS[pick(b, COUNT(AMOUNTS))]); break;
        case 'T': put(o, TIMES[pick(b, COUNT(TIMES))]); break;
        case 'I': put(o, INDICES[pick(b, COUNT(INDICES))]); break;
        case 'F': function(b, o, depth); break;
        default: return;
        }
    }
}

typedef struct Seen {
    size_t n;
    uint64_t hash;
    PhStatus st;
} Seen;

static Seen query(const Pattern *p, PatCtx *ctx, Arena *scratch, Span span)
{
    arena_reset(scratch);
    const PatEvent *ev;
    size_t n;
    Seen s = { 0, 1469598103934665603ull, pat_query(p, ctx, span, &ev, &n) };
    if (s.st != PH_OK) {
        if (n != 0) abort();
        return s;
    }
    char buf[256];
    for (size_t i = 0; i < n; i++) {
        if (!rat_ok(ev[i].part.begin) || !rat_ok(ev[i].part.end)) abort();
        if (ev[i].has_whole && (!rat_ok(ev[i].whole.begin) || !rat_ok(ev[i].whole.end))) abort();
        if (rat_gt(ev[i].part.begin, ev[i].part.end)) abort();
        size_t len = val_format(ev[i].value, buf, sizeof buf);
        for (size_t k = 0; k < len && k < sizeof buf - 1; k++) s.hash = (s.hash ^ (uint8_t)buf[k]) * 1099511628211ull;
        s.hash = (s.hash ^ (uint64_t)ev[i].part.begin.num) * 1099511628211ull;
    }
    s.n = n;
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Bytes b = { data, size, 0 };
    Out o = { .n = 0 };
    o.buf[0] = '\0';
    put(&o, SUBJECTS[pick(&b, COUNT(SUBJECTS))]);
    unsigned steps = 1 + pick(&b, 3);
    for (unsigned i = 0; i < steps; i++) {
        put(&o, " $ ");
        transform(&b, &o, 0);
    }

    Arena a, scratch;
    arena_init(&a, 0, 16u << 20);
    arena_init(&scratch, 0, 32u << 20);
    Diag d;
    diag_init(&d, "-", o.buf, o.n);
    AstNode *e = NULL;
    const Pattern *p = NULL;
    if (parse_expression(o.buf, o.n, "-", &a, &d, &e) == PH_OK && compile_pattern_expr(e, &a, &d, &p) == PH_OK) {
        if (!p) abort();
        PatCtx ctx;
        pat_ctx_init(&ctx, &scratch);
        ctx.max_events = 1u << 12; /* small limits: the point is the edges, not the volume */
        ctx.max_work = 1u << 13;
        Span spans[] = {
            span_make(rat_int(0), rat_int(1)),       span_make(rat_int(1), rat_int(2)),
            span_make(rat_int(2), rat_int(3)),       span_make(rat_make(1, 3), rat_make(7, 4)),
            span_make(rat_make(1, 2), rat_make(1, 2)), span_make(rat_int(-1), rat_int(0)),
        };
        Seen first = query(p, &ctx, &scratch, spans[0]);
        for (size_t i = 1; i < COUNT(spans); i++) query(p, &ctx, &scratch, spans[i]);
        Seen again = query(p, &ctx, &scratch, spans[0]);
        if (first.st != again.st || first.n != again.n || first.hash != again.hash) abort();
        pat_ctx_free(&ctx);
    }
    diag_free(&d);
    arena_free(&a);
    arena_free(&scratch);
    return 0;
}
