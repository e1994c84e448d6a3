/* lock.h — the lock file (out/ddbc.lock): the design a later compile must keep.
 *
 * YAML written and read with libyaml.  It records the table, every index, and
 * per entity its type tag, columns, key templates per index (with sparse
 * conditions) and uniqueness guards.  The planner keeps every locked template
 * and index, and classifies each entity's change against it. */
#ifndef DDBC_LOCK_H
#define DDBC_LOCK_H

#include <stdbool.h>

#include "design.h"
#include "diag.h"
#include "outset.h"
#include "source.h"

typedef struct ddbc_lock_index {
    const char *name;          /* "GSI1" */
    const char *pk_attr, *sk_attr;
    bool inverted;
    const char *projection;    /* "ALL" … */
    DDBC_VEC(const char *) include;   /* INCLUDE: the non-key attributes, sorted */
    ddbc_span span;
} ddbc_lock_index;

typedef struct ddbc_lock_key {
    const char *index;         /* "table" or a GSI name */
    const char *pk, *sk;       /* templates as rendered: "CUSTOMER#{customer_id}" */
    const char *condition;     /* NULL: every item */
    ddbc_span span;
} ddbc_lock_key;

typedef struct ddbc_lock_entity {
    const char *name;          /* table name in the schema */
    const char *tag;           /* "CUSTOMER" */
    DDBC_VEC(const char *) columns;      /* column names when locked, in order */
    DDBC_VEC(ddbc_lock_key) keys;        /* base first */
    DDBC_VEC(const char *) guards;       /* each a comma-separated column list: "tenant_id,email" */
    ddbc_span span;
} ddbc_lock_entity;

typedef struct ddbc_lock {
    const char *path;
    const char *table, *pk_attr, *sk_attr;
    DDBC_VEC(ddbc_lock_index) indexes;   /* GSIs in number order */
    DDBC_VEC(ddbc_lock_entity) entities;
} ddbc_lock;

/* Read a lock file.  The file is added to sources so diagnostics point into
 * it.  Returns NULL when it cannot be read or is malformed (E0415 reported,
 * with file:line:col for malformed content). */
ddbc_lock *ddbc_lock_read(const char *path, ddbc_sources *sources, ddbc_arena *arena,
                          ddbc_diags *diags);

/* Parse a rendered template ("ORDER#{placed_at}#{id}") against an entity's
 * columns (and its copied parent attributes, named "<parent>_<column>", which
 * resolve through `copies`).  Returns false if it names an unknown column or
 * is malformed. */
bool ddbc_key_template_parse(const char *text, const ddbc_entity_plan *plan,
                             ddbc_key_template *out, ddbc_arena *arena);

/* Add "ddbc.lock" for the design to out. */
void ddbc_emit_lock(const ddbc_design *d, ddbc_outset *out, ddbc_diags *diags);

#endif
