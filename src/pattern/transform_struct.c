/* transform_struct.c - structure: euclid euclidRot euclidFull struct mask.
 *
 * euclid/euclidRot are Strudel's `p.struct(bjorklund(k, n) rotated right by
 * r)`, patternified over k, n and r; euclidFull k n p q is
 * stack(p.euclid(k, n), q.euclid(-k, n)), a negative count inverting the
 * rhythm. struct is keepif.out (structure from the boolean pattern, values
 * from p over each step's whole); mask is keepif.in (p's structure, parts cut
 * where the mask changes). Booleans are JS-truthy: only 0, rests and
 * empty/false values are off ("f" and "false" strings count as on). */
#include "pattern/transform_internal.h"

/* env: NULL for euclid/euclidRot, non-NULL to invert the count (euclidFull's q) */
static const Pattern *build_euclid(Arena *a, const Value *v, const Pattern *p, const void *env, PatErr *err)
{
    Value k = v[0];
    if (env) k = val_num(-val_to_number(k));
    return pat_euclid(a, k, v[1], env ? val_undef() : v[2], p, err);
}

static const Pattern *build_euclid2(Arena *a, const Value *v, const Pattern *p, const void *env, PatErr *err)
{
    Value three[3] = { v[0], v[1], val_undef() };
    return build_euclid(a, three, p, env, err);
}

static const Pattern *apply_euclid(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return patx_patternify(a, build_euclid2, NULL, args, 2, p, err);
}

static const Pattern *apply_euclid_rot(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return patx_patternify(a, build_euclid, NULL, args, 3, p, err);
}

static const char invert_tag = 1;

static const Pattern *apply_euclid_full(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    (void)p;
    const Pattern *both[2];
    both[0] = patx_patternify(a, build_euclid2, NULL, args, 2, args[2].u.pat, err);
    if (!both[0]) return NULL;
    both[1] = patx_patternify(a, build_euclid2, &invert_tag, args, 2, args[3].u.pat, err);
    if (!both[1]) return NULL;
    return patx_check(pat_stack(a, both, 2), err);
}

static const Pattern *apply_struct(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return patx_check(pat_struct(a, args[0].u.pat, p), err);
}

/* keepif: the value of p where the mask is truthy; undefined values drop. */
static int keep_if(PatCtx *ctx, Value pv, Value mask, Value *out, const void *env)
{
    (void)ctx;
    (void)env;
    if (!val_truthy(mask) || pv.kind == VAL_UNDEF) return 0;
    *out = pv;
    return 1;
}

static const Pattern *apply_mask(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return patx_check(pat_app_left(a, p, args[0].u.pat, keep_if, NULL), err);
}

const PatTransformDef pat_transforms_struct[] = {
    PATX_ROW("euclid", apply_euclid, "euclid PULSES STEPS", 2, PATX_P, PATX_P),
    PATX_ROW("euclidRot", apply_euclid_rot, "euclidRot PULSES STEPS ROTATION", 3, PATX_P, PATX_P, PATX_P),
    PATX_GEN("euclidFull", apply_euclid_full, "euclidFull PULSES STEPS PATTERN OFF_PATTERN", 4, PATX_P, PATX_P,
             PATX_P, PATX_P),
    PATX_ROW("struct", apply_struct, "struct BOOLEANS", 1, PATX_P),
    PATX_ROW("mask", apply_mask, "mask BOOLEANS", 1, PATX_P),
    PAT_TRANSFORM_END,
};
