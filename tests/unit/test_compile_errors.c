/* test_compile_errors.c - every malformed program gets FILE:LINE:COL, a
 * message saying what is wrong, the source line and a caret; nothing
 * compiles silently wrong. Lines and columns are pinned. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "render_helper.h"

/* The program must fail with a first diagnostic at `where` ("L:C") that
 * contains `what`. */
static void expect_error(const char *src, const char *where, const char *what)
{
    int errors = 0;
    char *text = compile_diagnostics(src, "song.ph", &errors);
    char head[64];
    snprintf(head, sizeof head, "song.ph:%s: error: ", where);
    if (errors == 0 || !text || !strstr(text, head) || !strstr(text, what))
        fprintf(stderr, "for program:\n%s\nwanted %s...%s\ngot:\n%s\n", src, head, what, text ? text : "(none)");
    assert_true(errors > 0);
    assert_non_null(text);
    assert_non_null(strstr(text, head));
    assert_non_null(strstr(text, what));
    assert_non_null(strchr(text, '^'));
    free(text);
}

static void test_unknown_function_suggests(void **state)
{
    (void)state;
    expect_error("tempo: 0.5\nout: saw 55 # lpff 800\n", "2:15", "unknown function `lpff` (did you mean `lpf`?)");
    expect_error("out: s \"bd\" $ fsat 2\n", "1:15", "did you mean `fast`?");
}

static void test_wrong_arity(void **state)
{
    (void)state;
    expect_error("out: saw 55 # lpf 800 0.7 1 2\n", "1:15", "too many arguments for `lpf`");
    expect_error("out: saw 55 # delay\n", "1:15", "`delay` needs 1 argument");
    expect_error("out: s \"bd\" $ every 3\n", "1:15", "`every` needs 2 arguments");
}

static void test_unknown_bus(void **state)
{
    (void)state;
    expect_error("~drums: s \"bd*4\"\nout: ~drumz * 0.5\n", "2:6", "unknown bus `~drumz` (did you mean `~drums`?)");
    expect_error("out: ~nothing\n", "1:6", "unknown bus `~nothing`");
}

static void test_syntax_errors(void **state)
{
    (void)state;
    expect_error("out: s \"bd sn\n", "1:8", "unterminated string");
    expect_error("out: (saw 55 # lpf 800\n", "1:6", "");
    expect_error("out: saw 55)\n", "1:12", "");
}

static void test_mini_error_points_inside_the_string(void **state)
{
    (void)state;
    /* the caret goes to the exact character inside the literal */
    expect_error("out: s \"bd [sn\"\n", "1:15", "in pattern");
    expect_error("out: s \"bd(3,8\"\n", "1:15", "in pattern");
}

static void test_type_errors(void **state)
{
    (void)state;
    expect_error("out: fast 2\n", "1:6", "`fast` is a function");
    expect_error("out: saw 55 # gain 0.5\n", "1:15", "sets controls on events, but its left side is a signal");
    expect_error("~lfo: sine 2\nout: ~lfo $ fast 2\n", "2:6", "transforms patterns");
    expect_error("out: [1, 2]\n", "1:6", "list");
}

static void test_bus_defined_twice(void **state)
{
    (void)state;
    expect_error("~a: sine 1\n~a: sine 2\nout: ~a\n", "2:1", "defined twice");
}

static void test_valid_programs_have_no_errors(void **state)
{
    (void)state;
    const char *ok[] = {
        "out: s \"bd*4\" # gain 0.8",
        "~later: saw 55\nout: ~later # lpf 400 0.7",                   /* forward reference */
        "~fb: ~fb * 0.5 + sine 220 * 0.1\nout: ~fb",                   /* feedback bus */
        "d1 $ s \"bd*2\"\nd2 $ s \"hh*4\"",
        "bpm: 120\nout $ every 4 (fast 2) $ s \"bd sn\"",
        "~env $ adsr 0.01 0.1\nout: saw 110 * ~env",
        "hush\nout: s \"bd\"",
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        int errors = -1;
        char *text = compile_diagnostics(ok[i], "ok.ph", &errors);
        if (errors) fprintf(stderr, "%s\n%s\n", ok[i], text);
        assert_int_equal(errors, 0);
        free(text);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unknown_function_suggests),
        cmocka_unit_test(test_wrong_arity),
        cmocka_unit_test(test_unknown_bus),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_mini_error_points_inside_the_string),
        cmocka_unit_test(test_type_errors),
        cmocka_unit_test(test_bus_defined_twice),
        cmocka_unit_test(test_valid_programs_have_no_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
