/* transform_b.c - helpers shared by the conditional, layering, random and
 * sample transform families (see transform_b.h). */
#include "pattern/transform_b.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

bool patb_array_len(double x, int64_t *out)
{
    if (!(x >= 0 && x <= PATB_MAX_ARRAY_LEN && floor(x) == x)) return false;
    *out = (int64_t)x;
    return true;
}

bool patb_from_len(double x, int64_t *out)
{
    if (!(x > 0)) { /* NaN, 0, negatives */
        *out = 0;
        return true;
    }
    return patb_array_len(trunc(x), out);
}

const Pattern *patb_bad_count(PatErr *err, Value v, const char *need)
{
    char text[48];
    val_format(v, text, sizeof text);
    return patx_fail(err, PH_ERR_TYPE, "Invalid array length: the count must be %s, got %s", need, text);
}

const Pattern *patb_patternify_fn(Arena *a, PatBuildFn build, const void *env, const Pattern *const *args,
                                  size_t nargs, const Pattern *p, PatErr *err)
{
    const Pattern *all[PAT_MAX_ARGS];
    if (nargs + 1 > PAT_MAX_ARGS) return patx_fail(err, PH_ERR_ARG, "too many arguments");
    for (size_t i = 0; i < nargs; i++) all[i] = args[i];
    all[nargs] = pat_pure(a, val_undef()); /* pure(func): __pure is set, so it never forces a join */
    if (!all[nargs]) return patx_check(NULL, err);
    return pat_patternify(a, build, env, nargs + 1, all, p, err);
}

const ValStr *patb_key(Arena *a, const char *key) { return val_str_make(a, key, strlen(key)); }

bool patb_map_set(Arena *a, const ValMap *m, const ValMapEntry *e, uint32_t n, Value *out)
{
    const ValMap *add = val_map_make(a, e, n);
    const ValMap *r = add ? val_map_union(a, m, add) : NULL;
    if (!r) return false;
    *out = val_map(r);
    return true;
}

bool patb_value_set(Arena *a, Value v, const ValMapEntry *e, uint32_t n, Value *out)
{
    if (v.kind == VAL_MAP) return patb_map_set(a, v.u.map, e, n, out);
    ValMapEntry one = { val_str_make(a, "value", 5), v };
    const ValMap *m = one.key ? val_map_make(a, &one, 1) : NULL;
    return m && patb_map_set(a, m, e, n, out);
}

bool patb_as_object(Arena *a, Value v, const ValMap **out)
{
    *out = NULL;
    if (v.kind == VAL_MAP) {
        *out = v.u.map;
        return true;
    }
    if (v.kind != VAL_LIST) return false;
    const ValList *l = v.u.list;
    ValMapEntry *e = ARENA_ARRAY(a, ValMapEntry, l->n ? l->n : 1);
    if (!e) return true;
    for (uint32_t i = 0; i < l->n; i++) {
        char key[16];
        int n = snprintf(key, sizeof key, "%u", (unsigned)i);
        e[i] = (ValMapEntry){ val_str_make(a, key, (size_t)n), l->items[i] };
        if (!e[i].key) return true;
    }
    *out = val_map_make(a, e, l->n);
    return true;
}

bool patb_need_object(PatCtx *ctx, const char *who, Value v, const ValMap **out)
{
    if (patb_as_object(ctx->scratch, v, out)) {
        if (!*out) return pat_fail(ctx, PH_ERR_NOMEM, "out of memory");
        return true;
    }
    char text[48];
    val_format(v, text, sizeof text);
    return pat_fail(ctx, PH_ERR_TYPE, "%s: cannot use 'in' operator on \"%s\" (a control pattern is needed)", who,
                    text);
}

double patb_map_num(const ValMap *m, const char *key, bool *present)
{
    const Value *v = val_map_get(m, key, strlen(key));
    *present = v && v->kind != VAL_UNDEF;
    return *present ? val_to_number(*v) : NAN;
}
