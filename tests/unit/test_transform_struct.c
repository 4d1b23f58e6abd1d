/* test_transform_struct.c - euclid euclidRot euclidFull struct mask and the
 * combinators stack cat slowcat fastcat: Bjorklund hits, rotation to the
 * right, negative counts, JS truthiness, fragments where values change. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_transform_util.h"

static void test_euclid(void **state)
{
    (void)state;
    /* (3,8) is x..x..x. */
    assert_events("\"a\" $ euclid 3 8", 1, "0 1/8 0 1/8 a\n3/8 1/2 3/8 1/2 a\n3/4 7/8 3/4 7/8 a\n");
    /* a negative count inverts the rhythm: .xx.xx.x */
    assert_events("\"a\" $ euclid (-3) 8", 1,
                  "1/8 1/4 1/8 1/4 a\n1/4 3/8 1/4 3/8 a\n1/2 5/8 1/2 5/8 a\n5/8 3/4 5/8 3/4 a\n7/8 1 7/8 1 a\n");
    assert_events("\"a\" $ euclid 0 8", 1, "");
    /* each hit takes its value from the pattern at that time */
    assert_events("\"a b\" $ euclid 2 4", 1, "0 1/4 0 1/4 a\n1/2 3/4 1/2 3/4 b\n");
    /* patterned count: (5,8) x.xx.xx. in cycle 1 */
    assert_events("\"a\" $ euclid \"<1 5>\" 8", 2,
                  "0 1/8 0 1/8 a\n1 9/8 1 9/8 a\n5/4 11/8 5/4 11/8 a\n11/8 3/2 11/8 3/2 a\n13/8 7/4 13/8 7/4 a\n"
                  "7/4 15/8 7/4 15/8 a\n");
    assert_compile_error("\"a\" $ euclid 1.5 8", "Invalid array length");
    assert_compile_error("\"a\" $ euclid 3 100000", "limit");
}

static void test_euclid_rot_full(void **state)
{
    (void)state;
    /* rotated right by 2: x.x..x.. */
    assert_events("\"a\" $ euclidRot 3 8 2", 1, "0 1/8 0 1/8 a\n1/4 3/8 1/4 3/8 a\n5/8 3/4 5/8 3/4 a\n");
    /* (1,2) is x. and its inverse .x */
    assert_events("euclidFull 1 2 \"a\" \"b\"", 1, "0 1/2 0 1/2 a\n1/2 1 1/2 1 b\n");
    assert_events("euclidFull 1 2 (s \"a\") (n 3)", 1, "0 1/2 0 1/2 {\"s\":\"a\"}\n1/2 1 1/2 1 {\"n\":3}\n");
}

static void test_struct_mask(void **state)
{
    (void)state;
    assert_events("\"a b\" $ struct \"x ~ x\"", 1, "0 1/3 0 1/3 a\n2/3 1 2/3 1 b\n");
    /* one step over two values: two fragments sharing the step's whole */
    assert_events("\"a b\" $ struct \"x\"", 1, "0 1 0 1/2 a\n0 1 1/2 1 b\n");
    /* JS truthiness: 0 is off, the strings "f" and "false" are on */
    assert_events("\"a\" $ struct \"0 f false 1\"", 1, "1/4 1/2 1/4 1/2 a\n1/2 3/4 1/2 3/4 a\n3/4 1 3/4 1 a\n");
    /* mask keeps p's wholes and cuts parts where the mask changes */
    assert_events("\"a b\" $ mask \"1 [0 1]\"", 1, "0 1/2 0 1/2 a\n1/2 1 3/4 1 b\n");
    assert_events("\"a*4\" $ mask \"<1 0>\"", 2, "0 1/4 0 1/4 a\n1/4 1/2 1/4 1/2 a\n1/2 3/4 1/2 3/4 a\n3/4 1 3/4 1 a\n");
}

static void test_combinators(void **state)
{
    (void)state;
    assert_events("stack [\"a\", \"b c\"]", 1, "0 1 0 1 a\n0 1/2 0 1/2 b\n1/2 1 1/2 1 c\n");
    assert_events("stack []", 1, "");
    assert_events("cat []", 1, "");
    /* cycle c plays cycle floor(c/n) of element c mod n */
    assert_events("cat [\"<a b>\", \"c\"]", 4, "0 1 0 1 a\n1 2 1 2 c\n2 3 2 3 b\n3 4 3 4 c\n");
    assert_events("fastcat [\"a\", \"b c\"]", 1, "0 1/2 0 1/2 a\n1/2 3/4 1/2 3/4 b\n3/4 1 3/4 1 c\n");
    assert_events("slowcat [s \"a\", n 1]", 2, "0 1 0 1 {\"s\":\"a\"}\n1 2 1 2 {\"n\":1}\n");
    assert_compile_error("stack \"a\"", "expected a list");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_euclid),
        cmocka_unit_test(test_euclid_rot_full),
        cmocka_unit_test(test_struct_mask),
        cmocka_unit_test(test_combinators),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
