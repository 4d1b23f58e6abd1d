/* test_lang_errors.c - syntax diagnostics: exact line, column and message for
 * each kind of error, every error of a file reported, limits enforced. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/arena.h"
#include "core/diag.h"
#include "lang/parser.h"

/* Parses src as a program and returns the header lines of its diagnostics
 * (`t.ph:L:C: error: ...`), one per line. *status receives the result. */
static char *errors_of(const char *src, size_t len, PhStatus *status, int *nstmts)
{
    Arena a;
    arena_init(&a, 0, 0);
    Diag d;
    diag_init(&d, "t.ph", src, len);
    AstProgram *p = NULL;
    PhStatus s = parse_program(src, len, "t.ph", &a, &d, &p);
    if (status) *status = s;
    if (nstmts) *nstmts = p ? p->count : -1;
    char *buf = NULL;
    size_t blen = 0;
    FILE *f = open_memstream(&buf, &blen);
    for (int i = 0; i < d.count; i++) {
        int line, col;
        diag_line_col(&d, d.items[i].offset, &line, &col);
        fprintf(f, "%d:%d: %s%s\n", line, col, d.items[i].level == DIAG_NOTE ? "note: " : "",
                d.items[i].message);
    }
    fclose(f);
    diag_free(&d);
    arena_free(&a);
    return buf;
}

#define assert_errors(src, want)                                      \
    do {                                                              \
        PhStatus st_;                                                 \
        char *got_ = errors_of((src), strlen(src), &st_, NULL);       \
        assert_string_equal(got_, (want));                            \
        assert_int_equal(st_, PH_ERR_SYNTAX);                         \
        free(got_);                                                   \
    } while (0)

static void test_unterminated_string(void **state)
{
    (void)state;
    assert_errors("tempo: 1\nout: s \"bd sn\n",
                  "2:8: unterminated string: no closing `\"` before the end of the line\n");
    assert_errors("out: s \"bd", "1:8: unterminated string: no closing `\"` before the end of the file\n");
}

static void test_unbalanced_brackets(void **state)
{
    (void)state;
    assert_errors("out: lpf (sine 2 * 100\n",
                  "1:10: unclosed `(`: expected `)` before the end of the line\n");
    assert_errors("out: lpf (sine 2 * 100 0.5\n",
                  "1:24: unexpected number `0.5`: expected an operator or `)` (only a function name can take "
                  "arguments)\n1:10: note: the `(` opened here is still open\n");
    assert_errors("out: (a + [b, c)\n",
                  "1:11: unclosed `[`: found `)` where `]` was expected\n1:16: note: `)` found here\n");
    assert_errors("out: (a ]\n", "1:6: unclosed `(`: found `]` where `)` was expected\n1:9: note: `]` found here\n");
    assert_errors("out: a + b)\n", "1:11: unmatched `)`: no `(` is open\n");
    assert_errors("out: stack [a, b]]\n", "1:18: unmatched `]`: no `[` is open\n");
    assert_errors("out: (a\n\n)\n",
                  "1:6: unclosed `(`: expected `)` before the end of the line\n"
                  "3:1: this line continues a statement (it starts with `)`), but the blank or comment line "
                  "above ended that statement\n");
    assert_errors("out: [a, b,]\n", "1:11: trailing comma in list: remove it or add an element after it\n");
    assert_errors("out: ()\n", "1:6: empty parentheses `()`: expected an expression inside\n");
}

static void test_statement_heads(void **state)
{
    (void)state;
    assert_errors("drums: s \"bd\"\n",
                  "1:1: unknown statement `drums:`; a bus name starts with `~` (`~drums:`), outputs are "
                  "`out:` and `d1:` to `d16:`\n");
    assert_errors("temp: 0.5\n", "1:1: unknown statement `temp:`; did you mean `tempo`?\n");
    assert_errors("s \"bd sn\" # gain 0.8\n",
                  "1:1: an expression needs a destination: write `out: …` or `~name: …`\n");
    assert_errors("\"bd sn\"\n", "1:1: an expression needs a destination: write `out: …` or `~name: …`\n");
    assert_errors("out s \"bd\"\n", "1:5: expected `:` or `$` after `out`, found `s`\n");
    assert_errors("~x s \"bd\"\n", "1:4: expected `:` or `$` after `~x`, found `s`\n");
    assert_errors("tempo 0.5\n", "1:7: expected `:` after `tempo`, found number `0.5`\n");
    assert_errors("tempo: fast\n", "1:8: expected a number after `tempo`, found `fast`\n");
    assert_errors("bpm: -120\n", "1:6: number out of range: `bpm` must be greater than 0\n");
    assert_errors("tempo: 0.5 0.6\n", "1:12: unexpected number `0.6` after `tempo: 0.5`: expected the end of the line\n");
    assert_errors("hush 1\n", "1:6: unexpected number `1` after `hush`: expected the end of the line\n");
    assert_errors("d17: x\nd0 $ y\n",
                  "1:1: output number out of range: `d17` (numbered outputs are d1 to d16)\n"
                  "2:1: output number out of range: `d0` (numbered outputs are d1 to d16)\n");
    assert_errors("out:\n", "1:4: missing expression after `out:`\n");
    assert_errors("~a $ )\n", "1:6: expected an expression after `~a $`, found `)`\n");
    assert_errors("fn f a a = a\n", "1:8: duplicate parameter `a`\n");
    assert_errors("fn f a : a\n", "1:8: expected a parameter name or `=` in `fn f`, found `:`\n");
    assert_errors(": x\n", "1:1: a statement cannot start with `:`\n");
}

static void test_missing_operand(void **state)
{
    (void)state;
    assert_errors("out: a +\n", "1:8: missing expression after `+`\n");
    assert_errors("out: a # \n", "1:8: missing expression after `#`\n");
    assert_errors("out: s \"bd\" $\n", "1:13: missing expression after `$`\n");
    assert_errors("out: a * )\n", "1:10: expected an expression after `*`, found `)`\n");
    assert_errors("out: a + * b\n", "1:10: expected an expression after `+`, found `*`\n");
    assert_errors("out: (+)\n", "1:8: expected an expression after `+`, found `)`\n");
    assert_errors("out: -\n", "1:6: missing expression after `-`\n");
}

static void test_unexpected_tokens(void **state)
{
    (void)state;
    assert_errors("out: ~a -1\n",
                  "1:9: unexpected number `-1`: expected an operator or the end of the line (to subtract, "
                  "put a space after the `-`: `- 1`)\n");
    assert_errors("out: \"a\" \"b\"\n",
                  "1:10: unexpected string `\"b\"`: expected an operator or the end of the line (only a "
                  "function name can take arguments)\n");
    assert_errors("out: lpf 100 :q 0.8\n",
                  "1:14: unexpected `:`: expected an operator or the end of the line (keyword arguments "
                  "`:name value` are not supported)\n");
    assert_errors("out: [a b c d\n", "1:6: unclosed `[`: expected `]` before the end of the line\n");
    assert_errors("out: [1 \"b\"]\n",
                  "1:9: unexpected string `\"b\"`: expected `,` or `]` (only a function name can take arguments)\n");
    assert_errors("out: fast 2 . rev\n", "1:13: unexpected `.` (there is no `.` operator; compose with `$`)\n");
    assert_errors("out: 1.\n", "1:6: malformed number `1.`\n");
    assert_errors("out: 1e999\n", "1:6: number out of range: `1e999`\n");
    assert_errors("out: s @\n", "1:8: unexpected character `@` (mini-notation belongs inside a string)\n");
}

static void test_bad_continuation(void **state)
{
    (void)state;
    assert_errors("out: s \"bd\"\n\n  # gain 0.5\n",
                  "3:3: this line continues a statement (it is indented), but the blank or comment line "
                  "above ended that statement\n");
    assert_errors("out: s \"bd\"\n-- note\n# gain 0.5\n",
                  "3:1: this line continues a statement (it starts with `#`), but the blank or comment line "
                  "above ended that statement\n");
    assert_errors("  tempo: 1\n", "1:3: this line continues a statement (it is indented), but no statement "
                                  "comes before it\n");
    /* the orphan's own continuation lines are skipped with it; the next statement is fine */
    PhStatus st;
    int n;
    const char *src = "out: a\n\n  + b\n  + c\n~x: 1\n";
    char *got = errors_of(src, strlen(src), &st, &n);
    assert_string_equal(got, "3:3: this line continues a statement (it is indented), but the blank or comment "
                             "line above ended that statement\n");
    assert_int_equal(n, 2);
    free(got);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    assert_errors("tempo: 1\nout: s \xff\xfe\n", "2:8: invalid UTF-8 (byte 0xFF); a .ph file must be UTF-8 text\n");
    assert_errors("out: \xe2\x80\x9c" "bd\xe2\x80\x9d\n",
                  "1:6: unexpected character U+201C outside a string; use a plain `\"` for strings\n");
    assert_errors("out: caf\xc3\xa9\n", "1:9: unexpected character U+00E9 outside a string\n");
    /* inside strings and comments anything goes */
    PhStatus st;
    const char *src = "-- \xff\nout: s \"\xff\"\n";
    char *got = errors_of(src, strlen(src), &st, NULL);
    assert_string_equal(got, "");
    assert_int_equal(st, PH_OK);
    free(got);
}

static void test_every_error_reported(void **state)
{
    (void)state;
    const char *src = "tempo: 0.5\n"
                      "~a: s \"bd\" # (gain 0.5\n"
                      "~b: s \"hh*8\"\n"
                      "out: ~a +\n"
                      "frobnicate\n"
                      "out: ~b $ \"x\n"
                      "d1: ~a ~b\n"
                      "out: ~a\n";
    PhStatus st;
    int n;
    char *got = errors_of(src, strlen(src), &st, &n);
    assert_string_equal(got, "2:14: unclosed `(`: expected `)` before the end of the line\n"
                             "4:9: missing expression after `+`\n"
                             "5:1: an expression needs a destination: write `out: …` or `~name: …`\n"
                             "6:11: unterminated string: no closing `\"` before the end of the line\n"
                             "7:8: unexpected bus `~b`: expected an operator or the end of the line (only a "
                             "function name can take arguments)\n");
    assert_int_equal(st, PH_ERR_SYNTAX);
    /* the good statements are kept (tempo, ~b, out: ~a), the bad ones dropped */
    assert_int_equal(n, 3);
    free(got);
}

static void test_deep_nesting(void **state)
{
    (void)state;
    size_t depth = 1000;
    char *src = malloc(depth * 2 + 16);
    strcpy(src, "out: ");
    size_t k = 5;
    for (size_t i = 0; i < depth; i++) src[k++] = '(';
    src[k++] = 'x';
    for (size_t i = 0; i < depth; i++) src[k++] = ')';
    src[k] = '\0';
    PhStatus st;
    char *got = errors_of(src, k, &st, NULL);
    char want[160];
    snprintf(want, sizeof want,
             "1:%d: expression nested too deeply (more than %d levels of brackets and operators)\n",
             5 + LANG_MAX_DEPTH + 1, LANG_MAX_DEPTH);
    assert_string_equal(got, want);
    assert_int_equal(st, PH_ERR_SYNTAX);
    free(got);

    /* unary minus, lists and long operator chains are bounded too */
    k = 5;
    for (size_t i = 0; i < depth; i++) { src[k++] = '-'; src[k++] = ' '; }
    src[k++] = 'x';
    src[k] = '\0';
    got = errors_of(src, k, &st, NULL);
    assert_non_null(strstr(got, "nested too deeply"));
    free(got);
    k = 5;
    for (size_t i = 0; i < depth; i++) src[k++] = '[';
    src[k] = '\0';
    got = errors_of(src, k, &st, NULL);
    assert_non_null(strstr(got, "nested too deeply"));
    free(got);
    k = 5;
    for (size_t i = 0; i < 1000; i++) { src[k++] = 'x'; src[k++] = '+'; }
    src[k++] = 'x';
    src[k] = '\0';
    got = errors_of(src, k, &st, NULL);
    assert_non_null(strstr(got, "nested too deeply"));
    free(got);
    /* but a moderately deep expression is fine */
    k = 5;
    for (size_t i = 0; i < 50; i++) src[k++] = '(';
    src[k++] = 'x';
    for (size_t i = 0; i < 50; i++) src[k++] = ')';
    src[k] = '\0';
    got = errors_of(src, k, &st, NULL);
    assert_string_equal(got, "");
    assert_int_equal(st, PH_OK);
    free(got);
    free(src);
}

static void test_limits(void **state)
{
    (void)state;
    /* source size */
    size_t big = LANG_MAX_SOURCE_BYTES + 1;
    char *src = malloc(big);
    memset(src, '\n', big);
    PhStatus st;
    int n;
    char *got = errors_of(src, big, &st, &n);
    assert_string_equal(got, "1:1: program too large: 4194305 bytes (the limit is 4194304 bytes)\n");
    assert_int_equal(st, PH_ERR_LIMIT);
    assert_int_equal(n, 0);
    free(got);
    /* tokens per statement: a flat list is width, not depth */
    size_t items = LANG_MAX_STMT_TOKENS / 2 + 10;
    size_t k = 0;
    k += (size_t)sprintf(src, "out: stack [");
    for (size_t i = 0; i < items; i++) k += (size_t)sprintf(src + k, "1,");
    k += (size_t)sprintf(src + k, "1]\nout: x\n");
    got = errors_of(src, k, &st, &n);
    assert_string_equal(got, "1:65545: statement too long (more than 65536 tokens)\n");
    assert_int_equal(n, 1);
    free(got);
    free(src);
}

static void test_expression_errors(void **state)
{
    (void)state;
    const char *cases[][2] = {
        { "", "1:1: empty expression\n" },
        { "s \"bd\" $", "1:8: missing expression after `$`\n" },
        { "fast 2 )", "1:8: unmatched `)`: no `(` is open\n" },
        { "out: s \"bd\"",
          "1:4: unexpected `:`: expected an operator or the end of the expression (keyword arguments `:name "
          "value` are not supported)\n" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *src = cases[i][0];
        Arena a;
        arena_init(&a, 0, 0);
        Diag d;
        diag_init(&d, "q", src, strlen(src));
        AstNode *e = (AstNode *)1;
        assert_int_equal(parse_expression(src, strlen(src), "q", &a, &d, &e), PH_ERR_SYNTAX);
        assert_null(e);
        char got[512];
        int line, col;
        assert_true(d.count >= 1);
        diag_line_col(&d, d.items[0].offset, &line, &col);
        snprintf(got, sizeof got, "%d:%d: %s\n", line, col, d.items[0].message);
        assert_string_equal(got, cases[i][1]);
        diag_free(&d);
        arena_free(&a);
    }
}

static void test_printed_form(void **state)
{
    (void)state;
    /* the full message: file, line, column, source line and caret */
    const char *src = "tempo: 0.5\nout: lpf (sine 2\n";
    Arena a;
    arena_init(&a, 0, 0);
    Diag d;
    diag_init(&d, "song.ph", src, strlen(src));
    AstProgram *p;
    assert_int_equal(parse_program(src, strlen(src), "song.ph", &a, &d, &p), PH_ERR_SYNTAX);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    diag_print(&d, f);
    fclose(f);
    assert_string_equal(buf, "song.ph:2:10: error: unclosed `(`: expected `)` before the end of the line\n"
                             "    out: lpf (sine 2\n"
                             "             ^\n");
    free(buf);
    diag_free(&d);
    arena_free(&a);
}

static void test_diag_without_source(void **state)
{
    (void)state;
    /* a Diag set up without the text gets it from the parser */
    const char *src = "out: (";
    Arena a;
    arena_init(&a, 0, 0);
    Diag d;
    diag_init(&d, NULL, NULL, 0);
    AstProgram *p;
    assert_int_equal(parse_program(src, strlen(src), "x.ph", &a, &d, &p), PH_ERR_SYNTAX);
    assert_ptr_equal(d.src, src);
    assert_string_equal(d.file, "x.ph");
    diag_free(&d);
    arena_free(&a);
}

static void test_arena_limit(void **state)
{
    (void)state;
    /* running out of arena is PH_ERR_NOMEM, not a crash */
    const char *src = "out: stack [s \"bd\", s \"sn\", s \"hh\", s \"cp\", s \"a\", s \"b\", s \"c\"]\n";
    Arena a;
    arena_init(&a, 256, 512);
    Diag d;
    diag_init(&d, "t.ph", src, strlen(src));
    AstProgram *p = (AstProgram *)1;
    assert_int_equal(parse_program(src, strlen(src), "t.ph", &a, &d, &p), PH_ERR_NOMEM);
    assert_null(p);
    diag_free(&d);
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unterminated_string), cmocka_unit_test(test_unbalanced_brackets),
        cmocka_unit_test(test_statement_heads),     cmocka_unit_test(test_missing_operand),
        cmocka_unit_test(test_unexpected_tokens),   cmocka_unit_test(test_bad_continuation),
        cmocka_unit_test(test_invalid_utf8),        cmocka_unit_test(test_every_error_reported),
        cmocka_unit_test(test_deep_nesting),        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_expression_errors),   cmocka_unit_test(test_printed_form),
        cmocka_unit_test(test_diag_without_source), cmocka_unit_test(test_arena_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
