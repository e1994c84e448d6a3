/* emit_ir.c — the `ir` backend: ir.json, the checked IR as JSON for tooling.
 *
 * Pretty-printed with two-space indentation, keys in a fixed order, lists in
 * declaration order, so the same input always gives the same bytes. */
#include "emit_ir.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "json.h"

/* The shared JSON writer, and what the values below need to reach. */
typedef struct writer {
    ddbc_json json;
    ddbc_sources *sources;
} writer;

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
    ddbc_json_item(&w->json, key);
    if (n >= 0 && (size_t)n < sizeof buf) {
        ddbc_strbuf_append_json(w->json.sb, buf, (size_t)n);
        return;
    }
    ddbc_strbuf tmp = DDBC_STRBUF_INIT;
    va_start(ap, fmt);
    ddbc_strbuf_vprintf(&tmp, fmt, ap);
    va_end(ap);
    ddbc_strbuf_append_json(w->json.sb, ddbc_strbuf_cstr(&tmp), tmp.len);
    ddbc_strbuf_free(&tmp);
}

/* "path:line:col" of a span's start, or null for a synthesized node. */
static void location(writer *w, const char *key, ddbc_span span)
{
    if (span.file == DDBC_NO_FILE || span.file >= w->sources->files.n) {
        ddbc_json_null(&w->json, key);
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
        ddbc_json_null(&w->json, key);
        return;
    }
    const ddbc_source *src = w->sources->files.v[span.file];
    if (span.end > src->len || span.start > span.end) {
        ddbc_json_null(&w->json, key);
        return;
    }
    ddbc_json_item(&w->json, key);
    ddbc_strbuf_append_json(w->json.sb, src->text + span.start, span.end - span.start);
}

/* "alias.column", or null when the reference has no column (COUNT(*)). */
static void colref(writer *w, const char *key, const ddbc_query *q, const ddbc_colref *r)
{
    if (!r->column || r->binding < 0 || (size_t)r->binding >= q->bindings.n) {
        ddbc_json_null(&w->json, key);
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
        ddbc_json_str(&w->json, "literal", e->text ? e->text : "");
        break;
    case DDBC_EXPR_BOOL:
        ddbc_json_str(&w->json, "literal", e->boolval ? "true" : "false");
        break;
    case DDBC_EXPR_NULL:
        ddbc_json_null(&w->json, "literal");
        break;
    default:
        span_text(w, "literal", e->span);
        break;
    }
    ddbc_json_str(&w->json, "type", literal_type(e));
}

/* {param: N} | {literal: "…", type} | {column: "alias.col"} */
static void operand(writer *w, const char *key, const ddbc_query *q, const ddbc_operand *op)
{
    ddbc_json_obj(&w->json, key);
    switch (op->kind) {
    case DDBC_OPERAND_PARAM:
        ddbc_json_num(&w->json, "param", (size_t)op->param < q->params.n ? q->params.v[op->param].number : 0);
        break;
    case DDBC_OPERAND_LITERAL:
        if (op->literal) literal(w, op->literal);
        else span_text(w, "expr", op->span);
        break;
    case DDBC_OPERAND_COLUMN:
        colref(w, "column", q, &op->column);
        break;
    }
    ddbc_json_obj_end(&w->json);
}

static void type_fields(writer *w, const ddbc_type *t)
{
    ddbc_json_str(&w->json, "sql_type", t->sql ? t->sql : "");
    ddbc_json_str(&w->json, "type", ddbc_type_class_name(t->cls));
}

static void string_list(writer *w, const char *key, const char *const *v, size_t n)
{
    ddbc_json_arr(&w->json, key);
    for (size_t i = 0; i < n; i++) ddbc_json_str(&w->json, NULL, v[i]);
    ddbc_json_arr_end(&w->json);
}

/* ---- entities ------------------------------------------------------------------------- */

static void key_columns(writer *w, const char *key, const ddbc_key *k)
{
    ddbc_json_arr(&w->json, key);
    for (size_t i = 0; i < k->columns.n; i++) ddbc_json_str(&w->json, NULL, k->columns.v[i]->name);
    ddbc_json_arr_end(&w->json);
}

/* Unique sets and indexes share one shape. */
static void keys(writer *w, const char *name, ddbc_key *const *list, size_t n)
{
    ddbc_json_arr(&w->json, name);
    for (size_t i = 0; i < n; i++) {
        const ddbc_key *k = list[i];
        ddbc_json_obj(&w->json, NULL);
        ddbc_json_str(&w->json, "name", k->name);
        key_columns(w, "columns", k);
        ddbc_json_bool(&w->json, "unique", k->unique);
        ddbc_json_bool(&w->json, "partial", k->partial);
        ddbc_json_bool(&w->json, "expression", k->has_expression);
        ddbc_json_obj_end(&w->json);
    }
    ddbc_json_arr_end(&w->json);
}

static void column(writer *w, const ddbc_column *c)
{
    ddbc_json_obj(&w->json, NULL);
    ddbc_json_str(&w->json, "name", c->name);
    type_fields(w, &c->type);
    ddbc_json_bool(&w->json, "nullable", c->nullable);
    if (c->def.kind == DDBC_DEFAULT_NONE) {
        ddbc_json_null(&w->json, "default");
    } else {
        ddbc_json_obj(&w->json, "default");
        ddbc_json_str(&w->json, "kind", ddbc_default_kind_name(c->def.kind));
        ddbc_json_str(&w->json, "value", c->def.value);
        ddbc_json_obj_end(&w->json);
    }
    ddbc_json_bool(&w->json, "auto_increment", c->auto_increment);
    ddbc_json_bool(&w->json, "generated", c->generated);
    if (c->added_later) ddbc_json_bool(&w->json, "added_later", true);
    if (c->type.cls == DDBC_T_ENUM || (c->type.cls == DDBC_T_ARRAY && c->type.element == DDBC_T_ENUM)) {
        if (c->type.enum_name) ddbc_json_str(&w->json, "enum", c->type.enum_name);
        string_list(w, "enum_values", c->type.enum_values.v, c->type.enum_values.n);
    }
    if (c->type.cls == DDBC_T_ARRAY) ddbc_json_str(&w->json, "element", ddbc_type_class_name(c->type.element));
    if (c->comment) ddbc_json_str(&w->json, "comment", c->comment);
    ddbc_json_obj_end(&w->json);
}

static void entity(writer *w, const ddbc_entity *e)
{
    ddbc_json_obj(&w->json, NULL);
    ddbc_json_str(&w->json, "name", e->name);
    ddbc_json_str(&w->json, "schema", e->schema);
    location(w, "location", e->span);
    if (e->comment) ddbc_json_str(&w->json, "comment", e->comment);
    ddbc_json_arr(&w->json, "columns");
    for (size_t i = 0; i < e->columns.n; i++) column(w, e->columns.v[i]);
    ddbc_json_arr_end(&w->json);
    if (e->primary_key) key_columns(w, "primary_key", e->primary_key);
    else ddbc_json_null(&w->json, "primary_key");
    keys(w, "uniques", e->uniques.v, e->uniques.n);
    keys(w, "indexes", e->indexes.v, e->indexes.n);
    ddbc_json_arr(&w->json, "foreign_keys");
    for (size_t i = 0; i < e->foreign_keys.n; i++) {
        const ddbc_foreign_key *fk = e->foreign_keys.v[i];
        ddbc_json_obj(&w->json, NULL);
        ddbc_json_str(&w->json, "name", fk->name);
        ddbc_json_arr(&w->json, "columns");
        for (size_t j = 0; j < fk->columns.n; j++) ddbc_json_str(&w->json, NULL, fk->columns.v[j]->name);
        ddbc_json_arr_end(&w->json);
        ddbc_json_obj(&w->json, "references");
        ddbc_json_str(&w->json, "table", fk->to ? fk->to->name : fk->ref_table);
        ddbc_json_arr(&w->json, "columns");
        for (size_t j = 0; j < fk->ref_columns.n; j++) ddbc_json_str(&w->json, NULL, fk->ref_columns.v[j]->name);
        ddbc_json_arr_end(&w->json);
        ddbc_json_obj_end(&w->json);
        ddbc_json_str(&w->json, "on_delete", ddbc_ref_action_name(fk->on_delete));
        ddbc_json_str(&w->json, "on_update", ddbc_ref_action_name(fk->on_update));
        ddbc_json_obj_end(&w->json);
    }
    ddbc_json_arr_end(&w->json);
    string_list(w, "partitions", e->partitions.v, e->partitions.n);
    ddbc_json_obj_end(&w->json);
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
    ddbc_json_obj(&w->json, NULL);
    ddbc_json_str(&w->json, "table", b->entity->name);
    ddbc_json_str(&w->json, "alias", b->alias);
    ddbc_json_str(&w->json, "type", ddbc_join_type_name(j->type));
    ddbc_json_str(&w->json, "from", other->alias);
    if (!j->fk) {
        ddbc_json_null(&w->json, "follows_fk");
        ddbc_json_obj_end(&w->json);
        return;
    }
    ddbc_strbuf tmp = DDBC_STRBUF_INIT;
    ddbc_json_str(&w->json, "follows_fk", fk_label(&tmp, j->fk));
    ddbc_strbuf_free(&tmp);
    ddbc_json_bool(&w->json, "forward", j->fk_forward);
    /* The fk columns on the child side, and the columns they reference. */
    const ddbc_binding *child = j->fk_forward ? b : other;
    const ddbc_binding *parent = j->fk_forward ? other : b;
    ddbc_json_arr(&w->json, "columns");
    for (size_t i = 0; i < j->fk->columns.n; i++)
        strf(w, NULL, "%s.%s", child->alias, j->fk->columns.v[i]->name);
    ddbc_json_arr_end(&w->json);
    ddbc_json_arr(&w->json, "references");
    for (size_t i = 0; i < j->fk->ref_columns.n; i++)
        strf(w, NULL, "%s.%s", parent->alias, j->fk->ref_columns.v[i]->name);
    ddbc_json_arr_end(&w->json);
    ddbc_json_obj_end(&w->json);
}

static void target(writer *w, const ddbc_query *q, const ddbc_target *t)
{
    ddbc_json_obj(&w->json, NULL);
    ddbc_json_str(&w->json, "kind", ddbc_target_kind_name(t->kind));
    switch (t->kind) {
    case DDBC_TARGET_STAR:
        if (t->binding >= 0) ddbc_json_str(&w->json, "table", q->bindings.v[t->binding].alias);
        else ddbc_json_null(&w->json, "table");
        break;
    case DDBC_TARGET_COLUMN:
        colref(w, "column", q, &t->column);
        break;
    case DDBC_TARGET_COUNT:
    case DDBC_TARGET_AGGREGATE:
        if (t->func) ddbc_json_str(&w->json, "func", t->func);
        colref(w, "column", q, &t->column);
        break;
    case DDBC_TARGET_EXPR:
        span_text(w, "text", t->expr ? t->expr->span : t->span);
        break;
    }
    ddbc_json_str(&w->json, "alias", t->alias);
    ddbc_json_obj_end(&w->json);
}

static void param(writer *w, const ddbc_param *p)
{
    ddbc_json_obj(&w->json, NULL);
    ddbc_json_num(&w->json, "number", p->number);
    ddbc_json_str(&w->json, "name", p->name);
    ddbc_json_str(&w->json, "type", ddbc_type_class_name(p->type.cls));
    ddbc_json_str(&w->json, "sql_type", p->type.sql ? p->type.sql : "");
    if (p->column && p->column->entity) strf(w, "column", "%s.%s", p->column->entity->name, p->column->name);
    else if (p->column) ddbc_json_str(&w->json, "column", p->column->name);
    else ddbc_json_null(&w->json, "column");
    ddbc_json_bool(&w->json, "nullable", p->nullable);
    ddbc_json_bool(&w->json, "slice", p->slice);
    ddbc_json_obj_end(&w->json);
}

static void query(writer *w, const ddbc_query *q)
{
    ddbc_json_obj(&w->json, NULL);
    ddbc_json_str(&w->json, "name", q->name);
    ddbc_json_str(&w->json, "kind", ddbc_query_kind_name(q->kind));
    ddbc_json_str(&w->json, "statement", ddbc_stmt_kind_name(q->stmt));
    location(w, "location", q->span);
    ddbc_json_str(&w->json, "root", q->root ? q->root->name : NULL);
    ddbc_json_str(&w->json, "doc", q->doc);
    ddbc_json_str(&w->json, "sql", q->sql);
    ddbc_json_bool(&w->json, "distinct", q->distinct);

    ddbc_json_arr(&w->json, "bindings");
    for (size_t i = 0; i < q->bindings.n; i++) {
        ddbc_json_obj(&w->json, NULL);
        ddbc_json_str(&w->json, "table", q->bindings.v[i].entity->name);
        ddbc_json_str(&w->json, "alias", q->bindings.v[i].alias);
        ddbc_json_obj_end(&w->json);
    }
    ddbc_json_arr_end(&w->json);

    ddbc_json_arr(&w->json, "joins");
    for (size_t i = 0; i < q->joins.n; i++) join(w, q, &q->joins.v[i]);
    ddbc_json_arr_end(&w->json);

    ddbc_json_arr(&w->json, "predicates");
    for (size_t i = 0; i < q->predicates.n; i++) {
        const ddbc_predicate *p = &q->predicates.v[i];
        ddbc_json_obj(&w->json, NULL);
        colref(w, "column", q, &p->column);
        ddbc_json_str(&w->json, "op", ddbc_pred_op_name(p->op));
        ddbc_json_bool(&w->json, "negated", p->negated);
        ddbc_json_arr(&w->json, "operands");
        for (size_t j = 0; j < p->operands.n; j++) operand(w, NULL, q, &p->operands.v[j]);
        ddbc_json_arr_end(&w->json);
        ddbc_json_obj_end(&w->json);
    }
    ddbc_json_arr_end(&w->json);

    ddbc_json_arr(&w->json, "residuals");
    for (size_t i = 0; i < q->residuals.n; i++) {
        const ddbc_residual *r = &q->residuals.v[i];
        ddbc_json_obj(&w->json, NULL);
        ddbc_json_str(&w->json, "kind", ddbc_residual_kind_name(r->kind));
        location(w, "location", r->span);
        span_text(w, "text", r->span);
        ddbc_json_obj_end(&w->json);
    }
    ddbc_json_arr_end(&w->json);

    ddbc_json_arr(&w->json, "targets");
    for (size_t i = 0; i < q->targets.n; i++) target(w, q, &q->targets.v[i]);
    ddbc_json_arr_end(&w->json);

    ddbc_json_arr(&w->json, "order_by");
    for (size_t i = 0; i < q->order_by.n; i++) {
        ddbc_json_obj(&w->json, NULL);
        colref(w, "column", q, &q->order_by.v[i].column);
        ddbc_json_bool(&w->json, "desc", q->order_by.v[i].desc);
        ddbc_json_obj_end(&w->json);
    }
    ddbc_json_arr_end(&w->json);

    ddbc_json_arr(&w->json, "group_by");
    for (size_t i = 0; i < q->group_by.n; i++) colref(w, NULL, q, &q->group_by.v[i]);
    ddbc_json_arr_end(&w->json);

    if (!q->has_limit) {
        ddbc_json_null(&w->json, "limit");
    } else if (q->limit.kind == DDBC_OPERAND_LITERAL && q->limit.literal &&
               q->limit.literal->kind == DDBC_EXPR_NUMBER) {
        ddbc_json_obj(&w->json, "limit");
        ddbc_json_item(&w->json, "literal");
        ddbc_strbuf_puts(w->json.sb, q->limit.literal->text ? q->limit.literal->text : "0");
        ddbc_json_obj_end(&w->json);
    } else {
        operand(w, "limit", q, &q->limit);
    }
    ddbc_json_bool(&w->json, "offset", q->has_offset);
    if (q->having_span.file != DDBC_NO_FILE) span_text(w, "having", q->having_span);
    else ddbc_json_null(&w->json, "having");

    ddbc_json_arr(&w->json, "assignments");
    for (size_t i = 0; i < q->assignments.n; i++) {
        const ddbc_assignment *a = &q->assignments.v[i];
        ddbc_json_obj(&w->json, NULL);
        ddbc_json_str(&w->json, "column", a->column->name);
        if (a->is_default) {
            ddbc_json_obj(&w->json, "value");
            ddbc_json_bool(&w->json, "default", true);
            ddbc_json_obj_end(&w->json);
        } else if (a->value.kind == DDBC_OPERAND_LITERAL && !a->value.literal) {
            ddbc_json_obj(&w->json, "value");
            span_text(w, "expr", a->expr ? a->expr->span : a->span);
            ddbc_json_obj_end(&w->json);
        } else {
            operand(w, "value", q, &a->value);
        }
        ddbc_json_obj_end(&w->json);
    }
    ddbc_json_arr_end(&w->json);

    ddbc_json_bool(&w->json, "upsert", q->upsert);
    ddbc_json_bool(&w->json, "returning", q->returning);
    ddbc_json_arr(&w->json, "params");
    for (size_t i = 0; i < q->params.n; i++) param(w, &q->params.v[i]);
    ddbc_json_arr_end(&w->json);
    ddbc_json_bool(&w->json, "inferred", q->inferred);
    ddbc_json_obj_end(&w->json);
}

void ddbc_emit_ir(const ddbc_ir *ir, ddbc_sources *sources, ddbc_outset *out, ddbc_diags *diags)
{
    (void)diags;
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    writer w;
    memset(&w, 0, sizeof w);
    ddbc_json_init(&w.json, &sb);
    w.sources = sources;

    ddbc_json_obj(&w.json, NULL);
    ddbc_json_num(&w.json, "version", 1);
    ddbc_json_arr(&w.json, "entities");
    for (size_t i = 0; i < ir->catalog.entities.n; i++) entity(&w, ir->catalog.entities.v[i]);
    ddbc_json_arr_end(&w.json);
    ddbc_json_arr(&w.json, "enums");
    for (size_t i = 0; i < ir->catalog.enums.n; i++) {
        const ddbc_enum_type *en = ir->catalog.enums.v[i];
        ddbc_json_obj(&w.json, NULL);
        ddbc_json_str(&w.json, "name", en->name);
        ddbc_json_str(&w.json, "schema", en->schema);
        location(&w, "location", en->span);
        string_list(&w, "values", en->values.v, en->values.n);
        ddbc_json_obj_end(&w.json);
    }
    ddbc_json_arr_end(&w.json);
    ddbc_json_arr(&w.json, "queries");
    for (size_t i = 0; i < ir->queries.n; i++) query(&w, ir->queries.v[i]);
    ddbc_json_arr_end(&w.json);
    ddbc_json_obj_end(&w.json);
    ddbc_strbuf_putc(&sb, '\n');
    ddbc_outset_add(out, "ir.json", &sb);
    ddbc_strbuf_free(&sb);
}
