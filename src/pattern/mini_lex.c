/* mini_lex.c - the mini-notation scanner: character classes and the two
 * multi-character tokens (step words and numbers).
 *
 * The grammar is scannerless (a PEG), so which token comes next depends on
 * where the parser is: after `@` the digits "07" are the number 0 followed
 * by a new step "7", while as a step "07" is one word. So, as in Lua's
 * llex, the parser asks for a token of a given kind at a position, and
 * these functions only classify characters. The input is validated UTF-8
 * before parsing starts. */
#include "pattern/mini_ast.h"

#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

size_t mini_lex_ws(const MiniSrc *src, size_t pos)
{
    const unsigned char *s = src->s;
    while (pos < src->len) {
        unsigned char c = s[pos];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') pos++;
        else if (c == 0xC2 && pos + 1 < src->len && s[pos + 1] == 0xA0) pos += 2; /* NBSP */
        else break;
    }
    return pos;
}

size_t mini_lex_step_char(const MiniSrc *src, size_t pos)
{
    if (pos >= src->len) return 0;
    unsigned char c = src->s[pos];
    if (c < 0x80) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return 1;
        return (c == '~' || c == '-' || c == '#' || c == '.' || c == '^' || c == '_') ? 1 : 0;
    }
    uint32_t cp;
    size_t n = utf8_decode(src->s + pos, src->len - pos, &cp);
    return (n && mini_is_letter(cp)) ? n : 0;
}

static bool digit_at(const MiniSrc *src, size_t pos) { return pos < src->len && src->s[pos] >= '0' && src->s[pos] <= '9'; }

size_t mini_lex_number(const MiniSrc *src, size_t pos, double *value)
{
    size_t p = pos;
    if (p < src->len && src->s[p] == '-') p++;
    if (!digit_at(src, p)) return 0;
    if (src->s[p] == '0') {
        p++; /* int = "0" / [1-9][0-9]*: "07" is the number 0 */
    } else {
        while (digit_at(src, p)) p++;
    }
    if (p < src->len && src->s[p] == '.' && digit_at(src, p + 1)) {
        p++;
        while (digit_at(src, p)) p++;
    }
    if (p < src->len && (src->s[p] == 'e' || src->s[p] == 'E')) {
        size_t q = p + 1;
        if (q < src->len && (src->s[q] == '+' || src->s[q] == '-')) q++;
        if (digit_at(src, q)) {
            while (digit_at(src, q)) q++;
            p = q;
        }
    }
    /* parseFloat of the matched text; strtod needs a terminated copy */
    char small[64];
    size_t n = p - pos;
    char *buf = n < sizeof small ? small : malloc(n + 1);
    if (!buf) return 0;
    memcpy(buf, src->s + pos, n);
    buf[n] = '\0';
    *value = strtod(buf, NULL);
    if (buf != small) free(buf);
    return n;
}

bool mini_lex_lit(const MiniSrc *src, size_t pos, const char *lit)
{
    size_t n = strlen(lit);
    return pos + n <= src->len && memcmp(src->s + pos, lit, n) == 0;
}
