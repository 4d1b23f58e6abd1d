/* parse_stmt.c - statements: the head of each line (`tempo:`, `~bus:`,
 * `out $`, `d3:`, `hush`, `fn f a =` ...) and its body, plus the messages
 * for heads that are not statements (unknown `name:` with "did you mean",
 * bare expressions). The grouping of lines into statements is in parser.c. */
#include "lang/parse_int.h"

#include <string.h>

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

bool parse_statement(Parser *P, AstStmt *st)
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
