/* test_outset.c — unit tests for the output set and its atomic write (outset.c).
 *
 * Each test works in its own mkdtemp directory under /tmp.  The properties that
 * matter: a failed write leaves out/ exactly as it was, unchanged files keep
 * their inode and mtime (build tools see nothing new), files of earlier runs
 * are kept, and no staging directory or temporary file is ever left behind. */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outset.h"

typedef struct fixture {
    char root[64];
    ddbc_outset set;
    ddbc_strbuf err;
} fixture;

static char *path_in(const fixture *f, const char *rel)
{
    static char buf[4][512];
    static int next;
    char *p = buf[next++ % 4];
    snprintf(p, sizeof buf[0], "%s/%s", f->root, rel);
    return p;
}

static void remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *e;
        while (d && (e = readdir(d)) != NULL) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
            char child[1024];
            snprintf(child, sizeof child, "%s/%s", path, e->d_name);
            remove_tree(child);
        }
        if (d) closedir(d);
        rmdir(path);
    } else {
        unlink(path);
    }
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    strcpy(f->root, "/tmp/ddbc-test-outset-XXXXXX");
    if (!mkdtemp(f->root)) return -1;
    ddbc_outset_init(&f->set);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    remove_tree(f->root);
    ddbc_outset_free(&f->set);
    ddbc_strbuf_free(&f->err);
    free(f);
    return 0;
}

static void add(fixture *f, const char *path, const char *text)
{
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    ddbc_strbuf_puts(&sb, text);
    ddbc_outset_add(&f->set, path, &sb);
    assert_null(sb.data);
    ddbc_strbuf_free(&sb);
}

static void write_text(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static void assert_file(const char *path, const char *want)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    fclose(fp);
    buf[n] = '\0';
    assert_string_equal(buf, want);
}

static bool exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* Nothing named like a staging directory is left in dir. */
static void assert_no_staging(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) assert_null(strstr(e->d_name, ".ddbc-"));
    closedir(d);
}

static void set_old_mtime(const char *path)
{
    struct timespec times[2] = {{1000000000, 0}, {1000000000, 0}};
    assert_int_equal(utimensat(AT_FDCWD, path, times, 0), 0);
}

static time_t mtime_of(const char *path)
{
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    return st.st_mtime;
}

static void add_find_replace(void **state)
{
    fixture *f = *state;
    add(f, "ir.json", "{}");
    add(f, "c/db.h", "int x;");
    add(f, "ir.json", "{\"v\":1}");
    assert_int_equal(f->set.n, 2);
    const ddbc_outfile *ir = ddbc_outset_find(&f->set, "ir.json");
    assert_non_null(ir);
    assert_string_equal(ir->data, "{\"v\":1}");
    assert_int_equal(ir->len, 7);
    assert_null(ddbc_outset_find(&f->set, "report.md"));
    /* An empty builder gives an empty, non-NULL file. */
    ddbc_strbuf empty = DDBC_STRBUF_INIT;
    ddbc_outset_add(&f->set, "empty.txt", &empty);
    const ddbc_outfile *e = ddbc_outset_find(&f->set, "empty.txt");
    assert_non_null(e->data);
    assert_int_equal(e->len, 0);
}

static void writes_new_directory_with_parents(void **state)
{
    fixture *f = *state;
    add(f, "ir.json", "{}\n");
    add(f, "terraform/main.tf", "resource {}\n");
    add(f, "c/db.h", "#pragma once\n");
    add(f, "c/db.c", "#include \"db.h\"\n");
    char out[512];
    strcpy(out, path_in(f, "a/b/out/"));
    assert_int_equal(ddbc_outset_write(&f->set, out, &f->err), 0);
    assert_string_equal(ddbc_strbuf_cstr(&f->err), "");
    assert_file(path_in(f, "a/b/out/ir.json"), "{}\n");
    assert_file(path_in(f, "a/b/out/terraform/main.tf"), "resource {}\n");
    assert_file(path_in(f, "a/b/out/c/db.h"), "#pragma once\n");
    assert_file(path_in(f, "a/b/out/c/db.c"), "#include \"db.h\"\n");
    assert_no_staging(path_in(f, "a/b"));

    /* The new directory gets the umask's permissions, not mkdtemp's 0700. */
    mode_t mask = umask(022);
    umask(mask);
    struct stat st;
    assert_int_equal(stat(path_in(f, "a/b/out"), &st), 0);
    assert_int_equal(st.st_mode & 0777, 0777 & ~mask);
}

static void empty_set_creates_the_directory(void **state)
{
    fixture *f = *state;
    assert_int_equal(ddbc_outset_write(&f->set, path_in(f, "out"), &f->err), 0);
    struct stat st;
    assert_int_equal(stat(path_in(f, "out"), &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    assert_no_staging(f->root);
}

static void unchanged_files_keep_their_mtime(void **state)
{
    fixture *f = *state;
    char out[512];
    strcpy(out, path_in(f, "out"));
    add(f, "same.txt", "same\n");
    add(f, "sub/changes.txt", "v1\n");
    assert_int_equal(ddbc_outset_write(&f->set, out, &f->err), 0);
    set_old_mtime(path_in(f, "out/same.txt"));
    set_old_mtime(path_in(f, "out/sub/changes.txt"));
    write_text(path_in(f, "out/unrelated.txt"), "mine\n");

    add(f, "sub/changes.txt", "v2\n");
    assert_int_equal(ddbc_outset_write(&f->set, out, &f->err), 0);
    assert_int_equal(mtime_of(path_in(f, "out/same.txt")), 1000000000);
    assert_true(mtime_of(path_in(f, "out/sub/changes.txt")) > 1000000000);
    assert_file(path_in(f, "out/sub/changes.txt"), "v2\n");
    assert_file(path_in(f, "out/unrelated.txt"), "mine\n");   /* files not in the set are kept */
    assert_no_staging(f->root);

    /* Nothing changed at all: nothing is touched. */
    set_old_mtime(path_in(f, "out/sub/changes.txt"));
    assert_int_equal(ddbc_outset_write(&f->set, out, &f->err), 0);
    assert_int_equal(mtime_of(path_in(f, "out/sub/changes.txt")), 1000000000);

    /* Same size, different bytes is a change. */
    add(f, "same.txt", "SAME\n");
    assert_int_equal(ddbc_outset_write(&f->set, out, &f->err), 0);
    assert_file(path_in(f, "out/same.txt"), "SAME\n");
}

static ino_t inode_of(const char *path)
{
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    return st.st_ino;
}

/* Unchanged files are not even opened for writing: same inode, same mtime.  A
 * changed one is replaced (a new inode: renamed into place, never truncated
 * under a reader).  A file an earlier run wrote and this one does not is kept. */
static void unchanged_files_keep_their_inode(void **state)
{
    fixture *f = *state;
    char out[512];
    strcpy(out, path_in(f, "out"));
    add(f, "c/db.h", "int a;\n");
    add(f, "c/db.c", "#include \"db.h\"\n");
    add(f, "old.txt", "from the first run\n");
    assert_int_equal(ddbc_outset_write(&f->set, out, &f->err), 0);
    set_old_mtime(path_in(f, "out/c/db.h"));
    set_old_mtime(path_in(f, "out/c/db.c"));
    ino_t h = inode_of(path_in(f, "out/c/db.h")), c = inode_of(path_in(f, "out/c/db.c"));

    ddbc_outset_free(&f->set);
    add(f, "c/db.h", "int a;\n");
    add(f, "c/db.c", "#include \"db.h\"\nint b;\n");
    assert_int_equal(ddbc_outset_write(&f->set, out, &f->err), 0);
    assert_int_equal(inode_of(path_in(f, "out/c/db.h")), h);
    assert_int_equal(mtime_of(path_in(f, "out/c/db.h")), 1000000000);
    assert_true(inode_of(path_in(f, "out/c/db.c")) != c);
    assert_true(mtime_of(path_in(f, "out/c/db.c")) > 1000000000);
    assert_file(path_in(f, "out/c/db.c"), "#include \"db.h\"\nint b;\n");
    assert_file(path_in(f, "out/old.txt"), "from the first run\n");
    assert_no_staging(f->root);
    assert_no_staging(path_in(f, "out"));
    assert_no_staging(path_in(f, "out/c"));

    /* A shorter file with a matching start is a change too. */
    ddbc_outset_free(&f->set);
    add(f, "c/db.h", "int a");
    assert_int_equal(ddbc_outset_write(&f->set, out, &f->err), 0);
    assert_file(path_in(f, "out/c/db.h"), "int a");
}

/* The depfile's writer: compare first, then a hidden file renamed over it. */
static void single_file_written_only_when_changed(void **state)
{
    fixture *f = *state;
    char dep[512];
    strcpy(dep, path_in(f, "deps/sub/app.d"));
    assert_int_equal(ddbc_write_file_if_changed(dep, "a: b\n", 5, &f->err), 0);
    assert_file(dep, "a: b\n");
    set_old_mtime(dep);
    ino_t ino = inode_of(dep);

    assert_int_equal(ddbc_write_file_if_changed(dep, "a: b\n", 5, &f->err), 0);
    assert_int_equal(inode_of(dep), ino);
    assert_int_equal(mtime_of(dep), 1000000000);

    assert_int_equal(ddbc_write_file_if_changed(dep, "a: c\n", 5, &f->err), 0);
    assert_file(dep, "a: c\n");
    assert_true(mtime_of(dep) > 1000000000);
    assert_no_staging(path_in(f, "deps/sub"));
    assert_string_equal(ddbc_strbuf_cstr(&f->err), "");

    /* A regular file where a parent directory must go: an error, nothing written. */
    write_text(path_in(f, "plain"), "x");
    assert_int_equal(ddbc_write_file_if_changed(path_in(f, "plain/app.d"), "a: b\n", 5, &f->err), -1);
    assert_non_null(strstr(ddbc_strbuf_cstr(&f->err), "plain"));
    assert_file(path_in(f, "plain"), "x");

    /* The path is a directory: it cannot be read as the old content. */
    ddbc_strbuf_reset(&f->err);
    assert_int_equal(ddbc_write_file_if_changed(path_in(f, "deps"), "a: b\n", 5, &f->err), -1);
    assert_true(f->err.len > 0);
}

static void failure_leaves_existing_directory_untouched(void **state)
{
    fixture *f = *state;
    char out[512];
    strcpy(out, path_in(f, "out"));
    add(f, "x.txt", "old\n");
    assert_int_equal(ddbc_outset_write(&f->set, out, &f->err), 0);
    /* A regular file where the set needs a directory. */
    write_text(path_in(f, "out/a"), "not a directory\n");

    add(f, "x.txt", "new\n");
    add(f, "a/b.txt", "cannot go here\n");
    assert_int_equal(ddbc_outset_write(&f->set, out, &f->err), -1);
    assert_non_null(strstr(ddbc_strbuf_cstr(&f->err), "not a directory"));
    assert_file(path_in(f, "out/x.txt"), "old\n");
    assert_file(path_in(f, "out/a"), "not a directory\n");
    assert_no_staging(f->root);

    /* And the reverse: a directory where the set has a file. */
    ddbc_outset_free(&f->set);
    ddbc_strbuf_reset(&f->err);
    assert_int_equal(mkdir(path_in(f, "out/d"), 0777), 0);
    add(f, "x.txt", "new\n");
    add(f, "d", "file\n");
    assert_int_equal(ddbc_outset_write(&f->set, out, &f->err), -1);
    assert_true(f->err.len > 0);
    assert_file(path_in(f, "out/x.txt"), "old\n");
    assert_no_staging(f->root);
}

static void conflicting_names_in_a_new_directory(void **state)
{
    fixture *f = *state;
    add(f, "a", "file\n");
    add(f, "a/b", "under a file\n");
    assert_int_equal(ddbc_outset_write(&f->set, path_in(f, "out"), &f->err), -1);
    assert_false(exists(path_in(f, "out")));
    assert_no_staging(f->root);
}

static void parent_is_a_regular_file(void **state)
{
    fixture *f = *state;
    write_text(path_in(f, "file"), "x");
    add(f, "ir.json", "{}");
    assert_int_equal(ddbc_outset_write(&f->set, path_in(f, "file/out"), &f->err), -1);
    assert_true(f->err.len > 0);
    assert_file(path_in(f, "file"), "x");
    assert_no_staging(f->root);

    /* The output directory itself is a regular file. */
    ddbc_strbuf_reset(&f->err);
    assert_int_equal(ddbc_outset_write(&f->set, path_in(f, "file"), &f->err), -1);
    assert_non_null(strstr(ddbc_strbuf_cstr(&f->err), "not a directory"));
    assert_file(path_in(f, "file"), "x");
}

static void invalid_paths_are_refused(void **state)
{
    fixture *f = *state;
    static const char *const bad[] = {"/etc/passwd", "../x", "a/../b", "", "a//b", "./a", "a/", "..", "a/."};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        ddbc_outset_free(&f->set);
        ddbc_strbuf_reset(&f->err);
        add(f, "fine.txt", "ok");
        add(f, bad[i], "x");
        assert_int_equal(ddbc_outset_write(&f->set, path_in(f, "out"), &f->err), -1);
        assert_non_null(strstr(ddbc_strbuf_cstr(&f->err), "invalid output path"));
        assert_false(exists(path_in(f, "out")));
    }
    /* Names that merely contain dots are fine. */
    ddbc_outset_free(&f->set);
    add(f, ".hidden/..x/a.b", "ok");
    assert_int_equal(ddbc_outset_write(&f->set, path_in(f, "out"), &f->err), 0);
    assert_file(path_in(f, "out/.hidden/..x/a.b"), "ok");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(add_find_replace, setup, teardown),
        cmocka_unit_test_setup_teardown(writes_new_directory_with_parents, setup, teardown),
        cmocka_unit_test_setup_teardown(empty_set_creates_the_directory, setup, teardown),
        cmocka_unit_test_setup_teardown(unchanged_files_keep_their_mtime, setup, teardown),
        cmocka_unit_test_setup_teardown(unchanged_files_keep_their_inode, setup, teardown),
        cmocka_unit_test_setup_teardown(single_file_written_only_when_changed, setup, teardown),
        cmocka_unit_test_setup_teardown(failure_leaves_existing_directory_untouched, setup, teardown),
        cmocka_unit_test_setup_teardown(conflicting_names_in_a_new_directory, setup, teardown),
        cmocka_unit_test_setup_teardown(parent_is_a_regular_file, setup, teardown),
        cmocka_unit_test_setup_teardown(invalid_paths_are_refused, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
