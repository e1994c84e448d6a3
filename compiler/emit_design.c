/* emit_design.c — the `design` backend: design.json, the contract tools read.
 *
 * The table and its GSIs, every entity's keys and writes, every pattern's
 * requests, and the compilation's diagnostics.  Pretty-printed like ir.json:
 * two-space indentation, keys in a fixed order, lists in design order. */
#include "emit_design.h"

#include <stdio.h>
#include <string.h>

#include "json.h"

/* The shared JSON writer, and what the values below need to reach. */
typedef struct writer {
    ddbc_json json;
    ddbc_sources *sources;
    const ddbc_design *design;
} writer;

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
    ddbc_json_item(&w->json, key);
    ddbc_strbuf_puts(w->json.sb, buf);
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
    ddbc_json_item(&w->json, key);
    ddbc_strbuf tmp = DDBC_STRBUF_INIT;
    ddbc_strbuf_printf(&tmp, "%s:%u:%u", src->path, line, col);
    ddbc_strbuf_append_json(w->json.sb, ddbc_strbuf_cstr(&tmp), tmp.len);
    ddbc_strbuf_free(&tmp);
}

static void template_str(writer *w, const char *key, const ddbc_key_template *t)
{
    ddbc_strbuf tmp = DDBC_STRBUF_INIT;
    ddbc_key_template_render(t, &tmp);
    ddbc_json_item(&w->json, key);
    ddbc_strbuf_append_json(w->json.sb, ddbc_strbuf_cstr(&tmp), tmp.len);
    ddbc_strbuf_free(&tmp);
}

static void columns(writer *w, const char *key, ddbc_column *const *v, size_t n)
{
    ddbc_json_arr(&w->json, key);
    for (size_t i = 0; i < n; i++) ddbc_json_str(&w->json, NULL, v[i]->name);
    ddbc_json_arr_end(&w->json);
}

static void strings(writer *w, const char *key, const char *const *v, size_t n)
{
    ddbc_json_arr(&w->json, key);
    for (size_t i = 0; i < n; i++) ddbc_json_str(&w->json, NULL, v[i]);
    ddbc_json_arr_end(&w->json);
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
    ddbc_json_obj(&w->json, "table");
    ddbc_json_str(&w->json, "name", d->table_name);
    ddbc_json_str(&w->json, "partition_key", d->pk_attr);
    ddbc_json_str(&w->json, "sort_key", d->sk_attr);
    ddbc_json_arr(&w->json, "gsis");
    for (size_t i = 0; i < d->indexes.n; i++) {
        const ddbc_index *x = d->indexes.v[i];
        if (x->number == 0) continue;
        ddbc_json_obj(&w->json, NULL);
        ddbc_json_str(&w->json, "name", x->name);
        ddbc_json_str(&w->json, "partition_key", x->pk_attr);
        ddbc_json_str(&w->json, "sort_key", x->sk_attr);
        ddbc_json_str(&w->json, "projection", ddbc_projection_name(x->projection));
        if (x->projection == DDBC_PROJECTION_INCLUDE)
            strings(w, "non_key_attributes", x->include.v, x->include.n);
        ddbc_json_bool(&w->json, "inverted", x->inverted);
        ddbc_json_str(&w->json, "rationale", x->rationale);
        ddbc_json_obj_end(&w->json);
    }
    ddbc_json_arr_end(&w->json);
    ddbc_json_num(&w->json, "gsi_count", ddbc_design_gsi_count(d));
    ddbc_json_num(&w->json, "gsi_lower_bound", d->gsi_lower_bound);
    ddbc_json_obj_end(&w->json);
}

/* ---- writes ----------------------------------------------------------------------- */

static void write_plan(writer *w, const char *key, const ddbc_write_plan *p)
{
    ddbc_json_obj(&w->json, key);
    ddbc_json_str(&w->json, "operation", ddbc_operation_name(p->op));
    ddbc_json_num(&w->json, "write_units", p->write_units);
    ddbc_json_bool(&w->json, "fan_out", p->fan_out);
    ddbc_json_arr(&w->json, "actions");
    for (size_t i = 0; i < p->actions.n; i++) {
        const ddbc_write_action *a = &p->actions.v[i];
        ddbc_json_obj(&w->json, NULL);
        ddbc_json_str(&w->json, "kind", ddbc_write_kind_name(a->kind));
        ddbc_json_str(&w->json, "entity", a->entity ? a->entity->name : NULL);
        if (a->kind == DDBC_W_PUT_GUARD || a->kind == DDBC_W_DELETE_GUARD) {
            if (a->guard) columns(w, "guard", a->guard->columns.v, a->guard->columns.n);
            else ddbc_json_null(&w->json, "guard");
        }
        if (a->kind == DDBC_W_COUNTER) {
            ddbc_json_str(&w->json, "counter", a->counter && a->counter->query ? a->counter->query->name : NULL);
            ddbc_json_num(&w->json, "delta", a->delta);
        }
        ddbc_json_str(&w->json, "condition", a->condition);
        columns(w, "columns", a->columns.v, a->columns.n);
        strings(w, "key_attrs", a->key_attrs.v, a->key_attrs.n);
        ddbc_json_str(&w->json, "note", a->note);
        ddbc_json_obj_end(&w->json);
    }
    ddbc_json_arr_end(&w->json);
    ddbc_json_obj_end(&w->json);
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
    ddbc_json_obj(&w->json, NULL);
    ddbc_json_str(&w->json, "name", p->entity->name);
    ddbc_json_str(&w->json, "tag", p->tag);

    ddbc_json_obj(&w->json, "keys");
    for (size_t i = 0; i < p->keys.n; i++) {
        const ddbc_entity_key *k = &p->keys.v[i];
        const char *name = index_name(d, k->index);
        ddbc_json_obj(&w->json, name ? name : "table");
        template_str(w, "pk", &k->pk);
        template_str(w, "sk", &k->sk);
        ddbc_json_str(&w->json, "condition", k->condition);
        ddbc_json_str(&w->json, "rationale", k->rationale);
        ddbc_json_obj_end(&w->json);
    }
    ddbc_json_obj_end(&w->json);

    ddbc_json_arr(&w->json, "unique_guards");
    for (size_t i = 0; i < p->unique_guards.n; i++)
        columns(w, NULL, p->unique_guards.v[i]->columns.v, p->unique_guards.v[i]->columns.n);
    ddbc_json_arr_end(&w->json);

    ddbc_json_arr(&w->json, "copied_from_parent");
    ddbc_strbuf tmp = DDBC_STRBUF_INIT;
    for (size_t i = 0; i < p->copies.n; i++) {
        const ddbc_column *c = p->copies.v[i].column;
        ddbc_strbuf_reset(&tmp);
        ddbc_strbuf_printf(&tmp, "%s.%s", c->entity ? c->entity->name : "?", c->name);
        ddbc_json_str(&w->json, NULL, ddbc_strbuf_cstr(&tmp));
    }
    ddbc_strbuf_free(&tmp);
    ddbc_json_arr_end(&w->json);

    ddbc_json_obj(&w->json, "derived_keys");
    for (size_t i = 0; i < p->derived.n; i++) {
        const ddbc_derived_key *dk = &p->derived.v[i];
        strings(w, derived_name(p, dk->column), dk->attrs.v, dk->attrs.n);
    }
    ddbc_json_obj_end(&w->json);

    ddbc_json_arr(&w->json, "counters");
    for (size_t i = 0; i < p->counters.n; i++) {
        const ddbc_counter *c = p->counters.v[i];
        ddbc_json_obj(&w->json, NULL);
        ddbc_json_str(&w->json, "pattern", c->query ? c->query->name : NULL);
        template_str(w, "pk", &c->pk);
        template_str(w, "sk", &c->sk);
        ddbc_json_str(&w->json, "attribute", c->attr);
        ddbc_json_obj_end(&w->json);
    }
    ddbc_json_arr_end(&w->json);

    ddbc_json_num(&w->json, "max_item_bytes", p->max_item_bytes);
    ddbc_json_obj(&w->json, "writes");
    write_plan(w, "put", &p->put);
    write_plan(w, "update", &p->update);
    write_plan(w, "delete", &p->remove);
    ddbc_json_obj_end(&w->json);
    ddbc_json_str(&w->json, "change", ddbc_change_name(p->change));
    ddbc_json_str(&w->json, "change_reason", p->change_reason);
    ddbc_json_str(&w->json, "rationale", p->rationale);
    ddbc_json_obj_end(&w->json);
}

/* ---- patterns --------------------------------------------------------------------- */

/* The literal number as a JSON number, a parameter as "$name", or null. */
static void limit(writer *w, const ddbc_query *q, const ddbc_request *r)
{
    if (!r->has_limit) {
        ddbc_json_null(&w->json, "limit");
        return;
    }
    const ddbc_operand *op = &r->limit;
    if (op->kind == DDBC_OPERAND_PARAM && q && op->param >= 0 && (size_t)op->param < q->params.n) {
        ddbc_strbuf tmp = DDBC_STRBUF_INIT;
        ddbc_strbuf_printf(&tmp, "$%s", q->params.v[op->param].name);
        ddbc_json_str(&w->json, "limit", ddbc_strbuf_cstr(&tmp));
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
        ddbc_json_item(&w->json, "limit");
        ddbc_strbuf_puts(w->json.sb, text);
    } else {
        ddbc_json_str(&w->json, "limit", text);
    }
}

static void request(writer *w, const ddbc_pattern *pat, const ddbc_request *r)
{
    ddbc_json_obj(&w->json, NULL);
    ddbc_json_str(&w->json, "operation", ddbc_operation_name(r->op));
    ddbc_json_str(&w->json, "index", index_name(w->design, r->index));
    ddbc_json_str(&w->json, "key_condition", r->key_condition);
    ddbc_json_str(&w->json, "filter", r->filter);
    ddbc_json_bool(&w->json, "scan_forward", r->scan_forward);
    limit(w, pat->query, r);
    ddbc_json_arr(&w->json, "returns");
    for (size_t i = 0; i < r->returns.n; i++) ddbc_json_str(&w->json, NULL, r->returns.v[i]->name);
    ddbc_json_arr_end(&w->json);
    units(w, "read_units", r->read_units);
    ddbc_json_str(&w->json, "note", r->note);
    ddbc_json_obj_end(&w->json);
}

static void pattern(writer *w, const ddbc_pattern *p)
{
    bool served = p->status == DDBC_PATTERN_SERVED;
    ddbc_json_obj(&w->json, NULL);
    ddbc_json_str(&w->json, "name", p->name);
    ddbc_json_str(&w->json, "kind", p->is_read ? "read" : "write");
    ddbc_json_str(&w->json, "status", served ? "served" : "rejected");
    ddbc_json_bool(&w->json, "inferred", p->query && p->query->inferred);
    if (p->query) location(w, "source", p->query->span);
    else ddbc_json_null(&w->json, "source");
    ddbc_json_arr(&w->json, "requests");
    for (size_t i = 0; served && i < p->requests.n; i++) request(w, p, &p->requests.v[i]);
    ddbc_json_arr_end(&w->json);
    /* A rejected write has no plan to show. */
    if (!p->is_read) {
        if (served) write_plan(w, "write", &p->write);
        else ddbc_json_null(&w->json, "write");
    }
    ddbc_json_str(&w->json, "rationale", p->rationale);
    ddbc_json_obj_end(&w->json);
}

/* ---- diagnostics ------------------------------------------------------------------ */

static void diagnostic(writer *w, const ddbc_diag *g)
{
    static const char *const severities[] = {
        [DDBC_SEV_NOTE] = "note", [DDBC_SEV_WARNING] = "warning", [DDBC_SEV_ERROR] = "error"};
    ddbc_json_obj(&w->json, NULL);
    ddbc_json_str(&w->json, "severity", severities[g->severity]);
    ddbc_json_str(&w->json, "code", ddbc_diag_code_name(g->code));
    if (g->span.file != DDBC_NO_FILE && g->span.file < w->sources->files.n) {
        ddbc_source *src = w->sources->files.v[g->span.file];
        unsigned line, col;
        ddbc_source_position(src, g->span.start, &line, &col);
        ddbc_json_str(&w->json, "file", src->path);
        ddbc_json_num(&w->json, "line", line);
        ddbc_json_num(&w->json, "col", col);
    } else {
        ddbc_json_null(&w->json, "file");
        ddbc_json_null(&w->json, "line");
        ddbc_json_null(&w->json, "col");
    }
    ddbc_json_str(&w->json, "message", g->message);
    ddbc_json_str(&w->json, "hint", g->hint);
    ddbc_json_str(&w->json, "pattern", g->pattern);
    ddbc_json_obj_end(&w->json);
}

void ddbc_emit_design(const ddbc_design *d, ddbc_sources *sources, const ddbc_diags *reported,
                      ddbc_outset *out, ddbc_diags *diags)
{
    (void)diags;
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    writer w;
    memset(&w, 0, sizeof w);
    ddbc_json_init(&w.json, &sb);
    w.sources = sources;
    w.design = d;

    ddbc_json_obj(&w.json, NULL);
    table(&w, d);
    /* the lock this design was planned against, as named on the command line */
    ddbc_json_str(&w.json, "lock", d->planned_against_lock ? d->lock_path : NULL);
    ddbc_json_arr(&w.json, "entities");
    for (size_t i = 0; i < d->entities.n; i++) entity(&w, d->entities.v[i]);
    ddbc_json_arr_end(&w.json);
    ddbc_json_arr(&w.json, "patterns");
    for (size_t i = 0; i < d->patterns.n; i++) pattern(&w, d->patterns.v[i]);
    ddbc_json_arr_end(&w.json);
    ddbc_json_arr(&w.json, "diagnostics");
    for (size_t i = 0; reported && i < reported->items.n; i++) diagnostic(&w, reported->items.v[i]);
    ddbc_json_arr_end(&w.json);
    ddbc_json_obj_end(&w.json);
    ddbc_strbuf_putc(&sb, '\n');
    ddbc_outset_add(out, "design.json", &sb);
    ddbc_strbuf_free(&sb);
}
