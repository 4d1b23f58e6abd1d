/* compile_arith.c - + - * / % and the structure operators.
 *
 * Between patterns it is pattern arithmetic with Tidal's structure rules
 * (pattern/arith.h). With a signal on either side it is sample-wise. A
 * sound pattern (`s "bd*4"`) with a number or signal is audio arithmetic:
 * `s "bd*4" * 0.8` scales the drums (examples 01 and 06), while a pattern
 * of controls without sounds, `n "0 2 4" + 7`, adds to its values. Where no
 * audio exists (`phonon query`), sound patterns use pattern arithmetic too. */
#include <math.h>
#include <string.h>

#include "engine/nodes.h"
#include "lang/builtin_signal.h"
#include "lang/compile_internal.h"
#include "pattern/arith.h"

_Static_assert((int)AST_ADD == (int)PAT_OP_ADD && (int)AST_KEEP == (int)PAT_OP_KEEP, "op enums must agree");
_Static_assert((int)AST_BOTH == (int)PAT_SIDE_BOTH && (int)AST_RIGHT == (int)PAT_SIDE_RIGHT,
               "side enums must agree");

static double fold(AstArith op, double a, double b)
{
    switch (op) {
    case AST_ADD: return a + b;
    case AST_SUB: return a - b;
    case AST_MUL: return a * b;
    case AST_DIV: return b == 0.0 ? 0.0 : a / b;
    case AST_MOD: {
        if (b == 0.0) return 0.0;
        double m = fmod(a, b);
        return (m != 0.0 && ((m < 0.0) != (b < 0.0))) ? m + b : m;
    }
    case AST_SET: return b;
    case AST_KEEP: return a;
    }
    return 0.0;
}

static bool is_audio(const Compiler *c, const CVal *v)
{
    return v->kind == CV_SIG || (c->prog && v->kind == CV_PAT && v->u.pat.sound);
}

static bool signal_arith(Compiler *c, AstArith op, const CVal *l, const CVal *r, CVal *out)
{
    if (op == AST_SET || op == AST_KEEP) { /* structure operators on audio: one side's signal */
        const CVal *pick = op == AST_SET ? r : l;
        Signal s;
        if (!cx_to_signal(c, pick, &s)) return false;
        out->kind = CV_SIG;
        out->u.sig = s;
        return true;
    }
    Signal a, b;
    if (!cx_to_signal(c, l, &a) || !cx_to_signal(c, r, &b)) return false;
    static const NodeMathOp ops[] = { NODE_ADD, NODE_SUB, NODE_MUL, NODE_DIV, NODE_MOD };
    ProgNode node;
    if (!node_make_math(c->prog, ops[op], a, b, &node) || !cx_add_node(c, &node, l->offset, r->offset + r->length - l->offset))
        return false;
    out->kind = CV_SIG;
    out->u.sig = node.out;
    return true;
}

bool cx_arith(Compiler *c, AstArith op, AstSide side, const CVal *l, const CVal *r, CVal *out)
{
    memset(out, 0, sizeof *out);
    cx_span(out, l->offset, r->offset + r->length - l->offset);
    if (l->kind == CV_NUM && r->kind == CV_NUM) {
        out->kind = CV_NUM;
        out->u.num = fold(op, l->u.num, r->u.num);
        return true;
    }
    if (l->kind == CV_FUNC || r->kind == CV_FUNC) {
        const CVal *f = l->kind == CV_FUNC ? l : r;
        const CFunc *cf = f->u.fn;
        if (cf->kind == CF_NAMED && cf->signal && cf->signal->standalone && c->prog)
            return signal_arith(c, op, l, r, out); /* `saw 110 * adsr 0.01 0.1`: the envelope itself */
        cx_error(c, f, "`%s` is a function; arithmetic needs values%s", f->u.fn->name,
                 f->u.fn->signal ? " (give an effect its input with `#` first)" : "");
        return false;
    }
    if (l->kind == CV_LIST || r->kind == CV_LIST) {
        cx_error(c, l->kind == CV_LIST ? l : r, "arithmetic on a list is not defined");
        return false;
    }
    /* Audio unless a sound pattern meets plain controls (`s "bd*4" |+ n 1`
     * changes the events); two sound patterns (`~kick + ~hats`) mix. */
    bool l_plain_ctrl = l->kind == CV_PAT && l->u.pat.ctrl && !l->u.pat.sound;
    bool r_plain_ctrl = r->kind == CV_PAT && r->u.pat.ctrl && !r->u.pat.sound;
    bool audio = l->kind == CV_SIG || r->kind == CV_SIG ||
                 ((is_audio(c, l) || is_audio(c, r)) && !l_plain_ctrl && !r_plain_ctrl);
    if (audio) return signal_arith(c, op, l, r, out);
    const Pattern *a, *b;
    bool actrl, bctrl;
    if (!cx_to_pattern(c, l, &a, &actrl) || !cx_to_pattern(c, r, &b, &bctrl)) return false;
    PatErr err = { PH_OK, "" };
    const Pattern *p = pat_arith(c->arena, (PatOp)op, (PatSide)side, a, b, &err);
    if (!p) {
        cx_error(c, out, "%s", err.status != PH_OK ? err.msg : "out of memory");
        return false;
    }
    out->kind = CV_PAT;
    out->u.pat.p = p;
    out->u.pat.ctrl = actrl || bctrl;
    out->u.pat.sound = (l->kind == CV_PAT && l->u.pat.sound) || (r->kind == CV_PAT && r->u.pat.sound);
    return true;
}

bool cx_negate(Compiler *c, const CVal *v, CVal *out)
{
    *out = *v;
    out->bus = NULL;
    if (v->kind == CV_NUM) {
        out->u.num = -v->u.num;
        return true;
    }
    CVal minus_one = { .kind = CV_NUM, .u.num = -1.0 };
    cx_span(&minus_one, v->offset, 1);
    return cx_arith(c, AST_MUL, AST_BOTH, v, &minus_one, out);
}
