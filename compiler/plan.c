/* plan.c — the planner's driver: needs → shapes → indexes → the design.
 *
 * Shapes are matched and merged per entity, grouped where a collection needs
 * entities to share a partition, and assigned to the table and the fewest
 * GSIs (PLANNER-NOTES §4); against a lock file, locked keys come first and
 * new shapes take free slots before a GSI is added.  Then requests,
 * projections, the derived-key map, write plans, limits and change
 * classification. */
#include "plan.h"

#include <stdlib.h>
#include <string.h>

#include "infer.h"
#include "plan_internal.h"

/* ---- entities ------------------------------------------------------------------ */

static const char *singular_tag(ddbc_arena *arena, const char *name)
{
    size_t n = strlen(name);
    char *t = ddbc_arena_alloc(arena, n + 2);
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
        else if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) c = '_';
        t[i] = c;
    }
    /* categories → CATEGORY, addresses → ADDRESS, orders → ORDER; "status" stays */
    if (n > 3 && strcmp(t + n - 3, "IES") == 0) strcpy(t + n - 3, "Y");
    else if ((n > 4 && (strcmp(t + n - 4, "SSES") == 0 || strcmp(t + n - 4, "CHES") == 0 ||
                        strcmp(t + n - 4, "SHES") == 0)) ||
             (n > 3 && strcmp(t + n - 3, "XES") == 0))
        t[n - 2] = '\0';
    else if (n > 3 && t[n - 1] == 'S' && t[n - 2] != 'S' && t[n - 2] != 'U' && t[n - 2] != 'I')
        t[n - 1] = '\0';
    if (!t[0]) return "ITEM";
    return t;
}

static int estimate_column_bytes(const ddbc_column *c)
{
    const ddbc_type *t = &c->type;
    int v;
    switch (t->cls) {
    case DDBC_T_INTEGER: case DDBC_T_DECIMAL: case DDBC_T_FLOAT: v = 21; break;
    case DDBC_T_BOOL: v = 1; break;
    case DDBC_T_UUID: v = 36; break;
    case DDBC_T_DATE: v = 10; break;
    case DDBC_T_TIMESTAMP: v = 27; break;
    case DDBC_T_TIME: case DDBC_T_INTERVAL: v = 20; break;
    case DDBC_T_ENUM: {
        v = 1;
        for (size_t i = 0; i < t->enum_values.n; i++)
            if ((int)strlen(t->enum_values.v[i]) > v) v = (int)strlen(t->enum_values.v[i]);
        break;
    }
    case DDBC_T_STRING: v = t->length > 0 ? (t->length > 1000000 ? 4000000 : t->length * 4) : 1024; break;
    case DDBC_T_BINARY: v = t->length > 0 ? t->length : 1024; break;
    case DDBC_T_JSON: v = 4096; break;
    default: v = 1024; break;
    }
    return v + (int)strlen(c->name);
}

static void init_entities(planner *p)
{
    const ddbc_catalog *cat = &p->ir->catalog;
    p->ents = ddbc_arena_alloc(p->arena, (cat->entities.n + 1) * sizeof *p->ents);
    ddbc_symtab *tags = ddbc_symtab_create(p->arena);
    for (size_t i = 0; i < cat->entities.n; i++) {
        ddbc_entity *e = cat->entities.v[i];
        ddbc_entity_plan *ep = DDBC_NEW(p->arena, ddbc_entity_plan);
        ep->entity = e;
        const char *tag = singular_tag(p->arena, e->name);
        /* two tables may singularize alike (order, orders): the later one keeps its
         * full name, then a number, so tags stay unique */
        for (int k = 1; ddbc_symtab_get(tags, tag); k++) {
            tag = k == 1 ? ddbc_arena_printf(p->arena, "%s_T", singular_tag(p->arena, e->name))
                         : ddbc_arena_printf(p->arena, "%s_T%d", singular_tag(p->arena, e->name), k);
        }
        ddbc_symtab_put(tags, tag, ep);
        ep->tag = tag;
        for (size_t u = 0; u < e->uniques.n; u++)
            if (!e->uniques.v[u]->partial && !e->uniques.v[u]->has_expression)
                DDBC_VEC_PUSH(p->arena, ep->unique_guards, e->uniques.v[u]);
        int bytes = 0;
        for (size_t c = 0; c < e->columns.n; c++) bytes += estimate_column_bytes(e->columns.v[c]);
        ep->max_item_bytes = bytes + 200;   /* key attributes */
        p->ents[i].plan = ep;
        p->ents[i].identity_sk = ddbc_arena_printf(p->arena, "#%s", tag);
        DDBC_VEC_PUSH(p->arena, p->d->entities, ep);
    }
}

/* ---- shapes ------------------------------------------------------------------------ */

static bool in_cols(ddbc_column *const *v, size_t n, const ddbc_column *c)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == c) return true;
    return false;
}

static bool need_has_eq(const plan_need *n, const ddbc_column *c)
{
    for (size_t i = 0; i < n->pk_eqs.n; i++)
        if (n->pk_eqs.v[i].column == c) return true;
    for (size_t i = 0; i < n->sk_eqs.n; i++)
        if (n->sk_eqs.v[i].column == c) return true;
    return false;
}

/* The shape's sort columns with the entity's primary key appended: every key
 * identifies one item, so extra equalities on it can be filters for free. */
static void full_sort(const plan_shape *s, ddbc_column **out, size_t *n)
{
    *n = 0;
    for (size_t i = 0; i < s->sk.n; i++) out[(*n)++] = s->sk.v[i];
    const ddbc_key *pk = s->entity->primary_key;
    if (!pk) return;
    for (size_t i = 0; i < pk->columns.n; i++) {
        ddbc_column *c = pk->columns.v[i];
        if (!in_cols(s->pk.v, s->pk.n, c) && !in_cols(s->sk.v, s->sk.n, c)) out[(*n)++] = c;
    }
}

static size_t full_sort_cap(const plan_shape *s)
{
    return s->sk.n + (s->entity->primary_key ? s->entity->primary_key->columns.n : 0) + 1;
}

static const char *need_sk_tag(planner *p, const plan_need *n)
{
    return n->sk_tag ? n->sk_tag : p->ents[n->entity->ordinal].identity_sk;
}

/* Rule (PLANNER-NOTES §1): a shape serves a need when its partition columns
 * are all bound by the need's equalities, the need's remaining equalities
 * lead the sort key (in any order), and the need's sort columns come next.
 * Equalities left over are filters, allowed only once the bound prefix pins a
 * single item.  `relaxed` lets a non-sparse shape serve a sparse need whose
 * condition then becomes a filter. */
static bool shape_serves(planner *p, const plan_shape *s, const plan_need *n, bool relaxed)
{
    if (s->entity != n->entity) return false;
    if (!s->pk.n && n->pk_eqs.n) return false;
    for (size_t i = 0; i < s->pk.n; i++)
        if (!need_has_eq(n, s->pk.v[i])) return false;
    if (n->parent || n->is_parent_side || n->counter) {
        if (strcmp(s->pk_tag, n->pk_tag) != 0 || strcmp(s->sk_tag, need_sk_tag(p, n)) != 0)
            return false;
    }
    if (s->condition || n->condition) {
        bool same = s->condition && n->condition && strcmp(s->condition, n->condition) == 0;
        bool filterable = relaxed && !s->condition && n->pk_eqs.n && n->cond_preds.n;
        if (!same && !filterable) return false;
    }
    /* called for every (need, shape) pair: a stack buffer for the usual sizes */
    ddbc_column *local[64];
    size_t cap = full_sort_cap(s), nf;
    ddbc_column **fs = cap <= 64 ? local : ddbc_arena_alloc(p->arena, cap * sizeof *fs);
    full_sort(s, fs, &nf);
    size_t m = 0;
    while (m < nf && need_has_eq(n, fs[m]) && !in_cols(s->pk.v, s->pk.n, fs[m])) m++;
    size_t eqs = n->pk_eqs.n + n->sk_eqs.n, used = s->pk.n + m;
    for (size_t i = 0; i < n->order.n; i++)
        if (m + i >= nf || fs[m + i] != n->order.v[i]) return false;
    if (used < eqs && relaxed && s->pk.n) {
        /* a low-cardinality equality the key lacks filters a partition that a
         * high-cardinality equality already narrows */
        bool only_low = true;
        for (size_t i = 0; i < n->pk_eqs.n && only_low; i++)
            only_low = in_cols(s->pk.v, s->pk.n, n->pk_eqs.v[i].column) ||
                       in_cols(fs, m, n->pk_eqs.v[i].column);
        if (only_low) return true;
    }
    if (used < eqs) {
        /* leftover equalities: only when the key already pins one item */
        const ddbc_key *pk = s->entity->primary_key;
        if (!pk) return false;
        for (size_t i = 0; i < pk->columns.n; i++) {
            ddbc_column *c = pk->columns.v[i];
            bool pinned = in_cols(s->pk.v, s->pk.n, c);
            for (size_t j = 0; j < m && !pinned; j++) pinned = fs[j] == c;
            if (!pinned) return false;
        }
        if (n->order.n) return false;
    }
    return true;
}

static plan_shape *new_shape(planner *p, const plan_need *n)
{
    plan_shape *s = DDBC_NEW(p->arena, plan_shape);
    s->entity = n->entity;
    s->pk_tag = n->pk_tag;
    s->sk_tag = need_sk_tag(p, n);
    for (size_t i = 0; i < n->pk_eqs.n; i++) DDBC_VEC_PUSH(p->arena, s->pk, n->pk_eqs.v[i].column);
    /* Low-cardinality equalities lead the sort key when nothing else orders it
     * (begins_with serves them); beside an ORDER BY or range they filter a
     * partition the high-cardinality equalities already narrow, and the shape
     * stays shareable with the same order without them. */
    if (!n->order.n || !n->pk_eqs.n)
        for (size_t i = 0; i < n->sk_eqs.n; i++) DDBC_VEC_PUSH(p->arena, s->sk, n->sk_eqs.v[i].column);
    for (size_t i = 0; i < n->order.n; i++)
        if (!in_cols(s->sk.v, s->sk.n, n->order.v[i]) && !in_cols(s->pk.v, s->pk.n, n->order.v[i]))
            DDBC_VEC_PUSH(p->arena, s->sk, n->order.v[i]);
    s->condition = n->condition;
    for (size_t i = 0; i < n->cond_cols.n; i++) DDBC_VEC_PUSH(p->arena, s->cond_cols, n->cond_cols.v[i]);
    const ddbc_key *pk = n->entity->primary_key;
    s->identity = pk && s->pk.n == pk->columns.n && !s->sk.n && !s->condition;
    for (size_t i = 0; s->identity && i < pk->columns.n; i++)
        s->identity = in_cols(s->pk.v, s->pk.n, pk->columns.v[i]);
    s->group = -1;
    s->why = n->pattern->name;
    DDBC_VEC_PUSH(p->arena, p->ents[n->entity->ordinal].shapes, s);
    DDBC_VEC_PUSH(p->arena, p->shapes, s);
    return s;
}

/* Rule (PLANNER-NOTES §1): equalities beyond a shape's partition can lead its
 * sort key, so `state = $1` and `state = $1 AND city = $2` share (state ;
 * city).  Extends an unplaced shape whose sort key is a prefix of what the
 * need asks for; returns false when none fits. */
static plan_shape *extend_shape(planner *p, const plan_need *n)
{
    if (n->parent || n->is_parent_side || n->role != NEED_MAIN) return NULL;
    plan_entity *pe = &p->ents[n->entity->ordinal];
    for (size_t i = 0; i < pe->shapes.n; i++) {
        plan_shape *s = pe->shapes.v[i];
        if (s->locked || s->placed.n || s->identity || !s->pk.n || s->pk.n >= n->pk_eqs.n) continue;
        if ((s->condition || n->condition) &&
            !(s->condition && n->condition && !strcmp(s->condition, n->condition)))
            continue;
        bool covers = true;
        for (size_t j = 0; j < s->pk.n && covers; j++) covers = need_has_eq(n, s->pk.v[j]);
        if (!covers) continue;
        DDBC_VEC(ddbc_column *) want = {NULL, 0, 0};
        for (size_t j = 0; j < n->pk_eqs.n; j++)
            if (!in_cols(s->pk.v, s->pk.n, n->pk_eqs.v[j].column))
                DDBC_VEC_PUSH(p->arena, want, n->pk_eqs.v[j].column);
        for (size_t j = 0; j < n->sk_eqs.n; j++) DDBC_VEC_PUSH(p->arena, want, n->sk_eqs.v[j].column);
        for (size_t j = 0; j < n->order.n; j++)
            if (!in_cols(want.v, want.n, n->order.v[j])) DDBC_VEC_PUSH(p->arena, want, n->order.v[j]);
        bool prefix = s->sk.n <= want.n;
        for (size_t j = 0; j < s->sk.n && prefix; j++) prefix = s->sk.v[j] == want.v[j];
        if (!prefix) continue;
        /* extend, unless a need the shape already serves would no longer fit
         * (its equalities may have been met by the appended primary key) */
        ddbc_column **old = s->sk.v;
        size_t old_n = s->sk.n, old_cap = s->sk.cap;
        s->sk.v = NULL;
        s->sk.n = s->sk.cap = 0;
        for (size_t j = 0; j < want.n; j++) DDBC_VEC_PUSH(p->arena, s->sk, want.v[j]);
        bool fits = true;
        for (size_t j = 0; j < s->served.n && fits; j++)
            fits = shape_serves(p, s, s->served.v[j], s->served.v[j]->cond_as_filter);
        if (fits) return s;
        s->sk.v = old;
        s->sk.n = old_n;
        s->sk.cap = old_cap;
    }
    return NULL;
}

static plan_shape *clone_shape(planner *p, const plan_shape *src)
{
    plan_shape *s = DDBC_NEW(p->arena, plan_shape);
    *s = *src;
    memset(&s->placed, 0, sizeof s->placed);
    memset(&s->served, 0, sizeof s->served);
    s->group = -1;
    s->locked = false;
    s->weight = 0;
    DDBC_VEC_PUSH(p->arena, p->ents[src->entity->ordinal].shapes, s);
    DDBC_VEC_PUSH(p->arena, p->shapes, s);
    return s;
}

static plan_shape *find_serving(planner *p, const plan_need *n, bool placed_only, bool *relaxed)
{
    plan_entity *pe = &p->ents[n->entity->ordinal];
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < pe->shapes.n; i++) {
            plan_shape *s = pe->shapes.v[i];
            if (placed_only && !s->placed.n) continue;
            if (shape_serves(p, s, n, pass == 1)) {
                *relaxed = pass == 1;
                return s;
            }
        }
    return NULL;
}

/* Needs with the fewest partition columns and the longest sort first, so that
 * the shapes they make are the ones later needs fit into. */
static int need_order(const void *a, const void *b)
{
    const plan_need *x = *(plan_need *const *)a, *y = *(plan_need *const *)b;
    if (x->pk_eqs.n != y->pk_eqs.n) return x->pk_eqs.n < y->pk_eqs.n ? -1 : 1;
    /* low-cardinality equalities may ride as filters on a shape made by others */
    if ((x->sk_eqs.n > 0) != (y->sk_eqs.n > 0)) return x->sk_eqs.n > 0 ? 1 : -1;
    size_t lx = x->sk_eqs.n + x->order.n, ly = y->sk_eqs.n + y->order.n;
    if (lx != ly) return lx > ly ? -1 : 1;
    return x < y ? -1 : x > y;   /* needs are allocated in declaration order */
}

/* ---- groups (collections that must share an index) ------------------------------------ */

typedef DDBC_VEC(plan_shape *) shape_list;

/* Collection groups: the shapes that must share an index, by group id.
 * Merged groups leave their old id empty. */
typedef struct group_set {
    shape_list *members;
    int n;
} group_set;

static bool list_has_entity(const shape_list *l, const ddbc_entity *e)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i]->entity == e) return true;
    return false;
}

static void join_group(planner *p, group_set *gs, int g, plan_shape *s)
{
    s->group = g;
    DDBC_VEC_PUSH(p->arena, gs->members[g], s);
}

/* Rule (PLANNER-NOTES §3, §4): a collection ties a child's shape to its
 * parent's identity shape on one index.  Each child shape leads one group; a
 * parent joins the group of every collection it heads (so it may be placed on
 * several indexes).  A self-referencing collection needs a second shape of the
 * parent (a clone), since an entity holds one shape per index. */
static void make_groups(planner *p, group_set *gs)
{
    gs->members = ddbc_arena_alloc(p->arena, (p->needs.n + 1) * sizeof *gs->members);
    gs->n = 0;
    for (size_t i = 0; i < p->needs.n; i++) {
        plan_need *c = p->needs.v[i];
        if (!c->partner || !c->partner->is_parent_side || c->pattern->status != DDBC_PATTERN_SERVED)
            continue;
        plan_need *par = c->partner;
        if (!c->shape || !par->shape) continue;
        if (c->shape->group < 0) join_group(p, gs, gs->n++, c->shape);
        shape_list *g = &gs->members[c->shape->group];
        bool present = false;
        for (size_t m = 0; m < g->n && !present; m++) present = g->v[m] == par->shape;
        if (present) continue;
        if (list_has_entity(g, par->entity)) par->shape = clone_shape(p, par->shape);
        DDBC_VEC_PUSH(p->arena, *g, par->shape);
        if (par->shape->group < 0) par->shape->group = c->shape->group;
    }
}

/* ---- assignment ------------------------------------------------------------------------ */

static bool slot_free(planner *p, const ddbc_entity *e, int k, const plan_shape *s)
{
    plan_entity *pe = &p->ents[e->ordinal];
    return (size_t)k >= pe->slots.n || !pe->slots.v[k] || pe->slots.v[k] == s;
}

static void place(planner *p, plan_shape *s, int k)
{
    plan_entity *pe = &p->ents[s->entity->ordinal];
    while (pe->slots.n <= (size_t)k) DDBC_VEC_PUSH(p->arena, pe->slots, (plan_shape *)NULL);
    pe->slots.v[k] = s;
    for (size_t i = 0; i < s->placed.n; i++)
        if (s->placed.v[i] == k) return;
    DDBC_VEC_PUSH(p->arena, s->placed, k);
}

static bool placed_on(const plan_shape *s, int k)
{
    for (size_t i = 0; i < s->placed.n; i++)
        if (s->placed.v[i] == k) return true;
    return false;
}

static void clear_placements(planner *p)
{
    for (size_t i = 0; i < p->shapes.n; i++)
        if (!p->shapes.v[i]->locked) p->shapes.v[i]->placed.n = 0;
    for (size_t e = 0; e < p->ir->catalog.entities.n; e++) {
        plan_entity *pe = &p->ents[e];
        for (size_t k = 0; k < pe->slots.n; k++)
            if (pe->slots.v[k] && !pe->slots.v[k]->locked) pe->slots.v[k] = NULL;
    }
}

static bool same_set(ddbc_column *const *a, size_t na, ddbc_column *const *b, size_t nb)
{
    if (na != nb) return false;
    for (size_t i = 0; i < na; i++)
        if (!in_cols(b, nb, a[i])) return false;
    return true;
}

/* Rule (PLANNER-NOTES §2): the base key is identity, built from values every
 * write knows and that do not change: the partition is the primary key or a
 * foreign key to the parent; no column of it may be NULL or copied. */
static bool can_be_base(const plan_shape *s)
{
    if (s->condition || !s->pk.n) return false;
    const ddbc_entity *e = s->entity;
    bool identity_like = e->primary_key &&
                         same_set(s->pk.v, s->pk.n, e->primary_key->columns.v, e->primary_key->columns.n);
    for (size_t i = 0; i < e->foreign_keys.n && !identity_like; i++)
        identity_like = same_set(s->pk.v, s->pk.n, e->foreign_keys.v[i]->columns.v,
                                 e->foreign_keys.v[i]->columns.n);
    if (!identity_like) return false;
    for (size_t i = 0; i < s->pk.n; i++)
        if (s->pk.v[i]->nullable || s->pk.v[i]->entity != s->entity) return false;
    for (size_t i = 0; i < s->sk.n; i++)
        if (s->sk.v[i]->nullable || s->sk.v[i]->entity != s->entity) return false;
    return s->entity->primary_key != NULL;
}

static plan_shape *identity_shape(planner *p, ddbc_entity *e)
{
    plan_entity *pe = &p->ents[e->ordinal];
    for (size_t i = 0; i < pe->shapes.n; i++)
        if (pe->shapes.v[i]->identity && !strcmp(pe->shapes.v[i]->sk_tag, pe->identity_sk))
            return pe->shapes.v[i];
    return NULL;
}

static int largest_index(planner *p)
{
    int max = 0;
    for (size_t i = 0; i < p->shapes.n; i++)
        for (size_t j = 0; j < p->shapes.v[i]->placed.n; j++)
            if (p->shapes.v[i]->placed.v[j] > max) max = p->shapes.v[i]->placed.v[j];
    return max;
}

static int by_shape_count(const void *a, const void *b)
{
    const plan_entity *x = *(plan_entity *const *)a, *y = *(plan_entity *const *)b;
    if (x->shapes.n != y->shapes.n) return x->shapes.n > y->shapes.n ? -1 : 1;
    return x->plan->entity->ordinal - y->plan->entity->ordinal;
}

/* One greedy assignment (PLANNER-NOTES §4).  collections_first: a collection
 * whose members can all take the table gets it (the base key serves the most
 * important collection, §2); otherwise each entity's identity shape is its
 * base.  Groups then take the lowest GSI free for all their members, and the
 * remaining shapes the lowest GSI free for their entity, entities with the
 * most shapes first.  Returns the number of GSIs. */
static int assign(planner *p, const group_set *gs, bool collections_first)
{
    clear_placements(p);
    size_t ne = p->ir->catalog.entities.n;
    int ngroups = gs->n;
    if (collections_first) {
        for (int g = 0; g < ngroups; g++) {
            int m = (int)gs->members[g].n;
            plan_shape **members = gs->members[g].v;
            if (!m) continue;
            bool ok = true;
            for (int i = 0; i < m && ok; i++)
                ok = can_be_base(members[i]) && slot_free(p, members[i]->entity, 0, members[i]);
            if (!ok) continue;
            for (int i = 0; i < m; i++) place(p, members[i], 0);
        }
    }
    for (size_t e = 0; e < ne; e++) {
        plan_entity *pe = &p->ents[e];
        if (!slot_free(p, pe->plan->entity, 0, NULL)) continue;
        plan_shape *best = identity_shape(p, pe->plan->entity);
        if (collections_first || !best) {
            for (size_t i = 0; i < pe->shapes.n; i++) {
                plan_shape *s = pe->shapes.v[i];
                if (!can_be_base(s)) continue;
                if (!best || s->weight > best->weight) best = s;
            }
        }
        if (best && !can_be_base(best)) best = NULL;
        if (!best) {
            if (!pe->plan->entity->primary_key) continue;   /* E0412 reported */
            plan_need fake = {.entity = pe->plan->entity, .pattern = &(ddbc_pattern){.name = NULL}};
            for (size_t i = 0; i < pe->plan->entity->primary_key->columns.n; i++) {
                plan_eq eq = {pe->plan->entity->primary_key->columns.v[i], {0}, NULL};
                DDBC_VEC_PUSH(p->arena, fake.pk_eqs, eq);
            }
            fake.pk_tag = pe->plan->tag;
            best = new_shape(p, &fake);
        }
        place(p, best, 0);
    }
    for (int g = 0; g < ngroups; g++) {
        int m = (int)gs->members[g].n;
        plan_shape **members = gs->members[g].v;
        if (!m) continue;
        if (placed_on(members[0], 0)) {
            bool all = true;
            for (int i = 0; i < m; i++) all &= placed_on(members[i], 0);
            if (all) continue;
        }
        for (int k = 1;; k++) {
            bool ok = true;
            for (int i = 0; i < m && ok; i++) ok = slot_free(p, members[i]->entity, k, members[i]);
            if (!ok) continue;
            for (int i = 0; i < m; i++) place(p, members[i], k);
            break;
        }
    }
    plan_entity **order = ddbc_arena_alloc(p->arena, (ne + 1) * sizeof *order);
    for (size_t e = 0; e < ne; e++) order[e] = &p->ents[e];
    if (ne > 1) qsort(order, ne, sizeof *order, by_shape_count);
    for (size_t e = 0; e < ne; e++) {
        plan_entity *pe = order[e];
        for (size_t i = 0; i < pe->shapes.n; i++) {
            plan_shape *s = pe->shapes.v[i];
            if (s->placed.n || !s->weight) continue;
            int k = 1;
            while (!slot_free(p, s->entity, k, s)) k++;
            place(p, s, k);
        }
    }
    return largest_index(p);
}

/* ---- the lock --------------------------------------------------------------------------- */

static int lock_index_number(const ddbc_lock *lock, const char *name)
{
    if (!strcmp(name, "table")) return 0;
    for (size_t i = 0; i < lock->indexes.n; i++)
        if (!strcmp(lock->indexes.v[i].name, name)) return (int)i + 1;
    return -1;
}

static bool is_word_byte(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* The columns a locked condition reads: its identifiers (outside quotes)
 * that name a column, in the order they appear. */
static void condition_columns(planner *p, const ddbc_entity *e, const char *cond, plan_shape *s)
{
    for (const char *c = cond; c && *c;) {
        if (*c == '\'') {
            for (c++; *c && !(*c == '\'' && c[1] != '\''); c += *c == '\'' ? 2 : 1) {}
            if (*c) c++;
            continue;
        }
        if (!is_word_byte(*c)) {
            c++;
            continue;
        }
        const char *start = c;
        while (is_word_byte(*c)) c++;
        char *word = ddbc_arena_strndup(p->arena, start, (size_t)(c - start));
        ddbc_column *col = ddbc_entity_column(e, word);
        if (col && !in_cols(s->cond_cols.v, s->cond_cols.n, col)) DDBC_VEC_PUSH(p->arena, s->cond_cols, col);
    }
}

/* A locked key as a shape: its partition columns, its sort columns (the
 * appended identity included), and its condition. */
static plan_shape *shape_from_lock(planner *p, ddbc_entity *e, const ddbc_lock_key *lk)
{
    ddbc_entity_plan *ep = p->ents[e->ordinal].plan;
    ddbc_key_template pk = {0}, sk = {0};
    if (!ddbc_key_template_parse(lk->pk, ep, &pk, p->arena) ||
        !ddbc_key_template_parse(lk->sk, ep, &sk, p->arena))
        return NULL;
    if (!pk.parts.n || pk.parts.v[0].kind != DDBC_PART_LITERAL || !sk.parts.n ||
        sk.parts.v[0].kind != DDBC_PART_LITERAL)
        return NULL;
    plan_shape *s = DDBC_NEW(p->arena, plan_shape);
    s->entity = e;
    s->pk_tag = pk.parts.v[0].literal;
    s->sk_tag = sk.parts.v[0].literal;
    for (size_t i = 1; i < pk.parts.n; i++)
        if (pk.parts.v[i].kind == DDBC_PART_COLUMN) DDBC_VEC_PUSH(p->arena, s->pk, pk.parts.v[i].column);
    for (size_t i = 1; i < sk.parts.n; i++)
        if (sk.parts.v[i].kind == DDBC_PART_COLUMN) DDBC_VEC_PUSH(p->arena, s->sk, sk.parts.v[i].column);
    s->condition = lk->condition;
    condition_columns(p, e, lk->condition, s);
    const ddbc_key *key = e->primary_key;
    s->identity = key && s->pk.n == key->columns.n && !s->sk.n && !s->condition;
    s->group = -1;
    s->locked = true;
    s->why = NULL;   /* named after the first pattern it serves */
    return s;
}

static bool same_columns_in_order(const plan_shape *a, const plan_shape *b)
{
    if (a->pk.n != b->pk.n || a->sk.n != b->sk.n) return false;
    for (size_t i = 0; i < a->pk.n; i++)
        if (a->pk.v[i] != b->pk.v[i]) return false;
    for (size_t i = 0; i < a->sk.n; i++)
        if (a->sk.v[i] != b->sk.v[i]) return false;
    return true;
}

static bool same_shape(const plan_shape *a, const plan_shape *b)
{
    return !strcmp(a->pk_tag, b->pk_tag) && !strcmp(a->sk_tag, b->sk_tag) &&
           (a->condition == NULL) == (b->condition == NULL) &&
           (!a->condition || !strcmp(a->condition, b->condition)) && same_columns_in_order(a, b);
}

/* Rule (DESIGN "Stable across versions"): every locked template and index is
 * kept.  A locked key that no longer fits the schema (a column it names is
 * gone) is a rewrite: refused unless --allow-rewrite, when the entity is
 * planned afresh. */
static void apply_lock(planner *p)
{
    const ddbc_lock *lock = p->opts->lock;
    p->d->planned_against_lock = true;
    p->d->lock_path = lock->path;
    for (size_t i = 0; i < lock->entities.n; i++) {
        const ddbc_lock_entity *le = &lock->entities.v[i];
        ddbc_entity *e = ddbc_catalog_find(&p->ir->catalog, le->name);
        if (!e) continue;
        plan_entity *pe = &p->ents[e->ordinal];
        pe->locked = le;
        pe->plan->tag = le->tag;
        pe->identity_sk = ddbc_arena_printf(p->arena, "#%s", le->tag);
        DDBC_VEC(plan_shape *) got = {NULL, 0, 0};
        DDBC_VEC(int) where = {NULL, 0, 0};
        const char *broken = NULL;
        for (size_t k = 0; k < le->keys.n && !broken; k++) {
            const ddbc_lock_key *lk = &le->keys.v[k];
            int at = lock_index_number(lock, lk->index);
            plan_shape *s = at < 0 ? NULL : shape_from_lock(p, e, lk);
            if (!s) {
                broken = ddbc_arena_printf(p->arena, "its key on %s (%s / %s) names a column that "
                                           "no longer exists",
                                           lk->index, lk->pk, lk->sk);
                break;
            }
            if (s->sk_tag[0] == '#' || s->sk_tag[0] == '~')
                if (s->identity) pe->identity_sk = s->sk_tag;
            DDBC_VEC_PUSH(p->arena, got, s);
            DDBC_VEC_PUSH(p->arena, where, at);
        }
        if (broken) {
            pe->plan->change = DDBC_CHANGE_REWRITE;
            pe->plan->change_reason = broken;
            if (!p->opts->allow_rewrite) {
                ddbc_diag *g = ddbc_diag_report(p->diags, DDBC_E0410, e->span,
                                                "'%s' no longer fits the locked design: %s",
                                                e->name, broken);
                ddbc_diag_set_hint(p->diags, g,
                                   "keep the column, or rerun with --allow-rewrite and migrate "
                                   "every %s item to the new keys",
                                   e->name);
            }
            pe->locked = NULL;
            continue;
        }
        for (size_t k = 0; k < got.n; k++) {
            /* one shape placed on several indexes (a parent heading a
             * collection on a GSI) was locked once per index: one shape again */
            plan_shape *same = NULL;
            for (size_t j = 0; j < pe->shapes.n && !same; j++)
                if (same_shape(pe->shapes.v[j], got.v[k])) same = pe->shapes.v[j];
            if (!same) {
                DDBC_VEC_PUSH(p->arena, pe->shapes, got.v[k]);
                DDBC_VEC_PUSH(p->arena, p->shapes, got.v[k]);
                same = got.v[k];
            }
            place(p, same, where.v[k]);
        }
    }
}

/* ---- materializing the design ----------------------------------------------------------- */

static ddbc_index *new_index(planner *p, int number, const char *name, const char *pk, const char *sk)
{
    ddbc_index *ix = DDBC_NEW(p->arena, ddbc_index);
    ix->number = number;
    ix->name = name;
    ix->pk_attr = pk;
    ix->sk_attr = sk;
    DDBC_VEC_PUSH(p->arena, p->d->indexes, ix);
    return ix;
}

static void make_indexes(planner *p, int ngsis)
{
    const ddbc_lock *lock = p->opts->lock;
    new_index(p, 0, NULL, p->d->pk_attr, p->d->sk_attr);
    for (int k = 1; k <= ngsis; k++) {
        if (lock && (size_t)k <= lock->indexes.n) {
            const ddbc_lock_index *li = &lock->indexes.v[k - 1];
            ddbc_index *ix = new_index(p, k, li->name, li->pk_attr, li->sk_attr);
            ix->inverted = li->inverted;
            ix->locked = true;
            continue;
        }
        new_index(p, k, ddbc_arena_printf(p->arena, "GSI%d", k),
                  ddbc_arena_printf(p->arena, "GSI%dPK", k), ddbc_arena_printf(p->arena, "GSI%dSK", k));
    }
}

static void push_column_part(planner *p, ddbc_key_template *t, ddbc_entity *owner, ddbc_column *c)
{
    ddbc_key_part part = {.kind = DDBC_PART_COLUMN, .column = c};
    if (c->entity != owner) {
        ddbc_entity_plan *ep = p->ents[owner->ordinal].plan;
        for (size_t i = 0; i < ep->copies.n; i++)
            if (ep->copies.v[i].column == c) part.attr = ep->copies.v[i].attr;
    }
    DDBC_VEC_PUSH(p->arena, t->parts, part);
}

static ddbc_entity_key key_of(planner *p, const plan_shape *s, int index)
{
    ddbc_entity_key k = {.index = index, .condition = s->condition, .locked = s->locked};
    k.condition_columns.v = s->cond_cols.v;
    k.condition_columns.n = s->cond_cols.n;
    k.condition_columns.cap = s->cond_cols.cap;
    ddbc_key_part tag = {.kind = DDBC_PART_LITERAL, .literal = s->pk_tag};
    DDBC_VEC_PUSH(p->arena, k.pk.parts, tag);
    for (size_t i = 0; i < s->pk.n; i++) push_column_part(p, &k.pk, s->entity, s->pk.v[i]);
    ddbc_key_part stag = {.kind = DDBC_PART_LITERAL, .literal = s->sk_tag};
    DDBC_VEC_PUSH(p->arena, k.sk.parts, stag);
    if (s->locked) {
        for (size_t i = 0; i < s->sk.n; i++) push_column_part(p, &k.sk, s->entity, s->sk.v[i]);
    } else {
        size_t cap = full_sort_cap(s), nf;
        ddbc_column **fs = ddbc_arena_alloc(p->arena, cap * sizeof *fs);
        full_sort(s, fs, &nf);
        for (size_t i = 0; i < nf; i++) push_column_part(p, &k.sk, s->entity, fs[i]);
    }
    return k;
}

static int by_index(const void *a, const void *b)
{
    const ddbc_entity_key *x = a, *y = b;
    return x->index - y->index;
}

static const char *shape_rationale(planner *p, const plan_shape *s, int index)
{
    if (index == 0) {
        if (s->group >= 0 && s->sk_tag[0] != '#' && s->sk_tag[0] != '~')
            return ddbc_arena_printf(p->arena,
                                     "base key in the %s item collection: '%s' lists or pre-joins "
                                     "it under its parent, and every write knows the parent's key",
                                     s->pk_tag, s->why ? s->why : "a pattern");
        if (s->identity)
            return "base key is the primary key, so every write finds the item directly";
        return ddbc_arena_printf(p->arena, "base key shaped for '%s', the pattern it serves most",
                                 s->why ? s->why : "a pattern");
    }
    if (s->group >= 0)
        return ddbc_arena_printf(p->arena, "on GSI%d with the rest of the %s collection, which "
                                 "'%s' reads in one Query",
                                 index, s->pk_tag, s->why ? s->why : "a pattern");
    if (s->condition)
        return ddbc_arena_printf(p->arena, "sparse on GSI%d: only items where %s carry its keys "
                                 "(for '%s')",
                                 index, s->condition, s->why ? s->why : "a pattern");
    return ddbc_arena_printf(p->arena, "GSI%d is the lowest index with a free slot for %s (for '%s')",
                             index, s->entity->name, s->why ? s->why : "a pattern");
}

static void materialize_keys(planner *p)
{
    for (size_t e = 0; e < p->ir->catalog.entities.n; e++) {
        plan_entity *pe = &p->ents[e];
        pe->plan->keys.n = 0;
        for (size_t i = 0; i < pe->shapes.n; i++) {
            plan_shape *s = pe->shapes.v[i];
            for (size_t j = 0; j < s->placed.n; j++) {
                ddbc_entity_key k = key_of(p, s, s->placed.v[j]);
                k.rationale = shape_rationale(p, s, s->placed.v[j]);
                DDBC_VEC_PUSH(p->arena, pe->plan->keys, k);
            }
        }
        if (pe->plan->keys.n > 1)
            qsort(pe->plan->keys.v, pe->plan->keys.n, sizeof *pe->plan->keys.v, by_index);
        if (pe->plan->keys.n) pe->plan->rationale = pe->plan->keys.v[0].rationale;
    }
}

/* ---- projections -------------------------------------------------------------------------- */

static int by_string(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Rule: a GSI projects what the patterns it serves select: nothing beyond the
 * keys when they read keys only, the named attributes when they list them,
 * every attribute as soon as one selects *.  Past 100 named attributes (the
 * table-wide INCLUDE limit) it projects everything. */
static void projections(planner *p)
{
    size_t total = 0;
    for (size_t k = 1; k < p->d->indexes.n; k++) {
        ddbc_index *ix = p->d->indexes.v[k];
        bool all = false, any = false;
        ddbc_symtab *seen = ddbc_symtab_create(p->arena);
        DDBC_VEC(const char *) names = {NULL, 0, 0};
        for (size_t i = 0; i < p->needs.n; i++) {
            plan_need *n = p->needs.v[i];
            if (n->index != (int)k || n->pattern->status != DDBC_PATTERN_SERVED) continue;
            any = true;
            if (n->targets_all) all = true;
            for (size_t a = 0; a < n->attrs.n; a++)
                if (!ddbc_symtab_get(seen, n->attrs.v[a])) {
                    ddbc_symtab_put(seen, n->attrs.v[a], (void *)n);
                    DDBC_VEC_PUSH(p->arena, names, n->attrs.v[a]);
                }
        }
        /* a locked index keeps its projection while it covers what is read:
         * changing a projection recreates the GSI */
        const ddbc_lock_index *li = ix->locked ? &p->opts->lock->indexes.v[k - 1] : NULL;
        if (li && !all) {
            bool covered = !strcmp(li->projection, "ALL");
            if (!covered) {
                covered = true;
                for (size_t a = 0; a < names.n && covered; a++) {
                    bool found = false;
                    for (size_t b = 0; b < li->include.n && !found; b++)
                        found = !strcmp(li->include.v[b], names.v[a]);
                    covered = found;
                }
            }
            if (covered) {
                ix->projection = !strcmp(li->projection, "ALL")         ? DDBC_PROJECTION_ALL
                                 : !strcmp(li->projection, "KEYS_ONLY") ? DDBC_PROJECTION_KEYS_ONLY
                                                                        : DDBC_PROJECTION_INCLUDE;
                for (size_t b = 0; b < li->include.n; b++) DDBC_VEC_PUSH(p->arena, ix->include, li->include.v[b]);
                total += li->include.n;
                continue;
            }
            /* widened: the union of what was projected and what is read */
            for (size_t b = 0; b < li->include.n; b++)
                if (!ddbc_symtab_get(seen, li->include.v[b])) {
                    ddbc_symtab_put(seen, li->include.v[b], ix);
                    DDBC_VEC_PUSH(p->arena, names, li->include.v[b]);
                }
        }
        /* unused indexes keep everything: narrowing them would break readers */
        if (all || !any) {
            ix->projection = DDBC_PROJECTION_ALL;
            continue;
        }
        if (!names.n) {
            ix->projection = DDBC_PROJECTION_KEYS_ONLY;
            continue;
        }
        qsort(names.v, names.n, sizeof *names.v, by_string);
        if (total + names.n > 100) {
            ix->projection = DDBC_PROJECTION_ALL;
            continue;
        }
        total += names.n;
        ix->projection = DDBC_PROJECTION_INCLUDE;
        for (size_t i = 0; i < names.n; i++) DDBC_VEC_PUSH(p->arena, ix->include, names.v[i]);
    }
}

/* ---- the derived-key map ------------------------------------------------------------------ */

static void add_derived(planner *p, ddbc_entity_plan *ep, ddbc_column *c, const char *attr)
{
    ddbc_derived_key *dk = NULL;
    for (size_t i = 0; i < ep->derived.n && !dk; i++)
        if (ep->derived.v[i].column == c) dk = &ep->derived.v[i];
    if (!dk) {
        ddbc_derived_key fresh = {.column = c};
        DDBC_VEC_PUSH(p->arena, ep->derived, fresh);
        dk = &ep->derived.v[ep->derived.n - 1];
    }
    for (size_t i = 0; i < dk->attrs.n; i++)
        if (!strcmp(dk->attrs.v[i], attr)) return;
    DDBC_VEC_PUSH(p->arena, dk->attrs, attr);
}

static int derived_order(const void *a, const void *b)
{
    const ddbc_derived_key *x = a, *y = b;
    if (x->column->entity != y->column->entity)
        return x->column->entity->ordinal - y->column->entity->ordinal;
    return x->column->ordinal - y->column->ordinal;
}

static void derived_map(planner *p)
{
    for (size_t e = 0; e < p->d->entities.n; e++) {
        ddbc_entity_plan *ep = p->d->entities.v[e];
        for (size_t i = 0; i < ep->keys.n; i++) {
            const ddbc_entity_key *k = &ep->keys.v[i];
            const ddbc_index *ix = p->d->indexes.v[k->index];
            /* attributes in index order, the partition key before the sort key */
            for (size_t j = 0; j < k->pk.parts.n; j++)
                if (k->pk.parts.v[j].kind == DDBC_PART_COLUMN)
                    add_derived(p, ep, k->pk.parts.v[j].column, ix->pk_attr);
            for (size_t j = 0; j < k->condition_columns.n; j++)
                add_derived(p, ep, k->condition_columns.v[j], ix->pk_attr);
            for (size_t j = 0; j < k->sk.parts.n; j++)
                if (k->sk.parts.v[j].kind == DDBC_PART_COLUMN)
                    add_derived(p, ep, k->sk.parts.v[j].column, ix->sk_attr);
            for (size_t j = 0; j < k->condition_columns.n; j++)
                add_derived(p, ep, k->condition_columns.v[j], ix->sk_attr);
        }
        if (ep->derived.n > 1) qsort(ep->derived.v, ep->derived.n, sizeof *ep->derived.v, derived_order);
    }
}

/* ---- limits ------------------------------------------------------------------------------ */

static void check_limits(planner *p)
{
    const ddbc_config *cfg = p->opts->config;
    int gsis = ddbc_design_gsi_count(p->d);
    if (gsis > cfg->gsi_limit) {
        ddbc_diag *g = ddbc_diag_report(p->diags, DDBC_E0408, DDBC_NO_SPAN,
                                        "the design needs %d GSIs, more than the limit of %d",
                                        gsis, cfg->gsi_limit);
        ddbc_diag_set_hint(p->diags, g,
                           "serve fewer distinct access shapes (share sort keys between "
                           "patterns), or raise gsi.limit in ddbc.yaml after raising the "
                           "account quota");
    } else if (gsis >= cfg->gsi_warn) {
        ddbc_diag *g = ddbc_diag_report(p->diags, DDBC_W0101, DDBC_NO_SPAN,
                                        "the design needs %d GSIs (warning threshold %d); every GSI "
                                        "adds write cost",
                                        gsis, cfg->gsi_warn);
        ddbc_diag_set_hint(p->diags, g, "see which patterns need their own shape in design.json");
    }
    for (size_t e = 0; e < p->d->entities.n; e++) {
        ddbc_entity_plan *ep = p->d->entities.v[e];
        if (ep->max_item_bytes > 400 * 1024) {
            ddbc_diag *g = ddbc_diag_report(p->diags, DDBC_E0409, ep->entity->span,
                                            "an item of '%s' can reach about %d KB, over "
                                            "DynamoDB's 400 KB item limit",
                                            ep->entity->name, ep->max_item_bytes / 1024);
            ddbc_diag_set_hint(p->diags, g,
                               "store large values in S3 and keep their key, or split the "
                               "entity into items of their own");
        } else if (ep->max_item_bytes > 100 * 1024) {
            ddbc_diag *g = ddbc_diag_report(p->diags, DDBC_W0103, ep->entity->span,
                                            "an item of '%s' can reach about %d KB; reads and "
                                            "writes are billed per 4 KB and 1 KB",
                                            ep->entity->name, ep->max_item_bytes / 1024);
            ddbc_diag_set_hint(p->diags, g, "keep large columns in items or objects of their own");
        }
        if (!ep->entity->primary_key) {
            ddbc_diag *g = ddbc_diag_report(p->diags, DDBC_E0412, ep->entity->span,
                                            "table '%s' has no primary key, so its items cannot "
                                            "be told apart",
                                            ep->entity->name);
            ddbc_diag_set_hint(p->diags, g, "declare a PRIMARY KEY (or a UNIQUE NOT NULL column set)");
        }
    }
    /* hot partitions: a served pattern whose partition is a constant or only
     * low-cardinality values */
    for (size_t i = 0; i < p->needs.n; i++) {
        plan_need *n = p->needs.v[i];
        if (n->pattern->status != DDBC_PATTERN_SERVED || n->soft || n->counter || n->role != NEED_MAIN)
            continue;
        bool hot = true;
        for (size_t j = 0; j < n->pk_eqs.n && hot; j++)
            hot = n->pk_eqs.v[j].column->type.cls == DDBC_T_BOOL ||
                  n->pk_eqs.v[j].column->type.cls == DDBC_T_ENUM ||
                  n->pk_eqs.v[j].value.kind == DDBC_OPERAND_LITERAL;
        if (!n->shape || !hot) continue;
        ddbc_diag *g = ddbc_diag_report(p->diags, DDBC_W0102, n->q->name_span,
                                        "pattern '%s' reads a partition keyed only by %s; one "
                                        "partition serves at most 3,000 reads and 1,000 writes a "
                                        "second",
                                        n->pattern->name,
                                        n->pk_eqs.n ? "low-cardinality values" : "a constant");
        ddbc_diag_set_hint(p->diags, g,
                           "add a high-cardinality equality (a tenant or owner id), or shard "
                           "the partition (suffix #0..#N-1 on write, read all N in parallel)");
        g->pattern = n->pattern->name;
    }
}

/* ---- change classification ---------------------------------------------------------------- */

static void classify_changes(planner *p)
{
    if (!p->opts->lock) return;
    for (size_t e = 0; e < p->d->entities.n; e++) {
        ddbc_entity_plan *ep = p->d->entities.v[e];
        plan_entity *pe = &p->ents[e];
        if (ep->change == DDBC_CHANGE_REWRITE) continue;
        if (!pe->locked) {
            ep->change = DDBC_CHANGE_ADDITIVE;
            ep->change_reason = "new entity: no existing items";
            continue;
        }
        DDBC_VEC(const char *) added = {NULL, 0, 0};
        for (size_t k = 0; k < ep->keys.n; k++)
            if (!ep->keys.v[k].locked)
                DDBC_VEC_PUSH(p->arena, added, k ? p->d->indexes.v[ep->keys.v[k].index]->name : "the table");
        if (added.n) {
            ddbc_strbuf sb = DDBC_STRBUF_INIT;
            for (size_t i = 0; i < added.n; i++) ddbc_strbuf_printf(&sb, "%s%s", i ? ", " : "", added.v[i]);
            ep->change = DDBC_CHANGE_BACKFILL;
            ep->change_reason = ddbc_arena_printf(p->arena, "existing items need keys on %s",
                                                  ddbc_strbuf_cstr(&sb));
            ddbc_strbuf_free(&sb);
            continue;
        }
        /* New columns: with a DEFAULT (or nullable) old items read the default
         * (or NULL); NOT NULL without a DEFAULT leaves old items without a
         * value, so they must be filled in. */
        for (size_t c = 0; c < ep->entity->columns.n; c++) {
            const ddbc_column *col = ep->entity->columns.v[c];
            bool known = false;
            for (size_t i = 0; i < pe->locked->columns.n && !known; i++)
                known = !strcmp(pe->locked->columns.v[i], col->name);
            if (known) continue;
            bool has_default = col->def.kind != DDBC_DEFAULT_NONE || col->auto_increment ||
                               col->generated;
            if (!has_default && !col->nullable) {
                ep->change = DDBC_CHANGE_BACKFILL;
                ep->change_reason = ddbc_arena_printf(p->arena,
                                                      "new attribute %s is NOT NULL with no "
                                                      "DEFAULT: existing items need a value",
                                                      col->name);
                break;
            }
            if (ep->change == DDBC_CHANGE_NONE) {
                ep->change = DDBC_CHANGE_ADDITIVE;
                ep->change_reason = ddbc_arena_printf(p->arena,
                                                      "new attribute %s: old items read it as %s",
                                                      col->name, has_default ? "its default" : "NULL");
            }
        }
    }
}

/* ---- the driver ---------------------------------------------------------------------------- */

static bool locates_by_equality(const ddbc_query *q)
{
    if (q->stmt != DDBC_STMT_UPDATE && q->stmt != DDBC_STMT_DELETE) return false;
    for (size_t i = 0; i < q->predicates.n; i++)
        if (q->predicates.v[i].op == DDBC_PRED_EQ && !q->predicates.v[i].negated &&
            q->predicates.v[i].operands.n == 1 &&
            q->predicates.v[i].operands.v[0].kind == DDBC_OPERAND_PARAM)
            return true;
    return false;
}

/* Whether an inferred pattern lists children by a foreign key that cascades
 * deletes from a parent the application deletes (deleted[ordinal]: a declared
 * DELETE): that delete must find them. */
static bool lists_cascade(const bool *deleted, const ddbc_query *q)
{
    const ddbc_entity *e = q->root;
    for (size_t f = 0; f < e->foreign_keys.n; f++) {
        const ddbc_foreign_key *fk = e->foreign_keys.v[f];
        if (fk->on_delete != DDBC_REF_CASCADE || fk->columns.n != q->predicates.n ||
            !fk->to || !deleted[fk->to->ordinal])
            continue;
        bool same = true;
        for (size_t i = 0; i < q->predicates.n && same; i++) {
            bool found = false;
            for (size_t j = 0; j < fk->columns.n && !found; j++)
                found = q->predicates.v[i].column.column == fk->columns.v[j] &&
                        q->predicates.v[i].op == DDBC_PRED_EQ;
            same = found;
        }
        if (same) return true;
    }
    return false;
}

static ddbc_pattern *new_pattern(planner *p, const ddbc_query *q)
{
    ddbc_pattern *pat = DDBC_NEW(p->arena, ddbc_pattern);
    pat->query = q;
    pat->name = q->name;
    pat->is_read = q->stmt == DDBC_STMT_SELECT;
    pat->status = DDBC_PATTERN_SERVED;
    return pat;
}

static void choose_shapes(planner *p, bool soft)
{
    size_t nn = p->needs.n;
    plan_need **sorted = ddbc_arena_alloc(p->arena, (nn + 1) * sizeof *sorted);
    size_t m = 0;
    for (size_t i = 0; i < nn; i++) {
        plan_need *n = p->needs.v[i];
        if (n->soft == soft && !n->counter && n->pattern->status == DDBC_PATTERN_SERVED && !n->shape)
            sorted[m++] = n;
    }
    if (m > 1) qsort(sorted, m, sizeof *sorted, need_order);
    for (size_t i = 0; i < m; i++) {
        plan_need *n = sorted[i];
        bool relaxed = false;
        plan_shape *s = find_serving(p, n, soft, &relaxed);
        if (s) {
            /* the rationale names the first pattern a shape serves, locked or not */
            if (s->locked && !s->weight) s->why = n->pattern->name;
            s->weight++;
        } else if (soft) {
            n->pattern->status = DDBC_PATTERN_REJECTED;
            continue;
        } else if ((s = extend_shape(p, n)) != NULL) {
            s->weight++;
        } else {
            s = new_shape(p, n);
            s->weight = 1;
        }
        n->cond_as_filter = relaxed;
        n->shape = s;
        DDBC_VEC_PUSH(p->arena, s->served, n);
    }
}

/* Where each need is served: a collection's group index for its halves, the
 * table when the shape is there, else its lowest GSI. */
static void settle_needs(planner *p)
{
    for (size_t i = 0; i < p->needs.n; i++) {
        plan_need *n = p->needs.v[i];
        if (n->counter || !n->shape || n->pattern->status != DDBC_PATTERN_SERVED) continue;
        plan_shape *s = n->shape;
        n->index = -1;
        if (n->partner && (n->is_parent_side || n->partner->is_parent_side)) {
            plan_shape *o = n->partner->shape;
            for (size_t j = 0; j < s->placed.n && n->index < 0; j++)
                if (o && placed_on(o, s->placed.v[j])) n->index = s->placed.v[j];
        }
        for (size_t j = 0; j < s->placed.n && n->index < 0; j++)
            if (s->placed.v[j] == 0) n->index = 0;
        for (size_t j = 0; j < s->placed.n; j++)
            if (n->index < 0 || (n->index != 0 && s->placed.v[j] < n->index && !n->partner))
                n->index = s->placed.v[j];
    }
}

/* What a pattern asks of DynamoDB, as one string: equal signatures, equal requests. */
static const char *request_signature(planner *p, const ddbc_pattern *pat)
{
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    for (size_t i = 0; i < pat->requests.n; i++) {
        const ddbc_request *r = &pat->requests.v[i];
        ddbc_strbuf_printf(&sb, "%d|%d|%d|%s|%s;", r->index, (int)r->op, r->scan_forward,
                           r->key_condition, r->filter ? r->filter : "");
    }
    const char *sig = ddbc_arena_strdup(p->arena, ddbc_strbuf_cstr(&sb));
    ddbc_strbuf_free(&sb);
    return sig;
}

/* An inferred pattern that asks exactly what an earlier pattern asks adds
 * nothing (declared queries take precedence). */
static void drop_duplicate_inferred(planner *p)
{
    ddbc_design *d = p->d;
    ddbc_symtab *seen = ddbc_symtab_create(p->arena);
    size_t out = 0;
    for (size_t i = 0; i < d->patterns.n; i++) {
        ddbc_pattern *pat = d->patterns.v[i];
        const char *sig = pat->requests.n ? request_signature(p, pat) : NULL;
        bool dup = pat->query->inferred && sig && ddbc_symtab_get(seen, sig);
        if (sig && !dup) ddbc_symtab_put(seen, sig, pat);
        if (!dup) d->patterns.v[out++] = pat;
    }
    d->patterns.n = out;
}

static void decide_parent_sides(planner *p)
{
    for (size_t e = 0; e < p->ir->catalog.entities.n; e++) {
        plan_entity *pe = &p->ents[e];
        if (pe->locked) continue;
        if (pe->parent_last_votes && !pe->parent_first_votes)
            pe->identity_sk = ddbc_arena_printf(p->arena, "~%s", pe->plan->tag);
    }
}

static void rationale_for(planner *p, ddbc_pattern *pat)
{
    if (pat->rationale || pat->status != DDBC_PATTERN_SERVED || !pat->requests.n) return;
    const ddbc_request *r = &pat->requests.v[0];
    const char *where = r->index ? p->d->indexes.v[r->index]->name : "the table";
    if (pat->requests.n > 1)
        pat->rationale = ddbc_arena_printf(p->arena, "%s on %s, then %zu follow-up request%s: %s",
                                           ddbc_operation_name(r->op), where, pat->requests.n - 1,
                                           pat->requests.n == 2 ? "" : "s",
                                           pat->requests.v[1].note ? pat->requests.v[1].note : "");
    else if (r->op == DDBC_OP_GET_ITEM)
        pat->rationale = "the WHERE gives the whole base key: one GetItem";
    else
        pat->rationale = ddbc_arena_printf(p->arena, "one %s on %s%s%s", ddbc_operation_name(r->op),
                                           where, r->note ? ": " : "", r->note ? r->note : "");
}

ddbc_design *ddbc_plan(const ddbc_ir *ir, const ddbc_plan_options *opts, ddbc_arena *arena,
                       ddbc_diags *diags)
{
    planner p = {.ir = ir, .opts = opts, .arena = arena, .diags = diags};
    p.d = DDBC_NEW(arena, ddbc_design);
    const ddbc_config *cfg = opts->config;
    p.d->table_name = opts->lock ? opts->lock->table : cfg->table_name;
    p.d->pk_attr = opts->lock ? opts->lock->pk_attr : cfg->pk_attribute;
    p.d->sk_attr = opts->lock ? opts->lock->sk_attr : cfg->sk_attribute;
    init_entities(&p);

    /* patterns: declared in order, then inferred (hard when nothing is declared) */
    bool declared_reads = false;
    for (size_t i = 0; i < ir->queries.n; i++)
        if (ir->queries.v[i]->stmt == DDBC_STMT_SELECT) plan_note_literals(&p, ir->queries.v[i]);
    for (size_t i = 0; i < ir->queries.n; i++) {
        ddbc_pattern *pat = new_pattern(&p, ir->queries.v[i]);
        DDBC_VEC_PUSH(arena, p.d->patterns, pat);
        if (pat->is_read) {
            declared_reads = true;
            plan_classify_read(&p, pat, false);
        } else if (locates_by_equality(pat->query)) {
            /* an UPDATE or DELETE must find its rows: its WHERE is a need too */
            plan_classify_read(&p, pat, false);
        }
    }
    bool *deleted = ddbc_arena_alloc(arena, (ir->catalog.entities.n + 1) * sizeof *deleted);
    for (size_t i = 0; i < ir->queries.n; i++)
        if (ir->queries.v[i]->stmt == DDBC_STMT_DELETE && ir->queries.v[i]->root)
            deleted[ir->queries.v[i]->root->ordinal] = true;
    ddbc_query_list inferred = {NULL, 0, 0};
    ddbc_infer_patterns(ir, arena, &inferred);
    DDBC_VEC(ddbc_pattern *) soft = {NULL, 0, 0};
    for (size_t i = 0; i < inferred.n; i++) {
        ddbc_pattern *pat = new_pattern(&p, inferred.v[i]);
        /* deleting a parent must find the children its foreign key cascades to */
        bool needed = !declared_reads || lists_cascade(deleted, inferred.v[i]);
        if (plan_classify_read(&p, pat, !needed)) {
            if (needed && declared_reads) DDBC_VEC_PUSH(arena, p.d->patterns, pat);
            else DDBC_VEC_PUSH(arena, soft, pat);
        }
    }
    decide_parent_sides(&p);
    if (opts->lock) apply_lock(&p);

    choose_shapes(&p, false);
    group_set gs;
    make_groups(&p, &gs);
    int ngsis;
    if (opts->lock) {
        ngsis = assign(&p, &gs, true);
    } else {
        int a = assign(&p, &gs, true);
        int b = assign(&p, &gs, false);
        ngsis = b < a ? b : assign(&p, &gs, true);
    }
    if (opts->lock && (int)opts->lock->indexes.n > ngsis) ngsis = (int)opts->lock->indexes.n;
    /* inferred patterns beside declared ones: only where the design already serves them */
    if (declared_reads) choose_shapes(&p, true);
    for (size_t i = 0; i < soft.n; i++)
        if (soft.v[i]->status == DDBC_PATTERN_SERVED) DDBC_VEC_PUSH(arena, p.d->patterns, soft.v[i]);

    /* the lower bound: the most shapes beyond its base that one entity needs */
    for (size_t e = 0; e < ir->catalog.entities.n; e++) {
        int shapes = 0;
        bool base_able = false;
        for (size_t i = 0; i < p.ents[e].shapes.n; i++) {
            plan_shape *s = p.ents[e].shapes.v[i];
            if (!s->weight && !s->locked) continue;
            shapes++;
            base_able |= can_be_base(s);
        }
        int extra = shapes - (base_able ? 1 : 0);
        if (extra > p.d->gsi_lower_bound) p.d->gsi_lower_bound = extra;
    }

    make_indexes(&p, ngsis);
    materialize_keys(&p);
    settle_needs(&p);
    for (size_t i = 0; i < p.needs.n; i++) {
        plan_need *n = p.needs.v[i];
        if (n->pattern->is_read && n->pattern->status == DDBC_PATTERN_SERVED &&
            (n->index >= 0 || n->counter))
            plan_requests(&p, n);
    }
    drop_duplicate_inferred(&p);
    for (size_t i = 0; i < p.d->patterns.n; i++) rationale_for(&p, p.d->patterns.v[i]);
    projections(&p);
    for (size_t k = 1; k < p.d->indexes.n; k++) {
        ddbc_index *ix = p.d->indexes.v[k];
        ddbc_strbuf sb = DDBC_STRBUF_INIT;
        for (size_t e = 0; e < p.d->entities.n; e++)
            if (ddbc_entity_plan_key(p.d->entities.v[e], (int)k))
                ddbc_strbuf_printf(&sb, "%s%s", sb.len ? ", " : "", p.d->entities.v[e]->entity->name);
        ix->rationale = ddbc_arena_printf(arena, "overloads %s", sb.len ? ddbc_strbuf_cstr(&sb) : "nothing yet (kept from the lock file)");
        ddbc_strbuf_free(&sb);
    }
    derived_map(&p);
    ddbc_plan_writes(p.d, ir, arena, diags);
    check_limits(&p);
    classify_changes(&p);
    return p.d;
}
