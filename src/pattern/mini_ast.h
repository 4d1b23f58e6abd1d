/* mini_ast.h - internal to the mini-notation stages (mini_lex.c,
 * mini_parse.c, mini_build.c): the scanner interface and the AST.
 *
 * The AST mirrors Strudel's krill parser output, because mini.mjs builds
 * patterns from that exact shape: a sequence is a list of *elements*
 * (a slice plus its operators, weight and repeat count); groups (stack,
 * random choice, feet, polymeter, < >) hold sequences. */
#ifndef PHONON_PATTERN_MINI_AST_H
#define PHONON_PATTERN_MINI_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "pattern/mini.h"

/* ---- scanner (mini_lex.c) ---------------------------------------------------- */

/* The source as the grammar sees it: Strudel parses `"` + text + `"`. */
typedef struct MiniSrc {
    const unsigned char *s;
    size_t len;
} MiniSrc;

/* Position after any whitespace (space, tab, CR, LF, NBSP) at pos. */
size_t mini_lex_ws(const MiniSrc *src, size_t pos);
/* Bytes of the step character at pos (a letter, digit, ~ - # . ^ _), or 0. */
size_t mini_lex_step_char(const MiniSrc *src, size_t pos);
/* Bytes of a number (-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?) at
 * pos and its value, or 0. */
size_t mini_lex_number(const MiniSrc *src, size_t pos, double *value);
/* True if the literal lit is at pos. */
bool mini_lex_lit(const MiniSrc *src, size_t pos, const char *lit);
/* Unicode letters as Strudel's grammar knows them (mini_letters.c). */
bool mini_is_letter(uint32_t cp);

/* ---- AST (mini_parse.c builds, mini_build.c reads) -------------------------------- */

typedef enum MiniKind {
    MINI_ATOM,    /* a step word: "bd", "3", "~" */
    MINI_SEQ,     /* a sequence of elements ("fastcat" alignment) */
    MINI_STACK,   /* a, b */
    MINI_RAND,    /* a | b */
    MINI_FEET,    /* a . b */
    MINI_POLY,    /* { a, b }%n */
    MINI_SLOWCAT  /* < a, b > */
} MiniKind;

typedef enum MiniOpKind {
    MINI_OP_FAST,      /* *x */
    MINI_OP_SLOW,      /* /x */
    MINI_OP_REPLICATE, /* !n */
    MINI_OP_EUCLID,    /* (p,s,r) */
    MINI_OP_DEGRADE,   /* ?x */
    MINI_OP_TAIL,      /* :x */
    MINI_OP_RANGE      /* .. x */
} MiniOpKind;

typedef struct MiniNode MiniNode;
typedef struct MiniElem MiniElem;

typedef struct MiniOp {
    MiniOpKind kind;
    size_t offset;         /* of the operator character, in the quoted source */
    MiniNode *arg;         /* FAST/SLOW amount, TAIL/RANGE element */
    MiniElem *euclid[3];   /* pulses, steps, rotation (NULL if absent) */
    double amount;         /* DEGRADE: probability; REPLICATE: count */
    bool has_amount;
    int seed;              /* DEGRADE */
} MiniOp;

struct MiniElem {
    MiniNode *slice;
    MiniOp *ops;
    size_t nops, cap;
    double weight;         /* Strudel's options_.weight (a JS number) */
    double reps;
    size_t offset, end;
};

struct MiniNode {
    MiniKind kind;
    size_t offset, end;    /* in the quoted source */
    const char *text;      /* ATOM: the word (not NUL-terminated) */
    size_t len;
    MiniElem **elems;      /* SEQ */
    size_t nelems;
    MiniNode **kids;       /* groups: MINI_SEQ children */
    size_t nkids;
    int seed;              /* RAND (FEET takes one too, unused) */
    MiniNode *steps;       /* POLY: the %steps slice, or NULL */
};

/* ---- the stages ----------------------------------------------------------------- */

/* Parses quoted = `"` + text + `"` (qlen bytes, valid UTF-8). NULL on
 * error, with out's status, message and offset (into text) filled. */
MiniNode *mini_parse_ast(const unsigned char *quoted, size_t qlen, Arena *arena, MiniResult *out);
/* Builds the pattern of a parsed AST (offsets in out are into text). */
const Pattern *mini_build(const MiniNode *root, Arena *arena, MiniResult *out);

#endif
