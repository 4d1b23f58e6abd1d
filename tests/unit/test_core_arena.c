/* test_core_arena.c - the arena allocator: alignment, reuse, limits, rewind. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/arena.h"

static void test_alignment_and_zero(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a, 256, 0);
    for (int i = 1; i < 100; i++) {
        unsigned char *p = arena_zalloc(&a, (size_t)i);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % 16, 0);
        for (int k = 0; k < i; k++) assert_int_equal(p[k], 0);
        memset(p, 0xAB, (size_t)i);
    }
    arena_free(&a);
}

static void test_reset_reuses_chunks(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a, 1024, 0);
    for (int i = 0; i < 50; i++) assert_non_null(arena_alloc(&a, 100));
    size_t reserved = a.reserved;
    for (int round = 0; round < 10; round++) {
        arena_reset(&a);
        for (int i = 0; i < 50; i++) assert_non_null(arena_alloc(&a, 100));
        assert_int_equal(a.reserved, reserved); /* steady state: no new chunks */
    }
    arena_free(&a);
}

static void test_limit_fails_cleanly(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a, 1024, 4096);
    int got = 0;
    while (arena_alloc(&a, 512)) got++;
    assert_true(a.failed);
    assert_true(got >= 6 && got <= 8);
    assert_true(a.reserved <= 4096);
    assert_null(arena_alloc(&a, (size_t)1 << 40));
    arena_reset(&a);
    assert_false(a.failed);
    assert_non_null(arena_alloc(&a, 512));
    arena_free(&a);
}

static void test_mark_rewind_and_realloc(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a, 128, 0);
    char *keep = arena_strdup(&a, "keep me");
    ArenaMark m = arena_mark(&a);
    for (int i = 0; i < 20; i++) assert_non_null(arena_alloc(&a, 100));
    arena_rewind(&a, m);
    char *again = arena_strdup(&a, "x");
    assert_ptr_equal(again, keep + 16);
    assert_string_equal(keep, "keep me");

    int *v = arena_alloc(&a, sizeof(int) * 4);
    for (int i = 0; i < 4; i++) v[i] = i;
    v = arena_realloc(&a, v, sizeof(int) * 4, sizeof(int) * 400);
    assert_non_null(v);
    for (int i = 0; i < 4; i++) assert_int_equal(v[i], i);
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alignment_and_zero),
        cmocka_unit_test(test_reset_reuses_chunks),
        cmocka_unit_test(test_limit_fails_cleanly),
        cmocka_unit_test(test_mark_rewind_and_realloc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
