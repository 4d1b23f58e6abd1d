/* transform.h - the pattern vocabulary as data: a registry of named transforms
 * and generators, and PatFn, a transform as a runtime value (a closure).
 *
 * Why closures: Strudel evaluates patterned arguments of higher-order
 * transforms at query time (`sometimesBy "<0.1 0.9>" (fast 2)` applies
 * `fast 2` to a pattern built per argument event), so a function argument
 * must be callable while querying, without the compiler. The compiler only
 * looks names up here, checks argument kinds, curries, and turns partial
 * applications and sections into PatFns.
 *
 * Adding a transform = one PatTransformDef row (in the transform_*.c file of
 * its family) and its apply function; nothing else changes.
 *
 * Families: each family file (transform_time.c, transform_cond.c, ...,
 * signal.c) defines one table `const PatTransformDef pat_transforms_<family>[]`
 * ended by PAT_TRANSFORM_END, declared in transform_internal.h and listed
 * once in transform.c. Names are unique across all tables (a unit test
 * checks it). */
#ifndef PHONON_PATTERN_TRANSFORM_H
#define PHONON_PATTERN_TRANSFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "pattern/pattern.h"

typedef struct PatFn PatFn;

/* A transform as a value: apply(self, a, p, err) builds self(p) in arena a
 * (the Program's arena at compile time, the query's scratch at query time).
 * Returns NULL with err set on failure. */
struct PatFn {
    const Pattern *(*apply)(const PatFn *self, Arena *a, const Pattern *p, PatErr *err);
    const void *env;
    const char *name;   /* for messages: "fast", "section #", "composition" */
};

static inline const Pattern *patfn_apply(const PatFn *f, Arena *a, const Pattern *p, PatErr *err)
{
    return f->apply(f, a, p, err);
}
/* g after f: x -> g(f(x)). */
const PatFn *patfn_compose(Arena *a, const PatFn *f, const PatFn *g);

/* Kinds of transform parameters. */
typedef enum PatParamKind {
    PAT_PARAM_PAT,   /* a pattern (numbers and strings arrive as pure/mini patterns) */
    PAT_PARAM_FN,    /* a transform: `(fast 2)`, `rev`, `(# speed 2)` */
    PAT_PARAM_LIST   /* a list of patterns: `[a, b, c]` */
} PatParamKind;

typedef struct PatArg {
    PatParamKind kind;
    union {
        const Pattern *pat;
        const PatFn *fn;
        struct {
            const Pattern *const *items;
            size_t n;
        } list;
    } u;
} PatArg;

#define PAT_TRANSFORM_MAX_PARAMS 6

/* Builds the result from the arguments (in order) and the subject pattern
 * (NULL for generators). */
typedef const Pattern *(*PatTransformApply)(Arena *a, const PatArg *args, const Pattern *subject, PatErr *err);

typedef struct PatTransformDef {
    const char *name;                                 /* NULL only in the PAT_TRANSFORM_END row */
    uint8_t nparams;                                  /* excluding the subject */
    PatParamKind params[PAT_TRANSFORM_MAX_PARAMS];
    bool generator;                                   /* true: no subject (run, irand, stack, cat, ...) */
    PatTransformApply apply;
    const char *usage;                                /* "fast FACTOR", "every N FUNCTION" */
    bool plain_result;                                /* values are plain numbers whatever the subject
                                                         (mtof); false: the subject's kind */
} PatTransformDef;

/* Ends a family table. */
#define PAT_TRANSFORM_END { NULL, 0, { PAT_PARAM_PAT }, false, NULL, NULL, false }

/* The definition for a name, or NULL. */
const PatTransformDef *pat_transform_find(const char *name, size_t len);
/* All definitions (for "did you mean" and docs), family by family:
 * pat_transform_at(i) for i < pat_transform_count(). (The tables live in
 * separate files, so there is no single array to return without mutable
 * state.) */
size_t pat_transform_count(void);
const PatTransformDef *pat_transform_at(size_t i);

/* A partial application as a PatFn: def with its nparams arguments bound,
 * waiting for the subject. args are copied. */
const PatFn *patfn_from_transform(Arena *a, const PatTransformDef *def, const PatArg *args);

#endif
