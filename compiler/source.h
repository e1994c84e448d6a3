/* source.h — the input files of one compilation and byte spans into them.
 *
 * Every AST and IR node carries a span (file id + byte offsets).  Line and column
 * are computed only when a diagnostic is printed, from a line table built lazily. */
#ifndef DDBC_SOURCE_H
#define DDBC_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "vec.h"

/* A byte range [start, end) of one source file.  file == DDBC_NO_FILE means the
 * span points nowhere (command line, configuration, synthesized nodes). */
typedef struct ddbc_span {
    uint32_t file;
    uint32_t start;
    uint32_t end;
} ddbc_span;

#define DDBC_NO_FILE UINT32_MAX
#define DDBC_NO_SPAN ((ddbc_span){DDBC_NO_FILE, 0, 0})

typedef struct ddbc_source {
    uint32_t id;        /* index in ddbc_sources */
    const char *path;   /* as given on the command line, or dir/name for directory members */
    const char *text;   /* file contents, NUL-terminated (embedded NULs possible) */
    size_t len;
    uint32_t *lines;    /* byte offset of each line start; built on first use */
    size_t nlines;
    ddbc_arena *arena;  /* where the line table is built (the set's arena) */
} ddbc_source;

typedef struct ddbc_sources {
    ddbc_arena *arena;
    DDBC_VEC(ddbc_source *) files;
} ddbc_sources;

void ddbc_sources_init(ddbc_sources *set, ddbc_arena *arena);

/* Add an in-memory file (text is copied into the arena). */
ddbc_source *ddbc_sources_add(ddbc_sources *set, const char *path, const char *text, size_t len);

/* Read the file at path and add it.  Returns NULL with errno set when it cannot
 * be read (EFBIG when it is too large for a span to address). */
ddbc_source *ddbc_sources_read(ddbc_sources *set, const char *path);

/* 1-based line and column of a byte offset.  Columns count UTF-8 characters, so
 * a caret lines up with what an editor shows. */
void ddbc_source_position(ddbc_source *src, uint32_t offset, unsigned *line, unsigned *col);

/* The text of line `line` (1-based) without its newline. */
const char *ddbc_source_line(ddbc_source *src, unsigned line, size_t *len);

/* Span covering a through b (same file). */
static inline ddbc_span ddbc_span_join(ddbc_span a, ddbc_span b)
{
    ddbc_span s = a;
    if (b.file == a.file) {
        if (b.start < s.start) s.start = b.start;
        if (b.end > s.end) s.end = b.end;
    }
    return s;
}

#endif
