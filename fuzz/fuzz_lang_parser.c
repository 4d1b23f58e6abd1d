/* fuzz_lang_parser.c - libFuzzer target: arbitrary bytes through the .ph
 * parser (program and single-expression entry points), the diagnostic
 * printer and the AST printer, checking the parser's invariants:
 *   - status PH_OK iff no error was reported;
 *   - every node and statement span lies inside the source;
 *   - string nodes point at their content. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/diag.h"
#include "lang/parser.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_span(size_t off, size_t len, size_t size)
{
    if (off > size || len > size - off) abort();
}

static void check_node(const AstNode *n, const char *src, size_t size, int depth)
{
    if (!n || depth > 4 * LANG_MAX_DEPTH) abort();
    check_span(n->offset, n->length, size);
    switch (n->kind) {
    case AST_STRING:
        check_span(n->u.str.content_offset, n->u.str.len, size);
        if (memcmp(src + n->u.str.content_offset, n->u.str.text, n->u.str.len) != 0) abort();
        break;
    case AST_IDENT:
    case AST_BUS:
        if (strlen(n->u.name.text) != n->u.name.len) abort();
        break;
    case AST_LIST:
    case AST_DOLLAR:
        if (n->kind == AST_DOLLAR && n->u.list.count < 2) abort();
        for (int i = 0; i < n->u.list.count; i++) check_node(n->u.list.items[i], src, size, depth + 1);
        break;
    case AST_APP:
        if (n->u.app.nargs < 1 || n->u.app.fn->kind != AST_IDENT) abort();
        check_node(n->u.app.fn, src, size, depth + 1);
        for (int i = 0; i < n->u.app.nargs; i++) check_node(n->u.app.args[i], src, size, depth + 1);
        break;
    case AST_NEG: check_node(n->u.operand, src, size, depth + 1); break;
    case AST_BINOP:
    case AST_CHAIN:
        check_node(n->u.bin.lhs, src, size, depth + 1);
        check_node(n->u.bin.rhs, src, size, depth + 1);
        break;
    case AST_SECTION: check_node(n->u.section.body, src, size, depth + 1); break;
    case AST_NUMBER:
    case AST_HOLE: break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *src = (const char *)data;
    Arena a;
    arena_init(&a, 0, 64u << 20);
    FILE *sink = fopen("/dev/null", "w");
    if (!sink) return 0;

    Diag d;
    diag_init(&d, "fuzz.ph", src, size);
    AstProgram *p = NULL;
    PhStatus s = parse_program(src, size, "fuzz.ph", &a, &d, &p);
    if ((s == PH_OK) != (d.errors == 0)) abort();
    if (s != PH_ERR_NOMEM && !p) abort();
    if (p) {
        for (int i = 0; i < p->count; i++) {
            const AstStmt *st = &p->stmts[i];
            check_span(st->offset, st->length, size);
            if (st->expr) check_node(st->expr, src, size, 0);
        }
        ast_dump_program(p, sink);
    }
    diag_print(&d, sink);
    diag_free(&d);

    arena_reset(&a);
    diag_init(&d, "-", src, size);
    AstNode *e = NULL;
    s = parse_expression(src, size, "-", &a, &d, &e);
    if ((s == PH_OK) != (e != NULL)) abort();
    if (s == PH_OK && d.errors != 0) abort();
    if (e) {
        check_node(e, src, size, 0);
        ast_dump_expr(e, sink);
    }
    diag_print(&d, sink);
    diag_free(&d);

    fclose(sink);
    arena_free(&a);
    return 0;
}
