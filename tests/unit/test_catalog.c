/* test_catalog.c — unit tests for the catalog pass (catalog.c, ir.c).
 *
 * Each case parses real DDL with the front end and asserts on the entities
 * it builds: migrations, pg_dump and mysqldump output, partitions, types,
 * defaults, and the diagnostics (with their positions) for broken schemas. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "parse.h"
#include "fixture.h"

/* Parse one or more files (path, text, path, text, …, NULL) and build the catalog. */
static ddbc_catalog *build_files(fixture *f, ddbc_dialect dialect, ...)
{
    va_list ap;
    va_start(ap, dialect);
    const char *path;
    while ((path = va_arg(ap, const char *))) {
        const char *text = va_arg(ap, const char *);
        ddbc_source *src = ddbc_sources_add(&f->sources, path, text, strlen(text));
        ddbc_parse_source(src, dialect, f->arena, &f->ast, &f->diags);
    }
    va_end(ap);
    ddbc_catalog_build(&f->ast, f->arena, &f->ir, &f->diags);
    return &f->ir.catalog;
}

static ddbc_catalog *build(fixture *f, const char *text)
{
    return build_files(f, DDBC_DIALECT_AUTO, "schema.sql", text, NULL);
}

static void assert_clean(fixture *f)
{
    const char *text = rendered(f);
    if (f->diags.errors || f->diags.warnings) fail_msg("unexpected diagnostics:\n%s", text);
}

static ddbc_entity *entity(fixture *f, const char *name)
{
    ddbc_entity *e = ddbc_catalog_find(&f->ir.catalog, name);
    if (!e) fail_msg("no entity '%s'; diagnostics:\n%s", name, rendered(f));
    return e;
}

static ddbc_column *column(ddbc_entity *e, const char *name)
{
    ddbc_column *c = ddbc_entity_column(e, name);
    if (!c) fail_msg("entity '%s' has no column '%s'", e->name, name);
    return c;
}

static void assert_key(const ddbc_key *k, const char *cols)
{
    assert_non_null(k);
    char buf[256] = "";
    for (size_t i = 0; i < k->columns.n; i++) {
        if (i) strcat(buf, ",");
        strcat(buf, k->columns.v[i]->name);
    }
    assert_string_equal(buf, cols);
}

/* ---- tables, keys and types ------------------------------------------------------ */

static void test_create_table_columns_and_key(void **state)
{
    fixture *f = *state;
    build(f, "CREATE TABLE customers (\n"
             "  id uuid PRIMARY KEY,\n"
             "  email varchar(255) NOT NULL UNIQUE,\n"
             "  name text,\n"
             "  created_at timestamptz NOT NULL DEFAULT now()\n"
             ");\n");
    assert_clean(f);
    ddbc_entity *e = entity(f, "customers");
    assert_int_equal(e->columns.n, 4);
    assert_int_equal(e->ordinal, 0);
    assert_key(e->primary_key, "id");
    ddbc_column *id = column(e, "id");
    assert_int_equal(id->type.cls, DDBC_T_UUID);
    assert_false(id->nullable);
    assert_ptr_equal(id->entity, e);
    ddbc_column *email = column(e, "email");
    assert_int_equal(email->type.cls, DDBC_T_STRING);
    assert_int_equal(email->type.length, 255);
    assert_false(email->nullable);
    assert_int_equal(email->ordinal, 1);
    assert_int_equal(e->uniques.n, 1);
    assert_key(e->uniques.v[0], "email");
    assert_true(column(e, "name")->nullable);
    assert_int_equal(column(e, "created_at")->def.kind, DDBC_DEFAULT_NOW);
    assert_int_equal(column(e, "created_at")->type.cls, DDBC_T_TIMESTAMP);
}

static void test_composite_primary_key_table_constraint(void **state)
{
    fixture *f = *state;
    build(f, "CREATE TABLE order_items (\n"
             "  order_id bigint,\n"
             "  line int,\n"
             "  qty int NOT NULL,\n"
             "  PRIMARY KEY (order_id, line)\n"
             ");\n");
    assert_clean(f);
    ddbc_entity *e = entity(f, "order_items");
    assert_key(e->primary_key, "order_id,line");
    assert_false(column(e, "order_id")->nullable);
    assert_false(column(e, "line")->nullable);
}

static void test_type_classes(void **state)
{
    fixture *f = *state;
    build(f, "CREATE TABLE t (\n"
             "  a text, b character varying(20), c char(3), d citext,\n"
             "  e integer, f smallint, g bigint,\n"
             "  h numeric(10,2), i money, j real, k double precision,\n"
             "  l boolean, m date, n time with time zone, o timestamp without time zone,\n"
             "  p interval, q bytea, r jsonb, s text[], t2 integer[][],\n"
             "  u uuid, v tsvector, w inet\n"
             ");\n");
    assert_clean(f);
    ddbc_entity *e = entity(f, "t");
    static const struct { const char *col; ddbc_type_class cls; } want[] = {
        {"a", DDBC_T_STRING}, {"b", DDBC_T_STRING}, {"c", DDBC_T_STRING}, {"d", DDBC_T_STRING},
        {"e", DDBC_T_INTEGER}, {"f", DDBC_T_INTEGER}, {"g", DDBC_T_INTEGER},
        {"h", DDBC_T_DECIMAL}, {"i", DDBC_T_DECIMAL}, {"j", DDBC_T_FLOAT}, {"k", DDBC_T_FLOAT},
        {"l", DDBC_T_BOOL}, {"m", DDBC_T_DATE}, {"n", DDBC_T_TIME}, {"o", DDBC_T_TIMESTAMP},
        {"p", DDBC_T_INTERVAL}, {"q", DDBC_T_BINARY}, {"r", DDBC_T_JSON}, {"s", DDBC_T_ARRAY},
        {"t2", DDBC_T_ARRAY}, {"u", DDBC_T_UUID}, {"v", DDBC_T_OPAQUE}, {"w", DDBC_T_OPAQUE},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        ddbc_column *c = column(e, want[i].col);
        if (c->type.cls != want[i].cls)
            fail_msg("column %s: class %s, want %s", want[i].col, ddbc_type_class_name(c->type.cls),
                     ddbc_type_class_name(want[i].cls));
    }
    assert_int_equal(column(e, "b")->type.length, 20);
    assert_int_equal(column(e, "h")->type.precision, 10);
    assert_int_equal(column(e, "h")->type.scale, 2);
    assert_int_equal(column(e, "s")->type.element, DDBC_T_STRING);
    assert_string_equal(column(e, "s")->type.sql, "text[]");
    assert_int_equal(column(e, "t2")->type.element, DDBC_T_INTEGER);
}

static void test_unknown_type_warns_known_extension_does_not(void **state)
{
    fixture *f = *state;
    build(f, "CREATE TABLE docs (\n"
             "  id int PRIMARY KEY,\n"
             "  embedding vector(3),\n"
             "  shape geometry,\n"
             "  weird frobnicator\n"
             ");\n");
    ddbc_entity *e = entity(f, "docs");
    assert_int_equal(column(e, "embedding")->type.cls, DDBC_T_OPAQUE);
    assert_int_equal(column(e, "weird")->type.cls, DDBC_T_OPAQUE);
    assert_int_equal(f->diags.warnings, 1);
    assert_int_equal(f->diags.errors, 0);
    assert_contains(rendered(f), "schema.sql:5:9: warning[W0004]");
    assert_contains(rendered(f), "frobnicator");
}

static void test_defaults_are_classified(void **state)
{
    fixture *f = *state;
    build(f, "CREATE TABLE d (\n"
             "  a character varying(10) DEFAULT 'x'::character varying,\n"
             "  b integer DEFAULT -1,\n"
             "  c boolean DEFAULT true,\n"
             "  d timestamp DEFAULT CURRENT_TIMESTAMP,\n"
             "  e integer DEFAULT nextval('d_e_seq'::regclass),\n"
             "  f uuid DEFAULT gen_random_uuid(),\n"
             "  g text DEFAULT NULL,\n"
             "  h numeric DEFAULT '0'::numeric,\n"
             "  i integer DEFAULT (1 + 2),\n"
             "  j timestamp DEFAULT timezone('utc'::text, now()),\n"
             "  k numeric DEFAULT 2.5\n"
             ");\n");
    assert_clean(f);
    ddbc_entity *e = entity(f, "d");
    assert_int_equal(column(e, "a")->def.kind, DDBC_DEFAULT_STRING);
    assert_string_equal(column(e, "a")->def.value, "x");
    assert_int_equal(column(e, "b")->def.kind, DDBC_DEFAULT_NUMBER);
    assert_string_equal(column(e, "b")->def.value, "-1");
    assert_int_equal(column(e, "c")->def.kind, DDBC_DEFAULT_BOOL);
    assert_string_equal(column(e, "c")->def.value, "true");
    assert_int_equal(column(e, "d")->def.kind, DDBC_DEFAULT_NOW);
    assert_int_equal(column(e, "e")->def.kind, DDBC_DEFAULT_SEQUENCE);
    assert_true(column(e, "e")->auto_increment);
    assert_int_equal(column(e, "f")->def.kind, DDBC_DEFAULT_UUID);
    assert_int_equal(column(e, "g")->def.kind, DDBC_DEFAULT_NULL);
    assert_int_equal(column(e, "h")->def.kind, DDBC_DEFAULT_NUMBER);
    assert_string_equal(column(e, "h")->def.value, "0");
    assert_int_equal(column(e, "i")->def.kind, DDBC_DEFAULT_EXPR);
    assert_non_null(column(e, "i")->def.value);
    assert_int_equal(column(e, "j")->def.kind, DDBC_DEFAULT_NOW);
    assert_int_equal(column(e, "k")->def.kind, DDBC_DEFAULT_NUMBER);
    assert_string_equal(column(e, "k")->def.value, "2.5");
}

static void test_serial_is_auto_increment_not_null(void **state)
{
    fixture *f = *state;
    build(f, "CREATE TABLE s (id bigserial PRIMARY KEY, n serial, m smallserial);\n");
    assert_clean(f);
    ddbc_entity *e = entity(f, "s");
    for (size_t i = 0; i < e->columns.n; i++) {
        assert_int_equal(e->columns.v[i]->type.cls, DDBC_T_INTEGER);
        assert_true(e->columns.v[i]->auto_increment);
        assert_false(e->columns.v[i]->nullable);
    }
}

static void test_sqlite_integer_primary_key_is_rowid(void **state)
{
    fixture *f = *state;
    build_files(f, DDBC_DIALECT_SQLITE, "schema.sql",
                "CREATE TABLE a (id INTEGER PRIMARY KEY, name TEXT);\n"
                "CREATE TABLE b (id INT PRIMARY KEY, note);\n"
                "CREATE TABLE c (id INTEGER PRIMARY KEY AUTOINCREMENT);\n",
                NULL);
    assert_clean(f);
    assert_true(column(entity(f, "a"), "id")->auto_increment);
    assert_false(column(entity(f, "b"), "id")->auto_increment);
    assert_true(column(entity(f, "c"), "id")->auto_increment);
    /* An untyped SQLite column holds text. */
    assert_int_equal(column(entity(f, "b"), "note")->type.cls, DDBC_T_STRING);
}

static void test_mysql_inline_keys_and_types(void **state)
{
    fixture *f = *state;
    build_files(f, DDBC_DIALECT_MYSQL, "dump.sql",
                "CREATE TABLE `users` (\n"
                "  `id` int unsigned NOT NULL AUTO_INCREMENT,\n"
                "  `email` varchar(191) NOT NULL,\n"
                "  `org_id` int NOT NULL,\n"
                "  `active` tinyint(1) NOT NULL DEFAULT '1',\n"
                "  `role` enum('admin','member') NOT NULL DEFAULT 'member',\n"
                "  `flags` set('a','b') DEFAULT NULL,\n"
                "  `bio` mediumtext COMMENT 'about me',\n"
                "  PRIMARY KEY (`id`),\n"
                "  UNIQUE KEY `users_email_unique` (`email`),\n"
                "  KEY `users_org_idx` (`org_id`,`email`)\n"
                ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n",
                NULL);
    assert_clean(f);
    ddbc_entity *e = entity(f, "users");
    assert_key(e->primary_key, "id");
    assert_true(column(e, "id")->auto_increment);
    assert_true(column(e, "id")->type.is_unsigned);
    assert_int_equal(e->uniques.n, 1);
    assert_string_equal(e->uniques.v[0]->name, "users_email_unique");
    assert_key(e->uniques.v[0], "email");
    assert_int_equal(e->indexes.n, 1);
    assert_string_equal(e->indexes.v[0]->name, "users_org_idx");
    assert_key(e->indexes.v[0], "org_id,email");
    assert_int_equal(column(e, "active")->type.cls, DDBC_T_BOOL);
    assert_int_equal(column(e, "active")->def.kind, DDBC_DEFAULT_NUMBER);
    assert_string_equal(column(e, "active")->def.value, "1");
    assert_int_equal(column(e, "role")->def.kind, DDBC_DEFAULT_STRING);
    ddbc_column *role = column(e, "role");
    assert_int_equal(role->type.cls, DDBC_T_ENUM);
    assert_int_equal(role->type.enum_values.n, 2);
    assert_string_equal(role->type.enum_values.v[1], "member");
    assert_null(role->type.enum_name);
    assert_int_equal(column(e, "flags")->type.cls, DDBC_T_ARRAY);
    assert_int_equal(column(e, "flags")->type.element, DDBC_T_STRING);
    assert_string_equal(column(e, "bio")->comment, "about me");
}

/* ---- pg_dump --------------------------------------------------------------------- */

static void test_pg_dump_alter_table_only_add_constraint(void **state)
{
    fixture *f = *state;
    build(f, "CREATE TABLE public.customers (\n"
             "    id integer NOT NULL,\n"
             "    name text\n"
             ");\n"
             "CREATE SEQUENCE public.customers_id_seq AS integer START WITH 1;\n"
             "ALTER TABLE public.customers OWNER TO app;\n"
             "CREATE TABLE public.orders (\n"
             "    id bigint NOT NULL,\n"
             "    customer_id integer NOT NULL,\n"
             "    status character varying(20) DEFAULT 'new'::character varying NOT NULL\n"
             ");\n"
             "ALTER TABLE ONLY public.customers ALTER COLUMN id SET DEFAULT "
             "nextval('public.customers_id_seq'::regclass);\n"
             "ALTER TABLE ONLY public.customers\n"
             "    ADD CONSTRAINT customers_pkey PRIMARY KEY (id);\n"
             "ALTER TABLE ONLY public.orders\n"
             "    ADD CONSTRAINT orders_pkey PRIMARY KEY (id);\n"
             "CREATE INDEX orders_customer_id_idx ON public.orders USING btree (customer_id);\n"
             "ALTER TABLE ONLY public.orders\n"
             "    ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) "
             "REFERENCES public.customers(id) ON DELETE CASCADE;\n");
    assert_int_equal(f->diags.errors, 0);
    ddbc_entity *c = entity(f, "customers");
    ddbc_entity *o = entity(f, "orders");
    assert_string_equal(c->schema, "public");
    assert_key(c->primary_key, "id");
    assert_string_equal(c->primary_key->name, "customers_pkey");
    assert_true(column(c, "id")->auto_increment);
    assert_int_equal(column(c, "id")->def.kind, DDBC_DEFAULT_SEQUENCE);
    assert_key(o->primary_key, "id");
    assert_int_equal(o->indexes.n, 1);
    assert_string_equal(o->indexes.v[0]->method, "btree");
    assert_int_equal(o->foreign_keys.n, 1);
    ddbc_foreign_key *fk = o->foreign_keys.v[0];
    assert_string_equal(fk->name, "orders_customer_id_fkey");
    assert_ptr_equal(fk->to, c);
    assert_ptr_equal(fk->from, o);
    assert_int_equal(fk->ref_columns.n, 1);
    assert_ptr_equal(fk->ref_columns.v[0], column(c, "id"));
    assert_int_equal(fk->on_delete, DDBC_REF_CASCADE);
    assert_string_equal(column(o, "status")->def.value, "new");
    /* Both schema-qualified and bare names find the table. */
    assert_ptr_equal(ddbc_catalog_find(&f->ir.catalog, "orders"), o);
}

static void test_identity_added_by_alter_column(void **state)
{
    fixture *f = *state;
    build(f, "CREATE TABLE t (id integer NOT NULL, v text);\n"
             "ALTER TABLE t ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (\n"
             "    SEQUENCE NAME t_id_seq START WITH 1 INCREMENT BY 1);\n");
    assert_clean(f);
    assert_true(column(entity(f, "t"), "id")->auto_increment);
    assert_false(column(entity(f, "t"), "v")->auto_increment);
}

/* ---- migrations -------------------------------------------------------------------- */

static void test_migrations_rename_add_drop_alter(void **state)
{
    fixture *f = *state;
    build_files(f, DDBC_DIALECT_POSTGRESQL,
                "001.sql",
                "CREATE TABLE authors (id int PRIMARY KEY, name text);\n"
                "CREATE TABLE posts (id int PRIMARY KEY, writer_id int REFERENCES authors, "
                "title text, legacy text);\n"
                "CREATE INDEX posts_legacy_idx ON posts (legacy);\n",
                "002.sql",
                "ALTER TABLE authors RENAME TO users;\n"
                "ALTER TABLE users RENAME COLUMN id TO user_id;\n"
                "ALTER TABLE posts RENAME COLUMN writer_id TO author_id;\n"
                "ALTER TABLE posts ADD COLUMN published boolean NOT NULL DEFAULT false;\n"
                "ALTER TABLE posts DROP COLUMN legacy;\n"
                "ALTER TABLE posts ALTER COLUMN title TYPE varchar(200);\n"
                "ALTER TABLE posts ALTER COLUMN title SET NOT NULL;\n"
                "ALTER TABLE users ALTER COLUMN name SET DEFAULT 'anon';\n"
                "ALTER TABLE users ALTER COLUMN name DROP DEFAULT;\n",
                NULL);
    assert_clean(f);
    assert_null(ddbc_catalog_find(&f->ir.catalog, "authors"));
    ddbc_entity *u = entity(f, "users");
    ddbc_entity *p = entity(f, "posts");
    assert_key(u->primary_key, "user_id");
    assert_int_equal(column(u, "name")->def.kind, DDBC_DEFAULT_NONE);
    assert_null(ddbc_entity_column(p, "legacy"));
    assert_int_equal(p->indexes.n, 0);
    ddbc_column *pub = column(p, "published");
    assert_true(pub->added_later);
    assert_int_equal(pub->def.kind, DDBC_DEFAULT_BOOL);
    assert_int_equal(pub->ordinal, 3);
    ddbc_column *title = column(p, "title");
    assert_int_equal(title->type.length, 200);
    assert_false(title->nullable);
    /* The foreign key followed both renames. */
    assert_int_equal(p->foreign_keys.n, 1);
    assert_ptr_equal(p->foreign_keys.v[0]->to, u);
    assert_key(u->primary_key, "user_id");
    assert_ptr_equal(p->foreign_keys.v[0]->ref_columns.v[0], column(u, "user_id"));
    assert_ptr_equal(p->foreign_keys.v[0]->columns.v[0], column(p, "author_id"));
}

static void test_rename_column_updates_named_references(void **state)
{
    fixture *f = *state;
    build(f, "CREATE TABLE a (code text UNIQUE);\n"
             "CREATE TABLE b (a_code text REFERENCES a (code));\n"
             "ALTER TABLE a RENAME COLUMN code TO sku;\n");
    assert_clean(f);
    ddbc_entity *b = entity(f, "b");
    assert_int_equal(b->foreign_keys.n, 1);
    assert_string_equal(b->foreign_keys.v[0]->ref_columns.v[0]->name, "sku");
}

static void test_drop_column_takes_referencing_foreign_keys(void **state)
{
    fixture *f = *state;
    build(f, "CREATE TABLE a (id int PRIMARY KEY, code text UNIQUE,\n"
             "  uid uuid DEFAULT public.uuid_generate_v4());\n"
             "CREATE TABLE b (a_code text REFERENCES a (code), a_id int REFERENCES a);\n"
             "ALTER TABLE a DROP COLUMN code;\n");
    assert_clean(f);
    ddbc_entity *b = entity(f, "b");
    assert_int_equal(b->foreign_keys.n, 1);
    assert_string_equal(b->foreign_keys.v[0]->columns.v[0]->name, "a_id");
    assert_int_equal(entity(f, "a")->uniques.n, 0);
    assert_int_equal(column(entity(f, "a"), "uid")->def.kind, DDBC_DEFAULT_UUID);
}

static void test_drop_table_and_recreate(void **state)
{
    fixture *f = *state;
    build(f, "CREATE TABLE a (id int PRIMARY KEY);\n"
             "CREATE TABLE b (id int PRIMARY KEY);\n"
             "DROP TABLE a;\n"
             "DROP TABLE IF EXISTS nothing_here;\n"
             "CREATE TABLE a (id int PRIMARY KEY, extra text);\n");
    assert_clean(f);
    assert_int_equal(f->ir.catalog.entities.n, 2);
    assert_string_equal(f->ir.catalog.entities.v[0]->name, "b");
    assert_string_equal(f->ir.catalog.entities.v[1]->name, "a");
    assert_int_equal(entity(f, "a")->ordinal, 1);
    assert_int_equal(entity(f, "a")->columns.n, 2);
}

static void test_drop_constraint_by_implicit_name(void **state)
{
    fixture *f = *state;
    build(f, "CREATE TABLE t (id int PRIMARY KEY, email text UNIQUE, p int REFERENCES t);\n"
             "ALTER TABLE t DROP CONSTRAINT t_email_key;\n"
             "ALTER TABLE t DROP CONSTRAINT t_p_fkey;\n"
             "ALTER TABLE t DROP CONSTRAINT t_pkey;\n"
             "ALTER TABLE t ADD CONSTRAINT t_new_pk PRIMARY KEY (email);\n"
             "ALTER TABLE t DROP CONSTRAINT IF EXISTS not_there;\n");
    assert_clean(f);
    ddbc_entity *e = entity(f, "t");
    assert_int_equal(e->uniques.n, 0);
    assert_int_equal(e->foreign_keys.n, 0);
    assert_key(e->primary_key, "email");
}

static void test_mysql_modify_and_change_column(void **state)
{
    fixture *f = *state;
    build_files(f, DDBC_DIALECT_MYSQL, "m.sql",
                "CREATE TABLE t (id int NOT NULL, title varchar(10) NOT NULL DEFAULT 'x', "
                "PRIMARY KEY (id));\n"
                "ALTER TABLE t MODIFY title varchar(50) NULL;\n"
                "ALTER TABLE t CHANGE COLUMN title headline text NOT NULL;\n"
                "ALTER TABLE t DROP PRIMARY KEY;\n",
                NULL);
    assert_clean(f);
    ddbc_entity *e = entity(f, "t");
    assert_null(ddbc_entity_column(e, "title"));
    ddbc_column *h = column(e, "headline");
    assert_int_equal(h->ordinal, 1);
    assert_false(h->nullable);
    assert_int_equal(h->def.kind, DDBC_DEFAULT_NONE);
    assert_null(e->primary_key);
}

/* ---- partitions --------------------------------------------------------------------- */

static void test_partition_of_folds_into_parent(void **state)
{
    fixture *f = *state;
    build(f, "CREATE TABLE events (id bigint, at timestamptz NOT NULL, PRIMARY KEY (id, at)) "
             "PARTITION BY RANGE (at);\n"
             "CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') "
             "TO ('2025-01-01');\n"
             "CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') "
             "TO ('2026-01-01');\n"
             "CREATE INDEX events_2024_at_idx ON events_2024 (at);\n");
    assert_clean(f);
    assert_int_equal(f->ir.catalog.entities.n, 1);
    ddbc_entity *e = entity(f, "events");
    assert_true(e->partitioned);
    assert_int_equal(e->partitions.n, 2);
    assert_string_equal(e->partitions.v[0], "events_2024");
    assert_string_equal(e->partitions.v[1], "events_2025");
    assert_int_equal(e->indexes.n, 0);
}

static void test_pg_dump_attach_partition(void **state)
{
    fixture *f = *state;
    build(f, "CREATE TABLE public.measurements (\n"
             "    id bigint NOT NULL,\n"
             "    taken date NOT NULL\n"
             ")\nPARTITION BY RANGE (taken);\n"
             "CREATE TABLE public.measurements_y2024 (\n"
             "    id bigint NOT NULL,\n"
             "    taken date NOT NULL\n"
             ");\n"
             "CREATE TABLE public.notes (id int PRIMARY KEY, m_id bigint);\n"
             "ALTER TABLE ONLY public.measurements ATTACH PARTITION public.measurements_y2024 "
             "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\n"
             "ALTER TABLE ONLY public.measurements\n"
             "    ADD CONSTRAINT measurements_pkey PRIMARY KEY (id, taken);\n"
             "ALTER TABLE ONLY public.measurements_y2024\n"
             "    ADD CONSTRAINT measurements_y2024_pkey PRIMARY KEY (id, taken);\n"
             "CREATE INDEX measurements_y2024_taken_idx ON public.measurements_y2024 (taken);\n"
             "DROP INDEX public.measurements_y2024_taken_idx;\n");
    assert_clean(f);
    assert_int_equal(f->ir.catalog.entities.n, 2);
    assert_null(ddbc_catalog_find(&f->ir.catalog, "measurements_y2024"));
    ddbc_entity *m = entity(f, "measurements");
    assert_int_equal(m->ordinal, 0);
    assert_int_equal(entity(f, "notes")->ordinal, 1);
    assert_int_equal(m->partitions.n, 1);
    assert_string_equal(m->partitions.v[0], "measurements_y2024");
    assert_key(m->primary_key, "id,taken");
}

static void test_detach_partition_restores_table(void **state)
{
    fixture *f = *state;
    build(f, "CREATE TABLE p (id int PRIMARY KEY) PARTITION BY HASH (id);\n"
             "CREATE TABLE p0 PARTITION OF p FOR VALUES WITH (MODULUS 2, REMAINDER 0);\n"
             "ALTER TABLE p DETACH PARTITION p0;\n");
    assert_clean(f);
    assert_int_equal(entity(f, "p")->partitions.n, 0);
    ddbc_entity *p0 = entity(f, "p0");
    assert_int_equal(p0->columns.n, 1);
    assert_ptr_equal(column(p0, "id")->entity, p0);
}

/* ---- enums, domains, comments, indexes ------------------------------------------------ */

static void test_enum_and_domain_types(void **state)
{
    fixture *f = *state;
    build(f, "CREATE TYPE public.mood AS ENUM ('sad', 'ok', 'happy');\n"
             "CREATE DOMAIN email AS citext NOT NULL;\n"
             "CREATE TABLE people (\n"
             "  id int PRIMARY KEY,\n"
             "  mood public.mood,\n"
             "  moods mood[],\n"
             "  contact email\n"
             ");\n");
    assert_clean(f);
    assert_int_equal(f->ir.catalog.enums.n, 1);
    assert_int_equal(f->ir.catalog.enums.v[0]->values.n, 3);
    ddbc_entity *e = entity(f, "people");
    ddbc_column *mood = column(e, "mood");
    assert_int_equal(mood->type.cls, DDBC_T_ENUM);
    assert_string_equal(mood->type.enum_name, "mood");
    assert_int_equal(mood->type.enum_values.n, 3);
    assert_string_equal(mood->type.enum_values.v[2], "happy");
    assert_int_equal(column(e, "moods")->type.cls, DDBC_T_ARRAY);
    assert_int_equal(column(e, "moods")->type.element, DDBC_T_ENUM);
    ddbc_column *contact = column(e, "contact");
    assert_int_equal(contact->type.cls, DDBC_T_STRING);
    assert_false(contact->nullable);
}

static void test_create_index_unique_partial_expression(void **state)
{
    fixture *f = *state;
    build(f, "CREATE TABLE u (id int PRIMARY KEY, email text, org int, deleted_at timestamp);\n"
             "CREATE UNIQUE INDEX u_email ON u (email) WHERE deleted_at IS NULL;\n"
             "CREATE INDEX u_lower ON u (lower(email));\n"
             "CREATE INDEX u_org_id ON u (org, id DESC);\n"
             "CREATE INDEX IF NOT EXISTS u_org_id ON u (org);\n"
             "DROP INDEX u_lower;\n");
    assert_clean(f);
    ddbc_entity *e = entity(f, "u");
    assert_int_equal(e->uniques.n, 1);
    assert_true(e->uniques.v[0]->partial);
    assert_non_null(e->uniques.v[0]->where);
    assert_key(e->uniques.v[0], "email");
    assert_int_equal(e->indexes.n, 1);
    assert_key(e->indexes.v[0], "org,id");
    assert_true(e->indexes.v[0]->desc.v[1]);
    assert_false(e->indexes.v[0]->desc.v[0]);
}

static void test_expression_index_kept_with_flag(void **state)
{
    fixture *f = *state;
    build(f, "CREATE TABLE u (id int PRIMARY KEY, email text);\n"
             "CREATE INDEX u_lower ON u (lower(email));\n");
    assert_clean(f);
    ddbc_entity *e = entity(f, "u");
    assert_int_equal(e->indexes.n, 1);
    assert_true(e->indexes.v[0]->has_expression);
}

static void test_comments(void **state)
{
    fixture *f = *state;
    build(f, "CREATE TABLE t (id int PRIMARY KEY, v text);\n"
             "COMMENT ON TABLE t IS 'the table';\n"
             "COMMENT ON COLUMN public.t.v IS 'a value';\n");
    assert_clean(f);
    assert_string_equal(entity(f, "t")->comment, "the table");
    assert_string_equal(column(entity(f, "t"), "v")->comment, "a value");
}

static void test_foreign_key_forward_reference_and_default_columns(void **state)
{
    fixture *f = *state;
    build(f, "CREATE TABLE child (id int PRIMARY KEY, parent_a int, parent_b int,\n"
             "  FOREIGN KEY (parent_a, parent_b) REFERENCES parent ON DELETE SET NULL);\n"
             "CREATE TABLE parent (a int, b int, PRIMARY KEY (a, b));\n");
    assert_clean(f);
    ddbc_foreign_key *fk = entity(f, "child")->foreign_keys.v[0];
    assert_ptr_equal(fk->to, entity(f, "parent"));
    assert_int_equal(fk->ref_columns.n, 2);
    assert_string_equal(fk->ref_columns.v[1]->name, "b");
    assert_int_equal(fk->on_delete, DDBC_REF_SET_NULL);
}

/* ---- diagnostics --------------------------------------------------------------------- */

static void test_duplicate_table_and_column(void **state)
{
    fixture *f = *state;
    build(f, "CREATE TABLE a (id int, id text);\n"
             "CREATE TABLE a (x int);\n"
             "CREATE TABLE IF NOT EXISTS a (y int);\n");
    const char *out = rendered(f);
    assert_int_equal(f->diags.errors, 2);
    assert_contains(out, "schema.sql:1:25: error[E0102]");
    assert_contains(out, "schema.sql:2:14: error[E0101]");
    assert_contains(out, "note: 'a' first defined here: schema.sql:1:14");
    assert_int_equal(entity(f, "a")->columns.n, 1);
}

static void test_unknown_table_and_column_in_alter(void **state)
{
    fixture *f = *state;
    build(f, "CREATE TABLE orders (\n"
             "  id int PRIMARY KEY,\n"
             "  customer_id int\n"
             ");\n"
             "ALTER TABLE ordres ADD COLUMN x int;\n"
             "ALTER TABLE orders ALTER COLUMN custmer_id SET NOT NULL;\n"
             "CREATE INDEX i ON orders (nope);\n");
    const char *out = rendered(f);
    assert_int_equal(f->diags.errors, 3);
    assert_contains(out, "schema.sql:5:13: error[E0103]: unknown table 'ordres'");
    assert_contains(out, "hint: did you mean 'orders'?");
    assert_contains(out, "schema.sql:6:33: error[E0104]: table 'orders' has no column 'custmer_id'");
    assert_contains(out, "note: table 'orders' declared here: schema.sql:1:14");
    assert_contains(out, "hint: did you mean 'customer_id'?");
    assert_contains(out, "schema.sql:7:27: error[E0104]");
}

static void test_two_primary_keys(void **state)
{
    fixture *f = *state;
    build(f, "CREATE TABLE t (\n"
             "  a int PRIMARY KEY,\n"
             "  b int,\n"
             "  PRIMARY KEY (b)\n"
             ");\n");
    const char *out = rendered(f);
    assert_int_equal(f->diags.errors, 1);
    assert_contains(out, "schema.sql:4:3: error[E0105]");
    assert_contains(out, "note: the first primary key is here: schema.sql:2:9");
    assert_key(entity(f, "t")->primary_key, "a");
}

static void test_foreign_key_errors(void **state)
{
    fixture *f = *state;
    build(f, "CREATE TABLE customers (id int PRIMARY KEY);\n"
             "CREATE TABLE nokey (x int);\n"
             "CREATE TABLE o (\n"
             "  id int PRIMARY KEY,\n"
             "  c int REFERENCES customer (id),\n"
             "  d int REFERENCES nokey,\n"
             "  e int, f int,\n"
             "  FOREIGN KEY (e, f) REFERENCES customers (id)\n"
             ");\n");
    const char *out = rendered(f);
    assert_int_equal(f->diags.errors, 3);
    assert_contains(out, "schema.sql:5:20: error[E0106]");
    assert_contains(out, "hint: did you mean 'customers'?");
    assert_contains(out, "schema.sql:6:20: error[E0107]");
    assert_contains(out, "schema.sql:8:3: error[E0107]");
    /* Unresolvable keys are dropped, so later passes see only complete ones. */
    assert_int_equal(entity(f, "o")->foreign_keys.n, 0);
}

static void test_duplicate_type_and_drops_of_unknown_objects(void **state)
{
    fixture *f = *state;
    build(f, "CREATE TYPE s AS ENUM ('a');\n"
             "CREATE TYPE s AS ENUM ('b');\n"
             "DROP TABLE ghost;\n"
             "DROP TYPE IF EXISTS ghost_type;\n"
             "DROP INDEX ghost_idx;\n"
             "CREATE TABLE t ();\n");
    const char *out = rendered(f);
    assert_contains(out, "schema.sql:2:13: error[E0108]");
    assert_contains(out, "schema.sql:3:12: warning[W0003]");
    assert_contains(out, "schema.sql:5:12: warning[W0003]");
    assert_contains(out, "schema.sql:6:14: error[E0110]");
    assert_int_equal(f->diags.warnings, 2);
    assert_int_equal(f->diags.errors, 2);
}

static void test_type_from_ast_public_api(void **state)
{
    fixture *f = *state;
    ddbc_ast_type t;
    memset(&t, 0, sizeof t);
    t.name = "tinyint";
    t.text = "tinyint(1)";
    const char *mods[] = {"1"};
    t.modifiers.v = (const char **)(uintptr_t)mods;
    t.modifiers.n = 1;
    ddbc_type ty = ddbc_type_from_ast(&t, &f->ir.catalog, f->arena);
    assert_int_equal(ty.cls, DDBC_T_BOOL);
    t.name = "int unsigned";
    t.modifiers.n = 0;
    assert_int_equal(ddbc_type_from_ast(&t, &f->ir.catalog, f->arena).cls, DDBC_T_INTEGER);
    t.name = "pg_catalog.int4";
    assert_int_equal(ddbc_type_from_ast(&t, &f->ir.catalog, f->arena).cls, DDBC_T_INTEGER);
    t.name = "varying character";
    assert_int_equal(ddbc_type_from_ast(&t, &f->ir.catalog, f->arena).cls, DDBC_T_STRING);
    assert_int_equal(ddbc_type_from_ast(NULL, &f->ir.catalog, f->arena).cls, DDBC_T_STRING);
}

static void test_edit_distance_and_suggestions(void **state)
{
    (void)state;
    assert_int_equal(ddbc_edit_distance("kitten", "sitting", 5), 3);
    assert_int_equal(ddbc_edit_distance("Orders", "orders", 2), 0);
    assert_true(ddbc_edit_distance("a", "abcdefgh", 2) > 2);
    assert_true(ddbc_name_is_close("orders", 1));
    assert_false(ddbc_name_is_close("id", 2));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_create_table_columns_and_key, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_composite_primary_key_table_constraint, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_type_classes, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_unknown_type_warns_known_extension_does_not, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_defaults_are_classified, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_serial_is_auto_increment_not_null, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_sqlite_integer_primary_key_is_rowid, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_mysql_inline_keys_and_types, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_pg_dump_alter_table_only_add_constraint, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_identity_added_by_alter_column, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_migrations_rename_add_drop_alter, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_rename_column_updates_named_references, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_drop_column_takes_referencing_foreign_keys, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_drop_table_and_recreate, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_drop_constraint_by_implicit_name, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_mysql_modify_and_change_column, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_partition_of_folds_into_parent, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_pg_dump_attach_partition, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_detach_partition_restores_table, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_enum_and_domain_types, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_create_index_unique_partial_expression, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_expression_index_kept_with_flag, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_comments, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_foreign_key_forward_reference_and_default_columns, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_duplicate_table_and_column, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_unknown_table_and_column_in_alter, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_two_primary_keys, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_foreign_key_errors, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_duplicate_type_and_drops_of_unknown_objects, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_type_from_ast_public_api, fixture_setup, fixture_teardown),
        cmocka_unit_test(test_edit_distance_and_suggestions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
