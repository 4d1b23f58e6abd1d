/* test_mini.c - mini-notation: each construct against Strudel's events
 * (expected strings produced by the Strudel oracle, 2 cycles), seeds,
 * whitespace, errors with byte offsets, and the limits (nesting depth,
 * text length, invalid UTF-8, Euclid steps, events per query). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pattern/mini.h"
#include "pattern_fixture.h"

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

/* The events of `text` over cycles 0..cycles-1, one query per cycle, sorted
 * as the query contract says and joined with '|'; or "!error ..." */
static const char *run(Fix *f, const char *text, int cycles)
{
    static char out[16384];
    MiniResult r;
    arena_reset(&f->a);
    if (mini_parse(text, strlen(text), &f->a, &r) != PH_OK) {
        snprintf(out, sizeof out, "!error %s", r.err_msg);
        return out;
    }
    PatEvent all[1024];
    size_t total = 0;
    arena_reset(&f->scratch);
    for (int c = 0; c < cycles; c++) {
        const PatEvent *ev;
        size_t n;
        /* no scratch reset between cycles: earlier events' values may live there */
        PhStatus st = pat_query(r.pattern, &f->ctx, span_make(rat_int(c), rat_int(c + 1)), &ev, &n);
        if (st == PH_ERR_TYPE) continue;
        if (st != PH_OK) {
            snprintf(out, sizeof out, "!error %s", f->ctx.err.msg);
            return out;
        }
        for (size_t i = 0; i < n && total < 1024; i++) all[total++] = ev[i];
    }
    qsort(all, total, sizeof all[0], ev_cmp);
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < total; i++) {
        char t[4][48], v[128];
        rat_format(all[i].whole.begin, t[0], 48);
        rat_format(all[i].whole.end, t[1], 48);
        rat_format(all[i].part.begin, t[2], 48);
        rat_format(all[i].part.end, t[3], 48);
        val_format(all[i].value, v, sizeof v);
        len += (size_t)snprintf(out + len, sizeof out - len, "%s%s %s %s %s %s", i ? "|" : "", t[0], t[1], t[2], t[3], v);
    }
    return out;
}

static const struct {
    const char *pattern, *events;
} cases[] = {
    { "bd*2 <sn cp>", "0 1/4 0 1/4 bd|1/4 1/2 1/4 1/2 bd|1/2 1 1/2 1 sn|1 5/4 1 5/4 bd|5/4 3/2 5/4 3/2 bd|3/2 2 3/2 2 cp" },
    { "a@3 b", "0 3/4 0 3/4 a|3/4 1 3/4 1 b|1 7/4 1 7/4 a|7/4 2 7/4 2 b" },
    { "<a!2 b>", "0 1 0 1 a|1 2 1 2 a" },
    { "bd(3,8,2)", "0 1/8 0 1/8 bd|1/4 3/8 1/4 3/8 bd|5/8 3/4 5/8 3/4 bd|1 9/8 1 9/8 bd|5/4 11/8 5/4 11/8 bd|13/8 7/4 13/8 7/4 bd" },
    { "sn:<1 2>", "0 1 0 1 [\"sn\",1]|1 2 1 2 [\"sn\",2]" },
    { "0 .. 3", "0 1/4 0 1/4 0|1/4 1/2 1/4 1/2 1|1/2 3/4 1/2 3/4 2|3/4 1 3/4 1 3|1 5/4 1 5/4 0|5/4 3/2 5/4 3/2 1|3/2 7/4 3/2 7/4 2|7/4 2 7/4 2 3" },
    { "{a b c}%4", "0 1/4 0 1/4 a|1/4 1/2 1/4 1/2 b|1/2 3/4 1/2 3/4 c|3/4 1 3/4 1 a|1 5/4 1 5/4 b|5/4 3/2 5/4 3/2 c|3/2 7/4 3/2 7/4 a|7/4 2 7/4 2 b" },
    /* seeds: the | group is 0, "]?" is 1, "hh?" is 2 */
    { "[bd | sn]? hh?", "1/2 1 1/2 1 hh" },
    /* seeds: the b? are 0, 1, 2 and the feet group 3 */
    { "a . b? b? b?", "0 1/2 0 1/2 a|5/6 1 5/6 1 b|1 3/2 1 3/2 a|3/2 5/3 3/2 5/3 b" },
    { "^a b", "0 1/2 0 1/2 a|1/2 1 1/2 1 b|1 3/2 1 3/2 a|3/2 2 3/2 2 b" },
    { "x _ _ y", "0 3/4 0 3/4 x|3/4 1 3/4 1 y|1 7/4 1 7/4 x|7/4 2 7/4 2 y" },
    { "bd! ~ sn!3", "0 1/6 0 1/6 bd|1/6 1/3 1/6 1/3 bd|1/2 2/3 1/2 2/3 sn|2/3 5/6 2/3 5/6 sn|5/6 1 5/6 1 sn|1 7/6 1 7/6 bd|7/6 4/3 7/6 4/3 bd|3/2 5/3 3/2 5/3 sn|5/3 11/6 5/3 11/6 sn|11/6 2 11/6 2 sn" },
    { "bd*1.5", "0 2/3 0 2/3 bd|2/3 4/3 2/3 1 bd|2/3 4/3 1 4/3 bd|4/3 2 4/3 2 bd" },
    { "bd(<3 5>,8,<0 2>)", "0 1/8 0 1/8 bd|3/8 1/2 3/8 1/2 bd|3/4 7/8 3/4 7/8 bd|1 9/8 1 9/8 bd|5/4 11/8 5/4 11/8 bd|3/2 13/8 3/2 13/8 bd|13/8 7/4 13/8 7/4 bd|15/8 2 15/8 2 bd" },
    { "3 .. <1 5>", "0 1/3 0 1/3 3|1/3 2/3 1/3 2/3 2|2/3 1 2/3 1 1|1 4/3 1 4/3 3|4/3 5/3 4/3 5/3 4|5/3 2 5/3 2 5" },
    { "{a b, c d e}", "0 1/2 0 1/2 a|0 1/2 0 1/2 c|1/2 1 1/2 1 b|1/2 1 1/2 1 d|1 3/2 1 3/2 a|1 3/2 1 3/2 e|3/2 2 3/2 2 b|3/2 2 3/2 2 c" },
    { "<a b, c d e>", "0 1 0 1 a|0 1 0 1 c|1 2 1 2 b|1 2 1 2 d" },
    { "[a b c]/1.5", "0 1/2 0 1/2 a|1/2 1 1/2 1 b|1 3/2 1 3/2 c|3/2 2 3/2 2 a" },
    { "c4 eb3 0x10 .5 1e3", "0 1/5 0 1/5 c4|1/5 2/5 1/5 2/5 eb3|2/5 3/5 2/5 3/5 16|3/5 4/5 3/5 4/5 0.5|4/5 1 4/5 1 1000|1 6/5 1 6/5 c4|6/5 7/5 6/5 7/5 eb3|7/5 8/5 7/5 8/5 16|8/5 9/5 8/5 9/5 0.5|9/5 2 9/5 2 1000" },
    /* a Strudel query error in one cycle leaves that cycle empty */
    { "a*<2 x>", "0 1/2 0 1/2 a|1/2 1 1/2 1 a" },
    /* ops inside Euclid arguments are ignored, as in Strudel */
    { "bd(3?,8)", "0 1/8 0 1/8 bd|3/8 1/2 3/8 1/2 bd|3/4 7/8 3/4 7/8 bd|1 9/8 1 9/8 bd|11/8 3/2 11/8 3/2 bd|7/4 15/8 7/4 15/8 bd" },
};

static void test_constructs_match_strudel(void **state)
{
    Fix *f = *state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = run(f, cases[i].pattern, 2);
        if (strcmp(got, cases[i].events) != 0) fail_msg("%s\n  got:  %s\n  want: %s", cases[i].pattern, got, cases[i].events);
    }
}

static void test_whitespace(void **state)
{
    Fix *f = *state;
    char want[256];
    snprintf(want, sizeof want, "%s", run(f, "a b c", 1));
    assert_string_equal(run(f, "a\tb\xc2\xa0" "c", 1), want); /* tab and NBSP */
    assert_string_equal(run(f, "  a   b\r\nc ", 1), want);
    assert_string_equal(run(f, "[ a  b c ]", 1), want);
    assert_string_equal(run(f, "a - b", 1), "0 1/3 0 1/3 a|2/3 1 2/3 1 b"); /* lone - is a rest */
    assert_string_equal(run(f, "0..3", 1), "0 1 0 1 0..3");                   /* no spaces: one word */
}

static void expect_error(Fix *f, const char *text, PhStatus st, size_t offset)
{
    MiniResult r;
    arena_reset(&f->a);
    PhStatus got = mini_parse(text, strlen(text), &f->a, &r);
    if (got != st || r.err_offset != offset)
        fail_msg("%s: status %d offset %zu (%s), want status %d offset %zu", text, (int)got, r.err_offset, r.err_msg,
                 (int)st, offset);
    assert_null(r.pattern);
    assert_true(r.err_msg[0] != '\0');
}

static void test_errors_point_at_the_character(void **state)
{
    Fix *f = *state;
    expect_error(f, "bd [", PH_ERR_SYNTAX, 4);      /* end of text */
    expect_error(f, "bd ]", PH_ERR_SYNTAX, 3);
    expect_error(f, "a | b , c", PH_ERR_SYNTAX, 6); /* cannot mix | and , */
    expect_error(f, "[]", PH_ERR_SYNTAX, 1);
    expect_error(f, "_ bd", PH_ERR_SYNTAX, 0);
    expect_error(f, "bd%4", PH_ERR_SYNTAX, 2);
    expect_error(f, "bd(3,)", PH_ERR_SYNTAX, 5);
    expect_error(f, "bd'", PH_ERR_SYNTAX, 3);
    expect_error(f, "bd(3,2)", PH_ERR_TYPE, 2);     /* Strudel: Invalid array length */
    expect_error(f, "bd*x", PH_ERR_TYPE, 2);        /* Strudel: Invalid argument */
    expect_error(f, "bd@-1 sn", PH_ERR_TYPE, 0);    /* total weight 0: Division by Zero */
    expect_error(f, "<a@0>", PH_ERR_TYPE, 0);
    expect_error(f, "", PH_ERR_SYNTAX, 0);
}

static void test_limits(void **state)
{
    Fix *f = *state;
    /* 10,000 nested brackets: an error at the depth limit, not a stack overflow */
    size_t n = 10000;
    char *deep = malloc(2 * n + 3);
    memset(deep, '[', n);
    memcpy(deep + n, "bd", 2);
    memset(deep + n + 2, ']', n);
    deep[2 * n + 2] = '\0';
    expect_error(f, deep, PH_ERR_LIMIT, MINI_MAX_DEPTH);
    /* within the limit it works */
    memmove(deep, deep + n - 100, 100 + 2 + 100);
    deep[202] = '\0';
    assert_string_equal(run(f, deep, 1), "0 1 0 1 bd");
    free(deep);
    /* text length */
    char *big = malloc(MINI_MAX_TEXT + 2);
    memset(big, 'a', MINI_MAX_TEXT + 1);
    big[MINI_MAX_TEXT + 1] = '\0';
    expect_error(f, big, PH_ERR_LIMIT, MINI_MAX_TEXT);
    free(big);
    /* invalid UTF-8 (a stray continuation byte, an overlong NUL, a surrogate) */
    expect_error(f, "bd \x80 sn", PH_ERR_SYNTAX, 3);
    expect_error(f, "bd \xc0\x80", PH_ERR_SYNTAX, 3);
    expect_error(f, "a \xed\xa0\x80", PH_ERR_SYNTAX, 2);
    assert_string_equal(run(f, "\xc3\xa9t\xc3\xa9", 1), "0 1 0 1 \xc3\xa9t\xc3\xa9"); /* letters are fine */
    expect_error(f, "\xe2\x82\xac", PH_ERR_SYNTAX, 0);                           /* a non-letter is not */
    /* Euclid steps */
    expect_error(f, "bd(100000,1000000)", PH_ERR_LIMIT, 2);
    /* events per query: a billion per cycle is an error, found quickly */
    assert_true(strncmp(run(f, "bd*1000000000", 1), "!error too many events", 22) == 0);
    assert_true(strncmp(run(f, "[~ ~]*1000000000", 1), "!error query too complex", 24) == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_constructs_match_strudel, setup, teardown),
        cmocka_unit_test_setup_teardown(test_whitespace, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors_point_at_the_character, setup, teardown),
        cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
