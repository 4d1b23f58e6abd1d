/* test_transform_cycle.c - rev palindrome iter iterBack chunk chunkBack
 * brak inside outside swingBy swing: cycle-by-cycle behaviour, reflected
 * wholes across cycle edges, events cut at chunk slots, huge counts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_transform_util.h"

static void test_rev(void **state)
{
    (void)state;
    assert_events("\"a b c\" $ rev", 1, "0 1/3 0 1/3 c\n1/3 2/3 1/3 2/3 b\n2/3 1 2/3 1 a\n");
    /* b spans [1/2,3/2): reflected in cycle 0 its whole is [-1/2,1/2) */
    assert_events("\"a b/2\" $ rev", 1, "-1/2 1/2 0 1/2 b\n1/2 1 1/2 1 a\n");
    /* rev twice is the identity */
    assert_events("\"a [b c]\" $ rev $ rev", 1, "0 1/2 0 1/2 a\n1/2 3/4 1/2 3/4 b\n3/4 1 3/4 1 c\n");
}

static void test_palindrome(void **state)
{
    (void)state;
    /* p0, rev p1, p2, rev p3 (Strudel), not Tidal's p0, rev p0 */
    assert_events("\"<a b> c\" $ palindrome", 2, "0 1/2 0 1/2 a\n1/2 1 1/2 1 c\n1 3/2 1 3/2 c\n3/2 2 3/2 2 b\n");
}

static void test_iter(void **state)
{
    (void)state;
    assert_events("\"a b c d\" $ iter 4", 2, "0 1/4 0 1/4 a\n1/4 1/2 1/4 1/2 b\n1/2 3/4 1/2 3/4 c\n3/4 1 3/4 1 d\n"
                                            "1 5/4 1 5/4 b\n5/4 3/2 5/4 3/2 c\n3/2 7/4 3/2 7/4 d\n7/4 2 7/4 2 a\n");
    assert_events("\"a b c d\" $ iterBack 4", 2, "0 1/4 0 1/4 a\n1/4 1/2 1/4 1/2 b\n1/2 3/4 1/2 3/4 c\n3/4 1 3/4 1 d\n"
                                                "1 5/4 1 5/4 d\n5/4 3/2 5/4 3/2 a\n3/2 7/4 3/2 7/4 b\n7/4 2 7/4 2 c\n");
    /* no copies: silence; one copy: the pattern */
    assert_events("\"a b\" $ iter 0", 1, "");
    assert_events("\"a b\" $ iter (-3)", 1, "");
    assert_events("\"a b\" $ iter 1", 2, "0 1/2 0 1/2 a\n1/2 1 1/2 1 b\n1 3/2 1 3/2 a\n3/2 2 3/2 2 b\n");
    /* a huge count costs nothing: cycle 1 is shifted by 1/10^9 */
    assert_events("\"a\" $ iter 1000000000", 2,
                  "0 1 0 1 a\n999999999/1000000000 1999999999/1000000000 1 1999999999/1000000000 a\n"
                  "1999999999/1000000000 2999999999/1000000000 1999999999/1000000000 2 a\n");
    /* patterned: cycle 0 iter 2 (copy 0), cycle 1 iter 4 (copy 1) */
    assert_events("\"a b c d\" $ iter \"<2 4>\"", 2, "0 1/4 0 1/4 a\n1/4 1/2 1/4 1/2 b\n1/2 3/4 1/2 3/4 c\n3/4 1 3/4 1 d\n"
                                                    "1 5/4 1 5/4 b\n5/4 3/2 5/4 3/2 c\n3/2 7/4 3/2 7/4 d\n7/4 2 7/4 2 a\n");
}

static void test_chunk(void **state)
{
    (void)state;
    /* slot c mod 2 is sped up; cycle 1 plays source cycle 0 (repeatCycles) */
    assert_events("\"a b\" $ chunk 2 (fast 2)", 2, "0 1/4 0 1/4 a\n1/4 1/2 1/4 1/2 b\n1/2 1 1/2 1 b\n"
                                                  "1 3/2 1 3/2 a\n3/2 7/4 3/2 7/4 a\n7/4 2 7/4 2 b\n");
    /* events are cut at the slot edges, also where nothing changes */
    assert_events("\"a\" $ chunk 2 (late 0)", 1, "0 1 0 1/2 a\n0 1 1/2 1 a\n");
    /* chunkBack walks the slots backwards: cycle 1 changes the last slot */
    assert_events("\"a b c\" $ chunkBack 3 (hurry 1)", 2,
                  "0 1/3 0 1/3 {\"speed\":1,\"value\":\"a\"}\n1/3 2/3 1/3 2/3 b\n2/3 1 2/3 1 c\n"
                  "1 4/3 1 4/3 a\n4/3 5/3 4/3 5/3 b\n5/3 2 5/3 2 {\"speed\":1,\"value\":\"c\"}\n");
    /* Array(n - 1) needs an integer n >= 1 */
    assert_compile_error("\"a\" $ chunk 0 rev", "Invalid array length");
    assert_compile_error("\"a\" $ chunk 1.5 rev", "Invalid array length");
    assert_compile_error("\"a\" $ chunk 2 3", "expected a transform");
    /* a huge count is a bounded error */
    assert_events("\"a b\" $ chunk 1000000000 rev", 1, "!query limit exceeded\n");
}

static void test_brak(void **state)
{
    (void)state;
    assert_events("\"a b\" $ brak", 2, "0 1/2 0 1/2 a\n1/2 1 1/2 1 b\n5/4 3/2 5/4 3/2 a\n3/2 7/4 3/2 7/4 b\n");
}

static void test_inside_outside(void **state)
{
    (void)state;
    /* inside 2 rev reverses each half */
    assert_events("\"a b c d\" $ inside 2 rev", 1, "0 1/4 0 1/4 b\n1/4 1/2 1/4 1/2 a\n1/2 3/4 1/2 3/4 d\n3/4 1 3/4 1 c\n");
    /* outside 2 rev reverses pairs of cycles */
    assert_events("\"<a b>\" $ outside 2 rev", 2, "0 1 0 1 b\n1 2 1 2 a\n");
    /* 0: slow 0 and fast 0 are silence */
    assert_events("\"a\" $ inside 0 rev", 1, "");
    assert_compile_error("\"a\" $ inside 2", "needs 2 arguments");
}

static void test_swing(void **state)
{
    (void)state;
    /* swing 2: the second half of each half-cycle is delayed by exactly 1/6
     * of a half-cycle (1/12); the delayed events are cut at the quarter
     * edges and the first-half event slides into the second half too */
    assert_events("\"a*4\" $ swing 2", 1,
                  "0 1/4 0 1/4 a\n1/12 1/3 1/4 1/3 a\n1/3 7/12 1/3 1/2 a\n1/2 3/4 1/2 3/4 a\n7/12 5/6 3/4 5/6 a\n"
                  "5/6 13/12 5/6 1 a\n");
    /* the delayed events are cut at the half-slice edges, and a fragment of
     * the first-half event slides in */
    assert_events("\"a*2\" $ swingBy 0.5 1", 1, "0 1/2 0 1/2 a\n1/4 3/4 1/2 3/4 a\n3/4 5/4 3/4 1 a\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rev),         cmocka_unit_test(test_palindrome), cmocka_unit_test(test_iter),
        cmocka_unit_test(test_chunk),       cmocka_unit_test(test_brak),       cmocka_unit_test(test_inside_outside),
        cmocka_unit_test(test_swing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
