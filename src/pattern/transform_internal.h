/* transform_internal.h - shared by the transform family files (not public).
 *
 * One family = one file = one table ended by PAT_TRANSFORM_END. To add a
 * family: declare its table here, list it in transform.c, done. The helpers
 * below turn the compiler's PatArgs into what pattern.h's combinators take,
 * with Strudel's conversions (numbers used as times go through fraction.js,
 * i.e. val_to_rat / rat_from_double). */
#ifndef PHONON_PATTERN_TRANSFORM_INTERNAL_H
#define PHONON_PATTERN_TRANSFORM_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "pattern/pattern.h"
#include "pattern/transform.h"

/* ---- the family tables (each ends with PAT_TRANSFORM_END) ------------------- */

extern const PatTransformDef pat_transforms_time[];    /* transform_time.c: fast slow early late zoom ... */
extern const PatTransformDef pat_transforms_cycle[];   /* transform_cycle.c: rev iter chunk inside brak swing ... */
extern const PatTransformDef pat_transforms_struct[];  /* transform_struct.c: euclid struct mask ... */
extern const PatTransformDef pat_transforms_combine[]; /* transform_combine.c: stack cat fastcat slowcat */
extern const PatTransformDef pat_transforms_numeric[]; /* transform_numeric.c: scale chord mtof */
extern const PatTransformDef pat_transforms_signal[];  /* signal.c: sine saw ... rand irand run choose */
extern const PatTransformDef pat_transforms_cond[];    /* transform_cond.c: every whenmod within ... */
extern const PatTransformDef pat_transforms_layer[];   /* transform_layer.c: off superimpose jux ... */
extern const PatTransformDef pat_transforms_random[];  /* transform_random.c: degrade sometimes shuffle ... */
extern const PatTransformDef pat_transforms_sample[];  /* transform_sample.c: chop striate slice ... */

/* ---- row shorthands ------------------------------------------------------------ */

#define PATX_P PAT_PARAM_PAT
#define PATX_F PAT_PARAM_FN
#define PATX_L PAT_PARAM_LIST
/* A transform row: name, apply, usage, then the parameter kinds. */
#define PATX_ROW(name, apply, usage, n, ...) { name, n, { __VA_ARGS__ }, false, apply, usage, false }
/* A generator row (no subject). */
#define PATX_GEN(name, apply, usage, n, ...) { name, n, { __VA_ARGS__ }, true, apply, usage, false }

/* ---- errors ---------------------------------------------------------------------- */

/* Sets err (if still clear) and returns NULL. */
const Pattern *patx_fail(PatErr *err, PhStatus st, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* NULL result with no error set means out of memory: say so. */
const Pattern *patx_check(const Pattern *p, PatErr *err);

/* ---- arguments --------------------------------------------------------------------- */

/* fraction.js Fraction(v): false with err set ("Invalid argument", ...). */
bool patx_rat(Value v, Rat *out, PatErr *err);
/* A JS number (Number(v)); false with err set when it is NaN. */
bool patx_number(Value v, double *out, PatErr *err);

/* Strudel's register(): the PAT arguments args[0..nargs) (all of kind
 * PAT_PARAM_PAT, in order) combined with appLeft, build run with plain
 * values directly when all are pure, else per event inside an innerJoin. */
const Pattern *patx_patternify(Arena *a, PatBuildFn build, const void *env, const PatArg *args, size_t nargs,
                               const Pattern *subject, PatErr *err);

/* A PatFn argument applied at query time (in the query's scratch arena). */
static inline const Pattern *patx_call(const PatFn *f, Arena *a, const Pattern *p, PatErr *err)
{
    const Pattern *r = patfn_apply(f, a, p, err);
    return patx_check(r, err);
}

/* ---- shared building blocks ------------------------------------------------------------ */

/* Strudel's slowcat(...) of p shifted by early(i/n) (iter) or late(i/n)
 * (iterBack), i = 0 .. count-1, with slowcat's time shift; computed per
 * cycle, so a huge count costs nothing until queried. */
const Pattern *patx_iter(Arena *a, Rat n, int64_t count, bool back, const Pattern *p);

/* Strudel's `range`: p.mul(max - min).add(min) (appLeft with pure numbers). */
const Pattern *patx_range(Arena *a, double min, double max, const Pattern *p, PatErr *err);

/* Strudel's segment(n) = p.struct(pure(true).fast(n)) with a plain n. */
const Pattern *patx_segment(Arena *a, Value n, const Pattern *p, PatErr *err);

#endif
