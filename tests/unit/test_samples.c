/* test_samples.c — unit tests for the sample items (samples.c) and the NoSQL
 * Workbench model built from them (emit_workbench.c).
 *
 * One small schema with an item collection, a sparse index on a literal, a
 * sparse index on a nullable column, a unique guard and a counter. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "check.h"
#include "config.h"
#include "ddbc/keyenc.h"
#include "emit_workbench.h"
#include "fixture.h"
#include "outset.h"
#include "plan.h"
#include "samples.h"

static const char *const schema =
    "CREATE TABLE customers (\n"
    "  id bigint PRIMARY KEY,\n"
    "  email text NOT NULL UNIQUE,\n"
    "  full_name text NOT NULL,\n"
    "  created_at timestamptz NOT NULL\n"
    ");\n"
    "CREATE TABLE orders (\n"
    "  id bigint PRIMARY KEY,\n"
    "  customer_id bigint NOT NULL REFERENCES customers (id),\n"
    "  status text NOT NULL,\n"
    "  total numeric(10,2) NOT NULL,\n"
    "  shipped_at timestamptz,\n"
    "  placed_at timestamptz NOT NULL\n"
    ");\n"
    "CREATE TABLE order_lines (\n"
    "  order_id bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,\n"
    "  line_no int NOT NULL,\n"
    "  sku text NOT NULL,\n"
    "  PRIMARY KEY (order_id, line_no)\n"
    ");\n";

static const char *const queries =
    "-- name: GetCustomerByEmail :one\n"
    "SELECT * FROM customers WHERE email = $1;\n"
    "-- name: GetOrderWithLines :many\n"
    "SELECT * FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.id = $1;\n"
    "-- name: ListOpenOrders :many\n"
    "SELECT * FROM orders WHERE customer_id = $1 AND status = 'OPEN' ORDER BY placed_at;\n"
    "-- name: ListShippedOrders :many\n"
    "SELECT * FROM orders WHERE shipped_at IS NOT NULL AND customer_id = $1 ORDER BY shipped_at;\n"
    "-- name: CountOrdersByStatus :many\n"
    "SELECT status, COUNT(*) FROM orders WHERE customer_id = $1 GROUP BY status;\n";

static ddbc_config cfg;

static ddbc_design *plan(fixture *f)
{
    fixture_parse(f, DDBC_DIALECT_POSTGRESQL, "schema.sql", schema);
    fixture_parse(f, DDBC_DIALECT_POSTGRESQL, "queries.sql", queries);
    ddbc_catalog_build(&f->ast, f->arena, &f->ir, &f->diags);
    ddbc_check_queries(&f->ast, &f->sources, f->arena, &f->ir, &f->diags);
    ddbc_config_defaults(&cfg);
    ddbc_plan_options po = {&cfg, NULL, false};
    ddbc_design *d = ddbc_plan(&f->ir, &po, f->arena, &f->diags);
    assert_int_equal(f->diags.errors, 0);
    return d;
}

static ddbc_sample_list samples(fixture *f, const ddbc_design *d)
{
    ddbc_sample_list items = {NULL, 0, 0};
    ddbc_samples_make(d, 3, f->arena, &items);
    assert_true(items.n > 0);
    return items;
}

static bool is_entity(const ddbc_sample_item *it, const char *name)
{
    return it->entity && !strcmp(it->entity->entity->name, name);
}

static const char *value(const ddbc_sample_item *it, const char *name)
{
    const ddbc_sample_attr *a = ddbc_sample_attr_find(it, name);
    return a ? a->value : NULL;
}

/* The attribute's value; fails the test when the item has none. */
static const char *must(const ddbc_sample_item *it, const char *name)
{
    const char *v = value(it, name);
    if (!v) {
        fail_msg("item has no attribute %s", name);
        return "";
    }
    return v;
}

/* keyenc's encoding of one value, as the runtime builds key parts. */
static const char *enc(fixture *f, ddbc_keyenc_type t, const char *v)
{
    char buf[256];
    long n = ddbc_keyenc_value(t, v, strlen(v), false, buf, sizeof buf);
    assert_true(n > 0 && n < (long)sizeof buf);
    return ddbc_arena_strdup(f->arena, buf);
}

static void every_item_has_a_nonempty_table_key(void **state)
{
    fixture *f = *state;
    const ddbc_design *d = plan(f);
    ddbc_sample_list items = samples(f, d);
    int entities = 0;
    for (size_t i = 0; i < items.n; i++) {
        const char *pk = must(&items.v[i], "PK"), *sk = must(&items.v[i], "SK");
        assert_true(pk[0] != '\0');
        assert_true(sk[0] != '\0');
        assert_int_equal(ddbc_sample_attr_find(&items.v[i], "PK")->type, DDBC_ATTR_S);
        entities += !strcmp(items.v[i].kind, "entity");
        /* every attribute a key names is a non-empty string */
        for (size_t a = 0; a < items.v[i].attrs.n; a++)
            if (strstr(items.v[i].attrs.v[a].name, "GSI")) assert_true(items.v[i].attrs.v[a].value[0] != '\0');
    }
    assert_int_equal(entities, 9);   /* three per entity */
}

static void children_share_their_parents_partition(void **state)
{
    fixture *f = *state;
    const ddbc_design *d = plan(f);
    ddbc_sample_list items = samples(f, d);
    const ddbc_sample_item *first_order = NULL;
    int lines = 0, under_first = 0;
    for (size_t i = 0; i < items.n; i++) {
        const ddbc_sample_item *it = &items.v[i];
        if (is_entity(it, "orders") && !first_order) first_order = it;
        if (!is_entity(it, "order_lines")) continue;
        lines++;
        /* the line's partition is its order's: ORDER#<order_id> */
        char want[128];
        snprintf(want, sizeof want, "ORDER#%s", enc(f, DDBC_KEYENC_NUMBER, must(it, "order_id")));
        assert_string_equal(must(it, "PK"), want);
        bool parent_exists = false;
        for (size_t j = 0; j < items.n; j++)
            parent_exists |= is_entity(&items.v[j], "orders") && !strcmp(must(&items.v[j], "PK"), want);
        assert_true(parent_exists);
        assert_non_null(first_order);
        under_first += !strcmp(must(it, "PK"), must(first_order, "PK"));
    }
    assert_int_equal(lines, 3);
    assert_true(under_first >= 2);   /* a real collection: two lines under order 1001 */
}

static void sparse_keys_exist_only_where_the_condition_holds(void **state)
{
    fixture *f = *state;
    const ddbc_design *d = plan(f);
    ddbc_sample_list items = samples(f, d);
    int open = 0, not_open = 0, shipped = 0, unshipped = 0;
    for (size_t i = 0; i < items.n; i++) {
        const ddbc_sample_item *it = &items.v[i];
        if (!is_entity(it, "orders")) continue;
        bool is_open = !strcmp(must(it, "status"), "OPEN");
        /* GSI1: status = 'OPEN' */
        assert_int_equal(value(it, "GSI1PK") != NULL, is_open);
        assert_int_equal(value(it, "GSI1SK") != NULL, is_open);
        open += is_open;
        not_open += !is_open;
        /* GSI2: shipped_at IS NOT NULL */
        bool has_shipped = value(it, "shipped_at") != NULL;
        assert_int_equal(value(it, "GSI2PK") != NULL, has_shipped);
        shipped += has_shipped;
        unshipped += !has_shipped;
    }
    assert_true(open > 0 && not_open > 0);
    assert_true(shipped > 0 && unshipped > 0);
}

static void guard_and_counter_items_exist(void **state)
{
    fixture *f = *state;
    const ddbc_design *d = plan(f);
    ddbc_sample_list items = samples(f, d);
    int guards = 0, counted = 0, orders = 0;
    for (size_t i = 0; i < items.n; i++) {
        const ddbc_sample_item *it = &items.v[i];
        if (is_entity(it, "orders")) orders++;
        if (is_entity(it, "customers")) {
            char want[256];
            snprintf(want, sizeof want, "UNIQUE#CUSTOMER#email#%s", enc(f, DDBC_KEYENC_STRING, must(it, "email")));
            bool found = false;
            for (size_t j = 0; j < items.n; j++)
                found |= !strcmp(items.v[j].kind, "guard") && !strcmp(must(&items.v[j], "PK"), want) &&
                         !strcmp(must(&items.v[j], "SK"), want);
            assert_true(found);
        }
        if (!strcmp(it->kind, "guard")) {
            assert_null(it->entity);
            guards++;
        }
        if (!strcmp(it->kind, "counter")) {
            assert_null(it->entity);
            assert_true(!strncmp(must(it, "PK"), "ORDER_COUNT#", 12));
            assert_true(!strncmp(must(it, "SK"), "#COUNT#", 7));
            assert_int_equal(ddbc_sample_attr_find(it, "item_count")->type, DDBC_ATTR_N);
            counted += atoi(must(it, "item_count"));
        }
    }
    assert_int_equal(guards, 3);
    assert_int_equal(counted, orders);   /* every order counted once */
}

static void key_values_are_encoded_by_keyenc(void **state)
{
    fixture *f = *state;
    const ddbc_design *d = plan(f);
    ddbc_sample_list items = samples(f, d);
    int checked = 0;
    for (size_t i = 0; i < items.n; i++) {
        const ddbc_sample_item *it = &items.v[i];
        if (!is_entity(it, "orders")) continue;
        char want[256];
        snprintf(want, sizeof want, "ORDER#%s", enc(f, DDBC_KEYENC_NUMBER, must(it, "id")));
        assert_string_equal(must(it, "PK"), want);
        assert_string_equal(value(it, "SK"), "#ORDER");
        if (value(it, "GSI1SK")) {
            snprintf(want, sizeof want, "ORDER#%s#%s", enc(f, DDBC_KEYENC_TIMESTAMP, must(it, "placed_at")),
                     enc(f, DDBC_KEYENC_NUMBER, must(it, "id")));
            assert_string_equal(value(it, "GSI1SK"), want);
            snprintf(want, sizeof want, "CUSTOMER#%s", enc(f, DDBC_KEYENC_NUMBER, must(it, "customer_id")));
            assert_string_equal(value(it, "GSI1PK"), want);
            checked++;
        }
        /* column values keep their own types and text */
        assert_int_equal(ddbc_sample_attr_find(it, "total")->type, DDBC_ATTR_N);
        assert_int_equal(ddbc_sample_attr_find(it, "placed_at")->type, DDBC_ATTR_S);
    }
    assert_true(checked > 0);
}

static void workbench_model_holds_facets_indexes_and_items(void **state)
{
    fixture *f = *state;
    const ddbc_design *d = plan(f);
    ddbc_outset a, b;
    ddbc_outset_init(&a);
    ddbc_outset_init(&b);
    ddbc_emit_workbench(d, &cfg, &a, &f->diags);
    ddbc_emit_workbench(d, &cfg, &b, &f->diags);
    const ddbc_outfile *x = ddbc_outset_find(&a, "nosql-workbench.json");
    const ddbc_outfile *y = ddbc_outset_find(&b, "nosql-workbench.json");
    assert_non_null(x);
    assert_non_null(y);
    assert_int_equal(x->len, y->len);
    assert_memory_equal(x->data, y->data, x->len);   /* deterministic */
    const char *s = x->data;
    assert_contains(s, "\"ModelName\": \"app\"");
    assert_contains(s, "\"Version\": \"3.0\"");
    assert_contains(s, "\"AWSService\": \"Amazon DynamoDB\"");
    assert_contains(s, "\"FacetName\": \"customers\"");
    assert_contains(s, "\"FacetName\": \"orders\"");
    assert_contains(s, "\"FacetName\": \"order_lines\"");
    assert_contains(s, "\"PartitionKeyAlias\": \"ORDER#{order_id}\"");
    assert_contains(s, "\"SortKeyAlias\": \"ORDER_LINE#{line_no}\"");
    assert_contains(s, "\"IndexName\": \"GSI1\"");
    assert_contains(s, "\"IndexName\": \"GSI2\"");
    assert_contains(s, "\"ProjectionType\": \"ALL\"");
    assert_contains(s, "\"BillingMode\": \"PAY_PER_REQUEST\"");
    assert_contains(s, "\"S\": \"UNIQUE#CUSTOMER#email#ana.silva@example.com\"");
    assert_contains(s, "\"item_count\": {\n");
    assert_null(strstr(s, "\"S\": \"\""));   /* no empty string, keys included */
    ddbc_outset_free(&a);
    ddbc_outset_free(&b);
}

static void workbench_model_states_provisioned_capacity(void **state)
{
    fixture *f = *state;
    const ddbc_design *d = plan(f);
    cfg.provisioned = true;
    cfg.read_capacity = 7;
    cfg.max_read_capacity = 70;
    ddbc_outset out;
    ddbc_outset_init(&out);
    ddbc_emit_workbench(d, &cfg, &out, &f->diags);
    const char *s = ddbc_outset_find(&out, "nosql-workbench.json")->data;
    assert_contains(s, "\"BillingMode\": \"PROVISIONED\"");
    assert_contains(s, "\"ReadCapacityUnits\": 7");
    assert_contains(s, "\"MaxCapacity\": 70");
    assert_contains(s, "\"ServiceRole\": \"AWSServiceRoleForApplicationAutoScaling_DynamoDBTable\"");
    ddbc_outset_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(every_item_has_a_nonempty_table_key, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(children_share_their_parents_partition, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(sparse_keys_exist_only_where_the_condition_holds, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(guard_and_counter_items_exist, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(key_values_are_encoded_by_keyenc, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(workbench_model_holds_facets_indexes_and_items, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(workbench_model_states_provisioned_capacity, fixture_setup, fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
