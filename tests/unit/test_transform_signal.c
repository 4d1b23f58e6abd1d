/* test_transform_signal.c - continuous patterns and generators: values at
 * exact times, one event per query with no whole, sampling at segment
 * begins, deterministic randomness, run/irand/choose. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "pattern/rand.h"
#include "test_transform_util.h"

static void test_continuous(void **state)
{
    (void)state;
    /* queried on its own: one event per query, no whole, value at the begin */
    assert_events("saw", 2, "- - 0 1 0\n- - 1 2 0\n");
    assert_events("saw $ segment 4", 1, "0 1/4 0 1/4 0\n1/4 1/2 1/4 1/2 0.25\n1/2 3/4 1/2 3/4 0.5\n3/4 1 3/4 1 0.75\n");
    assert_events("isaw $ segment 2", 1, "0 1/2 0 1/2 1\n1/2 1 1/2 1 0.5\n");
    assert_events("square $ segment 4", 1, "0 1/4 0 1/4 0\n1/4 1/2 1/4 1/2 0\n1/2 3/4 1/2 3/4 1\n3/4 1 3/4 1 1\n");
    /* tri = fastcat [saw, isaw]: its second half sees the shifted time */
    assert_events("tri $ segment 4", 1, "0 1/4 0 1/4 0\n1/4 1/2 1/4 1/2 0.5\n1/2 3/4 1/2 3/4 1\n3/4 1 3/4 1 0.5\n");
    /* sine at 0 and 1/4 (0.5 and 1); cosine is sine a quarter early */
    assert_events("sine $ segment 4 $ zoom 0 0.5", 1, "0 1/2 0 1/2 0.5\n1/2 1 1/2 1 1\n");
    assert_events("cosine $ segment 2 $ zoom 0 0.5", 1, "0 1 0 1 1\n");
    /* sampled at the left event's whole begin under `#` */
    assert_events("s \"a/2\" # pan saw", 2, "0 2 0 1 {\"pan\":0,\"s\":\"a\"}\n0 2 1 2 {\"pan\":0,\"s\":\"a\"}\n");
}

static void test_rand(void **state)
{
    (void)state;
    /* rand(0) is 0: the first segment always gets 0 */
    char *got = tq_events("rand $ segment 2", 1);
    assert_memory_equal(got, "0 1/2 0 1/2 0\n", 14);
    double v;
    assert_int_equal(sscanf(strchr(got, '\n') + 1, "1/2 1 1/2 1 %lf", &v), 1);
    assert_true(v == rand_at_double(0.5));
    free(got);
    /* irand n = trunc(rand * n), per segment begin */
    got = tq_events("irand 4 $ segment 8", 1);
    const char *line = got;
    for (int k = 0; k < 8; k++) {
        const char *eol = strchr(line, '\n');
        const char *last = eol;
        while (last > line && last[-1] != ' ') last--;
        assert_int_equal(atoi(last), (int)trunc(rand_at_double(k / 8.0) * 4));
        line = eol + 1;
    }
    free(got);
    /* the same program gives the same events */
    char *a = tq_events("s \"x*8\" # n (irand 16)", 4), *b = tq_events("s \"x*8\" # n (irand 16)", 4);
    assert_string_equal(a, b);
    free(a);
    free(b);
}

static void test_run_choose(void **state)
{
    (void)state;
    assert_events("run 4", 1, "0 1/4 0 1/4 0\n1/4 1/2 1/4 1/2 1\n1/2 3/4 1/2 3/4 2\n3/4 1 3/4 1 3\n");
    assert_events("run 0", 1, "");
    assert_events("run \"<1 2>\"", 2, "0 1 0 1 0\n1 3/2 1 3/2 0\n3/2 2 3/2 2 1\n");
    /* choose: xs[floor(rand * n)], rand(0) = 0 picks the first */
    char *got = tq_events("choose [\"a\", \"b\", \"c\"] $ segment 4", 1);
    const char *line = got;
    for (int k = 0; k < 4; k++) {
        char want = (char)('a' + (int)floor(rand_at_double(k / 4.0) * 3));
        const char *eol = strchr(line, '\n');
        assert_int_equal(eol[-1], want);
        line = eol + 1;
    }
    free(got);
    assert_events("choose [] $ segment 2", 1, "");
}

static void test_oscillator_is_not_a_pattern(void **state)
{
    (void)state;
    /* with an argument, sine is the audio oscillator: not queryable */
    assert_compile_error("sine 440", "signal");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_continuous),
        cmocka_unit_test(test_rand),
        cmocka_unit_test(test_run_choose),
        cmocka_unit_test(test_oscillator_is_not_a_pattern),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
