/* test_rt_pattern_server.c — access patterns (runtime/rt_pattern.c) against a
 * DynamoDB-compatible server, through hand-written descriptors of a small
 * design: customers; orders in the customer's collection on GSI1 with a
 * sparse status index (GSI2); order lines pre-joined under their order;
 * products fetched by follow-up BatchGetItem; a COUNT … GROUP BY counter.
 * Items are loaded with raw puts; every answer is checked against what SQL
 * would return over the same data, computed here. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "alloc_fail.h"
#include "rt_internal.h"

#define TABLE "rt_pattern_test"
#define NOTE_BYTES 70000      /* c1's orders: 60 × 70 KB, so listing them takes several 1 MB pages */
#define N_C1 60
#define N_C2 20

/* ---- the design ------------------------------------------------------------------- */

#define COL(n, k, e, nul) {n, k, e, nul, DDBC_RT_DEFAULT_NONE, NULL, "text"}
#define LIT(s) {s, NULL, DDBC_KEYENC_STRING}
#define VAL(a, e) {NULL, a, e}
#define PARAM(i, k, e) {.kind = DDBC_RT_ARG_PARAM, .param = (i), .vkind = (k), .keyenc = (e)}
#define PS(i) PARAM(i, DDBC_RT_STRING, DDBC_KEYENC_STRING)

static const ddbc_rt_column cust_cols[] = {
    COL("id", DDBC_RT_STRING, DDBC_KEYENC_STRING, false),
    COL("name", DDBC_RT_STRING, DDBC_KEYENC_STRING, false),
    {"tier", DDBC_RT_STRING, DDBC_KEYENC_STRING, false, DDBC_RT_DEFAULT_VALUE, "basic", "text"},
};
static const ddbc_rt_part cust_pk[] = {LIT("CUSTOMER"), VAL("id", DDBC_KEYENC_STRING)};
static const ddbc_rt_part cust_sk[] = {LIT("#CUSTOMER")};
static const ddbc_rt_key cust_keys[] = {{NULL, "PK", "SK", {cust_pk, 2}, {cust_sk, 1}, NULL, 0}};
static const char *const cust_keycols[] = {"id"};
static const ddbc_rt_entity customers = {
    .name = "customers", .tag = "CUSTOMER", .columns = cust_cols, .ncolumns = 3,
    .primary_key = cust_keycols, .nprimary_key = 1, .key_columns = cust_keycols, .nkey_columns = 1,
    .keys = cust_keys, .nkeys = 1,
};

static const ddbc_rt_column ord_cols[] = {
    COL("id", DDBC_RT_STRING, DDBC_KEYENC_STRING, false),
    COL("customer_id", DDBC_RT_STRING, DDBC_KEYENC_STRING, false),
    COL("status", DDBC_RT_STRING, DDBC_KEYENC_STRING, true),
    COL("placed_at", DDBC_RT_STRING, DDBC_KEYENC_STRING, false),
    COL("total", DDBC_RT_NUMBER, DDBC_KEYENC_NUMBER, false),
    COL("shipped_at", DDBC_RT_STRING, DDBC_KEYENC_STRING, true),
    COL("note", DDBC_RT_STRING, DDBC_KEYENC_STRING, true),
};
static const ddbc_rt_part ord_pk[] = {LIT("ORDER"), VAL("id", DDBC_KEYENC_STRING)};
static const ddbc_rt_part ord_sk[] = {LIT("#ORDER")};
static const ddbc_rt_part ord_g1pk[] = {LIT("CUSTOMER"), VAL("customer_id", DDBC_KEYENC_STRING)};
static const ddbc_rt_part ord_g1sk[] = {LIT("ORDER"), VAL("placed_at", DDBC_KEYENC_STRING),
                                        VAL("id", DDBC_KEYENC_STRING)};
static const ddbc_rt_part ord_g2pk[] = {LIT("ORDER_STATUS"), VAL("status", DDBC_KEYENC_STRING)};
static const ddbc_rt_conjunct ord_g2when[] = {{"status", NULL}};
static const ddbc_rt_key ord_keys[] = {
    {NULL, "PK", "SK", {ord_pk, 2}, {ord_sk, 1}, NULL, 0},
    {"GSI1", "GSI1PK", "GSI1SK", {ord_g1pk, 2}, {ord_g1sk, 3}, NULL, 0},
    {"GSI2", "GSI2PK", "GSI2SK", {ord_g2pk, 2}, {ord_g1sk, 3}, ord_g2when, 1},
};
static const char *const ord_keycols[] = {"id"};
static const ddbc_rt_entity orders = {
    .name = "orders", .tag = "ORDER", .columns = ord_cols, .ncolumns = 7,
    .primary_key = ord_keycols, .nprimary_key = 1, .key_columns = ord_keycols, .nkey_columns = 1,
    .keys = ord_keys, .nkeys = 3,
};

static const ddbc_rt_column line_cols[] = {
    COL("order_id", DDBC_RT_STRING, DDBC_KEYENC_STRING, false),
    COL("line_no", DDBC_RT_NUMBER, DDBC_KEYENC_NUMBER, false),
    COL("product_id", DDBC_RT_STRING, DDBC_KEYENC_STRING, false),
    COL("qty", DDBC_RT_NUMBER, DDBC_KEYENC_NUMBER, false),
};
static const ddbc_rt_part line_sk[] = {LIT("ORDER_LINE"), VAL("line_no", DDBC_KEYENC_NUMBER)};
static const ddbc_rt_part line_pk[] = {LIT("ORDER"), VAL("order_id", DDBC_KEYENC_STRING)};
static const ddbc_rt_key line_keys[] = {{NULL, "PK", "SK", {line_pk, 2}, {line_sk, 2}, NULL, 0}};
static const char *const line_keycols[] = {"order_id", "line_no"};
static const ddbc_rt_entity order_lines = {
    .name = "order_lines", .tag = "ORDER_LINE", .columns = line_cols, .ncolumns = 4,
    .primary_key = line_keycols, .nprimary_key = 2, .key_columns = line_keycols, .nkey_columns = 2,
    .keys = line_keys, .nkeys = 1,
};

static const ddbc_rt_column prod_cols[] = {
    COL("id", DDBC_RT_STRING, DDBC_KEYENC_STRING, false),
    COL("name", DDBC_RT_STRING, DDBC_KEYENC_STRING, false),
    COL("active", DDBC_RT_BOOL, DDBC_KEYENC_BOOL, false),
};
static const ddbc_rt_part prod_pk[] = {LIT("PRODUCT"), VAL("id", DDBC_KEYENC_STRING)};
static const ddbc_rt_part prod_sk[] = {LIT("#PRODUCT")};
static const ddbc_rt_key prod_keys[] = {{NULL, "PK", "SK", {prod_pk, 2}, {prod_sk, 1}, NULL, 0}};
static const char *const prod_keycols[] = {"id"};
static const ddbc_rt_entity products = {
    .name = "products", .tag = "PRODUCT", .columns = prod_cols, .ncolumns = 3,
    .primary_key = prod_keycols, .nprimary_key = 1, .key_columns = prod_keycols, .nkey_columns = 1,
    .keys = prod_keys, .nkeys = 1,
};

/* COUNT(*) … GROUP BY status per customer */
static const ddbc_rt_part cnt_pk[] = {LIT("ORDER_COUNT"), VAL("customer_id", DDBC_KEYENC_STRING)};
static const ddbc_rt_part cnt_sk[] = {LIT("#COUNT"), VAL("status", DDBC_KEYENC_STRING)};
static const char *const cnt_group[] = {"status"};
static const ddbc_rt_counter ord_counter = {{cnt_pk, 2}, {cnt_sk, 2}, cnt_group, 1, "item_count"};

static const ddbc_rt_entity *const R_CUST[] = {&customers};
static const ddbc_rt_entity *const R_ORD[] = {&orders};
static const ddbc_rt_entity *const R_LINE[] = {&order_lines};
static const ddbc_rt_entity *const R_PROD[] = {&products};
static const ddbc_rt_entity *const R_ORD_LINE[] = {&orders, &order_lines};
static const int B0[] = {0};
static const int B1[] = {1};
static const int B01[] = {0, 1};

static const ddbc_rt_operand OP_P0[] = {PS(0)};
static const ddbc_rt_operand OP_P1[] = {PS(1)};
static const ddbc_rt_operand OP_P2[] = {PS(2)};
static const ddbc_rt_operand OP_FAN[] = {{.kind = DDBC_RT_ARG_FAN_OUT, .vkind = DDBC_RT_STRING}};
static const ddbc_rt_operand OP_O_ID[] = {{.kind = DDBC_RT_ARG_ATTR, .binding = 0, .attr = "id"}};
static const ddbc_rt_operand OP_L_PROD[] = {{.kind = DDBC_RT_ARG_ATTR, .binding = 0, .attr = "product_id"}};

static const ddbc_rt_binding BIND_CUST[] = {{"c", &customers}};
static const ddbc_rt_binding BIND_ORD[] = {{"o", &orders}};
static const ddbc_rt_binding BIND_ORD_LINE[] = {{"o", &orders}, {"l", &order_lines}};
static const ddbc_rt_binding BIND_LINE_PROD[] = {{"l", &order_lines}, {"p", &products}};
static const ddbc_rt_binding BIND_PROD[] = {{"p", &products}};

#define BOUND(t, n, a, na, e) {&(t), (n), (a), (na), (e)}
#define NOBOUND {NULL, 0, NULL, 0, DDBC_RT_END_EXACT}

/* GetCustomer: GetItem */
static const ddbc_rt_request rq_get_customer[] = {{
    .op = DDBC_RT_GET_ITEM, .pk_attr = "PK", .sk_attr = "SK",
    .pk = BOUND(cust_keys[0].pk, 2, OP_P0, 1, DDBC_RT_END_EXACT), .sk_op = DDBC_RT_SK_EQ,
    .sk_lo = BOUND(cust_keys[0].sk, 1, NULL, 0, DDBC_RT_END_EXACT), .sk_hi = NOBOUND,
    .scan_forward = true, .limit_param = -1, .returns = R_CUST, .binds = B0, .nreturns = 1,
}};
static const ddbc_rt_pattern p_get_customer = {
    .name = "GetCustomer", .is_read = true, .one = true, .bindings = BIND_CUST, .nbindings = 1,
    .requests = rq_get_customer, .nrequests = 1,
};

/* ListOpenOrders: status IN ('PENDING', 'PAID') ORDER BY placed_at DESC LIMIT $2 */
static const ddbc_rt_operand open_statuses[] = {
    {.kind = DDBC_RT_ARG_LITERAL, .literal = "PENDING", .vkind = DDBC_RT_STRING},
    {.kind = DDBC_RT_ARG_LITERAL, .literal = "PAID", .vkind = DDBC_RT_STRING},
};
static const ddbc_rt_filter f_open[] = {{"status", DDBC_RT_IN, false, open_statuses, 2}};
static const ddbc_rt_request rq_open_orders[] = {{
    .op = DDBC_RT_QUERY, .index = "GSI1", .pk_attr = "GSI1PK", .sk_attr = "GSI1SK",
    .pk = BOUND(ord_keys[1].pk, 2, OP_P0, 1, DDBC_RT_END_EXACT), .sk_op = DDBC_RT_SK_BEGINS_WITH,
    .sk_lo = BOUND(ord_keys[1].sk, 1, NULL, 0, DDBC_RT_END_PREFIX), .sk_hi = NOBOUND,
    .filters = f_open, .nfilters = 1, .scan_forward = false, .limit_param = 1,
    .returns = R_ORD, .binds = B0, .nreturns = 1,
}};
static const ddbc_rt_pattern p_open_orders = {
    .name = "ListOpenOrders", .is_read = true, .ordered = true, .bindings = BIND_ORD,
    .nbindings = 1, .requests = rq_open_orders, .nrequests = 1,
};

/* ListAllOrders: every order of a customer, no LIMIT (1 MB rounds and cursors) */
static const ddbc_rt_request rq_all_orders[] = {{
    .op = DDBC_RT_QUERY, .index = "GSI1", .pk_attr = "GSI1PK", .sk_attr = "GSI1SK",
    .pk = BOUND(ord_keys[1].pk, 2, OP_P0, 1, DDBC_RT_END_EXACT), .sk_op = DDBC_RT_SK_BEGINS_WITH,
    .sk_lo = BOUND(ord_keys[1].sk, 1, NULL, 0, DDBC_RT_END_PREFIX), .sk_hi = NOBOUND,
    .scan_forward = true, .limit_param = -1, .returns = R_ORD, .binds = B0, .nreturns = 1,
}};
static const ddbc_rt_pattern p_all_orders = {
    .name = "ListAllOrders", .is_read = true, .ordered = true, .bindings = BIND_ORD,
    .nbindings = 1, .requests = rq_all_orders, .nrequests = 1,
};

/* OrdersBetween: placed_at BETWEEN $2 AND $3 */
static const ddbc_rt_request rq_between[] = {{
    .op = DDBC_RT_QUERY, .index = "GSI1", .pk_attr = "GSI1PK", .sk_attr = "GSI1SK",
    .pk = BOUND(ord_keys[1].pk, 2, OP_P0, 1, DDBC_RT_END_EXACT), .sk_op = DDBC_RT_SK_BETWEEN,
    .sk_lo = BOUND(ord_keys[1].sk, 2, OP_P1, 1, DDBC_RT_END_EXACT),
    .sk_hi = BOUND(ord_keys[1].sk, 2, OP_P2, 1, DDBC_RT_END_AFTER),
    .scan_forward = true, .limit_param = -1, .returns = R_ORD, .binds = B0, .nreturns = 1,
}};
static const ddbc_rt_pattern p_between = {
    .name = "OrdersBetween", .is_read = true, .ordered = true, .bindings = BIND_ORD,
    .nbindings = 1, .requests = rq_between, .nrequests = 1,
};

/* OrdersOfCustomers: customer_id IN sqlc.slice(ids) ORDER BY placed_at [DESC] LIMIT $2 */
static const ddbc_rt_request rq_in_asc[] = {{
    .op = DDBC_RT_QUERY, .index = "GSI1", .pk_attr = "GSI1PK", .sk_attr = "GSI1SK",
    .pk = BOUND(ord_keys[1].pk, 2, OP_FAN, 1, DDBC_RT_END_EXACT), .sk_op = DDBC_RT_SK_BEGINS_WITH,
    .sk_lo = BOUND(ord_keys[1].sk, 1, NULL, 0, DDBC_RT_END_PREFIX), .sk_hi = NOBOUND,
    .scan_forward = true, .limit_param = 1, .returns = R_ORD, .binds = B0, .nreturns = 1,
    .fan_out = OP_P0, .nfan_out = 1,
}};
static const ddbc_rt_request rq_in_desc[] = {{
    .op = DDBC_RT_QUERY, .index = "GSI1", .pk_attr = "GSI1PK", .sk_attr = "GSI1SK",
    .pk = BOUND(ord_keys[1].pk, 2, OP_FAN, 1, DDBC_RT_END_EXACT), .sk_op = DDBC_RT_SK_BEGINS_WITH,
    .sk_lo = BOUND(ord_keys[1].sk, 1, NULL, 0, DDBC_RT_END_PREFIX), .sk_hi = NOBOUND,
    .scan_forward = false, .limit_param = 1, .returns = R_ORD, .binds = B0, .nreturns = 1,
    .fan_out = OP_P0, .nfan_out = 1,
}};
static const ddbc_rt_pattern p_in_asc = {
    .name = "OrdersOfCustomersAsc", .is_read = true, .ordered = true, .bindings = BIND_ORD,
    .nbindings = 1, .requests = rq_in_asc, .nrequests = 1,
};
static const ddbc_rt_pattern p_in_desc = {
    .name = "OrdersOfCustomersDesc", .is_read = true, .ordered = true, .bindings = BIND_ORD,
    .nbindings = 1, .requests = rq_in_desc, .nrequests = 1,
};

/* GetProductsByIds: id IN sqlc.slice(ids) — BatchGetItem */
static const ddbc_rt_request rq_products_in[] = {{
    .op = DDBC_RT_BATCH_GET_ITEM, .pk_attr = "PK", .sk_attr = "SK",
    .pk = BOUND(prod_keys[0].pk, 2, OP_FAN, 1, DDBC_RT_END_EXACT), .sk_op = DDBC_RT_SK_EQ,
    .sk_lo = BOUND(prod_keys[0].sk, 1, NULL, 0, DDBC_RT_END_EXACT), .sk_hi = NOBOUND,
    .scan_forward = true, .limit_param = -1, .returns = R_PROD, .binds = B0, .nreturns = 1,
    .fan_out = OP_P0, .nfan_out = 1,
}};
static const ddbc_rt_pattern p_products_in = {
    .name = "GetProductsByIds", .is_read = true, .bindings = BIND_PROD, .nbindings = 1,
    .requests = rq_products_in, .nrequests = 1,
};

/* GetOrderWithLines: orders o JOIN order_lines l … WHERE o.id = $1 ORDER BY l.line_no LIMIT $2
 * (a LEFT JOIN variant too) */
#define PREJOIN(join_)                                                                              \
    {{                                                                                              \
        .op = DDBC_RT_QUERY, .pk_attr = "PK", .sk_attr = "SK",                                      \
        .pk = BOUND(ord_keys[0].pk, 2, OP_P0, 1, DDBC_RT_END_EXACT), .sk_op = DDBC_RT_SK_BETWEEN,   \
        .sk_lo = BOUND(ord_keys[0].sk, 1, NULL, 0, DDBC_RT_END_EXACT),                              \
        .sk_hi = BOUND(line_keys[0].sk, 1, NULL, 0, DDBC_RT_END_AFTER), .scan_forward = true,        \
        .limit_param = 1, .limit_extra = 1, .returns = R_ORD_LINE, .binds = B01, .nreturns = 2,     \
        .join = (join_),                                                                            \
    }}
static const ddbc_rt_request rq_prejoin[] = PREJOIN(DDBC_RT_JOIN_NONE);
static const ddbc_rt_request rq_prejoin_left[] = PREJOIN(DDBC_RT_JOIN_LEFT);
static const ddbc_rt_pattern p_prejoin = {
    .name = "GetOrderWithLines", .is_read = true, .ordered = true, .bindings = BIND_ORD_LINE,
    .nbindings = 2, .requests = rq_prejoin, .nrequests = 1,
};
static const ddbc_rt_pattern p_prejoin_left = {
    .name = "GetOrderWithLinesLeft", .is_read = true, .ordered = true, .bindings = BIND_ORD_LINE,
    .nbindings = 2, .requests = rq_prejoin_left, .nrequests = 1,
};

/* LinesWithProducts: order_lines l [LEFT] JOIN products p ON p.id = l.product_id AND p.active
 * WHERE l.order_id = $1 — a Query, then BatchGetItem by the lines' product ids */
static const ddbc_rt_operand lit_true[] = {{.kind = DDBC_RT_ARG_LITERAL, .literal = "true", .vkind = DDBC_RT_BOOL}};
static const ddbc_rt_filter f_active[] = {{"active", DDBC_RT_EQ, false, lit_true, 1}};
#define LINES_PRODUCTS(join_)                                                                       \
    {{                                                                                              \
         .op = DDBC_RT_QUERY, .pk_attr = "PK", .sk_attr = "SK",                                     \
         .pk = BOUND(line_keys[0].pk, 2, OP_P0, 1, DDBC_RT_END_EXACT),                              \
         .sk_op = DDBC_RT_SK_BEGINS_WITH,                                                           \
         .sk_lo = BOUND(line_keys[0].sk, 1, NULL, 0, DDBC_RT_END_PREFIX), .sk_hi = NOBOUND,         \
         .scan_forward = true, .limit_param = -1, .returns = R_LINE, .binds = B0, .nreturns = 1,    \
     },                                                                                             \
     {                                                                                              \
         .op = DDBC_RT_BATCH_GET_ITEM, .pk_attr = "PK", .sk_attr = "SK",                            \
         .pk = BOUND(prod_keys[0].pk, 2, OP_L_PROD, 1, DDBC_RT_END_EXACT), .sk_op = DDBC_RT_SK_EQ,  \
         .sk_lo = BOUND(prod_keys[0].sk, 1, NULL, 0, DDBC_RT_END_EXACT), .sk_hi = NOBOUND,          \
         .filters = f_active, .nfilters = 1, .scan_forward = true, .limit_param = -1,              \
         .returns = R_PROD, .binds = B1, .nreturns = 1, .join = (join_), .source_binding = 0,      \
     }}
static const ddbc_rt_request rq_lines_products[] = LINES_PRODUCTS(DDBC_RT_JOIN_INNER);
static const ddbc_rt_request rq_lines_products_left[] = LINES_PRODUCTS(DDBC_RT_JOIN_LEFT);
static const ddbc_rt_pattern p_lines_products = {
    .name = "LinesWithProducts", .is_read = true, .bindings = BIND_LINE_PROD, .nbindings = 2,
    .requests = rq_lines_products, .nrequests = 2,
};
static const ddbc_rt_pattern p_lines_products_left = {
    .name = "LinesWithProductsLeft", .is_read = true, .bindings = BIND_LINE_PROD, .nbindings = 2,
    .requests = rq_lines_products_left, .nrequests = 2,
};

/* OrderThenLines: GetItem the order, then one Query for its lines (LEFT JOIN) */
static const ddbc_rt_request rq_order_then_lines[] = {
    {
        .op = DDBC_RT_GET_ITEM, .pk_attr = "PK", .sk_attr = "SK",
        .pk = BOUND(ord_keys[0].pk, 2, OP_P0, 1, DDBC_RT_END_EXACT), .sk_op = DDBC_RT_SK_EQ,
        .sk_lo = BOUND(ord_keys[0].sk, 1, NULL, 0, DDBC_RT_END_EXACT), .sk_hi = NOBOUND,
        .scan_forward = true, .limit_param = -1, .returns = R_ORD, .binds = B0, .nreturns = 1,
    },
    {
        .op = DDBC_RT_QUERY, .pk_attr = "PK", .sk_attr = "SK",
        .pk = BOUND(line_keys[0].pk, 2, OP_O_ID, 1, DDBC_RT_END_EXACT),
        .sk_op = DDBC_RT_SK_BEGINS_WITH,
        .sk_lo = BOUND(line_keys[0].sk, 1, NULL, 0, DDBC_RT_END_PREFIX), .sk_hi = NOBOUND,
        .scan_forward = true, .limit_param = -1, .returns = R_LINE, .binds = B1, .nreturns = 1,
        .join = DDBC_RT_JOIN_LEFT, .source_binding = 0,
    },
};
static const ddbc_rt_pattern p_order_then_lines = {
    .name = "OrderThenLines", .is_read = true, .bindings = BIND_ORD_LINE, .nbindings = 2,
    .requests = rq_order_then_lines, .nrequests = 2,
};

/* CountOrdersByStatus: SELECT status, COUNT(*) FROM orders WHERE customer_id = $1 GROUP BY status */
static const ddbc_rt_request rq_count[] = {{
    .op = DDBC_RT_QUERY, .pk_attr = "PK", .sk_attr = "SK",
    .pk = BOUND(ord_counter.pk, 2, OP_P0, 1, DDBC_RT_END_EXACT), .sk_op = DDBC_RT_SK_BEGINS_WITH,
    .sk_lo = BOUND(ord_counter.sk, 1, NULL, 0, DDBC_RT_END_PREFIX), .sk_hi = NOBOUND,
    .scan_forward = true, .limit_param = -1, .returns = R_ORD, .binds = B0, .nreturns = 1,
}};
static const ddbc_rt_pattern p_count = {
    .name = "CountOrdersByStatus", .is_read = true, .bindings = BIND_ORD, .nbindings = 1,
    .requests = rq_count, .nrequests = 1, .counter = &ord_counter,
};

/* Unshipped: shipped_at IS NULL AND status <> $2 (both NULL-sensitive) */
static const ddbc_rt_filter f_unshipped[] = {
    {"shipped_at", DDBC_RT_IS_NULL, false, NULL, 0},
    {"status", DDBC_RT_NE, false, OP_P1, 1},
};
static const ddbc_rt_request rq_unshipped[] = {{
    .op = DDBC_RT_QUERY, .index = "GSI1", .pk_attr = "GSI1PK", .sk_attr = "GSI1SK",
    .pk = BOUND(ord_keys[1].pk, 2, OP_P0, 1, DDBC_RT_END_EXACT), .sk_op = DDBC_RT_SK_BEGINS_WITH,
    .sk_lo = BOUND(ord_keys[1].sk, 1, NULL, 0, DDBC_RT_END_PREFIX), .sk_hi = NOBOUND,
    .filters = f_unshipped, .nfilters = 2, .scan_forward = true, .limit_param = -1,
    .returns = R_ORD, .binds = B0, .nreturns = 1,
}};
static const ddbc_rt_pattern p_unshipped = {
    .name = "Unshipped", .is_read = true, .ordered = true, .bindings = BIND_ORD, .nbindings = 1,
    .requests = rq_unshipped, .nrequests = 1,
};

/* Writes on products: INSERT, UPDATE … WHERE id = $2 AND active = true, DELETE */
static const ddbc_rt_assign set_insert[] = {
    {.attr = "id", .value = PS(0)}, {.attr = "name", .value = PS(1)},
    {.attr = "active", .value = {.kind = DDBC_RT_ARG_LITERAL, .literal = "true", .vkind = DDBC_RT_BOOL}},
};
static const ddbc_rt_pattern p_insert = {
    .name = "CreateProduct", .is_read = false, .bindings = BIND_PROD, .nbindings = 1,
    .write = DDBC_RT_INSERT, .set = set_insert, .nset = 3,
};
static const ddbc_rt_assign set_rename[] = {{.attr = "name", .value = PS(0)}};
static const ddbc_rt_pattern p_rename = {
    .name = "RenameActiveProduct", .is_read = false, .bindings = BIND_PROD, .nbindings = 1,
    .write = DDBC_RT_UPDATE, .set = set_rename, .nset = 1, .key = OP_P1, .where = f_active,
    .nwhere = 1,
};
static const ddbc_rt_pattern p_delete = {
    .name = "DeleteProduct", .is_read = false, .bindings = BIND_PROD, .nbindings = 1,
    .write = DDBC_RT_DELETE, .key = OP_P0,
};
/* UPDATE orders SET status = 'CANCELLED' WHERE customer_id = $1 AND status = 'PENDING'
 * — rows located by a Query */
static const ddbc_rt_operand lit_pending[] = {{.kind = DDBC_RT_ARG_LITERAL, .literal = "PENDING", .vkind = DDBC_RT_STRING}};
static const ddbc_rt_filter f_pending[] = {{"status", DDBC_RT_EQ, false, lit_pending, 1}};
static const ddbc_rt_request rq_locate_pending[] = {{
    .op = DDBC_RT_QUERY, .index = "GSI1", .pk_attr = "GSI1PK", .sk_attr = "GSI1SK",
    .pk = BOUND(ord_keys[1].pk, 2, OP_P0, 1, DDBC_RT_END_EXACT), .sk_op = DDBC_RT_SK_BEGINS_WITH,
    .sk_lo = BOUND(ord_keys[1].sk, 1, NULL, 0, DDBC_RT_END_PREFIX), .sk_hi = NOBOUND,
    .filters = f_pending, .nfilters = 1, .scan_forward = true, .limit_param = -1,
    .returns = R_ORD, .binds = B0, .nreturns = 1,
}};
static const ddbc_rt_assign set_cancel[] = {
    {.attr = "status", .value = {.kind = DDBC_RT_ARG_LITERAL, .literal = "CANCELLED", .vkind = DDBC_RT_STRING}}};
static const ddbc_rt_pattern p_cancel_pending = {
    .name = "CancelPending", .is_read = false, .bindings = BIND_ORD, .nbindings = 1,
    .write = DDBC_RT_UPDATE, .set = set_cancel, .nset = 1, .locate = rq_locate_pending,
    .where = f_pending, .nwhere = 1,
};

/* ---- the data, and what SQL says about it ------------------------------------------------ */

typedef struct order {
    char id[16], cust[8], placed[32];
    const char *status;        /* NULL: SQL NULL */
    long total;
    bool shipped;
} order;

static order ords[N_C1 + N_C2];
static size_t nords;
static ddbc_rt_client *cli;

static const char *const statuses[] = {"PENDING", "PAID", "SHIPPED"};

static void must(ddbc_rt_status st, const char *what)
{
    if (st != DDBC_RT_OK) {
        const ddbc_rt_error *e = ddbc_rt_client_error(cli);
        fail_msg("%s: %s (%s: %s)", what, ddbc_rt_status_name(st), e->type, e->message);
    }
}

static void put_row(const ddbc_rt_entity *e, ddbc_rt_item *row)
{
    must(rt_keys_apply(e, row), "keys");
    must(ddbc_rt_put_item(cli, TABLE, row, NULL, NULL, NULL), "PutItem");
    ddbc_rt_item_free(row);
}

static void set_s(ddbc_rt_item *it, const char *name, const char *v)
{
    must(ddbc_rt_item_set_s(it, name, v, strlen(v)), "set");
}

static void create_table(void)
{
    static const char body[] =
        "{\"TableName\":\"" TABLE "\",\"BillingMode\":\"PAY_PER_REQUEST\","
        "\"AttributeDefinitions\":["
        "{\"AttributeName\":\"PK\",\"AttributeType\":\"S\"},{\"AttributeName\":\"SK\",\"AttributeType\":\"S\"},"
        "{\"AttributeName\":\"GSI1PK\",\"AttributeType\":\"S\"},{\"AttributeName\":\"GSI1SK\",\"AttributeType\":\"S\"},"
        "{\"AttributeName\":\"GSI2PK\",\"AttributeType\":\"S\"},{\"AttributeName\":\"GSI2SK\",\"AttributeType\":\"S\"}],"
        "\"KeySchema\":[{\"AttributeName\":\"PK\",\"KeyType\":\"HASH\"},{\"AttributeName\":\"SK\",\"KeyType\":\"RANGE\"}],"
        "\"GlobalSecondaryIndexes\":["
        "{\"IndexName\":\"GSI1\",\"KeySchema\":[{\"AttributeName\":\"GSI1PK\",\"KeyType\":\"HASH\"},"
        "{\"AttributeName\":\"GSI1SK\",\"KeyType\":\"RANGE\"}],\"Projection\":{\"ProjectionType\":\"ALL\"}},"
        "{\"IndexName\":\"GSI2\",\"KeySchema\":[{\"AttributeName\":\"GSI2PK\",\"KeyType\":\"HASH\"},"
        "{\"AttributeName\":\"GSI2SK\",\"KeyType\":\"RANGE\"}],\"Projection\":{\"ProjectionType\":\"ALL\"}}]}";
    char *resp = NULL;
    size_t len = 0;
    must(ddbc_rt_call(cli, "CreateTable", body, strlen(body), &resp, &len), "CreateTable");
    free(resp);
    static const char desc[] = "{\"TableName\":\"" TABLE "\"}";
    for (int i = 0; i < 600; i++) {
        must(ddbc_rt_call(cli, "DescribeTable", desc, strlen(desc), &resp, &len), "DescribeTable");
        cJSON *j = cJSON_ParseWithLength(resp, len);
        const char *status = cJSON_GetStringValue(
            cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "Table"), "TableStatus"));
        bool active = status && strcmp(status, "ACTIVE") == 0;
        cJSON_Delete(j);
        free(resp);
        if (active) return;
        struct timespec ts = {0, 50 * 1000000L};
        nanosleep(&ts, NULL);
    }
    fail_msg("table never became ACTIVE");
}

static void load(void)
{
    char *note = malloc(NOTE_BYTES + 1);
    assert_non_null(note);
    memset(note, 'x', NOTE_BYTES);
    note[NOTE_BYTES] = '\0';

    const char *cust[][3] = {{"c1", "Ada", "gold"}, {"c2", "Bob", NULL}, {"c3", "Cy", "basic"}};
    for (int i = 0; i < 3; i++) {
        ddbc_rt_item it = DDBC_RT_ITEM_INIT;
        set_s(&it, "id", cust[i][0]);
        set_s(&it, "name", cust[i][1]);
        if (cust[i][2]) set_s(&it, "tier", cust[i][2]);   /* c2 predates the column: default */
        put_row(&customers, &it);
    }
    for (int i = 0; i < N_C1 + N_C2; i++) {
        order *o = &ords[nords++];
        bool c1 = i < N_C1;
        int k = c1 ? i : i - N_C1;
        snprintf(o->id, sizeof o->id, "o%d-%03d", c1 ? 1 : 2, k);
        snprintf(o->cust, sizeof o->cust, "%s", c1 ? "c1" : "c2");
        /* c1 every minute (o1-011 ties with o1-010), c2 every third minute at :30 */
        int minute = c1 ? (k == 11 ? 10 : k) : k * 3;
        snprintf(o->placed, sizeof o->placed, "2026-01-01T10:%02d:%s", minute, c1 ? "00" : "30");
        o->status = c1 ? (k % 7 == 3 ? NULL : statuses[k % 3]) : statuses[k % 2];
        o->total = k * 10 - 100;
        o->shipped = o->status && strcmp(o->status, "SHIPPED") == 0;
        ddbc_rt_item it = DDBC_RT_ITEM_INIT;
        set_s(&it, "id", o->id);
        set_s(&it, "customer_id", o->cust);
        set_s(&it, "placed_at", o->placed);
        if (o->status) set_s(&it, "status", o->status);
        must(ddbc_rt_item_set_i64(&it, "total", o->total), "set");
        if (o->shipped) set_s(&it, "shipped_at", "2026-01-02T00:00:00Z");
        else if (k % 4 == 1) must(ddbc_rt_item_set_null(&it, "shipped_at"), "set");   /* stored NULL */
        set_s(&it, "note", c1 ? note : "small");
        put_row(&orders, &it);
    }
    free(note);
    /* o1-000: lines 1, 2, 3, 10, 11 (numeric order), one of a missing product and one inactive */
    const int line_nos[] = {11, 2, 10, 1, 3};
    const char *line_prod[] = {"p4", "p2", "p-gone", "p1", "p3"};
    for (int i = 0; i < 5; i++) {
        ddbc_rt_item it = DDBC_RT_ITEM_INIT;
        set_s(&it, "order_id", "o1-000");
        must(ddbc_rt_item_set_i64(&it, "line_no", line_nos[i]), "set");
        set_s(&it, "product_id", line_prod[i]);
        must(ddbc_rt_item_set_i64(&it, "qty", i + 1), "set");
        put_row(&order_lines, &it);
    }
    for (int i = 1; i <= 4; i++) {
        ddbc_rt_item it = DDBC_RT_ITEM_INIT;
        char id[8], name[16];
        snprintf(id, sizeof id, "p%d", i);
        snprintf(name, sizeof name, "Product %d", i);
        set_s(&it, "id", id);
        set_s(&it, "name", name);
        must(ddbc_rt_item_set_bool(&it, "active", i != 3), "set");
        put_row(&products, &it);
    }
    /* counters for c1 as the entity writes keep them, plus a group back at 0 */
    const char *groups[] = {"PENDING", "PAID", "SHIPPED", "CANCELLED"};
    for (int g = 0; g < 4; g++) {
        long n = 0;
        for (size_t i = 0; i < nords; i++)
            n += strcmp(ords[i].cust, "c1") == 0 && ords[i].status && strcmp(ords[i].status, groups[g]) == 0;
        ddbc_rt_item it = DDBC_RT_ITEM_INIT;
        set_s(&it, "customer_id", "c1");
        set_s(&it, "status", groups[g]);
        char *pk = NULL, *sk = NULL;
        size_t len;
        assert_true(ddbc_rt_template_render(&ord_counter.pk, 2, &it, &pk, &len));
        assert_true(ddbc_rt_template_render(&ord_counter.sk, 2, &it, &sk, &len));
        set_s(&it, "PK", pk);
        set_s(&it, "SK", sk);
        free(pk);
        free(sk);
        must(ddbc_rt_item_set_i64(&it, "item_count", n), "set");
        must(ddbc_rt_put_item(cli, TABLE, &it, NULL, NULL, NULL), "PutItem");
        ddbc_rt_item_free(&it);
    }
}

static int setup(void **state)
{
    (void)state;
    char why[256];
    if (ddbc_rt_client_create(NULL, &cli, why, sizeof why) != DDBC_RT_OK) {
        fprintf(stderr, "client: %s\n", why);
        return -1;
    }
    create_table();
    load();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ddbc_rt_client_free(cli);
    return 0;
}

/* ---- helpers --------------------------------------------------------------------------------- */

static ddbc_rt_av s_av(const char *s)
{
    ddbc_rt_av v;
    assert_int_equal(ddbc_rt_av_from_text(&v, DDBC_RT_STRING, s, strlen(s)), DDBC_RT_OK);
    return v;
}

static ddbc_rt_av n_av(long n)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", n);
    ddbc_rt_av v;
    assert_int_equal(ddbc_rt_av_from_text(&v, DDBC_RT_NUMBER, buf, strlen(buf)), DDBC_RT_OK);
    return v;
}

static ddbc_rt_av null_av(void)
{
    ddbc_rt_av v;
    memset(&v, 0, sizeof v);
    v.type = DDBC_AV_NULL;
    v.u.b = true;
    return v;
}

/* An L value of strings; NULL entries are SQL NULLs. */
static ddbc_rt_av slice_av(const char *const *v, size_t n)
{
    ddbc_rt_av l = {.type = DDBC_AV_L};
    l.u.l.v = calloc(n ? n : 1, sizeof *l.u.l.v);
    assert_non_null(l.u.l.v);
    l.u.l.n = l.u.l.cap = n;
    for (size_t i = 0; i < n; i++) l.u.l.v[i] = v[i] ? s_av(v[i]) : null_av();
    return l;
}

static void free_args(ddbc_rt_av *a, size_t n)
{
    for (size_t i = 0; i < n; i++) ddbc_rt_av_free(&a[i]);
}

static const char *row_s(const ddbc_rt_rows *rows, size_t i, size_t b, const char *attr)
{
    const char *s = NULL;
    size_t len;
    assert_true(i < rows->n && b < rows->v[i].width);
    if (!ddbc_rt_item_s(&rows->v[i].items[b], attr, &s, &len)) return NULL;
    return s;
}

static ddbc_rt_status read(const ddbc_rt_pattern *p, const ddbc_rt_av *args, size_t nargs,
                           const char *cursor, ddbc_rt_rows *out)
{
    *out = (ddbc_rt_rows)DDBC_RT_ROWS_INIT;
    return ddbc_rt_pattern_read(cli, TABLE, p, args, nargs, cursor, out);
}

static int cmp_asc(const void *a, const void *b)
{
    const order *x = *(const order *const *)a, *y = *(const order *const *)b;
    int c = strcmp(x->placed, y->placed);
    return c ? c : strcmp(x->id, y->id);
}

static int cmp_desc(const void *a, const void *b)
{
    return -cmp_asc(a, b);
}

typedef bool (*order_pred)(const order *o, const void *ctx);

/* The orders SQL returns: those passing pred, in (placed_at, id) order. */
static size_t expect(const order **out, order_pred pred, const void *ctx, bool desc)
{
    size_t n = 0;
    for (size_t i = 0; i < nords; i++)
        if (pred(&ords[i], ctx)) out[n++] = &ords[i];
    qsort(out, n, sizeof *out, desc ? cmp_desc : cmp_asc);
    return n;
}

static bool of_customer(const order *o, const void *ctx)
{
    return strcmp(o->cust, (const char *)ctx) == 0;
}

static bool open_of_customer(const order *o, const void *ctx)
{
    return of_customer(o, ctx) && o->status &&
           (strcmp(o->status, "PENDING") == 0 || strcmp(o->status, "PAID") == 0);
}

static void assert_orders(const ddbc_rt_rows *rows, size_t from, const order *const *want, size_t n)
{
    assert_true(rows->n >= from + n);
    for (size_t i = 0; i < n; i++) {
        const char *id = row_s(rows, from + i, 0, "id");
        assert_non_null(id);
        if (strcmp(id, want[i]->id) != 0)
            fail_msg("row %zu: got %s, want %s", from + i, id, want[i]->id);
    }
}

/* ---- tests ------------------------------------------------------------------------------------ */

static void test_get_item(void **state)
{
    (void)state;
    ddbc_rt_av args[1] = {s_av("c2")};
    ddbc_rt_rows rows;
    must(read(&p_get_customer, args, 1, NULL, &rows), "GetCustomer");
    assert_int_equal(rows.n, 1);
    assert_string_equal(row_s(&rows, 0, 0, "name"), "Bob");
    assert_string_equal(row_s(&rows, 0, 0, "tier"), "basic");   /* DEFAULT filled on read */
    assert_null(ddbc_rt_item_get(&rows.v[0].items[0], "PK"));
    assert_null(rows.next_cursor);
    ddbc_rt_rows_free(&rows);
    free_args(args, 1);

    ddbc_rt_av none[1] = {s_av("nobody")};
    must(read(&p_get_customer, none, 1, NULL, &rows), "GetCustomer absent");
    assert_int_equal(rows.n, 0);
    ddbc_rt_rows_free(&rows);
    free_args(none, 1);
    ddbc_rt_av nul[1] = {null_av()};
    must(read(&p_get_customer, nul, 1, NULL, &rows), "GetCustomer NULL");
    assert_int_equal(rows.n, 0);
    ddbc_rt_rows_free(&rows);
}

/* LIMIT with a filter over 70 KB items: several 1 MB pages, exactly n rows. */
static void test_limit_across_pages(void **state)
{
    (void)state;
    const order *want[N_C1 + N_C2];
    size_t nwant = expect(want, open_of_customer, "c1", true);
    assert_true(nwant > 25);
    ddbc_rt_av args[2] = {s_av("c1"), n_av(25)};
    long before, after, retries;
    ddbc_rt_client_counts(cli, &before, &retries);
    ddbc_rt_rows rows;
    must(read(&p_open_orders, args, 2, NULL, &rows), "ListOpenOrders");
    ddbc_rt_client_counts(cli, &after, &retries);
    assert_int_equal(rows.n, 25);
    assert_orders(&rows, 0, want, 25);
    assert_true(after - before >= 2);      /* 25 × 70 KB does not fit one page */
    assert_non_null(rows.next_cursor);
    assert_null(ddbc_rt_item_get(&rows.v[0].items[0], "GSI1PK"));
    assert_non_null(row_s(&rows, 0, 0, "note"));
    ddbc_rt_rows_free(&rows);
    free_args(args, 2);
}

/* Continuing with the cursor gives the next rows, no gaps, no repeats. */
static void test_cursor_continuation(void **state)
{
    (void)state;
    const order *want[N_C1 + N_C2];
    size_t nwant = expect(want, open_of_customer, "c1", true);
    ddbc_rt_av args[2] = {s_av("c1"), n_av(7)};
    size_t got = 0;
    char *cursor = NULL;
    int calls = 0;
    do {
        ddbc_rt_rows rows;
        must(read(&p_open_orders, args, 2, cursor, &rows), "ListOpenOrders page");
        free(cursor);
        cursor = rows.next_cursor;
        rows.next_cursor = NULL;
        assert_true(rows.n <= 7);
        assert_true(got + rows.n <= nwant);
        assert_orders(&rows, 0, want + got, rows.n);
        got += rows.n;
        ddbc_rt_rows_free(&rows);
        assert_true(++calls < 50);
    } while (cursor);
    assert_int_equal(got, nwant);
    free_args(args, 2);

    /* a cursor of another pattern, or garbage, is refused */
    ddbc_rt_av c1[2] = {s_av("c1"), n_av(3)};
    ddbc_rt_rows rows;
    must(read(&p_open_orders, c1, 2, NULL, &rows), "ListOpenOrders");
    assert_non_null(rows.next_cursor);
    ddbc_rt_rows other;
    assert_int_equal(read(&p_all_orders, c1, 1, rows.next_cursor, &other), DDBC_RT_INVALID_ARGUMENT);
    assert_int_equal(read(&p_open_orders, c1, 2, "not-a-cursor!", &other), DDBC_RT_INVALID_ARGUMENT);
    ddbc_rt_av c2[2] = {s_av("c2"), n_av(3)};
    assert_int_equal(read(&p_open_orders, c2, 2, rows.next_cursor, &other), DDBC_RT_INVALID_ARGUMENT);
    ddbc_rt_rows_free(&rows);
    free_args(c1, 2);
    free_args(c2, 2);
}

/* Without a LIMIT: about 1 MB per call, then a cursor. */
static void test_no_limit_rounds(void **state)
{
    (void)state;
    const order *want[N_C1 + N_C2];
    size_t nwant = expect(want, of_customer, "c1", false);
    ddbc_rt_av args[1] = {s_av("c1")};
    size_t got = 0;
    char *cursor = NULL;
    int calls = 0;
    do {
        ddbc_rt_rows rows;
        must(read(&p_all_orders, args, 1, cursor, &rows), "ListAllOrders");
        free(cursor);
        cursor = rows.next_cursor;
        rows.next_cursor = NULL;
        /* like LastEvaluatedKey, a cursor may lead to an empty last round */
        assert_true((rows.n > 0 || !cursor) && rows.n < nwant);
        assert_orders(&rows, 0, want + got, rows.n);
        got += rows.n;
        ddbc_rt_rows_free(&rows);
        assert_true(++calls < 20);
    } while (cursor);
    assert_int_equal(got, nwant);
    assert_true(calls >= 2);   /* 60 × 70 KB do not fit one round (servers page differently) */
    free_args(args, 1);
}

typedef struct range {
    const char *cust, *lo, *hi;
} range;

static bool in_range(const order *o, const void *ctx)
{
    const range *r = ctx;
    return of_customer(o, r->cust) && strcmp(o->placed, r->lo) >= 0 && strcmp(o->placed, r->hi) <= 0;
}

static void test_between(void **state)
{
    (void)state;
    range r = {"c1", "2026-01-01T10:10:00", "2026-01-01T10:20:00"};
    const order *want[N_C1 + N_C2];
    size_t nwant = expect(want, in_range, &r, false);
    assert_int_equal(nwant, 11);   /* minutes 10 (o1-010 and o1-011) … 20 */
    ddbc_rt_av args[3] = {s_av(r.cust), s_av(r.lo), s_av(r.hi)};
    ddbc_rt_rows rows;
    must(read(&p_between, args, 3, NULL, &rows), "OrdersBetween");
    assert_int_equal(rows.n, nwant);
    assert_orders(&rows, 0, want, nwant);
    ddbc_rt_rows_free(&rows);
    free_args(args, 3);
    /* lo > hi: no rows, and no ValidationException from the server */
    ddbc_rt_av rev[3] = {s_av("c1"), s_av("2026-01-01T10:20:00"), s_av("2026-01-01T10:10:00")};
    must(read(&p_between, rev, 3, NULL, &rows), "OrdersBetween reversed");
    assert_int_equal(rows.n, 0);
    ddbc_rt_rows_free(&rows);
    free_args(rev, 3);
}

static bool of_c1_or_c2(const order *o, const void *ctx)
{
    (void)o;
    (void)ctx;
    return true;
}

static void test_in_merge(void **state)
{
    (void)state;
    const char *ids[] = {"c2", "c1", "c2", "c3", NULL};
    for (int desc = 0; desc < 2; desc++) {
        const order *want[N_C1 + N_C2];
        size_t nwant = expect(want, of_c1_or_c2, NULL, desc);
        ddbc_rt_av args[2] = {slice_av(ids, 5), n_av(30)};
        ddbc_rt_rows rows;
        must(read(desc ? &p_in_desc : &p_in_asc, args, 2, NULL, &rows), "OrdersOfCustomers");
        assert_true(nwant >= 30);
        assert_int_equal(rows.n, 30);
        assert_orders(&rows, 0, want, 30);
        assert_null(rows.next_cursor);   /* no cursor across a merge */
        ddbc_rt_rows_free(&rows);
        free_args(args, 2);
    }
}

static void test_batch_get_in(void **state)
{
    (void)state;
    const char *ids[] = {"p2", "p1", "p2", "p-none", NULL};
    ddbc_rt_av args[1] = {slice_av(ids, 5)};
    ddbc_rt_rows rows;
    must(read(&p_products_in, args, 1, NULL, &rows), "GetProductsByIds");
    assert_int_equal(rows.n, 2);
    assert_string_equal(row_s(&rows, 0, 0, "id"), "p2");
    assert_string_equal(row_s(&rows, 1, 0, "id"), "p1");
    ddbc_rt_rows_free(&rows);
    free_args(args, 1);
    const char *none[] = {NULL};
    ddbc_rt_av empty[1] = {slice_av(none, 0)};
    must(read(&p_products_in, empty, 1, NULL, &rows), "GetProductsByIds empty");
    assert_int_equal(rows.n, 0);
    ddbc_rt_rows_free(&rows);
    free_args(empty, 1);
}

static void assert_line(const ddbc_rt_rows *rows, size_t i, const char *order_id, long line_no)
{
    assert_string_equal(row_s(rows, i, 0, "id"), order_id);
    int64_t n = 0;
    assert_true(ddbc_rt_item_i64(&rows->v[i].items[1], "line_no", &n));
    assert_int_equal(n, line_no);
    assert_null(ddbc_rt_item_get(&rows->v[i].items[1], "SK"));
}

static void test_prejoin(void **state)
{
    (void)state;
    static const long want[] = {1, 2, 3, 10, 11};
    ddbc_rt_av args[2] = {s_av("o1-000"), n_av(100)};
    ddbc_rt_rows rows;
    must(read(&p_prejoin, args, 2, NULL, &rows), "GetOrderWithLines");
    assert_int_equal(rows.n, 5);
    for (size_t i = 0; i < 5; i++) assert_line(&rows, i, "o1-000", want[i]);
    assert_null(rows.next_cursor);
    ddbc_rt_rows_free(&rows);
    free_args(args, 2);

    /* LIMIT 2: the cursor resumes after the last line and the parent is read again */
    ddbc_rt_av lim[2] = {s_av("o1-000"), n_av(2)};
    size_t got = 0;
    char *cursor = NULL;
    do {
        must(read(&p_prejoin, lim, 2, cursor, &rows), "GetOrderWithLines page");
        free(cursor);
        cursor = rows.next_cursor;
        rows.next_cursor = NULL;
        assert_true(rows.n <= 2);
        for (size_t i = 0; i < rows.n; i++) assert_line(&rows, i, "o1-000", want[got + i]);
        got += rows.n;
        ddbc_rt_rows_free(&rows);
    } while (cursor && got < 10);
    assert_null(cursor);
    assert_int_equal(got, 5);
    free_args(lim, 2);

    /* an order without lines: no row (inner join), one row with LEFT JOIN */
    ddbc_rt_av bare[2] = {s_av("o1-001"), n_av(10)};
    must(read(&p_prejoin, bare, 2, NULL, &rows), "GetOrderWithLines bare");
    assert_int_equal(rows.n, 0);
    ddbc_rt_rows_free(&rows);
    must(read(&p_prejoin_left, bare, 2, NULL, &rows), "GetOrderWithLinesLeft bare");
    assert_int_equal(rows.n, 1);
    assert_string_equal(row_s(&rows, 0, 0, "id"), "o1-001");
    assert_int_equal(rows.v[0].items[1].n, 0);
    ddbc_rt_rows_free(&rows);
    free_args(bare, 2);
}

static void test_follow_ups(void **state)
{
    (void)state;
    ddbc_rt_av args[1] = {s_av("o1-000")};
    ddbc_rt_rows rows;
    /* lines 1 (p1), 2 (p2), 3 (p3 inactive), 10 (p-gone), 11 (p4) */
    must(read(&p_lines_products, args, 1, NULL, &rows), "LinesWithProducts");
    assert_int_equal(rows.n, 3);
    const char *want_inner[] = {"p1", "p2", "p4"};
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(row_s(&rows, i, 0, "product_id"), want_inner[i]);
        assert_string_equal(row_s(&rows, i, 1, "id"), want_inner[i]);
        assert_null(ddbc_rt_item_get(&rows.v[i].items[1], "PK"));
    }
    ddbc_rt_rows_free(&rows);
    must(read(&p_lines_products_left, args, 1, NULL, &rows), "LinesWithProductsLeft");
    assert_int_equal(rows.n, 5);
    const char *want_left[] = {"p1", "p2", NULL, NULL, "p4"};
    for (size_t i = 0; i < 5; i++) {
        if (want_left[i]) assert_string_equal(row_s(&rows, i, 1, "id"), want_left[i]);
        else assert_int_equal(rows.v[i].items[1].n, 0);
    }
    ddbc_rt_rows_free(&rows);

    /* GetItem, then one Query per row (LEFT) */
    must(read(&p_order_then_lines, args, 1, NULL, &rows), "OrderThenLines");
    assert_int_equal(rows.n, 5);
    assert_line(&rows, 0, "o1-000", 1);
    assert_line(&rows, 4, "o1-000", 11);
    ddbc_rt_rows_free(&rows);
    free_args(args, 1);
    ddbc_rt_av bare[1] = {s_av("o1-001")};
    must(read(&p_order_then_lines, bare, 1, NULL, &rows), "OrderThenLines bare");
    assert_int_equal(rows.n, 1);
    assert_int_equal(rows.v[0].items[1].n, 0);
    ddbc_rt_rows_free(&rows);
    free_args(bare, 1);
}

static void test_counter(void **state)
{
    (void)state;
    ddbc_rt_av args[1] = {s_av("c1")};
    ddbc_rt_rows rows;
    must(read(&p_count, args, 1, NULL, &rows), "CountOrdersByStatus");
    /* sort keys: #COUNT#PAID < #COUNT#PENDING < #COUNT#SHIPPED; CANCELLED (0) has no row */
    assert_int_equal(rows.n, 3);
    const char *want[] = {"PAID", "PENDING", "SHIPPED"};
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(row_s(&rows, i, 0, "status"), want[i]);
        long n = 0;
        for (size_t k = 0; k < nords; k++)
            n += strcmp(ords[k].cust, "c1") == 0 && ords[k].status && strcmp(ords[k].status, want[i]) == 0;
        int64_t got = -1;
        assert_true(ddbc_rt_item_i64(&rows.v[i].items[0], "item_count", &got));
        assert_int_equal(got, n);
        assert_null(ddbc_rt_item_get(&rows.v[i].items[0], "PK"));
    }
    ddbc_rt_rows_free(&rows);
    free_args(args, 1);
}

static bool unshipped_not(const order *o, const void *ctx)
{
    return of_customer(o, "c1") && !o->shipped && o->status && strcmp(o->status, (const char *)ctx) != 0;
}

static void test_null_semantics(void **state)
{
    (void)state;
    const order *want[N_C1 + N_C2];
    size_t nwant = expect(want, unshipped_not, "PENDING", false);
    ddbc_rt_av args[2] = {s_av("c1"), s_av("PENDING")};
    ddbc_rt_rows rows;
    must(read(&p_unshipped, args, 2, NULL, &rows), "Unshipped");
    /* status NULL rows are not "<> 'PENDING'"; stored NULL shipped_at counts as NULL */
    size_t got = rows.n;
    char *cursor = rows.next_cursor;
    rows.next_cursor = NULL;
    assert_orders(&rows, 0, want, rows.n);
    ddbc_rt_rows_free(&rows);
    while (cursor) {
        must(read(&p_unshipped, args, 2, cursor, &rows), "Unshipped more");
        free(cursor);
        cursor = rows.next_cursor;
        rows.next_cursor = NULL;
        assert_orders(&rows, 0, want + got, rows.n);
        got += rows.n;
        ddbc_rt_rows_free(&rows);
    }
    assert_int_equal(got, nwant);
    free_args(args, 2);
    /* status <> NULL is never TRUE */
    ddbc_rt_av nul[2] = {s_av("c1"), null_av()};
    must(read(&p_unshipped, nul, 2, NULL, &rows), "Unshipped NULL");
    assert_int_equal(rows.n, 0);
    ddbc_rt_rows_free(&rows);
    free_args(nul, 2);
}

/* Every read of `p` to the end, rows appended to *all. */
static void read_all(const ddbc_rt_pattern *p, const ddbc_rt_av *args, size_t nargs, ddbc_rt_rows *all)
{
    char *cursor = NULL;
    do {
        ddbc_rt_rows rows;
        must(read(p, args, nargs, cursor, &rows), p->name);
        free(cursor);
        cursor = rows.next_cursor;
        rows.next_cursor = NULL;
        for (size_t i = 0; i < rows.n; i++) {
            if (all->n == all->cap) {
                all->cap = all->cap ? all->cap * 2 : 64;
                all->v = realloc(all->v, all->cap * sizeof *all->v);
                assert_non_null(all->v);
            }
            all->v[all->n++] = rows.v[i];
        }
        rows.n = 0;
        ddbc_rt_rows_free(&rows);
    } while (cursor);
}

/* The server's FilterExpression and the in-memory evaluation agree, form by form. */
static void test_filter_forms_on_server(void **state)
{
    (void)state;
    ddbc_rt_rows base = DDBC_RT_ROWS_INIT;
    ddbc_rt_av cust[1] = {s_av("c1")};
    read_all(&p_all_orders, cust, 1, &base);
    assert_int_equal(base.n, N_C1);

    static const ddbc_rt_operand P1N[] = {PARAM(1, DDBC_RT_NUMBER, DDBC_KEYENC_NUMBER)};
    static const ddbc_rt_operand P12N[] = {PARAM(1, DDBC_RT_NUMBER, DDBC_KEYENC_NUMBER),
                                           PARAM(2, DDBC_RT_NUMBER, DDBC_KEYENC_NUMBER)};
    static const ddbc_rt_operand lit_pa[] = {{.kind = DDBC_RT_ARG_LITERAL, .literal = "PA", .vkind = DDBC_RT_STRING}};
    const char *paid_null[] = {"PAID", NULL};
    char idbuf[250][16];
    const char *many[250];
    for (int i = 0; i < 250; i++) {
        snprintf(idbuf[i], sizeof idbuf[i], "o1-%03d", i * 2);
        many[i] = idbuf[i];
    }
    struct {
        ddbc_rt_filter f;
        ddbc_rt_av args[3];
        size_t nargs;
    } cases[] = {
        {{"status", DDBC_RT_IN, true, lit_pending, 1}, {s_av("c1")}, 1},
        {{"status", DDBC_RT_IN, false, OP_P1, 1}, {s_av("c1"), slice_av(paid_null, 2)}, 2},
        {{"status", DDBC_RT_IN, true, OP_P1, 1}, {s_av("c1"), slice_av(paid_null, 2)}, 2},
        {{"id", DDBC_RT_IN, false, OP_P1, 1}, {s_av("c1"), slice_av(many, 250)}, 2},
        {{"id", DDBC_RT_IN, true, OP_P1, 1}, {s_av("c1"), slice_av(many, 250)}, 2},
        {{"total", DDBC_RT_BETWEEN, true, P12N, 2}, {s_av("c1"), n_av(-50), n_av(100)}, 3},
        {{"total", DDBC_RT_BETWEEN, true, P12N, 2}, {s_av("c1"), null_av(), n_av(100)}, 3},
        {{"total", DDBC_RT_BETWEEN, false, P12N, 2}, {s_av("c1"), n_av(-50), n_av(100)}, 3},
        {{"total", DDBC_RT_LT, true, P1N, 1}, {s_av("c1"), n_av(0)}, 2},
        {{"shipped_at", DDBC_RT_IS_NULL, true, NULL, 0}, {s_av("c1")}, 1},
        {{"shipped_at", DDBC_RT_IS_NULL, false, NULL, 0}, {s_av("c1")}, 1},
        {{"status", DDBC_RT_BEGINS_WITH, true, lit_pa, 1}, {s_av("c1")}, 1},
        {{"status", DDBC_RT_BEGINS_WITH, false, lit_pa, 1}, {s_av("c1")}, 1},
        {{"status", DDBC_RT_EQ, true, OP_P1, 1}, {s_av("c1"), s_av("PAID")}, 2},
        {{"status", DDBC_RT_EQ, true, OP_P1, 1}, {s_av("c1"), null_av()}, 2},
        /* LIKE has no expression function: the whole filter runs on the items read */
        {{"status", DDBC_RT_LIKE, true, OP_P1, 1}, {s_av("c1"), s_av("%I%")}, 2},
        {{"status", DDBC_RT_LIKE, false, OP_P1, 1}, {s_av("c1"), s_av("P_ID")}, 2},
        {{"status", DDBC_RT_LIKE, true, OP_P1, 1}, {s_av("c1"), s_av("P\\%")}, 2},
        {{"status", DDBC_RT_LIKE, true, OP_P1, 1}, {s_av("c1"), null_av()}, 2},
        {{"id", DDBC_RT_LIKE, true, OP_P1, 1}, {s_av("c1"), s_av("o1-0_0")}, 2},
    };
    size_t ncases = sizeof cases / sizeof cases[0];
    /* the LIKE cases (the last five) again with LIMIT 7: pages of kept rows, cursors between */
    for (size_t k = 0; k < ncases + 5; k++) {
        ddbc_rt_request rq = rq_all_orders[0];
        size_t c = k < ncases ? k : k - 5;
        if (k >= ncases) rq.limit = 7;
        rq.filters = &cases[c].f;
        rq.nfilters = 1;
        ddbc_rt_pattern p = p_all_orders;
        p.requests = &rq;
        ddbc_rt_rows got = DDBC_RT_ROWS_INIT;
        read_all(&p, cases[c].args, cases[c].nargs, &got);
        size_t w = 0;
        for (size_t i = 0; i < base.n; i++) {
            if (!rt_filter_holds(&cases[c].f, 1, &base.v[i].items[0], cases[c].args, cases[c].nargs))
                continue;
            const char *want = row_s(&base, i, 0, "id");
            if (w >= got.n) fail_msg("case %zu: server lacks %s", k, want);
            const char *id = row_s(&got, w, 0, "id");
            if (strcmp(id, want) != 0) fail_msg("case %zu: row %zu is %s, want %s", k, w, id, want);
            w++;
        }
        if (w != got.n) fail_msg("case %zu: server returned %zu rows, memory %zu", k, got.n, w);
        ddbc_rt_rows_free(&got);
    }
    for (size_t k = 0; k < ncases; k++) free_args(cases[k].args, cases[k].nargs);
    ddbc_rt_rows_free(&base);
    free_args(cust, 1);
}

static void test_writes(void **state)
{
    (void)state;
    long affected = -1;
    ddbc_rt_items ret = DDBC_RT_ITEMS_INIT;
    ddbc_rt_av ins[2] = {s_av("p9"), s_av("Nine")};
    must(ddbc_rt_pattern_write(cli, TABLE, &p_insert, ins, 2, &affected, &ret), "CreateProduct");
    assert_int_equal(affected, 1);
    assert_int_equal(ret.n, 1);
    bool active = false;
    assert_true(ddbc_rt_item_bool(&ret.v[0], "active", &active) && active);
    ddbc_rt_items_free(&ret);
    free_args(ins, 2);

    /* WHERE id = $2 AND active: p9 matches, p3 (inactive) and p-none do not (0 rows, OK) */
    ddbc_rt_av up[2] = {s_av("Nine!"), s_av("p9")};
    must(ddbc_rt_pattern_write(cli, TABLE, &p_rename, up, 2, &affected, NULL), "Rename p9");
    assert_int_equal(affected, 1);
    free_args(up, 2);
    ddbc_rt_av up3[2] = {s_av("Three!"), s_av("p3")};
    must(ddbc_rt_pattern_write(cli, TABLE, &p_rename, up3, 2, &affected, NULL), "Rename p3");
    assert_int_equal(affected, 0);
    free_args(up3, 2);
    ddbc_rt_av upn[2] = {s_av("None"), s_av("p-none")};
    must(ddbc_rt_pattern_write(cli, TABLE, &p_rename, upn, 2, &affected, NULL), "Rename absent");
    assert_int_equal(affected, 0);
    free_args(upn, 2);

    const char *ids[] = {"p9", "p3"};
    ddbc_rt_av q[1] = {slice_av(ids, 2)};
    ddbc_rt_rows rows;
    must(read(&p_products_in, q, 1, NULL, &rows), "GetProductsByIds after update");
    assert_int_equal(rows.n, 2);
    assert_string_equal(row_s(&rows, 0, 0, "name"), "Nine!");
    assert_string_equal(row_s(&rows, 1, 0, "name"), "Product 3");
    ddbc_rt_rows_free(&rows);

    ddbc_rt_av del[1] = {s_av("p9")};
    must(ddbc_rt_pattern_write(cli, TABLE, &p_delete, del, 1, &affected, &ret), "DeleteProduct");
    assert_int_equal(affected, 1);
    assert_int_equal(ret.n, 1);
    ddbc_rt_items_free(&ret);
    must(ddbc_rt_pattern_write(cli, TABLE, &p_delete, del, 1, &affected, NULL), "DeleteProduct again");
    assert_int_equal(affected, 0);
    free_args(del, 1);
    must(read(&p_products_in, q, 1, NULL, &rows), "GetProductsByIds after delete");
    assert_int_equal(rows.n, 1);
    ddbc_rt_rows_free(&rows);
    free_args(q, 1);

    /* rows located by a Query: every PENDING order of c2 */
    long pending = 0;
    for (size_t i = 0; i < nords; i++)
        pending += strcmp(ords[i].cust, "c2") == 0 && strcmp(ords[i].status, "PENDING") == 0;
    ddbc_rt_av c2[1] = {s_av("c2")};
    must(ddbc_rt_pattern_write(cli, TABLE, &p_cancel_pending, c2, 1, &affected, NULL), "CancelPending");
    assert_int_equal(affected, pending);
    must(ddbc_rt_pattern_write(cli, TABLE, &p_cancel_pending, c2, 1, &affected, NULL), "CancelPending again");
    assert_int_equal(affected, 0);
    free_args(c2, 1);
}

/* Allocation failures at every point of a read: NO_MEMORY (or the transport's
 * own failure status), never a crash or a leak, and the full answer once
 * allocations succeed. */
static void test_no_memory(void **state)
{
    (void)state;
    const char *ids[] = {"c3", "c2"};
    struct {
        const ddbc_rt_pattern *p;
        ddbc_rt_av args[2];
        size_t nargs, rows;
    } cases[] = {
        {&p_prejoin, {s_av("o1-000"), n_av(3)}, 2, 3},
        {&p_lines_products_left, {s_av("o1-000")}, 1, 5},
        {&p_in_desc, {slice_av(ids, 2), n_av(4)}, 2, 4},
        {&p_count, {s_av("c1")}, 1, 3},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        bool done = false;
        for (long n = 0; !done; n++) {
            ddbc_rt_rows rows = DDBC_RT_ROWS_INIT;
            fail_countdown = n;
            ddbc_rt_status st = ddbc_rt_pattern_read(cli, TABLE, cases[k].p, cases[k].args,
                                                     cases[k].nargs, NULL, &rows);
            done = fail_countdown > 0;
            fail_countdown = -1;
            if (st != DDBC_RT_OK && st != DDBC_RT_NO_MEMORY)
                fail_msg("%s, allocation %ld failing: %s", cases[k].p->name, n, ddbc_rt_status_name(st));
            if (st == DDBC_RT_NO_MEMORY) assert_int_equal(rows.n, 0);
            if (done) {
                assert_int_equal(st, DDBC_RT_OK);
                assert_int_equal(rows.n, cases[k].rows);
            }
            ddbc_rt_rows_free(&rows);
            assert_true(n < 200000);
        }
        free_args(cases[k].args, cases[k].nargs);
    }
}

/* usage: test_rt_pattern_server [--no-alloc-faults] (the fault loop sends thousands
 * of requests: run it where the server is fast) */
int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_get_item),
        cmocka_unit_test(test_limit_across_pages),
        cmocka_unit_test(test_cursor_continuation),
        cmocka_unit_test(test_no_limit_rounds),
        cmocka_unit_test(test_between),
        cmocka_unit_test(test_in_merge),
        cmocka_unit_test(test_batch_get_in),
        cmocka_unit_test(test_prejoin),
        cmocka_unit_test(test_follow_ups),
        cmocka_unit_test(test_counter),
        cmocka_unit_test(test_null_semantics),
        cmocka_unit_test(test_filter_forms_on_server),
        cmocka_unit_test(test_writes),
        cmocka_unit_test(test_no_memory),
    };
    size_t n = sizeof tests / sizeof tests[0];
    if (argc > 1 && strcmp(argv[1], "--no-alloc-faults") == 0) n--;
    return _cmocka_run_group_tests("tests", tests, n, setup, teardown);
}
