/* diag.h — diagnostics: collected, never fatal, printed in one format.
 *
 *     path:line:col: error[E0203]: message
 *        12 | WHERE tags && $1
 *           |       ^~~~
 *     note: 'tags' declared here: path:9:3
 *     hint: what would fix it
 *
 * Codes, severities and short titles come from one X-macro table (DDBC_DIAG_CODES),
 * which also yields the enum and the string table. */
#ifndef DDBC_DIAG_H
#define DDBC_DIAG_H

#include <stdbool.h>
#include <stddef.h>

#include "source.h"
#include "strbuf.h"

/* X(code, severity, title)  — add new codes at the end of their group. */
#define DDBC_DIAG_CODES(X)                                                     \
    /* input and lexical */                                                    \
    X(E0001, ERROR, "cannot read input")                                       \
    X(E0002, ERROR, "invalid byte in input")                                   \
    X(E0003, ERROR, "unterminated string")                                     \
    X(E0004, ERROR, "unterminated comment")                                    \
    X(E0005, ERROR, "unterminated dollar-quoted body")                         \
    X(E0006, ERROR, "invalid UTF-8")                                           \
    X(E0007, ERROR, "unterminated quoted identifier")                          \
    X(E0008, ERROR, "token too long")                                          \
    X(E0009, ERROR, "input too deeply nested")                                 \
    X(E0010, ERROR, "syntax error")                                            \
    X(E0011, ERROR, "statement is not terminated")                             \
    X(E0012, ERROR, "empty input")                                             \
    /* catalog (DDL) */                                                        \
    X(E0101, ERROR, "duplicate table")                                         \
    X(E0102, ERROR, "duplicate column")                                        \
    X(E0103, ERROR, "unknown table")                                           \
    X(E0104, ERROR, "unknown column")                                          \
    X(E0105, ERROR, "table has more than one primary key")                     \
    X(E0106, ERROR, "foreign key references unknown table")                    \
    X(E0107, ERROR, "foreign key column count mismatch")                       \
    X(E0108, ERROR, "duplicate type")                                          \
    X(E0109, ERROR, "unknown constraint")                                      \
    X(E0110, ERROR, "table has no columns")                                    \
    /* queries */                                                              \
    X(E0201, ERROR, "query has no name annotation")                            \
    X(E0202, ERROR, "duplicate query name")                                    \
    X(E0203, ERROR, "unknown table in query")                                  \
    X(E0204, ERROR, "unknown column in query")                                 \
    X(E0205, ERROR, "ambiguous column")                                        \
    X(E0206, ERROR, "unknown query kind")                                      \
    X(E0207, ERROR, "duplicate table alias")                                   \
    X(E0208, ERROR, "unsupported statement in query")                          \
    X(E0209, ERROR, "wrong number of values")                                  \
    X(E0210, ERROR, "parameter type conflict")                                 \
    X(E0211, ERROR, "parameters mix numbered and positional styles")           \
    X(E0212, ERROR, "invalid annotation")                                      \
    /* configuration and command line */                                       \
    X(E0301, ERROR, "invalid configuration")                                   \
    X(E0302, ERROR, "TTL attribute is not a column")                           \
    X(E0303, ERROR, "TTL attribute does not hold epoch seconds")               \
    X(E0304, ERROR, "TTL attribute is a key attribute")                        \
    /* planner: patterns DynamoDB cannot serve efficiently, and limits */      \
    X(E0401, ERROR, "pattern would need a Scan")                               \
    X(E0402, ERROR, "OR across attributes")                                    \
    X(E0403, ERROR, "OFFSET cannot be served")                                 \
    X(E0404, ERROR, "predicate on a complex column")                           \
    X(E0405, ERROR, "LIKE with a leading wildcard")                            \
    X(E0406, ERROR, "ORDER BY on independent attributes")                      \
    X(E0407, ERROR, "unbounded aggregate")                                     \
    X(E0408, ERROR, "too many GSIs")                                           \
    X(E0409, ERROR, "item can exceed 400 KB")                                  \
    X(E0410, ERROR, "locked key template would change")                        \
    X(E0411, ERROR, "predicate on an expression")                              \
    X(E0412, ERROR, "table has no key")                                        \
    X(E0413, ERROR, "write would need a Scan")                                 \
    X(E0414, ERROR, "more than one range condition")                           \
    X(E0415, ERROR, "invalid lock file")                                       \
    X(E0416, ERROR, "ORDER BY a nullable column")                              \
    /* warnings */                                                             \
    X(W0001, WARNING, "annotation without a statement")                        \
    X(W0003, WARNING, "object dropped that does not exist")                    \
    X(W0004, WARNING, "unknown column type treated as opaque")                 \
    X(W0005, WARNING, "annotation on a schema statement ignored")              \
    X(W0006, WARNING, "unknown configuration key")                             \
    X(W0007, WARNING, "unknown statement skipped")                             \
    X(W0008, WARNING, "TTL attribute is not an integer")                       \
    X(W0101, WARNING, "many GSIs")                                             \
    X(W0102, WARNING, "hot partition")                                         \
    X(W0103, WARNING, "large items")                                           \
    X(W0104, WARNING, "copied attribute fans out on update")                   \
    X(W0105, WARNING, "cascading delete cannot find the children")            \
    X(W0106, WARNING, "pattern has no generated C function")                   \
    /* notes */                                                                \
    X(N0001, NOTE, "statement skipped")                                        \
    X(N0002, NOTE, "join does not follow a foreign key")                       \
    X(N0003, NOTE, "file not read further")                                    \
    X(N0101, NOTE, "pattern served by several requests")

typedef enum ddbc_severity {
    DDBC_SEV_NOTE,
    DDBC_SEV_WARNING,
    DDBC_SEV_ERROR,
} ddbc_severity;

typedef enum ddbc_diag_code {
#define DDBC_X(code, sev, title) DDBC_##code,
    DDBC_DIAG_CODES(DDBC_X)
#undef DDBC_X
    DDBC_DIAG_CODE_COUNT
} ddbc_diag_code;

const char *ddbc_diag_code_name(ddbc_diag_code code);   /* "E0203" */
const char *ddbc_diag_code_title(ddbc_diag_code code);  /* "unknown column in query" */
ddbc_severity ddbc_diag_code_severity(ddbc_diag_code code);

typedef struct ddbc_diag_note {
    ddbc_span span;        /* DDBC_NO_FILE: a note without location */
    const char *message;
} ddbc_diag_note;

typedef struct ddbc_diag {
    ddbc_diag_code code;
    ddbc_severity severity;
    ddbc_span span;
    const char *message;
    DDBC_VEC(ddbc_diag_note) notes;
    const char *hint;      /* NULL: none */
    const char *pattern;   /* the access pattern it concerns (planner); NULL: none */
} ddbc_diag;

typedef struct ddbc_diags {
    ddbc_arena *arena;
    DDBC_VEC(ddbc_diag *) items;   /* in the order reported */
    size_t errors;                 /* all of them, kept or not */
    size_t warnings;
    size_t max_kept_errors;        /* errors past this are counted, not kept (0: keep all) */
    size_t hidden_errors;
} ddbc_diags;

/* Errors kept for printing by default; a garbage file must not bury the first
 * (and most useful) errors under thousands more. */
#define DDBC_MAX_KEPT_ERRORS 50

void ddbc_diags_init(ddbc_diags *d, ddbc_arena *arena);

/* Report a diagnostic; its severity comes from the code's table entry.  The
 * returned pointer may be given notes and a hint. */
ddbc_diag *ddbc_diag_report(ddbc_diags *d, ddbc_diag_code code, ddbc_span span,
                            const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void ddbc_diag_add_note(ddbc_diags *d, ddbc_diag *diag, ddbc_span span,
                        const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void ddbc_diag_set_hint(ddbc_diags *d, ddbc_diag *diag,
                        const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Print every kept diagnostic at or above min_severity, in report order, then
 * how many errors were not kept. */
void ddbc_diags_render(const ddbc_diags *d, ddbc_sources *sources,
                       ddbc_severity min_severity, ddbc_strbuf *out);
/* Print one diagnostic. */
void ddbc_diag_render(const ddbc_diag *diag, ddbc_sources *sources, ddbc_strbuf *out);

#endif
