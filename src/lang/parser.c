/* parser.c - the .ph parser: layout (lines -> statements) and the entry
 * points. Statements are in parse_stmt.c, expressions in parse_expr.c.
 *
 * The driver pulls tokens from the lexer and groups them: a token that
 * starts a line starts a new statement unless the line is a continuation
 * (parser.h). Each group is parsed on its own, with an end sentinel, so an
 * error abandons only that statement and parsing resumes at the next. */
#include "lang/parse_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- helpers shared with parse_expr.c ---------------------------------- */

const LexToken *parse_peek(const Parser *P)
{
    return &P->toks[P->pos];
}

const LexToken *parse_advance(Parser *P)
{
    const LexToken *t = &P->toks[P->pos];
    if (P->pos < P->ntoks) P->pos++;
    return t;
}

void parse_error_at(Parser *P, size_t offset, size_t length, const char *fmt, ...)
{
    if (P->failed) return;
    P->failed = true;
    va_list ap;
    va_start(ap, fmt);
    diag_add(P->diag, DIAG_ERROR, offset, length, fmt, ap);
    va_end(ap);
}

const char *parse_describe(const Parser *P, const LexToken *t, char *buf, size_t n)
{
    int len = t->length > 40 ? 40 : (int)t->length;
    const char *text = P->src + t->offset;
    const char *more = t->length > 40 ? "..." : "";
    switch (t->kind) {
    case LEX_EOF: snprintf(buf, n, "%s", P->eos_name); break;
    case LEX_IDENT: snprintf(buf, n, "`%.*s%s`", len, text, more); break;
    case LEX_BUS: snprintf(buf, n, "bus `%.*s%s`", len, text, more); break;
    case LEX_NUMBER: snprintf(buf, n, "number `%.*s%s`", len, text, more); break;
    case LEX_STRING: snprintf(buf, n, "string `%.*s%s`", len, text, more); break;
    default: snprintf(buf, n, "%s", lex_kind_name(t->kind)); break;
    }
    return buf;
}

static void parse_out_of_memory(Parser *P)
{
    if (!P->nomem) diag_error(P->diag, 0, 0, "out of memory while parsing");
    P->nomem = true;
    P->failed = true;
}

AstNode *parse_new_node(Parser *P, AstKind kind, size_t offset, size_t length)
{
    AstNode *n = ARENA_NEW(P->arena, AstNode);
    if (!n) {
        parse_out_of_memory(P);
        return NULL;
    }
    n->kind = kind;
    n->offset = offset;
    n->length = length;
    return n;
}

char *parse_strndup(Parser *P, const char *s, size_t n)
{
    char *c = arena_strndup(P->arena, s, n);
    if (!c) parse_out_of_memory(P);
    return c;
}

bool parse_push(Parser *P, AstNode *n)
{
    if (P->nscratch == P->scratch_cap) {
        int cap = P->scratch_cap ? P->scratch_cap * 2 : 64;
        AstNode **s = realloc(P->scratch, sizeof *s * (size_t)cap);
        if (!s) {
            parse_out_of_memory(P);
            return false;
        }
        P->scratch = s;
        P->scratch_cap = cap;
    }
    P->scratch[P->nscratch++] = n;
    return true;
}

AstNode **parse_commit(Parser *P, int base, int *count)
{
    int n = P->nscratch - base;
    *count = n;
    P->nscratch = base;
    if (n == 0) return NULL;
    AstNode **items = ARENA_ARRAY(P->arena, AstNode *, n);
    if (!items) {
        parse_out_of_memory(P);
        *count = 0;
        return NULL;
    }
    memcpy(items, P->scratch + base, sizeof *items * (size_t)n);
    return items;
}

/* ---- token buffer -------------------------------------------------------- */

static bool parse_tok_push(Parser *P, const LexToken *t)
{
    /* one spare slot for the sentinel */
    if (P->ntoks + 1 >= P->toks_cap) {
        int cap = P->toks_cap ? P->toks_cap * 2 : 256;
        LexToken *n = realloc(P->toks, sizeof *n * (size_t)cap);
        if (!n) {
            parse_out_of_memory(P);
            return false;
        }
        P->toks = n;
        P->toks_cap = cap;
    }
    P->toks[P->ntoks++] = *t;
    return true;
}

/* Ends the token run with an LEX_EOF sentinel just past the last token. */
static void parse_seal(Parser *P)
{
    LexToken *end = &P->toks[P->ntoks];
    memset(end, 0, sizeof *end);
    end->kind = LEX_EOF;
    if (P->ntoks > 0) end->offset = P->toks[P->ntoks - 1].offset + P->toks[P->ntoks - 1].length;
    end->length = 1;
    P->pos = 0;
    P->depth = 0;
    P->failed = false;
    P->nscratch = 0;
}

static bool parse_init(Parser *P, const char *src, size_t len, Arena *a, Diag *d, const char *eos)
{
    memset(P, 0, sizeof *P);
    P->src = src;
    P->len = len;
    P->arena = a;
    P->diag = d;
    P->eos_name = eos;
    P->toks_cap = 256;
    P->toks = malloc(sizeof *P->toks * (size_t)P->toks_cap);
    if (!P->toks) return false;
    return true;
}

static void parse_fini(Parser *P)
{
    free(P->toks);
    free(P->scratch);
}

static void parse_attach_source(Diag *d, const char *src, size_t len, const char *filename)
{
    if (d->src) return;
    d->src = src;
    d->src_len = len;
    if (filename) d->file = filename;
}

/* ---- layout and the driver ---------------------------------------------- */

/* Could this first token of a line continue the statement above? */
static bool tok_continues(const LexToken *t)
{
    return (t->flags & LEX_INDENTED) || lex_is_operator(t->kind) || t->kind == LEX_RPAREN ||
           t->kind == LEX_RBRACKET || t->kind == LEX_COMMA;
}

static bool tok_starts_group(const LexToken *t)
{
    if (!(t->flags & LEX_LINE_START)) return false;
    return t->kind == LEX_EOF || (t->flags & LEX_AFTER_BREAK) || !tok_continues(t);
}

/* Collects the tokens of one statement group, starting with *pending, into
 * P->toks; leaves the first token of the next group in *pending.
 * *bad is set when the group holds a lexical error or is too long. */
static bool parse_collect_group(Parser *P, Lexer *lx, LexToken *pending, bool *bad)
{
    P->ntoks = 0;
    *bad = pending->kind == LEX_ERROR;
    if (!parse_tok_push(P, pending)) return false;
    bool too_long = false;
    for (;;) {
        LexToken t;
        lex_next(lx, &t);
        if (tok_starts_group(&t)) {
            *pending = t;
            break;
        }
        if (t.kind == LEX_ERROR) *bad = true;
        if (P->ntoks >= LANG_MAX_STMT_TOKENS) {
            if (!too_long)
                diag_error(P->diag, t.offset, t.length, "statement too long (more than %d tokens)",
                           LANG_MAX_STMT_TOKENS);
            too_long = true;
            *bad = true;
            continue;
        }
        if (!parse_tok_push(P, &t)) return false;
    }
    parse_seal(P);
    return true;
}

static void parse_orphan(Parser *P, const LexToken *t, bool first)
{
    char what[96];
    const char *why = (t->flags & LEX_INDENTED) ? "it is indented" : "it starts with ";
    const char *tok = (t->flags & LEX_INDENTED) ? "" : parse_describe(P, t, what, sizeof what);
    if (first)
        diag_error(P->diag, t->offset, t->length,
                   "this line continues a statement (%s%s), but no statement comes before it", why, tok);
    else
        diag_error(P->diag, t->offset, t->length,
                   "this line continues a statement (%s%s), but the blank or comment line above ended "
                   "that statement",
                   why, tok);
}

static bool parse_stmt_push(AstStmt **v, int *n, int *cap, const AstStmt *st)
{
    if (*n == *cap) {
        int c = *cap ? *cap * 2 : 16;
        AstStmt *nv = realloc(*v, sizeof *nv * (size_t)c);
        if (!nv) return false;
        *v = nv;
        *cap = c;
    }
    (*v)[(*n)++] = *st;
    return true;
}

static AstProgram *parse_make_program(Parser *P, const char *filename, const AstStmt *v, int n)
{
    AstProgram *prog = ARENA_NEW(P->arena, AstProgram);
    if (!prog) return NULL;
    prog->filename = filename;
    prog->src = P->src;
    prog->src_len = P->len;
    if (n > 0) {
        prog->stmts = ARENA_ARRAY(P->arena, AstStmt, n);
        if (!prog->stmts) return NULL;
        memcpy(prog->stmts, v, sizeof *v * (size_t)n);
    }
    prog->count = n;
    return prog;
}

/* The lexer runs one line ahead of the parser, so its errors can land before
 * the parser's errors on the previous statement: put the new items back in
 * source order (a note stays with the item before it). */
static void parse_sort_diags(Diag *d, int from)
{
    int n = d->count - from;
    if (n < 2) return;
    DiagItem *items = d->items + from;
    size_t *key = malloc(sizeof *key * (size_t)n);
    if (!key) return;
    for (int i = 0; i < n; i++)
        key[i] = (items[i].level == DIAG_NOTE && i > 0) ? key[i - 1] : items[i].offset;
    /* insertion sort of groups, stable; n is at most d->max_items */
    for (int i = 1; i < n; i++) {
        DiagItem it = items[i];
        size_t k = key[i];
        int j = i;
        while (j > 0 && key[j - 1] > k) {
            items[j] = items[j - 1];
            key[j] = key[j - 1];
            j--;
        }
        items[j] = it;
        key[j] = k;
    }
    free(key);
}

static void parse_groups(Parser *P, Lexer *lx, AstStmt **v, int *n, int *cap)
{
    LexToken pending;
    lex_next(lx, &pending);
    bool first = true;
    while (pending.kind != LEX_EOF && !P->nomem) {
        bool bad = false;
        if (!parse_collect_group(P, lx, &pending, &bad)) break;
        const LexToken *head = &P->toks[0];
        if (head->kind != LEX_ERROR && tok_continues(head)) {
            parse_orphan(P, head, first);
        } else if (!bad) {
            AstStmt st;
            if (parse_statement(P, &st) && !P->nomem && !parse_stmt_push(v, n, cap, &st)) parse_out_of_memory(P);
        }
        first = false;
    }
}

PhStatus parse_program(const char *src, size_t len, const char *filename, Arena *a, Diag *d,
                       AstProgram **out)
{
    Parser P;
    *out = NULL;
    if (!src) len = 0;
    parse_attach_source(d, src, len, filename);
    int errors0 = d->errors, items0 = d->count;
    if (!parse_init(&P, src ? src : "", len, a, d, "the end of the line")) {
        diag_error(d, 0, 0, "out of memory while parsing");
        return PH_ERR_NOMEM;
    }
    PhStatus status = PH_OK;
    AstStmt *v = NULL;
    int n = 0, cap = 0;
    if (len > LANG_MAX_SOURCE_BYTES) {
        diag_error(d, 0, 0, "program too large: %zu bytes (the limit is %u bytes)", len,
                   LANG_MAX_SOURCE_BYTES);
        status = PH_ERR_LIMIT;
    } else {
        Lexer lx;
        lex_init(&lx, P.src, len, d);
        parse_groups(&P, &lx, &v, &n, &cap);
        parse_sort_diags(d, items0);
    }
    if (!P.nomem) *out = parse_make_program(&P, filename, v, n);
    if (!*out) {
        if (!P.nomem) diag_error(d, 0, 0, "out of memory while parsing");
        status = PH_ERR_NOMEM;
    } else if (status == PH_OK && d->errors > errors0) {
        status = PH_ERR_SYNTAX;
    }
    free(v);
    parse_fini(&P);
    return status;
}

PhStatus parse_expression(const char *src, size_t len, const char *filename, Arena *a, Diag *d,
                          AstNode **out)
{
    Parser P;
    *out = NULL;
    if (!src) len = 0;
    parse_attach_source(d, src, len, filename);
    int errors0 = d->errors;
    if (!parse_init(&P, src ? src : "", len, a, d, "the end of the expression")) {
        diag_error(d, 0, 0, "out of memory while parsing");
        return PH_ERR_NOMEM;
    }
    if (len > LANG_MAX_SOURCE_BYTES) {
        diag_error(d, 0, 0, "expression too large: %zu bytes (the limit is %u bytes)", len,
                   LANG_MAX_SOURCE_BYTES);
        parse_fini(&P);
        return PH_ERR_LIMIT;
    }
    Lexer lx;
    lex_init(&lx, P.src, len, d);
    lx.no_layout = true;
    bool bad = false;
    LexToken t;
    for (lex_next(&lx, &t); t.kind != LEX_EOF; lex_next(&lx, &t)) {
        if (t.kind == LEX_ERROR) bad = true;
        if (P.ntoks >= LANG_MAX_STMT_TOKENS) {
            if (!bad) diag_error(d, t.offset, t.length, "expression too long (more than %d tokens)",
                                 LANG_MAX_STMT_TOKENS);
            bad = true;
            break;
        }
        if (!parse_tok_push(&P, &t)) break;
    }
    parse_seal(&P);
    AstNode *e = NULL;
    if (P.ntoks == 0 && !bad && !P.nomem) {
        diag_error(d, 0, 0, "empty expression");
    } else if (!bad && !P.nomem) {
        e = parse_expr(&P);
        const LexToken *end = parse_peek(&P);
        if (e && end->kind != LEX_EOF) {
            parse_unexpected(&P, end, "an operator or the end of the expression");
            e = NULL;
        }
    }
    PhStatus status = P.nomem ? PH_ERR_NOMEM : d->errors > errors0 || !e ? PH_ERR_SYNTAX : PH_OK;
    if (status == PH_OK) *out = e;
    parse_fini(&P);
    return status;
}
