/* test_transform_random.c - degrade* / sometimes* / somecycles* / shuffle /
 * scramble. Expectations are computed here from the definitions with
 * rand.h's Strudel rand (a per-event draw at whole.begin; one draw per cycle
 * for somecycles; timeToRands(c + 0.5, n) sorted for shuffle;
 * trunc(rand(c + j/n) * n) for scramble), not copied from an oracle. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_transform_b_util.h"

#define STEPS 16
#define CYCLES 4

/* What a step grid event becomes: up to two values (NULL: none). */
typedef struct StepOut {
    const char *v[2];
} StepOut;

typedef StepOut (*StepFn)(Rat t, long cycle, int step, const void *env);

/* The expected output for `s "hh*16"`-like patterns: one line per value. */
static char *grid_expect(int steps, long cycles, StepFn fn, const void *env)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    for (long c = 0; c < cycles; c++)
        for (int k = 0; k < steps; k++) {
            Rat b = rat_make(c * steps + k, steps), e = rat_make(c * steps + k + 1, steps);
            char tb[48], te[48];
            rat_format(b, tb, sizeof tb);
            rat_format(e, te, sizeof te);
            StepOut o = fn(b, c, k, env);
            for (int i = 0; i < 2; i++)
                if (o.v[i]) fprintf(f, "%s %s %s %s %s\n", tb, te, tb, te, o.v[i]);
        }
    fclose(f);
    return buf;
}

static void assert_grid(const char *expr, int steps, StepFn fn, const void *env)
{
    char *want = grid_expect(steps, CYCLES, fn, env);
    char *got = tb_events(expr, CYCLES);
    if (strcmp(got, want) != 0) fprintf(stderr, "expression: %s\n", expr);
    assert_string_equal(got, want);
    free(want);
    free(got);
}

static const char HH[] = "{\"s\":\"hh\"}";
static const char HH_FAST[] = "{\"s\":\"hh\",\"speed\":2}"; /* sorts before HH */

typedef struct Thresh {
    double lo, hi; /* threshold in the first / second half of the cycle */
    bool un;       /* undegradeBy */
} Thresh;

static StepOut degrade_step(Rat t, long c, int k, const void *env)
{
    (void)c;
    const Thresh *th = env;
    double x = k < STEPS / 2 ? th->lo : th->hi, r = rand_at(t);
    bool keep = th->un ? 1.0 - r > x : r > x;
    return (StepOut){ { keep ? HH : NULL, NULL } };
}

static void degrade_by_keeps_rand_above_x(void **state)
{
    (void)state;
    Thresh t = { 0.3, 0.3, false };
    assert_grid("s \"hh*16\" $ degradeBy 0.3", STEPS, degrade_step, &t);
    t.un = true;
    assert_grid("s \"hh*16\" $ undegradeBy 0.3", STEPS, degrade_step, &t);
    /* the amount changes mid-cycle */
    Thresh mid = { 0.2, 0.8, false };
    assert_grid("s \"hh*16\" $ degradeBy \"0.2 0.8\"", STEPS, degrade_step, &mid);
    tb_assert_same("s \"hh*16\" $ degrade", "s \"hh*16\" $ degradeBy 0.5", CYCLES);
    tb_assert_same("s \"hh*16\" $ undegrade", "s \"hh*16\" $ undegradeBy 0.5", CYCLES);
    /* out of range: documented silence / everything */
    tb_assert_events("s \"hh*16\" $ degradeBy 1", CYCLES, "");
    tb_assert_events("s \"hh*16\" $ degradeBy 2", CYCLES, "");
    tb_assert_same("s \"hh*16\" $ degradeBy -1", "s \"hh*16\"", CYCLES);
    /* degrade and undegrade split the events between them */
    char *a = tb_events("s \"hh*16\" $ degrade", CYCLES), *b = tb_events("s \"hh*16\" $ undegrade", CYCLES);
    assert_int_equal(tb_lines(a) + tb_lines(b), STEPS * CYCLES);
    assert_true(tb_lines(a) > 0 && tb_lines(b) > 0);
    free(a);
    free(b);
}

static StepOut sometimes_step(Rat t, long c, int k, const void *env)
{
    (void)k;
    const double *x = env; /* x[0]: probability; x[1] != 0: every 2 inside */
    double r = rand_at(t);
    bool routed = 1.0 - r > 1.0 - x[0], kept = r > x[0];
    bool changed = routed && (x[1] == 0 || c % 2 == 0);
    StepOut o = { { NULL, NULL } };
    int n = 0;
    if (routed) o.v[n++] = changed ? HH_FAST : HH; /* sorts first (or ties) */
    if (kept) o.v[n++] = HH;
    return o;
}

static void sometimes_routes_each_event_by_its_draw(void **state)
{
    (void)state;
    double x[2] = { 0.3, 0 };
    assert_grid("s \"hh*16\" $ sometimesBy 0.3 (# speed 2)", STEPS, sometimes_step, x);
    x[0] = 0.5;
    assert_grid("s \"hh*16\" $ sometimes (# speed 2)", STEPS, sometimes_step, x);
    x[0] = 0.75;
    assert_grid("s \"hh*16\" $ often (# speed 2)", STEPS, sometimes_step, x);
    x[0] = 0.25;
    assert_grid("s \"hh*16\" $ rarely (# speed 2)", STEPS, sometimes_step, x);
    x[0] = 0.1;
    assert_grid("s \"hh*16\" $ almostNever (# speed 2)", STEPS, sometimes_step, x);
    x[0] = 0.9;
    assert_grid("s \"hh*16\" $ almostAlways (# speed 2)", STEPS, sometimes_step, x);
    /* nested: f = every 2 (# speed 2), so routed events change in even cycles only */
    x[0] = 0.5;
    x[1] = 1;
    assert_grid("s \"hh*16\" $ sometimes (every 2 (# speed 2))", STEPS, sometimes_step, x);
    tb_assert_same("s \"hh*16\" $ always (# speed 2)", "s \"hh*16\" # speed 2", CYCLES);
    tb_assert_same("s \"hh*16\" $ never (# speed 2)", "s \"hh*16\"", CYCLES);
    /* rand(0) = 0: the event at time 0 always goes through f */
    char *got = tb_events("s \"hh\" $ almostNever (# speed 2)", 1);
    assert_string_equal(got, "0 1 0 1 {\"s\":\"hh\",\"speed\":2}\n");
    free(got);
}

static StepOut edge_step(Rat t, long c, int k, const void *env)
{
    (void)t;
    (void)env;
    /* x = 0 in even cycles: the degrade half keeps r > 0, f gets 1 - r > 1:
     * nothing, so the step at time 0 (r = 0) vanishes; x = 1 in odd cycles:
     * everything through f */
    if (c % 2 == 1) return (StepOut){ { HH_FAST, NULL } };
    return (StepOut){ { c == 0 && k == 0 ? NULL : HH, NULL } };
}

static void sometimes_by_patterned_extremes(void **state)
{
    (void)state;
    assert_grid("s \"hh*16\" $ sometimesBy \"<0 1>\" (# speed 2)", STEPS, edge_step, NULL);
}

static StepOut cycles_step(Rat t, long c, int k, const void *env)
{
    (void)t;
    (void)k;
    const double *x = env;
    double r = rand_at(rat_int(c));
    const char *a = 1.0 - r > 1.0 - *x ? HH_FAST : NULL, *b = r > *x ? HH : NULL;
    return (StepOut){ { a ? a : b, a ? b : NULL } };
}

static void somecycles_draws_once_per_cycle(void **state)
{
    (void)state;
    double x = 0.3;
    assert_grid("s \"hh*16\" $ somecyclesBy 0.3 (# speed 2)", STEPS, cycles_step, &x);
    x = 0.5;
    assert_grid("s \"hh*16\" $ somecycles (# speed 2)", STEPS, cycles_step, &x);
    tb_assert_same("s \"hh*16\" $ someCyclesBy 0.3 (# speed 2)", "s \"hh*16\" $ somecyclesBy 0.3 (# speed 2)",
                   CYCLES);
    /* an event spanning two cycles is cut, each piece decided by its cycle */
    Arena a;
    arena_init(&a, 0, 0);
    char *msg = NULL;
    const Pattern *p = tb_compile("s \"hh/2\" $ somecycles (# speed 2)", &a, &msg);
    assert_non_null(p);
    char *got = tb_span_events(p, span_make(rat_int(0), rat_int(2)));
    char want[256];
    snprintf(want, sizeof want, "0 2 0 1 %s\n0 2 1 2 %s\n", HH_FAST, 1.0 - rand_at(rat_int(1)) > 0.5 ? HH_FAST : HH);
    assert_string_equal(got, want);
    free(got);
    arena_free(&a);
}

/* ---- shuffle / scramble ------------------------------------------------------------------- */

static void shuffle_order(long c, int n, int *order)
{
    double v[16];
    rand_at_n(rat_to_double(rat_add(rat_int(c), rat_make(1, 2))), n, v);
    for (int i = 0; i < n; i++) order[i] = i;
    for (int i = 1; i < n; i++) /* stable insertion sort by value */
        for (int j = i; j > 0 && v[order[j - 1]] > v[order[j]]; j--) {
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
}

static const char *const LETTERS[] = { "a", "b", "c", "d", "e", "f", "g", "h" };

static StepOut shuffle_step(Rat t, long c, int k, const void *env)
{
    (void)t;
    (void)env;
    int order[4];
    shuffle_order(c, 4, order);
    return (StepOut){ { LETTERS[order[k]], NULL } };
}

static StepOut scramble_step(Rat t, long c, int k, const void *env)
{
    (void)c;
    (void)k;
    (void)env;
    return (StepOut){ { LETTERS[(int)trunc(rand_at(t) * 4)], NULL } };
}

static void shuffle_plays_a_permutation_per_cycle(void **state)
{
    (void)state;
    assert_grid("\"a b c d\" $ shuffle 4", 4, shuffle_step, NULL);
    /* every cycle holds each letter once */
    char *got = tb_events("\"a b c d\" $ shuffle 4", 8);
    for (const char *l = got; *l;) {
        int seen = 0;
        for (int k = 0; k < 4; k++) { /* four lines, the value is the last character */
            const char *end = strchr(l, '\n');
            assert_non_null(end);
            seen |= 1 << (end[-1] - 'a');
            l = end + 1;
        }
        assert_int_equal(seen, 15);
    }
    free(got);
    assert_grid("\"a b c d\" $ scramble 4", 4, scramble_step, NULL);
}

static void shuffle_cuts_events_at_slice_edges(void **state)
{
    (void)state;
    int order[2];
    shuffle_order(0, 2, order);
    assert_int_equal(order[0], 1); /* cycle 0 plays the second half first */
    char *got = tb_events("\"a b c\" $ shuffle 2", 1);
    /* source [1/2, 1) = b's second half and c, squeezed into [0, 1/2); then
     * [0, 1/2) = a and b's first half into [1/2, 1), wholes kept relative */
    assert_string_equal(got, "-1/6 1/6 0 1/6 b\n"
                             "1/6 1/2 1/6 1/2 c\n"
                             "1/2 5/6 1/2 5/6 a\n"
                             "5/6 7/6 5/6 1 b\n");
    free(got);
}

static void rearrange_counts(void **state)
{
    (void)state;
    tb_assert_events("\"a b\" $ shuffle 0", 2, "");
    tb_assert_events("\"a b\" $ scramble 0", 2, "");
    /* Strudel's randrun(1) throws at query time: silent cycles */
    tb_assert_events("\"a b\" $ shuffle 1", 2, "");
    tb_assert_same("\"a b\" $ scramble 1", "\"a b\"", 2);
    tb_assert_compile_error("\"a b\" $ shuffle 2.5", "Invalid array length");
    tb_assert_compile_error("\"a b\" $ scramble -1", "Invalid array length");
    /* patterned: n = 1 (silent) then 2 */
    char *got = tb_events("\"a b\" $ shuffle \"<1 2>\"", 2);
    assert_int_equal(tb_lines(got), 2);
    assert_non_null(strstr(got, "1 3/2 "));
    free(got);
    /* huge n: bounded by the query limits */
    got = tb_events("\"a b\" $ shuffle 1000000000", 1);
    assert_true(strncmp(got, "!query ", 7) == 0);
    free(got);
    got = tb_events("\"a b\" $ scramble 1000000000", 1);
    assert_true(strncmp(got, "!query ", 7) == 0);
    free(got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(degrade_by_keeps_rand_above_x),
        cmocka_unit_test(sometimes_routes_each_event_by_its_draw),
        cmocka_unit_test(sometimes_by_patterned_extremes),
        cmocka_unit_test(somecycles_draws_once_per_cycle),
        cmocka_unit_test(shuffle_plays_a_permutation_per_cycle),
        cmocka_unit_test(shuffle_cuts_events_at_slice_edges),
        cmocka_unit_test(rearrange_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
