/* test_transform_time.c - the time family (fast slow hurry early late rotL
 * rotR zoom compress fastGap linger ply press pressBy segment range),
 * written from Strudel's definitions: zero and negative arguments, huge
 * factors (bounded errors, never an OOM), patterned arguments that change
 * mid-cycle, exact fractions from decimal arguments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_transform_util.h"

static void test_fast_slow(void **state)
{
    (void)state;
    assert_events("\"a b\" $ fast 2", 1, "0 1/4 0 1/4 a\n1/4 1/2 1/4 1/2 b\n1/2 3/4 1/2 3/4 a\n3/4 1 3/4 1 b\n");
    /* slow 2: one event per cycle, the second cycle shows b */
    assert_events("slow 2 $ \"a b\"", 2, "0 1 0 1 a\n1 2 1 2 b\n");
    /* 0 is silence (Strudel: `if (factor === 0) return silence`) */
    assert_events("\"a b\" $ fast 0", 2, "");
    assert_events("\"a b\" $ slow 0", 2, "");
    /* a negative factor reverses the query span: nothing */
    assert_events("\"a b\" $ fast (-2)", 1, "");
    /* 1.5 is exactly 3/2 */
    assert_events("\"a b c\" $ fast 1.5", 1, "0 2/9 0 2/9 a\n2/9 4/9 2/9 4/9 b\n4/9 2/3 4/9 2/3 c\n2/3 8/9 2/3 8/9 a\n"
                                         "8/9 10/9 8/9 1 b\n");
}

static void test_fast_patterned(void **state)
{
    (void)state;
    /* the factor changes mid-cycle: a plays over [0,1/2); the doubled
     * pattern over [1/2,1) gives a and b, each a quarter */
    assert_events("\"a b\" $ fast \"1 2\"", 1, "0 1/2 0 1/2 a\n1/2 3/4 1/2 3/4 a\n3/4 1 3/4 1 b\n");
    /* a factor that is not a number fails at query time, silently, as in Strudel */
    assert_events("\"a b\" $ fast \"x\"", 2, "");
    /* cycle by cycle */
    assert_events("\"a\" $ fast \"<1 0 2>\"", 3, "0 1 0 1 a\n2 5/2 2 5/2 a\n5/2 3 5/2 3 a\n");
}

static void test_huge_factors_are_bounded(void **state)
{
    (void)state;
    /* too many events: a limit error, quickly, never an OOM */
    assert_events("\"a b\" $ fast 1000000000", 1, "!query limit exceeded\n");
    assert_events("\"~ a\" $ fast 1000000000", 1, "!query limit exceeded\n");
    assert_events("\"a\" $ ply 1000000000", 1, "!query limit exceeded\n");
    assert_events("\"a\" $ segment 1e12", 1, "!query limit exceeded\n");
    /* a factor beyond exact time is a compile error */
    assert_compile_error("\"a\" $ fast 1e300", "overflow");
    assert_compile_error("\"a\" $ slow 1e-300", "Division by Zero");
}

static void test_hurry(void **state)
{
    (void)state;
    assert_events("s \"a\" $ hurry 2", 1, "0 1/2 0 1/2 {\"s\":\"a\",\"speed\":2}\n1/2 1 1/2 1 {\"s\":\"a\",\"speed\":2}\n");
    /* an existing speed is multiplied */
    assert_events("(s \"a\" # speed 3) $ hurry 0.5", 1, "0 2 0 1 {\"s\":\"a\",\"speed\":1.5}\n");
    /* a plain value becomes {value, speed}, as Strudel's unionWithObj does */
    assert_events("\"a\" $ hurry 1", 1, "0 1 0 1 {\"speed\":1,\"value\":\"a\"}\n");
}

static void test_early_late(void **state)
{
    (void)state;
    /* 0.1 is exactly 1/10 */
    assert_events("\"a b\" $ early 0.1", 1, "-1/10 2/5 0 2/5 a\n2/5 9/10 2/5 9/10 b\n9/10 7/5 9/10 1 a\n");
    assert_events("\"a b\" $ rotR 0.25", 1, "-1/4 1/4 0 1/4 b\n1/4 3/4 1/4 3/4 a\n3/4 5/4 3/4 1 b\n");
    assert_events("\"a b\" $ late (-0.25)", 1, "-1/4 1/4 0 1/4 a\n1/4 3/4 1/4 3/4 b\n3/4 5/4 3/4 1 a\n");
    /* patterned: the shift changes at 1/2, cutting the parts there */
    assert_events("\"a\" $ late \"0 0.5\"", 1, "0 1 0 1/2 a\n1/2 3/2 1/2 1 a\n");
}

static void test_zoom_compress_fastgap(void **state)
{
    (void)state;
    assert_events("\"a b c d\" $ zoom 0.25 0.75", 1, "0 1/2 0 1/2 b\n1/2 1 1/2 1 c\n");
    /* start >= end: nothing */
    assert_events("\"a b\" $ zoom 0.5 0.5", 1, "");
    assert_events("\"a b\" $ zoom 0.75 0.25", 1, "");
    /* compress outside [0,1] is silence */
    assert_events("\"a b\" $ compress 0.5 1.5", 1, "");
    assert_events("\"a b\" $ compress 0.5 1", 1, "1/2 3/4 1/2 3/4 a\n3/4 1 3/4 1 b\n");
    assert_events("\"a b\" $ fastGap 2", 1, "0 1/4 0 1/4 a\n1/4 1/2 1/4 1/2 b\n");
    /* fastGap 0 divides by zero at query time: silent */
    assert_events("\"a b\" $ fastGap 0", 1, "");
}

static void test_linger(void **state)
{
    (void)state;
    assert_events("\"a b c d\" $ linger 0.25", 1, "0 1/4 0 1/4 a\n1/4 1/2 1/4 1/2 a\n1/2 3/4 1/2 3/4 a\n3/4 1 3/4 1 a\n");
    assert_events("\"a b\" $ linger 0", 1, "");
    /* Strudel 1.2.6 throws on a negative amount (`t.add is not a function`) */
    assert_compile_error("\"a b\" $ linger (-0.25)", "negative");
    /* ... and a patterned one fails only in its cycle */
    assert_events("\"a b\" $ linger \"<-0.5 0.5>\"", 2, "1 3/2 1 3/2 a\n3/2 2 3/2 2 a\n");
}

static void test_ply_press(void **state)
{
    (void)state;
    assert_events("\"a ~\" $ ply 2", 1, "0 1/4 0 1/4 a\n1/4 1/2 1/4 1/2 a\n");
    assert_events("\"a\" $ ply 0", 1, "");
    /* 1.5: the second copy is cut at the event's end */
    assert_events("\"a\" $ ply 1.5", 1, "0 2/3 0 2/3 a\n2/3 1 2/3 1 a\n");
    /* per event: a gets 1 copy, b gets 2 */
    assert_events("\"a b\" $ ply \"1 2\"", 1, "0 1/2 0 1/2 a\n1/2 3/4 1/2 3/4 b\n3/4 1 3/4 1 b\n");
    assert_events("\"a b\" $ press", 1, "1/4 1/2 1/4 1/2 a\n3/4 1 3/4 1 b\n");
    assert_events("\"a b\" $ pressBy 0.75", 1, "3/8 1/2 3/8 1/2 a\n7/8 1 7/8 1 b\n");
    /* outside [0,1]: silence */
    assert_events("\"a b\" $ pressBy 1.5", 1, "");
}

static void test_segment_range(void **state)
{
    (void)state;
    assert_events("\"a b\" $ segment 4", 1, "0 1/4 0 1/4 a\n1/4 1/2 1/4 1/2 a\n1/2 3/4 1/2 3/4 b\n3/4 1 3/4 1 b\n");
    assert_events("\"a\" $ segment 0", 1, "");
    /* range: v * (hi - lo) + lo, multiplication first */
    assert_events("\"0 0.5 1\" $ range 1 5", 1, "0 1/3 0 1/3 1\n1/3 2/3 1/3 2/3 3\n2/3 1 2/3 1 5\n");
    assert_events("\"0.1\" $ range 0 3", 1, "0 1 0 1 0.30000000000000004\n");
    /* a continuous signal is sampled at each segment's begin */
    assert_events("saw $ segment 2 $ range 10 20", 1, "0 1/2 0 1/2 10\n1/2 1 1/2 1 15\n");
}

static void test_argument_errors(void **state)
{
    (void)state;
    assert_compile_error("\"a\" $ fast rev", "not a pattern");
    assert_compile_error("\"a\" $ zoom 0.25", "needs 2 arguments");
    assert_compile_error("fast 1 2 3 \"a\"", "too many arguments");
    assert_compile_error("\"a\" $ fast [1, 2]", "list");
    assert_compile_error("\"a\" $ fast 1e400", "out of range");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fast_slow),
        cmocka_unit_test(test_fast_patterned),
        cmocka_unit_test(test_huge_factors_are_bounded),
        cmocka_unit_test(test_hurry),
        cmocka_unit_test(test_early_late),
        cmocka_unit_test(test_zoom_compress_fastgap),
        cmocka_unit_test(test_linger),
        cmocka_unit_test(test_ply_press),
        cmocka_unit_test(test_segment_range),
        cmocka_unit_test(test_argument_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
