/* outset.h — named output files, produced in memory by the backends.
 *
 * Backends are pure functions that add files here; only the driver writes them,
 * all at once, so a failed compile never leaves a half-written out/. */
#ifndef DDBC_OUTSET_H
#define DDBC_OUTSET_H

#include <stddef.h>

#include "strbuf.h"

typedef struct ddbc_outfile {
    char *path;        /* relative to the output directory, '/'-separated */
    char *data;
    size_t len;
} ddbc_outfile;

typedef struct ddbc_outset {
    ddbc_outfile *files;
    size_t n, cap;
} ddbc_outset;

void ddbc_outset_init(ddbc_outset *set);
void ddbc_outset_free(ddbc_outset *set);
/* Add (or replace) a file, taking the contents of sb (sb is reset). */
void ddbc_outset_add(ddbc_outset *set, const char *path, ddbc_strbuf *sb);
const ddbc_outfile *ddbc_outset_find(const ddbc_outset *set, const char *path);

/* Write every file under dir (created if missing, with parents).  All files are
 * first staged in a temporary directory beside dir; only when every one is
 * staged are they renamed into place, so an I/O failure leaves dir as it was.
 * Files in dir that the set does not name are kept.  A file whose content is
 * unchanged is not replaced (its mtime stays).  Returns 0, or -1 with a message
 * in err. */
int ddbc_outset_write(const ddbc_outset *set, const char *dir, ddbc_strbuf *err);

/* Write one file outside any output directory (the depfile) the same way:
 * nothing happens when it already holds data, otherwise the data goes to a
 * hidden file beside it that is then renamed over it, creating missing parent
 * directories.  Returns 0, or -1 with a message in err. */
int ddbc_write_file_if_changed(const char *path, const char *data, size_t len, ddbc_strbuf *err);

#endif
