/* test_config.c — unit tests for ddbc.yaml loading (config.c).
 *
 * Each case writes a YAML file to a temporary directory, loads it, and checks
 * both the values and where the diagnostics point (line:col in the YAML). */
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

#include "config.h"

typedef struct fixture {
    char dir[64];
    char path[128];
    ddbc_arena *arena;
    ddbc_sources sources;
    ddbc_diags diags;
    ddbc_config cfg;
    ddbc_strbuf out;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/ddbc-test-config-XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    snprintf(f->path, sizeof f->path, "%s/ddbc.yaml", f->dir);
    f->arena = ddbc_arena_create();
    ddbc_sources_init(&f->sources, f->arena);
    ddbc_diags_init(&f->diags, f->arena);
    ddbc_config_defaults(&f->cfg);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    unlink(f->path);
    rmdir(f->dir);
    ddbc_strbuf_free(&f->out);
    ddbc_arena_destroy(f->arena);
    free(f);
    return 0;
}

static bool load(fixture *f, const char *yaml)
{
    FILE *fp = fopen(f->path, "wb");
    assert_non_null(fp);
    fputs(yaml, fp);
    fclose(fp);
    return ddbc_config_load(&f->cfg, f->path, &f->sources, f->arena, &f->diags);
}

/* The first line of diagnostic i, with the temporary path replaced by "ddbc.yaml". */
static const char *headline(fixture *f, size_t i)
{
    assert_true(i < f->diags.items.n);
    ddbc_strbuf_reset(&f->out);
    ddbc_diag_render(f->diags.items.v[i], &f->sources, &f->out);
    char *s = f->out.data;
    size_t plen = strlen(f->path);
    if (strncmp(s, f->path, plen) == 0) {
        memmove(s + 9, s + plen, strlen(s + plen) + 1);
        memcpy(s, "ddbc.yaml", 9);
    }
    char *nl = strchr(s, '\n');
    if (nl) *nl = '\0';
    return s;
}

static void defaults(void **state)
{
    fixture *f = *state;
    assert_string_equal(f->cfg.table_name, "app");
    assert_string_equal(f->cfg.pk_attribute, "PK");
    assert_string_equal(f->cfg.sk_attribute, "SK");
    assert_string_equal(f->cfg.c_prefix, "db");
    assert_int_equal(f->cfg.dialect, DDBC_DIALECT_AUTO);
    assert_int_equal(f->cfg.gsi_warn, 10);
    assert_int_equal(f->cfg.gsi_limit, 20);
    assert_int_equal(f->cfg.emit.n, 0);
}

static void valid_file(void **state)
{
    fixture *f = *state;
    assert_true(load(f,
                     "# shop service\n"
                     "table_name: shop-prod.v2\n"
                     "key_attributes:\n"
                     "  partition: pk\n"
                     "  sort: sk\n"
                     "c_prefix: shop\n"
                     "dialect: mysql\n"
                     "gsi: {warn_at: 4, limit: 6}\n"
                     "planner: {unkeyed_patterns: constant_partition}\n"
                     "emit:\n"
                     "  - ir\n"
                     "  - report\n"));
    assert_int_equal(f->diags.items.n, 0);
    assert_string_equal(f->cfg.table_name, "shop-prod.v2");
    assert_string_equal(f->cfg.pk_attribute, "pk");
    assert_string_equal(f->cfg.sk_attribute, "sk");
    assert_string_equal(f->cfg.c_prefix, "shop");
    assert_int_equal(f->cfg.dialect, DDBC_DIALECT_MYSQL);
    assert_int_equal(f->cfg.gsi_warn, 4);
    assert_int_equal(f->cfg.gsi_limit, 6);
    assert_true(f->cfg.unkeyed_constant);
    assert_int_equal(f->cfg.emit.n, 2);
    assert_string_equal(f->cfg.emit.v[0], "ir");
    assert_string_equal(f->cfg.emit.v[1], "report");
    /* Each name keeps where it was written, for the driver's diagnostics. */
    assert_int_equal(f->cfg.emit_spans.n, 2);
    const ddbc_source *src = f->sources.files.v[0];
    ddbc_span s = f->cfg.emit_spans.v[1];
    assert_int_equal(s.file, src->id);
    assert_memory_equal(src->text + s.start, "report", 6);
    assert_int_equal(s.end - s.start, 6);
}

static void emit_as_comma_separated_string(void **state)
{
    fixture *f = *state;
    assert_true(load(f, "emit: ir, report ,c\n"));
    assert_int_equal(f->cfg.emit.n, 3);
    assert_string_equal(f->cfg.emit.v[0], "ir");
    assert_string_equal(f->cfg.emit.v[1], "report");
    assert_string_equal(f->cfg.emit.v[2], "c");
    const ddbc_source *src = f->sources.files.v[0];
    ddbc_span s = f->cfg.emit_spans.v[1];
    assert_memory_equal(src->text + s.start, "report", 6);
    assert_int_equal(s.end - s.start, 6);

    assert_false(load(f, "emit: ir,,c\n"));
    assert_string_equal(headline(f, 0), "ddbc.yaml:1:10: error[E0301]: 'emit' has an empty name");
}

static void empty_and_comment_only_files(void **state)
{
    fixture *f = *state;
    assert_true(load(f, ""));
    assert_true(load(f, "# nothing yet\n"));
    assert_true(load(f, "---\n...\n"));
    assert_int_equal(f->diags.items.n, 0);
    assert_string_equal(f->cfg.table_name, "app");
}

static void unknown_key_warns_with_position(void **state)
{
    fixture *f = *state;
    assert_true(load(f, "table_name: shop\nreplicas: 3\ngsi:\n  limt: 5\n"));
    assert_int_equal(f->diags.items.n, 2);
    assert_int_equal(f->diags.warnings, 2);
    assert_int_equal(f->diags.errors, 0);
    assert_string_equal(headline(f, 0),
                        "ddbc.yaml:2:1: warning[W0006]: unknown configuration key 'replicas'");
    assert_string_equal(headline(f, 1),
                        "ddbc.yaml:4:3: warning[W0006]: unknown configuration key 'gsi.limt'");
    assert_string_equal(f->diags.items.v[1]->hint, "did you mean 'limit'?");
    assert_non_null(strstr(f->diags.items.v[0]->hint, "table_name, key_attributes"));
    assert_string_equal(f->cfg.table_name, "shop");
}

static void positions_count_characters(void **state)
{
    fixture *f = *state;
    /* 'ü' is two bytes but one column; the caret must still land on 'foo'. */
    assert_true(load(f, "{\"\xC3\xBC\": 1, foo: 2}\n"));
    assert_string_equal(headline(f, 0),
                        "ddbc.yaml:1:2: warning[W0006]: unknown configuration key '\xC3\xBC'");
    assert_string_equal(headline(f, 1),
                        "ddbc.yaml:1:10: warning[W0006]: unknown configuration key 'foo'");
    const ddbc_source *src = f->sources.files.v[0];
    ddbc_span s = f->diags.items.v[1]->span;
    assert_memory_equal(src->text + s.start, "foo", 3);
    assert_int_equal(s.end - s.start, 3);
}

static void deployment_and_cost_options(void **state)
{
    fixture *f = *state;
    assert_true(f->cfg.point_in_time_recovery && f->cfg.deletion_protection && !f->cfg.provisioned);
    assert_true(f->cfg.price_read_million == 0.125 && f->cfg.items_per_entity == 100000);
    assert_true(load(f,
                     "billing: {mode: PROVISIONED, read_capacity: 10, max_read_capacity: 200,\n"
                     "          target_utilization: 60}\n"
                     "ttl_attribute: expires_at\n"
                     "stream: NEW_AND_OLD_IMAGES\n"
                     "point_in_time_recovery: false\n"
                     "tags: {team: payments, cost-center: \"42\"}\n"
                     "cost:\n"
                     "  default_reads_per_second: 50\n"
                     "  rates: {GetCustomer: 120.5}\n"
                     "  prices: {read_request_units_per_million: 0.25}\n"));
    assert_int_equal(f->diags.items.n, 0);
    assert_true(f->cfg.provisioned);
    assert_int_equal(f->cfg.read_capacity, 10);
    assert_int_equal(f->cfg.write_capacity, 5);
    assert_int_equal(f->cfg.max_read_capacity, 200);
    assert_int_equal(f->cfg.target_utilization, 60);
    assert_string_equal(f->cfg.ttl_attribute, "expires_at");
    assert_string_equal(f->cfg.stream_view, "NEW_AND_OLD_IMAGES");
    assert_false(f->cfg.point_in_time_recovery);
    assert_true(f->cfg.deletion_protection);
    assert_int_equal(f->cfg.tag_keys.n, 2);
    assert_string_equal(f->cfg.tag_keys.v[1], "cost-center");
    assert_string_equal(f->cfg.tag_values.v[1], "42");
    assert_true(f->cfg.default_reads_per_second == 50);
    assert_string_equal(f->cfg.rate_patterns.v[0], "GetCustomer");
    assert_true(f->cfg.rate_values.v[0] == 120.5);
    assert_true(f->cfg.price_read_million == 0.25 && f->cfg.price_write_million == 0.625);
}

static void deployment_option_errors(void **state)
{
    fixture *f = *state;
    assert_false(load(f,
                      "billing: {mode: ON_DEMAND}\n"
                      "stream: ALL\n"
                      "deletion_protection: yes\n"
                      "cost: {rates: {GetCustomer: -1}}\n"));
    assert_int_equal(f->diags.errors, 4);
    assert_string_equal(headline(f, 0),
                        "ddbc.yaml:1:17: error[E0301]: unknown value 'ON_DEMAND' for 'billing.mode' "
                        "(expected PAY_PER_REQUEST or PROVISIONED)");
    assert_string_equal(headline(f, 1),
                        "ddbc.yaml:2:9: error[E0301]: unknown value 'ALL' for 'stream' (expected off, "
                        "NEW_AND_OLD_IMAGES, NEW_IMAGE, OLD_IMAGE or KEYS_ONLY)");
    assert_string_equal(headline(f, 2),
                        "ddbc.yaml:3:22: error[E0301]: 'deletion_protection' must be true or false, not 'yes'");
    assert_string_equal(headline(f, 3),
                        "ddbc.yaml:4:29: error[E0301]: 'cost.rates.GetCustomer' must be a number of zero "
                        "or more, not '-1'");
}

static void unkeyed_patterns_is_refuse_or_constant_partition(void **state)
{
    fixture *f = *state;
    assert_false(f->cfg.unkeyed_constant);   /* the default refuses */
    assert_false(load(f, "planner:\n  unkeyed_patterns: scan\n"));
    assert_string_equal(headline(f, 0),
                        "ddbc.yaml:2:21: error[E0301]: unknown value 'scan' for "
                        "'planner.unkeyed_patterns' (expected refuse or constant_partition)");
}

static void type_errors(void **state)
{
    fixture *f = *state;
    assert_false(load(f,
                      "table_name: [a, b]\n"
                      "gsi:\n"
                      "  limit: many\n"
                      "  warn_at: \"3\"\n"
                      "key_attributes: PK\n"
                      "c_prefix:\n"
                      "dialect: oracle\n"));
    assert_int_equal(f->diags.errors, 6);
    assert_string_equal(headline(f, 0),
                        "ddbc.yaml:1:13: error[E0301]: 'table_name' must be a string, not a list");
    assert_string_equal(headline(f, 1),
                        "ddbc.yaml:3:10: error[E0301]: 'gsi.limit' must be a whole number, not 'many'");
    assert_string_equal(headline(f, 2),
                        "ddbc.yaml:4:12: error[E0301]: 'gsi.warn_at' must be a whole number, not '3'");
    assert_string_equal(headline(f, 3),
                        "ddbc.yaml:5:17: error[E0301]: 'key_attributes' must be a mapping, not a scalar");
    assert_string_equal(headline(f, 4),
                        "ddbc.yaml:6:10: error[E0301]: 'c_prefix' must be a string, not nothing");
    assert_string_equal(headline(f, 5),
                        "ddbc.yaml:7:10: error[E0301]: unknown dialect 'oracle' (expected postgresql, mysql, sqlite or auto)");
    /* Values that failed keep their defaults. */
    assert_string_equal(f->cfg.table_name, "app");
    assert_int_equal(f->cfg.gsi_limit, 20);
}

static void value_checks(void **state)
{
    fixture *f = *state;
    assert_false(load(f,
                      "table_name: ab\n"
                      "c_prefix: 1shop\n"
                      "gsi:\n"
                      "  limit: 25\n"
                      "key_attributes: {partition: \"P K\"}\n"));
    assert_int_equal(f->diags.errors, 4);
    assert_string_equal(headline(f, 0),
                        "ddbc.yaml:1:13: error[E0301]: 'table_name' must be 3 to 255 letters, digits, '_', '.' or '-', not 'ab'");
    assert_string_equal(headline(f, 1),
                        "ddbc.yaml:2:11: error[E0301]: 'c_prefix' must be a C identifier (at most 63 characters, no keyword), not '1shop'");
    assert_string_equal(headline(f, 2),
                        "ddbc.yaml:4:10: error[E0301]: 'gsi.limit' must be between 1 and 20, not 25");
    assert_non_null(strstr(headline(f, 3), "'key_attributes.partition' must be an attribute name"));

    ddbc_config_defaults(&f->cfg);
    assert_false(load(f, "c_prefix: int\n"));
}

static void options_that_must_agree(void **state)
{
    fixture *f = *state;
    assert_false(load(f, "key_attributes: {partition: K, sort: K}\n"));
    assert_non_null(strstr(headline(f, 0), "must differ (both are 'K')"));

    ddbc_config_defaults(&f->cfg);
    assert_false(load(f, "gsi: {warn_at: 8, limit: 5}\n"));
    assert_non_null(strstr(headline(f, 1), "'gsi.warn_at' (8) is above 'gsi.limit' (5)"));

    /* A lowered limit pulls the default warning threshold down with it. */
    ddbc_config_defaults(&f->cfg);
    size_t errors = f->diags.errors;
    assert_true(load(f, "gsi: {limit: 5}\n"));
    assert_int_equal(f->diags.errors, errors);
    assert_int_equal(f->cfg.gsi_limit, 5);
    assert_int_equal(f->cfg.gsi_warn, 5);
}

static void yaml_syntax_error(void **state)
{
    fixture *f = *state;
    assert_false(load(f, "table_name: shop\ngsi: {limit: 5\nemit: ir\n"));
    assert_int_equal(f->diags.errors, 1);
    const ddbc_diag *d = f->diags.items.v[0];
    assert_int_equal(d->code, DDBC_E0301);
    assert_non_null(strstr(d->message, "YAML syntax error"));
    assert_int_equal(d->span.file, f->sources.files.v[0]->id);
    assert_int_equal(d->notes.n, 1);
    assert_non_null(strstr(headline(f, 0), "ddbc.yaml:3:"));

    assert_false(load(f, "a: b: c\n"));
    assert_non_null(strstr(headline(f, 1), "ddbc.yaml:1:5: error[E0301]: YAML syntax error: "));
}

static void not_a_mapping_and_duplicates(void **state)
{
    fixture *f = *state;
    assert_false(load(f, "- table_name\n"));
    assert_string_equal(headline(f, 0),
                        "ddbc.yaml:1:1: error[E0301]: the configuration must be a mapping of option names to values, not a list");
    assert_false(load(f, "c_prefix: a\nc_prefix: b\n"));
    assert_string_equal(headline(f, 1), "ddbc.yaml:2:1: error[E0301]: 'c_prefix' is given twice");
    assert_int_equal(f->diags.items.v[1]->notes.n, 1);
    assert_false(load(f, "c_prefix: a\n---\nc_prefix: b\n"));
    assert_string_equal(headline(f, 2),
                        "ddbc.yaml:3:1: error[E0301]: the configuration must be a single YAML document");
}

static void missing_file(void **state)
{
    fixture *f = *state;
    assert_false(ddbc_config_load(&f->cfg, "/nonexistent/ddbc.yaml", &f->sources, f->arena, &f->diags));
    assert_int_equal(f->diags.items.v[0]->code, DDBC_E0001);
    assert_string_equal(headline(f, 0),
                        "ddbc: error[E0001]: cannot read configuration '/nonexistent/ddbc.yaml': No such file or directory");
}

static void crlf_and_bom(void **state)
{
    fixture *f = *state;
    assert_true(load(f, "\xEF\xBB\xBFtable_name: shop\r\nnope: 1\r\n"));
    assert_string_equal(headline(f, 0), "ddbc.yaml:2:1: warning[W0006]: unknown configuration key 'nope'");
    assert_string_equal(f->cfg.table_name, "shop");
    assert_true(load(f, "\xEF\xBB\xBF" "zap: 1\n"));
    const ddbc_source *src = f->sources.files.v[1];
    ddbc_span s = f->diags.items.v[1]->span;
    assert_memory_equal(src->text + s.start, "zap", 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(defaults, setup, teardown),
        cmocka_unit_test_setup_teardown(valid_file, setup, teardown),
        cmocka_unit_test_setup_teardown(emit_as_comma_separated_string, setup, teardown),
        cmocka_unit_test_setup_teardown(empty_and_comment_only_files, setup, teardown),
        cmocka_unit_test_setup_teardown(unknown_key_warns_with_position, setup, teardown),
        cmocka_unit_test_setup_teardown(positions_count_characters, setup, teardown),
        cmocka_unit_test_setup_teardown(unkeyed_patterns_is_refuse_or_constant_partition, setup, teardown),
        cmocka_unit_test_setup_teardown(deployment_and_cost_options, setup, teardown),
        cmocka_unit_test_setup_teardown(deployment_option_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(type_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(value_checks, setup, teardown),
        cmocka_unit_test_setup_teardown(options_that_must_agree, setup, teardown),
        cmocka_unit_test_setup_teardown(yaml_syntax_error, setup, teardown),
        cmocka_unit_test_setup_teardown(not_a_mapping_and_duplicates, setup, teardown),
        cmocka_unit_test_setup_teardown(missing_file, setup, teardown),
        cmocka_unit_test_setup_teardown(crlf_and_bom, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
