/* ast.c — constructors for the syntax tree, called from the grammar's actions.
 *
 * Each one builds a node in the compilation arena and returns it; they never
 * fail.  The few semantic touches the grammar cannot express (sqlc.arg() as a
 * parameter, COUNT(*), a MySQL prefix-length index column) happen here. */
#include <stdlib.h>
#include <string.h>

#include "ast_build.h"

static const struct {
    const char *name;
    ddbc_query_kind kind;
} query_kinds[] = {
    {"one", DDBC_KIND_ONE},           {"many", DDBC_KIND_MANY},
    {"exec", DDBC_KIND_EXEC},         {"execrows", DDBC_KIND_EXECROWS},
    {"execresult", DDBC_KIND_EXECRESULT}, {"execlastid", DDBC_KIND_EXECLASTID},
    {"iter", DDBC_KIND_ITER},         {"copyfrom", DDBC_KIND_COPYFROM},
    {"batchexec", DDBC_KIND_BATCHEXEC}, {"batchmany", DDBC_KIND_BATCHMANY},
    {"batchone", DDBC_KIND_BATCHONE},
    /* aliases */
    {"exec_rows", DDBC_KIND_EXECROWS}, {"exec_result", DDBC_KIND_EXECRESULT},
    {"exec_lastid", DDBC_KIND_EXECLASTID}, {"list", DDBC_KIND_MANY},
    {"get", DDBC_KIND_ONE},
};

const char *ddbc_query_kind_name(ddbc_query_kind kind)
{
    for (size_t i = 0; i < sizeof query_kinds / sizeof query_kinds[0]; i++)
        if (query_kinds[i].kind == kind) return query_kinds[i].name;
    return "exec";
}

bool ddbc_query_kind_parse(const char *word, ddbc_query_kind *out)
{
    for (size_t i = 0; i < sizeof query_kinds / sizeof query_kinds[0]; i++) {
        if (strcmp(query_kinds[i].name, word) == 0) {
            *out = query_kinds[i].kind;
            return true;
        }
    }
    return false;
}

ddbc_ast_stmt *ddbc_ast_stmt_new(ddbc_parser *p, ddbc_stmt_kind kind)
{
    ddbc_ast_stmt *s = DDBC_NEW(p->arena, ddbc_ast_stmt);
    s->kind = kind;
    return s;
}

ddbc_ident ddbc_ast_ident(ddbc_parser *p, const char *name, ddbc_span span)
{
    (void)p;
    return (ddbc_ident){name, span};
}

ddbc_qname ddbc_ast_qname(const char *schema, const char *name, ddbc_span span)
{
    return (ddbc_qname){schema, name, span};
}

void ddbc_ast_ident_push(ddbc_parser *p, ddbc_ident_list *list, ddbc_ident id)
{
    DDBC_VEC_PUSH(p->arena, *list, id);
}

/* ---- expressions ---------------------------------------------------------- */

ddbc_expr *ddbc_ast_expr(ddbc_parser *p, ddbc_expr_kind kind, ddbc_span span)
{
    ddbc_expr *e = DDBC_NEW(p->arena, ddbc_expr);
    e->kind = kind;
    e->span = span;
    e->depth = 1;
    return e;
}

/* Give e the depth of its deepest child plus one, and refuse (once per
 * statement) a tree so deep that walking it could exhaust the stack. */
static ddbc_expr *deepen(ddbc_parser *p, ddbc_expr *e)
{
    int d = 0;
    const ddbc_expr *kids[] = {e->lhs, e->rhs, e->third};
    for (size_t i = 0; i < 3; i++)
        if (kids[i] && kids[i]->depth > d) d = kids[i]->depth;
    for (size_t i = 0; i < e->args.n; i++)
        if (e->args.v[i]->depth > d) d = e->args.v[i]->depth;
    e->depth = d + 1;
    if (e->depth > DDBC_MAX_EXPR_DEPTH && !p->too_deep) {
        p->too_deep = true;
        ddbc_diag *d2 = ddbc_diag_report(p->diags, DDBC_E0009, e->span,
                                         "expression is nested more than %d levels deep", DDBC_MAX_EXPR_DEPTH);
        ddbc_diag_set_hint(p->diags, d2, "split it up; no access pattern needs an expression this large");
        p->failed = true;
    }
    return e;
}

ddbc_expr *ddbc_ast_colref(ddbc_parser *p, const char *qualifier, const char *name, ddbc_span span)
{
    ddbc_expr *e = ddbc_ast_expr(p, DDBC_EXPR_COLUMN, span);
    e->qualifier = qualifier;
    e->name = name;
    return e;
}

ddbc_expr *ddbc_ast_star(ddbc_parser *p, const char *qualifier, ddbc_span span)
{
    ddbc_expr *e = ddbc_ast_expr(p, DDBC_EXPR_STAR, span);
    e->qualifier = qualifier;
    return e;
}

ddbc_expr *ddbc_ast_literal(ddbc_parser *p, ddbc_expr_kind kind, const char *text, ddbc_span span)
{
    ddbc_expr *e = ddbc_ast_expr(p, kind, span);
    e->text = text;
    return e;
}

ddbc_expr *ddbc_ast_bool(ddbc_parser *p, bool value, ddbc_span span)
{
    ddbc_expr *e = ddbc_ast_expr(p, DDBC_EXPR_BOOL, span);
    e->boolval = value;
    e->text = value ? "true" : "false";
    return e;
}

ddbc_expr *ddbc_ast_param(ddbc_parser *p, const char *text, ddbc_span span)
{
    ddbc_expr *e = ddbc_ast_expr(p, DDBC_EXPR_PARAM, span);
    e->text = text;
    if (text[0] == '$') {
        e->param_style = DDBC_PARAM_NUMBERED;
        long n = strtol(text + 1, NULL, 10);
        e->param_number = n > 0 && n < 100000 ? (int)n : 0;
        if (e->param_number == 0)
            ddbc_ast_error(p, DDBC_E0010, span, "parameter numbers start at $1 and stay below $100000");
    } else if (text[0] == '?') {
        e->param_style = DDBC_PARAM_POSITIONAL;
        e->param_number = ++p->positional_params;
    } else {
        e->param_style = DDBC_PARAM_NAMED;
        e->name = text + 1; /* @name */
    }
    return e;
}

ddbc_expr *ddbc_ast_unary(ddbc_parser *p, ddbc_op op, const char *optext, ddbc_expr *operand, ddbc_span span)
{
    ddbc_expr *e = ddbc_ast_expr(p, DDBC_EXPR_UNARY, span);
    e->op = op;
    e->text = optext;
    e->lhs = operand;
    return deepen(p, e);
}

ddbc_expr *ddbc_ast_binary(ddbc_parser *p, ddbc_op op, const char *optext, ddbc_expr *l,
                           ddbc_expr *r, ddbc_span span)
{
    ddbc_expr *e = ddbc_ast_expr(p, DDBC_EXPR_BINARY, span);
    e->op = op;
    e->text = optext;
    e->lhs = l;
    e->rhs = r;
    return deepen(p, e);
}

ddbc_expr *ddbc_ast_between(ddbc_parser *p, ddbc_expr *operand, ddbc_expr *lo, ddbc_expr *hi,
                            bool negated, ddbc_span span)
{
    ddbc_expr *e = ddbc_ast_expr(p, DDBC_EXPR_BETWEEN, span);
    e->lhs = operand;
    e->rhs = lo;
    e->third = hi;
    e->negated = negated;
    return deepen(p, e);
}

ddbc_expr *ddbc_ast_in(ddbc_parser *p, ddbc_expr *operand, ddbc_expr_list *list, ddbc_ast_select *sub,
                       bool negated, ddbc_span span)
{
    ddbc_expr *e = ddbc_ast_expr(p, DDBC_EXPR_IN, span);
    e->lhs = operand;
    if (list) e->args = *list;
    e->subquery = sub;
    e->negated = negated;
    return deepen(p, e);
}

ddbc_expr *ddbc_ast_like(ddbc_parser *p, ddbc_op op, ddbc_expr *operand, ddbc_expr *pattern,
                         bool negated, ddbc_span span)
{
    ddbc_expr *e = ddbc_ast_expr(p, DDBC_EXPR_LIKE, span);
    e->op = op;
    e->lhs = operand;
    e->rhs = pattern;
    e->negated = negated;
    return deepen(p, e);
}

ddbc_expr *ddbc_ast_is(ddbc_parser *p, ddbc_expr *operand, ddbc_expr *what, bool negated, ddbc_span span)
{
    ddbc_expr *e = ddbc_ast_expr(p, DDBC_EXPR_IS, span);
    e->lhs = operand;
    e->rhs = what;
    e->negated = negated;
    return deepen(p, e);
}

/* sqlc's macros name parameters: sqlc.arg(name), sqlc.narg(name), sqlc.slice(name). */
static ddbc_expr *sqlc_macro(ddbc_parser *p, const char *fn, ddbc_expr_list *args, ddbc_span span)
{
    bool nullable = strcmp(fn, "narg") == 0, slice = strcmp(fn, "slice") == 0;
    if (!nullable && !slice && strcmp(fn, "arg") != 0) return NULL;
    if (!args || args->n != 1 ||
        (args->v[0]->kind != DDBC_EXPR_COLUMN && args->v[0]->kind != DDBC_EXPR_STRING) ||
        (args->v[0]->kind == DDBC_EXPR_COLUMN && args->v[0]->qualifier)) {
        ddbc_ast_error(p, DDBC_E0010, span, "sqlc.arg(), sqlc.narg() and sqlc.slice() take one parameter name");
        return NULL;
    }
    ddbc_expr *e = ddbc_ast_expr(p, DDBC_EXPR_PARAM, span);
    e->param_style = DDBC_PARAM_NAMED;
    e->name = args->v[0]->kind == DDBC_EXPR_COLUMN ? args->v[0]->name : args->v[0]->text;
    e->text = e->name;
    e->param_nullable = nullable;
    e->param_slice = slice;
    return e;
}

ddbc_expr *ddbc_ast_func(ddbc_parser *p, const char *name, ddbc_expr_list *args, bool star,
                         bool distinct, ddbc_span span)
{
    if (strncmp(name, "sqlc.", 5) == 0) {
        ddbc_expr *param = sqlc_macro(p, name + 5, args, span);
        if (param) return param;
    }
    ddbc_expr *e = ddbc_ast_expr(p, DDBC_EXPR_FUNC, span);
    e->name = name;
    e->distinct = distinct;
    /* COUNT(*) arrives as a call with one bare star argument. */
    if (args && args->n == 1 && args->v[0]->kind == DDBC_EXPR_STAR && !args->v[0]->qualifier)
        star = true;
    else if (args)
        e->args = *args;
    e->star = star;
    return deepen(p, e);
}

ddbc_expr *ddbc_ast_cast(ddbc_parser *p, ddbc_expr *operand, ddbc_ast_type *type, ddbc_span span)
{
    ddbc_expr *e = ddbc_ast_expr(p, DDBC_EXPR_CAST, span);
    e->lhs = operand;
    e->text = type->text;
    return deepen(p, e);
}

ddbc_expr *ddbc_ast_subquery(ddbc_parser *p, ddbc_ast_select *s, bool exists, ddbc_span span)
{
    ddbc_expr *e = ddbc_ast_expr(p, DDBC_EXPR_SUBQUERY, span);
    e->subquery = s;
    e->op = exists ? DDBC_OP_EXISTS : DDBC_OP_NONE;
    return e;
}

ddbc_expr *ddbc_ast_list_expr(ddbc_parser *p, ddbc_expr_kind kind, ddbc_expr_list *list, ddbc_span span)
{
    ddbc_expr *e = ddbc_ast_expr(p, kind, span);
    if (list) e->args = *list;
    return deepen(p, e);
}

void ddbc_ast_expr_push(ddbc_parser *p, ddbc_expr_list *list, ddbc_expr *e)
{
    DDBC_VEC_PUSH(p->arena, *list, e);
}

/* ---- types ---------------------------------------------------------------- */

ddbc_ast_type *ddbc_ast_type_new(ddbc_parser *p, const char *word, ddbc_span span)
{
    ddbc_ast_type *t = DDBC_NEW(p->arena, ddbc_ast_type);
    t->name = word;
    t->span = span;
    return t;
}

/* Type names of more than one word.  Any other second word after a type is
 * the next column's name with the comma between them missing. */
static const char *const multiword_types[] = {
    "double precision", "character varying", "char varying", "bit varying",
    "national character varying", "national char varying", "nchar varying",
    "varying character", "native character", "unsigned big int", "big int",
    "long varchar", "long varbinary",
};

static bool multiword_prefix(const char *words)
{
    size_t n = strlen(words);
    for (size_t i = 0; i < sizeof multiword_types / sizeof multiword_types[0]; i++) {
        const char *m = multiword_types[i];
        if (strncmp(m, words, n) == 0 && (m[n] == '\0' || m[n] == ' ')) return true;
    }
    return false;
}

void ddbc_ast_type_word(ddbc_parser *p, ddbc_ast_type *t, const char *word, ddbc_span span)
{
    if (strcmp(word, "unsigned") == 0) {
        t->is_unsigned = true;
    } else if (strcmp(word, "zerofill") == 0 || strcmp(word, "signed") == 0) {
        /* display attributes: no bearing on what the column holds */
    } else {
        const char *words = ddbc_arena_printf(p->arena, "%s %s", t->name, word);
        bool zone = strcmp(word, "with time zone") == 0 || strcmp(word, "without time zone") == 0;
        if (!zone && !multiword_prefix(words) && !p->failed) {
            ddbc_diag *d = ddbc_diag_report(p->diags, DDBC_E0010, span,
                                            "unexpected '%s' after the type '%s'", word, t->name);
            ddbc_diag_set_hint(p->diags, d, "is a comma missing before '%s'?", word);
            p->failed = true;
        }
        t->name = words;
    }
    t->span = ddbc_span_join(t->span, span);
}

void ddbc_ast_type_modifier(ddbc_parser *p, ddbc_ast_type *t, const char *mod)
{
    DDBC_VEC_PUSH(p->arena, t->modifiers, mod);
}

void ddbc_ast_type_array(ddbc_parser *p, ddbc_ast_type *t, ddbc_span span)
{
    t->array_dims++;
    t->text = ddbc_arena_printf(p->arena, "%s[]", t->text ? t->text : t->name);
    t->span = ddbc_span_join(t->span, span);
}

ddbc_ast_type *ddbc_ast_type_enum(ddbc_parser *p, bool is_set, ddbc_span span)
{
    ddbc_ast_type *t = ddbc_ast_type_new(p, is_set ? "set" : "enum", span);
    t->is_set = is_set;
    return t;
}

void ddbc_ast_type_enum_value(ddbc_parser *p, ddbc_ast_type *t, const char *value)
{
    DDBC_VEC_PUSH(p->arena, t->enum_values, value);
}

/* The normalized spelling: "numeric(10,2)", "character varying(255)",
 * "timestamp(3) with time zone", "enum('a','b')". */
void ddbc_ast_type_finish(ddbc_parser *p, ddbc_ast_type *t)
{
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    const char *tz = NULL;
    size_t base_len = strlen(t->name);
    for (const char *suffix_tz[] = {" with time zone", " without time zone"}, **s = suffix_tz;
         s < suffix_tz + 2; s++) {
        size_t n = strlen(*s);
        if (base_len > n && strcmp(t->name + base_len - n, *s) == 0) {
            tz = *s;
            base_len -= n;
        }
    }
    ddbc_strbuf_append(&sb, t->name, base_len);
    if (t->enum_values.n) {
        ddbc_strbuf_putc(&sb, '(');
        for (size_t i = 0; i < t->enum_values.n; i++)
            ddbc_strbuf_printf(&sb, "%s'%s'", i ? "," : "", t->enum_values.v[i]);
        ddbc_strbuf_putc(&sb, ')');
    } else if (t->modifiers.n) {
        ddbc_strbuf_putc(&sb, '(');
        for (size_t i = 0; i < t->modifiers.n; i++)
            ddbc_strbuf_printf(&sb, "%s%s", i ? "," : "", t->modifiers.v[i]);
        ddbc_strbuf_putc(&sb, ')');
    }
    if (tz) ddbc_strbuf_puts(&sb, tz);
    if (t->is_unsigned) ddbc_strbuf_puts(&sb, " unsigned");
    t->text = ddbc_arena_strdup(p->arena, ddbc_strbuf_cstr(&sb));
    ddbc_strbuf_free(&sb);
}

/* ---- columns and constraints ---------------------------------------------- */

ddbc_ast_column *ddbc_ast_column_def(ddbc_parser *p, ddbc_ident name, ddbc_ast_type *type, ddbc_span span)
{
    ddbc_ast_column *c = DDBC_NEW(p->arena, ddbc_ast_column);
    c->name = name;
    c->type = type;
    c->span = span;
    return c;
}

ddbc_ast_constraint *ddbc_ast_constraint_new(ddbc_parser *p, ddbc_cons_kind kind, ddbc_span span)
{
    ddbc_ast_constraint *c = DDBC_NEW(p->arena, ddbc_ast_constraint);
    c->kind = kind;
    c->span = span;
    return c;
}

/* The text of a span, whitespace runs folded to one space. */
static const char *span_text(ddbc_parser *p, ddbc_span span)
{
    const char *s = p->src->text + span.start;
    size_t n = span.end - span.start;
    char *out = ddbc_arena_alloc(p->arena, n + 1);
    size_t k = 0;
    bool space = false;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
            space = k > 0;
            continue;
        }
        if (space) out[k++] = ' ';
        space = false;
        out[k++] = ch;
    }
    out[k] = '\0';
    return out;
}

ddbc_ast_constraint *ddbc_ast_default(ddbc_parser *p, ddbc_expr *e, ddbc_span span)
{
    ddbc_ast_constraint *c = ddbc_ast_constraint_new(p, DDBC_CONS_DEFAULT, span);
    c->expr = e;
    c->text = span_text(p, e->span);
    return c;
}

int ddbc_ast_ref_action(bool on_delete, ddbc_ref_action action)
{
    return on_delete ? (int)action : (int)action << 8;
}

ddbc_ast_constraint *ddbc_ast_references(ddbc_parser *p, ddbc_qname table, ddbc_ident_list *cols,
                                         int actions, ddbc_span span)
{
    ddbc_ast_constraint *c = ddbc_ast_constraint_new(p, DDBC_CONS_FOREIGN_KEY, span);
    c->ref_table = table;
    c->ref_columns = *cols;
    c->on_delete = (ddbc_ref_action)(actions & 0xff);
    c->on_update = (ddbc_ref_action)((actions >> 8) & 0xff);
    return c;
}

void ddbc_ast_constraint_push(ddbc_parser *p, ddbc_constraint_list *list, ddbc_ast_constraint *c)
{
    DDBC_VEC_PUSH(p->arena, *list, c);
}

/* ---- statements ----------------------------------------------------------- */

void ddbc_ast_table_elem_column(ddbc_parser *p, ddbc_ast_create_table *t, ddbc_ast_column *c)
{
    DDBC_VEC_PUSH(p->arena, t->columns, c);
}

void ddbc_ast_table_elem_constraint(ddbc_parser *p, ddbc_ast_create_table *t, ddbc_ast_constraint *c)
{
    DDBC_VEC_PUSH(p->arena, t->constraints, c);
}

ddbc_ast_alter_action *ddbc_ast_alter(ddbc_parser *p, ddbc_alter_kind kind, ddbc_span span)
{
    ddbc_ast_alter_action *a = DDBC_NEW(p->arena, ddbc_ast_alter_action);
    a->kind = kind;
    a->span = span;
    return a;
}

ddbc_ast_alter_action *ddbc_ast_alter_push(ddbc_parser *p, ddbc_ast_alter_action *a)
{
    DDBC_VEC_PUSH(p->arena, p->stmt->u.alter_table.actions, a);
    return a;
}

void ddbc_ast_key_columns_start(ddbc_parser *p)
{
    p->cols = (ddbc_ident_list){0};
    p->cols_expr = false;
}

void ddbc_ast_key_column(ddbc_parser *p, ddbc_ident col, bool is_expression, bool desc, ddbc_span span)
{
    (void)desc;
    if (is_expression) {
        p->cols_expr = true;
        col.name = span_text(p, span);
    }
    col.span = span;
    DDBC_VEC_PUSH(p->arena, p->cols, col);
}

void ddbc_ast_index_elem_add(ddbc_parser *p, ddbc_ast_create_index *ix, const char *column,
                         ddbc_expr *expr, bool desc, ddbc_span span)
{
    ddbc_ast_index_elem el = {.span = span, .desc = desc};
    /* MySQL's prefix index `name(10)` parses as a call with one number. */
    if (!column && expr && expr->kind == DDBC_EXPR_FUNC && !strchr(expr->name, '.') &&
        expr->args.n == 1 && expr->args.v[0]->kind == DDBC_EXPR_NUMBER)
        column = expr->name;
    el.column = (ddbc_ident){column, span};
    DDBC_VEC_PUSH(p->arena, ix->elems, el);
}

void ddbc_ast_str_push(ddbc_parser *p, void *string_vec, const char *s)
{
    typedef DDBC_VEC(const char *) strvec;
    strvec *v = string_vec;
    DDBC_VEC_PUSH(p->arena, *v, s);
}

void ddbc_ast_drop_start(ddbc_parser *p, ddbc_object_kind kind)
{
    p->stmt = ddbc_ast_stmt_new(p, DDBC_STMT_DROP);
    p->stmt->u.drop.object = kind;
}

void ddbc_ast_drop_name(ddbc_parser *p, ddbc_qname name)
{
    DDBC_VEC_PUSH(p->arena, p->stmt->u.drop.names, name);
}

void ddbc_ast_comment_column(ddbc_parser *p, ddbc_qname target, const char *text)
{
    ddbc_ast_comment *c = &p->stmt->u.comment;
    c->object = DDBC_OBJ_COLUMN;
    c->name = target;
    c->text = text;
    /* target is [schema.]table.column: qname kept schema=table-or-schema, name=column */
    c->column = (ddbc_ident){target.name, target.span};
    c->table = ddbc_ast_qname(NULL, target.schema, target.span);
}

ddbc_ast_table_ref ddbc_ast_table_ref_make(ddbc_qname name, const char *alias, ddbc_span alias_span, ddbc_span span)
{
    return (ddbc_ast_table_ref){.name = name, .alias = alias, .alias_span = alias_span, .span = span};
}

ddbc_ast_select *ddbc_ast_select_new(ddbc_parser *p, ddbc_span span)
{
    ddbc_ast_select *s = DDBC_NEW(p->arena, ddbc_ast_select);
    s->span = span;
    s->set_op_span = DDBC_NO_SPAN;
    return s;
}

void ddbc_ast_target_add(ddbc_parser *p, ddbc_ast_select *s, ddbc_expr *e, const char *alias, ddbc_span span)
{
    ddbc_ast_target t = {e, alias, span};
    DDBC_VEC_PUSH(p->arena, s->targets, t);
}

void ddbc_ast_set_clause_add(ddbc_parser *p, ddbc_set_list *list, ddbc_ident col, ddbc_expr *value, ddbc_span span)
{
    ddbc_ast_set_clause c = {col, value, span};
    DDBC_VEC_PUSH(p->arena, *list, c);
}

void ddbc_ast_order_push(ddbc_parser *p, ddbc_ast_select *s, const ddbc_ast_order *o)
{
    DDBC_VEC_PUSH(p->arena, s->order_by, *o);
}

void ddbc_ast_from_push(ddbc_parser *p, ddbc_table_ref_list *list, ddbc_ast_table_ref ref)
{
    DDBC_VEC_PUSH(p->arena, *list, ref);
}

void ddbc_ast_join_push(ddbc_parser *p, ddbc_ast_select *s, ddbc_join_type type, ddbc_ast_table_ref ref,
                        ddbc_expr *on, ddbc_ident_list *using_cols, bool natural, ddbc_span span)
{
    ddbc_ast_join j = {.type = type, .table = ref, .on = on, .natural = natural, .span = span};
    if (using_cols) j.using_columns = *using_cols;
    DDBC_VEC_PUSH(p->arena, s->joins, j);
}

void ddbc_ast_row_push(ddbc_parser *p, ddbc_row_list *rows, ddbc_expr_list *row)
{
    DDBC_VEC_PUSH(p->arena, *rows, *row);
}

void ddbc_ast_returning_push(ddbc_parser *p)
{
    ddbc_target_list *list = NULL;
    switch (p->stmt->kind) {
    case DDBC_STMT_INSERT: list = &p->stmt->u.insert.returning; break;
    case DDBC_STMT_UPDATE: list = &p->stmt->u.update.returning; break;
    case DDBC_STMT_DELETE: list = &p->stmt->u.del.returning; break;
    default: return;
    }
    DDBC_VEC_PUSH(p->arena, *list, p->target);
}

void ddbc_ast_error(ddbc_parser *p, ddbc_diag_code code, ddbc_span span, const char *msg)
{
    ddbc_diag_report(p->diags, code, span, "%s", msg);
    p->failed = true;
}
