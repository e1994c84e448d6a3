/* test_emit_report.c — unit tests for the report backend (emit_report.c).
 *
 * Each case plans a small real schema with real queries, emits report.md and
 * asserts on exact lines: a pattern's row, the ER relationship, a refusal
 * with its code and hint, the cost total worked out by hand, determinism. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "check.h"
#include "config.h"
#include "emit_report.h"
#include "fixture.h"
#include "outset.h"
#include "plan.h"

static const char *const schema =
    "CREATE TABLE customers (\n"
    "  id bigint PRIMARY KEY,\n"
    "  email text NOT NULL UNIQUE,\n"
    "  name text\n"
    ");\n"
    "CREATE TABLE orders (\n"
    "  id bigint PRIMARY KEY,\n"
    "  customer_id bigint NOT NULL REFERENCES customers (id),\n"
    "  status text NOT NULL,\n"
    "  placed_at timestamptz NOT NULL\n"
    ");\n";

static const char *const queries =
    "-- name: GetCustomer :one\n"
    "SELECT * FROM customers WHERE id = $1;\n"
    "-- name: ListOrdersByCustomer :many\n"
    "SELECT * FROM orders WHERE customer_id = $1 ORDER BY placed_at DESC LIMIT 20;\n"
    "-- name: CreateCustomer :exec\n"
    "INSERT INTO customers (id, email, name) VALUES ($1, $2, $3);\n"
    "-- name: GetCustomerByEmail :one\n"
    "SELECT * FROM customers WHERE email = $1;\n";

static const char *const offset_query =
    "-- name: PageOrders :many\n"
    "SELECT * FROM orders WHERE customer_id = $1 ORDER BY placed_at LIMIT 10 OFFSET 20;\n";

static ddbc_config cfg;

static ddbc_design *plan(fixture *f, const char *extra)
{
    fixture_parse(f, DDBC_DIALECT_POSTGRESQL, "schema.sql", schema);
    const char *q = extra ? ddbc_arena_printf(f->arena, "%s%s", queries, extra) : queries;
    fixture_parse(f, DDBC_DIALECT_POSTGRESQL, "queries.sql", q);
    ddbc_catalog_build(&f->ast, f->arena, &f->ir, &f->diags);
    ddbc_check_queries(&f->ast, &f->sources, f->arena, &f->ir, &f->diags);
    ddbc_plan_options po = {&cfg, NULL, false};
    return ddbc_plan(&f->ir, &po, f->arena, &f->diags);
}

/* report.md for d; the outset owns the text until freed. */
static const char *emit(fixture *f, const ddbc_design *d, ddbc_outset *out)
{
    ddbc_outset_init(out);
    ddbc_emit_report(d, &cfg, &f->sources, &f->diags, out, &f->diags);
    const ddbc_outfile *o = ddbc_outset_find(out, "report.md");
    if (!o) fail_msg("no report.md in the output");
    assert_int_equal(strlen(o->data), o->len);
    return o->data;
}

static const ddbc_pattern *pattern(const ddbc_design *d, const char *name)
{
    for (size_t i = 0; i < d->patterns.n; i++)
        if (!strcmp(d->patterns.v[i]->name, name)) return d->patterns.v[i];
    fail_msg("no pattern %s", name);
    return NULL;
}

static void assert_lacks(const char *haystack, const char *needle)
{
    if (strstr(haystack, needle)) fail_msg("unexpected '%s' in:\n%s", needle, haystack);
}

static void test_sections_come_in_order(void **state)
{
    fixture *f = *state;
    ddbc_config_defaults(&cfg);
    ddbc_design *d = plan(f, NULL);
    assert_int_equal(f->diags.errors, 0);
    ddbc_outset out;
    const char *md = emit(f, d, &out);
    static const char *const sections[] = {
        "# DynamoDB design: `app`\n", "## Summary\n", "## Entity-relationship diagram\n",
        "```mermaid\nerDiagram\n", "## Item collections\n", "```mermaid\nflowchart LR\n",
        "## Keys per entity\n", "## Global secondary indexes\n", "## Access patterns\n",
        "## Sample items\n", "## Derived keys\n", "## Denormalized copies\n", "## Uniqueness guards\n",
        "## Counters\n", "## Write plans\n", "## Warnings and refusals\n", "## Rationale\n",
        "## Cost estimate (on-demand)\n"};
    const char *at = md;
    for (size_t i = 0; i < sizeof sections / sizeof *sections; i++) {
        const char *s = strstr(at, sections[i]);
        if (!s) fail_msg("section '%s' missing or out of order", sections[i]);
        at = s;
    }
    assert_contains(md, "| GSIs | 1 (lower bound 1: minimal) |\n");
    assert_contains(md, "| Patterns served | 4 of 4 declared, 0 of 0 inferred |\n");
    assert_contains(md, "| Patterns refused | 0 |\n");
    assert_contains(md, "\nEvery pattern is served.\n");
    ddbc_outset_free(&out);
}

static void test_pattern_rows_carry_key_condition_and_read_units(void **state)
{
    fixture *f = *state;
    ddbc_config_defaults(&cfg);
    ddbc_design *d = plan(f, NULL);
    assert_int_equal(f->diags.errors, 0);
    ddbc_outset out;
    const char *md = emit(f, d, &out);
    assert_contains(md, "| `GetCustomer` | `queries.sql:2` | GetItem | table | "
                        "`PK = \"CUSTOMER#{id}\" AND SK = \"#CUSTOMER\"` | — | — | — | 0.5 | — |\n");
    /* orders live in their customer's partition, newest first */
    assert_contains(md, "| `ListOrdersByCustomer` | `queries.sql:4` | Query | table | "
                        "`PK = \"CUSTOMER#{customer_id}\" AND begins_with(SK, \"ORDER#\")` | — | "
                        "desc | 20 | 3.5 | — |\n");
    assert_contains(md, "| `GetCustomerByEmail` | `queries.sql:8` | Query | GSI1 | "
                        "`GSI1PK = \"CUSTOMER_EMAIL#{email}\" AND begins_with(GSI1SK, \"CUSTOMER#\")` | — | "
                        "asc | — | ");
    /* the write pattern: a transaction with its guard */
    assert_contains(md, "| `CreateCustomer` | `queries.sql:6` | TransactWriteItems | `put` customers keys ");
    assert_contains(md, "<br>`put_guard` customers unique (email) if `attribute_not_exists(PK)` | ");
    /* keys per entity: the customers' GSI row, and the GSI table */
    assert_contains(md, "| GSI1 | `GSI1PK` = `CUSTOMER_EMAIL#{email}` | `GSI1SK` = `CUSTOMER#{id}` | — | ");
    assert_contains(md, "| GSI1 | `GSI1PK` | `GSI1SK` | ALL | customers | ");
    /* derived keys and guards */
    assert_contains(md, "| orders | `customer_id` | PK |\n");
    assert_contains(md, "| customers | email | — |\n");
    /* samples: each customer's partition holds its item and then its orders */
    assert_contains(md, "#### `PK` = `CUSTOMER#");
    assert_contains(md, "| `PK` | `SK` | Item | Index keys | Attributes |\n|---|---|---|---|---|\n");
    assert_contains(md, "#### Uniqueness guard items\n");
    ddbc_outset_free(&out);
}

static void test_er_diagram_draws_the_foreign_key(void **state)
{
    fixture *f = *state;
    ddbc_config_defaults(&cfg);
    ddbc_design *d = plan(f, NULL);
    ddbc_outset out;
    const char *md = emit(f, d, &out);
    assert_contains(md, "    customers {\n        integer id PK\n        string email UK\n    }\n");
    assert_contains(md, "    orders {\n        integer id PK\n        integer customer_id FK\n    }\n");
    assert_contains(md, "    customers ||--o{ orders : \"customer_id\"\n");
    /* the collection diagram puts orders in their customer's partition */
    assert_contains(md, "        ix0_p0[\"PK = CUSTOMER#{…}\"]\n"
                        "        ix0_p0 --> ix0_p0_0[\"customers<br/>SK = #CUSTOMER\"]\n"
                        "        ix0_p0 --> ix0_p0_1[\"orders<br/>SK = ORDER#{placed_at}#{id}\"]\n");
    assert_contains(md, "    subgraph ix1[\"GSI1: GSI1PK / GSI1SK\"]\n"
                        "        ix1_p0[\"GSI1PK = CUSTOMER_EMAIL#{…}\"]\n");
    ddbc_outset_free(&out);
}

static void test_offset_is_listed_as_refused_with_code_and_hint(void **state)
{
    fixture *f = *state;
    ddbc_config_defaults(&cfg);
    ddbc_design *d = plan(f, offset_query);
    assert_int_equal(pattern(d, "PageOrders")->status, DDBC_PATTERN_REJECTED);
    ddbc_outset out;
    const char *md = emit(f, d, &out);
    assert_contains(md, "| Patterns refused | 1 |\n");
    assert_contains(md, "### Refused\n\n| Pattern | Source | Why |\n|---|---|---|\n"
                        "| `PageOrders` | `queries.sql:10` | E0403: pattern 'PageOrders' uses OFFSET; "
                        "DynamoDB pages with a cursor and cannot skip rows without reading them — hint: "
                        "drop OFFSET and page with the cursor the generated function returns "
                        "(LastEvaluatedKey) |\n");
    /* the warnings table places it at the OFFSET clause */
    assert_contains(md, "| `queries.sql:10:80` | error | E0403 | pattern 'PageOrders' uses OFFSET;");
    /* not priced, and no read row */
    assert_lacks(md, "| `PageOrders` | read |");
    assert_lacks(md, "| `PageOrders` | `queries.sql:10` | Query");
    ddbc_outset_free(&out);
}

/* With every default rate at zero, only the named patterns cost anything:
 * GetCustomer 4/s × 0.5 RRU × 2,592,000 s = 5,184,000 RRU at $1/M = $5.184;
 * CreateCustomer 2/s × 10 WRU × 2,592,000 s = 51,840,000 WRU at $2/M = $103.68;
 * no items stored.  Total $108.864. */
static void test_cost_total_follows_configured_rates_and_prices(void **state)
{
    fixture *f = *state;
    ddbc_config_defaults(&cfg);
    cfg.default_reads_per_second = 0;
    cfg.default_writes_per_second = 0;
    cfg.price_read_million = 1;
    cfg.price_write_million = 2;
    cfg.items_per_entity = 0;
    ddbc_design *d = plan(f, NULL);
    assert_int_equal(f->diags.errors, 0);
    DDBC_VEC_PUSH(f->arena, cfg.rate_patterns, "GetCustomer");
    DDBC_VEC_PUSH(f->arena, cfg.rate_values, 4.0);
    DDBC_VEC_PUSH(f->arena, cfg.rate_patterns, "CreateCustomer");
    DDBC_VEC_PUSH(f->arena, cfg.rate_values, 2.0);
    DDBC_VEC_PUSH(f->arena, cfg.rate_patterns, "NoSuchPattern");
    DDBC_VEC_PUSH(f->arena, cfg.rate_values, 9.0);
    assert_true(pattern(d, "GetCustomer")->requests.v[0].read_units == 0.5);
    assert_int_equal(pattern(d, "CreateCustomer")->write.write_units, 10);
    ddbc_outset out;
    const char *md = emit(f, d, &out);
    assert_contains(md, "| `GetCustomer` | read | 4 | 0.5 RRU | 5,184,000 | $5.18 |\n");
    assert_contains(md, "| `CreateCustomer` | write | 2 | 10 WRU | 51,840,000 | $103.68 |\n");
    assert_contains(md, "| `ListOrdersByCustomer` | read | 0 (default) | ");
    assert_contains(md, "| Storage | | | | 0.00 GB (0.00 GB billed) | $0.00 |\n");
    assert_contains(md, "| **Total** | | | | 5,184,000 RRU, 51,840,000 WRU | **$108.86** |\n");
    assert_contains(md, "Total per month: reads $5.18 + writes $103.68 + storage $0.00 = $108.86.\n");
    assert_contains(md, "- `cost.rates` names `NoSuchPattern`, which is no pattern of this design: ignored.\n");
    assert_contains(md, "$1 per million read request units, $2 per million write request units, "
                        "$0.25 per GB-month.\n");
    ddbc_outset_free(&out);
}

/* Storage past the free tier is billed: with nothing free and 10^7 items of
 * each entity, the billed gigabytes times the price is the storage line. */
static void test_storage_beyond_free_tier_is_billed(void **state)
{
    fixture *f = *state;
    ddbc_config_defaults(&cfg);
    cfg.default_reads_per_second = 0;
    cfg.default_writes_per_second = 0;
    cfg.free_storage_gb = 0;
    cfg.items_per_entity = 1e7;
    ddbc_design *d = plan(f, NULL);
    ddbc_outset out;
    const char *md = emit(f, d, &out);
    const char *row = strstr(md, "| Storage | | | | ");
    assert_non_null(row);
    double gb = 0, billed = -1, dollars = -1;
    assert_int_equal(sscanf(row, "| Storage | | | | %lf GB (%lf GB billed) | $%lf |", &gb, &billed, &dollars), 3);
    assert_true(gb > 1);
    assert_true(gb == billed);
    /* at least the entities' own items on the table */
    double floor_bytes = 0;
    for (size_t i = 0; i < d->entities.n; i++) floor_bytes += 1e7 * (d->entities.v[i]->max_item_bytes + 100);
    assert_true(gb * 1073741824.0 >= floor_bytes * 0.999);
    /* both printed rounded to cents */
    assert_true(dollars > 0);
    assert_true(dollars - billed * 0.25 < 0.01 && billed * 0.25 - dollars < 0.01);
    ddbc_outset_free(&out);
}

static void test_two_emits_are_byte_identical(void **state)
{
    fixture *f = *state;
    ddbc_config_defaults(&cfg);
    ddbc_design *d = plan(f, offset_query);
    ddbc_outset a, b;
    const char *x = emit(f, d, &a);
    const char *y = emit(f, d, &b);
    assert_int_equal(ddbc_outset_find(&a, "report.md")->len, ddbc_outset_find(&b, "report.md")->len);
    assert_string_equal(x, y);
    ddbc_outset_free(&a);
    ddbc_outset_free(&b);
}

/* A '|' inside a filter or hint must not split the table cell. */
static void test_pipe_in_text_is_escaped(void **state)
{
    fixture *f = *state;
    ddbc_config_defaults(&cfg);
    ddbc_design *d = plan(f, NULL);
    ddbc_diag *g = ddbc_diag_report(&f->diags, DDBC_W0102, DDBC_NO_SPAN, "a | b");
    ddbc_diag_set_hint(&f->diags, g, "c || d");
    ddbc_outset out;
    const char *md = emit(f, d, &out);
    assert_contains(md, "| — | warning | W0102 | a \\| b | c \\|\\| d |\n");
    ddbc_outset_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sections_come_in_order, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_pattern_rows_carry_key_condition_and_read_units, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(test_er_diagram_draws_the_foreign_key, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_offset_is_listed_as_refused_with_code_and_hint, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(test_cost_total_follows_configured_rates_and_prices, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(test_storage_beyond_free_tier_is_billed, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_two_emits_are_byte_identical, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_pipe_in_text_is_escaped, fixture_setup, fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
