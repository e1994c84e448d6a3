/* test_plan.c — unit tests for the planner (plan.c, plan_need.c,
 * plan_request.c, plan_write.c).
 *
 * Each case plans a real schema and real sqlc-annotated queries and asserts
 * on the design: base keys and collections, GSI shapes and their sharing,
 * sparse conditions, copies, key conditions, write plans, refusals with their
 * positions, and planning against a lock. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
#include "check.h"
#include "config.h"
#include "emit_design.h"
#include "fixture.h"
#include "lock.h"
#include "outset.h"
#include "plan.h"

static const char *const shop =
    "CREATE TABLE customers (\n"
    "  id bigint PRIMARY KEY,\n"
    "  email text NOT NULL UNIQUE,\n"
    "  name text,\n"
    "  tags text[],\n"
    "  created_at timestamptz NOT NULL\n"
    ");\n"
    "CREATE TABLE orders (\n"
    "  id bigint PRIMARY KEY,\n"
    "  customer_id bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,\n"
    "  status text NOT NULL,\n"
    "  note text,\n"
    "  shipped_at timestamptz,\n"
    "  placed_at timestamptz NOT NULL\n"
    ");\n"
    "CREATE TABLE order_lines (\n"
    "  order_id bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,\n"
    "  line_no int NOT NULL,\n"
    "  sku text NOT NULL,\n"
    "  PRIMARY KEY (order_id, line_no)\n"
    ");\n";

static ddbc_config cfg;

static ddbc_design *plan_with(fixture *f, const char *schema, const char *queries,
                              const ddbc_lock *lock)
{
    fixture_parse(f, DDBC_DIALECT_POSTGRESQL, "schema.sql", schema);
    if (queries) fixture_parse(f, DDBC_DIALECT_POSTGRESQL, "queries.sql", queries);
    ddbc_catalog_build(&f->ast, f->arena, &f->ir, &f->diags);
    ddbc_check_queries(&f->ast, &f->sources, f->arena, &f->ir, &f->diags);
    ddbc_config_defaults(&cfg);
    ddbc_plan_options po = {&cfg, lock, false};
    return ddbc_plan(&f->ir, &po, f->arena, &f->diags);
}

static const ddbc_pattern *pattern(const ddbc_design *d, const char *name)
{
    for (size_t i = 0; i < d->patterns.n; i++)
        if (!strcmp(d->patterns.v[i]->name, name)) return d->patterns.v[i];
    fail_msg("no pattern %s", name);
    return NULL;
}

static const ddbc_entity_plan *entity(const ddbc_design *d, const char *name)
{
    for (size_t i = 0; i < d->entities.n; i++)
        if (!strcmp(d->entities.v[i]->entity->name, name)) return d->entities.v[i];
    fail_msg("no entity %s", name);
    return NULL;
}

static const char *tmpl(fixture *f, const ddbc_key_template *t)
{
    return ddbc_key_template_str(t, f->arena);
}

static void test_children_listed_by_parent_share_its_collection(void **state)
{
    fixture *f = *state;
    ddbc_design *d = plan_with(f, shop,
                               "-- name: GetCustomer :one\n"
                               "SELECT * FROM customers WHERE id = $1;\n"
                               "-- name: ListOrdersByCustomer :many\n"
                               "SELECT * FROM orders WHERE customer_id = $1 ORDER BY placed_at DESC LIMIT 20;\n"
                               "-- name: GetOrderWithLines :many\n"
                               "SELECT o.*, l.* FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.id = $1;\n",
                               NULL);
    assert_int_equal(f->diags.errors, 0);
    const ddbc_entity_plan *c = entity(d, "customers");
    assert_string_equal(tmpl(f, &c->keys.v[0].pk), "CUSTOMER#{id}");
    assert_string_equal(tmpl(f, &c->keys.v[0].sk), "#CUSTOMER");
    /* order lines live in their order's partition, after the order item */
    const ddbc_entity_plan *l = entity(d, "order_lines");
    assert_string_equal(tmpl(f, &l->keys.v[0].pk), "ORDER#{order_id}");
    assert_string_equal(tmpl(f, &l->keys.v[0].sk), "ORDER_LINE#{line_no}");
    const ddbc_pattern *g = pattern(d, "GetOrderWithLines");
    assert_int_equal(g->requests.n, 1);
    assert_int_equal(g->requests.v[0].op, DDBC_OP_QUERY);
    assert_string_equal(g->requests.v[0].key_condition,
                        "PK = \"ORDER#{id}\" AND SK BETWEEN \"#ORDER\" AND \"ORDER_LINE$\"");
    assert_int_equal(g->requests.v[0].returns.n, 2);
    /* one GSI serves orders by customer, newest first */
    assert_int_equal(ddbc_design_gsi_count(d), 1);
    assert_int_equal(d->gsi_lower_bound, 1);
    const ddbc_pattern *lo = pattern(d, "ListOrdersByCustomer");
    assert_int_equal(lo->requests.v[0].index, 1);
    assert_false(lo->requests.v[0].scan_forward);
    assert_string_equal(lo->requests.v[0].key_condition,
                        "GSI1PK = \"CUSTOMER#{customer_id}\" AND begins_with(GSI1SK, \"ORDER#\")");
    assert_int_equal(pattern(d, "GetCustomer")->requests.v[0].op, DDBC_OP_GET_ITEM);
}

static void test_equalities_share_one_shape_with_sort_prefix(void **state)
{
    fixture *f = *state;
    ddbc_design *d = plan_with(f, shop,
                               "-- name: ByStatus :many\n"
                               "SELECT * FROM orders WHERE status = $1;\n"
                               "-- name: ByStatusAndTime :many\n"
                               "SELECT * FROM orders WHERE status = $1 AND placed_at = $2;\n",
                               NULL);
    assert_int_equal(f->diags.errors, 0);
    const ddbc_entity_plan *o = entity(d, "orders");
    /* one shape (status ; placed_at) serves both */
    assert_int_equal(o->keys.n, 2);
    assert_string_equal(tmpl(f, &o->keys.v[1].sk), "ORDER#{placed_at}#{id}");
    assert_string_equal(pattern(d, "ByStatusAndTime")->requests.v[0].key_condition,
                        "GSI1PK = \"ORDER_STATUS#{status}\" AND begins_with(GSI1SK, \"ORDER#{placed_at}#\")");
}

static void test_literal_equality_makes_a_sparse_index(void **state)
{
    fixture *f = *state;
    ddbc_design *d = plan_with(f, shop,
                               "-- name: ListUnshipped :many\n"
                               "SELECT * FROM orders WHERE customer_id = $1 AND shipped_at IS NOT NULL "
                               "ORDER BY shipped_at;\n",
                               NULL);
    assert_int_equal(f->diags.errors, 0);
    const ddbc_entity_key *k = ddbc_entity_plan_key(entity(d, "orders"), 1);
    assert_non_null(k);
    assert_string_equal(k->condition, "shipped_at IS NOT NULL");
    /* the write plans add or remove the sparse keys as shipped_at changes */
    const ddbc_entity_plan *o = entity(d, "orders");
    bool feeds = false;
    for (size_t i = 0; i < o->derived.n; i++)
        if (!strcmp(o->derived.v[i].column->name, "shipped_at")) feeds = o->derived.v[i].attrs.n == 2;
    assert_true(feeds);
}

static void test_parent_attribute_filtered_through_join_is_copied(void **state)
{
    fixture *f = *state;
    ddbc_design *d = plan_with(f, shop,
                               "-- name: LinesOfCustomerSince :many\n"
                               "SELECT l.* FROM order_lines l JOIN orders o ON o.id = l.order_id\n"
                               "WHERE o.customer_id = $1 AND o.placed_at > $2 ORDER BY o.placed_at;\n",
                               NULL);
    assert_int_equal(f->diags.errors, 0);
    const ddbc_entity_plan *l = entity(d, "order_lines");
    assert_int_equal(l->copies.n, 2);
    assert_string_equal(l->copies.v[0].attr, "orders_customer_id");
    assert_string_equal(l->copies.v[1].attr, "orders_placed_at");
    const ddbc_pattern *p = pattern(d, "LinesOfCustomerSince");
    assert_int_equal(p->requests.n, 1);
    assert_string_equal(p->requests.v[0].key_condition,
                        "GSI1PK = \"CUSTOMER#{customer_id}\" AND GSI1SK BETWEEN "
                        "\"ORDER_LINE#{placed_at}$\" AND \"ORDER_LINE$\"");
    /* updating placed_at on an order fans out to its lines */
    const ddbc_entity_plan *o = entity(d, "orders");
    assert_true(o->update.fan_out);
}

static void test_writes_keep_guards_and_keys(void **state)
{
    fixture *f = *state;
    ddbc_design *d = plan_with(f, shop,
                               "-- name: ByCustomer :many\n"
                               "SELECT * FROM orders WHERE customer_id = $1 ORDER BY placed_at;\n"
                               "-- name: CreateCustomer :exec\n"
                               "INSERT INTO customers (id, email, name, created_at) VALUES ($1, $2, $3, $4);\n"
                               "-- name: SetEmail :exec\n"
                               "UPDATE customers SET email = $2 WHERE id = $1;\n"
                               "-- name: Reassign :exec\n"
                               "UPDATE orders SET customer_id = $2 WHERE id = $1;\n"
                               "-- name: DeleteStale :exec\n"
                               "DELETE FROM orders WHERE placed_at < $1;\n",
                               NULL);
    const ddbc_entity_plan *c = entity(d, "customers");
    assert_int_equal(c->put.op, DDBC_OP_TRANSACT_WRITE_ITEMS);
    assert_int_equal(c->put.actions.v[0].kind, DDBC_W_PUT);
    assert_string_equal(c->put.actions.v[0].condition, "attribute_not_exists(PK)");
    assert_int_equal(c->put.actions.v[1].kind, DDBC_W_PUT_GUARD);
    /* a new email swaps the guard after reading the old one */
    const ddbc_write_plan *w = &pattern(d, "SetEmail")->write;
    assert_int_equal(w->actions.v[0].kind, DDBC_W_READ_FIRST);
    bool del = false, put = false;
    for (size_t i = 0; i < w->actions.n; i++) {
        del |= w->actions.v[i].kind == DDBC_W_DELETE_GUARD;
        put |= w->actions.v[i].kind == DDBC_W_PUT_GUARD;
    }
    assert_true(del && put);
    /* changing customer_id rewrites both GSI1 key attributes, never one */
    const ddbc_write_plan *r = &pattern(d, "Reassign")->write;
    const ddbc_write_action *u = &r->actions.v[r->actions.n - 1];
    assert_int_equal(u->kind, DDBC_W_UPDATE);
    assert_int_equal(u->key_attrs.n, 2);
    assert_string_equal(u->key_attrs.v[0], "GSI1PK");
    assert_string_equal(u->key_attrs.v[1], "GSI1SK");
    /* GSI1SK is ORDER#{placed_at}#{id}: placed_at comes from the old item */
    assert_int_equal(r->actions.v[0].kind, DDBC_W_READ_FIRST);
    assert_contains(r->actions.v[0].note, "GetItem for placed_at");
    /* deleting a customer cascades to orders */
    bool cascade = false;
    for (size_t i = 0; i < c->remove.actions.n; i++)
        cascade |= c->remove.actions.v[i].kind == DDBC_W_CASCADE &&
                   !strcmp(c->remove.actions.v[i].entity->name, "orders");
    assert_true(cascade);
    /* no equality finds the stale orders */
    expect_diag(f, DDBC_E0413, 10, 1);
    assert_int_equal(pattern(d, "DeleteStale")->status, DDBC_PATTERN_REJECTED);
}

static void test_refusals_name_the_clause(void **state)
{
    fixture *f = *state;
    plan_with(f, shop,
              "-- name: Everything :many\n"
              "SELECT * FROM orders WHERE placed_at > $1;\n"
              "-- name: EitherOr :many\n"
              "SELECT * FROM orders WHERE customer_id = $1 OR status = $2;\n"
              "-- name: Paged :many\n"
              "SELECT * FROM orders WHERE customer_id = $1 LIMIT 10 OFFSET 20;\n"
              "-- name: Tagged :many\n"
              "SELECT * FROM customers WHERE tags = $1;\n"
              "-- name: Suffix :many\n"
              "SELECT * FROM customers WHERE name LIKE '%son';\n"
              "-- name: Mixed :many\n"
              "SELECT * FROM orders WHERE customer_id = $1 ORDER BY placed_at, id DESC;\n"
              "-- name: Total :one\n"
              "SELECT max(placed_at) FROM orders WHERE customer_id = $1;\n",
              NULL);
    expect_diag(f, DDBC_E0401, 2, 28);
    expect_diag(f, DDBC_E0402, 4, 28);
    expect_diag(f, DDBC_E0403, 6, 61);
    expect_diag(f, DDBC_E0404, 8, 31);
    expect_diag(f, DDBC_E0405, 10, 31);
    expect_diag(f, DDBC_E0406, 12, 65);
    expect_diag(f, DDBC_E0407, 14, 8);
    assert_contains(rendered(f), "hint: model each element as an item of its own");
}

static void test_unkeyed_pattern_is_refused_or_served_from_one_partition(void **state)
{
    fixture *f = *state;
    static const char *const q = "-- name: Latest :many\n"
                                 "SELECT * FROM orders ORDER BY placed_at DESC LIMIT 10;\n";
    plan_with(f, shop, q, NULL);
    assert_int_equal(f->diags.errors, 1);
    assert_contains(rendered(f), "planner.unkeyed_patterns: constant_partition");

    void *gs = NULL;
    assert_int_equal(fixture_setup(&gs), 0);
    fixture *g = gs;
    fixture_parse(g, DDBC_DIALECT_POSTGRESQL, "schema.sql", shop);
    fixture_parse(g, DDBC_DIALECT_POSTGRESQL, "queries.sql", q);
    ddbc_catalog_build(&g->ast, g->arena, &g->ir, &g->diags);
    ddbc_check_queries(&g->ast, &g->sources, g->arena, &g->ir, &g->diags);
    ddbc_config c2;
    ddbc_config_defaults(&c2);
    c2.unkeyed_constant = true;
    ddbc_plan_options po = {&c2, NULL, false};
    ddbc_design *d = ddbc_plan(&g->ir, &po, g->arena, &g->diags);
    assert_int_equal(g->diags.errors, 0);
    const ddbc_pattern *p = pattern(d, "Latest");
    assert_string_equal(p->requests.v[0].key_condition,
                        "GSI1PK = \"ORDER\" AND begins_with(GSI1SK, \"ORDER#\")");
    assert_false(p->requests.v[0].scan_forward);
    expect_diag(g, DDBC_W0102, 1, 10);
    fixture_teardown(&gs);
}

static void test_count_by_group_is_a_counter(void **state)
{
    fixture *f = *state;
    ddbc_design *d = plan_with(f, shop,
                               "-- name: CountByStatus :many\n"
                               "SELECT status, COUNT(*) FROM orders WHERE customer_id = $1 GROUP BY status;\n",
                               NULL);
    assert_int_equal(f->diags.errors, 0);
    const ddbc_entity_plan *o = entity(d, "orders");
    assert_int_equal(o->counters.n, 1);
    assert_string_equal(tmpl(f, &o->counters.v[0]->pk), "ORDER_COUNT#{customer_id}");
    assert_string_equal(tmpl(f, &o->counters.v[0]->sk), "#COUNT#{status}");
    bool counted = false;
    for (size_t i = 0; i < o->put.actions.n; i++)
        counted |= o->put.actions.v[i].kind == DDBC_W_COUNTER && o->put.actions.v[i].delta == 1;
    assert_true(counted);
}

static void test_erd_alone_infers_patterns(void **state)
{
    fixture *f = *state;
    ddbc_design *d = plan_with(f, shop, NULL, NULL);
    assert_int_equal(f->diags.errors, 0);
    const ddbc_pattern *p = pattern(d, "ListOrdersByCustomer");
    assert_true(p->query->inferred);
    assert_int_equal(p->status, DDBC_PATTERN_SERVED);
    assert_false(p->requests.v[0].scan_forward);   /* newest first */
    assert_int_equal(pattern(d, "GetCustomerByEmail")->status, DDBC_PATTERN_SERVED);
}

static void test_lock_keeps_templates_and_adds_in_free_slots(void **state)
{
    fixture *f = *state;
    ddbc_design *first = plan_with(f, shop,
                                   "-- name: ByCustomer :many\n"
                                   "SELECT * FROM orders WHERE customer_id = $1;\n",
                                   NULL);
    ddbc_outset out;
    ddbc_outset_init(&out);
    ddbc_emit_lock(first, &out, &f->diags);
    const ddbc_outfile *lf = ddbc_outset_find(&out, "ddbc.lock");
    assert_non_null(lf);
    char path[] = "/tmp/ddbc-test-lock-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, lf->data, lf->len), (long)lf->len);
    close(fd);
    ddbc_outset_free(&out);

    void *gs = NULL;
    assert_int_equal(fixture_setup(&gs), 0);
    fixture *g = gs;
    ddbc_lock *lock = ddbc_lock_read(path, &g->sources, g->arena, &g->diags);
    unlink(path);
    assert_non_null(lock);
    ddbc_design *next = plan_with(g, shop,
                                  "-- name: ByCustomer :many\n"
                                  "SELECT * FROM orders WHERE customer_id = $1;\n"
                                  "-- name: ByStatus :many\n"
                                  "SELECT * FROM orders WHERE status = $1;\n",
                                  lock);
    assert_int_equal(g->diags.errors, 0);
    const ddbc_entity_plan *o = entity(next, "orders");
    assert_true(o->keys.v[0].locked);
    assert_int_equal(o->change, DDBC_CHANGE_BACKFILL);
    assert_int_equal(entity(next, "customers")->change, DDBC_CHANGE_NONE);
    assert_int_equal(ddbc_design_gsi_count(next), 1);
    fixture_teardown(&gs);
}

/* Emit the design and lock of a fresh fixture planned against `lock`. */
static void plan_and_emit(const char *queries, const ddbc_lock *lock, ddbc_outset *out,
                          void **fs)
{
    assert_int_equal(fixture_setup(fs), 0);
    fixture *f = *fs;
    ddbc_design *d = plan_with(f, shop, queries, lock);
    assert_int_equal(f->diags.errors, 0);
    ddbc_outset_init(out);
    ddbc_emit_design(d, &f->sources, &f->diags, out, &f->diags);
    ddbc_emit_lock(d, out, &f->diags);
}

static void test_replanning_against_own_lock_changes_nothing(void **state)
{
    (void)state;
    static const char *const queries =
        "-- name: ByCustomer :many\n"
        "SELECT * FROM orders WHERE customer_id = $1 ORDER BY placed_at DESC LIMIT 5;\n"
        "-- name: Unshipped :many\n"
        "SELECT * FROM orders WHERE customer_id = $1 AND shipped_at IS NOT NULL ORDER BY shipped_at;\n"
        "-- name: WithLines :many\n"
        "SELECT o.*, l.sku FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.id = $1;\n"
        "-- name: LinesSince :many\n"
        "SELECT l.sku FROM order_lines l JOIN orders o ON o.id = l.order_id\n"
        "WHERE o.customer_id = $1 AND o.placed_at > $2 ORDER BY o.placed_at;\n";
    void *fa = NULL, *fb = NULL;
    ddbc_outset a, b;
    plan_and_emit(queries, NULL, &a, &fa);
    const ddbc_outfile *lf = ddbc_outset_find(&a, "ddbc.lock");
    char path[] = "/tmp/ddbc-test-relock-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, lf->data, lf->len), (long)lf->len);
    close(fd);
    assert_int_equal(fixture_setup(&fb), 0);
    fixture *g = fb;
    ddbc_lock *lock = ddbc_lock_read(path, &g->sources, g->arena, &g->diags);
    unlink(path);
    assert_non_null(lock);
    ddbc_design *d = plan_with(g, shop, queries, lock);
    assert_int_equal(g->diags.errors, 0);
    ddbc_outset_init(&b);
    ddbc_emit_lock(d, &b, &g->diags);
    const ddbc_outfile *again = ddbc_outset_find(&b, "ddbc.lock");
    assert_int_equal(again->len, lf->len);
    assert_memory_equal(again->data, lf->data, lf->len);
    for (size_t i = 0; i < d->entities.n; i++) assert_int_equal(d->entities.v[i]->change, DDBC_CHANGE_NONE);
    ddbc_outset_free(&a);
    ddbc_outset_free(&b);
    fixture_teardown(&fa);
    fixture_teardown(&fb);
}

/* Plan `schema` in a fresh fixture and return its lock, read back from a file. */
static ddbc_lock *lock_of(const char *schema, const char *queries, fixture *into)
{
    void *fs = NULL;
    assert_int_equal(fixture_setup(&fs), 0);
    fixture *f = fs;
    ddbc_design *d = plan_with(f, schema, queries, NULL);
    ddbc_outset out;
    ddbc_outset_init(&out);
    ddbc_emit_lock(d, &out, &f->diags);
    const ddbc_outfile *lf = ddbc_outset_find(&out, "ddbc.lock");
    char path[] = "/tmp/ddbc-test-lockof-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, lf->data, lf->len), (long)lf->len);
    close(fd);
    ddbc_outset_free(&out);
    fixture_teardown(&fs);
    ddbc_lock *lock = ddbc_lock_read(path, &into->sources, into->arena, &into->diags);
    unlink(path);
    assert_non_null(lock);
    return lock;
}

static void test_new_columns_are_additive_unless_they_need_a_value(void **state)
{
    fixture *f = *state;
    static const char *const v1 = "CREATE TABLE notes (id bigint PRIMARY KEY, body text NOT NULL);\n"
                                  "CREATE TABLE tags (id bigint PRIMARY KEY, label text NOT NULL);\n"
                                  "CREATE TABLE pins (id bigint PRIMARY KEY);\n";
    ddbc_lock *lock = lock_of(v1, NULL, f);
    ddbc_design *d = plan_with(f,
                               "CREATE TABLE notes (id bigint PRIMARY KEY, body text NOT NULL,\n"
                               "  pinned boolean NOT NULL DEFAULT false);\n"
                               "CREATE TABLE tags (id bigint PRIMARY KEY, label text NOT NULL,\n"
                               "  color text NOT NULL);\n"
                               "CREATE TABLE pins (id bigint PRIMARY KEY, note text);\n",
                               NULL, lock);
    assert_int_equal(f->diags.errors, 0);
    assert_int_equal(entity(d, "notes")->change, DDBC_CHANGE_ADDITIVE);
    assert_string_equal(entity(d, "notes")->change_reason,
                        "new attribute pinned: old items read it as its default");
    assert_int_equal(entity(d, "tags")->change, DDBC_CHANGE_BACKFILL);
    assert_string_equal(entity(d, "tags")->change_reason,
                        "new attribute color is NOT NULL with no DEFAULT: existing items need a value");
    assert_int_equal(entity(d, "pins")->change, DDBC_CHANGE_ADDITIVE);
    assert_string_equal(entity(d, "pins")->change_reason, "new attribute note: old items read it as NULL");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_children_listed_by_parent_share_its_collection, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_equalities_share_one_shape_with_sort_prefix, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_literal_equality_makes_a_sparse_index, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_parent_attribute_filtered_through_join_is_copied, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_writes_keep_guards_and_keys, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_refusals_name_the_clause, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_count_by_group_is_a_counter, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_unkeyed_pattern_is_refused_or_served_from_one_partition, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_erd_alone_infers_patterns, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_lock_keeps_templates_and_adds_in_free_slots, fixture_setup, fixture_teardown),
        cmocka_unit_test(test_replanning_against_own_lock_changes_nothing),
        cmocka_unit_test_setup_teardown(test_new_columns_are_additive_unless_they_need_a_value, fixture_setup, fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
