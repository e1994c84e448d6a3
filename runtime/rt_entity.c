/* rt_entity.c — an entity's own writes, as the planner's write plans say:
 * create (ids, defaults, copies, keys; guards and counters in one transaction),
 * get, update (guard swap, counter move, base-key move, copies fanned out; all
 * conditioned on the item as read) and delete (children cascaded first). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rt_internal.h"

/* Cascades and fan-outs follow references; a reference cycle in the data
 * must not recurse forever. */
#define MAX_DEPTH 32
/* A fan-out that loses a race with a concurrent writer of the child re-reads
 * it and tries again, this many times in all. */
#define FAN_OUT_ATTEMPTS 4

/* ---- small helpers ------------------------------------------------------------ */

static bool present(const ddbc_rt_item *it, const char *name)
{
    const ddbc_rt_av *v = ddbc_rt_item_get(it, name);
    return v && v->type != DDBC_AV_NULL;
}

/* Whether an attribute reads the same on both items (absent = absent). */
static bool same_attr(const ddbc_rt_item *a, const ddbc_rt_item *b, const char *name)
{
    const ddbc_rt_av *x = ddbc_rt_item_get(a, name), *y = ddbc_rt_item_get(b, name);
    if (!x || !y) return !x && !y;
    return ddbc_rt_av_equal(x, y);
}

static bool streq(const char *a, const char *b)
{
    if (!a || !b) return !a && !b;
    return strcmp(a, b) == 0;
}

static bool is_base_attr(const ddbc_rt_entity *e, const char *name)
{
    return streq(e->keys[0].pk_attr, name) || (e->keys[0].sk_attr && streq(e->keys[0].sk_attr, name));
}

/* Record a failure the engine found itself (no request behind it). */
static ddbc_rt_status fail(ddbc_rt_client *c, ddbc_rt_status st, const char *what)
{
    return rt_fail(c, st, NULL, NULL, what);
}

/* A list of attribute names, deduplicated; names are borrowed. */
typedef struct names {
    const char **v;
    size_t n, cap;
    bool failed;
} names;

static void names_add(names *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->v[i], name)) return;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        const char **v = realloc(l->v, cap * sizeof *v);
        if (!v) {
            l->failed = true;
            return;
        }
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = name;
}

static void names_free(names *l)
{
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

/* Why a template did not render: a value part absent or SQL NULL (the key is
 * absent: OK with *out NULL), a value its type cannot encode, or memory. */
static ddbc_rt_status render_diag(const ddbc_rt_template *t, const ddbc_rt_item *item)
{
    for (size_t p = 0; p < t->nparts; p++)
        if (!t->parts[p].literal && !present(item, t->parts[p].attr)) return DDBC_RT_OK;
    rt_buf b = RT_BUF_INIT;
    ddbc_rt_status st = DDBC_RT_NO_MEMORY;
    for (size_t p = 0; p < t->nparts && st == DDBC_RT_NO_MEMORY; p++) {
        if (t->parts[p].literal) continue;
        if (!rt_keys_encode(&b, ddbc_rt_item_get(item, t->parts[p].attr), t->parts[p].keyenc, false) && !b.failed)
            st = DDBC_RT_INVALID_ARGUMENT;
    }
    rt_buf_free(&b);
    return st;
}

/* A key string from a template, *out NULL when the item has no such key. */
static ddbc_rt_status render_key(const ddbc_rt_template *t, const ddbc_rt_item *item, char **out)
{
    size_t len = 0;
    if (ddbc_rt_template_render(t, t->nparts, item, out, &len)) {
        if (len) return DDBC_RT_OK;
        free(*out);   /* an empty key is no key (DynamoDB rejects it) */
        *out = NULL;
        return DDBC_RT_OK;
    }
    *out = NULL;
    return render_diag(t, item);
}

/* A guard's key for an item, *out NULL when a column is NULL. */
static ddbc_rt_status guard_key(const ddbc_rt_unique *u, const ddbc_rt_item *item, char **out)
{
    *out = rt_keys_guard(u, item);
    if (*out) return DDBC_RT_OK;
    for (size_t i = 0; i < u->ncolumns; i++)
        if (!present(item, u->columns[i])) return DDBC_RT_OK;
    return render_diag(&u->key, item);
}

/* A counter item's key strings, both NULL when the item is in no group. */
static ddbc_rt_status counter_key(const ddbc_rt_counter *ct, const ddbc_rt_item *item, char **pk, char **sk)
{
    ddbc_rt_status st = render_key(&ct->pk, item, pk);
    if (st == DDBC_RT_OK && *pk) st = render_key(&ct->sk, item, sk);
    else *sk = NULL;
    if (st != DDBC_RT_OK || !*pk || !*sk) {
        free(*pk);
        free(*sk);
        *pk = *sk = NULL;
    }
    return st;
}

/* {PK: pk, SK: sk} on the table. */
static ddbc_rt_status table_key(const ddbc_rt_entity *e, const char *pk, const char *sk, ddbc_rt_item *key)
{
    ddbc_rt_status st = ddbc_rt_item_set_s(key, e->keys[0].pk_attr, pk, strlen(pk));
    if (st == DDBC_RT_OK && e->keys[0].sk_attr) st = ddbc_rt_item_set_s(key, e->keys[0].sk_attr, sk, strlen(sk));
    return st;
}

/* Move `src` into `dst` (freeing what dst held); src is left empty. */
static void item_move(ddbc_rt_item *dst, ddbc_rt_item *src)
{
    ddbc_rt_item_free(dst);
    *dst = *src;
    src->attrs = NULL;
    src->n = src->cap = 0;
}

/* ---- write plans: a list of actions, run as one request or one transaction ------ */

/* What a failed condition on an action means. */
typedef enum role {
    ROLE_ITEM,      /* the entity's item not as read: CONDITION_FAILED */
    ROLE_NEW,       /* the entity's new item: its key is taken, UNIQUE_VIOLATION */
    ROLE_GUARD,     /* a guard is taken: UNIQUE_VIOLATION */
    ROLE_COUNTER,   /* never conditioned */
} role;

typedef struct act {
    ddbc_rt_tx_action a;       /* item, names and values owned */
    char *update, *condition;  /* owned; a.update / a.condition point here */
    role role;
} act;

typedef struct plan {
    act *v;
    size_t n, cap;
} plan;

static void plan_free(plan *p)
{
    for (size_t i = 0; i < p->n; i++) {
        ddbc_rt_item_free(&p->v[i].a.item);
        ddbc_rt_item_free(&p->v[i].a.names);
        ddbc_rt_item_free(&p->v[i].a.values);
        free(p->v[i].update);
        free(p->v[i].condition);
    }
    free(p->v);
    p->v = NULL;
    p->n = p->cap = 0;
}

/* A new, empty action; NULL when out of memory. */
static act *plan_add(plan *p, ddbc_rt_tx_kind kind, const char *table, role r)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 8;
        act *v = realloc(p->v, cap * sizeof *v);
        if (!v) return NULL;
        p->v = v;
        p->cap = cap;
    }
    act *x = &p->v[p->n++];
    memset(x, 0, sizeof *x);
    x->a.kind = kind;
    x->a.table = table;
    x->role = r;
    return x;
}

/* The text built so far, taken out of the expression (NULL when empty). */
static char *expr_take(rt_expr *e)
{
    char *s = e->text.ptr;
    rt_buf fresh = RT_BUF_INIT;
    e->text = fresh;
    return s;
}

/* Finish an action: e's text is its condition, its names and values move to
 * the action. */
static ddbc_rt_status act_close(act *x, rt_expr *e)
{
    ddbc_rt_status st = DDBC_RT_OK;
    if (e->failed || e->text.failed) {
        st = DDBC_RT_NO_MEMORY;
    } else {
        x->condition = expr_take(e);
        x->a.condition = x->condition;
        x->a.names = e->names;
        x->a.values = e->values;
        ddbc_rt_item empty = DDBC_RT_ITEM_INIT;
        e->names = empty;
        e->values = empty;
    }
    rt_expr_free(e);
    return st;
}

/* " AND <attr is as read>" for one attribute of the old item. */
static void cond_as_read(rt_expr *e, const ddbc_rt_item *old, const char *attr)
{
    const ddbc_rt_av *v = ddbc_rt_item_get(old, attr);
    rt_expr_puts(e, " AND ");
    if (v && v->type == DDBC_AV_NULL) {
        ddbc_rt_av t = {.type = DDBC_AV_S};
        char null_type[] = "NULL";
        t.u.s.ptr = null_type;
        t.u.s.len = 4;
        rt_expr_puts(e, "attribute_type(");
        rt_expr_name(e, attr);
        rt_expr_puts(e, ", ");
        rt_expr_value(e, &t);
        rt_expr_puts(e, ")");
    } else if (v) {
        rt_expr_name(e, attr);
        rt_expr_puts(e, " = ");
        rt_expr_value(e, v);
    } else {
        rt_expr_puts(e, "attribute_not_exists(");
        rt_expr_name(e, attr);
        rt_expr_puts(e, ")");
    }
}

static void cond_fn(rt_expr *e, const char *fn, const char *attr)
{
    rt_expr_puts(e, fn);
    rt_expr_puts(e, "(");
    rt_expr_name(e, attr);
    rt_expr_puts(e, ")");
}

/* Put `item` (copied) on condition that its key is free. */
static ddbc_rt_status add_put_new(plan *p, const char *table, const ddbc_rt_entity *e, const ddbc_rt_item *item,
                                  role r)
{
    act *x = plan_add(p, DDBC_TX_PUT, table, r);
    if (!x) return DDBC_RT_NO_MEMORY;
    ddbc_rt_status st = ddbc_rt_item_copy(&x->a.item, item);
    if (st != DDBC_RT_OK) return st;
    rt_expr ex = RT_EXPR_INIT;
    cond_fn(&ex, "attribute_not_exists", e->keys[0].pk_attr);
    return act_close(x, &ex);
}

static ddbc_rt_status add_guard_put(plan *p, const char *table, const ddbc_rt_entity *e, const char *key)
{
    ddbc_rt_item it = DDBC_RT_ITEM_INIT;
    ddbc_rt_status st = table_key(e, key, key, &it);
    if (st == DDBC_RT_OK) st = add_put_new(p, table, e, &it, ROLE_GUARD);
    ddbc_rt_item_free(&it);
    return st;
}

static ddbc_rt_status add_guard_delete(plan *p, const char *table, const ddbc_rt_entity *e, const char *key)
{
    act *x = plan_add(p, DDBC_TX_DELETE, table, ROLE_GUARD);
    if (!x) return DDBC_RT_NO_MEMORY;
    return table_key(e, key, key, &x->a.item);
}

/* ADD item_count ±1 on the counter item of `item`'s group (nothing when the
 * item is in none); an increment also writes the group columns, so the
 * counter item answers the COUNT … GROUP BY pattern by itself. */
static ddbc_rt_status add_counter(plan *p, const char *table, const ddbc_rt_entity *e, const ddbc_rt_counter *ct,
                                  const char *pk, const char *sk, const ddbc_rt_item *item, int delta)
{
    act *x = plan_add(p, DDBC_TX_UPDATE, table, ROLE_COUNTER);
    if (!x) return DDBC_RT_NO_MEMORY;
    ddbc_rt_status st = table_key(e, pk, sk, &x->a.item);
    if (st != DDBC_RT_OK) return st;
    rt_expr ex = RT_EXPR_INIT;
    char text[3];
    strcpy(text, delta > 0 ? "1" : "-1");
    ddbc_rt_av d = {.type = DDBC_AV_N};
    d.u.s.ptr = text;
    d.u.s.len = strlen(text);
    rt_expr_puts(&ex, "ADD ");
    rt_expr_name(&ex, ct->attr);
    rt_expr_puts(&ex, " ");
    rt_expr_value(&ex, &d);
    bool first = true;
    for (size_t g = 0; g < ct->ngroup && delta > 0; g++) {
        const ddbc_rt_av *v = ddbc_rt_item_get(item, ct->group[g]);
        if (!v || v->type == DDBC_AV_NULL) continue;
        rt_expr_puts(&ex, first ? " SET " : ", ");
        first = false;
        rt_expr_name(&ex, ct->group[g]);
        rt_expr_puts(&ex, " = if_not_exists(");
        rt_expr_name(&ex, ct->group[g]);
        rt_expr_puts(&ex, ", ");
        rt_expr_value(&ex, v);
        rt_expr_puts(&ex, ")");
    }
    if (ex.failed || ex.text.failed) {
        rt_expr_free(&ex);
        return DDBC_RT_NO_MEMORY;
    }
    x->update = expr_take(&ex);
    x->a.update = x->update;
    return act_close(x, &ex);
}

/* Run the plan: one PutItem/UpdateItem/DeleteItem for a single action, else
 * one TransactWriteItems; failed conditions mapped by the actions' roles. */
static ddbc_rt_status plan_run(ddbc_rt_client *c, plan *p)
{
    if (p->n == 0) return DDBC_RT_OK;
    ddbc_rt_status st;
    if (p->n == 1) {
        act *x = &p->v[0];
        const ddbc_rt_item *nm = x->a.names.n ? &x->a.names : NULL;
        const ddbc_rt_item *vl = x->a.values.n ? &x->a.values : NULL;
        switch (x->a.kind) {
        case DDBC_TX_PUT:
            st = ddbc_rt_put_item(c, x->a.table, &x->a.item, x->condition, nm, vl);
            break;
        case DDBC_TX_UPDATE:
            st = ddbc_rt_update_item(c, x->a.table, &x->a.item, x->update, x->condition, nm, vl);
            break;
        case DDBC_TX_DELETE:
        default:
            st = ddbc_rt_delete_item(c, x->a.table, &x->a.item, x->condition, nm, vl);
            break;
        }
        if (st == DDBC_RT_CONDITION_FAILED && (x->role == ROLE_NEW || x->role == ROLE_GUARD)) {
            st = DDBC_RT_UNIQUE_VIOLATION;
            rt_error(c)->status = st;
        }
        return st;
    }
    ddbc_rt_tx_action *acts = malloc(p->n * sizeof *acts);
    if (!acts) return DDBC_RT_NO_MEMORY;
    for (size_t i = 0; i < p->n; i++) acts[i] = p->v[i].a;
    st = ddbc_rt_transact_write(c, acts, p->n);
    free(acts);
    if (st != DDBC_RT_TRANSACTION_CANCELED) return st;
    const ddbc_rt_error *err = ddbc_rt_client_error(c);
    bool stale = false, taken = false;
    for (int i = 0; i < err->nreasons && (size_t)i < p->n; i++) {
        if (strcmp(err->reasons[i], "ConditionalCheckFailed") != 0) continue;
        if (p->v[i].role == ROLE_ITEM) stale = true;
        else if (p->v[i].role == ROLE_NEW || p->v[i].role == ROLE_GUARD) taken = true;
    }
    /* a stale read explains everything else that failed with it */
    if (stale) st = DDBC_RT_CONDITION_FAILED;
    else if (taken) st = DDBC_RT_UNIQUE_VIOLATION;
    rt_error(c)->status = st;
    return st;
}

/* ---- create-time values ------------------------------------------------------------ */

/* A nullable column with a DEFAULT keeps an explicit NULL as a NULL value:
 * absent would read back as the default (an item from before the column). */
static bool keeps_null(const ddbc_rt_entity *e, const char *name)
{
    for (size_t i = 0; i < e->ncolumns; i++)
        if (!strcmp(e->columns[i].name, name))
            return e->columns[i].nullable && e->columns[i].def == DDBC_RT_DEFAULT_VALUE && e->columns[i].def_value;
    return false;
}

/* SQL NULL is otherwise an absent attribute: NULL values are dropped. */
static void drop_nulls(ddbc_rt_item *it)
{
    for (size_t i = it->n; i-- > 0;)
        if (it->attrs[i].value.type == DDBC_AV_NULL) ddbc_rt_item_remove(it, it->attrs[i].name);
}

/* An auto-id column counts as unset while it holds 0 (a typed struct's INIT). */
static bool unset_id(const ddbc_rt_av *v)
{
    if (!v) return true;
    if (v->type != DDBC_AV_N) return false;
    char canon[8];
    long n = ddbc_keyenc_canonical_number(v->u.s.ptr, v->u.s.len, canon, sizeof canon);
    return n == 1 && canon[0] == '0';
}

/* DEFAULT_VALUE for absent columns (create, and update of an old item). */
static ddbc_rt_status fill_value_defaults(const ddbc_rt_entity *e, ddbc_rt_item *it)
{
    for (size_t i = 0; i < e->ncolumns; i++) {
        const ddbc_rt_column *col = &e->columns[i];
        /* an explicit NULL (stored as NULL, see keeps_null) is not absent */
        if (col->def != DDBC_RT_DEFAULT_VALUE || !col->def_value || ddbc_rt_item_get(it, col->name)) continue;
        ddbc_rt_av d;
        ddbc_rt_status st = ddbc_rt_av_from_text(&d, col->kind, col->def_value, strlen(col->def_value));
        if (st == DDBC_RT_OK) st = ddbc_rt_item_put(it, col->name, &d);
        ddbc_rt_av_free(&d);
        if (st != DDBC_RT_OK) return st;
    }
    return DDBC_RT_OK;
}

/* Generated ids, the clock and random UUIDs for absent columns on create. */
static ddbc_rt_status fill_generated(const ddbc_rt_entity *e, ddbc_rt_item *it)
{
    ddbc_rt_status st = DDBC_RT_OK;
    for (size_t i = 0; i < e->ncolumns && st == DDBC_RT_OK; i++) {
        const ddbc_rt_column *col = &e->columns[i];
        const ddbc_rt_av *v = ddbc_rt_item_get(it, col->name);
        switch (col->def) {
        case DDBC_RT_DEFAULT_ID:
            if (!unset_id(v)) break;
            if (col->kind == DDBC_RT_NUMBER) {
                st = ddbc_rt_item_set_i64(it, col->name, ddbc_rt_next_id());
            } else {
                char ulid[27];
                ddbc_rt_next_ulid(ulid);
                st = ddbc_rt_item_set_s(it, col->name, ulid, strlen(ulid));
            }
            break;
        case DDBC_RT_DEFAULT_NOW:
            if (v) break;
            if (col->kind == DDBC_RT_NUMBER) {
                st = ddbc_rt_item_set_i64(it, col->name, (int64_t)time(NULL));
            } else {
                char now[28];
                ddbc_rt_now_utc(now);
                st = ddbc_rt_item_set_s(it, col->name, now, strlen(now));
            }
            break;
        case DDBC_RT_DEFAULT_UUID:
            if (v) break;
            {
                char uuid[37];
                ddbc_rt_uuid_v4(uuid);
                st = ddbc_rt_item_set_s(it, col->name, uuid, strlen(uuid));
            }
            break;
        default:
            break;
        }
    }
    if (st == DDBC_RT_OK) st = fill_value_defaults(e, it);
    return st;
}

/* NOT NULL columns must hold a value; the first that does not is named. */
static const char *missing_column(const ddbc_rt_entity *e, const ddbc_rt_item *it)
{
    for (size_t i = 0; i < e->ncolumns; i++)
        if (!e->columns[i].nullable && !present(it, e->columns[i].name)) return e->columns[i].name;
    return NULL;
}

/* Set (or remove) every copy fed through reference `via` from the parent
 * item found by the reference's columns on `it`. */
static ddbc_rt_status fill_copies_via(ddbc_rt_client *c, const char *table, const ddbc_rt_entity *e,
                                      const ddbc_rt_reference *via, ddbc_rt_item *it)
{
    ddbc_rt_item pcols = DDBC_RT_ITEM_INIT, pkey = DDBC_RT_ITEM_INIT, parent = DDBC_RT_ITEM_INIT;
    ddbc_rt_status st = DDBC_RT_OK;
    bool linked = true;
    for (size_t j = 0; j < via->ncolumns && st == DDBC_RT_OK && linked; j++) {
        const ddbc_rt_av *v = ddbc_rt_item_get(it, via->columns[j]);
        if (!v || v->type == DDBC_AV_NULL) linked = false;
        else st = ddbc_rt_item_set(&pcols, via->parent_columns[j], v);
    }
    if (st == DDBC_RT_OK && linked) st = rt_keys_base(via->parent, &pcols, &pkey);
    if (st == DDBC_RT_OK && linked) {
        st = ddbc_rt_get_item(c, table, &pkey, true, &parent);
        if (st == DDBC_RT_NOT_FOUND) {
            linked = false;   /* no parent item: nothing to copy */
            st = DDBC_RT_OK;
        }
    }
    for (size_t k = 0; k < e->ncopies && st == DDBC_RT_OK; k++) {
        const ddbc_rt_copy *cp = &e->copies[k];
        if (cp->via != via) continue;
        const ddbc_rt_av *v = linked ? ddbc_rt_item_get(&parent, cp->parent_attr) : NULL;
        if (v && v->type != DDBC_AV_NULL) st = ddbc_rt_item_set(it, cp->attr, v);
        else ddbc_rt_item_remove(it, cp->attr);
    }
    ddbc_rt_item_free(&pcols);
    ddbc_rt_item_free(&pkey);
    ddbc_rt_item_free(&parent);
    return st;
}

/* Copies for a new item (old NULL), or for an updated one whose reference
 * columns changed: the item now belongs to another parent. */
static ddbc_rt_status fill_copies(ddbc_rt_client *c, const char *table, const ddbc_rt_entity *e,
                                  const ddbc_rt_item *old, ddbc_rt_item *it)
{
    ddbc_rt_status st = DDBC_RT_OK;
    for (size_t k = 0; k < e->ncopies && st == DDBC_RT_OK; k++) {
        const ddbc_rt_reference *via = e->copies[k].via;
        bool done = false;
        for (size_t j = 0; j < k; j++) done |= e->copies[j].via == via;
        if (done || !via) continue;
        if (old) {
            bool moved = false;
            for (size_t j = 0; j < via->ncolumns; j++) moved |= !same_attr(old, it, via->columns[j]);
            if (!moved) continue;
        }
        st = fill_copies_via(c, table, e, via, it);
    }
    return st;
}

/* ---- changes: old item → new item ----------------------------------------------------- */

static ddbc_rt_status write_change(ddbc_rt_client *c, const char *table, const ddbc_rt_entity *e,
                                   ddbc_rt_item *old, const ddbc_rt_item *new_item, const names *extra,
                                   int depth);

/* Guard swaps and counter moves between old and new (either may be NULL). */
static ddbc_rt_status add_side_writes(plan *p, const char *table, const ddbc_rt_entity *e,
                                      const ddbc_rt_item *old, const ddbc_rt_item *new_item)
{
    ddbc_rt_status st = DDBC_RT_OK;
    for (size_t u = 0; u < e->nuniques && st == DDBC_RT_OK; u++) {
        char *g0 = NULL, *g1 = NULL;
        if (old) st = guard_key(&e->uniques[u], old, &g0);
        if (st == DDBC_RT_OK && new_item) st = guard_key(&e->uniques[u], new_item, &g1);
        if (st == DDBC_RT_OK && !streq(g0, g1)) {
            if (g0) st = add_guard_delete(p, table, e, g0);
            if (st == DDBC_RT_OK && g1) st = add_guard_put(p, table, e, g1);
        }
        free(g0);
        free(g1);
    }
    for (size_t k = 0; k < e->ncounters && st == DDBC_RT_OK; k++) {
        const ddbc_rt_counter *ct = e->counters[k];
        char *pk0 = NULL, *sk0 = NULL, *pk1 = NULL, *sk1 = NULL;
        if (old) st = counter_key(ct, old, &pk0, &sk0);
        if (st == DDBC_RT_OK && new_item) st = counter_key(ct, new_item, &pk1, &sk1);
        if (st == DDBC_RT_OK && !(streq(pk0, pk1) && streq(sk0, sk1))) {
            if (pk0) st = add_counter(p, table, e, ct, pk0, sk0, old, -1);
            if (st == DDBC_RT_OK && pk1) st = add_counter(p, table, e, ct, pk1, sk1, new_item, +1);
        }
        free(pk0);
        free(sk0);
        free(pk1);
        free(sk1);
    }
    return st;
}

/* The base key of a stored item, read from its key attributes. */
static ddbc_rt_status stored_key(const ddbc_rt_entity *e, const ddbc_rt_item *it, ddbc_rt_item *key)
{
    const ddbc_rt_av *pk = ddbc_rt_item_get(it, e->keys[0].pk_attr);
    if (!pk) return DDBC_RT_INVALID_ARGUMENT;
    ddbc_rt_status st = ddbc_rt_item_set(key, e->keys[0].pk_attr, pk);
    if (st == DDBC_RT_OK && e->keys[0].sk_attr) {
        const ddbc_rt_av *sk = ddbc_rt_item_get(it, e->keys[0].sk_attr);
        st = sk ? ddbc_rt_item_set(key, e->keys[0].sk_attr, sk) : DDBC_RT_INVALID_ARGUMENT;
    }
    return st;
}

/* The item update in place: SET what changed, REMOVE what went, on
 * condition that those attributes (and `extra`) are as read. */
static ddbc_rt_status add_item_update(plan *p, const char *table, const ddbc_rt_entity *e,
                                      const ddbc_rt_item *old, const ddbc_rt_item *new_item, const names *extra)
{
    act *x = plan_add(p, DDBC_TX_UPDATE, table, ROLE_ITEM);
    if (!x) return DDBC_RT_NO_MEMORY;
    ddbc_rt_status st = stored_key(e, old, &x->a.item);
    if (st != DDBC_RT_OK) return st;
    rt_expr ex = RT_EXPR_INIT;
    names touched = {NULL, 0, 0, false};
    bool first = true;
    for (size_t i = 0; i < new_item->n; i++) {
        const ddbc_rt_attr *a = &new_item->attrs[i];
        if (is_base_attr(e, a->name) || same_attr(old, new_item, a->name)) continue;
        rt_expr_puts(&ex, first ? "SET " : ", ");
        first = false;
        rt_expr_name(&ex, a->name);
        rt_expr_puts(&ex, " = ");
        rt_expr_value(&ex, &a->value);
        names_add(&touched, a->name);
    }
    bool any_set = !first;
    first = true;
    for (size_t i = 0; i < old->n; i++) {
        const char *name = old->attrs[i].name;
        if (is_base_attr(e, name) || ddbc_rt_item_get(new_item, name)) continue;
        rt_expr_puts(&ex, first ? (any_set ? " REMOVE " : "REMOVE ") : ", ");
        first = false;
        rt_expr_name(&ex, name);
        names_add(&touched, name);
    }
    if (ex.failed || ex.text.failed || touched.failed) {
        names_free(&touched);
        rt_expr_free(&ex);
        return DDBC_RT_NO_MEMORY;
    }
    x->update = expr_take(&ex);
    x->a.update = x->update;
    for (size_t i = 0; extra && i < extra->n; i++)
        if (!is_base_attr(e, extra->v[i])) names_add(&touched, extra->v[i]);
    cond_fn(&ex, "attribute_exists", e->keys[0].pk_attr);
    for (size_t i = 0; i < touched.n; i++) cond_as_read(&ex, old, touched.v[i]);
    bool failed = touched.failed;
    names_free(&touched);
    if (failed) {
        rt_expr_free(&ex);
        return DDBC_RT_NO_MEMORY;
    }
    return act_close(x, &ex);
}

/* Delete the item on condition it is as read: every attribute when `all`,
 * else those in `extra`. */
static ddbc_rt_status add_item_delete(plan *p, const char *table, const ddbc_rt_entity *e,
                                      const ddbc_rt_item *old, bool all, const names *extra)
{
    act *x = plan_add(p, DDBC_TX_DELETE, table, ROLE_ITEM);
    if (!x) return DDBC_RT_NO_MEMORY;
    ddbc_rt_status st = stored_key(e, old, &x->a.item);
    if (st != DDBC_RT_OK) return st;
    rt_expr ex = RT_EXPR_INIT;
    cond_fn(&ex, "attribute_exists", e->keys[0].pk_attr);
    for (size_t i = 0; all && i < old->n; i++)
        if (!is_base_attr(e, old->attrs[i].name)) cond_as_read(&ex, old, old->attrs[i].name);
    for (size_t i = 0; extra && i < extra->n; i++)
        if (!is_base_attr(e, extra->v[i]) && (!all || !ddbc_rt_item_get(old, extra->v[i])))
            cond_as_read(&ex, old, extra->v[i]);
    return act_close(x, &ex);
}

/* Give one child the parent's new values of the copied columns, re-reading
 * it when a concurrent writer got there first. */
static ddbc_rt_status refresh_child(ddbc_rt_client *c, const char *table, const ddbc_rt_children *ch,
                                    ddbc_rt_item *child, const ddbc_rt_item *parent, int depth)
{
    const ddbc_rt_entity *ce = ch->child;
    ddbc_rt_item cur = DDBC_RT_ITEM_INIT, key = DDBC_RT_ITEM_INIT;
    ddbc_rt_status st = ddbc_rt_item_copy(&cur, child);
    if (st == DDBC_RT_OK) st = stored_key(ce, &cur, &key);
    for (int attempt = 0; attempt < FAN_OUT_ATTEMPTS && st == DDBC_RT_OK; attempt++) {
        ddbc_rt_item next = DDBC_RT_ITEM_INIT;
        st = ddbc_rt_item_copy(&next, &cur);
        for (size_t k = 0; k < ch->ncopies && st == DDBC_RT_OK; k++) {
            const ddbc_rt_av *v = ddbc_rt_item_get(parent, ch->copies[k]->parent_attr);
            if (v && v->type != DDBC_AV_NULL) st = ddbc_rt_item_set(&next, ch->copies[k]->attr, v);
            else ddbc_rt_item_remove(&next, ch->copies[k]->attr);
        }
        if (st == DDBC_RT_OK) st = rt_keys_apply(ce, &next);
        if (st == DDBC_RT_OK) st = write_change(c, table, ce, &cur, &next, NULL, depth + 1);
        ddbc_rt_item_free(&next);
        if (st != DDBC_RT_CONDITION_FAILED || attempt + 1 == FAN_OUT_ATTEMPTS) break;
        ddbc_rt_item_free(&cur);
        st = ddbc_rt_get_item(c, table, &key, true, &cur);
        if (st == DDBC_RT_NOT_FOUND) st = DDBC_RT_OK;   /* deleted meanwhile: nothing to refresh */
        if (st != DDBC_RT_OK || cur.n == 0) break;
    }
    ddbc_rt_item_free(&cur);
    ddbc_rt_item_free(&key);
    return st;
}

/* Copies of changed parent columns fanned out to every child that holds them. */
static ddbc_rt_status fan_out(ddbc_rt_client *c, const char *table, const ddbc_rt_entity *e,
                              ddbc_rt_item *old, const ddbc_rt_item *new_item, int depth)
{
    ddbc_rt_status st = DDBC_RT_OK;
    for (size_t i = 0; i < e->nchildren && st == DDBC_RT_OK; i++) {
        const ddbc_rt_children *ch = &e->children[i];
        if (!ch->ncopies || !ch->find) continue;
        bool changed = false;
        for (size_t k = 0; k < ch->ncopies; k++) changed |= !same_attr(old, new_item, ch->copies[k]->parent_attr);
        if (!changed) continue;
        /* children still reference the parent by its old values */
        ddbc_rt_row row = {old, 1};
        ddbc_rt_items kids = DDBC_RT_ITEMS_INIT;
        st = rt_request_all(c, table, ch->find, NULL, 0, &row, &kids);
        for (size_t k = 0; k < kids.n && st == DDBC_RT_OK; k++)
            st = refresh_child(c, table, ch, &kids.v[k], new_item, depth);
        ddbc_rt_items_free(&kids);
    }
    return st;
}

/* Write the change from `old` (as read) to `new_item` (keys applied): in
 * place, or moved when the base key changed; guards and counters with it in
 * one transaction; then the copies fanned out.  OK with no request when
 * nothing changed. */
static ddbc_rt_status write_change(ddbc_rt_client *c, const char *table, const ddbc_rt_entity *e,
                                   ddbc_rt_item *old, const ddbc_rt_item *new_item, const names *extra,
                                   int depth)
{
    if (depth > MAX_DEPTH) return fail(c, DDBC_RT_INVALID_ARGUMENT, "copies fan out deeper than 32 levels");
    bool changed = false;
    for (size_t i = 0; i < new_item->n && !changed; i++) changed = !same_attr(old, new_item, new_item->attrs[i].name);
    for (size_t i = 0; i < old->n && !changed; i++) changed = !ddbc_rt_item_get(new_item, old->attrs[i].name);
    if (!changed) {
        rt_ok(c);
        return DDBC_RT_OK;
    }
    bool moved = !same_attr(old, new_item, e->keys[0].pk_attr) ||
                 (e->keys[0].sk_attr && !same_attr(old, new_item, e->keys[0].sk_attr));
    plan p = {NULL, 0, 0};
    ddbc_rt_status st;
    if (moved) {
        st = add_item_delete(&p, table, e, old, true, extra);
        if (st == DDBC_RT_OK) st = add_put_new(&p, table, e, new_item, ROLE_NEW);
    } else {
        st = add_item_update(&p, table, e, old, new_item, extra);
    }
    if (st == DDBC_RT_OK) st = add_side_writes(&p, table, e, old, new_item);
    if (st == DDBC_RT_OK) st = plan_run(c, &p);
    else if (st != DDBC_RT_OK) fail(c, st, "building the update");
    plan_free(&p);
    if (st == DDBC_RT_OK) st = fan_out(c, table, e, old, new_item, depth);
    return st;
}

/* ---- the engine ------------------------------------------------------------------------ */

/* The written item as the caller's row.  `it` is the caller's to free next and
 * read by nothing else (the plan owns copies), so it is moved, not copied. */
static ddbc_rt_status give_row(const ddbc_rt_entity *e, ddbc_rt_item *it, ddbc_rt_item *out)
{
    if (!out) return DDBC_RT_OK;
    ddbc_rt_item row = DDBC_RT_ITEM_INIT;
    item_move(&row, it);
    ddbc_rt_status st = ddbc_rt_entity_row(e, &row);
    if (st == DDBC_RT_OK) item_move(out, &row);
    ddbc_rt_item_free(&row);
    return st;
}

ddbc_rt_status ddbc_rt_entity_create(ddbc_rt_client *c, const char *table, const ddbc_rt_entity *e,
                                     const ddbc_rt_item *row, ddbc_rt_item *out)
{
    if (!e || !e->nkeys || !row) return fail(c, DDBC_RT_INVALID_ARGUMENT, "create: no entity or row");
    ddbc_rt_item it = DDBC_RT_ITEM_INIT;
    plan p = {NULL, 0, 0};
    ddbc_rt_status st = ddbc_rt_item_copy(&it, row);
    if (st == DDBC_RT_OK) {
        drop_nulls(&it);
        st = fill_generated(e, &it);
    }
    if (st == DDBC_RT_OK) {
        const char *missing = missing_column(e, &it);
        if (missing) {
            char why[160];
            snprintf(why, sizeof why, "create %s: NOT NULL column %s has no value", e->name, missing);
            st = fail(c, DDBC_RT_INVALID_ARGUMENT, why);
            goto done;
        }
        st = fill_copies(c, table, e, NULL, &it);
    }
    if (st == DDBC_RT_OK) {
        st = rt_keys_apply(e, &it);
        if (st == DDBC_RT_INVALID_ARGUMENT) {
            st = fail(c, st, "create: a base-key value is missing or cannot be encoded");
            goto done;
        }
    }
    if (st == DDBC_RT_OK) st = add_put_new(&p, table, e, &it, ROLE_NEW);
    if (st == DDBC_RT_OK) st = add_side_writes(&p, table, e, NULL, &it);
    if (st == DDBC_RT_OK) st = plan_run(c, &p);
    else if (st == DDBC_RT_NO_MEMORY || st == DDBC_RT_INVALID_ARGUMENT) fail(c, st, "create: building the item");
    if (st == DDBC_RT_OK) st = give_row(e, &it, out);
done:
    plan_free(&p);
    ddbc_rt_item_free(&it);
    return st;
}

/* Read the item whose base key `key`'s columns give (consistently). */
static ddbc_rt_status read_item(ddbc_rt_client *c, const char *table, const ddbc_rt_entity *e,
                                const ddbc_rt_item *key, ddbc_rt_item *out)
{
    ddbc_rt_item base = DDBC_RT_ITEM_INIT;
    ddbc_rt_status st = rt_keys_base(e, key, &base);
    if (st == DDBC_RT_INVALID_ARGUMENT) st = fail(c, st, "a base-key column is missing or cannot be encoded");
    else if (st != DDBC_RT_OK) st = fail(c, st, NULL);
    else st = ddbc_rt_get_item(c, table, &base, true, out);
    ddbc_rt_item_free(&base);
    return st;
}

ddbc_rt_status ddbc_rt_entity_get(ddbc_rt_client *c, const char *table, const ddbc_rt_entity *e,
                                  const ddbc_rt_item *key, ddbc_rt_item *out)
{
    if (!e || !e->nkeys || !key || !out) return fail(c, DDBC_RT_INVALID_ARGUMENT, "get: no entity, key or out");
    ddbc_rt_item it = DDBC_RT_ITEM_INIT;
    ddbc_rt_status st = read_item(c, table, e, key, &it);
    if (st == DDBC_RT_OK) st = ddbc_rt_entity_row(e, &it);
    if (st == DDBC_RT_OK) item_move(out, &it);
    ddbc_rt_item_free(&it);
    return st;
}

/* ---- SET n = n + v ------------------------------------------------------------------ */

/* Canonical decimal text split into sign, integer digits and fraction digits. */
typedef struct decparts {
    bool neg;
    const char *ip, *fp;
    size_t ni, nf;
} decparts;

static void dec_split(const char *s, decparts *d)
{
    d->neg = *s == '-';
    if (d->neg) s++;
    const char *dot = strchr(s, '.');
    d->ip = s;
    d->ni = dot ? (size_t)(dot - s) : strlen(s);
    d->fp = dot ? dot + 1 : "";
    d->nf = dot ? strlen(dot + 1) : 0;
}

/* Digit k (0 = the last fraction digit at `scale`) of a magnitude. */
static int dec_digit(const decparts *d, size_t scale, size_t k)
{
    if (k < scale) {
        size_t f = scale - 1 - k;   /* index into the fraction */
        return f < d->nf ? d->fp[f] - '0' : 0;
    }
    size_t i = k - scale;           /* from the integer part's end */
    return i < d->ni ? d->ip[d->ni - 1 - i] - '0' : 0;
}

#define DEC_CAP 200   /* a canonical DynamoDB number is at most 170 bytes */

/* a + b (sub: a - b) exactly, on decimal text; the canonical result in out.
 * INVALID_ARGUMENT when an operand is not a number or the result leaves
 * DynamoDB's 38 significant digits. */
static ddbc_rt_status dec_add(const char *a, size_t alen, const char *b, size_t blen, bool sub,
                              char *out, size_t cap)
{
    char ca[DEC_CAP], cb[DEC_CAP];
    long la = ddbc_keyenc_canonical_number(a, alen, ca, sizeof ca);
    long lb = ddbc_keyenc_canonical_number(b, blen, cb, sizeof cb);
    if (la < 0 || lb < 0 || (size_t)la >= sizeof ca || (size_t)lb >= sizeof cb) return DDBC_RT_INVALID_ARGUMENT;
    decparts x, y;
    dec_split(ca, &x);
    dec_split(cb, &y);
    if (sub) y.neg = !y.neg;
    size_t scale = x.nf > y.nf ? x.nf : y.nf;
    size_t n = (x.ni > y.ni ? x.ni : y.ni) + scale + 1;
    if (n + 4 > DEC_CAP * 2) return DDBC_RT_INVALID_ARGUMENT;
    int r[DEC_CAP * 2];
    bool neg = x.neg;
    if (x.neg == y.neg) {
        int carry = 0;
        for (size_t k = 0; k < n; k++) {
            int v = dec_digit(&x, scale, k) + dec_digit(&y, scale, k) + carry;
            r[k] = v % 10;
            carry = v / 10;
        }
    } else {
        /* the larger magnitude minus the smaller, with the larger's sign */
        int cmp = 0;
        for (size_t k = n; k-- > 0 && !cmp;) {
            int dx = dec_digit(&x, scale, k), dy = dec_digit(&y, scale, k);
            cmp = dx < dy ? -1 : dx > dy ? 1 : 0;
        }
        const decparts *big = cmp >= 0 ? &x : &y, *small = cmp >= 0 ? &y : &x;
        neg = big->neg;
        int borrow = 0;
        for (size_t k = 0; k < n; k++) {
            int v = dec_digit(big, scale, k) - dec_digit(small, scale, k) - borrow;
            borrow = v < 0;
            r[k] = v < 0 ? v + 10 : v;
        }
    }
    char text[DEC_CAP * 2 + 4];
    size_t t = 0;
    if (neg) text[t++] = '-';
    for (size_t k = n; k-- > 0;) {
        text[t++] = (char)('0' + r[k]);
        if (k == scale && scale) text[t++] = '.';
    }
    long lr = ddbc_keyenc_canonical_number(text, t, out, cap);
    return lr < 0 || (size_t)lr >= cap ? DDBC_RT_INVALID_ARGUMENT : DDBC_RT_OK;
}

/* Whole text of an N value as a 64-bit integer. */
static bool n_to_i64(const ddbc_rt_av *v, int64_t *out)
{
    char buf[32];
    if (v->type != DDBC_AV_N || v->u.s.len == 0 || v->u.s.len >= sizeof buf) return false;
    memcpy(buf, v->u.s.ptr, v->u.s.len);
    buf[v->u.s.len] = '\0';
    char *end = NULL;
    errno = 0;
    long long x = strtoll(buf, &end, 10);
    if (errno || *end) return false;
    *out = (int64_t)x;
    return true;
}

/* next[attr] = old[attr] ± value, SQL-style: NULL in, NULL out. */
static ddbc_rt_status apply_calc(ddbc_rt_client *c, const ddbc_rt_item *old, ddbc_rt_item *next,
                                 const ddbc_rt_assign *as, const ddbc_rt_av *args, size_t nargs)
{
    ddbc_rt_av v;
    ddbc_rt_status st = rt_operand_value(&as->value, args, nargs, NULL, NULL, &v);
    if (st != DDBC_RT_OK) {
        ddbc_rt_av_free(&v);
        return st;
    }
    const ddbc_rt_av *o = ddbc_rt_item_get(old, as->attr);
    bool sub = as->arith == DDBC_RT_SET_SUB;
    char why[160];
    if (!o || o->type == DDBC_AV_NULL || v.type == DDBC_AV_NULL) {
        st = ddbc_rt_item_set_null(next, as->attr);
    } else if (o->type != DDBC_AV_N || v.type != DDBC_AV_N) {
        snprintf(why, sizeof why, "update: %s or its amount is not a number", as->attr);
        st = fail(c, DDBC_RT_INVALID_ARGUMENT, why);
    } else if (as->numeric == DDBC_RT_NUM_INTEGER) {
        int64_t x, y;
        if (!n_to_i64(o, &x) || !n_to_i64(&v, &y)) {
            snprintf(why, sizeof why, "update: %s or its amount is not an integer", as->attr);
            st = fail(c, DDBC_RT_INVALID_ARGUMENT, why);
        } else if (sub ? (y < 0 ? x > INT64_MAX + y : x < INT64_MIN + y)
                       : (y > 0 ? x > INT64_MAX - y : x < INT64_MIN - y)) {
            snprintf(why, sizeof why, "update: %s %c amount is out of the 64-bit integer range", as->attr,
                     sub ? '-' : '+');
            st = fail(c, DDBC_RT_INVALID_ARGUMENT, why);
        } else {
            st = ddbc_rt_item_set_i64(next, as->attr, sub ? x - y : x + y);
        }
    } else if (as->numeric == DDBC_RT_NUM_FLOAT) {
        char bx[DEC_CAP], by[DEC_CAP];
        long lx = ddbc_keyenc_canonical_number(o->u.s.ptr, o->u.s.len, bx, sizeof bx);
        long ly = ddbc_keyenc_canonical_number(v.u.s.ptr, v.u.s.len, by, sizeof by);
        if (lx < 0 || ly < 0 || (size_t)lx >= sizeof bx || (size_t)ly >= sizeof by) {
            snprintf(why, sizeof why, "update: %s or its amount is not a number", as->attr);
            st = fail(c, DDBC_RT_INVALID_ARGUMENT, why);
        } else {
            double x = strtod(bx, NULL), y = strtod(by, NULL);
            st = ddbc_rt_item_set_double(next, as->attr, sub ? x - y : x + y);
        }
    } else {
        char r[DEC_CAP];
        st = dec_add(o->u.s.ptr, o->u.s.len, v.u.s.ptr, v.u.s.len, sub, r, sizeof r);
        if (st == DDBC_RT_OK) st = ddbc_rt_item_set_n(next, as->attr, r);
        else if (st == DDBC_RT_INVALID_ARGUMENT) {
            snprintf(why, sizeof why, "update: %s %c amount is not a number DynamoDB can hold", as->attr,
                     sub ? '-' : '+');
            st = fail(c, st, why);
        }
    }
    ddbc_rt_av_free(&v);
    return st;
}

/* Reads before a counter update gives up on concurrent writers. */
#define CALC_ATTEMPTS 10

/* One read-modify-write; *raced: the write's as-read condition failed. */
static ddbc_rt_status update_once(ddbc_rt_client *c, const char *table, const ddbc_rt_entity *e,
                                  const ddbc_rt_item *key, const ddbc_rt_item *set,
                                  const ddbc_rt_assign *calc, size_t ncalc,
                                  const ddbc_rt_filter *where, size_t nwhere,
                                  const ddbc_rt_av *args, size_t nargs, ddbc_rt_item *out, bool *raced)
{
    ddbc_rt_item old = DDBC_RT_ITEM_INIT, next = DDBC_RT_ITEM_INIT;
    names extra = {NULL, 0, 0, false};
    *raced = false;
    ddbc_rt_status st = read_item(c, table, e, key, &old);
    if (st != DDBC_RT_OK) goto done;
    if (nwhere && !rt_filter_holds(where, nwhere, &old, args, nargs)) {
        st = fail(c, DDBC_RT_CONDITION_FAILED, "update: the WHERE condition does not hold");
        goto done;
    }
    /* what the WHERE read must still be as read when the write lands */
    for (size_t i = 0; i < nwhere; i++) names_add(&extra, where[i].attr);
    st = extra.failed ? DDBC_RT_NO_MEMORY : ddbc_rt_item_copy(&next, &old);
    for (size_t i = 0; set && i < set->n && st == DDBC_RT_OK; i++) {
        const ddbc_rt_attr *a = &set->attrs[i];
        if (a->value.type != DDBC_AV_NULL) st = ddbc_rt_item_set(&next, a->name, &a->value);
        else if (keeps_null(e, a->name)) st = ddbc_rt_item_set_null(&next, a->name);
        else ddbc_rt_item_remove(&next, a->name);
    }
    /* calculated columns read the old row: SQL evaluates every SET on it */
    for (size_t i = 0; i < ncalc && st == DDBC_RT_OK; i++) {
        if (calc[i].arith == DDBC_RT_SET_VALUE) continue;
        st = apply_calc(c, &old, &next, &calc[i], args, nargs);
        if (st == DDBC_RT_INVALID_ARGUMENT) goto done;
        const ddbc_rt_av *nv = ddbc_rt_item_get(&next, calc[i].attr);
        if (st == DDBC_RT_OK && nv && nv->type == DDBC_AV_NULL && !keeps_null(e, calc[i].attr))
            ddbc_rt_item_remove(&next, calc[i].attr);
    }
    if (st == DDBC_RT_OK) st = fill_value_defaults(e, &next);
    if (st != DDBC_RT_OK) {
        st = fail(c, st, NULL);
        goto done;
    }
    const char *missing = missing_column(e, &next);
    if (missing) {
        char why[160];
        snprintf(why, sizeof why, "update %s: NOT NULL column %s set to NULL", e->name, missing);
        st = fail(c, DDBC_RT_INVALID_ARGUMENT, why);
        goto done;
    }
    st = fill_copies(c, table, e, &old, &next);
    if (st == DDBC_RT_OK) {
        st = rt_keys_apply(e, &next);
        if (st != DDBC_RT_OK) {
            st = fail(c, st, st == DDBC_RT_INVALID_ARGUMENT ? "update: a base-key value is missing or cannot be encoded"
                                                            : NULL);
            goto done;
        }
    }
    if (st == DDBC_RT_OK) {
        st = write_change(c, table, e, &old, &next, &extra, 0);
        *raced = st == DDBC_RT_CONDITION_FAILED;
    }
    if (st == DDBC_RT_OK) st = give_row(e, &next, out);
done:
    names_free(&extra);
    ddbc_rt_item_free(&old);
    ddbc_rt_item_free(&next);
    return st;
}

ddbc_rt_status ddbc_rt_entity_update_calc(ddbc_rt_client *c, const char *table, const ddbc_rt_entity *e,
                                          const ddbc_rt_item *key, const ddbc_rt_item *set,
                                          const ddbc_rt_assign *calc, size_t ncalc,
                                          const ddbc_rt_filter *where, size_t nwhere,
                                          const ddbc_rt_av *args, size_t nargs, ddbc_rt_item *out)
{
    if (!e || !e->nkeys || !key || (ncalc && !calc))
        return fail(c, DDBC_RT_INVALID_ARGUMENT, "update: no entity or key");
    bool counts = false;
    for (size_t i = 0; i < ncalc; i++) counts |= calc[i].arith != DDBC_RT_SET_VALUE;
    /* a plain update reports a concurrent writer; an increment computed from
       a stale read is retried on a fresh one, so none is lost */
    int attempts = counts ? CALC_ATTEMPTS : 1;
    ddbc_rt_status st = DDBC_RT_OK;
    bool raced = true;
    for (int i = 0; i < attempts && raced; i++) {
        /* full jitter, so two writers stop meeting on every round */
        if (i) rt_backoff(c, i);
        st = update_once(c, table, e, key, set, calc, ncalc, where, nwhere, args, nargs, out, &raced);
    }
    /* not CONDITION_FAILED, which a write pattern counts as "0 rows" */
    if (raced && counts)
        st = fail(c, DDBC_RT_TRANSACTION_CANCELED, "update: the item kept changing between read and write");
    return st;
}

ddbc_rt_status ddbc_rt_entity_update(ddbc_rt_client *c, const char *table, const ddbc_rt_entity *e,
                                     const ddbc_rt_item *key, const ddbc_rt_item *set,
                                     const ddbc_rt_filter *where, size_t nwhere,
                                     const ddbc_rt_av *args, size_t nargs, ddbc_rt_item *out)
{
    return ddbc_rt_entity_update_calc(c, table, e, key, set, NULL, 0, where, nwhere, args, nargs, out);
}

static ddbc_rt_status delete_at(ddbc_rt_client *c, const char *table, const ddbc_rt_entity *e,
                                const ddbc_rt_item *key, const ddbc_rt_filter *where, size_t nwhere,
                                const ddbc_rt_av *args, size_t nargs, int depth)
{
    if (!e || !e->nkeys || !key) return fail(c, DDBC_RT_INVALID_ARGUMENT, "delete: no entity or key");
    if (depth > MAX_DEPTH) return fail(c, DDBC_RT_INVALID_ARGUMENT, "cascade deeper than 32 levels");
    ddbc_rt_item old = DDBC_RT_ITEM_INIT;
    names extra = {NULL, 0, 0, false};
    plan p = {NULL, 0, 0};
    ddbc_rt_status st = read_item(c, table, e, key, &old);
    if (st != DDBC_RT_OK) goto done;
    if (nwhere && !rt_filter_holds(where, nwhere, &old, args, nargs)) {
        st = fail(c, DDBC_RT_CONDITION_FAILED, "delete: the WHERE condition does not hold");
        goto done;
    }
    /* children first: a failure leaves the parent in place to retry */
    for (size_t i = 0; i < e->nchildren && st == DDBC_RT_OK; i++) {
        const ddbc_rt_children *ch = &e->children[i];
        if (!ch->cascade || !ch->find) continue;
        ddbc_rt_row row = {&old, 1};
        ddbc_rt_items kids = DDBC_RT_ITEMS_INIT;
        st = rt_request_all(c, table, ch->find, NULL, 0, &row, &kids);
        for (size_t k = 0; k < kids.n && st == DDBC_RT_OK; k++) {
            st = delete_at(c, table, ch->child, &kids.v[k], NULL, 0, NULL, 0, depth + 1);
            if (st == DDBC_RT_NOT_FOUND) st = DDBC_RT_OK;   /* gone meanwhile */
        }
        ddbc_rt_items_free(&kids);
    }
    if (st != DDBC_RT_OK) goto done;
    /* the guards and counters released are the ones the read saw */
    for (size_t i = 0; i < nwhere; i++) names_add(&extra, where[i].attr);
    for (size_t u = 0; u < e->nuniques; u++)
        for (size_t j = 0; j < e->uniques[u].ncolumns; j++) names_add(&extra, e->uniques[u].columns[j]);
    for (size_t k = 0; k < e->ncounters; k++) {
        const ddbc_rt_counter *ct = e->counters[k];
        const ddbc_rt_template *ts[2] = {&ct->pk, &ct->sk};
        for (int t = 0; t < 2; t++)
            for (size_t j = 0; j < ts[t]->nparts; j++)
                if (!ts[t]->parts[j].literal) names_add(&extra, ts[t]->parts[j].attr);
    }
    st = extra.failed ? DDBC_RT_NO_MEMORY : add_item_delete(&p, table, e, &old, false, &extra);
    if (st == DDBC_RT_OK) st = add_side_writes(&p, table, e, &old, NULL);
    if (st == DDBC_RT_OK) st = plan_run(c, &p);
    else fail(c, st, "delete: building the request");
done:
    plan_free(&p);
    names_free(&extra);
    ddbc_rt_item_free(&old);
    return st;
}

ddbc_rt_status ddbc_rt_entity_delete(ddbc_rt_client *c, const char *table, const ddbc_rt_entity *e,
                                     const ddbc_rt_item *key, const ddbc_rt_filter *where,
                                     size_t nwhere, const ddbc_rt_av *args, size_t nargs)
{
    return delete_at(c, table, e, key, where, nwhere, args, nargs, 0);
}
