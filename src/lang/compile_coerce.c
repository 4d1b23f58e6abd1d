/* compile_coerce.c - the coercions of LANGUAGE.md §2.
 *
 *   number          -> pure pattern, or a constant signal
 *   string          -> mini-notation pattern (errors point inside the literal)
 *   value pattern   -> stepped signal (note names -> Hz)
 *   control pattern -> signal, by playing it on the voice engine
 *   function        -> pattern function (for higher-order transforms) */
#include <string.h>

#include "engine/nodes.h"
#include "lang/builtin_signal.h"
#include "lang/compile_internal.h"
#include "pattern/arith.h"
#include "pattern/mini.h"

const char *cx_kind_text(const CVal *v)
{
    switch (v->kind) {
    case CV_NUM: return "a number";
    case CV_STR: return "a pattern string";
    case CV_PAT: return v->u.pat.ctrl ? "a control pattern" : "a pattern";
    case CV_SIG: return "a signal";
    case CV_FUNC: return "a function";
    case CV_LIST: return "a list";
    }
    return "a value";
}

bool cx_string_pattern(Compiler *c, const CVal *v, const Pattern **out)
{
    MiniResult r;
    PhStatus st = mini_parse(v->u.str.text, v->u.str.len, c->arena, &r);
    if (st == PH_OK) {
        /* Strudel's mini-notation atoms are not __pure: `fast "2"` goes through
         * the innerJoin, and `fast "x"` fails at query time, as in Strudel */
        *out = pat_unpure(c->arena, r.pattern);
        return *out != NULL;
    }
    size_t off = v->u.str.content_offset + r.err_offset;
    size_t len = r.err_length ? r.err_length : 1;
    cx_error_at(c, off, len, "in pattern: %s", r.err_msg);
    return false;
}

bool cx_to_pattern(Compiler *c, const CVal *v, const Pattern **out, bool *ctrl)
{
    *ctrl = false;
    switch (v->kind) {
    case CV_NUM:
        *out = pat_pure(c->arena, val_num(v->u.num));
        return *out != NULL;
    case CV_STR: return cx_string_pattern(c, v, out);
    case CV_PAT:
        *out = v->u.pat.p;
        *ctrl = v->u.pat.ctrl;
        return true;
    case CV_SIG:
        cx_error(c, v, "a signal cannot be used as a pattern here");
        return false;
    case CV_FUNC:
        cx_error(c, v, "`%s` is a function waiting for %s, not a pattern", v->u.fn->name,
                 v->u.fn->signal && !v->u.fn->transform ? "its input (use `#`)" : "its arguments");
        return false;
    case CV_LIST:
        cx_error(c, v, "a list cannot be used as a pattern here (use `stack [...]` or `cat [...]`)");
        return false;
    }
    return false;
}

/* A control pattern as a signal: its events play as voices. */
static bool trigger_signal(Compiler *c, const CVal *v, Signal *out)
{
    Program *p = c->prog;
    ProgTrigger t;
    memset(&t, 0, sizeof t);
    t.pattern = v->u.pat.p;
    t.slot = program_voice_slots(p);
    t.out = program_new_signal(p, true);
    t.key = cx_next_key(c);
    t.src_offset = v->offset;
    t.src_length = v->length;
    if (t.out.l >= 0 && !cx_sound_prepare(c, &t)) return false; /* orbit effects, bus voices (compile.c) */
    if (t.out.l < 0 || program_add_trigger(p, &t) < 0) {
        cx_error(c, v, "too many sound patterns in one program");
        return false;
    }
    *out = t.out;
    return true;
}

static bool to_signal_uncached(Compiler *c, const CVal *v, Signal *out);

/* A bus's value becomes a signal once: every reader shares its nodes (and a
 * sound bus its voices). */
bool cx_to_signal(Compiler *c, const CVal *v, Signal *out)
{
    if (!c->prog) {
        cx_error(c, v, "signals are not available here (only patterns can be queried)");
        return false;
    }
    BusInfo *b = v->bus;
    if (b && b->has_signal) {
        *out = b->signal;
        return true;
    }
    KeyScope saved = { 0, 0 };
    if (b) saved = cx_key_scope_enter_bus(c, b->name);
    bool ok = to_signal_uncached(c, v, out);
    if (b) cx_key_scope_restore(c, saved);
    if (!ok) return false;
    if (b) {
        b->has_signal = true;
        b->signal = *out;
    }
    return true;
}

static bool to_signal_uncached(Compiler *c, const CVal *v, Signal *out)
{
    ProgNode node;
    switch (v->kind) {
    case CV_SIG: *out = v->u.sig; return true;
    case CV_NUM:
        if (!node_make_const(c->prog, v->u.num, &node) || !cx_add_node(c, &node, v->offset, v->length))
            return false;
        *out = node.out;
        return true;
    case CV_STR:
    case CV_PAT: {
        const Pattern *p;
        bool ctrl;
        if (!cx_to_pattern(c, v, &p, &ctrl)) return false;
        if (ctrl && v->kind == CV_PAT && v->u.pat.sound) return trigger_signal(c, v, out);
        if (!node_make_stepped(c->prog, p, true, &node) || !cx_add_node(c, &node, v->offset, v->length))
            return false;
        *out = node.out;
        return true;
    }
    case CV_FUNC: {
        const CFunc *f = v->u.fn;
        if (f->kind == CF_NAMED && f->signal && f->signal->standalone && f->nargs >= sig_builtin_required(f->signal)) {
            /* `adsr 0.01 0.1` alone: the envelope itself */
            CVal one = { .kind = CV_NUM, .u.num = 1.0 };
            CVal r;
            cx_span(&one, v->offset, v->length);
            if (!cx_apply_subject(c, v, &one, &r)) return false;
            *out = r.u.sig;
            return r.kind == CV_SIG;
        }
        cx_error(c, v, "`%s` is a function waiting for %s, not a signal", v->u.fn->name,
                 v->u.fn->signal ? "its input (write `x # ...`)" : "its arguments");
        return false;
    }
    case CV_LIST:
        cx_error(c, v, "a list cannot be used as a signal");
        return false;
    }
    return false;
}

bool cx_to_patfn(Compiler *c, const CVal *v, const PatFn **out)
{
    if (v->kind != CV_FUNC) {
        cx_error(c, v, "expected a transform such as `rev`, `(fast 2)` or `(# speed 2)`, found %s",
                 cx_kind_text(v));
        return false;
    }
    const CFunc *f = v->u.fn;
    if (f->kind == CF_PATFN) {
        *out = f->patfn;
        return true;
    }
    const PatTransformDef *t = f->transform;
    if (t && !t->generator && f->nargs == t->nparams) {
        PatArg args[PAT_TRANSFORM_MAX_PARAMS];
        for (int i = 0; i < t->nparams; i++) {
            args[i].kind = t->params[i];
            switch (t->params[i]) {
            case PAT_PARAM_PAT: {
                bool ctrl;
                if (!cx_to_pattern(c, &f->args[i], &args[i].u.pat, &ctrl)) return false;
                break;
            }
            case PAT_PARAM_FN:
                if (!cx_to_patfn(c, &f->args[i], &args[i].u.fn)) return false;
                break;
            case PAT_PARAM_LIST: {
                const CVal *l = &f->args[i];
                if (l->kind != CV_LIST) {
                    cx_error(c, l, "expected a list `[a, b, ...]`");
                    return false;
                }
                const Pattern **items = ARENA_ARRAY(c->arena, const Pattern *, l->u.list.n ? l->u.list.n : 1);
                if (!items) return false;
                for (int k = 0; k < l->u.list.n; k++) {
                    bool ctrl;
                    if (!cx_to_pattern(c, &l->u.list.items[k], &items[k], &ctrl)) return false;
                }
                args[i].u.list.items = items;
                args[i].u.list.n = (size_t)l->u.list.n;
                break;
            }
            }
        }
        *out = patfn_from_transform(c->arena, t, args);
        return *out != NULL;
    }
    if (f->control && f->nargs >= 1) {
        /* `every 2 (lpf 300)`: a control with its value, as `(# lpf 300)` */
        const Pattern *vals;
        bool ctrl;
        if (!cx_to_pattern(c, &f->args[0], &vals, &ctrl)) return false;
        PatErr err = { PH_OK, "" };
        const Pattern *ctl = pat_control(c->arena, f->control, vals, &err);
        if (!ctl) {
            cx_error(c, v, "%s", err.msg);
            return false;
        }
        *out = patfn_set_section(c->arena, ctl);
        return *out != NULL;
    }
    if (t && !t->generator && f->nargs < t->nparams) {
        cx_error(c, v, "`%s` needs %d argument%s here (usage: %s)", f->name, t->nparams, t->nparams == 1 ? "" : "s",
                 t->usage);
        return false;
    }
    cx_error(c, v, "`%s` is not a pattern transform", f->name);
    return false;
}
