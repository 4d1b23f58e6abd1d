/* test_pattern_core.c - the pattern combinators, checked event by event
 * against Strudel semantics: pure, fast/slow, slowcat's time shift, timecat,
 * fastGap's whole-relative-to-part rule, early/late, Euclid, degrade and
 * choose with the time-seeded rand, joins, app*, patternify, and the limits
 * (events, work, depth, overflow) plus allocation-free steady state. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pattern/pattern.h"
#include "pattern_fixture.h"

static Value S(Fix *f, const char *s) { return val_str(val_str_make(&f->a, s, strlen(s))); }
static const Pattern *P(Fix *f, const char *s) { return pat_pure(&f->a, S(f, s)); }
static const Pattern *N(Fix *f, double x) { return pat_pure(&f->a, val_num(x)); }

static const Pattern *cat2(Fix *f, const Pattern *x, const Pattern *y)
{
    const Pattern *v[2] = { x, y };
    return pat_fastcat(&f->a, v, 2);
}

static int ev_cmp(const void *pa, const void *pb)
{
    const PatEvent *a = pa, *b = pb;
    int c = rat_cmp(a->part.begin, b->part.begin);
    if (!c) c = rat_cmp(a->whole.begin, b->whole.begin);
    if (!c) {
        char x[64], y[64];
        val_format(a->value, x, sizeof x);
        val_format(b->value, y, sizeof y);
        c = strcmp(x, y);
    }
    if (!c) c = rat_cmp(a->whole.end, b->whole.end);
    if (!c) c = rat_cmp(a->part.end, b->part.end);
    return c;
}

/* Events of cycles [0, cycles) queried one at a time, as "wb we pb pe v|..." */
static char *show(Fix *f, const Pattern *p, int cycles)
{
    static char out[8192];
    PatEvent all[512];
    size_t total = 0;
    out[0] = '\0';
    arena_reset(&f->scratch);
    for (int c = 0; c < cycles; c++) {
        const PatEvent *ev;
        size_t n;
        /* no scratch reset between cycles: earlier events' values may live there */
        PhStatus st = pat_query(p, &f->ctx, span_make(rat_int(c), rat_int(c + 1)), &ev, &n);
        if (st != PH_OK) {
            snprintf(out, sizeof out, "!error %d %s", (int)st, f->ctx.err.msg);
            return out;
        }
        for (size_t i = 0; i < n && total < 512; i++) all[total++] = ev[i];
    }
    qsort(all, total, sizeof all[0], ev_cmp);
    size_t len = 0;
    for (size_t i = 0; i < total; i++) {
        char t[4][48], v[64];
        rat_format(all[i].whole.begin, t[0], 48);
        rat_format(all[i].whole.end, t[1], 48);
        rat_format(all[i].part.begin, t[2], 48);
        rat_format(all[i].part.end, t[3], 48);
        val_format(all[i].value, v, sizeof v);
        len += (size_t)snprintf(out + len, sizeof out - len, "%s%s %s %s %s %s", i ? "|" : "",
                                all[i].has_whole ? t[0] : "-", all[i].has_whole ? t[1] : "-", t[2], t[3], v);
    }
    return out;
}

static void test_pure_and_fast(void **state)
{
    Fix *f = *state;
    assert_string_equal(show(f, P(f, "x"), 2), "0 1 0 1 x|1 2 1 2 x");
    assert_string_equal(show(f, pat_fast(&f->a, rat_int(2), P(f, "x")), 1), "0 1/2 0 1/2 x|1/2 1 1/2 1 x");
    PatErr err = { 0 };
    const Pattern *slow = pat_slow(&f->a, rat_int(2), P(f, "x"), &err);
    assert_string_equal(show(f, slow, 2), "0 2 0 1 x|0 2 1 2 x");
    /* a query inside one cycle gives a fragment */
    const PatEvent *ev;
    size_t n;
    assert_int_equal(pat_query(P(f, "x"), &f->ctx, span_make(rat_make(1, 2), rat_make(3, 2)), &ev, &n), PH_OK);
    assert_int_equal(n, 2);
    assert_null(pat_slow(&f->a, rat_int(0), P(f, "x"), &err));
    assert_string_equal(err.msg, "Division by Zero");
    /* number 0 is silence, Fraction 0 a (soft) division by zero on query */
    PatErr e2 = { 0 };
    assert_ptr_equal(pat_fast_value(&f->a, val_num(0), P(f, "x"), &e2), pat_silence());
    assert_string_equal(show(f, pat_fast(&f->a, rat_int(0), P(f, "x")), 1), "!error 5 Division by Zero");
    /* a negative factor reverses the query span: no discrete events */
    assert_string_equal(show(f, pat_fast(&f->a, rat_int(-1), P(f, "x")), 1), "");
}

static void test_slowcat_shift(void **state)
{
    Fix *f = *state;
    PatErr err = { 0 };
    /* cycle c plays cycle floor(c/n) of its pattern: no source cycle is skipped */
    const Pattern *xy = pat_slow(&f->a, rat_int(2), cat2(f, P(f, "x"), P(f, "y")), &err);
    const Pattern *v[2] = { xy, P(f, "z") };
    assert_string_equal(show(f, pat_slowcat(&f->a, v, 2), 4), "0 1 0 1 x|1 2 1 2 z|2 3 2 3 y|3 4 3 4 z");
    const Pattern *w[3] = { P(f, "a"), P(f, "b"), P(f, "c") };
    assert_string_equal(show(f, pat_fastcat(&f->a, w, 3), 1), "0 1/3 0 1/3 a|1/3 2/3 1/3 2/3 b|2/3 1 2/3 1 c");
}

static void test_timecat_and_fastgap(void **state)
{
    Fix *f = *state;
    PatErr err = { 0 };
    Rat w[2] = { rat_int(3), rat_int(1) };
    const Pattern *ab[2] = { P(f, "a"), P(f, "b") };
    assert_string_equal(show(f, pat_timecat(&f->a, w, ab, 2, &err), 1), "0 3/4 0 3/4 a|3/4 1 3/4 1 b");
    /* `x y/2`: the second half of y keeps a whole relative to its part */
    Rat one[2] = { rat_int(1), rat_int(1) };
    const Pattern *xy[2] = { P(f, "x"), pat_slow(&f->a, rat_int(2), P(f, "y"), &err) };
    assert_string_equal(show(f, pat_timecat(&f->a, one, xy, 2, &err), 2),
                        "0 1/2 0 1/2 x|1/2 3/2 1/2 1 y|1 3/2 1 3/2 x|1 2 3/2 2 y");
    Rat z[2] = { rat_int(1), rat_int(-1) };
    assert_null(pat_timecat(&f->a, z, ab, 2, &err));
    assert_string_equal(err.msg, "Division by Zero");
    PatErr e2 = { 0 };
    assert_string_equal(show(f, pat_compress(&f->a, rat_make(1, 4), rat_make(3, 4), P(f, "c"), &e2), 1),
                        "1/4 3/4 1/4 3/4 c");
    assert_ptr_equal(pat_compress(&f->a, rat_make(3, 4), rat_make(1, 4), P(f, "c"), &e2), pat_silence());
}

static void test_early_late_repeat(void **state)
{
    Fix *f = *state;
    assert_string_equal(show(f, pat_late(&f->a, rat_make(1, 4), P(f, "x")), 1), "-3/4 1/4 0 1/4 x|1/4 5/4 1/4 1 x");
    const Pattern *v[3] = { P(f, "a"), P(f, "b"), P(f, "c") };
    const Pattern *abc = pat_slowcat(&f->a, v, 3);
    assert_string_equal(show(f, pat_repeat_cycles(&f->a, rat_int(2), abc), 4), "0 1 0 1 a|1 2 1 2 a|2 3 2 3 b|3 4 3 4 b");
}

static void test_euclid(void **state)
{
    Fix *f = *state;
    PatErr err = { 0 };
    static const struct {
        double p, s;
        const char *bits;
    } cases[] = { { 3, 8, "10010010" }, { 5, 8, "10110110" }, { 2, 5, "10100" }, { -3, 8, "01101101" },
                  { 0, 8, "00000000" }, { 8, 8, "11111111" }, { 7, 16, "1001010100101010" } };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t *b;
        long n = pat_bjorklund(&f->a, val_num(cases[i].p), val_num(cases[i].s), &b, &err);
        assert_int_equal(n, (long)strlen(cases[i].bits));
        for (long k = 0; k < n; k++) assert_int_equal(b[k], cases[i].bits[k] - '0');
    }
    /* rotation to the right: (3,8,2) is x.x..x.. */
    const Pattern *r = pat_euclid(&f->a, val_num(3), val_num(8), val_num(2), P(f, "x"), &err);
    assert_string_equal(show(f, r, 1), "0 1/8 0 1/8 x|1/4 3/8 1/4 3/8 x|5/8 3/4 5/8 3/4 x");
    /* each hit takes its value from the pattern at that time */
    const Pattern *xy = pat_euclid(&f->a, val_num(3), val_num(8), val_undef(), cat2(f, P(f, "x"), P(f, "y")), &err);
    assert_string_equal(show(f, xy, 1), "0 1/8 0 1/8 x|3/8 1/2 3/8 1/2 x|3/4 7/8 3/4 7/8 y");
    PatErr e1 = { 0 }, e2 = { 0 };
    assert_null(pat_euclid(&f->a, val_num(3), val_num(2), val_undef(), P(f, "x"), &e1));
    assert_string_equal(e1.msg, "Invalid array length");
    assert_int_equal(e1.status, PH_ERR_TYPE);
    assert_null(pat_euclid(&f->a, val_num(100000), val_num(1000000), val_undef(), P(f, "x"), &e2));
    assert_int_equal(e2.status, PH_ERR_LIMIT);
}

static void test_rand_structure(void **state)
{
    Fix *f = *state;
    /* rand(0) == 0 is never > 0: the event at time 0 is dropped even by ?0 */
    const Pattern *d = pat_degrade_by(&f->a, P(f, "x"), 0, rat_int(0));
    assert_string_equal(show(f, d, 2), "1 2 1 2 x");
    /* rand(1) = 0.5195..., rand(2) = 0.9595..., rand(3) = 0.2172... */
    assert_string_equal(show(f, pat_degrade_by(&f->a, P(f, "x"), 0.5, rat_int(0)), 4), "1 2 1 2 x|2 3 2 3 x");
    /* the continuous rand signal: no whole, sampled at the query's begin */
    const PatEvent *ev;
    size_t n;
    assert_int_equal(pat_query(pat_rand(&f->a), &f->ctx, span_make(rat_int(1), rat_make(3, 2)), &ev, &n), PH_OK);
    assert_int_equal(n, 1);
    assert_false(ev[0].has_whole);
    assert_true(ev[0].value.u.num == 0.5195421651005745);
    /* `|`: one draw per cycle at rand(c), floor(r * n) picks the child */
    const Pattern *ab[2] = { P(f, "a"), P(f, "b") };
    assert_string_equal(show(f, pat_choose_cycle(&f->a, ab, 2, rat_int(0)), 4), "0 1 0 1 a|1 2 1 2 b|2 3 2 3 b|3 4 3 4 a");
}

static const Pattern *bind_fast(PatCtx *ctx, Value v, const void *env)
{
    return pat_fast(ctx->scratch, rat_from_double(v.u.num), env);
}

static const Pattern *bind_ab(PatCtx *ctx, Value v, const void *env)
{
    (void)v;
    const Pattern *const *ab = env;
    return pat_fastcat(ctx->scratch, ab, 2);
}

static void test_joins(void **state)
{
    Fix *f = *state;
    const Pattern *ab = cat2(f, P(f, "a"), P(f, "b"));
    const Pattern *onetwo = cat2(f, N(f, 1), N(f, 2));
    /* "a b" $ fast "1 2": innerJoin, inner wholes, parts cut to the argument */
    assert_string_equal(show(f, pat_inner_bind(&f->a, onetwo, bind_fast, ab), 1),
                        "0 1/2 0 1/2 a|1/2 3/4 1/2 3/4 a|3/4 1 3/4 1 b");
    static const Pattern *pair[2];
    pair[0] = P(f, "a");
    pair[1] = P(f, "b");
    assert_string_equal(show(f, pat_squeeze_bind(&f->a, onetwo, bind_ab, pair), 1),
                        "0 1/4 0 1/4 a|1/4 1/2 1/4 1/2 b|1/2 3/4 1/2 3/4 a|3/4 1 3/4 1 b");
    assert_string_equal(show(f, pat_outer_bind(&f->a, N(f, 1), bind_ab, pair), 1), "0 1 0 1/2 a|0 1 1/2 1 b");
    const Pattern *three[3] = { N(f, 1), N(f, 2), N(f, 3) };
    assert_string_equal(show(f, pat_bind(&f->a, pat_fastcat(&f->a, three, 3), bind_ab, pair), 1),
                        "0 1/3 0 1/3 a|1/3 1/2 1/3 1/2 a|1/2 2/3 1/2 2/3 b|2/3 1 2/3 1 b");
}

static int add_nums(PatCtx *ctx, Value a, Value b, Value *out, const void *env)
{
    (void)ctx;
    (void)env;
    *out = val_num(a.u.num + b.u.num);
    return 1;
}

static void test_app(void **state)
{
    Fix *f = *state;
    const Pattern *l = cat2(f, N(f, 1), N(f, 2));
    const Pattern *r3[3] = { N(f, 10), N(f, 20), N(f, 30) };
    const Pattern *r = pat_fastcat(&f->a, r3, 3);
    assert_string_equal(show(f, pat_app_left(&f->a, l, r, add_nums, NULL), 1),
                        "0 1/2 0 1/3 11|0 1/2 1/3 1/2 21|1/2 1 1/2 2/3 22|1/2 1 2/3 1 32");
    assert_string_equal(show(f, pat_app_right(&f->a, l, r, add_nums, NULL), 1),
                        "0 1/3 0 1/3 11|1/3 2/3 1/3 1/2 21|1/3 2/3 1/2 2/3 22|2/3 1 2/3 1 32");
    assert_string_equal(show(f, pat_app_both(&f->a, l, r, add_nums, NULL), 1),
                        "0 1/3 0 1/3 11|1/3 1/2 1/3 1/2 21|1/2 2/3 1/2 2/3 22|2/3 1 2/3 1 32");
    /* struct: structure from the mask's truthy events */
    const Pattern *mask = cat2(f, N(f, 1), N(f, 0));
    assert_string_equal(show(f, pat_struct(&f->a, mask, cat2(f, P(f, "x"), P(f, "y"))), 1), "0 1/2 0 1/2 x");
}

static const Pattern *build_fast(Arena *a, const Value *args, const Pattern *p, const void *env, PatErr *err)
{
    (void)env;
    return pat_fast_value(a, args[0], p, err);
}

static void test_patternify(void **state)
{
    Fix *f = *state;
    PatErr err = { 0 };
    const Pattern *two = N(f, 2);
    /* pure argument: the plain function is applied at build time */
    const Pattern *direct = pat_patternify(&f->a, build_fast, NULL, 1, &two, P(f, "x"), &err);
    assert_string_equal(show(f, direct, 1), "0 1/2 0 1/2 x|1/2 1 1/2 1 x");
    const Pattern *args = cat2(f, N(f, 1), N(f, 2));
    const Pattern *joined = pat_patternify(&f->a, build_fast, NULL, 1, &args, cat2(f, P(f, "a"), P(f, "b")), &err);
    assert_string_equal(show(f, joined, 1), "0 1/2 0 1/2 a|1/2 3/4 1/2 3/4 a|3/4 1 3/4 1 b");
    /* a bad value inside a patterned argument silences that query (PH_ERR_TYPE) */
    const Pattern *bad = cat2(f, N(f, 1), P(f, "x"));
    const Pattern *q = pat_patternify(&f->a, build_fast, NULL, 1, &bad, P(f, "a"), &err);
    assert_string_equal(show(f, q, 1), "!error 5 Invalid argument");
}

static void test_limits(void **state)
{
    Fix *f = *state;
    const PatEvent *ev;
    size_t n;
    /* a billion events per cycle stops at the event limit, quickly */
    const Pattern *many = pat_fast(&f->a, rat_int(1000000000), P(f, "x"));
    assert_int_equal(pat_query(many, &f->ctx, span_make(rat_int(0), rat_int(1)), &ev, &n), PH_ERR_LIMIT);
    assert_int_equal(n, 0);
    /* a billion empty cycles stops at the work limit */
    const Pattern *empty = pat_fast(&f->a, rat_int(1000000000), cat2(f, pat_silence(), pat_silence()));
    assert_int_equal(pat_query(empty, &f->ctx, span_make(rat_int(0), rat_int(1)), &ev, &n), PH_ERR_LIMIT);
    /* nesting deeper than the query depth limit */
    const Pattern *deep = P(f, "x");
    for (int i = 0; i < PAT_MAX_QUERY_DEPTH + 10; i++) deep = pat_early(&f->a, rat_int(1), deep);
    assert_int_equal(pat_query(deep, &f->ctx, span_make(rat_int(0), rat_int(1)), &ev, &n), PH_ERR_LIMIT);
    /* time that leaves int64 is an error, not a wrap */
    const Pattern *huge = pat_fast(&f->a, rat_int(INT64_C(1) << 40), pat_fast(&f->a, rat_int(INT64_C(1) << 40), P(f, "x")));
    assert_int_equal(pat_query(huge, &f->ctx, span_make(rat_int(0), rat_int(1)), &ev, &n), PH_ERR_OVERFLOW);
    /* the context recovers for the next query */
    assert_int_equal(pat_query(P(f, "x"), &f->ctx, span_make(rat_int(0), rat_int(1)), &ev, &n), PH_OK);
    assert_int_equal(n, 1);
}

static void test_steady_state_allocates_nothing(void **state)
{
    Fix *f = *state;
    PatErr err = { 0 };
    const Pattern *hits = pat_euclid(&f->a, val_num(5), val_num(8), val_undef(), P(f, "sn"), &err);
    const Pattern *args = cat2(f, N(f, 1), N(f, 2));
    const Pattern *pf = pat_patternify(&f->a, build_fast, NULL, 1, &args, cat2(f, P(f, "a"), hits), &err);
    const Pattern *v[2] = { pf, pat_degrade_by(&f->a, pat_fast(&f->a, rat_int(16), P(f, "hh")), 0.5, rat_int(0)) };
    const Pattern *p = pat_stack(&f->a, v, 2);
    const PatEvent *ev;
    size_t n;
    for (int i = 0; i < 8; i++) { /* warm up */
        arena_reset(&f->scratch);
        assert_int_equal(pat_query(p, &f->ctx, span_make(rat_int(i), rat_int(i + 1)), &ev, &n), PH_OK);
    }
    size_t cap = f->ctx.cap, reserved = f->scratch.reserved;
    for (int i = 8; i < 200; i++) {
        arena_reset(&f->scratch);
        Span block = span_make(rat_make(i, 7), rat_make(i + 1, 7));
        assert_int_equal(pat_query(p, &f->ctx, block, &ev, &n), PH_OK);
    }
    assert_int_equal(f->ctx.cap, cap);
    assert_int_equal(f->scratch.reserved, reserved);
}

static Rat shift_quarter(Rat t, const void *env)
{
    (void)env;
    return rat_add(t, rat_make(1, 4));
}

static bool not_b(Value v, const void *env)
{
    (void)env;
    return !(v.kind == VAL_STR && v.u.str->data[0] == 'b');
}

static void test_generic_maps(void **state)
{
    Fix *f = *state;
    /* the query moves by 1/4, the events do not move back */
    const Pattern *q = pat_with_query_time(&f->a, P(f, "x"), shift_quarter, NULL);
    assert_string_equal(show(f, q, 1), "0 1 1/4 1 x|1 2 1 5/4 x");
    const Pattern *e = pat_with_event_time(&f->a, P(f, "x"), shift_quarter, NULL);
    assert_string_equal(show(f, e, 1), "1/4 5/4 1/4 5/4 x");
    const Pattern *fv = pat_filter_values(&f->a, cat2(f, P(f, "a"), P(f, "b")), not_b, NULL);
    assert_string_equal(show(f, fv, 1), "0 1/2 0 1/2 a");
    const Pattern *sp = pat_split_queries(&f->a, pat_slow(&f->a, rat_int(2), P(f, "x"), &(PatErr){ 0 }));
    const PatEvent *ev;
    size_t n;
    assert_int_equal(pat_query(sp, &f->ctx, span_make(rat_int(0), rat_int(2)), &ev, &n), PH_OK);
    assert_int_equal(n, 2); /* cut at the cycle boundary */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_pure_and_fast, setup, teardown),
        cmocka_unit_test_setup_teardown(test_slowcat_shift, setup, teardown),
        cmocka_unit_test_setup_teardown(test_timecat_and_fastgap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_early_late_repeat, setup, teardown),
        cmocka_unit_test_setup_teardown(test_euclid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rand_structure, setup, teardown),
        cmocka_unit_test_setup_teardown(test_joins, setup, teardown),
        cmocka_unit_test_setup_teardown(test_app, setup, teardown),
        cmocka_unit_test_setup_teardown(test_patternify, setup, teardown),
        cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_steady_state_allocates_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_generic_maps, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
