/* emit_design.c — the `design` backend: design.json, the contract tools read.
 *
 * The table and its GSIs, every entity's keys and writes, every pattern's
 * requests, and the compilation's diagnostics.  Pretty-printed like ir.json:
 * two-space indentation, keys in a fixed order, lists in design order. */
#include "emit_design.h"

#include <stdio.h>
#include <string.h>

/* The same minimal pretty-printing writer as emit_ir.c: it tracks nesting and
 * whether the current container has items, to place commas and newlines. */
#define MAX_DEPTH 32

typedef struct writer {
    ddbc_strbuf *sb;
    ddbc_sources *sources;
    const ddbc_design *design;
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
    /* Keys are this file's own names, except GSI names and derived-key
     * columns, which come from the design: escape them all alike. */
    if (key) {
        ddbc_strbuf_json_str(w->sb, key);
        ddbc_strbuf_puts(w->sb, ": ");
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

/* Capacity estimates: two decimals at most, without trailing zeros, so 0.5,
 * 1 and 12.25 read as people write them and never depend on the libc's
 * shortest-representation choice. */
static void units(writer *w, const char *key, double value)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%.2f", value);
    char *dot = strchr(buf, '.');
    if (dot) {
        char *end = buf + strlen(buf);
        while (end > dot + 1 && end[-1] == '0') end--;
        if (end == dot + 1) end = dot;
        *end = '\0';
    }
    if (strcmp(buf, "-0") == 0) strcpy(buf, "0");
    item(w, key);
    ddbc_strbuf_puts(w->sb, buf);
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
    item(w, key);
    ddbc_strbuf tmp = DDBC_STRBUF_INIT;
    ddbc_strbuf_printf(&tmp, "%s:%u:%u", src->path, line, col);
    ddbc_strbuf_append_json(w->sb, ddbc_strbuf_cstr(&tmp), tmp.len);
    ddbc_strbuf_free(&tmp);
}

static void template_str(writer *w, const char *key, const ddbc_key_template *t)
{
    ddbc_strbuf tmp = DDBC_STRBUF_INIT;
    ddbc_key_template_render(t, &tmp);
    item(w, key);
    ddbc_strbuf_append_json(w->sb, ddbc_strbuf_cstr(&tmp), tmp.len);
    ddbc_strbuf_free(&tmp);
}

static void columns(writer *w, const char *key, ddbc_column *const *v, size_t n)
{
    arr(w, key);
    for (size_t i = 0; i < n; i++) str(w, NULL, v[i]->name);
    arr_end(w);
}

static void strings(writer *w, const char *key, const char *const *v, size_t n)
{
    arr(w, key);
    for (size_t i = 0; i < n; i++) str(w, NULL, v[i]);
    arr_end(w);
}

/* The GSI's name for an index number; the table (0) has none. */
static const char *index_name(const ddbc_design *d, int number)
{
    if (number == 0) return NULL;
    for (size_t i = 0; i < d->indexes.n; i++)
        if (d->indexes.v[i]->number == number) return d->indexes.v[i]->name;
    return NULL;
}

/* ---- the table -------------------------------------------------------------------- */

static void table(writer *w, const ddbc_design *d)
{
    obj(w, "table");
    str(w, "name", d->table_name);
    str(w, "partition_key", d->pk_attr);
    str(w, "sort_key", d->sk_attr);
    arr(w, "gsis");
    for (size_t i = 0; i < d->indexes.n; i++) {
        const ddbc_index *x = d->indexes.v[i];
        if (x->number == 0) continue;
        obj(w, NULL);
        str(w, "name", x->name);
        str(w, "partition_key", x->pk_attr);
        str(w, "sort_key", x->sk_attr);
        str(w, "projection", ddbc_projection_name(x->projection));
        if (x->projection == DDBC_PROJECTION_INCLUDE)
            strings(w, "non_key_attributes", x->include.v, x->include.n);
        boolean(w, "inverted", x->inverted);
        str(w, "rationale", x->rationale);
        obj_end(w);
    }
    arr_end(w);
    num(w, "gsi_count", ddbc_design_gsi_count(d));
    num(w, "gsi_lower_bound", d->gsi_lower_bound);
    obj_end(w);
}

/* ---- writes ----------------------------------------------------------------------- */

static void write_plan(writer *w, const char *key, const ddbc_write_plan *p)
{
    obj(w, key);
    str(w, "operation", ddbc_operation_name(p->op));
    num(w, "write_units", p->write_units);
    boolean(w, "fan_out", p->fan_out);
    arr(w, "actions");
    for (size_t i = 0; i < p->actions.n; i++) {
        const ddbc_write_action *a = &p->actions.v[i];
        obj(w, NULL);
        str(w, "kind", ddbc_write_kind_name(a->kind));
        str(w, "entity", a->entity ? a->entity->name : NULL);
        if (a->kind == DDBC_W_PUT_GUARD || a->kind == DDBC_W_DELETE_GUARD) {
            if (a->guard) columns(w, "guard", a->guard->columns.v, a->guard->columns.n);
            else null(w, "guard");
        }
        if (a->kind == DDBC_W_COUNTER) {
            str(w, "counter", a->counter && a->counter->query ? a->counter->query->name : NULL);
            num(w, "delta", a->delta);
        }
        str(w, "condition", a->condition);
        columns(w, "columns", a->columns.v, a->columns.n);
        strings(w, "key_attrs", a->key_attrs.v, a->key_attrs.n);
        str(w, "note", a->note);
        obj_end(w);
    }
    arr_end(w);
    obj_end(w);
}

/* ---- entities --------------------------------------------------------------------- */

/* How derived_keys names a column: its own name, or for a copied parent
 * column the attribute it is copied into (which cannot clash with a column). */
static const char *derived_name(const ddbc_entity_plan *p, const ddbc_column *c)
{
    if (c->entity == p->entity) return c->name;
    for (size_t i = 0; i < p->copies.n; i++)
        if (p->copies.v[i].column == c) return p->copies.v[i].attr;
    return c->name;
}

static void entity(writer *w, const ddbc_entity_plan *p)
{
    const ddbc_design *d = w->design;
    obj(w, NULL);
    str(w, "name", p->entity->name);
    str(w, "tag", p->tag);

    obj(w, "keys");
    for (size_t i = 0; i < p->keys.n; i++) {
        const ddbc_entity_key *k = &p->keys.v[i];
        const char *name = index_name(d, k->index);
        obj(w, name ? name : "table");
        template_str(w, "pk", &k->pk);
        template_str(w, "sk", &k->sk);
        str(w, "condition", k->condition);
        str(w, "rationale", k->rationale);
        obj_end(w);
    }
    obj_end(w);

    arr(w, "unique_guards");
    for (size_t i = 0; i < p->unique_guards.n; i++)
        columns(w, NULL, p->unique_guards.v[i]->columns.v, p->unique_guards.v[i]->columns.n);
    arr_end(w);

    arr(w, "copied_from_parent");
    ddbc_strbuf tmp = DDBC_STRBUF_INIT;
    for (size_t i = 0; i < p->copies.n; i++) {
        const ddbc_column *c = p->copies.v[i].column;
        ddbc_strbuf_reset(&tmp);
        ddbc_strbuf_printf(&tmp, "%s.%s", c->entity ? c->entity->name : "?", c->name);
        str(w, NULL, ddbc_strbuf_cstr(&tmp));
    }
    ddbc_strbuf_free(&tmp);
    arr_end(w);

    obj(w, "derived_keys");
    for (size_t i = 0; i < p->derived.n; i++) {
        const ddbc_derived_key *dk = &p->derived.v[i];
        strings(w, derived_name(p, dk->column), dk->attrs.v, dk->attrs.n);
    }
    obj_end(w);

    arr(w, "counters");
    for (size_t i = 0; i < p->counters.n; i++) {
        const ddbc_counter *c = p->counters.v[i];
        obj(w, NULL);
        str(w, "pattern", c->query ? c->query->name : NULL);
        template_str(w, "pk", &c->pk);
        template_str(w, "sk", &c->sk);
        str(w, "attribute", c->attr);
        obj_end(w);
    }
    arr_end(w);

    num(w, "max_item_bytes", p->max_item_bytes);
    obj(w, "writes");
    write_plan(w, "put", &p->put);
    write_plan(w, "update", &p->update);
    write_plan(w, "delete", &p->remove);
    obj_end(w);
    str(w, "change", ddbc_change_name(p->change));
    str(w, "change_reason", p->change_reason);
    str(w, "rationale", p->rationale);
    obj_end(w);
}

/* ---- patterns --------------------------------------------------------------------- */

/* The literal number as a JSON number, a parameter as "$name", or null. */
static void limit(writer *w, const ddbc_query *q, const ddbc_request *r)
{
    if (!r->has_limit) {
        null(w, "limit");
        return;
    }
    const ddbc_operand *op = &r->limit;
    if (op->kind == DDBC_OPERAND_PARAM && q && op->param >= 0 && (size_t)op->param < q->params.n) {
        ddbc_strbuf tmp = DDBC_STRBUF_INIT;
        ddbc_strbuf_printf(&tmp, "$%s", q->params.v[op->param].name);
        str(w, "limit", ddbc_strbuf_cstr(&tmp));
        ddbc_strbuf_free(&tmp);
        return;
    }
    const char *text = op->kind == DDBC_OPERAND_LITERAL && op->literal &&
                               op->literal->kind == DDBC_EXPR_NUMBER
                           ? op->literal->text
                           : NULL;
    /* Only a plain unsigned integer is a valid JSON number as written. */
    bool digits = text && *text && strspn(text, "0123456789") == strlen(text) &&
                  (text[0] != '0' || !text[1]);
    if (digits) {
        item(w, "limit");
        ddbc_strbuf_puts(w->sb, text);
    } else {
        str(w, "limit", text);
    }
}

static void request(writer *w, const ddbc_pattern *pat, const ddbc_request *r)
{
    obj(w, NULL);
    str(w, "operation", ddbc_operation_name(r->op));
    str(w, "index", index_name(w->design, r->index));
    str(w, "key_condition", r->key_condition);
    str(w, "filter", r->filter);
    boolean(w, "scan_forward", r->scan_forward);
    limit(w, pat->query, r);
    arr(w, "returns");
    for (size_t i = 0; i < r->returns.n; i++) str(w, NULL, r->returns.v[i]->name);
    arr_end(w);
    units(w, "read_units", r->read_units);
    str(w, "note", r->note);
    obj_end(w);
}

static void pattern(writer *w, const ddbc_pattern *p)
{
    bool served = p->status == DDBC_PATTERN_SERVED;
    obj(w, NULL);
    str(w, "name", p->name);
    str(w, "kind", p->is_read ? "read" : "write");
    str(w, "status", served ? "served" : "rejected");
    boolean(w, "inferred", p->query && p->query->inferred);
    if (p->query) location(w, "source", p->query->span);
    else null(w, "source");
    arr(w, "requests");
    for (size_t i = 0; served && i < p->requests.n; i++) request(w, p, &p->requests.v[i]);
    arr_end(w);
    /* A rejected write has no plan to show. */
    if (!p->is_read) {
        if (served) write_plan(w, "write", &p->write);
        else null(w, "write");
    }
    str(w, "rationale", p->rationale);
    obj_end(w);
}

/* ---- diagnostics ------------------------------------------------------------------ */

static void diagnostic(writer *w, const ddbc_diag *g)
{
    static const char *const severities[] = {
        [DDBC_SEV_NOTE] = "note", [DDBC_SEV_WARNING] = "warning", [DDBC_SEV_ERROR] = "error"};
    obj(w, NULL);
    str(w, "severity", severities[g->severity]);
    str(w, "code", ddbc_diag_code_name(g->code));
    if (g->span.file != DDBC_NO_FILE && g->span.file < w->sources->files.n) {
        ddbc_source *src = w->sources->files.v[g->span.file];
        unsigned line, col;
        ddbc_source_position(src, g->span.start, &line, &col);
        str(w, "file", src->path);
        num(w, "line", line);
        num(w, "col", col);
    } else {
        null(w, "file");
        null(w, "line");
        null(w, "col");
    }
    str(w, "message", g->message);
    str(w, "hint", g->hint);
    str(w, "pattern", g->pattern);
    obj_end(w);
}

void ddbc_emit_design(const ddbc_design *d, ddbc_sources *sources, const ddbc_diags *reported,
                      ddbc_outset *out, ddbc_diags *diags)
{
    (void)diags;
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    writer w;
    memset(&w, 0, sizeof w);
    w.sb = &sb;
    w.sources = sources;
    w.design = d;

    obj(&w, NULL);
    table(&w, d);
    arr(&w, "entities");
    for (size_t i = 0; i < d->entities.n; i++) entity(&w, d->entities.v[i]);
    arr_end(&w);
    arr(&w, "patterns");
    for (size_t i = 0; i < d->patterns.n; i++) pattern(&w, d->patterns.v[i]);
    arr_end(&w);
    arr(&w, "diagnostics");
    for (size_t i = 0; reported && i < reported->items.n; i++) diagnostic(&w, reported->items.v[i]);
    arr_end(&w);
    obj_end(&w);
    ddbc_strbuf_putc(&sb, '\n');
    ddbc_outset_add(out, "design.json", &sb);
    ddbc_strbuf_free(&sb);
}
