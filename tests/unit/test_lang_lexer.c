/* test_lang_lexer.c - the .ph lexer: token streams, numbers, negative
 * literals, comments, operators, layout flags and lexical errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/diag.h"
#include "lang/lexer.h"

/* Renders the token stream of src as text: `id:x num:-1 str:"a" bus:~b` for
 * words, the source text for punctuation and operators. A new line is shown
 * as ` /` (or ` //` after a blank/comment line) and an indented line as `>`. */
static char *tokens(const char *src, int *errors)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    Diag d;
    diag_init(&d, "t.ph", src, strlen(src));
    Lexer lx;
    lex_init(&lx, src, strlen(src), &d);
    LexToken t;
    bool first = true;
    for (lex_next(&lx, &t); t.kind != LEX_EOF; lex_next(&lx, &t)) {
        if ((t.flags & LEX_LINE_START) && !first) fputs((t.flags & LEX_AFTER_BREAK) ? " //" : " /", f);
        if (!first) fputc(' ', f);
        if (t.flags & LEX_INDENTED) fputc('>', f);
        first = false;
        const char *text = src + t.offset;
        int n = (int)t.length;
        switch (t.kind) {
        case LEX_IDENT: fprintf(f, "id:%.*s", n, text); break;
        case LEX_BUS: fprintf(f, "bus:%.*s", n, text); break;
        case LEX_NUMBER: fprintf(f, "num:%g", t.number); break;
        case LEX_STRING: fprintf(f, "str:%.*s", n, text); break;
        case LEX_ERROR: fprintf(f, "ERR"); break;
        default: fprintf(f, "%.*s", n, text); break;
        }
    }
    fclose(f);
    if (errors) *errors = d.errors;
    diag_free(&d);
    return buf;
}

#define assert_tokens(src, expected)                \
    do {                                            \
        int errs_;                                  \
        char *got_ = tokens((src), &errs_);         \
        assert_string_equal(got_, (expected));      \
        assert_int_equal(errs_, 0);                 \
        free(got_);                                 \
    } while (0)

static void test_statements(void **state)
{
    (void)state;
    assert_tokens("tempo: 0.5\n~drums: s \"bd*4, hh*8\"\nout: ~drums * 0.8",
                  "id:tempo : num:0.5 / bus:~drums : id:s str:\"bd*4, hh*8\" / id:out : bus:~drums * num:0.8");
    assert_tokens("fn f a' b = every' 2 a'", "id:fn id:f id:a' id:b = id:every' num:2 id:a'");
    assert_tokens("d1 $ s \"cp(3,8)\" # lpf [1, 2]", "id:d1 $ id:s str:\"cp(3,8)\" # id:lpf [ num:1 , num:2 ]");
}

static void test_numbers(void **state)
{
    (void)state;
    assert_tokens("12 0.5 .5 1e3 2.5e-3 1E+2 007", "num:12 num:0.5 num:0.5 num:1000 num:0.0025 num:100 num:7");
    int errs;
    const char *bad[] = { "1.", "1e", "2x", "0x10", "1.2.3", "1e999" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *got = tokens(bad[i], &errs);
        assert_string_equal(got, "ERR");
        assert_int_equal(errs, 1);
        free(got);
    }
}

static void test_negative_literals(void **state)
{
    (void)state;
    assert_tokens("chop -1", "id:chop num:-1");
    assert_tokens("late -0.25", "id:late num:-0.25");
    assert_tokens("late -.25", "id:late num:-0.25");
    assert_tokens("[-1, -2]", "[ num:-1 , num:-2 ]");
    assert_tokens("(-1)", "( num:-1 )");
    assert_tokens("x*-1 + -2", "id:x * num:-1 + num:-2");
    assert_tokens("out: -1", "id:out : num:-1");
    /* subtraction and unary minus */
    assert_tokens("a - 1", "id:a - num:1");
    assert_tokens("a-1", "id:a - num:1");
    assert_tokens("(a)-1", "( id:a ) - num:1");
    assert_tokens("- x", "- id:x");
    assert_tokens("a -b", "id:a - id:b");
    assert_tokens("- 1", "- num:1");
    /* a `-` that starts a line is the operator (a continuation) */
    assert_tokens("a\n-1", "id:a / - num:1");
    assert_tokens("a\n  -1", "id:a / >- num:1");
}

static void test_comments(void **state)
{
    (void)state;
    assert_tokens("a -- comment\nb", "id:a / id:b");
    assert_tokens("a--b\nc", "id:a / id:c");
    assert_tokens("a # b", "id:a # id:b");
    assert_tokens("s \"a -- b\" -- c", "id:s str:\"a -- b\"");
    assert_tokens("---\n--", "");
    int errs;
    char *got = tokens("a |-- c", &errs); /* `|` then a comment, not `|-` */
    assert_string_equal(got, "id:a ERR");
    assert_int_equal(errs, 1);
    free(got);
}

static void test_operators(void **state)
{
    (void)state;
    assert_tokens("a |+ b +| c |- d -| e", "id:a |+ id:b +| id:c |- id:d -| id:e");
    assert_tokens("a |* b *| c |/ d /| e", "id:a |* id:b *| id:c |/ id:d /| id:e");
    assert_tokens("a |> b <| c |< d >| e |% f %| g", "id:a |> id:b <| id:c |< id:d >| id:e |% id:f %| id:g");
    assert_tokens("a |+| b |>| c", "id:a |+| id:b |>| id:c");
    assert_tokens("a+|b", "id:a +| id:b");
    /* token kinds, not just texts */
    const char *src = "|+ +| |> <| |+| $ #";
    LexKind want[] = { LEX_PLUS_L, LEX_PLUS_R, LEX_SET_L, LEX_KEEP_R, LEX_PLUS, LEX_DOLLAR, LEX_HASH, LEX_EOF };
    Diag d;
    diag_init(&d, "t", src, strlen(src));
    Lexer lx;
    lex_init(&lx, src, strlen(src), &d);
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        LexToken t;
        lex_next(&lx, &t);
        assert_int_equal(t.kind, want[i]);
    }
    diag_free(&d);
}

static void test_layout_flags(void **state)
{
    (void)state;
    assert_tokens("a\n  b\n\nc\n-- x\n  d\n# e", "id:a / >id:b // id:c // >id:d / # id:e");
    assert_tokens("a\r\n  b\r\n", "id:a / >id:b");
    /* the first line counts as after a break */
    const char *src = "x";
    Diag d;
    diag_init(&d, "t", src, 1);
    Lexer lx;
    lex_init(&lx, src, 1, &d);
    LexToken t;
    lex_next(&lx, &t);
    assert_int_equal(t.flags & (LEX_LINE_START | LEX_AFTER_BREAK), LEX_LINE_START | LEX_AFTER_BREAK);
    diag_free(&d);
}

static void test_strings(void **state)
{
    (void)state;
    const char *src = "s \"bd sn\" \"\"";
    Diag d;
    diag_init(&d, "t", src, strlen(src));
    Lexer lx;
    lex_init(&lx, src, strlen(src), &d);
    LexToken t;
    lex_next(&lx, &t);
    lex_next(&lx, &t);
    assert_int_equal(t.kind, LEX_STRING);
    assert_int_equal(t.offset, 2);
    assert_int_equal(t.length, 7);
    lex_next(&lx, &t);
    assert_int_equal(t.kind, LEX_STRING);
    assert_int_equal(t.length, 2);
    assert_int_equal(d.errors, 0);
    diag_free(&d);

    int errs;
    char *got = tokens("out: \"abc\nout: x", &errs);
    assert_string_equal(got, "id:out : ERR / id:out : id:x");
    assert_int_equal(errs, 1);
    free(got);
    /* non-UTF-8 and non-ASCII inside strings is the mini-notation's business */
    assert_tokens("\"\xff \xc3\xa9\"", "str:\"\xff \xc3\xa9\"");
}

static void test_bad_characters(void **state)
{
    (void)state;
    int errs;
    char *got = tokens("a \xff\xfe b\nc \xc3\xa9 d\n\x01 e\n@f\n~ g\n\xef\xbb\xbfh", &errs);
    assert_string_equal(got, "id:a ERR id:b / id:c ERR id:d / ERR id:e / ERR id:f / ERR id:g / ERR id:h");
    assert_int_equal(errs, 6);
    free(got);
    /* a byte order mark at the very start is skipped */
    assert_tokens("\xef\xbb\xbftempo: 1", "id:tempo : num:1");
    /* overlong encodings and surrogates are invalid */
    got = tokens("\xc0\xaf\n\xed\xa0\x80\n\xf4\x90\x80\x80", &errs);
    assert_int_equal(errs, 3);
    free(got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_statements),     cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_negative_literals), cmocka_unit_test(test_comments),
        cmocka_unit_test(test_operators),      cmocka_unit_test(test_layout_flags),
        cmocka_unit_test(test_strings),        cmocka_unit_test(test_bad_characters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
