/* plan_request.c — key conditions: the GetItem, Query or BatchGetItem that
 * serves a placed need, and the look-up a write uses to find its items.
 *
 * Sort-key conditions follow from keyenc's guarantees ('#' below every encoded
 * byte, '$' just above it), with P the bound prefix "TAG#v1#…#vm#":
 *     ORDER BY only     begins_with(SK, P)
 *     col >= v          SK BETWEEN P v        AND P$          (P$: P with '$' for its last '#')
 *     col >  v          SK BETWEEN P v $      AND P$
 *     col <= v          SK BETWEEN P          AND P v $
 *     col <  v          SK BETWEEN P          AND P v         + filter col < v
 *     BETWEEN a AND b   SK BETWEEN P a        AND P b $
 *     LIKE 'x%'         begins_with(SK, P x)                  (x encoded as a prefix) */
#include <stdlib.h>
#include <string.h>

#include "plan_internal.h"

const char *plan_part_attr(const ddbc_key_part *part)
{
    return part->attr ? part->attr : part->column->name;
}

static const plan_eq *find_eq(const plan_need *n, const ddbc_column *c)
{
    for (size_t i = 0; i < n->pk_eqs.n; i++)
        if (n->pk_eqs.v[i].column == c) return &n->pk_eqs.v[i];
    for (size_t i = 0; i < n->sk_eqs.n; i++)
        if (n->sk_eqs.v[i].column == c) return &n->sk_eqs.v[i];
    return NULL;
}

/* Bind the first nparts parts of t: column parts take the need's equalities,
 * and the part at `extra_at` (if >= 0) takes `extra`. */
static ddbc_key_bound bind(planner *p, const plan_need *n, const ddbc_key_template *t, int nparts,
                           ddbc_bound_end end, int extra_at, const ddbc_operand *extra)
{
    ddbc_key_bound b = {.tmpl = t, .nparts = nparts, .end = end};
    for (int i = 0; i < nparts; i++) {
        const ddbc_key_part *part = &t->parts.v[i];
        if (part->kind != DDBC_PART_COLUMN) continue;
        if (i == extra_at) {
            DDBC_VEC_PUSH(p->arena, b.args, *extra);
            continue;
        }
        const plan_eq *eq = find_eq(n, part->column);
        ddbc_operand o = eq ? eq->value : (ddbc_operand){.kind = DDBC_OPERAND_COLUMN};
        if (!eq) o.column.column = part->column;
        DDBC_VEC_PUSH(p->arena, b.args, o);
    }
    return b;
}

static bool bound_uses(const ddbc_key_bound *b, const ddbc_column *c)
{
    for (int i = 0; i < b->nparts; i++)
        if (b->tmpl->parts.v[i].kind == DDBC_PART_COLUMN && b->tmpl->parts.v[i].column == c) return true;
    return false;
}

static void render_operand(const ddbc_query *q, const ddbc_operand *o, bool quoted, ddbc_strbuf *sb)
{
    switch (o->kind) {
    case DDBC_OPERAND_PARAM:
        ddbc_strbuf_printf(sb, "{%s}", q->params.v[o->param].name);
        break;
    case DDBC_OPERAND_LITERAL:
        if (o->literal && o->literal->kind == DDBC_EXPR_STRING && quoted) ddbc_strbuf_printf(sb, "'%s'", o->literal->text);
        else if (o->literal && o->literal->text) ddbc_strbuf_puts(sb, o->literal->text);
        else if (o->literal && o->literal->kind == DDBC_EXPR_BOOL)
            ddbc_strbuf_puts(sb, o->literal->boolval ? "true" : "false");
        else ddbc_strbuf_puts(sb, "NULL");
        break;
    case DDBC_OPERAND_COLUMN:
        ddbc_strbuf_printf(sb, "{%s.%s}", o->column.column->entity->name, o->column.column->name);
        break;
    }
}

/* A filter as SQL-like text: "shipped_at IS NULL", "status IN ('A', 'B')". */
static void render_predicate(const ddbc_query *q, const ddbc_predicate *pr, ddbc_strbuf *sb)
{
    static const char *const ops[] = {
        [DDBC_PRED_EQ] = "=", [DDBC_PRED_NE] = "<>", [DDBC_PRED_LT] = "<", [DDBC_PRED_LE] = "<=",
        [DDBC_PRED_GT] = ">", [DDBC_PRED_GE] = ">=", [DDBC_PRED_BETWEEN] = "BETWEEN",
        [DDBC_PRED_BEGINS_WITH] = "begins_with", [DDBC_PRED_LIKE] = "LIKE", [DDBC_PRED_IN] = "IN",
        [DDBC_PRED_IS_NULL] = "IS NULL", [DDBC_PRED_IS_NOT_NULL] = "IS NOT NULL",
    };
    const char *name = pr->column.column->name;
    const ddbc_operand *o = pr->operands.v;
    switch (pr->op) {
    case DDBC_PRED_IS_NULL:
    case DDBC_PRED_IS_NOT_NULL:
        ddbc_strbuf_printf(sb, "%s %s", name, ops[pr->op]);
        return;
    case DDBC_PRED_BEGINS_WITH:
        ddbc_strbuf_printf(sb, "%sbegins_with(%s, ", pr->negated ? "NOT " : "", name);
        if (pr->operands.n) render_operand(q, &o[0], true, sb);
        ddbc_strbuf_putc(sb, ')');
        return;
    case DDBC_PRED_BETWEEN:
        ddbc_strbuf_printf(sb, "%s %sBETWEEN ", name, pr->negated ? "NOT " : "");
        if (pr->operands.n > 1) {
            render_operand(q, &o[0], true, sb);
            ddbc_strbuf_puts(sb, " AND ");
            render_operand(q, &o[1], true, sb);
        }
        return;
    case DDBC_PRED_IN:
        ddbc_strbuf_printf(sb, "%s %sIN (", name, pr->negated ? "NOT " : "");
        for (size_t j = 0; j < pr->operands.n; j++) {
            if (j) ddbc_strbuf_puts(sb, ", ");
            render_operand(q, &o[j], true, sb);
        }
        ddbc_strbuf_putc(sb, ')');
        return;
    default:
        ddbc_strbuf_printf(sb, "%s%s %s ", pr->negated ? "NOT " : "", name, ops[pr->op]);
        if (pr->operands.n) render_operand(q, &o[0], true, sb);
        return;
    }
}

void plan_render_bound(const ddbc_query *q, const ddbc_key_bound *b, ddbc_strbuf *sb)
{
    ddbc_strbuf_putc(sb, '"');
    size_t arg = 0;
    for (int i = 0; i < b->nparts; i++) {
        const ddbc_key_part *part = &b->tmpl->parts.v[i];
        if (i) ddbc_strbuf_putc(sb, '#');
        if (part->kind == DDBC_PART_LITERAL) ddbc_strbuf_puts(sb, part->literal);
        else if (arg < b->args.n) render_operand(q, &b->args.v[arg++], false, sb);
    }
    if (b->end == DDBC_END_PREFIX) ddbc_strbuf_putc(sb, '#');
    else if (b->end == DDBC_END_AFTER) ddbc_strbuf_putc(sb, '$');
    ddbc_strbuf_putc(sb, '"');
}

static void render_condition(planner *p, const ddbc_query *q, ddbc_request *r)
{
    const ddbc_index *ix = p->d->indexes.v[r->index];
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    ddbc_strbuf_printf(&sb, "%s = ", ix->pk_attr);
    plan_render_bound(q, &r->pk, &sb);
    switch (r->sk_op) {
    case DDBC_SK_NONE: break;
    case DDBC_SK_EQ:
        ddbc_strbuf_printf(&sb, " AND %s = ", ix->sk_attr);
        plan_render_bound(q, &r->sk_lo, &sb);
        break;
    case DDBC_SK_BEGINS_WITH:
        ddbc_strbuf_printf(&sb, " AND begins_with(%s, ", ix->sk_attr);
        plan_render_bound(q, &r->sk_lo, &sb);
        ddbc_strbuf_putc(&sb, ')');
        break;
    case DDBC_SK_BETWEEN:
        ddbc_strbuf_printf(&sb, " AND %s BETWEEN ", ix->sk_attr);
        plan_render_bound(q, &r->sk_lo, &sb);
        ddbc_strbuf_puts(&sb, " AND ");
        plan_render_bound(q, &r->sk_hi, &sb);
        break;
    }
    r->key_condition = ddbc_arena_strdup(p->arena, ddbc_strbuf_cstr(&sb));
    ddbc_strbuf_reset(&sb);
    for (size_t i = 0; i < r->filters.n; i++) {
        if (i) ddbc_strbuf_puts(&sb, " AND ");
        render_predicate(q, r->filters.v[i], &sb);
    }
    r->filter = r->filters.n ? ddbc_arena_strdup(p->arena, ddbc_strbuf_cstr(&sb)) : NULL;
    ddbc_strbuf_free(&sb);
}

/* Eventually consistent reads: 4 KB per half unit.  A Query of a `:one`
 * pattern reads one item; any other Query without LIMIT is assumed to read one
 * page of 25 items, and the report says so. */
static double read_units(const ddbc_entity_plan *ep, ddbc_operation op, const ddbc_request *r,
                         bool one)
{
    double item = ep->max_item_bytes > 0 ? ep->max_item_bytes : 1024;
    double items = 1;
    if (op == DDBC_OP_QUERY && !one) {
        items = 25;
        if (r->has_limit && r->limit.kind == DDBC_OPERAND_LITERAL && r->limit.literal &&
            r->limit.literal->text)
            items = atof(r->limit.literal->text) + r->limit_extra;
    }
    if (op == DDBC_OP_GET_ITEM) items = 1;
    long bytes = (long)(items * item);
    return (double)((bytes + 4095) / 4096) * 0.5;
}

/* The sort-key condition for a need on key k (rules in the banner).  Returns
 * the number of leading sort-key parts bound by equalities. */
static int sort_condition(planner *p, const plan_need *n, const ddbc_entity_key *k, ddbc_request *r)
{
    const ddbc_key_template *t = &k->sk;
    int bound = 1;   /* the tag */
    while ((size_t)bound < t->parts.n && t->parts.v[bound].kind == DDBC_PART_COLUMN &&
           find_eq(n, t->parts.v[bound].column))
        bound++;
    if ((size_t)bound == t->parts.n) {
        r->sk_op = DDBC_SK_EQ;
        r->sk_lo = bind(p, n, t, bound, DDBC_END_EXACT, -1, NULL);
        return bound;
    }
    const ddbc_predicate *rg = n->range;
    if (rg && (size_t)bound < t->parts.n && t->parts.v[bound].column == n->order.v[0]) {
        int at = bound;
        const ddbc_operand *a = &rg->operands.v[0];
        const ddbc_operand *b = rg->operands.n > 1 ? &rg->operands.v[1] : a;
        r->sk_op = DDBC_SK_BETWEEN;
        switch (rg->op) {
        case DDBC_PRED_GE:
            r->sk_lo = bind(p, n, t, at + 1, DDBC_END_EXACT, at, a);
            r->sk_hi = bind(p, n, t, at, DDBC_END_AFTER, -1, NULL);
            break;
        case DDBC_PRED_GT:
            r->sk_lo = bind(p, n, t, at + 1, DDBC_END_AFTER, at, a);
            r->sk_hi = bind(p, n, t, at, DDBC_END_AFTER, -1, NULL);
            break;
        case DDBC_PRED_LE:
            r->sk_lo = bind(p, n, t, at, DDBC_END_PREFIX, -1, NULL);
            r->sk_hi = bind(p, n, t, at + 1, DDBC_END_AFTER, at, a);
            break;
        case DDBC_PRED_LT:
            r->sk_lo = bind(p, n, t, at, DDBC_END_PREFIX, -1, NULL);
            r->sk_hi = bind(p, n, t, at + 1, DDBC_END_EXACT, at, a);
            DDBC_VEC_PUSH(p->arena, r->filters, rg);   /* BETWEEN is inclusive */
            break;
        case DDBC_PRED_BETWEEN:
            r->sk_lo = bind(p, n, t, at + 1, DDBC_END_EXACT, at, a);
            r->sk_hi = bind(p, n, t, at + 1, DDBC_END_AFTER, at, b);
            break;
        default: /* BEGINS_WITH */
            r->sk_op = DDBC_SK_BEGINS_WITH;
            r->sk_lo = bind(p, n, t, at + 1, DDBC_END_RAW, at, a);
            break;
        }
        return bound;
    }
    r->sk_op = DDBC_SK_BEGINS_WITH;
    r->sk_lo = bind(p, n, t, bound, DDBC_END_PREFIX, -1, NULL);
    return bound;
}

/* Equalities the key does not use, and predicates a non-sparse shape cannot
 * answer by membership, become filters. */
static void leftover_filters(planner *p, const plan_need *n, const ddbc_entity_key *k,
                             ddbc_request *r)
{
    const plan_eq *sets[2] = {n->pk_eqs.v, n->sk_eqs.v};
    size_t counts[2] = {n->pk_eqs.n, n->sk_eqs.n};
    for (int s = 0; s < 2; s++)
        for (size_t i = 0; i < counts[s]; i++) {
            const plan_eq *eq = &sets[s][i];
            bool used = ddbc_key_template_uses(&k->pk, eq->column);
            if (r->sk_op != DDBC_SK_NONE) {
                const ddbc_key_bound *b = &r->sk_lo;
                for (int j = 0; j < b->nparts; j++)
                    used |= b->tmpl->parts.v[j].kind == DDBC_PART_COLUMN &&
                            b->tmpl->parts.v[j].column == eq->column;
            }
            if (!used && eq->pred) DDBC_VEC_PUSH(p->arena, r->filters, eq->pred);
        }
    if (n->cond_as_filter)
        for (size_t i = 0; i < n->cond_preds.n; i++) DDBC_VEC_PUSH(p->arena, r->filters, n->cond_preds.v[i]);
    for (size_t i = 0; i < n->filters.n; i++) DDBC_VEC_PUSH(p->arena, r->filters, n->filters.v[i]);
}

static void finish(planner *p, plan_need *n, ddbc_request *r, const ddbc_entity_plan *ep)
{
    render_condition(p, n->q, r);
    r->read_units = read_units(ep, r->op, r, n->q->kind == DDBC_KIND_ONE && n->role == NEED_MAIN);
    DDBC_VEC_PUSH(p->arena, n->pattern->requests, *r);
}

static ddbc_request new_request(const plan_need *n, int index)
{
    ddbc_request r = {.op = DDBC_OP_QUERY, .index = index, .entity = n->entity,
                      .scan_forward = !n->desc, .fan_out_param = -1};
    return r;
}

static void limit_from_query(const plan_need *n, ddbc_request *r)
{
    if (n->q->has_limit) {
        r->has_limit = true;
        r->limit = n->q->limit;
    }
}

static void serve_counter(planner *p, plan_need *n)
{
    ddbc_counter *c = n->counter;
    ddbc_request r = new_request(n, 0);
    ddbc_key_template *pk = &c->pk, *sk = &c->sk;
    r.pk = bind(p, n, pk, (int)pk->parts.n, DDBC_END_EXACT, -1, NULL);
    if (sk->parts.n == 1) {
        r.op = DDBC_OP_GET_ITEM;
        r.sk_op = DDBC_SK_EQ;
        r.sk_lo = bind(p, n, sk, 1, DDBC_END_EXACT, -1, NULL);
    } else {
        r.sk_op = DDBC_SK_BEGINS_WITH;
        r.sk_lo = bind(p, n, sk, 1, DDBC_END_PREFIX, -1, NULL);
        r.note = "one counter item per group";
    }
    DDBC_VEC_PUSH(p->arena, r.returns, n->entity);
    render_condition(p, n->q, &r);
    r.read_units = 0.5;
    DDBC_VEC_PUSH(p->arena, n->pattern->requests, r);
}

/* The parent and its children in one Query on the collection's partition. */
static void serve_collection(planner *p, plan_need *child)
{
    plan_need *par = child->partner;
    const ddbc_entity_plan *cp = p->ents[child->entity->ordinal].plan;
    const ddbc_entity_plan *pp = p->ents[par->entity->ordinal].plan;
    const ddbc_entity_key *ck = ddbc_entity_plan_key(cp, child->index);
    const ddbc_entity_key *pk = ddbc_entity_plan_key(pp, child->index);
    ddbc_request r = new_request(child, child->index);
    r.pk = bind(p, child, &ck->pk, (int)ck->pk.parts.n, DDBC_END_EXACT, -1, NULL);
    bool parent_last = pk->sk.parts.v[0].literal[0] == '~';
    bool desc = child->desc;
    limit_from_query(child, &r);
    /* Without a LIMIT the Query reads the whole range, so the parent may sit at
     * either end; with one, it must come first in the order read. */
    if (parent_last == desc || !r.has_limit) {
        r.sk_op = DDBC_SK_BETWEEN;
        if (parent_last) {
            r.sk_lo = bind(p, child, &ck->sk, 1, DDBC_END_PREFIX, -1, NULL);
            r.sk_hi = bind(p, par, &pk->sk, (int)pk->sk.parts.n, DDBC_END_EXACT, -1, NULL);
        } else {
            r.sk_lo = bind(p, par, &pk->sk, (int)pk->sk.parts.n, DDBC_END_EXACT, -1, NULL);
            r.sk_hi = bind(p, child, &ck->sk, 1, DDBC_END_AFTER, -1, NULL);
        }
        r.limit_extra = r.has_limit ? 1 : 0;
        DDBC_VEC_PUSH(p->arena, r.returns, par->entity);
        DDBC_VEC_PUSH(p->arena, r.returns, child->entity);
        leftover_filters(p, child, ck, &r);
        r.note = ddbc_arena_printf(p->arena,
                                   "the %s item sorts %s its %s in the collection, so one Query "
                                   "returns both%s",
                                   par->entity->name, parent_last ? "after" : "before",
                                   child->entity->name,
                                   r.has_limit ? " (LIMIT + 1 for the parent)"
                                               : parent_last == desc ? "" : " (the parent comes last)");
        finish(p, child, &r, cp);
        return;
    }
    /* The parent sorts at the other end: read it by key, then the children. */
    ddbc_request g = new_request(par, child->index);
    g.op = child->index == 0 ? DDBC_OP_GET_ITEM : DDBC_OP_QUERY;
    g.pk = bind(p, par, &pk->pk, (int)pk->pk.parts.n, DDBC_END_EXACT, -1, NULL);
    g.sk_op = DDBC_SK_EQ;
    g.sk_lo = bind(p, par, &pk->sk, (int)pk->sk.parts.n, DDBC_END_EXACT, -1, NULL);
    DDBC_VEC_PUSH(p->arena, g.returns, par->entity);
    finish(p, par, &g, pp);
    r.sk_op = DDBC_SK_BEGINS_WITH;
    r.sk_lo = bind(p, child, &ck->sk, 1, DDBC_END_PREFIX, -1, NULL);
    DDBC_VEC_PUSH(p->arena, r.returns, child->entity);
    leftover_filters(p, child, ck, &r);
    r.note = "the parent sorts at the other end of the collection for this order, so it is "
             "read by key first";
    finish(p, child, &r, cp);
}

void plan_requests(planner *p, plan_need *n)
{
    if (n->counter) {
        serve_counter(p, n);
        return;
    }
    if (n->is_parent_side) return;   /* served with its child half */
    if (n->partner && n->partner->is_parent_side) {
        serve_collection(p, n);
        return;
    }
    const ddbc_entity_plan *ep = p->ents[n->entity->ordinal].plan;
    const ddbc_entity_key *k = ddbc_entity_plan_key(ep, n->index);
    ddbc_request r = new_request(n, n->index);
    r.pk = bind(p, n, &k->pk, (int)k->pk.parts.n, DDBC_END_EXACT, -1, NULL);
    sort_condition(p, n, k, &r);
    leftover_filters(p, n, k, &r);
    DDBC_VEC_PUSH(p->arena, r.returns, n->entity);
    bool exact = r.sk_op == DDBC_SK_EQ && r.filters.n == 0;
    if (n->role == NEED_FOLLOW) {
        bool one = n->q->kind == DDBC_KIND_ONE;
        if (n->hydrate_children) {
            r.note = ddbc_arena_printf(p->arena, "one Query per %s item returned by the first request",
                                       n->partner->entity->name);
        } else if (exact && n->index == 0) {
            r.op = one ? DDBC_OP_GET_ITEM : DDBC_OP_BATCH_GET_ITEM;
            r.note = ddbc_arena_printf(p->arena, "%s by the keys in the first request's %s items%s",
                                       n->entity->name, n->partner->entity->name,
                                       one ? "" : " (up to 100 keys per BatchGetItem)");
        } else {
            r.note = ddbc_arena_printf(p->arena, "one Query per %s item returned by the first request",
                                       n->partner->entity->name);
        }
        finish(p, n, &r, ep);
        return;
    }
    limit_from_query(n, &r);
    if (exact && n->index == 0) r.op = n->in ? DDBC_OP_BATCH_GET_ITEM : DDBC_OP_GET_ITEM;
    bool in_key = n->in && (ddbc_key_template_uses(&k->pk, n->in->column.column) ||
                            (r.sk_op != DDBC_SK_NONE && bound_uses(&r.sk_lo, n->in->column.column)));
    if (in_key) {
        r.fan_out_param = (int)(n->in - n->q->predicates.v);
        if (r.op != DDBC_OP_BATCH_GET_ITEM)
            r.note = ddbc_arena_printf(p->arena,
                                       "one Query per value of %s IN (…), merged in the pattern's order",
                                       n->in->column.column->name);
        else
            r.note = ddbc_arena_printf(p->arena, "one key per value of %s IN (…)",
                                       n->in->column.column->name);
    }
    if (r.op != DDBC_OP_QUERY) r.has_limit = false;
    finish(p, n, &r, ep);
}

/* ---- writes: how an UPDATE or DELETE finds its items ---------------------------- */

/* Whether every item the equalities name is in the index: it is not sparse,
 * or its condition only asks for columns the equalities give a value. */
static bool membership_implied(const plan_need *n, const ddbc_entity_key *k)
{
    if (!k->condition) return true;
    if (strchr(k->condition, '=')) return false;   /* a literal condition: not implied */
    for (size_t i = 0; i < k->condition_columns.n; i++)
        if (!find_eq(n, k->condition_columns.v[i])) return false;
    return true;
}

bool ddbc_plan_locate(const ddbc_design *d, const ddbc_query *q, ddbc_arena *arena,
                      ddbc_request *out)
{
    ddbc_entity_plan *ep = ddbc_design_entity(d, q->root);
    if (!ep) return false;
    plan_need n = {.q = q, .entity = q->root, .index = -1};
    for (size_t i = 0; i < q->predicates.n; i++) {
        const ddbc_predicate *pr = &q->predicates.v[i];
        if (pr->column.binding != 0 || pr->negated || pr->op != DDBC_PRED_EQ ||
            pr->operands.n != 1 || pr->operands.v[0].kind == DDBC_OPERAND_COLUMN)
            continue;
        plan_eq eq = {pr->column.column, pr->operands.v[0], pr};
        DDBC_VEC_PUSH(arena, n.pk_eqs, eq);
    }
    /* a throwaway planner: bind() and the renderers only need the arena and design */
    ddbc_design view = *d;   /* a shallow copy: the helpers only read its indexes */
    planner p = {.arena = arena, .d = &view};
    bool found = false;
    for (size_t i = 0; i < ep->keys.n; i++) {
        const ddbc_entity_key *k = &ep->keys.v[i];
        bool pk_bound = true;
        for (size_t j = 0; j < k->pk.parts.n; j++)
            if (k->pk.parts.v[j].kind == DDBC_PART_COLUMN && !find_eq(&n, k->pk.parts.v[j].column))
                pk_bound = false;
        if (!pk_bound || !membership_implied(&n, k)) continue;
        ddbc_request r = new_request(&n, k->index);
        r.pk = bind(&p, &n, &k->pk, (int)k->pk.parts.n, DDBC_END_EXACT, -1, NULL);
        sort_condition(&p, &n, k, &r);
        /* equalities the key does not use become the write's condition */
        leftover_filters(&p, &n, k, &r);
        DDBC_VEC_PUSH(arena, r.returns, q->root);
        if (k->index == 0 && r.sk_op == DDBC_SK_EQ) r.op = DDBC_OP_GET_ITEM;
        render_condition(&p, q, &r);
        if (r.op == DDBC_OP_GET_ITEM) {
            *out = r;
            return true;
        }
        if (!found) *out = r;
        found = true;
    }
    return found;
}
