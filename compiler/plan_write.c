/* plan_write.c — the write plans that keep every key, index, guard, copy and
 * counter true (PLANNER-NOTES §8): each entity's put, update and delete, and
 * the write of each INSERT, UPDATE and DELETE pattern, found through the
 * design (ddbc_plan_locate) or refused when only a Scan could find its rows. */
#include <stdlib.h>
#include <string.h>

#include "plan.h"

typedef DDBC_VEC(ddbc_column *) column_list;
typedef DDBC_VEC(const char *) name_list;
typedef DDBC_VEC(const ddbc_entity_plan *) plan_list;
typedef DDBC_VEC(const ddbc_foreign_key *) fk_list;

/* What every routine here shares: the design, and per entity (by catalog
 * ordinal) the plans that copy its columns and the foreign keys that point
 * at it, found once. */
typedef struct wctx {
    const ddbc_design *d;
    ddbc_arena *arena;
    ddbc_diags *diags;
    plan_list *copiers;
    fk_list *referrers;
} wctx;

/* How a write reaches its item: directly by a base key the statement gives,
 * or through a read (a Query, or a GetItem on a GSI) that yields base keys. */
typedef struct target {
    bool direct;
    bool many;                 /* the read may find several items: one write each */
    const char *how;           /* "Query GSI1 by id"; NULL when direct */
    const ddbc_index *via;     /* the index read; NULL when direct */
    const char *rest;          /* WHERE conditions the key does not answer; NULL: none */
    bool scan;                 /* nothing finds it: only a Scan could */
} target;

/* ---- small helpers ---------------------------------------------------------------------- */

static bool has_column(const column_list *l, const ddbc_column *c)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i] == c) return true;
    return false;
}

static void add_column(ddbc_arena *arena, column_list *l, ddbc_column *c)
{
    if (!has_column(l, c)) DDBC_VEC_PUSH(arena, *l, c);
}

static int by_ordinal(const void *a, const void *b)
{
    const ddbc_column *x = *(ddbc_column *const *)a, *y = *(ddbc_column *const *)b;
    if (x->entity != y->entity) return x->entity->ordinal - y->entity->ordinal;
    return x->ordinal - y->ordinal;
}

static void sort_columns(column_list *l)
{
    if (l->n > 1) qsort(l->v, l->n, sizeof *l->v, by_ordinal);
}

static void add_name(ddbc_arena *arena, name_list *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->v[i], s)) return;
    DDBC_VEC_PUSH(arena, *l, s);
}

static const char *join_names(ddbc_arena *arena, const name_list *l, const char *sep)
{
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    for (size_t i = 0; i < l->n; i++) ddbc_strbuf_printf(&sb, "%s%s", i ? sep : "", l->v[i]);
    const char *s = ddbc_arena_strdup(arena, ddbc_strbuf_cstr(&sb));
    ddbc_strbuf_free(&sb);
    return s;
}

static const char *column_names(ddbc_arena *arena, ddbc_column *const *cols, size_t n)
{
    name_list l = {NULL, 0, 0};
    for (size_t i = 0; i < n; i++) add_name(arena, &l, cols[i]->name);
    return join_names(arena, &l, ", ");
}

/* Append "; more" (or just "more") to a note. */
static const char *append_note(ddbc_arena *arena, const char *note, const char *more)
{
    if (!more) return note;
    return note ? ddbc_arena_printf(arena, "%s; %s", note, more) : more;
}

static bool key_has(const ddbc_key *k, const ddbc_column *c)
{
    for (size_t i = 0; k && i < k->columns.n; i++)
        if (k->columns.v[i] == c) return true;
    return false;
}

static bool key_meets(const ddbc_key *k, const column_list *cols)
{
    for (size_t i = 0; i < cols->n; i++)
        if (key_has(k, cols->v[i])) return true;
    return false;
}

static bool counter_meets(const ddbc_counter *ctr, const column_list *cols)
{
    for (size_t i = 0; i < ctr->group_by.n; i++)
        if (has_column(cols, ctr->group_by.v[i])) return true;
    return false;
}

static const ddbc_derived_key *derived(const ddbc_entity_plan *ep, const ddbc_column *c)
{
    for (size_t i = 0; i < ep->derived.n; i++)
        if (ep->derived.v[i].column == c) return &ep->derived.v[i];
    return NULL;
}

/* Whether any of the columns feeds index `ix` (one of its two key attributes)
 * according to the derived-key map. */
static bool feeds_index(const ddbc_entity_plan *ep, const ddbc_index *ix, ddbc_column *const *cols,
                        size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const ddbc_derived_key *dk = derived(ep, cols[i]);
        for (size_t j = 0; dk && j < dk->attrs.n; j++)
            if (!strcmp(dk->attrs.v[j], ix->pk_attr) || !strcmp(dk->attrs.v[j], ix->sk_attr))
                return true;
    }
    return false;
}

/* Both attributes of the index: a key is written whole or not at all. */
static void push_index_attrs(ddbc_arena *arena, ddbc_write_action *a, const ddbc_index *ix)
{
    const char *both[2] = {ix->pk_attr, ix->sk_attr};
    for (int b = 0; b < 2; b++) {
        bool have = false;
        for (size_t i = 0; i < a->key_attrs.n && !have; i++) have = !strcmp(a->key_attrs.v[i], both[b]);
        if (!have) DDBC_VEC_PUSH(arena, a->key_attrs, both[b]);
    }
}

static void all_key_attrs(const wctx *x, const ddbc_entity_plan *ep, ddbc_write_action *a)
{
    for (size_t i = 0; i < ep->keys.n; i++)
        push_index_attrs(x->arena, a, x->d->indexes.v[ep->keys.v[i].index]);
}

static int gsi_count(const ddbc_entity_plan *ep)
{
    int n = 0;
    for (size_t i = 0; i < ep->keys.n; i++) n += ep->keys.v[i].index != 0;
    return n;
}

static ddbc_write_action action(ddbc_write_kind kind, const ddbc_entity *e, const char *cond)
{
    ddbc_write_action a = {.kind = kind, .entity = e, .condition = cond};
    return a;
}

static const char *not_exists(const wctx *x)
{
    return ddbc_arena_printf(x->arena, "attribute_not_exists(%s)", x->d->pk_attr);
}

/* attribute_exists(PK), and the old values the plan read still in place: a
 * concurrent write between the read and this one fails the condition
 * instead of leaving a guard or counter for a value the item no longer has;
 * and the WHERE conjuncts the key does not answer (`rest`). */
static const char *exists_unchanged(const wctx *x, const column_list *old, const char *rest)
{
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    ddbc_strbuf_printf(&sb, "attribute_exists(%s)", x->d->pk_attr);
    for (size_t i = 0; i < old->n; i++)
        ddbc_strbuf_printf(&sb, " AND %s = :old_%s", old->v[i]->name, old->v[i]->name);
    if (rest) ddbc_strbuf_printf(&sb, " AND %s", rest);
    const char *s = ddbc_arena_strdup(x->arena, ddbc_strbuf_cstr(&sb));
    ddbc_strbuf_free(&sb);
    return s;
}

static const char *guard_null_note(const wctx *x, const ddbc_key *g)
{
    column_list nullable = {NULL, 0, 0};
    for (size_t i = 0; i < g->columns.n; i++)
        if (g->columns.v[i]->nullable) DDBC_VEC_PUSH(x->arena, nullable, g->columns.v[i]);
    if (!nullable.n) return NULL;
    return ddbc_arena_printf(x->arena, "skipped while %s is NULL (NULLs never collide)",
                             column_names(x->arena, nullable.v, nullable.n));
}

/* ---- finding items -------------------------------------------------------------------- */

/* The key columns a located request binds: what "Query GSI1 by …" names. */
static const char *bound_columns(const wctx *x, const ddbc_request *r)
{
    name_list l = {NULL, 0, 0};
    const ddbc_key_bound *bs[2] = {&r->pk, r->sk_op != DDBC_SK_NONE ? &r->sk_lo : NULL};
    for (int b = 0; b < 2; b++)
        for (int i = 0; bs[b] && i < bs[b]->nparts; i++) {
            const ddbc_key_part *part = &bs[b]->tmpl->parts.v[i];
            if (part->kind == DDBC_PART_COLUMN)
                add_name(x->arena, &l, part->attr ? part->attr : part->column->name);
        }
    return join_names(x->arena, &l, ", ");
}

static bool request_binds(const ddbc_request *r, const ddbc_column *c)
{
    const ddbc_key_bound *bs[2] = {&r->pk, r->sk_op != DDBC_SK_NONE ? &r->sk_lo : NULL};
    for (int b = 0; b < 2; b++)
        for (int i = 0; bs[b] && i < bs[b]->nparts; i++)
            if (bs[b]->tmpl->parts.v[i].kind == DDBC_PART_COLUMN && bs[b]->tmpl->parts.v[i].column == c)
                return true;
    return false;
}

static const char *literal_text(const wctx *x, const ddbc_expr *lit)
{
    if (!lit) return "NULL";
    if (lit->kind == DDBC_EXPR_STRING) return ddbc_arena_printf(x->arena, "'%s'", lit->text);
    if (lit->kind == DDBC_EXPR_BOOL) return lit->boolval ? "true" : "false";
    return lit->text ? lit->text : "NULL";
}

/* A WHERE conjunct as a condition expression: values as :placeholders. */
static const char *condition_text(const wctx *x, const ddbc_query *q, const ddbc_predicate *pr)
{
    static const char *const ops[] = {"=", "<>", "<", "<=", ">", ">="};
    const char *col = pr->column.column->name;
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    if (pr->negated) ddbc_strbuf_puts(&sb, "NOT ");
    for (size_t i = 0; i < pr->operands.n || i == 0; i++) {
        const ddbc_operand *o = i < pr->operands.n ? &pr->operands.v[i] : NULL;
        const char *v = !o ? NULL
                        : o->kind == DDBC_OPERAND_PARAM ? ddbc_arena_printf(x->arena, ":%s", q->params.v[o->param].name)
                        : o->kind == DDBC_OPERAND_COLUMN ? o->column.column->name
                        : literal_text(x, o->literal);
        switch (pr->op) {
        case DDBC_PRED_EQ: case DDBC_PRED_NE: case DDBC_PRED_LT:
        case DDBC_PRED_LE: case DDBC_PRED_GT: case DDBC_PRED_GE:
            ddbc_strbuf_printf(&sb, "%s %s %s", col, ops[pr->op - DDBC_PRED_EQ], v ? v : "NULL");
            break;
        case DDBC_PRED_BETWEEN:
            if (i == 0) ddbc_strbuf_printf(&sb, "%s BETWEEN %s", col, v ? v : "NULL");
            else ddbc_strbuf_printf(&sb, " AND %s", v);
            break;
        case DDBC_PRED_BEGINS_WITH:
            ddbc_strbuf_printf(&sb, "begins_with(%s, %s)", col, v ? v : "''");
            break;
        case DDBC_PRED_IN:
            ddbc_strbuf_printf(&sb, "%s%s%s", i == 0 ? col : "", i == 0 ? " IN (" : ", ", v ? v : "");
            if (i + 1 >= pr->operands.n) ddbc_strbuf_putc(&sb, ')');
            break;
        case DDBC_PRED_IS_NULL:
            ddbc_strbuf_printf(&sb, "attribute_not_exists(%s)", col);
            break;
        case DDBC_PRED_IS_NOT_NULL:
            ddbc_strbuf_printf(&sb, "attribute_exists(%s)", col);
            break;
        case DDBC_PRED_LIKE:
            /* no condition function matches a pattern: checked on the item read */
            ddbc_strbuf_printf(&sb, "%s LIKE %s", col, v ? v : "''");
            break;
        }
        if (pr->op != DDBC_PRED_BETWEEN && pr->op != DDBC_PRED_IN) break;
    }
    const char *s = ddbc_arena_strdup(x->arena, ddbc_strbuf_cstr(&sb));
    ddbc_strbuf_free(&sb);
    return s;
}

static target target_from(const wctx *x, const ddbc_query *q, const ddbc_request *r)
{
    target t = {.direct = r->op == DDBC_OP_GET_ITEM && r->index == 0};
    if (!t.direct) {
        t.via = x->d->indexes.v[r->index];
        /* a Query that binds the whole key of an index still finds one item */
        t.many = r->op != DDBC_OP_GET_ITEM &&
                 !(r->sk_op == DDBC_SK_EQ && r->sk_lo.end == DDBC_END_EXACT &&
                   (size_t)r->sk_lo.nparts == r->sk_lo.tmpl->parts.n &&
                   (size_t)r->pk.nparts == r->pk.tmpl->parts.n);
        t.how = ddbc_arena_printf(x->arena, "%s %s by %s", ddbc_operation_name(r->op),
                                  r->index ? t.via->name : "the table", bound_columns(x, r));
    }
    /* conditions the key condition does not answer still choose the rows:
     * they become part of the write's condition expression */
    name_list rest = {NULL, 0, 0};
    for (size_t i = 0; q && i < q->predicates.n; i++) {
        const ddbc_predicate *pr = &q->predicates.v[i];
        if (pr->column.binding != 0 || (pr->op == DDBC_PRED_EQ && !pr->negated &&
                                        request_binds(r, pr->column.column)))
            continue;
        add_name(x->arena, &rest, condition_text(x, q, pr));
    }
    t.rest = rest.n ? join_names(x->arena, &rest, " AND ") : NULL;
    return t;
}

/* Locate an entity's items by equalities on `cols` (its primary key, or a
 * child's foreign key), through the same look-up the write patterns use. */
static target locate_by(const wctx *x, ddbc_entity *e, ddbc_column *const *cols, size_t n)
{
    ddbc_query *q = DDBC_NEW(x->arena, ddbc_query);
    q->name = e->name;
    q->stmt = DDBC_STMT_UPDATE;
    q->span = e->span;
    q->root = e;
    ddbc_binding b = {.entity = e, .alias = e->name, .span = e->span};
    DDBC_VEC_PUSH(x->arena, q->bindings, b);
    for (size_t i = 0; i < n; i++) {
        ddbc_param prm = {.number = (int)i + 1, .name = cols[i]->name, .type = cols[i]->type,
                          .column = cols[i], .span = cols[i]->span};
        DDBC_VEC_PUSH(x->arena, q->params, prm);
        ddbc_predicate pr = {.column = {.binding = 0, .column = cols[i], .span = cols[i]->span},
                             .op = DDBC_PRED_EQ, .span = cols[i]->span};
        ddbc_operand o = {.kind = DDBC_OPERAND_PARAM, .param = (int)i, .span = cols[i]->span};
        DDBC_VEC_PUSH(x->arena, pr.operands, o);
        DDBC_VEC_PUSH(x->arena, q->predicates, pr);
    }
    ddbc_request r;
    memset(&r, 0, sizeof r);
    if (!ddbc_plan_locate(x->d, q, x->arena, &r)) return (target){.scan = true};
    return target_from(x, NULL, &r);
}

static target locate_by_primary_key(const wctx *x, ddbc_entity *e)
{
    if (!e->primary_key) return (target){.scan = true};
    return locate_by(x, e, e->primary_key->columns.v, e->primary_key->columns.n);
}

/* The entity's own accessors name an item by the columns of its base key
 * (the primary key, and the parent's key or sort columns when the item lives
 * in a collection), so they reach it directly. */
static target locate_by_base_key(const wctx *x, const ddbc_entity_plan *ep)
{
    if (!ddbc_entity_plan_key(ep, 0)) return locate_by_primary_key(x, ep->entity);
    return (target){.direct = true};
}

/* "Query GSI1 by id to find the base key[s]", or how a Scan would be needed. */
static const char *find_note(const wctx *x, const ddbc_entity *e, const target *t)
{
    if (t->scan)
        return ddbc_arena_printf(x->arena, "no index finds %s by its primary key, so only a Scan "
                                 "could; add a pattern that reads it by primary key", e->name);
    return ddbc_arena_printf(x->arena, "%s to find the base key%s", t->how, t->many ? "s" : "");
}

/* What a read must bring back: "the old values of email (guard swap)" for
 * values the write replaces, then bare names for parts of a rebuilt key. */
static const char *read_what(const wctx *x, const name_list *old, const name_list *parts)
{
    const char *o = old->n ? ddbc_arena_printf(x->arena, "the old values of %s",
                                               join_names(x->arena, old, ", "))
                           : NULL;
    const char *p = parts && parts->n ? join_names(x->arena, parts, ", ") : NULL;
    if (o && p) return ddbc_arena_printf(x->arena, "%s, %s", o, p);
    return o ? o : p;
}

/* The READ_FIRST action: how the item is found and what is read (`what`,
 * NULL: only the key); none when the write needs neither. */
static void read_first(const wctx *x, const ddbc_entity *e, const target *t, const char *what,
                       ddbc_write_plan *w)
{
    if (t->direct && !what) return;
    const char *note;
    if (t->direct) {
        note = ddbc_arena_printf(x->arena, "GetItem for %s", what ? what : "the item");
    } else {
        note = find_note(x, e, t);
        if (what && !t->scan) {
            /* a GSI that does not project every attribute cannot give old values */
            bool partial = t->via && t->via->number != 0 && t->via->projection != DDBC_PROJECTION_ALL;
            note = ddbc_arena_printf(x->arena, "%s%s%s", note, partial ? ", then GetItem for " : " and ",
                                     what);
        }
    }
    if (t->many) note = ddbc_arena_printf(x->arena, "%s; then one write per item found", note);
    if (t->rest && !t->direct)
        note = ddbc_arena_printf(x->arena, "%s; only items where %s", note, t->rest);
    ddbc_write_action r = action(DDBC_W_READ_FIRST, e, NULL);
    r.note = note;
    DDBC_VEC_PUSH(x->arena, w->actions, r);
}

/* ---- units and operation ---------------------------------------------------------------- */

/* Rule: 1 write unit per KB of the item plus 1 per GSI it is written to (a
 * sparse GSI counts too: the estimate is for an item that is in it), and a
 * GSI whose key changes costs a delete there as well; guards and counters
 * are 1; a move is a delete plus a put; a transaction costs twice.  Reads,
 * fan-outs and cascades count 0: they scale with the children, which the
 * report shows through `fan_out`. */
static void finish(const wctx *x, const ddbc_entity_plan *ep, ddbc_write_plan *w)
{
    int kb = (ep->max_item_bytes + 1023) / 1024;
    if (kb < 1) kb = 1;
    int gsis = gsi_count(ep);
    int units = 0, items = 0;
    ddbc_operation single = DDBC_OP_PUT_ITEM;
    for (size_t i = 0; i < w->actions.n; i++) {
        const ddbc_write_action *a = &w->actions.v[i];
        switch (a->kind) {
        case DDBC_W_PUT:
        case DDBC_W_DELETE:
            units += kb + gsis;
            items++;
            single = a->kind == DDBC_W_PUT ? DDBC_OP_PUT_ITEM : DDBC_OP_DELETE_ITEM;
            break;
        case DDBC_W_UPDATE: {
            int rekeyed = 0;
            for (size_t k = 0; k < ep->keys.n; k++) {
                const ddbc_index *ix = x->d->indexes.v[ep->keys.v[k].index];
                if (ix->number == 0) continue;
                for (size_t j = 0; j < a->key_attrs.n; j++)
                    if (!strcmp(a->key_attrs.v[j], ix->pk_attr)) rekeyed++;
            }
            units += kb + gsis + rekeyed;
            items++;
            single = DDBC_OP_UPDATE_ITEM;
            break;
        }
        case DDBC_W_MOVE:
            units += 2 * (kb + gsis);
            items += 2;
            break;
        case DDBC_W_PUT_GUARD:
        case DDBC_W_DELETE_GUARD:
        case DDBC_W_COUNTER:
            units += 1;
            items++;
            single = DDBC_OP_UPDATE_ITEM;
            break;
        case DDBC_W_FAN_OUT:
        case DDBC_W_CASCADE:
            w->fan_out = true;
            break;
        case DDBC_W_READ_FIRST:
            break;
        }
    }
    w->op = items > 1 ? DDBC_OP_TRANSACT_WRITE_ITEMS : single;
    w->write_units = items > 1 ? 2 * units : units;
}

/* RETURNING costs nothing extra: a single write returns the item itself; a
 * transaction returns no values, so the row is built from what was read and
 * written. */
static void note_returning(const wctx *x, ddbc_write_plan *w, ddbc_write_kind kind)
{
    for (size_t i = 0; i < w->actions.n; i++) {
        ddbc_write_action *a = &w->actions.v[i];
        if (a->kind != kind) continue;
        const char *how;
        if (w->op == DDBC_OP_TRANSACT_WRITE_ITEMS)
            how = "RETURNING: built from the values read first and written (a transaction returns "
                  "no item)";
        else if (kind == DDBC_W_UPDATE)
            how = "RETURNING: ReturnValues ALL_NEW";
        else if (kind == DDBC_W_DELETE)
            how = "RETURNING: ReturnValues ALL_OLD";
        else
            how = "RETURNING: the values written, generated id included";
        a->note = append_note(x->arena, a->note, how);
        return;
    }
}

/* ---- put ---------------------------------------------------------------------------------- */

/* Rule: INSERT → Put with attribute_not_exists, one guard item per UNIQUE
 * column set and +1 on every counter, in one TransactWriteItems. */
static void plan_put(const wctx *x, const ddbc_entity_plan *ep, ddbc_write_plan *w)
{
    ddbc_entity *e = ep->entity;
    ddbc_write_action put = action(DDBC_W_PUT, e, not_exists(x));
    all_key_attrs(x, ep, &put);
    for (size_t i = 0; i < ep->keys.n; i++) {
        const ddbc_entity_key *k = &ep->keys.v[i];
        if (!k->condition) continue;
        const ddbc_index *ix = x->d->indexes.v[k->index];
        put.note = append_note(x->arena, put.note,
                               ddbc_arena_printf(x->arena, "%s/%s only while %s", ix->pk_attr,
                                                 ix->sk_attr, k->condition));
    }
    /* DynamoDB has no sequences: the id is generated, time-ordered so it still
     * sorts by creation, and keeps the column's type (an integer column gets
     * a 64-bit time-ordered integer, a text one a 26-character ULID). */
    for (size_t i = 0; i < e->columns.n; i++)
        if (e->columns.v[i]->auto_increment)
            put.note = append_note(x->arena, put.note,
                                   ddbc_arena_printf(x->arena, "%s: a sortable generated id (%s), "
                                                     "not a counter",
                                                     e->columns.v[i]->name,
                                                     e->columns.v[i]->type.cls == DDBC_T_INTEGER
                                                         ? "a time-ordered 64-bit integer"
                                                         : "a time-ordered 26-character ULID"));
    DDBC_VEC_PUSH(x->arena, w->actions, put);

    for (size_t g = 0; g < ep->unique_guards.n; g++) {
        const ddbc_key *guard = ep->unique_guards.v[g];
        ddbc_write_action pg = action(DDBC_W_PUT_GUARD, e, not_exists(x));
        pg.guard = guard;
        pg.note = guard_null_note(x, guard);
        DDBC_VEC_PUSH(x->arena, w->actions, pg);
    }
    for (size_t c = 0; c < ep->counters.n; c++) {
        ddbc_write_action inc = action(DDBC_W_COUNTER, e, NULL);
        inc.counter = ep->counters.v[c];
        inc.delta = 1;
        DDBC_VEC_PUSH(x->arena, w->actions, inc);
    }
    finish(x, ep, w);
}

/* INSERT … ON CONFLICT runs as the INSERT; the conflict action is what the
 * runtime does when the arbiter's condition fails (the item's
 * attribute_not_exists, or the target's guard).  DO UPDATE then runs as an
 * UPDATE of that row: read, conditioned on the item as read, guards swapped
 * and counters moved like any update, retried when the row changes meanwhile. */
static const char *conflict_note(const wctx *x, const ddbc_query *q)
{
    const char *arbiter = "any UNIQUE value or the primary key";
    if (q->conflict_target.n) {
        name_list cols = {NULL, 0, 0};
        for (size_t i = 0; i < q->conflict_target.n; i++)
            add_name(x->arena, &cols, q->conflict_target.v[i]->name);
        arbiter = join_names(x->arena, &cols, ", ");
    }
    if (q->conflict != DDBC_CONFLICT_DO_UPDATE)
        return ddbc_arena_printf(x->arena, "ON CONFLICT DO NOTHING: when %s is taken, nothing "
                                 "is written (0 rows)", arbiter);
    name_list set = {NULL, 0, 0};
    for (size_t i = 0; i < q->conflict_set.n; i++)
        add_name(x->arena, &set, q->conflict_set.v[i].column->name);
    return ddbc_arena_printf(x->arena, "ON CONFLICT DO UPDATE: when %s is taken, that row is read "
                             "and %s updated as for an UPDATE (conditioned on the row as read, "
                             "guards swapped, counters moved; retried if it changes meanwhile)",
                             arbiter, set.n ? join_names(x->arena, &set, ", ") : "nothing");
}

/* ---- update --------------------------------------------------------------------------- */

/* The children that copy any of `cols` get one FAN_OUT each: their copies
 * and every key built from them are rewritten item by item. */
static void fan_out(const wctx *x, const ddbc_entity *e, const column_list *cols, ddbc_write_plan *w)
{
    for (size_t ci = 0; ci < x->copiers[e->ordinal].n; ci++) {
        const ddbc_entity_plan *child = x->copiers[e->ordinal].v[ci];
        ddbc_write_action f = action(DDBC_W_FAN_OUT, child->entity, NULL);
        column_list copied = {NULL, 0, 0};
        name_list attrs = {NULL, 0, 0};
        const ddbc_foreign_key *via = NULL;
        for (size_t k = 0; k < child->copies.n; k++) {
            const ddbc_copy *cp = &child->copies.v[k];
            if (cp->column->entity != e || !has_column(cols, cp->column)) continue;
            add_column(x->arena, &copied, cp->column);
            add_name(x->arena, &attrs, cp->attr);
            if (!via) via = cp->via;
        }
        if (!copied.n) continue;
        sort_columns(&copied);
        for (size_t i = 0; i < copied.n; i++) DDBC_VEC_PUSH(x->arena, f.columns, copied.v[i]);
        bool moves = false;
        for (size_t k = 0; k < child->keys.n; k++) {
            const ddbc_index *ix = x->d->indexes.v[child->keys.v[k].index];
            if (!feeds_index(child, ix, f.columns.v, f.columns.n)) continue;
            push_index_attrs(x->arena, &f, ix);
            moves |= ix->number == 0;
        }
        target t = locate_by(x, via->from, via->columns.v, via->columns.n);
        const char *fk = column_names(x->arena, via->columns.v, via->columns.n);
        if (t.scan)
            f.note = ddbc_arena_printf(x->arena, "no index finds %s by its foreign key (%s), so "
                                       "only a Scan could; add a pattern that lists them by it",
                                       child->entity->name, fk);
        else
            f.note = ddbc_arena_printf(x->arena, "Query the children by their foreign key (%s on "
                                       "%s), then UpdateItem each: %s; one write per child, only "
                                       "when the value changes",
                                       fk, t.direct || !t.via || t.via->number == 0 ? "the table"
                                                                                     : t.via->name,
                                       join_names(x->arena, &attrs, ", "));
        if (moves)
            f.note = append_note(x->arena, f.note, "the copy is in each child's base key, so each "
                                                   "child moves (delete + put)");
        DDBC_VEC_PUSH(x->arena, w->actions, f);
    }
}

/* Rule: UPDATE → an UpdateItem that also rewrites every key attribute derived
 * from an updated column, whole (both attributes of each index it feeds), so
 * no key is ever left half-built; a delete + put in one transaction when a
 * base-key component changes; uniqueness guards swapped; counters moved from
 * the old group to the new; copies on children fanned out.
 *   upd    the columns written
 *   known  the columns whose new (or unchanged) value the statement gives */
static void plan_update(const wctx *x, const ddbc_entity_plan *ep, const column_list *upd,
                        const column_list *known, const target *t, bool full, bool returning,
                        ddbc_write_plan *w)
{
    ddbc_entity *e = ep->entity;
    const ddbc_index *table = x->d->indexes.v[0];
    bool moves = feeds_index(ep, table, upd->v, upd->n);

    /* old values the write depends on, each with its reason (`why`: values
     * it replaces; `parts`: values a rebuilt key needs) */
    column_list old = {NULL, 0, 0};
    name_list why = {NULL, 0, 0}, parts = {NULL, 0, 0};
    for (size_t g = 0; g < ep->unique_guards.n; g++) {
        const ddbc_key *guard = ep->unique_guards.v[g];
        if (!key_meets(guard, upd)) continue;
        for (size_t i = 0; i < guard->columns.n; i++) {
            add_column(x->arena, &old, guard->columns.v[i]);
            add_name(x->arena, &why, ddbc_arena_printf(x->arena, "%s (guard swap)", guard->columns.v[i]->name));
        }
    }
    for (size_t c = 0; c < ep->counters.n; c++) {
        const ddbc_counter *ctr = ep->counters.v[c];
        if (!counter_meets(ctr, upd)) continue;
        for (size_t i = 0; i < ctr->group_by.n; i++) {
            add_column(x->arena, &old, ctr->group_by.v[i]);
            add_name(x->arena, &why, ddbc_arena_printf(x->arena, "%s (counter)", ctr->group_by.v[i]->name));
        }
    }
    /* a rewritten key needs every part: those the statement does not give
     * are read, so a key is never rebuilt from half its values */
    for (size_t k = 0; k < ep->keys.n && !moves; k++) {
        const ddbc_entity_key *key = &ep->keys.v[k];
        const ddbc_index *ix = x->d->indexes.v[key->index];
        if (!feeds_index(ep, ix, upd->v, upd->n)) continue;
        const ddbc_key_template *tm[2] = {&key->pk, &key->sk};
        for (int s = 0; s < 2; s++)
            for (size_t i = 0; i < tm[s]->parts.n; i++) {
                const ddbc_key_part *part = &tm[s]->parts.v[i];
                if (part->kind != DDBC_PART_COLUMN || (!part->attr && has_column(known, part->column)))
                    continue;
                add_column(x->arena, &old, part->column);
                add_name(x->arena, &parts, ddbc_arena_printf(x->arena, "%s (to rebuild %s/%s)",
                                                           part->attr ? part->attr : part->column->name,
                                                           ix->pk_attr, ix->sk_attr));
            }
        for (size_t i = 0; i < key->condition_columns.n; i++) {
            ddbc_column *c = key->condition_columns.v[i];
            if (has_column(known, c)) continue;
            add_column(x->arena, &old, c);
            add_name(x->arena, &parts, ddbc_arena_printf(x->arena, "%s (decides %s membership)",
                                                       c->name, ix->name ? ix->name : "table"));
        }
    }
    sort_columns(&old);

    /* a move rebuilds the whole item at its new key: the statement gives
     * every attribute only when it is the accessor's full update */
    bool whole = moves && !full;
    read_first(x, e, t, whole ? "the whole item" : read_what(x, &why, &parts), w);

    ddbc_write_action item = action(moves ? DDBC_W_MOVE : DDBC_W_UPDATE, e, exists_unchanged(x, &old, t->rest));
    for (size_t i = 0; i < upd->n; i++) DDBC_VEC_PUSH(x->arena, item.columns, upd->v[i]);   /* in ordinal order */
    if (moves) {
        all_key_attrs(x, ep, &item);
        column_list base_cols = {NULL, 0, 0};
        for (size_t i = 0; i < upd->n; i++)
            if (feeds_index(ep, table, &upd->v[i], 1)) DDBC_VEC_PUSH(x->arena, base_cols, upd->v[i]);
        sort_columns(&base_cols);
        item.note = ddbc_arena_printf(x->arena, "%s feed%s the base key (%s/%s), which cannot be "
                                      "updated in place: delete the old item and put the new one "
                                      "in one transaction%s",
                                      column_names(x->arena, base_cols.v, base_cols.n),
                                      base_cols.n == 1 ? "s" : "", table->pk_attr, table->sk_attr,
                                      full ? " (an UpdateItem when they are unchanged)" : "");
    } else {
        for (size_t k = 0; k < ep->keys.n; k++) {
            const ddbc_entity_key *key = &ep->keys.v[k];
            const ddbc_index *ix = x->d->indexes.v[key->index];
            if (!feeds_index(ep, ix, upd->v, upd->n)) continue;
            push_index_attrs(x->arena, &item, ix);
            if (key->condition)
                item.note = append_note(x->arena, item.note,
                                        ddbc_arena_printf(x->arena, "%s/%s set or removed as %s "
                                                          "changes", ix->pk_attr, ix->sk_attr,
                                                          key->condition));
        }
    }
    DDBC_VEC_PUSH(x->arena, w->actions, item);

    for (size_t g = 0; g < ep->unique_guards.n; g++) {
        const ddbc_key *guard = ep->unique_guards.v[g];
        if (!key_meets(guard, upd)) continue;
        ddbc_write_action del = action(DDBC_W_DELETE_GUARD, e, NULL);
        del.guard = guard;
        del.note = "the old value's guard; both guard writes are skipped when the value is unchanged";
        DDBC_VEC_PUSH(x->arena, w->actions, del);
        ddbc_write_action put = action(DDBC_W_PUT_GUARD, e, not_exists(x));
        put.guard = guard;
        put.note = append_note(x->arena, "the new value's guard", guard_null_note(x, guard));
        DDBC_VEC_PUSH(x->arena, w->actions, put);
    }
    for (size_t c = 0; c < ep->counters.n; c++) {
        if (!counter_meets(ep->counters.v[c], upd)) continue;
        for (int delta = -1; delta <= 1; delta += 2) {
            ddbc_write_action a = action(DDBC_W_COUNTER, e, NULL);
            a.counter = ep->counters.v[c];
            a.delta = delta;
            a.note = delta < 0 ? "the old group; both counter writes are skipped when it is unchanged"
                               : "the new group";
            DDBC_VEC_PUSH(x->arena, w->actions, a);
        }
    }
    fan_out(x, e, upd, w);
    finish(x, ep, w);
    if (returning) note_returning(x, w, item.kind);
}

/* ---- delete --------------------------------------------------------------------------- */

/* Rule: DELETE → the item and its guards, -1 on every counter, in one
 * transaction; children whose foreign key says ON DELETE CASCADE are deleted
 * first, so an interrupted delete leaves the parent in place to retry rather
 * than orphans no key reaches. */
/* A parent's delete that cascades to children no index can find: say so at
 * the foreign key, once (from the accessor's delete).  The planner adds the
 * index only when a declared DELETE removes parents; otherwise the delete
 * would need a Scan. */
static void warn_unfindable_cascade(const wctx *x, const ddbc_entity *parent,
                                    const ddbc_foreign_key *fk, const char *cols)
{
    ddbc_diag *g = ddbc_diag_report(x->diags, DDBC_W0105, fk->span,
                                    "deleting from %s cascades to %s, but no index finds %s by "
                                    "%s: the delete would need a Scan",
                                    parent->name, fk->from->name, fk->from->name, cols);
    ddbc_diag_set_hint(x->diags, g,
                       "add a query that lists %s by %s (or a DELETE on %s, which makes ddbc "
                       "plan one), or drop ON DELETE CASCADE and delete the children first",
                       fk->from->name, cols, parent->name);
}

static void plan_delete(const wctx *x, const ddbc_entity_plan *ep, const column_list *known,
                        const target *t, bool returning, bool warn_unfindable, ddbc_write_plan *w)
{
    ddbc_entity *e = ep->entity;
    column_list old = {NULL, 0, 0};
    name_list why = {NULL, 0, 0};
    for (size_t g = 0; g < ep->unique_guards.n; g++)
        for (size_t i = 0; i < ep->unique_guards.v[g]->columns.n; i++) {
            ddbc_column *c = ep->unique_guards.v[g]->columns.v[i];
            add_column(x->arena, &old, c);
            add_name(x->arena, &why, ddbc_arena_printf(x->arena, "%s (guard)", c->name));
        }
    for (size_t c = 0; c < ep->counters.n; c++)
        for (size_t i = 0; i < ep->counters.v[c]->group_by.n; i++) {
            ddbc_column *col = ep->counters.v[c]->group_by.v[i];
            add_column(x->arena, &old, col);
            add_name(x->arena, &why, ddbc_arena_printf(x->arena, "%s (counter)", col->name));
        }
    const fk_list *refs = &x->referrers[e->ordinal];
    for (size_t f = 0; f < refs->n; f++) {
        const ddbc_foreign_key *fk = refs->v[f];
        if (fk->on_delete != DDBC_REF_CASCADE) continue;
        for (size_t i = 0; i < fk->ref_columns.n; i++)
            if (!has_column(known, fk->ref_columns.v[i]))
                add_name(x->arena, &why, ddbc_arena_printf(x->arena, "%s (to find %s)",
                                                           fk->ref_columns.v[i]->name, fk->from->name));
    }
    sort_columns(&old);
    read_first(x, e, t, read_what(x, &why, NULL), w);

    for (size_t f = 0; f < refs->n; f++) {
        const ddbc_foreign_key *fk = refs->v[f];
        if (fk->on_delete != DDBC_REF_CASCADE) continue;
        ddbc_write_action a = action(DDBC_W_CASCADE, fk->from, NULL);
        for (size_t i = 0; i < fk->columns.n; i++) DDBC_VEC_PUSH(x->arena, a.columns, fk->columns.v[i]);
        const char *cols = column_names(x->arena, fk->columns.v, fk->columns.n);
        target ct = locate_by(x, fk->from, fk->columns.v, fk->columns.n);
        if (ct.scan && warn_unfindable) warn_unfindable_cascade(x, e, fk, cols);
        if (ct.scan)
            a.note = ddbc_arena_printf(x->arena, "no index finds %s by %s, so only a Scan could; add "
                                       "a pattern that lists them by it",
                                       fk->from->name, cols);
        else
            a.note = ddbc_arena_printf(x->arena, "Query %s by %s (%s) and delete each in batches of "
                                       "25; their own guards and cascades follow; runs before the "
                                       "item is deleted",
                                       fk->from->name, cols,
                                       ct.direct || !ct.via || ct.via->number == 0 ? "the table"
                                                                                    : ct.via->name);
        DDBC_VEC_PUSH(x->arena, w->actions, a);
    }

    ddbc_write_action del = action(DDBC_W_DELETE, e, exists_unchanged(x, &old, t->rest));
    all_key_attrs(x, ep, &del);
    for (size_t f = 0; f < refs->n; f++) {
        const ddbc_foreign_key *fk = refs->v[f];
        if (fk->on_delete != DDBC_REF_SET_NULL && fk->on_delete != DDBC_REF_SET_DEFAULT) continue;
        del.note = append_note(x->arena, del.note,
                               ddbc_arena_printf(x->arena, "ON DELETE %s on %s.%s is not applied: "
                                                 "clear it in the application",
                                                 fk->on_delete == DDBC_REF_SET_NULL ? "SET NULL"
                                                                                    : "SET DEFAULT",
                                                 fk->from->name,
                                                 column_names(x->arena, fk->columns.v, fk->columns.n)));
    }
    DDBC_VEC_PUSH(x->arena, w->actions, del);
    for (size_t g = 0; g < ep->unique_guards.n; g++) {
        ddbc_write_action a = action(DDBC_W_DELETE_GUARD, e, NULL);
        a.guard = ep->unique_guards.v[g];
        a.note = guard_null_note(x, a.guard);
        DDBC_VEC_PUSH(x->arena, w->actions, a);
    }
    for (size_t c = 0; c < ep->counters.n; c++) {
        ddbc_write_action a = action(DDBC_W_COUNTER, e, NULL);
        a.counter = ep->counters.v[c];
        a.delta = -1;
        DDBC_VEC_PUSH(x->arena, w->actions, a);
    }
    finish(x, ep, w);
    if (returning) note_returning(x, w, DDBC_W_DELETE);
}

/* ---- patterns ---------------------------------------------------------------------------- */

/* Rule: an UPDATE or DELETE finds its rows through an index keyed by its
 * WHERE (ddbc_plan_locate); when none is, the pattern is refused (E0413). */
static bool locate_pattern(const wctx *x, ddbc_pattern *pat, target *t)
{
    const ddbc_query *q = pat->query;
    ddbc_request r;
    memset(&r, 0, sizeof r);
    if (ddbc_plan_locate(x->d, q, x->arena, &r)) {
        *t = target_from(x, q, &r);
        return true;
    }
    column_list cols = {NULL, 0, 0};
    for (size_t i = 0; i < q->predicates.n; i++)
        if (q->predicates.v[i].column.binding == 0) add_column(x->arena, &cols, q->predicates.v[i].column.column);
    const char *verb = q->stmt == DDBC_STMT_DELETE ? "deletes" : "updates";
    pat->status = DDBC_PATTERN_REJECTED;
    ddbc_diag *g;
    if (cols.n)
        g = ddbc_diag_report(x->diags, DDBC_E0413, q->span,
                             "'%s' %s rows chosen by %s; no index is keyed by them, so DynamoDB "
                             "would have to Scan",
                             pat->name, verb, column_names(x->arena, cols.v, cols.n));
    else
        g = ddbc_diag_report(x->diags, DDBC_E0413, q->span,
                             "'%s' %s every row of %s; only a Scan finds them all", pat->name, verb,
                             q->root->name);
    ddbc_diag_set_hint(x->diags, g, "add a pattern (a SELECT) that looks rows up by these columns, "
                                    "or %s by primary key",
                       q->stmt == DDBC_STMT_DELETE ? "delete" : "update");
    g->pattern = pat->name;
    return false;
}

/* Columns whose value the WHERE fixes by equality: the write knows them. */
static void where_known(const wctx *x, const ddbc_query *q, column_list *known)
{
    for (size_t i = 0; i < q->predicates.n; i++) {
        const ddbc_predicate *pr = &q->predicates.v[i];
        if (pr->column.binding == 0 && pr->op == DDBC_PRED_EQ && !pr->negated &&
            pr->operands.n == 1 && pr->operands.v[0].kind != DDBC_OPERAND_COLUMN)
            add_column(x->arena, known, pr->column.column);
    }
}

static void plan_update_pattern(const wctx *x, const ddbc_entity_plan *ep, ddbc_pattern *pat)
{
    const ddbc_query *q = pat->query;
    target t;
    if (!locate_pattern(x, pat, &t)) return;
    column_list upd = {NULL, 0, 0}, known = {NULL, 0, 0};
    for (size_t i = 0; i < q->assignments.n; i++) {
        const ddbc_assignment *a = &q->assignments.v[i];
        if (a->column->generated) continue;
        /* SET x = x changes nothing */
        if (a->value.kind == DDBC_OPERAND_COLUMN && a->value.column.column == a->column) continue;
        add_column(x->arena, &upd, a->column);
        /* an expression (x = x + 1) is known only once the old value is read */
        bool value = a->is_default || a->value.kind == DDBC_OPERAND_PARAM ||
                     (a->value.kind == DDBC_OPERAND_LITERAL && a->value.literal);
        if (value) add_column(x->arena, &known, a->column);
    }
    where_known(x, q, &known);
    sort_columns(&upd);
    if (!upd.n) return;
    plan_update(x, ep, &upd, &known, &t, false, q->returning, &pat->write);
    pat->rationale = ddbc_arena_printf(x->arena, "UPDATE of %s: the SET columns and every key "
                                       "attribute built from them, in one request",
                                       column_names(x->arena, upd.v, upd.n));
}

static void plan_delete_pattern(const wctx *x, const ddbc_entity_plan *ep, ddbc_pattern *pat)
{
    target t;
    if (!locate_pattern(x, pat, &t)) return;
    column_list known = {NULL, 0, 0};
    where_known(x, pat->query, &known);
    plan_delete(x, ep, &known, &t, pat->query->returning, false, &pat->write);
    pat->rationale = "DELETE: the item, its guards and counters in one transaction, and the "
                     "children its foreign keys cascade to";
}

/* ---- the pass ---------------------------------------------------------------------------- */

void ddbc_plan_writes(ddbc_design *d, const ddbc_ir *ir, ddbc_arena *arena, ddbc_diags *diags)
{
    (void)ir;   /* the design points into the IR; everything is reached from it */
    size_t n = d->entities.n + 1;
    wctx x = {.d = d, .arena = arena, .diags = diags};
    x.copiers = ddbc_arena_alloc(arena, n * sizeof *x.copiers);
    x.referrers = ddbc_arena_alloc(arena, n * sizeof *x.referrers);
    for (size_t i = 0; i < d->entities.n; i++) {
        const ddbc_entity_plan *child = d->entities.v[i];
        for (size_t k = 0; k < child->copies.n; k++) {
            const ddbc_entity *parent = child->copies.v[k].column->entity;
            bool have = false;
            for (size_t j = 0; j < x.copiers[parent->ordinal].n; j++)
                have |= x.copiers[parent->ordinal].v[j] == child;
            if (!have) DDBC_VEC_PUSH(arena, x.copiers[parent->ordinal], child);
        }
        for (size_t f = 0; f < child->entity->foreign_keys.n; f++) {
            const ddbc_foreign_key *fk = child->entity->foreign_keys.v[f];
            if (fk->to) DDBC_VEC_PUSH(arena, x.referrers[fk->to->ordinal], fk);
        }
    }

    for (size_t i = 0; i < d->entities.n; i++) {
        ddbc_entity_plan *ep = d->entities.v[i];
        ddbc_entity *e = ep->entity;
        plan_put(&x, ep, &ep->put);
        /* the accessors' update and delete take the primary key and, for the
         * update, every other column */
        column_list upd = {NULL, 0, 0}, known = {NULL, 0, 0};
        for (size_t c = 0; c < e->columns.n; c++) {
            ddbc_column *col = e->columns.v[c];
            if (col->generated) continue;
            add_column(arena, &known, col);
            if (!key_has(e->primary_key, col)) add_column(arena, &upd, col);
        }
        target t = locate_by_base_key(&x, ep);
        if (upd.n) plan_update(&x, ep, &upd, &known, &t, true, false, &ep->update);
        plan_delete(&x, ep, &known, &t, false, true, &ep->remove);
    }

    for (size_t i = 0; i < d->patterns.n; i++) {
        ddbc_pattern *pat = d->patterns.v[i];
        /* a write refused while its WHERE was classified has its diagnostic */
        if (pat->is_read || pat->status != DDBC_PATTERN_SERVED) continue;
        const ddbc_query *q = pat->query;
        ddbc_entity_plan *ep = q->root ? ddbc_design_entity(d, q->root) : NULL;
        if (!ep) continue;
        switch (q->stmt) {
        case DDBC_STMT_INSERT:
            pat->write = ep->put;
            /* the copy must not share the entity's action list */
            pat->write.actions.v = NULL;
            pat->write.actions.n = pat->write.actions.cap = 0;
            for (size_t a = 0; a < ep->put.actions.n; a++)
                DDBC_VEC_PUSH(arena, pat->write.actions, ep->put.actions.v[a]);
            if (q->upsert)
                pat->write.actions.v[0].note = append_note(arena, pat->write.actions.v[0].note,
                                                           conflict_note(&x, q));
            if (q->returning) note_returning(&x, &pat->write, DDBC_W_PUT);
            pat->rationale = q->upsert ? "INSERT … ON CONFLICT: the INSERT's item, guards and "
                                         "counters in one transaction; on a conflict, the "
                                         "conflict action"
                                       : "INSERT: the item, its guards and counters in one "
                                         "transaction";
            break;
        case DDBC_STMT_UPDATE:
            plan_update_pattern(&x, ep, pat);
            break;
        case DDBC_STMT_DELETE:
            plan_delete_pattern(&x, ep, pat);
            break;
        default:
            break;
        }
    }
}
