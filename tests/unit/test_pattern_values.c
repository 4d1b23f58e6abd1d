/* test_pattern_values.c - JS number text (String(n), Number(s)), pattern
 * values (printing, truthiness, maps) and Strudel's rand, all checked
 * against values produced by JavaScript / Strudel itself. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "core/jsnum.h"
#include "pattern/rand.h"
#include "pattern/value.h"

static void test_js_format_number(void **state)
{
    (void)state;
    static const struct {
        double x;
        const char *s;
    } cases[] = {
        { 0, "0" }, { -0.0, "0" }, { 1, "1" }, { -1, "-1" }, { 0.5, "0.5" },
        { 0.30000000000000004, "0.30000000000000004" }, { 1e21, "1e+21" }, { 1e-7, "1e-7" },
        { 123456789012345680000.0, "123456789012345680000" }, { 5e-324, "5e-324" },
        { 1.7976931348623157e308, "1.7976931348623157e+308" }, { 9007199254740992, "9007199254740992" },
        { 0.3333333333333333, "0.3333333333333333" }, { -2.5e-7, "-2.5e-7" }, { 1e20, "100000000000000000000" },
        { 1.23e-18, "1.23e-18" }, { 0.000001, "0.000001" }, { 100, "100" }, { 1.5e300, "1.5e+300" },
        { 4.35, "4.35" }, { 0.3333, "0.3333" }, { 1e16, "10000000000000000" }, { 12345.6789, "12345.6789" },
        { 2.0 / 3.0, "0.6666666666666666" }, { 1.3333333333333333, "1.3333333333333333" },
    };
    char b[JSNUM_MAX];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        js_format_number(cases[i].x, b);
        assert_string_equal(b, cases[i].s);
    }
    js_format_number(NAN, b);
    assert_string_equal(b, "NaN");
    js_format_number(-INFINITY, b);
    assert_string_equal(b, "-Infinity");
}

static void test_js_parse_number(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        bool ok;
        double v;
    } cases[] = {
        { "0x10", true, 16 }, { "1e3", true, 1000 }, { ".5", true, 0.5 }, { "00", true, 0 }, { "5.", true, 5 },
        { "0b101", true, 5 }, { "0o17", true, 15 }, { "-0x10", false, 0 }, { "1_000", false, 0 },
        { "Infinity", true, INFINITY }, { "-Infinity", true, -INFINITY }, { "+5", true, 5 }, { " 5 ", true, 5 },
        { "", true, 0 }, { "abc", false, 0 }, { "1e", false, 0 }, { "e5", false, 0 }, { ".", false, 0 },
        { "-.5", true, -0.5 }, { "0x", false, 0 }, { "1.2.3", false, 0 }, { "0X1f", true, 31 },
        { "1e400", true, INFINITY }, { "-0", true, 0 }, { "12abc", false, 0 }, { "c4", false, 0 },
        { "0.1", true, 0.1 }, { "0x1fffffffffffff1", true, 144115188075855860.0 },
        { "0b111111111111111111111111111111111111111111111111111111111111", true, 1152921504606847000.0 },
        { "0o7777777777777777777777", true, 73786976294838210000.0 },
        { "0x0000000000000000000000000000000000000000000000000000000000000000000000001", true, 1 },
        { "0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", true, INFINITY },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double v = -12345;
        bool ok = js_parse_number(cases[i].s, strlen(cases[i].s), &v);
        assert_int_equal(ok, cases[i].ok);
        if (ok) assert_true(v == cases[i].v);
    }
}

static void test_value_printing(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a, 0, 0);
    char b[256];
    Value items[4] = { val_str(val_str_make(&a, "bd", 2)), val_num(3), val_num(0.25), val_num(-0.0) };
    Value list = val_list(val_list_make(&a, items, 4));
    val_format(list, b, sizeof b);
    assert_string_equal(b, "[\"bd\",3,0.25,0]");
    val_format(items[0], b, sizeof b); /* a bare string prints as-is */
    assert_string_equal(b, "bd");
    /* maps: sorted keys, later duplicates win, JSON escapes, undefined members dropped */
    ValMapEntry e[4] = {
        { val_str_make(&a, "s", 1), val_str(val_str_make(&a, "a\"b\n", 4)) },
        { val_str_make(&a, "gain", 4), val_num(0.8) },
        { val_str_make(&a, "n", 1), val_num(1) },
        { val_str_make(&a, "n", 1), val_num(3) },
    };
    Value m = val_map(val_map_make(&a, e, 4));
    val_format(m, b, sizeof b);
    assert_string_equal(b, "{\"gain\":0.8,\"n\":3,\"s\":\"a\\\"b\\n\"}");
    ValMapEntry e2[2] = { { val_str_make(&a, "n", 1), val_num(7) }, { val_str_make(&a, "pan", 3), val_undef() } };
    const ValMap *u = val_map_union(&a, m.u.map, val_map_make(&a, e2, 2));
    val_format(val_map(u), b, sizeof b);
    assert_string_equal(b, "{\"gain\":0.8,\"n\":7,\"s\":\"a\\\"b\\n\"}");
    assert_true(val_map_get(u, "gain", 4)->u.num == 0.8);
    assert_null(val_map_get(u, "speed", 5));
    /* lists hold NaN/Infinity as null (JSON), a value prints them as JS does */
    Value inf[1] = { val_num(INFINITY) };
    val_format(val_list(val_list_make(&a, inf, 1)), b, sizeof b);
    assert_string_equal(b, "[null]");
    val_format(val_num(INFINITY), b, sizeof b);
    assert_string_equal(b, "Infinity");
    /* truncated output still reports the full length */
    assert_int_equal(val_format(list, b, 4), 15);
    assert_string_equal(b, "[\"b");
    arena_free(&a);
}

static void test_value_semantics(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a, 0, 0);
    assert_false(val_truthy(val_num(0)));
    assert_false(val_truthy(val_num(NAN)));
    assert_true(val_truthy(val_num(-1)));
    assert_false(val_truthy(val_str(val_str_make(&a, "", 0))));
    assert_true(val_truthy(val_str(val_str_make(&a, "f", 1)))); /* "f" is on, as in JS */
    assert_false(val_truthy(val_undef()));
    assert_true(val_to_number(val_str(val_str_make(&a, "0x10", 4))) == 16);
    assert_true(isnan(val_to_number(val_str(val_str_make(&a, "bd", 2)))));
    Rat r = val_to_rat(val_num(1.5));
    assert_true(rat_eq(r, rat_make(3, 2)));
    Value nd[2] = { val_num(3), val_num(8) };
    assert_true(rat_eq(val_to_rat(val_list(val_list_make(&a, nd, 2))), rat_make(3, 8)));
    assert_false(rat_ok(val_to_rat(val_str(val_str_make(&a, "x", 1)))));
    assert_true(val_equal(val_num(2), val_num(2)));
    assert_false(val_equal(val_num(2), val_str(val_str_make(&a, "2", 1))));
    arena_free(&a);
}

static void test_rand_bit_exact(void **state)
{
    (void)state;
    /* xorwise in JS 32-bit arithmetic */
    static const int32_t xs[][2] = { { 0, 0 }, { 1, 270369 }, { -1, 253983 }, { 12345, -958040966 },
                                     { 536870911, -536735713 }, { -536870911, -536489951 },
                                     { 123456789, -1579999415 } };
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) assert_int_equal(rand_xorwise(xs[i][0]), xs[i][1]);
    /* rand(t), values printed by Node for Strudel's formula */
    static const double ts[][2] = {
        { 0, 0 }, { 0.0003, 0.25430540926754475 }, { 1, 0.5195421651005745 }, { 1.0003, 0.3452865444123745 },
        { 2, 0.9595271199941635 }, { 3, 0.21728911064565182 }, { 0.125, 0.6852155700325966 },
        { 0.25, 0.36975969187915325 }, { 0.3333333333333333, 0.336072051897645 }, { 7.5, 0.3756653554737568 },
        { 299.9, 0.844127181917429 }, { 300, 0 }, { 301, 0.5195421651005745 }, { 1234.5678, 0.5668767057359219 },
        { -1, 0.520488191395998 }, { -0.5, 0.3014927301555872 },
    };
    for (size_t i = 0; i < sizeof ts / sizeof ts[0]; i++) assert_true(rand_at_double(ts[i][0]) == ts[i][1]);
    /* an exact time converts once: 1 + 3/10000 */
    assert_true(rand_at(rat_add(rat_int(1), rat_make(3, 10000))) == 0.3452865444123745);
    assert_true(rand_at_double(NAN) == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_js_format_number), cmocka_unit_test(test_js_parse_number),
        cmocka_unit_test(test_value_printing),   cmocka_unit_test(test_value_semantics),
        cmocka_unit_test(test_rand_bit_exact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
