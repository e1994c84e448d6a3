/* test_rt_entity_server.c — runtime/rt_entity.c against moto (transactions) with a
 * small hand-written schema: customers (UNIQUE email), orders (counter, sparse GSI,
 * a copied customer name), order lines (cascade, base-key moves); every effect is
 * checked with raw requests (guard and counter items, index keys, item counts). */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "rt_internal.h"

#define N(a) (sizeof(a) / sizeof *(a))
#define LIT(s) {s, NULL, DDBC_KEYENC_STRING}
#define VAL(a, t) {NULL, a, t}

static const char *table = "rt_entity_test";
static int failures;

#define CHECK(cond)                                                                      \
    do {                                                                                 \
        if (!(cond)) {                                                                   \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);     \
            failures++;                                                                  \
        }                                                                                \
    } while (0)

#define CHECK_ST(c, call, want)                                                          \
    do {                                                                                 \
        ddbc_rt_status st_ = (call);                                                     \
        if (st_ != (want)) {                                                             \
            const ddbc_rt_error *e_ = ddbc_rt_client_error(c);                           \
            fprintf(stderr, "%s:%d: %s gave %s, want %s (%s %s: %s)\n", __FILE__, __LINE__, \
                    #call, ddbc_rt_status_name(st_), ddbc_rt_status_name(want),          \
                    e_->operation, e_->type, e_->message);                               \
            failures++;                                                                  \
        }                                                                                \
    } while (0)

/* ---- the schema ------------------------------------------------------------------------ */

static const ddbc_rt_entity customers, orders, lines;

static const ddbc_rt_column customer_cols[] = {
    {"id", DDBC_RT_NUMBER, DDBC_KEYENC_NUMBER, false, DDBC_RT_DEFAULT_ID, NULL, "bigint"},
    {"email", DDBC_RT_STRING, DDBC_KEYENC_STRING, false, DDBC_RT_DEFAULT_NONE, NULL, "text"},
    {"name", DDBC_RT_STRING, DDBC_KEYENC_STRING, false, DDBC_RT_DEFAULT_NONE, NULL, "text"},
    {"tier", DDBC_RT_STRING, DDBC_KEYENC_STRING, false, DDBC_RT_DEFAULT_VALUE, "basic", "text"},
    {"created_at", DDBC_RT_STRING, DDBC_KEYENC_TIMESTAMP, false, DDBC_RT_DEFAULT_NOW, NULL, "timestamptz"},
    {"token", DDBC_RT_STRING, DDBC_KEYENC_STRING, true, DDBC_RT_DEFAULT_UUID, NULL, "uuid"},
};
static const ddbc_rt_part customer_pk[] = {LIT("CUSTOMER"), VAL("id", DDBC_KEYENC_NUMBER)};
static const ddbc_rt_part customer_sk[] = {LIT("#CUSTOMER")};
static const ddbc_rt_part customer_g1pk[] = {LIT("CUSTOMER_EMAIL"), VAL("email", DDBC_KEYENC_STRING)};
static const ddbc_rt_key customer_keys[] = {
    {NULL, "PK", "SK", {customer_pk, 2}, {customer_sk, 1}, NULL, 0},
    {"GSI1", "GSI1PK", "GSI1SK", {customer_g1pk, 2}, {customer_pk, 2}, NULL, 0},
};
static const char *const email_col[] = {"email"};
static const ddbc_rt_part email_guard[] = {LIT("UNIQUE"), LIT("CUSTOMER"), LIT("email"), VAL("email", DDBC_KEYENC_STRING)};
static const ddbc_rt_unique customer_uniques[] = {{email_col, 1, {email_guard, 4}}};
static const char *const id_col[] = {"id"};

static const ddbc_rt_column order_cols[] = {
    {"id", DDBC_RT_NUMBER, DDBC_KEYENC_NUMBER, false, DDBC_RT_DEFAULT_ID, NULL, "bigint"},
    {"customer_id", DDBC_RT_NUMBER, DDBC_KEYENC_NUMBER, false, DDBC_RT_DEFAULT_NONE, NULL, "bigint"},
    {"status", DDBC_RT_STRING, DDBC_KEYENC_STRING, false, DDBC_RT_DEFAULT_VALUE, "PENDING", "text"},
    {"shipped_at", DDBC_RT_STRING, DDBC_KEYENC_TIMESTAMP, true, DDBC_RT_DEFAULT_NONE, NULL, "timestamptz"},
};
static const ddbc_rt_part order_pk[] = {LIT("ORDER"), VAL("id", DDBC_KEYENC_NUMBER)};
static const ddbc_rt_part order_sk[] = {LIT("#ORDER")};
static const ddbc_rt_part order_g1pk[] = {LIT("CUSTOMER"), VAL("customer_id", DDBC_KEYENC_NUMBER)};
static const ddbc_rt_part order_g1sk[] = {LIT("ORDER"), VAL("id", DDBC_KEYENC_NUMBER)};
static const ddbc_rt_part order_g2pk[] = {LIT("SHIPPED")};
static const ddbc_rt_part order_g2sk[] = {VAL("shipped_at", DDBC_KEYENC_TIMESTAMP), VAL("id", DDBC_KEYENC_NUMBER)};
static const ddbc_rt_part order_g3pk[] = {LIT("BY_NAME"), VAL("customers_name", DDBC_KEYENC_STRING)};
static const ddbc_rt_conjunct shipped_when[] = {{"shipped_at", NULL}};
static const ddbc_rt_key order_keys[] = {
    {NULL, "PK", "SK", {order_pk, 2}, {order_sk, 1}, NULL, 0},
    {"GSI1", "GSI1PK", "GSI1SK", {order_g1pk, 2}, {order_g1sk, 2}, NULL, 0},
    {"GSI2", "GSI2PK", "GSI2SK", {order_g2pk, 1}, {order_g2sk, 2}, shipped_when, 1},
    {"GSI3", "GSI3PK", "GSI3SK", {order_g3pk, 2}, {order_g1sk, 2}, NULL, 0},
};
static const ddbc_rt_part counter_pk[] = {LIT("ORDER_COUNT"), VAL("customer_id", DDBC_KEYENC_NUMBER)};
static const ddbc_rt_part counter_sk[] = {LIT("#COUNT"), VAL("status", DDBC_KEYENC_STRING)};
static const char *const counter_group[] = {"customer_id", "status"};
static const ddbc_rt_counter order_counter = {{counter_pk, 2}, {counter_sk, 2}, counter_group, 2, "item_count"};
static const ddbc_rt_counter *const order_counters[] = {&order_counter};
static const char *const customer_id_col[] = {"customer_id"};
static const ddbc_rt_reference order_refs[] = {{&customers, customer_id_col, id_col, 1, true}};
static const ddbc_rt_copy order_copies[] = {{"customers_name", "name", &order_refs[0]}};

static const ddbc_rt_column line_cols[] = {
    {"order_id", DDBC_RT_NUMBER, DDBC_KEYENC_NUMBER, false, DDBC_RT_DEFAULT_NONE, NULL, "bigint"},
    {"line_no", DDBC_RT_NUMBER, DDBC_KEYENC_NUMBER, false, DDBC_RT_DEFAULT_NONE, NULL, "integer"},
    {"sku", DDBC_RT_STRING, DDBC_KEYENC_STRING, false, DDBC_RT_DEFAULT_NONE, NULL, "text"},
    {"qty", DDBC_RT_NUMBER, DDBC_KEYENC_NUMBER, false, DDBC_RT_DEFAULT_VALUE, "1", "integer"},
    {"note", DDBC_RT_STRING, DDBC_KEYENC_STRING, true, DDBC_RT_DEFAULT_VALUE, "hello", "text"},
};
static const ddbc_rt_part line_sk[] = {LIT("LINE"), VAL("line_no", DDBC_KEYENC_NUMBER)};
static const ddbc_rt_part line_pk[] = {LIT("ORDER"), VAL("order_id", DDBC_KEYENC_NUMBER)};
static const ddbc_rt_key line_keys[] = {{NULL, "PK", "SK", {line_pk, 2}, {line_sk, 2}, NULL, 0}};
static const char *const line_key_cols[] = {"order_id", "line_no"};
static const char *const order_id_col[] = {"order_id"};
static const ddbc_rt_reference line_refs[] = {{&orders, order_id_col, id_col, 1, true}};

/* Children look-ups: the parent item is binding 0. */
static const ddbc_rt_operand parent_id[] = {{DDBC_RT_ARG_ATTR, 0, NULL, 0, "id", DDBC_RT_NUMBER, DDBC_KEYENC_NUMBER}};
static const ddbc_rt_template order_g1pk_t = {order_g1pk, 2}, order_g1sk_t = {order_g1sk, 2};
static const ddbc_rt_template line_pk_t = {line_pk, 2}, line_sk_t = {line_sk, 2};
static const ddbc_rt_entity *const returns_orders[] = {&orders};
static const ddbc_rt_entity *const returns_lines[] = {&lines};
static const int bind0[] = {0};
static const ddbc_rt_request orders_of_customer = {
    .op = DDBC_RT_QUERY, .index = "GSI1", .pk_attr = "GSI1PK", .sk_attr = "GSI1SK",
    .pk = {&order_g1pk_t, 2, parent_id, 1, DDBC_RT_END_EXACT},
    .sk_op = DDBC_RT_SK_BEGINS_WITH, .sk_lo = {&order_g1sk_t, 1, NULL, 0, DDBC_RT_END_PREFIX},
    .scan_forward = true, .limit_param = -1, .returns = returns_orders, .binds = bind0, .nreturns = 1,
    .join = DDBC_RT_JOIN_NONE,
};
static const ddbc_rt_request lines_of_order = {
    .op = DDBC_RT_QUERY, .pk_attr = "PK", .sk_attr = "SK",
    .pk = {&line_pk_t, 2, parent_id, 1, DDBC_RT_END_EXACT},
    .sk_op = DDBC_RT_SK_BEGINS_WITH, .sk_lo = {&line_sk_t, 1, NULL, 0, DDBC_RT_END_PREFIX},
    .scan_forward = true, .limit_param = -1, .returns = returns_lines, .binds = bind0, .nreturns = 1,
    .join = DDBC_RT_JOIN_NONE,
};
static const ddbc_rt_copy *const name_copies[] = {&order_copies[0]};
static const ddbc_rt_children customer_children[] = {{&orders, &orders_of_customer, true, name_copies, 1}};
static const ddbc_rt_children order_children[] = {{&lines, &lines_of_order, true, NULL, 0}};

static const ddbc_rt_entity customers = {
    "customers", "CUSTOMER", customer_cols, N(customer_cols), id_col, 1, id_col, 1,
    customer_keys, N(customer_keys), customer_uniques, 1, NULL, 0, NULL, 0, NULL, 0,
    customer_children, N(customer_children),
};
static const ddbc_rt_entity orders = {
    "orders", "ORDER", order_cols, N(order_cols), id_col, 1, id_col, 1,
    order_keys, N(order_keys), NULL, 0, order_counters, 1, order_refs, 1, order_copies, 1,
    order_children, N(order_children),
};
static const ddbc_rt_entity lines = {
    "order_lines", "LINE", line_cols, N(line_cols), line_key_cols, 2, line_key_cols, 2,
    line_keys, N(line_keys), NULL, 0, NULL, 0, line_refs, 1, NULL, 0, NULL, 0,
};

/* ---- raw requests ------------------------------------------------------------------------ */

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static cJSON *call(ddbc_rt_client *c, const char *op, const char *fmt, ...)
{
    char body[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(body, sizeof body, fmt, ap);
    va_end(ap);
    char *resp = NULL;
    size_t len = 0;
    ddbc_rt_status st = ddbc_rt_call(c, op, body, strlen(body), &resp, &len);
    if (st != DDBC_RT_OK) {
        fprintf(stderr, "%s failed: %s (%s)\n", op, ddbc_rt_status_name(st), ddbc_rt_client_error(c)->message);
        free(resp);
        return NULL;
    }
    cJSON *j = cJSON_ParseWithLength(resp, len);
    free(resp);
    return j;
}

static bool create_table(ddbc_rt_client *c)
{
    char g[3][400];
    for (int i = 0; i < 3; i++)
        snprintf(g[i], sizeof g[i],
                 "{\"IndexName\":\"GSI%d\",\"KeySchema\":[{\"AttributeName\":\"GSI%dPK\",\"KeyType\":\"HASH\"},"
                 "{\"AttributeName\":\"GSI%dSK\",\"KeyType\":\"RANGE\"}],\"Projection\":{\"ProjectionType\":\"ALL\"}}",
                 i + 1, i + 1, i + 1);
    cJSON *j = call(c, "CreateTable",
                     "{\"TableName\":\"%s\",\"BillingMode\":\"PAY_PER_REQUEST\","
                     "\"AttributeDefinitions\":[{\"AttributeName\":\"PK\",\"AttributeType\":\"S\"},"
                     "{\"AttributeName\":\"SK\",\"AttributeType\":\"S\"},"
                     "{\"AttributeName\":\"GSI1PK\",\"AttributeType\":\"S\"},{\"AttributeName\":\"GSI1SK\",\"AttributeType\":\"S\"},"
                     "{\"AttributeName\":\"GSI2PK\",\"AttributeType\":\"S\"},{\"AttributeName\":\"GSI2SK\",\"AttributeType\":\"S\"},"
                     "{\"AttributeName\":\"GSI3PK\",\"AttributeType\":\"S\"},{\"AttributeName\":\"GSI3SK\",\"AttributeType\":\"S\"}],"
                     "\"KeySchema\":[{\"AttributeName\":\"PK\",\"KeyType\":\"HASH\"},{\"AttributeName\":\"SK\",\"KeyType\":\"RANGE\"}],"
                     "\"GlobalSecondaryIndexes\":[%s,%s,%s]}",
                     table, g[0], g[1], g[2]);
    if (!j) return false;
    cJSON_Delete(j);
    return true;
}

/* How many items the table holds. */
static long count_items(ddbc_rt_client *c)
{
    cJSON *j = call(c, "Scan", "{\"TableName\":\"%s\",\"Select\":\"COUNT\",\"ConsistentRead\":true}", table);
    if (!j) return -1;
    long n = (long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(j, "Count"));
    cJSON_Delete(j);
    return n;
}

/* The raw item at PK/SK (empty when there is none). */
static ddbc_rt_item raw_get(ddbc_rt_client *c, const char *pk, const char *sk)
{
    ddbc_rt_item key = DDBC_RT_ITEM_INIT, out = DDBC_RT_ITEM_INIT;
    ddbc_rt_item_set_s(&key, "PK", pk, strlen(pk));
    ddbc_rt_item_set_s(&key, "SK", sk, strlen(sk));
    ddbc_rt_status st = ddbc_rt_get_item(c, table, &key, true, &out);
    if (st != DDBC_RT_OK && st != DDBC_RT_NOT_FOUND) fprintf(stderr, "GetItem %s/%s: %s\n", pk, sk, ddbc_rt_status_name(st));
    ddbc_rt_item_free(&key);
    return out;
}

static bool raw_exists(ddbc_rt_client *c, const char *pk, const char *sk)
{
    ddbc_rt_item it = raw_get(c, pk, sk);
    bool found = it.n > 0;
    ddbc_rt_item_free(&it);
    return found;
}

/* A counter item's count, -1 when there is no counter item. */
static long counter_of(ddbc_rt_client *c, const char *customer_key, const char *status)
{
    char pk[128], sk[128];
    snprintf(pk, sizeof pk, "ORDER_COUNT#%s", customer_key);
    snprintf(sk, sizeof sk, "#COUNT#%s", status);
    ddbc_rt_item it = raw_get(c, pk, sk);
    int64_t n = -1;
    if (it.n) {
        if (!ddbc_rt_item_i64(&it, "item_count", &n)) n = -2;
        const char *s = NULL;
        size_t len;
        /* the group columns ride on the counter item */
        if (!ddbc_rt_item_s(&it, "status", &s, &len) || strcmp(s, status) != 0) n = -3;
        if (!ddbc_rt_item_get(&it, "customer_id")) n = -4;
    }
    ddbc_rt_item_free(&it);
    return (long)n;
}

/* ---- helpers ------------------------------------------------------------------------------- */

static bool attr_is(const ddbc_rt_item *it, const char *name, const char *want)
{
    const char *s = NULL;
    size_t len = 0;
    if (!want) return ddbc_rt_item_get(it, name) == NULL;
    if (!ddbc_rt_item_s(it, name, &s, &len)) return false;
    return len == strlen(want) && !memcmp(s, want, len);
}

/* keyenc of a number, as the key strings hold it */
static void num_key(int64_t v, char *out, size_t cap)
{
    char text[32];
    snprintf(text, sizeof text, "%lld", (long long)v);
    ddbc_keyenc_value(DDBC_KEYENC_NUMBER, text, strlen(text), false, out, cap);
}

static int64_t id_of(const ddbc_rt_item *row)
{
    int64_t id = 0;
    ddbc_rt_item_i64(row, "id", &id);
    return id;
}

static ddbc_rt_item id_key(int64_t id)
{
    ddbc_rt_item k = DDBC_RT_ITEM_INIT;
    ddbc_rt_item_set_i64(&k, "id", id);
    return k;
}

static ddbc_rt_status new_customer(ddbc_rt_client *c, const char *email, const char *name, ddbc_rt_item *out)
{
    ddbc_rt_item row = DDBC_RT_ITEM_INIT;
    ddbc_rt_item_set_s(&row, "email", email, strlen(email));
    ddbc_rt_item_set_s(&row, "name", name, strlen(name));
    ddbc_rt_status st = ddbc_rt_entity_create(c, table, &customers, &row, out);
    ddbc_rt_item_free(&row);
    return st;
}

static ddbc_rt_status new_order(ddbc_rt_client *c, int64_t customer, const char *status, ddbc_rt_item *out)
{
    ddbc_rt_item row = DDBC_RT_ITEM_INIT;
    ddbc_rt_item_set_i64(&row, "customer_id", customer);
    if (status) ddbc_rt_item_set_s(&row, "status", status, strlen(status));
    ddbc_rt_status st = ddbc_rt_entity_create(c, table, &orders, &row, out);
    ddbc_rt_item_free(&row);
    return st;
}

static ddbc_rt_status new_line(ddbc_rt_client *c, int64_t order, int64_t no, const char *sku)
{
    ddbc_rt_item row = DDBC_RT_ITEM_INIT;
    ddbc_rt_item_set_i64(&row, "order_id", order);
    ddbc_rt_item_set_i64(&row, "line_no", no);
    ddbc_rt_item_set_s(&row, "sku", sku, strlen(sku));
    ddbc_rt_status st = ddbc_rt_entity_create(c, table, &lines, &row, NULL);
    ddbc_rt_item_free(&row);
    return st;
}

static ddbc_rt_status set_one(ddbc_rt_client *c, const ddbc_rt_entity *e, const ddbc_rt_item *key, const char *attr,
                              const char *s, ddbc_rt_item *out)
{
    ddbc_rt_item set = DDBC_RT_ITEM_INIT;
    if (s) ddbc_rt_item_set_s(&set, attr, s, strlen(s));
    else ddbc_rt_item_set_null(&set, attr);
    ddbc_rt_status st = ddbc_rt_entity_update(c, table, e, key, &set, NULL, 0, NULL, 0, out);
    ddbc_rt_item_free(&set);
    return st;
}

/* ---- the scenario ------------------------------------------------------------------------------ */

static void run(ddbc_rt_client *c)
{
    char ka[40], ko1[40], ko2[40], pk[96], sk[96];
    ddbc_rt_item a = DDBC_RT_ITEM_INIT, b = DDBC_RT_ITEM_INIT, tmp = DDBC_RT_ITEM_INIT;

    /* create: generated id, DEFAULT value, clock and uuid; the guard beside it */
    CHECK_ST(c, new_customer(c, "ana@example.com", "Ana", &a), DDBC_RT_OK);
    int64_t ida = id_of(&a);
    CHECK(ida > 0);
    CHECK(attr_is(&a, "tier", "basic"));
    const char *s = NULL;
    size_t len = 0;
    CHECK(ddbc_rt_item_s(&a, "created_at", &s, &len) && len == 27 && s[26] == 'Z');
    CHECK(ddbc_rt_item_s(&a, "token", &s, &len) && len == 36 && s[14] == '4');
    CHECK(!ddbc_rt_item_get(&a, "PK") && !ddbc_rt_item_get(&a, "GSI1PK"));
    CHECK(count_items(c) == 2);
    num_key(ida, ka, sizeof ka);
    snprintf(pk, sizeof pk, "CUSTOMER#%s", ka);
    ddbc_rt_item raw = raw_get(c, pk, "#CUSTOMER");
    CHECK(attr_is(&raw, "GSI1PK", "CUSTOMER_EMAIL#ana@example.com"));
    CHECK(attr_is(&raw, "GSI1SK", pk));
    ddbc_rt_item_free(&raw);
    CHECK(raw_exists(c, "UNIQUE#CUSTOMER#email#ana@example.com", "UNIQUE#CUSTOMER#email#ana@example.com"));

    /* a NOT NULL column without a value: refused before any request */
    long req0, req1, retries;
    ddbc_rt_client_counts(c, &req0, &retries);
    ddbc_rt_item partial = DDBC_RT_ITEM_INIT;
    ddbc_rt_item_set_s(&partial, "email", "x@example.com", 13);
    CHECK_ST(c, ddbc_rt_entity_create(c, table, &customers, &partial, NULL), DDBC_RT_INVALID_ARGUMENT);
    ddbc_rt_item_free(&partial);
    ddbc_rt_client_counts(c, &req1, &retries);
    CHECK(req1 == req0);

    /* the same email again: UNIQUE_VIOLATION, nothing written */
    CHECK_ST(c, new_customer(c, "ana@example.com", "Impostor", NULL), DDBC_RT_UNIQUE_VIOLATION);
    CHECK(ddbc_rt_client_error(c)->status == DDBC_RT_UNIQUE_VIOLATION);
    CHECK(count_items(c) == 2);
    CHECK_ST(c, new_customer(c, "bea@example.com", "Bea", &b), DDBC_RT_OK);
    int64_t idb = id_of(&b);
    CHECK(idb > ida);   /* sortable ids */
    CHECK(count_items(c) == 4);

    /* get: the row, keys stripped */
    ddbc_rt_item key_a = id_key(ida), key_b = id_key(idb);
    CHECK_ST(c, ddbc_rt_entity_get(c, table, &customers, &key_a, &tmp), DDBC_RT_OK);
    CHECK(attr_is(&tmp, "email", "ana@example.com") && attr_is(&tmp, "name", "Ana"));
    CHECK(!ddbc_rt_item_get(&tmp, "PK") && !ddbc_rt_item_get(&tmp, "SK"));
    ddbc_rt_item_free(&tmp);

    /* changing the email frees the old value and takes the new one */
    CHECK_ST(c, set_one(c, &customers, &key_a, "email", "ana2@example.com", &tmp), DDBC_RT_OK);
    CHECK(attr_is(&tmp, "email", "ana2@example.com"));
    ddbc_rt_item_free(&tmp);
    CHECK(!raw_exists(c, "UNIQUE#CUSTOMER#email#ana@example.com", "UNIQUE#CUSTOMER#email#ana@example.com"));
    CHECK(raw_exists(c, "UNIQUE#CUSTOMER#email#ana2@example.com", "UNIQUE#CUSTOMER#email#ana2@example.com"));
    raw = raw_get(c, pk, "#CUSTOMER");
    CHECK(attr_is(&raw, "GSI1PK", "CUSTOMER_EMAIL#ana2@example.com"));
    ddbc_rt_item_free(&raw);
    ddbc_rt_item cc = DDBC_RT_ITEM_INIT;
    CHECK_ST(c, new_customer(c, "ana@example.com", "Cleo", &cc), DDBC_RT_OK);   /* the freed value */
    int64_t idc = id_of(&cc);
    ddbc_rt_item_free(&cc);
    /* taking a value in use: refused, nothing changed */
    CHECK_ST(c, set_one(c, &customers, &key_b, "email", "ana2@example.com", NULL), DDBC_RT_UNIQUE_VIOLATION);
    CHECK_ST(c, ddbc_rt_entity_get(c, table, &customers, &key_b, &tmp), DDBC_RT_OK);
    CHECK(attr_is(&tmp, "email", "bea@example.com"));
    ddbc_rt_item_free(&tmp);
    CHECK(raw_exists(c, "UNIQUE#CUSTOMER#email#bea@example.com", "UNIQUE#CUSTOMER#email#bea@example.com"));
    CHECK(count_items(c) == 6);

    /* nothing changed: the read, no write */
    ddbc_rt_client_counts(c, &req0, &retries);
    CHECK_ST(c, set_one(c, &customers, &key_b, "name", "Bea", NULL), DDBC_RT_OK);
    ddbc_rt_client_counts(c, &req1, &retries);
    CHECK(req1 == req0 + 1);

    /* orders: the counter per customer and status, the copied name */
    ddbc_rt_item o1 = DDBC_RT_ITEM_INIT, o2 = DDBC_RT_ITEM_INIT, o3 = DDBC_RT_ITEM_INIT;
    CHECK_ST(c, new_order(c, ida, NULL, &o1), DDBC_RT_OK);
    CHECK(attr_is(&o1, "status", "PENDING"));
    CHECK(attr_is(&o1, "customers_name", "Ana"));
    CHECK_ST(c, new_order(c, ida, "PAID", &o2), DDBC_RT_OK);
    CHECK_ST(c, new_order(c, ida, "PENDING", &o3), DDBC_RT_OK);
    CHECK(counter_of(c, ka, "PENDING") == 2);
    CHECK(counter_of(c, ka, "PAID") == 1);
    int64_t ido1 = id_of(&o1), ido2 = id_of(&o2);
    num_key(ido1, ko1, sizeof ko1);
    num_key(ido2, ko2, sizeof ko2);
    char opk[96];
    snprintf(opk, sizeof opk, "ORDER#%s", ko1);
    raw = raw_get(c, opk, "#ORDER");
    CHECK(attr_is(&raw, "GSI3PK", "BY_NAME#Ana"));
    CHECK(attr_is(&raw, "GSI1PK", pk));
    CHECK(!ddbc_rt_item_get(&raw, "GSI2PK") && !ddbc_rt_item_get(&raw, "GSI2SK"));
    ddbc_rt_item_free(&raw);

    /* the status moves the order between counters */
    ddbc_rt_item key_o1 = id_key(ido1), key_o2 = id_key(ido2);
    CHECK_ST(c, set_one(c, &orders, &key_o1, "status", "PAID", NULL), DDBC_RT_OK);
    CHECK(counter_of(c, ka, "PENDING") == 1);
    CHECK(counter_of(c, ka, "PAID") == 2);

    /* the sparse index: keys appear with shipped_at and go with it */
    CHECK_ST(c, set_one(c, &orders, &key_o1, "shipped_at", "2024-05-01T10:00:00Z", NULL), DDBC_RT_OK);
    raw = raw_get(c, opk, "#ORDER");
    snprintf(sk, sizeof sk, "2024-05-01T10:00:00.000000Z#%s", ko1);
    CHECK(attr_is(&raw, "GSI2PK", "SHIPPED"));
    CHECK(attr_is(&raw, "GSI2SK", sk));
    ddbc_rt_item_free(&raw);
    CHECK_ST(c, set_one(c, &orders, &key_o1, "shipped_at", NULL, &tmp), DDBC_RT_OK);
    CHECK(!ddbc_rt_item_get(&tmp, "shipped_at"));
    ddbc_rt_item_free(&tmp);
    raw = raw_get(c, opk, "#ORDER");
    CHECK(!ddbc_rt_item_get(&raw, "GSI2PK") && !ddbc_rt_item_get(&raw, "GSI2SK") && !ddbc_rt_item_get(&raw, "shipped_at"));
    ddbc_rt_item_free(&raw);

    /* a WHERE that does not hold: CONDITION_FAILED, nothing written */
    ddbc_rt_operand pending = {DDBC_RT_ARG_LITERAL, 0, "PENDING", 0, NULL, DDBC_RT_STRING, DDBC_KEYENC_STRING};
    ddbc_rt_filter where = {"status", DDBC_RT_EQ, false, &pending, 1};
    ddbc_rt_item set = DDBC_RT_ITEM_INIT;
    ddbc_rt_item_set_s(&set, "status", "CANCELLED", 9);
    CHECK_ST(c, ddbc_rt_entity_update(c, table, &orders, &key_o2, &set, &where, 1, NULL, 0, NULL),
             DDBC_RT_CONDITION_FAILED);
    CHECK(counter_of(c, ka, "PAID") == 2);
    CHECK(counter_of(c, ka, "CANCELLED") == -1);
    CHECK_ST(c, ddbc_rt_entity_delete(c, table, &orders, &key_o2, &where, 1, NULL, 0), DDBC_RT_CONDITION_FAILED);
    CHECK_ST(c, ddbc_rt_entity_get(c, table, &orders, &key_o2, &tmp), DDBC_RT_OK);
    CHECK(attr_is(&tmp, "status", "PAID"));
    ddbc_rt_item_free(&tmp);
    /* …and one that holds */
    ddbc_rt_operand paid = {DDBC_RT_ARG_PARAM, 0, NULL, 0, NULL, DDBC_RT_STRING, DDBC_KEYENC_STRING};
    ddbc_rt_filter where_paid = {"status", DDBC_RT_EQ, false, &paid, 1};
    ddbc_rt_av arg;
    ddbc_rt_av_from_text(&arg, DDBC_RT_STRING, "PAID", 4);
    CHECK_ST(c, ddbc_rt_entity_update(c, table, &orders, &key_o2, &set, &where_paid, 1, &arg, 1, NULL), DDBC_RT_OK);
    ddbc_rt_av_free(&arg);
    ddbc_rt_item_free(&set);
    CHECK(counter_of(c, ka, "PAID") == 1);
    CHECK(counter_of(c, ka, "CANCELLED") == 1);

    /* lines: a base-key move, and a move onto a taken key */
    CHECK_ST(c, new_line(c, ido1, 1, "SKU-1"), DDBC_RT_OK);
    CHECK_ST(c, new_line(c, ido1, 2, "SKU-2"), DDBC_RT_OK);
    CHECK_ST(c, new_line(c, ido2, 1, "SKU-3"), DDBC_RT_OK);
    CHECK_ST(c, new_line(c, ido1, 2, "SKU-2"), DDBC_RT_UNIQUE_VIOLATION);   /* the key is taken */
    ddbc_rt_item lkey = DDBC_RT_ITEM_INIT;
    ddbc_rt_item_set_i64(&lkey, "order_id", ido1);
    ddbc_rt_item_set_i64(&lkey, "line_no", 1);
    CHECK_ST(c, ddbc_rt_entity_get(c, table, &lines, &lkey, &tmp), DDBC_RT_OK);
    int64_t qty = 0;
    CHECK(ddbc_rt_item_i64(&tmp, "qty", &qty) && qty == 1);   /* DEFAULT on create */
    CHECK(attr_is(&tmp, "note", "hello"));
    ddbc_rt_item_free(&tmp);
    /* SET note = NULL on a nullable column with a DEFAULT reads back NULL, not the default */
    CHECK_ST(c, set_one(c, &lines, &lkey, "note", NULL, &tmp), DDBC_RT_OK);
    CHECK(!ddbc_rt_item_get(&tmp, "note"));
    ddbc_rt_item_free(&tmp);
    CHECK_ST(c, ddbc_rt_entity_get(c, table, &lines, &lkey, &tmp), DDBC_RT_OK);
    CHECK(!ddbc_rt_item_get(&tmp, "note"));
    ddbc_rt_item_free(&tmp);
    CHECK_ST(c, set_one(c, &lines, &lkey, "note", "again", NULL), DDBC_RT_OK);   /* as read: a NULL value */
    CHECK_ST(c, ddbc_rt_entity_get(c, table, &lines, &lkey, &tmp), DDBC_RT_OK);
    CHECK(attr_is(&tmp, "note", "again"));
    ddbc_rt_item_free(&tmp);
    set = (ddbc_rt_item)DDBC_RT_ITEM_INIT;
    ddbc_rt_item_set_i64(&set, "line_no", 5);
    CHECK_ST(c, ddbc_rt_entity_update(c, table, &lines, &lkey, &set, NULL, 0, NULL, 0, &tmp), DDBC_RT_OK);
    CHECK(attr_is(&tmp, "sku", "SKU-1"));
    ddbc_rt_item_free(&tmp);
    char l1[64], l5[64];
    char k1[40], k5[40];
    num_key(1, k1, sizeof k1);
    num_key(5, k5, sizeof k5);
    snprintf(l1, sizeof l1, "LINE#%s", k1);
    snprintf(l5, sizeof l5, "LINE#%s", k5);
    CHECK(!raw_exists(c, opk, l1));
    CHECK(raw_exists(c, opk, l5));
    CHECK_ST(c, ddbc_rt_entity_get(c, table, &lines, &lkey, &tmp), DDBC_RT_NOT_FOUND);
    ddbc_rt_item_free(&tmp);
    ddbc_rt_item_free(&lkey);
    lkey = (ddbc_rt_item)DDBC_RT_ITEM_INIT;
    ddbc_rt_item_set_i64(&lkey, "order_id", ido1);
    ddbc_rt_item_set_i64(&lkey, "line_no", 2);
    CHECK_ST(c, ddbc_rt_entity_update(c, table, &lines, &lkey, &set, NULL, 0, NULL, 0, NULL), DDBC_RT_UNIQUE_VIOLATION);
    CHECK_ST(c, ddbc_rt_entity_get(c, table, &lines, &lkey, &tmp), DDBC_RT_OK);
    CHECK(attr_is(&tmp, "sku", "SKU-2"));
    ddbc_rt_item_free(&tmp);
    ddbc_rt_item_free(&set);
    ddbc_rt_item_free(&lkey);

    /* the customer's new name fans out to the copies on its orders (and their index keys) */
    CHECK_ST(c, set_one(c, &customers, &key_a, "name", "Anabela", NULL), DDBC_RT_OK);
    CHECK_ST(c, ddbc_rt_entity_get(c, table, &orders, &key_o2, &tmp), DDBC_RT_OK);
    CHECK(attr_is(&tmp, "customers_name", "Anabela"));
    ddbc_rt_item_free(&tmp);
    raw = raw_get(c, opk, "#ORDER");
    CHECK(attr_is(&raw, "GSI3PK", "BY_NAME#Anabela"));
    CHECK(attr_is(&raw, "customers_name", "Anabela"));
    ddbc_rt_item_free(&raw);

    /* delete: lines cascaded, the counter decremented */
    long before = count_items(c);
    CHECK_ST(c, ddbc_rt_entity_delete(c, table, &orders, &key_o1, NULL, 0, NULL, 0), DDBC_RT_OK);
    CHECK(!raw_exists(c, opk, l5));
    CHECK(!raw_exists(c, opk, "#ORDER"));
    CHECK(counter_of(c, ka, "PAID") == 0);
    CHECK(count_items(c) == before - 3);
    CHECK_ST(c, ddbc_rt_entity_get(c, table, &orders, &key_o1, &tmp), DDBC_RT_NOT_FOUND);
    CHECK_ST(c, ddbc_rt_entity_delete(c, table, &orders, &key_o1, NULL, 0, NULL, 0), DDBC_RT_NOT_FOUND);

    /* deleting the customer cascades through its orders to their lines and frees its email */
    CHECK_ST(c, ddbc_rt_entity_delete(c, table, &customers, &key_a, NULL, 0, NULL, 0), DDBC_RT_OK);
    CHECK_ST(c, ddbc_rt_entity_get(c, table, &customers, &key_a, &tmp), DDBC_RT_NOT_FOUND);
    CHECK_ST(c, ddbc_rt_entity_get(c, table, &orders, &key_o2, &tmp), DDBC_RT_NOT_FOUND);
    CHECK(counter_of(c, ka, "PENDING") == 0);
    CHECK(counter_of(c, ka, "CANCELLED") == 0);
    char o2pk[96];
    snprintf(o2pk, sizeof o2pk, "ORDER#%s", ko2);
    CHECK(!raw_exists(c, o2pk, l1));
    CHECK(!raw_exists(c, "UNIQUE#CUSTOMER#email#ana2@example.com", "UNIQUE#CUSTOMER#email#ana2@example.com"));
    CHECK_ST(c, new_customer(c, "ana2@example.com", "Dora", NULL), DDBC_RT_OK);
    /* left: customers B, C, D and their guards, and A's three counter items (at 0) */
    CHECK(count_items(c) == 9);
    (void)idc;
    ddbc_rt_item_free(&key_a);
    ddbc_rt_item_free(&key_b);
    ddbc_rt_item_free(&key_o1);
    ddbc_rt_item_free(&key_o2);
    ddbc_rt_item_free(&o1);
    ddbc_rt_item_free(&o2);
    ddbc_rt_item_free(&o3);
    ddbc_rt_item_free(&a);
    ddbc_rt_item_free(&b);
}

int main(void)
{
    ddbc_rt_client *c = NULL;
    char why[256];
    ddbc_rt_status st = ddbc_rt_client_create(NULL, &c, why, sizeof why);
    if (st != DDBC_RT_OK) {
        fprintf(stderr, "client: %s (%s)\n", ddbc_rt_status_name(st), why);
        return 1;
    }
    if (!create_table(c)) {
        ddbc_rt_client_free(c);
        return 1;
    }
    run(c);
    ddbc_rt_client_free(c);
    if (failures) {
        fprintf(stderr, "%d checks failed\n", failures);
        return 1;
    }
    printf("rt_entity against %s: all checks passed\n", getenv("DDBC_TEST_SERVER") ? getenv("DDBC_TEST_SERVER") : "a server");
    return 0;
}
