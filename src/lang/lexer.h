/* lexer.h - the .ph lexer: source bytes -> tokens, with layout flags.
 *
 * The lexer knows nothing about statements. It hands out one token at a time
 * (lex_next) and marks each token with what the statement layer needs to group
 * physical lines into statements: is it the first token of its line, was the
 * line indented, did a blank or comment-only line come before it. Comments
 * (`--` to end of line) and whitespace never become tokens.
 *
 * Lexical errors (unterminated string, invalid UTF-8, stray characters,
 * malformed or out-of-range numbers) are reported to the Diag as they are
 * met and produce a LEX_ERROR token covering the bad text, so the parser can
 * skip the statement without a second message. The exact rules are in the
 * comment block of parser.h. */
#ifndef PHONON_LANG_LEXER_H
#define PHONON_LANG_LEXER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"

/* Longest identifier and number token accepted (longer ones are an error). */
#define LEX_MAX_IDENT_LEN 256
#define LEX_MAX_NUMBER_LEN 64

typedef enum LexKind {
    LEX_EOF,
    LEX_ERROR,     /* bad text, already reported */
    LEX_IDENT,     /* [A-Za-z_][A-Za-z0-9_']* */
    LEX_BUS,       /* ~name (the name starts at offset + 1) */
    LEX_NUMBER,    /* 12 0.5 .5 1e3 -2 (value in LexToken.number) */
    LEX_STRING,    /* "..." (content starts at offset + 1, length - 2 bytes) */
    LEX_LPAREN, LEX_RPAREN, LEX_LBRACKET, LEX_RBRACKET,
    LEX_COMMA, LEX_COLON, LEX_EQUALS,
    LEX_HASH,      /* # */
    LEX_DOLLAR,    /* $ */
    /* Arithmetic, plain (structure from both sides): + - * / and the Tidal
     * spellings |+| |-| |*| |/| |%| |>| |<| (LEX_MOD/SET/KEEP only exist in
     * these). `|op` keeps the left structure, `op|` the right. */
    LEX_PLUS, LEX_MINUS, LEX_STAR, LEX_SLASH, LEX_MOD, LEX_SET, LEX_KEEP,
    LEX_PLUS_L, LEX_MINUS_L, LEX_STAR_L, LEX_SLASH_L, LEX_MOD_L, LEX_SET_L, LEX_KEEP_L,
    LEX_PLUS_R, LEX_MINUS_R, LEX_STAR_R, LEX_SLASH_R, LEX_MOD_R, LEX_SET_R, LEX_KEEP_R,
    LEX_KIND_COUNT
} LexKind;

/* LexToken.flags */
enum {
    LEX_LINE_START  = 1u << 0, /* first token on its physical line */
    LEX_INDENTED    = 1u << 1, /* that line starts with a space or tab */
    LEX_AFTER_BREAK = 1u << 2, /* a blank or comment-only line (or the file start) precedes this line */
    LEX_SPACE_BEFORE = 1u << 3 /* whitespace (or a line break) right before the token */
};

typedef struct LexToken {
    LexKind kind;
    unsigned flags;
    size_t offset;   /* byte offset of the first byte */
    size_t length;   /* bytes */
    double number;   /* LEX_NUMBER only */
} LexToken;

typedef struct Lexer {
    const char *src;
    size_t len;
    size_t pos;
    Diag *diag;
    LexKind prev;        /* kind of the previous token on this line (LEX_EOF at a line start) */
    bool line_start;     /* no token yet on the current line */
    bool indented;       /* the current line started with whitespace */
    bool brk;            /* a blank/comment line (or the file start) came before this line */
    bool line_has_token;
    bool line_error;     /* an error was reported on this line (later ones are not) */
    bool no_layout;      /* single expression: a line start is not special for `-` */
} Lexer;

void lex_init(Lexer *lx, const char *src, size_t len, Diag *d);
/* Next token; LEX_EOF forever at the end. Never fails (errors -> LEX_ERROR). */
void lex_next(Lexer *lx, LexToken *out);

/* "`+`", "identifier", "number", ... for messages. */
const char *lex_kind_name(LexKind k);
/* Binary operators (`#`, `$`, arithmetic and structure operators). */
bool lex_is_operator(LexKind k);

#endif
