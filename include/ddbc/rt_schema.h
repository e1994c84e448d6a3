/* rt_schema.h — the design as data, and the engine that runs it.
 *
 * ddbc's generated C (out/c/<prefix>.c) is `static const` descriptors of this
 * header's types plus thin typed wrappers: each wrapper packs its struct or
 * parameters into ddbc_rt_item / ddbc_rt_av values and calls one engine
 * function (rt_entity.c for an entity's own writes, rt_pattern.c for access
 * patterns).  The engine builds every key with keyenc exactly as the
 * compiler's sample items do, so the design in report.md is what runs.
 * Rows handed back hold the entity's columns (key attributes stripped), with
 * column DEFAULTs filled in for attributes an old item lacks. */
#ifndef DDBC_RT_SCHEMA_H
#define DDBC_RT_SCHEMA_H

#include "ddbc/keyenc.h"
#include "ddbc/rt.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- columns ------------------------------------------------------------------- */

/* How a column's value is stored. */
typedef enum ddbc_rt_kind {
    DDBC_RT_STRING,            /* S: text, uuid, enum, date, time, timestamp, interval,
                                  json and arrays (as their SQL text), opaque types */
    DDBC_RT_NUMBER,            /* N: integer, decimal, float */
    DDBC_RT_BOOL,              /* BOOL */
    DDBC_RT_BINARY,            /* B */
} ddbc_rt_kind;

typedef enum ddbc_rt_default {
    DDBC_RT_DEFAULT_NONE,
    DDBC_RT_DEFAULT_VALUE,     /* def_value, in the column's kind ("0", "PENDING", "true") */
    DDBC_RT_DEFAULT_NOW,       /* the current UTC time (ddbc_rt_now_utc) on create */
    DDBC_RT_DEFAULT_ID,        /* SERIAL/AUTO_INCREMENT/identity: ddbc_rt_next_id (NUMBER)
                                  or ddbc_rt_next_ulid (STRING) on create when absent */
    DDBC_RT_DEFAULT_UUID,      /* gen_random_uuid(): a random v4 UUID on create */
} ddbc_rt_default;

typedef struct ddbc_rt_column {
    const char *name;          /* column name = attribute name */
    ddbc_rt_kind kind;
    ddbc_keyenc_type keyenc;   /* how it is encoded when it is a key part */
    bool nullable;
    ddbc_rt_default def;
    const char *def_value;     /* DEFAULT_VALUE; also filled in on read when absent */
    const char *sql_type;      /* normalized SQL type ("numeric(10,2)"), for tools */
} ddbc_rt_column;

/* ---- key templates ----------------------------------------------------------------
 * A key string is its parts joined by '#': a literal tag, or the keyenc form
 * of an attribute's value. */

typedef struct ddbc_rt_part {
    const char *literal;       /* a tag; NULL: a value part */
    const char *attr;          /* value part: the attribute holding the value */
    ddbc_keyenc_type keyenc;
} ddbc_rt_part;

typedef struct ddbc_rt_template {
    const ddbc_rt_part *parts;
    size_t nparts;
} ddbc_rt_template;

/* One conjunct of a sparse-index condition. */
typedef struct ddbc_rt_conjunct {
    const char *attr;
    const char *literal;       /* NULL: attr IS NOT NULL; else attr = literal (column's kind) */
} ddbc_rt_conjunct;

/* An entity's keys on one index.  An item carries pk_attr/sk_attr only while
 * every conjunct holds and every value part is present (sparse index). */
typedef struct ddbc_rt_key {
    const char *index;         /* NULL: the table; else "GSI1" … */
    const char *pk_attr, *sk_attr;
    ddbc_rt_template pk, sk;
    const ddbc_rt_conjunct *when;
    size_t nwhen;
} ddbc_rt_key;

/* A UNIQUE column set: one guard item per value, PK = SK = the rendered
 * template ("UNIQUE#<TAG>#<col>…#<keyenc(value)>…"); no guard while any
 * column is NULL. */
typedef struct ddbc_rt_unique {
    const char *const *columns;
    size_t ncolumns;
    ddbc_rt_template key;
} ddbc_rt_unique;

/* COUNT(*) … GROUP BY kept in counter items: PK/SK built from the counted
 * item; the counter item also holds the group columns and `attr`. */
typedef struct ddbc_rt_counter {
    ddbc_rt_template pk, sk;
    const char *const *group;  /* group-by attributes, copied onto the counter item */
    size_t ngroup;
    const char *attr;          /* "item_count" */
} ddbc_rt_counter;

typedef struct ddbc_rt_entity ddbc_rt_entity;
typedef struct ddbc_rt_request ddbc_rt_request;

/* A foreign key: columns of this entity → columns of `parent`. */
typedef struct ddbc_rt_reference {
    const ddbc_rt_entity *parent;
    const char *const *columns;
    const char *const *parent_columns;
    size_t ncolumns;
    bool cascade;              /* ON DELETE CASCADE */
} ddbc_rt_reference;

/* A parent column copied onto this entity's items (filled on create from the
 * parent, found through `via`'s columns and the parent's base key). */
typedef struct ddbc_rt_copy {
    const char *attr;          /* on this entity: "<parent>_<column>" */
    const char *parent_attr;
    const ddbc_rt_reference *via;
} ddbc_rt_copy;

/* Children found by a request whose ATTR operands read the parent item:
 * deleted before the parent (cascade) and/or given the parent's new values
 * of the copied columns (fan-out). */
typedef struct ddbc_rt_children {
    const ddbc_rt_entity *child;
    const ddbc_rt_request *find;
    bool cascade;
    const ddbc_rt_copy *const *copies;   /* copies on the child fed by this parent */
    size_t ncopies;
} ddbc_rt_children;

struct ddbc_rt_entity {
    const char *name;          /* table name */
    const char *tag;           /* "ORDER" */
    const ddbc_rt_column *columns;
    size_t ncolumns;
    const char *const *primary_key;      /* the SQL primary key's columns */
    size_t nprimary_key;
    const char *const *key_columns;      /* the base key's value attributes: what get,
                                            update and delete take, in template order */
    size_t nkey_columns;
    const ddbc_rt_key *keys;             /* [0] is the table */
    size_t nkeys;
    const ddbc_rt_unique *uniques;
    size_t nuniques;
    const ddbc_rt_counter *const *counters;
    size_t ncounters;
    const ddbc_rt_reference *references;
    size_t nreferences;
    const ddbc_rt_copy *copies;
    size_t ncopies;
    const ddbc_rt_children *children;
    size_t nchildren;
};

/* ---- operands, filters, requests ------------------------------------------------- */

typedef enum ddbc_rt_operand_kind {
    DDBC_RT_ARG_PARAM,         /* the call's argument number `param` (0-based) */
    DDBC_RT_ARG_LITERAL,       /* `literal`, text in `kind`; NULL literal is SQL NULL */
    DDBC_RT_ARG_ATTR,          /* attribute `attr` of the row's item for `binding`
                                  (children look-ups: the parent item, binding 0) */
    DDBC_RT_ARG_FAN_OUT,       /* the current element of the request's fan_out list */
} ddbc_rt_operand_kind;

typedef struct ddbc_rt_operand {
    ddbc_rt_operand_kind kind;
    int param;
    const char *literal;
    int binding;
    const char *attr;
    ddbc_rt_kind vkind;        /* the value's type in filters and conditions */
    ddbc_keyenc_type keyenc;   /* its encoding in keys */
} ddbc_rt_operand;

typedef enum ddbc_rt_op {
    DDBC_RT_EQ, DDBC_RT_NE, DDBC_RT_LT, DDBC_RT_LE, DDBC_RT_GT, DDBC_RT_GE,
    DDBC_RT_BETWEEN, DDBC_RT_BEGINS_WITH, DDBC_RT_IN, DDBC_RT_IS_NULL, DDBC_RT_IS_NOT_NULL,
    DDBC_RT_LIKE,              /* SQL LIKE (PostgreSQL's): '%' any run, '_' one character,
                                  '\' escapes; case-sensitive; checked on the items read
                                  (no expression function matches a pattern) */
} ddbc_rt_op;

/* A WHERE conjunct applied as a FilterExpression (reads) or a
 * ConditionExpression (writes), with SQL's NULL semantics: a comparison with
 * an absent attribute or a NULL value is false, NOT included. */
typedef struct ddbc_rt_filter {
    const char *attr;
    ddbc_rt_op op;
    bool negated;
    const ddbc_rt_operand *args;   /* IN: the list (one PARAM that is an L value: a slice) */
    size_t nargs;
} ddbc_rt_filter;

typedef enum ddbc_rt_end {     /* how a bound key string ends (design.h's ddbc_bound_end) */
    DDBC_RT_END_EXACT,         /* the parts */
    DDBC_RT_END_PREFIX,        /* the parts and '#' */
    DDBC_RT_END_AFTER,         /* the parts and '$' */
    DDBC_RT_END_RAW,           /* the last value encoded as a prefix (LIKE 'p%') */
} ddbc_rt_end;

/* The first nparts parts of a template; value parts take `args` in order. */
typedef struct ddbc_rt_bound {
    const ddbc_rt_template *tmpl;
    size_t nparts;
    const ddbc_rt_operand *args;
    size_t nargs;
    ddbc_rt_end end;
} ddbc_rt_bound;

typedef enum ddbc_rt_request_op { DDBC_RT_GET_ITEM, DDBC_RT_BATCH_GET_ITEM, DDBC_RT_QUERY } ddbc_rt_request_op;
typedef enum ddbc_rt_sk_op { DDBC_RT_SK_NONE, DDBC_RT_SK_EQ, DDBC_RT_SK_BEGINS_WITH, DDBC_RT_SK_BETWEEN } ddbc_rt_sk_op;

/* How a follow-up request's items attach to the rows so far. */
typedef enum ddbc_rt_join {
    DDBC_RT_JOIN_NONE,         /* the first request: its items start the rows */
    DDBC_RT_JOIN_INNER,        /* rows without a match are dropped */
    DDBC_RT_JOIN_LEFT,         /* rows without a match keep an empty item */
} ddbc_rt_join;

struct ddbc_rt_request {
    ddbc_rt_request_op op;
    const char *index;         /* NULL: the table */
    const char *pk_attr, *sk_attr;
    ddbc_rt_bound pk;
    ddbc_rt_sk_op sk_op;
    ddbc_rt_bound sk_lo, sk_hi;
    const ddbc_rt_filter *filters;
    size_t nfilters;
    bool scan_forward;
    int limit_param;           /* >= 0: the limit is that argument */
    long limit;                /* else the literal limit, 0: none */
    int limit_extra;           /* items read beyond the limit (a parent in the collection) */
    /* Entities in the result and the binding each fills (a pre-joined Query
       returns a parent and its children, told apart by their sort keys). */
    const ddbc_rt_entity *const *returns;
    const int *binds;
    size_t nreturns;
    /* IN (…) on a key column: one request (or BatchGetItem key) per operand,
       results merged in sort-key order (scan_forward gives the direction). */
    const ddbc_rt_operand *fan_out;
    size_t nfan_out;
    ddbc_rt_join join;
    int source_binding;        /* follow-ups: the binding whose items feed ATTR operands */
};

/* ---- patterns ---------------------------------------------------------------------- */

typedef struct ddbc_rt_binding {
    const char *alias;
    const ddbc_rt_entity *entity;
} ddbc_rt_binding;

typedef struct ddbc_rt_param {
    const char *name;
    ddbc_rt_kind kind;
    ddbc_keyenc_type keyenc;
    bool nullable;
    bool slice;                /* an L value */
    const char *entity;        /* the column it is compared with, for tools and tests */
    const char *column;
} ddbc_rt_param;

/* One SELECT (or RETURNING) target, for tools and the differential test. */
typedef struct ddbc_rt_target {
    const char *name;          /* the result column's name (alias or column) */
    int binding;               /* -1: COUNT(*) */
    const char *attr;
} ddbc_rt_target;

typedef enum ddbc_rt_write_kind { DDBC_RT_INSERT, DDBC_RT_UPDATE, DDBC_RT_DELETE } ddbc_rt_write_kind;

/* What an INSERT does when its row conflicts (PostgreSQL's ON CONFLICT). */
typedef enum ddbc_rt_conflict {
    DDBC_RT_CONFLICT_FAIL,     /* UNIQUE_VIOLATION */
    DDBC_RT_CONFLICT_NOTHING,  /* DO NOTHING: 0 rows */
    DDBC_RT_CONFLICT_UPDATE,   /* DO UPDATE SET conflict_set on the row with the key */
} ddbc_rt_conflict;

/* How an assignment uses its value. */
typedef enum ddbc_rt_arith {
    DDBC_RT_SET_VALUE,         /* attr = value */
    DDBC_RT_SET_ADD,           /* attr = attr + value (SQL: NULL on either side gives NULL) */
    DDBC_RT_SET_SUB,           /* attr = attr - value */
} ddbc_rt_arith;

/* The arithmetic of a number column in SET_ADD / SET_SUB. */
typedef enum ddbc_rt_numeric {
    DDBC_RT_NUM_INTEGER,       /* 64-bit; overflow is DDBC_RT_INVALID_ARGUMENT */
    DDBC_RT_NUM_DECIMAL,       /* exact, on the decimal text */
    DDBC_RT_NUM_FLOAT,         /* IEEE double */
} ddbc_rt_numeric;

typedef struct ddbc_rt_assign {
    const char *attr;
    ddbc_rt_operand value;     /* PARAM or LITERAL (a NULL literal sets NULL) */
    ddbc_rt_arith arith;       /* zero (SET_VALUE) in descriptors that do not say */
    ddbc_rt_numeric numeric;   /* SET_ADD / SET_SUB only */
} ddbc_rt_assign;

typedef struct ddbc_rt_pattern {
    const char *name;          /* "ListOrdersByCustomer" */
    const char *source;        /* "queries.sql:97" */
    const char *sql;           /* the statement as written */
    bool is_read;
    bool one;                  /* :one */
    bool ordered;              /* ORDER BY given: result order is significant */
    const ddbc_rt_binding *bindings;   /* [0] the FROM table */
    size_t nbindings;
    const ddbc_rt_param *params;
    size_t nparams;
    const ddbc_rt_target *targets;
    size_t ntargets;
    /* reads */
    const ddbc_rt_request *requests;
    size_t nrequests;
    const ddbc_rt_counter *counter;    /* COUNT … GROUP BY: rows are counter items */
    /* writes */
    ddbc_rt_write_kind write;
    const ddbc_rt_assign *set;         /* INSERT values / UPDATE SET */
    size_t nset;
    const ddbc_rt_operand *key;        /* UPDATE/DELETE: the base key's columns
                                          (entity->key_columns order); NULL: use locate */
    const ddbc_rt_request *locate;     /* else a Query finding the rows */
    const ddbc_rt_filter *where;       /* WHERE conjuncts beyond the key, as conditions */
    size_t nwhere;
    /* INSERT … ON CONFLICT: the arbiter is conflict_target's columns (the
       primary key, whose item `key` locates; or one UNIQUE set, DO NOTHING
       only), or any conflict when nconflict_target is 0 (DO NOTHING only).
       A conflict on another constraint stays a UNIQUE_VIOLATION. */
    ddbc_rt_conflict conflict;
    const char *const *conflict_target;
    size_t nconflict_target;
    const ddbc_rt_assign *conflict_set;   /* DO UPDATE SET (values from `args`) */
    size_t nconflict_set;
} ddbc_rt_pattern;

/* ---- results ---------------------------------------------------------------------- */

/* One result row: an item per binding (n == 0: absent, LEFT JOIN), or for a
 * counter pattern one counter item (group columns + counter attribute). */
typedef struct ddbc_rt_row {
    ddbc_rt_item *items;
    size_t width;
} ddbc_rt_row;

typedef struct ddbc_rt_rows {
    ddbc_rt_row *v;
    size_t n, cap;
    char *next_cursor;         /* NULL: no more; pass back to continue */
} ddbc_rt_rows;

#define DDBC_RT_ROWS_INIT {NULL, 0, 0, NULL}
void ddbc_rt_rows_free(ddbc_rt_rows *rows);   /* frees contents, leaves it empty */

/* ---- the engine ---------------------------------------------------------------------- */

/* Create: generated ids and defaults filled, every key attribute built, the
 * item put with attribute_not_exists(PK) together with its guard items and
 * counter increments in one transaction (a single PutItem when there are
 * none).  UNIQUE_VIOLATION when a guard or the key is taken; nothing is
 * written then.  `out` (may be NULL) receives the row as stored. */
ddbc_rt_status ddbc_rt_entity_create(ddbc_rt_client *c, const char *table, const ddbc_rt_entity *e,
                                     const ddbc_rt_item *row, ddbc_rt_item *out);
/* Get by the base key: `key` holds e->key_columns.  NOT_FOUND when absent. */
ddbc_rt_status ddbc_rt_entity_get(ddbc_rt_client *c, const char *table, const ddbc_rt_entity *e,
                                  const ddbc_rt_item *key, ddbc_rt_item *out);
/* Update the item with base key `key`: every attribute in `set` (a NULL
 * value sets SQL NULL) and every key attribute derived from them, rebuilt
 * whole; guards swapped, counters moved, copies fanned out, a changed base
 * key moved (delete + put) — all conditioned on the item being as read, so a
 * concurrent writer gives CONDITION_FAILED rather than a stale index.
 * `where` conjuncts (may be 0) must hold on the old item (else
 * CONDITION_FAILED).  `out` (may be NULL) receives the new row. */
ddbc_rt_status ddbc_rt_entity_update(ddbc_rt_client *c, const char *table, const ddbc_rt_entity *e,
                                     const ddbc_rt_item *key, const ddbc_rt_item *set,
                                     const ddbc_rt_filter *where, size_t nwhere,
                                     const ddbc_rt_av *args, size_t nargs, ddbc_rt_item *out);
/* As ddbc_rt_entity_update, and each SET_ADD / SET_SUB assignment of `calc`
 * (others are ignored; values from `args`) computed from the item as read:
 * `n = n + v` with SQL semantics (a NULL side leaves NULL; integer overflow
 * is INVALID_ARGUMENT).  The write is conditioned on the item as read; when
 * a concurrent writer changes it first, the read-compute-write is retried
 * (a bounded number of times, then TRANSACTION_CANCELED), so no increment is
 * lost.  A retried read that no longer meets `where` is CONDITION_FAILED. */
ddbc_rt_status ddbc_rt_entity_update_calc(ddbc_rt_client *c, const char *table, const ddbc_rt_entity *e,
                                          const ddbc_rt_item *key, const ddbc_rt_item *set,
                                          const ddbc_rt_assign *calc, size_t ncalc,
                                          const ddbc_rt_filter *where, size_t nwhere,
                                          const ddbc_rt_av *args, size_t nargs, ddbc_rt_item *out);
/* Delete by base key: children cascaded first, guards freed, counters
 * decremented.  NOT_FOUND when absent, CONDITION_FAILED when `where` fails. */
ddbc_rt_status ddbc_rt_entity_delete(ddbc_rt_client *c, const char *table, const ddbc_rt_entity *e,
                                     const ddbc_rt_item *key, const ddbc_rt_filter *where,
                                     size_t nwhere, const ddbc_rt_av *args, size_t nargs);

/* Run a read pattern: `args` are the parameters in order (NULL type for SQL
 * NULL, L for slices).  With a limit, pages are read until the limit is met
 * or the collection ends; without one, one round of pages up to 1 MB each.
 * `cursor` (NULL: from the start) continues where a previous call's
 * next_cursor left off. */
ddbc_rt_status ddbc_rt_pattern_read(ddbc_rt_client *c, const char *table, const ddbc_rt_pattern *p,
                                    const ddbc_rt_av *args, size_t nargs, const char *cursor,
                                    ddbc_rt_rows *out);
/* Run a write pattern; `affected` (may be NULL) receives the rows changed,
 * `returning` (may be NULL) the rows as written.  An INSERT with a conflict
 * action creates the row; when the arbiter's key or value is taken, DO
 * NOTHING is 0 rows and DO UPDATE updates that row (1 row), conditioned on
 * it as read and retried a bounded number of times when it changes or
 * vanishes meanwhile (then TRANSACTION_CANCELED). */
ddbc_rt_status ddbc_rt_pattern_write(ddbc_rt_client *c, const char *table, const ddbc_rt_pattern *p,
                                     const ddbc_rt_av *args, size_t nargs, long *affected,
                                     ddbc_rt_items *returning);

/* ---- helpers shared by the engine and the generated code ---------------------------- */

/* Render `nparts` parts of t (all when nparts == t->nparts) from an item's
 * attributes; false when a value part is absent or not encodable. */
bool ddbc_rt_template_render(const ddbc_rt_template *t, size_t nparts, const ddbc_rt_item *item,
                             char **out, size_t *len);
/* Turn a stored item into the entity's row: every index's key attributes
 * removed (copied parent columns stay: they are values, not keys), DEFAULT
 * values filled in where absent. */
ddbc_rt_status ddbc_rt_entity_row(const ddbc_rt_entity *e, ddbc_rt_item *item);
/* A typed value from its text in `kind` ("12", "true", raw bytes). */
ddbc_rt_status ddbc_rt_av_from_text(ddbc_rt_av *out, ddbc_rt_kind kind, const char *text, size_t len);

/* ---- reflection: the generated module as data --------------------------------------- */

/* Typed accessors wrapped for tools and tests: each packs the item into the
 * generated struct, calls the typed function, and unpacks what it returns. */
typedef struct ddbc_rt_entity_api {
    const ddbc_rt_entity *entity;
    ddbc_rt_status (*create)(ddbc_rt_client *c, const ddbc_rt_item *row, ddbc_rt_item *out);
    ddbc_rt_status (*get)(ddbc_rt_client *c, const ddbc_rt_item *key, ddbc_rt_item *out);
    ddbc_rt_status (*update)(ddbc_rt_client *c, const ddbc_rt_item *row);  /* whole row */
    ddbc_rt_status (*remove)(ddbc_rt_client *c, const ddbc_rt_item *key);
} ddbc_rt_entity_api;

typedef struct ddbc_rt_pattern_api {
    const ddbc_rt_pattern *pattern;
    /* reads: rows as the typed function returned them */
    ddbc_rt_status (*read)(ddbc_rt_client *c, const ddbc_rt_av *args, size_t nargs,
                           const char *cursor, ddbc_rt_rows *out);
    /* writes */
    ddbc_rt_status (*write)(ddbc_rt_client *c, const ddbc_rt_av *args, size_t nargs,
                            long *affected);
} ddbc_rt_pattern_api;

typedef struct ddbc_rt_schema {
    const char *prefix;        /* "shop" */
    const char *table;         /* the design's table name */
    const ddbc_rt_entity_api *entities;
    size_t nentities;
    const ddbc_rt_pattern_api *patterns;   /* served patterns, declared then inferred */
    size_t npatterns;
} ddbc_rt_schema;

#ifdef __cplusplus
}
#endif

#endif
