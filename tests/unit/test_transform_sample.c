/* test_transform_sample.c - chop / striate / slice / splice, from Strudel
 * 1.2.6's definitions: begin/end as JS doubles (1/3 prints
 * 0.3333333333333333), chop within an existing begin..end, fragments keeping
 * only their slices, plain values, zero / negative / fractional / huge
 * counts, the index pattern's structure for slice, splice's speed and the
 * subject's keys winning. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_transform_b_util.h"

static void chop_squeezes_slices_into_each_event(void **state)
{
    (void)state;
    tb_assert_events("s \"bd sn\" $ chop 2", 1,
                     "0 1/4 0 1/4 {\"begin\":0,\"end\":0.5,\"s\":\"bd\"}\n"
                     "1/4 1/2 1/4 1/2 {\"begin\":0.5,\"end\":1,\"s\":\"bd\"}\n"
                     "1/2 3/4 1/2 3/4 {\"begin\":0,\"end\":0.5,\"s\":\"sn\"}\n"
                     "3/4 1 3/4 1 {\"begin\":0.5,\"end\":1,\"s\":\"sn\"}\n");
    tb_assert_events("s \"bev\" $ chop 3", 1,
                     "0 1/3 0 1/3 {\"begin\":0,\"end\":0.3333333333333333,\"s\":\"bev\"}\n"
                     "1/3 2/3 1/3 2/3 {\"begin\":0.3333333333333333,\"end\":0.6666666666666666,\"s\":\"bev\"}\n"
                     "2/3 1 2/3 1 {\"begin\":0.6666666666666666,\"end\":1,\"s\":\"bev\"}\n");
    /* 2.5: two slices (the length is truncated), each 1/2.5 of the sample */
    tb_assert_events("s \"bev\" $ chop 2.5", 1,
                     "0 1/2 0 1/2 {\"begin\":0,\"end\":0.4,\"s\":\"bev\"}\n"
                     "1/2 1 1/2 1 {\"begin\":0.4,\"end\":0.8,\"s\":\"bev\"}\n");
    /* patterned: 1 slice, then 2 */
    tb_assert_events("s \"bev\" $ chop \"<1 2>\"", 2,
                     "0 1 0 1 {\"begin\":0,\"end\":1,\"s\":\"bev\"}\n"
                     "1 3/2 1 3/2 {\"begin\":0,\"end\":0.5,\"s\":\"bev\"}\n"
                     "3/2 2 3/2 2 {\"begin\":0.5,\"end\":1,\"s\":\"bev\"}\n");
}

static void chop_within_existing_begin_end(void **state)
{
    (void)state;
    /* b + (i/n) * (e - b) in doubles: 0.4 - 0.1 is 0.30000000000000004 */
    tb_assert_events("(s \"bev\" # begin 0.1 # end 0.4) $ chop 3", 1,
                     "0 1/3 0 1/3 {\"begin\":0.1,\"end\":0.2,\"s\":\"bev\"}\n"
                     "1/3 2/3 1/3 2/3 {\"begin\":0.2,\"end\":0.30000000000000004,\"s\":\"bev\"}\n"
                     "2/3 1 2/3 1 {\"begin\":0.30000000000000004,\"end\":0.4,\"s\":\"bev\"}\n");
    /* only one of them: overwritten */
    tb_assert_same("(s \"bev\" # begin 0.5) $ chop 2", "s \"bev\" $ chop 2", 1);
    tb_assert_same("(s \"bev\" # end 0.5) $ chop 2", "s \"bev\" $ chop 2", 1);
    /* chop of a chop: quarters */
    tb_assert_events("s \"bev\" $ chop 2 $ chop 2", 1,
                     "0 1/4 0 1/4 {\"begin\":0,\"end\":0.25,\"s\":\"bev\"}\n"
                     "1/4 1/2 1/4 1/2 {\"begin\":0.25,\"end\":0.5,\"s\":\"bev\"}\n"
                     "1/2 3/4 1/2 3/4 {\"begin\":0.5,\"end\":0.75,\"s\":\"bev\"}\n"
                     "3/4 1 3/4 1 {\"begin\":0.75,\"end\":1,\"s\":\"bev\"}\n");
}

static void chop_fragments_keep_their_slices(void **state)
{
    (void)state;
    /* sn/2 shows its first half in cycle 0 and its second half in cycle 1 */
    tb_assert_events("s \"bd sn/2\" $ chop 2", 2,
                     "0 1/4 0 1/4 {\"begin\":0,\"end\":0.5,\"s\":\"bd\"}\n"
                     "1/4 1/2 1/4 1/2 {\"begin\":0.5,\"end\":1,\"s\":\"bd\"}\n"
                     "1/2 1 1/2 1 {\"begin\":0,\"end\":0.5,\"s\":\"sn\"}\n"
                     "1 5/4 1 5/4 {\"begin\":0,\"end\":0.5,\"s\":\"bd\"}\n"
                     "5/4 3/2 5/4 3/2 {\"begin\":0.5,\"end\":1,\"s\":\"bd\"}\n"
                     "3/2 2 3/2 2 {\"begin\":0.5,\"end\":1,\"s\":\"sn\"}\n");
    /* a query inside one event: only the slices it meets, cut to it */
    Arena a;
    arena_init(&a, 0, 0);
    char *msg = NULL;
    const Pattern *p = tb_compile("s \"bev\" $ chop 4", &a, &msg);
    assert_non_null(p);
    char *got = tb_span_events(p, span_make(rat_make(3, 8), rat_make(5, 8)));
    assert_string_equal(got, "1/4 1/2 3/8 1/2 {\"begin\":0.25,\"end\":0.5,\"s\":\"bev\"}\n"
                             "1/2 3/4 1/2 5/8 {\"begin\":0.5,\"end\":0.75,\"s\":\"bev\"}\n");
    free(got);
    /* a zero-width query at a slice edge meets the slice that starts there */
    got = tb_span_events(p, span_make(rat_make(1, 2), rat_make(1, 2)));
    assert_string_equal(got, "1/2 3/4 1/2 1/2 {\"begin\":0.5,\"end\":0.75,\"s\":\"bev\"}\n");
    free(got);
    arena_free(&a);
}

static void chop_bad_counts_and_plain_values(void **state)
{
    (void)state;
    tb_assert_events("s \"bev\" $ chop 0", 2, "");
    tb_assert_events("s \"bev\" $ chop -1", 2, "");
    tb_assert_events("s \"bev\" $ striate 0", 2, "");
    tb_assert_events("s \"bev\" $ striate -2", 2, "");
    tb_assert_compile_error("s \"bev\" $ chop 1e10", "Invalid array length");
    /* plain values have no `begin` to look up: Strudel throws, silence */
    tb_assert_events("\"a b\" $ chop 2", 2, "");
    /* a list is an object to JS: its items become keys "0", "1" */
    tb_assert_events("\"bd:3\" $ chop 2", 1,
                     "0 1/2 0 1/2 {\"0\":\"bd\",\"1\":3,\"begin\":0,\"end\":0.5}\n"
                     "1/2 1 1/2 1 {\"0\":\"bd\",\"1\":3,\"begin\":0.5,\"end\":1}\n");
    /* huge counts stop at the query's event limit instead of allocating */
    char *got = tb_events("s \"bev\" $ chop 100000000", 1);
    assert_true(strncmp(got, "!query ", 7) == 0);
    free(got);
    got = tb_events("s \"bev\" $ striate 100000000", 1);
    assert_true(strncmp(got, "!query ", 7) == 0);
    free(got);
}

static void striate_plays_slice_i_in_copy_i(void **state)
{
    (void)state;
    tb_assert_events("s \"bd sn\" $ striate 2", 1,
                     "0 1/4 0 1/4 {\"begin\":0,\"end\":0.5,\"s\":\"bd\"}\n"
                     "1/4 1/2 1/4 1/2 {\"begin\":0,\"end\":0.5,\"s\":\"sn\"}\n"
                     "1/2 3/4 1/2 3/4 {\"begin\":0.5,\"end\":1,\"s\":\"bd\"}\n"
                     "3/4 1 3/4 1 {\"begin\":0.5,\"end\":1,\"s\":\"sn\"}\n");
    /* plain values: set gives {value: x, begin, end} */
    tb_assert_events("\"a\" $ striate 2", 1,
                     "0 1/2 0 1/2 {\"begin\":0,\"end\":0.5,\"value\":\"a\"}\n"
                     "1/2 1 1/2 1 {\"begin\":0.5,\"end\":1,\"value\":\"a\"}\n");
    /* slices replace an existing begin / end */
    tb_assert_same("(s \"bd sn\" # begin 0.3) $ striate 2", "s \"bd sn\" $ striate 2", 2);
}

static void slice_takes_structure_from_the_indices(void **state)
{
    (void)state;
    tb_assert_events("s \"bev\" $ slice 4 \"0 2\"", 1,
                     "0 1/2 0 1/2 {\"_slices\":4,\"begin\":0,\"end\":0.25,\"s\":\"bev\"}\n"
                     "1/2 1 1/2 1 {\"_slices\":4,\"begin\":0.5,\"end\":0.75,\"s\":\"bev\"}\n");
    /* the subject's keys win; a plain subject value becomes s */
    tb_assert_events("(s \"bev\" # begin 0.9) $ slice 4 \"1\"", 1,
                     "0 1 0 1 {\"_slices\":4,\"begin\":0.9,\"end\":0.5,\"s\":\"bev\"}\n");
    tb_assert_events("\"a\" $ slice 2 \"1\"", 1, "0 1 0 1 {\"_slices\":2,\"begin\":0.5,\"end\":1,\"s\":\"a\"}\n");
    /* a list of cut points; past its end the key is undefined (omitted) */
    tb_assert_events("s \"bev\" $ slice \"0:0.25:0.5\" \"1 2\"", 1,
                     "0 1/2 0 1/2 {\"_slices\":[0,0.25,0.5],\"begin\":0.25,\"end\":0.5,\"s\":\"bev\"}\n"
                     "1/2 1 1/2 1 {\"_slices\":[0,0.25,0.5],\"begin\":0.5,\"s\":\"bev\"}\n");
    /* the subject changes inside an index event: parts are cut there */
    tb_assert_events("s \"bev bd\" $ slice 2 \"0 1 0\"", 1,
                     "0 1/3 0 1/3 {\"_slices\":2,\"begin\":0,\"end\":0.5,\"s\":\"bev\"}\n"
                     "1/3 2/3 1/3 1/2 {\"_slices\":2,\"begin\":0.5,\"end\":1,\"s\":\"bev\"}\n"
                     "1/3 2/3 1/2 2/3 {\"_slices\":2,\"begin\":0.5,\"end\":1,\"s\":\"bd\"}\n"
                     "2/3 1 2/3 1 {\"_slices\":2,\"begin\":0,\"end\":0.5,\"s\":\"bd\"}\n");
}

static void splice_sets_speed_from_the_slice_duration(void **state)
{
    (void)state;
    tb_assert_events("s \"bev\" $ splice 4 \"0 [1 2]\"", 1,
                     "0 1/2 0 1/2 {\"_slices\":4,\"begin\":0,\"end\":0.25,\"s\":\"bev\",\"speed\":0.5,\"unit\":\"c\"}\n"
                     "1/2 3/4 1/2 3/4 {\"_slices\":4,\"begin\":0.25,\"end\":0.5,\"s\":\"bev\",\"speed\":1,\"unit\":\"c\"}\n"
                     "3/4 1 3/4 1 {\"_slices\":4,\"begin\":0.5,\"end\":0.75,\"s\":\"bev\",\"speed\":1,\"unit\":\"c\"}\n");
    /* {speed, unit, ...value}: an existing speed or unit is kept */
    tb_assert_events("(s \"bev\" # speed 3 # unit \"r\") $ splice 4 \"0\"", 1,
                     "0 1 0 1 {\"_slices\":4,\"begin\":0,\"end\":0.25,\"s\":\"bev\",\"speed\":3,\"unit\":\"r\"}\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(chop_squeezes_slices_into_each_event),
        cmocka_unit_test(chop_within_existing_begin_end),
        cmocka_unit_test(chop_fragments_keep_their_slices),
        cmocka_unit_test(chop_bad_counts_and_plain_values),
        cmocka_unit_test(striate_plays_slice_i_in_copy_i),
        cmocka_unit_test(slice_takes_structure_from_the_indices),
        cmocka_unit_test(splice_sets_speed_from_the_slice_duration),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
