/* source.c — input files held in the arena, and byte offset → line:column.
 *
 * Passes carry byte spans only; the line table is built the first time a
 * diagnostic needs a position in that file, so a clean compile never pays for it. */
#include "source.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "strbuf.h"

void ddbc_sources_init(ddbc_sources *set, ddbc_arena *arena)
{
    memset(set, 0, sizeof *set);
    set->arena = arena;
}

/* Register text that already lives in the arena, NUL-terminated. */
static ddbc_source *add_owned(ddbc_sources *set, const char *path, const char *text, size_t len)
{
    ddbc_source *src = DDBC_NEW(set->arena, ddbc_source);
    src->id = (uint32_t)set->files.n;
    src->path = ddbc_arena_strdup(set->arena, path);
    src->text = text;
    src->len = len;
    src->arena = set->arena;
    DDBC_VEC_PUSH(set->arena, set->files, src);
    return src;
}

ddbc_source *ddbc_sources_add(ddbc_sources *set, const char *path, const char *text, size_t len)
{
    char *copy = ddbc_arena_alloc(set->arena, len + 1);
    if (len) memcpy(copy, text, len);
    return add_owned(set, path, copy, len);
}

ddbc_source *ddbc_sources_read(ddbc_sources *set, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    errno = 0;
    /* Read straight into the arena: the buffer is the arena's newest block, so
     * growing it extends in place (or reallocs, once large) instead of copying.
     * Start small: a migrations directory is hundreds of short files. */
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (cap - len < 2) {
            size_t ncap = cap ? cap * 2 : 4096;
            buf = ddbc_arena_grow(set->arena, buf, cap, ncap);
            cap = ncap;
        }
        size_t got = fread(buf + len, 1, cap - len - 1, f);
        len += got;
        if (len > UINT32_MAX - 1) {
            fclose(f);
            errno = EFBIG;
            return NULL;
        }
        if (got == 0) break;
    }
    if (ferror(f)) {
        int e = errno ? errno : EIO;
        fclose(f);
        errno = e;
        return NULL;
    }
    fclose(f);
    buf[len] = '\0';
    return add_owned(set, path, buf, len);
}

static void build_lines(ddbc_source *src, ddbc_arena *arena)
{
    size_t n = 1;
    for (const char *p = src->text, *end = src->text + src->len;
         (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
        n++;
    uint32_t *lines = ddbc_arena_alloc(arena, n * sizeof *lines);
    /* A byte order mark is not part of the first line: editors do not show it. */
    if (src->len >= 3 && memcmp(src->text, "\xEF\xBB\xBF", 3) == 0) lines[0] = 3;
    size_t i = 1;
    for (const char *p = src->text, *end = src->text + src->len;
         (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
        lines[i++] = (uint32_t)(p + 1 - src->text);
    src->lines = lines;
    src->nlines = n;
}

static void ensure_lines(ddbc_source *src)
{
    if (!src->lines) build_lines(src, src->arena);
}

void ddbc_source_position(ddbc_source *src, uint32_t offset, unsigned *line, unsigned *col)
{
    ensure_lines(src);
    if (offset > src->len) offset = (uint32_t)src->len;
    size_t lo = 0, hi = src->nlines;       /* lines[lo] <= offset < lines[hi] */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (src->lines[mid] <= offset) lo = mid;
        else hi = mid;
    }
    unsigned c = 1;
    size_t i = src->lines[lo];
    while (i < offset) {
        /* An ill-formed byte is one column, as the diagnostics printer shows it. */
        size_t k = ddbc_utf8_len(src->text + i, src->len - i);
        if (k == 0) k = 1;
        if (i + k > offset) break;         /* offset inside a character: point at it */
        i += k;
        c++;
    }
    *line = (unsigned)(lo + 1);
    *col = c;
}

const char *ddbc_source_line(ddbc_source *src, unsigned line, size_t *len)
{
    ensure_lines(src);
    if (line == 0 || line > src->nlines) {
        *len = 0;
        return "";
    }
    size_t start = src->lines[line - 1];
    size_t end = line < src->nlines ? src->lines[line] - 1 : src->len;
    if (end > start && src->text[end - 1] == '\r') end--;
    *len = end - start;
    return src->text + start;
}
