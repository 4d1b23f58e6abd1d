/* pattern.h - patterns: immutable functions from a time span to events.
 *
 * Why this shape: a pattern is queried, never iterated. Querying a span
 * returns the events active in it, each with a `whole` (the event's full
 * extent; absent for continuous signals) and a `part` (the fragment inside
 * the span). This is Strudel's model, and the semantics here are Strudel
 * 1.2.6's, event for event.
 *
 * Representation: a Pattern is a query function plus a payload, allocated in
 * an Arena owned by whoever builds it (the compiled Program). Patterns are
 * immutable, so one graph can be queried from the audio thread every block,
 * and from several threads at once, each with its own PatCtx.
 *
 * Querying: every query runs in a PatCtx that carries
 *  - the event stack: all events of a query, including intermediate ones,
 *    live in one growable array used as a stack (a combinator queries its
 *    child, which appends; it rewrites or compacts what was appended and
 *    drops its temporaries). After warm-up there is no allocation at all;
 *  - a scratch Arena for query-time values (lists, maps) and patterns built
 *    from patterned arguments; reset it between queries (per block);
 *  - limits (events, work units, nesting) and a sticky error.
 *
 * Errors: builders return NULL (out of memory) or report through a PatErr.
 * At query time an error stops the query. A PH_ERR_TYPE error is one where
 * Strudel's query itself would throw (e.g. `bd*<2 x>` meets "x"); Strudel
 * then silently returns no events for that whole query, and so does
 * `phonon query`. Every other status (limits, overflow, memory) is a real
 * error.
 *
 * Writing a new transform (see pattern_time.c for small examples):
 *  1. a payload struct and a PatQueryFn;
 *  2. in the query: `size_t base = ctx->n; pat_sub_query(ctx, child, span')`
 *     appends the child's events at ctx->ev[base..ctx->n); rewrite them in
 *     place, compact them, or query more and `pat_collapse` temporaries away;
 *  3. a builder that allocates the payload and returns pat_new(...).
 * Never keep a pointer into ctx->ev across pat_sub_query/pat_push (the
 * array may move); use indices. Most transforms need none of this: the
 * generic combinators below (time maps, fmap, filters, joins, app*) cover
 * them. */
#ifndef PHONON_PATTERN_PATTERN_H
#define PHONON_PATTERN_PATTERN_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/rational.h"
#include "core/status.h"
#include "pattern/value.h"

/* ---- limits --------------------------------------------------------------- */

/* Events alive at once in one query (results plus temporaries). */
#define PAT_DEFAULT_MAX_EVENTS 262144u
/* Work units per query: one per cycle visited, per sub-query, per step. */
#define PAT_DEFAULT_MAX_WORK (1u << 22)
/* Nested sub-queries (bounds the C stack used by a query). */
#define PAT_MAX_QUERY_DEPTH 1024
/* Steps of a Euclidean rhythm `x(p,s)`. */
#define PAT_MAX_EUCLID_STEPS 16384

/* ---- spans and events ----------------------------------------------------- */

typedef struct Span {
    Rat begin, end;
} Span;

typedef struct PatEvent {
    Span whole; /* meaningful only when has_whole */
    Span part;
    Value value;
    bool has_whole; /* false: a continuous event (a signal sample) */
} PatEvent;

static inline Span span_make(Rat b, Rat e) { return (Span){ b, e }; }
static inline Span pat_event_whole_or_part(const PatEvent *e) { return e->has_whole ? e->whole : e->part; }
/* Strudel's TimeSpan.intersection: false when they do not meet; a
 * zero-width result at the end of a non-zero-width span does not count. */
bool span_intersect(Span a, Span b, Span *out);

/* ---- errors and the query context ----------------------------------------- */

typedef struct PatErr {
    PhStatus status; /* PH_OK when there is no error */
    char msg[120];
} PatErr;

typedef struct PatCtx {
    Arena *scratch;     /* query-time allocations; never reset during a query */
    PatEvent *ev;       /* the event stack (heap, reused across queries) */
    size_t n, cap;
    size_t max_events;
    uint64_t work, max_work;
    int depth, max_depth;
    PatErr err;         /* sticky: the first error of the query */
} PatCtx;

/* Default limits; never allocates. scratch must outlive the context's queries. */
void pat_ctx_init(PatCtx *ctx, Arena *scratch);
/* Pre-allocates the event stack (call off the audio thread); false on OOM. */
bool pat_ctx_reserve(PatCtx *ctx, size_t events);
void pat_ctx_free(PatCtx *ctx);

/* Records an error (the first one wins) and returns false. */
bool pat_fail(PatCtx *ctx, PhStatus st, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void pat_err_set(PatErr *err, PhStatus st, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void pat_err_setv(PatErr *err, PhStatus st, const char *fmt, va_list ap);
/* The error for an invalid Rat (overflow is hard; division by zero and
 * invalid conversions are PH_ERR_TYPE, as Strudel throws them). */
bool pat_fail_rat(PatCtx *ctx, Rat bad);
void pat_err_rat(PatErr *err, Rat bad);

/* ---- patterns -------------------------------------------------------------- */

typedef struct Pattern Pattern;
/* Appends the events of self within span to ctx's stack (see above). */
typedef void (*PatQueryFn)(const Pattern *self, PatCtx *ctx, Span span);

struct Pattern {
    PatQueryFn query;
    const void *data;  /* the payload, owned by the same arena */
    const Value *pure; /* non-NULL iff this is pure(v): lets patterned-argument
                          functions call their plain version directly, as
                          Strudel's register() does for `__pure` patterns */
};

/* Runs a top-level query: clears the stack, the error and the counters.
 * On PH_OK, *out and *n give the events: the array is valid until the next
 * query on ctx, and values made during the query (lists from `a:b`, merged
 * maps) live in ctx->scratch, valid until it is reset. On error n is 0 and
 * ctx->err says why. */
PhStatus pat_query(const Pattern *p, PatCtx *ctx, Span span, const PatEvent **out, size_t *n);

/* ---- for query functions ----------------------------------------------------- */

/* Queries p (appending), checking depth and work; false if ctx has an error. */
bool pat_sub_query(PatCtx *ctx, const Pattern *p, Span span);
/* Appends one event; checks the event limit and the event's times. */
bool pat_push(PatCtx *ctx, const PatEvent *e);
/* Removes ctx->ev[base..mid), moving the events after it down. */
void pat_collapse(PatCtx *ctx, size_t base, size_t mid);
/* Counts work units; false (with an error) past the limit. */
bool pat_work(PatCtx *ctx, uint64_t units);
/* Rewrites every time of ctx->ev[from..n) as t * mul + add and checks them. */
bool pat_map_times(PatCtx *ctx, size_t from, Rat mul, Rat add);
/* Checks the times of ctx->ev[from..n) (after an in-place rewrite). */
bool pat_check_times(PatCtx *ctx, size_t from);

/* Strudel's spanCycles: the span cut at cycle boundaries; a zero-width span
 * is one piece, a reversed span none. Each piece costs one work unit. */
typedef struct PatCycleIter {
    Rat begin, end;
    bool started, done;
} PatCycleIter;
static inline void pat_cycles_init(PatCycleIter *it, Span s)
{
    it->begin = s.begin;
    it->end = s.end;
    it->started = it->done = false;
}
bool pat_cycles_next(PatCtx *ctx, PatCycleIter *it, Span *piece);

/* A pattern node around a query function (NULL on OOM). */
Pattern *pat_new(Arena *a, PatQueryFn query, const void *data);
/* The same pattern without its `pure` mark (Strudel patterns made by
 * `new Pattern(...)` lose __pure even when they behave like pure). */
const Pattern *pat_unpure(Arena *a, const Pattern *p);

/* ---- elementary patterns ----------------------------------------------------- */

const Pattern *pat_silence(void);                  /* no events; static, never NULL */
const Pattern *pat_pure(Arena *a, Value v);        /* v once per cycle */
/* A continuous pattern (Strudel's signal): each query gives one event with
 * no whole, part = the query span, value = fn(span.begin). fn returns false
 * to fail (after pat_fail). */
typedef bool (*PatSignalFn)(PatCtx *ctx, Rat t, Value *out, const void *env);
const Pattern *pat_signal(Arena *a, PatSignalFn fn, const void *env);
const Pattern *pat_stack(Arena *a, const Pattern *const *pats, size_t n);
/* One pattern per cycle; cycle c plays cycle floor(c/n) of pats[c mod n]. */
const Pattern *pat_slowcat(Arena *a, const Pattern *const *pats, size_t n);
/* slowcat sped up n times (n == 1 returns pats[0] itself). */
const Pattern *pat_fastcat(Arena *a, const Pattern *const *pats, size_t n);
/* Strudel's timeCat/stepcat: pats[i] gets weights[i] of the cycle. A zero
 * weight is skipped; a total of 0 is "Division by Zero"; one element
 * returns it unchanged (but unpure). */
const Pattern *pat_timecat(Arena *a, const Rat *weights, const Pattern *const *pats, size_t n, PatErr *err);

/* ---- time ------------------------------------------------------------------- */

/* fast by an exact factor. A factor of 0 queries the child at a zero-width
 * span and fails with "Division by Zero" if that yields events, as
 * Strudel's `_fast(Fraction(0))` does; a negative factor reverses the
 * query span (no discrete events). Strudel's `fast(0)` with the *number* 0
 * is silence: see pat_fast_value. */
const Pattern *pat_fast(Arena *a, Rat factor, const Pattern *p);
/* fast(1/factor); factor 0 is "Division by Zero". */
const Pattern *pat_slow(Arena *a, Rat factor, const Pattern *p, PatErr *err);
const Pattern *pat_early(Arena *a, Rat offset, const Pattern *p);
const Pattern *pat_late(Arena *a, Rat offset, const Pattern *p);
/* Squeeze each cycle into its first 1/factor, keeping wholes relative to parts. */
const Pattern *pat_fast_gap(Arena *a, Rat factor, const Pattern *p);
/* Each cycle into [b, e) of itself; silence unless 0 <= b <= e <= 1. e == b is
 * "Division by Zero". */
const Pattern *pat_compress(Arena *a, Rat b, Rat e, const Pattern *p, PatErr *err);
/* Cycle c plays source cycle floor(c / n), shifted to c. */
const Pattern *pat_repeat_cycles(Arena *a, Rat n, const Pattern *p);
/* Queries cut at cycle boundaries. */
const Pattern *pat_split_queries(Arena *a, const Pattern *p);

/* Value-level forms with Strudel's conversions (number 0 -> silence, then
 * Fraction(v)); errors are "Invalid argument" etc. */
const Pattern *pat_fast_value(Arena *a, Value factor, const Pattern *p, PatErr *err);
const Pattern *pat_slow_value(Arena *a, Value factor, const Pattern *p, PatErr *err);
/* Patterned forms (`fast "<1 2>"`): direct when factor is pure, else an innerJoin. */
const Pattern *pat_fast_pat(Arena *a, const Pattern *factor, const Pattern *p, PatErr *err);
const Pattern *pat_slow_pat(Arena *a, const Pattern *factor, const Pattern *p, PatErr *err);

/* Generic time maps. A span function returns false to skip the query
 * (Strudel's withQuerySpanMaybe). Event maps apply to part and whole. */
typedef bool (*PatSpanFn)(PatCtx *ctx, Span in, Span *out, const void *env);
typedef Rat (*PatTimeFn)(Rat t, const void *env);
const Pattern *pat_with_query_span(Arena *a, const Pattern *p, PatSpanFn fn, const void *env);
const Pattern *pat_with_query_time(Arena *a, const Pattern *p, PatTimeFn fn, const void *env);
const Pattern *pat_with_event_span(Arena *a, const Pattern *p, PatSpanFn fn, const void *env);
const Pattern *pat_with_event_time(Arena *a, const Pattern *p, PatTimeFn fn, const void *env);

/* ---- values, filters, joins ------------------------------------------------- */

/* Maps a value; false means error (set it with pat_fail). */
typedef bool (*PatValueFn)(PatCtx *ctx, Value in, Value *out, const void *env);
/* Keeps an event / a value when true. */
typedef bool (*PatEventPred)(PatCtx *ctx, const PatEvent *e, const void *env);
typedef bool (*PatValuePred)(Value v, const void *env);
/* Combines two values: 1 keep (*out set), 0 drop the event, -1 error. */
typedef int (*PatValue2Fn)(PatCtx *ctx, Value a, Value b, Value *out, const void *env);
/* The inner pattern for an outer value (built in ctx->scratch); NULL with
 * ctx->err set to abort. */
typedef const Pattern *(*PatBindFn)(PatCtx *ctx, Value v, const void *env);

const Pattern *pat_fmap(Arena *a, const Pattern *p, PatValueFn fn, const void *env);
const Pattern *pat_filter_events(Arena *a, const Pattern *p, PatEventPred fn, const void *env);
const Pattern *pat_filter_values(Arena *a, const Pattern *p, PatValuePred fn, const void *env);

/* Structure from the left: right is queried over each left whole (or part);
 * part = intersection of parts, whole = left whole (Strudel appLeft). */
const Pattern *pat_app_left(Arena *a, const Pattern *l, const Pattern *r, PatValue2Fn fn, const void *env);
/* Mirror image: structure from the right (appRight). */
const Pattern *pat_app_right(Arena *a, const Pattern *l, const Pattern *r, PatValue2Fn fn, const void *env);
/* Structure from both: wholes and parts intersected (appBoth). */
const Pattern *pat_app_both(Arena *a, const Pattern *l, const Pattern *r, PatValue2Fn fn, const void *env);

/* Joins of a "pattern of patterns" given as outer values + fn:
 *  inner: inner wholes, queried over each outer part (patterned arguments);
 *  outer: outer wholes, parts from the inner events;
 *  squeeze: the inner pattern's cycle 0 squeezed into each outer whole;
 *  bind:  wholes intersected (Strudel's bind / join). */
const Pattern *pat_inner_bind(Arena *a, const Pattern *outer, PatBindFn fn, const void *env);
const Pattern *pat_outer_bind(Arena *a, const Pattern *outer, PatBindFn fn, const void *env);
const Pattern *pat_squeeze_bind(Arena *a, const Pattern *outer, PatBindFn fn, const void *env);
const Pattern *pat_bind(Arena *a, const Pattern *outer, PatBindFn fn, const void *env);

/* Strudel's register()/patternify: build(args, p) with plain argument
 * values. If every args[i] is pure, build is called now (errors go to err);
 * otherwise the arguments are combined with appLeft (structure from
 * args[0]) and build runs per combined event inside an innerJoin, in
 * ctx->scratch (its PH_ERR_TYPE errors then silence the query, as in
 * Strudel). nargs <= PAT_MAX_ARGS. */
#define PAT_MAX_ARGS 8
typedef const Pattern *(*PatBuildFn)(Arena *a, const Value *args, const Pattern *p, const void *env, PatErr *err);
const Pattern *pat_patternify(Arena *a, PatBuildFn build, const void *env, size_t nargs,
                              const Pattern *const *args, const Pattern *p, PatErr *err);

/* ---- structure and randomness ------------------------------------------------- */

/* Strudel struct(list): steps of equal length; each true step takes the
 * value(s) of p within it, with the step as whole. */
const Pattern *pat_struct_bools(Arena *a, const uint8_t *steps, size_t n, const Pattern *p);
/* struct with a pattern: structure from mask's truthy events (keepif.out). */
const Pattern *pat_struct(Arena *a, const Pattern *mask, const Pattern *p);
/* Bjorklund as in Strudel's euclid.mjs: *out (allocated in arena) gets the
 * 0/1 steps; returns their count, or -1 with err set (JS "Invalid array
 * length" for a non-integer or negative count, or the step limit). */
long pat_bjorklund(Arena *arena, Value pulses, Value steps, uint8_t **out, PatErr *err);
/* x(p,s) / x(p,s,r) with plain values; rot may be VAL_UNDEF. Rotation is
 * to the right (Strudel), a negative p inverts the rhythm. */
const Pattern *pat_euclid(Arena *a, Value pulses, Value steps, Value rot, const Pattern *p, PatErr *err);

/* Keeps an event iff rand(whole.begin + rand_offset) > amount (the part's
 * begin for continuous events): Strudel's degradeByWith(rand.early(o), x). */
const Pattern *pat_degrade_by(Arena *a, const Pattern *p, double amount, Rat rand_offset);
/* Strudel's `rand`: the continuous signal rand(t) in [0, 1). */
const Pattern *pat_rand(Arena *a);
/* Once per cycle c, plays pats[floor(rand(c + rand_offset) * n)] (mini `|`). */
const Pattern *pat_choose_cycle(Arena *a, const Pattern *const *pats, size_t n, Rat rand_offset);

#endif
