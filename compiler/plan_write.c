/* plan_write.c — write plans that keep every key, index, guard, copy and
 * counter true (PLANNER-NOTES §8).
 *
 * Each entity gets the accessors' put, update and delete; each INSERT,
 * UPDATE and DELETE pattern gets its own plan, located through the design
 * (ddbc_plan_locate) or refused when only a Scan could find its rows. */
#include <string.h>

#include "plan.h"

/* Per entity (by catalog ordinal): the child plans that copy its columns and
 * the foreign keys that cascade its deletes, found once for all plans. */
typedef DDBC_VEC(const ddbc_entity_plan *) plan_list;
typedef DDBC_VEC(const ddbc_foreign_key *) fk_list;

typedef struct relations {
    plan_list *copiers;
    fk_list *cascades;
} relations;

static void find_relations(const ddbc_design *d, ddbc_arena *arena, relations *rel)
{
    size_t n = d->entities.n + 1;
    rel->copiers = ddbc_arena_alloc(arena, n * sizeof *rel->copiers);
    rel->cascades = ddbc_arena_alloc(arena, n * sizeof *rel->cascades);
    for (size_t i = 0; i < d->entities.n; i++) {
        const ddbc_entity_plan *child = d->entities.v[i];
        for (size_t k = 0; k < child->copies.n; k++) {
            const ddbc_entity *parent = child->copies.v[k].column->entity;
            plan_list *l = &rel->copiers[parent->ordinal];
            if (!l->n || l->v[l->n - 1] != child) DDBC_VEC_PUSH(arena, *l, child);
        }
        const ddbc_entity *e = child->entity;
        for (size_t f = 0; f < e->foreign_keys.n; f++) {
            const ddbc_foreign_key *fk = e->foreign_keys.v[f];
            if (fk->to && fk->on_delete == DDBC_REF_CASCADE)
                DDBC_VEC_PUSH(arena, rel->cascades[fk->to->ordinal], fk);
        }
    }
}

static void push_attr(ddbc_arena *arena, ddbc_write_action *a, const char *attr)
{
    for (size_t i = 0; i < a->key_attrs.n; i++)
        if (!strcmp(a->key_attrs.v[i], attr)) return;
    DDBC_VEC_PUSH(arena, a->key_attrs, attr);
}

static const ddbc_derived_key *derived(const ddbc_entity_plan *ep, const ddbc_column *c)
{
    for (size_t i = 0; i < ep->derived.n; i++)
        if (ep->derived.v[i].column == c) return &ep->derived.v[i];
    return NULL;
}

static bool feeds_base(const ddbc_design *d, const ddbc_entity_plan *ep, const ddbc_column *c)
{
    const ddbc_derived_key *dk = derived(ep, c);
    for (size_t i = 0; dk && i < dk->attrs.n; i++)
        if (!strcmp(dk->attrs.v[i], d->pk_attr) || !strcmp(dk->attrs.v[i], d->sk_attr)) return true;
    return false;
}

static bool in_key(const ddbc_key *k, const ddbc_column *c)
{
    for (size_t i = 0; k && i < k->columns.n; i++)
        if (k->columns.v[i] == c) return true;
    return false;
}

static bool counter_uses(const ddbc_counter *ctr, const ddbc_column *c)
{
    for (size_t i = 0; i < ctr->group_by.n; i++)
        if (ctr->group_by.v[i] == c) return true;
    return false;
}

static int item_units(const ddbc_entity_plan *ep)
{
    int kb = (ep->max_item_bytes + 1023) / 1024;
    return kb < 1 ? 1 : kb;
}

/* Write units: one per KB of the item and one per GSI it is written to;
 * guards and counters one each; a transaction costs twice. */
static void finish(ddbc_write_plan *w, const ddbc_entity_plan *ep)
{
    int units = 0, writes = 0;
    for (size_t i = 0; i < w->actions.n; i++) {
        const ddbc_write_action *a = &w->actions.v[i];
        switch (a->kind) {
        case DDBC_W_PUT: case DDBC_W_UPDATE: case DDBC_W_DELETE:
            units += item_units(ep) + (int)ep->keys.n - 1;
            writes++;
            break;
        case DDBC_W_MOVE:
            units += 2 * (item_units(ep) + (int)ep->keys.n - 1);
            writes += 2;
            break;
        case DDBC_W_PUT_GUARD: case DDBC_W_DELETE_GUARD: case DDBC_W_COUNTER:
            units += 1;
            writes++;
            break;
        case DDBC_W_FAN_OUT:
            w->fan_out = true;
            break;
        default:
            break;
        }
    }
    bool txn = writes > 1;
    w->op = txn ? DDBC_OP_TRANSACT_WRITE_ITEMS : w->op;
    w->write_units = txn ? units * 2 : units;
}

static ddbc_write_action action(ddbc_write_kind kind, const ddbc_entity *e, const char *cond)
{
    ddbc_write_action a = {.kind = kind, .entity = e, .condition = cond};
    return a;
}

static void all_key_attrs(const ddbc_design *d, const ddbc_entity_plan *ep, ddbc_arena *arena,
                          ddbc_write_action *a)
{
    for (size_t i = 0; i < ep->keys.n; i++) {
        const ddbc_index *ix = d->indexes.v[ep->keys.v[i].index];
        push_attr(arena, a, ix->pk_attr);
        push_attr(arena, a, ix->sk_attr);
    }
}

static const char *sparse_note(const ddbc_design *d, const ddbc_entity_plan *ep, ddbc_arena *arena)
{
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    for (size_t i = 0; i < ep->keys.n; i++) {
        const ddbc_entity_key *k = &ep->keys.v[i];
        if (!k->condition) continue;
        const ddbc_index *ix = d->indexes.v[k->index];
        ddbc_strbuf_printf(&sb, "%s%s/%s only while %s", sb.len ? "; " : "", ix->pk_attr, ix->sk_attr,
                           k->condition);
    }
    const char *r = sb.len ? ddbc_arena_strdup(arena, ddbc_strbuf_cstr(&sb)) : NULL;
    ddbc_strbuf_free(&sb);
    return r;
}

/* INSERT → Put with attribute_not_exists, a guard per unique set and the
 * counters, in one transaction. */
static void plan_put(const ddbc_design *d, const ddbc_entity_plan *ep, ddbc_arena *arena,
                     ddbc_write_plan *w, bool upsert)
{
    const ddbc_entity *e = ep->entity;
    w->op = DDBC_OP_PUT_ITEM;
    const char *cond = upsert ? NULL : ddbc_arena_printf(arena, "attribute_not_exists(%s)", d->pk_attr);
    if (upsert && ep->unique_guards.n) {
        ddbc_write_action r = action(DDBC_W_READ_FIRST, e, NULL);
        r.note = "GetItem for the old values, so replaced guards are released";
        DDBC_VEC_PUSH(arena, w->actions, r);
    }
    ddbc_write_action put = action(DDBC_W_PUT, e, cond);
    all_key_attrs(d, ep, arena, &put);
    const char *sparse = sparse_note(d, ep, arena);
    for (size_t i = 0; i < e->columns.n; i++)
        if (e->columns.v[i]->auto_increment)
            sparse = ddbc_arena_printf(arena, "%s%s%s: a sortable generated id (time-ordered, 26 "
                                       "chars), not a counter",
                                       sparse ? sparse : "", sparse ? "; " : "", e->columns.v[i]->name);
    put.note = upsert ? ddbc_arena_printf(arena, "upsert: replaces an existing item%s%s",
                                          sparse ? "; " : "", sparse ? sparse : "")
                      : sparse;
    DDBC_VEC_PUSH(arena, w->actions, put);
    for (size_t i = 0; i < ep->unique_guards.n; i++) {
        if (upsert) {
            ddbc_write_action del = action(DDBC_W_DELETE_GUARD, e, NULL);
            del.guard = ep->unique_guards.v[i];
            DDBC_VEC_PUSH(arena, w->actions, del);
        }
        ddbc_write_action g = action(DDBC_W_PUT_GUARD, e,
                                     ddbc_arena_printf(arena, "attribute_not_exists(%s)", d->pk_attr));
        g.guard = ep->unique_guards.v[i];
        DDBC_VEC_PUSH(arena, w->actions, g);
    }
    for (size_t i = 0; i < ep->counters.n && !upsert; i++) {
        ddbc_write_action c = action(DDBC_W_COUNTER, e, NULL);
        c.counter = ep->counters.v[i];
        c.delta = 1;
        DDBC_VEC_PUSH(arena, w->actions, c);
    }
    finish(w, ep);
}

/* UPDATE → rewrite every key attribute derived from an updated column in the
 * same request (never half a key); move the item when its base key changes;
 * swap guards; fan out to copies; move counters. */
static bool listed(ddbc_column *const *cols, size_t n, const ddbc_column *c)
{
    for (size_t i = 0; i < n; i++)
        if (cols[i] == c) return true;
    return false;
}

/* The columns a rewritten key needs that the write does not supply: a key
 * attribute is rebuilt whole, so the other columns it is made of (and a
 * sparse condition's columns) must come from the old item. */
static const char *missing_for_keys(const ddbc_entity_plan *ep, ddbc_column *const *cols, size_t ncols,
                                    ddbc_column *const *known, size_t nknown, ddbc_arena *arena)
{
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    DDBC_VEC(const ddbc_column *) seen = {NULL, 0, 0};
    for (size_t k = 0; k < ep->keys.n; k++) {
        const ddbc_entity_key *key = &ep->keys.v[k];
        bool touched = false;
        for (size_t i = 0; i < ncols && !touched; i++)
            touched = ddbc_key_template_uses(&key->pk, cols[i]) || ddbc_key_template_uses(&key->sk, cols[i]) ||
                      listed(key->condition_columns.v, key->condition_columns.n, cols[i]);
        if (!touched) continue;
        const ddbc_key_template *parts[2] = {&key->pk, &key->sk};
        for (int t = 0; t < 2; t++)
            for (size_t j = 0; j < parts[t]->parts.n; j++) {
                const ddbc_key_part *part = &parts[t]->parts.v[j];
                if (part->kind != DDBC_PART_COLUMN) continue;
                const ddbc_column *c = part->column;
                bool have = listed(cols, ncols, c) || listed(known, nknown, c);
                bool dup = false;
                for (size_t s = 0; s < seen.n && !dup; s++) dup = seen.v[s] == c;
                if (have || dup) continue;
                DDBC_VEC_PUSH(arena, seen, c);
                ddbc_strbuf_printf(&sb, "%s%s", sb.len ? ", " : "", part->attr ? part->attr : c->name);
            }
    }
    const char *r = sb.len ? ddbc_arena_strdup(arena, ddbc_strbuf_cstr(&sb)) : NULL;
    ddbc_strbuf_free(&sb);
    return r;
}

static void plan_update(const ddbc_design *d, const relations *rel, const ddbc_entity_plan *ep,
                        ddbc_column *const *cols, size_t ncols, ddbc_column *const *known,
                        size_t nknown, const char *locate_note, ddbc_arena *arena, ddbc_write_plan *w)
{
    const ddbc_entity *e = ep->entity;
    w->op = DDBC_OP_UPDATE_ITEM;
    bool moves = false, guards = false, counters = false;
    for (size_t i = 0; i < ncols; i++) {
        moves |= feeds_base(d, ep, cols[i]);
        for (size_t g = 0; g < ep->unique_guards.n; g++) guards |= in_key(ep->unique_guards.v[g], cols[i]);
        for (size_t c = 0; c < ep->counters.n; c++) counters |= counter_uses(ep->counters.v[c], cols[i]);
    }
    const char *missing = missing_for_keys(ep, cols, ncols, known, nknown, arena);
    if (locate_note || guards || counters || moves || missing) {
        ddbc_write_action r = action(DDBC_W_READ_FIRST, e, NULL);
        if (locate_note) r.note = locate_note;
        else if (missing)
            r.note = ddbc_arena_printf(arena, "GetItem for %s, so every key built from the updated "
                                       "columns is rewritten whole",
                                       missing);
        else r.note = "GetItem for the old values (guards, counters or base key)";
        DDBC_VEC_PUSH(arena, w->actions, r);
    }
    ddbc_write_action u = action(moves ? DDBC_W_MOVE : DDBC_W_UPDATE, e,
                                 ddbc_arena_printf(arena, "attribute_exists(%s)", d->pk_attr));
    for (size_t i = 0; i < ncols; i++) {
        DDBC_VEC_PUSH(arena, u.columns, cols[i]);
        const ddbc_derived_key *dk = derived(ep, cols[i]);
        for (size_t j = 0; dk && j < dk->attrs.n; j++) {
            /* a key attribute is rewritten whole: its partner in the index too */
            for (size_t k = 0; k < ep->keys.n; k++) {
                const ddbc_index *ix = d->indexes.v[ep->keys.v[k].index];
                if (!strcmp(ix->pk_attr, dk->attrs.v[j]) || !strcmp(ix->sk_attr, dk->attrs.v[j])) {
                    push_attr(arena, &u, ix->pk_attr);
                    push_attr(arena, &u, ix->sk_attr);
                }
            }
        }
    }
    if (moves) {
        u.note = "a base-key column changes: delete the old item and put the new one in one "
                 "transaction";
        all_key_attrs(d, ep, arena, &u);
    } else {
        u.note = sparse_note(d, ep, arena);
    }
    DDBC_VEC_PUSH(arena, w->actions, u);
    for (size_t g = 0; g < ep->unique_guards.n; g++) {
        bool touched = false;
        for (size_t i = 0; i < ncols; i++) touched |= in_key(ep->unique_guards.v[g], cols[i]);
        if (!touched) continue;
        ddbc_write_action del = action(DDBC_W_DELETE_GUARD, e, NULL);
        del.guard = ep->unique_guards.v[g];
        DDBC_VEC_PUSH(arena, w->actions, del);
        ddbc_write_action put = action(DDBC_W_PUT_GUARD, e,
                                       ddbc_arena_printf(arena, "attribute_not_exists(%s)", d->pk_attr));
        put.guard = ep->unique_guards.v[g];
        DDBC_VEC_PUSH(arena, w->actions, put);
    }
    for (size_t c = 0; c < ep->counters.n; c++) {
        bool touched = false;
        for (size_t i = 0; i < ncols; i++) touched |= counter_uses(ep->counters.v[c], cols[i]);
        if (!touched) continue;
        for (int delta = -1; delta <= 1; delta += 2) {
            ddbc_write_action a = action(DDBC_W_COUNTER, e, NULL);
            a.counter = ep->counters.v[c];
            a.delta = delta;
            DDBC_VEC_PUSH(arena, w->actions, a);
        }
    }
    /* copies of these columns on children fan out */
    const plan_list *copiers = &rel->copiers[e->ordinal];
    for (size_t ci = 0; ci < copiers->n; ci++) {
        const ddbc_entity_plan *child = copiers->v[ci];
        ddbc_write_action f = action(DDBC_W_FAN_OUT, child->entity, NULL);
        for (size_t k = 0; k < child->copies.n; k++)
            for (size_t i = 0; i < ncols; i++)
                if (child->copies.v[k].column == cols[i]) DDBC_VEC_PUSH(arena, f.columns, cols[i]);
        if (!f.columns.n) continue;
        f.note = ddbc_arena_printf(arena, "Query the %s items by their foreign key, then "
                                   "UpdateItem each (one write per child)",
                                   child->entity->name);
        DDBC_VEC_PUSH(arena, w->actions, f);
    }
    finish(w, ep);
}

/* DELETE → the item, its guards and counters; children with ON DELETE CASCADE. */
static void plan_delete(const ddbc_design *d, const relations *rel, const ddbc_entity_plan *ep,
                        const char *locate_note, ddbc_arena *arena, ddbc_write_plan *w)
{
    const ddbc_entity *e = ep->entity;
    w->op = DDBC_OP_DELETE_ITEM;
    if (locate_note || ep->unique_guards.n || ep->counters.n) {
        ddbc_write_action r = action(DDBC_W_READ_FIRST, e, NULL);
        r.note = locate_note ? locate_note : "GetItem for the values its guards and counters are keyed by";
        DDBC_VEC_PUSH(arena, w->actions, r);
    }
    ddbc_write_action del = action(DDBC_W_DELETE, e,
                                   ddbc_arena_printf(arena, "attribute_exists(%s)", d->pk_attr));
    all_key_attrs(d, ep, arena, &del);
    DDBC_VEC_PUSH(arena, w->actions, del);
    for (size_t g = 0; g < ep->unique_guards.n; g++) {
        ddbc_write_action a = action(DDBC_W_DELETE_GUARD, e, NULL);
        a.guard = ep->unique_guards.v[g];
        DDBC_VEC_PUSH(arena, w->actions, a);
    }
    for (size_t c = 0; c < ep->counters.n; c++) {
        ddbc_write_action a = action(DDBC_W_COUNTER, e, NULL);
        a.counter = ep->counters.v[c];
        a.delta = -1;
        DDBC_VEC_PUSH(arena, w->actions, a);
    }
    const fk_list *cascades = &rel->cascades[e->ordinal];
    for (size_t f = 0; f < cascades->n; f++) {
        const ddbc_foreign_key *fk = cascades->v[f];
        ddbc_write_action a = action(DDBC_W_CASCADE, fk->from, NULL);
        for (size_t i = 0; i < fk->columns.n; i++) DDBC_VEC_PUSH(arena, a.columns, fk->columns.v[i]);
        a.note = ddbc_arena_printf(arena, "Query %s by its foreign key and delete each in "
                                   "batches of 25; their own guards and cascades follow",
                                   fk->from->name);
        DDBC_VEC_PUSH(arena, w->actions, a);
    }
    finish(w, ep);
}

static const char *locate(const ddbc_design *d, ddbc_pattern *pat, ddbc_arena *arena,
                          ddbc_diags *diags, bool *ok)
{
    ddbc_request r;
    memset(&r, 0, sizeof r);
    *ok = ddbc_plan_locate(d, pat->query, arena, &r);
    if (!*ok) {
        pat->status = DDBC_PATTERN_REJECTED;
        ddbc_diag *g = ddbc_diag_report(diags, DDBC_E0413, pat->query->span,
                                        "pattern '%s' changes %s rows chosen by columns no index is "
                                        "keyed by, so DynamoDB would have to Scan to find them",
                                        pat->name, pat->query->root->name);
        ddbc_diag_set_hint(diags, g, "change rows by primary key, or add a pattern (a SELECT) that "
                                     "looks them up by these columns");
        g->pattern = pat->name;
        return NULL;
    }
    if (r.op == DDBC_OP_GET_ITEM) return NULL;
    const char *where = r.index ? d->indexes.v[r.index]->name : "the table";
    return ddbc_arena_printf(arena, "Query %s (%s) to find the items' base keys", where,
                             r.key_condition);
}

void ddbc_plan_writes(ddbc_design *d, const ddbc_ir *ir, ddbc_arena *arena, ddbc_diags *diags)
{
    (void)ir;
    relations rel;
    find_relations(d, arena, &rel);
    for (size_t i = 0; i < d->entities.n; i++) {
        ddbc_entity_plan *ep = d->entities.v[i];
        const ddbc_entity *e = ep->entity;
        plan_put(d, ep, arena, &ep->put, false);
        DDBC_VEC(ddbc_column *) cols = {NULL, 0, 0};
        for (size_t c = 0; c < e->columns.n; c++)
            if (!in_key(e->primary_key, e->columns.v[c]) && !e->columns.v[c]->generated)
                DDBC_VEC_PUSH(arena, cols, e->columns.v[c]);
        ddbc_column *const *pk = e->primary_key ? e->primary_key->columns.v : NULL;
        size_t npk = e->primary_key ? e->primary_key->columns.n : 0;
        plan_update(d, &rel, ep, cols.v, cols.n, pk, npk, NULL, arena, &ep->update);
        plan_delete(d, &rel, ep, NULL, arena, &ep->remove);
    }
    for (size_t i = 0; i < d->patterns.n; i++) {
        ddbc_pattern *pat = d->patterns.v[i];
        if (pat->is_read || pat->status != DDBC_PATTERN_SERVED) continue;
        const ddbc_query *q = pat->query;
        ddbc_entity_plan *ep = ddbc_design_entity(d, q->root);
        if (!ep) continue;
        bool ok = true;
        switch (q->stmt) {
        case DDBC_STMT_INSERT:
            plan_put(d, ep, arena, &pat->write, q->upsert);
            pat->rationale = "INSERT: the item, its guards and counters in one write";
            break;
        case DDBC_STMT_UPDATE: {
            const char *how = locate(d, pat, arena, diags, &ok);
            if (!ok) break;
            DDBC_VEC(ddbc_column *) cols = {NULL, 0, 0};
            for (size_t a = 0; a < q->assignments.n; a++) DDBC_VEC_PUSH(arena, cols, q->assignments.v[a].column);
            DDBC_VEC(ddbc_column *) known = {NULL, 0, 0};
            for (size_t a = 0; a < q->predicates.n; a++)
                if (q->predicates.v[a].op == DDBC_PRED_EQ && !q->predicates.v[a].negated &&
                    q->predicates.v[a].column.binding == 0)
                    DDBC_VEC_PUSH(arena, known, q->predicates.v[a].column.column);
            plan_update(d, &rel, ep, cols.v, cols.n, known.v, known.n, how, arena, &pat->write);
            pat->rationale = "UPDATE: the SET columns and every key attribute built from them";
            break;
        }
        case DDBC_STMT_DELETE: {
            const char *how = locate(d, pat, arena, diags, &ok);
            if (!ok) break;
            plan_delete(d, &rel, ep, how, arena, &pat->write);
            pat->rationale = "DELETE: the item, its guards and counters, and cascaded children";
            break;
        }
        default:
            break;
        }
    }
}
