/* rational.h - exact rational time: int64 numerator/denominator.
 *
 * Why: pattern time must be exact (events never drift, `1/3 + 1/3 + 1/3`
 * is exactly 1) and must match Strudel's fraction.js results bit for bit.
 * A Rat is always normalised: den > 0 and gcd(|num|, den) == 1. Products are
 * formed in 128 bits and reduced; a result that does not fit int64 is not
 * wrapped but becomes an *invalid* Rat (den == 0) that every operation
 * propagates, like a NaN. Whoever finishes a computation (the query context)
 * turns an invalid Rat into an error. num == INT64_MIN is never produced, so
 * negation and abs are always defined. */
#ifndef PHONON_CORE_RATIONAL_H
#define PHONON_CORE_RATIONAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct Rat {
    int64_t num;
    int64_t den; /* > 0 when valid; 0 marks an invalid Rat whose num is a RatError */
} Rat;

/* Why a Rat is invalid (stored in num when den == 0). */
typedef enum RatError {
    RAT_OK = 0,
    RAT_ERR_OVERFLOW = 1, /* a result left the int64 range */
    RAT_ERR_DIV_ZERO = 2, /* division by zero (fraction.js: "Division by Zero") */
    RAT_ERR_INVALID = 3   /* not convertible: NaN, infinity, bad text (fraction.js: "Invalid argument") */
} RatError;

static inline Rat rat_int(int64_t n) { return (Rat){ n, 1 }; }
static inline Rat rat_invalid(RatError e) { return (Rat){ (int64_t)e, 0 }; }
static inline bool rat_ok(Rat r) { return r.den > 0; }
static inline RatError rat_error(Rat r) { return r.den > 0 ? RAT_OK : (RatError)r.num; }
static inline bool rat_is_int(Rat r) { return r.den == 1; }
/* Short English text for an error, e.g. "Division by Zero". */
const char *rat_error_name(RatError e);

/* num/den in lowest terms; den 0 gives RAT_ERR_DIV_ZERO. */
Rat rat_make(int64_t num, int64_t den);

Rat rat_add(Rat a, Rat b);
Rat rat_sub(Rat a, Rat b);
Rat rat_mul(Rat a, Rat b);
Rat rat_div(Rat a, Rat b);
Rat rat_neg(Rat a);
Rat rat_abs(Rat a);
/* a * m + c, the affine time map used by fast/early and friends. */
Rat rat_affine(Rat a, Rat m, Rat c);

/* -1, 0 or 1. Invalid operands compare as equal (callers check rat_ok). */
int rat_cmp(Rat a, Rat b);
static inline bool rat_eq(Rat a, Rat b) { return a.num == b.num && a.den == b.den; }
static inline bool rat_lt(Rat a, Rat b) { return rat_cmp(a, b) < 0; }
static inline bool rat_le(Rat a, Rat b) { return rat_cmp(a, b) <= 0; }
static inline bool rat_gt(Rat a, Rat b) { return rat_cmp(a, b) > 0; }
static inline bool rat_ge(Rat a, Rat b) { return rat_cmp(a, b) >= 0; }
/* Strudel's max/min: on a tie the second argument wins (it does not matter
 * for the value, only which representation; both are normalised). */
static inline Rat rat_max(Rat a, Rat b) { return rat_gt(a, b) ? a : b; }
static inline Rat rat_min(Rat a, Rat b) { return rat_lt(a, b) ? a : b; }

/* floor ("sam": start of the cycle), ceil, start of the next cycle, position in the cycle. */
Rat rat_floor(Rat a);
Rat rat_ceil(Rat a);
static inline Rat rat_sam(Rat a) { return rat_floor(a); }
Rat rat_next_sam(Rat a);
Rat rat_cycle_pos(Rat a);

/* JavaScript's Number(n)/Number(d): each part rounded to double, then divided. NaN if invalid. */
double rat_to_double(Rat a);

/* fraction.js 5.3 `Fraction(x)` for a double: integers exactly; other values
 * by its Farey search (denominators up to 10^7) after dividing values >= 1 by
 * a power of ten. So 0.1 -> 1/10, 1/6 -> 1/6, 2.5 -> 5/2. NaN and infinities
 * give RAT_ERR_INVALID, values outside int64 RAT_ERR_OVERFLOW. */
Rat rat_from_double(double x);

/* fraction.js `Fraction(string)` for the forms a mini-notation atom can take:
 * optional sign, digits, a decimal point, `a/b` or `a:b`; underscores are
 * ignored ("1_000" is 1000). Anything else gives RAT_ERR_INVALID. */
Rat rat_from_js_string(const char *s, size_t len);

/* Writes "n/d", "n" (den 1) or "-n/d" (NUL-terminated, at most 41 bytes);
 * returns the length. An invalid Rat prints as "NaN". */
int rat_format(Rat a, char *buf, size_t cap);

#endif
