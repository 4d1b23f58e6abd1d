/* rational.c - exact rational arithmetic with overflow detection; see rational.h. */
#include "core/rational.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

typedef __int128 i128;

const char *rat_error_name(RatError e)
{
    switch (e) {
    case RAT_OK: return "ok";
    case RAT_ERR_OVERFLOW: return "rational time overflow (exceeds 64-bit range)";
    case RAT_ERR_DIV_ZERO: return "Division by Zero";
    case RAT_ERR_INVALID: return "Invalid argument";
    }
    return "invalid rational";
}

/* Binary (Stein) gcd: no divisions, a few ctz per step, which keeps the
 * normalisation cheap enough for the query hot path. */
static uint64_t gcd_u64(uint64_t a, uint64_t b)
{
    if (a == 0) return b;
    if (b == 0) return a;
    int shift = __builtin_ctzll(a | b);
    a >>= __builtin_ctzll(a);
    if (a == 1) return (uint64_t)1 << shift; /* musical denominators are mostly powers of two */
    do {
        b >>= __builtin_ctzll(b);
        if (b == 1) return (uint64_t)1 << shift;
        if (a > b) {
            uint64_t t = a;
            a = b;
            b = t;
        }
        b -= a;
    } while (b != 0);
    return a << shift;
}

static uint64_t abs_u64(int64_t v) { return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v; }

/* A reduced 128-bit fraction (den > 0) to a Rat, or overflow. */
static Rat fit(i128 n, i128 d)
{
    if (d > INT64_MAX || n > INT64_MAX || n < -(i128)INT64_MAX) return rat_invalid(RAT_ERR_OVERFLOW);
    return (Rat){ (int64_t)n, (int64_t)d };
}

/* Reduces a 128-bit fraction with den > 0 whose magnitudes fit in uint64. */
static Rat reduce128(i128 n, i128 d)
{
    if (n == 0) return rat_int(0);
    uint64_t an = (uint64_t)(n < 0 ? -n : n);
    uint64_t g = gcd_u64(an, (uint64_t)d);
    return fit(n / (i128)g, d / (i128)g);
}

Rat rat_make(int64_t num, int64_t den)
{
    if (den == 0) return rat_invalid(RAT_ERR_DIV_ZERO);
    i128 n = num, d = den;
    if (d < 0) {
        n = -n;
        d = -d;
    }
    return reduce128(n, d);
}

/* The 128-bit path: exact for any int64 inputs (Knuth 4.5.1). */
static Rat add_slow(Rat a, Rat b)
{
    uint64_t g = gcd_u64((uint64_t)a.den, (uint64_t)b.den);
    if (g == 1) /* coprime denominators: the result is already in lowest terms */
        return fit((i128)a.num * b.den + (i128)b.num * a.den, (i128)a.den * b.den);
    int64_t ad = a.den / (int64_t)g, bd = b.den / (int64_t)g;
    i128 t = (i128)a.num * bd + (i128)b.num * ad;
    if (t == 0) return rat_int(0);
    uint64_t tm = (uint64_t)((t < 0 ? -t : t) % (i128)g);
    uint64_t g2 = gcd_u64(tm, g);
    return fit(t / (i128)g2, (i128)ad * (b.den / (int64_t)g2));
}

/* A result num/den known to be in lowest terms; checks num != INT64_MIN. */
static Rat reduced(int64_t n, int64_t d)
{
    if (n == INT64_MIN) return rat_invalid(RAT_ERR_OVERFLOW);
    return (Rat){ n, d };
}

Rat rat_add(Rat a, Rat b)
{
    if (!rat_ok(a)) return a;
    if (!rat_ok(b)) return b;
    /* Fast paths in 64 bits (the common cases on the query path: integer
     * shifts, equal denominators); any overflow falls back to 128 bits. */
    int64_t n, t;
    if (b.den == 1) { /* gcd(a.num + k*den, den) == gcd(a.num, den) == 1 */
        if (!__builtin_mul_overflow(b.num, a.den, &t) && !__builtin_add_overflow(a.num, t, &n)) return reduced(n, a.den);
        return add_slow(a, b);
    }
    if (a.den == 1) {
        if (!__builtin_mul_overflow(a.num, b.den, &t) && !__builtin_add_overflow(b.num, t, &n)) return reduced(n, b.den);
        return add_slow(a, b);
    }
    if (a.den == b.den) {
        if (__builtin_add_overflow(a.num, b.num, &n)) return add_slow(a, b);
        if (n == 0) return rat_int(0);
        uint64_t g = gcd_u64(abs_u64(n), (uint64_t)a.den);
        return g == 1 ? reduced(n, a.den) : reduced(n / (int64_t)g, a.den / (int64_t)g);
    }
    return add_slow(a, b);
}

Rat rat_neg(Rat a)
{
    if (!rat_ok(a)) return a;
    return (Rat){ -a.num, a.den };
}

Rat rat_abs(Rat a)
{
    if (!rat_ok(a)) return a;
    return (Rat){ a.num < 0 ? -a.num : a.num, a.den };
}

Rat rat_sub(Rat a, Rat b) { return rat_add(a, rat_neg(b)); }

Rat rat_mul(Rat a, Rat b)
{
    if (!rat_ok(a)) return a;
    if (!rat_ok(b)) return b;
    if (a.num == 0 || b.num == 0) return rat_int(0);
    /* cross-cancel first (Knuth), so the products are already reduced and
     * usually fit in 64 bits; a den of 1 or a num of +-1 skips the gcd */
    int64_t an = a.num, ad = a.den, bn = b.num, bd = b.den;
    if (bd != 1 && an != 1 && an != -1) {
        uint64_t g = gcd_u64(abs_u64(an), (uint64_t)bd);
        if (g != 1) {
            an /= (int64_t)g;
            bd /= (int64_t)g;
        }
    }
    if (ad != 1 && bn != 1 && bn != -1) {
        uint64_t g = gcd_u64(abs_u64(bn), (uint64_t)ad);
        if (g != 1) {
            bn /= (int64_t)g;
            ad /= (int64_t)g;
        }
    }
    int64_t n, d;
    if (__builtin_mul_overflow(an, bn, &n) || __builtin_mul_overflow(ad, bd, &d)) return rat_invalid(RAT_ERR_OVERFLOW);
    return reduced(n, d);
}

Rat rat_div(Rat a, Rat b)
{
    if (!rat_ok(a)) return a;
    if (!rat_ok(b)) return b;
    if (b.num == 0) return rat_invalid(RAT_ERR_DIV_ZERO);
    Rat inv = b.num < 0 ? (Rat){ -b.den, -b.num } : (Rat){ b.den, b.num };
    return rat_mul(a, inv);
}

Rat rat_affine(Rat a, Rat m, Rat c) { return rat_add(rat_mul(a, m), c); }

int rat_cmp(Rat a, Rat b)
{
    if (!rat_ok(a) || !rat_ok(b)) return 0;
    if (a.den == b.den) return (a.num > b.num) - (a.num < b.num);
    i128 l = (i128)a.num * b.den, r = (i128)b.num * a.den;
    return (l > r) - (l < r);
}

Rat rat_floor(Rat a)
{
    if (!rat_ok(a) || a.den == 1) return a;
    int64_t q = a.num / a.den;
    if (a.num < 0) q -= 1; /* den > 1 and reduced: num is never a multiple of den */
    return rat_int(q);
}

Rat rat_ceil(Rat a)
{
    if (!rat_ok(a) || a.den == 1) return a;
    int64_t q = a.num / a.den;
    if (a.num > 0) q += 1;
    return rat_int(q);
}

Rat rat_next_sam(Rat a)
{
    Rat f = rat_floor(a);
    if (!rat_ok(f)) return f;
    if (f.num == INT64_MAX) return rat_invalid(RAT_ERR_OVERFLOW);
    return rat_int(f.num + 1);
}

Rat rat_cycle_pos(Rat a)
{
    if (!rat_ok(a)) return a;
    if (a.den == 1) return rat_int(0);
    int64_t r = a.num % a.den;
    if (r < 0) r += a.den;
    return (Rat){ r, a.den }; /* gcd(r, den) == gcd(num, den) == 1 */
}

double rat_to_double(Rat a)
{
    if (!rat_ok(a)) return NAN;
    return (double)a.num / (double)a.den;
}

/* ---- Fraction(double): fraction.js's Farey search ------------------------
 * fraction.js walks the Stern-Brocot/Farey tree one mediant at a time; a
 * value like 0.1000000000000001 takes millions of steps. The walk is a
 * sequence of runs in one direction, and along a run the mediant grows (or
 * shrinks) monotonically, and so does its correctly rounded double value;
 * the run's length can therefore be found by galloping + bisection with the
 * very same double comparisons, giving bit-identical results in O(log^2)
 * steps. */

#define FAREY_N 10000000.0

/* Longest run of "x > mediant" steps (A += C, B += D) from the current
 * state, given that the first step is known to be taken. */
static double farey_run_up(double x, double A, double B, double C, double D)
{
    /* step j is taken iff B + (j-1) D <= N and x > (A + jC)/(B + jD) */
#define UP_OK(j) (B + ((j) - 1) * D <= FAREY_N && x > (A + (j) * C) / (B + (j) * D))
    double lo = 1, hi = 2;
    while (UP_OK(hi)) {
        lo = hi;
        hi *= 2;
    }
    while (hi - lo > 1) {
        double mid = floor((lo + hi) / 2);
        if (UP_OK(mid)) lo = mid;
        else hi = mid;
    }
#undef UP_OK
    return lo;
}

/* Longest run of "x < mediant" steps (C += A, D += B). */
static double farey_run_down(double x, double A, double B, double C, double D)
{
#define DOWN_OK(j) (D + ((j) - 1) * B <= FAREY_N && x < (C + (j) * A) / (D + (j) * B))
    double lo = 1, hi = 2;
    while (DOWN_OK(hi)) {
        lo = hi;
        hi *= 2;
    }
    while (hi - lo > 1) {
        double mid = floor((lo + hi) / 2);
        if (DOWN_OK(mid)) lo = mid;
        else hi = mid;
    }
#undef DOWN_OK
    return lo;
}

Rat rat_from_double(double x)
{
    if (isnan(x) || isinf(x)) return rat_invalid(RAT_ERR_INVALID);
    int64_t sign = 1;
    if (x < 0) {
        sign = -1;
        x = -x;
    }
    if (fmod(x, 1.0) == 0) {
        if (x >= 9223372036854775807.0) return rat_invalid(RAT_ERR_OVERFLOW);
        return rat_int(sign * (int64_t)x);
    }
    double z = 1;
    if (x >= 1) {
        z = pow(10, floor(1 + log10(x)));
        x /= z;
    }
    double A = 0, B = 1, C = 1, D = 1, n = 0, d = 1;
    while (B <= FAREY_N && D <= FAREY_N) {
        double M = (A + C) / (B + D);
        if (x == M) {
            if (B + D <= FAREY_N) {
                n = A + C;
                d = B + D;
            } else if (D > B) {
                n = C;
                d = D;
            } else {
                n = A;
                d = B;
            }
            break;
        }
        if (x > M) {
            double k = farey_run_up(x, A, B, C, D);
            A += k * C;
            B += k * D;
        } else {
            double k = farey_run_down(x, A, B, C, D);
            C += k * A;
            D += k * B;
        }
        if (B > FAREY_N) {
            n = C;
            d = D;
        } else {
            n = A;
            d = B;
        }
    }
    /* n * z is an exact integer product in fraction.js (BigInt) */
    i128 num = (i128)(int64_t)n * (i128)(int64_t)z;
    if (num > INT64_MAX) return rat_invalid(RAT_ERR_OVERFLOW);
    return rat_make(sign * (int64_t)num, (int64_t)d);
}

/* ---- Fraction(string) ----------------------------------------------------- */

/* Parses the digits [p, e) into *out; false on overflow or no digits. */
static bool parse_digits(const char *p, const char *e, int64_t *out, int *ndigits)
{
    int64_t v = 0;
    int n = 0;
    for (; p < e; p++) {
        if (*p < '0' || *p > '9') return false;
        if (v > (INT64_MAX - (*p - '0')) / 10) return false;
        v = v * 10 + (*p - '0');
        n++;
    }
    *out = v;
    if (ndigits) *ndigits = n;
    return true;
}

Rat rat_from_js_string(const char *s, size_t len)
{
    char buf[64];
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '_') continue; /* fraction.js strips underscores first */
        if (n + 1 >= sizeof buf) return rat_invalid(RAT_ERR_OVERFLOW);
        buf[n++] = s[i];
    }
    buf[n] = '\0';
    const char *p = buf, *end = buf + n;
    int64_t sign = 1;
    if (p < end && (*p == '-' || *p == '+')) {
        if (*p == '-') sign = -1;
        p++;
    }
    const char *sep = p;
    while (sep < end && *sep >= '0' && *sep <= '9') sep++;
    int64_t whole = 0;
    if (sep == end) { /* "123" (fraction.js also turns a lone "-" into 0) */
        if (sep == p && p != buf) return rat_int(0);
        if (!parse_digits(p, sep, &whole, NULL) || sep == p) return rat_invalid(RAT_ERR_INVALID);
        return rat_int(sign * whole);
    }
    if (*sep == '.') { /* "1.25", ".5", "1." */
        if (!parse_digits(p, sep, &whole, NULL)) return rat_invalid(RAT_ERR_INVALID);
        int64_t frac = 0;
        int nd = 0;
        if (!parse_digits(sep + 1, end, &frac, &nd) || nd > 18) return rat_invalid(RAT_ERR_INVALID);
        if (sep == p && nd == 0 && p == buf) return rat_invalid(RAT_ERR_INVALID); /* "." */
        int64_t scale = 1;
        for (int i = 0; i < nd; i++) scale *= 10;
        Rat r = rat_add(rat_int(whole), rat_make(frac, scale));
        return sign < 0 ? rat_neg(r) : r;
    }
    if ((*sep == '/' || *sep == ':') && sep > p) { /* "3/4", "3:4" */
        int64_t den = 0;
        if (!parse_digits(p, sep, &whole, NULL) || sep + 1 == end || !parse_digits(sep + 1, end, &den, NULL))
            return rat_invalid(RAT_ERR_INVALID);
        return rat_make(sign * whole, den);
    }
    return rat_invalid(RAT_ERR_INVALID);
}

int rat_format(Rat a, char *buf, size_t cap)
{
    int n;
    if (!rat_ok(a)) n = snprintf(buf, cap, "NaN");
    else if (a.den == 1) n = snprintf(buf, cap, "%lld", (long long)a.num);
    else n = snprintf(buf, cap, "%lld/%lld", (long long)a.num, (long long)a.den);
    return n;
}
