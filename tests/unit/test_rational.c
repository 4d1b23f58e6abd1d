/* test_rational.c - exact rational time: normalisation, arithmetic against a
 * 128-bit reference, overflow and division by zero as errors (never wraps),
 * floor/cyclePos, and fraction.js's double -> fraction conversion (values
 * taken from fraction.js 5.3.4 itself). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "core/rational.h"

static void assert_rat(Rat r, int64_t n, int64_t d)
{
    assert_true(rat_ok(r));
    assert_int_equal(r.num, n);
    assert_int_equal(r.den, d);
}

static void test_normalise(void **state)
{
    (void)state;
    assert_rat(rat_make(2, 4), 1, 2);
    assert_rat(rat_make(1, -2), -1, 2);
    assert_rat(rat_make(-6, -4), 3, 2);
    assert_rat(rat_make(0, -5), 0, 1);
    assert_int_equal(rat_error(rat_make(1, 0)), RAT_ERR_DIV_ZERO);
    /* INT64_MIN cannot be represented (its negation would overflow) */
    assert_int_equal(rat_error(rat_make(INT64_MIN, 1)), RAT_ERR_OVERFLOW);
    assert_rat(rat_make(INT64_MIN, 2), INT64_MIN / 2, 1);
}

/* 128-bit reference: a/b == c/d exactly */
static bool same_value(Rat r, __int128 n, __int128 d)
{
    return (__int128)r.num * d == n * (__int128)r.den;
}

static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return *s >> 17;
}

static void test_arithmetic_matches_reference(void **state)
{
    (void)state;
    uint64_t s = 42;
    for (int i = 0; i < 20000; i++) {
        int64_t an = (int64_t)(lcg(&s) % 2001) - 1000, ad = (int64_t)(lcg(&s) % 999) + 1;
        int64_t bn = (int64_t)(lcg(&s) % 2001) - 1000, bd = (int64_t)(lcg(&s) % 999) + 1;
        Rat a = rat_make(an, ad), b = rat_make(bn, bd);
        Rat sum = rat_add(a, b), diff = rat_sub(a, b), prod = rat_mul(a, b);
        assert_true(same_value(sum, (__int128)an * bd + (__int128)bn * ad, (__int128)ad * bd));
        assert_true(same_value(diff, (__int128)an * bd - (__int128)bn * ad, (__int128)ad * bd));
        assert_true(same_value(prod, (__int128)an * bn, (__int128)ad * bd));
        if (bn != 0) assert_true(same_value(rat_div(a, b), (__int128)an * bd, (__int128)ad * bn));
        /* results are normalised */
        Rat all[3] = { sum, diff, prod };
        for (int k = 0; k < 3; k++) {
            assert_true(all[k].den > 0);
            Rat again = rat_make(all[k].num, all[k].den);
            assert_true(rat_eq(again, all[k]));
        }
        int c = rat_cmp(a, b);
        __int128 l = (__int128)an * bd, r = (__int128)bn * ad;
        assert_int_equal(c, (l > r) - (l < r));
    }
}

static void test_overflow_is_an_error(void **state)
{
    (void)state;
    Rat big = rat_int(INT64_MAX);
    assert_int_equal(rat_error(rat_add(big, rat_int(1))), RAT_ERR_OVERFLOW);
    assert_int_equal(rat_error(rat_sub(rat_neg(big), rat_int(1))), RAT_ERR_OVERFLOW);
    assert_int_equal(rat_error(rat_mul(big, rat_int(2))), RAT_ERR_OVERFLOW);
    /* denominators overflow too: 1/p + 1/q with large coprime p, q */
    Rat p = rat_make(1, 4000000007), q = rat_make(1, 4000000009);
    assert_int_equal(rat_error(rat_add(p, q)), RAT_ERR_OVERFLOW);
    assert_int_equal(rat_error(rat_next_sam(big)), RAT_ERR_OVERFLOW);
    /* an invalid value propagates through every operation */
    Rat bad = rat_add(big, big);
    assert_false(rat_ok(rat_mul(bad, rat_int(0))));
    assert_false(rat_ok(rat_add(rat_int(1), bad)));
    assert_false(rat_ok(rat_floor(bad)));
    assert_true(isnan(rat_to_double(bad)));
    /* a large intermediate that reduces back into range is fine */
    Rat h = rat_make(INT64_MAX, 3);
    assert_rat(rat_mul(h, rat_int(3)), INT64_MAX, 1);
    assert_rat(rat_add(rat_make(INT64_MAX, 2), rat_make(INT64_MAX, 2)), INT64_MAX, 1);
}

static void test_division_by_zero(void **state)
{
    (void)state;
    assert_int_equal(rat_error(rat_div(rat_int(1), rat_int(0))), RAT_ERR_DIV_ZERO);
    assert_string_equal(rat_error_name(RAT_ERR_DIV_ZERO), "Division by Zero");
}

static void test_floor_and_cycle_pos(void **state)
{
    (void)state;
    assert_rat(rat_floor(rat_make(7, 4)), 1, 1);
    assert_rat(rat_floor(rat_make(-7, 4)), -2, 1);
    assert_rat(rat_floor(rat_int(-3)), -3, 1);
    assert_rat(rat_ceil(rat_make(7, 4)), 2, 1);
    assert_rat(rat_ceil(rat_make(-7, 4)), -1, 1);
    assert_rat(rat_next_sam(rat_make(-1, 2)), 0, 1);
    assert_rat(rat_cycle_pos(rat_make(-1, 4)), 3, 4);
    assert_rat(rat_cycle_pos(rat_make(9, 4)), 1, 4);
    assert_rat(rat_cycle_pos(rat_int(5)), 0, 1);
}

static const struct {
    double x;
    int64_t n, d;
} from_double[] = {
    /* fraction.js 5.3.4: new Fraction(x) */
    { 0.1, 1, 10 }, { 0.2, 1, 5 }, { 0.3, 3, 10 }, { 0.3333333333333333, 1, 3 }, { 0.6666666666666666, 2, 3 },
    { 0.16666666666666666, 1, 6 }, { 2.5, 5, 2 }, { 1.5, 3, 2 }, { 0.0003, 3, 10000 }, { 0.0009, 9, 10000 },
    { 0.0021, 21, 10000 }, { 0.0039, 39, 10000 }, { 123.456, 15432, 125 }, { 3.141592653589793, 11985110, 3814979 },
    { 2.718281828459045, 12496140, 4597073 }, { 0.10000000000000009, 1, 10 }, { 1e-300, 0, 1 }, { 1e-8, 0, 1 },
    { 0.999999999, 1, 1 }, { 1.0000001, 10000000, 9999999 }, { 1234567.891, 100000000, 81 },
    { 0.7071067811865476, 6625109, 9369319 }, { 3.3333333333333335, 10, 3 }, { 99.99, 9999, 100 },
    { 0.015625, 1, 64 }, { 17.3, 173, 10 }, { -2.5, -5, 2 }, { 42, 42, 1 },
};

/* fraction.js's Farey loop, step by step (slow; the library batches runs) */
static Rat farey_reference(double x)
{
    double sign = x < 0 ? -1 : 1, z = 1;
    x = fabs(x);
    if (fmod(x, 1) == 0) return rat_int((int64_t)(sign * x));
    if (x >= 1) {
        z = pow(10, floor(1 + log10(x)));
        x /= z;
    }
    double A = 0, B = 1, C = 1, D = 1, N = 1e7, n = 0, d = 1;
    while (B <= N && D <= N) {
        double M = (A + C) / (B + D);
        if (x == M) {
            if (B + D <= N) n = A + C, d = B + D;
            else if (D > B) n = C, d = D;
            else n = A, d = B;
            break;
        }
        if (x > M) A += C, B += D;
        else C += A, D += B;
        if (B > N) n = C, d = D;
        else n = A, d = B;
    }
    return rat_make((int64_t)(sign * n * z), (int64_t)d);
}

static void test_from_double_matches_fraction_js(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof from_double / sizeof from_double[0]; i++) {
        Rat r = rat_from_double(from_double[i].x);
        assert_rat(r, from_double[i].n, from_double[i].d);
    }
    assert_int_equal(rat_error(rat_from_double(NAN)), RAT_ERR_INVALID);
    assert_int_equal(rat_error(rat_from_double(INFINITY)), RAT_ERR_INVALID);
    assert_int_equal(rat_error(rat_from_double(1e300)), RAT_ERR_OVERFLOW);
    /* the batched search equals the step-by-step one */
    uint64_t s = 7;
    for (int i = 0; i < 300; i++) {
        double x = (double)(lcg(&s) % 1000000) / (double)(lcg(&s) % 9999 + 1) + (double)(lcg(&s) % 1000) * 1e-9;
        Rat a = rat_from_double(x), b = farey_reference(x);
        assert_true(rat_eq(a, b));
    }
}

static void test_from_js_string(void **state)
{
    (void)state;
    assert_rat(rat_from_js_string("1_000", 5), 1000, 1);
    assert_rat(rat_from_js_string("-2.25", 5), -9, 4);
    assert_rat(rat_from_js_string(".5", 2), 1, 2);
    assert_rat(rat_from_js_string("3/4", 3), 3, 4);
    assert_rat(rat_from_js_string("-", 1), 0, 1);
    assert_int_equal(rat_error(rat_from_js_string("bd", 2)), RAT_ERR_INVALID);
    assert_int_equal(rat_error(rat_from_js_string(".", 1)), RAT_ERR_INVALID);
    assert_int_equal(rat_error(rat_from_js_string("1.2.3", 5)), RAT_ERR_INVALID);
}

static void test_format(void **state)
{
    (void)state;
    char b[48];
    rat_format(rat_make(-3, 4), b, sizeof b);
    assert_string_equal(b, "-3/4");
    rat_format(rat_int(7), b, sizeof b);
    assert_string_equal(b, "7");
    rat_format(rat_make(0, 9), b, sizeof b);
    assert_string_equal(b, "0");
    rat_format(rat_make(INT64_MAX, INT64_MAX - 1), b, sizeof b);
    assert_string_equal(b, "9223372036854775807/9223372036854775806");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalise),
        cmocka_unit_test(test_arithmetic_matches_reference),
        cmocka_unit_test(test_overflow_is_an_error),
        cmocka_unit_test(test_division_by_zero),
        cmocka_unit_test(test_floor_and_cycle_pos),
        cmocka_unit_test(test_from_double_matches_fraction_js),
        cmocka_unit_test(test_from_js_string),
        cmocka_unit_test(test_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
