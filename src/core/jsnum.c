/* jsnum.c - JavaScript Number::toString and StringToNumber; see jsnum.h. */
#include "core/jsnum.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- formatting ------------------------------------------------------------ */

/* Shortest decimal digits that round-trip: digits[0..k) and exponent n such
 * that x == 0.d1d2...dk * 10^n. ECMA-262 picks the smallest k and, among
 * equally short candidates, the one closest to x. printf's correctly rounded
 * %.*e gives the closest k-digit decimal; if it does not round-trip, its
 * neighbours one unit away are tried (they can, next to a power of two where
 * the rounding interval is lopsided). */
static int shortest_digits(double x, char *digits, int *exp10)
{
    char tmp[40];
    for (int k = 1; k <= 17; k++) {
        snprintf(tmp, sizeof tmp, "%.*e", k - 1, x);
        /* tmp = d[.ddd]e[+-]XX */
        uint64_t m = 0;
        int nd = 0;
        const char *p = tmp;
        for (; *p && *p != 'e'; p++)
            if (*p >= '0' && *p <= '9') {
                m = m * 10 + (uint64_t)(*p - '0');
                nd++;
            }
        int e = atoi(p + 1);
        uint64_t cands[3] = { m, m + 1, m - 1 };
        for (int c = 0; c < 3; c++) {
            uint64_t v = cands[c];
            char back[48];
            snprintf(back, sizeof back, "%llue%d", (unsigned long long)v, e - (nd - 1));
            if (strtod(back, NULL) != x) continue;
            /* keep exactly k significant digits (a neighbour may gain or lose one) */
            char ds[24];
            int len = snprintf(ds, sizeof ds, "%llu", (unsigned long long)v);
            int n = e + 1 + (len - nd);
            while (len > 1 && ds[len - 1] == '0') len--;
            memcpy(digits, ds, (size_t)len);
            digits[len] = '\0';
            *exp10 = n;
            return len;
        }
    }
    /* unreachable for finite doubles: 17 digits always round-trip */
    snprintf(tmp, sizeof tmp, "%.16e", x);
    digits[0] = tmp[0];
    digits[1] = '\0';
    *exp10 = 1;
    return 1;
}

int js_format_number(double x, char *buf)
{
    if (isnan(x)) return snprintf(buf, JSNUM_MAX, "NaN");
    if (x == 0) return snprintf(buf, JSNUM_MAX, "0");
    if (isinf(x)) return snprintf(buf, JSNUM_MAX, x < 0 ? "-Infinity" : "Infinity");
    char *o = buf;
    if (x < 0) {
        *o++ = '-';
        x = -x;
    }
    char d[24];
    int n;
    int k = shortest_digits(x, d, &n);
    if (k <= n && n <= 21) { /* integer: digits then zeros */
        memcpy(o, d, (size_t)k);
        o += k;
        for (int i = 0; i < n - k; i++) *o++ = '0';
    } else if (0 < n && n <= 21) { /* point inside the digits */
        memcpy(o, d, (size_t)n);
        o += n;
        *o++ = '.';
        memcpy(o, d + n, (size_t)(k - n));
        o += k - n;
    } else if (-6 < n && n <= 0) { /* 0.000ddd */
        *o++ = '0';
        *o++ = '.';
        for (int i = 0; i < -n; i++) *o++ = '0';
        memcpy(o, d, (size_t)k);
        o += k;
    } else { /* exponential */
        *o++ = d[0];
        if (k > 1) {
            *o++ = '.';
            memcpy(o, d + 1, (size_t)(k - 1));
            o += k - 1;
        }
        o += sprintf(o, "e%c%d", n - 1 < 0 ? '-' : '+', abs(n - 1));
    }
    *o = '\0';
    return (int)(o - buf);
}

/* ---- parsing ------------------------------------------------------------------ */

static bool is_js_space(const unsigned char *p, size_t n, size_t *adv)
{
    if (n >= 1 && (p[0] == ' ' || (p[0] >= '\t' && p[0] <= '\r'))) {
        *adv = 1;
        return true;
    }
    if (n >= 2 && p[0] == 0xC2 && p[1] == 0xA0) { /* NBSP */
        *adv = 2;
        return true;
    }
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) { /* BOM */
        *adv = 3;
        return true;
    }
    if (n >= 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) { /* LS, PS */
        *adv = 3;
        return true;
    }
    return false;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static int hex_val(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* 0b / 0o / 0x integer: regrouped into a hex string for strtod, which
 * rounds a long literal to the nearest double exactly as JS does. Values
 * past 2048 bits are beyond any double: Infinity. */
static bool parse_radix(const char *s, size_t n, int bits, double *out)
{
    if (n == 0) return false;
    for (size_t i = 0; i < n; i++) {
        int v = hex_val(s[i]);
        if (v < 0 || v >= (1 << bits)) return false;
    }
    while (n > 1 && s[0] == '0') { /* leading zeros carry no value */
        s++;
        n--;
    }
    if (n * (size_t)bits > 2048) {
        *out = INFINITY;
        return true;
    }
    unsigned char bitbuf[2048];
    int nb = 0;
    for (size_t i = 0; i < n; i++) {
        int v = hex_val(s[i]);
        for (int b = bits - 1; b >= 0; b--) bitbuf[nb++] = (unsigned char)((v >> b) & 1);
    }
    char hex[2 + 512 + 1];
    int h = 0;
    hex[h++] = '0';
    hex[h++] = 'x';
    int lead = nb % 4; /* group bits into nibbles from the right */
    int i = 0;
    if (lead) {
        int v = 0;
        for (; i < lead; i++) v = v * 2 + bitbuf[i];
        hex[h++] = "0123456789abcdef"[v];
    }
    for (; i < nb; i += 4) {
        int v = bitbuf[i] * 8 + bitbuf[i + 1] * 4 + bitbuf[i + 2] * 2 + bitbuf[i + 3];
        hex[h++] = "0123456789abcdef"[v];
    }
    hex[h] = '\0';
    *out = strtod(hex, NULL);
    return true;
}

bool js_parse_number(const char *text, size_t len, double *out)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t b = 0, e = len, adv;
    while (b < e && is_js_space(p + b, e - b, &adv)) b += adv;
    /* trailing whitespace: scan backwards over single-byte and known multi-byte spaces */
    for (;;) {
        if (e > b && (p[e - 1] == ' ' || (p[e - 1] >= '\t' && p[e - 1] <= '\r'))) e--;
        else if (e >= b + 2 && p[e - 2] == 0xC2 && p[e - 1] == 0xA0) e -= 2;
        else if (e >= b + 3 && is_js_space(p + e - 3, 3, &adv) && adv == 3) e -= 3;
        else break;
    }
    const char *s = text + b;
    size_t n = e - b;
    if (n == 0) {
        *out = 0;
        return true;
    }
    if (n > 2 && s[0] == '0') {
        char r = s[1];
        if (r == 'x' || r == 'X') return parse_radix(s + 2, n - 2, 4, out);
        if (r == 'o' || r == 'O') return parse_radix(s + 2, n - 2, 3, out);
        if (r == 'b' || r == 'B') return parse_radix(s + 2, n - 2, 1, out);
    }
    size_t i = 0;
    bool neg = false;
    if (s[i] == '+' || s[i] == '-') {
        neg = s[i] == '-';
        i++;
    }
    if (n - i == 8 && memcmp(s + i, "Infinity", 8) == 0) {
        *out = neg ? -INFINITY : INFINITY;
        return true;
    }
    /* StrUnsignedDecimalLiteral: digits [. digits] [exp] | . digits [exp] */
    size_t start = i, int_digits = 0, frac_digits = 0;
    while (i < n && is_digit(s[i])) {
        i++;
        int_digits++;
    }
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && is_digit(s[i])) {
            i++;
            frac_digits++;
        }
    }
    if (int_digits + frac_digits == 0) return false;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-')) i++;
        size_t ed = 0;
        while (i < n && is_digit(s[i])) {
            i++;
            ed++;
        }
        if (ed == 0) return false;
    }
    if (i != n) return false;
    (void)start;
    /* validated: strtod (glibc, correctly rounded, "C" locale) reads it exactly */
    char small[128];
    char *buf = small;
    if (n + 1 > sizeof small) {
        buf = malloc(n + 1);
        if (!buf) return false;
    }
    memcpy(buf, s, n);
    buf[n] = '\0';
    *out = strtod(buf, NULL);
    if (buf != small) free(buf);
    return true;
}
