/* catalog.c — the catalog pass: DDL statements → entities, enums and domains.
 *
 * Statements are applied in input order, like migrations.  Foreign keys are
 * kept by name while that happens (their target may be created, renamed or
 * given its key later) and resolved once, at the end. */
#include "catalog.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Foreign keys that reference one table by name, so renames can follow them. */
typedef struct fk_list {
    DDBC_VEC(ddbc_foreign_key *) fks;
} fk_list;

/* A table folded into its parent: CREATE TABLE … PARTITION OF, or ATTACH. */
typedef struct partition {
    const char *name;
    ddbc_entity *parent;
    ddbc_entity *saved;   /* the table as it stood before ATTACH; NULL for PARTITION OF */
} partition;

typedef struct builder {
    ddbc_arena *arena;
    ddbc_diags *diags;
    ddbc_catalog *cat;
    ddbc_symtab *referrers;       /* referenced table name → fk_list */
    ddbc_symtab *partitions;      /* partition name → partition */
    ddbc_symtab *skipped_indexes; /* indexes created on partitions (ignored, may be dropped) */
    ddbc_dialect dialect;         /* of the statement being applied */
} builder;

/* ---- type classification ------------------------------------------------ */

typedef struct builtin_type {
    const char *name;
    ddbc_type_class cls;
} builtin_type;

/* Sorted by strcmp: looked up with bsearch. */
static const builtin_type builtin_types[] = {
    {"bigint", DDBC_T_INTEGER},
    {"bigserial", DDBC_T_INTEGER},
    {"binary", DDBC_T_BINARY},
    {"binary varying", DDBC_T_BINARY},
    {"bit", DDBC_T_BOOL},
    {"blob", DDBC_T_BINARY},
    {"bool", DDBC_T_BOOL},
    {"boolean", DDBC_T_BOOL},
    {"bpchar", DDBC_T_STRING},
    {"bytea", DDBC_T_BINARY},
    {"char", DDBC_T_STRING},
    {"character", DDBC_T_STRING},
    {"character large object", DDBC_T_STRING},
    {"character varying", DDBC_T_STRING},
    {"citext", DDBC_T_STRING},
    {"clob", DDBC_T_STRING},
    {"date", DDBC_T_DATE},
    {"datetime", DDBC_T_TIMESTAMP},
    {"datetime2", DDBC_T_TIMESTAMP},
    {"datetimeoffset", DDBC_T_TIMESTAMP},
    {"dec", DDBC_T_DECIMAL},
    {"decimal", DDBC_T_DECIMAL},
    {"double", DDBC_T_FLOAT},
    {"double precision", DDBC_T_FLOAT},
    {"enum", DDBC_T_ENUM},
    {"fixed", DDBC_T_DECIMAL},
    {"float", DDBC_T_FLOAT},
    {"float4", DDBC_T_FLOAT},
    {"float8", DDBC_T_FLOAT},
    {"int", DDBC_T_INTEGER},
    {"int1", DDBC_T_INTEGER},
    {"int2", DDBC_T_INTEGER},
    {"int4", DDBC_T_INTEGER},
    {"int8", DDBC_T_INTEGER},
    {"integer", DDBC_T_INTEGER},
    {"interval", DDBC_T_INTERVAL},
    {"json", DDBC_T_JSON},
    {"jsonb", DDBC_T_JSON},
    {"long", DDBC_T_STRING},
    {"long varchar", DDBC_T_STRING},
    {"longblob", DDBC_T_BINARY},
    {"longtext", DDBC_T_STRING},
    {"mediumblob", DDBC_T_BINARY},
    {"mediumint", DDBC_T_INTEGER},
    {"mediumtext", DDBC_T_STRING},
    {"money", DDBC_T_DECIMAL},
    {"name", DDBC_T_STRING},
    {"national char", DDBC_T_STRING},
    {"national character", DDBC_T_STRING},
    {"national character varying", DDBC_T_STRING},
    {"national varchar", DDBC_T_STRING},
    {"nchar", DDBC_T_STRING},
    {"number", DDBC_T_DECIMAL},
    {"numeric", DDBC_T_DECIMAL},
    {"nvarchar", DDBC_T_STRING},
    {"nvarchar2", DDBC_T_STRING},
    {"real", DDBC_T_FLOAT},
    {"serial", DDBC_T_INTEGER},
    {"serial2", DDBC_T_INTEGER},
    {"serial4", DDBC_T_INTEGER},
    {"serial8", DDBC_T_INTEGER},
    {"smalldatetime", DDBC_T_TIMESTAMP},
    {"smallint", DDBC_T_INTEGER},
    {"smallmoney", DDBC_T_DECIMAL},
    {"smallserial", DDBC_T_INTEGER},
    {"string", DDBC_T_STRING},
    {"text", DDBC_T_STRING},
    {"time", DDBC_T_TIME},
    {"time with time zone", DDBC_T_TIME},
    {"time without time zone", DDBC_T_TIME},
    {"timestamp", DDBC_T_TIMESTAMP},
    {"timestamp with time zone", DDBC_T_TIMESTAMP},
    {"timestamp without time zone", DDBC_T_TIMESTAMP},
    {"timestamptz", DDBC_T_TIMESTAMP},
    {"timetz", DDBC_T_TIME},
    {"tinyblob", DDBC_T_BINARY},
    {"tinyint", DDBC_T_INTEGER},
    {"tinytext", DDBC_T_STRING},
    {"uniqueidentifier", DDBC_T_UUID},
    {"unsigned big int", DDBC_T_INTEGER},
    {"uuid", DDBC_T_UUID},
    {"varbinary", DDBC_T_BINARY},
    {"varchar", DDBC_T_STRING},
    {"varchar2", DDBC_T_STRING},
    {"year", DDBC_T_INTEGER},
};

/* Extension and special-purpose types ddbc stores but never interprets.  They
 * are well known, so classifying them as opaque deserves no warning.  Sorted. */
static const char *const known_opaque_types[] = {
    "bit varying", "box", "cidr", "circle", "cube", "datemultirange", "daterange", "earth",
    "geography", "geometry", "geometrycollection", "halfvec", "hstore", "inet",
    "int4multirange", "int4range", "int8multirange", "int8range", "isbn", "line",
    "linestring", "lquery", "lseg", "ltree", "ltxtquery", "macaddr", "macaddr8",
    "multilinestring", "multipoint", "multipolygon", "numrange", "oid", "path", "pg_lsn",
    "pg_snapshot", "point", "polygon", "regclass", "regtype", "sparsevec", "tsmultirange",
    "tsquery", "tsrange", "tstzmultirange", "tstzrange", "tsvector", "txid_snapshot",
    "varbit", "vector", "xml",
};

static const char *const serial_types[] = {
    "bigserial", "serial", "serial2", "serial4", "serial8", "smallserial",
};

static int cmp_builtin(const void *key, const void *elem)
{
    return strcmp(key, ((const builtin_type *)elem)->name);
}

static int cmp_name(const void *key, const void *elem)
{
    return strcmp(key, *(const char *const *)elem);
}

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* The name without a schema qualifier: pg_dump writes public.mood and
 * pg_catalog.int4; both are looked up by their last component. */
static const char *unqualified(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot ? dot + 1 : name;
}

/* MySQL spells signedness after the name (`int unsigned zerofill`); whether
 * the parser folds it into the name or not, classify the base word. */
static const char *strip_sign_words(ddbc_arena *arena, const char *name)
{
    static const char *const suffixes[] = {" unsigned", " signed", " zerofill"};
    size_t n = strlen(name);
    bool changed = true;
    while (changed) {
        changed = false;
        for (size_t i = 0; i < COUNT_OF(suffixes); i++) {
            size_t k = strlen(suffixes[i]);
            if (n > k && strncmp(name + n - k, suffixes[i], k) == 0) {
                n -= k;
                changed = true;
            }
        }
    }
    return n == strlen(name) ? name : ddbc_arena_strndup(arena, name, n);
}

static bool contains(const char *haystack, const char *needle)
{
    return strstr(haystack, needle) != NULL;
}

static int modifier_int(const ddbc_ast_type *t, size_t i)
{
    if (i >= t->modifiers.n || !t->modifiers.v[i]) return 0;
    const char *m = t->modifiers.v[i];
    if (!isdigit((unsigned char)m[0])) return 0; /* varchar(max), numeric(*) */
    long v = strtol(m, NULL, 10);
    return v > 1000000000L ? 1000000000 : (int)v;
}

static void share_values(ddbc_type *ty, const char *const *v, size_t n)
{
    /* Share the declaration's array; cap == n makes any later push copy it. */
    ty->enum_values.v = (const char **)(uintptr_t)v;
    ty->enum_values.n = n;
    ty->enum_values.cap = n;
}

/* Classify the element type (no array dimensions).  Sets *unknown when the
 * name is neither built in, user-declared, a known extension type, nor
 * classifiable by SQLite's affinity rules. */
static void classify_scalar(const ddbc_ast_type *t, const ddbc_catalog *cat, ddbc_arena *arena,
                            ddbc_type *ty, bool *unknown)
{
    const char *full = t->name ? t->name : "";
    const char *name = strip_sign_words(arena, unqualified(full));

    /* User types first: a schema's own enum or domain decides its meaning. */
    const ddbc_enum_type *en = ddbc_catalog_find_enum(cat, name);
    if (en) {
        ty->cls = DDBC_T_ENUM;
        ty->enum_name = en->name;
        share_values(ty, en->values.v, en->values.n);
        return;
    }
    const ddbc_domain *dom = ddbc_catalog_find_domain(cat, name);
    if (dom) {
        const char *sql = ty->sql;
        *ty = dom->base;
        ty->sql = sql;
        return;
    }

    const builtin_type *bt = bsearch(name, builtin_types, COUNT_OF(builtin_types),
                                     sizeof builtin_types[0], cmp_builtin);
    if (bt) {
        ty->cls = bt->cls;
        switch (bt->cls) {
        case DDBC_T_STRING:
            ty->length = modifier_int(t, 0);
            break;
        case DDBC_T_DECIMAL:
            ty->precision = modifier_int(t, 0);
            ty->scale = modifier_int(t, 1);
            break;
        case DDBC_T_INTEGER:
            /* MySQL's boolean is tinyint(1). */
            if (strcmp(name, "tinyint") == 0 && t->modifiers.n == 1 && modifier_int(t, 0) == 1)
                ty->cls = DDBC_T_BOOL;
            break;
        case DDBC_T_BOOL:
            /* bit(1) is a flag; bit(n) a bit string. */
            if (strcmp(name, "bit") == 0 && modifier_int(t, 0) > 1) {
                ty->cls = DDBC_T_BINARY;
                ty->length = modifier_int(t, 0);
            }
            break;
        case DDBC_T_BINARY:
            ty->length = modifier_int(t, 0);
            break;
        case DDBC_T_ENUM:
            /* MySQL inline enum('a','b'). */
            share_values(ty, t->enum_values.v, t->enum_values.n);
            break;
        default:
            break;
        }
        return;
    }

    ty->cls = DDBC_T_OPAQUE;
    if (bsearch(name, known_opaque_types, COUNT_OF(known_opaque_types),
                sizeof known_opaque_types[0], cmp_name))
        return;

    /* SQLite accepts any type name and derives an affinity from it
     * (https://sqlite.org/datatype3.html, 3.1); follow the same rules so
     * `unsigned big int` or `varying character(70)` classify sensibly. */
    if (contains(name, "int")) ty->cls = DDBC_T_INTEGER;
    else if (contains(name, "char") || contains(name, "clob") || contains(name, "text"))
        ty->cls = DDBC_T_STRING;
    else if (contains(name, "blob")) ty->cls = DDBC_T_BINARY;
    else if (contains(name, "real") || contains(name, "floa") || contains(name, "doub"))
        ty->cls = DDBC_T_FLOAT;
    else if (contains(name, "timestamp") || contains(name, "datetime")) ty->cls = DDBC_T_TIMESTAMP;
    else *unknown = true;
}

static ddbc_type classify(const ddbc_ast_type *t, const ddbc_catalog *cat, ddbc_arena *arena,
                          bool *unknown)
{
    ddbc_type ty;
    memset(&ty, 0, sizeof ty);
    *unknown = false;
    if (!t) {
        /* SQLite column without a type: it holds whatever it is given; the
         * application almost always treats such a column as text. */
        ty.cls = DDBC_T_STRING;
        ty.sql = "";
        return ty;
    }
    ty.sql = t->text ? t->text : t->name ? t->name : "";
    ty.is_unsigned = t->is_unsigned;
    if (t->is_set) {
        /* MySQL set('a','b'): a set of strings. */
        ty.cls = DDBC_T_ARRAY;
        ty.element = DDBC_T_STRING;
        share_values(&ty, t->enum_values.v, t->enum_values.n);
        return ty;
    }
    classify_scalar(t, cat, arena, &ty, unknown);
    if (t->array_dims > 0) {
        ty.element = ty.cls;
        ty.cls = DDBC_T_ARRAY;
    }
    return ty;
}

ddbc_type ddbc_type_from_ast(const ddbc_ast_type *t, const ddbc_catalog *cat, ddbc_arena *arena)
{
    bool unknown;
    return classify(t, cat, arena, &unknown);
}

static bool is_serial(const ddbc_ast_type *t)
{
    if (!t || !t->name || t->array_dims > 0) return false;
    return bsearch(unqualified(t->name), serial_types, COUNT_OF(serial_types),
                   sizeof serial_types[0], cmp_name) != NULL;
}

/* ---- defaults ----------------------------------------------------------- */

static bool name_in(const char *name, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(name, list[i]) == 0) return true;
    return false;
}

static const char *const now_functions[] = {
    "now", "current_timestamp", "current_date", "current_time", "localtimestamp",
    "localtime", "transaction_timestamp", "statement_timestamp", "clock_timestamp",
    "sysdate", "getdate", "getutcdate", "utc_timestamp", "utc_date", "sysdatetime",
    "unix_timestamp",
};

static const char *const uuid_functions[] = {
    "gen_random_uuid", "uuid_generate_v4", "uuid_generate_v1", "uuid_generate_v1mc",
    "uuid_generate_v7", "uuidv4", "uuidv7", "uuid", "newid", "uuid_to_bin",
};

/* pg_catalog.now(), public.uuid_generate_v4(): the schema does not matter. */
static const char *func_name(const ddbc_expr *e)
{
    return unqualified(e->name ? e->name : "");
}

static bool is_numeric_text(const char *s)
{
    if (*s == '-' || *s == '+') s++;
    bool digits = false;
    while (isdigit((unsigned char)*s)) s++, digits = true;
    if (*s == '.') {
        s++;
        while (isdigit((unsigned char)*s)) s++, digits = true;
    }
    if (digits && (*s == 'e' || *s == 'E')) {
        s++;
        if (*s == '-' || *s == '+') s++;
        if (!isdigit((unsigned char)*s)) return false;
        while (isdigit((unsigned char)*s)) s++;
    }
    return digits && *s == '\0';
}

static bool is_now_expr(const ddbc_expr *e);

static bool any_arg_is_now(const ddbc_expr *e)
{
    for (size_t i = 0; i < e->args.n; i++)
        if (is_now_expr(e->args.v[i])) return true;
    return false;
}

/* now(), CURRENT_TIMESTAMP, now() AT TIME ZONE 'utc', timezone('utc', now()),
 * SQLite's datetime('now'), 'now'::timestamp — every spelling of "the moment
 * of the insert". */
static bool is_now_expr(const ddbc_expr *e)
{
    if (!e) return false;
    switch (e->kind) {
    case DDBC_EXPR_FUNC: {
        const char *n = func_name(e);
        if (name_in(n, now_functions, COUNT_OF(now_functions))) return true;
        if (strcmp(n, "timezone") == 0 && any_arg_is_now(e)) return true;
        if (strcmp(n, "datetime") == 0 || strcmp(n, "date") == 0 || strcmp(n, "strftime") == 0 ||
            strcmp(n, "julianday") == 0 || strcmp(n, "unixepoch") == 0 || strcmp(n, "time") == 0) {
            for (size_t i = 0; i < e->args.n; i++) {
                const ddbc_expr *a = e->args.v[i];
                if (a && a->kind == DDBC_EXPR_STRING && a->text && strcmp(a->text, "now") == 0)
                    return true;
            }
        }
        return false;
    }
    case DDBC_EXPR_COLUMN:
        /* CURRENT_TIMESTAMP without parentheses may arrive as a bare name. */
        return !e->qualifier && e->name && name_in(e->name, now_functions, COUNT_OF(now_functions));
    case DDBC_EXPR_CAST:
        if (e->lhs && e->lhs->kind == DDBC_EXPR_STRING && e->lhs->text &&
            strcmp(e->lhs->text, "now") == 0)
            return true;
        return is_now_expr(e->lhs);
    case DDBC_EXPR_BINARY:
        /* AT TIME ZONE and similar adjustments of the current time. */
        return e->op == DDBC_OP_OTHER && is_now_expr(e->lhs);
    case DDBC_EXPR_OTHER:
        return is_now_expr(e->lhs);
    default:
        return false;
    }
}

static bool cast_is_numeric(const char *type_text)
{
    if (!type_text) return false;
    const char *n = unqualified(type_text);
    static const char *const prefixes[] = {
        "int", "bigint", "smallint", "numeric", "decimal", "real", "double", "float", "money",
        "tinyint", "mediumint",
    };
    for (size_t i = 0; i < COUNT_OF(prefixes); i++)
        if (strncmp(n, prefixes[i], strlen(prefixes[i])) == 0) return true;
    return false;
}

static bool cast_is_bool(const char *type_text)
{
    return type_text && (strcmp(unqualified(type_text), "boolean") == 0 ||
                         strcmp(unqualified(type_text), "bool") == 0);
}

/* Rule: a DEFAULT is kept in one of a few kinds the data layer can apply when
 * an item lacks the attribute (literals, now, generated ids); anything else
 * is kept as text (EXPR).  Casts around literals are noise from pg_dump
 * ('x'::character varying) and are removed. */
static ddbc_default classify_default(builder *b, const ddbc_ast_constraint *k)
{
    ddbc_default d;
    d.kind = DDBC_DEFAULT_EXPR;
    d.value = k->text ? k->text : "";
    d.span = k->span;
    const ddbc_expr *e = k->expr;
    if (!e) return d;

    if (is_now_expr(e)) {
        d.kind = DDBC_DEFAULT_NOW;
        return d;
    }
    const char *cast = NULL;
    while (e && e->kind == DDBC_EXPR_CAST) {
        if (!cast) cast = e->text;
        e = e->lhs;
    }
    if (!e) return d;
    switch (e->kind) {
    case DDBC_EXPR_NULL:
        d.kind = DDBC_DEFAULT_NULL;
        d.value = NULL;
        break;
    case DDBC_EXPR_STRING: {
        const char *v = e->text ? e->text : "";
        if (cast_is_numeric(cast) && is_numeric_text(v)) {
            d.kind = DDBC_DEFAULT_NUMBER;
        } else if (cast_is_bool(cast) && (strcmp(v, "t") == 0 || strcmp(v, "true") == 0)) {
            d.kind = DDBC_DEFAULT_BOOL;
            v = "true";
        } else if (cast_is_bool(cast) && (strcmp(v, "f") == 0 || strcmp(v, "false") == 0)) {
            d.kind = DDBC_DEFAULT_BOOL;
            v = "false";
        } else {
            d.kind = DDBC_DEFAULT_STRING;
        }
        d.value = v;
        break;
    }
    case DDBC_EXPR_NUMBER:
        d.kind = DDBC_DEFAULT_NUMBER;
        d.value = e->text ? e->text : "0";
        break;
    case DDBC_EXPR_UNARY:
        if ((e->op == DDBC_OP_NEG || e->op == DDBC_OP_SUB) && e->lhs) {
            const ddbc_expr *x = e->lhs;
            while (x && x->kind == DDBC_EXPR_CAST) x = x->lhs;
            if (x && x->kind == DDBC_EXPR_NUMBER && x->text) {
                d.kind = DDBC_DEFAULT_NUMBER;
                d.value = ddbc_arena_printf(b->arena, "-%s", x->text);
            }
        }
        break;
    case DDBC_EXPR_BOOL:
        d.kind = DDBC_DEFAULT_BOOL;
        d.value = e->boolval ? "true" : "false";
        break;
    case DDBC_EXPR_FUNC: {
        const char *n = func_name(e);
        if (strcmp(n, "nextval") == 0) d.kind = DDBC_DEFAULT_SEQUENCE;
        else if (name_in(n, uuid_functions, COUNT_OF(uuid_functions))) d.kind = DDBC_DEFAULT_UUID;
        break;
    }
    default:
        break;
    }
    return d;
}

/* ---- diagnostics -------------------------------------------------------- */

static void unknown_table(builder *b, const char *name, ddbc_span span)
{
    ddbc_diag *d = ddbc_diag_report(b->diags, DDBC_E0103, span, "unknown table '%s'", name);
    const char *close = ddbc_catalog_closest_entity(b->cat, name);
    if (close) ddbc_diag_set_hint(b->diags, d, "did you mean '%s'?", close);
}

static void unknown_column(builder *b, const ddbc_entity *e, const char *name, ddbc_span span)
{
    ddbc_diag *d = ddbc_diag_report(b->diags, DDBC_E0104, span,
                                    "table '%s' has no column '%s'", e->name, name);
    ddbc_diag_add_note(b->diags, d, e->span, "table '%s' declared here", e->name);
    const char *close = ddbc_entity_closest_column(e, name);
    if (close) ddbc_diag_set_hint(b->diags, d, "did you mean '%s'?", close);
}

static void type_warning(builder *b, const ddbc_ast_type *t, const char *column)
{
    ddbc_diag *d = ddbc_diag_report(b->diags, DDBC_W0004, t->span,
                                    "column '%s' has type '%s', which ddbc does not know",
                                    column, t->text ? t->text : t->name);
    ddbc_diag_set_hint(b->diags, d,
                       "it is stored as an opaque value and cannot be used in a key");
}

static ddbc_type column_type(builder *b, const ddbc_ast_type *t, const char *column)
{
    bool unknown;
    ddbc_type ty = classify(t, b->cat, b->arena, &unknown);
    if (unknown) type_warning(b, t, column);
    return ty;
}

/* ---- entities and keys -------------------------------------------------- */

static ddbc_entity *find_entity(builder *b, const char *name)
{
    return ddbc_catalog_find(b->cat, name);
}

/* Entities live in cat->entities; during the build a removed table leaves a
 * NULL slot (ordinal = slot index) so removal costs no search.  The vector is
 * compacted at the end. */
static void register_entity(builder *b, ddbc_entity *e)
{
    e->ordinal = (int)b->cat->entities.n;
    DDBC_VEC_PUSH(b->arena, b->cat->entities, e);
    ddbc_symtab_put(b->cat->by_name, e->name, e);
}

static void unregister_entity(builder *b, ddbc_entity *e)
{
    b->cat->entities.v[e->ordinal] = NULL;
    ddbc_symtab_remove(b->cat->by_name, e->name);
}

static ddbc_key *new_key(builder *b, const char *name, ddbc_span span)
{
    ddbc_key *k = DDBC_NEW(b->arena, ddbc_key);
    k->name = name;
    k->span = span;
    return k;
}

static bool key_has_column(const ddbc_key *k, const ddbc_column *c)
{
    for (size_t i = 0; i < k->columns.n; i++)
        if (k->columns.v[i] == c) return true;
    return false;
}

static void set_primary_key(builder *b, ddbc_entity *e, ddbc_key *k)
{
    if (e->primary_key) {
        ddbc_diag *d = ddbc_diag_report(b->diags, DDBC_E0105, k->span,
                                        "table '%s' already has a primary key", e->name);
        ddbc_diag_add_note(b->diags, d, e->primary_key->span, "the first primary key is here");
        return;
    }
    k->unique = true;
    e->primary_key = k;
    for (size_t i = 0; i < k->columns.n; i++) k->columns.v[i]->nullable = false;
}

static fk_list *referrers_of(builder *b, const char *table)
{
    fk_list *l = ddbc_symtab_get(b->referrers, table);
    if (!l) {
        l = DDBC_NEW(b->arena, fk_list);
        ddbc_symtab_put(b->referrers, table, l);
    }
    return l;
}

static ddbc_foreign_key *new_fk(builder *b, ddbc_entity *e, const ddbc_ast_constraint *k)
{
    ddbc_foreign_key *fk = DDBC_NEW(b->arena, ddbc_foreign_key);
    fk->name = k->name;
    fk->span = k->span;
    fk->from = e;
    fk->ref_table = k->ref_table.name;
    fk->ref_span = k->ref_table.span;
    for (size_t i = 0; i < k->ref_columns.n; i++)
        DDBC_VEC_PUSH(b->arena, fk->ref_names, k->ref_columns.v[i].name);
    fk->on_delete = k->on_delete;
    fk->on_update = k->on_update;
    return fk;
}

static void add_fk(builder *b, ddbc_entity *e, ddbc_foreign_key *fk)
{
    DDBC_VEC_PUSH(b->arena, e->foreign_keys, fk);
    if (fk->ref_table) DDBC_VEC_PUSH(b->arena, referrers_of(b, fk->ref_table)->fks, fk);
}

static void set_default(builder *b, ddbc_column *c, const ddbc_ast_constraint *k)
{
    c->def = classify_default(b, k);
    if (c->def.kind == DDBC_DEFAULT_SEQUENCE) c->auto_increment = true;
    /* mysqldump quotes every default (`tinyint(1) DEFAULT '1'`, `DEFAULT
     * '0.00'`): on a numeric column a numeric string is the number. */
    ddbc_type_class cls = c->type.cls;
    if (c->def.kind == DDBC_DEFAULT_STRING && is_numeric_text(c->def.value) &&
        (cls == DDBC_T_INTEGER || cls == DDBC_T_DECIMAL || cls == DDBC_T_FLOAT || cls == DDBC_T_BOOL))
        c->def.kind = DDBC_DEFAULT_NUMBER;
}

/* Column constraints that concern only the column itself; key-forming ones
 * (PRIMARY KEY, UNIQUE, REFERENCES) build a one-column key. */
static void apply_column_constraint(builder *b, ddbc_entity *e, ddbc_column *c,
                                    const ddbc_ast_constraint *k)
{
    switch (k->kind) {
    case DDBC_CONS_NOT_NULL:
        c->nullable = false;
        break;
    case DDBC_CONS_NULL:
        c->nullable = true;
        break;
    case DDBC_CONS_DEFAULT:
        set_default(b, c, k);
        break;
    case DDBC_CONS_PRIMARY_KEY: {
        ddbc_key *key = new_key(b, k->name, k->span);
        DDBC_VEC_PUSH(b->arena, key->columns, c);
        set_primary_key(b, e, key);
        if (k->autoincrement) c->auto_increment = true;
        break;
    }
    case DDBC_CONS_UNIQUE: {
        ddbc_key *key = new_key(b, k->name, k->span);
        key->unique = true;
        DDBC_VEC_PUSH(b->arena, key->columns, c);
        DDBC_VEC_PUSH(b->arena, e->uniques, key);
        break;
    }
    case DDBC_CONS_FOREIGN_KEY: {
        ddbc_foreign_key *fk = new_fk(b, e, k);
        DDBC_VEC_PUSH(b->arena, fk->columns, c);
        add_fk(b, e, fk);
        break;
    }
    case DDBC_CONS_CHECK:
        if (k->name) DDBC_VEC_PUSH(b->arena, e->checks, k->name);
        break;
    case DDBC_CONS_IDENTITY:
        c->auto_increment = true;
        c->nullable = false;
        break;
    case DDBC_CONS_GENERATED:
        c->generated = true;
        break;
    case DDBC_CONS_AUTO_INCREMENT:
        c->auto_increment = true;
        break;
    case DDBC_CONS_COMMENT:
        c->comment = k->text;
        break;
    case DDBC_CONS_COLLATE:
    case DDBC_CONS_ON_UPDATE:
    case DDBC_CONS_INDEX:
    case DDBC_CONS_EXCLUDE:
        break;
    }
}

/* Resolve a constraint's column names into key columns.  Expression elements
 * (has_expression_column) that are not plain column names are skipped; a
 * plain name that does not exist is an error.  Returns false on error. */
static bool resolve_key_columns(builder *b, ddbc_entity *e, const ddbc_ast_constraint *k,
                                ddbc_key *key)
{
    bool ok = true;
    for (size_t i = 0; i < k->columns.n; i++) {
        const ddbc_ident *id = &k->columns.v[i];
        ddbc_column *c = ddbc_entity_column(e, id->name);
        if (c) {
            DDBC_VEC_PUSH(b->arena, key->columns, c);
        } else if (!k->has_expression_column) {
            unknown_column(b, e, id->name ? id->name : "", id->span);
            ok = false;
        }
    }
    key->has_expression = k->has_expression_column;
    return ok;
}

/* Table constraints: CREATE TABLE (…, PRIMARY KEY (a, b)), MySQL inline
 * KEY/UNIQUE KEY, and ALTER TABLE … ADD CONSTRAINT. */
static void apply_table_constraint(builder *b, ddbc_entity *e, const ddbc_ast_constraint *k)
{
    switch (k->kind) {
    case DDBC_CONS_PRIMARY_KEY: {
        ddbc_key *key = new_key(b, k->name, k->span);
        if (!resolve_key_columns(b, e, k, key)) return;
        set_primary_key(b, e, key);
        if (k->autoincrement && key->columns.n == 1) key->columns.v[0]->auto_increment = true;
        break;
    }
    case DDBC_CONS_UNIQUE:
    case DDBC_CONS_INDEX: {
        ddbc_key *key = new_key(b, k->name, k->span);
        if (!resolve_key_columns(b, e, k, key)) return;
        key->unique = k->kind == DDBC_CONS_UNIQUE;
        if (key->unique) DDBC_VEC_PUSH(b->arena, e->uniques, key);
        else DDBC_VEC_PUSH(b->arena, e->indexes, key);
        break;
    }
    case DDBC_CONS_FOREIGN_KEY: {
        ddbc_foreign_key *fk = new_fk(b, e, k);
        for (size_t i = 0; i < k->columns.n; i++) {
            const ddbc_ident *id = &k->columns.v[i];
            ddbc_column *c = ddbc_entity_column(e, id->name);
            if (!c) {
                unknown_column(b, e, id->name ? id->name : "", id->span);
                return;
            }
            DDBC_VEC_PUSH(b->arena, fk->columns, c);
        }
        add_fk(b, e, fk);
        break;
    }
    case DDBC_CONS_CHECK:
        if (k->name) DDBC_VEC_PUSH(b->arena, e->checks, k->name);
        break;
    default:
        /* Column-only constraints (NOT NULL, DEFAULT, …) at table level carry
         * no column to apply to; EXCLUDE is not interpreted. */
        break;
    }
}

/* Whether a constraint kind concerns a single column rather than a key. */
static bool is_column_only(ddbc_cons_kind kind)
{
    switch (kind) {
    case DDBC_CONS_NOT_NULL:
    case DDBC_CONS_NULL:
    case DDBC_CONS_DEFAULT:
    case DDBC_CONS_IDENTITY:
    case DDBC_CONS_GENERATED:
    case DDBC_CONS_AUTO_INCREMENT:
    case DDBC_CONS_COLLATE:
    case DDBC_CONS_ON_UPDATE:
    case DDBC_CONS_COMMENT:
        return true;
    default:
        return false;
    }
}

/* Build a column from its definition and apply its constraints to e (which
 * must already hold the column, so one-column keys can point at it). */
static ddbc_column *new_column(builder *b, const ddbc_ast_column *ac)
{
    ddbc_column *c = DDBC_NEW(b->arena, ddbc_column);
    c->name = ac->name.name;
    c->span = ac->name.span;
    c->nullable = true;
    c->type = column_type(b, ac->type, c->name);
    return c;
}

/* Type-implied properties, applied before the column's own constraints so
 * those can override them: serial, and a domain's NOT NULL and default. */
static void apply_type_properties(builder *b, ddbc_column *c, const ddbc_ast_type *t)
{
    (void)b;
    if (!t) return;
    if (is_serial(t)) {
        c->auto_increment = true;
        c->nullable = false;
    }
    if (t->array_dims == 0 && t->name) {
        const ddbc_domain *dom = ddbc_catalog_find_domain(b->cat, unqualified(t->name));
        if (dom) {
            if (dom->not_null) c->nullable = false;
            if (dom->def.kind != DDBC_DEFAULT_NONE) c->def = dom->def;
        }
    }
}

/* SQLite makes a column declared exactly `INTEGER PRIMARY KEY` an alias of
 * the rowid: the database assigns it.  (PostgreSQL and MySQL do not.) */
static bool is_rowid_alias(const builder *b, const ddbc_ast_column *ac)
{
    if (b->dialect != DDBC_DIALECT_SQLITE) return false;
    if (!ac->type || !ac->type->name || ac->type->array_dims > 0 || ac->type->modifiers.n > 0)
        return false;
    if (strcmp(ac->type->name, "integer") != 0) return false;
    for (size_t i = 0; i < ac->constraints.n; i++)
        if (ac->constraints.v[i]->kind == DDBC_CONS_PRIMARY_KEY) return true;
    return false;
}

static void apply_column_definition(builder *b, ddbc_entity *e, ddbc_column *c,
                                    const ddbc_ast_column *ac)
{
    apply_type_properties(b, c, ac->type);
    for (size_t i = 0; i < ac->constraints.n; i++)
        apply_column_constraint(b, e, c, ac->constraints.v[i]);
    if (is_rowid_alias(b, ac)) c->auto_increment = true;
}

static void duplicate_column(builder *b, const ddbc_entity *e, const ddbc_column *first,
                             const ddbc_ident *name)
{
    ddbc_diag *d = ddbc_diag_report(b->diags, DDBC_E0102, name->span,
                                    "table '%s' already has a column '%s'", e->name, name->name);
    ddbc_diag_add_note(b->diags, d, first->span, "'%s' first declared here", first->name);
}

/* Add a column to e; false (after E0102) when the name is taken. */
static bool add_column(builder *b, ddbc_entity *e, const ddbc_ast_column *ac, bool added_later)
{
    ddbc_column *old = ddbc_entity_column(e, ac->name.name);
    if (old) {
        duplicate_column(b, e, old, &ac->name);
        return false;
    }
    ddbc_column *c = new_column(b, ac);
    c->entity = e;
    c->added_later = added_later;
    DDBC_VEC_PUSH(b->arena, e->columns, c);
    apply_column_definition(b, e, c, ac);
    return true;
}

static ddbc_column *copy_column(builder *b, const ddbc_column *src)
{
    ddbc_column *c = DDBC_NEW(b->arena, ddbc_column);
    *c = *src;
    return c;
}

/* ---- statements: CREATE TABLE ------------------------------------------- */

static partition *find_partition(builder *b, const char *name)
{
    return name ? ddbc_symtab_get(b->partitions, name) : NULL;
}

static bool name_listed(const char *name, const char *const *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], name) == 0) return true;
    return false;
}

static void fold_partition(builder *b, ddbc_entity *parent, const char *name, ddbc_entity *saved)
{
    partition *p = DDBC_NEW(b->arena, partition);
    p->name = name;
    p->parent = parent;
    p->saved = saved;
    ddbc_symtab_put(b->partitions, name, p);
    if (!name_listed(name, parent->partitions.v, parent->partitions.n))
        DDBC_VEC_PUSH(b->arena, parent->partitions, name);
}

/* Rule: a partition is storage detail of its parent — its rows are the
 * parent's rows — so it folds into the parent and never becomes an entity. */
static void create_partition_of(builder *b, const ddbc_ast_create_table *ct)
{
    const char *pname = ct->partition_of.name;
    ddbc_entity *parent = find_entity(b, pname);
    if (!parent) {
        partition *pp = find_partition(b, pname);
        if (pp) parent = pp->parent; /* sub-partition: fold into the top table */
    }
    if (!parent) {
        unknown_table(b, pname ? pname : "", ct->partition_of.span);
        return;
    }
    fold_partition(b, parent, ct->name.name, NULL);
}

static void copy_like(builder *b, ddbc_entity *e, const ddbc_qname *like)
{
    ddbc_entity *src = find_entity(b, like->name);
    if (!src) {
        unknown_table(b, like->name, like->span);
        return;
    }
    for (size_t i = 0; i < src->columns.n; i++) {
        ddbc_column *c = copy_column(b, src->columns.v[i]);
        c->entity = e;
        c->added_later = false;
        c->comment = NULL;
        DDBC_VEC_PUSH(b->arena, e->columns, c);
    }
    /* MySQL's CREATE TABLE … LIKE (and PostgreSQL's INCLUDING ALL) copy the
     * key; an entity without one is of no use to the planner anyway. */
    if (src->primary_key) {
        ddbc_key *k = new_key(b, NULL, src->primary_key->span);
        k->unique = true;
        for (size_t i = 0; i < src->primary_key->columns.n; i++)
            DDBC_VEC_PUSH(b->arena, k->columns,
                          ddbc_entity_column(e, src->primary_key->columns.v[i]->name));
        e->primary_key = k;
    }
}

static void create_table(builder *b, const ddbc_ast_stmt *stmt)
{
    const ddbc_ast_create_table *ct = &stmt->u.create_table;
    const char *name = ct->name.name;
    if (!name) return;
    if (ct->has_partition_of) {
        create_partition_of(b, ct);
        return;
    }
    if (ct->as_select) {
        ddbc_diag_report(b->diags, DDBC_N0001, ct->name.span,
                         "CREATE TABLE '%s' AS SELECT skipped: its columns are known only "
                         "when the query runs", name);
        return;
    }
    ddbc_entity *old = find_entity(b, name);
    partition *p = old ? NULL : find_partition(b, name);
    if (old || p) {
        if (ct->if_not_exists) return;
        ddbc_diag *d = ddbc_diag_report(b->diags, DDBC_E0101, ct->name.span,
                                        "table '%s' is already defined", name);
        if (old) ddbc_diag_add_note(b->diags, d, old->span, "'%s' first defined here", name);
        else ddbc_diag_add_note(b->diags, d, DDBC_NO_SPAN, "'%s' is a partition of '%s'",
                                name, p->parent->name);
        return;
    }

    ddbc_entity *e = DDBC_NEW(b->arena, ddbc_entity);
    e->name = name;
    e->schema = ct->name.schema;
    e->span = ct->name.span;
    e->partitioned = ct->partitioned;
    if (ct->like.name) copy_like(b, e, &ct->like);
    for (size_t i = 0; i < ct->columns.n; i++) add_column(b, e, ct->columns.v[i], false);
    for (size_t i = 0; i < ct->constraints.n; i++) apply_table_constraint(b, e, ct->constraints.v[i]);
    register_entity(b, e);
}

/* ---- statements: ALTER TABLE -------------------------------------------- */

/* Remove a column and every key of its table that uses it, as PostgreSQL
 * and MySQL drop dependent indexes and constraints with the column. */
static void drop_column(ddbc_entity *e, ddbc_column *c)
{
    DDBC_VEC_REMOVE_VALUE(e->columns, c);
    if (e->primary_key && key_has_column(e->primary_key, c)) e->primary_key = NULL;
    for (size_t i = e->uniques.n; i-- > 0;)
        if (key_has_column(e->uniques.v[i], c)) DDBC_VEC_REMOVE(e->uniques, i);
    for (size_t i = e->indexes.n; i-- > 0;)
        if (key_has_column(e->indexes.v[i], c)) DDBC_VEC_REMOVE(e->indexes, i);
    for (size_t i = e->foreign_keys.n; i-- > 0;) {
        ddbc_foreign_key *fk = e->foreign_keys.v[i];
        for (size_t j = 0; j < fk->columns.n; j++)
            if (fk->columns.v[j] == c) {
                DDBC_VEC_REMOVE(e->foreign_keys, i);
                break;
            }
    }
}

static void remove_partition_name(ddbc_entity *parent, const char *name)
{
    for (size_t i = 0; i < parent->partitions.n; i++)
        if (strcmp(parent->partitions.v[i], name) == 0) {
            DDBC_VEC_REMOVE(parent->partitions, i);
            return;
        }
}

static void remove_fk(ddbc_entity *from, const ddbc_foreign_key *fk)
{
    DDBC_VEC_REMOVE_VALUE(from->foreign_keys, fk);
}

/* Foreign keys of other tables that reference a dropped column go with it:
 * PostgreSQL refuses the drop otherwise, so a schema that ran used CASCADE. */
static void drop_referencing_fks(builder *b, ddbc_entity *e, const ddbc_column *c)
{
    fk_list *l = ddbc_symtab_get(b->referrers, e->name);
    if (!l) return;
    bool in_pk = e->primary_key && key_has_column(e->primary_key, c);
    for (size_t i = 0; i < l->fks.n; i++) {
        ddbc_foreign_key *fk = l->fks.v[i];
        if (strcmp(fk->ref_table, e->name) != 0) continue;
        bool hit = fk->ref_names.n == 0 && in_pk;
        for (size_t j = 0; j < fk->ref_names.n && !hit; j++)
            hit = strcmp(fk->ref_names.v[j], c->name) == 0;
        if (hit) remove_fk(fk->from, fk);
    }
}

/* Foreign keys elsewhere name this column; keep them pointing at it. */
static void rename_column(builder *b, ddbc_entity *e, ddbc_column *c, const char *new_name)
{
    const char *old = c->name;
    c->name = new_name;
    fk_list *l = ddbc_symtab_get(b->referrers, e->name);
    if (!l) return;
    for (size_t i = 0; i < l->fks.n; i++) {
        ddbc_foreign_key *fk = l->fks.v[i];
        for (size_t j = 0; j < fk->ref_names.n; j++)
            if (strcmp(fk->ref_names.v[j], old) == 0) fk->ref_names.v[j] = new_name;
    }
}

static void rename_table(builder *b, ddbc_entity *e, const ddbc_qname *to)
{
    const char *new_name = to->name;
    if (!new_name || strcmp(new_name, e->name) == 0) return;
    ddbc_entity *other = find_entity(b, new_name);
    if (other || find_partition(b, new_name)) {
        ddbc_diag *d = ddbc_diag_report(b->diags, DDBC_E0101, to->span,
                                        "cannot rename '%s' to '%s': that table exists",
                                        e->name, new_name);
        if (other) ddbc_diag_add_note(b->diags, d, other->span, "'%s' defined here", new_name);
        return;
    }
    const char *old = e->name;
    ddbc_symtab_remove(b->cat->by_name, old);
    e->name = new_name;
    ddbc_symtab_put(b->cat->by_name, new_name, e);

    /* Foreign keys that referenced the old name now reference the new one. */
    fk_list *l = ddbc_symtab_get(b->referrers, old);
    if (!l) return;
    ddbc_symtab_remove(b->referrers, old);
    fk_list *dst = referrers_of(b, new_name);
    for (size_t i = 0; i < l->fks.n; i++) {
        ddbc_foreign_key *fk = l->fks.v[i];
        if (fk->ref_table && strcmp(fk->ref_table, old) == 0) fk->ref_table = new_name;
        DDBC_VEC_PUSH(b->arena, dst->fks, fk);
    }
}

/* The implicit name PostgreSQL gives an unnamed constraint or index:
 * <table>_<col>[_<col>…]_<suffix>, as pg_dump then writes it in DROP/ALTER. */
static const char *implicit_name(builder *b, const ddbc_entity *e, const ddbc_key *k,
                                 const char *suffix)
{
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    ddbc_strbuf_puts(&sb, e->name);
    for (size_t i = 0; i < k->columns.n; i++) {
        ddbc_strbuf_putc(&sb, '_');
        ddbc_strbuf_puts(&sb, k->columns.v[i]->name);
    }
    ddbc_strbuf_putc(&sb, '_');
    ddbc_strbuf_puts(&sb, suffix);
    const char *s = ddbc_arena_strdup(b->arena, ddbc_strbuf_cstr(&sb));
    ddbc_strbuf_free(&sb);
    return s;
}

/* Whether `name` designates key k: its declared name, or, for an unnamed key,
 * the name PostgreSQL or MySQL would have generated for it. */
static bool key_named(builder *b, const ddbc_entity *e, const ddbc_key *k, const char *name,
                      const char *pg_suffix)
{
    if (k->name) return strcmp(k->name, name) == 0;
    if (strcmp(implicit_name(b, e, k, pg_suffix), name) == 0) return true;
    /* MySQL names an unnamed index after its first column. */
    return k->columns.n > 0 && strcmp(k->columns.v[0]->name, name) == 0;
}

static bool fk_named(builder *b, const ddbc_entity *e, const ddbc_foreign_key *fk, size_t index,
                     const char *name)
{
    if (fk->name) return strcmp(fk->name, name) == 0;
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    ddbc_strbuf_puts(&sb, e->name);
    for (size_t i = 0; i < fk->columns.n; i++) ddbc_strbuf_printf(&sb, "_%s", fk->columns.v[i]->name);
    ddbc_strbuf_puts(&sb, "_fkey");
    bool match = strcmp(ddbc_strbuf_cstr(&sb), name) == 0;
    ddbc_strbuf_reset(&sb);
    /* MySQL: <table>_ibfk_<n>. */
    ddbc_strbuf_printf(&sb, "%s_ibfk_%zu", e->name, index + 1);
    match = match || strcmp(ddbc_strbuf_cstr(&sb), name) == 0;
    ddbc_strbuf_free(&sb);
    (void)b;
    return match;
}

/* Remove the key, unique constraint, index, foreign key or check named
 * `name` from e.  Returns false when e has nothing by that name. */
static bool remove_named(builder *b, ddbc_entity *e, const char *name)
{
    /* PostgreSQL names an unnamed primary key <table>_pkey; MySQL's is PRIMARY. */
    const ddbc_key *pk = e->primary_key;
    if (pk && (strcmp(name, "primary") == 0 || strcmp(name, "PRIMARY") == 0 ||
               (pk->name ? strcmp(pk->name, name) == 0
                         : strcmp(name, ddbc_arena_printf(b->arena, "%s_pkey", e->name)) == 0))) {
        e->primary_key = NULL;
        return true;
    }
    for (size_t i = 0; i < e->uniques.n; i++)
        if (key_named(b, e, e->uniques.v[i], name, "key") ||
            (!e->uniques.v[i]->name && key_named(b, e, e->uniques.v[i], name, "idx"))) {
            DDBC_VEC_REMOVE(e->uniques, i);
            return true;
        }
    for (size_t i = 0; i < e->indexes.n; i++)
        if (key_named(b, e, e->indexes.v[i], name, "idx")) {
            DDBC_VEC_REMOVE(e->indexes, i);
            return true;
        }
    for (size_t i = 0; i < e->foreign_keys.n; i++)
        if (fk_named(b, e, e->foreign_keys.v[i], i, name)) {
            DDBC_VEC_REMOVE(e->foreign_keys, i);
            return true;
        }
    for (size_t i = 0; i < e->checks.n; i++)
        if (strcmp(e->checks.v[i], name) == 0) {
            DDBC_VEC_REMOVE(e->checks, i);
            return true;
        }
    return false;
}

static void drop_constraint(builder *b, ddbc_entity *e, const ddbc_ast_alter_action *a)
{
    /* MySQL's DROP PRIMARY KEY names nothing. */
    const char *name = a->name.name ? a->name.name : "primary";
    if (remove_named(b, e, name) || a->if_exists) return;
    ddbc_span span = a->name.name ? a->name.span : a->span;
    /* Unnamed CHECK constraints are not recorded and implicit names vary by
     * server version, so a miss is more likely ours than the schema's: warn. */
    ddbc_diag *d = ddbc_diag_report(b->diags, DDBC_W0003, span,
                                    "table '%s' has no constraint or index '%s'; nothing dropped",
                                    e->name, name);
    ddbc_diag_add_note(b->diags, d, e->span, "table '%s' declared here", e->name);
}

static void attach_partition(builder *b, ddbc_entity *parent, const ddbc_qname *child)
{
    const char *name = child->name;
    if (!name || find_partition(b, name)) return;
    ddbc_entity *ce = find_entity(b, name);
    if (!ce) {
        unknown_table(b, name, child->span);
        return;
    }
    if (ce == parent) return;
    unregister_entity(b, ce);
    fold_partition(b, parent, name, ce);
    /* A partition that is itself partitioned hands its partitions up. */
    for (size_t i = 0; i < ce->partitions.n; i++) {
        partition *p = find_partition(b, ce->partitions.v[i]);
        if (p) fold_partition(b, parent, p->name, p->saved);
    }
}

/* The detached table becomes a table of its own again: the one that was
 * attached, or (for PARTITION OF) a copy of the parent's columns and key. */
static void detach_partition(builder *b, ddbc_entity *parent, const ddbc_qname *child,
                             ddbc_span span)
{
    partition *p = find_partition(b, child->name);
    if (!p || p->parent != parent) {
        ddbc_diag_report(b->diags, DDBC_W0003, child->span,
                         "'%s' is not a partition of '%s'; nothing detached",
                         child->name ? child->name : "", parent->name);
        return;
    }
    ddbc_symtab_remove(b->partitions, p->name);
    remove_partition_name(parent, p->name);
    ddbc_entity *e = p->saved;
    if (!e) {
        e = DDBC_NEW(b->arena, ddbc_entity);
        e->name = p->name;
        e->schema = parent->schema;
        e->span = span;
        ddbc_qname like = {NULL, parent->name, span};
        copy_like(b, e, &like);
    }
    register_entity(b, e);
}

static ddbc_column *alter_column_target(builder *b, ddbc_entity *e, const ddbc_ast_alter_action *a)
{
    ddbc_column *c = ddbc_entity_column(e, a->name.name);
    if (!c && !a->if_exists) unknown_column(b, e, a->name.name ? a->name.name : "", a->name.span);
    return c;
}

/* MySQL MODIFY/CHANGE restates the whole column: attributes not restated are
 * reset, the position and key memberships are kept. */
static void modify_column(builder *b, ddbc_entity *e, const ddbc_ast_alter_action *a)
{
    const char *old_name = a->name.name ? a->name.name : a->column->name.name;
    ddbc_column *c = ddbc_entity_column(e, old_name);
    if (!c) {
        unknown_column(b, e, old_name ? old_name : "", a->name.name ? a->name.span : a->column->name.span);
        return;
    }
    const ddbc_ast_column *ac = a->column;
    if (strcmp(ac->name.name, c->name) != 0) {
        ddbc_column *clash = ddbc_entity_column(e, ac->name.name);
        if (clash) {
            duplicate_column(b, e, clash, &ac->name);
            return;
        }
        rename_column(b, e, c, ac->name.name);
    }
    c->span = ac->name.span;
    c->type = column_type(b, ac->type, c->name);
    c->nullable = !(e->primary_key && key_has_column(e->primary_key, c));
    memset(&c->def, 0, sizeof c->def);
    c->auto_increment = false;
    c->generated = false;
    c->comment = NULL;
    apply_column_definition(b, e, c, ac);
}

static void alter_action(builder *b, ddbc_entity *e, const ddbc_ast_alter_action *a)
{
    ddbc_column *c;
    switch (a->kind) {
    case DDBC_ALTER_ADD_COLUMN:
        if (!a->column) return;
        if (a->if_exists && ddbc_entity_column(e, a->column->name.name)) return;
        add_column(b, e, a->column, true);
        break;
    case DDBC_ALTER_DROP_COLUMN:
        if ((c = alter_column_target(b, e, a))) {
            drop_referencing_fks(b, e, c);
            drop_column(e, c);
        }
        break;
    case DDBC_ALTER_RENAME_COLUMN: {
        if (!(c = alter_column_target(b, e, a)) || !a->new_name.name) return;
        ddbc_column *clash = ddbc_entity_column(e, a->new_name.name);
        if (clash && clash != c) {
            duplicate_column(b, e, clash, &a->new_name);
            return;
        }
        rename_column(b, e, c, a->new_name.name);
        break;
    }
    case DDBC_ALTER_RENAME_TABLE:
        rename_table(b, e, &a->new_table);
        break;
    case DDBC_ALTER_COLUMN_TYPE:
        if ((c = alter_column_target(b, e, a)) && a->type) c->type = column_type(b, a->type, c->name);
        break;
    case DDBC_ALTER_COLUMN_SET_DEFAULT:
        if (!(c = alter_column_target(b, e, a)) || !a->constraint) return;
        if (a->constraint->kind == DDBC_CONS_DEFAULT) set_default(b, c, a->constraint);
        else apply_column_constraint(b, e, c, a->constraint);
        break;
    case DDBC_ALTER_COLUMN_DROP_DEFAULT:
        if (!(c = alter_column_target(b, e, a))) return;
        if (c->def.kind == DDBC_DEFAULT_SEQUENCE) c->auto_increment = false;
        memset(&c->def, 0, sizeof c->def);
        break;
    case DDBC_ALTER_COLUMN_SET_NOT_NULL:
        if ((c = alter_column_target(b, e, a))) c->nullable = false;
        break;
    case DDBC_ALTER_COLUMN_DROP_NOT_NULL:
        /* A primary key column stays NOT NULL whatever is asked. */
        if ((c = alter_column_target(b, e, a)) &&
            !(e->primary_key && key_has_column(e->primary_key, c)))
            c->nullable = true;
        break;
    case DDBC_ALTER_MODIFY_COLUMN:
        if (a->column) modify_column(b, e, a);
        break;
    case DDBC_ALTER_ADD_CONSTRAINT: {
        const ddbc_ast_constraint *k = a->constraint;
        if (!k) return;
        /* ALTER COLUMN x ADD GENERATED … AS IDENTITY and the like name a
         * column and carry a column constraint. */
        if (a->name.name && (is_column_only(k->kind) || k->columns.n == 0)) {
            if ((c = alter_column_target(b, e, a))) apply_column_constraint(b, e, c, k);
            return;
        }
        apply_table_constraint(b, e, k);
        break;
    }
    case DDBC_ALTER_DROP_CONSTRAINT:
        drop_constraint(b, e, a);
        break;
    case DDBC_ALTER_ATTACH_PARTITION:
        attach_partition(b, e, &a->new_table);
        break;
    case DDBC_ALTER_DETACH_PARTITION:
        detach_partition(b, e, &a->new_table, a->span);
        break;
    case DDBC_ALTER_IGNORED:
        break;
    }
}

static void alter_table(builder *b, const ddbc_ast_stmt *stmt)
{
    const ddbc_ast_alter_table *at = &stmt->u.alter_table;
    ddbc_entity *e = find_entity(b, at->name.name);
    if (!e) {
        /* pg_dump alters every partition (keys, defaults) after attaching it;
         * the parent already carries all of that. */
        if (find_partition(b, at->name.name) || at->if_exists) return;
        unknown_table(b, at->name.name ? at->name.name : "", at->name.span);
        return;
    }
    for (size_t i = 0; i < at->actions.n; i++) alter_action(b, e, at->actions.v[i]);
}

/* ---- statements: indexes, types, drops, comments ------------------------- */

static bool entity_has_index(const ddbc_entity *e, const char *name)
{
    if (e->primary_key && e->primary_key->name && strcmp(e->primary_key->name, name) == 0)
        return true;
    for (size_t i = 0; i < e->uniques.n; i++)
        if (e->uniques.v[i]->name && strcmp(e->uniques.v[i]->name, name) == 0) return true;
    for (size_t i = 0; i < e->indexes.n; i++)
        if (e->indexes.v[i]->name && strcmp(e->indexes.v[i]->name, name) == 0) return true;
    return false;
}

static void create_index(builder *b, const ddbc_ast_stmt *stmt)
{
    const ddbc_ast_create_index *ci = &stmt->u.create_index;
    ddbc_entity *e = find_entity(b, ci->table.name);
    if (!e) {
        if (find_partition(b, ci->table.name)) {
            if (ci->name.name) ddbc_symtab_put(b->skipped_indexes, ci->name.name, b);
            return;
        }
        unknown_table(b, ci->table.name ? ci->table.name : "", ci->table.span);
        return;
    }
    if (ci->if_not_exists && ci->name.name && entity_has_index(e, ci->name.name)) return;

    ddbc_key *k = new_key(b, ci->name.name, ci->name.name ? ci->name.span : stmt->span);
    k->unique = ci->unique;
    k->method = ci->method;
    k->where = ci->where;
    k->partial = ci->where != NULL;
    for (size_t i = 0; i < ci->elems.n; i++) {
        const ddbc_ast_index_elem *el = &ci->elems.v[i];
        if (!el->column.name) {
            k->has_expression = true;
            continue;
        }
        ddbc_column *c = ddbc_entity_column(e, el->column.name);
        if (!c) {
            unknown_column(b, e, el->column.name, el->column.span);
            return;
        }
        DDBC_VEC_PUSH(b->arena, k->columns, c);
        DDBC_VEC_PUSH(b->arena, k->desc, el->desc);
    }
    if (k->unique) DDBC_VEC_PUSH(b->arena, e->uniques, k);
    else DDBC_VEC_PUSH(b->arena, e->indexes, k);
}

static void duplicate_type(builder *b, const ddbc_qname *name)
{
    const ddbc_enum_type *en = ddbc_catalog_find_enum(b->cat, name->name);
    const ddbc_domain *dom = ddbc_catalog_find_domain(b->cat, name->name);
    ddbc_diag *d = ddbc_diag_report(b->diags, DDBC_E0108, name->span,
                                    "type '%s' is already defined", name->name);
    ddbc_diag_add_note(b->diags, d, en ? en->span : dom->span, "'%s' first defined here",
                       name->name);
}

static void create_type(builder *b, const ddbc_ast_stmt *stmt)
{
    const ddbc_ast_create_type *ct = &stmt->u.create_type;
    if (!ct->name.name || (!ct->is_enum && !ct->is_domain)) return;
    if (ddbc_catalog_find_enum(b->cat, ct->name.name) ||
        ddbc_catalog_find_domain(b->cat, ct->name.name)) {
        duplicate_type(b, &ct->name);
        return;
    }
    if (ct->is_enum) {
        ddbc_enum_type *en = DDBC_NEW(b->arena, ddbc_enum_type);
        en->name = ct->name.name;
        en->schema = ct->name.schema;
        en->span = ct->name.span;
        for (size_t i = 0; i < ct->values.n; i++) DDBC_VEC_PUSH(b->arena, en->values, ct->values.v[i]);
        DDBC_VEC_PUSH(b->arena, b->cat->enums, en);
        ddbc_symtab_put(b->cat->enums_by_name, en->name, en);
        return;
    }
    ddbc_domain *dom = DDBC_NEW(b->arena, ddbc_domain);
    dom->name = ct->name.name;
    dom->schema = ct->name.schema;
    dom->span = ct->name.span;
    dom->base = column_type(b, ct->base, dom->name);
    for (size_t i = 0; i < ct->constraints.n; i++) {
        const ddbc_ast_constraint *k = ct->constraints.v[i];
        if (k->kind == DDBC_CONS_NOT_NULL) dom->not_null = true;
        else if (k->kind == DDBC_CONS_NULL) dom->not_null = false;
        else if (k->kind == DDBC_CONS_DEFAULT) dom->def = classify_default(b, k);
    }
    DDBC_VEC_PUSH(b->arena, b->cat->domains, dom);
    ddbc_symtab_put(b->cat->domains_by_name, dom->name, dom);
}

/* DROP TABLE: the table, its partitions, and (with CASCADE) the foreign keys
 * of other tables that reference it. */
static void drop_entity(builder *b, ddbc_entity *e, bool cascade)
{
    unregister_entity(b, e);
    for (size_t i = 0; i < e->partitions.n; i++) ddbc_symtab_remove(b->partitions, e->partitions.v[i]);
    if (!cascade) return;
    fk_list *l = ddbc_symtab_get(b->referrers, e->name);
    if (!l) return;
    for (size_t i = 0; i < l->fks.n; i++) {
        ddbc_foreign_key *fk = l->fks.v[i];
        ddbc_entity *from = fk->from;
        if (from == e || strcmp(fk->ref_table, e->name) != 0) continue;
        remove_fk(from, fk);
    }
    l->fks.n = 0;
}

static bool drop_type(builder *b, const char *name)
{
    ddbc_enum_type *en = ddbc_catalog_find_enum(b->cat, name);
    if (en) {
        ddbc_symtab_remove(b->cat->enums_by_name, name);
        DDBC_VEC_REMOVE_VALUE(b->cat->enums, en);
        return true;
    }
    ddbc_domain *dom = ddbc_catalog_find_domain(b->cat, name);
    if (dom) {
        ddbc_symtab_remove(b->cat->domains_by_name, name);
        DDBC_VEC_REMOVE_VALUE(b->cat->domains, dom);
        return true;
    }
    return false;
}

/* DROP INDEX names no table (in PostgreSQL), so search; drops are rare. */
static bool drop_index(builder *b, const char *name)
{
    if (ddbc_symtab_get(b->skipped_indexes, name)) {
        ddbc_symtab_remove(b->skipped_indexes, name);
        return true;
    }
    for (size_t i = 0; i < b->cat->entities.n; i++) {
        ddbc_entity *e = b->cat->entities.v[i];
        if (!e) continue;
        for (size_t j = 0; j < e->indexes.n; j++)
            if (key_named(b, e, e->indexes.v[j], name, "idx")) {
                DDBC_VEC_REMOVE(e->indexes, j);
                return true;
            }
        for (size_t j = 0; j < e->uniques.n; j++)
            if (e->uniques.v[j]->name && strcmp(e->uniques.v[j]->name, name) == 0) {
                DDBC_VEC_REMOVE(e->uniques, j);
                return true;
            }
    }
    return false;
}

static void drop(builder *b, const ddbc_ast_stmt *stmt)
{
    const ddbc_ast_drop *dr = &stmt->u.drop;
    for (size_t i = 0; i < dr->names.n; i++) {
        const ddbc_qname *q = &dr->names.v[i];
        if (!q->name) continue;
        bool found = false;
        const char *what = "table";
        switch (dr->object) {
        case DDBC_OBJ_TABLE: {
            ddbc_entity *e = find_entity(b, q->name);
            partition *p = e ? NULL : find_partition(b, q->name);
            if (e) {
                drop_entity(b, e, dr->cascade);
                found = true;
            } else if (p) {
                remove_partition_name(p->parent, p->name);
                ddbc_symtab_remove(b->partitions, p->name);
                found = true;
            }
            break;
        }
        case DDBC_OBJ_TYPE:
        case DDBC_OBJ_DOMAIN:
            what = dr->object == DDBC_OBJ_TYPE ? "type" : "domain";
            found = drop_type(b, q->name);
            break;
        case DDBC_OBJ_INDEX:
            what = "index";
            found = drop_index(b, q->name);
            break;
        case DDBC_OBJ_COLUMN:
            found = true;
            break;
        }
        if (!found && !dr->if_exists)
            ddbc_diag_report(b->diags, DDBC_W0003, q->span, "%s '%s' does not exist; nothing dropped",
                             what, q->name);
    }
}

static void comment(builder *b, const ddbc_ast_stmt *stmt)
{
    const ddbc_ast_comment *cm = &stmt->u.comment;
    if (cm->object == DDBC_OBJ_TABLE) {
        ddbc_entity *e = find_entity(b, cm->name.name);
        if (e) e->comment = cm->text;
        else if (!find_partition(b, cm->name.name))
            unknown_table(b, cm->name.name ? cm->name.name : "", cm->name.span);
    } else if (cm->object == DDBC_OBJ_COLUMN) {
        ddbc_entity *e = find_entity(b, cm->table.name);
        if (!e) {
            if (!find_partition(b, cm->table.name))
                unknown_table(b, cm->table.name ? cm->table.name : "", cm->table.span);
            return;
        }
        ddbc_column *c = ddbc_entity_column(e, cm->column.name);
        if (c) c->comment = cm->text;
        else unknown_column(b, e, cm->column.name ? cm->column.name : "", cm->column.span);
    }
}

/* ---- resolution ----------------------------------------------------------- */

/* Rule: a foreign key references a live table (a partition stands for its
 * parent) and as many of its columns as it has; omitted columns mean the
 * referenced primary key.  A key that cannot be resolved is reported and
 * dropped, so later passes only ever see complete foreign keys. */
static bool resolve_fk(builder *b, ddbc_foreign_key *fk)
{
    ddbc_entity *to = find_entity(b, fk->ref_table);
    if (!to) {
        partition *p = find_partition(b, fk->ref_table);
        if (p) to = p->parent;
    }
    if (!to) {
        ddbc_diag *d = ddbc_diag_report(b->diags, DDBC_E0106, fk->ref_span,
                                        "foreign key of '%s' references unknown table '%s'",
                                        fk->from->name, fk->ref_table ? fk->ref_table : "");
        const char *close = fk->ref_table ? ddbc_catalog_closest_entity(b->cat, fk->ref_table) : NULL;
        if (close) ddbc_diag_set_hint(b->diags, d, "did you mean '%s'?", close);
        return false;
    }
    fk->to = to;
    fk->ref_columns.n = 0;
    if (fk->ref_names.n == 0) {
        if (!to->primary_key) {
            ddbc_diag *d = ddbc_diag_report(b->diags, DDBC_E0107, fk->ref_span,
                                            "foreign key of '%s' names no columns and '%s' "
                                            "has no primary key", fk->from->name, to->name);
            ddbc_diag_add_note(b->diags, d, to->span, "'%s' declared here", to->name);
            ddbc_diag_set_hint(b->diags, d, "name the referenced columns: REFERENCES %s (…)",
                               to->name);
            return false;
        }
        for (size_t i = 0; i < to->primary_key->columns.n; i++)
            DDBC_VEC_PUSH(b->arena, fk->ref_columns, to->primary_key->columns.v[i]);
    } else {
        for (size_t i = 0; i < fk->ref_names.n; i++) {
            ddbc_column *c = ddbc_entity_column(to, fk->ref_names.v[i]);
            if (!c) {
                unknown_column(b, to, fk->ref_names.v[i], fk->ref_span);
                return false;
            }
            DDBC_VEC_PUSH(b->arena, fk->ref_columns, c);
        }
    }
    if (fk->ref_columns.n != fk->columns.n) {
        ddbc_diag *d = ddbc_diag_report(b->diags, DDBC_E0107, fk->span,
                                        "foreign key of '%s' has %zu column%s but references "
                                        "%zu column%s of '%s'", fk->from->name, fk->columns.n,
                                        fk->columns.n == 1 ? "" : "s", fk->ref_columns.n,
                                        fk->ref_columns.n == 1 ? "" : "s", to->name);
        ddbc_diag_add_note(b->diags, d, to->span, "'%s' declared here", to->name);
        return false;
    }
    return true;
}

static void finish(builder *b)
{
    ddbc_catalog *cat = b->cat;
    size_t n = 0;
    for (size_t i = 0; i < cat->entities.n; i++) {
        ddbc_entity *e = cat->entities.v[i];
        if (!e) continue;
        e->ordinal = (int)n;
        cat->entities.v[n++] = e;
    }
    cat->entities.n = n;

    for (size_t i = 0; i < n; i++) {
        ddbc_entity *e = cat->entities.v[i];
        for (size_t j = 0; j < e->columns.n; j++) e->columns.v[j]->ordinal = (int)j;
        if (e->columns.n == 0)
            ddbc_diag_report(b->diags, DDBC_E0110, e->span, "table '%s' has no columns", e->name);
        size_t kept = 0;
        for (size_t j = 0; j < e->foreign_keys.n; j++)
            if (resolve_fk(b, e->foreign_keys.v[j])) e->foreign_keys.v[kept++] = e->foreign_keys.v[j];
        e->foreign_keys.n = kept;
    }
}

void ddbc_catalog_build(const ddbc_ast *ast, ddbc_arena *arena, ddbc_ir *ir, ddbc_diags *diags)
{
    builder b;
    b.arena = arena;
    b.diags = diags;
    b.cat = &ir->catalog;
    if (!b.cat->by_name) b.cat->by_name = ddbc_symtab_create(arena);
    if (!b.cat->enums_by_name) b.cat->enums_by_name = ddbc_symtab_create(arena);
    if (!b.cat->domains_by_name) b.cat->domains_by_name = ddbc_symtab_create(arena);
    b.referrers = ddbc_symtab_create(arena);
    b.partitions = ddbc_symtab_create(arena);
    b.skipped_indexes = ddbc_symtab_create(arena);

    for (size_t i = 0; i < ast->stmts.n; i++) {
        const ddbc_ast_stmt *stmt = ast->stmts.v[i];
        b.dialect = stmt->dialect;
        switch (stmt->kind) {
        case DDBC_STMT_CREATE_TABLE: create_table(&b, stmt); break;
        case DDBC_STMT_ALTER_TABLE: alter_table(&b, stmt); break;
        case DDBC_STMT_CREATE_INDEX: create_index(&b, stmt); break;
        case DDBC_STMT_CREATE_TYPE: create_type(&b, stmt); break;
        case DDBC_STMT_DROP: drop(&b, stmt); break;
        case DDBC_STMT_COMMENT: comment(&b, stmt); break;
        case DDBC_STMT_SELECT:
        case DDBC_STMT_INSERT:
        case DDBC_STMT_UPDATE:
        case DDBC_STMT_DELETE:
            break;
        }
    }
    finish(&b);
}
