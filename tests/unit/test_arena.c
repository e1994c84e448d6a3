/* test_arena.c — unit tests for the compilation arena (arena.c).
 *
 * Blocks must come back zeroed and aligned for any type, big blocks must not
 * strand a shared chunk, and growing the newest block must not copy. */
#include <stdalign.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "arena.h"
#include "vec.h"

static bool all_zero(const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i]) return false;
    return true;
}

static void alloc_is_zeroed_and_aligned(void **state)
{
    (void)state;
    ddbc_arena *a = ddbc_arena_create();
    for (size_t size = 0; size < 5000; size += 7) {
        unsigned char *p = ddbc_arena_alloc(a, size);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
        assert_true(all_zero(p, size));
        memset(p, 0xAB, size);   /* dirty it: later blocks must still be zero */
    }
    ddbc_arena_destroy(a);
}

static void zero_size_blocks_are_distinct(void **state)
{
    (void)state;
    ddbc_arena *a = ddbc_arena_create();
    void *p = ddbc_arena_alloc(a, 0);
    void *q = ddbc_arena_alloc(a, 0);
    assert_non_null(p);
    assert_ptr_not_equal(p, q);
    ddbc_arena_destroy(a);
}

static void large_block_gets_its_own_chunk(void **state)
{
    (void)state;
    ddbc_arena *a = ddbc_arena_create();
    char *small = ddbc_arena_alloc(a, 32);
    size_t before = ddbc_arena_footprint(a);
    char *big = ddbc_arena_alloc(a, 1 << 20);
    assert_true(ddbc_arena_footprint(a) >= before + (1 << 20));
    assert_true(all_zero(big, 1 << 20));
    size_t after_big = ddbc_arena_footprint(a);
    /* The shared chunk is still the current one: small blocks cost nothing new. */
    char *next = ddbc_arena_alloc(a, 32);
    assert_int_equal(ddbc_arena_footprint(a), after_big);
    assert_true(next > small);
    ddbc_arena_destroy(a);
}

static void grow_newest_block_in_place(void **state)
{
    (void)state;
    ddbc_arena *a = ddbc_arena_create();
    char *p = ddbc_arena_alloc(a, 16);
    memcpy(p, "0123456789abcdef", 16);
    char *q = ddbc_arena_grow(a, p, 16, 256);
    assert_ptr_equal(p, q);
    assert_memory_equal(q, "0123456789abcdef", 16);
    assert_true(all_zero(q + 16, 240));
    ddbc_arena_destroy(a);
}

static void grow_older_block_copies(void **state)
{
    (void)state;
    ddbc_arena *a = ddbc_arena_create();
    char *p = ddbc_arena_alloc(a, 16);
    memcpy(p, "0123456789abcdef", 16);
    char *other = ddbc_arena_alloc(a, 8);
    memset(other, 0xFF, 8);
    char *q = ddbc_arena_grow(a, p, 16, 64);
    assert_ptr_not_equal(p, q);
    assert_memory_equal(q, "0123456789abcdef", 16);
    assert_true(all_zero(q + 16, 48));
    assert_memory_equal(other, "\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF", 8);
    /* Shrinking or keeping the size hands back the same block. */
    assert_ptr_equal(ddbc_arena_grow(a, q, 64, 10), q);
    ddbc_arena_destroy(a);
}

static void grow_large_block_keeps_contents(void **state)
{
    (void)state;
    ddbc_arena *a = ddbc_arena_create();
    size_t n = 20000;
    unsigned char *p = ddbc_arena_alloc(a, n);
    for (size_t i = 0; i < n; i++) p[i] = (unsigned char)(i * 31);
    unsigned char *q = ddbc_arena_grow(a, p, n, 5 * n);
    for (size_t i = 0; i < n; i++) assert_int_equal(q[i], (unsigned char)(i * 31));
    assert_true(all_zero(q + n, 4 * n));
    assert_int_equal((uintptr_t)q % alignof(max_align_t), 0);
    /* Growing from NULL is an allocation. */
    unsigned char *r = ddbc_arena_grow(a, NULL, 0, 100);
    assert_true(all_zero(r, 100));
    ddbc_arena_destroy(a);
}

static void vector_of_a_million(void **state)
{
    (void)state;
    ddbc_arena *a = ddbc_arena_create();
    DDBC_VEC(int) v = {NULL, 0, 0};
    DDBC_VEC(short) w = {NULL, 0, 0};
    for (int i = 0; i < 1000000; i++) {
        DDBC_VEC_PUSH(a, v, i);
        if (i % 3 == 0) DDBC_VEC_PUSH(a, w, (short)i);
    }
    assert_int_equal(v.n, 1000000);
    for (int i = 0; i < 1000000; i++) assert_int_equal(v.v[i], i);
    for (size_t i = 0; i < w.n; i++) assert_int_equal(w.v[i], (short)(i * 3));
    /* Doubling vectors must not leave every old copy behind. */
    assert_true(ddbc_arena_footprint(a) < 16u * 1000000);
    DDBC_VEC_REMOVE(v, 0);
    assert_int_equal(v.n, 999999);
    assert_int_equal(v.v[0], 1);
    ddbc_arena_destroy(a);
}

static void strings(void **state)
{
    (void)state;
    ddbc_arena *a = ddbc_arena_create();
    assert_string_equal(ddbc_arena_strdup(a, "orders"), "orders");
    assert_string_equal(ddbc_arena_strdup(a, ""), "");
    assert_string_equal(ddbc_arena_strndup(a, "customer_id", 8), "customer");
    assert_string_equal(ddbc_arena_strndup(a, "ab\0cd", 5), "ab");
    assert_string_equal(ddbc_arena_printf(a, "%s#%d", "ORDER", 42), "ORDER#42");
    char big[40000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    char *s = ddbc_arena_printf(a, "<%s>", big);
    assert_int_equal(strlen(s), sizeof big + 1);
    assert_int_equal(s[0], '<');
    assert_int_equal(s[sizeof big], '>');
    ddbc_arena_destroy(a);
}

static void destroy_null_is_a_no_op(void **state)
{
    (void)state;
    ddbc_arena_destroy(NULL);
    ddbc_arena *a = ddbc_arena_create();
    assert_true(ddbc_arena_footprint(a) > 0);
    ddbc_arena_destroy(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(alloc_is_zeroed_and_aligned),
        cmocka_unit_test(zero_size_blocks_are_distinct),
        cmocka_unit_test(large_block_gets_its_own_chunk),
        cmocka_unit_test(grow_newest_block_in_place),
        cmocka_unit_test(grow_older_block_copies),
        cmocka_unit_test(grow_large_block_keeps_contents),
        cmocka_unit_test(vector_of_a_million),
        cmocka_unit_test(strings),
        cmocka_unit_test(destroy_null_is_a_no_op),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
