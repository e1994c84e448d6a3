/* test_parse.c — unit tests for the front end: statement splitter (parse.c),
 * grammar (grammar/parser.y) and AST constructors (ast.c).
 *
 * Inputs are written the way teams and dump tools write them: pg_dump and
 * mysqldump output, hand-written DDL, goose/dbmate migrations, sqlc query
 * files.  Each case asserts on the AST (names, types, constraints, clauses,
 * expressions, parameters), on what the splitter skipped and why, and on the
 * diagnostics with the line and column they point at. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "parse.h"
#include "strbuf.h"
#include "fixture.h"

/* Parse text as a file named path; returns the errors reported for it. */
static size_t parse_file(fixture *f, ddbc_dialect dialect, const char *path, const char *text)
{
    return fixture_parse(f, dialect, path, text);
}

static size_t parse(fixture *f, ddbc_dialect dialect, const char *text)
{
    return parse_file(f, dialect, "schema.sql", text);
}

/* Parse and insist on no errors or warnings at all. */
static void parse_clean(fixture *f, ddbc_dialect dialect, const char *text)
{
    size_t errors = parse(f, dialect, text);
    if (errors || f->diags.errors || f->diags.warnings)
        fail_msg("unexpected diagnostics (%zu errors):\n%s", errors, rendered(f));
}

#define PG DDBC_DIALECT_POSTGRESQL
#define MY DDBC_DIALECT_MYSQL
#define LITE DDBC_DIALECT_SQLITE

static void expect_stmts(fixture *f, size_t n)
{
    if (f->ast.stmts.n != n)
        fail_msg("expected %zu statements, got %zu; diagnostics:\n%s", n, f->ast.stmts.n, rendered(f));
}

static ddbc_ast_stmt *stmt(fixture *f, size_t i, ddbc_stmt_kind kind)
{
    if (i >= f->ast.stmts.n) fail_msg("no statement %zu (have %zu):\n%s", i, f->ast.stmts.n, rendered(f));
    ddbc_ast_stmt *s = f->ast.stmts.v[i];
    if (s->kind != kind) fail_msg("statement %zu: kind %d, expected %d", i, s->kind, kind);
    return s;
}

/* The source text a span covers (in the file it points into). */
static const char *text_of(fixture *f, ddbc_span span)
{
    assert_true(span.file < f->sources.files.n);
    const ddbc_source *src = f->sources.files.v[span.file];
    assert_true(span.start <= span.end && span.end <= src->len);
    return ddbc_arena_strndup(f->arena, src->text + span.start, span.end - span.start);
}

static void expect_span(fixture *f, ddbc_span span, const char *text)
{
    const char *got = text_of(f, span);
    if (strcmp(got, text) != 0) fail_msg("span covers '%s', expected '%s'", got, text);
}

static size_t count_diags(fixture *f, ddbc_diag_code code)
{
    size_t n = 0;
    for (size_t i = 0; i < f->diags.items.n; i++)
        if (f->diags.items.v[i]->code == code) n++;
    return n;
}

/* ---- AST lookups ------------------------------------------------------------------------ */

static ddbc_ast_column *column(const ddbc_ast_create_table *t, const char *name)
{
    for (size_t i = 0; i < t->columns.n; i++)
        if (strcmp(t->columns.v[i]->name.name, name) == 0) return t->columns.v[i];
    fail_msg("table %s has no column '%s'", t->name.name, name);
    return NULL;
}

/* The n-th (0-based) constraint of this kind on a column. */
static ddbc_ast_constraint *col_cons_nth(const ddbc_ast_column *c, ddbc_cons_kind kind, size_t n)
{
    for (size_t i = 0; i < c->constraints.n; i++)
        if (c->constraints.v[i]->kind == kind && n-- == 0) return c->constraints.v[i];
    fail_msg("column %s has no constraint of kind %d", c->name.name, kind);
    return NULL;
}

static ddbc_ast_constraint *col_cons(const ddbc_ast_column *c, ddbc_cons_kind kind)
{
    return col_cons_nth(c, kind, 0);
}

static bool col_has(const ddbc_ast_column *c, ddbc_cons_kind kind)
{
    for (size_t i = 0; i < c->constraints.n; i++)
        if (c->constraints.v[i]->kind == kind) return true;
    return false;
}

static void expect_idents(const ddbc_ident_list *l, size_t n, ...)
{
    if (l->n != n) fail_msg("%zu names, expected %zu", l->n, n);
    va_list ap;
    va_start(ap, n);
    for (size_t i = 0; i < n; i++) {
        const char *want = va_arg(ap, const char *);
        if (!l->v[i].name || strcmp(l->v[i].name, want) != 0)
            fail_msg("name %zu is '%s', expected '%s'", i, l->v[i].name ? l->v[i].name : "(null)", want);
    }
    va_end(ap);
}

static void expect_qname(const ddbc_qname *q, const char *schema, const char *name)
{
    if (schema) {
        assert_non_null(q->schema);
        assert_string_equal(q->schema, schema);
    } else if (q->schema) {
        fail_msg("unexpected schema '%s' on %s", q->schema, q->name);
    }
    assert_non_null(q->name);
    assert_string_equal(q->name, name);
}

static void expect_type(const ddbc_ast_type *t, const char *name, const char *text)
{
    assert_non_null(t);
    assert_string_equal(t->name, name);
    assert_string_equal(t->text, text);
}

/* Split an AND tree into its conjuncts, left to right. */
static void conjuncts(fixture *f, ddbc_expr *e, ddbc_expr_list *out)
{
    if (e->kind == DDBC_EXPR_BINARY && e->op == DDBC_OP_AND) {
        conjuncts(f, e->lhs, out);
        conjuncts(f, e->rhs, out);
    } else {
        DDBC_VEC_PUSH(f->arena, *out, e);
    }
}

static void expect_column_ref(const ddbc_expr *e, const char *qualifier, const char *name)
{
    assert_non_null(e);
    assert_int_equal(e->kind, DDBC_EXPR_COLUMN);
    if (qualifier) {
        assert_non_null(e->qualifier);
        assert_string_equal(e->qualifier, qualifier);
    } else {
        assert_null(e->qualifier);
    }
    assert_string_equal(e->name, name);
}

static void expect_numbered(const ddbc_expr *e, int n)
{
    assert_non_null(e);
    assert_int_equal(e->kind, DDBC_EXPR_PARAM);
    assert_int_equal(e->param_style, DDBC_PARAM_NUMBERED);
    assert_int_equal(e->param_number, n);
}

static const char *skipped_what(fixture *f, size_t i)
{
    if (i >= f->ast.skipped.n) fail_msg("no skipped statement %zu (have %zu)", i, f->ast.skipped.n);
    return f->ast.skipped.v[i].what;
}

static void expect_skipped(fixture *f, size_t i, const char *what, const char *starts_with)
{
    assert_string_equal(skipped_what(f, i), what);
    const char *text = text_of(f, f->ast.skipped.v[i].span);
    if (strncmp(text, starts_with, strlen(starts_with)) != 0)
        fail_msg("skipped statement %zu covers '%s', expected it to start with '%s'", i, text, starts_with);
}

/* ==== CREATE TABLE ======================================================================= */

static void test_create_table_column_constraints(void **state)
{
    fixture *f = *state;
    parse_clean(f, PG,
        "CREATE TABLE public.orders (\n"
        "    id bigint PRIMARY KEY,\n"
        "    customer_id bigint NOT NULL REFERENCES customers(id) ON DELETE CASCADE ON UPDATE SET NULL,\n"
        "    note text NULL,\n"
        "    status text NOT NULL DEFAULT 'new'::text CHECK (status IN ('new', 'paid')),\n"
        "    code varchar(20) UNIQUE COLLATE \"C\",\n"
        "    qty integer DEFAULT 1 CONSTRAINT qty_positive CHECK (qty > 0),\n"
        "    total numeric(10,2) GENERATED ALWAYS AS (qty * 2.5) STORED,\n"
        "    seq bigint GENERATED BY DEFAULT AS IDENTITY,\n"
        "    row_id bigint GENERATED ALWAYS AS IDENTITY (START WITH 1 INCREMENT BY 1),\n"
        "    created_at timestamptz NOT NULL DEFAULT now(),\n"
        "    amount numeric DEFAULT -1.5,\n"
        "    region_id int CONSTRAINT orders_region_fk REFERENCES regions ON DELETE NO ACTION\n"
        ");\n");
    expect_stmts(f, 1);
    ddbc_ast_stmt *s = stmt(f, 0, DDBC_STMT_CREATE_TABLE);
    ddbc_ast_create_table *t = &s->u.create_table;
    expect_qname(&t->name, "public", "orders");
    expect_span(f, t->name.span, "public.orders");
    assert_false(t->if_not_exists);
    assert_false(t->temporary);
    assert_int_equal(t->columns.n, 12);
    assert_int_equal(t->constraints.n, 0);
    expect_span(f, s->span, text_of(f, (ddbc_span){s->span.file, 0, (uint32_t)(strstr(f->src->text, ");") - f->src->text) + 1}));
    assert_int_equal(s->dialect, PG);

    ddbc_ast_column *id = column(t, "id");
    expect_span(f, id->span, "id bigint PRIMARY KEY");
    expect_span(f, id->name.span, "id");
    expect_type(id->type, "bigint", "bigint");
    expect_span(f, col_cons(id, DDBC_CONS_PRIMARY_KEY)->span, "PRIMARY KEY");

    ddbc_ast_column *cust = column(t, "customer_id");
    assert_int_equal(cust->constraints.n, 2);
    assert_int_equal(cust->constraints.v[0]->kind, DDBC_CONS_NOT_NULL);
    ddbc_ast_constraint *fk = col_cons(cust, DDBC_CONS_FOREIGN_KEY);
    expect_qname(&fk->ref_table, NULL, "customers");
    expect_idents(&fk->ref_columns, 1, "id");
    assert_int_equal(fk->on_delete, DDBC_REF_CASCADE);
    assert_int_equal(fk->on_update, DDBC_REF_SET_NULL);
    expect_span(f, fk->span, "REFERENCES customers(id) ON DELETE CASCADE ON UPDATE SET NULL");

    assert_true(col_has(column(t, "note"), DDBC_CONS_NULL));

    ddbc_ast_column *status = column(t, "status");
    ddbc_ast_constraint *def = col_cons(status, DDBC_CONS_DEFAULT);
    assert_string_equal(def->text, "'new'::text");
    assert_int_equal(def->expr->kind, DDBC_EXPR_CAST);
    assert_string_equal(def->expr->text, "text");
    assert_int_equal(def->expr->lhs->kind, DDBC_EXPR_STRING);
    assert_string_equal(def->expr->lhs->text, "new");
    expect_span(f, col_cons(status, DDBC_CONS_CHECK)->span, "CHECK (status IN ('new', 'paid'))");
    assert_int_equal(status->constraints.n, 3);

    ddbc_ast_column *code = column(t, "code");
    expect_type(code->type, "varchar", "varchar(20)");
    assert_true(col_has(code, DDBC_CONS_UNIQUE));
    assert_string_equal(col_cons(code, DDBC_CONS_COLLATE)->text, "C");

    ddbc_ast_column *qty = column(t, "qty");
    def = col_cons(qty, DDBC_CONS_DEFAULT);
    assert_int_equal(def->expr->kind, DDBC_EXPR_NUMBER);
    assert_string_equal(def->expr->text, "1");
    ddbc_ast_constraint *chk = col_cons(qty, DDBC_CONS_CHECK);
    assert_non_null(chk->name);
    assert_string_equal(chk->name, "qty_positive");
    expect_span(f, chk->span, "CONSTRAINT qty_positive CHECK (qty > 0)");

    expect_span(f, col_cons(column(t, "total"), DDBC_CONS_GENERATED)->span, "GENERATED ALWAYS AS (qty * 2.5) STORED");
    assert_true(col_has(column(t, "seq"), DDBC_CONS_IDENTITY));
    assert_true(col_has(column(t, "row_id"), DDBC_CONS_IDENTITY));

    def = col_cons(column(t, "created_at"), DDBC_CONS_DEFAULT);
    assert_string_equal(def->text, "now()");
    assert_int_equal(def->expr->kind, DDBC_EXPR_FUNC);
    assert_string_equal(def->expr->name, "now");
    assert_int_equal(def->expr->args.n, 0);
    assert_true(col_has(column(t, "created_at"), DDBC_CONS_NOT_NULL));

    def = col_cons(column(t, "amount"), DDBC_CONS_DEFAULT);
    assert_string_equal(def->text, "-1.5");
    assert_int_equal(def->expr->kind, DDBC_EXPR_UNARY);
    assert_int_equal(def->expr->op, DDBC_OP_NEG);

    fk = col_cons(column(t, "region_id"), DDBC_CONS_FOREIGN_KEY);
    assert_string_equal(fk->name, "orders_region_fk");
    expect_qname(&fk->ref_table, NULL, "regions");
    assert_int_equal(fk->ref_columns.n, 0);
    assert_int_equal(fk->on_delete, DDBC_REF_NO_ACTION);
    assert_int_equal(fk->on_update, DDBC_REF_NONE);
}

/* pg_dump schema-qualifies collations: COLLATE pg_catalog."C". */
static void test_schema_qualified_collation(void **state)
{
    fixture *f = *state;
    parse_clean(f, PG,
        "CREATE TABLE public.tags (\n"
        "    id integer NOT NULL,\n"
        "    slug text COLLATE pg_catalog.\"C\" NOT NULL\n"
        ");\n"
        "CREATE INDEX tags_slug_idx ON public.tags USING btree (slug COLLATE pg_catalog.\"C\");\n");
    expect_stmts(f, 2);
    ddbc_ast_column *slug = column(&stmt(f, 0, DDBC_STMT_CREATE_TABLE)->u.create_table, "slug");
    assert_true(col_has(slug, DDBC_CONS_COLLATE));
    assert_true(col_has(slug, DDBC_CONS_NOT_NULL));
    assert_string_equal(stmt(f, 1, DDBC_STMT_CREATE_INDEX)->u.create_index.elems.v[0].column.name, "slug");
}

static void test_create_table_table_constraints(void **state)
{
    fixture *f = *state;
    parse_clean(f, PG,
        "CREATE TABLE IF NOT EXISTS \"Shop\".\"OrderLines\" (\n"
        "    order_id bigint NOT NULL,\n"
        "    line_no int NOT NULL,\n"
        "    sku text NOT NULL,\n"
        "    warehouse_id int,\n"
        "    CONSTRAINT order_lines_pkey PRIMARY KEY (order_id, line_no),\n"
        "    CONSTRAINT order_lines_sku_key UNIQUE (order_id, sku),\n"
        "    UNIQUE (sku, warehouse_id),\n"
        "    CONSTRAINT order_lines_order_fkey FOREIGN KEY (order_id) REFERENCES \"Shop\".orders (id)\n"
        "        ON DELETE RESTRICT ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED,\n"
        "    FOREIGN KEY (warehouse_id, sku) REFERENCES stock MATCH FULL ON DELETE SET DEFAULT,\n"
        "    CONSTRAINT line_positive CHECK (line_no > 0) NOT VALID,\n"
        "    EXCLUDE USING gist (sku WITH =) WHERE (warehouse_id IS NOT NULL)\n"
        ");\n");
    expect_stmts(f, 1);
    ddbc_ast_create_table *t = &stmt(f, 0, DDBC_STMT_CREATE_TABLE)->u.create_table;
    assert_true(t->if_not_exists);
    expect_qname(&t->name, "Shop", "OrderLines");
    assert_int_equal(t->columns.n, 4);
    assert_int_equal(t->constraints.n, 7);
    ddbc_ast_constraint *const *k = t->constraints.v;

    assert_int_equal(k[0]->kind, DDBC_CONS_PRIMARY_KEY);
    assert_string_equal(k[0]->name, "order_lines_pkey");
    expect_idents(&k[0]->columns, 2, "order_id", "line_no");
    expect_span(f, k[0]->span, "CONSTRAINT order_lines_pkey PRIMARY KEY (order_id, line_no)");

    assert_int_equal(k[1]->kind, DDBC_CONS_UNIQUE);
    assert_string_equal(k[1]->name, "order_lines_sku_key");
    expect_idents(&k[1]->columns, 2, "order_id", "sku");
    assert_false(k[1]->has_expression_column);

    assert_int_equal(k[2]->kind, DDBC_CONS_UNIQUE);
    assert_null(k[2]->name);
    expect_idents(&k[2]->columns, 2, "sku", "warehouse_id");

    assert_int_equal(k[3]->kind, DDBC_CONS_FOREIGN_KEY);
    assert_string_equal(k[3]->name, "order_lines_order_fkey");
    expect_idents(&k[3]->columns, 1, "order_id");
    expect_qname(&k[3]->ref_table, "Shop", "orders");
    expect_idents(&k[3]->ref_columns, 1, "id");
    assert_int_equal(k[3]->on_delete, DDBC_REF_RESTRICT);
    assert_int_equal(k[3]->on_update, DDBC_REF_CASCADE);
    expect_span(f, k[3]->columns.v[0].span, "order_id");

    assert_int_equal(k[4]->kind, DDBC_CONS_FOREIGN_KEY);
    assert_null(k[4]->name);
    expect_idents(&k[4]->columns, 2, "warehouse_id", "sku");
    expect_qname(&k[4]->ref_table, NULL, "stock");
    assert_int_equal(k[4]->ref_columns.n, 0);
    assert_int_equal(k[4]->on_delete, DDBC_REF_SET_DEFAULT);

    assert_int_equal(k[5]->kind, DDBC_CONS_CHECK);
    assert_string_equal(k[5]->name, "line_positive");
    assert_int_equal(k[6]->kind, DDBC_CONS_EXCLUDE);
}

static void test_deferrable_foreign_key_is_recorded(void **state)
{
    fixture *f = *state;
    parse_clean(f, PG,
        "CREATE TABLE a (id int PRIMARY KEY, b_id int REFERENCES b (id) DEFERRABLE INITIALLY DEFERRED);\n"
        "ALTER TABLE ONLY public.c ADD CONSTRAINT c_a_fkey FOREIGN KEY (a_id) REFERENCES public.a(id) DEFERRABLE;\n");
    expect_stmts(f, 2);
    ddbc_ast_create_table *t = &stmt(f, 0, DDBC_STMT_CREATE_TABLE)->u.create_table;
    assert_true(col_cons(column(t, "b_id"), DDBC_CONS_FOREIGN_KEY)->deferrable);
    ddbc_ast_alter_table *a = &stmt(f, 1, DDBC_STMT_ALTER_TABLE)->u.alter_table;
    assert_int_equal(a->actions.n, 1);
    assert_true(a->actions.v[0]->constraint->deferrable);
}

static void test_postgresql_types_are_normalized(void **state)
{
    fixture *f = *state;
    parse_clean(f, PG,
        "CREATE TABLE t (\n"
        "  a timestamp(3) with time zone,\n"
        "  b character varying(255),\n"
        "  c numeric(10,2),\n"
        "  d text[],\n"
        "  e int unsigned,\n"
        "  g TIMESTAMPTZ,\n"
        "  h double precision,\n"
        "  i integer[][],\n"
        "  j int ARRAY,\n"
        "  k timestamp without time zone,\n"
        "  l time with time zone,\n"
        "  m public.citext,\n"
        "  n \"MyType\",\n"
        "  o varchar(64)[3],\n"
        "  p geometry(Point, 4326),\n"
        "  q jsonb, r uuid, s bigserial, u serial\n"
        ");\n");
    ddbc_ast_create_table *t = &stmt(f, 0, DDBC_STMT_CREATE_TABLE)->u.create_table;
    ddbc_ast_type *ty = column(t, "a")->type;
    expect_type(ty, "timestamp with time zone", "timestamp(3) with time zone");
    assert_int_equal(ty->modifiers.n, 1);
    assert_string_equal(ty->modifiers.v[0], "3");

    expect_type(column(t, "b")->type, "character varying", "character varying(255)");
    ty = column(t, "c")->type;
    expect_type(ty, "numeric", "numeric(10,2)");
    assert_int_equal(ty->modifiers.n, 2);
    assert_string_equal(ty->modifiers.v[0], "10");
    assert_string_equal(ty->modifiers.v[1], "2");

    ty = column(t, "d")->type;
    expect_type(ty, "text", "text[]");
    assert_int_equal(ty->array_dims, 1);
    ty = column(t, "e")->type;
    expect_type(ty, "int", "int unsigned");
    assert_true(ty->is_unsigned);
    expect_type(column(t, "g")->type, "timestamptz", "timestamptz");
    expect_type(column(t, "h")->type, "double precision", "double precision");
    ty = column(t, "i")->type;
    expect_type(ty, "integer", "integer[][]");
    assert_int_equal(ty->array_dims, 2);
    ty = column(t, "j")->type;
    expect_type(ty, "int", "int[]");
    assert_int_equal(ty->array_dims, 1);
    expect_type(column(t, "k")->type, "timestamp without time zone", "timestamp without time zone");
    expect_type(column(t, "l")->type, "time with time zone", "time with time zone");
    expect_type(column(t, "m")->type, "public.citext", "public.citext");
    expect_type(column(t, "n")->type, "MyType", "MyType");
    ty = column(t, "o")->type;
    expect_type(ty, "varchar", "varchar(64)[]");
    assert_int_equal(ty->array_dims, 1);
    ty = column(t, "p")->type;
    expect_type(ty, "geometry", "geometry(point,4326)");
    expect_type(column(t, "q")->type, "jsonb", "jsonb");
    expect_type(column(t, "r")->type, "uuid", "uuid");
    expect_type(column(t, "s")->type, "bigserial", "bigserial");
    expect_type(column(t, "u")->type, "serial", "serial");
}

/* A type's span is what a W0004 caret underlines: all of it. */
static void test_type_span_covers_the_whole_type(void **state)
{
    fixture *f = *state;
    parse_clean(f, PG,
        "CREATE TABLE t (\n"
        "  a timestamp(3) with time zone NOT NULL,\n"
        "  b double precision,\n"
        "  c numeric(10,2)[],\n"
        "  d time without time zone\n"
        ");\n");
    ddbc_ast_create_table *t = &stmt(f, 0, DDBC_STMT_CREATE_TABLE)->u.create_table;
    expect_span(f, column(t, "b")->type->span, "double precision");
    expect_span(f, column(t, "c")->type->span, "numeric(10,2)[]");
    expect_span(f, column(t, "a")->type->span, "timestamp(3) with time zone");
    expect_span(f, column(t, "d")->type->span, "time without time zone");
}

static void test_mysqldump_create_table(void **state)
{
    fixture *f = *state;
    parse_clean(f, MY,
        "CREATE TABLE `users` (\n"
        "  `id` bigint unsigned NOT NULL AUTO_INCREMENT,\n"
        "  `org_id` int(11) NOT NULL,\n"
        "  `email` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL,\n"
        "  `role` enum('owner','member','it''s') NOT NULL DEFAULT 'member',\n"
        "  `flags` set('a','b') DEFAULT NULL,\n"
        "  `key` varchar(64) DEFAULT NULL COMMENT 'api key',\n"
        "  `balance` decimal(12,2) unsigned zerofill NOT NULL DEFAULT '0.00',\n"
        "  `active` tinyint(1) NOT NULL DEFAULT '1',\n"
        "  `updated_at` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,\n"
        "  PRIMARY KEY (`id`),\n"
        "  UNIQUE KEY `users_email_uq` (`email`),\n"
        "  KEY `users_org_idx` (`org_id`,`role`),\n"
        "  KEY `users_email_prefix` (`email`(20)),\n"
        "  INDEX (`updated_at`),\n"
        "  FULLTEXT KEY `users_ft` (`email`),\n"
        "  CONSTRAINT `users_org_fk` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE CASCADE\n"
        ") ENGINE=InnoDB AUTO_INCREMENT=42 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='people';\n");
    expect_stmts(f, 1);
    ddbc_ast_stmt *s = stmt(f, 0, DDBC_STMT_CREATE_TABLE);
    assert_int_equal(s->dialect, MY);
    ddbc_ast_create_table *t = &s->u.create_table;
    expect_qname(&t->name, NULL, "users");
    assert_int_equal(t->columns.n, 9);

    ddbc_ast_column *id = column(t, "id");
    expect_span(f, id->name.span, "`id`");
    expect_type(id->type, "bigint", "bigint unsigned");
    assert_true(id->type->is_unsigned);
    assert_true(col_has(id, DDBC_CONS_NOT_NULL));
    assert_true(col_has(id, DDBC_CONS_AUTO_INCREMENT));

    expect_type(column(t, "org_id")->type, "int", "int(11)");
    ddbc_ast_column *email = column(t, "email");
    expect_type(email->type, "varchar", "varchar(255)");
    assert_string_equal(col_cons(email, DDBC_CONS_COLLATE)->text, "utf8mb4_unicode_ci");
    assert_true(col_has(email, DDBC_CONS_NOT_NULL));

    ddbc_ast_type *role = column(t, "role")->type;
    expect_type(role, "enum", "enum('owner','member','it's')");
    assert_int_equal(role->enum_values.n, 3);
    assert_string_equal(role->enum_values.v[0], "owner");
    assert_string_equal(role->enum_values.v[2], "it's");
    assert_string_equal(col_cons(column(t, "role"), DDBC_CONS_DEFAULT)->text, "'member'");

    ddbc_ast_type *flags = column(t, "flags")->type;
    assert_true(flags->is_set);
    assert_int_equal(flags->enum_values.n, 2);

    ddbc_ast_column *key = column(t, "key");
    assert_string_equal(col_cons(key, DDBC_CONS_COMMENT)->text, "api key");
    assert_int_equal(col_cons(key, DDBC_CONS_DEFAULT)->expr->kind, DDBC_EXPR_NULL);

    ddbc_ast_type *bal = column(t, "balance")->type;
    expect_type(bal, "decimal", "decimal(12,2) unsigned");
    assert_true(bal->is_unsigned);
    expect_type(column(t, "active")->type, "tinyint", "tinyint(1)");
    assert_true(col_has(column(t, "updated_at"), DDBC_CONS_ON_UPDATE));
    assert_string_equal(col_cons(column(t, "updated_at"), DDBC_CONS_DEFAULT)->text, "CURRENT_TIMESTAMP");

    assert_int_equal(t->constraints.n, 7);
    ddbc_ast_constraint *const *k = t->constraints.v;
    assert_int_equal(k[0]->kind, DDBC_CONS_PRIMARY_KEY);
    expect_idents(&k[0]->columns, 1, "id");
    assert_int_equal(k[1]->kind, DDBC_CONS_UNIQUE);
    assert_string_equal(k[1]->name, "users_email_uq");
    expect_idents(&k[1]->columns, 1, "email");
    assert_int_equal(k[2]->kind, DDBC_CONS_INDEX);
    assert_string_equal(k[2]->name, "users_org_idx");
    expect_idents(&k[2]->columns, 2, "org_id", "role");
    assert_int_equal(k[3]->kind, DDBC_CONS_INDEX);
    expect_idents(&k[3]->columns, 1, "email");       /* prefix length dropped */
    assert_false(k[3]->has_expression_column);
    assert_int_equal(k[4]->kind, DDBC_CONS_INDEX);
    assert_null(k[4]->name);
    expect_idents(&k[4]->columns, 1, "updated_at");
    assert_int_equal(k[5]->kind, DDBC_CONS_INDEX);
    assert_string_equal(k[5]->name, "users_ft");
    assert_int_equal(k[6]->kind, DDBC_CONS_FOREIGN_KEY);
    assert_string_equal(k[6]->name, "users_org_fk");
    expect_idents(&k[6]->columns, 1, "org_id");
    expect_qname(&k[6]->ref_table, NULL, "organizations");
    expect_idents(&k[6]->ref_columns, 1, "id");
    assert_int_equal(k[6]->on_delete, DDBC_REF_CASCADE);
}

static void test_keyword_named_columns_are_columns(void **state)
{
    fixture *f = *state;
    parse_clean(f, PG,
        "CREATE TABLE settings (\n"
        "  key text NOT NULL,\n"
        "  type text,\n"
        "  comment text,\n"
        "  time time NOT NULL,\n"
        "  value jsonb,\n"
        "  date date,\n"
        "  action text,\n"
        "  PRIMARY KEY (key)\n"
        ");\n"
        "CREATE TABLE kv (key varchar(64) PRIMARY KEY, index int);\n");
    expect_stmts(f, 2);
    ddbc_ast_create_table *t = &stmt(f, 0, DDBC_STMT_CREATE_TABLE)->u.create_table;
    assert_int_equal(t->columns.n, 7);
    const char *names[] = {"key", "type", "comment", "time", "value", "date", "action"};
    for (size_t i = 0; i < 7; i++) assert_string_equal(t->columns.v[i]->name.name, names[i]);
    expect_type(column(t, "key")->type, "text", "text");
    assert_true(col_has(column(t, "key"), DDBC_CONS_NOT_NULL));
    expect_type(column(t, "type")->type, "text", "text");
    expect_type(column(t, "comment")->type, "text", "text");
    expect_type(column(t, "time")->type, "time", "time");
    assert_int_equal(t->constraints.n, 1);
    expect_idents(&t->constraints.v[0]->columns, 1, "key");

    ddbc_ast_create_table *kv = &stmt(f, 1, DDBC_STMT_CREATE_TABLE)->u.create_table;
    assert_int_equal(kv->columns.n, 2);
    expect_type(column(kv, "key")->type, "varchar", "varchar(64)");
    assert_true(col_has(column(kv, "key"), DDBC_CONS_PRIMARY_KEY));
    expect_type(column(kv, "index")->type, "int", "int");
    assert_int_equal(kv->constraints.n, 0);

    /* and in MySQL, unquoted */
    parse_clean(f, MY, "CREATE TABLE m (id int, key varchar(10), type tinyint(1), KEY idx_id (id));\n");
    ddbc_ast_create_table *m = &stmt(f, 2, DDBC_STMT_CREATE_TABLE)->u.create_table;
    assert_int_equal(m->columns.n, 3);
    expect_type(column(m, "key")->type, "varchar", "varchar(10)");
    expect_type(column(m, "type")->type, "tinyint", "tinyint(1)");
    assert_int_equal(m->constraints.n, 1);
    assert_int_equal(m->constraints.v[0]->kind, DDBC_CONS_INDEX);
    expect_idents(&m->constraints.v[0]->columns, 1, "id");
}

static void test_mysql_inline_key_on_keyword_named_column(void **state)
{
    fixture *f = *state;
    parse_clean(f, MY,
        "CREATE TABLE events (\n"
        "  id int NOT NULL,\n"
        "  type varchar(20) NOT NULL,\n"
        "  time datetime NOT NULL,\n"
        "  PRIMARY KEY (id),\n"
        "  KEY idx_type (type),\n"
        "  KEY idx_time (time, id)\n"
        ");\n");
    ddbc_ast_create_table *t = &stmt(f, 0, DDBC_STMT_CREATE_TABLE)->u.create_table;
    assert_int_equal(t->columns.n, 3);
    assert_int_equal(t->constraints.n, 3);
    assert_int_equal(t->constraints.v[1]->kind, DDBC_CONS_INDEX);
    expect_idents(&t->constraints.v[1]->columns, 1, "type");
    assert_int_equal(t->constraints.v[2]->kind, DDBC_CONS_INDEX);
    expect_idents(&t->constraints.v[2]->columns, 2, "time", "id");

    /* a column called key, indexed: KEY idx_key (key) is an index, not a fourth column */
    parse_clean(f, MY, "CREATE TABLE m (id int, key varchar(10), KEY idx_key (key));\n");
    ddbc_ast_create_table *m = &stmt(f, 1, DDBC_STMT_CREATE_TABLE)->u.create_table;
    assert_int_equal(m->columns.n, 2);
    assert_int_equal(m->constraints.n, 1);
    assert_int_equal(m->constraints.v[0]->kind, DDBC_CONS_INDEX);
    expect_idents(&m->constraints.v[0]->columns, 1, "key");
}

static void test_sqlite_create_table(void **state)
{
    fixture *f = *state;
    parse_clean(f, LITE,
        "CREATE TABLE IF NOT EXISTS \"feeds\" (\n"
        "  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
        "  url TEXT NOT NULL UNIQUE,\n"
        "  title,\n"
        "  owner NOT NULL,\n"
        "  created_at DATETIME DEFAULT CURRENT_TIMESTAMP,\n"
        "  parent_id INTEGER REFERENCES feeds(id) ON DELETE SET NULL\n"
        ");\n"
        "CREATE TABLE tags (name TEXT PRIMARY KEY ASC, n) WITHOUT ROWID;\n");
    expect_stmts(f, 2);
    ddbc_ast_create_table *t = &stmt(f, 0, DDBC_STMT_CREATE_TABLE)->u.create_table;
    assert_true(t->if_not_exists);
    assert_int_equal(t->columns.n, 6);
    ddbc_ast_column *id = column(t, "id");
    expect_type(id->type, "integer", "integer");
    assert_true(col_has(id, DDBC_CONS_PRIMARY_KEY));
    assert_true(col_has(id, DDBC_CONS_AUTO_INCREMENT));
    assert_null(column(t, "title")->type);
    assert_null(column(t, "owner")->type);
    assert_true(col_has(column(t, "owner"), DDBC_CONS_NOT_NULL));
    assert_int_equal(col_cons(column(t, "parent_id"), DDBC_CONS_FOREIGN_KEY)->on_delete, DDBC_REF_SET_NULL);
    assert_false(t->without_rowid);

    ddbc_ast_create_table *tags = &stmt(f, 1, DDBC_STMT_CREATE_TABLE)->u.create_table;
    assert_true(tags->without_rowid);
    assert_int_equal(tags->columns.n, 2);
    assert_null(column(tags, "n")->type);
}

static void test_sqlite_conflict_clauses(void **state)
{
    fixture *f = *state;
    parse_clean(f, LITE,
        "CREATE TABLE feeds (\n"
        "  id INTEGER PRIMARY KEY ON CONFLICT REPLACE,\n"
        "  url TEXT NOT NULL ON CONFLICT FAIL UNIQUE ON CONFLICT IGNORE,\n"
        "  UNIQUE (url, id) ON CONFLICT REPLACE\n"
        ");\n");
    ddbc_ast_create_table *t = &stmt(f, 0, DDBC_STMT_CREATE_TABLE)->u.create_table;
    assert_true(col_has(column(t, "url"), DDBC_CONS_NOT_NULL));
    assert_true(col_has(column(t, "url"), DDBC_CONS_UNIQUE));
    assert_int_equal(t->constraints.n, 1);
}

static void test_partitioned_and_temporary_tables(void **state)
{
    fixture *f = *state;
    parse_clean(f, PG,
        "CREATE TABLE measurements (\n"
        "    city_id int NOT NULL,\n"
        "    logdate date NOT NULL,\n"
        "    peaktemp int,\n"
        "    PRIMARY KEY (city_id, logdate)\n"
        ") PARTITION BY RANGE (logdate);\n"
        "CREATE TABLE measurements_y2024 PARTITION OF measurements\n"
        "    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\n"
        "CREATE TABLE public.measurements_default PARTITION OF public.measurements DEFAULT;\n"
        "ALTER TABLE ONLY public.measurements ATTACH PARTITION public.measurements_y2025\n"
        "    FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');\n"
        "CREATE TEMPORARY TABLE scratch (id int);\n"
        "CREATE UNLOGGED TABLE cache (k text PRIMARY KEY, v jsonb);\n");
    expect_stmts(f, 6);
    ddbc_ast_create_table *m = &stmt(f, 0, DDBC_STMT_CREATE_TABLE)->u.create_table;
    assert_true(m->partitioned);
    assert_false(m->has_partition_of);
    ddbc_ast_create_table *p = &stmt(f, 1, DDBC_STMT_CREATE_TABLE)->u.create_table;
    assert_true(p->has_partition_of);
    expect_qname(&p->partition_of, NULL, "measurements");
    assert_int_equal(p->columns.n, 0);
    ddbc_ast_create_table *d = &stmt(f, 2, DDBC_STMT_CREATE_TABLE)->u.create_table;
    assert_true(d->has_partition_of);
    expect_qname(&d->partition_of, "public", "measurements");
    ddbc_ast_alter_table *a = &stmt(f, 3, DDBC_STMT_ALTER_TABLE)->u.alter_table;
    assert_int_equal(a->actions.n, 1);
    assert_int_equal(a->actions.v[0]->kind, DDBC_ALTER_ATTACH_PARTITION);
    expect_qname(&a->actions.v[0]->new_table, "public", "measurements_y2025");
    assert_true(stmt(f, 4, DDBC_STMT_CREATE_TABLE)->u.create_table.temporary);
    assert_false(stmt(f, 5, DDBC_STMT_CREATE_TABLE)->u.create_table.temporary);
}

/* ==== ALTER TABLE ======================================================================== */

static ddbc_ast_alter_action *action(fixture *f, size_t stmt_i, size_t action_i, ddbc_alter_kind kind)
{
    ddbc_ast_alter_table *a = &stmt(f, stmt_i, DDBC_STMT_ALTER_TABLE)->u.alter_table;
    if (action_i >= a->actions.n) fail_msg("statement %zu has %zu actions", stmt_i, a->actions.n);
    ddbc_ast_alter_action *x = a->actions.v[action_i];
    if (x->kind != kind) fail_msg("statement %zu action %zu: kind %d, expected %d", stmt_i, action_i, x->kind, kind);
    return x;
}

static void test_alter_table_postgresql_actions(void **state)
{
    fixture *f = *state;
    parse_clean(f, PG,
        "ALTER TABLE ONLY public.orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id);\n"
        "ALTER TABLE ONLY public.orders\n"
        "    ADD CONSTRAINT orders_customer_fkey FOREIGN KEY (customer_id) REFERENCES public.customers(id) ON DELETE CASCADE;\n"
        "ALTER TABLE public.orders ADD CONSTRAINT orders_code_key UNIQUE (code);\n"
        "ALTER TABLE IF EXISTS orders ADD COLUMN IF NOT EXISTS note text DEFAULT '' NOT NULL;\n"
        "ALTER TABLE orders ADD COLUMN shipped_at timestamptz, DROP COLUMN legacy_flag CASCADE, ADD paid boolean;\n"
        "ALTER TABLE orders RENAME TO purchases;\n"
        "ALTER TABLE purchases RENAME COLUMN amount TO total_amount;\n"
        "ALTER TABLE purchases ALTER COLUMN status TYPE varchar(32) USING status::varchar(32);\n"
        "ALTER TABLE purchases ALTER status SET DEFAULT 'new';\n"
        "ALTER TABLE purchases ALTER COLUMN status DROP DEFAULT;\n"
        "ALTER TABLE purchases ALTER COLUMN status SET NOT NULL;\n"
        "ALTER TABLE purchases ALTER COLUMN note DROP NOT NULL;\n"
        "ALTER TABLE purchases ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY;\n"
        "ALTER TABLE purchases DROP CONSTRAINT IF EXISTS orders_code_key;\n"
        "ALTER TABLE ONLY public.orders ALTER COLUMN id SET DEFAULT nextval('public.orders_id_seq'::regclass);\n"
        "ALTER TABLE purchases DROP COLUMN IF EXISTS paid;\n"
        "ALTER TABLE purchases RENAME shipped_at TO sent_at;\n"
        "ALTER TABLE purchases ALTER COLUMN total SET DATA TYPE numeric(12,2);\n"
        "ALTER TABLE public.orders OWNER TO app;\n");
    expect_stmts(f, 18);

    ddbc_ast_alter_table *a0 = &stmt(f, 0, DDBC_STMT_ALTER_TABLE)->u.alter_table;
    expect_qname(&a0->name, "public", "orders");
    ddbc_ast_constraint *k = action(f, 0, 0, DDBC_ALTER_ADD_CONSTRAINT)->constraint;
    assert_int_equal(k->kind, DDBC_CONS_PRIMARY_KEY);
    assert_string_equal(k->name, "orders_pkey");
    expect_idents(&k->columns, 1, "id");

    k = action(f, 1, 0, DDBC_ALTER_ADD_CONSTRAINT)->constraint;
    assert_int_equal(k->kind, DDBC_CONS_FOREIGN_KEY);
    assert_string_equal(k->name, "orders_customer_fkey");
    expect_idents(&k->columns, 1, "customer_id");
    expect_qname(&k->ref_table, "public", "customers");
    expect_idents(&k->ref_columns, 1, "id");
    assert_int_equal(k->on_delete, DDBC_REF_CASCADE);

    k = action(f, 2, 0, DDBC_ALTER_ADD_CONSTRAINT)->constraint;
    assert_int_equal(k->kind, DDBC_CONS_UNIQUE);
    assert_string_equal(k->name, "orders_code_key");

    ddbc_ast_alter_table *a3 = &stmt(f, 3, DDBC_STMT_ALTER_TABLE)->u.alter_table;
    assert_true(a3->if_exists);
    ddbc_ast_alter_action *x = action(f, 3, 0, DDBC_ALTER_ADD_COLUMN);
    assert_true(x->if_exists);
    assert_string_equal(x->column->name.name, "note");
    assert_string_equal(col_cons(x->column, DDBC_CONS_DEFAULT)->text, "''");
    assert_true(col_has(x->column, DDBC_CONS_NOT_NULL));

    ddbc_ast_alter_table *a4 = &stmt(f, 4, DDBC_STMT_ALTER_TABLE)->u.alter_table;
    assert_int_equal(a4->actions.n, 3);
    x = action(f, 4, 0, DDBC_ALTER_ADD_COLUMN);
    assert_string_equal(x->column->name.name, "shipped_at");
    expect_type(x->column->type, "timestamptz", "timestamptz");
    expect_span(f, x->span, "ADD COLUMN shipped_at timestamptz");
    assert_string_equal(action(f, 4, 1, DDBC_ALTER_DROP_COLUMN)->name.name, "legacy_flag");
    assert_string_equal(action(f, 4, 2, DDBC_ALTER_ADD_COLUMN)->column->name.name, "paid");

    expect_qname(&action(f, 5, 0, DDBC_ALTER_RENAME_TABLE)->new_table, NULL, "purchases");
    x = action(f, 6, 0, DDBC_ALTER_RENAME_COLUMN);
    assert_string_equal(x->name.name, "amount");
    assert_string_equal(x->new_name.name, "total_amount");
    x = action(f, 7, 0, DDBC_ALTER_COLUMN_TYPE);
    assert_string_equal(x->name.name, "status");
    expect_type(x->type, "varchar", "varchar(32)");
    x = action(f, 8, 0, DDBC_ALTER_COLUMN_SET_DEFAULT);
    assert_string_equal(x->name.name, "status");
    assert_int_equal(x->constraint->kind, DDBC_CONS_DEFAULT);
    assert_string_equal(x->constraint->text, "'new'");
    assert_string_equal(action(f, 9, 0, DDBC_ALTER_COLUMN_DROP_DEFAULT)->name.name, "status");
    assert_string_equal(action(f, 10, 0, DDBC_ALTER_COLUMN_SET_NOT_NULL)->name.name, "status");
    assert_string_equal(action(f, 11, 0, DDBC_ALTER_COLUMN_DROP_NOT_NULL)->name.name, "note");
    x = action(f, 12, 0, DDBC_ALTER_ADD_CONSTRAINT);
    assert_string_equal(x->name.name, "id");
    assert_int_equal(x->constraint->kind, DDBC_CONS_IDENTITY);
    x = action(f, 13, 0, DDBC_ALTER_DROP_CONSTRAINT);
    assert_string_equal(x->name.name, "orders_code_key");
    assert_true(x->if_exists);
    x = action(f, 14, 0, DDBC_ALTER_COLUMN_SET_DEFAULT);
    assert_string_equal(x->constraint->text, "nextval('public.orders_id_seq'::regclass)");
    assert_int_equal(x->constraint->expr->kind, DDBC_EXPR_FUNC);
    assert_string_equal(x->constraint->expr->name, "nextval");
    x = action(f, 15, 0, DDBC_ALTER_DROP_COLUMN);
    assert_true(x->if_exists);
    assert_string_equal(x->name.name, "paid");
    x = action(f, 16, 0, DDBC_ALTER_RENAME_COLUMN);
    assert_string_equal(x->name.name, "shipped_at");
    assert_string_equal(x->new_name.name, "sent_at");
    x = action(f, 17, 0, DDBC_ALTER_COLUMN_TYPE);
    expect_type(x->type, "numeric", "numeric(12,2)");
    /* OWNER TO changes nothing ddbc models */
    expect_skipped(f, 0, "ALTER TABLE (no schema change)", "ALTER TABLE public.orders OWNER TO app");
}

static void test_alter_table_only_is_recorded(void **state)
{
    fixture *f = *state;
    parse_clean(f, PG,
        "ALTER TABLE ONLY public.orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id);\n"
        "ALTER TABLE public.items ADD CONSTRAINT items_pkey PRIMARY KEY (id);\n");
    assert_true(stmt(f, 0, DDBC_STMT_ALTER_TABLE)->u.alter_table.only);
    assert_false(stmt(f, 1, DDBC_STMT_ALTER_TABLE)->u.alter_table.only);
}

static void test_alter_table_mysql_actions(void **state)
{
    fixture *f = *state;
    parse_clean(f, MY,
        "ALTER TABLE `users`\n"
        "  ADD KEY `users_name_idx` (`name`),\n"
        "  ADD UNIQUE KEY `users_handle_uq` (`handle`),\n"
        "  ADD CONSTRAINT `users_team_fk` FOREIGN KEY (`team_id`) REFERENCES `teams` (`id`),\n"
        "  MODIFY `email` varchar(320) NOT NULL,\n"
        "  CHANGE `name` `full_name` varchar(100) DEFAULT NULL AFTER `email`,\n"
        "  ADD COLUMN `nick` varchar(20) FIRST,\n"
        "  DROP FOREIGN KEY `users_org_fk`,\n"
        "  DROP INDEX `users_email_idx`,\n"
        "  DROP PRIMARY KEY,\n"
        "  AUTO_INCREMENT=5;\n"
        "ALTER TABLE `users` RENAME TO `people`;\n");
    expect_stmts(f, 2);
    ddbc_ast_constraint *k = action(f, 0, 0, DDBC_ALTER_ADD_CONSTRAINT)->constraint;
    assert_int_equal(k->kind, DDBC_CONS_INDEX);
    assert_string_equal(k->name, "users_name_idx");
    k = action(f, 0, 1, DDBC_ALTER_ADD_CONSTRAINT)->constraint;
    assert_int_equal(k->kind, DDBC_CONS_UNIQUE);
    assert_string_equal(k->name, "users_handle_uq");
    expect_idents(&k->columns, 1, "handle");
    k = action(f, 0, 2, DDBC_ALTER_ADD_CONSTRAINT)->constraint;
    assert_int_equal(k->kind, DDBC_CONS_FOREIGN_KEY);
    assert_string_equal(k->name, "users_team_fk");
    ddbc_ast_alter_action *x = action(f, 0, 3, DDBC_ALTER_MODIFY_COLUMN);
    assert_string_equal(x->name.name, "email");
    expect_type(x->column->type, "varchar", "varchar(320)");
    x = action(f, 0, 4, DDBC_ALTER_MODIFY_COLUMN);
    assert_string_equal(x->name.name, "name");
    assert_string_equal(x->column->name.name, "full_name");
    assert_string_equal(action(f, 0, 5, DDBC_ALTER_ADD_COLUMN)->column->name.name, "nick");
    assert_string_equal(action(f, 0, 6, DDBC_ALTER_DROP_CONSTRAINT)->name.name, "users_org_fk");
    assert_string_equal(action(f, 0, 7, DDBC_ALTER_DROP_CONSTRAINT)->name.name, "users_email_idx");
    assert_null(action(f, 0, 8, DDBC_ALTER_DROP_CONSTRAINT)->name.name);
    action(f, 0, 9, DDBC_ALTER_IGNORED);
    expect_qname(&action(f, 1, 0, DDBC_ALTER_RENAME_TABLE)->new_table, NULL, "people");
}

/* ==== CREATE INDEX, TYPE, DOMAIN; DROP; COMMENT ON ======================================= */

static void test_create_index_forms(void **state)
{
    fixture *f = *state;
    parse_clean(f, PG,
        "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_lower_idx\n"
        "    ON ONLY public.users USING btree (lower(email));\n"
        "CREATE INDEX orders_customer_created_idx ON orders (customer_id, created_at DESC NULLS LAST);\n"
        "CREATE INDEX orders_open_idx ON public.orders USING btree (customer_id) WHERE (status = 'open'::text);\n"
        "CREATE INDEX orders_cover_idx ON orders (customer_id) INCLUDE (total, status);\n"
        "CREATE INDEX ON events ((payload->>'kind'));\n"
        "CREATE INDEX events_tags_gin ON events USING gin (tags) WITH (fastupdate = off);\n"
        "CREATE INDEX users_name_pattern ON users (name text_pattern_ops, email COLLATE \"C\" ASC);\n");
    expect_stmts(f, 7);

    ddbc_ast_create_index *ix = &stmt(f, 0, DDBC_STMT_CREATE_INDEX)->u.create_index;
    assert_true(ix->unique);
    assert_true(ix->if_not_exists);
    assert_string_equal(ix->name.name, "users_email_lower_idx");
    expect_qname(&ix->table, "public", "users");
    assert_string_equal(ix->method, "btree");
    assert_int_equal(ix->elems.n, 1);
    assert_null(ix->elems.v[0].column.name);
    expect_span(f, ix->elems.v[0].span, "lower(email)");
    assert_null(ix->where);

    ix = &stmt(f, 1, DDBC_STMT_CREATE_INDEX)->u.create_index;
    assert_false(ix->unique);
    assert_null(ix->method);
    assert_int_equal(ix->elems.n, 2);
    assert_string_equal(ix->elems.v[0].column.name, "customer_id");
    assert_false(ix->elems.v[0].desc);
    assert_string_equal(ix->elems.v[1].column.name, "created_at");
    assert_true(ix->elems.v[1].desc);

    ix = &stmt(f, 2, DDBC_STMT_CREATE_INDEX)->u.create_index;
    assert_string_equal(ix->method, "btree");
    assert_non_null(ix->where);
    assert_int_equal(ix->where->kind, DDBC_EXPR_BINARY);
    assert_int_equal(ix->where->op, DDBC_OP_EQ);
    expect_column_ref(ix->where->lhs, NULL, "status");
    assert_int_equal(ix->where->rhs->kind, DDBC_EXPR_CAST);

    ix = &stmt(f, 3, DDBC_STMT_CREATE_INDEX)->u.create_index;
    assert_int_equal(ix->elems.n, 1);
    assert_string_equal(ix->elems.v[0].column.name, "customer_id");

    ix = &stmt(f, 4, DDBC_STMT_CREATE_INDEX)->u.create_index;
    assert_null(ix->name.name);
    expect_qname(&ix->table, NULL, "events");
    assert_int_equal(ix->elems.n, 1);
    assert_null(ix->elems.v[0].column.name);

    ix = &stmt(f, 5, DDBC_STMT_CREATE_INDEX)->u.create_index;
    assert_string_equal(ix->method, "gin");
    assert_string_equal(ix->elems.v[0].column.name, "tags");

    ix = &stmt(f, 6, DDBC_STMT_CREATE_INDEX)->u.create_index;
    assert_int_equal(ix->elems.n, 2);
    assert_string_equal(ix->elems.v[0].column.name, "name");
    assert_string_equal(ix->elems.v[1].column.name, "email");
}

static void test_create_index_mysql_forms(void **state)
{
    fixture *f = *state;
    parse_clean(f, MY,
        "CREATE INDEX `idx_x` USING BTREE ON `t` (`a`);\n"
        "CREATE UNIQUE INDEX idx_prefix ON t (email(20), b DESC);\n"
        "CREATE FULLTEXT INDEX ft_body ON posts (title, body);\n");
    expect_stmts(f, 3);
    ddbc_ast_create_index *ix = &stmt(f, 0, DDBC_STMT_CREATE_INDEX)->u.create_index;
    assert_string_equal(ix->name.name, "idx_x");
    assert_string_equal(ix->method, "btree");
    expect_qname(&ix->table, NULL, "t");
    ix = &stmt(f, 1, DDBC_STMT_CREATE_INDEX)->u.create_index;
    assert_true(ix->unique);
    assert_int_equal(ix->elems.n, 2);
    assert_string_equal(ix->elems.v[0].column.name, "email");
    assert_true(ix->elems.v[1].desc);
    ix = &stmt(f, 2, DDBC_STMT_CREATE_INDEX)->u.create_index;
    assert_false(ix->unique);
    assert_int_equal(ix->elems.n, 2);
}

static void test_create_type_enum_and_domain(void **state)
{
    fixture *f = *state;
    parse_clean(f, PG,
        "CREATE TYPE public.order_status AS ENUM (\n    'new',\n    'paid',\n    'it''s'\n);\n"
        "CREATE TYPE mood AS ENUM ();\n"
        "CREATE DOMAIN public.email AS citext CHECK (VALUE ~ '^[^@]+@[^@]+$') NOT NULL;\n"
        "CREATE DOMAIN positive_int integer DEFAULT 1 CONSTRAINT positive CHECK (VALUE > 0);\n"
        "CREATE TYPE address AS (street text, city text);\n"
        "CREATE TYPE floatrange AS RANGE (subtype = float8);\n");
    expect_stmts(f, 4);
    ddbc_ast_create_type *e = &stmt(f, 0, DDBC_STMT_CREATE_TYPE)->u.create_type;
    assert_true(e->is_enum);
    assert_false(e->is_domain);
    expect_qname(&e->name, "public", "order_status");
    assert_int_equal(e->values.n, 3);
    assert_string_equal(e->values.v[0], "new");
    assert_string_equal(e->values.v[1], "paid");
    assert_string_equal(e->values.v[2], "it's");
    ddbc_ast_create_type *m = &stmt(f, 1, DDBC_STMT_CREATE_TYPE)->u.create_type;
    assert_true(m->is_enum);
    assert_int_equal(m->values.n, 0);

    ddbc_ast_create_type *d = &stmt(f, 2, DDBC_STMT_CREATE_TYPE)->u.create_type;
    assert_true(d->is_domain);
    assert_false(d->is_enum);
    expect_qname(&d->name, "public", "email");
    expect_type(d->base, "citext", "citext");
    assert_int_equal(d->constraints.n, 2);
    assert_int_equal(d->constraints.v[0]->kind, DDBC_CONS_CHECK);
    assert_int_equal(d->constraints.v[1]->kind, DDBC_CONS_NOT_NULL);

    d = &stmt(f, 3, DDBC_STMT_CREATE_TYPE)->u.create_type;
    expect_type(d->base, "integer", "integer");
    assert_int_equal(d->constraints.n, 2);
    assert_int_equal(d->constraints.v[0]->kind, DDBC_CONS_DEFAULT);
    assert_int_equal(d->constraints.v[1]->kind, DDBC_CONS_CHECK);
    assert_string_equal(d->constraints.v[1]->name, "positive");

    /* composite and range types are not modelled */
    assert_int_equal(f->ast.skipped.n, 2);
    expect_skipped(f, 0, "CREATE TYPE", "CREATE TYPE address");
    expect_skipped(f, 1, "CREATE TYPE", "CREATE TYPE floatrange");
}

static void test_drop_statements(void **state)
{
    fixture *f = *state;
    parse_clean(f, PG,
        "DROP TABLE IF EXISTS public.order_lines, orders;\n"
        "DROP TYPE IF EXISTS order_status;\n"
        "DROP DOMAIN email;\n"
        "DROP INDEX CONCURRENTLY IF EXISTS orders_open_idx;\n"
        "DROP VIEW order_totals;\n"
        "DROP SEQUENCE orders_id_seq;\n"
        "DROP INDEX idx ON t;\n");
    expect_stmts(f, 5);
    ddbc_ast_drop *d = &stmt(f, 0, DDBC_STMT_DROP)->u.drop;
    assert_int_equal(d->object, DDBC_OBJ_TABLE);
    assert_true(d->if_exists);
    assert_int_equal(d->names.n, 2);
    expect_qname(&d->names.v[0], "public", "order_lines");
    expect_qname(&d->names.v[1], NULL, "orders");
    assert_false(d->cascade);
    d = &stmt(f, 1, DDBC_STMT_DROP)->u.drop;
    assert_int_equal(d->object, DDBC_OBJ_TYPE);
    assert_true(d->if_exists);
    expect_qname(&d->names.v[0], NULL, "order_status");
    d = &stmt(f, 2, DDBC_STMT_DROP)->u.drop;
    assert_int_equal(d->object, DDBC_OBJ_DOMAIN);
    assert_false(d->if_exists);
    d = &stmt(f, 3, DDBC_STMT_DROP)->u.drop;
    assert_int_equal(d->object, DDBC_OBJ_INDEX);
    assert_true(d->if_exists);
    expect_qname(&d->names.v[0], NULL, "orders_open_idx");
    d = &stmt(f, 4, DDBC_STMT_DROP)->u.drop;
    assert_int_equal(d->object, DDBC_OBJ_INDEX);
    expect_qname(&d->names.v[0], NULL, "idx");
    assert_int_equal(f->ast.skipped.n, 2);
    expect_skipped(f, 0, "DROP VIEW", "DROP VIEW order_totals");
    expect_skipped(f, 1, "DROP SEQUENCE", "DROP SEQUENCE");
}

static void test_drop_table_cascade_is_recorded(void **state)
{
    fixture *f = *state;
    parse_clean(f, PG, "DROP TABLE customers CASCADE;\nDROP TYPE IF EXISTS mood CASCADE;\nDROP TABLE a RESTRICT;\n");
    expect_stmts(f, 3);
    assert_true(stmt(f, 0, DDBC_STMT_DROP)->u.drop.cascade);
    assert_true(stmt(f, 1, DDBC_STMT_DROP)->u.drop.cascade);
    assert_false(stmt(f, 2, DDBC_STMT_DROP)->u.drop.cascade);
}

static void test_comment_on(void **state)
{
    fixture *f = *state;
    parse_clean(f, PG,
        "COMMENT ON TABLE public.orders IS 'Customer orders';\n"
        "COMMENT ON COLUMN public.orders.status IS 'Lifecycle: new, paid';\n"
        "COMMENT ON COLUMN orders.note IS NULL;\n"
        "COMMENT ON INDEX orders_open_idx IS 'partial';\n"
        "COMMENT ON EXTENSION plpgsql IS 'PL/pgSQL procedural language';\n");
    expect_stmts(f, 3);
    ddbc_ast_comment *c = &stmt(f, 0, DDBC_STMT_COMMENT)->u.comment;
    assert_int_equal(c->object, DDBC_OBJ_TABLE);
    expect_qname(&c->table, "public", "orders");
    assert_string_equal(c->text, "Customer orders");
    c = &stmt(f, 1, DDBC_STMT_COMMENT)->u.comment;
    assert_int_equal(c->object, DDBC_OBJ_COLUMN);
    assert_string_equal(c->table.name, "orders");
    assert_string_equal(c->column.name, "status");
    assert_string_equal(c->text, "Lifecycle: new, paid");
    c = &stmt(f, 2, DDBC_STMT_COMMENT)->u.comment;
    assert_int_equal(c->object, DDBC_OBJ_COLUMN);
    expect_qname(&c->table, NULL, "orders");
    assert_string_equal(c->column.name, "note");
    assert_null(c->text);
    assert_int_equal(f->ast.skipped.n, 2);
    expect_skipped(f, 0, "COMMENT ON", "COMMENT ON INDEX");
    expect_skipped(f, 1, "COMMENT ON", "COMMENT ON EXTENSION");
}

/* ==== queries ============================================================================ */

static void test_annotations_in_both_comment_forms(void **state)
{
    fixture *f = *state;
    parse_clean(f, PG,
        "-- name: GetCustomer :one\n"
        "-- Looks a customer up by id.\n"
        "--   Used by the profile page.\n"
        "SELECT id, email FROM customers WHERE id = $1;\n"
        "\n"
        "/* name: ListCustomers :many */\n"
        "SELECT * FROM customers ORDER BY id;\n"
        "\n"
        "/* name: PurgeStale :execrows */\n"
        "-- Removes what nobody paid for.\n"
        "DELETE FROM orders WHERE status = 'stale';\n");
    expect_stmts(f, 3);
    ddbc_ast_stmt *s = stmt(f, 0, DDBC_STMT_SELECT);
    ddbc_ast_annotation *a = s->annotation;
    assert_non_null(a);
    assert_string_equal(a->name, "GetCustomer");
    expect_span(f, a->name_span, "GetCustomer");
    assert_string_equal(a->kind_text, ":one");
    expect_span(f, a->kind_span, ":one");
    assert_int_equal(a->kind, DDBC_KIND_ONE);
    assert_true(a->kind_known);
    assert_string_equal(a->doc, "Looks a customer up by id.\nUsed by the profile page.");
    expect_span(f, a->span, "-- name: GetCustomer :one");
    expect_span(f, s->span, "SELECT id, email FROM customers WHERE id = $1");

    a = stmt(f, 1, DDBC_STMT_SELECT)->annotation;
    assert_string_equal(a->name, "ListCustomers");
    expect_span(f, a->name_span, "ListCustomers");
    expect_span(f, a->kind_span, ":many");
    assert_int_equal(a->kind, DDBC_KIND_MANY);
    assert_null(a->doc);

    a = stmt(f, 2, DDBC_STMT_DELETE)->annotation;
    assert_string_equal(a->name, "PurgeStale");
    assert_int_equal(a->kind, DDBC_KIND_EXECROWS);
    assert_string_equal(a->doc, "Removes what nobody paid for.");
}

static void test_block_annotation_spanning_lines(void **state)
{
    fixture *f = *state;
    parse_clean(f, PG,
        "/* name: ListActive :many\n"
        " * Customers who ordered this year.\n"
        " */\n"
        "SELECT * FROM customers WHERE active;\r\n"
        "/* name: GetOne :one\r\n */\r\n"
        "SELECT * FROM customers WHERE id = $1;\r\n");
    expect_stmts(f, 2);
    ddbc_ast_annotation *a = stmt(f, 0, DDBC_STMT_SELECT)->annotation;
    assert_string_equal(a->name, "ListActive");
    assert_string_equal(a->kind_text, ":many");
    assert_true(a->kind_known);
    assert_int_equal(a->kind, DDBC_KIND_MANY);
    a = stmt(f, 1, DDBC_STMT_SELECT)->annotation;
    assert_string_equal(a->kind_text, ":one");
    assert_int_equal(a->kind, DDBC_KIND_ONE);
}

static void test_all_query_kinds(void **state)
{
    fixture *f = *state;
    static const struct { const char *kind; ddbc_query_kind want; } kinds[] = {
        {"one", DDBC_KIND_ONE}, {"many", DDBC_KIND_MANY}, {"exec", DDBC_KIND_EXEC},
        {"execrows", DDBC_KIND_EXECROWS}, {"execresult", DDBC_KIND_EXECRESULT},
        {"execlastid", DDBC_KIND_EXECLASTID}, {"iter", DDBC_KIND_ITER}, {"copyfrom", DDBC_KIND_COPYFROM},
        {"batchexec", DDBC_KIND_BATCHEXEC}, {"batchmany", DDBC_KIND_BATCHMANY},
        {"batchone", DDBC_KIND_BATCHONE}, {"exec_rows", DDBC_KIND_EXECROWS},
    };
    size_t n = sizeof kinds / sizeof kinds[0];
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    for (size_t i = 0; i < n; i++)
        ddbc_strbuf_printf(&sb, "-- name: Q%zu :%s\nSELECT %zu FROM t WHERE id = $1;\n", i, kinds[i].kind, i);
    ddbc_strbuf_puts(&sb, "-- name: Odd :frobnicate\nSELECT 1 FROM t;\n");
    parse_clean(f, PG, ddbc_arena_strdup(f->arena, ddbc_strbuf_cstr(&sb)));
    ddbc_strbuf_free(&sb);
    expect_stmts(f, n + 1);
    for (size_t i = 0; i < n; i++) {
        ddbc_ast_annotation *a = stmt(f, i, DDBC_STMT_SELECT)->annotation;
        assert_true(a->kind_known);
        if (a->kind != kinds[i].want) fail_msg(":%s parsed as kind %d", kinds[i].kind, a->kind);
        assert_string_equal(a->kind_text + 1, kinds[i].kind);
    }
    /* an unknown kind is kept for the check pass to report */
    ddbc_ast_annotation *odd = stmt(f, n, DDBC_STMT_SELECT)->annotation;
    assert_false(odd->kind_known);
    assert_string_equal(odd->kind_text, ":frobnicate");
}

static void test_select_clauses(void **state)
{
    fixture *f = *state;
    parse_clean(f, PG,
        "-- name: ListOrders :many\n"
        "SELECT DISTINCT o.id, o.total AS amount, c.email customer_email, count(*) AS n,\n"
        "       COUNT(DISTINCT o.status), c.*\n"
        "FROM public.orders AS o\n"
        "JOIN customers c ON c.id = o.customer_id\n"
        "LEFT OUTER JOIN addresses a ON a.customer_id = c.id AND a.kind = 'billing'\n"
        "INNER JOIN order_lines USING (order_id)\n"
        "CROSS JOIN settings\n"
        "RIGHT JOIN regions r ON r.id = a.region_id\n"
        "WHERE o.customer_id = $1 AND o.created_at >= $2\n"
        "GROUP BY o.id, c.email\n"
        "HAVING count(*) > 1\n"
        "ORDER BY o.created_at DESC, o.id ASC\n"
        "LIMIT 20 OFFSET $3;\n");
    ddbc_ast_select *q = &stmt(f, 0, DDBC_STMT_SELECT)->u.select;
    assert_true(q->distinct);
    assert_false(q->has_with);
    assert_int_equal(q->set_op_span.file, DDBC_NO_FILE);
    assert_int_equal(q->targets.n, 6);
    expect_column_ref(q->targets.v[0].expr, "o", "id");
    assert_null(q->targets.v[0].alias);
    expect_column_ref(q->targets.v[1].expr, "o", "total");
    assert_string_equal(q->targets.v[1].alias, "amount");
    expect_span(f, q->targets.v[1].span, "o.total AS amount");
    assert_string_equal(q->targets.v[2].alias, "customer_email");
    ddbc_expr *cnt = q->targets.v[3].expr;
    assert_int_equal(cnt->kind, DDBC_EXPR_FUNC);
    assert_string_equal(cnt->name, "count");
    assert_true(cnt->star);
    assert_int_equal(cnt->args.n, 0);
    ddbc_expr *cd = q->targets.v[4].expr;
    assert_int_equal(cd->kind, DDBC_EXPR_FUNC);
    assert_string_equal(cd->name, "count");
    assert_true(cd->distinct);
    assert_false(cd->star);
    assert_int_equal(cd->args.n, 1);
    assert_int_equal(q->targets.v[5].expr->kind, DDBC_EXPR_STAR);
    assert_string_equal(q->targets.v[5].expr->qualifier, "c");

    assert_int_equal(q->from.n, 1);
    expect_qname(&q->from.v[0].name, "public", "orders");
    assert_string_equal(q->from.v[0].alias, "o");

    assert_int_equal(q->joins.n, 5);
    assert_int_equal(q->joins.v[0].type, DDBC_JOIN_INNER);
    expect_qname(&q->joins.v[0].table.name, NULL, "customers");
    assert_string_equal(q->joins.v[0].table.alias, "c");
    assert_int_equal(q->joins.v[0].on->op, DDBC_OP_EQ);
    expect_column_ref(q->joins.v[0].on->lhs, "c", "id");
    expect_column_ref(q->joins.v[0].on->rhs, "o", "customer_id");
    expect_span(f, q->joins.v[0].span, "JOIN customers c ON c.id = o.customer_id");
    assert_int_equal(q->joins.v[1].type, DDBC_JOIN_LEFT);
    assert_int_equal(q->joins.v[1].on->op, DDBC_OP_AND);
    assert_int_equal(q->joins.v[2].type, DDBC_JOIN_INNER);
    assert_null(q->joins.v[2].on);
    expect_idents(&q->joins.v[2].using_columns, 1, "order_id");
    assert_int_equal(q->joins.v[3].type, DDBC_JOIN_CROSS);
    assert_null(q->joins.v[3].on);
    assert_int_equal(q->joins.v[4].type, DDBC_JOIN_RIGHT);

    ddbc_expr_list w = {0};
    conjuncts(f, q->where, &w);
    assert_int_equal(w.n, 2);
    assert_int_equal(w.v[0]->op, DDBC_OP_EQ);
    expect_numbered(w.v[0]->rhs, 1);
    assert_int_equal(w.v[1]->op, DDBC_OP_GE);
    expect_numbered(w.v[1]->rhs, 2);

    assert_int_equal(q->group_by.n, 2);
    expect_column_ref(q->group_by.v[0], "o", "id");
    expect_column_ref(q->group_by.v[1], "c", "email");
    assert_non_null(q->having);
    assert_int_equal(q->having->op, DDBC_OP_GT);

    assert_int_equal(q->order_by.n, 2);
    expect_column_ref(q->order_by.v[0].expr, "o", "created_at");
    assert_true(q->order_by.v[0].desc);
    expect_column_ref(q->order_by.v[1].expr, "o", "id");
    assert_false(q->order_by.v[1].desc);

    assert_int_equal(q->limit->kind, DDBC_EXPR_NUMBER);
    assert_string_equal(q->limit->text, "20");
    expect_numbered(q->offset, 3);
}

static void test_alias_span_covers_only_the_alias(void **state)
{
    fixture *f = *state;
    parse_clean(f, PG,
        "-- name: Aliases :many\n"
        "SELECT o.id FROM orders AS o JOIN customers c ON c.id = o.customer_id;\n");
    ddbc_ast_select *q = &stmt(f, 0, DDBC_STMT_SELECT)->u.select;
    expect_span(f, q->joins.v[0].table.alias_span, "c");
    expect_span(f, q->from.v[0].alias_span, "o");
}

static void test_order_by_nulls_is_recorded(void **state)
{
    fixture *f = *state;
    parse_clean(f, PG,
        "-- name: Recent :many\n"
        "SELECT id FROM orders ORDER BY shipped_at DESC NULLS LAST, paid_at NULLS FIRST, id;\n");
    ddbc_ast_select *q = &stmt(f, 0, DDBC_STMT_SELECT)->u.select;
    assert_int_equal(q->order_by.n, 3);
    assert_int_equal(q->order_by.v[0].nulls, 2);
    assert_int_equal(q->order_by.v[1].nulls, 1);
    assert_int_equal(q->order_by.v[2].nulls, 0);
}

static void test_select_limit_forms(void **state)
{
    fixture *f = *state;
    parse_clean(f, MY,
        "-- name: Page :many\n"
        "SELECT * FROM posts WHERE author_id = ? ORDER BY id DESC LIMIT 10, 20;\n"
        "-- name: Lock :one\n"
        "SELECT * FROM posts WHERE id = ? FOR UPDATE;\n");
    ddbc_ast_select *q = &stmt(f, 0, DDBC_STMT_SELECT)->u.select;
    assert_string_equal(q->offset->text, "10");
    assert_string_equal(q->limit->text, "20");
    assert_true(stmt(f, 1, DDBC_STMT_SELECT)->u.select.for_update);

    parse_clean(f, PG,
        "-- name: WithCte :many\n"
        "WITH recent AS (SELECT id FROM orders WHERE created_at > $1)\n"
        "SELECT o.id FROM orders o JOIN recent r ON r.id = o.id\n"
        "UNION ALL SELECT id FROM archived_orders;\n");
    ddbc_ast_select *c = &stmt(f, 2, DDBC_STMT_SELECT)->u.select;
    assert_true(c->has_with);
    expect_span(f, c->set_op_span, "UNION");
}

static void test_every_predicate_form(void **state)
{
    fixture *f = *state;
    parse_clean(f, PG,
        "-- name: Search :many\n"
        "SELECT * FROM products\n"
        "WHERE a = $1 AND b <> $2 AND c != $3 AND d < $4 AND e <= $5 AND f > $6 AND g >= $7\n"
        "  AND h BETWEEN $8 AND $9 AND i NOT BETWEEN 1 AND 10\n"
        "  AND j LIKE 'abc%' AND k NOT LIKE $10 AND l ILIKE $11\n"
        "  AND m IN (1, 2, 3) AND n NOT IN ($12, $13) AND o IN (SELECT id FROM x)\n"
        "  AND q IS NULL AND r IS NOT NULL AND s IS TRUE AND t IS NOT FALSE\n"
        "  AND (u = 1 OR v = 2) AND NOT w AND EXISTS (SELECT 1 FROM y WHERE y.id = products.id)\n"
        "  AND tags @> $14 AND p = ANY($15) AND price::numeric > 0 AND name = lower($16);\n");
    ddbc_ast_select *q = &stmt(f, 0, DDBC_STMT_SELECT)->u.select;
    ddbc_expr_list w = {0};
    conjuncts(f, q->where, &w);
    assert_int_equal(w.n, 26);
    static const ddbc_op cmp[] = {DDBC_OP_EQ, DDBC_OP_NE, DDBC_OP_NE, DDBC_OP_LT, DDBC_OP_LE, DDBC_OP_GT, DDBC_OP_GE};
    static const char *const cols[] = {"a", "b", "c", "d", "e", "f", "g"};
    for (int i = 0; i < 7; i++) {
        assert_int_equal(w.v[i]->kind, DDBC_EXPR_BINARY);
        assert_int_equal(w.v[i]->op, cmp[i]);
        expect_column_ref(w.v[i]->lhs, NULL, cols[i]);
        expect_numbered(w.v[i]->rhs, i + 1);
    }
    expect_span(f, w.v[1]->span, "b <> $2");

    ddbc_expr *e = w.v[7];
    assert_int_equal(e->kind, DDBC_EXPR_BETWEEN);
    assert_false(e->negated);
    expect_column_ref(e->lhs, NULL, "h");
    expect_numbered(e->rhs, 8);
    expect_numbered(e->third, 9);
    e = w.v[8];
    assert_int_equal(e->kind, DDBC_EXPR_BETWEEN);
    assert_true(e->negated);
    assert_string_equal(e->third->text, "10");

    e = w.v[9];
    assert_int_equal(e->kind, DDBC_EXPR_LIKE);
    assert_int_equal(e->op, DDBC_OP_LIKE);
    assert_false(e->negated);
    assert_int_equal(e->rhs->kind, DDBC_EXPR_STRING);
    assert_string_equal(e->rhs->text, "abc%");
    e = w.v[10];
    assert_int_equal(e->kind, DDBC_EXPR_LIKE);
    assert_true(e->negated);
    expect_numbered(e->rhs, 10);
    e = w.v[11];
    assert_int_equal(e->kind, DDBC_EXPR_LIKE);
    assert_int_equal(e->op, DDBC_OP_ILIKE);

    e = w.v[12];
    assert_int_equal(e->kind, DDBC_EXPR_IN);
    assert_false(e->negated);
    assert_int_equal(e->args.n, 3);
    assert_null(e->subquery);
    e = w.v[13];
    assert_int_equal(e->kind, DDBC_EXPR_IN);
    assert_true(e->negated);
    assert_int_equal(e->args.n, 2);
    expect_numbered(e->args.v[1], 13);
    e = w.v[14];
    assert_int_equal(e->kind, DDBC_EXPR_IN);
    assert_non_null(e->subquery);
    assert_int_equal(e->subquery->from.n, 1);
    expect_qname(&e->subquery->from.v[0].name, NULL, "x");

    e = w.v[15];
    assert_int_equal(e->kind, DDBC_EXPR_IS);
    assert_false(e->negated);
    assert_int_equal(e->rhs->kind, DDBC_EXPR_NULL);
    e = w.v[16];
    assert_int_equal(e->kind, DDBC_EXPR_IS);
    assert_true(e->negated);
    assert_int_equal(e->rhs->kind, DDBC_EXPR_NULL);
    e = w.v[17];
    assert_int_equal(e->kind, DDBC_EXPR_IS);
    assert_int_equal(e->rhs->kind, DDBC_EXPR_BOOL);
    assert_true(e->rhs->boolval);
    e = w.v[18];
    assert_true(e->negated);
    assert_false(e->rhs->boolval);

    e = w.v[19];
    assert_int_equal(e->kind, DDBC_EXPR_BINARY);
    assert_int_equal(e->op, DDBC_OP_OR);
    expect_span(f, e->span, "(u = 1 OR v = 2)");
    e = w.v[20];
    assert_int_equal(e->kind, DDBC_EXPR_UNARY);
    assert_int_equal(e->op, DDBC_OP_NOT);
    expect_column_ref(e->lhs, NULL, "w");
    e = w.v[21];
    assert_int_equal(e->kind, DDBC_EXPR_SUBQUERY);
    assert_int_equal(e->op, DDBC_OP_EXISTS);
    assert_non_null(e->subquery->where);

    e = w.v[22];
    assert_int_equal(e->op, DDBC_OP_OTHER);
    assert_string_equal(e->text, "@>");
    expect_numbered(e->rhs, 14);
    e = w.v[23];
    assert_int_equal(e->op, DDBC_OP_OTHER);
    expect_numbered(e->rhs, 15);
    e = w.v[24];
    assert_int_equal(e->op, DDBC_OP_GT);
    assert_int_equal(e->lhs->kind, DDBC_EXPR_CAST);
    assert_string_equal(e->lhs->text, "numeric");
    e = w.v[25];
    assert_int_equal(e->rhs->kind, DDBC_EXPR_FUNC);
    assert_string_equal(e->rhs->name, "lower");
    expect_numbered(e->rhs->args.v[0], 16);
}

static void test_parameters_of_every_style(void **state)
{
    fixture *f = *state;
    parse_clean(f, PG,
        "-- name: Numbered :many\n"
        "SELECT * FROM t WHERE a = $2 AND b = $1;\n"
        "-- name: Named :many\n"
        "SELECT * FROM t WHERE a = @tenant_id AND b = sqlc.arg(email) AND c = sqlc.narg('bio')\n"
        "  AND d IN (sqlc.slice(ids)) AND e = sqlc.arg(\"Quoted\");\n");
    ddbc_expr_list w = {0};
    conjuncts(f, stmt(f, 0, DDBC_STMT_SELECT)->u.select.where, &w);
    expect_numbered(w.v[0]->rhs, 2);
    assert_string_equal(w.v[0]->rhs->text, "$2");
    expect_numbered(w.v[1]->rhs, 1);

    w = (ddbc_expr_list){0};
    conjuncts(f, stmt(f, 1, DDBC_STMT_SELECT)->u.select.where, &w);
    assert_int_equal(w.n, 5);
    ddbc_expr *p = w.v[0]->rhs;
    assert_int_equal(p->kind, DDBC_EXPR_PARAM);
    assert_int_equal(p->param_style, DDBC_PARAM_NAMED);
    assert_string_equal(p->name, "tenant_id");
    assert_int_equal(p->param_number, 0);
    expect_span(f, p->span, "@tenant_id");
    p = w.v[1]->rhs;
    assert_int_equal(p->kind, DDBC_EXPR_PARAM);
    assert_int_equal(p->param_style, DDBC_PARAM_NAMED);
    assert_string_equal(p->name, "email");
    assert_false(p->param_nullable);
    assert_false(p->param_slice);
    expect_span(f, p->span, "sqlc.arg(email)");
    p = w.v[2]->rhs;
    assert_int_equal(p->kind, DDBC_EXPR_PARAM);
    assert_string_equal(p->name, "bio");
    assert_true(p->param_nullable);
    ddbc_expr *in = w.v[3];
    assert_int_equal(in->kind, DDBC_EXPR_IN);
    assert_int_equal(in->args.n, 1);
    p = in->args.v[0];
    assert_int_equal(p->kind, DDBC_EXPR_PARAM);
    assert_string_equal(p->name, "ids");
    assert_true(p->param_slice);
    assert_string_equal(w.v[4]->rhs->name, "Quoted");

    /* ? is numbered left to right, afresh in each statement */
    parse_clean(f, MY,
        "-- name: Positional :many\n"
        "SELECT * FROM t WHERE a = ? AND b IN (?, ?) LIMIT ?;\n"
        "-- name: Again :one\n"
        "SELECT * FROM t WHERE a = ?;\n");
    ddbc_ast_select *q = &stmt(f, 2, DDBC_STMT_SELECT)->u.select;
    w = (ddbc_expr_list){0};
    conjuncts(f, q->where, &w);
    p = w.v[0]->rhs;
    assert_int_equal(p->param_style, DDBC_PARAM_POSITIONAL);
    assert_int_equal(p->param_number, 1);
    assert_int_equal(w.v[1]->args.v[0]->param_number, 2);
    assert_int_equal(w.v[1]->args.v[1]->param_number, 3);
    assert_int_equal(q->limit->param_style, DDBC_PARAM_POSITIONAL);
    assert_int_equal(q->limit->param_number, 4);
    p = stmt(f, 3, DDBC_STMT_SELECT)->u.select.where->rhs;
    assert_int_equal(p->param_number, 1);
}

static void test_bad_parameters_are_syntax_errors(void **state)
{
    fixture *f = *state;
    size_t errors = parse(f, PG,
        "-- name: Zero :one\n"
        "SELECT * FROM t WHERE a = $0;\n"
        "-- name: Qualified :one\n"
        "SELECT * FROM t WHERE a = sqlc.arg(t.a);\n"
        "-- name: Fine :one\n"
        "SELECT * FROM t WHERE a = $1;\n");
    assert_int_equal(errors, 2);
    assert_int_equal(count_diags(f, DDBC_E0010), 2);
    expect_stmts(f, 1);
    assert_string_equal(stmt(f, 0, DDBC_STMT_SELECT)->annotation->name, "Fine");
}

static void test_insert_forms(void **state)
{
    fixture *f = *state;
    parse_clean(f, PG,
        "-- name: CreateOrder :one\n"
        "INSERT INTO orders (customer_id, status, total) VALUES ($1, 'new', $2) RETURNING id, created_at;\n"
        "-- name: UpsertCustomer :exec\n"
        "INSERT INTO customers AS c (id, email) VALUES ($1, $2)\n"
        "ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email WHERE c.email <> EXCLUDED.email;\n"
        "-- name: TouchCustomer :exec\n"
        "INSERT INTO customers (id) VALUES ($1) ON CONFLICT ON CONSTRAINT customers_pkey DO NOTHING;\n"
        "-- name: BulkInsert :copyfrom\n"
        "INSERT INTO t (a, b) VALUES ($1, $2), ($3, DEFAULT);\n"
        "-- name: Archive :execrows\n"
        "INSERT INTO archive SELECT * FROM orders WHERE created_at < $1;\n"
        "-- name: InsertDefaults :exec\n"
        "INSERT INTO counters DEFAULT VALUES RETURNING *;\n");
    expect_stmts(f, 6);
    ddbc_ast_insert *in = &stmt(f, 0, DDBC_STMT_INSERT)->u.insert;
    expect_qname(&in->table.name, NULL, "orders");
    expect_idents(&in->columns, 3, "customer_id", "status", "total");
    assert_int_equal(in->rows.n, 1);
    assert_int_equal(in->rows.v[0].n, 3);
    expect_numbered(in->rows.v[0].v[0], 1);
    assert_string_equal(in->rows.v[0].v[1]->text, "new");
    assert_false(in->on_conflict);
    assert_int_equal(in->returning.n, 2);
    expect_column_ref(in->returning.v[0].expr, NULL, "id");
    expect_column_ref(in->returning.v[1].expr, NULL, "created_at");

    in = &stmt(f, 1, DDBC_STMT_INSERT)->u.insert;
    assert_string_equal(in->table.alias, "c");
    assert_true(in->on_conflict);
    assert_int_equal(in->conflict_set.n, 1);
    assert_string_equal(in->conflict_set.v[0].column.name, "email");
    expect_column_ref(in->conflict_set.v[0].value, "excluded", "email");
    assert_contains(text_of(f, in->on_conflict_span), "ON CONFLICT (id) DO UPDATE");

    in = &stmt(f, 2, DDBC_STMT_INSERT)->u.insert;
    assert_true(in->on_conflict);
    assert_int_equal(in->conflict_set.n, 0);

    in = &stmt(f, 3, DDBC_STMT_INSERT)->u.insert;
    assert_int_equal(in->rows.n, 2);
    assert_int_equal(in->rows.v[1].v[1]->kind, DDBC_EXPR_DEFAULT);
    assert_int_equal(stmt(f, 3, DDBC_STMT_INSERT)->annotation->kind, DDBC_KIND_COPYFROM);

    in = &stmt(f, 4, DDBC_STMT_INSERT)->u.insert;
    assert_int_equal(in->columns.n, 0);
    assert_non_null(in->select);
    assert_int_equal(in->rows.n, 0);
    expect_qname(&in->select->from.v[0].name, NULL, "orders");

    in = &stmt(f, 5, DDBC_STMT_INSERT)->u.insert;
    assert_true(in->default_values);
    assert_int_equal(in->returning.n, 1);
    assert_int_equal(in->returning.v[0].expr->kind, DDBC_EXPR_STAR);
}

static void test_insert_on_duplicate_key_update(void **state)
{
    fixture *f = *state;
    parse_clean(f, MY,
        "-- name: UpsertUser :exec\n"
        "INSERT INTO `users` (`id`, `email`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `email` = VALUES(`email`);\n"
        "-- name: AddTag :exec\n"
        "INSERT IGNORE INTO tags (name) VALUES (?);\n");
    ddbc_ast_insert *in = &stmt(f, 0, DDBC_STMT_INSERT)->u.insert;
    assert_true(in->on_conflict);
    assert_int_equal(in->conflict_set.n, 1);
    assert_string_equal(in->conflict_set.v[0].column.name, "email");
    assert_int_equal(in->conflict_set.v[0].value->kind, DDBC_EXPR_FUNC);
    assert_string_equal(in->conflict_set.v[0].value->name, "values");
    expect_span(f, in->on_conflict_span, "ON DUPLICATE KEY UPDATE `email` = VALUES(`email`)");
    assert_int_equal(in->rows.v[0].v[1]->param_number, 2);
    expect_idents(&stmt(f, 1, DDBC_STMT_INSERT)->u.insert.columns, 1, "name");
}

/* MySQL 8.0.19+ spells the new row with an alias instead of VALUES(). */
static void test_insert_row_alias_on_duplicate_key_update(void **state)
{
    fixture *f = *state;
    parse_clean(f, MY,
        "-- name: UpsertUser :exec\n"
        "INSERT INTO users (id, email) VALUES (?, ?) AS new ON DUPLICATE KEY UPDATE email = new.email;\n");
    ddbc_ast_insert *in = &stmt(f, 0, DDBC_STMT_INSERT)->u.insert;
    assert_true(in->on_conflict);
    assert_int_equal(in->conflict_set.n, 1);
    expect_column_ref(in->conflict_set.v[0].value, "new", "email");
}

/* An annotated REPLACE is sent to the grammar, so the grammar must read it. */
static void test_mysql_replace_into(void **state)
{
    fixture *f = *state;
    parse_clean(f, MY,
        "-- name: PutSetting :exec\n"
        "REPLACE INTO settings (name, value) VALUES (?, ?);\n");
    expect_stmts(f, 1);
    ddbc_ast_insert *in = &stmt(f, 0, DDBC_STMT_INSERT)->u.insert;
    expect_qname(&in->table.name, NULL, "settings");
    expect_idents(&in->columns, 2, "name", "value");
}

static void test_update_and_delete(void **state)
{
    fixture *f = *state;
    parse_clean(f, PG,
        "-- name: MarkPaid :execrows\n"
        "UPDATE orders SET status = 'paid', paid_at = now(), total = total + $2 WHERE id = $1 RETURNING id;\n"
        "-- name: UpdateFrom :exec\n"
        "UPDATE orders o SET status = s.status FROM statuses s WHERE s.id = o.status_id;\n"
        "-- name: DeleteOrder :one\n"
        "DELETE FROM orders WHERE id = $1 RETURNING *;\n"
        "-- name: DeleteUsing :exec\n"
        "DELETE FROM order_lines USING orders WHERE order_lines.order_id = orders.id AND orders.status = $1;\n");
    expect_stmts(f, 4);
    ddbc_ast_update *up = &stmt(f, 0, DDBC_STMT_UPDATE)->u.update;
    expect_qname(&up->table.name, NULL, "orders");
    assert_int_equal(up->set.n, 3);
    assert_string_equal(up->set.v[0].column.name, "status");
    assert_string_equal(up->set.v[0].value->text, "paid");
    expect_span(f, up->set.v[0].span, "status = 'paid'");
    assert_int_equal(up->set.v[1].value->kind, DDBC_EXPR_FUNC);
    assert_int_equal(up->set.v[2].value->op, DDBC_OP_ADD);
    expect_numbered(up->set.v[2].value->rhs, 2);
    assert_int_equal(up->where->op, DDBC_OP_EQ);
    expect_numbered(up->where->rhs, 1);
    assert_int_equal(up->returning.n, 1);

    up = &stmt(f, 1, DDBC_STMT_UPDATE)->u.update;
    assert_string_equal(up->table.alias, "o");
    assert_int_equal(up->from.n, 1);
    expect_qname(&up->from.v[0].name, NULL, "statuses");
    assert_string_equal(up->from.v[0].alias, "s");

    ddbc_ast_delete *del = &stmt(f, 2, DDBC_STMT_DELETE)->u.del;
    expect_qname(&del->table.name, NULL, "orders");
    expect_numbered(del->where->rhs, 1);
    assert_int_equal(del->returning.n, 1);

    del = &stmt(f, 3, DDBC_STMT_DELETE)->u.del;
    assert_int_equal(del->using_tables.n, 1);
    expect_qname(&del->using_tables.v[0].name, NULL, "orders");
    assert_int_equal(del->where->op, DDBC_OP_AND);
}

static void test_mysql_update_and_delete_with_order_by_and_limit(void **state)
{
    fixture *f = *state;
    parse_clean(f, MY,
        "-- name: PurgeSessions :execrows\n"
        "DELETE FROM sessions WHERE expires_at < ? ORDER BY expires_at LIMIT 100;\n"
        "-- name: BumpOne :exec\n"
        "UPDATE jobs SET state = 'running' WHERE state = 'queued' ORDER BY id LIMIT 1;\n");
    expect_stmts(f, 2);
    assert_int_equal(stmt(f, 0, DDBC_STMT_DELETE)->u.del.where->op, DDBC_OP_LT);
    assert_int_equal(stmt(f, 1, DDBC_STMT_UPDATE)->u.update.set.n, 1);
}

/* ==== the splitter ======================================================================= */

static void test_goose_sections_and_statement_blocks(void **state)
{
    fixture *f = *state;
    parse_clean(f, PG,
        "-- +goose Up\n"
        "CREATE TABLE authors (id bigserial PRIMARY KEY, name text NOT NULL);\n"
        "-- +goose StatementBegin\n"
        "CREATE FUNCTION touch() RETURNS trigger AS $$\n"
        "BEGIN\n"
        "  NEW.updated_at = now();\n"
        "  RETURN NEW;\n"
        "END;\n"
        "$$ LANGUAGE plpgsql;\n"
        "-- +goose StatementEnd\n"
        "-- +goose StatementBegin\n"
        "CREATE TABLE books (id bigserial PRIMARY KEY, author_id bigint REFERENCES authors(id));\n"
        "-- +goose StatementEnd\n"
        "\n"
        "-- +goose Down\n"
        "DROP TABLE books;\n"
        "DROP FUNCTION touch();\n"
        "DROP TABLE authors;\n");
    expect_stmts(f, 2);
    expect_qname(&stmt(f, 0, DDBC_STMT_CREATE_TABLE)->u.create_table.name, NULL, "authors");
    expect_qname(&stmt(f, 1, DDBC_STMT_CREATE_TABLE)->u.create_table.name, NULL, "books");
    assert_int_equal(f->ast.skipped.n, 1);
    expect_skipped(f, 0, "CREATE FUNCTION", "CREATE FUNCTION touch()");
}

static void test_goose_down_then_up(void **state)
{
    fixture *f = *state;
    /* sections may come in any order; only up sections build the catalog */
    parse_clean(f, PG,
        "-- +goose Down\n"
        "DROP TABLE t;\n"
        "-- +goose Up\n"
        "CREATE TABLE t (id int);\n");
    expect_stmts(f, 1);
    stmt(f, 0, DDBC_STMT_CREATE_TABLE);
}

static void test_dbmate_sections(void **state)
{
    fixture *f = *state;
    parse_clean(f, PG,
        "-- migrate:up\n"
        "CREATE TABLE users (id uuid PRIMARY KEY, email text NOT NULL);\n"
        "CREATE UNIQUE INDEX users_email_idx ON users (lower(email));\n"
        "\n"
        "-- migrate:down\n"
        "DROP INDEX users_email_idx;\n"
        "DROP TABLE users;\n");
    expect_stmts(f, 2);
    stmt(f, 0, DDBC_STMT_CREATE_TABLE);
    stmt(f, 1, DDBC_STMT_CREATE_INDEX);
    assert_int_equal(f->ast.skipped.n, 0);
}

static void test_mysql_delimiter_blocks(void **state)
{
    fixture *f = *state;
    parse_clean(f, MY,
        "CREATE TABLE a (id int PRIMARY KEY);\n"
        "DELIMITER ;;\n"
        "/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER a_bi BEFORE INSERT ON a\n"
        "FOR EACH ROW BEGIN\n"
        "  SET NEW.id = NEW.id + 1;\n"
        "  SET @x = 1;\n"
        "END */;;\n"
        "DELIMITER ;\n"
        "CREATE TABLE b (id int PRIMARY KEY);\n"
        "DELIMITER //\n"
        "CREATE PROCEDURE p()\n"
        "BEGIN\n"
        "  SELECT 1;\n"
        "END //\n"
        "DELIMITER ;\n"
        "CREATE TABLE c (id int PRIMARY KEY);\n");
    expect_stmts(f, 3);
    expect_qname(&stmt(f, 0, DDBC_STMT_CREATE_TABLE)->u.create_table.name, NULL, "a");
    expect_qname(&stmt(f, 1, DDBC_STMT_CREATE_TABLE)->u.create_table.name, NULL, "b");
    expect_qname(&stmt(f, 2, DDBC_STMT_CREATE_TABLE)->u.create_table.name, NULL, "c");
    assert_int_equal(f->ast.skipped.n, 6);
    expect_skipped(f, 0, "DELIMITER", "DELIMITER ;;");
    assert_string_equal(skipped_what(f, 2), "DELIMITER");
    expect_skipped(f, 3, "DELIMITER", "DELIMITER //");
    expect_skipped(f, 4, "CREATE PROCEDURE", "CREATE PROCEDURE p()");
    assert_string_equal(skipped_what(f, 5), "DELIMITER");
}

/* mysqldump wraps triggers, views and routines in DEFINER=/ALGORITHM= clauses;
 * the skipped-statement note should still name the object. */
static void test_mysqldump_definer_clauses_describe_the_object(void **state)
{
    fixture *f = *state;
    parse_clean(f, MY,
        "DELIMITER ;;\n"
        "/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER a_bi BEFORE INSERT ON a\n"
        "FOR EACH ROW SET NEW.id = NEW.id + 1 */;;\n"
        "DELIMITER ;\n"
        "/*!50001 CREATE ALGORITHM=UNDEFINED */\n"
        "/*!50013 DEFINER=`root`@`localhost` SQL SECURITY DEFINER */\n"
        "/*!50001 VIEW `v` AS select 1 AS `one` */;\n");
    assert_int_equal(f->ast.skipped.n, 4);
    expect_skipped(f, 1, "CREATE TRIGGER", "CREATE");
    expect_skipped(f, 3, "CREATE VIEW", "CREATE");
}

static void test_mysql_delimiter_glued_to_end(void **state)
{
    fixture *f = *state;
    parse_clean(f, MY,
        "DELIMITER $$\n"
        "CREATE PROCEDURE touch_all()\n"
        "BEGIN\n"
        "  UPDATE a SET n = n + 1;\n"
        "END$$\n"
        "DELIMITER ;\n"
        "CREATE TABLE after_proc (id int PRIMARY KEY);\n");
    expect_stmts(f, 1);
    expect_qname(&stmt(f, 0, DDBC_STMT_CREATE_TABLE)->u.create_table.name, NULL, "after_proc");
    assert_int_equal(f->ast.skipped.n, 3);
    expect_skipped(f, 1, "CREATE PROCEDURE", "CREATE PROCEDURE touch_all()");
}

static void test_client_commands_are_skipped(void **state)
{
    fixture *f = *state;
    parse_clean(f, MY,
        "USE `shop`;\n"
        "source schema/base.sql\n"
        "LOCK TABLES `t` WRITE;\n"
        "/*!40000 ALTER TABLE `t` DISABLE KEYS */;\n"
        "INSERT INTO `t` VALUES (1,'a'),(2,'b');\n"
        "UNLOCK TABLES;\n"
        "CREATE TABLE u (id int);\n");
    expect_stmts(f, 1);
    stmt(f, 0, DDBC_STMT_CREATE_TABLE);
    assert_int_equal(f->ast.skipped.n, 6);
    expect_skipped(f, 0, "USE", "USE `shop`");
    expect_skipped(f, 1, "SOURCE", "source schema/base.sql");
    expect_skipped(f, 2, "LOCK", "LOCK TABLES");
    expect_skipped(f, 3, "ALTER TABLE (no schema change)", "ALTER TABLE `t` DISABLE KEYS");
    expect_skipped(f, 4, "INSERT (data)", "INSERT INTO `t` VALUES");
    expect_skipped(f, 5, "UNLOCK", "UNLOCK TABLES");

    /* psql meta-commands own their line: pg_dump 17.6 writes \restrict with a random key */
    parse_clean(f, PG,
        "\\restrict fJ3kQ9zLm0pXw2Rt7VbN8cYd\n"
        "\\connect shop\n"
        "CREATE TABLE v (id int);\n"
        "\\unrestrict fJ3kQ9zLm0pXw2Rt7VbN8cYd\n");
    expect_stmts(f, 2);
    stmt(f, 1, DDBC_STMT_CREATE_TABLE);
    assert_int_equal(f->ast.skipped.n, 9);
    expect_skipped(f, 6, "psql command", "\\restrict fJ3kQ9zLm0pXw2Rt7VbN8cYd");
    expect_skipped(f, 7, "psql command", "\\connect shop");
    expect_skipped(f, 8, "psql command", "\\unrestrict");
}

static void test_missing_final_semicolon(void **state)
{
    fixture *f = *state;
    parse_clean(f, PG,
        "CREATE TABLE a (id int PRIMARY KEY);\n"
        "ALTER TABLE a ADD COLUMN b text\n");
    expect_stmts(f, 2);
    ddbc_ast_stmt *s = stmt(f, 1, DDBC_STMT_ALTER_TABLE);
    expect_span(f, s->span, "ALTER TABLE a ADD COLUMN b text");

    parse_clean(f, PG, "DROP TABLE a\n-- the end\n");
    expect_stmts(f, 3);
    stmt(f, 2, DDBC_STMT_DROP);

    parse_clean(f, PG, "-- name: Last :many\nSELECT * FROM a");
    expect_stmts(f, 4);
    assert_string_equal(stmt(f, 3, DDBC_STMT_SELECT)->annotation->name, "Last");
}

static void test_skipped_statements_are_recorded(void **state)
{
    fixture *f = *state;
    parse_clean(f, PG,
        "--\n-- PostgreSQL database dump\n--\n\n"
        "SET statement_timeout = 0;\n"
        "SELECT pg_catalog.set_config('search_path', '', false);\n"
        "CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;\n"
        "--\n-- Name: touch(); Type: FUNCTION; Schema: public; Owner: app\n--\n\n"
        "CREATE OR REPLACE FUNCTION public.touch() RETURNS trigger\n"
        "    LANGUAGE plpgsql\n"
        "    AS $_$\nBEGIN\n  NEW.note := 'a;b $$';\n  RETURN NEW;\nEND;\n$_$;\n"
        "CREATE TABLE public.t (id integer NOT NULL, note text);\n"
        "CREATE SEQUENCE public.t_id_seq AS integer START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;\n"
        "ALTER SEQUENCE public.t_id_seq OWNED BY public.t.id;\n"
        "CREATE VIEW public.v AS SELECT id FROM public.t;\n"
        "CREATE MATERIALIZED VIEW public.mv AS SELECT count(*) FROM public.t;\n"
        "CREATE TRIGGER t_touch BEFORE UPDATE ON public.t FOR EACH ROW EXECUTE FUNCTION public.touch();\n"
        "INSERT INTO public.t VALUES (1, 'x');\n"
        "COPY public.t (id, note) FROM stdin;\n1\thello; world\n\\.\n"
        "GRANT SELECT ON TABLE public.t TO readonly;\n"
        "REVOKE ALL ON SCHEMA public FROM PUBLIC;\n"
        "CREATE TABLE public.t_copy AS SELECT * FROM public.t;\n"
        "ALTER TABLE public.t OWNER TO app;\n");
    expect_stmts(f, 1);
    expect_qname(&stmt(f, 0, DDBC_STMT_CREATE_TABLE)->u.create_table.name, "public", "t");
    static const char *const want[][2] = {
        {"SET", "SET statement_timeout"},
        {"SELECT", "SELECT pg_catalog.set_config"},
        {"CREATE EXTENSION", "CREATE EXTENSION IF NOT EXISTS citext"},
        {"CREATE FUNCTION", "CREATE OR REPLACE FUNCTION public.touch()"},
        {"CREATE SEQUENCE", "CREATE SEQUENCE public.t_id_seq"},
        {"ALTER SEQUENCE", "ALTER SEQUENCE public.t_id_seq"},
        {"CREATE VIEW", "CREATE VIEW public.v"},
        {"CREATE MATERIALIZED", "CREATE MATERIALIZED VIEW"},
        {"CREATE TRIGGER", "CREATE TRIGGER t_touch"},
        {"INSERT (data)", "INSERT INTO public.t VALUES"},
        {"COPY", "COPY public.t (id, note) FROM stdin"},
        {"GRANT", "GRANT SELECT"},
        {"REVOKE", "REVOKE ALL"},
        {"CREATE TABLE AS", "CREATE TABLE public.t_copy AS"},
        {"ALTER TABLE (no schema change)", "ALTER TABLE public.t OWNER TO app"},
    };
    size_t n = sizeof want / sizeof want[0];
    if (f->ast.skipped.n != n) {
        ddbc_strbuf sb = DDBC_STRBUF_INIT;
        for (size_t i = 0; i < f->ast.skipped.n; i++) ddbc_strbuf_printf(&sb, "  %s\n", f->ast.skipped.v[i].what);
        fail_msg("%zu skipped, expected %zu:\n%s", f->ast.skipped.n, n, ddbc_arena_strdup(f->arena, ddbc_strbuf_cstr(&sb)));
    }
    for (size_t i = 0; i < n; i++) expect_skipped(f, i, want[i][0], want[i][1]);
}

static void test_sqlite_trigger_body_is_one_statement(void **state)
{
    fixture *f = *state;
    parse_clean(f, LITE,
        "CREATE TABLE feeds (id INTEGER PRIMARY KEY, updated_at TEXT);\n"
        "CREATE TRIGGER feeds_touch AFTER UPDATE ON feeds\n"
        "BEGIN\n"
        "  UPDATE feeds SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;\n"
        "  SELECT 1;\n"
        "END;\n"
        "CREATE INDEX feeds_updated ON feeds (updated_at);\n");
    expect_stmts(f, 2);
    stmt(f, 1, DDBC_STMT_CREATE_INDEX);
    assert_int_equal(f->ast.skipped.n, 1);
    expect_skipped(f, 0, "CREATE TRIGGER", "CREATE TRIGGER feeds_touch");
}

static void test_pg_dump_headers_are_not_annotations(void **state)
{
    fixture *f = *state;
    /* "-- Name: x; Type: TABLE" is pg_dump's, not sqlc's: the SELECT is not a query */
    parse_clean(f, PG,
        "--\n-- Name: orders; Type: TABLE; Schema: public; Owner: app\n--\n\n"
        "SELECT pg_catalog.set_config('search_path', '', false);\n"
        "CREATE TABLE public.orders (id integer);\n");
    expect_stmts(f, 1);
    assert_null(stmt(f, 0, DDBC_STMT_CREATE_TABLE)->annotation);
    expect_skipped(f, 0, "SELECT", "SELECT pg_catalog");
}

/* ==== diagnostics ======================================================================== */

static void test_unannotated_query_in_query_file_E0201(void **state)
{
    fixture *f = *state;
    size_t errors = parse_file(f, PG, "queries.sql",
        "-- name: GetOrder :one\n"
        "SELECT * FROM orders WHERE id = $1;\n"
        "\n"
        "-- forgot the annotation\n"
        "  SELECT * FROM orders WHERE customer_id = $1;\n"
        "-- name: CountOrders :one\n"
        "SELECT count(*) FROM orders;\n");
    assert_int_equal(errors, 1);
    const ddbc_diag *d = expect_diag(f, DDBC_E0201, 5, 3);
    assert_non_null(d->hint);
    expect_stmts(f, 2);
    assert_string_equal(stmt(f, 0, DDBC_STMT_SELECT)->annotation->name, "GetOrder");
    assert_string_equal(stmt(f, 1, DDBC_STMT_SELECT)->annotation->name, "CountOrders");
}

static void test_annotation_without_statement_W0001(void **state)
{
    fixture *f = *state;
    size_t errors = parse_file(f, PG, "queries.sql",
        "-- name: Orphan :one\n"
        "-- name: ListOrders :many\n"
        "SELECT * FROM orders;\n"
        "\n"
        "-- name: Trailing :exec\n");
    assert_int_equal(errors, 0);
    assert_int_equal(count_diags(f, DDBC_W0001), 2);
    assert_int_equal(f->diags.items.v[0]->code, DDBC_W0001);
    unsigned l, c;
    ddbc_source_position(f->src, f->diags.items.v[0]->span.start, &l, &c);
    assert_int_equal(l, 1);
    assert_int_equal(c, 1);
    assert_contains(f->diags.items.v[0]->message, "Orphan");
    ddbc_source_position(f->src, f->diags.items.v[1]->span.start, &l, &c);
    assert_int_equal(l, 5);
    assert_contains(f->diags.items.v[1]->message, "Trailing");
    expect_stmts(f, 1);
    assert_string_equal(stmt(f, 0, DDBC_STMT_SELECT)->annotation->name, "ListOrders");
}

static void test_annotation_on_schema_statement_W0005(void **state)
{
    fixture *f = *state;
    size_t errors = parse(f, PG, "-- name: MakeTable :exec\nCREATE TABLE t (id int);\n");
    assert_int_equal(errors, 0);
    expect_diag(f, DDBC_W0005, 1, 1);
    expect_stmts(f, 1);
    assert_null(stmt(f, 0, DDBC_STMT_CREATE_TABLE)->annotation);
}

static void test_invalid_annotation_E0212(void **state)
{
    fixture *f = *state;
    size_t errors = parse_file(f, PG, "queries.sql",
        "-- name: NoKind\n"
        "SELECT 1 FROM t;\n"
        "-- name: Good :one\n"
        "SELECT 2 FROM t;\n");
    assert_int_equal(errors, 1);
    const ddbc_diag *d = expect_diag(f, DDBC_E0212, 1, 16);
    assert_contains(d->message, "NoKind");
    /* the query under a broken annotation is not also reported as unannotated */
    assert_int_equal(count_diags(f, DDBC_E0201), 0);
    expect_stmts(f, 1);
    assert_string_equal(stmt(f, 0, DDBC_STMT_SELECT)->annotation->name, "Good");
}

static void test_syntax_error_E0010_position_and_expected(void **state)
{
    fixture *f = *state;
    size_t errors = parse(f, PG, "CREATE TYPE mood AS ENUM ('sad', 1);\n");
    assert_int_equal(errors, 1);
    const ddbc_diag *d = expect_diag(f, DDBC_E0010, 1, 34);
    assert_int_equal(d->span.end - d->span.start, 1);
    assert_string_equal(d->message, "unexpected '1'; expected a string");
    expect_stmts(f, 0);

    errors = parse(f, PG, "CREATE TABLE t (\n  id int PRIMARY KEY,,\n  name text\n);\n");
    assert_int_equal(errors, 1);
    d = f->diags.items.v[f->diags.items.n - 1];
    assert_int_equal(d->code, DDBC_E0010);
    unsigned l, c;
    ddbc_source_position(f->src, d->span.start, &l, &c);
    assert_int_equal(l, 2);
    assert_int_equal(c, 22);
    assert_contains(d->message, "unexpected ','");

    errors = parse(f, PG, "CREATE TABLE u (id int;\n");
    assert_int_equal(errors, 1);
    d = f->diags.items.v[f->diags.items.n - 1];
    assert_int_equal(d->code, DDBC_E0010);
    assert_string_equal(d->message, "statement ends too early; expected a name, ',' or ')'");
    assert_non_null(d->hint);
}

static void test_syntax_error_expected_list(void **state)
{
    fixture *f = *state;
    size_t errors = parse(f, PG, "CREATE INDEX ON orders customer_id;\n");
    assert_int_equal(errors, 1);
    const ddbc_diag *d = expect_diag(f, DDBC_E0010, 1, 24);
    assert_string_equal(d->message, "unexpected 'customer_id'; expected USING, '.' or '('");
}

static void test_missing_comma_between_columns_is_a_syntax_error(void **state)
{
    fixture *f = *state;
    size_t errors = parse(f, PG,
        "CREATE TABLE users (\n"
        "  id bigint PRIMARY KEY,\n"
        "  email text\n"
        "  name text NOT NULL\n"
        ");\n");
    assert_int_equal(errors, 1);
    const ddbc_diag *d = expect_diag(f, DDBC_E0010, 4, 3);
    assert_non_null(d->hint);
    assert_contains(d->hint, "comma");
}

static void test_syntax_error_does_not_stop_the_next_statement(void **state)
{
    fixture *f = *state;
    size_t errors = parse_file(f, PG, "mixed.sql",
        "CREATE TABLE a (id int,, x int);\n"
        "CREATE TABLE b (id int PRIMARY KEY);\n"
        "-- name: Broken :one\n"
        "SELECT FROM WHERE;\n"
        "-- name: Works :one\n"
        "SELECT id FROM b WHERE id = $1;\n"
        "ALTER TABLE b ADD;\n"
        "CREATE INDEX b_id ON b (id);\n");
    assert_int_equal(errors, 3);
    assert_int_equal(count_diags(f, DDBC_E0010), 3);
    expect_stmts(f, 3);
    expect_qname(&stmt(f, 0, DDBC_STMT_CREATE_TABLE)->u.create_table.name, NULL, "b");
    assert_string_equal(stmt(f, 1, DDBC_STMT_SELECT)->annotation->name, "Works");
    stmt(f, 2, DDBC_STMT_CREATE_INDEX);
}

static void test_empty_input_E0012(void **state)
{
    fixture *f = *state;
    size_t errors = parse(f, PG, "-- nothing here\n/* at all */\n");
    assert_int_equal(errors, 1);
    expect_diag(f, DDBC_E0012, 1, 1);
}

static void test_dialect_detection(void **state)
{
    (void)state;
    static const char my[] = "CREATE TABLE `t` (`id` int unsigned NOT NULL AUTO_INCREMENT) ENGINE=InnoDB;";
    static const char lite[] = "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT) WITHOUT ROWID;";
    static const char pg[] = "CREATE TABLE t (id bigserial, tags jsonb DEFAULT '{}'::jsonb);";
    assert_int_equal(ddbc_dialect_detect(my, strlen(my)), DDBC_DIALECT_MYSQL);
    assert_int_equal(ddbc_dialect_detect(lite, strlen(lite)), DDBC_DIALECT_SQLITE);
    assert_int_equal(ddbc_dialect_detect(pg, strlen(pg)), DDBC_DIALECT_POSTGRESQL);
    ddbc_dialect d;
    assert_true(ddbc_dialect_parse("MariaDB", &d));
    assert_int_equal(d, DDBC_DIALECT_MYSQL);
    assert_false(ddbc_dialect_parse("oracle", &d));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, fixture_setup, fixture_teardown)
        T(test_create_table_column_constraints),
        T(test_schema_qualified_collation),
        T(test_create_table_table_constraints),
        T(test_deferrable_foreign_key_is_recorded),
        T(test_postgresql_types_are_normalized),
        T(test_type_span_covers_the_whole_type),
        T(test_mysqldump_create_table),
        T(test_keyword_named_columns_are_columns),
        T(test_mysql_inline_key_on_keyword_named_column),
        T(test_sqlite_create_table),
        T(test_sqlite_conflict_clauses),
        T(test_partitioned_and_temporary_tables),
        T(test_alter_table_postgresql_actions),
        T(test_alter_table_only_is_recorded),
        T(test_alter_table_mysql_actions),
        T(test_create_index_forms),
        T(test_create_index_mysql_forms),
        T(test_create_type_enum_and_domain),
        T(test_drop_statements),
        T(test_drop_table_cascade_is_recorded),
        T(test_comment_on),
        T(test_annotations_in_both_comment_forms),
        T(test_block_annotation_spanning_lines),
        T(test_all_query_kinds),
        T(test_select_clauses),
        T(test_alias_span_covers_only_the_alias),
        T(test_order_by_nulls_is_recorded),
        T(test_select_limit_forms),
        T(test_every_predicate_form),
        T(test_parameters_of_every_style),
        T(test_bad_parameters_are_syntax_errors),
        T(test_insert_forms),
        T(test_insert_on_duplicate_key_update),
        T(test_insert_row_alias_on_duplicate_key_update),
        T(test_mysql_replace_into),
        T(test_update_and_delete),
        T(test_mysql_update_and_delete_with_order_by_and_limit),
        T(test_goose_sections_and_statement_blocks),
        T(test_goose_down_then_up),
        T(test_dbmate_sections),
        T(test_mysql_delimiter_blocks),
        T(test_mysqldump_definer_clauses_describe_the_object),
        T(test_mysql_delimiter_glued_to_end),
        T(test_client_commands_are_skipped),
        T(test_missing_final_semicolon),
        T(test_skipped_statements_are_recorded),
        T(test_sqlite_trigger_body_is_one_statement),
        T(test_pg_dump_headers_are_not_annotations),
        T(test_unannotated_query_in_query_file_E0201),
        T(test_annotation_without_statement_W0001),
        T(test_annotation_on_schema_statement_W0005),
        T(test_invalid_annotation_E0212),
        T(test_syntax_error_E0010_position_and_expected),
        T(test_syntax_error_expected_list),
        T(test_missing_comma_between_columns_is_a_syntax_error),
        T(test_syntax_error_does_not_stop_the_next_statement),
        T(test_empty_input_E0012),
        T(test_dialect_detection),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
