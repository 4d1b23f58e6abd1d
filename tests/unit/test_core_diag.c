/* test_core_diag.c - diagnostics point at the right line, column and caret. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/diag.h"

static char *render(const Diag *d)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    diag_print(d, f);
    fclose(f);
    return buf;
}

static void test_line_col_and_caret(void **state)
{
    (void)state;
    const char *src = "tempo: 0.5\n~bass: saw \"55\" # lpff 800\nout: ~bass\n";
    Diag d;
    diag_init(&d, "song.ph", src, strlen(src));
    size_t off = (size_t)(strstr(src, "lpff") - src);
    diag_error(&d, off, 4, "unknown function '%s'", "lpff");
    assert_int_equal(d.errors, 1);
    char *out = render(&d);
    assert_string_equal(out, "song.ph:2:19: error: unknown function 'lpff'\n"
                             "    ~bass: saw \"55\" # lpff 800\n"
                             "                      ^~~~\n");
    free(out);
    diag_free(&d);
}

static void test_utf8_columns_and_end_of_file(void **state)
{
    (void)state;
    const char *src = "-- \xc3\xa9t\xc3\xa9\nout: (";
    Diag d;
    diag_init(&d, "-", src, strlen(src));
    int line, col;
    diag_line_col(&d, 8, &line, &col); /* the 't' after the first 'é' ... */
    assert_int_equal(line, 1);
    assert_int_equal(col, 7);
    diag_error(&d, strlen(src), 1, "unbalanced parenthesis");
    char *out = render(&d);
    assert_non_null(strstr(out, "<stdin>:2:7: error: unbalanced parenthesis\n"));
    free(out);
    diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_line_col_and_caret),
        cmocka_unit_test(test_utf8_columns_and_end_of_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
