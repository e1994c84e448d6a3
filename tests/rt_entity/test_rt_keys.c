/* test_rt_keys.c — runtime/rt_keys.c from hand-written descriptors: every keyenc
 * type, sparse conditions, guard and counter keys, rows and defaults; the shop
 * keys expected are those of the compiler's sample items
 * (tests/golden/example-shop/expected/out/nosql-workbench.json). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rt_internal.h"

/* ---- the shop example's descriptors (a subset, as the generator writes them) -------- */

#define N(a) (sizeof(a) / sizeof *(a))
#define LIT(s) {s, NULL, DDBC_KEYENC_STRING}
#define VAL(a, t) {NULL, a, t}

static const ddbc_rt_column customer_cols[] = {
    {"id", DDBC_RT_NUMBER, DDBC_KEYENC_NUMBER, false, DDBC_RT_DEFAULT_ID, NULL, "bigint"},
    {"email", DDBC_RT_STRING, DDBC_KEYENC_STRING, false, DDBC_RT_DEFAULT_NONE, NULL, "text"},
    {"full_name", DDBC_RT_STRING, DDBC_KEYENC_STRING, false, DDBC_RT_DEFAULT_NONE, NULL, "text"},
    {"marketing_opt_in", DDBC_RT_BOOL, DDBC_KEYENC_BOOL, false, DDBC_RT_DEFAULT_VALUE, "false", "boolean"},
    {"created_at", DDBC_RT_STRING, DDBC_KEYENC_TIMESTAMP, false, DDBC_RT_DEFAULT_NOW, NULL, "timestamptz"},
};
static const ddbc_rt_part customer_pk[] = {LIT("CUSTOMER"), VAL("id", DDBC_KEYENC_NUMBER)};
static const ddbc_rt_part customer_sk[] = {LIT("#CUSTOMER")};
static const ddbc_rt_part customer_g1pk[] = {LIT("CUSTOMER_EMAIL"), VAL("email", DDBC_KEYENC_STRING)};
static const ddbc_rt_key customer_keys[] = {
    {NULL, "PK", "SK", {customer_pk, 2}, {customer_sk, 1}, NULL, 0},
    {"GSI1", "GSI1PK", "GSI1SK", {customer_g1pk, 2}, {customer_pk, 2}, NULL, 0},
};
static const char *const customer_email[] = {"email"};
static const ddbc_rt_part customer_guard[] = {LIT("UNIQUE"), LIT("CUSTOMER"), LIT("email"),
                                              VAL("email", DDBC_KEYENC_STRING)};
static const ddbc_rt_unique customer_uniques[] = {{customer_email, 1, {customer_guard, 4}}};
static const char *const customer_key_cols[] = {"id"};
static const ddbc_rt_entity customers = {
    "customers", "CUSTOMER", customer_cols, N(customer_cols), customer_key_cols, 1, customer_key_cols, 1,
    customer_keys, N(customer_keys), customer_uniques, 1, NULL, 0, NULL, 0, NULL, 0, NULL, 0,
};

static const ddbc_rt_column category_cols[] = {
    {"id", DDBC_RT_NUMBER, DDBC_KEYENC_NUMBER, false, DDBC_RT_DEFAULT_ID, NULL, "bigint"},
    {"parent_id", DDBC_RT_NUMBER, DDBC_KEYENC_NUMBER, true, DDBC_RT_DEFAULT_NONE, NULL, "bigint"},
    {"slug", DDBC_RT_STRING, DDBC_KEYENC_STRING, false, DDBC_RT_DEFAULT_NONE, NULL, "text"},
};
static const ddbc_rt_part category_pk[] = {LIT("CATEGORY"), VAL("id", DDBC_KEYENC_NUMBER)};
static const ddbc_rt_part category_sk[] = {LIT("#CATEGORY")};
static const ddbc_rt_part category_g1pk[] = {LIT("CATEGORY"), VAL("parent_id", DDBC_KEYENC_NUMBER)};
static const ddbc_rt_part category_g1sk[] = {LIT("CATEGORY"), VAL("slug", DDBC_KEYENC_STRING),
                                             VAL("id", DDBC_KEYENC_NUMBER)};
static const ddbc_rt_conjunct category_when[] = {{"parent_id", NULL}};
static const ddbc_rt_key category_keys[] = {
    {NULL, "PK", "SK", {category_pk, 2}, {category_sk, 1}, NULL, 0},
    {"GSI1", "GSI1PK", "GSI1SK", {category_g1pk, 2}, {category_g1sk, 3}, category_when, 1},
};
static const char *const id_col[] = {"id"};
static const ddbc_rt_entity categories = {
    "categories", "CATEGORY", category_cols, N(category_cols), id_col, 1, id_col, 1,
    category_keys, N(category_keys), NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0,
};

static const ddbc_rt_column order_cols[] = {
    {"id", DDBC_RT_NUMBER, DDBC_KEYENC_NUMBER, false, DDBC_RT_DEFAULT_ID, NULL, "bigint"},
    {"customer_id", DDBC_RT_NUMBER, DDBC_KEYENC_NUMBER, false, DDBC_RT_DEFAULT_NONE, NULL, "bigint"},
    {"status", DDBC_RT_STRING, DDBC_KEYENC_STRING, false, DDBC_RT_DEFAULT_VALUE, "PENDING", "text"},
    {"total_cents", DDBC_RT_NUMBER, DDBC_KEYENC_NUMBER, false, DDBC_RT_DEFAULT_VALUE, "0", "bigint"},
    {"placed_at", DDBC_RT_STRING, DDBC_KEYENC_TIMESTAMP, false, DDBC_RT_DEFAULT_NOW, NULL, "timestamptz"},
    {"shipped_at", DDBC_RT_STRING, DDBC_KEYENC_TIMESTAMP, true, DDBC_RT_DEFAULT_NONE, NULL, "timestamptz"},
};
static const ddbc_rt_part order_pk[] = {LIT("ORDER"), VAL("id", DDBC_KEYENC_NUMBER)};
static const ddbc_rt_part order_sk[] = {LIT("#ORDER")};
static const ddbc_rt_part order_g1pk[] = {LIT("CUSTOMER"), VAL("customer_id", DDBC_KEYENC_NUMBER)};
static const ddbc_rt_part order_g1sk[] = {LIT("ORDER"), VAL("placed_at", DDBC_KEYENC_TIMESTAMP),
                                          VAL("id", DDBC_KEYENC_NUMBER)};
static const ddbc_rt_part order_g2pk[] = {LIT("ORDER_STATUS"), VAL("status", DDBC_KEYENC_STRING)};
static const ddbc_rt_key order_keys[] = {
    {NULL, "PK", "SK", {order_pk, 2}, {order_sk, 1}, NULL, 0},
    {"GSI1", "GSI1PK", "GSI1SK", {order_g1pk, 2}, {order_g1sk, 3}, NULL, 0},
    {"GSI2", "GSI2PK", "GSI2SK", {order_g2pk, 2}, {order_g1sk, 3}, NULL, 0},
};
static const ddbc_rt_part counter_pk[] = {LIT("ORDER_COUNT"), VAL("customer_id", DDBC_KEYENC_NUMBER)};
static const ddbc_rt_part counter_sk[] = {LIT("#COUNT"), VAL("status", DDBC_KEYENC_STRING)};
static const char *const counter_group[] = {"customer_id", "status"};
static const ddbc_rt_counter order_counter = {{counter_pk, 2}, {counter_sk, 2}, counter_group, 2, "item_count"};
static const ddbc_rt_entity orders = {
    "orders", "ORDER", order_cols, N(order_cols), id_col, 1, id_col, 1,
    order_keys, N(order_keys), NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0,
};

static const char *const review_cols[] = {"product_id", "customer_id"};
static const ddbc_rt_part review_guard[] = {LIT("UNIQUE#REVIEW#product_id#customer_id"),
                                            VAL("product_id", DDBC_KEYENC_NUMBER),
                                            VAL("customer_id", DDBC_KEYENC_NUMBER)};
static const ddbc_rt_unique review_unique = {review_cols, 2, {review_guard, 3}};

/* ---- helpers ------------------------------------------------------------------------- */

static void set_s(ddbc_rt_item *it, const char *name, const char *v)
{
    assert_int_equal(ddbc_rt_item_set_s(it, name, v, strlen(v)), DDBC_RT_OK);
}

static void set_n(ddbc_rt_item *it, const char *name, const char *v)
{
    assert_int_equal(ddbc_rt_item_set_n(it, name, v), DDBC_RT_OK);
}

static void assert_attr(const ddbc_rt_item *it, const char *name, const char *want)
{
    const char *s = NULL;
    size_t len = 0;
    if (!ddbc_rt_item_s(it, name, &s, &len)) fail_msg("attribute %s is missing or not S", name);
    assert_int_equal(len, strlen(want));
    assert_string_equal(s, want);
}

static void assert_no_attr(const ddbc_rt_item *it, const char *name)
{
    if (ddbc_rt_item_get(it, name)) fail_msg("attribute %s should be absent", name);
}

/* The key string one value part of type t gives for value v. */
static char *one_part(ddbc_keyenc_type t, const ddbc_rt_av *v)
{
    ddbc_rt_part part = {NULL, "x", t};
    ddbc_rt_template tmpl = {&part, 1};
    ddbc_rt_item it = DDBC_RT_ITEM_INIT;
    assert_int_equal(ddbc_rt_item_set(&it, "x", v), DDBC_RT_OK);
    char *out = NULL;
    size_t len = 0;
    bool ok = ddbc_rt_template_render(&tmpl, 1, &it, &out, &len);
    ddbc_rt_item_free(&it);
    if (!ok) return NULL;
    assert_int_equal(len, strlen(out));
    return out;
}

static void check_part(ddbc_keyenc_type t, ddbc_rt_av_type at, const char *value, size_t len, const char *want)
{
    ddbc_rt_av v;
    memset(&v, 0, sizeof v);
    v.type = at;
    if (at == DDBC_AV_BOOL) {
        v.u.b = !strcmp(value, "true");
    } else {
        v.u.s.ptr = malloc(len + 1);
        assert_non_null(v.u.s.ptr);
        memcpy(v.u.s.ptr, value, len);
        v.u.s.ptr[len] = '\0';
        v.u.s.len = len;
    }
    char *got = one_part(t, &v);
    ddbc_rt_av_free(&v);
    if (!want) {
        assert_null(got);
        return;
    }
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

/* ---- tests ----------------------------------------------------------------------------- */

static void test_every_keyenc_type(void **state)
{
    (void)state;
    check_part(DDBC_KEYENC_STRING, DDBC_AV_S, "ana.silva@example.com", 21, "ana.silva@example.com");
    /* the delimiter and the escape byte are escaped: a value cannot forge a part */
    check_part(DDBC_KEYENC_STRING, DDBC_AV_S, "a#b$c", 5, "a$cb$dc");
    check_part(DDBC_KEYENC_STRING, DDBC_AV_S, "caf\xc3\xa9", 5, "caf\xc3\xa9");
    check_part(DDBC_KEYENC_NUMBER, DDBC_AV_N, "1001", 4, "25041001");
    check_part(DDBC_KEYENC_NUMBER, DDBC_AV_N, "1001.000", 8, "25041001");   /* equal values, equal keys */
    char neg[64];
    long n = ddbc_keyenc_value(DDBC_KEYENC_NUMBER, "-12.5", 5, false, neg, sizeof neg);
    assert_true(n > 0 && n < (long)sizeof neg);
    check_part(DDBC_KEYENC_NUMBER, DDBC_AV_N, "-12.5", 5, neg);
    check_part(DDBC_KEYENC_NUMBER, DDBC_AV_N, "twelve", 6, NULL);
    check_part(DDBC_KEYENC_TIMESTAMP, DDBC_AV_S, "2024-03-01T09:30:00Z", 20, "2024-03-01T09:30:00.000000Z");
    check_part(DDBC_KEYENC_TIMESTAMP, DDBC_AV_S, "2024-03-01 10:30:00+01:00", 25, "2024-03-01T09:30:00.000000Z");
    check_part(DDBC_KEYENC_DATE, DDBC_AV_S, "2024-03-01", 10, "2024-03-01");
    check_part(DDBC_KEYENC_DATE, DDBC_AV_S, "2024-02-30", 10, NULL);
    check_part(DDBC_KEYENC_BOOL, DDBC_AV_BOOL, "true", 0, "1");
    check_part(DDBC_KEYENC_BOOL, DDBC_AV_BOOL, "false", 0, "0");
    check_part(DDBC_KEYENC_BINARY, DDBC_AV_B, "\xdd\xbc\x00\x01", 4, "ddbc0001");
}

static void test_not_encodable_types(void **state)
{
    (void)state;
    ddbc_rt_av null_v;
    memset(&null_v, 0, sizeof null_v);
    null_v.type = DDBC_AV_NULL;
    assert_null(one_part(DDBC_KEYENC_STRING, &null_v));
    ddbc_rt_av m;
    memset(&m, 0, sizeof m);
    m.type = DDBC_AV_M;
    assert_null(one_part(DDBC_KEYENC_STRING, &m));
    /* an absent attribute */
    ddbc_rt_part part = {NULL, "missing", DDBC_KEYENC_STRING};
    ddbc_rt_template t = {&part, 1};
    ddbc_rt_item it = DDBC_RT_ITEM_INIT;
    char *out = (char *)&it;
    assert_false(ddbc_rt_template_render(&t, 1, &it, &out, NULL));
    assert_null(out);
}

/* The shop's customers: keys and guard as the compiler's sample item 0. */
static void test_shop_customer_keys(void **state)
{
    (void)state;
    ddbc_rt_item it = DDBC_RT_ITEM_INIT;
    set_n(&it, "id", "1001");
    set_s(&it, "email", "ana.silva@example.com");
    set_s(&it, "full_name", "Ana Silva");
    assert_int_equal(rt_keys_apply(&customers, &it), DDBC_RT_OK);
    assert_attr(&it, "PK", "CUSTOMER#25041001");
    assert_attr(&it, "SK", "#CUSTOMER");
    assert_attr(&it, "GSI1PK", "CUSTOMER_EMAIL#ana.silva@example.com");
    assert_attr(&it, "GSI1SK", "CUSTOMER#25041001");
    char *g = rt_keys_guard(&customer_uniques[0], &it);
    assert_non_null(g);
    assert_string_equal(g, "UNIQUE#CUSTOMER#email#ana.silva@example.com");
    free(g);
    /* a partial template: the prefix a bound key uses */
    char *pre = NULL;
    assert_true(ddbc_rt_template_render(&customer_keys[1].pk, 1, &it, &pre, NULL));
    assert_string_equal(pre, "CUSTOMER_EMAIL");
    free(pre);
    /* the base key from the key columns alone */
    ddbc_rt_item cols = DDBC_RT_ITEM_INIT, key = DDBC_RT_ITEM_INIT;
    set_n(&cols, "id", "1002");
    assert_int_equal(rt_keys_base(&customers, &cols, &key), DDBC_RT_OK);
    assert_int_equal(key.n, 2);
    assert_attr(&key, "PK", "CUSTOMER#25041002");
    assert_attr(&key, "SK", "#CUSTOMER");
    ddbc_rt_item_free(&key);
    ddbc_rt_item_free(&cols);
    assert_int_equal(rt_keys_base(&customers, &cols, &key), DDBC_RT_INVALID_ARGUMENT);
    assert_int_equal(key.n, 0);
    ddbc_rt_item_free(&it);
}

/* A base key that cannot be built makes the item unstorable. */
static void test_base_key_required(void **state)
{
    (void)state;
    ddbc_rt_item it = DDBC_RT_ITEM_INIT;
    set_s(&it, "email", "x@example.com");
    assert_int_equal(rt_keys_apply(&customers, &it), DDBC_RT_INVALID_ARGUMENT);
    set_n(&it, "id", "not a number");
    assert_int_equal(rt_keys_apply(&customers, &it), DDBC_RT_INVALID_ARGUMENT);
    ddbc_rt_item_free(&it);
}

/* Sparse GSI: keys only while parent_id IS NOT NULL; stale keys removed. */
static void test_sparse_index(void **state)
{
    (void)state;
    ddbc_rt_item it = DDBC_RT_ITEM_INIT;
    set_n(&it, "id", "1001");
    set_s(&it, "slug", "running-shoes");
    assert_int_equal(rt_keys_apply(&categories, &it), DDBC_RT_OK);
    assert_attr(&it, "PK", "CATEGORY#25041001");
    assert_attr(&it, "SK", "#CATEGORY");
    assert_no_attr(&it, "GSI1PK");
    assert_no_attr(&it, "GSI1SK");

    ddbc_rt_item child = DDBC_RT_ITEM_INIT;
    set_n(&child, "id", "1002");
    set_n(&child, "parent_id", "1001");
    set_s(&child, "slug", "rain-jackets");
    assert_int_equal(rt_keys_apply(&categories, &child), DDBC_RT_OK);
    assert_attr(&child, "PK", "CATEGORY#25041002");
    assert_attr(&child, "GSI1PK", "CATEGORY#25041001");
    assert_attr(&child, "GSI1SK", "CATEGORY#rain-jackets#25041002");
    /* parent_id set to NULL: the item leaves the index */
    assert_int_equal(ddbc_rt_item_set_null(&child, "parent_id"), DDBC_RT_OK);
    assert_int_equal(rt_keys_apply(&categories, &child), DDBC_RT_OK);
    assert_no_attr(&child, "GSI1PK");
    assert_no_attr(&child, "GSI1SK");
    assert_attr(&child, "PK", "CATEGORY#25041002");
    /* removed altogether: the same */
    set_n(&child, "parent_id", "1001");
    assert_int_equal(rt_keys_apply(&categories, &child), DDBC_RT_OK);
    assert_attr(&child, "GSI1PK", "CATEGORY#25041001");
    assert_true(ddbc_rt_item_remove(&child, "parent_id"));
    assert_int_equal(rt_keys_apply(&categories, &child), DDBC_RT_OK);
    assert_no_attr(&child, "GSI1PK");
    /* a missing value part (no condition on it) also leaves the index */
    set_n(&child, "parent_id", "1001");
    assert_true(ddbc_rt_item_remove(&child, "slug"));
    assert_int_equal(rt_keys_apply(&categories, &child), DDBC_RT_OK);
    assert_no_attr(&child, "GSI1PK");
    assert_no_attr(&child, "GSI1SK");
    /* an empty string is no key: DynamoDB rejects empty key attributes */
    set_s(&child, "slug", "");
    ddbc_rt_part only_slug[] = {VAL("slug", DDBC_KEYENC_STRING)};
    ddbc_rt_key k[] = {category_keys[0], {"GSI2", "GSI2PK", "GSI2SK", {only_slug, 1}, {category_pk, 2}, NULL, 0}};
    ddbc_rt_entity e = categories;
    e.keys = k;
    e.nkeys = 2;
    assert_int_equal(rt_keys_apply(&e, &child), DDBC_RT_OK);
    assert_no_attr(&child, "GSI2PK");
    set_s(&child, "slug", "s");
    assert_int_equal(rt_keys_apply(&e, &child), DDBC_RT_OK);
    assert_attr(&child, "GSI2PK", "s");
    assert_attr(&child, "GSI2SK", "CATEGORY#25041002");
    ddbc_rt_item_free(&child);
    ddbc_rt_item_free(&it);
}

/* Conditions comparing with literals, in the value's own type. */
static void test_when_literals(void **state)
{
    (void)state;
    ddbc_rt_item it = DDBC_RT_ITEM_INIT;
    set_s(&it, "status", "SHIPPED");
    set_n(&it, "level", "1.0");
    assert_int_equal(ddbc_rt_item_set_bool(&it, "active", true), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_set_null(&it, "gone"), DDBC_RT_OK);
    ddbc_rt_conjunct ok[] = {{"status", "SHIPPED"}, {"level", "1"}, {"active", "TRUE"}, {"status", NULL}};
    assert_true(rt_keys_when(ok, 4, &it));
    assert_true(rt_keys_when(NULL, 0, &it));
    ddbc_rt_conjunct bad_s[] = {{"status", "shipped"}};
    ddbc_rt_conjunct bad_n[] = {{"level", "1.5"}};
    ddbc_rt_conjunct bad_b[] = {{"active", "false"}};
    ddbc_rt_conjunct null_v[] = {{"gone", NULL}};
    ddbc_rt_conjunct absent[] = {{"nothing", NULL}};
    assert_false(rt_keys_when(bad_s, 1, &it));
    assert_false(rt_keys_when(bad_n, 1, &it));
    assert_false(rt_keys_when(bad_b, 1, &it));
    assert_false(rt_keys_when(null_v, 1, &it));
    assert_false(rt_keys_when(absent, 1, &it));

    /* a GSI for shipped orders only */
    ddbc_rt_conjunct shipped[] = {{"status", "SHIPPED"}, {"shipped_at", NULL}};
    ddbc_rt_key k[] = {order_keys[0], {"GSI3", "GSI3PK", "GSI3SK", {order_g2pk, 2}, {order_pk, 2}, shipped, 2}};
    ddbc_rt_entity e = orders;
    e.keys = k;
    e.nkeys = 2;
    ddbc_rt_item o = DDBC_RT_ITEM_INIT;
    set_n(&o, "id", "7");
    set_s(&o, "status", "SHIPPED");
    assert_int_equal(rt_keys_apply(&e, &o), DDBC_RT_OK);
    assert_no_attr(&o, "GSI3PK");
    set_s(&o, "shipped_at", "2024-03-01T11:30:00Z");
    assert_int_equal(rt_keys_apply(&e, &o), DDBC_RT_OK);
    assert_attr(&o, "GSI3PK", "ORDER_STATUS#SHIPPED");
    assert_attr(&o, "GSI3SK", "ORDER#25017");
    set_s(&o, "status", "PAID");
    assert_int_equal(rt_keys_apply(&e, &o), DDBC_RT_OK);
    assert_no_attr(&o, "GSI3PK");
    assert_no_attr(&o, "GSI3SK");
    ddbc_rt_item_free(&o);
    ddbc_rt_item_free(&it);
}

/* The shop's orders: three indexes and the counter item's key. */
static void test_shop_order_keys_and_counter(void **state)
{
    (void)state;
    ddbc_rt_item it = DDBC_RT_ITEM_INIT;
    set_n(&it, "id", "1002");
    set_n(&it, "customer_id", "1001");
    set_s(&it, "status", "PAID");
    set_n(&it, "total_cents", "2499");
    set_s(&it, "placed_at", "2024-03-02T09:30:00Z");
    assert_int_equal(rt_keys_apply(&orders, &it), DDBC_RT_OK);
    assert_attr(&it, "PK", "ORDER#25041002");
    assert_attr(&it, "SK", "#ORDER");
    assert_attr(&it, "GSI1PK", "CUSTOMER#25041001");
    assert_attr(&it, "GSI1SK", "ORDER#2024-03-02T09:30:00.000000Z#25041002");
    assert_attr(&it, "GSI2PK", "ORDER_STATUS#PAID");
    assert_attr(&it, "GSI2SK", "ORDER#2024-03-02T09:30:00.000000Z#25041002");
    char *pk = NULL, *sk = NULL;
    assert_true(ddbc_rt_template_render(&order_counter.pk, order_counter.pk.nparts, &it, &pk, NULL));
    assert_true(ddbc_rt_template_render(&order_counter.sk, order_counter.sk.nparts, &it, &sk, NULL));
    assert_string_equal(pk, "ORDER_COUNT#25041001");
    assert_string_equal(sk, "#COUNT#PAID");
    free(pk);
    free(sk);
    /* a key attribute a caller put there is rebuilt from the columns */
    set_s(&it, "GSI2PK", "ORDER_STATUS#FORGED");
    assert_int_equal(rt_keys_apply(&orders, &it), DDBC_RT_OK);
    assert_attr(&it, "GSI2PK", "ORDER_STATUS#PAID");
    ddbc_rt_item_free(&it);
}

/* Guards: two columns, and none while a column is NULL. */
static void test_guards(void **state)
{
    (void)state;
    ddbc_rt_item it = DDBC_RT_ITEM_INIT;
    set_n(&it, "product_id", "1001");
    set_n(&it, "customer_id", "1002");
    char *g = rt_keys_guard(&review_unique, &it);
    assert_non_null(g);
    assert_string_equal(g, "UNIQUE#REVIEW#product_id#customer_id#25041001#25041002");
    free(g);
    assert_int_equal(ddbc_rt_item_set_null(&it, "customer_id"), DDBC_RT_OK);
    assert_null(rt_keys_guard(&review_unique, &it));
    assert_true(ddbc_rt_item_remove(&it, "customer_id"));
    assert_null(rt_keys_guard(&review_unique, &it));
    /* a delimiter in a value cannot make two guards collide */
    ddbc_rt_item a = DDBC_RT_ITEM_INIT;
    set_s(&a, "email", "x#y");
    char *ga = rt_keys_guard(&customer_uniques[0], &a);
    assert_non_null(ga);
    assert_string_equal(ga, "UNIQUE#CUSTOMER#email#x$cy");
    free(ga);
    ddbc_rt_item_free(&a);
    ddbc_rt_item_free(&it);
}

/* An index reusing the table's attributes never removes the base key. */
static void test_inverted_index(void **state)
{
    (void)state;
    ddbc_rt_conjunct never[] = {{"parent_id", NULL}};
    ddbc_rt_key k[] = {category_keys[0], {"GSI1", "SK", "PK", {category_sk, 1}, {category_pk, 2}, never, 1}};
    ddbc_rt_entity e = categories;
    e.keys = k;
    e.nkeys = 2;
    ddbc_rt_item it = DDBC_RT_ITEM_INIT;
    set_n(&it, "id", "1001");
    assert_int_equal(rt_keys_apply(&e, &it), DDBC_RT_OK);
    assert_attr(&it, "PK", "CATEGORY#25041001");
    assert_attr(&it, "SK", "#CATEGORY");
    assert_int_equal(it.n, 3);
    ddbc_rt_item_free(&it);
}

/* Rows: key attributes stripped, DEFAULT values filled where absent. */
static void test_entity_row(void **state)
{
    (void)state;
    ddbc_rt_item it = DDBC_RT_ITEM_INIT;
    set_n(&it, "id", "1001");
    set_n(&it, "customer_id", "1001");
    set_s(&it, "placed_at", "2024-03-01T09:30:00Z");
    assert_int_equal(rt_keys_apply(&orders, &it), DDBC_RT_OK);
    assert_int_equal(it.n, 7);   /* no GSI2 keys: status is absent */
    assert_int_equal(ddbc_rt_entity_row(&orders, &it), DDBC_RT_OK);
    for (size_t i = 0; i < it.n; i++)
        if (strstr(it.attrs[i].name, "PK") || strstr(it.attrs[i].name, "SK")) fail_msg("%s left on the row", it.attrs[i].name);
    assert_attr(&it, "status", "PENDING");   /* an item from before the DEFAULT */
    int64_t cents = -1;
    assert_true(ddbc_rt_item_i64(&it, "total_cents", &cents));
    assert_int_equal(cents, 0);
    assert_no_attr(&it, "shipped_at");       /* nullable, no default: NULL */
    assert_int_equal(it.n, 5);
    /* a present value is left alone */
    set_s(&it, "status", "PAID");
    assert_int_equal(ddbc_rt_entity_row(&orders, &it), DDBC_RT_OK);
    assert_attr(&it, "status", "PAID");
    /* an explicit NULL in a nullable column with a DEFAULT stays NULL, and
       rows say NULL by absence */
    ddbc_rt_column note_cols[] = {order_cols[0], {"note", DDBC_RT_STRING, DDBC_KEYENC_STRING, true,
                                                  DDBC_RT_DEFAULT_VALUE, "hello", "text"}};
    ddbc_rt_entity noted = orders;
    noted.columns = note_cols;
    noted.ncolumns = 2;
    ddbc_rt_item n1 = DDBC_RT_ITEM_INIT, n2 = DDBC_RT_ITEM_INIT;
    set_n(&n1, "id", "1");
    assert_int_equal(ddbc_rt_entity_row(&noted, &n1), DDBC_RT_OK);
    assert_attr(&n1, "note", "hello");
    set_n(&n2, "id", "2");
    assert_int_equal(ddbc_rt_item_set_null(&n2, "note"), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_entity_row(&noted, &n2), DDBC_RT_OK);
    assert_no_attr(&n2, "note");
    assert_int_equal(n2.n, 1);
    ddbc_rt_item_free(&n1);
    ddbc_rt_item_free(&n2);
    /* BOOL defaults */
    ddbc_rt_item c = DDBC_RT_ITEM_INIT;
    set_n(&c, "id", "5");
    assert_int_equal(ddbc_rt_entity_row(&customers, &c), DDBC_RT_OK);
    bool b = true;
    assert_true(ddbc_rt_item_bool(&c, "marketing_opt_in", &b));
    assert_false(b);
    ddbc_rt_item_free(&c);
    ddbc_rt_item_free(&it);
}

static void test_av_from_text(void **state)
{
    (void)state;
    ddbc_rt_av v;
    assert_int_equal(ddbc_rt_av_from_text(&v, DDBC_RT_STRING, "PENDING", 7), DDBC_RT_OK);
    assert_int_equal(v.type, DDBC_AV_S);
    assert_string_equal(v.u.s.ptr, "PENDING");
    ddbc_rt_av_free(&v);
    assert_int_equal(ddbc_rt_av_from_text(&v, DDBC_RT_NUMBER, "-12.50", 6), DDBC_RT_OK);
    assert_int_equal(v.type, DDBC_AV_N);
    assert_string_equal(v.u.s.ptr, "-12.50");   /* kept as written */
    ddbc_rt_av_free(&v);
    assert_int_equal(ddbc_rt_av_from_text(&v, DDBC_RT_NUMBER, "abc", 3), DDBC_RT_INVALID_ARGUMENT);
    assert_int_equal(ddbc_rt_av_from_text(&v, DDBC_RT_BOOL, "true", 4), DDBC_RT_OK);
    assert_int_equal(v.type, DDBC_AV_BOOL);
    assert_true(v.u.b);
    assert_int_equal(ddbc_rt_av_from_text(&v, DDBC_RT_BOOL, "0", 1), DDBC_RT_OK);
    assert_false(v.u.b);
    assert_int_equal(ddbc_rt_av_from_text(&v, DDBC_RT_BOOL, "yes", 3), DDBC_RT_INVALID_ARGUMENT);
    assert_int_equal(ddbc_rt_av_from_text(&v, DDBC_RT_BINARY, "\x00\x01", 2), DDBC_RT_OK);
    assert_int_equal(v.type, DDBC_AV_B);
    assert_int_equal(v.u.s.len, 2);
    assert_int_equal((unsigned char)v.u.s.ptr[1], 1);
    ddbc_rt_av_free(&v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_keyenc_type),
        cmocka_unit_test(test_not_encodable_types),
        cmocka_unit_test(test_shop_customer_keys),
        cmocka_unit_test(test_base_key_required),
        cmocka_unit_test(test_sparse_index),
        cmocka_unit_test(test_when_literals),
        cmocka_unit_test(test_shop_order_keys_and_counter),
        cmocka_unit_test(test_guards),
        cmocka_unit_test(test_inverted_index),
        cmocka_unit_test(test_entity_row),
        cmocka_unit_test(test_av_from_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
