/* test_rt_batch_fake.c — batch retries and transaction tokens against
 * unprocessed_server.py, a fake endpoint that leaves work unprocessed.
 *
 * Every entry must end up processed, none may be sent again once processed,
 * and a table that never processes anything must fail THROTTLED after the
 * client's attempt bound. */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "ddbc/rt.h"

#define MAX_ATTEMPTS 4

static ddbc_rt_client *client;

static int setup(void **state)
{
    (void)state;
    ddbc_rt_config cfg = DDBC_RT_CONFIG_INIT;
    cfg.max_attempts = MAX_ATTEMPTS;
    cfg.base_delay_ms = 1;
    cfg.max_delay_ms = 4;
    char why[256] = "";
    if (ddbc_rt_client_create(&cfg, &client, why, sizeof why) != DDBC_RT_OK) {
        fprintf(stderr, "client: %s\n", why);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ddbc_rt_client_free(client);
    return 0;
}

/* What the fake server saw so far. */
static cJSON *stats(void)
{
    char *resp = NULL;
    size_t len = 0;
    assert_int_equal(ddbc_rt_call(client, "DdbcTestStats", "{}", 2, &resp, &len), DDBC_RT_OK);
    cJSON *j = cJSON_ParseWithLength(resp, len);
    free(resp);
    assert_non_null(j);
    cJSON *v = cJSON_GetObjectItemCaseSensitive(j, "violations");
    for (size_t i = 0; i < (size_t)cJSON_GetArraySize(v); i++)
        fprintf(stderr, "violation: %s\n", cJSON_GetStringValue(cJSON_GetArrayItem(v, (int)i)));
    assert_int_equal((size_t)cJSON_GetArraySize(v), 0);
    return j;
}

static long stat_int(cJSON *j, const char *group, const char *key)
{
    cJSON *g = cJSON_GetObjectItemCaseSensitive(j, group);
    cJSON *v = cJSON_GetObjectItemCaseSensitive(g, key);
    return cJSON_IsNumber(v) ? (long)v->valuedouble : 0;
}

static void make_items(ddbc_rt_item *v, size_t n, const char *pk_prefix, size_t from)
{
    for (size_t i = 0; i < n; i++) {
        char pk[40], sk[40];
        snprintf(pk, sizeof pk, "%s%zu", pk_prefix, (from + i) % 7);
        snprintf(sk, sizeof sk, "S#%05zu", from + i);
        v[i] = (ddbc_rt_item)DDBC_RT_ITEM_INIT;
        assert_int_equal(ddbc_rt_item_set_s(&v[i], "PK", pk, strlen(pk)), DDBC_RT_OK);
        assert_int_equal(ddbc_rt_item_set_s(&v[i], "SK", sk, strlen(sk)), DDBC_RT_OK);
    }
}

static void free_items(ddbc_rt_item *v, size_t n)
{
    for (size_t i = 0; i < n; i++) ddbc_rt_item_free(&v[i]);
}

static void test_batch_write_partial(void **state)
{
    (void)state;
    ddbc_rt_item puts[130], dels[20];
    make_items(puts, 130, "P", 0);
    make_items(dels, 20, "D", 1000);
    for (size_t i = 0; i < 130; i++)
        assert_int_equal(ddbc_rt_item_set_i64(&puts[i], "n", (int64_t)i), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_batch_write(client, "partial", puts, 130, dels, 20), DDBC_RT_OK);
    cJSON *j = stats();
    assert_int_equal(stat_int(j, "processed", "BatchWriteItem:partial"), 150);
    /* 150 entries are 6 full requests; halves in the first 3 add rounds */
    assert_true(stat_int(j, "requests", "BatchWriteItem:partial") > 6);
    cJSON_Delete(j);
    free_items(puts, 130);
    free_items(dels, 20);
}

static void test_batch_write_slow_progress(void **state)
{
    (void)state;
    /* one entry per round: every round makes progress, so the attempt bound
       (4) never trips although 30 rounds are needed */
    ddbc_rt_item puts[30];
    make_items(puts, 30, "P", 0);
    assert_int_equal(ddbc_rt_batch_write(client, "slow", puts, 30, NULL, 0), DDBC_RT_OK);
    cJSON *j = stats();
    assert_int_equal(stat_int(j, "processed", "BatchWriteItem:slow"), 30);
    assert_int_equal(stat_int(j, "requests", "BatchWriteItem:slow"), 30);
    cJSON_Delete(j);
    free_items(puts, 30);
}

static void test_batch_write_never_throttled(void **state)
{
    (void)state;
    ddbc_rt_item puts[10];
    make_items(puts, 10, "P", 0);
    assert_int_equal(ddbc_rt_batch_write(client, "never", puts, 10, NULL, 0), DDBC_RT_THROTTLED);
    const ddbc_rt_error *e = ddbc_rt_client_error(client);
    assert_int_equal(e->status, DDBC_RT_THROTTLED);
    assert_string_equal(e->operation, "BatchWriteItem");
    assert_int_equal(e->attempts, MAX_ATTEMPTS);
    assert_non_null(strstr(e->message, "10 items still unprocessed"));
    cJSON *j = stats();
    assert_int_equal(stat_int(j, "requests", "BatchWriteItem:never"), MAX_ATTEMPTS);
    assert_int_equal(stat_int(j, "processed", "BatchWriteItem:never"), 0);
    cJSON_Delete(j);
    free_items(puts, 10);
}

static void test_batch_get_partial(void **state)
{
    (void)state;
    enum { N = 250 };
    ddbc_rt_item keys[N];
    for (size_t i = 0; i < N; i++) {
        char pk[40], sk[40];
        /* every 9th key has no item; keys 240.. repeat earlier ones */
        size_t k = i >= 240 ? i - 200 : i;
        snprintf(pk, sizeof pk, "%s%zu", k % 9 == 4 ? "missing" : "G", k % 13);
        snprintf(sk, sizeof sk, "S#%05zu", k);
        keys[i] = (ddbc_rt_item)DDBC_RT_ITEM_INIT;
        assert_int_equal(ddbc_rt_item_set_s(&keys[i], "PK", pk, strlen(pk)), DDBC_RT_OK);
        assert_int_equal(ddbc_rt_item_set_s(&keys[i], "SK", sk, strlen(sk)), DDBC_RT_OK);
    }
    ddbc_rt_items out = DDBC_RT_ITEMS_INIT;
    assert_int_equal(ddbc_rt_batch_get(client, "partial", keys, N, true, &out), DDBC_RT_OK);
    assert_int_equal(out.n, N);
    for (size_t i = 0; i < N; i++) {
        const char *pk, *sk, *val;
        assert_true(ddbc_rt_item_s(&keys[i], "PK", &pk, NULL));
        assert_true(ddbc_rt_item_s(&keys[i], "SK", &sk, NULL));
        if (strncmp(pk, "missing", 7) == 0) {
            assert_int_equal(out.v[i].n, 0);
            continue;
        }
        char want[100];
        snprintf(want, sizeof want, "v-%s-%s", pk, sk);
        assert_true(ddbc_rt_item_s(&out.v[i], "val", &val, NULL));
        assert_string_equal(val, want);
    }
    cJSON *j = stats();
    assert_int_equal(stat_int(j, "processed", "BatchGetItem:partial"), 240);   /* distinct keys */
    cJSON_Delete(j);
    ddbc_rt_items_free(&out);
    free_items(keys, N);
}

static void test_batch_get_never_throttled(void **state)
{
    (void)state;
    ddbc_rt_item keys[5];
    make_items(keys, 5, "G", 0);
    ddbc_rt_items out = DDBC_RT_ITEMS_INIT;
    assert_int_equal(ddbc_rt_batch_get(client, "never", keys, 5, false, &out), DDBC_RT_THROTTLED);
    assert_int_equal(out.n, 0);
    const ddbc_rt_error *e = ddbc_rt_client_error(client);
    assert_string_equal(e->operation, "BatchGetItem");
    assert_int_equal(e->attempts, MAX_ATTEMPTS);
    cJSON *j = stats();
    assert_int_equal(stat_int(j, "requests", "BatchGetItem:never"), MAX_ATTEMPTS);
    cJSON_Delete(j);
    ddbc_rt_items_free(&out);
    free_items(keys, 5);
}

static void test_transaction_token(void **state)
{
    (void)state;
    ddbc_rt_tx_action a = {.kind = DDBC_TX_PUT, .table = "t", .item = DDBC_RT_ITEM_INIT,
                           .names = DDBC_RT_ITEM_INIT, .values = DDBC_RT_ITEM_INIT};
    assert_int_equal(ddbc_rt_item_set_s(&a.item, "PK", "x", 1), DDBC_RT_OK);
    /* each call: a 500, then the retry succeeds */
    assert_int_equal(ddbc_rt_transact_write(client, &a, 1), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_transact_write(client, &a, 1), DDBC_RT_OK);
    cJSON *j = stats();
    cJSON *tokens = cJSON_GetObjectItemCaseSensitive(j, "tokens");
    assert_int_equal((size_t)cJSON_GetArraySize(tokens), 4);
    const char *t[4];
    for (size_t i = 0; i < 4; i++) {
        t[i] = cJSON_GetStringValue(cJSON_GetArrayItem(tokens, (int)i));
        assert_non_null(t[i]);
        assert_int_equal(strlen(t[i]), 26);
    }
    assert_string_equal(t[0], t[1]);   /* a retry carries the call's token */
    assert_string_equal(t[2], t[3]);
    assert_string_not_equal(t[0], t[2]);   /* a new call, a new token */
    cJSON_Delete(j);
    ddbc_rt_tx_action_free(&a);
    ddbc_rt_tx_action_free(&a);
    ddbc_rt_tx_action_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_batch_write_partial),
        cmocka_unit_test(test_batch_write_slow_progress),
        cmocka_unit_test(test_batch_write_never_throttled),
        cmocka_unit_test(test_batch_get_partial),
        cmocka_unit_test(test_batch_get_never_throttled),
        cmocka_unit_test(test_transaction_token),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
