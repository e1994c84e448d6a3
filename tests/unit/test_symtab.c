/* test_symtab.c — unit tests for the name look-up table (symtab.c).
 *
 * Exercises growth to 100k keys and tombstone churn, the two places an
 * open-addressing table goes wrong. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "arena.h"
#include "symtab.h"

enum { N = 100000 };

static char **make_keys(ddbc_arena *a, int n, const char *prefix)
{
    char **keys = ddbc_arena_alloc(a, (size_t)n * sizeof *keys);
    for (int i = 0; i < n; i++) keys[i] = ddbc_arena_printf(a, "%s%d", prefix, i);
    return keys;
}

static void put_get_replace(void **state)
{
    (void)state;
    ddbc_arena *a = ddbc_arena_create();
    ddbc_symtab *t = ddbc_symtab_create(a);
    int x = 1, y = 2;
    assert_null(ddbc_symtab_get(t, "orders"));
    ddbc_symtab_put(t, "orders", &x);
    assert_ptr_equal(ddbc_symtab_get(t, "orders"), &x);
    assert_int_equal(ddbc_symtab_count(t), 1);
    /* Keys compare by content, not by pointer. */
    char copy[] = "orders";
    ddbc_symtab_put(t, copy, &y);
    assert_ptr_equal(ddbc_symtab_get(t, "orders"), &y);
    assert_int_equal(ddbc_symtab_count(t), 1);
    ddbc_symtab_put(t, "", &x);
    assert_ptr_equal(ddbc_symtab_get(t, ""), &x);
    assert_int_equal(ddbc_symtab_count(t), 2);
    ddbc_arena_destroy(a);
}

static void remove_keys(void **state)
{
    (void)state;
    ddbc_arena *a = ddbc_arena_create();
    ddbc_symtab *t = ddbc_symtab_create(a);
    int v = 0;
    ddbc_symtab_remove(t, "absent");
    assert_int_equal(ddbc_symtab_count(t), 0);
    ddbc_symtab_put(t, "a", &v);
    ddbc_symtab_put(t, "b", &v);
    ddbc_symtab_remove(t, "a");
    assert_null(ddbc_symtab_get(t, "a"));
    assert_ptr_equal(ddbc_symtab_get(t, "b"), &v);
    assert_int_equal(ddbc_symtab_count(t), 1);
    ddbc_symtab_remove(t, "a");
    assert_int_equal(ddbc_symtab_count(t), 1);
    ddbc_symtab_put(t, "a", &v);
    assert_ptr_equal(ddbc_symtab_get(t, "a"), &v);
    assert_int_equal(ddbc_symtab_count(t), 2);
    ddbc_arena_destroy(a);
}

static void growth_to_100k(void **state)
{
    (void)state;
    ddbc_arena *a = ddbc_arena_create();
    ddbc_symtab *t = ddbc_symtab_create(a);
    char **keys = make_keys(a, N, "column_");
    int *vals = ddbc_arena_alloc(a, N * sizeof *vals);
    for (int i = 0; i < N; i++) {
        vals[i] = i;
        ddbc_symtab_put(t, keys[i], &vals[i]);
    }
    assert_int_equal(ddbc_symtab_count(t), N);
    for (int i = 0; i < N; i++) {
        int *got = ddbc_symtab_get(t, keys[i]);
        assert_non_null(got);
        assert_int_equal(*got, i);
    }
    assert_null(ddbc_symtab_get(t, "column_100000"));
    assert_null(ddbc_symtab_get(t, "column_"));

    for (int i = 0; i < N; i += 2) ddbc_symtab_remove(t, keys[i]);
    assert_int_equal(ddbc_symtab_count(t), N / 2);
    for (int i = 0; i < N; i++) {
        int *got = ddbc_symtab_get(t, keys[i]);
        if (i % 2) assert_int_equal(*got, i);
        else assert_null(got);
    }
    ddbc_arena_destroy(a);
}

static void tombstone_churn(void **state)
{
    (void)state;
    ddbc_arena *a = ddbc_arena_create();
    ddbc_symtab *t = ddbc_symtab_create(a);
    char **keys = make_keys(a, N, "k");
    int v = 7;
    /* A sliding window of 100 live keys: every slot eventually held a tombstone,
     * so look-ups must still terminate and find the live ones. */
    for (int i = 0; i < N; i++) {
        ddbc_symtab_put(t, keys[i], &v);
        if (i >= 100) ddbc_symtab_remove(t, keys[i - 100]);
    }
    assert_int_equal(ddbc_symtab_count(t), 100);
    for (int i = 0; i < N; i++) {
        void *got = ddbc_symtab_get(t, keys[i]);
        if (i >= N - 100) assert_ptr_equal(got, &v);
        else assert_null(got);
    }
    ddbc_arena_destroy(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(put_get_replace),
        cmocka_unit_test(remove_keys),
        cmocka_unit_test(growth_to_100k),
        cmocka_unit_test(tombstone_churn),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
