/* ast.h — the syntax tree the parser builds, one node per SQL statement.
 *
 * The AST says what was written, not what it means: names are unresolved, and
 * DDL is not yet applied.  The catalog pass turns DDL statements into entities
 * and the check pass turns annotated queries into IR (ir.h).  Every node keeps
 * its source span.  Identifiers are normalized by the lexer: unquoted names are
 * lower-cased, quoted names are kept exactly. */
#ifndef DDBC_AST_H
#define DDBC_AST_H

#include <stdbool.h>

#include "arena.h"
#include "source.h"
#include "vec.h"

typedef struct ddbc_ast_select ddbc_ast_select;

/* The SQL dialect a statement was written in (never AUTO in the AST). */
typedef enum ddbc_dialect {
    DDBC_DIALECT_AUTO,
    DDBC_DIALECT_POSTGRESQL,
    DDBC_DIALECT_MYSQL,
    DDBC_DIALECT_SQLITE,
} ddbc_dialect;
typedef struct ddbc_expr ddbc_expr;

/* A possibly schema-qualified name: schema.name (schema NULL when absent). */
typedef struct ddbc_qname {
    const char *schema;
    const char *name;
    ddbc_span span;
} ddbc_qname;

typedef struct ddbc_ident {
    const char *name;
    ddbc_span span;
} ddbc_ident;

typedef DDBC_VEC(ddbc_ident) ddbc_ident_list;
typedef DDBC_VEC(ddbc_expr *) ddbc_expr_list;

/* ---- expressions ---------------------------------------------------------- */

typedef enum ddbc_expr_kind {
    DDBC_EXPR_COLUMN,   /* qualifier.name, qualifier may be NULL */
    DDBC_EXPR_STAR,     /* * or qualifier.* */
    DDBC_EXPR_PARAM,    /* $1, ?, @name, sqlc.arg(name), sqlc.narg(name), sqlc.slice(name) */
    DDBC_EXPR_STRING,   /* text: the unescaped value */
    DDBC_EXPR_NUMBER,   /* text: as written */
    DDBC_EXPR_BOOL,     /* boolval */
    DDBC_EXPR_NULL,
    DDBC_EXPR_DEFAULT,  /* DEFAULT in VALUES or SET */
    DDBC_EXPR_UNARY,    /* op lhs */
    DDBC_EXPR_BINARY,   /* lhs op rhs */
    DDBC_EXPR_BETWEEN,  /* lhs BETWEEN rhs AND third; negated */
    DDBC_EXPR_IN,       /* lhs IN (args) or lhs IN (subquery); negated */
    DDBC_EXPR_IS,       /* lhs IS [NOT] NULL|TRUE|FALSE: rhs is the NULL/BOOL literal; negated */
    DDBC_EXPR_LIKE,     /* lhs [NOT] LIKE|ILIKE rhs; op says which; negated */
    DDBC_EXPR_FUNC,     /* name(args) — name is lower-cased, qualified names joined by '.';
                           star for COUNT(*), distinct for COUNT(DISTINCT x) */
    DDBC_EXPR_CAST,     /* lhs::type_text or CAST(lhs AS type_text) */
    DDBC_EXPR_SUBQUERY, /* (SELECT …), EXISTS (SELECT …) when op == DDBC_OP_EXISTS */
    DDBC_EXPR_CASE,     /* CASE …: kept opaque, args holds the sub-expressions */
    DDBC_EXPR_ROW,      /* (a, b) tuple */
    DDBC_EXPR_OTHER,    /* anything else the parser accepted but ddbc does not interpret */
} ddbc_expr_kind;

typedef enum ddbc_op {
    DDBC_OP_NONE,
    DDBC_OP_AND, DDBC_OP_OR, DDBC_OP_NOT,
    DDBC_OP_EQ, DDBC_OP_NE, DDBC_OP_LT, DDBC_OP_LE, DDBC_OP_GT, DDBC_OP_GE,
    DDBC_OP_LIKE, DDBC_OP_ILIKE,
    DDBC_OP_ADD, DDBC_OP_SUB, DDBC_OP_MUL, DDBC_OP_DIV, DDBC_OP_MOD,
    DDBC_OP_CONCAT, DDBC_OP_NEG,
    DDBC_OP_EXISTS,
    DDBC_OP_OTHER,      /* an operator ddbc does not interpret (&&, @>, ~, …): text holds it */
} ddbc_op;

typedef enum ddbc_param_style {
    DDBC_PARAM_NUMBERED,   /* $1 */
    DDBC_PARAM_POSITIONAL, /* ?   (number assigned left to right within the statement) */
    DDBC_PARAM_NAMED,      /* @name, sqlc.arg(name) */
} ddbc_param_style;

struct ddbc_expr {
    ddbc_expr_kind kind;
    ddbc_span span;
    int depth;            /* 1 for a leaf; the parser refuses trees deeper than
                             DDBC_MAX_EXPR_DEPTH, so passes may recurse freely */
    ddbc_op op;
    bool negated;
    bool boolval;
    bool star;            /* FUNC: COUNT(*) */
    bool distinct;        /* FUNC: COUNT(DISTINCT …) */
    const char *qualifier;/* COLUMN, STAR: table or alias; NULL if none */
    const char *name;     /* COLUMN: column; FUNC: function; PARAM: the name if named */
    const char *text;     /* literal value, cast type text, operator text for OP_OTHER */
    const char *escape;   /* LIKE … ESCAPE 'c': its text; NULL when not given */
    /* PARAM */
    ddbc_param_style param_style;
    int param_number;     /* $N, or position of ? (1-based); 0 for named */
    bool param_nullable;  /* sqlc.narg */
    bool param_slice;     /* sqlc.slice */
    ddbc_expr *lhs, *rhs, *third;
    ddbc_expr_list args;  /* FUNC args, IN list, CASE parts, ROW members */
    ddbc_ast_select *subquery;
};

/* ---- types ---------------------------------------------------------------- */

/* A column type as written: `numeric(10,2)`, `timestamp with time zone`,
 * `character varying(255)`, `text[]`, `int unsigned`, `enum('a','b')`. */
typedef struct ddbc_ast_type {
    const char *name;        /* normalized base name: lower-case words joined by one space,
                                schema-qualified as schema.name: "timestamp with time zone" */
    const char *text;        /* full normalized text incl. modifiers and [] for reports */
    DDBC_VEC(const char *) modifiers; /* (10,2) → "10","2" */
    DDBC_VEC(const char *) enum_values; /* MySQL enum('a','b') / set('a') */
    int array_dims;          /* text[] → 1 */
    bool is_unsigned;
    bool is_set;             /* MySQL set(...) */
    ddbc_span span;
} ddbc_ast_type;

/* ---- constraints ---------------------------------------------------------- */

typedef enum ddbc_ref_action {
    DDBC_REF_NONE,          /* not given (NO ACTION) */
    DDBC_REF_NO_ACTION,
    DDBC_REF_RESTRICT,
    DDBC_REF_CASCADE,
    DDBC_REF_SET_NULL,
    DDBC_REF_SET_DEFAULT,
} ddbc_ref_action;

typedef enum ddbc_cons_kind {
    DDBC_CONS_NOT_NULL,
    DDBC_CONS_NULL,
    DDBC_CONS_DEFAULT,        /* expr */
    DDBC_CONS_PRIMARY_KEY,    /* columns (table constraint) or none (column constraint) */
    DDBC_CONS_UNIQUE,
    DDBC_CONS_FOREIGN_KEY,    /* columns → ref_table(ref_columns); column form: REFERENCES */
    DDBC_CONS_CHECK,          /* expr (may be NULL when not interpreted) */
    DDBC_CONS_IDENTITY,       /* GENERATED {ALWAYS|BY DEFAULT} AS IDENTITY */
    DDBC_CONS_GENERATED,      /* GENERATED ALWAYS AS (expr) [STORED|VIRTUAL] / mysql AS (expr) */
    DDBC_CONS_AUTO_INCREMENT, /* MySQL AUTO_INCREMENT, SQLite AUTOINCREMENT */
    DDBC_CONS_COLLATE,
    DDBC_CONS_ON_UPDATE,      /* MySQL ON UPDATE CURRENT_TIMESTAMP */
    DDBC_CONS_COMMENT,        /* MySQL COMMENT 'text' */
    DDBC_CONS_INDEX,          /* MySQL inline KEY/INDEX name (cols) in CREATE TABLE */
    DDBC_CONS_EXCLUDE,        /* PostgreSQL EXCLUDE … (kept, not interpreted) */
} ddbc_cons_kind;

typedef struct ddbc_ast_constraint {
    ddbc_cons_kind kind;
    ddbc_span span;
    const char *name;            /* CONSTRAINT name / index name; NULL if none */
    ddbc_ident_list columns;     /* table constraints; for INDEX may hold expressions' text */
    bool has_expression_column;  /* INDEX/UNIQUE over an expression, not plain columns */
    ddbc_qname ref_table;        /* FOREIGN_KEY */
    ddbc_ident_list ref_columns; /* FOREIGN_KEY; empty = the referenced primary key */
    ddbc_ref_action on_delete;
    ddbc_ref_action on_update;
    ddbc_expr *expr;             /* DEFAULT value, CHECK condition, GENERATED expression */
    const char *text;            /* DEFAULT: the expression's source text, whitespace-normalized;
                                    COLLATE name; COMMENT text */
    bool autoincrement;          /* SQLite PRIMARY KEY AUTOINCREMENT */
    bool deferrable;
} ddbc_ast_constraint;

typedef DDBC_VEC(ddbc_ast_constraint *) ddbc_constraint_list;
typedef DDBC_VEC(ddbc_expr_list) ddbc_row_list;

typedef struct ddbc_ast_column {
    ddbc_ident name;
    ddbc_ast_type *type;         /* NULL: SQLite untyped column */
    ddbc_constraint_list constraints;
    ddbc_span span;
} ddbc_ast_column;

/* ---- DDL statements ------------------------------------------------------- */

typedef struct ddbc_ast_create_table {
    ddbc_qname name;
    bool if_not_exists;
    bool temporary;
    DDBC_VEC(ddbc_ast_column *) columns;
    ddbc_constraint_list constraints;   /* table constraints, in order */
    bool has_partition_of;              /* CREATE TABLE x PARTITION OF parent */
    ddbc_qname partition_of;
    bool partitioned;                   /* PARTITION BY … */
    bool without_rowid;                 /* SQLite */
    ddbc_qname like;                    /* CREATE TABLE x (LIKE y) — name NULL if absent */
    bool as_select;                     /* CREATE TABLE x AS SELECT … (no columns known) */
} ddbc_ast_create_table;

typedef enum ddbc_alter_kind {
    DDBC_ALTER_ADD_COLUMN,         /* column */
    DDBC_ALTER_DROP_COLUMN,        /* name */
    DDBC_ALTER_RENAME_COLUMN,      /* name → new_name */
    DDBC_ALTER_RENAME_TABLE,       /* new_table */
    DDBC_ALTER_COLUMN_TYPE,        /* name, type */
    DDBC_ALTER_COLUMN_SET_DEFAULT, /* name, constraint (DEFAULT) */
    DDBC_ALTER_COLUMN_DROP_DEFAULT,/* name */
    DDBC_ALTER_COLUMN_SET_NOT_NULL,/* name */
    DDBC_ALTER_COLUMN_DROP_NOT_NULL,/* name */
    DDBC_ALTER_MODIFY_COLUMN,      /* MySQL MODIFY/CHANGE: name (old), column (new definition) */
    DDBC_ALTER_ADD_CONSTRAINT,     /* constraint */
    DDBC_ALTER_DROP_CONSTRAINT,    /* name (constraint name); MySQL DROP INDEX/KEY/FOREIGN KEY too */
    DDBC_ALTER_ATTACH_PARTITION,   /* new_table = the partition */
    DDBC_ALTER_DETACH_PARTITION,   /* new_table = the partition */
    DDBC_ALTER_IGNORED,            /* OWNER TO, SET (…), ENABLE TRIGGER, … */
} ddbc_alter_kind;

typedef struct ddbc_ast_alter_action {
    ddbc_alter_kind kind;
    ddbc_span span;
    ddbc_ident name;
    ddbc_ident new_name;
    ddbc_qname new_table;
    ddbc_ast_column *column;
    ddbc_ast_type *type;
    ddbc_ast_constraint *constraint;
    bool if_exists;
} ddbc_ast_alter_action;

typedef struct ddbc_ast_alter_table {
    ddbc_qname name;
    bool if_exists;
    bool only;
    DDBC_VEC(ddbc_ast_alter_action *) actions;
} ddbc_ast_alter_table;

typedef struct ddbc_ast_index_elem {
    ddbc_ident column;        /* name NULL when the element is an expression */
    ddbc_span span;
    bool desc;
} ddbc_ast_index_elem;

typedef struct ddbc_ast_create_index {
    ddbc_ident name;          /* NULL name: unnamed index */
    bool unique;
    bool if_not_exists;
    ddbc_qname table;
    const char *method;       /* USING btree/gin/…; NULL if absent */
    DDBC_VEC(ddbc_ast_index_elem) elems;
    ddbc_expr *where;         /* partial index predicate; NULL if none */
} ddbc_ast_create_index;

typedef struct ddbc_ast_create_type {
    ddbc_qname name;
    bool is_enum;             /* AS ENUM (values) */
    bool is_domain;           /* CREATE DOMAIN name AS base */
    DDBC_VEC(const char *) values;
    ddbc_ast_type *base;      /* domain base type */
    ddbc_constraint_list constraints; /* domain NOT NULL / CHECK / DEFAULT */
} ddbc_ast_create_type;

typedef enum ddbc_object_kind {
    DDBC_OBJ_TABLE, DDBC_OBJ_TYPE, DDBC_OBJ_DOMAIN, DDBC_OBJ_INDEX, DDBC_OBJ_COLUMN,
} ddbc_object_kind;

typedef struct ddbc_ast_drop {
    ddbc_object_kind object;
    bool if_exists;
    bool cascade;
    DDBC_VEC(ddbc_qname) names;
} ddbc_ast_drop;

typedef struct ddbc_ast_comment {
    ddbc_object_kind object;   /* TABLE or COLUMN */
    ddbc_qname name;           /* for COLUMN: schema = table, name = column... see target */
    ddbc_qname table;          /* COLUMN: the table (schema-qualified) */
    ddbc_ident column;         /* COLUMN: the column */
    const char *text;          /* NULL for IS NULL */
} ddbc_ast_comment;

/* ---- queries -------------------------------------------------------------- */

typedef enum ddbc_query_kind {
    DDBC_KIND_ONE, DDBC_KIND_MANY, DDBC_KIND_EXEC, DDBC_KIND_EXECROWS,
    DDBC_KIND_EXECRESULT, DDBC_KIND_EXECLASTID, DDBC_KIND_ITER, DDBC_KIND_COPYFROM,
    DDBC_KIND_BATCHEXEC, DDBC_KIND_BATCHMANY, DDBC_KIND_BATCHONE,
} ddbc_query_kind;

/* The sqlc annotation: `-- name: ListOrders :many` or block-comment form, plus
 * the comment lines that follow it (documentation). */
typedef struct ddbc_ast_annotation {
    const char *name;
    ddbc_span name_span;
    const char *kind_text;     /* ":many" as written */
    ddbc_span kind_span;
    ddbc_query_kind kind;
    bool kind_known;
    const char *doc;           /* following comment lines joined by '\n'; NULL if none */
    ddbc_span span;
} ddbc_ast_annotation;

typedef struct ddbc_ast_table_ref {
    ddbc_qname name;
    const char *alias;         /* NULL if none */
    ddbc_span alias_span;
    ddbc_ast_select *subquery; /* FROM (SELECT …) alias: name.name is NULL */
    ddbc_span span;
} ddbc_ast_table_ref;

typedef enum ddbc_join_type {
    DDBC_JOIN_INNER, DDBC_JOIN_LEFT, DDBC_JOIN_RIGHT, DDBC_JOIN_FULL, DDBC_JOIN_CROSS,
} ddbc_join_type;

typedef struct ddbc_ast_join {
    ddbc_join_type type;
    ddbc_ast_table_ref table;
    ddbc_expr *on;             /* NULL for USING / CROSS / NATURAL */
    ddbc_ident_list using_columns;
    bool natural;
    ddbc_span span;
} ddbc_ast_join;

typedef DDBC_VEC(ddbc_ast_join) ddbc_join_list;

typedef struct ddbc_ast_target {
    ddbc_expr *expr;
    const char *alias;         /* AS alias; NULL if none */
    ddbc_span span;
} ddbc_ast_target;

typedef DDBC_VEC(ddbc_ast_target) ddbc_target_list;
typedef DDBC_VEC(ddbc_ast_table_ref) ddbc_table_ref_list;

typedef struct ddbc_ast_order {
    ddbc_expr *expr;
    bool desc;
    int nulls;                 /* 0 default, 1 NULLS FIRST, 2 NULLS LAST */
    ddbc_span span;
} ddbc_ast_order;

typedef DDBC_VEC(ddbc_ast_order) ddbc_order_list;

struct ddbc_ast_select {
    ddbc_span span;
    bool distinct;
    ddbc_target_list targets;
    ddbc_table_ref_list from;              /* comma-separated FROM items */
    ddbc_join_list joins;                  /* in order, joined onto the FROM items */
    ddbc_expr *where;
    ddbc_expr_list group_by;
    ddbc_expr *having;
    ddbc_order_list order_by;
    ddbc_expr *limit;
    ddbc_expr *offset;
    bool for_update;
    bool has_with;             /* WITH … (CTE) */
    ddbc_span set_op_span;     /* UNION/INTERSECT/EXCEPT if present (file == NO_FILE otherwise) */
};

typedef struct ddbc_ast_set_clause {
    ddbc_ident column;
    ddbc_expr *value;
    ddbc_span span;
} ddbc_ast_set_clause;

typedef DDBC_VEC(ddbc_ast_set_clause) ddbc_set_list;

/* What an INSERT does when a row with the same key or UNIQUE value exists. */
typedef enum ddbc_conflict_kind {
    DDBC_CONFLICT_NONE,        /* fail (also SQLite's INSERT OR ABORT|FAIL|ROLLBACK) */
    DDBC_CONFLICT_DO_NOTHING,  /* ON CONFLICT [target] DO NOTHING */
    DDBC_CONFLICT_DO_UPDATE,   /* ON CONFLICT [target] DO UPDATE SET … [WHERE …] */
    DDBC_CONFLICT_DUPLICATE_KEY, /* MySQL: ON DUPLICATE KEY UPDATE … */
    DDBC_CONFLICT_IGNORE,      /* MySQL INSERT IGNORE, SQLite INSERT OR IGNORE */
    DDBC_CONFLICT_REPLACE,     /* REPLACE INTO, INSERT OR REPLACE */
} ddbc_conflict_kind;

typedef struct ddbc_ast_insert {
    ddbc_ast_table_ref table;
    ddbc_ident_list columns;               /* empty: all columns in declaration order */
    ddbc_row_list rows;                    /* VALUES rows */
    ddbc_ast_select *select;               /* INSERT … SELECT */
    bool default_values;
    bool on_conflict;                      /* ON CONFLICT / ON DUPLICATE KEY UPDATE present */
    ddbc_span on_conflict_span;
    ddbc_set_list conflict_set; /* DO UPDATE SET / ON DUPLICATE KEY UPDATE */
    ddbc_conflict_kind conflict_kind;
    ddbc_ident_list conflict_target;       /* ON CONFLICT (cols); empty: none named */
    bool conflict_on_constraint;           /* ON CONFLICT ON CONSTRAINT name */
    ddbc_expr *conflict_where;             /* DO UPDATE SET … WHERE; NULL if none */
    ddbc_target_list returning;
} ddbc_ast_insert;

typedef struct ddbc_ast_update {
    ddbc_ast_table_ref table;
    ddbc_set_list set;
    ddbc_table_ref_list from;              /* UPDATE … FROM (PostgreSQL) */
    ddbc_expr *where;
    ddbc_target_list returning;
} ddbc_ast_update;

typedef struct ddbc_ast_delete {
    ddbc_ast_table_ref table;
    ddbc_table_ref_list using_tables; /* DELETE … USING */
    ddbc_expr *where;
    ddbc_target_list returning;
} ddbc_ast_delete;

/* ---- statements ----------------------------------------------------------- */

typedef enum ddbc_stmt_kind {
    DDBC_STMT_CREATE_TABLE,
    DDBC_STMT_ALTER_TABLE,
    DDBC_STMT_CREATE_INDEX,
    DDBC_STMT_CREATE_TYPE,     /* enum or domain */
    DDBC_STMT_DROP,
    DDBC_STMT_COMMENT,
    DDBC_STMT_SELECT,
    DDBC_STMT_INSERT,
    DDBC_STMT_UPDATE,
    DDBC_STMT_DELETE,
} ddbc_stmt_kind;

typedef struct ddbc_ast_stmt {
    ddbc_stmt_kind kind;
    ddbc_span span;                     /* the whole statement, without the terminator */
    ddbc_dialect dialect;               /* of the file it came from */
    ddbc_ast_annotation *annotation;    /* queries: the sqlc annotation; NULL otherwise */
    union {
        ddbc_ast_create_table create_table;
        ddbc_ast_alter_table alter_table;
        ddbc_ast_create_index create_index;
        ddbc_ast_create_type create_type;
        ddbc_ast_drop drop;
        ddbc_ast_comment comment;
        ddbc_ast_select select;
        ddbc_ast_insert insert;
        ddbc_ast_update update;
        ddbc_ast_delete del;
    } u;
} ddbc_ast_stmt;

/* What a statement that was skipped was, for the per-file summary note. */
typedef struct ddbc_ast_skipped {
    const char *what;          /* "CREATE FUNCTION", "SET", "GRANT", "INSERT (data)", … */
    ddbc_span span;
} ddbc_ast_skipped;

/* The parse of all inputs, in input order. */
typedef struct ddbc_ast {
    DDBC_VEC(ddbc_ast_stmt *) stmts;
    DDBC_VEC(ddbc_ast_skipped) skipped;
} ddbc_ast;

const char *ddbc_query_kind_name(ddbc_query_kind kind);  /* "many" */
/* Parse a kind word without the colon; false if unknown (aliases such as "exec_rows" accepted). */
bool ddbc_query_kind_parse(const char *word, ddbc_query_kind *out);

#endif
