/* lexer.c - the .ph lexer (see lexer.h; the rules are listed in parser.h).
 *
 * One pass over the bytes, no allocation. Whitespace and `--` comments are
 * skipped while the layout flags (line start, indentation, blank-line break)
 * are tracked; everything else is one token. */
#include "lang/lexer.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const lex_names[LEX_KIND_COUNT] = {
    [LEX_EOF] = "end of input",   [LEX_ERROR] = "invalid text",
    [LEX_IDENT] = "identifier",   [LEX_BUS] = "bus reference",
    [LEX_NUMBER] = "number",      [LEX_STRING] = "string",
    [LEX_LPAREN] = "`(`",         [LEX_RPAREN] = "`)`",
    [LEX_LBRACKET] = "`[`",       [LEX_RBRACKET] = "`]`",
    [LEX_COMMA] = "`,`",          [LEX_COLON] = "`:`",
    [LEX_EQUALS] = "`=`",         [LEX_HASH] = "`#`",
    [LEX_DOLLAR] = "`$`",
    [LEX_PLUS] = "`+`",    [LEX_MINUS] = "`-`",    [LEX_STAR] = "`*`",    [LEX_SLASH] = "`/`",
    [LEX_MOD] = "`|%|`",   [LEX_SET] = "`|>|`",    [LEX_KEEP] = "`|<|`",
    [LEX_PLUS_L] = "`|+`", [LEX_MINUS_L] = "`|-`", [LEX_STAR_L] = "`|*`", [LEX_SLASH_L] = "`|/`",
    [LEX_MOD_L] = "`|%`",  [LEX_SET_L] = "`|>`",   [LEX_KEEP_L] = "`|<`",
    [LEX_PLUS_R] = "`+|`", [LEX_MINUS_R] = "`-|`", [LEX_STAR_R] = "`*|`", [LEX_SLASH_R] = "`/|`",
    [LEX_MOD_R] = "`%|`",  [LEX_SET_R] = "`>|`",   [LEX_KEEP_R] = "`<|`",
};

const char *lex_kind_name(LexKind k)
{
    return (unsigned)k < LEX_KIND_COUNT && lex_names[k] ? lex_names[k] : "token";
}

bool lex_is_operator(LexKind k)
{
    return k == LEX_HASH || k == LEX_DOLLAR || (k >= LEX_PLUS && k <= LEX_KEEP_R);
}

void lex_init(Lexer *lx, const char *src, size_t len, Diag *d)
{
    memset(lx, 0, sizeof *lx);
    lx->src = src;
    lx->len = src ? len : 0;
    lx->diag = d;
    lx->prev = LEX_EOF;
    lx->line_start = true;
    lx->brk = true;
    /* A UTF-8 byte order mark is not part of the program. */
    if (lx->len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) lx->pos = 3;
}

/* One lexical error per line: the rest of a bad line is usually noise. */
static void lex_error(Lexer *lx, size_t offset, size_t length, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void lex_error(Lexer *lx, size_t offset, size_t length, const char *fmt, ...)
{
    if (lx->line_error) return;
    lx->line_error = true;
    va_list ap;
    va_start(ap, fmt);
    diag_add(lx->diag, DIAG_ERROR, offset, length, fmt, ap);
    va_end(ap);
}

static bool lex_is_digit(int c) { return c >= '0' && c <= '9'; }
static bool lex_is_ident_start(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
static bool lex_is_ident_char(int c) { return lex_is_ident_start(c) || lex_is_digit(c) || c == '\''; }

static int lex_peek(const Lexer *lx, size_t ahead)
{
    size_t i = lx->pos + ahead;
    return i < lx->len ? (unsigned char)lx->src[i] : -1;
}

/* Decodes one UTF-8 code point at s (n bytes available). Returns its length,
 * or 0 if the bytes are not valid UTF-8 (overlong, surrogate, > U+10FFFF,
 * truncated). */
static size_t lex_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    if (n == 0) return 0;
    unsigned c = s[0];
    size_t need;
    uint32_t v, min;
    if (c < 0x80) { *cp = c; return 1; }
    if (c >= 0xC2 && c <= 0xDF) { need = 1; v = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { need = 2; v = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { need = 3; v = c & 0x07; min = 0x10000; }
    else return 0;
    if (n < need + 1) return 0;
    for (size_t i = 1; i <= need; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return need + 1;
}

/* Skips spaces, line breaks and comments, updating the layout state.
 * Returns true if any whitespace was skipped. */
static bool lex_skip_space(Lexer *lx)
{
    bool space = false;
    while (lx->pos < lx->len) {
        int c = lex_peek(lx, 0);
        if (c == ' ' || c == '\t' || c == '\r') {
            if (lx->line_start && c != '\r') lx->indented = true;
            lx->pos++;
            space = true;
        } else if (c == '\n') {
            if (!lx->line_has_token) lx->brk = true;
            lx->line_has_token = false;
            lx->line_error = false;
            lx->line_start = true;
            lx->indented = false;
            lx->prev = LEX_EOF;
            lx->pos++;
            space = true;
        } else if (c == '-' && lex_peek(lx, 1) == '-') {
            while (lx->pos < lx->len && lx->src[lx->pos] != '\n') lx->pos++;
            space = true;
        } else {
            break;
        }
    }
    return space;
}

/* Consumes a run of bytes that cannot start a token and reports it once. */
static void lex_bad_chars(Lexer *lx, LexToken *t)
{
    const unsigned char *s = (const unsigned char *)lx->src;
    size_t start = lx->pos;
    uint32_t cp = 0;
    size_t n = lex_utf8_decode(s + start, lx->len - start, &cp);
    if (n == 0) {
        /* A run of invalid bytes is one error. */
        size_t end = start + 1;
        while (end < lx->len && s[end] >= 0x80 && lex_utf8_decode(s + end, lx->len - end, &cp) == 0) end++;
        lex_error(lx, start, end - start,
                   "invalid UTF-8 (byte 0x%02X); a .ph file must be UTF-8 text", s[start]);
        lx->pos = end;
    } else if (cp >= 0x80) {
        const char *hint = "";
        if (cp == 0x201C || cp == 0x201D) hint = "; use a plain `\"` for strings";
        else if (cp == 0x2018 || cp == 0x2019) hint = "; use a plain `'`";
        else if (cp == 0x2013 || cp == 0x2014 || cp == 0x2212) hint = "; use a plain `-`";
        else if (cp == 0x00A0 || cp == 0x2009 || cp == 0x200B || cp == 0x3000) hint = "; use a plain space";
        lex_error(lx, start, n, "unexpected character U+%04X outside a string%s", (unsigned)cp, hint);
        lx->pos = start + n;
    } else if (cp < 0x20 || cp == 0x7F) {
        lex_error(lx, start, 1, "unexpected control character 0x%02X", (unsigned)cp);
        lx->pos = start + 1;
    } else if (cp == '.') {
        lex_error(lx, start, 1, "unexpected `.` (there is no `.` operator; compose with `$`)");
        lx->pos = start + 1;
    } else {
        lex_error(lx, start, 1, "unexpected character `%c`%s", (char)cp,
                   strchr("<>{}@!?%|'^", (int)cp) ? " (mini-notation belongs inside a string)" : "");
        lx->pos = start + 1;
    }
    t->kind = LEX_ERROR;
    t->length = lx->pos - start;
}

static void lex_number(Lexer *lx, LexToken *t, size_t start)
{
    /* [-] ( D+ [. D+] | . D+ ) [ (e|E) [+-] D+ ] ; lx->pos is at the first digit or '.' */
    while (lex_is_digit(lex_peek(lx, 0))) lx->pos++;
    if (lex_peek(lx, 0) == '.' && lex_is_digit(lex_peek(lx, 1))) {
        lx->pos++;
        while (lex_is_digit(lex_peek(lx, 0))) lx->pos++;
    }
    int e = lex_peek(lx, 0);
    if (e == 'e' || e == 'E') {
        size_t k = 1;
        if (lex_peek(lx, 1) == '+' || lex_peek(lx, 1) == '-') k = 2;
        if (lex_is_digit(lex_peek(lx, k))) {
            lx->pos += k;
            while (lex_is_digit(lex_peek(lx, 0))) lx->pos++;
        }
    }
    t->kind = LEX_ERROR;
    int c = lex_peek(lx, 0);
    if (lex_is_ident_char(c) || c == '.') {
        while (lex_is_ident_char(lex_peek(lx, 0)) || lex_peek(lx, 0) == '.') lx->pos++;
        lex_error(lx, start, lx->pos - start, "malformed number `%.*s`",
                   (int)(lx->pos - start > 40 ? 40 : lx->pos - start), lx->src + start);
        t->length = lx->pos - start;
        return;
    }
    size_t n = lx->pos - start;
    t->length = n;
    if (n > LEX_MAX_NUMBER_LEN) {
        lex_error(lx, start, n, "number too long (more than %d characters)", LEX_MAX_NUMBER_LEN);
        return;
    }
    char buf[LEX_MAX_NUMBER_LEN + 1];
    memcpy(buf, lx->src + start, n);
    buf[n] = '\0';
    double v = strtod(buf, NULL);
    if (isinf(v) || isnan(v)) {
        lex_error(lx, start, n, "number out of range: `%s`", buf);
        return;
    }
    t->kind = LEX_NUMBER;
    t->number = v;
}

static void lex_string(Lexer *lx, LexToken *t, size_t start)
{
    lx->pos++; /* opening quote */
    while (lx->pos < lx->len && lx->src[lx->pos] != '"' && lx->src[lx->pos] != '\n') lx->pos++;
    if (lx->pos < lx->len && lx->src[lx->pos] == '"') {
        lx->pos++;
        t->kind = LEX_STRING;
    } else {
        lex_error(lx, start, 1, "unterminated string: no closing `\"` before the end of the %s",
                   lx->pos < lx->len ? "line" : "file");
        t->kind = LEX_ERROR;
    }
    t->length = lx->pos - start;
}

static void lex_word(Lexer *lx, LexToken *t, size_t start, LexKind kind)
{
    while (lex_is_ident_char(lex_peek(lx, 0))) lx->pos++;
    t->length = lx->pos - start;
    size_t n = t->length - (kind == LEX_BUS ? 1 : 0);
    if (n > LEX_MAX_IDENT_LEN) {
        lex_error(lx, start, t->length, "name too long (more than %d characters)", LEX_MAX_IDENT_LEN);
        t->kind = LEX_ERROR;
        return;
    }
    t->kind = kind;
}

/* Operators written with `|` or ending in `|`. Returns false if none matches. */
static bool lex_pipe_op(Lexer *lx, LexToken *t)
{
    static const char ops[] = "+-*/%><";
    static const LexKind both[] = { LEX_PLUS, LEX_MINUS, LEX_STAR, LEX_SLASH, LEX_MOD, LEX_SET, LEX_KEEP };
    static const LexKind left[] = { LEX_PLUS_L, LEX_MINUS_L, LEX_STAR_L, LEX_SLASH_L, LEX_MOD_L, LEX_SET_L, LEX_KEEP_L };
    static const LexKind right[] = { LEX_PLUS_R, LEX_MINUS_R, LEX_STAR_R, LEX_SLASH_R, LEX_MOD_R, LEX_SET_R, LEX_KEEP_R };
    int c0 = lex_peek(lx, 0), c1 = lex_peek(lx, 1);
    if (c0 == '|' && c1 > 0) {
        const char *p = strchr(ops, c1);
        if (!p || c1 == 0) return false;
        size_t i = (size_t)(p - ops);
        /* `|--` would be `|` followed by a comment */
        if (c1 == '-' && lex_peek(lx, 2) == '-') return false;
        if (lex_peek(lx, 2) == '|') {
            t->kind = both[i];
            t->length = 3;
        } else {
            t->kind = left[i];
            t->length = 2;
        }
        return true;
    }
    if (c0 > 0 && c1 == '|') {
        const char *p = strchr(ops, c0);
        if (!p || c0 == 0) return false;
        t->kind = right[p - ops];
        t->length = 2;
        return true;
    }
    return false;
}

/* A `-` directly followed by a digit (or `.digit`) is part of a negative
 * number literal when it does not start its line and comes after whitespace,
 * an opening bracket, a comma, `:`, `=` or an operator. */
static bool lex_negative_literal(const Lexer *lx, bool space)
{
    int c1 = lex_peek(lx, 1);
    if (!(lex_is_digit(c1) || (c1 == '.' && lex_is_digit(lex_peek(lx, 2))))) return false;
    if (lx->line_start) return lx->no_layout;
    if (space) return true;
    LexKind p = lx->prev;
    return p == LEX_LPAREN || p == LEX_LBRACKET || p == LEX_COMMA || p == LEX_COLON || p == LEX_EQUALS ||
           lex_is_operator(p);
}

static LexKind lex_single(int c)
{
    switch (c) {
    case '(': return LEX_LPAREN;
    case ')': return LEX_RPAREN;
    case '[': return LEX_LBRACKET;
    case ']': return LEX_RBRACKET;
    case ',': return LEX_COMMA;
    case ':': return LEX_COLON;
    case '=': return LEX_EQUALS;
    case '#': return LEX_HASH;
    case '$': return LEX_DOLLAR;
    case '+': return LEX_PLUS;
    case '-': return LEX_MINUS;
    case '*': return LEX_STAR;
    case '/': return LEX_SLASH;
    default: return LEX_EOF;
    }
}

static void lex_token_body(Lexer *lx, LexToken *t, bool space)
{
    size_t start = lx->pos;
    int c = lex_peek(lx, 0);
    if (lex_is_ident_start(c)) {
        lex_word(lx, t, start, LEX_IDENT);
    } else if (c == '~') {
        if (lex_is_ident_start(lex_peek(lx, 1))) {
            lx->pos++;
            lex_word(lx, t, start, LEX_BUS);
        } else {
            lex_error(lx, start, 1, "expected a bus name right after `~` (like `~drums`)");
            lx->pos++;
            t->kind = LEX_ERROR;
            t->length = 1;
        }
    } else if (lex_is_digit(c) || (c == '.' && lex_is_digit(lex_peek(lx, 1)))) {
        lex_number(lx, t, start);
    } else if (c == '-' && lex_negative_literal(lx, space)) {
        lx->pos++;
        lex_number(lx, t, start);
    } else if (c == '"') {
        lex_string(lx, t, start);
    } else if (lex_pipe_op(lx, t)) {
        lx->pos += t->length;
    } else if (lex_single(c) != LEX_EOF) {
        t->kind = lex_single(c);
        t->length = 1;
        lx->pos++;
    } else {
        lex_bad_chars(lx, t);
    }
}

void lex_next(Lexer *lx, LexToken *out)
{
    bool space = lex_skip_space(lx);
    LexToken t = { 0 };
    t.offset = lx->pos;
    if (lx->pos >= lx->len) {
        t.kind = LEX_EOF;
        t.flags = LEX_LINE_START | LEX_AFTER_BREAK;
        *out = t;
        return;
    }
    if (lx->line_start) {
        t.flags |= LEX_LINE_START;
        if (lx->indented) t.flags |= LEX_INDENTED;
        if (lx->brk) t.flags |= LEX_AFTER_BREAK;
    }
    if (space) t.flags |= LEX_SPACE_BEFORE;
    lex_token_body(lx, &t, space);
    lx->line_start = false;
    lx->brk = false;
    lx->line_has_token = true;
    lx->prev = t.kind;
    *out = t;
}
