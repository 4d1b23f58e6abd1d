/* parse_expr.c - expressions: a Pratt parser over one statement's tokens.
 *
 * Binding powers (parser.h has the full rules):
 *   `#` 1 (right operand parsed at the unary level)   `$` 2 (flat chain)
 *   `+ -` family 3   `* /` family 4   unary `-`   application   primaries.
 * Every recursion goes through parse_expr_bp or parse_unary, which count
 * nesting against LANG_MAX_DEPTH; each operator node built by the infix loop
 * counts too, so the tree height (and the stack of anything walking it later)
 * stays bounded. */
#include "lang/parse_int.h"

#include <string.h>

enum { BP_NONE = 0, BP_CHAIN = 1, BP_DOLLAR = 2, BP_ADD = 3, BP_MUL = 4 };

typedef struct OpInfo {
    int bp;
    AstArith arith;
    AstSide side;
} OpInfo;

static OpInfo op_info(LexKind k)
{
    switch (k) {
    case LEX_HASH: return (OpInfo){ BP_CHAIN, AST_ADD, AST_BOTH };
    case LEX_DOLLAR: return (OpInfo){ BP_DOLLAR, AST_ADD, AST_BOTH };
    case LEX_PLUS: return (OpInfo){ BP_ADD, AST_ADD, AST_BOTH };
    case LEX_PLUS_L: return (OpInfo){ BP_ADD, AST_ADD, AST_LEFT };
    case LEX_PLUS_R: return (OpInfo){ BP_ADD, AST_ADD, AST_RIGHT };
    case LEX_MINUS: return (OpInfo){ BP_ADD, AST_SUB, AST_BOTH };
    case LEX_MINUS_L: return (OpInfo){ BP_ADD, AST_SUB, AST_LEFT };
    case LEX_MINUS_R: return (OpInfo){ BP_ADD, AST_SUB, AST_RIGHT };
    case LEX_SET: return (OpInfo){ BP_ADD, AST_SET, AST_BOTH };
    case LEX_SET_L: return (OpInfo){ BP_ADD, AST_SET, AST_LEFT };
    case LEX_SET_R: return (OpInfo){ BP_ADD, AST_SET, AST_RIGHT };
    case LEX_KEEP: return (OpInfo){ BP_ADD, AST_KEEP, AST_BOTH };
    case LEX_KEEP_L: return (OpInfo){ BP_ADD, AST_KEEP, AST_LEFT };
    case LEX_KEEP_R: return (OpInfo){ BP_ADD, AST_KEEP, AST_RIGHT };
    case LEX_STAR: return (OpInfo){ BP_MUL, AST_MUL, AST_BOTH };
    case LEX_STAR_L: return (OpInfo){ BP_MUL, AST_MUL, AST_LEFT };
    case LEX_STAR_R: return (OpInfo){ BP_MUL, AST_MUL, AST_RIGHT };
    case LEX_SLASH: return (OpInfo){ BP_MUL, AST_DIV, AST_BOTH };
    case LEX_SLASH_L: return (OpInfo){ BP_MUL, AST_DIV, AST_LEFT };
    case LEX_SLASH_R: return (OpInfo){ BP_MUL, AST_DIV, AST_RIGHT };
    case LEX_MOD: return (OpInfo){ BP_MUL, AST_MOD, AST_BOTH };
    case LEX_MOD_L: return (OpInfo){ BP_MUL, AST_MOD, AST_LEFT };
    case LEX_MOD_R: return (OpInfo){ BP_MUL, AST_MOD, AST_RIGHT };
    default: return (OpInfo){ BP_NONE, AST_ADD, AST_BOTH };
    }
}

bool parse_starts_expr(LexKind k)
{
    return k == LEX_NUMBER || k == LEX_STRING || k == LEX_IDENT || k == LEX_BUS || k == LEX_LPAREN ||
           k == LEX_LBRACKET || k == LEX_MINUS;
}

static bool parse_starts_arg(LexKind k)
{
    return k != LEX_MINUS && parse_starts_expr(k);
}

static size_t node_end(const AstNode *n) { return n->offset + n->length; }

static bool parse_enter(Parser *P, const LexToken *at)
{
    if (P->depth >= LANG_MAX_DEPTH) {
        parse_error_at(P, at->offset, at->length,
                       "expression nested too deeply (more than %d levels of brackets and operators)",
                       LANG_MAX_DEPTH);
        return false;
    }
    P->depth++;
    return true;
}

/* An operator (or statement binder) `op` must be followed by an expression. */
static bool parse_need_operand(Parser *P, const LexToken *op)
{
    const LexToken *t = parse_peek(P);
    if (parse_starts_expr(t->kind)) return true;
    char what[96];
    if (t->kind == LEX_EOF)
        parse_error_at(P, op->offset, op->length, "missing expression after %s",
                       lex_kind_name(op->kind));
    else
        parse_error_at(P, t->offset, t->length, "expected an expression after %s, found %s",
                       lex_kind_name(op->kind), parse_describe(P, t, what, sizeof what));
    return false;
}

static AstNode *parse_expr_bp(Parser *P, int min_bp);
static AstNode *parse_infix(Parser *P, AstNode *lhs, int min_bp);
static AstNode *parse_unary(Parser *P);

/* `opener` was never closed: `found` came where `close` was expected. */
static void parse_unclosed(Parser *P, const LexToken *opener, const LexToken *found, const char *close)
{
    char what[96];
    parse_describe(P, found, what, sizeof what);
    if (found->kind == LEX_EOF) {
        parse_error_at(P, opener->offset, opener->length, "unclosed %s: expected %s before %s",
                       lex_kind_name(opener->kind), close, what);
    } else {
        parse_error_at(P, opener->offset, opener->length, "unclosed %s: found %s where %s was expected",
                       lex_kind_name(opener->kind), what, close);
        diag_note(P->diag, found->offset, found->length, "%s found here", what);
    }
}

/* `(op e ...)`: the body is what the operators make of a hole on the left. */
static AstNode *parse_section(Parser *P, const LexToken *op)
{
    AstNode *hole = parse_new_node(P, AST_HOLE, op->offset, 0);
    AstNode *sec = parse_new_node(P, AST_SECTION, op->offset, 0);
    if (!hole || !sec) return NULL;
    OpInfo info = op_info(op->kind);
    sec->u.section.op = op->kind == LEX_HASH ? AST_CHAIN : op->kind == LEX_DOLLAR ? AST_DOLLAR : AST_BINOP;
    sec->u.section.arith = info.arith;
    sec->u.section.side = info.side;
    sec->u.section.body = parse_infix(P, hole, BP_NONE);
    return sec->u.section.body ? sec : NULL;
}

static AstNode *parse_paren(Parser *P)
{
    const LexToken *open = parse_advance(P);
    const LexToken *t = parse_peek(P);
    if (t->kind == LEX_RPAREN) {
        parse_error_at(P, open->offset, t->offset + t->length - open->offset,
                       "empty parentheses `()`: expected an expression inside");
        return NULL;
    }
    AstNode *inner;
    if (op_info(t->kind).bp != BP_NONE && t->kind != LEX_MINUS)
        inner = parse_section(P, t);
    else
        inner = parse_expr_bp(P, BP_NONE);
    if (!inner) return NULL;
    const LexToken *close = parse_peek(P);
    if (close->kind == LEX_RPAREN) {
        parse_advance(P);
        /* no node for the parentheses: the inner node's span covers them */
        inner->offset = open->offset;
        inner->length = close->offset + close->length - open->offset;
        return inner;
    }
    if (close->kind == LEX_EOF || close->kind == LEX_RBRACKET) {
        parse_unclosed(P, open, close, "`)`");
    } else {
        parse_unexpected(P, close, "an operator or `)`");
        diag_note(P->diag, open->offset, open->length, "the `(` opened here is still open");
    }
    return NULL;
}

static AstNode *parse_list(Parser *P)
{
    const LexToken *open = parse_advance(P);
    int base = P->nscratch;
    AstNode *list = parse_new_node(P, AST_LIST, open->offset, 0);
    if (!list) return NULL;
    for (;;) {
        const LexToken *t = parse_peek(P);
        if (t->kind == LEX_RBRACKET && P->nscratch == base) break; /* [] */
        if (!parse_starts_expr(t->kind)) {
            char what[96];
            if (t->kind == LEX_EOF || t->kind == LEX_RPAREN)
                parse_unclosed(P, open, t, "`]`");
            else
                parse_error_at(P, t->offset, t->length, "expected a list element, found %s",
                               parse_describe(P, t, what, sizeof what));
            goto fail;
        }
        AstNode *item = parse_expr_bp(P, BP_NONE);
        if (!item || !parse_push(P, item)) goto fail;
        t = parse_peek(P);
        if (t->kind == LEX_COMMA) {
            const LexToken *comma = parse_advance(P);
            if (parse_peek(P)->kind == LEX_RBRACKET) {
                parse_error_at(P, comma->offset, comma->length,
                               "trailing comma in list: remove it or add an element after it");
                goto fail;
            }
            continue;
        }
        if (t->kind == LEX_RBRACKET) break;
        if (t->kind == LEX_EOF || t->kind == LEX_RPAREN)
            parse_unclosed(P, open, t, "`]`");
        else
            parse_unexpected(P, t, "`,` or `]`");
        goto fail;
    }
    const LexToken *close = parse_advance(P);
    list->u.list.items = parse_commit(P, base, &list->u.list.count);
    if (list->u.list.count > 0 && !list->u.list.items) return NULL;
    list->length = close->offset + close->length - open->offset;
    return list;
fail:
    P->nscratch = base;
    return NULL;
}

static AstNode *parse_primary(Parser *P)
{
    const LexToken *t = parse_peek(P);
    AstNode *n;
    char what[96];
    switch (t->kind) {
    case LEX_NUMBER:
        parse_advance(P);
        if (!(n = parse_new_node(P, AST_NUMBER, t->offset, t->length))) return NULL;
        n->u.number = t->number;
        return n;
    case LEX_STRING:
        parse_advance(P);
        if (!(n = parse_new_node(P, AST_STRING, t->offset, t->length))) return NULL;
        n->u.str.content_offset = t->offset + 1;
        n->u.str.len = t->length - 2;
        n->u.str.text = parse_strndup(P, P->src + t->offset + 1, t->length - 2);
        return n->u.str.text ? n : NULL;
    case LEX_IDENT:
    case LEX_BUS: {
        parse_advance(P);
        size_t skip = t->kind == LEX_BUS ? 1 : 0;
        if (!(n = parse_new_node(P, t->kind == LEX_BUS ? AST_BUS : AST_IDENT, t->offset, t->length)))
            return NULL;
        n->u.name.len = t->length - skip;
        n->u.name.text = parse_strndup(P, P->src + t->offset + skip, t->length - skip);
        return n->u.name.text ? n : NULL;
    }
    case LEX_LPAREN: return parse_paren(P);
    case LEX_LBRACKET: return parse_list(P);
    default:
        parse_error_at(P, t->offset, t->length, "expected an expression, found %s",
                       parse_describe(P, t, what, sizeof what));
        return NULL;
    }
}

/* f a b: an identifier followed by primaries. */
static AstNode *parse_app(Parser *P)
{
    if (parse_peek(P)->kind != LEX_IDENT) return parse_primary(P);
    AstNode *head = parse_primary(P);
    if (!head || !parse_starts_arg(parse_peek(P)->kind)) return head;
    int base = P->nscratch;
    while (parse_starts_arg(parse_peek(P)->kind)) {
        AstNode *arg = parse_primary(P);
        if (!arg || !parse_push(P, arg)) {
            P->nscratch = base;
            return NULL;
        }
    }
    AstNode *app = parse_new_node(P, AST_APP, head->offset, 0);
    if (!app) return NULL;
    app->u.app.fn = head;
    app->u.app.args = parse_commit(P, base, &app->u.app.nargs);
    if (!app->u.app.args) return NULL;
    app->length = node_end(app->u.app.args[app->u.app.nargs - 1]) - head->offset;
    return app;
}

static AstNode *parse_unary(Parser *P)
{
    const LexToken *t = parse_peek(P);
    if (t->kind != LEX_MINUS) return parse_app(P);
    parse_advance(P);
    if (!parse_need_operand(P, t) || !parse_enter(P, t)) return NULL;
    AstNode *operand = parse_unary(P);
    P->depth--;
    if (!operand) return NULL;
    AstNode *n = parse_new_node(P, AST_NEG, t->offset, node_end(operand) - t->offset);
    if (!n) return NULL;
    n->u.operand = operand;
    return n;
}

/* a $ b $ c: collected flat; the elements bind tighter than `$` and `#`. */
static AstNode *parse_dollar(Parser *P, AstNode *first)
{
    int base = P->nscratch;
    if (!parse_push(P, first)) return NULL;
    while (parse_peek(P)->kind == LEX_DOLLAR) {
        const LexToken *op = parse_advance(P);
        AstNode *item = parse_need_operand(P, op) ? parse_expr_bp(P, BP_ADD) : NULL;
        if (!item || !parse_push(P, item)) {
            P->nscratch = base;
            return NULL;
        }
    }
    AstNode *n = parse_new_node(P, AST_DOLLAR, first->offset, 0);
    if (!n) return NULL;
    n->u.list.items = parse_commit(P, base, &n->u.list.count);
    if (!n->u.list.items) return NULL;
    n->length = node_end(n->u.list.items[n->u.list.count - 1]) - first->offset;
    return n;
}

static AstNode *parse_binary(Parser *P, AstNode *lhs, OpInfo info)
{
    const LexToken *op = parse_advance(P);
    if (!parse_need_operand(P, op)) return NULL;
    /* `#` is special: lowest on its left, but its right operand is one
     * application (so `x # f a * 2` is `(x # f a) * 2`). */
    AstNode *rhs = op->kind == LEX_HASH ? parse_unary(P) : parse_expr_bp(P, info.bp + 1);
    if (!rhs) return NULL;
    AstNode *n = parse_new_node(P, op->kind == LEX_HASH ? AST_CHAIN : AST_BINOP, lhs->offset,
                                node_end(rhs) - lhs->offset);
    if (!n) return NULL;
    n->u.bin.arith = info.arith;
    n->u.bin.side = info.side;
    n->u.bin.op_offset = op->offset;
    n->u.bin.op_length = op->length;
    n->u.bin.lhs = lhs;
    n->u.bin.rhs = rhs;
    return n;
}

static AstNode *parse_infix(Parser *P, AstNode *lhs, int min_bp)
{
    int added = 0;
    while (lhs) {
        const LexToken *op = parse_peek(P);
        OpInfo info = op_info(op->kind);
        if (info.bp == BP_NONE || info.bp < min_bp) break;
        if (!parse_enter(P, op)) {
            lhs = NULL;
            break;
        }
        added++;
        lhs = op->kind == LEX_DOLLAR ? parse_dollar(P, lhs) : parse_binary(P, lhs, info);
    }
    P->depth -= added;
    return lhs;
}

static AstNode *parse_expr_bp(Parser *P, int min_bp)
{
    if (!parse_enter(P, parse_peek(P))) return NULL;
    AstNode *lhs = parse_unary(P);
    AstNode *n = lhs ? parse_infix(P, lhs, min_bp) : NULL;
    P->depth--;
    return n;
}

AstNode *parse_expr(Parser *P)
{
    return parse_expr_bp(P, BP_NONE);
}

void parse_unexpected(Parser *P, const LexToken *t, const char *expected)
{
    char what[96];
    const char *hint = "";
    if (t->kind == LEX_RPAREN || t->kind == LEX_RBRACKET) {
        parse_error_at(P, t->offset, t->length, "unmatched %s: no %s is open", lex_kind_name(t->kind),
                       t->kind == LEX_RPAREN ? "`(`" : "`[`");
        return;
    }
    if (t->kind == LEX_NUMBER && P->src[t->offset] == '-')
        hint = " (to subtract, put a space after the `-`: `- 1`)";
    else if (t->kind == LEX_COLON)
        hint = " (keyword arguments `:name value` are not supported)";
    else if (t->kind == LEX_COMMA)
        hint = " (lists are written `[a, b]`)";
    else if (parse_starts_arg(t->kind))
        hint = " (only a function name can take arguments)";
    parse_error_at(P, t->offset, t->length, "unexpected %s: expected %s%s",
                   parse_describe(P, t, what, sizeof what), expected, hint);
}
