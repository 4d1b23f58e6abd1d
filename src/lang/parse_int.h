/* parse_int.h - internals shared by parser.c (statements) and parse_expr.c
 * (expressions). Not part of the public interface: include parser.h. */
#ifndef PHONON_LANG_PARSE_INT_H
#define PHONON_LANG_PARSE_INT_H

#include <stdbool.h>

#include "lang/lexer.h"
#include "lang/parser.h"

typedef struct Parser {
    const char *src;
    size_t len;
    Arena *arena;
    Diag *diag;
    const char *eos_name;   /* how the end of a token run is described in messages */
    LexToken *toks;         /* the current statement's tokens, then an LEX_EOF sentinel */
    int ntoks, toks_cap;
    int pos;                /* next token */
    AstNode **scratch;      /* stack of nodes for lists being built */
    int nscratch, scratch_cap;
    int depth;              /* nesting, checked against LANG_MAX_DEPTH */
    bool failed;            /* an error was reported for the current statement */
    bool nomem;             /* memory ran out: give up */
} Parser;

/* Token access (the sentinel makes peeking past the end safe). */
const LexToken *parse_peek(const Parser *P);
const LexToken *parse_advance(Parser *P);

/* Reports an error at token t for the current statement (only the first one
 * is kept per statement: later ones would be consequences). */
void parse_error_at(Parser *P, size_t offset, size_t length, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* "`foo`", "number `2`", "`)`", "the end of the line" ... into buf. */
const char *parse_describe(const Parser *P, const LexToken *t, char *buf, size_t n);

/* Arena helpers; on failure they set P->nomem and report once. */
AstNode *parse_new_node(Parser *P, AstKind kind, size_t offset, size_t length);
char *parse_strndup(Parser *P, const char *s, size_t n);
bool parse_push(Parser *P, AstNode *n);
/* Moves scratch[base..] into an arena array; *count receives its length. */
AstNode **parse_commit(Parser *P, int base, int *count);

/* Tokens that can begin an expression. */
bool parse_starts_expr(LexKind k);
/* Parses a full expression (all operators). NULL after an error. */
AstNode *parse_expr(Parser *P);
/* Reports a token found where an expression ended; `expected` says what
 * could have come instead ("an operator or the end of the line"). */
void parse_unexpected(Parser *P, const LexToken *t, const char *expected);

/* Parses the statement in P->toks (parse_stmt.c); false after an error. */
bool parse_statement(Parser *P, AstStmt *st);

#endif
