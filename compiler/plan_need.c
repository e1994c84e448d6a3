/* plan_need.c — what a read pattern asks of the design, or why it cannot be served.
 *
 * Each SELECT becomes one or more needs: the entity whose items a request keys
 * on, the equalities that form the partition and lead the sort key, one sort
 * column (range or ORDER BY), filters, sparse conditions, and follow-up
 * requests for joined tables.  What DynamoDB cannot do efficiently (OR, OFFSET,
 * complex columns, '%x' patterns, mixed ORDER BY, aggregates, no equality at
 * all) is refused here with the clause underlined and the change that fixes it. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "plan_internal.h"

static const char *literal_sql(planner *p, const ddbc_expr *e);

ddbc_diag *plan_refuse(planner *p, ddbc_pattern *pat, ddbc_diag_code code, ddbc_span at,
                       const char *hint, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = ddbc_arena_vprintf(p->arena, fmt, ap);
    va_end(ap);
    pat->status = DDBC_PATTERN_REJECTED;
    ddbc_diag *g = ddbc_diag_report(p->diags, code, at, "%s", msg);
    if (hint) ddbc_diag_set_hint(p->diags, g, "%s", hint);
    g->pattern = pat->name;
    return g;
}

/* ---- copies and tags ---------------------------------------------------------- */

ddbc_copy *plan_copy(planner *p, ddbc_entity *child, ddbc_foreign_key *fk, ddbc_column *col)
{
    ddbc_entity_plan *cp = p->ents[child->ordinal].plan;
    for (size_t i = 0; i < cp->copies.n; i++)
        if (cp->copies.v[i].column == col && cp->copies.v[i].via == fk) return &cp->copies.v[i];
    ddbc_copy c = {
        .column = col,
        .via = fk,
        .attr = ddbc_arena_printf(p->arena, "%s_%s", col->entity->name, col->name),
        .rationale = ddbc_arena_printf(p->arena,
                                       "a pattern on %s filters or sorts on %s.%s through "
                                       "the join, and a key can only hold the item's own attributes",
                                       child->name, col->entity->name, col->name),
    };
    DDBC_VEC_PUSH(p->arena, cp->copies, c);
    return &cp->copies.v[cp->copies.n - 1];
}

static bool same_columns(ddbc_column *const *a, size_t na, ddbc_column *const *b, size_t nb)
{
    if (na != nb) return false;
    for (size_t i = 0; i < na; i++) {
        bool found = false;
        for (size_t j = 0; j < nb && !found; j++) found = a[i] == b[j];
        if (!found) return false;
    }
    return true;
}

static const char *upper_tag(ddbc_arena *arena, const char *s)
{
    size_t n = strlen(s);
    char *t = ddbc_arena_alloc(arena, n + 1);
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
        else if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) c = '_';
        t[i] = c;
    }
    return t;
}

/* Rule: a partition named by a foreign key is the parent's partition
 * (CUSTOMER#<customer_id>), so the children can share the parent's item
 * collection; the entity's own key is its own tag; anything else is the tag
 * and the column names (ORDER_STATUS#<status>), so partitions of different
 * meaning never share a value. */
const char *plan_pk_tag(planner *p, ddbc_entity *e, ddbc_column *const *cols, size_t n)
{
    if (n == 0) return p->ents[e->ordinal].plan->tag;
    ddbc_entity *owner = cols[0]->entity;
    for (size_t i = 1; i < n; i++)
        if (cols[i]->entity != owner) owner = NULL;
    if (owner) {
        for (size_t i = 0; i < owner->foreign_keys.n; i++) {
            ddbc_foreign_key *fk = owner->foreign_keys.v[i];
            if (fk->to && same_columns(cols, n, fk->columns.v, fk->columns.n))
                return p->ents[fk->to->ordinal].plan->tag;
        }
        if (owner->primary_key &&
            same_columns(cols, n, owner->primary_key->columns.v, owner->primary_key->columns.n))
            return p->ents[owner->ordinal].plan->tag;
    }
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    ddbc_strbuf_puts(&sb, p->ents[e->ordinal].plan->tag);
    for (size_t i = 0; i < n; i++) {
        ddbc_strbuf_putc(&sb, '_');
        if (cols[i]->entity != e) ddbc_strbuf_printf(&sb, "%s_", upper_tag(p->arena, cols[i]->entity->name));
        ddbc_strbuf_puts(&sb, upper_tag(p->arena, cols[i]->name));
    }
    const char *tag = ddbc_arena_strdup(p->arena, ddbc_strbuf_cstr(&sb));
    ddbc_strbuf_free(&sb);
    return tag;
}

/* ---- refusals that do not depend on the joins ---------------------------------- */

static const char *complex_kind(ddbc_type_class cls)
{
    switch (cls) {
    case DDBC_T_JSON: return "JSON";
    case DDBC_T_ARRAY: return "list";
    default: return "complex";
    }
}

static bool refuse_clauses(planner *p, ddbc_pattern *pat, bool soft)
{
    const ddbc_query *q = pat->query;
    bool ok = true;
    ddbc_diag *last = NULL;   /* the refusal just reported (NULL when soft) */
    /* A soft (inferred) pattern is dropped quietly; a declared one is refused aloud. */
#define REFUSE(...)                                                            \
    do {                                                                       \
        ok = false;                                                            \
        pat->status = DDBC_PATTERN_REJECTED;                                   \
        last = soft ? NULL : plan_refuse(p, pat, __VA_ARGS__);                 \
    } while (0)
    if (q->has_offset)
        REFUSE(DDBC_E0403, q->offset_span,
               "drop OFFSET and page with the cursor the generated function returns "
               "(LastEvaluatedKey)",
               "pattern '%s' uses OFFSET; DynamoDB pages with a cursor and cannot skip rows "
               "without reading them",
               pat->name);
    for (size_t i = 0; i < q->residuals.n; i++) {
        const ddbc_residual *r = &q->residuals.v[i];
        switch (r->kind) {
        case DDBC_RESIDUAL_OR:
            REFUSE(DDBC_E0402, r->span,
                   "split it into one pattern per alternative, or use IN (…) on one attribute",
                   "pattern '%s' has OR across attributes; a Query has exactly one key condition",
                   pat->name);
            break;
        case DDBC_RESIDUAL_FUNCTION:
            REFUSE(DDBC_E0411, r->span,
                   "store the computed value in a column of its own (e.g. email_lower) and "
                   "compare that column",
                   "pattern '%s' filters on a function of a column; only stored attributes "
                   "can be keys",
                   pat->name);
            break;
        case DDBC_RESIDUAL_SUBQUERY:
            REFUSE(DDBC_E0411, r->span,
                   "run the subquery as a pattern of its own and pass its result as a parameter",
                   "pattern '%s' filters with a subquery; DynamoDB has no joins or subqueries",
                   pat->name);
            break;
        case DDBC_RESIDUAL_COLUMN_COMPARE:
            REFUSE(DDBC_E0411, r->span,
                   "store the comparison's outcome as a column when the row is written",
                   "pattern '%s' compares two columns; a key condition compares a key with "
                   "a value",
                   pat->name);
            break;
        case DDBC_RESIDUAL_OTHER:
            REFUSE(DDBC_E0411, r->span,
                   "compare a column with a parameter or a literal",
                   "pattern '%s' has a condition ddbc cannot turn into a key condition or filter",
                   pat->name);
            break;
        }
    }
    for (size_t i = 0; i < q->predicates.n; i++) {
        const ddbc_predicate *pr = &q->predicates.v[i];
        ddbc_column *c = pr->column.column;
        if (ddbc_type_class_is_complex(c->type.cls)) {
            REFUSE(DDBC_E0404, pr->span,
                   "model each element as an item of its own (an adjacency list), so it can be a key",
                   "pattern '%s' filters on '%s', a %s column; DynamoDB cannot index it",
                   pat->name, c->name, complex_kind(c->type.cls));
            if (last) ddbc_diag_add_note(p->diags, last, c->span, "'%s' declared here", c->name);
        } else if (pr->op == DDBC_PRED_LIKE && !pr->negated) {
            REFUSE(DDBC_E0405, pr->span,
                   "match a fixed prefix (LIKE 'abc%'), or store a reversed copy of the column "
                   "and match its prefix",
                   "pattern '%s' matches '%s' with a pattern that does not start with a fixed "
                   "prefix; a key condition can only match a prefix",
                   pat->name, c->name);
        }
    }
    for (size_t i = 0; i < q->targets.n; i++) {
        const ddbc_target *t = &q->targets.v[i];
        if (t->kind == DDBC_TARGET_AGGREGATE)
            REFUSE(DDBC_E0407, t->span,
                   "keep the value in an attribute the write plans maintain, or compute it in "
                   "the application over a bounded Query",
                   "pattern '%s' computes %s() over rows; DynamoDB has no server-side "
                   "aggregation",
                   pat->name, t->func ? t->func : "an aggregate");
    }
    if (q->having_span.file != DDBC_NO_FILE)
        REFUSE(DDBC_E0407, q->having_span,
               "filter the groups in the application",
               "pattern '%s' uses HAVING; DynamoDB has no server-side aggregation", pat->name);
    for (size_t i = 1; i < q->order_by.n; i++) {
        if (q->order_by.v[i].desc != q->order_by.v[0].desc) {
            REFUSE(DDBC_E0406, q->order_by.v[i].span,
                   "order by one direction, or store a column that combines both in the order "
                   "you want",
                   "pattern '%s' orders by '%s' %s and '%s' %s; a sort key has one direction",
                   pat->name, q->order_by.v[0].column.column->name,
                   q->order_by.v[0].desc ? "descending" : "ascending",
                   q->order_by.v[i].column.column->name,
                   q->order_by.v[i].desc ? "descending" : "ascending");
            break;
        }
        if (ddbc_type_class_is_complex(q->order_by.v[i].column.column->type.cls)) break;
    }
    for (size_t i = 0; i < q->order_by.n; i++) {
        ddbc_column *c = q->order_by.v[i].column.column;
        if (ddbc_type_class_is_complex(c->type.cls))
            REFUSE(DDBC_E0404, q->order_by.v[i].span,
                   "order by a scalar column",
                   "pattern '%s' orders by '%s', a %s column; DynamoDB cannot sort by it",
                   pat->name, c->name, complex_kind(c->type.cls));
    }
#undef REFUSE
    return ok;
}

/* ---- joins: which binding keys the request ----------------------------------- */

/* The join between bindings a and b along a foreign key from a's table to b's
 * (a is the child); NULL when they are not joined that way. */
static const ddbc_join *child_join(const ddbc_query *q, int a, int b)
{
    for (size_t i = 0; i < q->joins.n; i++) {
        const ddbc_join *j = &q->joins.v[i];
        if (!j->fk) continue;
        bool pair = (j->binding == a && j->other_binding == b) ||
                    (j->binding == b && j->other_binding == a);
        if (pair && j->fk->from == q->bindings.v[a].entity && j->fk->to == q->bindings.v[b].entity)
            return j;
    }
    return NULL;
}

static int fk_position(const ddbc_foreign_key *fk, const ddbc_column *ref)
{
    for (size_t i = 0; i < fk->ref_columns.n; i++)
        if (fk->ref_columns.v[i] == ref) return (int)i;
    return -1;
}

/* Whether every predicate and sort column of the query can be expressed on
 * binding k's items: its own, or a parent's reached by one foreign key (the
 * referenced key maps to the child's foreign key column; other parent columns
 * are copied onto the child). */
static bool transferable(const ddbc_query *q, int k)
{
    for (size_t i = 0; i < q->predicates.n; i++) {
        int b = q->predicates.v[i].column.binding;
        if (b != k && !child_join(q, k, b)) return false;
    }
    for (size_t i = 0; i < q->order_by.n; i++) {
        int b = q->order_by.v[i].column.binding;
        if (b != k && !child_join(q, k, b)) return false;
    }
    return true;
}

/* The column on binding k's items that holds colref c's value. */
static ddbc_column *on_keyed(planner *p, const ddbc_query *q, int k, ddbc_colref c)
{
    if (c.binding == k) return c.column;
    const ddbc_join *j = child_join(q, k, c.binding);
    if (!j) return c.column;   /* callers checked transferable(); kept for safety */
    int at = fk_position(j->fk, c.column);
    if (at >= 0) return j->fk->columns.v[at];
    plan_copy(p, q->bindings.v[k].entity, j->fk, c.column);
    return c.column;
}

/* Whether the query returns binding b's rows (its columns or its star). */
static bool selected(const ddbc_query *q, int b)
{
    for (size_t i = 0; i < q->targets.n; i++) {
        const ddbc_target *t = &q->targets.v[i];
        if ((t->kind == DDBC_TARGET_STAR && t->binding == b) ||
            (t->kind == DDBC_TARGET_COLUMN && t->column.binding == b))
            return true;
    }
    return false;
}

static bool has_eq_on(const ddbc_query *q, int b)
{
    for (size_t i = 0; i < q->predicates.n; i++) {
        const ddbc_predicate *pr = &q->predicates.v[i];
        if (pr->column.binding == b && !pr->negated &&
            (pr->op == DDBC_PRED_EQ || pr->op == DDBC_PRED_IN))
            return true;
    }
    return false;
}

/* ---- needs -------------------------------------------------------------------- */

static const char *column_key(planner *p, const ddbc_column *c)
{
    return ddbc_arena_printf(p->arena, "%s.%s", c->entity->name, c->name);
}

/* Rule (PLANNER-NOTES §1, §6): a column compared with one literal makes a
 * sparse index; a column compared with several literals across patterns (or
 * an IN list) is better a key part, so one shape serves every value. */
void plan_note_literals(planner *p, const ddbc_query *q)
{
    if (!p->literal_columns) p->literal_columns = ddbc_symtab_create(p->arena);
    for (size_t i = 0; i < q->predicates.n; i++) {
        const ddbc_predicate *pr = &q->predicates.v[i];
        if (pr->negated || (pr->op != DDBC_PRED_EQ && pr->op != DDBC_PRED_IN) || !pr->operands.n ||
            pr->operands.v[0].kind != DDBC_OPERAND_LITERAL)
            continue;
        /* the value is the literal's text, or the planner itself once several differ */
        const char *key = column_key(p, pr->column.column);
        void *seen = ddbc_symtab_get(p->literal_columns, key);
        char *value = ddbc_arena_strdup(p->arena, literal_sql(p, pr->operands.v[0].literal));
        if (pr->op == DDBC_PRED_IN || (seen && seen != (void *)p && strcmp(seen, value) != 0))
            ddbc_symtab_put(p->literal_columns, key, p);
        else if (!seen)
            ddbc_symtab_put(p->literal_columns, key, value);
    }
}

bool plan_literal_is_key(planner *p, const ddbc_column *c)
{
    return p->literal_columns && ddbc_symtab_get(p->literal_columns, column_key(p, c)) == (void *)p;
}

static plan_need *new_need(planner *p, ddbc_pattern *pat, ddbc_entity *e, bool soft)
{
    plan_need *n = DDBC_NEW(p->arena, plan_need);
    n->pattern = pat;
    n->q = pat->query;
    n->entity = e;
    n->soft = soft;
    n->index = -1;
    n->sk_tag = p->ents[e->ordinal].plan->tag;
    DDBC_VEC_PUSH(p->arena, p->needs, n);
    return n;
}

static bool low_cardinality(const ddbc_column *c)
{
    return c->type.cls == DDBC_T_BOOL || c->type.cls == DDBC_T_ENUM;
}

static int by_ordinal(const void *a, const void *b)
{
    const plan_eq *x = a, *y = b;
    if (x->column->entity != y->column->entity)
        return x->column->entity->ordinal - y->column->entity->ordinal;
    return x->column->ordinal - y->column->ordinal;
}

static void add_condition(planner *p, plan_need *n, ddbc_column *c, const char *text)
{
    for (size_t i = 0; i < n->cond_cols.n; i++)
        if (n->cond_cols.v[i] == c && n->condition && strstr(n->condition, text)) return;
    n->condition = n->condition ? ddbc_arena_printf(p->arena, "%s AND %s", n->condition, text)
                                : ddbc_arena_strdup(p->arena, text);
    DDBC_VEC_PUSH(p->arena, n->cond_cols, c);
}

static const char *literal_sql(planner *p, const ddbc_expr *e)
{
    if (!e) return "NULL";
    switch (e->kind) {
    case DDBC_EXPR_STRING: {
        ddbc_strbuf sb = DDBC_STRBUF_INIT;
        ddbc_strbuf_putc(&sb, '\'');
        for (const char *s = e->text; *s; s++) {
            if (*s == '\'') ddbc_strbuf_putc(&sb, '\'');
            ddbc_strbuf_putc(&sb, *s);
        }
        ddbc_strbuf_putc(&sb, '\'');
        const char *r = ddbc_arena_strdup(p->arena, ddbc_strbuf_cstr(&sb));
        ddbc_strbuf_free(&sb);
        return r;
    }
    case DDBC_EXPR_BOOL: return e->boolval ? "TRUE" : "FALSE";
    case DDBC_EXPR_NULL: return "NULL";
    default: return e->text ? e->text : "?";
    }
}

static bool is_range(const ddbc_predicate *pr)
{
    if (pr->negated) return false;
    switch (pr->op) {
    case DDBC_PRED_LT: case DDBC_PRED_LE: case DDBC_PRED_GT: case DDBC_PRED_GE:
    case DDBC_PRED_BETWEEN: case DDBC_PRED_BEGINS_WITH:
        return true;
    default:
        return false;
    }
}

static bool operands_are_values(const ddbc_predicate *pr)
{
    for (size_t i = 0; i < pr->operands.n; i++)
        if (pr->operands.v[i].kind == DDBC_OPERAND_COLUMN) return false;
    return pr->operands.n > 0;
}

/* A write whose WHERE names the whole primary key finds its item by it; the
 * other equalities become its condition, not a shape of their own. */
static void keep_primary_key(planner *p, plan_need *n)
{
    const ddbc_key *pk = n->entity->primary_key;
    if (!pk) return;
    size_t found = 0;
    for (size_t i = 0; i < n->pk_eqs.n; i++)
        for (size_t j = 0; j < pk->columns.n; j++) found += n->pk_eqs.v[i].column == pk->columns.v[j];
    if (found != pk->columns.n || n->pk_eqs.n + n->sk_eqs.n == found) return;
    size_t out = 0;
    for (size_t i = 0; i < n->pk_eqs.n; i++) {
        bool key = false;
        for (size_t j = 0; j < pk->columns.n; j++) key |= n->pk_eqs.v[i].column == pk->columns.v[j];
        if (key) n->pk_eqs.v[out++] = n->pk_eqs.v[i];
        else if (n->pk_eqs.v[i].pred) DDBC_VEC_PUSH(p->arena, n->filters, n->pk_eqs.v[i].pred);
    }
    n->pk_eqs.n = out;
    for (size_t i = 0; i < n->sk_eqs.n; i++)
        if (n->sk_eqs.v[i].pred) DDBC_VEC_PUSH(p->arena, n->filters, n->sk_eqs.v[i].pred);
    n->sk_eqs.n = 0;
}

/* Whether a WHERE conjunct on c excludes the rows where c is NULL: every
 * comparison does (SQL compares NULL as unknown), IS NULL does not. */
static bool excludes_null(planner *p, const ddbc_query *q, int k, const ddbc_column *c)
{
    for (size_t i = 0; i < q->predicates.n; i++) {
        const ddbc_predicate *pr = &q->predicates.v[i];
        if (on_keyed(p, q, k, pr->column) == c && pr->op != DDBC_PRED_IS_NULL) return true;
    }
    return false;
}

/* Rule (PLANNER-NOTES §1, §6): equalities on parameters form the partition,
 * except low-cardinality ones (booleans, enums), which lead the sort key so
 * that one shape serves the pattern with and without them; an equality with a
 * literal, IS NOT NULL, or any key on a nullable column makes the shape sparse;
 * one range (the one on the ORDER BY column, if any) becomes the sort key
 * condition; everything else is a filter. */
static bool fill_need(planner *p, plan_need *n, int k, bool soft)
{
    const ddbc_query *q = n->q;
    ddbc_pattern *pat = n->pattern;
    DDBC_VEC(const ddbc_predicate *) ranges = {NULL, 0, 0};
    for (size_t i = 0; i < q->predicates.n; i++) {
        const ddbc_predicate *pr = &q->predicates.v[i];
        ddbc_column *c = on_keyed(p, q, k, pr->column);
        if (!pr->negated && pr->op == DDBC_PRED_EQ && operands_are_values(pr)) {
            const ddbc_operand *o = &pr->operands.v[0];
            if (o->kind == DDBC_OPERAND_LITERAL && !plan_literal_is_key(p, c)) {
                DDBC_VEC_PUSH(p->arena, n->cond_preds, pr);
                add_condition(p, n, c,
                              ddbc_arena_printf(p->arena, "%s = %s",
                                                c->entity == n->entity ? c->name : ddbc_arena_printf(p->arena, "%s.%s", c->entity->name, c->name),
                                                literal_sql(p, o->literal)));
                continue;
            }
            plan_eq eq = {c, *o, pr};
            if (low_cardinality(c) || o->kind == DDBC_OPERAND_LITERAL)
                DDBC_VEC_PUSH(p->arena, n->sk_eqs, eq);
            else DDBC_VEC_PUSH(p->arena, n->pk_eqs, eq);
            continue;
        }
        if (!pr->negated && pr->op == DDBC_PRED_IN && !n->in && operands_are_values(pr)) {
            n->in = pr;
            plan_eq eq = {c, pr->operands.v[0], pr};
            /* a list of literals names a few values: low cardinality */
            if (low_cardinality(c) || pr->operands.v[0].kind == DDBC_OPERAND_LITERAL)
                DDBC_VEC_PUSH(p->arena, n->sk_eqs, eq);
            else
                DDBC_VEC_PUSH(p->arena, n->pk_eqs, eq);
            continue;
        }
        if (!pr->negated && pr->op == DDBC_PRED_IS_NOT_NULL) {
            DDBC_VEC_PUSH(p->arena, n->cond_preds, pr);
            add_condition(p, n, c, ddbc_arena_printf(p->arena, "%s IS NOT NULL", c->name));
            continue;
        }
        if (is_range(pr) && operands_are_values(pr)) {
            DDBC_VEC_PUSH(p->arena, ranges, pr);
            continue;
        }
        DDBC_VEC_PUSH(p->arena, n->filters, pr);
    }
    for (size_t i = 0; i < q->order_by.n; i++) {
        ddbc_column *c = on_keyed(p, q, k, q->order_by.v[i].column);
        DDBC_VEC_PUSH(p->arena, n->order, c);
        n->desc = q->order_by.v[i].desc;
    }
    for (size_t i = 0; i < ranges.n; i++) {
        ddbc_column *c = on_keyed(p, q, k, ranges.v[i]->column);
        bool fits = n->order.n ? c == n->order.v[0] : !n->range;
        if (fits && !n->range) {
            n->range = ranges.v[i];
            if (!n->order.n) DDBC_VEC_PUSH(p->arena, n->order, c);
        } else {
            DDBC_VEC_PUSH(p->arena, n->filters, ranges.v[i]);
        }
    }
    /* Ordering by a column an equality fixes orders nothing, and a range on
     * it only filters what the equality already chose. */
    size_t kept = 0;
    for (size_t i = 0; i < n->order.n; i++) {
        bool fixed = false;
        for (size_t j = 0; j < n->pk_eqs.n && !fixed; j++) fixed = n->pk_eqs.v[j].column == n->order.v[i];
        for (size_t j = 0; j < n->sk_eqs.n && !fixed; j++) fixed = n->sk_eqs.v[j].column == n->order.v[i];
        if (!fixed) n->order.v[kept++] = n->order.v[i];
        else if (n->range && i == 0) {
            DDBC_VEC_PUSH(p->arena, n->filters, n->range);
            n->range = NULL;
        }
    }
    n->order.n = kept;
    if (n->range && (!n->order.n || on_keyed(p, q, k, n->range->column) != n->order.v[0])) {
        DDBC_VEC_PUSH(p->arena, n->filters, n->range);
        n->range = NULL;
    }
    if (!n->pk_eqs.n && n->sk_eqs.n) {
        for (size_t i = 0; i < n->sk_eqs.n; i++) DDBC_VEC_PUSH(p->arena, n->pk_eqs, n->sk_eqs.v[i]);
        n->sk_eqs.n = 0;
    }
    if (!n->pk_eqs.n && !n->condition && p->opts->config->unkeyed_constant && !soft &&
        n->pattern->is_read) {
        /* planner.unkeyed_patterns: constant_partition — every item of the entity
         * in one partition (PLANNER-NOTES §8); check_limits warns it is hot */
        n->unkeyed = true;
    } else if (!n->pk_eqs.n && !n->condition) {
        if (!soft) {
            ddbc_span at = q->predicates.n ? q->predicates.v[0].span : q->bindings.v[k].span;
            plan_refuse(p, pat, DDBC_E0401, at,
                        "add an equality on an attribute that can be a key (for example "
                        "WHERE <parent>_id = $1), a literal condition that makes a sparse "
                        "index (WHERE status = 'OPEN'), or set planner.unkeyed_patterns: "
                        "constant_partition in ddbc.yaml to keep every item in one (hot) "
                        "partition",
                        "pattern '%s' has no equality on any attribute of '%s' that can be a "
                        "key, so DynamoDB would have to Scan the table",
                        pat->name, n->entity->name);
        } else {
            pat->status = DDBC_PATTERN_REJECTED;
        }
        return false;
    }
    if (!pat->is_read) keep_primary_key(p, n);
    if (n->pk_eqs.n > 1) qsort(n->pk_eqs.v, n->pk_eqs.n, sizeof *n->pk_eqs.v, by_ordinal);
    if (n->sk_eqs.n > 1) qsort(n->sk_eqs.v, n->sk_eqs.n, sizeof *n->sk_eqs.v, by_ordinal);
    /* A key on a nullable column: items where it is NULL are absent (sparse). */
    for (size_t i = 0; i < n->pk_eqs.n; i++)
        if (n->pk_eqs.v[i].column->nullable)
            add_condition(p, n, n->pk_eqs.v[i].column,
                          ddbc_arena_printf(p->arena, "%s IS NOT NULL", n->pk_eqs.v[i].column->name));
    for (size_t i = 0; i < n->sk_eqs.n; i++)
        if (n->sk_eqs.v[i].column->nullable)
            add_condition(p, n, n->sk_eqs.v[i].column,
                          ddbc_arena_printf(p->arena, "%s IS NOT NULL", n->sk_eqs.v[i].column->name));
    /* A sort key on a nullable column leaves the NULL rows out of the index,
     * which only a WHERE conjunct excluding them anyway makes correct. */
    for (size_t i = 0; i < n->order.n; i++) {
        ddbc_column *c = n->order.v[i];
        if (!c->nullable) continue;
        if (!excludes_null(p, q, k, c)) {
            if (soft) {
                pat->status = DDBC_PATTERN_REJECTED;
                return false;
            }
            ddbc_span at = q->order_by.n ? q->order_by.v[0].span : q->bindings.v[k].span;
            for (size_t j = 0; j < q->order_by.n; j++)
                if (on_keyed(p, q, k, q->order_by.v[j].column) == c) at = q->order_by.v[j].span;
            plan_refuse(p, pat, DDBC_E0416, at,
                        ddbc_arena_printf(p->arena,
                                          "add 'AND %s IS NOT NULL' if rows without it are not "
                                          "wanted, or declare the column NOT NULL (with a DEFAULT "
                                          "for existing rows)", c->name),
                        "pattern '%s' orders by '%s', which can be NULL: its sort key would "
                        "leave the rows where it is NULL out of the index, so they would be "
                        "missing from the result",
                        pat->name, c->name);
            return false;
        }
        add_condition(p, n, c, ddbc_arena_printf(p->arena, "%s IS NOT NULL", c->name));
    }
    ddbc_column **cols = ddbc_arena_alloc(p->arena, (n->pk_eqs.n + 1) * sizeof *cols);
    for (size_t i = 0; i < n->pk_eqs.n; i++) cols[i] = n->pk_eqs.v[i].column;
    n->pk_tag = plan_pk_tag(p, n->entity, cols, n->pk_eqs.n);
    const ddbc_key *pk = n->entity->primary_key;
    if (pk && !n->sk_eqs.n && !n->order.n && !n->condition &&
        same_columns(cols, n->pk_eqs.n, pk->columns.v, pk->columns.n))
        n->sk_tag = NULL;   /* the identity shape: resolved to "#TAG"/"~TAG" later */
    return true;
}

static void note_targets(planner *p, plan_need *n, int k)
{
    const ddbc_query *q = n->q;
    for (size_t i = 0; i < q->targets.n; i++) {
        const ddbc_target *t = &q->targets.v[i];
        if (t->kind == DDBC_TARGET_STAR && (t->binding < 0 || t->binding == k)) n->targets_all = true;
        else if (t->kind == DDBC_TARGET_COLUMN && t->column.binding == k)
            DDBC_VEC_PUSH(p->arena, n->attrs, t->column.column->name);
        else if (t->kind == DDBC_TARGET_COLUMN) {
            const ddbc_join *j = child_join(q, k, t->column.binding);
            if (j && fk_position(j->fk, t->column.column) >= 0)
                DDBC_VEC_PUSH(p->arena, n->attrs, j->fk->columns.v[fk_position(j->fk, t->column.column)]->name);
        } else if (t->kind == DDBC_TARGET_EXPR) {
            n->targets_all = true;
        }
    }
    if (!q->targets.n) n->targets_all = true;
}

/* The follow-up request for binding o: a parent fetched by key through the
 * keyed entity's foreign key (BatchGetItem), or children listed per item. */
static bool add_follow_up(planner *p, ddbc_pattern *pat, plan_need *main, int k, int o, bool soft)
{
    const ddbc_query *q = pat->query;
    const ddbc_join *up = child_join(q, k, o);
    const ddbc_join *down = child_join(q, o, k);
    if (!up && !down) {
        if (!soft)
            plan_refuse(p, pat, DDBC_E0401, q->bindings.v[o].span,
                        "join along a foreign key of one of the other tables, or split the "
                        "pattern in two",
                        "pattern '%s' joins '%s', which is not one foreign key away from '%s'; "
                        "DynamoDB has no joins",
                        pat->name, q->bindings.v[o].entity->name, main->entity->name);
        return false;
    }
    ddbc_entity *e = q->bindings.v[o].entity;
    plan_need *f = new_need(p, pat, e, soft);
    f->role = NEED_FOLLOW;
    f->partner = main;
    if (up) {
        /* parent by its primary key, from the child's foreign key values */
        f->hydrate = e;
        f->hydrate_fk = up->fk;
        if (!e->primary_key) return false;
        for (size_t i = 0; i < e->primary_key->columns.n; i++) {
            plan_eq eq = {e->primary_key->columns.v[i], {.kind = DDBC_OPERAND_COLUMN}, NULL};
            eq.value.column.column = e->primary_key->columns.v[i];
            eq.value.column.binding = o;
            DDBC_VEC_PUSH(p->arena, f->pk_eqs, eq);
        }
        f->pk_tag = p->ents[e->ordinal].plan->tag;
        f->sk_tag = NULL;
    } else {
        /* children of each keyed item, by their foreign key */
        f->hydrate = e;
        f->hydrate_fk = down->fk;
        f->hydrate_children = true;
        ddbc_column **cols = ddbc_arena_alloc(p->arena, down->fk->columns.n * sizeof *cols);
        for (size_t i = 0; i < down->fk->columns.n; i++) {
            plan_eq eq = {down->fk->columns.v[i], {.kind = DDBC_OPERAND_COLUMN}, NULL};
            eq.value.column.column = down->fk->ref_columns.v[i];
            eq.value.column.binding = k;
            DDBC_VEC_PUSH(p->arena, f->pk_eqs, eq);
            cols[i] = down->fk->columns.v[i];
        }
        f->pk_tag = plan_pk_tag(p, e, cols, down->fk->columns.n);
    }
    note_targets(p, f, o);
    return true;
}

/* Rule (PLANNER-NOTES §3): `parent JOIN child … WHERE parent.pk = $1` reads
 * the parent and its children with one Query on the parent's partition. */
static bool try_collection(planner *p, ddbc_pattern *pat, bool soft)
{
    const ddbc_query *q = pat->query;
    if (q->bindings.n != 2 || q->joins.n != 1) return false;
    for (int pb = 0; pb < 2; pb++) {
        int cb = 1 - pb;
        const ddbc_join *j = child_join(q, cb, pb);
        ddbc_entity *P = q->bindings.v[pb].entity, *C = q->bindings.v[cb].entity;
        if (!j || !P->primary_key) continue;
        /* every equality is on the parent's key; the rest are the child's */
        size_t covered = 0;
        bool other = false;
        for (size_t i = 0; i < q->predicates.n; i++) {
            const ddbc_predicate *pr = &q->predicates.v[i];
            if (pr->column.binding == pb && pr->op == DDBC_PRED_EQ && !pr->negated &&
                operands_are_values(pr) && pr->operands.v[0].kind == DDBC_OPERAND_PARAM &&
                fk_position(j->fk, pr->column.column) >= 0)
                covered++;
            else if (pr->column.binding == pb)
                other = true;
        }
        if (covered != P->primary_key->columns.n || other ||
            !same_columns(j->fk->ref_columns.v, j->fk->ref_columns.n, P->primary_key->columns.v,
                          P->primary_key->columns.n))
            continue;
        bool wants_child = false;
        for (size_t i = 0; i < q->targets.n; i++) {
            const ddbc_target *t = &q->targets.v[i];
            if ((t->kind == DDBC_TARGET_STAR && (t->binding < 0 || t->binding == cb)) ||
                (t->kind == DDBC_TARGET_COLUMN && t->column.binding == cb))
                wants_child = true;
        }
        bool wants_parent = false;
        for (size_t i = 0; i < q->targets.n; i++) {
            const ddbc_target *t = &q->targets.v[i];
            if ((t->kind == DDBC_TARGET_STAR && (t->binding < 0 || t->binding == pb)) ||
                (t->kind == DDBC_TARGET_COLUMN && t->column.binding == pb &&
                 fk_position(j->fk, t->column.column) < 0))
                wants_parent = true;
        }
        if (!wants_child || !wants_parent) continue;
        for (size_t i = 0; i < q->order_by.n; i++)
            if (q->order_by.v[i].column.binding != cb) return false;
        /* the child's half: partition by the foreign key, sorted by the ORDER BY */
        plan_need *c = new_need(p, pat, C, soft);
        if (!fill_need(p, c, cb, soft)) return true;
        c->parent = P;
        note_targets(p, c, cb);
        /* the parent's half: its identity in the same partition */
        plan_need *par = new_need(p, pat, P, soft);
        par->is_parent_side = true;
        par->parent = P;
        par->partner = c;
        c->partner = par;
        for (size_t i = 0; i < q->predicates.n; i++) {
            const ddbc_predicate *pr = &q->predicates.v[i];
            if (pr->column.binding != pb) continue;
            plan_eq eq = {pr->column.column, pr->operands.v[0], pr};
            DDBC_VEC_PUSH(p->arena, par->pk_eqs, eq);
        }
        if (par->pk_eqs.n > 1) qsort(par->pk_eqs.v, par->pk_eqs.n, sizeof *par->pk_eqs.v, by_ordinal);
        par->pk_tag = p->ents[P->ordinal].plan->tag;
        par->sk_tag = NULL;
        note_targets(p, par, pb);
        /* only a LIMIT cares which end of the collection the parent sits at */
        plan_entity *pe = &p->ents[P->ordinal];
        if (q->has_limit && c->desc) pe->parent_last_votes = true;
        else if (q->has_limit) pe->parent_first_votes = true;
        return true;
    }
    return false;
}

/* COUNT(*) [… GROUP BY g] with equalities only: a counter item the write
 * plans keep (PLANNER-NOTES §8). */
static bool classify_count(planner *p, ddbc_pattern *pat, bool soft)
{
    const ddbc_query *q = pat->query;
    if (q->joins.n || soft) {
        if (!soft)
            plan_refuse(p, pat, DDBC_E0407, q->span,
                        "count one table, with equalities only, so a counter item can hold "
                        "the answer",
                        "pattern '%s' counts over a join; DynamoDB has no server-side "
                        "aggregation",
                        pat->name);
        pat->status = DDBC_PATTERN_REJECTED;
        return false;
    }
    for (size_t i = 0; i < q->predicates.n; i++) {
        const ddbc_predicate *pr = &q->predicates.v[i];
        if (pr->op != DDBC_PRED_EQ || pr->negated || !operands_are_values(pr)) {
            plan_refuse(p, pat, DDBC_E0407, pr->span,
                        "count by equalities only (a counter per group), or count in the "
                        "application over a bounded Query",
                        "pattern '%s' counts rows matching a range or filter; only counts by "
                        "equality can be kept in a counter item",
                        pat->name);
            return false;
        }
    }
    ddbc_entity *e = q->root;
    ddbc_counter *ctr = DDBC_NEW(p->arena, ddbc_counter);
    ctr->query = q;
    ctr->attr = "item_count";
    ddbc_key_part tag = {.kind = DDBC_PART_LITERAL,
                         .literal = ddbc_arena_printf(p->arena, "%s_COUNT",
                                                      p->ents[e->ordinal].plan->tag)};
    DDBC_VEC_PUSH(p->arena, ctr->pk.parts, tag);
    ddbc_key_part sk = {.kind = DDBC_PART_LITERAL, .literal = "#COUNT"};
    DDBC_VEC_PUSH(p->arena, ctr->sk.parts, sk);
    plan_need *n = new_need(p, pat, e, soft);
    for (size_t i = 0; i < q->predicates.n; i++) {
        const ddbc_predicate *pr = &q->predicates.v[i];
        ddbc_key_part part = {.kind = DDBC_PART_COLUMN, .column = pr->column.column};
        DDBC_VEC_PUSH(p->arena, ctr->pk.parts, part);
        DDBC_VEC_PUSH(p->arena, ctr->group_by, pr->column.column);
        plan_eq eq = {pr->column.column, pr->operands.v[0], pr};
        DDBC_VEC_PUSH(p->arena, n->pk_eqs, eq);
    }
    for (size_t i = 0; i < q->group_by.n; i++) {
        ddbc_column *c = q->group_by.v[i].column;
        bool bound = false;
        for (size_t j = 0; j < ctr->group_by.n; j++) bound |= ctr->group_by.v[j] == c;
        if (bound) continue;
        ddbc_key_part part = {.kind = DDBC_PART_COLUMN, .column = c};
        DDBC_VEC_PUSH(p->arena, ctr->sk.parts, part);
        DDBC_VEC_PUSH(p->arena, ctr->group_by, c);
        DDBC_VEC_PUSH(p->arena, n->order, c);
    }
    DDBC_VEC_PUSH(p->arena, p->ents[e->ordinal].plan->counters, ctr);
    n->pk_tag = tag.literal;
    n->sk_tag = "#COUNT";
    n->index = 0;          /* counter items live on the table, keyed by their own template */
    n->targets_all = true;
    n->counter = ctr;
    pat->rationale = ddbc_arena_printf(p->arena,
                                       "COUNT(*) is kept in a counter item (%s) that every "
                                       "insert and delete of %s adjusts in the same transaction",
                                       ddbc_key_template_str(&ctr->pk, p->arena), e->name);
    return true;
}

static bool counts(const ddbc_query *q)
{
    for (size_t i = 0; i < q->targets.n; i++)
        if (q->targets.v[i].kind == DDBC_TARGET_COUNT) return true;
    return false;
}

bool plan_classify_read(planner *p, ddbc_pattern *pat, bool soft)
{
    const ddbc_query *q = pat->query;
    if (!refuse_clauses(p, pat, soft)) return false;
    if (counts(q)) return classify_count(p, pat, soft);
    if (q->group_by.n) {
        if (!soft)
            plan_refuse(p, pat, DDBC_E0407, q->group_by.v[0].span,
                        "list the items and group them in the application, or keep the groups "
                        "as items of their own",
                        "pattern '%s' groups rows; DynamoDB has no server-side aggregation",
                        pat->name);
        pat->status = DDBC_PATTERN_REJECTED;
        return false;
    }
    for (size_t i = 0; i < q->joins.n; i++) {
        if (!q->joins.v[i].fk) {
            if (!soft)
                plan_refuse(p, pat, DDBC_E0401, q->joins.v[i].span,
                            "join along a foreign key, or copy the attributes you need onto "
                            "the item",
                            "pattern '%s' joins on columns that are not a foreign key; "
                            "DynamoDB has no joins",
                            pat->name);
            pat->status = DDBC_PATTERN_REJECTED;
            return false;
        }
    }
    if (try_collection(p, pat, soft)) return pat->status == DDBC_PATTERN_SERVED;
    /* The keyed binding: one that carries every condition (its own or a parent's
     * through one foreign key), preferring one with an equality. */
    int k = -1;
    for (int pass = 0; pass < 3 && k < 0; pass++)
        for (size_t b = 0; b < q->bindings.n && k < 0; b++) {
            bool fits = pass == 0   ? selected(q, (int)b)
                        : pass == 1 ? has_eq_on(q, (int)b)
                                    : true;
            if (transferable(q, (int)b) && (fits || q->bindings.n == 1)) k = (int)b;
        }
    if (k < 0) {
        if (!soft)
            plan_refuse(p, pat, DDBC_E0401, q->span,
                        "filter on one table, or on a table and its parents",
                        "pattern '%s' filters on tables that no single item can carry; "
                        "DynamoDB has no joins",
                        pat->name);
        pat->status = DDBC_PATTERN_REJECTED;
        return false;
    }
    plan_need *n = new_need(p, pat, q->bindings.v[k].entity, soft);
    if (!fill_need(p, n, k, soft)) return false;
    note_targets(p, n, k);
    bool star_all = false;
    for (size_t i = 0; i < q->targets.n; i++)
        star_all |= q->targets.v[i].kind == DDBC_TARGET_STAR && q->targets.v[i].binding < 0;
    for (size_t b = 0; b < q->bindings.n; b++) {
        /* a joined table none of whose columns are returned needs no request */
        if ((int)b == k || (!star_all && !selected(q, (int)b))) continue;
        if (!add_follow_up(p, pat, n, k, (int)b, soft)) {
            pat->status = DDBC_PATTERN_REJECTED;
            return false;
        }
    }
    return true;
}
