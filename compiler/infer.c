/* infer.c — the read patterns a schema implies when no queries say otherwise.
 *
 * Each pattern is the ddbc_query the check pass would build for the SELECT it
 * stands for, spanned on the DDL that implied it, so the planner and the
 * emitters cannot tell it from a declared one except by `inferred`. */
#include "infer.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "strbuf.h"
#include "symtab.h"

typedef struct inferrer {
    ddbc_arena *arena;
    ddbc_query_list *out;
    ddbc_symtab *taken;        /* pattern names in use, declared ones first */
    size_t entity_first;       /* out->v index of the current entity's first pattern */
} inferrer;

/* ---- names ---------------------------------------------------------------------------- */

/* ASCII case-insensitive equality (strcasecmp is POSIX, not C11). */
static bool same_ci(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return false;
    return *a == *b;
}

static bool ends_with(const char *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    if (k > n) return false;
    for (size_t i = 0; i < k; i++)
        if (tolower((unsigned char)s[n - k + i]) != suffix[i]) return false;
    return true;
}

/* Naive English singular of a table name: enough for the usual plural table
 * names (orders, categories, addresses, statuses, boxes), and anything it
 * does not recognize (people, data, inventory) is left as written. */
static char *singular(ddbc_arena *arena, const char *name)
{
    size_t n = strlen(name);
    size_t cut = 0;
    const char *add = "";
    if (n > 3 && ends_with(name, n, "ies")) {
        cut = 3;
        add = isupper((unsigned char)name[n - 1]) ? "Y" : "y";
    } else if (ends_with(name, n, "sses") || ends_with(name, n, "uses") ||
               ends_with(name, n, "xes") || ends_with(name, n, "ches") ||
               ends_with(name, n, "shes")) {
        cut = 2;
    } else if (n > 1 && ends_with(name, n, "s") && !ends_with(name, n, "ss") &&
               !ends_with(name, n, "us") && !ends_with(name, n, "is")) {
        cut = 1;
    }
    return ddbc_arena_printf(arena, "%.*s%s", (int)(n - cut), name, add);
}

/* customer_id → CustomerId, createdAt → CreatedAt.  An all-capitals name
 * (ORDERS, from a case-insensitive dump) is read as lower case first, so it
 * does not shout in the middle of a function name. */
static char *pascal(ddbc_arena *arena, const char *name)
{
    bool has_lower = false;
    for (const char *p = name; *p; p++)
        if (islower((unsigned char)*p)) has_lower = true;
    size_t n = strlen(name);
    char *s = ddbc_arena_alloc(arena, n + 1);
    size_t len = 0;
    bool start = true;
    for (const char *p = name; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        if (!isalnum(ch)) {
            start = true;
            continue;
        }
        if (!has_lower) ch = (unsigned char)tolower(ch);
        s[len++] = (char)(start ? toupper(ch) : ch);
        start = false;
    }
    s[len] = '\0';
    return s;
}

/* The part of a foreign key column that names the relation: manager_id →
 * manager, customerId → customer, customer → customer. */
static char *column_stem(ddbc_arena *arena, const char *name)
{
    size_t n = strlen(name);
    if (n >= 3 && ends_with(name, n, "_id")) n -= 3;
    else if (n > 2 && name[n - 2] == 'I' && name[n - 1] == 'd' &&
             islower((unsigned char)name[n - 3]))
        n -= 2;
    return ddbc_arena_strndup(arena, name, n);
}

static const char *columns_pascal(ddbc_arena *arena, ddbc_column *const *cols, size_t n)
{
    const char *s = "";
    for (size_t i = 0; i < n; i++)
        s = ddbc_arena_printf(arena, "%s%s%s", s, i ? "And" : "", pascal(arena, cols[i]->name));
    return s;
}

/* Declared queries keep their names; an inferred pattern that meets one (or
 * an earlier inferred one) takes the first free numeric suffix. */
static const char *claim_name(inferrer *in, const char *base)
{
    const char *name = base;
    for (int k = 2; ddbc_symtab_get(in->taken, name); k++)
        name = ddbc_arena_printf(in->arena, "%s%d", base, k);
    ddbc_symtab_put(in->taken, name, (void *)(uintptr_t)1);
    return name;
}

/* ---- SQL text ----------------------------------------------------------------------- */

static const char *const reserved[] = {
    "all", "and", "as", "asc", "by", "case", "check", "column", "default", "desc",
    "end", "from", "group", "in", "index", "is", "key", "limit", "not", "null",
    "or", "order", "primary", "references", "select", "table", "to", "unique",
    "user", "when", "where",
};

/* An identifier as one would type it: bare when it is a plain lower-case
 * name, double-quoted (quotes doubled) otherwise. */
static void put_ident(ddbc_strbuf *sb, const char *name)
{
    bool plain = name[0] && !isdigit((unsigned char)name[0]);
    for (const char *p = name; *p && plain; p++)
        if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_')) plain = false;
    for (size_t i = 0; plain && i < sizeof reserved / sizeof reserved[0]; i++)
        if (strcmp(name, reserved[i]) == 0) plain = false;
    if (plain) {
        ddbc_strbuf_puts(sb, name);
        return;
    }
    ddbc_strbuf_putc(sb, '"');
    for (const char *p = name; *p; p++) {
        if (*p == '"') ddbc_strbuf_putc(sb, '"');
        ddbc_strbuf_putc(sb, *p);
    }
    ddbc_strbuf_putc(sb, '"');
}

/* The SELECT the finished pattern stands for, rebuilt from its IR. */
static const char *pattern_sql(ddbc_arena *arena, const ddbc_query *q)
{
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    ddbc_strbuf_puts(&sb, "SELECT * FROM ");
    if (q->root->schema) {
        put_ident(&sb, q->root->schema);
        ddbc_strbuf_putc(&sb, '.');
    }
    put_ident(&sb, q->root->name);
    for (size_t i = 0; i < q->predicates.n; i++) {
        const ddbc_predicate *p = &q->predicates.v[i];
        ddbc_strbuf_puts(&sb, i ? " AND " : " WHERE ");
        put_ident(&sb, p->column.column->name);
        ddbc_strbuf_printf(&sb, " = $%d", q->params.v[p->operands.v[0].param].number);
    }
    for (size_t i = 0; i < q->order_by.n; i++) {
        const ddbc_order *o = &q->order_by.v[i];
        ddbc_strbuf_puts(&sb, i ? ", " : " ORDER BY ");
        put_ident(&sb, o->column.column->name);
        if (o->desc) ddbc_strbuf_puts(&sb, " DESC");
    }
    char *s = ddbc_arena_strdup(arena, ddbc_strbuf_cstr(&sb));
    ddbc_strbuf_free(&sb);
    return s;
}

/* ---- building a pattern --------------------------------------------------------------- */

static bool same_column_set(ddbc_column *const *a, size_t na, ddbc_column *const *b, size_t nb)
{
    if (na != nb) return false;
    for (size_t i = 0; i < na; i++) {
        bool found = false;
        for (size_t j = 0; j < nb && !found; j++) found = a[i] == b[j];
        if (!found) return false;
    }
    return true;
}

/* DynamoDB cannot key on a map or a list, so a key over a json or array
 * column implies no pattern the planner could serve. */
static bool key_is_usable_columns(ddbc_column *const *cols, size_t n)
{
    if (n == 0) return false;
    for (size_t i = 0; i < n; i++)
        if (ddbc_type_class_is_complex(cols[i]->type.cls)) return false;
    return true;
}

/* A key that can stand for an equality lookup.  Partial indexes are skipped
 * rather than guessed at: their WHERE is uninterpreted AST, and a pattern
 * that silently dropped it would read rows the index never holds. */
static bool key_is_usable(const ddbc_key *k)
{
    return k && !k->partial && !k->has_expression &&
           key_is_usable_columns(k->columns.v, k->columns.n);
}

/* Whether this entity already has a pattern with these equality columns and
 * this sort column (direction aside: a Query reads either way). */
static bool already_inferred(const inferrer *in, ddbc_column *const *eq, size_t neq,
                             const ddbc_column *order)
{
    for (size_t i = in->entity_first; i < in->out->n; i++) {
        const ddbc_query *q = in->out->v[i];
        if (q->predicates.n != neq) continue;
        const ddbc_column *qo = q->order_by.n ? q->order_by.v[0].column.column : NULL;
        if (qo != order) continue;
        bool same = true;
        for (size_t j = 0; j < neq && same; j++) {
            bool found = false;
            for (size_t k = 0; k < q->predicates.n && !found; k++)
                found = q->predicates.v[k].column.column == eq[j];
            same = found;
        }
        if (same) return true;
    }
    return false;
}

static ddbc_span span_or_entity(ddbc_span span, const ddbc_entity *e)
{
    return span.file == DDBC_NO_FILE ? e->span : span;
}

/* Mirrors check.c on `SELECT * FROM e WHERE c1 = $1 AND … [ORDER BY o [DESC]]`:
 * binding 0 is the table under its own name, one STAR target over every
 * binding, one EQ predicate per column with a parameter named and typed by
 * the column, numbered in predicate order. */
static void add_pattern(inferrer *in, ddbc_entity *e, const char *base, ddbc_query_kind kind,
                        ddbc_span span, ddbc_column *const *eq, size_t neq,
                        ddbc_column *order, bool desc, const char *doc)
{
    ddbc_arena *arena = in->arena;
    ddbc_query *q = DDBC_NEW(arena, ddbc_query);
    q->name = claim_name(in, base);
    q->kind = kind;
    q->doc = doc;
    q->stmt = DDBC_STMT_SELECT;
    q->span = span;
    q->name_span = span;
    q->root = e;
    q->having_span = DDBC_NO_SPAN;
    q->offset_span = DDBC_NO_SPAN;
    q->inferred = true;

    ddbc_binding b;
    memset(&b, 0, sizeof b);
    b.entity = e;
    b.alias = e->name;
    b.span = span;
    DDBC_VEC_PUSH(arena, q->bindings, b);

    ddbc_target t;
    memset(&t, 0, sizeof t);
    t.kind = DDBC_TARGET_STAR;
    t.binding = -1;
    t.column.binding = -1;
    t.span = span;
    DDBC_VEC_PUSH(arena, q->targets, t);

    for (size_t i = 0; i < neq; i++) {
        ddbc_param p;
        memset(&p, 0, sizeof p);
        p.number = (int)q->params.n + 1;
        p.name = eq[i]->name;
        for (int k = 2;; k++) {
            bool clash = false;
            for (size_t j = 0; j < q->params.n && !clash; j++)
                clash = strcmp(q->params.v[j].name, p.name) == 0;
            if (!clash) break;
            p.name = ddbc_arena_printf(arena, "%s_%d", eq[i]->name, k);
        }
        p.type = eq[i]->type;
        p.column = eq[i];
        p.span = span;
        DDBC_VEC_PUSH(arena, q->params, p);

        ddbc_predicate pr;
        memset(&pr, 0, sizeof pr);
        pr.column = (ddbc_colref){0, eq[i], span};
        pr.op = DDBC_PRED_EQ;
        pr.span = span;
        ddbc_operand op;
        memset(&op, 0, sizeof op);
        op.kind = DDBC_OPERAND_PARAM;
        op.param = (int)q->params.n - 1;
        op.span = span;
        DDBC_VEC_PUSH(arena, pr.operands, op);
        DDBC_VEC_PUSH(arena, q->predicates, pr);
    }
    if (order) {
        ddbc_order o;
        memset(&o, 0, sizeof o);
        o.column = (ddbc_colref){0, order, span};
        o.desc = desc;
        o.span = span;
        DDBC_VEC_PUSH(arena, q->order_by, o);
    }
    q->sql = pattern_sql(arena, q);
    DDBC_VEC_PUSH(arena, *in->out, q);
}

static const char *column_names(ddbc_arena *arena, ddbc_column *const *cols, size_t n)
{
    const char *s = "";
    for (size_t i = 0; i < n; i++)
        s = ddbc_arena_printf(arena, "%s%s%s", s, i ? ", " : "", cols[i]->name);
    return s;
}

/* ---- the four rules ------------------------------------------------------------------ */

/* The first usable unique key, standing in for a missing primary key. */
static const ddbc_key *identity_key(const ddbc_entity *e)
{
    if (key_is_usable(e->primary_key)) return e->primary_key;
    for (size_t i = 0; i < e->uniques.n; i++)
        if (key_is_usable(e->uniques.v[i])) return e->uniques.v[i];
    return NULL;
}

/* Rule 1: one row by its primary key (or, without one, by its first usable
 * unique key, which rule 3 then does not repeat). */
static void infer_get(inferrer *in, ddbc_entity *e, const ddbc_key *id)
{
    const char *doc = ddbc_arena_printf(in->arena, "inferred: one %s row by its %s (%s)", e->name,
                                        id == e->primary_key ? "primary key" : "unique key",
                                        column_names(in->arena, id->columns.v, id->columns.n));
    const char *entity = pascal(in->arena, singular(in->arena, e->name));
    const char *name = ddbc_arena_printf(in->arena, "Get%s", entity);
    add_pattern(in, e, name, DDBC_KIND_ONE, span_or_entity(id->span, e), id->columns.v,
                id->columns.n, NULL, false, doc);
}

static bool is_time(const ddbc_column *c)
{
    return c->type.cls == DDBC_T_TIMESTAMP || c->type.cls == DDBC_T_DATE;
}

static bool in_columns(const ddbc_column *c, ddbc_column *const *cols, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (cols[i] == c) return true;
    return false;
}

/* The column that says when a row was created, for newest-first lists: a
 * conventionally named timestamp, else the first NOT NULL one, else the
 * first at all.  Columns the list filters on are not candidates. */
static ddbc_column *creation_time(const ddbc_entity *e, ddbc_column *const *eq, size_t neq)
{
    static const char *const names[] = {
        "created_at", "created", "inserted_at", "created_on", "createdat", "creation_date",
    };
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
        for (size_t i = 0; i < e->columns.n; i++) {
            ddbc_column *c = e->columns.v[i];
            if (is_time(c) && !in_columns(c, eq, neq) && same_ci(c->name, names[k])) return c;
        }
    for (size_t i = 0; i < e->columns.n; i++) {
        ddbc_column *c = e->columns.v[i];
        if (is_time(c) && !c->nullable && !in_columns(c, eq, neq)) return c;
    }
    for (size_t i = 0; i < e->columns.n; i++) {
        ddbc_column *c = e->columns.v[i];
        if (is_time(c) && !in_columns(c, eq, neq)) return c;
    }
    return NULL;
}

static bool equals_unique(const ddbc_entity *e, ddbc_column *const *cols, size_t n)
{
    if (key_is_usable(e->primary_key) &&
        same_column_set(cols, n, e->primary_key->columns.v, e->primary_key->columns.n))
        return true;
    for (size_t i = 0; i < e->uniques.n; i++) {
        const ddbc_key *u = e->uniques.v[i];
        if (key_is_usable(u) && same_column_set(cols, n, u->columns.v, u->columns.n)) return true;
    }
    return false;
}

/* Rule 2: the children of one parent row by each foreign key, newest first.
 * A foreign key on the whole primary key or on a unique key is a 1:1
 * extension: the lookup by that key already reads it. */
static void infer_children(inferrer *in, ddbc_entity *e, const ddbc_foreign_key *fk)
{
    ddbc_arena *arena = in->arena;
    if (!key_is_usable_columns(fk->columns.v, fk->columns.n)) return;
    if (equals_unique(e, fk->columns.v, fk->columns.n)) return;
    ddbc_column *ts = creation_time(e, fk->columns.v, fk->columns.n);
    if (already_inferred(in, fk->columns.v, fk->columns.n, ts)) return;

    /* Named after the relation: manager_id → employees lists by Manager, and
     * customer_id → customers by Customer; a composite key by its table. */
    const char *by = pascal(arena, singular(arena, fk->to->name));
    if (fk->columns.n == 1) {
        const char *stem = column_stem(arena, fk->columns.v[0]->name);
        if (stem[0] && !same_ci(stem, fk->to->name)) by = pascal(arena, stem);
    }
    const char *doc = ddbc_arena_printf(arena, "inferred: the %s rows of one %s row (%s)%s",
                                        e->name, fk->to->name,
                                        column_names(arena, fk->columns.v, fk->columns.n),
                                        ts ? ", newest first" : "");
    add_pattern(in, e, ddbc_arena_printf(arena, "List%sBy%s", pascal(arena, e->name), by),
                DDBC_KIND_MANY, span_or_entity(fk->span, e), fk->columns.v, fk->columns.n, ts,
                ts != NULL, doc);
}

/* Rule 3: one row by each further unique column set.  One that repeats the
 * primary key, the key rule 1 fell back on, or an earlier unique key is
 * already a Get. */
static void infer_unique(inferrer *in, ddbc_entity *e, const ddbc_key *u)
{
    ddbc_arena *arena = in->arena;
    if (!key_is_usable(u) || already_inferred(in, u->columns.v, u->columns.n, NULL)) return;
    const char *doc = ddbc_arena_printf(arena, "inferred: one %s row by its unique %s", e->name,
                                        column_names(arena, u->columns.v, u->columns.n));
    add_pattern(in, e,
                ddbc_arena_printf(arena, "Get%sBy%s", pascal(arena, singular(arena, e->name)),
                                  columns_pascal(arena, u->columns.v, u->columns.n)),
                DDBC_KIND_ONE, span_or_entity(u->span, e), u->columns.v, u->columns.n, NULL, false,
                doc);
}

static bool is_sortable(const ddbc_column *c)
{
    ddbc_type_class cls = c->type.cls;
    return is_time(c) || cls == DDBC_T_INTEGER || cls == DDBC_T_DECIMAL || cls == DDBC_T_FLOAT;
}

/* Rule 4: rows by each declared index — equality on its columns, except that
 * a trailing time or number column of a multi-column index orders the list
 * (a one-column index stays a lookup: a list ordered by its only column
 * would have nothing to partition on).  An index that repeats a key, or
 * whose lookup is one a key already gives, adds nothing. */
static void infer_index(inferrer *in, ddbc_entity *e, const ddbc_key *ix)
{
    ddbc_arena *arena = in->arena;
    if (!key_is_usable(ix)) return;
    /* GIN, GiST, BRIN … serve containment, search and ranges, not lookups
     * by value. */
    if (ix->method && !same_ci(ix->method, "btree") && !same_ci(ix->method, "hash")) return;
    size_t n = ix->columns.n;
    if (equals_unique(e, ix->columns.v, n)) return;
    for (size_t i = 0; i < e->foreign_keys.n; i++) {
        const ddbc_foreign_key *fk = e->foreign_keys.v[i];
        if (same_column_set(ix->columns.v, n, fk->columns.v, fk->columns.n)) return;
    }
    ddbc_column *order = NULL;
    bool desc = false;
    size_t neq = n;
    if (n > 1 && is_sortable(ix->columns.v[n - 1])) {
        neq = n - 1;
        order = ix->columns.v[n - 1];
        desc = n - 1 < ix->desc.n && ix->desc.v[n - 1];
    }
    if (equals_unique(e, ix->columns.v, neq)) return;
    if (already_inferred(in, ix->columns.v, neq, order)) return;
    const char *doc = ddbc_arena_printf(arena, "inferred: %s rows by index %s (%s)", e->name,
                                        ix->name ? ix->name : "(unnamed)",
                                        column_names(arena, ix->columns.v, n));
    add_pattern(in, e,
                ddbc_arena_printf(arena, "List%sBy%s", pascal(arena, e->name),
                                  columns_pascal(arena, ix->columns.v, neq)),
                DDBC_KIND_MANY, span_or_entity(ix->span, e), ix->columns.v, neq, order, desc, doc);
}

void ddbc_infer_patterns(const ddbc_ir *ir, ddbc_arena *arena, ddbc_query_list *out)
{
    inferrer in;
    in.arena = arena;
    in.out = out;
    in.taken = ddbc_symtab_create(arena);
    for (size_t i = 0; i < ir->queries.n; i++)
        ddbc_symtab_put(in.taken, ir->queries.v[i]->name, (void *)(uintptr_t)1);
    for (size_t i = 0; i < out->n; i++)
        ddbc_symtab_put(in.taken, out->v[i]->name, (void *)(uintptr_t)1);

    for (size_t i = 0; i < ir->catalog.entities.n; i++) {
        ddbc_entity *e = ir->catalog.entities.v[i];
        in.entity_first = out->n;
        const ddbc_key *id = identity_key(e);
        if (id) infer_get(&in, e, id);
        for (size_t j = 0; j < e->foreign_keys.n; j++) infer_children(&in, e, e->foreign_keys.v[j]);
        for (size_t j = 0; j < e->uniques.n; j++) infer_unique(&in, e, e->uniques.v[j]);
        for (size_t j = 0; j < e->indexes.n; j++) infer_index(&in, e, e->indexes.v[j]);
    }
}
