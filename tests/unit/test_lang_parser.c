/* test_lang_parser.c - the .ph parser on valid input: statements, layout,
 * precedence and associativity (through ast_dump), sections, negative
 * literals, lists, and the source spans recorded in the tree. */
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

static char *print_diag(const Diag *d)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    diag_print(d, f);
    fclose(f);
    return buf;
}

/* Parses a program that must be valid; returns its dump (one line per statement). */
static char *prog(const char *src)
{
    Arena a;
    arena_init(&a, 0, 0);
    Diag d;
    diag_init(&d, "t.ph", src, strlen(src));
    AstProgram *p = NULL;
    PhStatus s = parse_program(src, strlen(src), "t.ph", &a, &d, &p);
    if (s != PH_OK) {
        char *msg = print_diag(&d);
        fprintf(stderr, "unexpected errors for:\n%s\n%s", src, msg);
        free(msg);
    }
    assert_int_equal(s, PH_OK);
    assert_int_equal(d.errors, 0);
    assert_non_null(p);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ast_dump_program(p, f);
    fclose(f);
    diag_free(&d);
    arena_free(&a);
    return buf;
}

/* Parses one expression that must be valid; returns its dump. */
static char *expr(const char *src)
{
    Arena a;
    arena_init(&a, 0, 0);
    Diag d;
    diag_init(&d, "q", src, strlen(src));
    AstNode *n = NULL;
    PhStatus s = parse_expression(src, strlen(src), "q", &a, &d, &n);
    if (s != PH_OK) {
        char *msg = print_diag(&d);
        fprintf(stderr, "unexpected errors for: %s\n%s", src, msg);
        free(msg);
    }
    assert_int_equal(s, PH_OK);
    assert_non_null(n);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ast_dump_expr(n, f);
    fclose(f);
    diag_free(&d);
    arena_free(&a);
    return buf;
}

#define assert_prog(src, want)               \
    do {                                     \
        char *got_ = prog(src);              \
        assert_string_equal(got_, (want));   \
        free(got_);                          \
    } while (0)

#define assert_expr(src, want)               \
    do {                                     \
        char *got_ = expr(src);              \
        assert_string_equal(got_, (want));   \
        free(got_);                          \
    } while (0)

static void test_statements(void **state)
{
    (void)state;
    assert_prog("tempo: 0.5\ncps: 2\nbpm: 120\n", "(tempo 0.5)\n(tempo 2)\n(bpm 120)\n");
    assert_prog("~drums: s \"bd*4\"\n~bass $ saw 55\n~m # speed 2\n",
                "(bus drums : (s \"bd*4\"))\n(bus bass $ (saw 55))\n(modbus m # (speed 2))\n");
    assert_prog("out: ~a\nout $ ~b\nout # ~c\n", "(out : ~a)\n(out $ ~b)\n(out # ~c)\n");
    assert_prog("d1 $ s \"cp\"\nd16: x\no2: y\nout3 $ z\n", "(d1 $ (s \"cp\"))\n(d16 : x)\n(o2 : y)\n(out3 $ z)\n");
    assert_prog("hush\npanic\nresetCycles\nsetCycle 4\nnudge -0.1\nsetCycle: 2\n",
                "(hush)\n(panic)\n(resetCycles)\n(setCycle 4)\n(nudge -0.1)\n(setCycle 2)\n");
    assert_prog("fn wob a b = lpf (sine a * b) 0.5\nfn k = s \"bd\"\n",
                "(fn wob (a b) (lpf (* (sine a) b) 0.5))\n(fn k () (s \"bd\"))\n");
    /* `d`, `o`, `out` alone or with letters are not numbered outputs */
    assert_prog("~d: 1\nout: dx + o + d1", "(bus d : 1)\n(out : (+ (+ dx o) d1))\n");
}

static void test_statement_fields(void **state)
{
    (void)state;
    const char *src = "-- hi\n~drums: s \"bd sn\" -- c\n  # gain 0.5\nd3 $ x\n";
    Arena a;
    arena_init(&a, 0, 0);
    Diag d;
    diag_init(&d, "t.ph", src, strlen(src));
    AstProgram *p;
    assert_int_equal(parse_program(src, strlen(src), "t.ph", &a, &d, &p), PH_OK);
    assert_int_equal(p->count, 2);
    const AstStmt *s = &p->stmts[0];
    assert_int_equal(s->kind, AST_STMT_BUS);
    assert_string_equal(s->name, "drums");
    assert_int_equal(s->offset, 6);
    assert_int_equal(s->head_length, 6);
    assert_int_equal(s->binder, ':');
    assert_int_equal(s->offset + s->length, (size_t)(strstr(src, "0.5\n") - src) + 3);
    /* the string node knows where its content starts */
    const AstNode *chain = s->expr;
    assert_int_equal(chain->kind, AST_CHAIN);
    const AstNode *str = chain->u.bin.lhs->u.app.args[0];
    assert_int_equal(str->kind, AST_STRING);
    assert_string_equal(str->u.str.text, "bd sn");
    assert_int_equal(str->u.str.content_offset, (size_t)(strstr(src, "bd sn") - src));
    assert_int_equal(str->offset, str->u.str.content_offset - 1);
    assert_int_equal(str->length, 7);
    assert_int_equal(chain->u.bin.op_offset, (size_t)(strchr(src, '#') - src));
    assert_int_equal(chain->offset, (size_t)(strstr(src, "s \"") - src));
    s = &p->stmts[1];
    assert_int_equal(s->kind, AST_STMT_OUTN);
    assert_int_equal(s->out_prefix, AST_OUT_D);
    assert_int_equal(s->out_index, 3);
    diag_free(&d);
    arena_free(&a);
}

static void test_chain_precedence(void **state)
{
    (void)state;
    /* `#` binds loosest on its left, but its right operand is one application */
    assert_expr("x # f a * 0.8 + y", "(+ (* (# x (f a)) 0.8) y)");
    assert_expr("a + b # f", "(# (+ a b) f)");
    assert_expr("s \"hh*8\" $ degrade # gain 0.4", "(# ($ (s \"hh*8\") degrade) (gain 0.4))");
    assert_expr("x # gain 0.4 $ fast 2", "($ (# x (gain 0.4)) (fast 2))");
    assert_expr("s \"bd bd bd bd\" # n \"0 1 2 3\" * 0.8", "(* (# (s \"bd bd bd bd\") (n \"0 1 2 3\")) 0.8)");
    assert_expr("a # b # c", "(# (# a b) c)");
    assert_expr("x # f (a * 2)", "(# x (f (* a 2)))");
    assert_expr("x # lpf (~lfo * 2000 + 500) 0.8", "(# x (lpf (+ (* ~lfo 2000) 500) 0.8))");
    assert_expr("a $ b # c $ d", "($ (# ($ a b) c) d)");
    assert_expr("x # - y * 2", "(* (# x (neg y)) 2)");
}

static void test_dollar_chains(void **state)
{
    (void)state;
    assert_expr("fast 2 $ s \"bd\"", "($ (fast 2) (s \"bd\"))");
    assert_expr("s \"bd\" $ fast 2 $ rev", "($ (s \"bd\") (fast 2) rev)");
    assert_expr("every 4 (fast 2) $ s \"bd sn\"", "($ (every 4 (fast 2)) (s \"bd sn\"))");
    assert_expr("(a $ b) $ c", "($ ($ a b) c)");
    assert_expr("a $ (b $ c)", "($ a ($ b c))");
    assert_expr("a $ b + c $ d * e", "($ a (+ b c) (* d e))");
    assert_expr("a + b $ c", "($ (+ a b) c)");
}

static void test_arithmetic(void **state)
{
    (void)state;
    assert_expr("a + b * c", "(+ a (* b c))");
    assert_expr("a * b + c", "(+ (* a b) c)");
    assert_expr("a - b - c", "(- (- a b) c)");
    assert_expr("a / b / c", "(/ (/ a b) c)");
    assert_expr("a |+ b +| c |- d -| e", "(-| (|- (+| (|+ a b) c) d) e)");
    assert_expr("a |* b *| c |/ d /| e |% f %| g", "(%| (|% (/| (|/ (*| (|* a b) c) d) e) f) g)");
    assert_expr("a |> b <| c |< d >| e", "(>| (|< (<| (|> a b) c) d) e)");
    assert_expr("a |+| b |*| c", "(+ a (* b c))");
    assert_expr("a + b |* c", "(+ a (|* b c))");
    assert_expr("a |+ b * c", "(|+ a (* b c))");
    assert_expr("(a + b) * c", "(* (+ a b) c)");
    assert_expr("n (\"0 2\" * \"<1 2 3>\")", "(n (* \"0 2\" \"<1 2 3>\"))");
}

static void test_unary_and_negative_literals(void **state)
{
    (void)state;
    assert_expr("- x", "(neg x)");
    assert_expr("-x * 2", "(* (neg x) 2)");
    assert_expr("- - x", "(neg (neg x))");
    assert_expr("- f a", "(neg (f a))");
    assert_expr("chop -1", "(chop -1)");
    assert_expr("late -0.25 x", "(late -0.25 x)");
    assert_expr("a - 1", "(- a 1)");
    assert_expr("a-1", "(- a 1)");
    assert_expr("a - -1", "(- a -1)");
    assert_expr("x*-1", "(* x -1)");
    assert_expr("[-1, 2]", "(list -1 2)");
    assert_expr("(-1)", "-1");
    assert_expr("(- 1)", "(neg 1)");
    assert_expr("-.5", "-0.5");
    assert_expr("a + - b", "(+ a (neg b))");
}

static void test_application(void **state)
{
    (void)state;
    assert_expr("lpf 800 0.7", "(lpf 800 0.7)");
    assert_expr("f a b c", "(f a b c)");
    assert_expr("f (g a) ~b \"c\" [d] 1", "(f (g a) ~b \"c\" (list d) 1)");
    assert_expr("every 3 (fast 2)", "(every 3 (fast 2))");
    assert_expr("jux rev", "(jux rev)");
    assert_expr("saw", "saw");
    assert_expr("~bus", "~bus");
    assert_expr("f a + g b", "(+ (f a) (g b))");
}

static void test_sections(void **state)
{
    (void)state;
    assert_expr("(# speed 2)", "(section (# _ (speed 2)))");
    assert_expr("every 2 (# speed 2)", "(every 2 (section (# _ (speed 2))))");
    assert_expr("off 0.25 (# speed 2)", "(off 0.25 (section (# _ (speed 2))))");
    assert_expr("(# speed 2 # gain 0.5)", "(section (# (# _ (speed 2)) (gain 0.5)))");
    assert_expr("(+ 7)", "(section (+ _ 7))");
    assert_expr("(* 2)", "(section (* _ 2))");
    assert_expr("(|+ n 1)", "(section (|+ _ (n 1)))");
    assert_expr("(+ 7 * 2)", "(section (+ _ (* 7 2)))");
    assert_expr("($ fast 2)", "(section ($ _ (fast 2)))");
    assert_expr("(fast 2)", "(fast 2)");
    assert_expr("(jux rev)", "(jux rev)");

    const char *src = "every 2 (# speed 2)";
    Arena a;
    arena_init(&a, 0, 0);
    Diag d;
    diag_init(&d, "q", src, strlen(src));
    AstNode *n;
    assert_int_equal(parse_expression(src, strlen(src), "q", &a, &d, &n), PH_OK);
    const AstNode *sec = n->u.app.args[1];
    assert_int_equal(sec->kind, AST_SECTION);
    assert_int_equal(sec->u.section.op, AST_CHAIN);
    assert_int_equal(sec->offset, 8);
    assert_int_equal(sec->length, 11);
    assert_int_equal(sec->u.section.body->u.bin.lhs->kind, AST_HOLE);
    diag_free(&d);
    arena_free(&a);
}

static void test_lists(void **state)
{
    (void)state;
    assert_expr("[]", "(list)");
    assert_expr("[a]", "(list a)");
    assert_expr("stack [s \"bd\", s \"hh\" # gain 0.5, [1, 2]]",
                "(stack (list (s \"bd\") (# (s \"hh\") (gain 0.5)) (list 1 2)))");
    assert_expr("[a b, c]", "(list (a b) c)");
    assert_expr("choose [\"a\", \"b c\"] $ segment 2", "($ (choose (list \"a\" \"b c\")) (segment 2))");
}

static void test_continuation_lines(void **state)
{
    (void)state;
    /* indentation or a leading operator continues; comments never join lines */
    assert_prog("out: s \"bd\"\n  # gain 0.5\n$ fast 2\n+ ~x\n", "(out : ($ (# (s \"bd\") (gain 0.5)) (+ (fast 2) ~x)))\n");
    assert_prog("out: a -- one\n  * b -- two\nout: c\n", "(out : (* a b))\n(out : c)\n");
    assert_prog("out: a\n-1\n", "(out : (- a 1))\n");
    assert_prog("out: a\n  -1\n", "(out : (- a 1))\n");
    assert_prog("out: a\n|+ b\n<| c\n", "(out : (<| (|+ a b) c))\n");
    assert_prog("out: lpf 800\n\t0.8\n", "(out : (lpf 800 0.8))\n");
    /* a list or a call may close on its own line */
    assert_prog("out: stack [\n  s \"bd\",\n  s \"sn\"\n]\n", "(out : (stack (list (s \"bd\") (s \"sn\"))))\n");
    assert_prog("out: (a\n  + b\n)\n", "(out : (+ a b))\n");
    /* blank and comment lines end statements */
    assert_prog("-- header\n\n~a: 1\n\n-- between\nout: ~a\n-- end", "(bus a : 1)\n(out : ~a)\n");
    /* CRLF */
    assert_prog("tempo: 1\r\nout: a\r\n  + b\r\n", "(tempo 1)\n(out : (+ a b))\n");
    assert_prog("", "");
    assert_prog("-- only a comment", "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_statements),
        cmocka_unit_test(test_statement_fields),
        cmocka_unit_test(test_chain_precedence),
        cmocka_unit_test(test_dollar_chains),
        cmocka_unit_test(test_arithmetic),
        cmocka_unit_test(test_unary_and_negative_literals),
        cmocka_unit_test(test_application),
        cmocka_unit_test(test_sections),
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_continuation_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
