/* design.h — the planned DynamoDB single-table design.
 *
 * Made by the planner (plan.c, plan_write.c, infer.c, lock.c) from the checked
 * IR; read by every emitter (design.json, the lock file, and later the report,
 * IaC and C code).  Emitters read this and the IR it points into, nothing else.
 * Everything lives in the compilation arena; lists keep a deterministic order
 * (declaration order of entities and patterns, index number of indexes). */
#ifndef DDBC_DESIGN_H
#define DDBC_DESIGN_H

#include <stdbool.h>

#include "ir.h"
#include "strbuf.h"
#include "vec.h"

typedef struct ddbc_design ddbc_design;

/* ---- key templates ----------------------------------------------------------
 *
 * A key value is a string built from parts joined by '#':
 *     CUSTOMER#{customer_id}          ORDER#{placed_at}#{id}
 * A literal part is a tag made only of [A-Z0-9_] (or a tag led by '#' or '~',
 * which places a parent item first or last in its collection).  A column part
 * is the column's value encoded by keyenc (include/ddbc/keyenc.h): injective
 * and order-preserving, so no value can forge another item's key and string
 * order equals value order inside composite sort keys. */

typedef enum ddbc_part_kind {
    DDBC_PART_LITERAL,
    DDBC_PART_COLUMN,
} ddbc_part_kind;

typedef struct ddbc_key_part {
    ddbc_part_kind kind;
    const char *literal;       /* LITERAL */
    ddbc_column *column;       /* COLUMN */
    const char *attr;          /* COLUMN: the item attribute holding the value when it
                                  is not the column's own name (a copied parent column,
                                  "<parent>_<column>"); NULL: column->name */
} ddbc_key_part;

typedef struct ddbc_key_template {
    DDBC_VEC(ddbc_key_part) parts;   /* never empty */
} ddbc_key_template;

/* "CUSTOMER#{customer_id}" */
void ddbc_key_template_render(const ddbc_key_template *t, ddbc_strbuf *sb);
const char *ddbc_key_template_str(const ddbc_key_template *t, ddbc_arena *arena);
bool ddbc_key_template_equal(const ddbc_key_template *a, const ddbc_key_template *b);
/* Whether the template uses the column. */
bool ddbc_key_template_uses(const ddbc_key_template *t, const ddbc_column *c);

/* ---- sparse conditions --------------------------------------------------------
 *
 * The planner writes a sparse index's membership condition as conjuncts
 * joined by " AND ", each `col IS NOT NULL` or `col = literal` (a quoted
 * string with '' for a quote, a number, TRUE or FALSE); `col` may be
 * qualified as `entity.col`.  The sample items and the generated C read it
 * back with this one parser so they agree on membership. */

typedef struct ddbc_conjunct {
    ddbc_column *column;
    bool not_null;             /* col IS NOT NULL; else col = literal */
    const char *literal;       /* unquoted text; NULL when not_null */
    bool quoted;               /* the literal was a quoted string */
} ddbc_conjunct;

typedef DDBC_VEC(ddbc_conjunct) ddbc_conjunct_list;

/* Parse condition `s` of entity e into `out` (allocated in arena).  Returns
 * false when it is not of the form above (then a reader falls back to every
 * condition column being present). */
bool ddbc_condition_parse(const ddbc_design *d, const ddbc_entity *e, const char *s,
                          ddbc_arena *arena, ddbc_conjunct_list *out);

/* ---- indexes ------------------------------------------------------------------ */

typedef enum ddbc_projection {
    DDBC_PROJECTION_ALL,
    DDBC_PROJECTION_KEYS_ONLY,
    DDBC_PROJECTION_INCLUDE,
} ddbc_projection;

const char *ddbc_projection_name(ddbc_projection p);   /* "ALL", "KEYS_ONLY", "INCLUDE" */

/* Index 0 is the table itself; 1..n are GSIs ("GSI1" …). */
typedef struct ddbc_index {
    int number;                /* 0 = table */
    const char *name;          /* NULL for the table, else "GSI1" … */
    const char *pk_attr;       /* "PK", "GSI1PK" … (the table's SK for an inverted GSI) */
    const char *sk_attr;       /* "SK", "GSI1SK" … (the table's PK for an inverted GSI) */
    bool inverted;             /* keyed by the table's (SK, PK): many-to-many from the other side */
    ddbc_projection projection;
    DDBC_VEC(const char *) include;    /* INCLUDE: non-key attribute names, sorted */
    bool locked;               /* recorded in the lock file this compilation planned against */
    const char *rationale;     /* why this GSI exists / what it overloads */
} ddbc_index;

/* ---- entities ----------------------------------------------------------------- */

/* One entity's shape on one index: its key templates there, and when the
 * entity is sparse on the index, the condition that decides membership (an
 * item is in the index only while the condition holds). */
typedef struct ddbc_entity_key {
    int index;                 /* index number */
    ddbc_key_template pk, sk;
    const char *condition;     /* SQL text, e.g. "opened_at IS NOT NULL"; NULL: every item */
    DDBC_VEC(ddbc_column *) condition_columns;   /* columns the condition reads */
    bool locked;               /* taken from the lock file */
    const char *rationale;
} ddbc_entity_key;

/* A parent column copied onto the child because a child pattern filters or
 * sorts on it through a join; updating it on the parent fans out. */
typedef struct ddbc_copy {
    ddbc_column *column;       /* the parent's column */
    ddbc_foreign_key *via;     /* child → parent */
    const char *attr;          /* attribute name on the child item: "<parent>_<column>" */
    const char *rationale;
} ddbc_copy;

/* Column → key attributes it feeds (base and GSI keys, sparse conditions). */
typedef struct ddbc_derived_key {
    ddbc_column *column;       /* a column of the entity, or a copied parent column */
    DDBC_VEC(const char *) attrs;   /* "SK", "GSI1PK", … in index order */
} ddbc_derived_key;

/* COUNT(*) … GROUP BY g, kept in a counter item the write plans maintain. */
typedef struct ddbc_counter {
    const ddbc_query *query;   /* the pattern it serves */
    DDBC_VEC(ddbc_column *) group_by;   /* columns of the counted entity; empty: one counter */
    ddbc_key_template pk, sk;  /* the counter item's key on the table */
    const char *attr;          /* the counter attribute: "count" is reserved, so "item_count" */
} ddbc_counter;

typedef enum ddbc_change {
    DDBC_CHANGE_NONE,          /* as locked */
    DDBC_CHANGE_ADDITIVE,      /* new attributes with defaults or a new entity: no migration */
    DDBC_CHANGE_BACKFILL,      /* existing items need new index keys */
    DDBC_CHANGE_REWRITE,       /* a locked key template changed: every item is rewritten */
} ddbc_change;

const char *ddbc_change_name(ddbc_change c);   /* "none", "additive", "backfill", "rewrite" */

/* ---- requests ------------------------------------------------------------------ */

typedef enum ddbc_operation {
    DDBC_OP_GET_ITEM,
    DDBC_OP_BATCH_GET_ITEM,
    DDBC_OP_QUERY,
    DDBC_OP_PUT_ITEM,
    DDBC_OP_UPDATE_ITEM,
    DDBC_OP_DELETE_ITEM,
    DDBC_OP_TRANSACT_WRITE_ITEMS,
} ddbc_operation;

const char *ddbc_operation_name(ddbc_operation op);   /* "GetItem" … */

/* How a bound key string ends (see the key-condition rules in plan.c):
 *   EXACT   the parts, nothing after:             ORDER#<v>
 *   PREFIX  the parts and a delimiter:            ORDER#<v>#     (begins_with: every key under v)
 *   AFTER   the parts and '$', just above every   ORDER#<v>$     (a range's upper end)
 *           key that continues with '#'
 *   RAW     the last value encoded as a prefix:   ORDER#<pref    (LIKE 'pref%') */
typedef enum ddbc_bound_end {
    DDBC_END_EXACT,
    DDBC_END_PREFIX,
    DDBC_END_AFTER,
    DDBC_END_RAW,
} ddbc_bound_end;

/* A key string built at run time from the first `nparts` parts of a
 * template; each column part among them takes its value from an operand of
 * the pattern (a parameter or a literal). */
typedef struct ddbc_key_bound {
    const ddbc_key_template *tmpl;
    int nparts;
    DDBC_VEC(ddbc_operand) args;   /* one per COLUMN part among the first nparts */
    ddbc_bound_end end;
} ddbc_key_bound;

typedef enum ddbc_sk_op {
    DDBC_SK_NONE,
    DDBC_SK_EQ,                /* lo */
    DDBC_SK_BEGINS_WITH,       /* lo */
    DDBC_SK_BETWEEN,           /* lo, hi */
} ddbc_sk_op;

typedef struct ddbc_request {
    ddbc_operation op;
    int index;                 /* index number (0: the table) */
    const ddbc_entity *entity; /* whose key templates the key condition uses */
    ddbc_key_bound pk;
    ddbc_sk_op sk_op;
    ddbc_key_bound sk_lo, sk_hi;
    DDBC_VEC(const ddbc_predicate *) filters;   /* applied as a FilterExpression */
    bool scan_forward;
    bool has_limit;
    ddbc_operand limit;
    int limit_extra;           /* items read beyond the limit (a parent in the collection) */
    DDBC_VEC(const ddbc_entity *) returns;   /* entity types in the result, in order */
    int fan_out_param;         /* IN list: one request per value of this predicate; -1 none */
    const char *key_condition; /* rendered for people and tools */
    const char *filter;        /* rendered; NULL when none */
    const char *note;          /* e.g. "one Query per value of IN (…), merged in order" */
    double read_units;         /* estimated, per request, eventually consistent */
} ddbc_request;

/* ---- writes -------------------------------------------------------------------- */

typedef enum ddbc_write_kind {
    DDBC_W_READ_FIRST,         /* Get/Query to learn the base key or old values */
    DDBC_W_PUT,                /* the item with every key attribute, attribute_not_exists(PK) */
    DDBC_W_UPDATE,             /* SET columns and every key attribute derived from them */
    DDBC_W_DELETE,             /* the item */
    DDBC_W_MOVE,               /* delete + put: a base-key component changed */
    DDBC_W_PUT_GUARD,          /* uniqueness item, attribute_not_exists */
    DDBC_W_DELETE_GUARD,
    DDBC_W_COUNTER,            /* ADD item_count ±1 on a counter item */
    DDBC_W_FAN_OUT,            /* update copies on every child item (Query + UpdateItem each) */
    DDBC_W_CASCADE,            /* delete every child item (ON DELETE CASCADE) */
} ddbc_write_kind;

const char *ddbc_write_kind_name(ddbc_write_kind k);   /* "read_first", "put", … */

typedef struct ddbc_write_action {
    ddbc_write_kind kind;
    const ddbc_entity *entity; /* the entity whose item (or guard, counter, children) is written */
    const ddbc_key *guard;     /* PUT_GUARD / DELETE_GUARD */
    const ddbc_counter *counter;   /* COUNTER */
    int delta;                 /* COUNTER: +1 / -1 */
    const char *condition;     /* condition expression, NULL: none */
    DDBC_VEC(ddbc_column *) columns;   /* UPDATE: columns set; FAN_OUT: columns copied */
    DDBC_VEC(const char *) key_attrs;  /* key attributes (re)written or removed */
    const char *note;
} ddbc_write_action;

typedef struct ddbc_write_plan {
    ddbc_operation op;         /* PutItem, UpdateItem, DeleteItem or TransactWriteItems */
    DDBC_VEC(ddbc_write_action) actions;
    int write_units;           /* per 1 KB item, guards and index writes included; a
                                  fan-out counts one per child and is reported apart */
    bool fan_out;              /* updates copies on children: amplification by child count */
} ddbc_write_plan;

typedef struct ddbc_entity_plan {
    ddbc_entity *entity;
    const char *tag;           /* "ORDER": the type tag in its keys */
    DDBC_VEC(ddbc_entity_key) keys;      /* [0] is the base key (index 0), then by index */
    DDBC_VEC(ddbc_key *) unique_guards;  /* one guard item per unique column set */
    DDBC_VEC(ddbc_copy) copies;          /* parent columns copied onto this entity */
    DDBC_VEC(ddbc_derived_key) derived;  /* column → key attributes; columns in ordinal order */
    DDBC_VEC(ddbc_counter *) counters;   /* counters this entity's writes maintain */
    ddbc_change change;
    const char *change_reason;           /* NULL for none */
    int max_item_bytes;        /* estimated upper bound of one item, attribute names included */
    /* The entity's own writes (the C accessors' put/update/delete). */
    ddbc_write_plan put, update, remove;
    const char *rationale;     /* why this base key */
} ddbc_entity_plan;

/* ---- patterns ------------------------------------------------------------------ */

typedef enum ddbc_pattern_status {
    DDBC_PATTERN_SERVED,
    DDBC_PATTERN_REJECTED,
} ddbc_pattern_status;

typedef struct ddbc_pattern {
    const ddbc_query *query;   /* declared or inferred (query->inferred) */
    const char *name;
    bool is_read;
    ddbc_pattern_status status;
    DDBC_VEC(ddbc_request) requests;     /* reads */
    ddbc_write_plan write;               /* writes */
    const char *rationale;
} ddbc_pattern;

struct ddbc_design {
    const char *table_name;
    const char *pk_attr, *sk_attr;
    DDBC_VEC(ddbc_index *) indexes;      /* [0] is the table */
    int gsi_lower_bound;
    DDBC_VEC(ddbc_entity_plan *) entities;   /* catalog order */
    DDBC_VEC(ddbc_pattern *) patterns;       /* declared in order, then inferred */
    bool planned_against_lock;
    const char *lock_path;     /* the lock planned against, as named; NULL when none */
};

/* The plan of an entity, or NULL. */
ddbc_entity_plan *ddbc_design_entity(const ddbc_design *d, const ddbc_entity *e);
/* The entity's key on index `index`, or NULL when it has no shape there. */
const ddbc_entity_key *ddbc_entity_plan_key(const ddbc_entity_plan *p, int index);
/* The number of GSIs (indexes after the table). */
int ddbc_design_gsi_count(const ddbc_design *d);

#endif
