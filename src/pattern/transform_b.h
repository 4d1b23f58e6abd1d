/* transform_b.h - helpers shared by the conditional, layering, random and
 * sample transform families (transform_cond.c, transform_layer.c,
 * transform_random.c, transform_sample*.c). Not public.
 *
 * They reproduce small pieces of JavaScript / Strudel 1.2.6 behaviour those
 * families need in several places: array lengths (`Array(n)`,
 * `Array.from({length: n})`), register() with a function argument, and
 * setting keys of a control map. */
#ifndef PHONON_PATTERN_TRANSFORM_B_H
#define PHONON_PATTERN_TRANSFORM_B_H

#include <stdbool.h>
#include <stdint.h>

#include "pattern/transform_internal.h"

/* The largest JS array length, 2^32 - 1. */
#define PATB_MAX_ARRAY_LEN 4294967295.0

/* JS `Array(x)`: x must be a whole number in 0 .. 2^32-1 (else JS throws
 * "Invalid array length"). */
bool patb_array_len(double x, int64_t *out);

/* JS `Array.from({length: x})` (also listRange): ToLength(x), so NaN and
 * negatives give 0 and fractions are truncated; false past 2^32 - 1. */
bool patb_from_len(double x, int64_t *out);

/* The "Invalid array length" error (PH_ERR_TYPE, so a patterned count that
 * is bad silences the query as Strudel's throw does); need says what is
 * expected ("a whole number >= 1"), v is the count given. Returns NULL. */
const Pattern *patb_bad_count(PatErr *err, Value v, const char *need);

/* Strudel's register() for a transform whose arguments are the patterns
 * args[0..nargs) and then one function: the function takes part in the
 * appLeft chain as pure(func), which cuts every argument event at cycle
 * boundaries when an argument is patterned. build receives nargs + 1
 * values (the last one is undefined). */
const Pattern *patb_patternify_fn(Arena *a, PatBuildFn build, const void *env, const Pattern *const *args,
                                  size_t nargs, const Pattern *p, PatErr *err);

/* A key string allocated in a (NULL on out of memory). */
const ValStr *patb_key(Arena *a, const char *key);

/* Object.assign({}, m, {k0: v0, ...}): the map m with n entries set (later
 * entries win). Returns false on out of memory. */
bool patb_map_set(Arena *a, const ValMap *m, const ValMapEntry *e, uint32_t n, Value *out);

/* Strudel's `set` of {k0: v0, ...} on any value: a map gets the entries; a
 * plain value x becomes {value: x, k0: v0, ...} (_composeOp). */
bool patb_value_set(Arena *a, Value v, const ValMapEntry *e, uint32_t n, Value *out);

/* v as a JS object: a map as it is, a list as {"0": item0, "1": ...} (what
 * Object.assign and `...` make of an array; allocated in a). False for
 * plain values, or with *out NULL when out of memory. */
bool patb_as_object(Arena *a, Value v, const ValMap **out);

/* JS's `'key' in v` needs an object: *out is v as an object (see above);
 * fails the query with a PH_ERR_TYPE error ("cannot use 'in' operator ...")
 * when v is a plain value. */
bool patb_need_object(PatCtx *ctx, const char *who, Value v, const ValMap **out);

/* A number as JS's `x` in a map: the value for key, or NAN when absent or
 * undefined. present tells whether the key holds a defined value. */
double patb_map_num(const ValMap *m, const char *key, bool *present);

/* shuffle / scramble rows (transform_random_rearrange.c), listed in
 * transform_random.c's table. */
const Pattern *patb_apply_shuffle(Arena *a, const PatArg *args, const Pattern *p, PatErr *err);
const Pattern *patb_apply_scramble(Arena *a, const PatArg *args, const Pattern *p, PatErr *err);
/* slice / splice rows (transform_sample_slice.c), listed in
 * transform_sample.c's table. */
const Pattern *patb_apply_slice(Arena *a, const PatArg *args, const Pattern *p, PatErr *err);
const Pattern *patb_apply_splice(Arena *a, const PatArg *args, const Pattern *p, PatErr *err);

#endif
