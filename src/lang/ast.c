/* ast.c - names and the S-expression printer for the .ph syntax tree (ast.h). */
#include "lang/ast.h"

static const char *const ast_op_texts[7][3] = {
    /*            BOTH    LEFT    RIGHT */
    [AST_ADD] = { "+", "|+", "+|" },
    [AST_SUB] = { "-", "|-", "-|" },
    [AST_MUL] = { "*", "|*", "*|" },
    [AST_DIV] = { "/", "|/", "/|" },
    [AST_MOD] = { "|%|", "|%", "%|" },
    [AST_SET] = { "|>|", "|>", ">|" },
    [AST_KEEP] = { "|<|", "|<", "<|" },
};

const char *ast_op_text(AstArith arith, AstSide side)
{
    if ((unsigned)arith > AST_KEEP || (unsigned)side > AST_RIGHT) return "?";
    return ast_op_texts[arith][side];
}

const char *ast_kind_name(AstKind k)
{
    switch (k) {
    case AST_NUMBER: return "number";
    case AST_STRING: return "string";
    case AST_IDENT: return "identifier";
    case AST_BUS: return "bus reference";
    case AST_LIST: return "list";
    case AST_APP: return "application";
    case AST_NEG: return "negation";
    case AST_BINOP: return "operator";
    case AST_CHAIN: return "`#` chain";
    case AST_DOLLAR: return "`$` chain";
    case AST_SECTION: return "section";
    case AST_HOLE: return "section hole";
    }
    return "node";
}

const char *ast_stmt_kind_name(AstStmtKind k)
{
    switch (k) {
    case AST_STMT_TEMPO: return "tempo";
    case AST_STMT_BPM: return "bpm";
    case AST_STMT_BUS: return "bus";
    case AST_STMT_MODBUS: return "modbus";
    case AST_STMT_OUT: return "out";
    case AST_STMT_OUTN: return "outn";
    case AST_STMT_HUSH: return "hush";
    case AST_STMT_PANIC: return "panic";
    case AST_STMT_RESET_CYCLES: return "resetCycles";
    case AST_STMT_SET_CYCLE: return "setCycle";
    case AST_STMT_NUDGE: return "nudge";
    case AST_STMT_FN: return "fn";
    }
    return "statement";
}

static void ast_dump_items(AstNode *const *items, int count, FILE *out)
{
    for (int i = 0; i < count; i++) {
        fputc(' ', out);
        ast_dump_expr(items[i], out);
    }
}

void ast_dump_expr(const AstNode *n, FILE *out)
{
    if (!n) {
        fputs("<null>", out);
        return;
    }
    switch (n->kind) {
    case AST_NUMBER: fprintf(out, "%.15g", n->u.number); break;
    case AST_STRING: fprintf(out, "\"%s\"", n->u.str.text); break;
    case AST_IDENT: fputs(n->u.name.text, out); break;
    case AST_BUS: fprintf(out, "~%s", n->u.name.text); break;
    case AST_HOLE: fputc('_', out); break;
    case AST_LIST:
        fputs("(list", out);
        ast_dump_items(n->u.list.items, n->u.list.count, out);
        fputc(')', out);
        break;
    case AST_DOLLAR:
        fputs("($", out);
        ast_dump_items(n->u.list.items, n->u.list.count, out);
        fputc(')', out);
        break;
    case AST_APP:
        fputc('(', out);
        ast_dump_expr(n->u.app.fn, out);
        ast_dump_items(n->u.app.args, n->u.app.nargs, out);
        fputc(')', out);
        break;
    case AST_NEG:
        fputs("(neg ", out);
        ast_dump_expr(n->u.operand, out);
        fputc(')', out);
        break;
    case AST_BINOP:
    case AST_CHAIN:
        fprintf(out, "(%s ", n->kind == AST_CHAIN ? "#" : ast_op_text(n->u.bin.arith, n->u.bin.side));
        ast_dump_expr(n->u.bin.lhs, out);
        fputc(' ', out);
        ast_dump_expr(n->u.bin.rhs, out);
        fputc(')', out);
        break;
    case AST_SECTION:
        fputs("(section ", out);
        ast_dump_expr(n->u.section.body, out);
        fputc(')', out);
        break;
    }
}

static const char *ast_prefix_text(AstOutPrefix p)
{
    return p == AST_OUT_D ? "d" : p == AST_OUT_O ? "o" : "out";
}

void ast_dump_stmt(const AstStmt *s, FILE *out)
{
    char binder[2] = { s->binder, 0 };
    switch (s->kind) {
    case AST_STMT_TEMPO:
    case AST_STMT_BPM:
    case AST_STMT_SET_CYCLE:
    case AST_STMT_NUDGE:
        fprintf(out, "(%s %.15g)", ast_stmt_kind_name(s->kind), s->number);
        return;
    case AST_STMT_HUSH:
    case AST_STMT_PANIC:
    case AST_STMT_RESET_CYCLES:
        fprintf(out, "(%s)", ast_stmt_kind_name(s->kind));
        return;
    case AST_STMT_BUS:
    case AST_STMT_MODBUS:
        fprintf(out, "(%s %s %s ", ast_stmt_kind_name(s->kind), s->name, binder);
        break;
    case AST_STMT_OUT:
        fprintf(out, "(out %s ", binder);
        break;
    case AST_STMT_OUTN:
        fprintf(out, "(%s%d %s ", ast_prefix_text(s->out_prefix), s->out_index, binder);
        break;
    case AST_STMT_FN:
        fprintf(out, "(fn %s (", s->name);
        for (int i = 0; i < s->nparams; i++) fprintf(out, "%s%s", i ? " " : "", s->params[i]->u.name.text);
        fputs(") ", out);
        break;
    }
    ast_dump_expr(s->expr, out);
    fputc(')', out);
}

void ast_dump_program(const AstProgram *p, FILE *out)
{
    for (int i = 0; i < p->count; i++) {
        ast_dump_stmt(&p->stmts[i], out);
        fputc('\n', out);
    }
}
