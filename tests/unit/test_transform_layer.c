/* test_transform_layer.c - off / superimpose / jux / juxBy / stut / echo, from
 * Strudel 1.2.6's definitions: off's shifted copy and its fragments, a time
 * pattern that changes mid-cycle, jux's pan arithmetic with and without a
 * pan control, plain values under jux, stut's gains SET to fb^i (copy 0 gets
 * 1), stut's cycle cut, and zero / fractional / huge copy counts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_transform_b_util.h"

static void off_adds_a_shifted_transformed_copy(void **state)
{
    (void)state;
    tb_assert_events("s \"bd\" $ off 0.25 (# speed 2)", 1,
                     "-3/4 1/4 0 1/4 {\"s\":\"bd\",\"speed\":2}\n"
                     "0 1 0 1 {\"s\":\"bd\"}\n"
                     "1/4 5/4 1/4 1 {\"s\":\"bd\",\"speed\":2}\n");
    /* a negative time shifts earlier */
    tb_assert_events("s \"bd\" $ off -0.25 (# speed 2)", 1,
                     "-1/4 3/4 0 3/4 {\"s\":\"bd\",\"speed\":2}\n"
                     "0 1 0 1 {\"s\":\"bd\"}\n"
                     "3/4 7/4 3/4 1 {\"s\":\"bd\",\"speed\":2}\n");
    /* off 0 is superimpose */
    tb_assert_same("s \"bd sn\" $ off 0 (# speed 2)", "s \"bd sn\" $ superimpose (# speed 2)", 2);
}

static void off_time_changing_mid_cycle(void **state)
{
    (void)state;
    /* 1/8 in the first half, 1/4 in the second: each half is queried on its own */
    tb_assert_events("s \"bd\" $ off \"0.125 0.25\" (# speed 2)", 1,
                     "-7/8 1/8 0 1/8 {\"s\":\"bd\",\"speed\":2}\n"
                     "0 1 0 1/2 {\"s\":\"bd\"}\n"
                     "1/8 9/8 1/8 1/2 {\"s\":\"bd\",\"speed\":2}\n"
                     "0 1 1/2 1 {\"s\":\"bd\"}\n"
                     "1/4 5/4 1/2 1 {\"s\":\"bd\",\"speed\":2}\n");
}

static void superimpose_stacks_f_p(void **state)
{
    (void)state;
    tb_assert_events("s \"bd sn\" $ superimpose (# speed 2)", 1,
                     "0 1/2 0 1/2 {\"s\":\"bd\",\"speed\":2}\n" /* ',' sorts before '}' */
                     "0 1/2 0 1/2 {\"s\":\"bd\"}\n"
                     "1/2 1 1/2 1 {\"s\":\"sn\",\"speed\":2}\n"
                     "1/2 1 1/2 1 {\"s\":\"sn\"}\n");
}

static void jux_pans_from_half_or_the_pan_control(void **state)
{
    (void)state;
    /* no pan: 0.5 -/+ 0.5 */
    tb_assert_events("s \"bd\" $ jux (# speed 2)", 1,
                     "0 1 0 1 {\"pan\":0,\"s\":\"bd\"}\n"
                     "0 1 0 1 {\"pan\":1,\"s\":\"bd\",\"speed\":2}\n");
    /* pan 0.25: -0.25 and 0.75 (not clamped) */
    tb_assert_events("(s \"bd\" # pan 0.25) $ jux (# speed 2)", 1,
                     "0 1 0 1 {\"pan\":-0.25,\"s\":\"bd\"}\n"
                     "0 1 0 1 {\"pan\":0.75,\"s\":\"bd\",\"speed\":2}\n");
    /* juxBy 0.5: +/- 0.25 */
    tb_assert_events("s \"bd\" $ juxBy 0.5 (# speed 2)", 1,
                     "0 1 0 1 {\"pan\":0.25,\"s\":\"bd\"}\n"
                     "0 1 0 1 {\"pan\":0.75,\"s\":\"bd\",\"speed\":2}\n");
    /* patterned width: 0 then 1 */
    tb_assert_events("s \"bd\" $ juxBy \"<0 1>\" (# speed 2)", 2,
                     "0 1 0 1 {\"pan\":0.5,\"s\":\"bd\",\"speed\":2}\n"
                     "0 1 0 1 {\"pan\":0.5,\"s\":\"bd\"}\n"
                     "1 2 1 2 {\"pan\":0,\"s\":\"bd\"}\n"
                     "1 2 1 2 {\"pan\":1,\"s\":\"bd\",\"speed\":2}\n");
    /* f sees the right-hand pan and may replace it */
    tb_assert_events("s \"bd\" $ jux (# pan 0.9)", 1,
                     "0 1 0 1 {\"pan\":0,\"s\":\"bd\"}\n"
                     "0 1 0 1 {\"pan\":0.9,\"s\":\"bd\"}\n");
    /* plain values have no `pan` to read: Strudel's query throws, silence */
    tb_assert_events("\"a b\" $ jux (# speed 2)", 2, "");
    /* a list is an object to JS ({"0": .., "1": ..}), so it gets a pan */
    tb_assert_events("\"bd:3\" $ jux (# speed 2)", 1,
                     "0 1 0 1 {\"0\":\"bd\",\"1\":3,\"pan\":0}\n"
                     "0 1 0 1 {\"0\":\"bd\",\"1\":3,\"pan\":1,\"speed\":2}\n");
}

static void stut_sets_gain_to_powers_of_feedback(void **state)
{
    (void)state;
    const char *want = "-7/8 1/8 0 1/8 {\"gain\":0.5,\"s\":\"bd\"}\n"
                       "-3/4 1/4 0 1/4 {\"gain\":0.25,\"s\":\"bd\"}\n"
                       "0 1 0 1 {\"gain\":1,\"s\":\"bd\"}\n"
                       "1/8 9/8 1/8 1 {\"gain\":0.5,\"s\":\"bd\"}\n"
                       "1/4 5/4 1/4 1 {\"gain\":0.25,\"s\":\"bd\"}\n";
    tb_assert_events("s \"bd\" $ stut 3 0.5 0.125", 1, want);
    /* an existing gain is replaced, not multiplied */
    tb_assert_events("(s \"bd\" # gain 0.8) $ stut 3 0.5 0.125", 1, want);
    /* echo takes time before feedback */
    tb_assert_events("s \"bd\" $ echo 3 0.125 0.5", 1, want);
    /* plain values become {value: x, gain} */
    tb_assert_events("\"a\" $ stut 2 0.5 0.5", 1,
                     "-1/2 1/2 0 1/2 {\"gain\":0.5,\"value\":\"a\"}\n"
                     "0 1 0 1 {\"gain\":1,\"value\":\"a\"}\n"
                     "1/2 3/2 1/2 1 {\"gain\":0.5,\"value\":\"a\"}\n");
}

static void stut_counts(void **state)
{
    (void)state;
    tb_assert_events("s \"bd\" $ stut 0 0.5 0.1", 2, "");
    tb_assert_events("s \"bd\" $ stut -3 0.5 0.1", 2, "");
    tb_assert_same("s \"bd sn\" $ stut 2.5 0.5 0.1", "s \"bd sn\" $ stut 2 0.5 0.1", 2);
    tb_assert_same("s \"bd sn\" $ stut 1 0.5 0.1", "s \"bd sn\" # gain 1", 2);
    /* patterned count: 1 copy, then 2 */
    tb_assert_events("s \"bd\" $ stut \"<1 2>\" 0.5 0.5", 2,
                     "0 1 0 1 {\"gain\":1,\"s\":\"bd\"}\n"
                     "1/2 3/2 1 3/2 {\"gain\":0.5,\"s\":\"bd\"}\n"
                     "1 2 1 2 {\"gain\":1,\"s\":\"bd\"}\n"
                     "3/2 5/2 3/2 2 {\"gain\":0.5,\"s\":\"bd\"}\n");
    tb_assert_compile_error("s \"bd\" $ stut 1e10 0.5 0.1", "Invalid array length");
    /* a huge count is lazy and stops at the query's limits */
    char *got = tb_events("s \"bd\" $ stut 1000000 0.5 0.1", 1);
    assert_true(strncmp(got, "!query ", 7) == 0);
    free(got);
}

static void stut_cuts_copies_at_cycle_boundaries(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a, 0, 0);
    char *msg = NULL;
    const Pattern *p = tb_compile("s \"bd\" $ stut 2 0.5 0.5", &a, &msg);
    assert_non_null(p);
    /* one query over two cycles: the copy [1/2, 3/2) comes in two pieces, as
     * `.gain()` meets one pure value per cycle */
    char *got = tb_span_events(p, span_make(rat_int(0), rat_int(2)));
    assert_string_equal(got, "-1/2 1/2 0 1/2 {\"gain\":0.5,\"s\":\"bd\"}\n"
                             "0 1 0 1 {\"gain\":1,\"s\":\"bd\"}\n"
                             "1/2 3/2 1/2 1 {\"gain\":0.5,\"s\":\"bd\"}\n"
                             "1/2 3/2 1 3/2 {\"gain\":0.5,\"s\":\"bd\"}\n"
                             "1 2 1 2 {\"gain\":1,\"s\":\"bd\"}\n"
                             "3/2 5/2 3/2 2 {\"gain\":0.5,\"s\":\"bd\"}\n");
    free(got);
    arena_free(&a);
}

static void nested_layers(void **state)
{
    (void)state;
    /* jux inside off: the shifted copy is juxed, the original is not */
    tb_assert_events("s \"bd\" $ off 0.5 (jux (# speed 2))", 1,
                     "-1/2 1/2 0 1/2 {\"pan\":0,\"s\":\"bd\"}\n"
                     "-1/2 1/2 0 1/2 {\"pan\":1,\"s\":\"bd\",\"speed\":2}\n"
                     "0 1 0 1 {\"s\":\"bd\"}\n"
                     "1/2 3/2 1/2 1 {\"pan\":0,\"s\":\"bd\"}\n"
                     "1/2 3/2 1/2 1 {\"pan\":1,\"s\":\"bd\",\"speed\":2}\n");
    /* superimpose with a C-built `fast 2` */
    Arena a;
    arena_init(&a, 0, 0);
    char *msg = NULL;
    const Pattern *ab = tb_compile("\"a b\"", &a, &msg);
    PatArg args[1] = { tb_fn_arg(tb_fast(&a, rat_int(2))) };
    PatErr err = { PH_OK, "" };
    const Pattern *p = tb_apply(&a, "superimpose", args, ab, &err);
    assert_non_null(p);
    char *got = tb_pattern_cycles(p, 0, 1);
    assert_string_equal(got, "0 1/4 0 1/4 a\n"
                             "0 1/2 0 1/2 a\n"
                             "1/4 1/2 1/4 1/2 b\n"
                             "1/2 3/4 1/2 3/4 a\n"
                             "1/2 1 1/2 1 b\n"
                             "3/4 1 3/4 1 b\n");
    free(got);
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(off_adds_a_shifted_transformed_copy),
        cmocka_unit_test(off_time_changing_mid_cycle),
        cmocka_unit_test(superimpose_stacks_f_p),
        cmocka_unit_test(jux_pans_from_half_or_the_pan_control),
        cmocka_unit_test(stut_sets_gain_to_powers_of_feedback),
        cmocka_unit_test(stut_counts),
        cmocka_unit_test(stut_cuts_copies_at_cycle_boundaries),
        cmocka_unit_test(nested_layers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
