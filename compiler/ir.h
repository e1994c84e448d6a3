/* ir.h — the checked intermediate representation: the catalog and the queries.
 *
 * Built by the catalog pass (DDL, applied in input order like a series of
 * migrations) and the check pass (annotated queries, resolved against the
 * catalog).  The planner and every emitter read only this, never the AST.
 * Everything lives in the compilation arena; every node keeps its source span;
 * lists keep declaration order. */
#ifndef DDBC_IR_H
#define DDBC_IR_H

#include <stdbool.h>

#include "ast.h"
#include "source.h"
#include "symtab.h"
#include "vec.h"

typedef struct ddbc_entity ddbc_entity;
typedef struct ddbc_column ddbc_column;

/* What a column holds, independent of the SQL dialect that spelled it.  The
 * planner maps these to DynamoDB attribute types (types.h). */
typedef enum ddbc_type_class {
    DDBC_T_STRING,     /* text, varchar, char, citext, … */
    DDBC_T_UUID,
    DDBC_T_ENUM,       /* CREATE TYPE … AS ENUM, MySQL enum(...) */
    DDBC_T_INTEGER,    /* smallint … bigint, serial, unsigned too */
    DDBC_T_DECIMAL,    /* numeric, decimal, money */
    DDBC_T_FLOAT,      /* real, double precision, float */
    DDBC_T_BOOL,
    DDBC_T_DATE,
    DDBC_T_TIME,
    DDBC_T_TIMESTAMP,  /* with or without time zone, datetime */
    DDBC_T_INTERVAL,
    DDBC_T_BINARY,     /* bytea, blob, binary, varbinary */
    DDBC_T_JSON,       /* json, jsonb: complex, not indexable */
    DDBC_T_ARRAY,      /* any[] and MySQL set(...): complex, not indexable */
    DDBC_T_OPAQUE,     /* extension and unknown types (vector, tsvector, geometry, xml, …) */
} ddbc_type_class;

typedef struct ddbc_type {
    ddbc_type_class cls;
    ddbc_type_class element;   /* ARRAY: the element class */
    const char *sql;           /* normalized SQL spelling, e.g. "numeric(10,2)", "text[]" */
    const char *enum_name;     /* ENUM declared with CREATE TYPE: its name; NULL for inline */
    DDBC_VEC(const char *) enum_values;
    int length;                /* varchar(n)/char(n): n; 0 if unbounded */
    int precision, scale;      /* numeric(p,s); 0 if unspecified */
    bool is_unsigned;
} ddbc_type;

typedef enum ddbc_default_kind {
    DDBC_DEFAULT_NONE,
    DDBC_DEFAULT_NULL,
    DDBC_DEFAULT_STRING,       /* value: unescaped text */
    DDBC_DEFAULT_NUMBER,       /* value: as written, casts removed */
    DDBC_DEFAULT_BOOL,         /* value: "true"/"false" */
    DDBC_DEFAULT_NOW,          /* now(), CURRENT_TIMESTAMP, CURRENT_DATE, … */
    DDBC_DEFAULT_SEQUENCE,     /* nextval(…) — the column is auto-generated */
    DDBC_DEFAULT_UUID,         /* gen_random_uuid(), uuid_generate_v4(), uuid() */
    DDBC_DEFAULT_EXPR,         /* anything else: value holds the normalized text */
} ddbc_default_kind;

typedef struct ddbc_default {
    ddbc_default_kind kind;
    const char *value;
    ddbc_span span;
} ddbc_default;

struct ddbc_column {
    ddbc_entity *entity;       /* the table that holds it */
    const char *name;
    ddbc_span span;            /* where declared (or last redefined) */
    int ordinal;               /* position in the table, 0-based, after migrations */
    ddbc_type type;
    bool nullable;             /* false with NOT NULL or PRIMARY KEY */
    ddbc_default def;
    bool auto_increment;       /* serial, AUTO_INCREMENT, identity, nextval default,
                                  SQLite INTEGER PRIMARY KEY */
    bool generated;            /* GENERATED ALWAYS AS (expr): never written by the app */
    bool added_later;          /* added by ALTER TABLE … ADD COLUMN after creation */
    const char *comment;       /* COMMENT ON COLUMN / MySQL COMMENT; NULL if none */
};

/* A set of columns: primary key, unique constraint, or index. */
typedef struct ddbc_key {
    const char *name;          /* constraint or index name; NULL if unnamed */
    ddbc_span span;
    DDBC_VEC(ddbc_column *) columns;
    DDBC_VEC(bool) desc;       /* indexes: per column, DESC given */
    bool unique;
    bool partial;              /* index with WHERE … */
    ddbc_expr *where;          /* the partial index predicate (AST, uninterpreted) */
    bool has_expression;       /* index over an expression: not usable as a key */
    const char *method;        /* USING … */
} ddbc_key;

typedef struct ddbc_foreign_key {
    const char *name;
    ddbc_span span;
    ddbc_entity *from;
    DDBC_VEC(ddbc_column *) columns;
    ddbc_entity *to;
    DDBC_VEC(ddbc_column *) ref_columns; /* resolved; the referenced primary key if omitted */
    ddbc_ref_action on_delete;
    ddbc_ref_action on_update;
    /* The reference as written, kept by name while migrations run (the target
     * may be created, renamed or given its key later) and resolved into `to`
     * and `ref_columns` once every statement has been applied. */
    const char *ref_table;     /* bare name, after renames */
    DDBC_VEC(const char *) ref_names;   /* empty: the referenced primary key */
    ddbc_span ref_span;        /* the referenced table's name */
} ddbc_foreign_key;

struct ddbc_entity {
    const char *name;          /* table name, without schema */
    const char *schema;        /* NULL if not qualified */
    ddbc_span span;            /* the CREATE TABLE name */
    int ordinal;               /* declaration order among live entities */
    DDBC_VEC(ddbc_column *) columns;
    ddbc_key *primary_key;     /* NULL when the table declares none */
    DDBC_VEC(ddbc_key *) uniques;       /* UNIQUE constraints and unique indexes */
    DDBC_VEC(ddbc_key *) indexes;       /* non-unique indexes */
    DDBC_VEC(ddbc_foreign_key *) foreign_keys;
    DDBC_VEC(const char *) partitions;  /* names of partitions folded into this table */
    bool partitioned;
    const char *comment;
    DDBC_VEC(const char *) checks;      /* names of CHECK constraints (so DROP CONSTRAINT
                                           finds them; their conditions are not kept) */
};

typedef struct ddbc_enum_type {
    const char *name;
    const char *schema;
    ddbc_span span;
    DDBC_VEC(const char *) values;
} ddbc_enum_type;

/* CREATE DOMAIN name AS base [NOT NULL] [DEFAULT …]: a column of a domain type
 * takes the base's class, and the domain's NOT NULL and default. */
typedef struct ddbc_domain {
    const char *name;
    const char *schema;
    ddbc_span span;
    ddbc_type base;
    bool not_null;
    ddbc_default def;
} ddbc_domain;

typedef struct ddbc_catalog {
    DDBC_VEC(ddbc_entity *) entities;   /* live tables in creation order */
    DDBC_VEC(ddbc_enum_type *) enums;
    ddbc_symtab *by_name;               /* entity name → entity (kept by the catalog pass) */
    DDBC_VEC(ddbc_domain *) domains;    /* live domains in creation order */
    ddbc_symtab *enums_by_name;         /* bare enum name → ddbc_enum_type */
    ddbc_symtab *domains_by_name;       /* bare domain name → ddbc_domain */
} ddbc_catalog;

/* ---- queries -------------------------------------------------------------- */

/* A table occurrence in a query: the root or a joined table, with its alias. */
typedef struct ddbc_binding {
    ddbc_entity *entity;
    const char *alias;         /* the name it is referred to by (alias or table name) */
    ddbc_span span;
} ddbc_binding;

typedef struct ddbc_colref {
    int binding;               /* index into query->bindings */
    ddbc_column *column;
    ddbc_span span;
} ddbc_colref;

typedef struct ddbc_param {
    int number;                /* 1-based position in the generated function's signature */
    const char *name;          /* @name / sqlc.arg(name), else derived from the column
                                  it is compared with ("customer_id"), made unique */
    ddbc_type type;            /* inferred from the column it meets */
    ddbc_column *column;       /* that column; NULL if nothing to infer from */
    bool nullable;             /* sqlc.narg */
    bool slice;                /* sqlc.slice / IN ($1) list parameter */
    ddbc_span span;            /* first occurrence */
} ddbc_param;

typedef enum ddbc_operand_kind {
    DDBC_OPERAND_PARAM,        /* param: index into query->params */
    DDBC_OPERAND_LITERAL,      /* literal: the expression (string/number/bool/null) */
    DDBC_OPERAND_COLUMN,       /* column: another column (joins) */
} ddbc_operand_kind;

typedef struct ddbc_operand {
    ddbc_operand_kind kind;
    int param;
    ddbc_expr *literal;
    ddbc_colref column;
    ddbc_span span;
} ddbc_operand;

typedef enum ddbc_pred_op {
    DDBC_PRED_EQ, DDBC_PRED_NE, DDBC_PRED_LT, DDBC_PRED_LE, DDBC_PRED_GT, DDBC_PRED_GE,
    DDBC_PRED_BETWEEN,         /* operands[0] AND operands[1] */
    DDBC_PRED_BEGINS_WITH,     /* LIKE 'prefix%' (operand: the prefix literal, or a param) */
    DDBC_PRED_LIKE,            /* any other LIKE/ILIKE pattern */
    DDBC_PRED_IN,              /* operands: the list (or one slice param) */
    DDBC_PRED_IS_NULL,
    DDBC_PRED_IS_NOT_NULL,
} ddbc_pred_op;

/* One conjunct of a WHERE clause: column op operands. */
typedef struct ddbc_predicate {
    ddbc_colref column;
    ddbc_pred_op op;
    DDBC_VEC(ddbc_operand) operands;
    bool negated;              /* NOT IN, NOT BETWEEN, NOT LIKE */
    bool ilike;                /* DDBC_PRED_LIKE: ILIKE (case-insensitive) */
    ddbc_span span;
} ddbc_predicate;

/* A conjunct the check pass could not reduce to a predicate: OR across
 * attributes, a function of a column, a subquery, … kept so the planner can
 * refuse it with the clause underlined. */
typedef enum ddbc_residual_kind {
    DDBC_RESIDUAL_OR,
    DDBC_RESIDUAL_FUNCTION,    /* lower(email) = $1, date_trunc(…) … */
    DDBC_RESIDUAL_SUBQUERY,
    DDBC_RESIDUAL_COLUMN_COMPARE, /* a.x < b.y within one side */
    DDBC_RESIDUAL_OTHER,
} ddbc_residual_kind;

typedef struct ddbc_residual {
    ddbc_residual_kind kind;
    ddbc_expr *expr;
    ddbc_span span;
} ddbc_residual;

typedef struct ddbc_join {
    int binding;               /* the joined table */
    ddbc_join_type type;
    ddbc_foreign_key *fk;      /* the foreign key followed; NULL if none matched */
    bool fk_forward;           /* true: joined.fk → earlier binding; false: earlier → joined */
    int other_binding;         /* the binding on the other side of the fk (or of the ON) */
    ddbc_span span;
} ddbc_join;

typedef enum ddbc_target_kind {
    DDBC_TARGET_COLUMN,        /* column */
    DDBC_TARGET_STAR,          /* all columns of binding (or of all bindings if binding < 0) */
    DDBC_TARGET_COUNT,         /* COUNT(*) / COUNT(col) */
    DDBC_TARGET_AGGREGATE,     /* SUM/MIN/MAX/AVG(col): func names it */
    DDBC_TARGET_EXPR,          /* any other expression */
} ddbc_target_kind;

typedef struct ddbc_target {
    ddbc_target_kind kind;
    ddbc_colref column;        /* COLUMN, COUNT(col), AGGREGATE */
    int binding;               /* STAR */
    const char *func;          /* AGGREGATE */
    const char *alias;
    ddbc_expr *expr;
    ddbc_span span;
} ddbc_target;

typedef struct ddbc_order {
    ddbc_colref column;
    bool desc;
    ddbc_span span;
} ddbc_order;

typedef struct ddbc_assignment {
    ddbc_column *column;
    ddbc_operand value;        /* a param, a literal, or (kind COLUMN) the column itself */
    ddbc_expr *expr;           /* the value expression as written; other expressions
                                  (x = x + 1) keep operand.kind == LITERAL and expr set */
    bool is_default;           /* DEFAULT */
    int arith;                 /* +1: column + value, -1: column - value (the counter
                                  idiom `n = n + 1`; value a param or literal); 0: value */
    bool excluded;             /* ON CONFLICT … SET: the value is the one the INSERT
                                  proposes for `excluded_column` (EXCLUDED.c, VALUES(c)) */
    ddbc_column *excluded_column;
    ddbc_span span;
} ddbc_assignment;

typedef struct ddbc_query {
    const char *name;
    ddbc_query_kind kind;
    const char *doc;           /* documentation comment lines; NULL if none */
    ddbc_stmt_kind stmt;       /* SELECT, INSERT, UPDATE or DELETE */
    ddbc_span span;            /* the statement */
    ddbc_span name_span;       /* the name in the annotation */
    const char *sql;           /* the statement text as written */
    ddbc_entity *root;         /* FROM table / INSERT INTO / UPDATE / DELETE FROM */
    DDBC_VEC(ddbc_binding) bindings;    /* [0] is the root */
    DDBC_VEC(ddbc_join) joins;
    DDBC_VEC(ddbc_predicate) predicates;/* WHERE conjuncts (and join ON extras) */
    DDBC_VEC(ddbc_residual) residuals;
    DDBC_VEC(ddbc_target) targets;      /* SELECT list, or RETURNING */
    DDBC_VEC(ddbc_colref) group_by;
    DDBC_VEC(ddbc_order) order_by;
    bool distinct;
    bool has_limit;
    ddbc_operand limit;        /* literal number or param */
    bool has_offset;
    ddbc_span offset_span;
    ddbc_span having_span;     /* NO_FILE if none */
    DDBC_VEC(ddbc_assignment) assignments; /* INSERT columns/values, UPDATE SET */
    bool upsert;               /* ON CONFLICT / ON DUPLICATE KEY */
    ddbc_conflict_kind conflict;           /* the checked action: NONE, DO_NOTHING or
                                              DO_UPDATE (ON DUPLICATE KEY, IGNORE mapped) */
    DDBC_VEC(ddbc_column *) conflict_target; /* the arbiter: the primary key's or one UNIQUE
                                              constraint's columns; empty: any conflict */
    DDBC_VEC(ddbc_assignment) conflict_set;  /* DO UPDATE SET */
    bool returning;
    DDBC_VEC(ddbc_param) params;
    bool inferred;             /* produced by the planner from the schema, not declared */
} ddbc_query;

typedef struct ddbc_ir {
    ddbc_catalog catalog;
    DDBC_VEC(ddbc_query *) queries;     /* declaration order */
} ddbc_ir;

/* Look-ups used by the passes and emitters: tables by hash, columns linearly.
 * Names are bare (no schema); NULL when absent. */
ddbc_entity *ddbc_catalog_find(const ddbc_catalog *cat, const char *name);
ddbc_column *ddbc_entity_column(const ddbc_entity *e, const char *name);
ddbc_enum_type *ddbc_catalog_find_enum(const ddbc_catalog *cat, const char *name);
ddbc_domain *ddbc_catalog_find_domain(const ddbc_catalog *cat, const char *name);

/* "Did you mean" support for diagnostics: the closest table or column name
 * within a small edit distance, or NULL when nothing is close enough.  Only
 * called on the error path, so a linear scan is fine. */
const char *ddbc_catalog_closest_entity(const ddbc_catalog *cat, const char *name);
const char *ddbc_entity_closest_column(const ddbc_entity *e, const char *name);
/* Levenshtein distance, ASCII case-insensitive; gives up (returns limit + 1)
 * once the distance must exceed limit. */
size_t ddbc_edit_distance(const char *a, const char *b, size_t limit);
/* Whether a candidate at distance d is close enough to `name` to suggest. */
bool ddbc_name_is_close(const char *name, size_t d);

/* Lower-case names used by the IR dump and the emitters. */
const char *ddbc_type_class_name(ddbc_type_class cls);       /* "timestamp" */
const char *ddbc_default_kind_name(ddbc_default_kind kind);  /* "now" */
const char *ddbc_pred_op_name(ddbc_pred_op op);              /* "begins_with" */
const char *ddbc_residual_kind_name(ddbc_residual_kind kind);/* "or" */
const char *ddbc_target_kind_name(ddbc_target_kind kind);    /* "count" */
const char *ddbc_join_type_name(ddbc_join_type type);        /* "left" */
const char *ddbc_ref_action_name(ddbc_ref_action action);    /* "cascade"; NULL for none */
const char *ddbc_stmt_kind_name(ddbc_stmt_kind kind);        /* "select" */
/* Whether the class is complex in DynamoDB terms (M or L): never a key. */
bool ddbc_type_class_is_complex(ddbc_type_class cls);

#endif
