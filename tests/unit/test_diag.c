/* test_diag.c — unit tests for diagnostics (diag.c), rendered byte for byte.
 *
 * The format is a contract with editors, CI annotators and the golden tests,
 * so every case compares the exact text, including the caret line. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fixture.h"

static ddbc_source *add(fixture *f, const char *path, const char *text)
{
    return ddbc_sources_add(&f->sources, path, text, strlen(text));
}

/* Span of the first occurrence of needle in src, or of `len` bytes from it. */
static ddbc_span span_of(const ddbc_source *src, const char *needle, size_t len)
{
    const char *at = strstr(src->text, needle);
    assert_non_null(at);
    uint32_t start = (uint32_t)(at - src->text);
    return (ddbc_span){src->id, start, start + (uint32_t)len};
}

static const char *render(fixture *f, const ddbc_diag *d)
{
    ddbc_strbuf_reset(&f->out);
    ddbc_diag_render(d, &f->sources, &f->out);
    return ddbc_strbuf_cstr(&f->out);
}

static void code_tables(void **state)
{
    (void)state;
    assert_string_equal(ddbc_diag_code_name(DDBC_E0203), "E0203");
    assert_string_equal(ddbc_diag_code_title(DDBC_E0203), "unknown table in query");
    assert_int_equal(ddbc_diag_code_severity(DDBC_E0203), DDBC_SEV_ERROR);
    assert_string_equal(ddbc_diag_code_name(DDBC_W0006), "W0006");
    assert_int_equal(ddbc_diag_code_severity(DDBC_W0006), DDBC_SEV_WARNING);
    assert_string_equal(ddbc_diag_code_name(DDBC_N0001), "N0001");
    assert_string_equal(ddbc_diag_code_title(DDBC_N0001), "statement skipped");
    assert_int_equal(ddbc_diag_code_severity(DDBC_N0001), DDBC_SEV_NOTE);
    /* Every entry has a name shaped like a code. */
    for (int c = 0; c < DDBC_DIAG_CODE_COUNT; c++) {
        const char *name = ddbc_diag_code_name((ddbc_diag_code)c);
        assert_int_equal(strlen(name), 5);
        assert_non_null(strchr("EWN", name[0]));
    }
}

static void style_guide_example(void **state)
{
    fixture *f = *state;
    ddbc_source *schema = add(f, "schema/schema.sql",
                              "\n\n\n\n\n\n\nCREATE TABLE venues (\n  tags text[]\n);\n");
    ddbc_source *queries = add(f, "schema/queries.sql",
                               "\n\n\n\n\n\n\n\n\n-- name: ListVenues :many\nSELECT * FROM venues\n"
                               "WHERE tags && $1;\n");
    ddbc_diag *d = ddbc_diag_report(&f->diags, DDBC_E0203, span_of(queries, "tags", 4),
                                    "pattern '%s' filters on '%s', a list column; DynamoDB cannot index it",
                                    "ListVenues", "tags");
    ddbc_diag_add_note(&f->diags, d, span_of(schema, "tags", 4), "'%s' declared here", "tags");
    ddbc_diag_set_hint(&f->diags, d,
                       "model each tag as its own item (an adjacency list) so it can be a key");
    assert_string_equal(
        render(f, d),
        "schema/queries.sql:12:7: error[E0203]: pattern 'ListVenues' filters on 'tags', a list column; DynamoDB cannot index it\n"
        "   12 | WHERE tags && $1;\n"
        "      |       ^~~~\n"
        "note: 'tags' declared here: schema/schema.sql:9:3\n"
        "hint: model each tag as its own item (an adjacency list) so it can be a key\n");
    assert_int_equal(f->diags.errors, 1);
    assert_int_equal(f->diags.warnings, 0);
}

static void no_file(void **state)
{
    fixture *f = *state;
    ddbc_diag *d = ddbc_diag_report(&f->diags, DDBC_E0301, DDBC_NO_SPAN, "bad option '%s'", "x");
    ddbc_diag_add_note(&f->diags, d, DDBC_NO_SPAN, "options come from %s", "ddbc.yaml");
    assert_string_equal(render(f, d),
                        "ddbc: error[E0301]: bad option 'x'\n"
                        "note: options come from ddbc.yaml\n");
}

static void warning_and_note_severities(void **state)
{
    fixture *f = *state;
    ddbc_source *s = add(f, "a.sql", "GRANT ALL ON t TO u;\n");
    ddbc_diag *w = ddbc_diag_report(&f->diags, DDBC_W0006, span_of(s, "ALL", 3), "w");
    assert_string_equal(render(f, w),
                        "a.sql:1:7: warning[W0006]: w\n"
                        "    1 | GRANT ALL ON t TO u;\n"
                        "      |       ^~~\n");
    /* Notes are remarks: one line, no quoted source. */
    ddbc_diag *n = ddbc_diag_report(&f->diags, DDBC_N0001, span_of(s, "GRANT", 5),
                                    "skipped 1 statement ddbc has no use for: GRANT (1)");
    assert_string_equal(render(f, n),
                        "a.sql:1:1: note[N0001]: skipped 1 statement ddbc has no use for: GRANT (1)\n");
    assert_int_equal(f->diags.warnings, 1);
    assert_int_equal(f->diags.errors, 0);
    assert_int_equal(f->diags.items.n, 2);
}

static void empty_span_and_end_of_line(void **state)
{
    fixture *f = *state;
    ddbc_source *s = add(f, "a.sql", "SELECT 1\nFROM t\n");
    ddbc_diag *d = ddbc_diag_report(&f->diags, DDBC_E0010, span_of(s, "1", 0), "e");
    assert_string_equal(render(f, d),
                        "a.sql:1:8: error[E0010]: e\n"
                        "    1 | SELECT 1\n"
                        "      |        ^\n");
    /* A span on the newline: the caret goes just past the last character. */
    d = ddbc_diag_report(&f->diags, DDBC_E0011, span_of(s, "\nFROM", 1), "e");
    assert_string_equal(render(f, d),
                        "a.sql:1:9: error[E0011]: e\n"
                        "    1 | SELECT 1\n"
                        "      |         ^\n");
    /* At end of file after the last newline. */
    d = ddbc_diag_report(&f->diags, DDBC_E0004, (ddbc_span){s->id, 16, 16}, "e");
    assert_string_equal(render(f, d),
                        "a.sql:3:1: error[E0004]: e\n"
                        "    3 | \n"
                        "      | ^\n");
}

static void span_cut_at_line_end(void **state)
{
    fixture *f = *state;
    ddbc_source *s = add(f, "a.sql", "SELECT a,\n  b FROM t;\n");
    ddbc_diag *d = ddbc_diag_report(&f->diags, DDBC_E0010, span_of(s, "a,\n  b", 6), "e");
    assert_string_equal(render(f, d),
                        "a.sql:1:8: error[E0010]: e\n"
                        "    1 | SELECT a,\n"
                        "      |        ^~\n");
}

static void tabs_keep_alignment(void **state)
{
    fixture *f = *state;
    ddbc_source *s = add(f, "a.sql", "\tSELECT\tx\tFROM t\n");
    ddbc_diag *d = ddbc_diag_report(&f->diags, DDBC_E0204, span_of(s, "x", 1), "e");
    assert_string_equal(render(f, d),
                        "a.sql:1:9: error[E0204]: e\n"
                        "    1 | \tSELECT\tx\tFROM t\n"
                        "      | \t      \t^\n");
}

static void control_and_invalid_bytes_are_escaped(void **state)
{
    fixture *f = *state;
    ddbc_source *s = add(f, "a.sql", "a\x01" "b\xFF" "cd\xC3\xA9" "e\n");
    ddbc_diag *d = ddbc_diag_report(&f->diags, DDBC_E0002, span_of(s, "\xFF", 1), "e");
    assert_string_equal(render(f, d),
                        "a.sql:1:4: error[E0002]: e\n"
                        "    1 | a\\x01b\\xFFcd\xC3\xA9" "e\n"
                        "      |       ^~~~\n");
    d = ddbc_diag_report(&f->diags, DDBC_E0002, span_of(s, "e\n", 1), "e");
    assert_string_equal(render(f, d),
                        "a.sql:1:8: error[E0002]: e\n"
                        "    1 | a\\x01b\\xFFcd\xC3\xA9" "e\n"
                        "      | " "             ^\n");
    /* A bidirectional override would reorder the terminal line: shown escaped. */
    ddbc_source *t = add(f, "b.sql", "x\xE2\x80\xAEy\n");
    d = ddbc_diag_report(&f->diags, DDBC_E0002, span_of(t, "y", 1), "e");
    assert_string_equal(render(f, d),
                        "b.sql:1:3: error[E0002]: e\n"
                        "    1 | x\\xE2\\x80\\xAEy\n"
                        "      |              ^\n");
}

static void gutter_grows_with_line_number(void **state)
{
    fixture *f = *state;
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    for (int i = 1; i < 12345; i++) ddbc_strbuf_putc(&sb, '\n');
    ddbc_strbuf_puts(&sb, "DROP TABLE x;\n");
    ddbc_source *s = ddbc_sources_add(&f->sources, "big.sql", sb.data, sb.len);
    ddbc_strbuf_free(&sb);
    ddbc_diag *d = ddbc_diag_report(&f->diags, DDBC_W0003, span_of(s, "x;", 1), "w");
    assert_string_equal(render(f, d),
                        "big.sql:12345:12: warning[W0003]: w\n"
                        " 12345 | DROP TABLE x;\n"
                        "       |            ^\n");
}

static void long_lines_are_windowed(void **state)
{
    fixture *f = *state;
    char line[400];
    for (int i = 0; i < 300; i++) line[i] = (char)('a' + i % 26);
    memcpy(line + 250, "TARGET", 6);
    line[300] = '\n';
    line[301] = '\0';
    ddbc_source *s = add(f, "long.sql", line);
    ddbc_diag *d = ddbc_diag_report(&f->diags, DDBC_E0010, span_of(s, "TARGET", 6), "e");
    /* 120 characters ending at the line's end (the caret is near it). */
    ddbc_strbuf want = DDBC_STRBUF_INIT;
    ddbc_strbuf_puts(&want, "long.sql:1:251: error[E0010]: e\n    1 | \xE2\x80\xA6");
    ddbc_strbuf_append(&want, line + 180, 120);
    ddbc_strbuf_puts(&want, "\n      |  ");
    ddbc_strbuf_indent(&want, 70);
    ddbc_strbuf_puts(&want, "^~~~~~\n");
    assert_string_equal(render(f, d), ddbc_strbuf_cstr(&want));

    /* In the middle: ellipses at both ends, 40 characters of lead. */
    ddbc_diag *m = ddbc_diag_report(&f->diags, DDBC_E0010, (ddbc_span){s->id, 100, 103}, "e");
    ddbc_strbuf_reset(&want);
    ddbc_strbuf_puts(&want, "long.sql:1:101: error[E0010]: e\n    1 | \xE2\x80\xA6");
    ddbc_strbuf_append(&want, line + 60, 120);
    ddbc_strbuf_puts(&want, "\xE2\x80\xA6\n      |  ");
    ddbc_strbuf_indent(&want, 40);
    ddbc_strbuf_puts(&want, "^~~\n");
    assert_string_equal(render(f, m), ddbc_strbuf_cstr(&want));
    ddbc_strbuf_free(&want);
}

static void render_all_filters_by_severity(void **state)
{
    fixture *f = *state;
    ddbc_diag_report(&f->diags, DDBC_N0001, DDBC_NO_SPAN, "n");
    ddbc_diag_report(&f->diags, DDBC_W0001, DDBC_NO_SPAN, "w");
    ddbc_diag *e = ddbc_diag_report(&f->diags, DDBC_E0001, DDBC_NO_SPAN, "e");
    ddbc_diag_set_hint(&f->diags, e, "check the %s", "path");
    ddbc_diags_render(&f->diags, &f->sources, DDBC_SEV_WARNING, &f->out);
    assert_string_equal(ddbc_strbuf_cstr(&f->out),
                        "ddbc: warning[W0001]: w\n"
                        "ddbc: error[E0001]: e\n"
                        "hint: check the path\n");
    ddbc_strbuf_reset(&f->out);
    ddbc_diags_render(&f->diags, &f->sources, DDBC_SEV_NOTE, &f->out);
    assert_string_equal(ddbc_strbuf_cstr(&f->out),
                        "ddbc: note[N0001]: n\n"
                        "ddbc: warning[W0001]: w\n"
                        "ddbc: error[E0001]: e\n"
                        "hint: check the path\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(code_tables),
        cmocka_unit_test_setup_teardown(style_guide_example, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(no_file, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(warning_and_note_severities, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(empty_span_and_end_of_line, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(span_cut_at_line_end, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(tabs_keep_alignment, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(control_and_invalid_bytes_are_escaped, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(gutter_grows_with_line_number, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(long_lines_are_windowed, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(render_all_filters_by_severity, fixture_setup, fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
