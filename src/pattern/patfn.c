/* patfn.c - PatFn closures: a transform with its arguments bound (`fast 2`,
 * `every 3 (fast 2)`), and composition (`fast 2 . rev`, `($ fast 2 $ rev)`).
 * Sections (`(# speed 2)`, `(+ 7)`) live in arith.c next to the operators.
 *
 * A PatFn is immutable and lives in the arena it was made in; applying it
 * builds into whatever arena the caller passes (the Program's at compile
 * time, the query's scratch when a patterned argument rebuilds it). */
#include <string.h>

#include "pattern/transform.h"

typedef struct ComposeEnv {
    const PatFn *first, *then;
} ComposeEnv;

static const Pattern *compose_apply(const PatFn *self, Arena *a, const Pattern *p, PatErr *err)
{
    const ComposeEnv *e = self->env;
    const Pattern *mid = patfn_apply(e->first, a, p, err);
    if (!mid) return NULL;
    return patfn_apply(e->then, a, mid, err);
}

const PatFn *patfn_compose(Arena *a, const PatFn *f, const PatFn *g)
{
    if (!f || !g) return NULL;
    ComposeEnv *e = ARENA_NEW(a, ComposeEnv);
    PatFn *fn = ARENA_NEW(a, PatFn);
    if (!e || !fn) return NULL;
    e->first = f;
    e->then = g;
    fn->apply = compose_apply;
    fn->env = e;
    fn->name = "composition";
    return fn;
}

typedef struct BoundEnv {
    const PatTransformDef *def;
    PatArg args[PAT_TRANSFORM_MAX_PARAMS];
} BoundEnv;

static const Pattern *bound_apply(const PatFn *self, Arena *a, const Pattern *p, PatErr *err)
{
    const BoundEnv *e = self->env;
    const Pattern *r = e->def->apply(a, e->args, e->def->generator ? NULL : p, err);
    if (!r && err->status == PH_OK) pat_err_set(err, PH_ERR_NOMEM, "out of memory");
    return r;
}

const PatFn *patfn_from_transform(Arena *a, const PatTransformDef *def, const PatArg *args)
{
    if (!def || def->nparams > PAT_TRANSFORM_MAX_PARAMS) return NULL;
    BoundEnv *e = ARENA_NEW(a, BoundEnv);
    PatFn *fn = ARENA_NEW(a, PatFn);
    if (!e || !fn) return NULL;
    e->def = def;
    for (int i = 0; i < def->nparams; i++) e->args[i] = args[i];
    fn->apply = bound_apply;
    fn->env = e;
    fn->name = def->name;
    return fn;
}
