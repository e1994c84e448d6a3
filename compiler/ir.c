/* ir.c — look-ups and names over the IR shared by the passes and the emitters.
 *
 * Tables are found by hash (catalog->by_name), columns by a short linear scan;
 * the "did you mean" helpers run only on the error path. */
#include "ir.h"

#include <ctype.h>
#include <string.h>

ddbc_entity *ddbc_catalog_find(const ddbc_catalog *cat, const char *name)
{
    if (!cat->by_name || !name) return NULL;
    return ddbc_symtab_get(cat->by_name, name);
}

ddbc_column *ddbc_entity_column(const ddbc_entity *e, const char *name)
{
    if (!name) return NULL;
    for (size_t i = 0; i < e->columns.n; i++)
        if (strcmp(e->columns.v[i]->name, name) == 0) return e->columns.v[i];
    return NULL;
}

ddbc_enum_type *ddbc_catalog_find_enum(const ddbc_catalog *cat, const char *name)
{
    if (!cat->enums_by_name || !name) return NULL;
    return ddbc_symtab_get(cat->enums_by_name, name);
}

ddbc_domain *ddbc_catalog_find_domain(const ddbc_catalog *cat, const char *name)
{
    if (!cat->domains_by_name || !name) return NULL;
    return ddbc_symtab_get(cat->domains_by_name, name);
}

/* Names longer than this are never suggested: the distance table lives on the stack. */
#define MAX_SUGGEST_LEN 128

size_t ddbc_edit_distance(const char *a, const char *b, size_t limit)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la >= MAX_SUGGEST_LEN || lb >= MAX_SUGGEST_LEN) return limit + 1;
    if ((la > lb ? la - lb : lb - la) > limit) return limit + 1;
    size_t prev[MAX_SUGGEST_LEN + 1], cur[MAX_SUGGEST_LEN + 1];
    for (size_t j = 0; j <= lb; j++) prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        size_t row_min = cur[0];
        for (size_t j = 1; j <= lb; j++) {
            int same = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]);
            size_t best = prev[j - 1] + (same ? 0 : 1);
            if (prev[j] + 1 < best) best = prev[j] + 1;
            if (cur[j - 1] + 1 < best) best = cur[j - 1] + 1;
            cur[j] = best;
            if (best < row_min) row_min = best;
        }
        /* Every later row is at least this row's minimum: stop early. */
        if (row_min > limit) return limit + 1;
        memcpy(prev, cur, (lb + 1) * sizeof *prev);
    }
    return prev[lb];
}

/* Short names tolerate one typo, longer ones a few; beyond that a suggestion
 * is more often noise than help. */
static size_t suggest_limit(const char *name)
{
    size_t n = strlen(name);
    return n <= 4 ? 1 : n <= 8 ? 2 : 3;
}

bool ddbc_name_is_close(const char *name, size_t d)
{
    return d <= suggest_limit(name);
}

const char *ddbc_catalog_closest_entity(const ddbc_catalog *cat, const char *name)
{
    size_t limit = suggest_limit(name), best_d = limit + 1;
    const char *best = NULL;
    for (size_t i = 0; i < cat->entities.n; i++) {
        const ddbc_entity *e = cat->entities.v[i];
        if (!e) continue; /* a slot emptied while the catalog is being built */
        size_t d = ddbc_edit_distance(name, e->name, limit);
        if (d < best_d) {
            best_d = d;
            best = e->name;
        }
    }
    return best;
}

const char *ddbc_entity_closest_column(const ddbc_entity *e, const char *name)
{
    size_t limit = suggest_limit(name), best_d = limit + 1;
    const char *best = NULL;
    for (size_t i = 0; i < e->columns.n; i++) {
        size_t d = ddbc_edit_distance(name, e->columns.v[i]->name, limit);
        if (d < best_d) {
            best_d = d;
            best = e->columns.v[i]->name;
        }
    }
    return best;
}

const char *ddbc_type_class_name(ddbc_type_class cls)
{
    switch (cls) {
    case DDBC_T_STRING: return "string";
    case DDBC_T_UUID: return "uuid";
    case DDBC_T_ENUM: return "enum";
    case DDBC_T_INTEGER: return "integer";
    case DDBC_T_DECIMAL: return "decimal";
    case DDBC_T_FLOAT: return "float";
    case DDBC_T_BOOL: return "bool";
    case DDBC_T_DATE: return "date";
    case DDBC_T_TIME: return "time";
    case DDBC_T_TIMESTAMP: return "timestamp";
    case DDBC_T_INTERVAL: return "interval";
    case DDBC_T_BINARY: return "binary";
    case DDBC_T_JSON: return "json";
    case DDBC_T_ARRAY: return "array";
    case DDBC_T_OPAQUE: return "opaque";
    }
    return "opaque";
}

const char *ddbc_default_kind_name(ddbc_default_kind kind)
{
    switch (kind) {
    case DDBC_DEFAULT_NONE: return "none";
    case DDBC_DEFAULT_NULL: return "null";
    case DDBC_DEFAULT_STRING: return "string";
    case DDBC_DEFAULT_NUMBER: return "number";
    case DDBC_DEFAULT_BOOL: return "bool";
    case DDBC_DEFAULT_NOW: return "now";
    case DDBC_DEFAULT_SEQUENCE: return "sequence";
    case DDBC_DEFAULT_UUID: return "uuid";
    case DDBC_DEFAULT_EXPR: return "expr";
    }
    return "expr";
}

const char *ddbc_pred_op_name(ddbc_pred_op op)
{
    switch (op) {
    case DDBC_PRED_EQ: return "eq";
    case DDBC_PRED_NE: return "ne";
    case DDBC_PRED_LT: return "lt";
    case DDBC_PRED_LE: return "le";
    case DDBC_PRED_GT: return "gt";
    case DDBC_PRED_GE: return "ge";
    case DDBC_PRED_BETWEEN: return "between";
    case DDBC_PRED_BEGINS_WITH: return "begins_with";
    case DDBC_PRED_LIKE: return "like";
    case DDBC_PRED_IN: return "in";
    case DDBC_PRED_IS_NULL: return "is_null";
    case DDBC_PRED_IS_NOT_NULL: return "is_not_null";
    }
    return "eq";
}

const char *ddbc_residual_kind_name(ddbc_residual_kind kind)
{
    switch (kind) {
    case DDBC_RESIDUAL_OR: return "or";
    case DDBC_RESIDUAL_FUNCTION: return "function";
    case DDBC_RESIDUAL_SUBQUERY: return "subquery";
    case DDBC_RESIDUAL_COLUMN_COMPARE: return "column_compare";
    case DDBC_RESIDUAL_OTHER: return "other";
    }
    return "other";
}

const char *ddbc_target_kind_name(ddbc_target_kind kind)
{
    switch (kind) {
    case DDBC_TARGET_COLUMN: return "column";
    case DDBC_TARGET_STAR: return "star";
    case DDBC_TARGET_COUNT: return "count";
    case DDBC_TARGET_AGGREGATE: return "aggregate";
    case DDBC_TARGET_EXPR: return "expr";
    }
    return "expr";
}

const char *ddbc_join_type_name(ddbc_join_type type)
{
    switch (type) {
    case DDBC_JOIN_INNER: return "inner";
    case DDBC_JOIN_LEFT: return "left";
    case DDBC_JOIN_RIGHT: return "right";
    case DDBC_JOIN_FULL: return "full";
    case DDBC_JOIN_CROSS: return "cross";
    }
    return "inner";
}

const char *ddbc_ref_action_name(ddbc_ref_action action)
{
    switch (action) {
    case DDBC_REF_NONE: return NULL;
    case DDBC_REF_NO_ACTION: return "no action";
    case DDBC_REF_RESTRICT: return "restrict";
    case DDBC_REF_CASCADE: return "cascade";
    case DDBC_REF_SET_NULL: return "set null";
    case DDBC_REF_SET_DEFAULT: return "set default";
    }
    return NULL;
}

const char *ddbc_stmt_kind_name(ddbc_stmt_kind kind)
{
    switch (kind) {
    case DDBC_STMT_CREATE_TABLE: return "create table";
    case DDBC_STMT_ALTER_TABLE: return "alter table";
    case DDBC_STMT_CREATE_INDEX: return "create index";
    case DDBC_STMT_CREATE_TYPE: return "create type";
    case DDBC_STMT_DROP: return "drop";
    case DDBC_STMT_COMMENT: return "comment";
    case DDBC_STMT_SELECT: return "select";
    case DDBC_STMT_INSERT: return "insert";
    case DDBC_STMT_UPDATE: return "update";
    case DDBC_STMT_DELETE: return "delete";
    }
    return "select";
}

bool ddbc_type_class_is_complex(ddbc_type_class cls)
{
    return cls == DDBC_T_JSON || cls == DDBC_T_ARRAY;
}
