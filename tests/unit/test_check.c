/* test_check.c — unit tests for the check pass (check.c) and the IR dump (emit_ir.c).
 *
 * Each case parses a real schema and real sqlc-annotated queries, runs the
 * catalog and check passes, and asserts on the queries' IR: predicates,
 * parameters, joins and the foreign keys they follow, targets, writes, and
 * the diagnostics (with positions) for queries that cannot be checked. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "check.h"
#include "emit_ir.h"
#include "parse.h"
#include "fixture.h"

static const char *const schema_sql =
    "CREATE TABLE customers (\n"
    "  id bigint PRIMARY KEY,\n"
    "  email text NOT NULL UNIQUE,\n"
    "  name text,\n"
    "  created_at timestamptz NOT NULL DEFAULT now()\n"
    ");\n"
    "CREATE TABLE orders (\n"
    "  id bigint PRIMARY KEY,\n"
    "  customer_id bigint NOT NULL REFERENCES customers (id),\n"
    "  status text NOT NULL,\n"
    "  total numeric(10,2),\n"
    "  tags text[],\n"
    "  created_at timestamptz NOT NULL\n"
    ");\n"
    "CREATE TABLE order_items (\n"
    "  order_id bigint REFERENCES orders,\n"
    "  line int,\n"
    "  sku text,\n"
    "  qty int,\n"
    "  PRIMARY KEY (order_id, line)\n"
    ");\n"
    "CREATE TABLE shipments (\n"
    "  id int PRIMARY KEY,\n"
    "  order_id bigint,\n"
    "  line int,\n"
    "  FOREIGN KEY (order_id, line) REFERENCES order_items (order_id, line)\n"
    ");\n"
    "CREATE TABLE employees (\n"
    "  id int PRIMARY KEY,\n"
    "  manager_id int REFERENCES employees (id),\n"
    "  name text,\n"
    "  active boolean NOT NULL\n"
    ");\n";

static void run_dialect(fixture *f, ddbc_dialect dialect, const char *queries)
{
    ddbc_source *s = ddbc_sources_add(&f->sources, "schema.sql", schema_sql, strlen(schema_sql));
    ddbc_parse_source(s, DDBC_DIALECT_POSTGRESQL, f->arena, &f->ast, &f->diags);
    ddbc_source *q = ddbc_sources_add(&f->sources, "queries.sql", queries, strlen(queries));
    ddbc_parse_source(q, dialect, f->arena, &f->ast, &f->diags);
    ddbc_catalog_build(&f->ast, f->arena, &f->ir, &f->diags);
    ddbc_check_queries(&f->ast, &f->sources, f->arena, &f->ir, &f->diags);
}

static void run(fixture *f, const char *queries)
{
    run_dialect(f, DDBC_DIALECT_POSTGRESQL, queries);
}

static void assert_clean(fixture *f)
{
    const char *text = rendered(f);
    if (f->diags.errors || f->diags.warnings) fail_msg("unexpected diagnostics:\n%s", text);
}

static ddbc_query *query(fixture *f, const char *name)
{
    for (size_t i = 0; i < f->ir.queries.n; i++)
        if (strcmp(f->ir.queries.v[i]->name, name) == 0) return f->ir.queries.v[i];
    fail_msg("no query '%s'; diagnostics:\n%s", name, rendered(f));
    return NULL;
}

/* "alias.column" of a column reference. */
static const char *ref(fixture *f, const ddbc_query *q, const ddbc_colref *r)
{
    assert_non_null(r->column);
    return ddbc_arena_printf(f->arena, "%s.%s", q->bindings.v[r->binding].alias, r->column->name);
}

static const ddbc_predicate *pred(const ddbc_query *q, size_t i)
{
    assert_true(i < q->predicates.n);
    return &q->predicates.v[i];
}

static const ddbc_param *param_of(const ddbc_query *q, const ddbc_operand *op)
{
    assert_int_equal(op->kind, DDBC_OPERAND_PARAM);
    assert_true((size_t)op->param < q->params.n);
    return &q->params.v[op->param];
}

/* ---- predicates ------------------------------------------------------------------------ */

static void test_equality_order_and_limit(void **state)
{
    fixture *f = *state;
    run(f, "-- name: ListOrdersByCustomer :many\n"
           "-- Newest first.\n"
           "SELECT * FROM orders WHERE customer_id = $1 ORDER BY created_at DESC LIMIT 20;\n");
    assert_clean(f);
    ddbc_query *q = query(f, "ListOrdersByCustomer");
    assert_int_equal(q->kind, DDBC_KIND_MANY);
    assert_int_equal(q->stmt, DDBC_STMT_SELECT);
    assert_string_equal(q->root->name, "orders");
    assert_string_equal(q->doc, "Newest first.");
    assert_string_equal(q->sql, "SELECT * FROM orders WHERE customer_id = $1 ORDER BY created_at DESC LIMIT 20");
    assert_int_equal(q->predicates.n, 1);
    assert_string_equal(ref(f, q, &pred(q, 0)->column), "orders.customer_id");
    assert_int_equal(pred(q, 0)->op, DDBC_PRED_EQ);
    const ddbc_param *p = param_of(q, &pred(q, 0)->operands.v[0]);
    assert_int_equal(p->number, 1);
    assert_string_equal(p->name, "customer_id");
    assert_int_equal(p->type.cls, DDBC_T_INTEGER);
    assert_string_equal(p->column->name, "customer_id");
    assert_int_equal(q->order_by.n, 1);
    assert_true(q->order_by.v[0].desc);
    assert_string_equal(q->order_by.v[0].column.column->name, "created_at");
    assert_true(q->has_limit);
    assert_int_equal(q->limit.kind, DDBC_OPERAND_LITERAL);
    assert_string_equal(q->limit.literal->text, "20");
    assert_int_equal(q->targets.n, 1);
    assert_int_equal(q->targets.v[0].kind, DDBC_TARGET_STAR);
    assert_int_equal(q->targets.v[0].binding, -1);
}

static void test_reversed_comparison_is_flipped(void **state)
{
    fixture *f = *state;
    run(f, "-- name: Recent :many\n"
           "SELECT id FROM orders WHERE $1 = customer_id AND $2 < created_at AND total >= 10;\n");
    assert_clean(f);
    ddbc_query *q = query(f, "Recent");
    assert_int_equal(q->predicates.n, 3);
    assert_int_equal(pred(q, 0)->op, DDBC_PRED_EQ);
    assert_int_equal(pred(q, 1)->op, DDBC_PRED_GT);
    assert_string_equal(pred(q, 1)->column.column->name, "created_at");
    assert_int_equal(param_of(q, &pred(q, 1)->operands.v[0])->type.cls, DDBC_T_TIMESTAMP);
    assert_int_equal(pred(q, 2)->op, DDBC_PRED_GE);
    assert_int_equal(pred(q, 2)->operands.v[0].kind, DDBC_OPERAND_LITERAL);
    assert_string_equal(pred(q, 2)->operands.v[0].literal->text, "10");
}

static void test_between_names_from_and_to(void **state)
{
    fixture *f = *state;
    run(f, "-- name: InRange :many\n"
           "SELECT * FROM orders WHERE customer_id = $1 AND created_at BETWEEN $2 AND $3;\n");
    assert_clean(f);
    ddbc_query *q = query(f, "InRange");
    const ddbc_predicate *p = pred(q, 1);
    assert_int_equal(p->op, DDBC_PRED_BETWEEN);
    assert_int_equal(p->operands.n, 2);
    assert_string_equal(param_of(q, &p->operands.v[0])->name, "created_at_from");
    assert_string_equal(param_of(q, &p->operands.v[1])->name, "created_at_to");
    assert_int_equal(q->params.n, 3);
}

static void test_in_lists_and_slices(void **state)
{
    fixture *f = *state;
    run(f, "-- name: ByIds :many\n"
           "SELECT * FROM orders WHERE id IN ($1);\n"
           "-- name: ByStatuses :many\n"
           "SELECT * FROM orders WHERE status IN ('new', 'paid') AND id NOT IN ($1, $2);\n"
           "-- name: BySlice :many\n"
           "SELECT * FROM orders WHERE id IN (sqlc.slice('ids'));\n"
           "-- name: ByAny :many\n"
           "SELECT * FROM orders WHERE id = ANY($1::bigint[]);\n");
    assert_clean(f);
    ddbc_query *q = query(f, "ByIds");
    assert_int_equal(pred(q, 0)->op, DDBC_PRED_IN);
    assert_true(param_of(q, &pred(q, 0)->operands.v[0])->slice);

    q = query(f, "ByStatuses");
    assert_int_equal(pred(q, 0)->operands.n, 2);
    assert_int_equal(pred(q, 0)->operands.v[1].kind, DDBC_OPERAND_LITERAL);
    assert_string_equal(pred(q, 0)->operands.v[1].literal->text, "paid");
    assert_true(pred(q, 1)->negated);
    assert_false(param_of(q, &pred(q, 1)->operands.v[0])->slice);
    assert_string_equal(q->params.v[0].name, "id");
    assert_string_equal(q->params.v[1].name, "id_2");

    q = query(f, "BySlice");
    assert_string_equal(q->params.v[0].name, "ids");
    assert_true(q->params.v[0].slice);

    q = query(f, "ByAny");
    assert_int_equal(pred(q, 0)->op, DDBC_PRED_IN);
    assert_true(q->params.v[0].slice);
    assert_int_equal(q->params.v[0].type.cls, DDBC_T_INTEGER);
}

static void test_like_forms(void **state)
{
    fixture *f = *state;
    run(f, "-- name: Likes :many\n"
           "SELECT * FROM customers\n"
           "WHERE email LIKE 'abc%' AND name LIKE '%x' AND name LIKE $1 AND email LIKE $2 || '%'\n"
           "  AND name ILIKE 'a%' AND email NOT LIKE 'z%' AND name LIKE 'a_c%';\n");
    assert_clean(f);
    ddbc_query *q = query(f, "Likes");
    assert_int_equal(q->predicates.n, 7);
    assert_int_equal(pred(q, 0)->op, DDBC_PRED_BEGINS_WITH);
    assert_string_equal(pred(q, 0)->operands.v[0].literal->text, "abc");
    assert_int_equal(pred(q, 0)->operands.v[0].literal->kind, DDBC_EXPR_STRING);
    assert_int_equal(pred(q, 1)->op, DDBC_PRED_LIKE);
    assert_string_equal(pred(q, 1)->operands.v[0].literal->text, "%x");
    assert_int_equal(pred(q, 2)->op, DDBC_PRED_LIKE);
    assert_int_equal(pred(q, 2)->operands.v[0].kind, DDBC_OPERAND_PARAM);
    assert_int_equal(pred(q, 3)->op, DDBC_PRED_BEGINS_WITH);
    assert_string_equal(param_of(q, &pred(q, 3)->operands.v[0])->name, "email");
    assert_int_equal(pred(q, 4)->op, DDBC_PRED_LIKE);
    /* NOT LIKE 'z%' is NOT begins_with, which the runtime renders with SQL's NULLs */
    assert_int_equal(pred(q, 5)->op, DDBC_PRED_BEGINS_WITH);
    assert_true(pred(q, 5)->negated);
    assert_string_equal(pred(q, 5)->operands.v[0].literal->text, "z");
    assert_true(pred(q, 4)->ilike);
    assert_false(pred(q, 6)->ilike);
    assert_int_equal(pred(q, 6)->op, DDBC_PRED_LIKE);
}

static void test_null_tests_and_boolean_columns(void **state)
{
    fixture *f = *state;
    run(f, "-- name: Flags :many\n"
           "SELECT * FROM employees WHERE manager_id IS NULL AND name IS NOT NULL AND active;\n"
           "-- name: Inactive :many\n"
           "SELECT * FROM employees WHERE NOT active AND active IS FALSE;\n");
    assert_clean(f);
    ddbc_query *q = query(f, "Flags");
    assert_int_equal(pred(q, 0)->op, DDBC_PRED_IS_NULL);
    assert_int_equal(pred(q, 0)->operands.n, 0);
    assert_int_equal(pred(q, 1)->op, DDBC_PRED_IS_NOT_NULL);
    assert_int_equal(pred(q, 2)->op, DDBC_PRED_EQ);
    assert_true(pred(q, 2)->operands.v[0].literal->boolval);
    q = query(f, "Inactive");
    assert_int_equal(q->predicates.n, 2);
    assert_false(pred(q, 0)->operands.v[0].literal->boolval);
    assert_false(pred(q, 1)->operands.v[0].literal->boolval);
}

static void test_residuals(void **state)
{
    fixture *f = *state;
    run(f, "-- name: Mixed :many\n"
           "SELECT * FROM customers\n"
           "WHERE (id = $1 OR email = $2) AND lower(email) = $3\n"
           "  AND id IN (SELECT customer_id FROM orders WHERE status = $4)\n"
           "  AND created_at > now();\n");
    assert_clean(f);
    ddbc_query *q = query(f, "Mixed");
    assert_int_equal(q->predicates.n, 0);
    assert_int_equal(q->residuals.n, 4);
    assert_int_equal(q->residuals.v[0].kind, DDBC_RESIDUAL_OR);
    assert_int_equal(q->residuals.v[1].kind, DDBC_RESIDUAL_FUNCTION);
    assert_int_equal(q->residuals.v[2].kind, DDBC_RESIDUAL_SUBQUERY);
    assert_int_equal(q->residuals.v[3].kind, DDBC_RESIDUAL_OTHER);
    /* Parameters inside residuals are still numbered and typed where possible. */
    assert_int_equal(q->params.n, 4);
    assert_int_equal(q->params.v[0].type.cls, DDBC_T_INTEGER);
    assert_int_equal(q->params.v[1].type.cls, DDBC_T_STRING);
    assert_string_equal(q->params.v[1].name, "email");
    assert_string_equal(q->params.v[2].name, "email_2");
    assert_string_equal(q->params.v[2].column->name, "email");
    assert_int_equal(q->params.v[3].type.cls, DDBC_T_OPAQUE);
    assert_null(q->params.v[3].column);
}

/* ---- parameters ---------------------------------------------------------------------- */

static void test_param_reuse_named_and_dedup(void **state)
{
    fixture *f = *state;
    run(f, "-- name: Window :many\n"
           "SELECT * FROM orders WHERE customer_id = $1 AND created_at > $2 AND created_at < $3\n"
           "  AND id <> $1 LIMIT $4 OFFSET $5;\n"
           "-- name: Named :many\n"
           "SELECT * FROM orders WHERE status = @status AND customer_id = sqlc.arg(customer)\n"
           "  AND status <> sqlc.arg('status') AND total > sqlc.narg(min_total);\n");
    assert_clean(f);
    ddbc_query *q = query(f, "Window");
    assert_int_equal(q->params.n, 5);
    assert_string_equal(q->params.v[0].name, "customer_id");
    assert_string_equal(q->params.v[1].name, "created_at");
    assert_string_equal(q->params.v[2].name, "created_at_2");
    assert_string_equal(q->params.v[3].name, "limit");
    assert_int_equal(q->params.v[3].type.cls, DDBC_T_INTEGER);
    assert_null(q->params.v[3].column);
    assert_string_equal(q->params.v[4].name, "offset");
    assert_int_equal(q->limit.kind, DDBC_OPERAND_PARAM);
    assert_int_equal(q->limit.param, 3);
    assert_true(q->has_offset);
    assert_int_equal(pred(q, 3)->operands.v[0].param, 0);

    q = query(f, "Named");
    assert_int_equal(q->params.n, 3);
    assert_string_equal(q->params.v[0].name, "status");
    assert_int_equal(q->params.v[0].number, 1);
    assert_string_equal(q->params.v[1].name, "customer");
    assert_int_equal(q->params.v[1].type.cls, DDBC_T_INTEGER);
    assert_string_equal(q->params.v[2].name, "min_total");
    assert_true(q->params.v[2].nullable);
    assert_int_equal(q->params.v[2].type.cls, DDBC_T_DECIMAL);
}

static void test_positional_params_mysql(void **state)
{
    fixture *f = *state;
    run_dialect(f, DDBC_DIALECT_MYSQL,
                "-- name: UpdateStatus :exec\n"
                "UPDATE orders SET status = ? WHERE id = ? AND customer_id = ?;\n");
    assert_clean(f);
    ddbc_query *q = query(f, "UpdateStatus");
    assert_int_equal(q->params.n, 3);
    assert_string_equal(q->params.v[0].name, "status");
    assert_string_equal(q->params.v[1].name, "id");
    assert_string_equal(q->params.v[2].name, "customer_id");
    assert_int_equal(q->assignments.n, 1);
    assert_int_equal(q->assignments.v[0].value.param, 0);
    assert_int_equal(pred(q, 0)->operands.v[0].param, 1);
}

static void test_param_errors(void **state)
{
    fixture *f = *state;
    run(f, "-- name: Mix :many\n"
           "SELECT * FROM orders WHERE id = $1 AND status = ?;\n"
           "-- name: Conflict :many\n"
           "SELECT * FROM orders WHERE id = $1 AND status = $1;\n");
    const char *out = rendered(f);
    assert_contains(out, "queries.sql:2:49: error[E0211]");
    assert_contains(out, "note: the other style is used here: queries.sql:2:33");
    assert_contains(out, "queries.sql:4:49: error[E0210]");
    assert_contains(out, "note: first used as integer here: queries.sql:4:33");
    assert_int_equal(f->ir.queries.n, 0);
}

/* ---- joins ---------------------------------------------------------------------------- */

static void test_join_follows_fk_both_directions(void **state)
{
    fixture *f = *state;
    run(f, "-- name: OrdersWithCustomer :many\n"
           "SELECT o.*, c.email FROM orders o JOIN customers c ON c.id = o.customer_id\n"
           "WHERE o.status = $1;\n"
           "-- name: CustomerWithOrders :many\n"
           "SELECT * FROM customers c LEFT JOIN orders o ON o.customer_id = c.id AND o.status = 'open'\n"
           "WHERE c.id = $1;\n");
    assert_clean(f);
    ddbc_query *q = query(f, "OrdersWithCustomer");
    assert_int_equal(q->bindings.n, 2);
    assert_string_equal(q->bindings.v[1].alias, "c");
    assert_int_equal(q->joins.n, 1);
    const ddbc_join *j = &q->joins.v[0];
    assert_int_equal(j->binding, 1);
    assert_non_null(j->fk);
    assert_false(j->fk_forward);
    assert_int_equal(j->other_binding, 0);
    assert_int_equal(q->predicates.n, 1);
    assert_int_equal(q->targets.n, 2);
    assert_int_equal(q->targets.v[0].kind, DDBC_TARGET_STAR);
    assert_int_equal(q->targets.v[0].binding, 0);
    assert_string_equal(ref(f, q, &q->targets.v[1].column), "c.email");

    q = query(f, "CustomerWithOrders");
    j = &q->joins.v[0];
    assert_int_equal(j->type, DDBC_JOIN_LEFT);
    assert_true(j->fk_forward);
    assert_ptr_equal(j->fk->from, q->bindings.v[1].entity);
    /* The ON extra and WHERE are predicates. */
    assert_int_equal(q->predicates.n, 2);
    assert_string_equal(ref(f, q, &pred(q, 0)->column), "o.status");
    assert_string_equal(ref(f, q, &pred(q, 1)->column), "c.id");
}

static void test_composite_self_and_comma_joins(void **state)
{
    fixture *f = *state;
    run(f, "-- name: ShipmentItems :many\n"
           "SELECT s.id, i.sku FROM shipments s\n"
           "JOIN order_items i ON i.order_id = s.order_id AND i.line = s.line\n"
           "WHERE s.id = $1;\n"
           "-- name: Reports :many\n"
           "SELECT e.name, m.name AS manager FROM employees e JOIN employees m ON e.manager_id = m.id\n"
           "WHERE m.id = $1;\n"
           "-- name: Comma :many\n"
           "SELECT o.id FROM customers c, orders o WHERE o.customer_id = c.id AND c.email = $1;\n");
    assert_clean(f);
    ddbc_query *q = query(f, "ShipmentItems");
    assert_non_null(q->joins.v[0].fk);
    assert_int_equal(q->joins.v[0].fk->columns.n, 2);
    assert_false(q->joins.v[0].fk_forward);
    assert_int_equal(q->predicates.n, 1);

    q = query(f, "Reports");
    assert_non_null(q->joins.v[0].fk);
    assert_false(q->joins.v[0].fk_forward);
    assert_string_equal(q->targets.v[1].alias, "manager");

    q = query(f, "Comma");
    assert_int_equal(q->joins.n, 1);
    assert_non_null(q->joins.v[0].fk);
    assert_true(q->joins.v[0].fk_forward);
    assert_int_equal(q->predicates.n, 1);
    assert_string_equal(ref(f, q, &pred(q, 0)->column), "c.email");
}

static void test_join_without_fk_is_a_note(void **state)
{
    fixture *f = *state;
    run(f, "-- name: Partial :many\n"
           "SELECT * FROM shipments s JOIN order_items i ON i.order_id = s.order_id;\n");
    const char *out = rendered(f);
    assert_int_equal(f->diags.errors, 0);
    assert_int_equal(f->diags.warnings, 0); /* a join off the foreign keys is a note */
    assert_contains(out, "queries.sql:2:32: note[N0002]");
    ddbc_query *q = query(f, "Partial");
    assert_null(q->joins.v[0].fk);
    assert_int_equal(q->joins.v[0].other_binding, 0);
    assert_int_equal(q->predicates.n, 1);
    assert_int_equal(pred(q, 0)->operands.v[0].kind, DDBC_OPERAND_COLUMN);
}

static void test_using_joins_and_cast_typed_params(void **state)
{
    fixture *f = *state;
    run(f, "-- name: ByShipment :many\n"
           "SELECT * FROM order_items i JOIN shipments s USING (order_id, line) WHERE s.id = $1;\n"
           "-- name: OnDay :many\n"
           "SELECT * FROM orders WHERE created_at::date = $1 AND customer_id = $2;\n");
    assert_clean(f);
    ddbc_query *q = query(f, "ByShipment");
    assert_non_null(q->joins.v[0].fk);
    assert_true(q->joins.v[0].fk_forward);
    q = query(f, "OnDay");
    assert_int_equal(q->residuals.n, 1);
    assert_int_equal(q->residuals.v[0].kind, DDBC_RESIDUAL_FUNCTION);
    assert_int_equal(q->params.v[0].type.cls, DDBC_T_DATE);
    assert_null(q->params.v[0].column);
    assert_string_equal(q->params.v[0].name, "param1");
}

static void test_using_column_missing_and_cross_join(void **state)
{
    fixture *f = *state;
    run(f, "-- name: Bad :many\n"
           "SELECT * FROM orders o JOIN order_items USING (order_id);\n"
           "-- name: Everything :many\n"
           "SELECT * FROM orders CROSS JOIN customers;\n");
    const char *out = rendered(f);
    assert_contains(out, "queries.sql:2:48: error[E0204]: USING (order_id): no table joined before "
                         "'order_items' has a column 'order_id'");
    assert_contains(out, "queries.sql:4:33: note[N0002]");
    assert_int_equal(f->diags.errors, 1);
    assert_int_equal(f->diags.warnings, 0);
    assert_int_equal(query(f, "Everything")->joins.v[0].type, DDBC_JOIN_CROSS);
}

/* ---- names ---------------------------------------------------------------------------- */

static void test_unknown_and_ambiguous_names(void **state)
{
    fixture *f = *state;
    run(f, "-- name: A :one\n"
           "SELECT * FROM ordrs WHERE id = $1;\n"
           "-- name: B :one\n"
           "SELECT * FROM orders WHERE custmer_id = $1;\n"
           "-- name: C :many\n"
           "SELECT id FROM orders o JOIN customers c ON c.id = o.customer_id;\n"
           "-- name: D :many\n"
           "SELECT * FROM orders o JOIN customers o ON o.id = o.id;\n"
           "-- name: E :one\n"
           "SELECT x.id FROM orders o;\n");
    const char *out = rendered(f);
    assert_contains(out, "queries.sql:2:15: error[E0203]");
    assert_contains(out, "hint: did you mean 'orders'?");
    assert_contains(out, "queries.sql:4:28: error[E0204]: table 'orders' has no column 'custmer_id'");
    assert_contains(out, "note: table 'orders' declared here: schema.sql:7:14");
    assert_contains(out, "hint: did you mean 'customer_id'?");
    assert_contains(out, "queries.sql:6:8: error[E0205]");
    assert_contains(out, "note: 'o.id' declared here: schema.sql:8:3");
    assert_contains(out, "note: 'c.id' declared here: schema.sql:2:3");
    assert_contains(out, "queries.sql:8:39: error[E0207]");
    assert_contains(out, "queries.sql:10:8: error[E0203]");
    assert_int_equal(f->ir.queries.n, 0);
}

static void test_duplicate_name_and_unknown_kind(void **state)
{
    fixture *f = *state;
    run(f, "-- name: GetOrder :one\n"
           "SELECT * FROM orders WHERE id = $1;\n"
           "-- name: GetOrder :one\n"
           "SELECT * FROM orders WHERE id = $1;\n"
           "-- name: Weird :sometimes\n"
           "SELECT * FROM orders WHERE id = $1;\n");
    const char *out = rendered(f);
    assert_contains(out, "queries.sql:3:10: error[E0202]");
    assert_contains(out, "note: first used here: queries.sql:1:10");
    assert_contains(out, "error[E0206]");
    assert_contains(out, "valid kinds: :one, :many");
    assert_int_equal(f->ir.queries.n, 1);
}

/* ---- unsupported statements ---------------------------------------------------------------- */

static void test_unsupported_statements(void **state)
{
    fixture *f = *state;
    run(f, "-- name: Copy :exec\n"
           "INSERT INTO orders (id) SELECT id FROM customers;\n"
           "-- name: UpFrom :exec\n"
           "UPDATE orders SET status = 'x' FROM customers WHERE customers.id = orders.customer_id;\n"
           "-- name: Cte :many\n"
           "WITH x AS (SELECT id FROM orders) SELECT * FROM orders;\n"
           "-- name: Both :many\n"
           "SELECT id FROM orders UNION SELECT id FROM customers;\n"
           "-- name: DelUsing :exec\n"
           "DELETE FROM orders USING customers WHERE customers.id = orders.customer_id;\n");
    const char *out = rendered(f);
    assert_contains(out, "INSERT … SELECT is not supported; insert one row per call");
    assert_contains(out, "UPDATE … FROM is not supported");
    assert_contains(out, "WITH (common table expressions) is not supported");
    assert_contains(out, "UNION, INTERSECT and EXCEPT are not supported");
    assert_contains(out, "DELETE … USING is not supported");
    assert_int_equal(f->diags.errors, 5);
    assert_int_equal(f->ir.queries.n, 0);
}

/* ---- writes ---------------------------------------------------------------------------- */

static void test_insert_forms(void **state)
{
    fixture *f = *state;
    run(f, "-- name: CreateCustomer :one\n"
           "INSERT INTO customers (id, email, name, created_at) VALUES ($1, $2, $3, DEFAULT)\n"
           "RETURNING *;\n"
           "-- name: AllColumns :exec\n"
           "INSERT INTO order_items VALUES ($1, $2, 'sku-1', 3), ($3, $4, $5, $6);\n"
           "-- name: Upsert :exec\n"
           "INSERT INTO customers (id, email) VALUES ($1, $2)\n"
           "ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email;\n"
           "-- name: Short :exec\n"
           "INSERT INTO customers (id, email) VALUES ($1);\n");
    const char *out = rendered(f);
    assert_contains(out, "queries.sql:10:43: error[E0209]");
    assert_int_equal(f->diags.errors, 1);

    ddbc_query *q = query(f, "CreateCustomer");
    assert_int_equal(q->stmt, DDBC_STMT_INSERT);
    assert_int_equal(q->assignments.n, 4);
    assert_string_equal(q->assignments.v[1].column->name, "email");
    assert_int_equal(q->assignments.v[1].value.kind, DDBC_OPERAND_PARAM);
    assert_true(q->assignments.v[3].is_default);
    assert_true(q->returning);
    assert_int_equal(q->targets.n, 1);
    assert_string_equal(q->params.v[1].name, "email");
    assert_int_equal(q->params.v[1].type.cls, DDBC_T_STRING);

    q = query(f, "AllColumns");
    assert_int_equal(q->assignments.n, 4);
    assert_string_equal(q->assignments.v[2].column->name, "sku");
    assert_int_equal(q->assignments.v[2].value.kind, DDBC_OPERAND_LITERAL);
    assert_int_equal(q->params.n, 6);
    assert_string_equal(q->params.v[2].name, "order_id_2");
    assert_int_equal(q->params.v[5].type.cls, DDBC_T_INTEGER);

    q = query(f, "Upsert");
    assert_true(q->upsert);
    assert_int_equal(q->assignments.n, 2);
    /* the arbiter and DO UPDATE SET are kept: EXCLUDED.email is the inserted $2 */
    assert_int_equal(q->conflict, DDBC_CONFLICT_DO_UPDATE);
    assert_int_equal(q->conflict_target.n, 1);
    assert_string_equal(q->conflict_target.v[0]->name, "id");
    assert_int_equal(q->conflict_set.n, 1);
    assert_true(q->conflict_set.v[0].excluded);
    assert_string_equal(q->conflict_set.v[0].excluded_column->name, "email");
}

static void test_update_and_delete(void **state)
{
    fixture *f = *state;
    run(f, "-- name: Bump :execrows\n"
           "UPDATE order_items SET qty = qty + $1, sku = $2 WHERE order_id = $3 AND line = $4;\n"
           "-- name: Remove :exec\n"
           "DELETE FROM orders WHERE id = $1 RETURNING id;\n"
           "-- name: BadSet :exec\n"
           "UPDATE orders SET nope = 1 WHERE id = $1;\n");
    const char *out = rendered(f);
    assert_contains(out, "queries.sql:6:19: error[E0204]");
    ddbc_query *q = query(f, "Bump");
    assert_int_equal(q->kind, DDBC_KIND_EXECROWS);
    assert_int_equal(q->assignments.n, 2);
    /* qty = qty + $1: the counter idiom, the amount typed like qty */
    assert_int_equal(q->assignments.v[0].value.kind, DDBC_OPERAND_PARAM);
    assert_int_equal(q->assignments.v[0].arith, 1);
    assert_int_equal(q->assignments.v[1].arith, 0);
    assert_non_null(q->assignments.v[0].expr);
    assert_int_equal(q->params.v[0].type.cls, DDBC_T_INTEGER);
    assert_string_equal(q->params.v[0].name, "qty");
    assert_int_equal(q->predicates.n, 2);
    assert_string_equal(q->params.v[2].name, "order_id");

    q = query(f, "Remove");
    assert_int_equal(q->stmt, DDBC_STMT_DELETE);
    assert_true(q->returning);
    assert_int_equal(q->predicates.n, 1);
}

/* ---- targets, grouping ------------------------------------------------------------------- */

static void test_targets_and_grouping(void **state)
{
    fixture *f = *state;
    run(f, "-- name: Stats :many\n"
           "SELECT customer_id, count(*) AS n, count(total), sum(total) AS spent, max(created_at),\n"
           "       upper(status) AS s\n"
           "FROM orders WHERE customer_id = $1 GROUP BY customer_id HAVING count(*) > 1\n"
           "ORDER BY n DESC, customer_id;\n");
    assert_clean(f);
    ddbc_query *q = query(f, "Stats");
    assert_int_equal(q->targets.n, 6);
    assert_int_equal(q->targets.v[0].kind, DDBC_TARGET_COLUMN);
    assert_int_equal(q->targets.v[1].kind, DDBC_TARGET_COUNT);
    assert_null(q->targets.v[1].column.column);
    assert_string_equal(q->targets.v[1].alias, "n");
    assert_int_equal(q->targets.v[2].kind, DDBC_TARGET_COUNT);
    assert_string_equal(q->targets.v[2].column.column->name, "total");
    assert_int_equal(q->targets.v[3].kind, DDBC_TARGET_AGGREGATE);
    assert_string_equal(q->targets.v[3].func, "sum");
    assert_int_equal(q->targets.v[4].kind, DDBC_TARGET_AGGREGATE);
    assert_int_equal(q->targets.v[5].kind, DDBC_TARGET_EXPR);
    assert_int_equal(q->group_by.n, 1);
    assert_true(q->having_span.file != DDBC_NO_FILE);
    /* ORDER BY an aggregate's alias records nothing; the column is kept. */
    assert_int_equal(q->order_by.n, 1);
    assert_string_equal(q->order_by.v[0].column.column->name, "customer_id");
}

/* ---- the IR dump --------------------------------------------------------------------------- */

static void test_emit_ir_is_deterministic_json(void **state)
{
    fixture *f = *state;
    run(f, "-- name: ByPrefix :many\n"
           "SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id\n"
           "WHERE c.email LIKE 'ab\"c%' AND o.id IN ($1) LIMIT sqlc.arg(n);\n");
    assert_clean(f);
    ddbc_outset a, b;
    ddbc_outset_init(&a);
    ddbc_outset_init(&b);
    ddbc_emit_ir(&f->ir, &f->sources, &a, &f->diags);
    ddbc_emit_ir(&f->ir, &f->sources, &b, &f->diags);
    const ddbc_outfile *fa = ddbc_outset_find(&a, "ir.json");
    const ddbc_outfile *fb = ddbc_outset_find(&b, "ir.json");
    assert_non_null(fa);
    assert_non_null(fb);
    assert_int_equal(fa->len, fb->len);
    assert_memory_equal(fa->data, fb->data, fa->len);
    char *json = calloc(1, fa->len + 1);
    memcpy(json, fa->data, fa->len);
    const char *head = "{\n  \"version\": 1,\n  \"entities\": [\n    {\n      \"name\": \"customers\",";
    assert_true(strncmp(json, head, strlen(head)) == 0);
    assert_true(fa->len > 2 && strcmp(json + fa->len - 2, "}\n") == 0);
    assert_contains(json, "\"location\": \"schema.sql:1:14\"");
    assert_contains(json, "\"op\": \"begins_with\"");
    assert_contains(json, "\"literal\": \"ab\\\"c\"");
    assert_contains(json, "\"follows_fk\": \"orders(customer_id) -> customers(id)\"");
    assert_contains(json, "\"limit\": {\n        \"param\": 2\n      }");
    assert_contains(json, "\"column\": \"orders.id\"");
    assert_contains(json, "\"slice\": true");
    assert_contains(json, "\"enums\": []");
    free(json);
    ddbc_outset_free(&a);
    ddbc_outset_free(&b);
}

/* Regression: naming restarted the suffix search for every parameter, so a
 * long IN list took cubic time.  The names must still come out in order. */
static void test_long_in_list_names_every_parameter_once(void **state)
{
    fixture *f = *state;
    ddbc_strbuf sql = DDBC_STRBUF_INIT;
    ddbc_strbuf_puts(&sql, "-- name: Many :many\nSELECT * FROM orders WHERE id IN (");
    for (int i = 1; i <= 500; i++) ddbc_strbuf_printf(&sql, "%s$%d", i > 1 ? ", " : "", i);
    ddbc_strbuf_puts(&sql, ");\n");
    run(f, ddbc_strbuf_cstr(&sql));
    ddbc_strbuf_free(&sql);
    assert_clean(f);
    ddbc_query *q = query(f, "Many");
    assert_int_equal(q->params.n, 500);
    assert_string_equal(q->params.v[0].name, "id");
    assert_string_equal(q->params.v[1].name, "id_2");
    assert_string_equal(q->params.v[499].name, "id_500");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_equality_order_and_limit, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_reversed_comparison_is_flipped, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_between_names_from_and_to, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_in_lists_and_slices, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_like_forms, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_null_tests_and_boolean_columns, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_residuals, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_param_reuse_named_and_dedup, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_positional_params_mysql, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_param_errors, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_join_follows_fk_both_directions, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_composite_self_and_comma_joins, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_join_without_fk_is_a_note, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_long_in_list_names_every_parameter_once, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_using_joins_and_cast_typed_params, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_using_column_missing_and_cross_join, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_unknown_and_ambiguous_names, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_duplicate_name_and_unknown_kind, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_unsupported_statements, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_insert_forms, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_update_and_delete, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_targets_and_grouping, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_emit_ir_is_deterministic_json, fixture_setup, fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
