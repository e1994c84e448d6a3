/* check.c — the check pass: annotated SELECT/INSERT/UPDATE/DELETE → IR queries.
 *
 * Resolves tables, aliases and columns against the catalog, matches joins with
 * the foreign keys they follow, reduces WHERE to conjunct predicates (keeping
 * what it cannot reduce as residuals for the planner to judge), and numbers,
 * names and types the parameters.  A query with errors is reported, not kept. */
#include "check.h"

#include <stdlib.h>
#include <string.h>

#include "catalog.h"

typedef struct checker {
    ddbc_arena *arena;
    ddbc_diags *diags;
    ddbc_sources *sources;
    ddbc_ir *ir;
    ddbc_symtab *names;       /* query name → first ddbc_ast_annotation */
} checker;

/* A parameter while its query is being checked: numbered, named and typed at
 * the end, once every occurrence is known. */
typedef struct slot {
    ddbc_param_style style;
    int number;               /* $N; the parser's position for ? */
    const char *name;         /* @name / sqlc.arg(name) */
    ddbc_span span;           /* first occurrence */
    ddbc_column *column;      /* the column it was first compared with or assigned to */
    ddbc_span typed_at;       /* where that happened */
    ddbc_type type;
    bool typed;
    const char *derived;      /* name suggested by its use: column, col_from, limit */
    bool nullable, slice;
} slot;

typedef struct qctx {
    checker *ck;
    ddbc_query *q;
    const ddbc_ast_stmt *stmt;
    DDBC_VEC(slot) slots;
    bool failed;              /* an error was reported: the query is not kept */
    bool has_dead;            /* a table did not resolve: be quiet about its columns */
    const ddbc_expr *first_numbered, *first_positional;
    bool mixed_reported;
} qctx;

/* Two resolved columns compared for equality across bindings: a join condition. */
typedef struct eq_pair {
    ddbc_colref a, b;
    const ddbc_expr *expr;
    bool used;
} eq_pair;

typedef DDBC_VEC(eq_pair) pair_list;
typedef DDBC_VEC(ddbc_expr *) conj_list;

/* ---- small helpers ---------------------------------------------------------- */

static void fail(qctx *c)
{
    c->failed = true;
}

static const char *source_text(checker *ck, ddbc_span span)
{
    if (span.file == DDBC_NO_FILE || span.file >= ck->sources->files.n) return "";
    const ddbc_source *src = ck->sources->files.v[span.file];
    if (span.end > src->len || span.start > span.end) return "";
    return ddbc_arena_strndup(ck->arena, src->text + span.start, span.end - span.start);
}

static bool is_column(const ddbc_expr *e)
{
    return e && e->kind == DDBC_EXPR_COLUMN;
}

static const ddbc_expr *strip_casts(const ddbc_expr *e)
{
    while (e && e->kind == DDBC_EXPR_CAST) e = e->lhs;
    return e;
}

static bool is_comparison(ddbc_op op)
{
    return op == DDBC_OP_EQ || op == DDBC_OP_NE || op == DDBC_OP_LT || op == DDBC_OP_LE ||
           op == DDBC_OP_GT || op == DDBC_OP_GE;
}

static bool is_arithmetic(ddbc_op op)
{
    return op == DDBC_OP_ADD || op == DDBC_OP_SUB || op == DDBC_OP_MUL || op == DDBC_OP_DIV ||
           op == DDBC_OP_MOD || op == DDBC_OP_CONCAT;
}

static ddbc_pred_op pred_op(ddbc_op op)
{
    switch (op) {
    case DDBC_OP_NE: return DDBC_PRED_NE;
    case DDBC_OP_LT: return DDBC_PRED_LT;
    case DDBC_OP_LE: return DDBC_PRED_LE;
    case DDBC_OP_GT: return DDBC_PRED_GT;
    case DDBC_OP_GE: return DDBC_PRED_GE;
    default: return DDBC_PRED_EQ;
    }
}

/* `$1 < col` is `col > $1`. */
static ddbc_op flip(ddbc_op op)
{
    switch (op) {
    case DDBC_OP_LT: return DDBC_OP_GT;
    case DDBC_OP_LE: return DDBC_OP_GE;
    case DDBC_OP_GT: return DDBC_OP_LT;
    case DDBC_OP_GE: return DDBC_OP_LE;
    default: return op;
    }
}

/* Functions whose result has the type of their (column) argument, so a
 * parameter compared with `lower(email)` is typed like email. */
static bool type_preserving(const char *fn)
{
    static const char *const names[] = {
        "lower", "upper", "trim", "ltrim", "rtrim", "btrim", "date_trunc", "coalesce",
        "ifnull", "nullif", "abs", "round", "floor", "ceil", "ceiling", "greatest", "least",
        "min", "max", "trunc",
    };
    if (!fn) return false;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(fn, names[i]) == 0) return true;
    return false;
}

static bool contains_kind(const ddbc_expr *e, ddbc_expr_kind kind)
{
    if (!e) return false;
    if (e->kind == kind) return true;
    if (contains_kind(e->lhs, kind) || contains_kind(e->rhs, kind) || contains_kind(e->third, kind))
        return true;
    for (size_t i = 0; i < e->args.n; i++)
        if (contains_kind(e->args.v[i], kind)) return true;
    return false;
}

/* A function (or cast) applied to a column: DynamoDB can only match stored values. */
static bool has_function_of_column(const ddbc_expr *e)
{
    if (!e) return false;
    if ((e->kind == DDBC_EXPR_FUNC || e->kind == DDBC_EXPR_CAST) &&
        contains_kind(e, DDBC_EXPR_COLUMN))
        return true;
    if (has_function_of_column(e->lhs) || has_function_of_column(e->rhs) ||
        has_function_of_column(e->third))
        return true;
    for (size_t i = 0; i < e->args.n; i++)
        if (has_function_of_column(e->args.v[i])) return true;
    return false;
}

/* ---- name resolution ------------------------------------------------------------ */

static int find_binding(qctx *c, const char *name)
{
    ddbc_query *q = c->q;
    for (size_t i = 0; i < q->bindings.n; i++)
        if (strcmp(q->bindings.v[i].alias, name) == 0) return (int)i;
    /* Lenient: the table's own name when it was given another alias. */
    for (size_t i = 0; i < q->bindings.n; i++)
        if (q->bindings.v[i].entity && strcmp(q->bindings.v[i].entity->name, name) == 0)
            return (int)i;
    /* ON CONFLICT … SET x = EXCLUDED.x names the row being inserted. */
    if (c->q->stmt == DDBC_STMT_INSERT && q->bindings.n > 0 &&
        (strcmp(name, "excluded") == 0 || strcmp(name, "new") == 0))
        return 0;
    /* public.users.id */
    const char *dot = strrchr(name, '.');
    if (dot) return find_binding(c, dot + 1);
    return -1;
}

static void unknown_alias(qctx *c, const char *name, ddbc_span span)
{
    ddbc_diag *d = ddbc_diag_report(c->ck->diags, DDBC_E0203, span,
                                    "query '%s' has no table or alias '%s'", c->q->name, name);
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; i < c->q->bindings.n; i++) {
        const char *alias = c->q->bindings.v[i].alias;
        size_t dist = ddbc_edit_distance(name, alias, 3);
        if (ddbc_name_is_close(name, dist) && dist < best_d) {
            best_d = dist;
            best = alias;
        }
    }
    if (best) ddbc_diag_set_hint(c->ck->diags, d, "did you mean '%s'?", best);
    fail(c);
}

static void unknown_column(qctx *c, const ddbc_expr *e, const ddbc_entity *only)
{
    ddbc_diags *diags = c->ck->diags;
    ddbc_diag *d;
    const ddbc_entity *near = only;
    const char *close = NULL;
    if (only) {
        d = ddbc_diag_report(diags, DDBC_E0204, e->span, "table '%s' has no column '%s'",
                             only->name, e->name);
        close = ddbc_entity_closest_column(only, e->name);
    } else {
        d = ddbc_diag_report(diags, DDBC_E0204, e->span,
                             "no table in query '%s' has a column '%s'", c->q->name, e->name);
        size_t best_d = (size_t)-1;
        for (size_t i = 0; i < c->q->bindings.n; i++) {
            const ddbc_entity *be = c->q->bindings.v[i].entity;
            if (!be) continue;
            if (!near) near = be;
            const char *cand = ddbc_entity_closest_column(be, e->name);
            if (!cand) continue;
            size_t dist = ddbc_edit_distance(e->name, cand, 3);
            if (dist < best_d) {
                best_d = dist;
                close = cand;
                near = be;
            }
        }
    }
    if (near) ddbc_diag_add_note(diags, d, near->span, "table '%s' declared here", near->name);
    if (close) ddbc_diag_set_hint(diags, d, "did you mean '%s'?", close);
    fail(c);
}

/* Resolve a column reference to (binding, column).  quiet: only look, report
 * nothing (used to type parameters before the loud pass reaches the column). */
static bool resolve(qctx *c, const ddbc_expr *e, ddbc_colref *out, bool quiet)
{
    ddbc_query *q = c->q;
    out->span = e->span;
    out->column = NULL;
    out->binding = -1;
    if (!e->name) return false;
    if (e->qualifier) {
        int b = find_binding(c, e->qualifier);
        if (b < 0) {
            if (!quiet && !c->has_dead) unknown_alias(c, e->qualifier, e->span);
            return false;
        }
        const ddbc_entity *ent = q->bindings.v[b].entity;
        if (!ent) return false; /* its table is unknown: already reported */
        ddbc_column *col = ddbc_entity_column(ent, e->name);
        if (!col) {
            if (!quiet) unknown_column(c, e, ent);
            return false;
        }
        out->binding = b;
        out->column = col;
        return true;
    }
    int found = -1;
    ddbc_column *col = NULL;
    for (size_t i = 0; i < q->bindings.n; i++) {
        const ddbc_entity *ent = q->bindings.v[i].entity;
        if (!ent) continue;
        ddbc_column *cc = ddbc_entity_column(ent, e->name);
        if (!cc) continue;
        if (found >= 0) {
            if (quiet) return false;
            ddbc_diag *d = ddbc_diag_report(c->ck->diags, DDBC_E0205, e->span,
                                            "column '%s' is ambiguous in query '%s'", e->name,
                                            q->name);
            ddbc_diag_add_note(c->ck->diags, d, col->span, "'%s.%s' declared here",
                               q->bindings.v[found].alias, col->name);
            ddbc_diag_add_note(c->ck->diags, d, cc->span, "'%s.%s' declared here",
                               q->bindings.v[i].alias, cc->name);
            ddbc_diag_set_hint(c->ck->diags, d, "qualify it: %s.%s", q->bindings.v[found].alias,
                               e->name);
            fail(c);
            return false;
        }
        found = (int)i;
        col = cc;
    }
    if (found < 0) {
        if (!quiet && !c->has_dead) {
            const ddbc_entity *only = q->bindings.n == 1 ? q->bindings.v[0].entity : NULL;
            unknown_column(c, e, only);
        }
        return false;
    }
    out->binding = found;
    out->column = col;
    return true;
}

/* The column whose type an expression has, when it is a column or a
 * type-preserving function of one (quietly; nothing is reported). */
static bool type_source(qctx *c, const ddbc_expr *e, ddbc_colref *out)
{
    if (!e) return false;
    if (e->kind == DDBC_EXPR_COLUMN) return resolve(c, e, out, true);
    if (e->kind == DDBC_EXPR_FUNC && type_preserving(e->name))
        for (size_t i = 0; i < e->args.n; i++)
            if (type_source(c, e->args.v[i], out)) return true;
    return false;
}

/* ---- parameters ------------------------------------------------------------------ */

static int find_slot(qctx *c, const ddbc_expr *p)
{
    for (size_t i = 0; i < c->slots.n; i++) {
        const slot *s = &c->slots.v[i];
        if (s->style != p->param_style) continue;
        if (p->param_style == DDBC_PARAM_NUMBERED && s->number == p->param_number) return (int)i;
        if (p->param_style == DDBC_PARAM_NAMED && s->name && p->name && strcmp(s->name, p->name) == 0)
            return (int)i;
    }
    return -1;
}

/* Rule: $N and ? cannot share a statement — the numbering of one would
 * contradict the other. */
static void note_style(qctx *c, const ddbc_expr *p)
{
    if (p->param_style == DDBC_PARAM_NUMBERED && !c->first_numbered) c->first_numbered = p;
    if (p->param_style == DDBC_PARAM_POSITIONAL && !c->first_positional) c->first_positional = p;
    if (c->first_numbered && c->first_positional && !c->mixed_reported) {
        c->mixed_reported = true;
        const ddbc_expr *other = p == c->first_numbered ? c->first_positional : c->first_numbered;
        ddbc_diag *d = ddbc_diag_report(c->ck->diags, DDBC_E0211, p->span,
                                        "query '%s' mixes numbered ($N) and positional (?) "
                                        "parameters", c->q->name);
        ddbc_diag_add_note(c->ck->diags, d, other->span, "the other style is used here");
        ddbc_diag_set_hint(c->ck->diags, d, "use one style throughout the statement");
        fail(c);
    }
}

/* The slot of a parameter occurrence, created on first sight. */
static int param_slot(qctx *c, const ddbc_expr *p)
{
    note_style(c, p);
    int i = p->param_style == DDBC_PARAM_POSITIONAL ? -1 : find_slot(c, p);
    if (i < 0) {
        slot s;
        memset(&s, 0, sizeof s);
        s.style = p->param_style;
        s.number = p->param_number;
        s.name = p->param_style == DDBC_PARAM_NAMED ? p->name : NULL;
        s.span = p->span;
        s.typed_at = DDBC_NO_SPAN;
        DDBC_VEC_PUSH(c->ck->arena, c->slots, s);
        i = (int)c->slots.n - 1;
    }
    slot *s = &c->slots.v[i];
    s->nullable = s->nullable || p->param_nullable;
    s->slice = s->slice || p->param_slice;
    return i;
}

static const char *param_label(qctx *c, const slot *s)
{
    if (s->style == DDBC_PARAM_NAMED) return ddbc_arena_printf(c->ck->arena, "@%s", s->name);
    if (s->style == DDBC_PARAM_NUMBERED) return ddbc_arena_printf(c->ck->arena, "$%d", s->number);
    return "?";
}

static const char *colref_label(qctx *c, const ddbc_colref *r)
{
    return ddbc_arena_printf(c->ck->arena, "%s.%s", c->q->bindings.v[r->binding].alias,
                             r->column->name);
}

/* Rule: a parameter takes the type of the column it meets; meeting columns of
 * two different classes is a conflict (the generated function has one type). */
static void infer(qctx *c, int si, const ddbc_colref *col, const char *derived, ddbc_span at)
{
    if (!col || !col->column) return;
    slot *s = &c->slots.v[si];
    if (!s->column) {
        s->column = col->column;
        s->type = col->column->type;
        s->typed = true;
        s->typed_at = at;
        if (!s->derived) s->derived = derived ? derived : col->column->name;
        return;
    }
    if (s->type.cls == col->column->type.cls) return;
    ddbc_diag *d = ddbc_diag_report(c->ck->diags, DDBC_E0210, at,
                                    "parameter %s is used as %s ('%s') here but as %s ('%s') "
                                    "before", param_label(c, s),
                                    ddbc_type_class_name(col->column->type.cls), colref_label(c, col),
                                    ddbc_type_class_name(s->type.cls), s->column->name);
    ddbc_diag_add_note(c->ck->diags, d, s->typed_at, "first used as %s here",
                       ddbc_type_class_name(s->type.cls));
    ddbc_diag_set_hint(c->ck->diags, d, "use a separate parameter for each column");
    fail(c);
}

static ddbc_type integer_type(void)
{
    ddbc_type t;
    memset(&t, 0, sizeof t);
    t.cls = DDBC_T_INTEGER;
    t.sql = "integer";
    return t;
}

/* A parameter used where a type is fixed by the clause (LIMIT, OFFSET). */
static void infer_fixed(qctx *c, int si, ddbc_type type, const char *derived)
{
    slot *s = &c->slots.v[si];
    if (!s->typed) {
        s->type = type;
        s->typed = true;
    }
    if (!s->derived) s->derived = derived;
}

/* `$1::uuid`: the cast names the type when no column does. */
static void infer_from_cast(qctx *c, int si, const char *type_text)
{
    slot *s = &c->slots.v[si];
    if (s->typed || !type_text) return;
    ddbc_ast_type t;
    memset(&t, 0, sizeof t);
    size_t n = strlen(type_text);
    while (n >= 2 && type_text[n - 2] == '[' && type_text[n - 1] == ']') {
        t.array_dims++;
        n -= 2;
    }
    const char *paren = memchr(type_text, '(', n);
    if (paren) n = (size_t)(paren - type_text);
    while (n > 0 && type_text[n - 1] == ' ') n--;
    t.name = ddbc_arena_strndup(c->ck->arena, type_text, n);
    t.text = type_text;
    t.span = s->span;
    s->type = ddbc_type_from_ast(&t, &c->ck->ir->catalog, c->ck->arena);
    s->typed = true;
}

/* ---- expression walk ---------------------------------------------------------------- */

static void walk(qctx *c, const ddbc_expr *e, const ddbc_colref *ctx);

/* Register the parameters of a subquery; its names are not resolved (the
 * statement is refused or kept as a residual anyway), but the numbering of
 * the parameters must stay complete. */
static void walk_params_only(qctx *c, const ddbc_expr *e);

static void select_params_only(qctx *c, const ddbc_ast_select *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->targets.n; i++) walk_params_only(c, s->targets.v[i].expr);
    for (size_t i = 0; i < s->from.n; i++) select_params_only(c, s->from.v[i].subquery);
    for (size_t i = 0; i < s->joins.n; i++) {
        select_params_only(c, s->joins.v[i].table.subquery);
        walk_params_only(c, s->joins.v[i].on);
    }
    walk_params_only(c, s->where);
    for (size_t i = 0; i < s->group_by.n; i++) walk_params_only(c, s->group_by.v[i]);
    walk_params_only(c, s->having);
    for (size_t i = 0; i < s->order_by.n; i++) walk_params_only(c, s->order_by.v[i].expr);
    walk_params_only(c, s->limit);
    walk_params_only(c, s->offset);
}

static void walk_params_only(qctx *c, const ddbc_expr *e)
{
    if (!e) return;
    if (e->kind == DDBC_EXPR_PARAM) {
        param_slot(c, e);
        return;
    }
    walk_params_only(c, e->lhs);
    walk_params_only(c, e->rhs);
    walk_params_only(c, e->third);
    for (size_t i = 0; i < e->args.n; i++) walk_params_only(c, e->args.v[i]);
    select_params_only(c, e->subquery);
}

static void walk_param(qctx *c, const ddbc_expr *e, const ddbc_colref *ctx)
{
    int si = param_slot(c, e);
    if (ctx) infer(c, si, ctx, NULL, e->span);
}

/* One side of a binary operator: a parameter there is typed by ctx, or by
 * the cast on the other side (`created_at::date = $1` makes $1 a date). */
static void walk_side(qctx *c, const ddbc_expr *side, const ddbc_colref *ctx,
                      const ddbc_expr *other)
{
    if (side && side->kind == DDBC_EXPR_PARAM) {
        int si = param_slot(c, side);
        if (ctx) infer(c, si, ctx, NULL, side->span);
        if (other && other->kind == DDBC_EXPR_CAST) infer_from_cast(c, si, other->text);
        return;
    }
    walk(c, side, ctx);
}

/* Walk the operands of a predicate-like node whose first operand is `subject`:
 * parameters among the others are typed like the subject's column. */
static void walk_with_subject(qctx *c, const ddbc_expr *subject, const ddbc_expr *const *others,
                              size_t n)
{
    ddbc_colref src;
    bool has = type_source(c, subject, &src);
    walk(c, subject, NULL);
    for (size_t i = 0; i < n; i++) walk(c, others[i], has ? &src : NULL);
}

/* Resolve every column and register every parameter of an expression the
 * pass keeps uninterpreted (residuals, computed targets, SET x = x + 1).
 * ctx: the column a parameter directly inside would be typed by. */
static void walk(qctx *c, const ddbc_expr *e, const ddbc_colref *ctx)
{
    if (!e) return;
    switch (e->kind) {
    case DDBC_EXPR_COLUMN: {
        ddbc_colref r;
        resolve(c, e, &r, false);
        break;
    }
    case DDBC_EXPR_PARAM:
        walk_param(c, e, ctx);
        break;
    case DDBC_EXPR_STAR:
    case DDBC_EXPR_STRING:
    case DDBC_EXPR_NUMBER:
    case DDBC_EXPR_BOOL:
    case DDBC_EXPR_NULL:
    case DDBC_EXPR_DEFAULT:
        break;
    case DDBC_EXPR_UNARY:
        walk(c, e->lhs, ctx);
        break;
    case DDBC_EXPR_BINARY: {
        if (e->op == DDBC_OP_AND || e->op == DDBC_OP_OR) {
            walk(c, e->lhs, NULL);
            walk(c, e->rhs, NULL);
            break;
        }
        /* Each side types the parameters of the other; arithmetic passes the
         * outer context through (SET n = n + $1). */
        ddbc_colref ls, rs;
        bool lk = type_source(c, e->lhs, &ls), rk = type_source(c, e->rhs, &rs);
        const ddbc_colref *inherit = is_arithmetic(e->op) ? ctx : NULL;
        walk_side(c, e->lhs, rk ? &rs : inherit, e->rhs);
        walk_side(c, e->rhs, lk ? &ls : inherit, e->lhs);
        break;
    }
    case DDBC_EXPR_BETWEEN: {
        const ddbc_expr *others[2] = {e->rhs, e->third};
        walk_with_subject(c, e->lhs, others, 2);
        break;
    }
    case DDBC_EXPR_IN:
        if (e->subquery) {
            walk(c, e->lhs, NULL);
            select_params_only(c, e->subquery);
        } else {
            walk_with_subject(c, e->lhs, (const ddbc_expr *const *)(uintptr_t)e->args.v, e->args.n);
            if (e->rhs) walk(c, e->rhs, NULL);
        }
        break;
    case DDBC_EXPR_LIKE:
    case DDBC_EXPR_IS: {
        const ddbc_expr *others[1] = {e->rhs};
        walk_with_subject(c, e->lhs, others, 1);
        break;
    }
    case DDBC_EXPR_FUNC: {
        /* coalesce(col, $1): the parameter is typed like col. */
        ddbc_colref src;
        const ddbc_colref *inner = NULL;
        if (type_preserving(e->name)) {
            inner = ctx;
            for (size_t i = 0; i < e->args.n; i++)
                if (type_source(c, e->args.v[i], &src)) {
                    inner = &src;
                    break;
                }
        }
        for (size_t i = 0; i < e->args.n; i++) walk(c, e->args.v[i], inner);
        walk(c, e->lhs, NULL);
        break;
    }
    case DDBC_EXPR_CAST: {
        const ddbc_expr *x = e->lhs;
        if (x && x->kind == DDBC_EXPR_PARAM) {
            int si = param_slot(c, x);
            if (ctx) infer(c, si, ctx, NULL, x->span);
            infer_from_cast(c, si, e->text);
        } else {
            walk(c, x, NULL);
        }
        break;
    }
    case DDBC_EXPR_SUBQUERY:
        select_params_only(c, e->subquery);
        break;
    case DDBC_EXPR_CASE:
    case DDBC_EXPR_ROW:
    case DDBC_EXPR_OTHER:
        walk(c, e->lhs, NULL);
        walk(c, e->rhs, NULL);
        walk(c, e->third, NULL);
        for (size_t i = 0; i < e->args.n; i++) walk(c, e->args.v[i], NULL);
        select_params_only(c, e->subquery);
        break;
    }
}

/* ---- operands and predicates ------------------------------------------------------------ */

/* Whether e is a value a key condition can use: a parameter or a literal,
 * possibly cast ('x'::text, $1::uuid, -5). */
static bool is_value(const ddbc_expr *e)
{
    const ddbc_expr *x = strip_casts(e);
    if (!x) return false;
    switch (x->kind) {
    case DDBC_EXPR_PARAM:
    case DDBC_EXPR_STRING:
    case DDBC_EXPR_NUMBER:
    case DDBC_EXPR_BOOL:
    case DDBC_EXPR_NULL:
        return true;
    case DDBC_EXPR_UNARY: {
        const ddbc_expr *y = strip_casts(x->lhs);
        return (x->op == DDBC_OP_NEG || x->op == DDBC_OP_SUB) && y && y->kind == DDBC_EXPR_NUMBER;
    }
    default:
        return false;
    }
}

/* Build the operand for a value (is_value(e) holds); a parameter is typed by
 * col and named `derived` (or after the column). */
static ddbc_operand value_operand(qctx *c, const ddbc_expr *e, const ddbc_colref *col,
                                  const char *derived)
{
    ddbc_operand op;
    memset(&op, 0, sizeof op);
    op.span = e->span;
    const char *cast = e->kind == DDBC_EXPR_CAST ? e->text : NULL;
    const ddbc_expr *x = strip_casts(e);
    op.kind = DDBC_OPERAND_LITERAL;
    if (!x) return op;
    if (x->kind == DDBC_EXPR_PARAM) {
        op.kind = DDBC_OPERAND_PARAM;
        op.param = param_slot(c, x);
        if (col && col->column) infer(c, op.param, col, derived, x->span);
        else if (derived && !c->slots.v[op.param].derived) c->slots.v[op.param].derived = derived;
        infer_from_cast(c, op.param, cast);
        return op;
    }
    const ddbc_expr *num = x->kind == DDBC_EXPR_UNARY ? strip_casts(x->lhs) : NULL;
    if (num) {
        /* -5: one NUMBER literal, as the planner and emitters expect. */
        ddbc_expr *n = DDBC_NEW(c->ck->arena, ddbc_expr);
        *n = *num;
        n->span = x->span;
        n->text = ddbc_arena_printf(c->ck->arena, "-%s", n->text ? n->text : "0");
        op.literal = n;
    } else {
        op.literal = (ddbc_expr *)(uintptr_t)x;
    }
    return op;
}

static ddbc_operand column_operand(const ddbc_colref *r)
{
    ddbc_operand op;
    memset(&op, 0, sizeof op);
    op.kind = DDBC_OPERAND_COLUMN;
    op.column = *r;
    op.span = r->span;
    return op;
}

static ddbc_predicate *add_predicate(qctx *c, const ddbc_colref *col, ddbc_pred_op op,
                                     bool negated, ddbc_span span)
{
    ddbc_predicate p;
    memset(&p, 0, sizeof p);
    p.column = *col;
    p.op = op;
    p.negated = negated;
    p.span = span;
    DDBC_VEC_PUSH(c->ck->arena, c->q->predicates, p);
    return &c->q->predicates.v[c->q->predicates.n - 1];
}

/* Keep a conjunct the pass cannot reduce; its columns and parameters are
 * still resolved and registered. */
static void residual(qctx *c, const ddbc_expr *e, bool walk_it)
{
    ddbc_residual r;
    r.expr = (ddbc_expr *)(uintptr_t)e;
    r.span = e->span;
    if (e->kind == DDBC_EXPR_BINARY && e->op == DDBC_OP_OR) r.kind = DDBC_RESIDUAL_OR;
    else if (contains_kind(e, DDBC_EXPR_SUBQUERY) ||
             (e->kind == DDBC_EXPR_IN && e->subquery))
        r.kind = DDBC_RESIDUAL_SUBQUERY;
    else if (has_function_of_column(e)) r.kind = DDBC_RESIDUAL_FUNCTION;
    else r.kind = DDBC_RESIDUAL_OTHER;
    DDBC_VEC_PUSH(c->ck->arena, c->q->residuals, r);
    if (walk_it) walk(c, e, NULL);
}

static void residual_kind(qctx *c, const ddbc_expr *e, ddbc_residual_kind kind)
{
    ddbc_residual r;
    r.kind = kind;
    r.expr = (ddbc_expr *)(uintptr_t)e;
    r.span = e->span;
    DDBC_VEC_PUSH(c->ck->arena, c->q->residuals, r);
}

/* col op value, or value op col (flipped). */
static void comparison(qctx *c, const ddbc_expr *e)
{
    const ddbc_expr *l = e->lhs, *r = e->rhs;
    ddbc_op op = e->op;
    if (is_column(l) && is_column(r)) {
        /* Equalities across tables were taken as join conditions already;
         * what is left compares two columns. */
        ddbc_colref a, b;
        bool ok = resolve(c, l, &a, false);
        ok = resolve(c, r, &b, false) && ok;
        if (ok && a.binding != b.binding && op == DDBC_OP_EQ) {
            ddbc_predicate *p = add_predicate(c, &a, DDBC_PRED_EQ, false, e->span);
            DDBC_VEC_PUSH(c->ck->arena, p->operands, column_operand(&b));
        } else if (ok) {
            residual_kind(c, e, DDBC_RESIDUAL_COLUMN_COMPARE);
        }
        return;
    }
    if (!is_column(l) && is_column(r) && is_value(l)) {
        const ddbc_expr *t = l;
        l = r;
        r = t;
        op = flip(op);
    }
    if (is_column(l) && is_value(r)) {
        ddbc_colref col;
        bool ok = resolve(c, l, &col, false);
        ddbc_operand v = value_operand(c, r, ok ? &col : NULL, NULL);
        if (!ok) return;
        ddbc_predicate *p = add_predicate(c, &col, pred_op(op), false, e->span);
        DDBC_VEC_PUSH(c->ck->arena, p->operands, v);
        return;
    }
    residual(c, e, true);
}

/* col = ANY($1) / col <> ALL($1): PostgreSQL's list parameter, an IN. */
static bool any_all(qctx *c, const ddbc_expr *e)
{
    bool any = e->text && strcmp(e->text, "= ANY") == 0;
    bool all = e->text && strcmp(e->text, "<> ALL") == 0;
    const ddbc_expr *list = strip_casts(e->rhs);
    if ((!any && !all) || !is_column(e->lhs) || !list || list->kind != DDBC_EXPR_PARAM)
        return false;
    ddbc_colref col;
    bool ok = resolve(c, e->lhs, &col, false);
    ddbc_operand v = value_operand(c, e->rhs, ok ? &col : NULL, NULL);
    c->slots.v[v.param].slice = true;
    if (!ok) return true;
    ddbc_predicate *p = add_predicate(c, &col, DDBC_PRED_IN, all, e->span);
    DDBC_VEC_PUSH(c->ck->arena, p->operands, v);
    return true;
}

static void between(qctx *c, const ddbc_expr *e)
{
    if (!is_column(e->lhs) || !is_value(e->rhs) || !is_value(e->third)) {
        residual(c, e, true);
        return;
    }
    ddbc_colref col;
    bool ok = resolve(c, e->lhs, &col, false);
    const char *name = ok ? col.column->name : NULL;
    ddbc_operand lo = value_operand(c, e->rhs, ok ? &col : NULL,
                                    name ? ddbc_arena_printf(c->ck->arena, "%s_from", name) : NULL);
    ddbc_operand hi = value_operand(c, e->third, ok ? &col : NULL,
                                    name ? ddbc_arena_printf(c->ck->arena, "%s_to", name) : NULL);
    if (!ok) return;
    ddbc_predicate *p = add_predicate(c, &col, DDBC_PRED_BETWEEN, e->negated, e->span);
    DDBC_VEC_PUSH(c->ck->arena, p->operands, lo);
    DDBC_VEC_PUSH(c->ck->arena, p->operands, hi);
}

static void in_list(qctx *c, const ddbc_expr *e)
{
    bool all_values = e->args.n > 0 && !e->subquery;
    for (size_t i = 0; i < e->args.n && all_values; i++) all_values = is_value(e->args.v[i]);
    if (!is_column(e->lhs) || !all_values) {
        residual(c, e, true);
        return;
    }
    ddbc_colref col;
    bool ok = resolve(c, e->lhs, &col, false);
    ddbc_predicate tmp;
    memset(&tmp, 0, sizeof tmp);
    for (size_t i = 0; i < e->args.n; i++) {
        ddbc_operand v = value_operand(c, e->args.v[i], ok ? &col : NULL, NULL);
        /* IN ($1) with one parameter: the parameter is the list (sqlc.slice). */
        if (e->args.n == 1 && v.kind == DDBC_OPERAND_PARAM) c->slots.v[v.param].slice = true;
        DDBC_VEC_PUSH(c->ck->arena, tmp.operands, v);
    }
    if (!ok) return;
    ddbc_predicate *p = add_predicate(c, &col, DDBC_PRED_IN, e->negated, e->span);
    p->operands.v = tmp.operands.v;
    p->operands.n = tmp.operands.n;
    p->operands.cap = tmp.operands.cap;
}

/* A LIKE pattern that only fixes a prefix: 'abc%' with no other wildcard. */
static const char *like_prefix(qctx *c, const char *pat)
{
    size_t n = strlen(pat);
    if (n < 2 || pat[n - 1] != '%') return NULL;
    for (size_t i = 0; i + 1 < n; i++)
        if (pat[i] == '%' || pat[i] == '_' || pat[i] == '\\') return NULL;
    return ddbc_arena_strndup(c->ck->arena, pat, n - 1);
}

/* $1 || '%' or concat($1, '%'): a prefix given at run time. */
static const ddbc_expr *prefix_param(const ddbc_expr *e)
{
    const ddbc_expr *a = NULL, *b = NULL;
    if (e->kind == DDBC_EXPR_BINARY && e->op == DDBC_OP_CONCAT) {
        a = e->lhs;
        b = e->rhs;
    } else if (e->kind == DDBC_EXPR_FUNC && e->name && strcmp(e->name, "concat") == 0 &&
               e->args.n == 2) {
        a = e->args.v[0];
        b = e->args.v[1];
    } else {
        return NULL;
    }
    a = strip_casts(a);
    b = strip_casts(b);
    if (a && a->kind == DDBC_EXPR_PARAM && b && b->kind == DDBC_EXPR_STRING && b->text &&
        strcmp(b->text, "%") == 0)
        return a;
    return NULL;
}

/* A pattern written with ESCAPE 'c' (or '' for none) in the runtime's form,
 * where a backslash escapes; NULL when the escape is not one character or
 * empty, or the pattern ends with a lone escape. */
static const char *like_with_backslash(qctx *c, const char *pat, const char *esc)
{
    size_t n = strlen(pat), el = strlen(esc);
    if (el > 1) return NULL;
    char *out = ddbc_arena_alloc(c->ck->arena, 2 * n + 1);
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = pat[i];
        if (el && ch == esc[0]) {
            if (++i == n) return NULL;
            ch = pat[i];
            out[w++] = '\\';   /* the next character is literal, '%' and '_' included */
            out[w++] = ch;
            continue;
        }
        if (ch == '\\') out[w++] = '\\';   /* a plain backslash, not an escape here */
        out[w++] = ch;
    }
    out[w] = '\0';
    return out;
}

static void like(qctx *c, const ddbc_expr *e)
{
    const ddbc_expr *pat = strip_casts(e->rhs);
    if (e->escape && (!pat || pat->kind != DDBC_EXPR_STRING || !pat->text ||
                      !like_with_backslash(c, pat->text, e->escape))) {
        /* a run-time pattern with its own escape character: nothing reproduces it */
        residual(c, e, true);
        return;
    }
    /* a prefix pattern is begins_with, negated or not (NOT begins_with keeps
     * SQL's NULL semantics in the runtime) */
    bool plain = e->op != DDBC_OP_ILIKE;
    if (!is_column(e->lhs) || !pat) {
        residual(c, e, true);
        return;
    }
    const ddbc_expr *pp = prefix_param(pat);
    if (!is_value(e->rhs) && !pp) {
        residual(c, e, true);
        return;
    }
    ddbc_colref col;
    bool ok = resolve(c, e->lhs, &col, false);
    ddbc_pred_op op = DDBC_PRED_LIKE;
    ddbc_operand v;
    if (pp) {
        v = value_operand(c, pp, ok ? &col : NULL, NULL);
        if (plain) op = DDBC_PRED_BEGINS_WITH;
    } else {
        v = value_operand(c, e->rhs, ok ? &col : NULL, NULL);
        if (e->escape) {
            /* the runtime's escape is a backslash: the pattern rewritten to it */
            ddbc_expr *lit = DDBC_NEW(c->ck->arena, ddbc_expr);
            *lit = *pat;
            lit->text = like_with_backslash(c, pat->text, e->escape);
            v.literal = lit;
            pat = lit;
        }
        const char *prefix = NULL;
        if (plain && pat->kind == DDBC_EXPR_STRING && pat->text) prefix = like_prefix(c, pat->text);
        if (prefix) {
            /* The operand is the prefix itself, as begins_with wants it. */
            ddbc_expr *lit = DDBC_NEW(c->ck->arena, ddbc_expr);
            lit->kind = DDBC_EXPR_STRING;
            lit->span = pat->span;
            lit->text = prefix;
            v.literal = lit;
            op = DDBC_PRED_BEGINS_WITH;
        }
    }
    if (!ok) return;
    ddbc_predicate *p = add_predicate(c, &col, op, e->negated, e->span);
    p->ilike = e->op == DDBC_OP_ILIKE;
    DDBC_VEC_PUSH(c->ck->arena, p->operands, v);
}

static ddbc_expr *bool_literal(qctx *c, bool value, ddbc_span span)
{
    ddbc_expr *lit = DDBC_NEW(c->ck->arena, ddbc_expr);
    lit->kind = DDBC_EXPR_BOOL;
    lit->boolval = value;
    lit->span = span;
    lit->text = value ? "true" : "false";
    return lit;
}

static void is_test(qctx *c, const ddbc_expr *e)
{
    const ddbc_expr *rhs = strip_casts(e->rhs);
    if (!is_column(e->lhs) || !rhs ||
        (rhs->kind != DDBC_EXPR_NULL && !(rhs->kind == DDBC_EXPR_BOOL && !e->negated))) {
        /* IS NOT TRUE also holds for NULL: not an equality. */
        residual(c, e, true);
        return;
    }
    ddbc_colref col;
    if (!resolve(c, e->lhs, &col, false)) return;
    if (rhs->kind == DDBC_EXPR_NULL) {
        add_predicate(c, &col, e->negated ? DDBC_PRED_IS_NOT_NULL : DDBC_PRED_IS_NULL, false,
                      e->span);
        return;
    }
    ddbc_predicate *p = add_predicate(c, &col, DDBC_PRED_EQ, false, e->span);
    ddbc_operand v;
    memset(&v, 0, sizeof v);
    v.kind = DDBC_OPERAND_LITERAL;
    v.literal = (ddbc_expr *)(uintptr_t)rhs;
    v.span = rhs->span;
    DDBC_VEC_PUSH(c->ck->arena, p->operands, v);
}

/* WHERE active / WHERE NOT archived: a boolean column is an equality. */
static void bool_column(qctx *c, const ddbc_expr *e, const ddbc_expr *col_expr, bool value)
{
    ddbc_colref col;
    if (!resolve(c, col_expr, &col, false)) return;
    if (col.column->type.cls != DDBC_T_BOOL) {
        residual_kind(c, e, DDBC_RESIDUAL_OTHER);
        return;
    }
    ddbc_predicate *p = add_predicate(c, &col, DDBC_PRED_EQ, false, e->span);
    ddbc_operand v;
    memset(&v, 0, sizeof v);
    v.kind = DDBC_OPERAND_LITERAL;
    v.literal = bool_literal(c, value, e->span);
    v.span = e->span;
    DDBC_VEC_PUSH(c->ck->arena, p->operands, v);
}

/* Rule: each AND-conjunct of WHERE (and of a join's ON beyond its foreign
 * key) is either `column op value` — a predicate the planner can turn into a
 * key condition or filter — or a residual it must judge as written. */
static void conjunct(qctx *c, const ddbc_expr *e)
{
    switch (e->kind) {
    case DDBC_EXPR_BINARY:
        if (is_comparison(e->op)) comparison(c, e);
        else if (e->op == DDBC_OP_OTHER && any_all(c, e)) break;
        else residual(c, e, true);
        break;
    case DDBC_EXPR_BETWEEN: between(c, e); break;
    case DDBC_EXPR_IN: in_list(c, e); break;
    case DDBC_EXPR_LIKE: like(c, e); break;
    case DDBC_EXPR_IS: is_test(c, e); break;
    case DDBC_EXPR_COLUMN: bool_column(c, e, e, true); break;
    case DDBC_EXPR_UNARY:
        if (e->op == DDBC_OP_NOT && is_column(e->lhs)) bool_column(c, e, e->lhs, false);
        else residual(c, e, true);
        break;
    case DDBC_EXPR_BOOL:
        /* WHERE true (generated SQL): no condition. */
        if (!e->boolval) residual(c, e, true);
        break;
    default:
        residual(c, e, true);
        break;
    }
}

static void flatten_and(qctx *c, ddbc_expr *e, conj_list *out)
{
    if (!e) return;
    if (e->kind == DDBC_EXPR_BINARY && e->op == DDBC_OP_AND) {
        flatten_and(c, e->lhs, out);
        flatten_and(c, e->rhs, out);
        return;
    }
    DDBC_VEC_PUSH(c->ck->arena, *out, e);
}

/* Split conjuncts into column = column equalities across tables (join
 * conditions, resolved here) and the rest. */
static void split_equalities(qctx *c, const conj_list *in, pair_list *pairs, conj_list *rest)
{
    for (size_t i = 0; i < in->n; i++) {
        ddbc_expr *e = in->v[i];
        if (e->kind == DDBC_EXPR_BINARY && e->op == DDBC_OP_EQ && is_column(e->lhs) &&
            is_column(e->rhs)) {
            eq_pair p;
            memset(&p, 0, sizeof p);
            bool ok = resolve(c, e->lhs, &p.a, false);
            ok = resolve(c, e->rhs, &p.b, false) && ok;
            if (!ok) continue;
            if (p.a.binding == p.b.binding) {
                residual_kind(c, e, DDBC_RESIDUAL_COLUMN_COMPARE);
                continue;
            }
            p.expr = e;
            DDBC_VEC_PUSH(c->ck->arena, *pairs, p);
            continue;
        }
        DDBC_VEC_PUSH(c->ck->arena, *rest, e);
    }
}

/* ---- joins --------------------------------------------------------------------------- */

static int find_pair(pair_list *pairs, int b1, const ddbc_column *c1, int b2, const ddbc_column *c2)
{
    for (size_t i = 0; i < pairs->n; i++) {
        const eq_pair *p = &pairs->v[i];
        if ((p->a.binding == b1 && p->a.column == c1 && p->b.binding == b2 && p->b.column == c2) ||
            (p->b.binding == b1 && p->b.column == c1 && p->a.binding == b2 && p->a.column == c2))
            return (int)i;
    }
    return -1;
}

/* Whether fk, held by binding `from` and referencing binding `to`, is
 * followed by the equalities: every column pair must be present. */
static bool fk_followed(qctx *c, pair_list *pairs, const ddbc_foreign_key *fk, int from, int to)
{
    if (fk->columns.n == 0 || fk->columns.n != fk->ref_columns.n) return false;
    for (size_t i = 0; i < fk->columns.n; i++)
        if (find_pair(pairs, from, fk->columns.v[i], to, fk->ref_columns.v[i]) < 0) return false;
    for (size_t i = 0; i < fk->columns.n; i++)
        pairs->v[find_pair(pairs, from, fk->columns.v[i], to, fk->ref_columns.v[i])].used = true;
    (void)c;
    return true;
}

/* Rule: a join is an access path only along a foreign key — the child's
 * columns equal to the parent's referenced columns, in either direction.
 * Try the earlier bindings in order, the joined table's keys first. */
static bool match_fk(qctx *c, ddbc_join *j, pair_list *pairs)
{
    const ddbc_query *q = c->q;
    int jb = j->binding;
    const ddbc_entity *je = q->bindings.v[jb].entity;
    for (int o = 0; o < jb; o++) {
        const ddbc_entity *oe = q->bindings.v[o].entity;
        if (!oe || !je) continue;
        for (size_t i = 0; i < je->foreign_keys.n; i++) {
            ddbc_foreign_key *fk = je->foreign_keys.v[i];
            if (fk->to == oe && fk_followed(c, pairs, fk, jb, o)) {
                j->fk = fk;
                j->fk_forward = true;
                j->other_binding = o;
                return true;
            }
        }
        for (size_t i = 0; i < oe->foreign_keys.n; i++) {
            ddbc_foreign_key *fk = oe->foreign_keys.v[i];
            if (fk->to == je && fk_followed(c, pairs, fk, o, jb)) {
                j->fk = fk;
                j->fk_forward = false;
                j->other_binding = o;
                return true;
            }
        }
    }
    return false;
}

static void join_without_fk(qctx *c, ddbc_join *j, const pair_list *pairs)
{
    const ddbc_binding *b = &c->q->bindings.v[j->binding];
    j->other_binding = 0;
    for (size_t i = 0; i < pairs->n; i++) {
        const eq_pair *p = &pairs->v[i];
        if (p->a.binding == j->binding && p->b.binding < j->binding) {
            j->other_binding = p->b.binding;
            break;
        }
        if (p->b.binding == j->binding && p->a.binding < j->binding) {
            j->other_binding = p->a.binding;
            break;
        }
    }
    ddbc_diag *d = ddbc_diag_report(c->ck->diags, DDBC_N0002, j->span,
                                    "join of '%s' in query '%s' does not follow a foreign key",
                                    b->entity->name, c->q->name);
    ddbc_diag_set_hint(c->ck->diags, d,
                       "declare the foreign key the join relies on, so ddbc can keep the "
                       "rows together");
}

/* Equalities that no foreign key used are ordinary predicates. */
static void unused_pairs(qctx *c, pair_list *pairs)
{
    for (size_t i = 0; i < pairs->n; i++) {
        eq_pair *p = &pairs->v[i];
        if (p->used) continue;
        p->used = true;
        ddbc_predicate *pr = add_predicate(c, &p->a, DDBC_PRED_EQ, false, p->expr->span);
        DDBC_VEC_PUSH(c->ck->arena, pr->operands, column_operand(&p->b));
    }
}

/* Synthesize equalities for JOIN … USING (cols) and NATURAL JOIN: the joined
 * table's column equals the same-named column of the first earlier table
 * that has one. */
static bool using_pairs(qctx *c, const ddbc_ast_join *aj, int jb, pair_list *pairs)
{
    const ddbc_entity *je = c->q->bindings.v[jb].entity;
    bool ok = true;
    if (!je) return false;
    size_t n = aj->natural ? je->columns.n : aj->using_columns.n;
    for (size_t i = 0; i < n; i++) {
        const char *name = aj->natural ? je->columns.v[i]->name : aj->using_columns.v[i].name;
        ddbc_span span = aj->natural ? aj->span : aj->using_columns.v[i].span;
        ddbc_column *jc = ddbc_entity_column(je, name);
        int ob = -1;
        ddbc_column *oc = NULL;
        for (int o = 0; o < jb && !oc; o++) {
            const ddbc_entity *oe = c->q->bindings.v[o].entity;
            if (oe && (oc = ddbc_entity_column(oe, name))) ob = o;
        }
        if (!jc || !oc) {
            if (aj->natural || c->has_dead) continue;
            ok = false;
            if (!jc) {
                ddbc_expr fake;
                memset(&fake, 0, sizeof fake);
                fake.kind = DDBC_EXPR_COLUMN;
                fake.name = name;
                fake.span = span;
                unknown_column(c, &fake, je);
                continue;
            }
            const ddbc_entity *root = c->q->bindings.v[0].entity;
            ddbc_diag *d = ddbc_diag_report(c->ck->diags, DDBC_E0204, span,
                                            "USING (%s): no table joined before '%s' has a "
                                            "column '%s'", name, je->name, name);
            if (root) ddbc_diag_add_note(c->ck->diags, d, root->span, "table '%s' declared here",
                                         root->name);
            ddbc_diag_set_hint(c->ck->diags, d, "write the condition out: JOIN %s ON …", je->name);
            fail(c);
            continue;
        }
        eq_pair p;
        memset(&p, 0, sizeof p);
        p.a = (ddbc_colref){jb, jc, span};
        p.b = (ddbc_colref){ob, oc, span};
        ddbc_expr *e = DDBC_NEW(c->ck->arena, ddbc_expr);
        e->kind = DDBC_EXPR_BINARY;
        e->op = DDBC_OP_EQ;
        e->span = span;
        p.expr = e;
        DDBC_VEC_PUSH(c->ck->arena, *pairs, p);
    }
    return ok;
}

/* ---- bindings ------------------------------------------------------------------------ */

static void unsupported(qctx *c, ddbc_span span, const char *what, const char *hint)
{
    ddbc_diag *d = ddbc_diag_report(c->ck->diags, DDBC_E0208, span, "query '%s': %s",
                                    c->q->name, what);
    if (hint) ddbc_diag_set_hint(c->ck->diags, d, "%s", hint);
    fail(c);
}

/* Add a table occurrence; an unknown table is reported and kept as a dead
 * binding so its columns produce no follow-on errors. */
static int bind(qctx *c, const ddbc_ast_table_ref *ref)
{
    ddbc_binding b;
    memset(&b, 0, sizeof b);
    b.span = ref->span;
    if (ref->subquery || !ref->name.name) {
        unsupported(c, ref->span, "a subquery in FROM is not supported",
                    "query the table directly; one statement should read one access path");
        select_params_only(c, ref->subquery);
        b.alias = ref->alias ? ref->alias : "";
        c->has_dead = true;
    } else {
        b.entity = ddbc_catalog_find(&c->ck->ir->catalog, ref->name.name);
        b.alias = ref->alias ? ref->alias : ref->name.name;
        if (!b.entity) {
            ddbc_diag *d = ddbc_diag_report(c->ck->diags, DDBC_E0203, ref->name.span,
                                            "query '%s' uses unknown table '%s'", c->q->name,
                                            ref->name.name);
            const char *close = ddbc_catalog_closest_entity(&c->ck->ir->catalog, ref->name.name);
            if (close) ddbc_diag_set_hint(c->ck->diags, d, "did you mean '%s'?", close);
            fail(c);
            c->has_dead = true;
        }
    }
    for (size_t i = 0; i < c->q->bindings.n; i++)
        if (b.alias[0] && strcmp(c->q->bindings.v[i].alias, b.alias) == 0) {
            ddbc_span at = ref->alias ? ref->alias_span : ref->name.span;
            ddbc_diag *d = ddbc_diag_report(c->ck->diags, DDBC_E0207, at,
                                            "table alias '%s' is used twice in query '%s'",
                                            b.alias, c->q->name);
            ddbc_diag_add_note(c->ck->diags, d, c->q->bindings.v[i].span, "first used here");
            ddbc_diag_set_hint(c->ck->diags, d, "give each occurrence its own alias");
            fail(c);
            break;
        }
    DDBC_VEC_PUSH(c->ck->arena, c->q->bindings, b);
    return (int)c->q->bindings.n - 1;
}

static ddbc_join *add_join(qctx *c, int binding, ddbc_join_type type, ddbc_span span)
{
    ddbc_join j;
    memset(&j, 0, sizeof j);
    j.binding = binding;
    j.type = type;
    j.span = span;
    DDBC_VEC_PUSH(c->ck->arena, c->q->joins, j);
    return &c->q->joins.v[c->q->joins.n - 1];
}

/* Match each join with its foreign key; what the ON clause says beyond the
 * key becomes predicates. */
static void resolve_join(qctx *c, ddbc_join *j, pair_list *pairs)
{
    bool dead = !c->q->bindings.v[j->binding].entity;
    for (int o = 0; o < j->binding; o++)
        if (!c->q->bindings.v[o].entity) dead = true;
    if (dead) return;
    if (!match_fk(c, j, pairs)) join_without_fk(c, j, pairs);
}

/* ---- SELECT parts -------------------------------------------------------------------- */

static bool is_func(const ddbc_expr *e, const char *name)
{
    return e && e->kind == DDBC_EXPR_FUNC && e->name && strcmp(e->name, name) == 0;
}

static void add_target(qctx *c, const ddbc_ast_target *t)
{
    ddbc_target tg;
    memset(&tg, 0, sizeof tg);
    tg.alias = t->alias;
    tg.expr = t->expr;
    tg.span = t->span;
    tg.binding = -1;
    tg.column.binding = -1;
    const ddbc_expr *e = t->expr;
    if (!e) return;
    if (contains_kind(e, DDBC_EXPR_SUBQUERY)) {
        unsupported(c, e->span, "a subquery in the select list is not supported",
                    "read the related rows with a join along a foreign key, or a second query");
        walk_params_only(c, e);
        return;
    }
    if (e->kind == DDBC_EXPR_STAR || is_func(e, "sqlc.embed")) {
        /* *, t.*, and sqlc.embed(t) — all columns of one table or of all. */
        tg.kind = DDBC_TARGET_STAR;
        const char *qual = e->kind == DDBC_EXPR_STAR ? e->qualifier
                           : (e->args.n == 1 && e->args.v[0]->kind == DDBC_EXPR_COLUMN)
                               ? e->args.v[0]->name
                               : NULL;
        if (qual) {
            tg.binding = find_binding(c, qual);
            if (tg.binding < 0) {
                if (!c->has_dead) unknown_alias(c, qual, e->span);
                return;
            }
        }
    } else if (e->kind == DDBC_EXPR_COLUMN) {
        tg.kind = DDBC_TARGET_COLUMN;
        if (!resolve(c, e, &tg.column, false)) return;
    } else if (is_func(e, "count")) {
        tg.kind = DDBC_TARGET_COUNT;
        tg.func = "count";
        if (!e->star && e->args.n == 1 && e->args.v[0]->kind == DDBC_EXPR_COLUMN) {
            if (!resolve(c, e->args.v[0], &tg.column, false)) return;
        } else {
            walk(c, e, NULL);
        }
    } else if ((is_func(e, "sum") || is_func(e, "min") || is_func(e, "max") || is_func(e, "avg")) &&
               e->args.n == 1 && e->args.v[0]->kind == DDBC_EXPR_COLUMN) {
        tg.kind = DDBC_TARGET_AGGREGATE;
        tg.func = e->name;
        if (!resolve(c, e->args.v[0], &tg.column, false)) return;
    } else {
        tg.kind = DDBC_TARGET_EXPR;
        walk(c, e, NULL);
    }
    DDBC_VEC_PUSH(c->ck->arena, c->q->targets, tg);
}

static void add_targets(qctx *c, const ddbc_ast_target *v, size_t n)
{
    for (size_t i = 0; i < n; i++) add_target(c, &v[i]);
}

/* ORDER BY: columns, or the alias of a column target.  Anything else is
 * recorded as nothing; the planner refuses an order it cannot see. */
static void add_order(qctx *c, const ddbc_ast_order *o)
{
    const ddbc_expr *e = o->expr;
    if (!e) return;
    ddbc_order ord;
    memset(&ord, 0, sizeof ord);
    ord.desc = o->desc;
    ord.span = o->span;
    if (e->kind == DDBC_EXPR_COLUMN && !e->qualifier) {
        for (size_t i = 0; i < c->q->targets.n; i++) {
            const ddbc_target *t = &c->q->targets.v[i];
            if (t->alias && strcmp(t->alias, e->name) == 0) {
                if (t->kind == DDBC_TARGET_COLUMN) {
                    ord.column = t->column;
                    ord.column.span = e->span;
                    DDBC_VEC_PUSH(c->ck->arena, c->q->order_by, ord);
                }
                return;
            }
        }
    }
    if (e->kind == DDBC_EXPR_COLUMN) {
        if (resolve(c, e, &ord.column, false)) DDBC_VEC_PUSH(c->ck->arena, c->q->order_by, ord);
        return;
    }
    if (e->kind == DDBC_EXPR_NUMBER) return; /* ORDER BY 1 */
    walk(c, e, NULL);
}

static void set_limit(qctx *c, const ddbc_expr *e)
{
    const ddbc_expr *x = strip_casts(e);
    if (!x || x->kind == DDBC_EXPR_NULL) return; /* LIMIT ALL / LIMIT NULL */
    ddbc_query *q = c->q;
    q->has_limit = true;
    memset(&q->limit, 0, sizeof q->limit);
    q->limit.span = e->span;
    if (x->kind == DDBC_EXPR_PARAM) {
        q->limit.kind = DDBC_OPERAND_PARAM;
        q->limit.param = param_slot(c, x);
        infer_fixed(c, q->limit.param, integer_type(), "limit");
        return;
    }
    q->limit.kind = DDBC_OPERAND_LITERAL;
    q->limit.literal = (ddbc_expr *)(uintptr_t)x;
    if (x->kind != DDBC_EXPR_NUMBER) walk(c, x, NULL);
}

static void set_offset(qctx *c, const ddbc_expr *e)
{
    if (!e) return;
    c->q->has_offset = true;
    c->q->offset_span = e->span;
    const ddbc_expr *x = strip_casts(e);
    if (x && x->kind == DDBC_EXPR_PARAM) infer_fixed(c, param_slot(c, x), integer_type(), "offset");
    else walk(c, x, NULL);
}

static void where_clause(qctx *c, ddbc_expr *where, int first_comma, int ncomma)
{
    conj_list all = {0}, rest = {0};
    pair_list pairs = {0};
    flatten_and(c, where, &all);
    split_equalities(c, &all, &pairs, &rest);
    /* FROM a, b WHERE a.id = b.a_id: comma joins take their conditions here. */
    for (int i = 0; i < ncomma; i++) {
        ddbc_join *j = &c->q->joins.v[first_comma + i];
        resolve_join(c, j, &pairs);
    }
    unused_pairs(c, &pairs);
    for (size_t i = 0; i < rest.n; i++) conjunct(c, rest.v[i]);
}

static void check_select(qctx *c, const ddbc_ast_select *s)
{
    ddbc_query *q = c->q;
    if (s->has_with)
        unsupported(c, c->stmt->span, "WITH (common table expressions) is not supported",
                    "inline the CTE, or split the statement into one query per access pattern");
    if (s->set_op_span.file != DDBC_NO_FILE)
        unsupported(c, s->set_op_span, "UNION, INTERSECT and EXCEPT are not supported",
                    "write one query per branch");
    if (s->from.n == 0) {
        unsupported(c, c->stmt->span, "a SELECT without FROM reads no table",
                    "compute the value in the application");
        return;
    }
    q->distinct = s->distinct;

    bind(c, &s->from.v[0]);
    /* Comma-separated FROM items are inner joins whose conditions are in WHERE. */
    int first_comma = (int)q->joins.n;
    for (size_t i = 1; i < s->from.n; i++) {
        int b = bind(c, &s->from.v[i]);
        add_join(c, b, DDBC_JOIN_INNER, s->from.v[i].span);
    }
    int ncomma = (int)s->from.n - 1;
    /* Explicit joins: every table is bound before any ON is read, but an ON
     * only pairs its table with earlier ones. */
    int first_explicit = (int)q->joins.n;
    for (size_t i = 0; i < s->joins.n; i++) {
        const ddbc_ast_join *aj = &s->joins.v[i];
        int b = bind(c, &aj->table);
        /* From the joined table to the end of its ON/USING: the join's own
         * span may start with the FROM items it is joined onto. */
        ddbc_span span = ddbc_span_join(aj->table.span, aj->span);
        if (aj->table.span.file == aj->span.file) span.start = aj->table.span.start;
        add_join(c, b, aj->type, span);
    }
    for (size_t i = 0; i < s->joins.n; i++) {
        const ddbc_ast_join *aj = &s->joins.v[i];
        conj_list all = {0}, rest = {0};
        pair_list pairs = {0};
        int jb = c->q->joins.v[first_explicit + (int)i].binding;
        flatten_and(c, aj->on, &all);
        split_equalities(c, &all, &pairs, &rest);
        bool ok = using_pairs(c, aj, jb, &pairs);
        if (ok)
            resolve_join(c, &c->q->joins.v[first_explicit + (int)i], &pairs);
        unused_pairs(c, &pairs);
        for (size_t k = 0; k < rest.n; k++) conjunct(c, rest.v[k]);
    }

    add_targets(c, s->targets.v, s->targets.n);
    where_clause(c, s->where, first_comma, ncomma);
    for (size_t i = 0; i < s->group_by.n; i++) {
        const ddbc_expr *g = s->group_by.v[i];
        ddbc_colref r;
        if (g && g->kind == DDBC_EXPR_COLUMN) {
            if (resolve(c, g, &r, false)) DDBC_VEC_PUSH(c->ck->arena, q->group_by, r);
        } else if (g && g->kind != DDBC_EXPR_NUMBER) {
            walk(c, g, NULL);
        }
    }
    if (s->having) {
        q->having_span = s->having->span;
        walk(c, s->having, NULL);
    }
    for (size_t i = 0; i < s->order_by.n; i++) add_order(c, &s->order_by.v[i]);
    set_limit(c, s->limit);
    set_offset(c, s->offset);
}

/* ---- INSERT / UPDATE / DELETE ------------------------------------------------------------ */

static bool is_null_literal(const ddbc_expr *e)
{
    const ddbc_expr *x = strip_casts(e);
    return !x || x->kind == DDBC_EXPR_NULL;
}

/* An assignment of `v` (as written) to `col`, its value not yet classified. */
static ddbc_assignment new_assignment(ddbc_column *col, const ddbc_expr *v, ddbc_span span)
{
    ddbc_assignment a;
    memset(&a, 0, sizeof a);
    a.column = col;
    a.expr = (ddbc_expr *)(uintptr_t)v;
    a.span = span;
    return a;
}

/* One written column: a value operand, DEFAULT, or an expression kept as
 * written (whose parameters are typed like the column). */
static void add_assignment(qctx *c, ddbc_column *col, const ddbc_expr *v, ddbc_span span)
{
    ddbc_assignment a = new_assignment(col, v, span);
    ddbc_colref cr = {0, col, span};
    if (!v) return;
    if (contains_kind(v, DDBC_EXPR_SUBQUERY)) {
        unsupported(c, v->span, "a subquery as a written value is not supported",
                    "read the value first and pass it as a parameter");
        walk_params_only(c, v);
        return;
    }
    if (v->kind == DDBC_EXPR_DEFAULT) {
        a.is_default = true;
        a.value.kind = DDBC_OPERAND_LITERAL;
        a.value.span = v->span;
    } else if (is_value(v)) {
        a.value = value_operand(c, v, &cr, NULL);
    } else if (v->kind == DDBC_EXPR_COLUMN) {
        ddbc_colref r;
        if (!resolve(c, v, &r, false)) return;
        a.value = column_operand(&r);
    } else if (v->kind == DDBC_EXPR_BINARY && (v->op == DDBC_OP_ADD || v->op == DDBC_OP_SUB) &&
               is_column(strip_casts(v->lhs)) && is_value(v->rhs) && !is_null_literal(v->rhs)) {
        /* n = n + $1 / n = n - 1: the column's own value moved by an amount */
        ddbc_colref r;
        if (!resolve(c, strip_casts(v->lhs), &r, false)) return;
        if (r.column == col) {
            a.value = value_operand(c, v->rhs, &cr, NULL);
            a.arith = v->op == DDBC_OP_ADD ? 1 : -1;
        } else {
            a.value.kind = DDBC_OPERAND_LITERAL;
            a.value.span = v->span;
            walk(c, v->rhs, &cr);
        }
    } else {
        a.value.kind = DDBC_OPERAND_LITERAL;
        a.value.span = v->span;
        walk(c, v, &cr);
    }
    DDBC_VEC_PUSH(c->ck->arena, c->q->assignments, a);
}

static ddbc_column *target_column(qctx *c, const ddbc_ident *id)
{
    const ddbc_entity *e = c->q->bindings.v[0].entity;
    if (!e) return NULL;
    ddbc_column *col = ddbc_entity_column(e, id->name);
    if (!col) {
        ddbc_expr fake;
        memset(&fake, 0, sizeof fake);
        fake.kind = DDBC_EXPR_COLUMN;
        fake.name = id->name;
        fake.span = id->span;
        unknown_column(c, &fake, e);
    }
    return col;
}

static ddbc_span row_span(const ddbc_expr_list *row, ddbc_span fallback)
{
    if (row->n == 0) return fallback;
    return ddbc_span_join(row->v[0]->span, row->v[row->n - 1]->span);
}

/* ---- INSERT … ON CONFLICT ---------------------------------------------------------------- */

static bool ascii_ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        int x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'A' && x <= 'Z') x += 'a' - 'A';
        if (y >= 'A' && y <= 'Z') y += 'a' - 'A';
        if (x != y) return false;
    }
    return *a == *b;
}

/* Whether key k has exactly the columns `cols` (in any order). */
static bool key_is(const ddbc_key *k, ddbc_column *const *cols, size_t n)
{
    if (!k || !n || k->columns.n != n) return false;
    for (size_t i = 0; i < n; i++) {
        bool found = false;
        for (size_t j = 0; j < n && !found; j++) found = k->columns.v[j] == cols[i];
        if (!found) return false;
    }
    return true;
}

/* EXCLUDED.c / NEW.c (the row proposed for insertion) or MySQL's VALUES(c):
 * the column in *col. */
static bool excluded_ref(qctx *c, const ddbc_expr *e, ddbc_column **col)
{
    const ddbc_expr *x = strip_casts(e);
    if (x && x->kind == DDBC_EXPR_FUNC && x->name && strcmp(x->name, "values") == 0 && x->args.n == 1 &&
        is_column(x->args.v[0]))
        x = x->args.v[0];
    else if (!x || x->kind != DDBC_EXPR_COLUMN || !x->qualifier ||
             (!ascii_ieq(x->qualifier, "excluded") && !ascii_ieq(x->qualifier, "new")))
        return false;
    ddbc_colref r;
    if (!resolve(c, x, &r, false)) return false;
    *col = r.column;
    return true;
}

/* The INSERT's own assignment of `col`; NULL when the column is not listed. */
static const ddbc_assignment *inserted(const ddbc_query *q, const ddbc_column *col)
{
    for (size_t i = 0; i < q->assignments.n; i++)
        if (q->assignments.v[i].column == col) return &q->assignments.v[i];
    return NULL;
}

/* One DO UPDATE SET / ON DUPLICATE KEY UPDATE item, in the forms the engine
 * runs: a value, EXCLUDED.c, c ± a value or EXCLUDED.c, or c itself (no-op). */
static void add_conflict_assignment(qctx *c, ddbc_column *col, const ddbc_expr *v, ddbc_span span)
{
    ddbc_assignment a = new_assignment(col, v, span);
    ddbc_colref cr = {0, col, span};
    ddbc_column *ex = NULL;
    const ddbc_expr *x = strip_casts(v);
    if (!x) return;
    if (is_value(v)) {
        a.value = value_operand(c, v, &cr, NULL);
    } else if (excluded_ref(c, v, &ex)) {
        a.excluded = true;
        a.excluded_column = ex;
    } else if (x->kind == DDBC_EXPR_COLUMN) {
        ddbc_colref r;
        if (!resolve(c, x, &r, false)) return;
        if (r.column == col) return;   /* SET c = c: unchanged */
        unsupported(c, v->span, "ON CONFLICT … SET from another column of the existing row is not supported",
                    "set it to a value or to EXCLUDED.<column>");
        return;
    } else if (x->kind == DDBC_EXPR_BINARY && (x->op == DDBC_OP_ADD || x->op == DDBC_OP_SUB) &&
               is_column(strip_casts(x->lhs)) && !excluded_ref(c, x->lhs, &ex) &&
               ((is_value(x->rhs) && !is_null_literal(x->rhs)) || excluded_ref(c, x->rhs, &ex))) {
        ddbc_colref r;
        if (!resolve(c, strip_casts(x->lhs), &r, false)) return;
        if (r.column != col) {
            unsupported(c, v->span, "ON CONFLICT … SET from another column of the existing row is not supported",
                        "set it to a value, to EXCLUDED.<column>, or to the column itself plus a value");
            return;
        }
        a.arith = x->op == DDBC_OP_ADD ? 1 : -1;
        if (ex) {
            a.excluded = true;
            a.excluded_column = ex;
        } else {
            a.value = value_operand(c, x->rhs, &cr, NULL);
        }
    } else {
        unsupported(c, v->span, "this ON CONFLICT … SET expression is not supported",
                    "use a value, EXCLUDED.<column>, or <column> + / - a value (or EXCLUDED.<column>)");
        walk_params_only(c, v);
        return;
    }
    if (a.excluded) {
        const ddbc_assignment *in = inserted(c->q, a.excluded_column);
        if (!in) {
            unsupported(c, v->span, "EXCLUDED names a column the INSERT does not list (its DEFAULT)",
                        "list the column in the INSERT, or set the value itself");
            return;
        }
        if (in->is_default || in->value.kind == DDBC_OPERAND_COLUMN ||
            (in->value.kind == DDBC_OPERAND_LITERAL && !in->value.literal)) {
            unsupported(c, v->span, "EXCLUDED names a column the INSERT sets to DEFAULT or an expression",
                        "insert a parameter or a literal for it");
            return;
        }
    }
    DDBC_VEC_PUSH(c->ck->arena, c->q->conflict_set, a);
}

/* What the INSERT does on a conflict, as the engine can run it; every other
 * form is reported here rather than run with different semantics. */
static void check_conflict(qctx *c, const ddbc_ast_insert *ins, const ddbc_entity *e)
{
    ddbc_query *q = c->q;
    ddbc_conflict_kind kind = ins->conflict_kind;
    ddbc_span span = ins->on_conflict_span;
    if (kind == DDBC_CONFLICT_NONE) return;
    if (kind == DDBC_CONFLICT_IGNORE) kind = DDBC_CONFLICT_DO_NOTHING;
    if (kind == DDBC_CONFLICT_REPLACE) {
        unsupported(c, span, "REPLACE / INSERT OR REPLACE deletes the conflicting rows before inserting, "
                    "a write ddbc does not have",
                    "use INSERT … ON CONFLICT (<primary key>) DO UPDATE SET … (or DO NOTHING)");
        return;
    }
    if (ins->conflict_on_constraint) {
        unsupported(c, span, "ON CONFLICT ON CONSTRAINT is not supported",
                    "name the constraint's columns: ON CONFLICT (col, …)");
        return;
    }
    if (ins->conflict_where) {
        unsupported(c, ins->conflict_where->span, "ON CONFLICT … DO UPDATE … WHERE is not supported",
                    "drop the WHERE, or read the row and UPDATE it with a WHERE of its own");
        walk_params_only(c, ins->conflict_where);
        return;
    }
    if (!e) return;
    for (size_t i = 0; i < ins->conflict_target.n; i++) {
        ddbc_column *col = target_column(c, &ins->conflict_target.v[i]);
        if (!col) return;
        DDBC_VEC_PUSH(c->ck->arena, q->conflict_target, col);
    }
    ddbc_span tspan = ins->conflict_target.n
                          ? ddbc_span_join(ins->conflict_target.v[0].span,
                                           ins->conflict_target.v[ins->conflict_target.n - 1].span)
                          : span;
    bool on_pk = key_is(e->primary_key, q->conflict_target.v, q->conflict_target.n);
    if (kind == DDBC_CONFLICT_DUPLICATE_KEY) {
        /* MySQL updates the row whichever unique key collided */
        for (size_t u = 0; u < e->uniques.n; u++) {
            const ddbc_key *k = e->uniques.v[u];
            if (e->primary_key && key_is(e->primary_key, k->columns.v, k->columns.n)) continue;
            unsupported(c, span, "ON DUPLICATE KEY UPDATE on a table with UNIQUE columns besides its primary "
                        "key: the row a duplicate names is ambiguous",
                        "update the row by its key when the INSERT reports a unique violation, or drop the "
                        "other UNIQUE constraints");
            return;
        }
        if (!e->primary_key) {
            unsupported(c, span, "ON DUPLICATE KEY UPDATE on a table without a primary key is not supported",
                        "declare a PRIMARY KEY");
            return;
        }
        for (size_t i = 0; i < e->primary_key->columns.n; i++)
            DDBC_VEC_PUSH(c->ck->arena, q->conflict_target, e->primary_key->columns.v[i]);
        on_pk = true;
        kind = DDBC_CONFLICT_DO_UPDATE;
    }
    if (q->conflict_target.n && !on_pk) {
        bool on_unique = false;
        for (size_t u = 0; u < e->uniques.n && !on_unique; u++)
            on_unique = key_is(e->uniques.v[u], q->conflict_target.v, q->conflict_target.n);
        if (!on_unique) {
            unsupported(c, tspan, "no PRIMARY KEY or UNIQUE constraint has exactly the ON CONFLICT columns",
                        "name the columns of the primary key or of one UNIQUE constraint");
            return;
        }
        if (kind == DDBC_CONFLICT_DO_UPDATE) {
            unsupported(c, tspan, "DO UPDATE on a UNIQUE conflict other than the primary key: the guard item "
                        "that enforces it does not name the row to update",
                        "target the primary key, ON CONFLICT (<primary key>), or UPDATE the row found by its "
                        "unique column");
            return;
        }
    }
    if (kind == DDBC_CONFLICT_DO_UPDATE && !q->conflict_target.n) {
        unsupported(c, span, "ON CONFLICT DO UPDATE without a conflict target",
                    "name the primary key: ON CONFLICT (<primary key>) DO UPDATE SET …");
        return;
    }
    for (size_t i = 0; i < ins->conflict_set.n; i++) {
        const ddbc_ast_set_clause *sc = &ins->conflict_set.v[i];
        ddbc_column *col = target_column(c, &sc->column);
        if (col) add_conflict_assignment(c, col, sc->value, sc->span);
        else walk_params_only(c, sc->value);
    }
    q->conflict = kind;
}

static void check_insert(qctx *c, const ddbc_ast_insert *ins)
{
    ddbc_query *q = c->q;
    bind(c, &ins->table);
    const ddbc_entity *e = q->bindings.v[0].entity;
    if (ins->select) {
        unsupported(c, ins->select->span, "INSERT … SELECT is not supported; insert one row per call",
                    "read the rows with one query and insert each with another");
        select_params_only(c, ins->select);
    }
    /* INSERT OR ABORT|FAIL|ROLLBACK fail on a conflict like a plain INSERT */
    q->upsert = ins->on_conflict && ins->conflict_kind != DDBC_CONFLICT_NONE;

    /* The written columns: as listed, or every column in declaration order. */
    DDBC_VEC(ddbc_column *) cols = {0};
    bool cols_ok = e != NULL;
    if (e && ins->columns.n > 0) {
        for (size_t i = 0; i < ins->columns.n; i++) {
            ddbc_column *col = target_column(c, &ins->columns.v[i]);
            if (!col) cols_ok = false;
            DDBC_VEC_PUSH(c->ck->arena, cols, col);
        }
    } else if (e) {
        for (size_t i = 0; i < e->columns.n; i++) DDBC_VEC_PUSH(c->ck->arena, cols, e->columns.v[i]);
    }

    for (size_t r = 0; r < ins->rows.n; r++) {
        const ddbc_expr_list *row = &ins->rows.v[r];
        if (e && cols_ok && row->n != cols.n) {
            ddbc_diag *d = ddbc_diag_report(c->ck->diags, DDBC_E0209, row_span(row, c->stmt->span),
                                            "INSERT into '%s' gives %zu value%s for %zu column%s",
                                            e->name, row->n, row->n == 1 ? "" : "s", cols.n,
                                            cols.n == 1 ? "" : "s");
            if (ins->columns.n == 0)
                ddbc_diag_set_hint(c->ck->diags, d, "list the columns: INSERT INTO %s (…) VALUES (…)",
                                   e->name);
            fail(c);
        }
        for (size_t i = 0; i < row->n; i++) {
            ddbc_column *col = i < cols.n ? cols.v[i] : NULL;
            const ddbc_expr *v = row->v[i];
            if (r == 0 && col) {
                add_assignment(c, col, v, v->span);
            } else {
                /* Later rows write the same columns: only their parameters matter. */
                ddbc_colref cr = {0, col, v->span};
                walk(c, v, col ? &cr : NULL);
            }
        }
    }
    check_conflict(c, ins, e);
    if (ins->returning.n > 0) {
        q->returning = true;
        add_targets(c, ins->returning.v, ins->returning.n);
    }
}

static void check_update(qctx *c, const ddbc_ast_update *up)
{
    ddbc_query *q = c->q;
    bind(c, &up->table);
    if (up->from.n > 0)
        unsupported(c, up->from.v[0].span, "UPDATE … FROM is not supported",
                    "update one table per statement, identified by its key");
    /* Bind them anyway, so their columns in WHERE raise no follow-on errors. */
    for (size_t i = 0; i < up->from.n; i++) bind(c, &up->from.v[i]);
    for (size_t i = 0; i < up->set.n; i++) {
        const ddbc_ast_set_clause *sc = &up->set.v[i];
        ddbc_column *col = target_column(c, &sc->column);
        if (col) add_assignment(c, col, sc->value, sc->span);
        else walk(c, sc->value, NULL);
    }
    where_clause(c, up->where, 0, 0);
    if (up->returning.n > 0) {
        q->returning = true;
        add_targets(c, up->returning.v, up->returning.n);
    }
}

static void check_delete(qctx *c, const ddbc_ast_delete *del)
{
    ddbc_query *q = c->q;
    bind(c, &del->table);
    if (del->using_tables.n > 0)
        unsupported(c, del->using_tables.v[0].span, "DELETE … USING is not supported",
                    "delete from one table per statement, identified by its key");
    for (size_t i = 0; i < del->using_tables.n; i++) bind(c, &del->using_tables.v[i]);
    where_clause(c, del->where, 0, 0);
    if (del->returning.n > 0) {
        q->returning = true;
        add_targets(c, del->returning.v, del->returning.n);
    }
}

/* ---- parameters: numbering and naming ------------------------------------------------------ */

typedef struct slot_order {
    size_t index;
    const slot *s;
} slot_order;

/* Rule: $N keeps its number; ? and named parameters follow in order of first
 * appearance (after the numbered ones, when both occur). */
static int cmp_slots(const void *pa, const void *pb)
{
    const slot_order *a = pa, *b = pb;
    int ka = a->s->style == DDBC_PARAM_NUMBERED ? 0 : 1;
    int kb = b->s->style == DDBC_PARAM_NUMBERED ? 0 : 1;
    if (ka != kb) return ka - kb;
    if (ka == 0 && a->s->number != b->s->number) return a->s->number < b->s->number ? -1 : 1;
    if (ka == 1 && a->s->span.start != b->s->span.start) return a->s->span.start < b->s->span.start ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

static bool name_taken(const ddbc_query *q, const char *name, size_t upto)
{
    for (size_t i = 0; i < upto; i++)
        if (q->params.v[i].name && strcmp(q->params.v[i].name, name) == 0) return true;
    return false;
}

static bool explicit_name_taken(const qctx *c, const char *name)
{
    for (size_t i = 0; i < c->slots.n; i++)
        if (c->slots.v[i].style == DDBC_PARAM_NAMED && strcmp(c->slots.v[i].name, name) == 0)
            return true;
    return false;
}

static void remap(ddbc_operand *op, const int *map)
{
    if (op->kind == DDBC_OPERAND_PARAM) op->param = map[op->param];
}

static void finish_params(qctx *c)
{
    ddbc_query *q = c->q;
    size_t n = c->slots.n;
    if (n == 0) return;
    slot_order *order = ddbc_arena_alloc(c->ck->arena, n * sizeof *order);
    int *map = ddbc_arena_alloc(c->ck->arena, n * sizeof *map);
    for (size_t i = 0; i < n; i++) {
        order[i].index = i;
        order[i].s = &c->slots.v[i];
    }
    qsort(order, n, sizeof *order, cmp_slots);

    for (size_t i = 0; i < n; i++) {
        const slot *s = order[i].s;
        map[order[i].index] = (int)i;
        ddbc_param p;
        memset(&p, 0, sizeof p);
        p.number = (int)i + 1;
        p.type = s->type;
        if (!s->typed) {
            p.type.cls = DDBC_T_OPAQUE;
            p.type.sql = "";
        }
        p.column = s->column;
        p.nullable = s->nullable;
        p.slice = s->slice;
        p.span = s->span;
        DDBC_VEC_PUSH(c->ck->arena, q->params, p);
    }
    /* Names: explicit ones as given; the others from their use, made unique
     * (created_at, created_at_2) without taking an explicit name.  Each base
     * remembers its next suffix, so a thousand `id IN ($1, $2, …)` parameters
     * take a thousand tries, not half a million. */
    typedef struct { const char *base; int next; } suffix;
    suffix *suffixes = ddbc_arena_alloc(c->ck->arena, n * sizeof *suffixes);
    size_t nsuffixes = 0;
    for (size_t i = 0; i < n; i++) {
        const slot *s = order[i].s;
        ddbc_param *p = &q->params.v[i];
        if (s->style == DDBC_PARAM_NAMED) {
            p->name = s->name;
            continue;
        }
        const char *base = s->derived ? s->derived
                           : ddbc_arena_printf(c->ck->arena, "param%d", p->number);
        const char *name = base;
        if (name_taken(q, name, i) || explicit_name_taken(c, name)) {
            size_t b = 0;
            while (b < nsuffixes && strcmp(suffixes[b].base, base) != 0) b++;
            if (b == nsuffixes) suffixes[nsuffixes++] = (suffix){base, 2};
            do
                name = ddbc_arena_printf(c->ck->arena, "%s_%d", base, suffixes[b].next++);
            while (name_taken(q, name, i) || explicit_name_taken(c, name));
        }
        p->name = name;
    }
    for (size_t i = 0; i < q->predicates.n; i++)
        for (size_t j = 0; j < q->predicates.v[i].operands.n; j++)
            remap(&q->predicates.v[i].operands.v[j], map);
    for (size_t i = 0; i < q->assignments.n; i++) remap(&q->assignments.v[i].value, map);
    if (q->has_limit) remap(&q->limit, map);
}

/* ---- queries ------------------------------------------------------------------------ */

static void check_name(checker *ck, qctx *c, const ddbc_ast_annotation *an)
{
    const ddbc_ast_annotation *first = ddbc_symtab_get(ck->names, an->name);
    if (first) {
        ddbc_diag *d = ddbc_diag_report(ck->diags, DDBC_E0202, an->name_span,
                                        "query name '%s' is used twice", an->name);
        ddbc_diag_add_note(ck->diags, d, first->name_span, "first used here");
        fail(c);
    } else {
        ddbc_symtab_put(ck->names, an->name, (void *)(uintptr_t)an);
    }
    if (!an->kind_known) {
        ddbc_diag *d = ddbc_diag_report(ck->diags, DDBC_E0206, an->kind_span,
                                        "query '%s' has unknown kind '%s'", an->name,
                                        an->kind_text ? an->kind_text : "");
        ddbc_diag_set_hint(ck->diags, d,
                           "valid kinds: :one, :many, :exec, :execrows, :execresult, "
                           ":execlastid, :iter, :copyfrom, :batchexec, :batchmany, :batchone");
        fail(c);
    }
}

static void check_query(checker *ck, const ddbc_ast_stmt *stmt)
{
    const ddbc_ast_annotation *an = stmt->annotation;
    ddbc_query *q = DDBC_NEW(ck->arena, ddbc_query);
    q->name = an->name ? an->name : "";
    q->kind = an->kind;
    q->doc = an->doc;
    q->stmt = stmt->kind;
    q->span = stmt->span;
    q->name_span = an->name_span;
    q->sql = source_text(ck, stmt->span);
    q->having_span = DDBC_NO_SPAN;
    q->offset_span = DDBC_NO_SPAN;

    qctx c;
    memset(&c, 0, sizeof c);
    c.ck = ck;
    c.q = q;
    c.stmt = stmt;
    if (an->name) check_name(ck, &c, an);

    switch (stmt->kind) {
    case DDBC_STMT_SELECT: check_select(&c, &stmt->u.select); break;
    case DDBC_STMT_INSERT: check_insert(&c, &stmt->u.insert); break;
    case DDBC_STMT_UPDATE: check_update(&c, &stmt->u.update); break;
    case DDBC_STMT_DELETE: check_delete(&c, &stmt->u.del); break;
    default: return;
    }
    if (c.failed || q->bindings.n == 0 || !q->bindings.v[0].entity) return;
    for (size_t i = 0; i < q->bindings.n; i++)
        if (!q->bindings.v[i].entity) return;
    q->root = q->bindings.v[0].entity;
    finish_params(&c);
    DDBC_VEC_PUSH(ck->arena, ck->ir->queries, q);
}

void ddbc_check_queries(const ddbc_ast *ast, ddbc_sources *sources, ddbc_arena *arena,
                        ddbc_ir *ir, ddbc_diags *diags)
{
    checker ck;
    ck.arena = arena;
    ck.diags = diags;
    ck.sources = sources;
    ck.ir = ir;
    ck.names = ddbc_symtab_create(arena);
    for (size_t i = 0; i < ast->stmts.n; i++) {
        const ddbc_ast_stmt *stmt = ast->stmts.v[i];
        if (!stmt->annotation) continue;
        switch (stmt->kind) {
        case DDBC_STMT_SELECT:
        case DDBC_STMT_INSERT:
        case DDBC_STMT_UPDATE:
        case DDBC_STMT_DELETE:
            check_query(&ck, stmt);
            break;
        default:
            break;
        }
    }
}
