/* transform_combine.c - combinators over a list of patterns: stack (overlay),
 * cat = slowcat (one element per cycle, cycle c playing cycle floor(c/n) of
 * element c mod n) and fastcat (slowcat squeezed into one cycle). An empty
 * list is silence. */
#include "pattern/transform_internal.h"

static const Pattern *apply_stack(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    (void)p;
    if (args[0].u.list.n == 0) return pat_silence();
    return patx_check(pat_stack(a, args[0].u.list.items, args[0].u.list.n), err);
}

static const Pattern *apply_slowcat(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    (void)p;
    return patx_check(pat_slowcat(a, args[0].u.list.items, args[0].u.list.n), err);
}

static const Pattern *apply_fastcat(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    (void)p;
    return patx_check(pat_fastcat(a, args[0].u.list.items, args[0].u.list.n), err);
}

const PatTransformDef pat_transforms_combine[] = {
    PATX_GEN("stack", apply_stack, "stack [PATTERN, ...]", 1, PATX_L),
    PATX_GEN("cat", apply_slowcat, "cat [PATTERN, ...]", 1, PATX_L),
    PATX_GEN("slowcat", apply_slowcat, "slowcat [PATTERN, ...]", 1, PATX_L),
    PATX_GEN("fastcat", apply_fastcat, "fastcat [PATTERN, ...]", 1, PATX_L),
    PAT_TRANSFORM_END,
};
