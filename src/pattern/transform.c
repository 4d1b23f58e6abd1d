/* transform.c - the registry of pattern transforms: it only lists the family
 * tables (one per transform_*.c file) and searches them, plus the argument
 * helpers every family shares (transform_internal.h). */
#include <stdarg.h>
#include <string.h>

#include "pattern/transform.h"
#include "pattern/transform_internal.h"

/* Every family, in lookup order. Adding a family = one line here. */
static const PatTransformDef *const families[] = {
    pat_transforms_time,   pat_transforms_cycle,  pat_transforms_struct, pat_transforms_combine,
    pat_transforms_numeric, pat_transforms_signal, pat_transforms_cond,   pat_transforms_layer,
    pat_transforms_random, pat_transforms_sample,
};

#define NFAMILIES (sizeof families / sizeof families[0])

const PatTransformDef *pat_transform_find(const char *name, size_t len)
{
    for (size_t f = 0; f < NFAMILIES; f++)
        for (const PatTransformDef *d = families[f]; d->name; d++)
            if (strlen(d->name) == len && memcmp(d->name, name, len) == 0) return d;
    return NULL;
}

size_t pat_transform_count(void)
{
    size_t n = 0;
    for (size_t f = 0; f < NFAMILIES; f++)
        for (const PatTransformDef *d = families[f]; d->name; d++) n++;
    return n;
}

const PatTransformDef *pat_transform_at(size_t i)
{
    for (size_t f = 0; f < NFAMILIES; f++)
        for (const PatTransformDef *d = families[f]; d->name; d++)
            if (i-- == 0) return d;
    return NULL;
}

/* ---- helpers shared by the families ------------------------------------------------- */

const Pattern *patx_fail(PatErr *err, PhStatus st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pat_err_setv(err, st, fmt, ap);
    va_end(ap);
    return NULL;
}

const Pattern *patx_check(const Pattern *p, PatErr *err)
{
    if (!p && err->status == PH_OK) pat_err_set(err, PH_ERR_NOMEM, "out of memory");
    return p;
}

bool patx_rat(Value v, Rat *out, PatErr *err)
{
    Rat r = val_to_rat(v);
    if (!rat_ok(r)) {
        pat_err_rat(err, r);
        return false;
    }
    *out = r;
    return true;
}

bool patx_number(Value v, double *out, PatErr *err)
{
    double x = val_to_number(v);
    if (x != x) {
        char text[64];
        val_format(v, text, sizeof text);
        pat_err_set(err, PH_ERR_TYPE, "expected a number, found \"%s\"", text);
        return false;
    }
    *out = x;
    return true;
}

const Pattern *patx_patternify(Arena *a, PatBuildFn build, const void *env, const PatArg *args, size_t nargs,
                               const Pattern *subject, PatErr *err)
{
    const Pattern *pats[PAT_MAX_ARGS];
    if (nargs > PAT_MAX_ARGS) return patx_fail(err, PH_ERR_ARG, "too many arguments");
    for (size_t i = 0; i < nargs; i++) pats[i] = args[i].u.pat;
    return pat_patternify(a, build, env, nargs, pats, subject, err);
}
