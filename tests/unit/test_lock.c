/* test_lock.c — unit tests for the lock file (lock.c) and design.json (emit_design.c).
 *
 * A small design is built by hand over a real catalog and real checked queries;
 * the lock written for it must read back field for field, its templates must
 * parse back to the same parts, and malformed locks must point at the bad node. */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
#include "check.h"
#include "emit_design.h"
#include "fixture.h"
#include "lock.h"
#include "parse.h"

static const char *const schema_sql =
    "CREATE TABLE customers (\n"
    "  id uuid PRIMARY KEY,\n"
    "  tenant_id uuid NOT NULL,\n"
    "  email text NOT NULL,\n"
    "  UNIQUE (tenant_id, email)\n"
    ");\n"
    "CREATE TABLE orders (\n"
    "  id uuid PRIMARY KEY,\n"
    "  customer_id uuid NOT NULL REFERENCES customers (id),\n"
    "  placed_at timestamptz NOT NULL,\n"
    "  status text NOT NULL,\n"
    "  opened_at timestamptz\n"
    ");\n"
    "CREATE TABLE order_lines (\n"
    "  order_id uuid NOT NULL REFERENCES orders (id),\n"
    "  line_no int NOT NULL,\n"
    "  PRIMARY KEY (order_id, line_no)\n"
    ");\n";

static const char *const queries_sql =
    "-- name: GetCustomer :one\n"
    "SELECT * FROM customers WHERE id = $1;\n"
    "\n"
    "-- name: ListOrders :many\n"
    "SELECT * FROM orders WHERE customer_id = @customer_id\n"
    "ORDER BY placed_at DESC LIMIT @page_size;\n"
    "\n"
    "-- name: CreateOrder :exec\n"
    "INSERT INTO orders (id, customer_id, placed_at, status) VALUES ($1, $2, $3, $4);\n";

/* ---- building a design by hand ----------------------------------------------------- */

typedef struct built {
    ddbc_design *d;
    ddbc_entity_plan *customers, *orders, *lines;
    char dir[64];
    char path[128];
} built;

static ddbc_entity *entity(fixture *f, const char *name)
{
    ddbc_entity *e = ddbc_catalog_find(&f->ir.catalog, name);
    if (!e) fail_msg("no entity '%s':\n%s", name, rendered(f));
    return e;
}

static ddbc_column *column(ddbc_entity *e, const char *name)
{
    ddbc_column *c = ddbc_entity_column(e, name);
    if (!c) fail_msg("entity '%s' has no column '%s'", e->name, name);
    return c;
}

static const ddbc_query *query(fixture *f, const char *name)
{
    for (size_t i = 0; i < f->ir.queries.n; i++)
        if (strcmp(f->ir.queries.v[i]->name, name) == 0) return f->ir.queries.v[i];
    fail_msg("no query '%s':\n%s", name, rendered(f));
    return NULL;
}

static void lit(fixture *f, ddbc_key_template *t, const char *s)
{
    ddbc_key_part p = {.kind = DDBC_PART_LITERAL, .literal = s};
    DDBC_VEC_PUSH(f->arena, t->parts, p);
}

static void col(fixture *f, ddbc_key_template *t, ddbc_column *c, const char *attr)
{
    ddbc_key_part p = {.kind = DDBC_PART_COLUMN, .column = c, .attr = attr};
    DDBC_VEC_PUSH(f->arena, t->parts, p);
}

static ddbc_index *gsi(fixture *f, int number, bool inverted, ddbc_projection proj)
{
    ddbc_index *x = DDBC_NEW(f->arena, ddbc_index);
    x->number = number;
    x->name = ddbc_arena_printf(f->arena, "GSI%d", number);
    x->pk_attr = inverted ? "SK" : ddbc_arena_printf(f->arena, "GSI%dPK", number);
    x->sk_attr = inverted ? "PK" : ddbc_arena_printf(f->arena, "GSI%dSK", number);
    x->inverted = inverted;
    x->projection = proj;
    x->rationale = ddbc_arena_printf(f->arena, "GSI%d serves a lookup", number);
    return x;
}

static ddbc_entity_key *add_key(fixture *f, ddbc_entity_plan *p, int index, const char *condition)
{
    ddbc_entity_key k = {.index = index, .condition = condition, .rationale = "chosen"};
    DDBC_VEC_PUSH(f->arena, p->keys, k);
    return &p->keys.v[p->keys.n - 1];
}

static ddbc_entity_plan *plan_for(fixture *f, ddbc_design *d, const char *name, const char *tag)
{
    ddbc_entity_plan *p = DDBC_NEW(f->arena, ddbc_entity_plan);
    p->entity = entity(f, name);
    p->tag = tag;
    p->max_item_bytes = 512;
    p->rationale = "base key by primary key";
    p->put.op = DDBC_OP_PUT_ITEM;
    p->update.op = DDBC_OP_UPDATE_ITEM;
    p->remove.op = DDBC_OP_DELETE_ITEM;
    DDBC_VEC_PUSH(f->arena, d->entities, p);
    return p;
}

static void derived(fixture *f, ddbc_entity_plan *p, ddbc_column *c, const char *a, const char *b)
{
    ddbc_derived_key dk = {.column = c};
    DDBC_VEC_PUSH(f->arena, dk.attrs, a);
    if (b) DDBC_VEC_PUSH(f->arena, dk.attrs, b);
    DDBC_VEC_PUSH(f->arena, p->derived, dk);
}

/* customers (base, a two-column guard), orders (base, a sparse GSI1 key with a
 * leading-'#' literal, a copied parent column on GSI2), order_lines (base only). */
static void build_design(fixture *f, built *b)
{
    ddbc_source *s = ddbc_sources_add(&f->sources, "schema.sql", schema_sql, strlen(schema_sql));
    ddbc_parse_source(s, DDBC_DIALECT_POSTGRESQL, f->arena, &f->ast, &f->diags);
    ddbc_source *q = ddbc_sources_add(&f->sources, "queries.sql", queries_sql, strlen(queries_sql));
    ddbc_parse_source(q, DDBC_DIALECT_POSTGRESQL, f->arena, &f->ast, &f->diags);
    ddbc_catalog_build(&f->ast, f->arena, &f->ir, &f->diags);
    ddbc_check_queries(&f->ast, &f->sources, f->arena, &f->ir, &f->diags);
    if (f->diags.errors || f->diags.warnings) fail_msg("unexpected diagnostics:\n%s", rendered(f));

    ddbc_design *d = DDBC_NEW(f->arena, ddbc_design);
    d->table_name = "app";
    d->pk_attr = "PK";
    d->sk_attr = "SK";
    d->gsi_lower_bound = 1;
    ddbc_index *table = DDBC_NEW(f->arena, ddbc_index);
    table->pk_attr = "PK";
    table->sk_attr = "SK";
    DDBC_VEC_PUSH(f->arena, d->indexes, table);
    DDBC_VEC_PUSH(f->arena, d->indexes, gsi(f, 1, false, DDBC_PROJECTION_ALL));
    ddbc_index *g2 = gsi(f, 2, true, DDBC_PROJECTION_INCLUDE);
    DDBC_VEC_PUSH(f->arena, g2->include, "email");
    DDBC_VEC_PUSH(f->arena, g2->include, "status");
    DDBC_VEC_PUSH(f->arena, d->indexes, g2);

    ddbc_entity *ce = entity(f, "customers"), *oe = entity(f, "orders"), *le = entity(f, "order_lines");

    ddbc_entity_plan *c = b->customers = plan_for(f, d, "customers", "CUSTOMER");
    ddbc_entity_key *k = add_key(f, c, 0, NULL);
    lit(f, &k->pk, "CUSTOMER");
    col(f, &k->pk, column(ce, "id"), NULL);
    lit(f, &k->sk, "#CUSTOMER");
    DDBC_VEC_PUSH(f->arena, c->unique_guards, ce->uniques.v[0]);
    derived(f, c, column(ce, "id"), "PK", NULL);

    ddbc_entity_plan *o = b->orders = plan_for(f, d, "orders", "ORDER");
    ddbc_copy copy = {.column = column(ce, "email"), .via = oe->foreign_keys.v[0],
                      .attr = "customers_email", .rationale = "ListOrdersByEmail sorts through the join"};
    DDBC_VEC_PUSH(f->arena, o->copies, copy);
    k = add_key(f, o, 0, NULL);
    lit(f, &k->pk, "CUSTOMER");
    col(f, &k->pk, column(oe, "customer_id"), NULL);
    lit(f, &k->sk, "ORDER");
    col(f, &k->sk, column(oe, "placed_at"), NULL);
    col(f, &k->sk, column(oe, "id"), NULL);
    k = add_key(f, o, 1, "status = 'OPEN'");
    lit(f, &k->pk, "ORDER");
    col(f, &k->pk, column(oe, "id"), NULL);
    lit(f, &k->sk, "#ORDER");
    DDBC_VEC_PUSH(f->arena, k->condition_columns, column(oe, "status"));
    k = add_key(f, o, 2, "opened_at IS NOT NULL");
    lit(f, &k->pk, "EMAIL");
    col(f, &k->pk, column(ce, "email"), "customers_email");
    lit(f, &k->sk, "~ORDER");
    col(f, &k->sk, column(oe, "opened_at"), NULL);
    derived(f, o, column(oe, "customer_id"), "PK", NULL);
    derived(f, o, column(oe, "placed_at"), "SK", NULL);
    derived(f, o, column(ce, "email"), "GSI2PK", NULL);
    derived(f, o, column(oe, "opened_at"), "GSI2SK", NULL);
    o->change = DDBC_CHANGE_ADDITIVE;
    o->change_reason = "new GSI2 shape";

    ddbc_counter *counter = DDBC_NEW(f->arena, ddbc_counter);
    counter->query = query(f, "ListOrders");
    DDBC_VEC_PUSH(f->arena, counter->group_by, column(oe, "customer_id"));
    lit(f, &counter->pk, "CUSTOMER");
    col(f, &counter->pk, column(oe, "customer_id"), NULL);
    lit(f, &counter->sk, "#COUNT");
    counter->attr = "item_count";
    DDBC_VEC_PUSH(f->arena, o->counters, counter);

    ddbc_entity_plan *l = b->lines = plan_for(f, d, "order_lines", "LINE");
    k = add_key(f, l, 0, NULL);
    lit(f, &k->pk, "ORDER");
    col(f, &k->pk, column(le, "order_id"), NULL);
    lit(f, &k->sk, "LINE");
    col(f, &k->sk, column(le, "line_no"), NULL);

    /* A served read with a parameter limit. */
    ddbc_pattern *read = DDBC_NEW(f->arena, ddbc_pattern);
    read->query = query(f, "ListOrders");
    read->name = read->query->name;
    read->is_read = true;
    read->rationale = "the orders' base key";
    ddbc_request r = {.op = DDBC_OP_QUERY, .index = 0, .entity = oe, .scan_forward = false,
                      .has_limit = true, .limit = read->query->limit,
                      .key_condition = "PK = CUSTOMER#:customer_id AND begins_with(SK, ORDER#)",
                      .read_units = 12.25};
    DDBC_VEC_PUSH(f->arena, r.returns, oe);
    DDBC_VEC_PUSH(f->arena, read->requests, r);
    DDBC_VEC_PUSH(f->arena, d->patterns, read);

    /* A served write: the item, its guard-free counter, in one transaction. */
    ddbc_pattern *write = DDBC_NEW(f->arena, ddbc_pattern);
    write->query = query(f, "CreateOrder");
    write->name = write->query->name;
    write->write.op = DDBC_OP_TRANSACT_WRITE_ITEMS;
    write->write.write_units = 4;
    ddbc_write_action put = {.kind = DDBC_W_PUT, .entity = oe, .condition = "attribute_not_exists(PK)"};
    DDBC_VEC_PUSH(f->arena, put.key_attrs, "PK");
    DDBC_VEC_PUSH(f->arena, put.key_attrs, "SK");
    DDBC_VEC_PUSH(f->arena, write->write.actions, put);
    ddbc_write_action add = {.kind = DDBC_W_COUNTER, .entity = oe, .counter = counter, .delta = 1};
    DDBC_VEC_PUSH(f->arena, write->write.actions, add);
    DDBC_VEC_PUSH(f->arena, d->patterns, write);

    /* The customers' put carries the uniqueness guard. */
    ddbc_write_action cput = {.kind = DDBC_W_PUT, .entity = ce, .condition = "attribute_not_exists(PK)"};
    ddbc_write_action guard = {.kind = DDBC_W_PUT_GUARD, .entity = ce, .guard = ce->uniques.v[0],
                               .condition = "attribute_not_exists(PK)", .note = "one per tenant"};
    DDBC_VEC_PUSH(f->arena, c->put.actions, cput);
    DDBC_VEC_PUSH(f->arena, c->put.actions, guard);
    c->put.op = DDBC_OP_TRANSACT_WRITE_ITEMS;
    c->put.write_units = 2;

    /* An inferred read (its span on the DDL), rejected. */
    ddbc_query *inferred = DDBC_NEW(f->arena, ddbc_query);
    inferred->name = "ListOrderLinesByOrder";
    inferred->inferred = true;
    inferred->span = le->span;
    ddbc_pattern *rej = DDBC_NEW(f->arena, ddbc_pattern);
    rej->query = inferred;
    rej->name = inferred->name;
    rej->is_read = true;
    rej->status = DDBC_PATTERN_REJECTED;
    rej->rationale = "needs a Scan";
    DDBC_VEC_PUSH(f->arena, rej->requests, r);   /* kept by the planner, never shown */
    DDBC_VEC_PUSH(f->arena, d->patterns, rej);

    b->d = d;
    strcpy(b->dir, "/tmp/ddbc-test-lock-XXXXXX");
    if (!mkdtemp(b->dir)) fail_msg("mkdtemp failed");
    snprintf(b->path, sizeof b->path, "%s/ddbc.lock", b->dir);
}

static void write_file(const char *path, const char *text, size_t len)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(text, 1, len, fp), len);
    fclose(fp);
}

static void cleanup(built *b)
{
    unlink(b->path);
    rmdir(b->dir);
}

/* ---- the lock: writing and reading back -------------------------------------------- */

static const char *const expected_lock =
    "version: 1\n"
    "table: app\n"
    "partition_key: PK\n"
    "sort_key: SK\n"
    "indexes:\n"
    "- name: GSI1\n"
    "  partition_key: GSI1PK\n"
    "  sort_key: GSI1SK\n"
    "  inverted: false\n"
    "  projection: ALL\n"
    "- name: GSI2\n"
    "  partition_key: SK\n"
    "  sort_key: PK\n"
    "  inverted: true\n"
    "  projection: INCLUDE\n"
    "  non_key_attributes: [email, status]\n"
    "entities:\n"
    "- name: customers\n"
    "  tag: CUSTOMER\n"
    "  columns: [id, tenant_id, email]\n"
    "  keys:\n"
    "  - index: table\n"
    "    pk: \"CUSTOMER#{id}\"\n"
    "    sk: \"#CUSTOMER\"\n"
    "  unique_guards: [\"tenant_id,email\"]\n"
    "- name: orders\n"
    "  tag: ORDER\n"
    "  columns: [id, customer_id, placed_at, status, opened_at]\n"
    "  keys:\n"
    "  - index: table\n"
    "    pk: \"CUSTOMER#{customer_id}\"\n"
    "    sk: \"ORDER#{placed_at}#{id}\"\n"
    "  - index: GSI1\n"
    "    pk: \"ORDER#{id}\"\n"
    "    sk: \"#ORDER\"\n"
    "    condition: \"status = 'OPEN'\"\n"
    "  - index: GSI2\n"
    "    pk: \"EMAIL#{customers_email}\"\n"
    "    sk: \"~ORDER#{opened_at}\"\n"
    "    condition: \"opened_at IS NOT NULL\"\n"
    "  unique_guards: []\n"
    "- name: order_lines\n"
    "  tag: LINE\n"
    "  columns: [order_id, line_no]\n"
    "  keys:\n"
    "  - index: table\n"
    "    pk: \"ORDER#{order_id}\"\n"
    "    sk: \"LINE#{line_no}\"\n"
    "  unique_guards: []\n";

static void lock_text_is_the_documented_layout(void **state)
{
    fixture *f = *state;
    built b;
    build_design(f, &b);
    ddbc_outset out;
    ddbc_outset_init(&out);
    ddbc_emit_lock(b.d, &out, &f->diags);
    const ddbc_outfile *lock = ddbc_outset_find(&out, "ddbc.lock");
    assert_non_null(lock);
    assert_string_equal(lock->data, expected_lock);
    assert_int_equal(f->diags.items.n, 0);
    ddbc_outset_free(&out);
    cleanup(&b);
}

static void lock_round_trips_every_field(void **state)
{
    fixture *f = *state;
    built b;
    build_design(f, &b);
    ddbc_outset out;
    ddbc_outset_init(&out);
    ddbc_emit_lock(b.d, &out, &f->diags);
    const ddbc_outfile *file = ddbc_outset_find(&out, "ddbc.lock");
    write_file(b.path, file->data, file->len);
    ddbc_outset_free(&out);

    ddbc_lock *lock = ddbc_lock_read(b.path, &f->sources, f->arena, &f->diags);
    if (!lock) fail_msg("lock not read:\n%s", rendered(f));
    assert_string_equal(lock->path, b.path);
    assert_string_equal(lock->table, "app");
    assert_string_equal(lock->pk_attr, "PK");
    assert_string_equal(lock->sk_attr, "SK");

    assert_int_equal(lock->indexes.n, 2);
    for (size_t i = 0; i < 2; i++) {
        const ddbc_index *want = b.d->indexes.v[i + 1];
        const ddbc_lock_index *got = &lock->indexes.v[i];
        assert_string_equal(got->name, want->name);
        assert_string_equal(got->pk_attr, want->pk_attr);
        assert_string_equal(got->sk_attr, want->sk_attr);
        assert_int_equal(got->inverted, want->inverted);
        assert_string_equal(got->projection, ddbc_projection_name(want->projection));
        assert_int_equal(got->include.n, want->include.n);
        for (size_t a = 0; a < want->include.n; a++)
            assert_string_equal(got->include.v[a], want->include.v[a]);
        assert_int_equal(got->span.file, f->sources.files.n - 1);
    }

    assert_int_equal(lock->entities.n, b.d->entities.n);
    for (size_t i = 0; i < lock->entities.n; i++) {
        const ddbc_entity_plan *p = b.d->entities.v[i];
        const ddbc_lock_entity *e = &lock->entities.v[i];
        assert_string_equal(e->name, p->entity->name);
        assert_string_equal(e->tag, p->tag);
        assert_int_equal(e->columns.n, p->entity->columns.n);
        for (size_t j = 0; j < e->columns.n; j++)
            assert_string_equal(e->columns.v[j], p->entity->columns.v[j]->name);
        assert_int_equal(e->guards.n, p->unique_guards.n);
        assert_int_equal(e->keys.n, p->keys.n);
        for (size_t j = 0; j < e->keys.n; j++) {
            const ddbc_entity_key *want = &p->keys.v[j];
            const ddbc_lock_key *got = &e->keys.v[j];
            assert_string_equal(got->index, want->index ? b.d->indexes.v[want->index]->name : "table");
            assert_string_equal(got->pk, ddbc_key_template_str(&want->pk, f->arena));
            assert_string_equal(got->sk, ddbc_key_template_str(&want->sk, f->arena));
            if (want->condition) assert_string_equal(got->condition, want->condition);
            else assert_null(got->condition);

            /* The lock's text parses back to the very parts it was rendered from. */
            ddbc_key_template pk, sk;
            assert_true(ddbc_key_template_parse(got->pk, p, &pk, f->arena));
            assert_true(ddbc_key_template_parse(got->sk, p, &sk, f->arena));
            assert_true(ddbc_key_template_equal(&pk, &want->pk));
            assert_true(ddbc_key_template_equal(&sk, &want->sk));
            assert_string_equal(ddbc_key_template_str(&pk, f->arena), got->pk);
            assert_string_equal(ddbc_key_template_str(&sk, f->arena), got->sk);
        }
    }
    assert_string_equal(lock->entities.v[0].guards.v[0], "tenant_id,email");
    /* Spans point into the lock: the orders' GSI1 key entry starts at 33:5. */
    unsigned line, c;
    ddbc_source_position(f->sources.files.v[lock->entities.v[1].keys.v[1].span.file],
                         lock->entities.v[1].keys.v[1].span.start, &line, &c);
    assert_int_equal(line, 33);
    assert_int_equal(c, 5);
    cleanup(&b);
}

/* A name YAML would read as a boolean, null or number is quoted, so the lock
 * reads back the same name in any YAML reader. */
static void lock_quotes_names_yaml_would_misread(void **state)
{
    fixture *f = *state;
    built b;
    build_design(f, &b);
    b.d->table_name = "yes";
    b.customers->tag = "123";
    ddbc_outset out;
    ddbc_outset_init(&out);
    ddbc_emit_lock(b.d, &out, &f->diags);
    const ddbc_outfile *file = ddbc_outset_find(&out, "ddbc.lock");
    assert_contains(file->data, "table: \"yes\"\n");
    assert_contains(file->data, "tag: \"123\"\n");
    write_file(b.path, file->data, file->len);
    ddbc_outset_free(&out);
    ddbc_lock *lock = ddbc_lock_read(b.path, &f->sources, f->arena, &f->diags);
    if (!lock) fail_msg("lock not read:\n%s", rendered(f));
    assert_string_equal(lock->table, "yes");
    assert_string_equal(lock->entities.v[0].tag, "123");
    cleanup(&b);
}

/* ---- malformed locks ----------------------------------------------------------------- */

static const ddbc_lock *read_text(fixture *f, const char *text)
{
    char dir[] = "/tmp/ddbc-test-lock-XXXXXX";
    if (!mkdtemp(dir)) fail_msg("mkdtemp failed");
    char path[64];
    snprintf(path, sizeof path, "%s/ddbc.lock", dir);
    write_file(path, text, strlen(text));
    const ddbc_lock *lock = ddbc_lock_read(path, &f->sources, f->arena, &f->diags);
    unlink(path);
    rmdir(dir);
    return lock;
}

#define HEADER "version: 1\ntable: app\npartition_key: PK\nsort_key: SK\n"

static void assert_bad(fixture *f, const char *text, unsigned line, unsigned col, const char *message)
{
    assert_null(read_text(f, text));
    const ddbc_diag *g = expect_diag(f, DDBC_E0415, line, col);
    assert_contains(g->message, message);
}

static void bad_lock_not_yaml(void **state)
{
    assert_bad(*state, HEADER "entities: [\n  {name: x\n", 7, 1, "YAML syntax error");
}

static void bad_lock_not_a_mapping(void **state)
{
    assert_bad(*state, "- version\n- 1\n", 1, 1, "must be a mapping, not a list");
}

static void bad_lock_missing_table(void **state)
{
    assert_bad(*state, "version: 1\npartition_key: PK\nsort_key: SK\nentities: []\n", 1, 1,
               "the lock file has no 'table'");
}

static void bad_lock_unknown_version(void **state)
{
    assert_bad(*state, "version: 2\ntable: app\nentities: []\n", 1, 10,
               "unsupported lock file version '2'");
}

static void bad_lock_unknown_key(void **state)
{
    assert_bad(*state, HEADER "entities: []\nextra: 1\n", 6, 1, "unknown key 'extra' in the lock file");
}

static void bad_lock_key_without_sk(void **state)
{
    assert_bad(*state,
               HEADER "entities:\n"
                      "- name: users\n"
                      "  tag: USER\n"
                      "  keys:\n"
                      "  - index: table\n"
                      "    pk: \"USER#{id}\"\n",
               9, 5, "a key has no 'sk'");
}

static void bad_lock_entity_without_keys(void **state)
{
    assert_bad(*state, HEADER "entities:\n- {name: users, tag: USER, keys: []}\n", 6, 34,
               "entity 'users' has no key on the table");
}

static void bad_lock_unknown_index(void **state)
{
    assert_bad(*state,
               HEADER "indexes: []\n"
                      "entities:\n"
                      "- name: users\n"
                      "  tag: USER\n"
                      "  keys:\n"
                      "  - index: table\n"
                      "    pk: \"USER#{id}\"\n"
                      "    sk: \"#USER\"\n"
                      "  - {index: GSI3, pk: \"EMAIL#{email}\", sk: \"#USER\"}\n",
               13, 13, "key on index 'GSI3', which the lock does not list");
}

static void bad_lock_include_without_attributes(void **state)
{
    assert_bad(*state,
               HEADER "indexes:\n"
                      "- {name: GSI1, partition_key: GSI1PK, sort_key: GSI1SK, inverted: false, projection: INCLUDE}\n"
                      "entities: []\n",
               6, 3, "an INCLUDE index has no 'non_key_attributes'");
}

static void bad_lock_indexes_out_of_order(void **state)
{
    assert_bad(*state,
               HEADER "indexes:\n"
                      "- {name: GSI2, partition_key: GSI2PK, sort_key: GSI2SK, inverted: false, projection: ALL}\n"
                      "entities: []\n",
               6, 10, "index 1 is named 'GSI2'; a lock lists GSI1, GSI2, … in order");
}

static void bad_lock_wrong_scalar_type(void **state)
{
    assert_bad(*state,
               HEADER "indexes:\n"
                      "- {name: GSI1, partition_key: GSI1PK, sort_key: GSI1SK, inverted: maybe, projection: ALL}\n"
                      "entities: []\n",
               6, 67, "'inverted' must be true or false, not 'maybe'");
}

static void bad_lock_duplicate_entity(void **state)
{
    fixture *f = *state;
    assert_bad(f,
               HEADER "entities:\n"
                      "- {name: users, tag: USER, keys: [{index: table, pk: \"U#{id}\", sk: \"#U\"}]}\n"
                      "- {name: users, tag: USER2, keys: [{index: table, pk: \"U#{id}\", sk: \"#U\"}]}\n",
               7, 10, "entity 'users' is listed twice");
    assert_int_equal(f->diags.items.v[0]->notes.n, 1);
}

/* One mapping read through many aliases would be walked once per alias. */
static void bad_lock_alias(void **state)
{
    assert_bad(*state,
               HEADER "entities:\n"
                      "- &e {name: users, tag: USER, keys: [{index: table, pk: \"U#{id}\", sk: \"#U\"}]}\n"
                      "- *e\n",
               6, 3, "each entity is a YAML alias");
}

static void bad_lock_missing_file(void **state)
{
    fixture *f = *state;
    assert_null(ddbc_lock_read("/tmp/ddbc-no-such-dir/ddbc.lock", &f->sources, f->arena, &f->diags));
    assert_int_equal(f->diags.items.n, 1);
    const ddbc_diag *g = f->diags.items.v[0];
    assert_int_equal(g->code, DDBC_E0415);
    assert_int_equal(g->span.file, DDBC_NO_FILE);
    assert_string_equal(g->message,
                        "cannot read lock file '/tmp/ddbc-no-such-dir/ddbc.lock': No such file or directory");
}

/* ---- templates ---------------------------------------------------------------------- */

static void template_parse_resolves_columns_and_copies(void **state)
{
    fixture *f = *state;
    built b;
    build_design(f, &b);
    ddbc_key_template t;
    assert_true(ddbc_key_template_parse("EMAIL#{customers_email}#~ORDER", b.orders, &t, f->arena));
    assert_int_equal(t.parts.n, 3);
    assert_int_equal(t.parts.v[1].kind, DDBC_PART_COLUMN);
    assert_ptr_equal(t.parts.v[1].column, b.orders->copies.v[0].column);
    assert_string_equal(t.parts.v[1].column->entity->name, "customers");
    assert_string_equal(t.parts.v[1].attr, "customers_email");
    assert_string_equal(t.parts.v[2].literal, "~ORDER");

    assert_true(ddbc_key_template_parse("#ORDER", b.orders, &t, f->arena));
    assert_int_equal(t.parts.n, 1);
    assert_string_equal(t.parts.v[0].literal, "#ORDER");

    assert_true(ddbc_key_template_parse("{id}", b.orders, &t, f->arena));
    assert_int_equal(t.parts.n, 1);
    assert_ptr_equal(t.parts.v[0].column, ddbc_entity_column(b.orders->entity, "id"));
    assert_null(t.parts.v[0].attr);
    cleanup(&b);
}

static void template_parse_rejects_malformed(void **state)
{
    fixture *f = *state;
    built b;
    build_design(f, &b);
    static const char *const bad[] = {
        "ORDER#{nope}",        /* unknown column */
        "ORDER#{email}",       /* a parent column, not copied under its own name */
        "ORDER#{unclosed",     /* unbalanced braces */
        "ORDER#unopened}",
        "ORDER#{a{b}",
        "X{id}",
        "",                    /* empty parts */
        "#",
        "ORDER##X",
        "ORDER#",
        "{}",
        "#{id}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        ddbc_key_template t = {0};
        if (ddbc_key_template_parse(bad[i], b.orders, &t, f->arena))
            fail_msg("'%s' parsed", bad[i]);
    }
    cleanup(&b);
}

/* ---- design.json ------------------------------------------------------------------- */

/* A strict JSON syntax check: enough to know tools can load the file. */
static const char *json_value(const char *p);

static const char *json_ws(const char *p)
{
    while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') p++;
    return p;
}

static const char *json_string(const char *p)
{
    if (*p++ != '"') return NULL;
    while (*p && *p != '"') {
        if ((unsigned char)*p < 0x20) return NULL;
        if (*p == '\\') {
            p++;
            if (!strchr("\"\\/bfnrtu", *p) || !*p) return NULL;
        }
        p++;
    }
    return *p == '"' ? p + 1 : NULL;
}

static const char *json_list(const char *p, char close, bool keyed)
{
    p = json_ws(p + 1);
    if (*p == close) return p + 1;
    for (;;) {
        if (keyed) {
            if (!(p = json_string(json_ws(p)))) return NULL;
            p = json_ws(p);
            if (*p++ != ':') return NULL;
        }
        if (!(p = json_value(p))) return NULL;
        p = json_ws(p);
        if (*p == close) return p + 1;
        if (*p++ != ',') return NULL;
    }
}

static const char *json_value(const char *p)
{
    p = json_ws(p);
    if (*p == '{') return json_list(p, '}', true);
    if (*p == '[') return json_list(p, ']', false);
    if (*p == '"') return json_string(p);
    static const char *const words[] = {"true", "false", "null"};
    for (size_t i = 0; i < 3; i++)
        if (strncmp(p, words[i], strlen(words[i])) == 0) return p + strlen(words[i]);
    const char *start = p;
    if (*p == '-') p++;
    if (*p == '0') p++;
    else while (*p >= '0' && *p <= '9') p++;
    if (*p == '.') {
        p++;
        if (!(*p >= '0' && *p <= '9')) return NULL;
        while (*p >= '0' && *p <= '9') p++;
    }
    return p > start && p[-1] != '-' ? p : NULL;
}

static void assert_json(const char *text)
{
    const char *end = json_value(text);
    if (!end || *json_ws(end)) fail_msg("not JSON at offset %td:\n%s", end ? end - text : -1, text);
}

static void design_json_has_the_contract_fields(void **state)
{
    fixture *f = *state;
    built b;
    build_design(f, &b);
    /* One located diagnostic and one without a place. */
    ddbc_diag *g = ddbc_diag_report(&f->diags, DDBC_E0401, query(f, "ListOrders")->span,
                                    "pattern 'ListOrders' would need a Scan");
    g->pattern = "ListOrders";
    ddbc_diag_set_hint(&f->diags, g, "add a key");
    ddbc_diag_report(&f->diags, DDBC_W0101, DDBC_NO_SPAN, "12 GSIs");

    ddbc_outset out;
    ddbc_outset_init(&out);
    ddbc_emit_design(b.d, &f->sources, &f->diags, &out, &f->diags);
    const ddbc_outfile *file = ddbc_outset_find(&out, "design.json");
    assert_non_null(file);
    const char *j = file->data;
    assert_json(j);
    assert_int_equal(j[file->len - 1], '\n');
    assert_contains(j, "{\n  \"table\": {\n    \"name\": \"app\",\n    \"partition_key\": \"PK\",\n"
                       "    \"sort_key\": \"SK\",\n    \"gsis\": [\n      {\n        \"name\": \"GSI1\",\n"
                       "        \"partition_key\": \"GSI1PK\",\n        \"sort_key\": \"GSI1SK\",\n"
                       "        \"projection\": \"ALL\",\n        \"inverted\": false,\n"
                       "        \"rationale\": \"GSI1 serves a lookup\"\n      },\n");
    assert_contains(j, "\n  \"lock\": null,\n");
    assert_contains(j, "\"projection\": \"INCLUDE\",\n        \"non_key_attributes\": [\n"
                       "          \"email\",\n          \"status\"\n        ],\n        \"inverted\": true,");
    assert_contains(j, "\"gsi_count\": 2,\n    \"gsi_lower_bound\": 1\n  },");
    /* Entity keys by index name, in index order. */
    assert_contains(j, "\"keys\": {\n        \"table\": {\n          \"pk\": \"CUSTOMER#{customer_id}\",\n"
                       "          \"sk\": \"ORDER#{placed_at}#{id}\",\n          \"condition\": null,\n");
    assert_contains(j, "\"GSI1\": {\n          \"pk\": \"ORDER#{id}\",\n          \"sk\": \"#ORDER\",\n"
                       "          \"condition\": \"status = 'OPEN'\",");
    assert_contains(j, "\"unique_guards\": [\n        [\n          \"tenant_id\",\n          \"email\"\n        ]\n      ],");
    assert_contains(j, "\"copied_from_parent\": [\n        \"customers.email\"\n      ],");
    assert_contains(j, "\"derived_keys\": {\n        \"customer_id\": [\n          \"PK\"\n        ],");
    assert_contains(j, "\"customers_email\": [\n          \"GSI2PK\"\n        ],");
    assert_contains(j, "\"counters\": [\n        {\n          \"pattern\": \"ListOrders\",\n"
                       "          \"pk\": \"CUSTOMER#{customer_id}\",\n          \"sk\": \"#COUNT\",\n"
                       "          \"attribute\": \"item_count\"\n        }\n      ],");
    assert_contains(j, "\"change\": \"additive\",\n      \"change_reason\": \"new GSI2 shape\",");
    /* Write plans: guard only on guard actions, counter and delta only on counters. */
    assert_contains(j, "\"kind\": \"put_guard\",\n              \"entity\": \"customers\",\n"
                       "              \"guard\": [\n                \"tenant_id\",\n"
                       "                \"email\"\n              ],\n"
                       "              \"condition\": \"attribute_not_exists(PK)\",");
    assert_contains(j, "\"kind\": \"counter\",\n            \"entity\": \"orders\",\n"
                       "            \"counter\": \"ListOrders\",\n            \"delta\": 1,\n"
                       "            \"condition\": null,");
    assert_contains(j, "\"kind\": \"put\",\n            \"entity\": \"orders\",\n"
                       "            \"condition\": \"attribute_not_exists(PK)\",");
    assert_contains(j, "\"write\": {\n        \"operation\": \"TransactWriteItems\",\n"
                       "        \"write_units\": 4,\n        \"fan_out\": false,");
    /* Patterns: a served read with its request, a rejected inferred read. */
    assert_contains(j, "\"name\": \"ListOrders\",\n      \"kind\": \"read\",\n      \"status\": \"served\",\n"
                       "      \"inferred\": false,\n      \"source\": \"queries.sql:5:1\",\n");
    assert_contains(j, "\"operation\": \"Query\",\n          \"index\": null,\n"
                       "          \"key_condition\": \"PK = CUSTOMER#:customer_id AND begins_with(SK, ORDER#)\",\n"
                       "          \"filter\": null,\n          \"scan_forward\": false,\n"
                       "          \"limit\": \"$page_size\",\n          \"returns\": [\n"
                       "            \"orders\"\n          ],\n          \"read_units\": 12.25,\n"
                       "          \"note\": null\n");
    assert_contains(j, "\"name\": \"ListOrderLinesByOrder\",\n      \"kind\": \"read\",\n"
                       "      \"status\": \"rejected\",\n      \"inferred\": true,\n"
                       "      \"source\": \"schema.sql:14:14\",\n      \"requests\": [],\n"
                       "      \"rationale\": \"needs a Scan\"\n");
    /* Reads have no write plan. */
    const char *list_orders = strstr(j, "\"name\": \"ListOrders\",\n      \"kind\"");
    const char *create_order = strstr(j, "\"name\": \"CreateOrder\"");
    assert_non_null(list_orders);
    assert_non_null(create_order);
    const char *w = strstr(list_orders, "\"write\": {");
    assert_true(w > create_order);
    /* Diagnostics, in report order. */
    assert_contains(j, "\"diagnostics\": [\n    {\n      \"severity\": \"error\",\n"
                       "      \"code\": \"E0401\",\n      \"file\": \"queries.sql\",\n"
                       "      \"line\": 5,\n      \"col\": 1,\n"
                       "      \"message\": \"pattern 'ListOrders' would need a Scan\",\n"
                       "      \"hint\": \"add a key\",\n      \"pattern\": \"ListOrders\"\n    },\n"
                       "    {\n      \"severity\": \"warning\",\n      \"code\": \"W0101\",\n"
                       "      \"file\": null,\n      \"line\": null,\n      \"col\": null,\n"
                       "      \"message\": \"12 GSIs\",\n      \"hint\": null,\n      \"pattern\": null\n    }\n  ]\n}\n");

    /* Deterministic: a second emit is byte-identical. */
    char *first = malloc(file->len + 1);
    memcpy(first, file->data, file->len + 1);
    size_t first_len = file->len;
    ddbc_emit_design(b.d, &f->sources, &f->diags, &out, &f->diags);
    file = ddbc_outset_find(&out, "design.json");
    assert_int_equal(file->len, first_len);
    assert_memory_equal(file->data, first, first_len);
    free(first);
    ddbc_outset_free(&out);
    cleanup(&b);
}

static void design_json_limit_and_units_formats(void **state)
{
    fixture *f = *state;
    built b;
    build_design(f, &b);
    /* A literal limit prints as a number; capacity without noise digits. */
    ddbc_expr lit20 = {.kind = DDBC_EXPR_NUMBER, .text = "20"};
    ddbc_request *r = &b.d->patterns.v[0]->requests.v[0];
    r->limit.kind = DDBC_OPERAND_LITERAL;
    r->limit.literal = &lit20;
    r->read_units = 0.5;
    ddbc_request second = *r;
    second.has_limit = false;
    second.read_units = 1.0;
    second.index = 2;
    second.op = DDBC_OP_GET_ITEM;
    DDBC_VEC_PUSH(f->arena, b.d->patterns.v[0]->requests, second);
    ddbc_outset out;
    ddbc_outset_init(&out);
    ddbc_emit_design(b.d, &f->sources, &f->diags, &out, &f->diags);
    const char *j = ddbc_outset_find(&out, "design.json")->data;
    assert_json(j);
    assert_contains(j, "\"limit\": 20,");
    assert_contains(j, "\"read_units\": 0.5,");
    assert_contains(j, "\"operation\": \"GetItem\",\n          \"index\": \"GSI2\",");
    assert_contains(j, "\"limit\": null,");
    assert_contains(j, "\"read_units\": 1,");
    ddbc_outset_free(&out);
    cleanup(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(lock_text_is_the_documented_layout, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(lock_round_trips_every_field, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(lock_quotes_names_yaml_would_misread, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(bad_lock_not_yaml, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(bad_lock_not_a_mapping, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(bad_lock_missing_table, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(bad_lock_unknown_version, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(bad_lock_unknown_key, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(bad_lock_key_without_sk, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(bad_lock_entity_without_keys, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(bad_lock_unknown_index, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(bad_lock_include_without_attributes, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(bad_lock_indexes_out_of_order, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(bad_lock_wrong_scalar_type, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(bad_lock_duplicate_entity, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(bad_lock_alias, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(bad_lock_missing_file, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(template_parse_resolves_columns_and_copies, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(template_parse_rejects_malformed, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(design_json_has_the_contract_fields, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(design_json_limit_and_units_formats, fixture_setup, fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
