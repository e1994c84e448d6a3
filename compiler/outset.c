/* outset.c — the in-memory output files, and the one place that writes out/.
 *
 * Writing compares each file with what is on disk first, stages every changed
 * file in a hidden directory beside out/ and only then renames them into place
 * (or renames the whole staged tree when out/ is new), so an I/O failure leaves
 * out/ as it was.  Unchanged files are left alone (same inode, same mtime) so
 * build tools that watch mtimes do not rebuild for nothing.  Files of earlier
 * runs that this run does not produce are kept: out/ may hold the user's own. */
#define _POSIX_C_SOURCE 200809L

#include "outset.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static _Noreturn void out_of_memory(size_t n)
{
    fprintf(stderr, "ddbc: out of memory (allocating %zu bytes)\n", n);
    abort();
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) out_of_memory(n);
    return p;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

/* "a" + "/" + "b", malloc'd. */
static char *join(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    char *p = xmalloc(na + nb + 2);
    memcpy(p, a, na);
    p[na] = '/';
    memcpy(p + na + 1, b, nb + 1);
    return p;
}

void ddbc_outset_init(ddbc_outset *set)
{
    set->files = NULL;
    set->n = set->cap = 0;
}

void ddbc_outset_free(ddbc_outset *set)
{
    for (size_t i = 0; i < set->n; i++) {
        free(set->files[i].path);
        free(set->files[i].data);
    }
    free(set->files);
    ddbc_outset_init(set);
}

const ddbc_outfile *ddbc_outset_find(const ddbc_outset *set, const char *path)
{
    for (size_t i = 0; i < set->n; i++)
        if (strcmp(set->files[i].path, path) == 0) return &set->files[i];
    return NULL;
}

void ddbc_outset_add(ddbc_outset *set, const char *path, ddbc_strbuf *sb)
{
    size_t len;
    char *data = ddbc_strbuf_take(sb, &len);
    for (size_t i = 0; i < set->n; i++) {
        if (strcmp(set->files[i].path, path) == 0) {
            free(set->files[i].data);
            set->files[i].data = data;
            set->files[i].len = len;
            return;
        }
    }
    if (set->n == set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 8;
        ddbc_outfile *files = realloc(set->files, cap * sizeof *files);
        if (!files) out_of_memory(cap * sizeof *files);
        set->files = files;
        set->cap = cap;
    }
    set->files[set->n++] = (ddbc_outfile){xstrdup(path), data, len};
}

/* Relative, '/'-separated, and never escaping the output directory. */
static bool valid_path(const char *path)
{
    if (!*path || *path == '/') return false;
    for (const char *p = path;;) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
            return false;
        if (!slash) return true;
        p = slash + 1;
    }
}

static int fail(ddbc_strbuf *err, const char *what, const char *path, int e)
{
    if (err) ddbc_strbuf_printf(err, "cannot %s '%s': %s", what, path, strerror(e));
    return -1;
}

/* mkdir -p.  On failure errno says why and *bad names the prefix that failed
 * (malloc'd). */
static int mkdir_p(const char *path, char **bad)
{
    char *p = xstrdup(path);
    for (char *s = p + 1;; s++) {
        bool last = *s == '\0';
        if (*s != '/' && !last) continue;
        if (s[-1] == '/') {       /* a doubled or trailing slash */
            if (last) break;
            continue;
        }
        *s = '\0';
        if (mkdir(p, 0777) != 0) {
            int e = errno;
            struct stat st;
            if (e != EEXIST || stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) {
                *bad = p;
                errno = e == EEXIST ? ENOTDIR : e;
                return -1;
            }
        }
        if (last) break;
        *s = '/';
    }
    free(p);
    return 0;
}

/* Create the directories that will hold `path` (a file) under root. */
static int make_parents(const char *root, const char *path, ddbc_strbuf *err, const char *shown)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return 0;
    char *rel = xstrdup(path);
    rel[slash - path] = '\0';
    char *full = join(root, rel);
    char *bad = NULL;
    int rc = mkdir_p(full, &bad);
    if (rc != 0) {
        int e = errno;
        fail(err, "create directory for", shown, e);
        free(bad);
    }
    free(full);
    free(rel);
    return rc;
}

static int write_file(const char *path, const char *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) return -1;
    while (len > 0) {
        ssize_t w = write(fd, data, len);
        if (w < 0) {
            if (errno == EINTR) continue;
            int e = errno;
            close(fd);
            errno = e;
            return -1;
        }
        data += w;
        len -= (size_t)w;
    }
    return close(fd);
}

/* 1 if the regular file at path holds exactly data, 0 if it differs or is
 * missing, -1 with errno if it cannot be read. */
static int same_content(const char *path, const char *data, size_t len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return errno == ENOENT ? 0 : -1;
    struct stat st;
    int same = 0;
    if (fstat(fd, &st) != 0) {
        same = -1;
    } else if (S_ISREG(st.st_mode) && (size_t)st.st_size == len) {
        char buf[65536];
        size_t off = 0;
        same = 1;
        while (off < len) {
            ssize_t r = read(fd, buf, sizeof buf);
            if (r < 0 && errno == EINTR) continue;
            if (r < 0) {
                same = -1;
                break;
            }
            if (r == 0 || (size_t)r > len - off || memcmp(buf, data + off, (size_t)r) != 0) {
                same = 0;
                break;
            }
            off += (size_t)r;
        }
    }
    int e = errno;
    close(fd);
    errno = e;
    return same;
}

/* Before anything is staged: would dir/path be writable as a regular file?
 * Catches a file where a directory must go (and the reverse) while dir is
 * still untouched. */
static int check_destination(const char *dir, const char *path, ddbc_strbuf *err)
{
    char *full = join(dir, path);
    size_t base = strlen(dir) + 1;
    int rc = 0;
    struct stat st;
    for (char *s = full + base; (s = strchr(s, '/')) != NULL; s++) {
        *s = '\0';
        int r = stat(full, &st);
        if (r != 0 && errno == ENOENT) {
            *s = '/';
            goto done;        /* nothing below exists yet */
        }
        if (r != 0) {
            rc = fail(err, "inspect", full, errno);
            goto done;
        }
        if (!S_ISDIR(st.st_mode)) {
            if (err) ddbc_strbuf_printf(err, "cannot write '%s/%s': '%s' is not a directory",
                                        dir, path, full);
            rc = -1;
            goto done;
        }
        *s = '/';
    }
    if (stat(full, &st) == 0 && !S_ISREG(st.st_mode)) {
        if (err) ddbc_strbuf_printf(err, "cannot write '%s': it exists and is not a regular file", full);
        rc = -1;
    }
done:
    free(full);
    return rc;
}

/* rm -rf for the staging directory; best effort, it is ours alone. */
static void remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d)) != NULL) {
                if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
                char *child = join(path, e->d_name);
                remove_tree(child);
                free(child);
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

typedef struct plan {
    char *dir;          /* the output directory without trailing slashes */
    char *staging;      /* <parent>/.<base>.ddbc-XXXXXX, NULL until created */
    char *root;         /* staging/out: becomes dir when dir is new */
    bool *changed;
} plan;

static void plan_free(plan *p)
{
    if (p->staging) remove_tree(p->staging);
    free(p->dir);
    free(p->staging);
    free(p->root);
    free(p->changed);
}

/* Stage the changed files, then move them into place. */
static int stage_and_commit(const ddbc_outset *set, plan *p, bool exists, ddbc_strbuf *err)
{
    char *slash = strrchr(p->dir, '/');
    const char *base = slash ? slash + 1 : p->dir;
    char *parent = slash ? xstrdup(slash == p->dir ? "/" : p->dir) : xstrdup(".");
    if (slash && slash != p->dir) parent[slash - p->dir] = '\0';
    size_t n = strlen(parent) + strlen(base) + 16;
    char *tmpl = xmalloc(n);
    snprintf(tmpl, n, "%s/.%s.ddbc-XXXXXX", parent, base);
    free(parent);
    if (!mkdtemp(tmpl)) {
        int e = errno;
        fail(err, "create a staging directory beside", p->dir, e);
        free(tmpl);
        return -1;
    }
    p->staging = tmpl;
    /* mkdtemp makes 0700; a plain mkdir inside gets the user's umask, which is
     * what out/ should have when the staged tree becomes out/. */
    p->root = join(p->staging, "out");
    if (mkdir(p->root, 0777) != 0) return fail(err, "create directory", p->root, errno);

    for (size_t i = 0; i < set->n; i++) {
        if (!p->changed[i]) continue;
        const ddbc_outfile *f = &set->files[i];
        char *shown = join(p->dir, f->path);
        char *staged = join(p->root, f->path);
        int rc = make_parents(p->root, f->path, err, shown);
        if (rc == 0 && write_file(staged, f->data, f->len) != 0) rc = fail(err, "write", shown, errno);
        free(staged);
        free(shown);
        if (rc != 0) return -1;
    }

    if (!exists) {
        if (rename(p->root, p->dir) != 0) return fail(err, "create", p->dir, errno);
        return 0;
    }
    for (size_t i = 0; i < set->n; i++) {
        if (!p->changed[i]) continue;
        char *shown = join(p->dir, set->files[i].path);
        int rc = make_parents(p->dir, set->files[i].path, err, shown);
        free(shown);
        if (rc != 0) return -1;
    }
    for (size_t i = 0; i < set->n; i++) {
        if (!p->changed[i]) continue;
        char *staged = join(p->root, set->files[i].path);
        char *final = join(p->dir, set->files[i].path);
        int rc = rename(staged, final) == 0 ? 0 : fail(err, "write", final, errno);
        free(staged);
        free(final);
        if (rc != 0) return -1;
    }
    return 0;
}

int ddbc_outset_write(const ddbc_outset *set, const char *dir, ddbc_strbuf *err)
{
    for (size_t i = 0; i < set->n; i++) {
        if (!valid_path(set->files[i].path)) {
            if (err) ddbc_strbuf_printf(err, "invalid output path '%s'", set->files[i].path);
            return -1;
        }
    }
    if (!dir || !*dir) {
        if (err) ddbc_strbuf_puts(err, "no output directory given");
        return -1;
    }

    plan p = {xstrdup(dir), NULL, NULL, xmalloc(set->n * sizeof(bool))};
    for (size_t len = strlen(p.dir); len > 1 && p.dir[len - 1] == '/';) p.dir[--len] = '\0';

    int rc = -1;
    char *bad = NULL;
    struct stat st;
    bool exists = stat(p.dir, &st) == 0;
    if (exists && !S_ISDIR(st.st_mode)) {
        if (err) ddbc_strbuf_printf(err, "cannot write to '%s': it is not a directory", p.dir);
        goto out;
    }
    if (!exists && errno != ENOENT) {
        fail(err, "inspect", p.dir, errno);
        goto out;
    }
    if (!exists) {
        char *slash = strrchr(p.dir, '/');
        if (slash && slash != p.dir) {
            *slash = '\0';
            int made = mkdir_p(p.dir, &bad);
            int e = errno;
            *slash = '/';
            if (made != 0) {
                fail(err, "create directory", bad, e);
                goto out;
            }
        }
    }

    bool any = !exists;
    for (size_t i = 0; i < set->n; i++) {
        p.changed[i] = true;
        if (!exists) continue;
        if (check_destination(p.dir, set->files[i].path, err) != 0) goto out;
        char *full = join(p.dir, set->files[i].path);
        int same = same_content(full, set->files[i].data, set->files[i].len);
        if (same < 0) fail(err, "read", full, errno);
        free(full);
        if (same < 0) goto out;
        p.changed[i] = same == 0;
        any |= p.changed[i];
    }
    rc = any ? stage_and_commit(set, &p, exists, err) : 0;
out:
    free(bad);
    plan_free(&p);
    return rc;
}

int ddbc_write_file_if_changed(const char *path, const char *data, size_t len, ddbc_strbuf *err)
{
    if (!path || !*path) {
        if (err) ddbc_strbuf_puts(err, "no file name given");
        return -1;
    }
    int same = same_content(path, data, len);
    if (same < 0) return fail(err, "read", path, errno);
    if (same > 0) return 0;

    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');
    const char *base = slash ? path + (slash - dir) + 1 : path;
    if (slash == dir) dir[1] = '\0';
    else if (slash) *slash = '\0';
    else strcpy(dir, ".");
    int rc = 0;
    char *bad = NULL;
    if (slash && mkdir_p(dir, &bad) != 0) {
        rc = fail(err, "create directory", bad, errno);
        free(bad);
        free(dir);
        return rc;
    }
    /* A name no other run picks (pid, then a counter), so O_EXCL never races. */
    size_t n = strlen(dir) + strlen(base) + 48;
    char *tmp = xmalloc(n);
    rc = -1;
    int e = EEXIST;
    for (unsigned k = 0; k < 100 && e == EEXIST; k++) {
        snprintf(tmp, n, "%s/.%s.ddbc-%ld-%u", dir, base, (long)getpid(), k);
        if (write_file(tmp, data, len) == 0) rc = 0;
        else if ((e = errno) != EEXIST) unlink(tmp);   /* ours, if open got that far */
        if (rc == 0) break;
    }
    if (rc != 0) {
        fail(err, "write", path, e);
    } else if (rename(tmp, path) != 0) {
        e = errno;
        unlink(tmp);
        rc = fail(err, "write", path, e);
    }
    free(tmp);
    free(dir);
    return rc;
}
