/* test_source.c — unit tests for input files and positions (source.c).
 *
 * Columns count characters, not bytes, so a caret lines up with what an
 * editor shows; the line table must agree at every edge (CRLF, EOF, no final
 * newline, offsets inside a character). */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "source.h"
#include "strbuf.h"

typedef struct fixture {
    ddbc_arena *arena;
    ddbc_sources sources;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->arena = ddbc_arena_create();
    ddbc_sources_init(&f->sources, f->arena);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    ddbc_arena_destroy(f->arena);
    free(f);
    return 0;
}

static ddbc_source *add(fixture *f, const char *text)
{
    return ddbc_sources_add(&f->sources, "t.sql", text, strlen(text));
}

static void expect_pos(ddbc_source *src, uint32_t off, unsigned line, unsigned col)
{
    unsigned l = 0, c = 0;
    ddbc_source_position(src, off, &l, &c);
    assert_int_equal(l, line);
    assert_int_equal(c, col);
}

static void add_copies_text(void **state)
{
    fixture *f = *state;
    char text[] = "CREATE TABLE t (id int);";
    ddbc_source *a = ddbc_sources_add(&f->sources, "a.sql", text, strlen(text));
    text[0] = 'X';
    assert_string_equal(a->text, "CREATE TABLE t (id int);");
    assert_int_equal(a->len, 24);
    assert_int_equal(a->text[a->len], '\0');
    assert_string_equal(a->path, "a.sql");

    ddbc_source *b = ddbc_sources_add(&f->sources, "b.sql", "x\0y", 3);
    assert_int_equal(b->len, 3);
    assert_memory_equal(b->text, "x\0y", 4);
    assert_int_equal(a->id, 0);
    assert_int_equal(b->id, 1);
    assert_int_equal(f->sources.files.n, 2);
    assert_ptr_equal(f->sources.files.v[1], b);

    ddbc_source *empty = ddbc_sources_add(&f->sources, "e.sql", NULL, 0);
    assert_string_equal(empty->text, "");
    expect_pos(empty, 0, 1, 1);
}

static void positions(void **state)
{
    fixture *f = *state;
    ddbc_source *s = add(f, "ab\ncd\n\nef");
    expect_pos(s, 0, 1, 1);
    expect_pos(s, 1, 1, 2);
    expect_pos(s, 2, 1, 3);    /* the newline belongs to its line */
    expect_pos(s, 3, 2, 1);
    expect_pos(s, 6, 3, 1);
    expect_pos(s, 8, 4, 2);
    expect_pos(s, 9, 4, 3);    /* end of file */
    expect_pos(s, 500, 4, 3);  /* clamped */

    ddbc_source *t = add(f, "x;\n");
    expect_pos(t, 3, 2, 1);    /* past the final newline */
}

static void columns_count_characters(void **state)
{
    fixture *f = *state;
    /* "é" is 2 bytes, "€" 3, "😀" 4. */
    ddbc_source *s = add(f, "-- \xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80 x\n\ty");
    expect_pos(s, 3, 1, 4);
    expect_pos(s, 5, 1, 5);
    expect_pos(s, 8, 1, 6);
    expect_pos(s, 13, 1, 8);   /* 'x' */
    expect_pos(s, 4, 1, 4);    /* inside 'é': the character it belongs to */
    expect_pos(s, 10, 1, 6);   /* inside the emoji */
    expect_pos(s, 16, 2, 2);   /* a tab is one column */

    ddbc_source *bad = add(f, "a\xFF\xFE" "b");
    expect_pos(bad, 3, 1, 4);  /* each ill-formed byte is one column */
}

static void crlf_lines(void **state)
{
    fixture *f = *state;
    ddbc_source *s = add(f, "one\r\ntwo\r\n");
    size_t len;
    const char *l1 = ddbc_source_line(s, 1, &len);
    assert_int_equal(len, 3);
    assert_memory_equal(l1, "one", 3);
    const char *l2 = ddbc_source_line(s, 2, &len);
    assert_int_equal(len, 3);
    assert_memory_equal(l2, "two", 3);
    ddbc_source_line(s, 3, &len);
    assert_int_equal(len, 0);
    expect_pos(s, 5, 2, 1);
}

static void lines(void **state)
{
    fixture *f = *state;
    ddbc_source *s = add(f, "first\nsecond line\nlast");
    size_t len;
    const char *l = ddbc_source_line(s, 2, &len);
    assert_int_equal(len, 11);
    assert_memory_equal(l, "second line", 11);
    l = ddbc_source_line(s, 3, &len);
    assert_int_equal(len, 4);
    assert_memory_equal(l, "last", 4);
    l = ddbc_source_line(s, 4, &len);
    assert_non_null(l);
    assert_int_equal(len, 0);
    l = ddbc_source_line(s, 0, &len);
    assert_non_null(l);
    assert_int_equal(len, 0);
    assert_int_equal(s->nlines, 3);
}

static void many_lines(void **state)
{
    fixture *f = *state;
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    for (int i = 0; i < 100000; i++) ddbc_strbuf_printf(&sb, "line %d\n", i);
    ddbc_source *s = ddbc_sources_add(&f->sources, "big.sql", sb.data, sb.len);
    const char *at = strstr(s->text, "line 76543\n");
    expect_pos(s, (uint32_t)(at - s->text + 5), 76544, 6);
    ddbc_strbuf_free(&sb);
}

static void read_files(void **state)
{
    fixture *f = *state;
    char dir[] = "/tmp/ddbc-test-source-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/schema.sql", dir);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    /* Larger than the first read buffer, with a NUL inside. */
    for (int i = 0; i < 20000; i++) fputs("CREATE TABLE t (id int);\n", fp);
    fputc('\0', fp);
    fputs("tail", fp);
    fclose(fp);

    ddbc_source *s = ddbc_sources_read(&f->sources, path);
    assert_non_null(s);
    assert_int_equal(s->len, 20000 * 25 + 5);
    assert_memory_equal(s->text + s->len - 5, "\0tail", 5);
    assert_int_equal(s->text[s->len], '\0');
    assert_string_equal(s->path, path);

    snprintf(path, sizeof path, "%s/missing.sql", dir);
    errno = 0;
    assert_null(ddbc_sources_read(&f->sources, path));
    assert_int_equal(errno, ENOENT);
    errno = 0;
    assert_null(ddbc_sources_read(&f->sources, dir));
    assert_int_equal(errno, EISDIR);
    assert_int_equal(f->sources.files.n, 1);

    snprintf(path, sizeof path, "%s/schema.sql", dir);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(add_copies_text, setup, teardown),
        cmocka_unit_test_setup_teardown(positions, setup, teardown),
        cmocka_unit_test_setup_teardown(columns_count_characters, setup, teardown),
        cmocka_unit_test_setup_teardown(crlf_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(lines, setup, teardown),
        cmocka_unit_test_setup_teardown(many_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(read_files, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
