/* test_rt_ops.c — the operations of runtime/rt_ops.c against a real
 * DynamoDB-compatible server (run under tests/lib/with_server.sh).
 *
 * dynalite: get/put/update/delete with conditions, Query pages (1 MB paging,
 * Limit, ExclusiveStartKey, filters, a GSI), BatchGetItem of 250 keys,
 * BatchWriteItem of puts and deletes.  moto: the same single-item checks and
 * TransactWriteItems, which dynalite lacks. */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "ddbc/rt.h"

#define TABLE "rt_ops"
#define PAD_BYTES 4000

static ddbc_rt_client *client;

/* ---- helpers ------------------------------------------------------------------------ */

static ddbc_rt_item key_of(const char *pk, const char *sk)
{
    ddbc_rt_item k = DDBC_RT_ITEM_INIT;
    assert_int_equal(ddbc_rt_item_set_s(&k, "PK", pk, strlen(pk)), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_set_s(&k, "SK", sk, strlen(sk)), DDBC_RT_OK);
    return k;
}

/* An item of names or values: "#n0" → S "status" and the like. */
static ddbc_rt_item names_of(int n, ...)
{
    ddbc_rt_item it = DDBC_RT_ITEM_INIT;
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) {
        const char *ph = va_arg(ap, const char *);
        const char *name = va_arg(ap, const char *);
        assert_int_equal(ddbc_rt_item_set_s(&it, ph, name, strlen(name)), DDBC_RT_OK);
    }
    va_end(ap);
    return it;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static int create_table(void)
{
    static const char body[] =
        "{\"TableName\":\"" TABLE "\","
        "\"AttributeDefinitions\":["
        "{\"AttributeName\":\"PK\",\"AttributeType\":\"S\"},"
        "{\"AttributeName\":\"SK\",\"AttributeType\":\"S\"},"
        "{\"AttributeName\":\"GSI1PK\",\"AttributeType\":\"S\"},"
        "{\"AttributeName\":\"GSI1SK\",\"AttributeType\":\"S\"}],"
        "\"KeySchema\":[{\"AttributeName\":\"PK\",\"KeyType\":\"HASH\"},"
        "{\"AttributeName\":\"SK\",\"KeyType\":\"RANGE\"}],"
        "\"GlobalSecondaryIndexes\":[{\"IndexName\":\"GSI1\","
        "\"KeySchema\":[{\"AttributeName\":\"GSI1PK\",\"KeyType\":\"HASH\"},"
        "{\"AttributeName\":\"GSI1SK\",\"KeyType\":\"RANGE\"}],"
        "\"Projection\":{\"ProjectionType\":\"ALL\"}}],"
        "\"BillingMode\":\"PAY_PER_REQUEST\"}";
    char *resp = NULL;
    size_t len = 0;
    if (ddbc_rt_call(client, "CreateTable", body, sizeof body - 1, &resp, &len) != DDBC_RT_OK) {
        fprintf(stderr, "CreateTable: %s\n", ddbc_rt_client_error(client)->message);
        return -1;
    }
    free(resp);
    /* wait until ACTIVE: servers may report CREATING for a moment */
    static const char describe[] = "{\"TableName\":\"" TABLE "\"}";
    for (int i = 0; i < 200; i++) {
        if (ddbc_rt_call(client, "DescribeTable", describe, sizeof describe - 1, &resp, &len) !=
            DDBC_RT_OK)
            return -1;
        bool active = strstr(resp, "\"TableStatus\":\"ACTIVE\"") || strstr(resp, "\"TableStatus\": \"ACTIVE\"");
        free(resp);
        if (active) return 0;
        sleep_ms(50);
    }
    fprintf(stderr, "table never became ACTIVE\n");
    return -1;
}

static int setup(void **state)
{
    (void)state;
    char why[256] = "";
    if (ddbc_rt_client_create(NULL, &client, why, sizeof why) != DDBC_RT_OK) {
        fprintf(stderr, "client: %s\n", why);
        return -1;
    }
    return create_table();
}

static int teardown(void **state)
{
    (void)state;
    ddbc_rt_client_free(client);
    return 0;
}

static ddbc_rt_av list_of(ddbc_rt_av_type t, size_t n, ...)
{
    ddbc_rt_av v;
    v.type = t;
    v.u.l.v = calloc(n, sizeof *v.u.l.v);
    assert_non_null(v.u.l.v);
    v.u.l.n = v.u.l.cap = n;
    va_list ap;
    va_start(ap, n);
    for (size_t i = 0; i < n; i++) {
        ddbc_rt_av_type et = va_arg(ap, ddbc_rt_av_type);
        const char *s = va_arg(ap, const char *);
        size_t len = va_arg(ap, size_t);
        v.u.l.v[i].type = et;
        v.u.l.v[i].u.s.ptr = malloc(len + 1);
        assert_non_null(v.u.l.v[i].u.s.ptr);
        memcpy(v.u.l.v[i].u.s.ptr, s, len);
        v.u.l.v[i].u.s.ptr[len] = '\0';
        v.u.l.v[i].u.s.len = len;
    }
    va_end(ap);
    return v;
}

/* ---- single items ---------------------------------------------------------------------- */

static void test_put_get_every_type(void **state)
{
    (void)state;
    ddbc_rt_item it = key_of("T#every", "v1");
    const char *uni = "caf\xc3\xa9 \"q\" \\ \n\t \xf0\x9f\x98\x80 #$";
    assert_int_equal(ddbc_rt_item_set_s(&it, "s", uni, strlen(uni)), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_set_n(&it, "n38", "12345678901234567890123456789012345678"),
                     DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_set_n(&it, "nfrac", "-0.000000000000000000000000000000000123"),
                     DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_set_n(&it, "nexp", "1.5E+20"), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_set_i64(&it, "imin", INT64_MIN), DDBC_RT_OK);
    unsigned char bytes[256];
    for (int i = 0; i < 256; i++) bytes[i] = (unsigned char)i;
    assert_int_equal(ddbc_rt_item_set_b(&it, "b", bytes, sizeof bytes), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_set_bool(&it, "t", true), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_set_bool(&it, "f", false), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_set_null(&it, "z"), DDBC_RT_OK);
    ddbc_rt_av m = {.type = DDBC_AV_M, .u.m = DDBC_RT_ITEM_INIT};
    assert_int_equal(ddbc_rt_item_set_s(&m.u.m, "inner", "x", 1), DDBC_RT_OK);
    ddbc_rt_av l = list_of(DDBC_AV_L, 2, DDBC_AV_S, "a", (size_t)1, DDBC_AV_N, "2", (size_t)1);
    assert_int_equal(ddbc_rt_item_put(&m.u.m, "list", &l), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_put(&it, "m", &m), DDBC_RT_OK);
    ddbc_rt_av ss = list_of(DDBC_AV_SS, 2, DDBC_AV_S, "x", (size_t)1, DDBC_AV_S, "y\"", (size_t)2);
    ddbc_rt_av ns = list_of(DDBC_AV_NS, 2, DDBC_AV_N, "1", (size_t)1, DDBC_AV_N, "2.5", (size_t)3);
    ddbc_rt_av bs = list_of(DDBC_AV_BS, 2, DDBC_AV_B, "\0\1", (size_t)2, DDBC_AV_B, "\xff", (size_t)1);
    assert_int_equal(ddbc_rt_item_put(&it, "ss", &ss), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_put(&it, "ns", &ns), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_put(&it, "bs", &bs), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_put_item(client, TABLE, &it, NULL, NULL, NULL), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_client_error(client)->status, DDBC_RT_OK);

    ddbc_rt_item k = key_of("T#every", "v1");
    ddbc_rt_item got;
    assert_int_equal(ddbc_rt_get_item(client, TABLE, &k, true, &got), DDBC_RT_OK);
    assert_int_equal(got.n, it.n);
    for (size_t i = 0; i < it.n; i++) {
        const ddbc_rt_av *g = ddbc_rt_item_get(&got, it.attrs[i].name);
        if (!g || !ddbc_rt_av_equal(g, &it.attrs[i].value))
            fail_msg("attribute %s did not come back equal", it.attrs[i].name);
    }
    int64_t v;
    assert_true(ddbc_rt_item_i64(&got, "imin", &v));
    assert_true(v == INT64_MIN);
    /* 38 digits survive exactly */
    assert_string_equal(ddbc_rt_item_get(&got, "n38")->u.s.ptr,
                        "12345678901234567890123456789012345678");
    ddbc_rt_item_free(&got);
    ddbc_rt_item_free(&k);
    ddbc_rt_item_free(&it);
}

static void test_conditions(void **state)
{
    (void)state;
    ddbc_rt_item it = key_of("T#cond", "a");
    assert_int_equal(ddbc_rt_item_set_s(&it, "status", "open", 4), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_set_i64(&it, "count", 1), DDBC_RT_OK);
    ddbc_rt_item pk_name = names_of(1, "#n0", "PK");
    /* create-only: first succeeds, second fails the condition */
    assert_int_equal(ddbc_rt_put_item(client, TABLE, &it, "attribute_not_exists(#n0)", &pk_name,
                                      NULL), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_put_item(client, TABLE, &it, "attribute_not_exists(#n0)", &pk_name,
                                      NULL), DDBC_RT_CONDITION_FAILED);
    const ddbc_rt_error *e = ddbc_rt_client_error(client);
    assert_int_equal(e->status, DDBC_RT_CONDITION_FAILED);
    assert_string_equal(e->type, "ConditionalCheckFailedException");
    assert_string_equal(e->operation, "PutItem");

    /* update with reserved words as names, values only as placeholders */
    ddbc_rt_item k = key_of("T#cond", "a");
    ddbc_rt_item names = names_of(2, "#n0", "count", "#n1", "status");
    ddbc_rt_item values = DDBC_RT_ITEM_INIT;
    assert_int_equal(ddbc_rt_item_set_i64(&values, ":v0", 41), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_set_s(&values, ":v1", "paid", 4), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_set_s(&values, ":v2", "open", 4), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_update_item(client, TABLE, &k, "SET #n0 = #n0 + :v0, #n1 = :v1",
                                         "#n1 = :v2", &names, &values), DDBC_RT_OK);
    ddbc_rt_item got;
    assert_int_equal(ddbc_rt_get_item(client, TABLE, &k, true, &got), DDBC_RT_OK);
    int64_t n;
    const char *s;
    assert_true(ddbc_rt_item_i64(&got, "count", &n));
    assert_int_equal(n, 42);
    assert_true(ddbc_rt_item_s(&got, "status", &s, NULL));
    assert_string_equal(s, "paid");
    ddbc_rt_item_free(&got);
    /* the same update again: status is no longer open */
    assert_int_equal(ddbc_rt_update_item(client, TABLE, &k, "SET #n0 = #n0 + :v0, #n1 = :v1",
                                         "#n1 = :v2", &names, &values), DDBC_RT_CONDITION_FAILED);
    assert_string_equal(ddbc_rt_client_error(client)->operation, "UpdateItem");

    /* delete guarded by a condition that fails, then unconditionally */
    ddbc_rt_item status_name = names_of(1, "#n0", "status");
    ddbc_rt_item open_value = DDBC_RT_ITEM_INIT;
    assert_int_equal(ddbc_rt_item_set_s(&open_value, ":v0", "open", 4), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_delete_item(client, TABLE, &k, "#n0 = :v0", &status_name,
                                         &open_value), DDBC_RT_CONDITION_FAILED);
    assert_int_equal(ddbc_rt_get_item(client, TABLE, &k, true, &got), DDBC_RT_OK);
    ddbc_rt_item_free(&got);
    /* empty names/values are left out of the request (DynamoDB rejects empty maps) */
    ddbc_rt_item empty = DDBC_RT_ITEM_INIT;
    assert_int_equal(ddbc_rt_delete_item(client, TABLE, &k, NULL, &empty, &empty), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_get_item(client, TABLE, &k, true, &got), DDBC_RT_NOT_FOUND);
    assert_int_equal(got.n, 0);
    assert_int_equal(ddbc_rt_client_error(client)->status, DDBC_RT_NOT_FOUND);
    assert_string_equal(ddbc_rt_client_error(client)->operation, "GetItem");

    /* a table that does not exist */
    assert_int_equal(ddbc_rt_get_item(client, "no_such_table", &k, false, &got),
                     DDBC_RT_RESOURCE_NOT_FOUND);

    ddbc_rt_item_free(&open_value);
    ddbc_rt_item_free(&status_name);
    ddbc_rt_item_free(&values);
    ddbc_rt_item_free(&names);
    ddbc_rt_item_free(&k);
    ddbc_rt_item_free(&pk_name);
    ddbc_rt_item_free(&it);
}

/* ---- query pages -------------------------------------------------------------------------- */

#define NQ 300

/* 300 items of about 4 KB in partition "Q": 1.2 MB, more than one 1 MB page. */
static void load_query_items(void)
{
    static char pad[PAD_BYTES + 1];
    memset(pad, 'p', PAD_BYTES);
    ddbc_rt_item *items = calloc(NQ, sizeof *items);
    assert_non_null(items);
    for (int i = 0; i < NQ; i++) {
        char sk[32], g[16], gs[16];
        snprintf(sk, sizeof sk, "ITEM#%04d", i);
        snprintf(g, sizeof g, "G#%d", i % 3);
        snprintf(gs, sizeof gs, "%04d", i);
        items[i] = key_of("Q", sk);
        assert_int_equal(ddbc_rt_item_set_s(&items[i], "GSI1PK", g, strlen(g)), DDBC_RT_OK);
        assert_int_equal(ddbc_rt_item_set_s(&items[i], "GSI1SK", gs, strlen(gs)), DDBC_RT_OK);
        assert_int_equal(ddbc_rt_item_set_i64(&items[i], "i", i), DDBC_RT_OK);
        assert_int_equal(ddbc_rt_item_set_bool(&items[i], "odd", i % 2 == 1), DDBC_RT_OK);
        assert_int_equal(ddbc_rt_item_set_s(&items[i], "pad", pad, PAD_BYTES), DDBC_RT_OK);
    }
    assert_int_equal(ddbc_rt_batch_write(client, TABLE, items, NQ, NULL, 0), DDBC_RT_OK);
    for (int i = 0; i < NQ; i++) ddbc_rt_item_free(&items[i]);
    free(items);
}

/* Every page of q; asserts page sizes and returns the items' "i" in order. */
static size_t query_all(ddbc_rt_query q, int *got, size_t cap, int *pages)
{
    ddbc_rt_items all = DDBC_RT_ITEMS_INIT;
    ddbc_rt_item start = DDBC_RT_ITEM_INIT, last = DDBC_RT_ITEM_INIT;
    *pages = 0;
    for (;;) {
        size_t before = all.n;
        q.start_key = start.n ? &start : NULL;
        assert_int_equal(ddbc_rt_query_page(client, &q, &all, &last), DDBC_RT_OK);
        (*pages)++;
        if (q.limit > 0) assert_true(all.n - before <= (size_t)q.limit);
        ddbc_rt_item_free(&start);
        if (last.n == 0) break;
        start = last;
        last = (ddbc_rt_item)DDBC_RT_ITEM_INIT;
        assert_true(*pages < 1000);
    }
    assert_true(all.n <= cap);
    for (size_t i = 0; i < all.n; i++) {
        int64_t v;
        assert_true(ddbc_rt_item_i64(&all.v[i], "i", &v));
        got[i] = (int)v;
    }
    size_t n = all.n;
    ddbc_rt_items_free(&all);
    return n;
}

static void test_query_pages(void **state)
{
    (void)state;
    load_query_items();
    ddbc_rt_item names = names_of(1, "#n0", "PK");
    ddbc_rt_item values = DDBC_RT_ITEM_INIT;
    assert_int_equal(ddbc_rt_item_set_s(&values, ":v0", "Q", 1), DDBC_RT_OK);
    ddbc_rt_query q = {.table = TABLE, .key_condition = "#n0 = :v0", .names = &names,
                       .values = &values, .scan_forward = true, .consistent = true};
    int got[NQ + 1], pages;

    /* no Limit: the 1 MB page cap splits 1.2 MB */
    size_t n = query_all(q, got, NQ, &pages);
    assert_int_equal(n, NQ);
    assert_true(pages >= 2);
    for (int i = 0; i < NQ; i++) assert_int_equal(got[i], i);

    /* Limit 7 with ExclusiveStartKey */
    q.limit = 7;
    n = query_all(q, got, NQ, &pages);
    assert_int_equal(n, NQ);
    assert_true(pages >= NQ / 7);
    for (int i = 0; i < NQ; i++) assert_int_equal(got[i], i);

    /* backwards */
    q.scan_forward = false;
    q.limit = 5;
    ddbc_rt_items page = DDBC_RT_ITEMS_INIT;
    ddbc_rt_item last = DDBC_RT_ITEM_INIT;
    assert_int_equal(ddbc_rt_query_page(client, &q, &page, &last), DDBC_RT_OK);
    assert_int_equal(page.n, 5);
    int64_t v;
    assert_true(ddbc_rt_item_i64(&page.v[0], "i", &v));
    assert_int_equal(v, NQ - 1);
    assert_true(ddbc_rt_item_i64(&page.v[4], "i", &v));
    assert_int_equal(v, NQ - 5);
    assert_true(last.n > 0);
    const char *sk;
    assert_true(ddbc_rt_item_s(&last, "SK", &sk, NULL));
    assert_string_equal(sk, "ITEM#0295");
    /* the page appends; last_key is emptied before it is filled again */
    ddbc_rt_item start;
    assert_int_equal(ddbc_rt_item_copy(&start, &last), DDBC_RT_OK);
    q.start_key = &start;
    assert_int_equal(ddbc_rt_query_page(client, &q, &page, &last), DDBC_RT_OK);
    assert_int_equal(page.n, 10);
    assert_true(ddbc_rt_item_i64(&page.v[5], "i", &v));
    assert_int_equal(v, NQ - 6);
    assert_true(ddbc_rt_item_s(&last, "SK", &sk, NULL));
    assert_string_equal(sk, "ITEM#0290");
    ddbc_rt_item_free(&start);
    ddbc_rt_item_free(&last);
    ddbc_rt_items_free(&page);
    q.start_key = NULL;

    /* a filter: Limit counts items read, not items kept */
    ddbc_rt_item fnames = names_of(2, "#n0", "PK", "#n1", "odd");
    ddbc_rt_item fvalues = DDBC_RT_ITEM_INIT;
    assert_int_equal(ddbc_rt_item_set_s(&fvalues, ":v0", "Q", 1), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_set_bool(&fvalues, ":v1", true), DDBC_RT_OK);
    ddbc_rt_query fq = {.table = TABLE, .key_condition = "#n0 = :v0", .filter = "#n1 = :v1",
                        .names = &fnames, .values = &fvalues, .scan_forward = true,
                        .limit = 10};
    n = query_all(fq, got, NQ, &pages);
    assert_int_equal(n, NQ / 2);
    assert_true(pages >= NQ / 10);
    for (size_t i = 0; i < n; i++) assert_int_equal(got[i], 2 * (int)i + 1);

    /* a sort-key range */
    ddbc_rt_item rnames = names_of(2, "#n0", "PK", "#n1", "SK");
    ddbc_rt_item rvalues = DDBC_RT_ITEM_INIT;
    assert_int_equal(ddbc_rt_item_set_s(&rvalues, ":v0", "Q", 1), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_set_s(&rvalues, ":v1", "ITEM#0100", 9), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_set_s(&rvalues, ":v2", "ITEM#0149", 9), DDBC_RT_OK);
    ddbc_rt_query rq = {.table = TABLE, .key_condition = "#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2",
                        .names = &rnames, .values = &rvalues, .scan_forward = true};
    n = query_all(rq, got, NQ, &pages);
    assert_int_equal(n, 50);
    assert_int_equal(got[0], 100);
    assert_int_equal(got[49], 149);

    /* the GSI */
    ddbc_rt_item gnames = names_of(1, "#n0", "GSI1PK");
    ddbc_rt_item gvalues = DDBC_RT_ITEM_INIT;
    assert_int_equal(ddbc_rt_item_set_s(&gvalues, ":v0", "G#1", 3), DDBC_RT_OK);
    ddbc_rt_query gq = {.table = TABLE, .index = "GSI1", .key_condition = "#n0 = :v0",
                        .names = &gnames, .values = &gvalues, .scan_forward = true, .limit = 40};
    n = query_all(gq, got, NQ, &pages);
    assert_int_equal(n, NQ / 3);
    for (size_t i = 0; i < n; i++) assert_int_equal(got[i], 3 * (int)i + 1);

    /* an empty partition: no items, no LastEvaluatedKey */
    assert_int_equal(ddbc_rt_item_set_s(&values, ":v0", "nothing", 7), DDBC_RT_OK);
    page = (ddbc_rt_items)DDBC_RT_ITEMS_INIT;
    assert_int_equal(ddbc_rt_query_page(client, &q, &page, &last), DDBC_RT_OK);
    assert_int_equal(page.n, 0);
    assert_int_equal(last.n, 0);

    ddbc_rt_item_free(&gnames);
    ddbc_rt_item_free(&gvalues);
    ddbc_rt_item_free(&rnames);
    ddbc_rt_item_free(&rvalues);
    ddbc_rt_item_free(&fnames);
    ddbc_rt_item_free(&fvalues);
    ddbc_rt_item_free(&names);
    ddbc_rt_item_free(&values);
}

/* ---- batches ------------------------------------------------------------------------------ */

static void test_batch_get_250(void **state)
{
    (void)state;
    /* needs the query items; ordering is the test: a fixed permutation */
    enum { N = 250 };
    ddbc_rt_item keys[N];
    int want[N];
    unsigned x = 12345;
    for (int i = 0; i < N; i++) {
        x = x * 1103515245u + 12345u;
        int k = (int)((x >> 8) % 400);    /* 300..399 do not exist */
        if (i >= 245) k = want[i - 245];  /* a few repeated keys */
        char sk[32];
        snprintf(sk, sizeof sk, "ITEM#%04d", k);
        keys[i] = key_of("Q", sk);
        want[i] = k;
    }
    ddbc_rt_items out = DDBC_RT_ITEMS_INIT;
    assert_int_equal(ddbc_rt_batch_get(client, TABLE, keys, N, false, &out), DDBC_RT_OK);
    assert_int_equal(out.n, N);
    int missing = 0;
    for (int i = 0; i < N; i++) {
        if (want[i] >= NQ) {
            assert_int_equal(out.v[i].n, 0);
            missing++;
            continue;
        }
        int64_t v;
        assert_true(ddbc_rt_item_i64(&out.v[i], "i", &v));
        assert_int_equal(v, want[i]);
        const char *pad;
        size_t len;
        assert_true(ddbc_rt_item_s(&out.v[i], "pad", &pad, &len));
        assert_int_equal(len, PAD_BYTES);
    }
    assert_true(missing > 20);
    ddbc_rt_items_free(&out);
    for (int i = 0; i < N; i++) ddbc_rt_item_free(&keys[i]);
}

static size_t count_partition(const char *pk, int *got, size_t cap)
{
    ddbc_rt_item names = names_of(1, "#n0", "PK");
    ddbc_rt_item values = DDBC_RT_ITEM_INIT;
    assert_int_equal(ddbc_rt_item_set_s(&values, ":v0", pk, strlen(pk)), DDBC_RT_OK);
    ddbc_rt_query q = {.table = TABLE, .key_condition = "#n0 = :v0", .names = &names,
                       .values = &values, .scan_forward = true, .consistent = true};
    int pages;
    size_t n = query_all(q, got, cap, &pages);
    ddbc_rt_item_free(&names);
    ddbc_rt_item_free(&values);
    return n;
}

static void test_batch_write_puts_deletes(void **state)
{
    (void)state;
    enum { NP = 130, NMORE = 50, NDEL = 60 };
    ddbc_rt_item puts[NP + NMORE], dels[NDEL];
    for (int i = 0; i < NP + NMORE; i++) {
        char sk[32];
        snprintf(sk, sizeof sk, "W#%04d", i);
        puts[i] = key_of("W", sk);
        assert_int_equal(ddbc_rt_item_set_i64(&puts[i], "i", i), DDBC_RT_OK);
    }
    assert_int_equal(ddbc_rt_batch_write(client, TABLE, puts, NP, NULL, 0), DDBC_RT_OK);
    int got[NP + NMORE];
    assert_int_equal(count_partition("W", got, NP + NMORE), NP);

    /* mixed: 50 new puts and 60 deletes in one call */
    for (int i = 0; i < NDEL; i++) {
        char sk[32];
        snprintf(sk, sizeof sk, "W#%04d", 2 * i);   /* the even ones below 120 */
        dels[i] = key_of("W", sk);
    }
    assert_int_equal(ddbc_rt_batch_write(client, TABLE, puts + NP, NMORE, dels, NDEL), DDBC_RT_OK);
    size_t n = count_partition("W", got, NP + NMORE);
    assert_int_equal(n, NP + NMORE - NDEL);
    size_t k = 0;
    for (int i = 0; i < NP + NMORE; i++) {
        if (i < 2 * NDEL && i % 2 == 0) continue;
        assert_int_equal(got[k++], i);
    }
    assert_int_equal(k, n);
    /* nothing to do is no request and no error */
    assert_int_equal(ddbc_rt_batch_write(client, TABLE, NULL, 0, NULL, 0), DDBC_RT_OK);
    for (int i = 0; i < NP + NMORE; i++) ddbc_rt_item_free(&puts[i]);
    for (int i = 0; i < NDEL; i++) ddbc_rt_item_free(&dels[i]);
}

/* ---- transactions (moto) -------------------------------------------------------------------- */

static ddbc_rt_tx_action action(ddbc_rt_tx_kind kind, const char *pk, const char *sk)
{
    ddbc_rt_tx_action a = {.kind = kind, .table = TABLE, .item = key_of(pk, sk),
                           .names = DDBC_RT_ITEM_INIT, .values = DDBC_RT_ITEM_INIT};
    return a;
}

static bool exists(const char *pk, const char *sk)
{
    ddbc_rt_item k = key_of(pk, sk), got;
    ddbc_rt_status st = ddbc_rt_get_item(client, TABLE, &k, true, &got);
    ddbc_rt_item_free(&k);
    ddbc_rt_item_free(&got);
    assert_true(st == DDBC_RT_OK || st == DDBC_RT_NOT_FOUND);
    return st == DDBC_RT_OK;
}

static void test_transactions(void **state)
{
    (void)state;
    ddbc_rt_tx_action a[3];
    a[0] = action(DDBC_TX_PUT, "TX", "a");
    a[0].condition = "attribute_not_exists(#n0)";
    a[0].names = names_of(1, "#n0", "PK");
    a[1] = action(DDBC_TX_PUT, "TX", "b");
    a[2] = action(DDBC_TX_UPDATE, "TX", "c");
    a[2].update = "SET #n0 = :v0";
    a[2].names = names_of(1, "#n0", "status");
    assert_int_equal(ddbc_rt_item_set_s(&a[2].values, ":v0", "made", 4), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_transact_write(client, a, 3), DDBC_RT_OK);
    assert_true(exists("TX", "a"));
    assert_true(exists("TX", "b"));
    ddbc_rt_item k = key_of("TX", "c"), got;
    assert_int_equal(ddbc_rt_get_item(client, TABLE, &k, true, &got), DDBC_RT_OK);
    const char *s;
    assert_true(ddbc_rt_item_s(&got, "status", &s, NULL));
    assert_string_equal(s, "made");
    ddbc_rt_item_free(&got);
    ddbc_rt_item_free(&k);
    for (int i = 0; i < 3; i++) ddbc_rt_tx_action_free(&a[i]);

    /* a failed check cancels the whole transaction, with one reason per action */
    ddbc_rt_tx_action b[2];
    b[0] = action(DDBC_TX_PUT, "TX", "d");
    b[1] = action(DDBC_TX_CHECK, "TX", "a");
    b[1].condition = "attribute_not_exists(#n0)";
    b[1].names = names_of(1, "#n0", "PK");
    assert_int_equal(ddbc_rt_transact_write(client, b, 2), DDBC_RT_TRANSACTION_CANCELED);
    const ddbc_rt_error *e = ddbc_rt_client_error(client);
    assert_int_equal(e->status, DDBC_RT_TRANSACTION_CANCELED);
    assert_string_equal(e->type, "TransactionCanceledException");
    assert_int_equal(e->nreasons, 2);
    assert_string_equal(e->reasons[0], "None");
    assert_string_equal(e->reasons[1], "ConditionalCheckFailed");
    assert_false(exists("TX", "d"));
    for (int i = 0; i < 2; i++) ddbc_rt_tx_action_free(&b[i]);

    /* a conditional delete in a transaction */
    ddbc_rt_tx_action d = action(DDBC_TX_DELETE, "TX", "b");
    d.condition = "attribute_exists(#n0)";
    d.names = names_of(1, "#n0", "PK");
    assert_int_equal(ddbc_rt_transact_write(client, &d, 1), DDBC_RT_OK);
    assert_false(exists("TX", "b"));
    ddbc_rt_tx_action_free(&d);

    /* too many actions never reach the server; a check needs its condition */
    ddbc_rt_tx_action many[101];
    for (int i = 0; i < 101; i++) many[i] = action(DDBC_TX_PUT, "TX", "many");
    assert_int_equal(ddbc_rt_transact_write(client, many, 101), DDBC_RT_INVALID_ARGUMENT);
    for (int i = 0; i < 101; i++) ddbc_rt_tx_action_free(&many[i]);
    ddbc_rt_tx_action check = action(DDBC_TX_CHECK, "TX", "a");
    assert_int_equal(ddbc_rt_transact_write(client, &check, 1), DDBC_RT_INVALID_ARGUMENT);
    ddbc_rt_tx_action_free(&check);
}

int main(void)
{
    const char *server = getenv("DDBC_TEST_SERVER");
    const struct CMUnitTest dynalite[] = {
        cmocka_unit_test(test_put_get_every_type),
        cmocka_unit_test(test_conditions),
        cmocka_unit_test(test_query_pages),
        cmocka_unit_test(test_batch_get_250),
        cmocka_unit_test(test_batch_write_puts_deletes),
    };
    const struct CMUnitTest moto[] = {
        cmocka_unit_test(test_put_get_every_type),
        cmocka_unit_test(test_conditions),
        cmocka_unit_test(test_transactions),
    };
    const struct CMUnitTest dynalite_tx[] = {
        cmocka_unit_test(test_transactions),
    };
    /* dynalite-tx: dynalite behind tests/lib/tx_shim.py, which emulates
     * TransactWriteItems, so the transaction tests also meet dynalite's
     * stricter validation of each write */
    const char *shim = getenv("DDBC_TEST_TX_SHIM");
    if (server && strcmp(server, "dynalite") == 0 && shim && strcmp(shim, "1") == 0)
        return cmocka_run_group_tests_name("rt_ops_dynalite_tx", dynalite_tx, setup, teardown);
    if (server && strcmp(server, "dynalite") == 0)
        return cmocka_run_group_tests_name("rt_ops_dynalite", dynalite, setup, teardown);
    if (server && strcmp(server, "moto") == 0)
        return cmocka_run_group_tests_name("rt_ops_moto", moto, setup, teardown);
    fprintf(stderr, "test_rt_ops: run under tests/lib/with_server.sh dynalite|dynalite-tx|moto\n");
    return 1;
}
