/* ast.h - the syntax tree of a .ph program, as written (no desugaring).
 *
 * The parser builds it in an Arena; the typed compiler reads it. Every node
 * and statement carries the byte offset and length of its source text, so a
 * later stage can point a Diag at it; identifier, bus and string texts are
 * NUL-terminated copies in the arena. Parentheses leave no node: a
 * parenthesised expression is its inner node, whose span is widened to
 * cover the parentheses. See parser.h for the grammar. */
#ifndef PHONON_LANG_AST_H
#define PHONON_LANG_AST_H

#include <stddef.h>
#include <stdio.h>

typedef enum AstKind {
    AST_NUMBER,   /* u.number                 12  0.5  -2  1e3 */
    AST_STRING,   /* u.str                    "bd sn" (mini-notation, raw) */
    AST_IDENT,    /* u.name                   fast  rev  sine */
    AST_BUS,      /* u.name (without `~`)     ~drums */
    AST_LIST,     /* u.list                   [a, b, c]  [] */
    AST_APP,      /* u.app                    f a b  (juxtaposition; fn is an AST_IDENT, nargs >= 1) */
    AST_NEG,      /* u.operand                - x  (unary minus; `-2` is an AST_NUMBER) */
    AST_BINOP,    /* u.bin                    a + b, a |+ b, a |> b ... */
    AST_CHAIN,    /* u.bin (op unused)        a # b */
    AST_DOLLAR,   /* u.list (count >= 2)      a $ b $ c, elements in source order */
    AST_SECTION,  /* u.section                (# speed 2)  (+ 7)  (|+ n 1) */
    AST_HOLE      /* the missing left operand inside a section body (span: the operator, length 0) */
} AstKind;

/* What a binary operator computes. */
typedef enum AstArith {
    AST_ADD, AST_SUB, AST_MUL, AST_DIV,
    AST_MOD,   /* |%  %|  |%| */
    AST_SET,   /* values from the right: |>  >|  |>| */
    AST_KEEP   /* values from the left:  |<  <|  |<| */
} AstArith;

/* Where the result's event structure comes from. */
typedef enum AstSide {
    AST_BOTH,   /* + - * /  (and |+| ...) */
    AST_LEFT,   /* |+ |- |* |/ |% |> |< */
    AST_RIGHT   /* +| -| *| /| %| >| <| */
} AstSide;

typedef struct AstNode AstNode;

struct AstNode {
    AstKind kind;
    size_t offset;   /* byte offset of the node's source text */
    size_t length;   /* bytes */
    union {
        double number;
        struct {
            const char *text;      /* content without quotes, NUL-terminated */
            size_t len;            /* bytes of content */
            size_t content_offset; /* byte offset of the first content char in the source */
        } str;
        struct {
            const char *text;      /* NUL-terminated; a bus name without its `~` */
            size_t len;
        } name;
        struct {
            AstNode **items;
            int count;
        } list;
        struct {
            AstNode *fn;
            AstNode **args;
            int nargs;
        } app;
        AstNode *operand;
        struct {
            AstArith arith;        /* AST_BINOP only */
            AstSide side;          /* AST_BINOP only */
            size_t op_offset;      /* the operator token */
            size_t op_length;
            AstNode *lhs, *rhs;
        } bin;
        struct {
            /* The section is the function x -> body[AST_HOLE := x]. The hole
             * is the leftmost leaf of body, and op names the operator that
             * follows it: AST_CHAIN for (# e), AST_DOLLAR for ($ e), else
             * AST_BINOP with the arith/side of the first operator. */
            AstKind op;
            AstArith arith;
            AstSide side;
            AstNode *body;
        } section;
    } u;
};

typedef enum AstStmtKind {
    AST_STMT_TEMPO,        /* tempo: N  |  cps: N        number (cycles per second, > 0) */
    AST_STMT_BPM,          /* bpm: N                     number (> 0) */
    AST_STMT_BUS,          /* ~name: e  |  ~name $ e     name, expr */
    AST_STMT_MODBUS,       /* ~name # e   (tier 2)       name, expr */
    AST_STMT_OUT,          /* out: e  |  out $ e  |  out # e        expr */
    AST_STMT_OUTN,         /* dN / oN / outN  then : $ or #         out_prefix, out_index, expr */
    AST_STMT_HUSH,         /* hush */
    AST_STMT_PANIC,        /* panic          (tier 2) */
    AST_STMT_RESET_CYCLES, /* resetCycles    (tier 2) */
    AST_STMT_SET_CYCLE,    /* setCycle N     (tier 2)   number */
    AST_STMT_NUDGE,        /* nudge N        (tier 2)   number */
    AST_STMT_FN            /* fn name p1 p2 = e (tier 2)  name, params, expr */
} AstStmtKind;

typedef enum AstOutPrefix { AST_OUT_D, AST_OUT_O, AST_OUT_OUT } AstOutPrefix;

typedef struct AstStmt {
    AstStmtKind kind;
    size_t offset, length;           /* whole statement, continuation lines included */
    size_t head_offset, head_length; /* the head word: `tempo`, `~drums`, `d3`, `fn`, `hush` ... */
    char binder;                     /* ':', '$' or '#' as written after the head; 0 if none */
    const char *name;                /* BUS/MODBUS: bus name without `~`; FN: function name */
    size_t name_len;
    int out_index;                   /* OUTN: 1..LANG_MAX_OUTPUT_INDEX */
    AstOutPrefix out_prefix;         /* OUTN: d, o or out */
    double number;                   /* TEMPO/BPM/SET_CYCLE/NUDGE: the value (also in expr) */
    AstNode *expr;                   /* body; the AST_NUMBER for number statements; NULL otherwise */
    AstNode **params;                /* FN: AST_IDENT parameters */
    int nparams;
} AstStmt;

typedef struct AstProgram {
    const char *filename;
    const char *src;                 /* the parsed text (not owned) */
    size_t src_len;
    AstStmt *stmts;                  /* in source order */
    int count;
} AstProgram;

/* S-expression printers (tests, debugging, `phonon check --ast`):
 *   number 0.5  string "bd sn"  ident fast  bus ~drums  list (list a b)
 *   app (fast 2)  neg (neg x)  binop (+ a b) (|+ a b)  chain (# a b)
 *   dollar ($ a b c)  section (section (# _ (speed 2)))  hole _
 * Statements: (tempo 0.5) (bpm 120) (bus drums : E) (modbus m E) (out $ E)
 *   (d1 : E) (o2 $ E) (out3 # E) (hush) (panic) (resetCycles)
 *   (setCycle 4) (nudge 0.1) (fn name (a b) E) ; one statement per line. */
void ast_dump_expr(const AstNode *n, FILE *out);
void ast_dump_stmt(const AstStmt *s, FILE *out);
void ast_dump_program(const AstProgram *p, FILE *out);

/* Operator spelling: "+", "|+", "+|", "|>", ... */
const char *ast_op_text(AstArith arith, AstSide side);
/* "number", "string", "application", ... */
const char *ast_kind_name(AstKind k);
const char *ast_stmt_kind_name(AstStmtKind k);

#endif
