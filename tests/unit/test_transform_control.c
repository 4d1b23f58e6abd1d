/* test_transform_control.c - control patterns, `#`, arithmetic operators and
 * their structure rules, sections, and the registry/control tables'
 * invariants (unique names, canonical keys). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "pattern/arith.h"
#include "pattern/control.h"
#include "pattern/mini.h"
#include "pattern/transform.h"
#include "test_transform_util.h"

static void test_control_keys(void **state)
{
    (void)state;
    /* s splits a:b:c into s, n and gain */
    assert_events("s \"bd:3 sn:1:0.5\"", 1, "0 1/2 0 1/2 {\"n\":3,\"s\":\"bd\"}\n1/2 1 1/2 1 {\"gain\":0.5,\"n\":1,\"s\":\"sn\"}\n");
    assert_events("sound \"bd\"", 1, "0 1 0 1 {\"s\":\"bd\"}\n");
    /* canonical keys */
    assert_events("s \"a\" # legato 0.5 # size 0.8 # lpf 300 # hpf 20 # bpf 99", 1,
                  "0 1 0 1 {\"bandf\":99,\"clip\":0.5,\"cutoff\":300,\"hcutoff\":20,\"roomsize\":0.8,\"s\":\"a\"}\n");
    /* multi-controls: cutoff:resonance, room:size (Strudel's key is `size` there) */
    assert_events("s \"a\" # lpf \"300:0.4\" # room \"0.2:0.9\"", 1,
                  "0 1 0 1 {\"cutoff\":300,\"resonance\":0.4,\"room\":0.2,\"s\":\"a\",\"size\":0.9}\n");
    /* the two-argument form sets the companion control */
    assert_events("s \"a\" # lpf 300 0.4", 1, "0 1 0 1 {\"cutoff\":300,\"resonance\":0.4,\"s\":\"a\"}\n");
    /* values are kept as written: note names stay strings, a list stays a list */
    assert_events("note \"c e\"", 1, "0 1/2 0 1/2 {\"note\":\"c\"}\n1/2 1 1/2 1 {\"note\":\"e\"}\n");
    assert_events("gain \"1:2\"", 1, "0 1 0 1 {\"gain\":[1,2]}\n");
    assert_compile_error("s \"a\" # gain", "needs a value");
    assert_compile_error("s \"a\" # gainn 1", "did you mean `gain`");
}

static void test_set(void **state)
{
    (void)state;
    /* structure from the left; a left event meeting two right values splits */
    assert_events("s \"a\" # n \"0 1\"", 1, "0 1 0 1/2 {\"n\":0,\"s\":\"a\"}\n0 1 1/2 1 {\"n\":1,\"s\":\"a\"}\n");
    /* right keys win, the last setting wins */
    assert_events("s \"a\" # speed 1 # speed 2 # s \"b\"", 1, "0 1 0 1 {\"s\":\"b\",\"speed\":2}\n");
    /* a section applies the same thing */
    assert_events("s \"a b\" $ (# gain 0.5)", 1, "0 1/2 0 1/2 {\"gain\":0.5,\"s\":\"a\"}\n1/2 1 1/2 1 {\"gain\":0.5,\"s\":\"b\"}\n");
}

static void test_arith_structure(void **state)
{
    (void)state;
    /* both: wholes and parts intersected */
    assert_events("\"1 2\" + \"10 20 30\"", 1,
                  "0 1/3 0 1/3 11\n1/3 1/2 1/3 1/2 21\n1/2 2/3 1/2 2/3 22\n2/3 1 2/3 1 32\n");
    /* left: the left wholes, parts cut where the right changes */
    assert_events("\"1 2\" |+ \"10 20 30\"", 1,
                  "0 1/2 0 1/3 11\n0 1/2 1/3 1/2 21\n1/2 1 1/2 2/3 22\n1/2 1 2/3 1 32\n");
    /* right: the mirror image */
    assert_events("\"1 2\" +| \"10 20 30\"", 1, "0 1/3 0 1/3 11\n1/3 2/3 1/3 1/2 21\n1/3 2/3 1/2 2/3 22\n2/3 1 2/3 1 32\n");
    /* |> keeps the left structure with the right values; <| the mirror */
    assert_events("\"1 2 3\" |> \"10 20\"", 1, "0 1/3 0 1/3 10\n1/3 2/3 1/3 1/2 10\n1/3 2/3 1/2 2/3 20\n2/3 1 2/3 1 20\n");
    assert_events("\"1 2\" <| \"10 20 30\"", 1, "0 1/3 0 1/3 1\n1/3 2/3 1/3 1/2 1\n1/3 2/3 1/2 2/3 2\n2/3 1 2/3 1 2\n");
    /* a section (+ 1) */
    assert_events("\"1 2\" $ (+ 1)", 1, "0 1/2 0 1/2 2\n1/2 1 1/2 1 3\n");
}

static void test_arith_values(void **state)
{
    (void)state;
    /* JS doubles */
    assert_events("\"2 4\" / 3", 1, "0 1/2 0 1/2 0.6666666666666666\n1/2 1 1/2 1 1.3333333333333333\n");
    assert_events("\"0.1\" + \"0.2\"", 1, "0 1 0 1 0.30000000000000004\n");
    /* division and modulo by zero as in JS (the sound side clamps them) */
    assert_events("\"1 -1 0\" / 0", 1, "0 1/3 0 1/3 Infinity\n1/3 2/3 1/3 2/3 -Infinity\n2/3 1 2/3 1 NaN\n");
    assert_events("\"5\" |%| 0", 1, "0 1 0 1 NaN\n");
    /* inside a map too (the transforms oracle prints String(n), not JSON's null) */
    assert_events("n \"0 1\" |/ n \"0\"", 1, "0 1/2 0 1/2 {\"n\":NaN}\n1/2 1 1/2 1 {\"n\":Infinity}\n");
    /* modulo takes the divisor's sign (Strudel's _mod) */
    assert_events("\"5 -5\" |%| \"-3 3\"", 1, "0 1/2 0 1/2 -1\n1/2 1 1/2 1 1\n");
    /* note names are numerals (MIDI); other strings fail at query time (silence) */
    assert_events("\"a c5\" + 1", 1, "0 1/2 0 1/2 58\n1/2 1 1/2 1 73\n");
    assert_events("\"x\" + 1", 1, "");
}

static void test_arith_maps(void **state)
{
    (void)state;
    /* a map and a number: every numeric value (Phonon's rule) */
    assert_events("n \"0 2\" + 7", 1, "0 1/2 0 1/2 {\"n\":7}\n1/2 1 1/2 1 {\"n\":9}\n");
    assert_events("(s \"a\" # n 1 # gain 0.5) * 2", 1, "0 1 0 1 {\"gain\":1,\"n\":2,\"s\":\"a\"}\n");
    assert_events("10 - n \"1\"", 1, "0 1 0 1 {\"n\":9}\n");
    /* a note name under `note` counts as its MIDI number */
    assert_events("note \"c4\" + 12", 1, "0 1 0 1 {\"note\":72}\n");
    /* two maps: common keys combined, the others kept */
    assert_events("n \"1\" + (n \"2\" # s \"x\")", 1, "0 1 0 1 {\"n\":3,\"s\":\"x\"}\n");
    assert_events("s \"x\" + s \"y\"", 1, "");
    /* ... but "a" and "b" are note names (57 and 59) */
    assert_events("s \"a\" + s \"b\"", 1, "0 1 0 1 {\"s\":116}\n");
    /* set and keep with a map and a number follow Strudel: the map stays */
    assert_events("n \"1\" |> 5", 1, "0 1 0 1 {\"n\":1}\n");
}

static void test_patfn_api(void **state)
{
    (void)state;
    Arena a, scratch;
    arena_init(&a, 0, 0);
    arena_init(&scratch, 0, 0);
    MiniResult m;
    assert_int_equal(mini_parse("x y", 3, &a, &m), PH_OK);
    const PatTransformDef *fast = pat_transform_find("fast", 4), *rev = pat_transform_find("rev", 3);
    assert_non_null(fast);
    assert_non_null(rev);
    PatArg two = { .kind = PAT_PARAM_PAT, .u.pat = pat_pure(&a, val_num(2)) };
    const PatFn *f = patfn_from_transform(&a, fast, &two);
    const PatFn *g = patfn_from_transform(&a, rev, NULL);
    const PatFn *fg = patfn_compose(&a, f, g); /* rev after fast 2 */
    const PatFn *plus = patfn_arith_section(&a, PAT_OP_ADD, PAT_SIDE_LEFT, pat_pure(&a, val_num(1)));
    assert_non_null(fg);
    assert_non_null(plus);
    PatErr err = { PH_OK, "" };
    const Pattern *p = patfn_apply(fg, &a, m.pattern, &err);
    assert_non_null(p);
    PatCtx ctx;
    pat_ctx_init(&ctx, &scratch);
    const PatEvent *ev;
    size_t n;
    assert_int_equal(pat_query(p, &ctx, span_make(rat_int(0), rat_int(1)), &ev, &n), PH_OK);
    assert_int_equal(n, 4);
    char v[16];
    val_format(ev[0].value, v, sizeof v); /* rev of [x y x y]: x at 3/4 first */
    assert_true(rat_eq(ev[0].part.begin, rat_make(3, 4)));
    assert_string_equal(v, "x");
    /* a section on strings fails at query time, as a type error */
    const Pattern *bad = patfn_apply(plus, &a, m.pattern, &err);
    assert_non_null(bad);
    assert_int_equal(pat_query(bad, &ctx, span_make(rat_int(0), rat_int(1)), &ev, &n), PH_ERR_TYPE);
    pat_ctx_free(&ctx);
    arena_free(&a);
    arena_free(&scratch);
}

static void test_tables(void **state)
{
    (void)state;
    size_t n = pat_transform_count();
    assert_true(n >= 45);
    for (size_t i = 0; i < n; i++) {
        const PatTransformDef *d = pat_transform_at(i);
        assert_non_null(d);
        assert_non_null(d->apply);
        assert_true(d->nparams <= PAT_TRANSFORM_MAX_PARAMS);
        /* usage starts with the name; names are unique and found */
        assert_int_equal(strncmp(d->usage, d->name, strlen(d->name)), 0);
        assert_ptr_equal(pat_transform_find(d->name, strlen(d->name)), d);
        for (size_t k = i + 1; k < n; k++) assert_string_not_equal(d->name, pat_transform_at(k)->name);
        /* a name is a transform or a control, not both */
        assert_null(pat_control_find(d->name, strlen(d->name)));
    }
    assert_null(pat_transform_at(n));
    const PatControlDef *const *c = pat_control_all(&n);
    for (size_t i = 0; i < n; i++) {
        assert_ptr_equal(pat_control_find(c[i]->name, strlen(c[i]->name)), c[i]);
        /* every key is the name of its own canonical row */
        const PatControlDef *canon = pat_control_find(c[i]->key, strlen(c[i]->key));
        assert_non_null(canon);
        assert_string_equal(canon->key, c[i]->key);
        /* a multi-control's first key is its key */
        if (c[i]->list_keys) {
            size_t kl = strlen(c[i]->key);
            assert_int_equal(strncmp(c[i]->list_keys, c[i]->key, kl), 0);
            assert_true(c[i]->list_keys[kl] == ' ');
        }
    }
    static const char *const required[] = { "s", "sound", "n", "note", "gain", "pan", "speed", "begin", "end",
                                            "cut", "loop", "legato", "clip", "attack", "release", "hold",
                                            "sustain", "accelerate", "unit", "orbit", "cutoff", "lpf",
                                            "resonance", "hcutoff", "hpf", "hresonance", "bandf", "bpf", "bandq",
                                            "crush", "coarse", "shape", "vowel", "room", "size", "roomsize", "dry",
                                            "delay", "delaytime", "delayfeedback", "velocity", "amp", "squiz" };
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        assert_non_null(pat_control_find(required[i], strlen(required[i])));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_control_keys), cmocka_unit_test(test_set),     cmocka_unit_test(test_arith_structure),
        cmocka_unit_test(test_arith_values), cmocka_unit_test(test_arith_maps), cmocka_unit_test(test_patfn_api),
        cmocka_unit_test(test_tables),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
