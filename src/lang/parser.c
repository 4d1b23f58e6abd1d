/* parser.c - the .ph parser: layout (lines -> statements), statement heads,
 * and the entry points. Expressions are in parse_expr.c.
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

/* ---- statements ---------------------------------------------------------- */

static bool tok_is(const Parser *P, const LexToken *t, const char *word)
{
    size_t n = strlen(word);
    return t->kind == LEX_IDENT && t->length == n && memcmp(P->src + t->offset, word, n) == 0;
}

/* Nothing may follow `hush`, `tempo: 0.5` ... */
static bool parse_expect_end(Parser *P, const LexToken *head)
{
    const LexToken *t = parse_peek(P);
    if (t->kind == LEX_EOF) return true;
    const LexToken *last = &P->toks[P->pos > 0 ? P->pos - 1 : 0];
    int n = (int)(last->offset + last->length - head->offset);
    char what[96];
    parse_error_at(P, t->offset, t->length, "unexpected %s after `%.*s`: expected the end of the line",
                   parse_describe(P, t, what, sizeof what), n > 48 ? 48 : n, P->src + head->offset);
    return false;
}

/* The body after a binder (`out:`, `~x $`, `fn f a =`): one expression to the end. */
static AstNode *parse_body(Parser *P, const LexToken *head, const LexToken *binder)
{
    const LexToken *t = parse_peek(P);
    char what[96];
    int hl = (int)(binder->offset + binder->length - head->offset);
    if (hl > 48) hl = 48;
    if (!parse_starts_expr(t->kind)) {
        if (t->kind == LEX_EOF)
            parse_error_at(P, binder->offset, binder->length, "missing expression after `%.*s`", hl,
                           P->src + head->offset);
        else
            parse_error_at(P, t->offset, t->length, "expected an expression after `%.*s`, found %s", hl,
                           P->src + head->offset, parse_describe(P, t, what, sizeof what));
        return NULL;
    }
    AstNode *e = parse_expr(P);
    if (!e) return NULL;
    t = parse_peek(P);
    if (t->kind != LEX_EOF) {
        parse_unexpected(P, t, "an operator or the end of the line");
        return NULL;
    }
    return e;
}

/* Reads the `:`, `$` or `#` after a statement head. */
static const LexToken *parse_binder(Parser *P, const LexToken *head, bool allow_hash, AstStmt *st)
{
    const LexToken *t = parse_peek(P);
    if (t->kind == LEX_COLON || t->kind == LEX_DOLLAR || (allow_hash && t->kind == LEX_HASH)) {
        st->binder = t->kind == LEX_COLON ? ':' : t->kind == LEX_DOLLAR ? '$' : '#';
        return parse_advance(P);
    }
    char what[96];
    int hl = head->length > 48 ? 48 : (int)head->length;
    parse_error_at(P, t->offset, t->length, "expected `:` or `$` after `%.*s`, found %s", hl,
                   P->src + head->offset, parse_describe(P, t, what, sizeof what));
    return NULL;
}

/* tempo: N, cps: N, bpm: N, setCycle N, nudge N */
static bool parse_number_stmt(Parser *P, const LexToken *head, AstStmt *st, bool colon_required,
                              bool positive)
{
    const LexToken *t = parse_peek(P);
    int hl = (int)head->length;
    if (t->kind == LEX_COLON) {
        parse_advance(P);
        t = parse_peek(P);
    } else if (colon_required) {
        char what[96];
        parse_error_at(P, t->offset, t->length, "expected `:` after `%.*s`, found %s", hl,
                       P->src + head->offset, parse_describe(P, t, what, sizeof what));
        return false;
    }
    if (t->kind != LEX_NUMBER) {
        char what[96];
        parse_error_at(P, t->offset, t->length, "expected a number after `%.*s`, found %s", hl,
                       P->src + head->offset, parse_describe(P, t, what, sizeof what));
        return false;
    }
    parse_advance(P);
    if (positive && !(t->number > 0)) {
        parse_error_at(P, t->offset, t->length, "number out of range: `%.*s` must be greater than 0", hl,
                       P->src + head->offset);
        return false;
    }
    st->number = t->number;
    st->expr = parse_new_node(P, AST_NUMBER, t->offset, t->length);
    if (!st->expr) return false;
    st->expr->u.number = t->number;
    return parse_expect_end(P, head);
}

/* d1..d16, o1.., out1..: returns the prefix length (1 or 3) or 0. */
static size_t parse_out_prefix(const Parser *P, const LexToken *t, AstOutPrefix *prefix)
{
    if (t->kind != LEX_IDENT) return 0;
    const char *s = P->src + t->offset;
    size_t n = t->length, k;
    if (n > 3 && memcmp(s, "out", 3) == 0) k = 3, *prefix = AST_OUT_OUT;
    else if (n > 1 && s[0] == 'd') k = 1, *prefix = AST_OUT_D;
    else if (n > 1 && s[0] == 'o') k = 1, *prefix = AST_OUT_O;
    else return 0;
    for (size_t i = k; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return k;
}

static bool parse_numbered_out(Parser *P, const LexToken *head, AstStmt *st, size_t k)
{
    const char *digits = P->src + head->offset + k;
    size_t nd = head->length - k;
    int v = 0;
    for (size_t i = 0; i < nd && v <= LANG_MAX_OUTPUT_INDEX; i++) v = v * 10 + (digits[i] - '0');
    if (digits[0] == '0' || v < 1 || v > LANG_MAX_OUTPUT_INDEX) {
        parse_error_at(P, head->offset, head->length,
                       "output number out of range: `%.*s` (numbered outputs are %.*s1 to %.*s%d)",
                       (int)(head->length > 40 ? 40 : head->length), P->src + head->offset, (int)k,
                       P->src + head->offset, (int)k, P->src + head->offset, LANG_MAX_OUTPUT_INDEX);
        return false;
    }
    st->kind = AST_STMT_OUTN;
    st->out_index = v;
    const LexToken *b = parse_binder(P, head, true, st);
    return b && (st->expr = parse_body(P, head, b)) != NULL;
}

static bool parse_fn(Parser *P, const LexToken *head, AstStmt *st)
{
    char what[96];
    const LexToken *name = parse_peek(P);
    if (name->kind != LEX_IDENT) {
        parse_error_at(P, name->offset, name->length, "expected a function name after `fn`, found %s",
                       parse_describe(P, name, what, sizeof what));
        return false;
    }
    parse_advance(P);
    st->name = parse_strndup(P, P->src + name->offset, name->length);
    st->name_len = name->length;
    int base = P->nscratch;
    while (parse_peek(P)->kind == LEX_IDENT) {
        const LexToken *p = parse_advance(P);
        for (int i = base; i < P->nscratch; i++) {
            const AstNode *q = P->scratch[i];
            if (q->u.name.len == p->length && memcmp(q->u.name.text, P->src + p->offset, p->length) == 0) {
                parse_error_at(P, p->offset, p->length, "duplicate parameter `%.*s`", (int)p->length,
                               P->src + p->offset);
                return false;
            }
        }
        if (P->nscratch - base >= LANG_MAX_PARAMS) {
            parse_error_at(P, p->offset, p->length, "too many parameters (the limit is %d)", LANG_MAX_PARAMS);
            return false;
        }
        AstNode *n = parse_new_node(P, AST_IDENT, p->offset, p->length);
        if (!n || !(n->u.name.text = parse_strndup(P, P->src + p->offset, p->length))) return false;
        n->u.name.len = p->length;
        if (!parse_push(P, n)) return false;
    }
    const LexToken *eq = parse_peek(P);
    if (eq->kind != LEX_EQUALS) {
        parse_error_at(P, eq->offset, eq->length, "expected a parameter name or `=` in `fn %.*s`, found %s",
                       (int)(name->length > 40 ? 40 : name->length), P->src + name->offset,
                       parse_describe(P, eq, what, sizeof what));
        return false;
    }
    parse_advance(P);
    st->params = parse_commit(P, base, &st->nparams);
    if (st->nparams > 0 && !st->params) return false;
    st->binder = '=';
    return (st->expr = parse_body(P, head, eq)) != NULL;
}

static const char *const stmt_keywords[] = { "tempo", "cps", "bpm", "out", "hush", "panic",
                                             "resetCycles", "setCycle", "nudge", "fn" };

/* Edit distance, for "did you mean"; both strings are short identifiers. */
static size_t parse_edit_distance(const char *a, size_t na, const char *b, size_t nb)
{
    size_t row[LEX_MAX_IDENT_LEN + 2];
    if (nb > LEX_MAX_IDENT_LEN) return (size_t)-1;
    for (size_t j = 0; j <= nb; j++) row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] == b[j - 1] ? 0 : 1);
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[nb];
}

/* `name:` where name is no statement keyword. */
static void parse_unknown_head(Parser *P, const LexToken *head, const LexToken *colon)
{
    const char *s = P->src + head->offset;
    int n = (int)(head->length > 40 ? 40 : head->length);
    const char *best = NULL;
    size_t best_d = 3;
    for (size_t i = 0; i < sizeof stmt_keywords / sizeof *stmt_keywords; i++) {
        size_t kl = strlen(stmt_keywords[i]);
        size_t d = parse_edit_distance(s, head->length, stmt_keywords[i], kl);
        if (d < best_d && d * 3 <= kl) {
            best_d = d;
            best = stmt_keywords[i];
        }
    }
    if (best)
        parse_error_at(P, head->offset, colon->offset + colon->length - head->offset,
                       "unknown statement `%.*s:`; did you mean `%s`?", n, s, best);
    else
        parse_error_at(P, head->offset, colon->offset + colon->length - head->offset,
                       "unknown statement `%.*s:`; a bus name starts with `~` (`~%.*s:`), "
                       "outputs are `out:` and `d1:` to `d%d:`",
                       n, s, n, s, LANG_MAX_OUTPUT_INDEX);
}

static void parse_no_destination(Parser *P, const LexToken *t)
{
    parse_error_at(P, t->offset, t->length,
                   "an expression needs a destination: write `out: …` or `~name: …`");
}

/* A statement that starts with an identifier. */
static bool parse_word_stmt(Parser *P, const LexToken *head, AstStmt *st)
{
    AstOutPrefix prefix;
    size_t k;
    parse_advance(P);
    if (tok_is(P, head, "tempo") || tok_is(P, head, "cps") || tok_is(P, head, "bpm")) {
        st->kind = tok_is(P, head, "bpm") ? AST_STMT_BPM : AST_STMT_TEMPO;
        return parse_number_stmt(P, head, st, true, true);
    }
    if (tok_is(P, head, "setCycle") || tok_is(P, head, "nudge")) {
        st->kind = tok_is(P, head, "nudge") ? AST_STMT_NUDGE : AST_STMT_SET_CYCLE;
        return parse_number_stmt(P, head, st, false, false);
    }
    if (tok_is(P, head, "hush") || tok_is(P, head, "panic") || tok_is(P, head, "resetCycles")) {
        st->kind = tok_is(P, head, "hush") ? AST_STMT_HUSH : tok_is(P, head, "panic") ? AST_STMT_PANIC
                                                                                     : AST_STMT_RESET_CYCLES;
        return parse_expect_end(P, head);
    }
    if (tok_is(P, head, "fn")) {
        st->kind = AST_STMT_FN;
        return parse_fn(P, head, st);
    }
    if (tok_is(P, head, "out")) {
        st->kind = AST_STMT_OUT;
        const LexToken *b = parse_binder(P, head, true, st);
        return b && (st->expr = parse_body(P, head, b)) != NULL;
    }
    if ((k = parse_out_prefix(P, head, &prefix)) != 0) {
        st->out_prefix = prefix;
        return parse_numbered_out(P, head, st, k);
    }
    if (parse_peek(P)->kind == LEX_COLON)
        parse_unknown_head(P, head, parse_peek(P));
    else
        parse_no_destination(P, head);
    return false;
}

static bool parse_bus_stmt(Parser *P, const LexToken *head, AstStmt *st)
{
    parse_advance(P);
    st->name = parse_strndup(P, P->src + head->offset + 1, head->length - 1);
    st->name_len = head->length - 1;
    if (!st->name) return false;
    const LexToken *t = parse_peek(P);
    if (t->kind == LEX_COLON || t->kind == LEX_DOLLAR || t->kind == LEX_HASH) {
        st->kind = t->kind == LEX_HASH ? AST_STMT_MODBUS : AST_STMT_BUS;
        st->binder = t->kind == LEX_COLON ? ':' : t->kind == LEX_DOLLAR ? '$' : '#';
        parse_advance(P);
        return (st->expr = parse_body(P, head, t)) != NULL;
    }
    char what[96];
    int n = (int)(head->length > 40 ? 40 : head->length);
    if (t->kind == LEX_EOF || lex_is_operator(t->kind))
        parse_error_at(P, t->offset, t->length,
                       "expected `:` or `$` after `%.*s`, found %s (a bus definition is `%.*s: …`; "
                       "to use the bus, write `out: %.*s …`)",
                       n, P->src + head->offset, parse_describe(P, t, what, sizeof what), n,
                       P->src + head->offset, n, P->src + head->offset);
    else
        parse_error_at(P, t->offset, t->length, "expected `:` or `$` after `%.*s`, found %s", n,
                       P->src + head->offset, parse_describe(P, t, what, sizeof what));
    return false;
}

/* Parses the statement in P->toks; false after an error. */
static bool parse_statement(Parser *P, AstStmt *st)
{
    const LexToken *head = parse_peek(P);
    const LexToken *last = &P->toks[P->ntoks - 1];
    memset(st, 0, sizeof *st);
    st->offset = head->offset;
    st->length = last->offset + last->length - head->offset;
    st->head_offset = head->offset;
    st->head_length = head->length;
    if (head->kind == LEX_IDENT) return parse_word_stmt(P, head, st);
    if (head->kind == LEX_BUS) return parse_bus_stmt(P, head, st);
    if (parse_starts_expr(head->kind)) {
        parse_no_destination(P, head);
    } else {
        char what[96];
        parse_error_at(P, head->offset, head->length, "a statement cannot start with %s",
                       parse_describe(P, head, what, sizeof what));
    }
    return false;
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
