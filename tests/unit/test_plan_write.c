/* test_plan_write.c — unit tests for the write plans (plan_write.c).
 *
 * A shop schema and its patterns go through the whole planner; the tests read
 * the entities' put/update/delete and the write patterns' plans: actions,
 * conditions, key attributes, guards, counters, fan-outs, cascades and units. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "check.h"
#include "config.h"
#include "plan.h"
#include "fixture.h"

static const char *const schema_sql =
    "CREATE TABLE customers (\n"
    "  id serial PRIMARY KEY,\n"
    "  email text NOT NULL UNIQUE,\n"
    "  name text\n"
    ");\n"
    "CREATE TABLE orders (\n"
    "  id bigint PRIMARY KEY,\n"
    "  customer_id int NOT NULL REFERENCES customers (id) ON DELETE CASCADE,\n"
    "  status text NOT NULL,\n"
    "  placed_at timestamptz NOT NULL,\n"
    "  note text\n"
    ");\n"
    "CREATE TABLE order_lines (\n"
    "  order_id bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,\n"
    "  line_no int NOT NULL,\n"
    "  qty int NOT NULL,\n"
    "  PRIMARY KEY (order_id, line_no)\n"
    ");\n";

/* Line numbers matter: the E0413 test names one. */
static const char *const queries_sql =
    "-- name: ListOrdersByCustomer :many\n"                                          /*  1 */
    "SELECT * FROM orders WHERE customer_id = $1 ORDER BY placed_at DESC;\n"         /*  2 */
    "-- name: ListOrdersByStatus :many\n"                                            /*  3 */
    "SELECT * FROM orders WHERE status = $1 ORDER BY placed_at;\n"                   /*  4 */
    "-- name: CountOrdersByStatus :one\n"                                            /*  5 */
    "SELECT COUNT(*) FROM orders WHERE status = $1;\n"                               /*  6 */
    "-- name: ListLines :many\n"                                                     /*  7 */
    "SELECT * FROM order_lines WHERE order_id = $1;\n"                               /*  8 */
    "-- name: ListLinesForCustomer :many\n"                                          /*  9 */
    "SELECT l.* FROM order_lines l JOIN orders o ON o.id = l.order_id "
    "WHERE o.customer_id = $1 AND o.placed_at > $2;\n"                               /* 10 */
    "-- name: CreateCustomer :exec\n"                                                /* 11 */
    "INSERT INTO customers (email, name) VALUES ($1, $2);\n"                         /* 12 */
    "-- name: ChangeEmail :exec\n"                                                   /* 13 */
    "UPDATE customers SET email = $2 WHERE id = $1;\n"                               /* 14 */
    "-- name: RenameCustomer :exec\n"                                                /* 15 */
    "UPDATE customers SET name = $2 WHERE id = $1;\n"                                /* 16 */
    "-- name: SetOrderStatus :exec\n"                                                /* 17 */
    "UPDATE orders SET status = $2 WHERE id = $1;\n"                                 /* 18 */
    "-- name: ReassignOrder :exec\n"                                                 /* 19 */
    "UPDATE orders SET customer_id = $2 WHERE id = $1;\n"                            /* 20 */
    "-- name: PurgeOrders :exec\n"                                                   /* 21 */
    "DELETE FROM orders WHERE placed_at < $1;\n"                                     /* 22 */
    "-- name: DeleteCustomer :exec\n"                                                /* 23 */
    "DELETE FROM customers WHERE id = $1;\n"                                         /* 24 */
    "-- name: UpsertCustomer :one\n"                                                 /* 25 */
    "INSERT INTO customers (id, email, name) VALUES ($1, $2, $3) ON CONFLICT (id) "
    "DO UPDATE SET email = EXCLUDED.email, name = EXCLUDED.name RETURNING *;\n"      /* 26 */
    "-- name: SetLineQty :one\n"                                                     /* 27 */
    "UPDATE order_lines SET qty = $3 WHERE order_id = $1 AND line_no = $2 RETURNING *;\n" /* 28 */
    "-- name: GetCustomerWithOrders :many\n"                                          /* 29 */
    "SELECT * FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.id = $1;\n" /* 30 */
    "-- name: DropEmptyLine :exec\n"                                                 /* 31 */
    "DELETE FROM order_lines WHERE order_id = $1 AND line_no = $2 AND qty = 0;\n";  /* 32 */

static ddbc_design *plan(fixture *f)
{
    assert_int_equal(fixture_parse(f, DDBC_DIALECT_POSTGRESQL, "schema.sql", schema_sql), 0);
    ddbc_catalog_build(&f->ast, f->arena, &f->ir, &f->diags);
    assert_int_equal(fixture_parse(f, DDBC_DIALECT_POSTGRESQL, "queries.sql", queries_sql), 0);
    ddbc_check_queries(&f->ast, &f->sources, f->arena, &f->ir, &f->diags);
    if (f->diags.errors) fail_msg("unexpected errors:\n%s", rendered(f));
    ddbc_config cfg;
    ddbc_config_defaults(&cfg);
    ddbc_design *d = ddbc_plan(&f->ir, &(ddbc_plan_options){.config = &cfg}, f->arena, &f->diags);
    assert_non_null(d);
    return d;
}

static ddbc_entity_plan *entity(const ddbc_design *d, const char *name)
{
    for (size_t i = 0; i < d->entities.n; i++)
        if (!strcmp(d->entities.v[i]->entity->name, name)) return d->entities.v[i];
    fail_msg("no entity %s", name);
    return NULL;
}

static ddbc_column *column(const ddbc_design *d, const char *ent, const char *name)
{
    ddbc_column *c = ddbc_entity_column(entity(d, ent)->entity, name);
    if (!c) fail_msg("no column %s.%s", ent, name);
    return c;
}

static ddbc_pattern *pattern(const ddbc_design *d, const char *name)
{
    for (size_t i = 0; i < d->patterns.n; i++)
        if (!strcmp(d->patterns.v[i]->name, name)) return d->patterns.v[i];
    fail_msg("no pattern %s", name);
    return NULL;
}

/* "read_first,update,delete_guard,put_guard" */
static const char *kinds(fixture *f, const ddbc_write_plan *w)
{
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    for (size_t i = 0; i < w->actions.n; i++)
        ddbc_strbuf_printf(&sb, "%s%s", i ? "," : "", ddbc_write_kind_name(w->actions.v[i].kind));
    const char *s = ddbc_arena_strdup(f->arena, ddbc_strbuf_cstr(&sb));
    ddbc_strbuf_free(&sb);
    return s;
}

static const char *attrs(fixture *f, const ddbc_write_action *a)
{
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    for (size_t i = 0; i < a->key_attrs.n; i++) ddbc_strbuf_printf(&sb, "%s%s", i ? "," : "", a->key_attrs.v[i]);
    const char *s = ddbc_arena_strdup(f->arena, ddbc_strbuf_cstr(&sb));
    ddbc_strbuf_free(&sb);
    return s;
}

static const char *columns(fixture *f, const ddbc_write_action *a)
{
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    for (size_t i = 0; i < a->columns.n; i++) ddbc_strbuf_printf(&sb, "%s%s", i ? "," : "", a->columns.v[i]->name);
    const char *s = ddbc_arena_strdup(f->arena, ddbc_strbuf_cstr(&sb));
    ddbc_strbuf_free(&sb);
    return s;
}

static const ddbc_write_action *first(const ddbc_write_plan *w, ddbc_write_kind kind)
{
    for (size_t i = 0; i < w->actions.n; i++)
        if (w->actions.v[i].kind == kind) return &w->actions.v[i];
    fail_msg("no %s action", ddbc_write_kind_name(kind));
    return NULL;
}

/* The index an entity's key uses column c in (partition or sort), or NULL. */
static const ddbc_index *index_using(const ddbc_design *d, const ddbc_entity_plan *ep, const ddbc_column *c,
                                     bool gsi_only)
{
    for (size_t i = 0; i < ep->keys.n; i++) {
        const ddbc_entity_key *k = &ep->keys.v[i];
        if (gsi_only && k->index == 0) continue;
        if (ddbc_key_template_uses(&k->pk, c)) return d->indexes.v[k->index];
    }
    return NULL;
}

static int kb(const ddbc_entity_plan *ep)
{
    int n = (ep->max_item_bytes + 1023) / 1024;
    return n < 1 ? 1 : n;
}

static int gsis(const ddbc_entity_plan *ep)
{
    int n = 0;
    for (size_t i = 0; i < ep->keys.n; i++) n += ep->keys.v[i].index != 0;
    return n;
}

/* Every key attribute of every index, in index order, pk before sk. */
static const char *every_key_attr(fixture *f, const ddbc_design *d, const ddbc_entity_plan *ep)
{
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    for (size_t i = 0; i < ep->keys.n; i++) {
        const ddbc_index *ix = d->indexes.v[ep->keys.v[i].index];
        ddbc_strbuf_printf(&sb, "%s%s,%s", i ? "," : "", ix->pk_attr, ix->sk_attr);
    }
    const char *s = ddbc_arena_strdup(f->arena, ddbc_strbuf_cstr(&sb));
    ddbc_strbuf_free(&sb);
    return s;
}

/* ---- put ------------------------------------------------------------------------------ */

static void test_insert_puts_the_item_and_its_email_guard_in_one_transaction(void **state)
{
    fixture *f = *state;
    ddbc_design *d = plan(f);
    const ddbc_entity_plan *ep = entity(d, "customers");
    const ddbc_write_plan *w = &ep->put;
    assert_int_equal(w->op, DDBC_OP_TRANSACT_WRITE_ITEMS);
    assert_string_equal(kinds(f, w), "put,put_guard");
    const ddbc_write_action *put = &w->actions.v[0], *guard = &w->actions.v[1];
    assert_string_equal(put->condition, "attribute_not_exists(PK)");
    assert_string_equal(attrs(f, put), every_key_attr(f, d, ep));
    assert_non_null(put->note);
    assert_contains(put->note, "id: a sortable generated id (a time-ordered 64-bit integer), not a counter");
    assert_string_equal(guard->condition, "attribute_not_exists(PK)");
    assert_non_null(guard->guard);
    assert_int_equal(guard->guard->columns.n, 1);
    assert_ptr_equal(guard->guard->columns.v[0], column(d, "customers", "email"));
    /* the item and the guard, doubled by the transaction */
    assert_int_equal(w->write_units, 2 * (kb(ep) + gsis(ep) + 1));
    assert_false(w->fan_out);

    /* the INSERT pattern is the same plan, in its own list of actions */
    const ddbc_pattern *p = pattern(d, "CreateCustomer");
    assert_int_equal(p->status, DDBC_PATTERN_SERVED);
    assert_int_equal(p->write.op, DDBC_OP_TRANSACT_WRITE_ITEMS);
    assert_string_equal(kinds(f, &p->write), "put,put_guard");
    assert_ptr_not_equal(p->write.actions.v, w->actions.v);
    assert_int_equal(p->write.write_units, w->write_units);
}

static void test_put_writes_every_key_of_every_index_and_its_counters(void **state)
{
    fixture *f = *state;
    ddbc_design *d = plan(f);
    const ddbc_entity_plan *ep = entity(d, "orders");
    assert_true(gsis(ep) >= 1);
    const ddbc_write_plan *w = &ep->put;
    assert_string_equal(kinds(f, w), "put,counter");
    assert_string_equal(attrs(f, &w->actions.v[0]), every_key_attr(f, d, ep));
    assert_string_equal(w->actions.v[0].key_attrs.v[0], "PK");
    assert_string_equal(w->actions.v[0].key_attrs.v[1], "SK");
    const ddbc_write_action *c = &w->actions.v[1];
    assert_int_equal(c->delta, 1);
    assert_int_equal(ep->counters.n, 1);
    assert_ptr_equal(c->counter, ep->counters.v[0]);
    assert_int_equal(w->write_units, 2 * (kb(ep) + gsis(ep) + 1));

    /* a lone item is a plain PutItem: each GSI costs one more unit */
    const ddbc_entity_plan *lines = entity(d, "order_lines");
    assert_int_equal(lines->put.op, DDBC_OP_PUT_ITEM);
    assert_string_equal(kinds(f, &lines->put), "put");
    assert_int_equal(lines->put.write_units, kb(lines) + gsis(lines));
}

static void test_upsert_runs_as_the_insert_then_its_conflict_action(void **state)
{
    fixture *f = *state;
    ddbc_design *d = plan(f);
    const ddbc_pattern *p = pattern(d, "UpsertCustomer");
    assert_int_equal(p->status, DDBC_PATTERN_SERVED);
    assert_int_equal(p->write.op, DDBC_OP_TRANSACT_WRITE_ITEMS);
    /* the same actions as the INSERT: the conflict is the put's own condition */
    assert_string_equal(kinds(f, &p->write), "put,put_guard");
    const ddbc_write_action *put = &p->write.actions.v[0];
    assert_string_equal(put->condition, "attribute_not_exists(PK)");
    assert_contains(put->note, "ON CONFLICT DO UPDATE: when id is taken, that row is read and "
                               "email, name updated as for an UPDATE");
    /* a transaction returns no item, so RETURNING is built from what was read and written */
    assert_contains(put->note, "RETURNING");
    assert_string_equal(p->write.actions.v[1].condition, "attribute_not_exists(PK)");
    assert_contains(p->rationale, "on a conflict, the conflict action");
}

/* ---- update ---------------------------------------------------------------------------- */

static void test_email_change_swaps_guards_after_a_read(void **state)
{
    fixture *f = *state;
    ddbc_design *d = plan(f);
    const ddbc_pattern *p = pattern(d, "ChangeEmail");
    assert_int_equal(p->status, DDBC_PATTERN_SERVED);
    const ddbc_write_plan *w = &p->write;
    assert_int_equal(w->op, DDBC_OP_TRANSACT_WRITE_ITEMS);
    assert_string_equal(kinds(f, w), "read_first,update,delete_guard,put_guard");
    assert_string_equal(w->actions.v[0].note, "GetItem for the old values of email (guard swap)");
    const ddbc_write_action *u = &w->actions.v[1];
    assert_string_equal(columns(f, u), "email");
    assert_int_equal(u->key_attrs.n, 0);
    /* the guards were chosen from the old value: it must not have changed since */
    assert_string_equal(u->condition, "attribute_exists(PK) AND email = :old_email");
    assert_ptr_equal(w->actions.v[2].guard, w->actions.v[3].guard);
    assert_null(w->actions.v[2].condition);
    assert_string_equal(w->actions.v[3].condition, "attribute_not_exists(PK)");
    const ddbc_entity_plan *ep = entity(d, "customers");
    assert_int_equal(w->write_units, 2 * (kb(ep) + 2));

    /* a column no guard, key or counter depends on: one UpdateItem, no read */
    const ddbc_pattern *r = pattern(d, "RenameCustomer");
    assert_int_equal(r->write.op, DDBC_OP_UPDATE_ITEM);
    assert_string_equal(kinds(f, &r->write), "update");
    assert_string_equal(r->write.actions.v[0].condition, "attribute_exists(PK)");
    assert_int_equal(r->write.write_units, kb(ep));
}

static void test_update_of_a_gsi_key_column_rewrites_both_attributes(void **state)
{
    fixture *f = *state;
    ddbc_design *d = plan(f);
    const ddbc_entity_plan *ep = entity(d, "orders");
    const ddbc_index *ix = index_using(d, ep, column(d, "orders", "status"), true);
    assert_non_null(ix);
    const ddbc_pattern *p = pattern(d, "SetOrderStatus");
    assert_int_equal(p->status, DDBC_PATTERN_SERVED);
    const ddbc_write_action *u = first(&p->write, DDBC_W_UPDATE);
    assert_string_equal(columns(f, u), "status");
    /* the whole key of the index status feeds, never one attribute alone */
    assert_string_equal(attrs(f, u), ddbc_arena_printf(f->arena, "%s,%s", ix->pk_attr, ix->sk_attr));
    /* that index's sort key holds placed_at, which the statement does not give */
    const ddbc_entity_key *k = ddbc_entity_plan_key(ep, ix->number);
    assert_true(ddbc_key_template_uses(&k->sk, column(d, "orders", "placed_at")));
    const ddbc_write_action *r = first(&p->write, DDBC_W_READ_FIRST);
    assert_contains(r->note, ddbc_arena_printf(f->arena, "placed_at (to rebuild %s/%s)", ix->pk_attr, ix->sk_attr));
    assert_contains(u->condition, "placed_at = :old_placed_at");
    assert_false(p->write.fan_out);   /* status is not copied onto any child */

    /* the entity's full update rewrites every key it touches, each whole */
    const ddbc_write_action *full = &ep->update.actions.v[1];
    for (size_t i = 0; i < ep->keys.n; i++) {
        const ddbc_index *x = d->indexes.v[ep->keys.v[i].index];
        bool pk = false, sk = false;
        for (size_t j = 0; j < full->key_attrs.n; j++) {
            pk |= !strcmp(full->key_attrs.v[j], x->pk_attr);
            sk |= !strcmp(full->key_attrs.v[j], x->sk_attr);
        }
        assert_int_equal(pk, sk);
    }
}

static void test_update_by_id_reads_the_base_key_first(void **state)
{
    fixture *f = *state;
    ddbc_design *d = plan(f);
    const ddbc_entity_plan *ep = entity(d, "orders");
    /* the planner put orders in their customer's collection: id alone is not the base key */
    const ddbc_entity_key *base = ddbc_entity_plan_key(ep, 0);
    assert_true(ddbc_key_template_uses(&base->pk, column(d, "orders", "customer_id")));
    const ddbc_index *by_id = index_using(d, ep, column(d, "orders", "id"), true);
    assert_non_null(by_id);
    const ddbc_pattern *p = pattern(d, "SetOrderStatus");
    assert_int_equal(p->write.actions.v[0].kind, DDBC_W_READ_FIRST);
    assert_contains(p->write.actions.v[0].note,
                    ddbc_arena_printf(f->arena, "Query %s by id to find the base key", by_id->name));
    /* the whole key of that index is bound: one item, not a loop */
    assert_null(strstr(p->write.actions.v[0].note, "per item found"));
    assert_string_equal(kinds(f, &p->write), "read_first,update,counter,counter");

    /* the whole base key in the WHERE: no read to find it */
    const ddbc_pattern *n = pattern(d, "SetLineQty");
    assert_int_equal(n->status, DDBC_PATTERN_SERVED);
    assert_string_equal(kinds(f, &n->write), "update");
    assert_int_equal(n->write.op, DDBC_OP_UPDATE_ITEM);
    assert_contains(n->write.actions.v[0].note, "RETURNING: ReturnValues ALL_NEW");
}

static void test_update_of_a_base_key_column_is_a_move(void **state)
{
    fixture *f = *state;
    ddbc_design *d = plan(f);
    const ddbc_entity_plan *ep = entity(d, "orders");
    const ddbc_pattern *p = pattern(d, "ReassignOrder");
    assert_int_equal(p->status, DDBC_PATTERN_SERVED);
    const ddbc_write_plan *w = &p->write;
    assert_int_equal(w->op, DDBC_OP_TRANSACT_WRITE_ITEMS);
    assert_string_equal(kinds(f, w), "read_first,move,fan_out");
    assert_contains(w->actions.v[0].note, "the whole item");
    const ddbc_write_action *m = &w->actions.v[1];
    assert_string_equal(columns(f, m), "customer_id");
    assert_string_equal(attrs(f, m), every_key_attr(f, d, ep));
    assert_contains(m->note, "delete the old item and put the new one in one transaction");
    /* a delete plus a put, doubled by the transaction; the fan-out is apart */
    assert_int_equal(w->write_units, 2 * 2 * (kb(ep) + gsis(ep)));
    assert_true(w->fan_out);

    /* the accessor's full update writes customer_id too, so it moves as well */
    assert_int_equal(first(&ep->update, DDBC_W_MOVE)->kind, DDBC_W_MOVE);
    assert_contains(first(&ep->update, DDBC_W_MOVE)->note, "an UpdateItem when they are unchanged");
}

static void test_copied_parent_columns_fan_out_to_the_children(void **state)
{
    fixture *f = *state;
    ddbc_design *d = plan(f);
    const ddbc_entity_plan *lines = entity(d, "order_lines");
    assert_int_equal(lines->copies.n, 2);   /* customer_id and placed_at, for ListLinesForCustomer */
    const ddbc_entity_plan *ep = entity(d, "orders");
    const ddbc_write_action *fo = first(&ep->update, DDBC_W_FAN_OUT);
    assert_ptr_equal(fo->entity, lines->entity);
    assert_string_equal(columns(f, fo), "customer_id,placed_at");
    const ddbc_index *ix = index_using(d, lines, column(d, "orders", "customer_id"), true);
    assert_non_null(ix);
    assert_string_equal(attrs(f, fo), ddbc_arena_printf(f->arena, "%s,%s", ix->pk_attr, ix->sk_attr));
    assert_contains(fo->note, "Query the children by their foreign key (order_id on the table), then UpdateItem each");
    assert_true(ep->update.fan_out);
    /* the pattern changes only customer_id: only that copy is rewritten */
    const ddbc_write_action *one = first(&pattern(d, "ReassignOrder")->write, DDBC_W_FAN_OUT);
    assert_string_equal(columns(f, one), "customer_id");
    /* nothing copies customers' columns */
    assert_false(entity(d, "customers")->update.fan_out);
}

/* ---- delete and counters ----------------------------------------------------------------- */

static void test_delete_releases_guards_and_cascades_to_orders(void **state)
{
    fixture *f = *state;
    ddbc_design *d = plan(f);
    const ddbc_entity_plan *ep = entity(d, "customers");
    const ddbc_write_plan *w = &ep->remove;
    assert_string_equal(kinds(f, w), "read_first,cascade,delete,delete_guard");
    assert_string_equal(w->actions.v[0].note, "GetItem for the old values of email (guard)");
    const ddbc_write_action *c = &w->actions.v[1];
    assert_ptr_equal(c->entity, entity(d, "orders")->entity);
    assert_string_equal(columns(f, c), "customer_id");
    assert_contains(c->note, "Query orders by customer_id");
    assert_contains(c->note, "delete each in batches of 25; their own guards and cascades follow");
    const ddbc_write_action *del = &w->actions.v[2];
    assert_string_equal(del->condition, "attribute_exists(PK) AND email = :old_email");
    assert_string_equal(attrs(f, del), every_key_attr(f, d, ep));
    assert_int_equal(w->op, DDBC_OP_TRANSACT_WRITE_ITEMS);
    assert_int_equal(w->write_units, 2 * (kb(ep) + gsis(ep) + 1));
    assert_true(w->fan_out);

    const ddbc_pattern *p = pattern(d, "DeleteCustomer");
    assert_string_equal(kinds(f, &p->write), "read_first,cascade,delete,delete_guard");

    /* orders cascade on to their lines, found on the table by order_id */
    const ddbc_write_action *lines = first(&entity(d, "orders")->remove, DDBC_W_CASCADE);
    assert_ptr_equal(lines->entity, entity(d, "order_lines")->entity);
    assert_contains(lines->note, "Query order_lines by order_id (the table)");
    /* a WHERE conjunct the key does not answer is the delete's condition: no read */
    const ddbc_write_plan *drop = &pattern(d, "DropEmptyLine")->write;
    assert_string_equal(kinds(f, drop), "delete");
    assert_int_equal(drop->op, DDBC_OP_DELETE_ITEM);
    assert_string_equal(drop->actions.v[0].condition, "attribute_exists(PK) AND qty = 0");
    /* nothing references order_lines */
    assert_string_equal(kinds(f, &entity(d, "order_lines")->remove), "delete");
    assert_int_equal(entity(d, "order_lines")->remove.op, DDBC_OP_DELETE_ITEM);
}

static void test_counters_move_with_inserts_updates_and_deletes(void **state)
{
    fixture *f = *state;
    ddbc_design *d = plan(f);
    const ddbc_entity_plan *ep = entity(d, "orders");
    const ddbc_counter *ctr = ep->counters.v[0];
    assert_int_equal(first(&ep->put, DDBC_W_COUNTER)->delta, 1);
    const ddbc_write_action *dec = first(&ep->remove, DDBC_W_COUNTER);
    assert_int_equal(dec->delta, -1);
    assert_ptr_equal(dec->counter, ctr);
    assert_contains(ep->remove.actions.v[0].note, "status (counter)");
    /* a status change moves the count from the old group to the new */
    const ddbc_write_plan *w = &pattern(d, "SetOrderStatus")->write;
    size_t at = 0;
    while (at < w->actions.n && w->actions.v[at].kind != DDBC_W_COUNTER) at++;
    assert_true(at + 1 < w->actions.n);
    assert_int_equal(w->actions.v[at].delta, -1);
    assert_int_equal(w->actions.v[at + 1].delta, 1);
    assert_ptr_equal(w->actions.v[at].counter, ctr);
    assert_contains(first(w, DDBC_W_READ_FIRST)->note, "status (counter)");
    /* columns the counter does not group by leave it alone */
    for (size_t i = 0; i < pattern(d, "ReassignOrder")->write.actions.n; i++)
        assert_int_not_equal(pattern(d, "ReassignOrder")->write.actions.v[i].kind, DDBC_W_COUNTER);
}

/* ---- sparse membership --------------------------------------------------------------------- */

static void test_sparse_index_keys_are_set_or_removed_as_membership_changes(void **state)
{
    fixture *f = *state;
    assert_int_equal(fixture_parse(f, DDBC_DIALECT_POSTGRESQL, "schema.sql",
                                   "CREATE TABLE tickets (id bigint PRIMARY KEY, assignee_id int, "
                                   "title text NOT NULL);\n"),
                     0);
    ddbc_catalog_build(&f->ast, f->arena, &f->ir, &f->diags);
    assert_int_equal(fixture_parse(f, DDBC_DIALECT_POSTGRESQL, "queries.sql",
                                   "-- name: ListAssigned :many\n"
                                   "SELECT * FROM tickets WHERE assignee_id = $1;\n"
                                   "-- name: Assign :exec\n"
                                   "UPDATE tickets SET assignee_id = $2 WHERE id = $1;\n"
                                   "-- name: Retitle :exec\n"
                                   "UPDATE tickets SET title = $2 WHERE id = $1;\n"),
                     0);
    ddbc_check_queries(&f->ast, &f->sources, f->arena, &f->ir, &f->diags);
    ddbc_config cfg;
    ddbc_config_defaults(&cfg);
    ddbc_design *d = ddbc_plan(&f->ir, &(ddbc_plan_options){.config = &cfg}, f->arena, &f->diags);
    if (f->diags.errors) fail_msg("unexpected errors:\n%s", rendered(f));
    const ddbc_entity_plan *ep = entity(d, "tickets");
    const ddbc_index *ix = index_using(d, ep, column(d, "tickets", "assignee_id"), true);
    assert_non_null(ix);
    const ddbc_entity_key *k = ddbc_entity_plan_key(ep, ix->number);
    assert_non_null(k->condition);   /* assignee_id is nullable: unassigned tickets are not in it */
    const char *both = ddbc_arena_printf(f->arena, "%s/%s", ix->pk_attr, ix->sk_attr);
    assert_contains(ep->put.actions.v[0].note, ddbc_arena_printf(f->arena, "%s only while %s", both, k->condition));
    const ddbc_write_plan *w = &pattern(d, "Assign")->write;
    assert_string_equal(kinds(f, w), "update");
    assert_string_equal(attrs(f, &w->actions.v[0]), ddbc_arena_printf(f->arena, "%s,%s", ix->pk_attr, ix->sk_attr));
    assert_contains(w->actions.v[0].note, ddbc_arena_printf(f->arena, "%s set or removed as %s changes", both, k->condition));
    /* the key changes: a delete and a put in that index on top of the item and every GSI */
    assert_int_equal(w->write_units, kb(ep) + gsis(ep) + 1);
    const ddbc_write_plan *t = &pattern(d, "Retitle")->write;
    assert_int_equal(t->actions.v[0].key_attrs.n, 0);
    assert_null(t->actions.v[0].note);
    assert_int_equal(t->write_units, kb(ep) + gsis(ep));
}

/* ---- refusals -------------------------------------------------------------------------- */

static void test_write_whose_rows_no_index_finds_is_rejected(void **state)
{
    fixture *f = *state;
    ddbc_design *d = plan(f);
    const ddbc_pattern *p = pattern(d, "PurgeOrders");
    assert_int_equal(p->status, DDBC_PATTERN_REJECTED);
    assert_int_equal(p->write.actions.n, 0);
    const ddbc_diag *g = expect_diag(f, DDBC_E0413, 22, 1);
    assert_string_equal(g->message, "'PurgeOrders' deletes rows chosen by placed_at; no index is keyed "
                                    "by them, so DynamoDB would have to Scan");
    assert_string_equal(g->hint, "add a pattern (a SELECT) that looks rows up by these columns, or "
                                 "delete by primary key");
    assert_string_equal(g->pattern, "PurgeOrders");
    assert_int_equal(f->diags.errors, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_insert_puts_the_item_and_its_email_guard_in_one_transaction, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_put_writes_every_key_of_every_index_and_its_counters, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_upsert_runs_as_the_insert_then_its_conflict_action, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_email_change_swaps_guards_after_a_read, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_update_of_a_gsi_key_column_rewrites_both_attributes, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_update_by_id_reads_the_base_key_first, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_update_of_a_base_key_column_is_a_move, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_copied_parent_columns_fan_out_to_the_children, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_delete_releases_guards_and_cascades_to_orders, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_counters_move_with_inserts_updates_and_deletes, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_sparse_index_keys_are_set_or_removed_as_membership_changes, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_write_whose_rows_no_index_finds_is_rejected, fixture_setup, fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
