/* compile_expr.c - evaluating expressions to compile-time values.
 *
 * Application is curried and resolved by types: a name keeps every meaning
 * it has (transform, control, signal builtin) until its arguments and its
 * subject are known. `$` chains are resolved here: the first element that is
 * not a function is the subject; functions after it apply left to right
 * (Phonon postfix), functions before it right to left (Tidal prefix).
 * Sections `(# speed 2)` and `(+ 7)` become pattern functions. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lang/builtin_signal.h"
#include "lang/compile_internal.h"
#include "pattern/arith.h"
#include "pattern/control.h"
#include "pattern/transform.h"

void cx_span(CVal *v, size_t offset, size_t length)
{
    v->offset = offset;
    v->length = length;
}

static CFunc *new_func(Compiler *c, const CFunc *like)
{
    CFunc *f = ARENA_NEW(c->arena, CFunc);
    if (f && like) *f = *like;
    return f;
}

/* ---- names ------------------------------------------------------------------ */

static bool lookup_name(Compiler *c, const AstNode *n, CFunc *f)
{
    const char *name = n->u.name.text;
    size_t len = n->u.name.len;
    memset(f, 0, sizeof *f);
    f->kind = CF_NAMED;
    f->name = name;
    f->transform = pat_transform_find(name, len);
    f->control = pat_control_find(name, len);
    f->signal = sig_builtin_find(name, len);
    if (f->transform || f->control || f->signal) return true;
    const char *near = cx_suggest(c, name);
    if (near)
        cx_error_at(c, n->offset, n->length, "unknown function `%s` (did you mean `%s`?)", name, near);
    else
        cx_error_at(c, n->offset, n->length, "unknown function `%s`", name);
    return false;
}

static bool call_generator(Compiler *c, const CFunc *f, const CVal *args, int nargs, size_t off, size_t len,
                           CVal *out);
static bool make_source(Compiler *c, const CFunc *f, const CVal *args, int nargs, size_t off, size_t len,
                        CVal *out);

/* A bare name: its zero-argument meaning if it has one (`sine` the
 * continuous pattern, `noise` the signal), else a function value. */
static bool eval_ident(Compiler *c, const AstNode *n, CVal *out)
{
    CFunc f;
    if (!lookup_name(c, n, &f)) return false;
    if (f.transform && f.transform->generator && f.transform->nparams == 0)
        return call_generator(c, &f, NULL, 0, n->offset, n->length, out);
    if (f.signal && f.signal->role == SIG_SOURCE && sig_builtin_required(f.signal) == 0 && !f.transform)
        return make_source(c, &f, NULL, 0, n->offset, n->length, out);
    CFunc *fp = new_func(c, &f);
    if (!fp) return false;
    out->kind = CV_FUNC;
    out->u.fn = fp;
    cx_span(out, n->offset, n->length);
    return true;
}

bool cx_func_wants_subject(const CVal *v) { return v->kind == CV_FUNC; }

/* ---- converting arguments ----------------------------------------------------- */

static bool to_patarg(Compiler *c, PatParamKind kind, const CVal *v, PatArg *out)
{
    out->kind = kind;
    switch (kind) {
    case PAT_PARAM_PAT: {
        bool ctrl;
        return cx_to_pattern(c, v, &out->u.pat, &ctrl);
    }
    case PAT_PARAM_FN:
        return cx_to_patfn(c, v, &out->u.fn);
    case PAT_PARAM_LIST: {
        if (v->kind != CV_LIST) {
            cx_error(c, v, "expected a list `[a, b, ...]`, found %s", cx_kind_text(v));
            return false;
        }
        const Pattern **items = ARENA_ARRAY(c->arena, const Pattern *, v->u.list.n ? v->u.list.n : 1);
        if (!items) return false;
        for (int i = 0; i < v->u.list.n; i++) {
            bool ctrl;
            if (!cx_to_pattern(c, &v->u.list.items[i], &items[i], &ctrl)) return false;
        }
        out->u.list.items = items;
        out->u.list.n = (size_t)v->u.list.n;
        return true;
    }
    }
    return false;
}

static bool args_are_patterns(const CVal *args, int n, bool *any_ctrl)
{
    *any_ctrl = false;
    for (int i = 0; i < n; i++) {
        CvKind k = args[i].kind;
        if (k == CV_PAT && args[i].u.pat.ctrl) *any_ctrl = true;
        if (k != CV_NUM && k != CV_STR && k != CV_PAT) return false;
    }
    return true;
}

/* Does the transform's result carry control maps? Transforms keep the kind
 * of their subject; a few (jux, hurry, chop...) add controls, which needs a
 * control subject anyway. */
static bool run_transform(Compiler *c, const CFunc *f, const Pattern *subject, bool subject_ctrl,
                          bool subject_sound, size_t off, size_t len, CVal *out)
{
    const PatTransformDef *t = f->transform;
    PatArg pargs[PAT_TRANSFORM_MAX_PARAMS];
    for (int i = 0; i < t->nparams; i++)
        if (!to_patarg(c, t->params[i], &f->args[i], &pargs[i])) return false;
    PatErr err = { PH_OK, "" };
    const Pattern *p = t->apply(c->arena, pargs, subject, &err);
    if (!p) {
        cx_error_at(c, off, len, "%s: %s", t->name, err.status != PH_OK ? err.msg : "out of memory");
        return false;
    }
    out->kind = CV_PAT;
    out->u.pat.p = p;
    out->u.pat.ctrl = subject_ctrl && !t->plain_result;
    out->u.pat.sound = subject_sound && !t->plain_result;
    cx_span(out, off, len);
    return true;
}

/* A generator's result carries controls (and sounds) if its inputs do:
 * `stack [s "bd", s "hh*2"]`, `euclidFull 3 8 (s "bd") (s "hh")`. */
static void args_flags(const CVal *args, int n, bool *ctrl, bool *sound)
{
    for (int i = 0; i < n; i++) {
        if (args[i].kind == CV_PAT) {
            *ctrl = *ctrl || args[i].u.pat.ctrl;
            *sound = *sound || args[i].u.pat.sound;
        } else if (args[i].kind == CV_LIST) {
            args_flags(args[i].u.list.items, args[i].u.list.n, ctrl, sound);
        }
    }
}

static bool call_generator(Compiler *c, const CFunc *f, const CVal *args, int nargs, size_t off, size_t len,
                           CVal *out)
{
    CFunc full = *f;
    for (int i = 0; i < nargs; i++) full.args[full.nargs++] = args[i];
    bool ctrl = false, sound = false;
    args_flags(full.args, full.nargs, &ctrl, &sound);
    return run_transform(c, &full, NULL, ctrl, sound, off, len, out);
}

/* Per-event control from a control name and its argument(s): `gain 0.8`,
 * `lpf 800` (cutoff), `lpf 800 0.3` (cutoff and resonance). */
static const char *control_companion(const PatControlDef *d)
{
    if (!strcmp(d->key, "cutoff")) return "resonance";
    if (!strcmp(d->key, "hcutoff")) return "hresonance";
    if (!strcmp(d->key, "bandf")) return "bandq";
    return NULL;
}

static int control_arity(const PatControlDef *d) { return control_companion(d) ? 2 : 1; }

static bool make_control(Compiler *c, const CFunc *f, size_t off, size_t len, CVal *out)
{
    const PatControlDef *d = f->control;
    PatErr err = { PH_OK, "" };
    bool ctrl;
    const Pattern *vals;
    if (!cx_to_pattern(c, &f->args[0], &vals, &ctrl)) return false;
    const Pattern *p = pat_control(c->arena, d, vals, &err);
    if (p && f->nargs == 2) {
        const char *comp = control_companion(d);
        const PatControlDef *cd = comp ? pat_control_find(comp, strlen(comp)) : NULL;
        const Pattern *v2;
        if (!cd || !cx_to_pattern(c, &f->args[1], &v2, &ctrl)) return false;
        const Pattern *p2 = pat_control(c->arena, cd, v2, &err);
        p = p2 ? pat_set(c->arena, p, p2) : NULL;
    }
    if (!p) {
        cx_error_at(c, off, len, "%s: %s", f->name, err.status != PH_OK ? err.msg : "out of memory");
        return false;
    }
    out->kind = CV_PAT;
    out->u.pat.p = p;
    out->u.pat.ctrl = true;
    out->u.pat.sound = d->type == PAT_CONTROL_SOUND;
    cx_span(out, off, len);
    return true;
}

/* ---- signals -------------------------------------------------------------------- */

static bool make_signal_node(Compiler *c, const SigBuiltin *b, const Signal *input, const CVal *args, int nargs,
                             size_t off, size_t len, CVal *out)
{
    if (!c->prog) {
        cx_error_at(c, off, len, "`%s` makes a signal; only patterns can be queried here", b->name);
        return false;
    }
    SigMake m;
    memset(&m, 0, sizeof m);
    m.prog = c->prog;
    m.rate = c->opt->sample_rate;
    if (input) m.input = *input;
    m.nparams = b->nparams;
    for (int i = 0; i < b->nparams; i++) {
        if (i < nargs) {
            if (args[i].kind == CV_NUM) {
                m.is_constant[i] = true;
                m.constant[i] = args[i].u.num;
            }
            if (!cx_to_signal(c, &args[i], &m.params[i])) return false;
        } else {
            CVal d = { .kind = CV_NUM, .u.num = b->params[i].def };
            cx_span(&d, off, len);
            m.is_constant[i] = true;
            m.constant[i] = d.u.num;
            if (!cx_to_signal(c, &d, &m.params[i])) return false;
        }
    }
    if (!b->make(&m)) {
        cx_error_at(c, off, len, "%s: %s", b->name, m.error[0] ? m.error : "cannot be built");
        return false;
    }
    if (!cx_add_node(c, &m.node, off, len)) return false;
    out->kind = CV_SIG;
    out->u.sig = m.node.out;
    cx_span(out, off, len);
    return true;
}

static bool make_source(Compiler *c, const CFunc *f, const CVal *args, int nargs, size_t off, size_t len,
                        CVal *out)
{
    CVal all[CFUNC_MAX_ARGS];
    int n = 0;
    for (int i = 0; i < f->nargs; i++) all[n++] = f->args[i];
    for (int i = 0; i < nargs && n < CFUNC_MAX_ARGS; i++) all[n++] = args[i];
    return make_signal_node(c, f->signal, NULL, all, n, off, len, out);
}

/* ---- application ---------------------------------------------------------------- */

static const char *usage_of(const CFunc *f)
{
    if (f->transform) return f->transform->usage;
    if (f->signal) return f->signal->usage;
    return f->name;
}

bool cx_apply_args(Compiler *c, const CVal *fnv, const CVal *args, int nargs, const AstNode *site, CVal *out)
{
    memset(out, 0, sizeof *out);
    size_t off = site->offset, len = site->length;
    if (fnv->kind != CV_FUNC || fnv->u.fn->kind != CF_NAMED) {
        cx_error_at(c, off, len, "%s cannot take arguments", cx_kind_text(fnv));
        return false;
    }
    const CFunc *f = fnv->u.fn;
    int total = f->nargs + nargs;
    if (total > CFUNC_MAX_ARGS) {
        cx_error_at(c, off, len, "too many arguments for `%s` (usage: %s)", f->name, usage_of(f));
        return false;
    }
    CFunc g = *f;
    for (int i = 0; i < nargs; i++) g.args[g.nargs++] = args[i];

    const PatTransformDef *t = g.transform;
    if (t && t->generator && total == t->nparams) return call_generator(c, &g, NULL, 0, off, len, out);
    if (t && !t->generator && total == t->nparams + 1) {
        /* the last argument is the subject: `fast 2 "bd sn"` */
        CVal subject = g.args[--g.nargs];
        CVal fn = { .kind = CV_FUNC };
        CFunc *gp = new_func(c, &g);
        if (!gp) return false;
        fn.u.fn = gp;
        cx_span(&fn, off, len);
        return cx_apply_subject(c, &fn, &subject, out);
    }
    const SigBuiltin *s = g.signal;
    if (s && s->role == SIG_SOURCE && total >= sig_builtin_required(s) && total <= s->nparams &&
        !(t && total <= t->nparams)) {
        return make_signal_node(c, s, NULL, g.args, g.nargs, off, len, out);
    }
    if (g.control && !s && !t) {
        if (total > control_arity(g.control)) {
            cx_error_at(c, off, len, "`%s` takes %d value%s", g.name, control_arity(g.control),
                        control_arity(g.control) > 1 ? "s" : "");
            return false;
        }
        if (total >= 1) return make_control(c, &g, off, len, out);
    }
    int most = 0;
    if (t) most = t->nparams;
    if (s) most = most > s->nparams ? most : s->nparams;
    if (g.control) most = most > control_arity(g.control) ? most : control_arity(g.control);
    if (total > most) {
        cx_error_at(c, off, len, "too many arguments for `%s` (usage: %s)", g.name, usage_of(&g));
        return false;
    }
    CFunc *gp = new_func(c, &g);
    if (!gp) return false;
    out->kind = CV_FUNC;
    out->u.fn = gp;
    cx_span(out, off, len);
    return true;
}

static bool subject_is_pattern_like(const CVal *v)
{
    return v->kind == CV_NUM || v->kind == CV_STR || v->kind == CV_PAT;
}

/* Applies an effect or control function to an input: the heart of `#`. */
static bool apply_signal_or_control(Compiler *c, const CFunc *f, const CVal *subject, size_t off, size_t len,
                                    CVal *out)
{
    bool any_ctrl;
    bool patterned_args = args_are_patterns(f->args, f->nargs, &any_ctrl);
    bool subject_ctrl = subject->kind == CV_PAT && subject->u.pat.ctrl;
    /* Per-event control: a control pattern, arguments that are patterns, and
     * no more of them than the control takes (`# lpf 800`, `# delay 0.5`). */
    if (f->control && subject_ctrl && patterned_args && f->nargs >= 1 && f->nargs <= control_arity(f->control)) {
        CVal ctl;
        if (!make_control(c, f, off, len, &ctl)) return false;
        out->kind = CV_PAT;
        out->u.pat.p = pat_set(c->arena, subject->u.pat.p, ctl.u.pat.p);
        out->u.pat.ctrl = true;
        out->u.pat.sound = subject->u.pat.sound || ctl.u.pat.sound;
        cx_span(out, subject->offset, off + len - subject->offset);
        return out->u.pat.p != NULL;
    }
    const SigBuiltin *s = f->signal;
    if (s && s->role == SIG_EFFECT) {
        if (f->nargs < sig_builtin_required(s)) {
            cx_error_at(c, off, len, "`%s` needs %d argument%s (usage: %s)", f->name, sig_builtin_required(s),
                        sig_builtin_required(s) == 1 ? "" : "s", s->usage);
            return false;
        }
        Signal in;
        if (!cx_to_signal(c, subject, &in)) return false;
        return make_signal_node(c, s, &in, f->args, f->nargs, subject->offset, off + len - subject->offset, out);
    }
    if (f->control) {
        if (!subject_ctrl)
            cx_error_at(c, off, len, "`%s` sets a control on events, but its input is %s", f->name,
                        cx_kind_text(subject));
        else
            cx_error_at(c, off, len, "`%s` needs a value: `# %s 0.5`", f->name, f->name);
        return false;
    }
    cx_error_at(c, off, len, "`%s` does not take an input (usage: %s)", f->name, usage_of(f));
    return false;
}

bool cx_apply_subject(Compiler *c, const CVal *fnv, const CVal *subject, CVal *out)
{
    memset(out, 0, sizeof *out);
    size_t off = fnv->offset, len = fnv->length;
    if (fnv->kind != CV_FUNC) {
        cx_error(c, fnv, "expected a function here, found %s", cx_kind_text(fnv));
        return false;
    }
    const CFunc *f = fnv->u.fn;
    if (f->kind == CF_PATFN) {
        const Pattern *p;
        bool ctrl;
        if (!subject_is_pattern_like(subject)) {
            cx_error(c, subject, "`%s` transforms patterns, but this is %s", f->name, cx_kind_text(subject));
            return false;
        }
        if (!cx_to_pattern(c, subject, &p, &ctrl)) return false;
        PatErr err = { PH_OK, "" };
        const Pattern *r = patfn_apply(f->patfn, c->arena, p, &err);
        if (!r) {
            cx_error(c, fnv, "%s", err.status != PH_OK ? err.msg : "out of memory");
            return false;
        }
        out->kind = CV_PAT;
        out->u.pat.p = r;
        out->u.pat.ctrl = ctrl || !strcmp(f->name, "section #");
        out->u.pat.sound = subject->kind == CV_PAT && subject->u.pat.sound;
        cx_span(out, subject->offset, subject->length);
        return true;
    }
    const PatTransformDef *t = f->transform;
    /* a name that is both (mtof) transforms patterns and processes signals */
    if (t && !t->generator && f->nargs == t->nparams && (subject_is_pattern_like(subject) || !f->signal)) {
        if (!subject_is_pattern_like(subject)) {
            cx_error(c, subject, "`%s` transforms patterns, but this is %s", f->name, cx_kind_text(subject));
            return false;
        }
        const Pattern *p;
        bool ctrl;
        if (!cx_to_pattern(c, subject, &p, &ctrl)) return false;
        bool sound = subject->kind == CV_PAT && subject->u.pat.sound;
        return run_transform(c, f, p, ctrl, sound, subject->offset, subject->length, out);
    }
    if (f->signal || f->control) return apply_signal_or_control(c, f, subject, off, len, out);
    if (t && !t->generator && f->nargs < t->nparams) {
        cx_error_at(c, off, len, "`%s` needs %d argument%s before its pattern (usage: %s)", f->name, t->nparams,
                    t->nparams == 1 ? "" : "s", t->usage);
        return false;
    }
    cx_error_at(c, off, len, "`%s` cannot be applied to %s (usage: %s)", f->name, cx_kind_text(subject),
                usage_of(f));
    return false;
}

bool cx_chain(Compiler *c, const CVal *lhs, const CVal *rhs, CVal *out)
{
    memset(out, 0, sizeof *out);
    if (rhs->kind == CV_FUNC) return cx_apply_subject(c, rhs, lhs, out);
    if (rhs->kind == CV_PAT && rhs->u.pat.ctrl) {
        if (!(lhs->kind == CV_PAT && lhs->u.pat.ctrl)) {
            cx_error(c, rhs, "`#` with a control pattern sets controls on events, but its left side is %s%s",
                     cx_kind_text(lhs), lhs->kind == CV_SIG ? " (scale a signal with `*`)" : "");
            return false;
        }
        const Pattern *p = pat_set(c->arena, lhs->u.pat.p, rhs->u.pat.p);
        if (!p) return false;
        out->kind = CV_PAT;
        out->u.pat.p = p;
        out->u.pat.ctrl = true;
        out->u.pat.sound = lhs->u.pat.sound || rhs->u.pat.sound;
        cx_span(out, lhs->offset, rhs->offset + rhs->length - lhs->offset);
        return true;
    }
    cx_error(c, rhs, "the right side of `#` must be a function or a control pattern, found %s", cx_kind_text(rhs));
    return false;
}

/* ---- `$` chains ------------------------------------------------------------------ */

static bool compose_all(Compiler *c, const CVal *v, int n, size_t off, size_t len, CVal *out)
{
    /* f0 $ f1 $ ... $ fn-1 with no subject: x -> f0(f1(...(x))) */
    const PatFn *acc = NULL;
    for (int i = n - 1; i >= 0; i--) {
        const PatFn *f;
        if (!cx_to_patfn(c, &v[i], &f)) return false;
        acc = acc ? patfn_compose(c->arena, acc, f) : f;
        if (!acc) return false;
    }
    CFunc *fp = new_func(c, NULL);
    if (!fp) return false;
    fp->kind = CF_PATFN;
    fp->name = "composition";
    fp->patfn = acc;
    out->kind = CV_FUNC;
    out->u.fn = fp;
    cx_span(out, off, len);
    return true;
}

static bool eval_dollar(Compiler *c, const AstNode *n, CVal *out)
{
    int count = n->u.list.count;
    CVal *v = ARENA_ARRAY(c->arena, CVal, count);
    if (!v) return false;
    for (int i = 0; i < count; i++)
        if (!cx_eval(c, n->u.list.items[i], &v[i])) return false;
    int k = 0;
    while (k < count && cx_func_wants_subject(&v[k])) k++;
    if (k == count) return compose_all(c, v, count, n->offset, n->length, out);
    CVal acc = v[k];
    for (int i = k + 1; i < count; i++) {
        if (v[i].kind != CV_FUNC) {
            cx_error(c, &v[i], "`$` after a pattern expects a transform, found %s%s", cx_kind_text(&v[i]),
                     v[i].kind == CV_PAT && v[i].u.pat.ctrl ? " (set controls with `#`)" : "");
            return false;
        }
        CVal next;
        if (!cx_apply_subject(c, &v[i], &acc, &next)) return false;
        acc = next;
    }
    for (int i = k - 1; i >= 0; i--) {
        CVal next;
        if (!cx_apply_subject(c, &v[i], &acc, &next)) return false;
        acc = next;
    }
    *out = acc;
    cx_span(out, n->offset, n->length);
    return true;
}

/* ---- sections -------------------------------------------------------------------- */

/* One step of a section's left spine as a pattern function. */
static bool spine_step(Compiler *c, const AstNode *node, const PatFn **out)
{
    CVal r;
    if (node->kind == AST_CHAIN) {
        if (!cx_eval(c, node->u.bin.rhs, &r)) return false;
        if (r.kind == CV_FUNC) {
            const CFunc *f = r.u.fn;
            if (f->kind == CF_NAMED && f->control && !(f->transform && f->nargs == f->transform->nparams)) {
                CVal ctl;
                bool any_ctrl;
                if (!args_are_patterns(f->args, f->nargs, &any_ctrl) || f->nargs < 1 ||
                    f->nargs > control_arity(f->control)) {
                    cx_error(c, &r, "inside a pattern function, `# %s` must set event controls", f->name);
                    return false;
                }
                if (!make_control(c, f, r.offset, r.length, &ctl)) return false;
                *out = patfn_set_section(c->arena, ctl.u.pat.p);
                return *out != NULL;
            }
            return cx_to_patfn(c, &r, out);
        }
        const Pattern *p;
        bool ctrl;
        if (!cx_to_pattern(c, &r, &p, &ctrl)) return false;
        *out = patfn_set_section(c->arena, p);
        return *out != NULL;
    }
    if (node->kind == AST_BINOP) {
        if (!cx_eval(c, node->u.bin.rhs, &r)) return false;
        const Pattern *p;
        bool ctrl;
        if (!cx_to_pattern(c, &r, &p, &ctrl)) return false;
        *out = patfn_arith_section(c->arena, (PatOp)node->u.bin.arith, (PatSide)node->u.bin.side, p);
        return *out != NULL;
    }
    if (node->kind == AST_DOLLAR) {
        /* ($ f $ g): the hole is the first element; the rest apply postfix */
        const PatFn *acc = NULL;
        for (int i = 1; i < node->u.list.count; i++) {
            const PatFn *f;
            if (!cx_eval(c, node->u.list.items[i], &r) || !cx_to_patfn(c, &r, &f)) return false;
            acc = acc ? patfn_compose(c->arena, acc, f) : f;
        }
        *out = acc;
        return acc != NULL;
    }
    cx_error_at(c, node->offset, node->length, "this section cannot be a pattern function");
    return false;
}

static const AstNode *spine_child(const AstNode *node)
{
    if (node->kind == AST_CHAIN || node->kind == AST_BINOP) return node->u.bin.lhs;
    if (node->kind == AST_DOLLAR) return NULL; /* its first element is the hole */
    return NULL;
}

static bool eval_section(Compiler *c, const AstNode *n, CVal *out)
{
    /* Walk from the body down the left spine to the hole, then build the
     * functions innermost first. */
    const AstNode *spine[LANG_SECTION_SPINE_MAX];
    int depth = 0;
    for (const AstNode *node = n->u.section.body; node && node->kind != AST_HOLE; node = spine_child(node)) {
        if (depth == LANG_SECTION_SPINE_MAX) {
            cx_error_at(c, n->offset, n->length, "section too long");
            return false;
        }
        spine[depth++] = node;
    }
    const PatFn *acc = NULL;
    for (int i = depth - 1; i >= 0; i--) {
        const PatFn *f;
        if (!spine_step(c, spine[i], &f)) return false;
        acc = acc ? patfn_compose(c->arena, acc, f) : f;
        if (!acc) return false;
    }
    CFunc *fp = new_func(c, NULL);
    if (!fp || !acc) return false;
    fp->kind = CF_PATFN;
    fp->name = n->u.section.op == AST_CHAIN ? "section #" : "section";
    fp->patfn = acc;
    out->kind = CV_FUNC;
    out->u.fn = fp;
    cx_span(out, n->offset, n->length);
    return true;
}

/* ---- the evaluator ------------------------------------------------------------------ */

static bool eval_list(Compiler *c, const AstNode *n, CVal *out)
{
    int count = n->u.list.count;
    CVal *items = ARENA_ARRAY(c->arena, CVal, count ? count : 1);
    if (!items) return false;
    for (int i = 0; i < count; i++)
        if (!cx_eval(c, n->u.list.items[i], &items[i])) return false;
    out->kind = CV_LIST;
    out->u.list.items = items;
    out->u.list.n = count;
    return true;
}

static bool eval_app(Compiler *c, const AstNode *n, CVal *out)
{
    CFunc f;
    if (!lookup_name(c, n->u.app.fn, &f)) return false;
    int nargs = n->u.app.nargs;
    if (nargs > CFUNC_MAX_ARGS) {
        cx_error_at(c, n->offset, n->length, "too many arguments for `%s`", f.name);
        return false;
    }
    CVal args[CFUNC_MAX_ARGS];
    for (int i = 0; i < nargs; i++)
        if (!cx_eval(c, n->u.app.args[i], &args[i])) return false;
    CFunc *fp = new_func(c, &f);
    if (!fp) return false;
    CVal fv = { .kind = CV_FUNC, .u.fn = fp };
    cx_span(&fv, n->u.app.fn->offset, n->u.app.fn->length);
    return cx_apply_args(c, &fv, args, nargs, n, out);
}

bool cx_eval(Compiler *c, const AstNode *n, CVal *out)
{
    if (c->depth >= COMPILE_MAX_DEPTH) {
        cx_error_at(c, n->offset, n->length, "expression nested too deeply (limit %d)", COMPILE_MAX_DEPTH);
        return false;
    }
    c->depth++;
    bool ok = false;
    memset(out, 0, sizeof *out);
    cx_span(out, n->offset, n->length);
    switch (n->kind) {
    case AST_NUMBER:
        out->kind = CV_NUM;
        out->u.num = n->u.number;
        ok = true;
        break;
    case AST_STRING:
        out->kind = CV_STR;
        out->u.str.text = n->u.str.text;
        out->u.str.len = n->u.str.len;
        out->u.str.content_offset = n->u.str.content_offset;
        ok = true;
        break;
    case AST_IDENT: ok = eval_ident(c, n, out); break;
    case AST_BUS: ok = cx_bus_value(c, n, out); break;
    case AST_LIST: ok = eval_list(c, n, out); break;
    case AST_APP: ok = eval_app(c, n, out); break;
    case AST_NEG: {
        CVal v;
        ok = cx_eval(c, n->u.operand, &v) && cx_negate(c, &v, out);
        break;
    }
    case AST_BINOP: {
        CVal l, r;
        ok = cx_eval(c, n->u.bin.lhs, &l) && cx_eval(c, n->u.bin.rhs, &r) &&
             cx_arith(c, n->u.bin.arith, n->u.bin.side, &l, &r, out);
        break;
    }
    case AST_CHAIN: {
        CVal l, r;
        ok = cx_eval(c, n->u.bin.lhs, &l) && cx_eval(c, n->u.bin.rhs, &r) && cx_chain(c, &l, &r, out);
        break;
    }
    case AST_DOLLAR: ok = eval_dollar(c, n, out); break;
    case AST_SECTION: ok = eval_section(c, n, out); break;
    case AST_HOLE:
        cx_error_at(c, n->offset, 1, "a section's operand is missing");
        break;
    }
    if (ok) cx_span(out, n->offset, n->length);
    c->depth--;
    return ok;
}
