/* compiler.h — the one call the CLI makes: inputs + options → diagnostics and out/.
 *
 * The compiler is a library behind a thin CLI (main.c only parses argv). */
#ifndef DDBC_COMPILER_H
#define DDBC_COMPILER_H

#include <stdbool.h>
#include <stdio.h>

#include "parse.h"

#define DDBC_VERSION "0.1.0"

/* Exit statuses. */
enum { DDBC_EXIT_OK = 0, DDBC_EXIT_INPUT = 1, DDBC_EXIT_USAGE = 2 };

typedef struct ddbc_options {
    const char **inputs;       /* files or directories, in order */
    int ninputs;
    const char *out_dir;       /* required unless check */
    const char *config_path;   /* NULL: ./ddbc.yaml if it exists, else defaults */
    const char *emit;          /* comma-separated list; NULL: config or default */
    bool check;                /* diagnose only, write nothing */
    bool verbose;              /* print every skipped statement, not a summary */
    ddbc_dialect dialect;      /* from --dialect; AUTO unless given */
    bool dialect_given;
    const char *lock_path;     /* --lock; NULL: out_dir/ddbc.lock when it exists */
    bool allow_rewrite;        /* a locked key template may change */
    bool keep_going;           /* write the design even when patterns are refused */
    const char *prefix;        /* --prefix: overrides c_prefix of ddbc.yaml; NULL: the config's */
    const char *depfile;       /* --depfile: Makefile-syntax dependencies of the outputs; NULL: none */
} ddbc_options;

/* Run one compilation.  Diagnostics are printed to diag_out.  Returns a
 * DDBC_EXIT_* status. */
int ddbc_compile(const ddbc_options *opts, FILE *diag_out);

#endif
