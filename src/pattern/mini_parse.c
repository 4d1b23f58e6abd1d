/* mini_parse.c - mini-notation grammar to AST.
 *
 * A recursive-descent PEG parser that follows Strudel's krill.pegjs rule by
 * rule (same alternatives in the same order, same greedy repetition, no
 * backtracking into an optional), so the same texts are accepted and they
 * mean the same thing. Random seeds are numbered as the generated parser
 * does: each `?`, `|` group and `.` group takes the next number when its
 * rule finishes, so inner constructs are numbered first.
 *
 * As in Strudel, the text is parsed inside quotes: `"` + text + `"`. That is
 * why `bd" //x` is valid (a comment after the closing quote) and `bd'` is not.
 * Errors report the farthest position any rule failed at, with what was
 * expected there, like peggy. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/utf8.h"
#include "pattern/mini.h"
#include "pattern/mini_ast.h"

#define MAX_EXPECTED 16

typedef struct Parser {
    MiniSrc src;
    Arena *arena;
    size_t pos;
    int depth;
    int seed;
    size_t fail_pos; /* farthest failure and what was expected there */
    const char *expected[MAX_EXPECTED];
    int nexpected;
    PhStatus fatal;  /* a non-syntax error stops everything (depth limit, OOM) */
    size_t fatal_pos;
    char fatal_msg[120];
} Parser;

static void expect(Parser *p, size_t pos, const char *what)
{
    if (pos > p->fail_pos) {
        p->fail_pos = pos;
        p->nexpected = 0;
    }
    if (pos != p->fail_pos || p->nexpected == MAX_EXPECTED) return;
    for (int i = 0; i < p->nexpected; i++)
        if (strcmp(p->expected[i], what) == 0) return;
    p->expected[p->nexpected++] = what;
}

static void fatal(Parser *p, PhStatus st, size_t pos, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void fatal(Parser *p, PhStatus st, size_t pos, const char *fmt, ...)
{
    if (p->fatal != PH_OK) return;
    p->fatal = st;
    p->fatal_pos = pos;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->fatal_msg, sizeof p->fatal_msg, fmt, ap);
    va_end(ap);
}

static void *alloc(Parser *p, size_t n)
{
    void *m = arena_zalloc(p->arena, n);
    if (!m) fatal(p, PH_ERR_NOMEM, p->pos, "out of memory parsing mini-notation");
    return m;
}

/* Appends to an arena vector, doubling its capacity. */
static bool push(Parser *p, void ***v, size_t *n, size_t *cap, void *x)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 4;
        void **nv = alloc(p, nc * sizeof *nv);
        if (!nv) return false;
        if (*n) memcpy(nv, *v, *n * sizeof *nv);
        *v = nv;
        *cap = nc;
    }
    (*v)[(*n)++] = x;
    return true;
}

static void ws(Parser *p) { p->pos = mini_lex_ws(&p->src, p->pos); }

static bool lit(Parser *p, const char *s)
{
    if (mini_lex_lit(&p->src, p->pos, s)) {
        p->pos += strlen(s);
        return true;
    }
    expect(p, p->pos, s);
    return false;
}

/* optional number after @ _ ! ? */
static bool number(Parser *p, double *v)
{
    size_t n = mini_lex_number(&p->src, p->pos, v);
    if (!n) {
        expect(p, p->pos, "a number");
        return false;
    }
    p->pos += n;
    return true;
}

static MiniNode *new_node(Parser *p, MiniKind k, size_t off)
{
    MiniNode *n = alloc(p, sizeof *n);
    if (n) {
        n->kind = k;
        n->offset = off;
    }
    return n;
}

static MiniNode *stack_or_choose(Parser *p);
static MiniNode *sequence(Parser *p);
static MiniElem *slice_with_ops(Parser *p);
static MiniNode *slice(Parser *p);

/* step = ws step_char+ ws, but not a lone "." or "_" */
static MiniNode *step(Parser *p)
{
    size_t start = p->pos;
    ws(p);
    size_t b = p->pos, n;
    while ((n = mini_lex_step_char(&p->src, p->pos)) != 0) p->pos += n;
    if (p->pos == b) {
        expect(p, b, "a word or number");
        p->pos = start;
        return NULL;
    }
    size_t e = p->pos;
    ws(p);
    if (e - b == 1 && (p->src.s[b] == '.' || p->src.s[b] == '_')) {
        p->pos = start;
        return NULL;
    }
    MiniNode *node = new_node(p, MINI_ATOM, b);
    if (!node) return NULL;
    node->end = e;
    node->text = (const char *)p->src.s + b;
    node->len = e - b;
    return node;
}

/* (sep sequence)+ appended to group->kids; false if none */
static bool tail(Parser *p, const char *sep, MiniNode *group, size_t *cap)
{
    size_t count = 0;
    for (;;) {
        size_t save = p->pos;
        ws(p);
        if (!lit(p, sep)) {
            p->pos = save;
            break;
        }
        ws(p);
        MiniNode *s = sequence(p);
        if (!s) {
            p->pos = save;
            break;
        }
        if (!push(p, (void ***)&group->kids, &group->nkids, cap, s)) return false;
        count++;
    }
    return count > 0;
}

/* head (("," seq)+ | ("|" seq)+ | ("." seq)+)? */
static MiniNode *stack_or_choose(Parser *p)
{
    size_t start = p->pos;
    MiniNode *head = sequence(p);
    if (!head) return NULL;
    static const struct {
        const char *sep;
        MiniKind kind;
    } tails[] = { { ",", MINI_STACK }, { "|", MINI_RAND }, { ".", MINI_FEET } };
    for (size_t t = 0; t < 3; t++) {
        MiniNode *g = new_node(p, tails[t].kind, start);
        size_t cap = 0;
        if (!g || !push(p, (void ***)&g->kids, &g->nkids, &cap, head)) return NULL;
        if (tail(p, tails[t].sep, g, &cap)) {
            if (tails[t].kind != MINI_STACK) g->seed = p->seed++; /* after its contents */
            g->end = p->pos;
            return g;
        }
        if (p->fatal) return NULL;
    }
    return head;
}

/* head ("," seq)* as one group (its kind is set by the caller) */
static MiniNode *polymeter_stack(Parser *p, MiniKind kind)
{
    size_t start = p->pos;
    MiniNode *head = sequence(p);
    if (!head) return NULL;
    MiniNode *g = new_node(p, kind, start);
    size_t cap = 0;
    if (!g || !push(p, (void ***)&g->kids, &g->nkids, &cap, head)) return NULL;
    tail(p, ",", g, &cap);
    if (p->fatal) return NULL;
    g->end = p->pos;
    return g;
}

/* open ... close around inner, with whitespace; returns inner or NULL */
static MiniNode *bracketed(Parser *p, const char *open, const char *close, MiniKind poly_kind)
{
    size_t start = p->pos;
    ws(p);
    size_t at = p->pos;
    if (!lit(p, open)) {
        p->pos = start;
        return NULL;
    }
    ws(p);
    MiniNode *inner = poly_kind == MINI_SEQ ? stack_or_choose(p) : polymeter_stack(p, poly_kind);
    if (!inner) {
        p->pos = start;
        return NULL;
    }
    ws(p);
    if (!lit(p, close)) {
        p->pos = start;
        return NULL;
    }
    if (poly_kind != MINI_SEQ) inner->offset = at;
    return inner;
}

static MiniNode *slice(Parser *p)
{
    if (p->fatal) return NULL;
    if (++p->depth > MINI_MAX_DEPTH) {
        fatal(p, PH_ERR_LIMIT, p->pos, "mini-notation nested deeper than %d levels", MINI_MAX_DEPTH);
        return NULL;
    }
    MiniNode *r = step(p);
    if (!r && !p->fatal) {
        r = bracketed(p, "[", "]", MINI_SEQ);
        if (r) ws(p);
    }
    if (!r && !p->fatal) {
        r = bracketed(p, "{", "}", MINI_POLY);
        if (r) {
            size_t save = p->pos;
            if (lit(p, "%")) { /* polymeter_steps = "%" slice */
                r->steps = slice(p);
                if (!r->steps) p->pos = save;
            }
            ws(p);
        }
    }
    if (!r && !p->fatal) {
        r = bracketed(p, "<", ">", MINI_SLOWCAT);
        if (r) ws(p);
    }
    p->depth--;
    return p->fatal ? NULL : r;
}

static MiniOp *add_op(Parser *p, MiniElem *e, MiniOpKind kind, size_t off)
{
    if (e->nops == e->cap) {
        size_t nc = e->cap ? e->cap * 2 : 4;
        MiniOp *n = alloc(p, nc * sizeof *n);
        if (!n) return NULL;
        if (e->nops) memcpy(n, e->ops, e->nops * sizeof *n);
        e->ops = n;
        e->cap = nc;
    }
    MiniOp *op = &e->ops[e->nops++];
    memset(op, 0, sizeof *op);
    op->kind = kind;
    op->offset = off;
    return op;
}

/* "(" p "," s ("," r)? ")" with optional whitespace; args are slice_with_ops */
static bool op_euclid(Parser *p, MiniElem *e)
{
    size_t start = p->pos;
    if (!lit(p, "(")) return false;
    MiniElem *a[3] = { NULL, NULL, NULL };
    ws(p);
    if (!(a[0] = slice_with_ops(p))) goto fail;
    ws(p);
    ws(p);
    if (!lit(p, ",")) goto fail;
    ws(p);
    ws(p);
    if (!(a[1] = slice_with_ops(p))) goto fail;
    ws(p);
    size_t save = p->pos; /* comma? */
    ws(p);
    if (lit(p, ",")) ws(p);
    else p->pos = save;
    ws(p);
    a[2] = slice_with_ops(p); /* optional */
    if (p->fatal) return false;
    ws(p);
    if (!lit(p, ")")) goto fail;
    MiniOp *op = add_op(p, e, MINI_OP_EUCLID, start);
    if (!op) return false;
    memcpy(op->euclid, a, sizeof a);
    return true;
fail:
    p->pos = start;
    return false;
}

/* One slice_op, in krill's order; false (position unchanged) if none matches. */
static bool slice_op(Parser *p, MiniElem *e)
{
    size_t start = p->pos;
    double v = 0;
    ws(p); /* op_weight = ws ("@" / "_") number? */
    size_t at = p->pos;
    if (lit(p, "@") || lit(p, "_")) {
        bool has = number(p, &v);
        e->weight = (e->weight + (has ? v : 2)) - 1; /* JS: (w ?? 1) + (a ?? 2) - 1 */
        return true;
    }
    p->pos = start;
    if (op_euclid(p, e)) return true;
    if (p->fatal) return false;
    static const struct {
        const char *lit;
        MiniOpKind kind;
    } arg_ops[] = { { "/", MINI_OP_SLOW }, { "*", MINI_OP_FAST } };
    for (size_t i = 0; i < 2; i++) {
        if (!lit(p, arg_ops[i].lit)) continue;
        MiniNode *arg = slice(p);
        if (!arg) {
            p->pos = start;
            if (p->fatal) return false;
            continue;
        }
        MiniOp *op = add_op(p, e, arg_ops[i].kind, start);
        if (!op) return false;
        op->arg = arg;
        return true;
    }
    ws(p); /* op_replicate = ws "!" number? */
    at = p->pos;
    if (lit(p, "!")) {
        bool has = number(p, &v);
        /* x!n sets the count (and the weight) to n; each bare ! adds one */
        e->reps = (e->reps + (has ? v : 2)) - 1;
        size_t w = 0;
        for (size_t i = 0; i < e->nops; i++)
            if (e->ops[i].kind != MINI_OP_REPLICATE) e->ops[w++] = e->ops[i];
        e->nops = w;
        MiniOp *op = add_op(p, e, MINI_OP_REPLICATE, at);
        if (!op) return false;
        op->amount = e->reps;
        e->weight = e->reps;
        return true;
    }
    p->pos = start;
    if (lit(p, "?")) {
        MiniOp *op = add_op(p, e, MINI_OP_DEGRADE, start);
        if (!op) return false;
        op->has_amount = number(p, &op->amount);
        return true; /* the seed is numbered when the element is complete */
    }
    static const struct {
        const char *lit;
        MiniOpKind kind;
    } elem_ops[] = { { ":", MINI_OP_TAIL }, { "..", MINI_OP_RANGE } };
    for (size_t i = 0; i < 2; i++) {
        if (!lit(p, elem_ops[i].lit)) continue;
        MiniNode *arg = slice(p);
        if (!arg) {
            p->pos = start;
            if (p->fatal) return false;
            continue;
        }
        MiniOp *op = add_op(p, e, elem_ops[i].kind, start);
        if (!op) return false;
        op->arg = arg;
        return true;
    }
    p->pos = start;
    return false;
}

static MiniElem *slice_with_ops(Parser *p)
{
    size_t start = p->pos;
    MiniNode *s = slice(p);
    if (!s) return NULL;
    MiniElem *e = alloc(p, sizeof *e);
    if (!e) return NULL;
    e->slice = s;
    e->weight = 1;
    e->reps = 1;
    e->offset = s->kind == MINI_ATOM ? s->offset : mini_lex_ws(&p->src, start);
    while (slice_op(p, e)) {
    }
    if (p->fatal) return NULL;
    /* krill applies the ops when the element is complete: `?` seeds now */
    for (size_t i = 0; i < e->nops; i++)
        if (e->ops[i].kind == MINI_OP_DEGRADE) e->ops[i].seed = p->seed++;
    e->end = p->pos;
    return e;
}

/* sequence = "^"? slice_with_ops+ */
static MiniNode *sequence(Parser *p)
{
    size_t start = p->pos;
    lit(p, "^"); /* Strudel's "steps" marker: accepted, no effect on events */
    MiniNode *seq = new_node(p, MINI_SEQ, mini_lex_ws(&p->src, p->pos));
    if (!seq) return NULL;
    size_t cap = 0;
    MiniElem *e;
    while ((e = slice_with_ops(p)) != NULL)
        if (!push(p, (void ***)&seq->elems, &seq->nelems, &cap, e)) return NULL;
    if (p->fatal || seq->nelems == 0) {
        p->pos = start;
        return NULL;
    }
    seq->end = p->pos;
    return seq;
}

/* Describes the farthest failure like peggy: what was expected, what was found. */
static void syntax_error(Parser *p, MiniResult *out, size_t text_len)
{
    size_t at = p->fail_pos;
    char found[16];
    if (at + 1 >= p->src.len) {
        snprintf(found, sizeof found, "end of pattern");
    } else {
        uint32_t cp;
        size_t n = utf8_decode(p->src.s + at, p->src.len - at, &cp);
        if (n == 0) n = 1;
        snprintf(found, sizeof found, "\"%.*s\"", (int)n, (const char *)p->src.s + at);
        out->err_length = n;
    }
    /* the closing quote and "end" are Strudel's wrapping: say "end of pattern" */
    const char *words[MAX_EXPECTED + 1];
    int nw = 0;
    bool end = false;
    for (int i = 0; i < p->nexpected; i++) {
        const char *w = p->expected[i];
        if (!strcmp(w, "\"") || !strcmp(w, "'") || !strcmp(w, "end") || !strcmp(w, "//")) end = true;
        else words[nw++] = w;
    }
    if (end) words[nw++] = "end of pattern";
    char exp[160] = "";
    size_t len = 0;
    for (int i = 0; i < nw && len < sizeof exp; i++) {
        const char *w = words[i];
        bool quote = strcmp(w, "a word or number") && strcmp(w, "a number") && strcmp(w, "end of pattern");
        len += (size_t)snprintf(exp + len, sizeof exp - len, "%s%s%s%s", i ? (i + 1 == nw ? " or " : ", ") : "",
                                quote ? "\"" : "", w, quote ? "\"" : "");
    }
    out->status = PH_ERR_SYNTAX;
    out->err_offset = at == 0 ? 0 : (at - 1 > text_len ? text_len : at - 1);
    if (exp[0]) snprintf(out->err_msg, sizeof out->err_msg, "mini-notation: expected %.90s but found %.32s", exp, found);
    else snprintf(out->err_msg, sizeof out->err_msg, "mini-notation: unexpected %.120s", found);
}

MiniNode *mini_parse_ast(const unsigned char *quoted, size_t qlen, Arena *arena, MiniResult *out)
{
    Parser p;
    memset(&p, 0, sizeof p);
    p.src = (MiniSrc){ quoted, qlen };
    p.arena = arena;
    out->err_length = 1;
    /* mini = ws quote ws stack_or_choose ws quote; then ws comment* end */
    ws(&p);
    lit(&p, "\"");
    ws(&p);
    MiniNode *root = stack_or_choose(&p);
    if (root) {
        ws(&p);
        if (lit(&p, "\"") || lit(&p, "'")) {
            ws(&p);
            if (mini_lex_lit(&p.src, p.pos, "//")) {
                while (p.pos < qlen && quoted[p.pos] != '\n') p.pos++;
            } else {
                expect(&p, p.pos, "//");
            }
            if (p.pos == qlen) return root;
            expect(&p, p.pos, "end");
        }
    }
    if (p.fatal != PH_OK) {
        out->status = p.fatal;
        out->err_offset = p.fatal_pos ? p.fatal_pos - 1 : 0;
        snprintf(out->err_msg, sizeof out->err_msg, "%s", p.fatal_msg);
        return NULL;
    }
    syntax_error(&p, out, qlen - 2);
    return NULL;
}
