/* test_transform_cond.c - every / firstOf / lastOf / whenmod / within, from
 * Strudel 1.2.6's definitions: which cycles are transformed (JS's truncating
 * % for firstOf / lastOf, so negative cycles that are not multiples of n are
 * silent), patterned counts (also changing mid-cycle), bad counts, nesting,
 * within's inclusive window, and a continuous subject under within. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_transform_b_util.h"

static void every_transforms_cycles_multiple_of_n(void **state)
{
    (void)state;
    tb_assert_events("s \"bd\" $ every 3 (# speed 2)", 6,
                     "0 1 0 1 {\"s\":\"bd\",\"speed\":2}\n"
                     "1 2 1 2 {\"s\":\"bd\"}\n"
                     "2 3 2 3 {\"s\":\"bd\"}\n"
                     "3 4 3 4 {\"s\":\"bd\",\"speed\":2}\n"
                     "4 5 4 5 {\"s\":\"bd\"}\n"
                     "5 6 5 6 {\"s\":\"bd\"}\n");
    tb_assert_same("s \"bd sn\" $ every 3 (# speed 2)", "s \"bd sn\" $ firstOf 3 (# speed 2)", 6);
    tb_assert_same("s \"bd sn\" $ every 3 (# speed 2)", "every 3 (# speed 2) $ s \"bd sn\"", 6);
    /* n = 1: every cycle */
    tb_assert_same("n \"0 1\" $ every 1 (# speed 2)", "n \"0 1\" # speed 2", 3);
}

static void last_of_transforms_the_last_cycle_of_n(void **state)
{
    (void)state;
    tb_assert_events("s \"bd\" $ lastOf 3 (# speed 2)", 6,
                     "0 1 0 1 {\"s\":\"bd\"}\n"
                     "1 2 1 2 {\"s\":\"bd\"}\n"
                     "2 3 2 3 {\"s\":\"bd\",\"speed\":2}\n"
                     "3 4 3 4 {\"s\":\"bd\"}\n"
                     "4 5 4 5 {\"s\":\"bd\"}\n"
                     "5 6 5 6 {\"s\":\"bd\",\"speed\":2}\n");
}

static void negative_cycles_follow_js_remainder(void **state)
{
    (void)state;
    /* -3 % 3 == 0 plays f p; -2 % 3 and -1 % 3 are negative: no pattern */
    char *got = tb_events_from("s \"bd\" $ every 3 (# speed 2)", -3, 3);
    assert_string_equal(got, "-3 -2 -3 -2 {\"s\":\"bd\",\"speed\":2}\n");
    free(got);
    got = tb_events_from("s \"bd\" $ lastOf 3 (# speed 2)", -3, 4);
    assert_string_equal(got, "-3 -2 -3 -2 {\"s\":\"bd\"}\n"
                             "0 1 0 1 {\"s\":\"bd\"}\n");
    free(got);
}

static void patterned_count_per_cycle_and_mid_cycle(void **state)
{
    (void)state;
    /* n = 2, 3, 2, 3: cycles 0, 2 (c % 2 == 0) and 3 (c % 3 == 0) */
    tb_assert_events("s \"bd\" $ every \"<2 3>\" (# speed 2)", 4,
                     "0 1 0 1 {\"s\":\"bd\",\"speed\":2}\n"
                     "1 2 1 2 {\"s\":\"bd\"}\n"
                     "2 3 2 3 {\"s\":\"bd\",\"speed\":2}\n"
                     "3 4 3 4 {\"s\":\"bd\",\"speed\":2}\n");
    /* n = 2 in the first half of each cycle, 3 in the second half */
    tb_assert_events("s \"bd*2\" $ every \"2 3\" (# speed 2)", 4,
                     "0 1/2 0 1/2 {\"s\":\"bd\",\"speed\":2}\n"
                     "1/2 1 1/2 1 {\"s\":\"bd\",\"speed\":2}\n"
                     "1 3/2 1 3/2 {\"s\":\"bd\"}\n"
                     "3/2 2 3/2 2 {\"s\":\"bd\"}\n"
                     "2 5/2 2 5/2 {\"s\":\"bd\",\"speed\":2}\n"
                     "5/2 3 5/2 3 {\"s\":\"bd\"}\n"
                     "3 7/2 3 7/2 {\"s\":\"bd\"}\n"
                     "7/2 4 7/2 4 {\"s\":\"bd\",\"speed\":2}\n");
    /* a patterned 0 throws at query time in Strudel: that cycle is silent */
    tb_assert_events("s \"bd\" $ every \"<0 2>\" (# speed 2)", 4,
                     "1 2 1 2 {\"s\":\"bd\"}\n"
                     "3 4 3 4 {\"s\":\"bd\"}\n");
}

static void bad_counts_are_errors(void **state)
{
    (void)state;
    tb_assert_compile_error("s \"bd\" $ every 0 (# speed 2)", "Invalid array length");
    tb_assert_compile_error("s \"bd\" $ every -1 (# speed 2)", "Invalid array length");
    tb_assert_compile_error("s \"bd\" $ every 1.5 (# speed 2)", "Invalid array length");
    tb_assert_compile_error("s \"bd\" $ lastOf 0 (# speed 2)", "Invalid array length");
    tb_assert_compile_error("s \"bd\" $ every 4294967297 (# speed 2)", "Invalid array length");
    tb_assert_compile_error("s \"bd\" $ whenmod 0 1 (# speed 2)", "must not be 0");
    /* a huge count is lazy: only cycle 0 is transformed here */
    tb_assert_events("s \"bd\" $ every 4294967296 (# speed 2)", 2,
                     "0 1 0 1 {\"s\":\"bd\",\"speed\":2}\n"
                     "1 2 1 2 {\"s\":\"bd\"}\n");
}

static void whenmod_uses_a_positive_modulo(void **state)
{
    (void)state;
    /* cycles with c mod 4 >= 2: -2, -1, 2, 3 */
    char *got = tb_events_from("s \"bd\" $ whenmod 4 2 (# speed 2)", -2, 6);
    assert_string_equal(got, "-2 -1 -2 -1 {\"s\":\"bd\",\"speed\":2}\n"
                             "-1 0 -1 0 {\"s\":\"bd\",\"speed\":2}\n"
                             "0 1 0 1 {\"s\":\"bd\"}\n"
                             "1 2 1 2 {\"s\":\"bd\"}\n"
                             "2 3 2 3 {\"s\":\"bd\",\"speed\":2}\n"
                             "3 4 3 4 {\"s\":\"bd\",\"speed\":2}\n");
    free(got);
    /* b > a: never; b <= 0: always */
    tb_assert_same("s \"bd sn\" $ whenmod 2 3 (# speed 2)", "s \"bd sn\"", 4);
    tb_assert_same("s \"bd sn\" $ whenmod 2 0 (# speed 2)", "s \"bd sn\" # speed 2", 4);
}

static void within_window_is_inclusive(void **state)
{
    (void)state;
    tb_assert_events("s \"bd*4\" $ within 0 0.5 (# speed 2)", 1,
                     "0 1/4 0 1/4 {\"s\":\"bd\",\"speed\":2}\n"
                     "1/4 1/2 1/4 1/2 {\"s\":\"bd\",\"speed\":2}\n"
                     "1/2 3/4 1/2 3/4 {\"s\":\"bd\",\"speed\":2}\n"
                     "3/4 1 3/4 1 {\"s\":\"bd\"}\n");
    /* an empty window: nothing changes */
    tb_assert_same("s \"bd*4\" $ within 0.5 0.25 (# speed 2)", "s \"bd*4\"", 2);
    /* the onset is the whole's begin: sn/2's fragment in cycle 1 has the
     * whole [1, 2) (mini-notation keeps it relative to the part), onset 0 */
    tb_assert_events("s \"bd sn/2\" $ within 0.5 1 (# gain 0.5)", 2,
                     "0 1/2 0 1/2 {\"s\":\"bd\"}\n"
                     "1/2 3/2 1/2 1 {\"gain\":0.5,\"s\":\"sn\"}\n"
                     "1 3/2 1 3/2 {\"s\":\"bd\"}\n"
                     "1 2 3/2 2 {\"s\":\"sn\"}\n");
}

/* One continuous event per query: no whole, value 1. */
static void continuous_query(const Pattern *self, PatCtx *ctx, Span span)
{
    (void)self;
    PatEvent e = { .part = span, .value = val_num(1), .has_whole = false };
    pat_push(ctx, &e);
}

static void within_on_a_continuous_pattern_fails_the_query(void **state)
{
    (void)state;
    Arena a, scratch;
    arena_init(&a, 0, 0);
    arena_init(&scratch, 0, 0);
    const Pattern *cont = pat_new(&a, continuous_query, NULL);
    PatArg args[3] = { tb_pat_arg(pat_pure(&a, val_num(0))), tb_pat_arg(pat_pure(&a, val_num(0.5))),
                       tb_fn_arg(tb_fast(&a, rat_int(2))) };
    PatErr err = { PH_OK, "" };
    const Pattern *p = tb_apply(&a, "within", args, cont, &err);
    assert_non_null(p);
    PatCtx ctx;
    pat_ctx_init(&ctx, &scratch);
    const PatEvent *ev;
    size_t n;
    assert_int_equal(pat_query(p, &ctx, span_make(rat_int(0), rat_int(1)), &ev, &n), PH_ERR_TYPE);
    assert_int_equal(n, 0);
    pat_ctx_free(&ctx);
    arena_free(&scratch);
    arena_free(&a);
}

static void nested_conditionals(void **state)
{
    (void)state;
    /* f applies where both c % 2 == 0 and c % 3 == 0: cycles 0 and 6 */
    char *got = tb_events("s \"bd\" $ every 2 (every 3 (# speed 2))", 7);
    char *want = tb_events("s \"bd\" $ every 6 (# speed 2)", 7);
    assert_string_equal(got, want);
    free(got);
    free(want);
    tb_assert_events("s \"bd sn\" $ every 2 (jux (# speed 2))", 2,
                     "0 1/2 0 1/2 {\"pan\":0,\"s\":\"bd\"}\n"
                     "0 1/2 0 1/2 {\"pan\":1,\"s\":\"bd\",\"speed\":2}\n"
                     "1/2 1 1/2 1 {\"pan\":0,\"s\":\"sn\"}\n"
                     "1/2 1 1/2 1 {\"pan\":1,\"s\":\"sn\",\"speed\":2}\n"
                     "1 3/2 1 3/2 {\"s\":\"bd\"}\n"
                     "3/2 2 3/2 2 {\"s\":\"sn\"}\n");
}

static void function_argument_from_c(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a, 0, 0);
    char *msg = NULL;
    const Pattern *ab = tb_compile("\"a b\"", &a, &msg);
    assert_non_null(ab);
    PatArg args[2] = { tb_pat_arg(pat_pure(&a, val_num(2))), tb_fn_arg(tb_fast(&a, rat_int(2))) };
    PatErr err = { PH_OK, "" };
    const Pattern *p = tb_apply(&a, "every", args, ab, &err);
    assert_non_null(p);
    char *got = tb_pattern_cycles(p, 0, 2);
    assert_string_equal(got, "0 1/4 0 1/4 a\n"
                             "1/4 1/2 1/4 1/2 b\n"
                             "1/2 3/4 1/2 3/4 a\n"
                             "3/4 1 3/4 1 b\n"
                             "1 3/2 1 3/2 a\n"
                             "3/2 2 3/2 2 b\n");
    free(got);
    /* the same with the count patterned: cycle 1 has n = 1, so it is fast too */
    args[0] = tb_pat_arg(tb_compile("\"<2 1>\"", &a, &msg));
    p = tb_apply(&a, "every", args, ab, &err);
    assert_non_null(p);
    got = tb_pattern_cycles(p, 1, 1);
    assert_string_equal(got, "1 5/4 1 5/4 a\n"
                             "5/4 3/2 5/4 3/2 b\n"
                             "3/2 7/4 3/2 7/4 a\n"
                             "7/4 2 7/4 2 b\n");
    free(got);
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_transforms_cycles_multiple_of_n),
        cmocka_unit_test(last_of_transforms_the_last_cycle_of_n),
        cmocka_unit_test(negative_cycles_follow_js_remainder),
        cmocka_unit_test(patterned_count_per_cycle_and_mid_cycle),
        cmocka_unit_test(bad_counts_are_errors),
        cmocka_unit_test(whenmod_uses_a_positive_modulo),
        cmocka_unit_test(within_window_is_inclusive),
        cmocka_unit_test(within_on_a_continuous_pattern_fails_the_query),
        cmocka_unit_test(nested_conditionals),
        cmocka_unit_test(function_argument_from_c),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
