/* test_infer.c — unit tests for pattern inference (infer.c).
 *
 * A shop-like schema goes through the catalog pass; the inferred patterns are
 * checked for their names and order, their IR (against what the check pass
 * builds from the same SQL), their spans on the DDL, and name clashes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "check.h"
#include "infer.h"
#include "fixture.h"

/* Line numbers matter: the span tests name them. */
static const char *const schema_sql =
    "CREATE TABLE customers (\n"                                        /*  1 */
    "  id bigint PRIMARY KEY,\n"                                        /*  2 */
    "  email text NOT NULL UNIQUE,\n"                                   /*  3 */
    "  name text,\n"                                                    /*  4 */
    "  created_at timestamptz NOT NULL DEFAULT now()\n"                 /*  5 */
    ");\n"                                                              /*  6 */
    "CREATE TABLE customer_profiles (\n"                                /*  7 */
    "  customer_id bigint PRIMARY KEY REFERENCES customers (id),\n"     /*  8 */
    "  bio text\n"                                                      /*  9 */
    ");\n"                                                              /* 10 */
    "CREATE TABLE orders (\n"                                           /* 11 */
    "  id bigint PRIMARY KEY,\n"                                        /* 12 */
    "  customer_id bigint NOT NULL REFERENCES customers (id),\n"        /* 13 */
    "  status text NOT NULL,\n"                                         /* 14 */
    "  placed_at timestamptz NOT NULL,\n"                               /* 15 */
    "  created_at timestamptz\n"                                        /* 16 */
    ");\n"                                                              /* 17 */
    "CREATE INDEX orders_status_placed_idx ON orders (status, placed_at DESC);\n" /* 18 */
    "CREATE INDEX orders_customer_created_idx ON orders (customer_id, created_at);\n" /* 19 */
    "CREATE INDEX orders_open_idx ON orders (customer_id, placed_at) WHERE status = 'open';\n" /* 20 */
    "CREATE TABLE products (\n"                                         /* 21 */
    "  id bigint PRIMARY KEY,\n"                                        /* 22 */
    "  sku varchar(64) NOT NULL,\n"                                     /* 23 */
    "  name text NOT NULL,\n"                                           /* 24 */
    "  tags text[],\n"                                                  /* 25 */
    "  CONSTRAINT products_sku_key UNIQUE (sku)\n"                      /* 26 */
    ");\n"                                                              /* 27 */
    "CREATE INDEX products_tags_idx ON products USING gin (tags);\n"    /* 28 */
    "CREATE UNIQUE INDEX products_lower_name_idx ON products (lower(name));\n" /* 29 */
    "CREATE TABLE order_lines (\n"                                      /* 30 */
    "  order_id bigint NOT NULL REFERENCES orders (id),\n"              /* 31 */
    "  line_no integer NOT NULL,\n"                                     /* 32 */
    "  product_id bigint NOT NULL REFERENCES products (id),\n"          /* 33 */
    "  qty integer NOT NULL,\n"                                         /* 34 */
    "  PRIMARY KEY (order_id, line_no)\n"                               /* 35 */
    ");\n"                                                              /* 36 */
    "CREATE INDEX order_lines_product_idx ON order_lines (product_id);\n" /* 37 */
    "CREATE TABLE payments (\n"                                         /* 38 */
    "  id uuid PRIMARY KEY,\n"                                          /* 39 */
    "  order_id bigint NOT NULL REFERENCES orders (id),\n"              /* 40 */
    "  paid_on date,\n"                                                 /* 41 */
    "  captured_at timestamptz NOT NULL,\n"                             /* 42 */
    "  amount integer NOT NULL\n"                                       /* 43 */
    ");\n"                                                              /* 44 */
    "CREATE INDEX payments_order_amount_idx ON payments (order_id, amount);\n" /* 45 */
    "CREATE TABLE employees (\n"                                        /* 46 */
    "  id int PRIMARY KEY,\n"                                           /* 47 */
    "  manager_id int REFERENCES employees (id),\n"                     /* 48 */
    "  name text NOT NULL\n"                                            /* 49 */
    ");\n"                                                              /* 50 */
    "CREATE INDEX employees_name_idx ON employees (name);\n"            /* 51 */
    "CREATE TABLE categories (\n"                                       /* 52 */
    "  id int PRIMARY KEY,\n"                                           /* 53 */
    "  parent_id int REFERENCES categories (id)\n"                      /* 54 */
    ");\n"                                                              /* 55 */
    "CREATE TABLE addresses (id int PRIMARY KEY, customer_id bigint REFERENCES customers, verified_at date);\n" /* 56 */
    "CREATE TABLE statuses (code text PRIMARY KEY);\n"                  /* 57 */
    "CREATE TABLE people (id int PRIMARY KEY);\n"                       /* 58 */
    "CREATE TABLE tokens (value text NOT NULL UNIQUE, expires_at timestamptz);\n" /* 59 */
    "CREATE TABLE audit_log (at timestamptz, message text);\n"          /* 60 */
    "ALTER TABLE customer_profiles ADD COLUMN updated_at timestamptz;\n" /* 61 */
    "CREATE TABLE carts (\n"                                            /* 62 */
    "  id int PRIMARY KEY,\n"                                           /* 63 */
    "  customer_id bigint NOT NULL UNIQUE REFERENCES customers (id),\n" /* 64 */
    "  created_at timestamptz NOT NULL\n"                               /* 65 */
    ");\n"                                                              /* 66 */
    "CREATE INDEX payments_captured_idx ON payments (captured_at);\n"   /* 67 */
    "CREATE INDEX products_name_lower_sku_idx ON products (name, lower(sku));\n" /* 68 */
    "CREATE TABLE shifts (\n"                                           /* 69 */
    "  id int PRIMARY KEY,\n"                                           /* 70 */
    "  employee_id int NOT NULL,\n"                                     /* 71 */
    "  starts_at timestamptz NOT NULL,\n"                               /* 72 */
    "  UNIQUE (employee_id, starts_at)\n"                               /* 73 */
    ");\n"                                                              /* 74 */
    "CREATE INDEX shifts_employee_start_idx ON shifts (employee_id, starts_at);\n" /* 75 */
    "CREATE INDEX customers_email_created_idx ON customers (email, created_at);\n" /* 76 */
    "CREATE INDEX orders_customer_idx ON orders (customer_id);\n"      /* 77 */
    "CREATE INDEX products_name_search_idx ON products USING gin (name);\n" /* 78 */
    "CREATE INDEX employees_manager_name_idx ON employees USING btree (manager_id, name);\n" /* 79 */
    "CREATE TABLE docs (body jsonb PRIMARY KEY);\n"                    /* 80 */
    "CREATE TABLE doc_refs (id int PRIMARY KEY, body jsonb REFERENCES docs (body));\n"; /* 81 */

/* Every pattern the schema implies, in the order they must come out. */
static const char *const expected_names[] = {
    "GetCustomer", "GetCustomerByEmail",
    "GetCustomerProfile",
    "GetOrder", "ListOrdersByCustomer", "ListOrdersByStatus",
    "GetProduct", "GetProductBySku",
    "GetOrderLine", "ListOrderLinesByOrder", "ListOrderLinesByProduct",
    "GetPayment", "ListPaymentsByOrder", "ListPaymentsByOrderId", "ListPaymentsByCapturedAt",
    "GetEmployee", "ListEmployeesByManager", "ListEmployeesByName", "ListEmployeesByManagerIdAndName",
    "GetCategory", "ListCategoriesByParent",
    "GetAddress", "ListAddressesByCustomer",
    "GetStatus",
    "GetPeople",
    "GetToken",
    "GetCart", "GetCartByCustomerId",
    "GetShift", "GetShiftByEmployeeIdAndStartsAt",
    "GetDocRef",
};

static void build(fixture *f, const char *queries)
{
    assert_int_equal(fixture_parse(f, DDBC_DIALECT_POSTGRESQL, "schema.sql", schema_sql), 0);
    ddbc_catalog_build(&f->ast, f->arena, &f->ir, &f->diags);
    if (queries) {
        assert_int_equal(fixture_parse(f, DDBC_DIALECT_POSTGRESQL, "queries.sql", queries), 0);
        ddbc_check_queries(&f->ast, &f->sources, f->arena, &f->ir, &f->diags);
    }
    if (f->diags.errors) fail_msg("unexpected errors:\n%s", rendered(f));
}

static ddbc_query_list infer(fixture *f)
{
    ddbc_query_list out = {0};
    ddbc_infer_patterns(&f->ir, f->arena, &out);
    return out;
}

static ddbc_query *pattern(const ddbc_query_list *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i]->name, name) == 0) return l->v[i];
    fail_msg("no inferred pattern '%s'", name);
    return NULL;
}

static bool has_pattern_on(const ddbc_query_list *l, const char *entity)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i]->root->name, entity) == 0) return true;
    return false;
}

/* The 1-based line a span starts on. */
static unsigned line_of(fixture *f, ddbc_span span)
{
    assert_true(span.file < f->sources.files.n);
    unsigned line = 0, col = 0;
    ddbc_source_position(f->sources.files.v[span.file], span.start, &line, &col);
    return line;
}

/* Fail unless q's equalities are on exactly these columns, in this order,
 * each against its own parameter named and typed by the column. */
static void assert_equalities(const ddbc_query *q, const char *const *cols, size_t n)
{
    assert_int_equal(q->predicates.n, n);
    assert_int_equal(q->params.n, n);
    for (size_t i = 0; i < n; i++) {
        const ddbc_predicate *p = &q->predicates.v[i];
        assert_int_equal(p->column.binding, 0);
        assert_string_equal(p->column.column->name, cols[i]);
        assert_ptr_equal(p->column.column->entity, q->root);
        assert_int_equal(p->op, DDBC_PRED_EQ);
        assert_false(p->negated);
        assert_int_equal(p->operands.n, 1);
        assert_int_equal(p->operands.v[0].kind, DDBC_OPERAND_PARAM);
        assert_int_equal(p->operands.v[0].param, (int)i);
        const ddbc_param *pa = &q->params.v[i];
        assert_int_equal(pa->number, (int)i + 1);
        assert_string_equal(pa->name, cols[i]);
        assert_ptr_equal(pa->column, p->column.column);
        assert_int_equal(pa->type.cls, p->column.column->type.cls);
        assert_false(pa->slice);
        assert_false(pa->nullable);
    }
}

static void assert_order(const ddbc_query *q, const char *column, bool desc)
{
    if (!column) {
        assert_int_equal(q->order_by.n, 0);
        return;
    }
    assert_int_equal(q->order_by.n, 1);
    assert_int_equal(q->order_by.v[0].column.binding, 0);
    assert_string_equal(q->order_by.v[0].column.column->name, column);
    assert_int_equal(q->order_by.v[0].desc, desc);
}

/* ---- which patterns, in which order ---------------------------------------------------- */

static void test_names_and_order_are_deterministic(void **state)
{
    fixture *f = *state;
    build(f, NULL);
    ddbc_query_list l = infer(f);
    size_t n = sizeof expected_names / sizeof expected_names[0];
    for (size_t i = 0; i < l.n && i < n; i++)
        if (strcmp(l.v[i]->name, expected_names[i]) != 0)
            fail_msg("pattern %zu is %s, expected %s", i, l.v[i]->name, expected_names[i]);
    assert_int_equal(l.n, n);
    assert_int_equal(f->ir.queries.n, 0); /* never appended to the declared queries */

    /* A second run over the same IR gives the same names in the same order. */
    ddbc_query_list again = infer(f);
    assert_int_equal(again.n, l.n);
    for (size_t i = 0; i < l.n; i++) assert_string_equal(again.v[i]->name, l.v[i]->name);
}

static void test_every_pattern_is_an_inferred_select_star(void **state)
{
    fixture *f = *state;
    build(f, NULL);
    ddbc_query_list l = infer(f);
    for (size_t i = 0; i < l.n; i++) {
        const ddbc_query *q = l.v[i];
        assert_true(q->inferred);
        assert_int_equal(q->stmt, DDBC_STMT_SELECT);
        assert_non_null(q->root);
        assert_int_equal(q->bindings.n, 1);
        assert_ptr_equal(q->bindings.v[0].entity, q->root);
        assert_string_equal(q->bindings.v[0].alias, q->root->name);
        assert_int_equal(q->joins.n, 0);
        assert_int_equal(q->residuals.n, 0);
        assert_int_equal(q->targets.n, 1);
        assert_int_equal(q->targets.v[0].kind, DDBC_TARGET_STAR);
        assert_int_equal(q->targets.v[0].binding, -1);
        assert_false(q->has_limit);
        assert_false(q->has_offset);
        assert_int_equal(q->having_span.file, DDBC_NO_FILE);
        assert_non_null(q->doc);
        assert_true(strncmp(q->doc, "inferred: ", 10) == 0);
        assert_int_equal(q->kind, strncmp(q->name, "Get", 3) == 0 ? DDBC_KIND_ONE : DDBC_KIND_MANY);
    }
}

/* ---- the four rules ------------------------------------------------------------------- */

static void test_get_by_primary_key(void **state)
{
    fixture *f = *state;
    build(f, NULL);
    ddbc_query_list l = infer(f);

    ddbc_query *q = pattern(&l, "GetCustomer");
    assert_int_equal(q->kind, DDBC_KIND_ONE);
    assert_string_equal(q->root->name, "customers");
    assert_equalities(q, (const char *const[]){"id"}, 1);
    assert_order(q, NULL, false);
    assert_int_equal(q->params.v[0].type.cls, DDBC_T_INTEGER);
    assert_string_equal(q->sql, "SELECT * FROM customers WHERE id = $1");
    assert_string_equal(q->doc, "inferred: one customers row by its primary key (id)");

    q = pattern(&l, "GetOrderLine");
    assert_equalities(q, (const char *const[]){"order_id", "line_no"}, 2);
    assert_string_equal(q->sql, "SELECT * FROM order_lines WHERE order_id = $1 AND line_no = $2");

    q = pattern(&l, "GetPayment");
    assert_int_equal(q->params.v[0].type.cls, DDBC_T_UUID);
}

static void test_singular_names(void **state)
{
    fixture *f = *state;
    build(f, NULL);
    ddbc_query_list l = infer(f);
    assert_string_equal(pattern(&l, "GetCategory")->root->name, "categories");
    assert_string_equal(pattern(&l, "GetAddress")->root->name, "addresses");
    assert_string_equal(pattern(&l, "GetStatus")->root->name, "statuses");
    assert_string_equal(pattern(&l, "GetPeople")->root->name, "people");
    assert_string_equal(pattern(&l, "GetCustomerProfile")->root->name, "customer_profiles");
}

static void test_table_without_primary_key_uses_its_first_unique_key(void **state)
{
    fixture *f = *state;
    build(f, NULL);
    ddbc_query_list l = infer(f);
    ddbc_query *q = pattern(&l, "GetToken");
    assert_int_equal(q->kind, DDBC_KIND_ONE);
    assert_equalities(q, (const char *const[]){"value"}, 1);
    assert_int_equal(line_of(f, q->span), 59);
    /* The unique key already serves as the identity: no GetTokenByValue too. */
    for (size_t i = 0; i < l.n; i++) assert_string_not_equal(l.v[i]->name, "GetTokenByValue");
    assert_int_equal(pattern(&l, "GetToken")->predicates.n, 1);
}

static void test_no_pattern_for_a_table_without_any_key(void **state)
{
    fixture *f = *state;
    build(f, NULL);
    ddbc_query_list l = infer(f);
    assert_true(has_pattern_on(&l, "customers"));
    assert_false(has_pattern_on(&l, "audit_log"));
    /* A key over a jsonb column is no key DynamoDB could use: docs has no
     * Get, and doc_refs no list by it. */
    assert_false(has_pattern_on(&l, "docs"));
    assert_equalities(pattern(&l, "GetDocRef"), (const char *const[]){"id"}, 1);
}

static void test_children_by_foreign_key_newest_first(void **state)
{
    fixture *f = *state;
    build(f, NULL);
    ddbc_query_list l = infer(f);

    /* created_at wins by its name over the NOT NULL placed_at. */
    ddbc_query *q = pattern(&l, "ListOrdersByCustomer");
    assert_int_equal(q->kind, DDBC_KIND_MANY);
    assert_string_equal(q->root->name, "orders");
    assert_equalities(q, (const char *const[]){"customer_id"}, 1);
    assert_order(q, "created_at", true);
    assert_string_equal(q->sql, "SELECT * FROM orders WHERE customer_id = $1 ORDER BY created_at DESC");

    /* No conventional name: the first NOT NULL timestamp or date, not the
     * nullable date before it. */
    q = pattern(&l, "ListPaymentsByOrder");
    assert_equalities(q, (const char *const[]){"order_id"}, 1);
    assert_order(q, "captured_at", true);

    /* No timestamp at all: no order. */
    q = pattern(&l, "ListOrderLinesByOrder");
    assert_equalities(q, (const char *const[]){"order_id"}, 1);
    assert_order(q, NULL, false);
    assert_string_equal(q->sql, "SELECT * FROM order_lines WHERE order_id = $1");
    q = pattern(&l, "ListOrderLinesByProduct");
    assert_equalities(q, (const char *const[]){"product_id"}, 1);

    /* Only nullable timestamps or dates: the first of them. */
    q = pattern(&l, "ListAddressesByCustomer");
    assert_order(q, "verified_at", true);
}

static void test_self_reference_is_named_after_the_column(void **state)
{
    fixture *f = *state;
    build(f, NULL);
    ddbc_query_list l = infer(f);
    ddbc_query *q = pattern(&l, "ListEmployeesByManager");
    assert_string_equal(q->root->name, "employees");
    assert_equalities(q, (const char *const[]){"manager_id"}, 1);
    assert_order(q, NULL, false);
    q = pattern(&l, "ListCategoriesByParent");
    assert_equalities(q, (const char *const[]){"parent_id"}, 1);
}

static void test_one_to_one_extension_has_only_its_get(void **state)
{
    fixture *f = *state;
    build(f, NULL);
    ddbc_query_list l = infer(f);
    size_t n = 0;
    for (size_t i = 0; i < l.n; i++)
        if (strcmp(l.v[i]->root->name, "customer_profiles") == 0) n++;
    assert_int_equal(n, 1);
    assert_equalities(pattern(&l, "GetCustomerProfile"), (const char *const[]){"customer_id"}, 1);

    /* A unique foreign key is 1:1 too: its lookup is a Get, not a list. */
    for (size_t i = 0; i < l.n; i++) assert_string_not_equal(l.v[i]->name, "ListCartsByCustomer");
    ddbc_query *q = pattern(&l, "GetCartByCustomerId");
    assert_int_equal(q->kind, DDBC_KIND_ONE);
    assert_equalities(q, (const char *const[]){"customer_id"}, 1);
    assert_int_equal(line_of(f, q->span), 64);
}

static void test_lookup_by_unique_column(void **state)
{
    fixture *f = *state;
    build(f, NULL);
    ddbc_query_list l = infer(f);
    ddbc_query *q = pattern(&l, "GetCustomerByEmail");
    assert_int_equal(q->kind, DDBC_KIND_ONE);
    assert_equalities(q, (const char *const[]){"email"}, 1);
    assert_int_equal(q->params.v[0].type.cls, DDBC_T_STRING);
    assert_string_equal(q->sql, "SELECT * FROM customers WHERE email = $1");

    q = pattern(&l, "GetProductBySku");
    assert_equalities(q, (const char *const[]){"sku"}, 1);
    assert_string_equal(q->params.v[0].type.sql, "varchar(64)");
    assert_int_equal(q->params.v[0].type.length, 64);
}

static void test_lookup_by_index(void **state)
{
    fixture *f = *state;
    build(f, NULL);
    ddbc_query_list l = infer(f);

    /* A trailing timestamp orders the list, in the index's direction. */
    ddbc_query *q = pattern(&l, "ListOrdersByStatus");
    assert_int_equal(q->kind, DDBC_KIND_MANY);
    assert_equalities(q, (const char *const[]){"status"}, 1);
    assert_order(q, "placed_at", true);
    assert_string_equal(q->sql, "SELECT * FROM orders WHERE status = $1 ORDER BY placed_at DESC");

    /* A trailing number too, ascending when the index says nothing. */
    q = pattern(&l, "ListPaymentsByOrderId");
    assert_equalities(q, (const char *const[]){"order_id"}, 1);
    assert_order(q, "amount", false);
    assert_string_equal(q->sql, "SELECT * FROM payments WHERE order_id = $1 ORDER BY amount");

    /* A one-column index is a plain lookup, whatever its type: ordering by
     * its only column would leave nothing to partition on. */
    q = pattern(&l, "ListEmployeesByName");
    assert_equalities(q, (const char *const[]){"name"}, 1);
    assert_order(q, NULL, false);
    q = pattern(&l, "ListPaymentsByCapturedAt");
    assert_equalities(q, (const char *const[]){"captured_at"}, 1);
    assert_order(q, NULL, false);
    assert_int_equal(q->params.v[0].type.cls, DDBC_T_TIMESTAMP);
}

static void test_indexes_that_add_nothing_are_skipped(void **state)
{
    fixture *f = *state;
    build(f, NULL);
    ddbc_query_list l = infer(f);
    for (size_t i = 0; i < l.n; i++) {
        const char *name = l.v[i]->name;
        /* orders (customer_id, created_at) is ListOrdersByCustomer again;
         * order_lines (product_id) repeats the foreign key; the partial
         * index, the GIN index on an array and the expression index are
         * not lookups by value. */
        assert_string_not_equal(name, "ListOrdersByCustomerId");
        assert_string_not_equal(name, "ListOrderLinesByProductId");
        assert_string_not_equal(name, "ListProductsByTags");
        assert_null(strstr(name, "Lower"));
        /* (name, lower(sku)): half an expression is no key either. */
        assert_string_not_equal(name, "ListProductsByName");
        /* (employee_id, starts_at) is the unique key again; (email,
         * created_at) orders what is at most one row; (customer_id) is the
         * foreign key again; a GIN index is not a lookup by value. */
        assert_string_not_equal(name, "ListShiftsByEmployeeId");
        assert_string_not_equal(name, "ListCustomersByEmail");
        assert_string_not_equal(name, "ListProductsByName");
    }
    size_t orders = 0, products = 0;
    for (size_t i = 0; i < l.n; i++) {
        if (l.v[i]->root == pattern(&l, "GetOrder")->root) orders++;
        if (l.v[i]->root == pattern(&l, "GetProduct")->root) products++;
    }
    assert_int_equal(orders, 3);
    /* An explicit USING btree is an ordinary index. */
    assert_equalities(pattern(&l, "ListEmployeesByManagerIdAndName"),
                      (const char *const[]){"manager_id", "name"}, 2);
    assert_int_equal(products, 2);
}

/* ---- spans --------------------------------------------------------------------------- */

static void assert_spans_on_line(fixture *f, const ddbc_query *q, unsigned line)
{
    assert_int_equal(line_of(f, q->span), line);
    assert_int_equal(line_of(f, q->name_span), line);
    for (size_t i = 0; i < q->predicates.n; i++) {
        assert_int_equal(line_of(f, q->predicates.v[i].span), line);
        assert_int_equal(line_of(f, q->predicates.v[i].column.span), line);
    }
    for (size_t i = 0; i < q->params.n; i++) assert_int_equal(line_of(f, q->params.v[i].span), line);
    for (size_t i = 0; i < q->order_by.n; i++) assert_int_equal(line_of(f, q->order_by.v[i].span), line);
}

static void test_spans_point_at_the_ddl_that_implies_the_pattern(void **state)
{
    fixture *f = *state;
    build(f, NULL);
    ddbc_query_list l = infer(f);
    assert_spans_on_line(f, pattern(&l, "GetCustomer"), 2);
    assert_spans_on_line(f, pattern(&l, "GetCustomerByEmail"), 3);
    assert_spans_on_line(f, pattern(&l, "ListOrdersByCustomer"), 13);
    assert_spans_on_line(f, pattern(&l, "ListOrdersByStatus"), 18);
    assert_spans_on_line(f, pattern(&l, "GetProductBySku"), 26);
    assert_spans_on_line(f, pattern(&l, "GetOrderLine"), 35);
    assert_spans_on_line(f, pattern(&l, "ListOrderLinesByProduct"), 33);
    assert_spans_on_line(f, pattern(&l, "ListPaymentsByOrderId"), 45);
    assert_spans_on_line(f, pattern(&l, "ListEmployeesByManager"), 48);
    /* The span is on the schema file, not somewhere else. */
    assert_string_equal(f->sources.files.v[pattern(&l, "GetCustomer")->span.file]->path, "schema.sql");
}

/* ---- names against declared queries ---------------------------------------------------- */

static void test_declared_queries_keep_their_names(void **state)
{
    fixture *f = *state;
    build(f, "-- name: GetCustomer :one\n"
             "SELECT * FROM customers WHERE email = $1;\n"
             "-- name: GetOrder :one\n"
             "SELECT * FROM orders WHERE id = $1;\n"
             "-- name: GetOrder2 :one\n"
             "SELECT id FROM orders WHERE id = $1;\n"
             "-- name: ListOrdersByStatus :many\n"
             "SELECT * FROM orders WHERE status = $1;\n");
    assert_int_equal(f->ir.queries.n, 4);
    ddbc_query_list l = infer(f);
    assert_int_equal(l.n, sizeof expected_names / sizeof expected_names[0]);
    assert_int_equal(f->ir.queries.n, 4);

    ddbc_query *q = pattern(&l, "GetCustomer2");
    assert_true(q->inferred);
    assert_equalities(q, (const char *const[]){"id"}, 1);
    assert_equalities(pattern(&l, "GetOrder3"), (const char *const[]){"id"}, 1);
    assert_order(pattern(&l, "ListOrdersByStatus2"), "placed_at", true);
    for (size_t i = 0; i < l.n; i++)
        for (size_t j = 0; j < f->ir.queries.n; j++)
            assert_string_not_equal(l.v[i]->name, f->ir.queries.v[j]->name);
    /* The declared ones are untouched. */
    assert_false(f->ir.queries.v[0]->inferred);
    assert_string_equal(f->ir.queries.v[0]->name, "GetCustomer");
}

static void test_inferred_names_clash_among_themselves(void **state)
{
    fixture *f = *state;
    /* Two foreign keys whose columns both name the parent: the second list
     * takes a suffix rather than a duplicate name.  The third repeats the
     * first and adds nothing. */
    const char *sql = "CREATE TABLE users (id int PRIMARY KEY);\n"
                      "CREATE TABLE links (\n"
                      "  id int PRIMARY KEY,\n"
                      "  user_id int REFERENCES users,\n"
                      "  users_id int REFERENCES users,\n"
                      "  FOREIGN KEY (user_id) REFERENCES users (id)\n"
                      ");\n";
    assert_int_equal(fixture_parse(f, DDBC_DIALECT_POSTGRESQL, "schema.sql", sql), 0);
    ddbc_catalog_build(&f->ast, f->arena, &f->ir, &f->diags);
    assert_int_equal(f->diags.errors, 0);
    ddbc_query_list l = infer(f);
    assert_int_equal(l.n, 4);
    assert_string_equal(l.v[2]->name, "ListLinksByUser");
    assert_string_equal(l.v[2]->predicates.v[0].column.column->name, "user_id");
    assert_string_equal(l.v[3]->name, "ListLinksByUser2");
    assert_string_equal(l.v[3]->predicates.v[0].column.column->name, "users_id");
}

/* ---- the same IR the check pass builds ----------------------------------------------------- */

static void assert_same_colref(const ddbc_colref *a, const ddbc_colref *b)
{
    assert_int_equal(a->binding, b->binding);
    assert_ptr_equal(a->column, b->column);
}

static void test_patterns_match_what_check_builds_from_their_sql(void **state)
{
    fixture *f = *state;
    build(f, NULL);
    ddbc_query_list l = infer(f);
    /* Declare every inferred pattern's SQL under its own name and check it. */
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    for (size_t i = 0; i < l.n; i++)
        ddbc_strbuf_printf(&sb, "-- name: %s %s\n%s;\n", l.v[i]->name,
                           l.v[i]->kind == DDBC_KIND_ONE ? ":one" : ":many", l.v[i]->sql);
    assert_int_equal(fixture_parse(f, DDBC_DIALECT_POSTGRESQL, "queries.sql", ddbc_strbuf_cstr(&sb)), 0);
    ddbc_strbuf_free(&sb);
    ddbc_check_queries(&f->ast, &f->sources, f->arena, &f->ir, &f->diags);
    if (f->diags.errors) fail_msg("inferred SQL does not check:\n%s", rendered(f));
    assert_int_equal(f->ir.queries.n, l.n);

    for (size_t i = 0; i < l.n; i++) {
        const ddbc_query *a = l.v[i], *b = f->ir.queries.v[i];
        assert_string_equal(a->name, b->name);
        assert_int_equal(a->kind, b->kind);
        assert_int_equal(a->stmt, b->stmt);
        assert_ptr_equal(a->root, b->root);
        assert_int_equal(a->bindings.n, b->bindings.n);
        assert_ptr_equal(a->bindings.v[0].entity, b->bindings.v[0].entity);
        assert_string_equal(a->bindings.v[0].alias, b->bindings.v[0].alias);
        assert_int_equal(a->targets.n, b->targets.n);
        assert_int_equal(a->targets.v[0].kind, b->targets.v[0].kind);
        assert_int_equal(a->targets.v[0].binding, b->targets.v[0].binding);
        assert_int_equal(a->targets.v[0].column.binding, b->targets.v[0].column.binding);
        assert_null(b->targets.v[0].alias);
        assert_int_equal(a->predicates.n, b->predicates.n);
        for (size_t j = 0; j < a->predicates.n; j++) {
            const ddbc_predicate *pa = &a->predicates.v[j], *pb = &b->predicates.v[j];
            assert_same_colref(&pa->column, &pb->column);
            assert_int_equal(pa->op, pb->op);
            assert_int_equal(pa->negated, pb->negated);
            assert_int_equal(pa->operands.n, pb->operands.n);
            assert_int_equal(pa->operands.v[0].kind, pb->operands.v[0].kind);
            assert_int_equal(pa->operands.v[0].param, pb->operands.v[0].param);
        }
        assert_int_equal(a->params.n, b->params.n);
        for (size_t j = 0; j < a->params.n; j++) {
            const ddbc_param *pa = &a->params.v[j], *pb = &b->params.v[j];
            assert_int_equal(pa->number, pb->number);
            assert_string_equal(pa->name, pb->name);
            assert_ptr_equal(pa->column, pb->column);
            assert_int_equal(pa->type.cls, pb->type.cls);
            assert_string_equal(pa->type.sql, pb->type.sql);
            assert_int_equal(pa->nullable, pb->nullable);
            assert_int_equal(pa->slice, pb->slice);
        }
        assert_int_equal(a->order_by.n, b->order_by.n);
        for (size_t j = 0; j < a->order_by.n; j++) {
            assert_same_colref(&a->order_by.v[j].column, &b->order_by.v[j].column);
            assert_int_equal(a->order_by.v[j].desc, b->order_by.v[j].desc);
        }
        assert_int_equal(a->has_limit, b->has_limit);
        assert_int_equal(a->distinct, b->distinct);
        assert_true(a->inferred);
        assert_false(b->inferred);
    }
}

static void test_sql_quotes_names_that_need_it(void **state)
{
    fixture *f = *state;
    const char *sql = "CREATE TABLE \"Order\" (\"Id\" int PRIMARY KEY, \"user\" text UNIQUE);\n"
                      "CREATE TABLE shop.items (id int PRIMARY KEY);\n"
                      "CREATE TABLE \"LEGACY_USERS\" (\"ID\" int PRIMARY KEY);\n";
    assert_int_equal(fixture_parse(f, DDBC_DIALECT_POSTGRESQL, "schema.sql", sql), 0);
    ddbc_catalog_build(&f->ast, f->arena, &f->ir, &f->diags);
    assert_int_equal(f->diags.errors, 0);
    ddbc_query_list l = infer(f);
    assert_int_equal(l.n, 4);
    assert_string_equal(l.v[0]->name, "GetOrder");
    assert_string_equal(l.v[0]->sql, "SELECT * FROM \"Order\" WHERE \"Id\" = $1");
    assert_string_equal(l.v[1]->name, "GetOrderByUser");
    assert_string_equal(l.v[1]->sql, "SELECT * FROM \"Order\" WHERE \"user\" = $1");
    assert_string_equal(l.v[2]->name, "GetItem");
    assert_string_equal(l.v[2]->sql, "SELECT * FROM shop.items WHERE id = $1");
    /* An all-capitals name is not shouted in the pattern's name. */
    assert_string_equal(l.v[3]->name, "GetLegacyUser");
    assert_string_equal(l.v[3]->sql, "SELECT * FROM \"LEGACY_USERS\" WHERE \"ID\" = $1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_names_and_order_are_deterministic, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_every_pattern_is_an_inferred_select_star, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_get_by_primary_key, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_singular_names, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_table_without_primary_key_uses_its_first_unique_key, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_no_pattern_for_a_table_without_any_key, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_children_by_foreign_key_newest_first, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_self_reference_is_named_after_the_column, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_one_to_one_extension_has_only_its_get, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_lookup_by_unique_column, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_lookup_by_index, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_indexes_that_add_nothing_are_skipped, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_spans_point_at_the_ddl_that_implies_the_pattern, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_declared_queries_keep_their_names, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_inferred_names_clash_among_themselves, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_patterns_match_what_check_builds_from_their_sql, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_sql_quotes_names_that_need_it, fixture_setup, fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
