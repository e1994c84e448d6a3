/* emit_ir.c — the `ir` backend: ir.json, the checked IR as JSON for tooling.
 *
 * Pretty-printed with two-space indentation, keys in a fixed order, lists in
 * declaration order, so the same input always gives the same bytes. */
#include "emit_ir.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* A minimal pretty-printing JSON writer over a strbuf: it tracks nesting and
 * whether the current container has items, to place commas and newlines. */
#define MAX_DEPTH 32

typedef struct writer {
    ddbc_strbuf *sb;
    ddbc_sources *sources;
    int depth;
    bool has_items[MAX_DEPTH];
} writer;

static void newline(writer *w)
{
    ddbc_strbuf_putc(w->sb, '\n');
    ddbc_strbuf_indent(w->sb, (size_t)w->depth * 2);
}

/* Start a value: the separator before it and, inside an object, its key. */
static void item(writer *w, const char *key)
{
    if (w->depth > 0) {
        if (w->has_items[w->depth]) ddbc_strbuf_putc(w->sb, ',');
        w->has_items[w->depth] = true;
        newline(w);
    }
    if (key) {
        /* Keys are this file's own identifiers: nothing to escape. */
        ddbc_strbuf_putc(w->sb, '"');
        ddbc_strbuf_puts(w->sb, key);
        ddbc_strbuf_puts(w->sb, "\": ");
    }
}

static void open_(writer *w, const char *key, char bracket)
{
    item(w, key);
    ddbc_strbuf_putc(w->sb, bracket);
    w->depth++;
    w->has_items[w->depth] = false;
}

static void close_(writer *w, char bracket)
{
    bool had = w->has_items[w->depth];
    w->depth--;
    if (had) newline(w);
    ddbc_strbuf_putc(w->sb, bracket);
}

static void obj(writer *w, const char *key) { open_(w, key, '{'); }
static void obj_end(writer *w) { close_(w, '}'); }
static void arr(writer *w, const char *key) { open_(w, key, '['); }
static void arr_end(writer *w) { close_(w, ']'); }

static void str(writer *w, const char *key, const char *value)
{
    item(w, key);
    ddbc_strbuf_json_str(w->sb, value);
}

static void num(writer *w, const char *key, long long value)
{
    item(w, key);
    ddbc_strbuf_printf(w->sb, "%lld", value);
}

static void boolean(writer *w, const char *key, bool value)
{
    item(w, key);
    ddbc_strbuf_puts(w->sb, value ? "true" : "false");
}

static void null(writer *w, const char *key)
{
    item(w, key);
    ddbc_strbuf_puts(w->sb, "null");
}

/* ---- values -------------------------------------------------------------------------- */

/* A string value built with printf, escaped as JSON. */
static void strf(writer *w, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void strf(writer *w, const char *key, const char *fmt, ...)
{
    /* Most values (locations, alias.column) fit the stack buffer. */
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    item(w, key);
    if (n >= 0 && (size_t)n < sizeof buf) {
        ddbc_strbuf_append_json(w->sb, buf, (size_t)n);
        return;
    }
    ddbc_strbuf tmp = DDBC_STRBUF_INIT;
    va_start(ap, fmt);
    ddbc_strbuf_vprintf(&tmp, fmt, ap);
    va_end(ap);
    ddbc_strbuf_append_json(w->sb, ddbc_strbuf_cstr(&tmp), tmp.len);
    ddbc_strbuf_free(&tmp);
}

/* "path:line:col" of a span's start, or null for a synthesized node. */
static void location(writer *w, const char *key, ddbc_span span)
{
    if (span.file == DDBC_NO_FILE || span.file >= w->sources->files.n) {
        null(w, key);
        return;
    }
    ddbc_source *src = w->sources->files.v[span.file];
    unsigned line, col;
    ddbc_source_position(src, span.start, &line, &col);
    strf(w, key, "%s:%u:%u", src->path, line, col);
}

/* The source text of a span (an expression as written). */
static void span_text(writer *w, const char *key, ddbc_span span)
{
    if (span.file == DDBC_NO_FILE || span.file >= w->sources->files.n) {
        null(w, key);
        return;
    }
    const ddbc_source *src = w->sources->files.v[span.file];
    if (span.end > src->len || span.start > span.end) {
        null(w, key);
        return;
    }
    item(w, key);
    ddbc_strbuf_append_json(w->sb, src->text + span.start, span.end - span.start);
}

/* "alias.column", or null when the reference has no column (COUNT(*)). */
static void colref(writer *w, const char *key, const ddbc_query *q, const ddbc_colref *r)
{
    if (!r->column || r->binding < 0 || (size_t)r->binding >= q->bindings.n) {
        null(w, key);
        return;
    }
    strf(w, key, "%s.%s", q->bindings.v[r->binding].alias, r->column->name);
}

static const char *literal_type(const ddbc_expr *e)
{
    switch (e->kind) {
    case DDBC_EXPR_STRING: return "string";
    case DDBC_EXPR_NUMBER: return "number";
    case DDBC_EXPR_BOOL: return "bool";
    case DDBC_EXPR_NULL: return "null";
    default: return "expr";
    }
}

static void literal(writer *w, const ddbc_expr *e)
{
    switch (e->kind) {
    case DDBC_EXPR_STRING:
    case DDBC_EXPR_NUMBER:
        str(w, "literal", e->text ? e->text : "");
        break;
    case DDBC_EXPR_BOOL:
        str(w, "literal", e->boolval ? "true" : "false");
        break;
    case DDBC_EXPR_NULL:
        null(w, "literal");
        break;
    default:
        span_text(w, "literal", e->span);
        break;
    }
    str(w, "type", literal_type(e));
}

/* {param: N} | {literal: "…", type} | {column: "alias.col"} */
static void operand(writer *w, const char *key, const ddbc_query *q, const ddbc_operand *op)
{
    obj(w, key);
    switch (op->kind) {
    case DDBC_OPERAND_PARAM:
        num(w, "param", (size_t)op->param < q->params.n ? q->params.v[op->param].number : 0);
        break;
    case DDBC_OPERAND_LITERAL:
        if (op->literal) literal(w, op->literal);
        else span_text(w, "expr", op->span);
        break;
    case DDBC_OPERAND_COLUMN:
        colref(w, "column", q, &op->column);
        break;
    }
    obj_end(w);
}

static void type_fields(writer *w, const ddbc_type *t)
{
    str(w, "sql_type", t->sql ? t->sql : "");
    str(w, "type", ddbc_type_class_name(t->cls));
}

static void string_list(writer *w, const char *key, const char *const *v, size_t n)
{
    arr(w, key);
    for (size_t i = 0; i < n; i++) str(w, NULL, v[i]);
    arr_end(w);
}

/* ---- entities ------------------------------------------------------------------------- */

static void key_columns(writer *w, const char *key, const ddbc_key *k)
{
    arr(w, key);
    for (size_t i = 0; i < k->columns.n; i++) str(w, NULL, k->columns.v[i]->name);
    arr_end(w);
}

/* Unique sets and indexes share one shape. */
static void keys(writer *w, const char *name, ddbc_key *const *list, size_t n)
{
    arr(w, name);
    for (size_t i = 0; i < n; i++) {
        const ddbc_key *k = list[i];
        obj(w, NULL);
        str(w, "name", k->name);
        key_columns(w, "columns", k);
        boolean(w, "unique", k->unique);
        boolean(w, "partial", k->partial);
        boolean(w, "expression", k->has_expression);
        obj_end(w);
    }
    arr_end(w);
}

static void column(writer *w, const ddbc_column *c)
{
    obj(w, NULL);
    str(w, "name", c->name);
    type_fields(w, &c->type);
    boolean(w, "nullable", c->nullable);
    if (c->def.kind == DDBC_DEFAULT_NONE) {
        null(w, "default");
    } else {
        obj(w, "default");
        str(w, "kind", ddbc_default_kind_name(c->def.kind));
        str(w, "value", c->def.value);
        obj_end(w);
    }
    boolean(w, "auto_increment", c->auto_increment);
    boolean(w, "generated", c->generated);
    if (c->added_later) boolean(w, "added_later", true);
    if (c->type.cls == DDBC_T_ENUM || (c->type.cls == DDBC_T_ARRAY && c->type.element == DDBC_T_ENUM)) {
        if (c->type.enum_name) str(w, "enum", c->type.enum_name);
        string_list(w, "enum_values", c->type.enum_values.v, c->type.enum_values.n);
    }
    if (c->type.cls == DDBC_T_ARRAY) str(w, "element", ddbc_type_class_name(c->type.element));
    if (c->comment) str(w, "comment", c->comment);
    obj_end(w);
}

static void entity(writer *w, const ddbc_entity *e)
{
    obj(w, NULL);
    str(w, "name", e->name);
    str(w, "schema", e->schema);
    location(w, "location", e->span);
    if (e->comment) str(w, "comment", e->comment);
    arr(w, "columns");
    for (size_t i = 0; i < e->columns.n; i++) column(w, e->columns.v[i]);
    arr_end(w);
    if (e->primary_key) key_columns(w, "primary_key", e->primary_key);
    else null(w, "primary_key");
    keys(w, "uniques", e->uniques.v, e->uniques.n);
    keys(w, "indexes", e->indexes.v, e->indexes.n);
    arr(w, "foreign_keys");
    for (size_t i = 0; i < e->foreign_keys.n; i++) {
        const ddbc_foreign_key *fk = e->foreign_keys.v[i];
        obj(w, NULL);
        str(w, "name", fk->name);
        arr(w, "columns");
        for (size_t j = 0; j < fk->columns.n; j++) str(w, NULL, fk->columns.v[j]->name);
        arr_end(w);
        obj(w, "references");
        str(w, "table", fk->to ? fk->to->name : fk->ref_table);
        arr(w, "columns");
        for (size_t j = 0; j < fk->ref_columns.n; j++) str(w, NULL, fk->ref_columns.v[j]->name);
        arr_end(w);
        obj_end(w);
        str(w, "on_delete", ddbc_ref_action_name(fk->on_delete));
        str(w, "on_update", ddbc_ref_action_name(fk->on_update));
        obj_end(w);
    }
    arr_end(w);
    string_list(w, "partitions", e->partitions.v, e->partitions.n);
    obj_end(w);
}

/* ---- queries ------------------------------------------------------------------------- */

/* How a join's foreign key reads when it has no name: orders(customer_id) -> customers(id). */
static const char *fk_label(ddbc_strbuf *tmp, const ddbc_foreign_key *fk)
{
    if (fk->name) return fk->name;
    ddbc_strbuf_reset(tmp);
    ddbc_strbuf_printf(tmp, "%s(", fk->from->name);
    for (size_t i = 0; i < fk->columns.n; i++)
        ddbc_strbuf_printf(tmp, "%s%s", i ? ", " : "", fk->columns.v[i]->name);
    ddbc_strbuf_printf(tmp, ") -> %s(", fk->to->name);
    for (size_t i = 0; i < fk->ref_columns.n; i++)
        ddbc_strbuf_printf(tmp, "%s%s", i ? ", " : "", fk->ref_columns.v[i]->name);
    ddbc_strbuf_putc(tmp, ')');
    return ddbc_strbuf_cstr(tmp);
}

static void join(writer *w, const ddbc_query *q, const ddbc_join *j)
{
    const ddbc_binding *b = &q->bindings.v[j->binding];
    const ddbc_binding *other = &q->bindings.v[j->other_binding];
    obj(w, NULL);
    str(w, "table", b->entity->name);
    str(w, "alias", b->alias);
    str(w, "type", ddbc_join_type_name(j->type));
    str(w, "from", other->alias);
    if (!j->fk) {
        null(w, "follows_fk");
        obj_end(w);
        return;
    }
    ddbc_strbuf tmp = DDBC_STRBUF_INIT;
    str(w, "follows_fk", fk_label(&tmp, j->fk));
    ddbc_strbuf_free(&tmp);
    boolean(w, "forward", j->fk_forward);
    /* The fk columns on the child side, and the columns they reference. */
    const ddbc_binding *child = j->fk_forward ? b : other;
    const ddbc_binding *parent = j->fk_forward ? other : b;
    arr(w, "columns");
    for (size_t i = 0; i < j->fk->columns.n; i++)
        strf(w, NULL, "%s.%s", child->alias, j->fk->columns.v[i]->name);
    arr_end(w);
    arr(w, "references");
    for (size_t i = 0; i < j->fk->ref_columns.n; i++)
        strf(w, NULL, "%s.%s", parent->alias, j->fk->ref_columns.v[i]->name);
    arr_end(w);
    obj_end(w);
}

static void target(writer *w, const ddbc_query *q, const ddbc_target *t)
{
    obj(w, NULL);
    str(w, "kind", ddbc_target_kind_name(t->kind));
    switch (t->kind) {
    case DDBC_TARGET_STAR:
        if (t->binding >= 0) str(w, "table", q->bindings.v[t->binding].alias);
        else null(w, "table");
        break;
    case DDBC_TARGET_COLUMN:
        colref(w, "column", q, &t->column);
        break;
    case DDBC_TARGET_COUNT:
    case DDBC_TARGET_AGGREGATE:
        if (t->func) str(w, "func", t->func);
        colref(w, "column", q, &t->column);
        break;
    case DDBC_TARGET_EXPR:
        span_text(w, "text", t->expr ? t->expr->span : t->span);
        break;
    }
    str(w, "alias", t->alias);
    obj_end(w);
}

static void param(writer *w, const ddbc_param *p)
{
    obj(w, NULL);
    num(w, "number", p->number);
    str(w, "name", p->name);
    str(w, "type", ddbc_type_class_name(p->type.cls));
    str(w, "sql_type", p->type.sql ? p->type.sql : "");
    if (p->column && p->column->entity) strf(w, "column", "%s.%s", p->column->entity->name, p->column->name);
    else if (p->column) str(w, "column", p->column->name);
    else null(w, "column");
    boolean(w, "nullable", p->nullable);
    boolean(w, "slice", p->slice);
    obj_end(w);
}

static void query(writer *w, const ddbc_query *q)
{
    obj(w, NULL);
    str(w, "name", q->name);
    str(w, "kind", ddbc_query_kind_name(q->kind));
    str(w, "statement", ddbc_stmt_kind_name(q->stmt));
    location(w, "location", q->span);
    str(w, "root", q->root ? q->root->name : NULL);
    str(w, "doc", q->doc);
    str(w, "sql", q->sql);
    boolean(w, "distinct", q->distinct);

    arr(w, "bindings");
    for (size_t i = 0; i < q->bindings.n; i++) {
        obj(w, NULL);
        str(w, "table", q->bindings.v[i].entity->name);
        str(w, "alias", q->bindings.v[i].alias);
        obj_end(w);
    }
    arr_end(w);

    arr(w, "joins");
    for (size_t i = 0; i < q->joins.n; i++) join(w, q, &q->joins.v[i]);
    arr_end(w);

    arr(w, "predicates");
    for (size_t i = 0; i < q->predicates.n; i++) {
        const ddbc_predicate *p = &q->predicates.v[i];
        obj(w, NULL);
        colref(w, "column", q, &p->column);
        str(w, "op", ddbc_pred_op_name(p->op));
        boolean(w, "negated", p->negated);
        arr(w, "operands");
        for (size_t j = 0; j < p->operands.n; j++) operand(w, NULL, q, &p->operands.v[j]);
        arr_end(w);
        obj_end(w);
    }
    arr_end(w);

    arr(w, "residuals");
    for (size_t i = 0; i < q->residuals.n; i++) {
        const ddbc_residual *r = &q->residuals.v[i];
        obj(w, NULL);
        str(w, "kind", ddbc_residual_kind_name(r->kind));
        location(w, "location", r->span);
        span_text(w, "text", r->span);
        obj_end(w);
    }
    arr_end(w);

    arr(w, "targets");
    for (size_t i = 0; i < q->targets.n; i++) target(w, q, &q->targets.v[i]);
    arr_end(w);

    arr(w, "order_by");
    for (size_t i = 0; i < q->order_by.n; i++) {
        obj(w, NULL);
        colref(w, "column", q, &q->order_by.v[i].column);
        boolean(w, "desc", q->order_by.v[i].desc);
        obj_end(w);
    }
    arr_end(w);

    arr(w, "group_by");
    for (size_t i = 0; i < q->group_by.n; i++) colref(w, NULL, q, &q->group_by.v[i]);
    arr_end(w);

    if (!q->has_limit) {
        null(w, "limit");
    } else if (q->limit.kind == DDBC_OPERAND_LITERAL && q->limit.literal &&
               q->limit.literal->kind == DDBC_EXPR_NUMBER) {
        obj(w, "limit");
        item(w, "literal");
        ddbc_strbuf_puts(w->sb, q->limit.literal->text ? q->limit.literal->text : "0");
        obj_end(w);
    } else {
        operand(w, "limit", q, &q->limit);
    }
    boolean(w, "offset", q->has_offset);
    if (q->having_span.file != DDBC_NO_FILE) span_text(w, "having", q->having_span);
    else null(w, "having");

    arr(w, "assignments");
    for (size_t i = 0; i < q->assignments.n; i++) {
        const ddbc_assignment *a = &q->assignments.v[i];
        obj(w, NULL);
        str(w, "column", a->column->name);
        if (a->is_default) {
            obj(w, "value");
            boolean(w, "default", true);
            obj_end(w);
        } else if (a->value.kind == DDBC_OPERAND_LITERAL && !a->value.literal) {
            obj(w, "value");
            span_text(w, "expr", a->expr ? a->expr->span : a->span);
            obj_end(w);
        } else {
            operand(w, "value", q, &a->value);
        }
        obj_end(w);
    }
    arr_end(w);

    boolean(w, "upsert", q->upsert);
    boolean(w, "returning", q->returning);
    arr(w, "params");
    for (size_t i = 0; i < q->params.n; i++) param(w, &q->params.v[i]);
    arr_end(w);
    boolean(w, "inferred", q->inferred);
    obj_end(w);
}

void ddbc_emit_ir(const ddbc_ir *ir, ddbc_sources *sources, ddbc_outset *out, ddbc_diags *diags)
{
    (void)diags;
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    writer w;
    memset(&w, 0, sizeof w);
    w.sb = &sb;
    w.sources = sources;

    obj(&w, NULL);
    num(&w, "version", 1);
    arr(&w, "entities");
    for (size_t i = 0; i < ir->catalog.entities.n; i++) entity(&w, ir->catalog.entities.v[i]);
    arr_end(&w);
    arr(&w, "enums");
    for (size_t i = 0; i < ir->catalog.enums.n; i++) {
        const ddbc_enum_type *en = ir->catalog.enums.v[i];
        obj(&w, NULL);
        str(&w, "name", en->name);
        str(&w, "schema", en->schema);
        location(&w, "location", en->span);
        string_list(&w, "values", en->values.v, en->values.n);
        obj_end(&w);
    }
    arr_end(&w);
    arr(&w, "queries");
    for (size_t i = 0; i < ir->queries.n; i++) query(&w, ir->queries.v[i]);
    arr_end(&w);
    obj_end(&w);
    ddbc_strbuf_putc(&sb, '\n');
    ddbc_outset_add(out, "ir.json", &sb);
    ddbc_strbuf_free(&sb);
}
