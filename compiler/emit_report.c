/* emit_report.c — the `report` backend: report.md, the design explained for
 * the person who must approve it, in GitHub-flavoured Markdown with Mermaid
 * diagrams.  Deterministic: design order throughout, numbers in fixed formats,
 * no timestamps, so a diff of two reports shows what the schema change did. */
#include "emit_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samples.h"

/* A 30-day month: what on-demand bills are usually compared against. */
#define SECONDS_PER_MONTH (30.0 * 24 * 3600)
/* DynamoDB bills storage per GB of 2^30 bytes and adds 100 bytes of index
 * overhead to every item (table and GSI alike). */
#define BYTES_PER_GB 1073741824.0
#define ITEM_OVERHEAD 100
/* Non-key attributes shown per sample item: enough to recognise the item,
 * few enough that the table stays readable. */
#define SAMPLE_ATTRS 4
#define SAMPLE_VALUE_MAX 40

typedef struct report {
    ddbc_strbuf *sb;
    const ddbc_design *d;
    const ddbc_config *cfg;
    ddbc_sources *sources;
    const ddbc_diags *reported;
    ddbc_arena *arena;   /* scratch for this emit: templates and samples */
} report;

/* ---- Markdown text -------------------------------------------------------------- */

/* Text in a table cell: a '|' would end the cell and a newline the row. */
static void text(ddbc_strbuf *sb, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '|') ddbc_strbuf_puts(sb, "\\|");
        else if (*s == '\n' || *s == '\r') ddbc_strbuf_putc(sb, ' ');
        else ddbc_strbuf_putc(sb, *s);
    }
}

/* A code span that survives a table cell: GFM unescapes "\|" inside code in
 * tables, and a value holding a backtick needs a longer fence. */
static void code(ddbc_strbuf *sb, const char *s)
{
    if (!s || !*s) {
        ddbc_strbuf_puts(sb, "—");
        return;
    }
    bool tick = strchr(s, '`') != NULL;
    ddbc_strbuf_puts(sb, tick ? "`` " : "`");
    text(sb, s);
    ddbc_strbuf_puts(sb, tick ? " ``" : "`");
}

/* Units as people write them: two decimals at most, trailing zeros dropped
 * (the same rendering design.json uses, so the two files agree). */
static void units(ddbc_strbuf *sb, double v)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%.2f", v);
    char *dot = strchr(buf, '.');
    if (dot) {
        char *end = buf + strlen(buf);
        while (end > dot + 1 && end[-1] == '0') end--;
        if (end == dot + 1) end = dot;
        *end = '\0';
    }
    ddbc_strbuf_puts(sb, strcmp(buf, "-0") ? buf : "0");
}

/* A large whole number with thousands separators: 12,960,000. */
static void grouped(ddbc_strbuf *sb, double v)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%.0f", v < 0 ? 0 : v);
    size_t n = strlen(buf);
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0) ddbc_strbuf_putc(sb, ',');
        ddbc_strbuf_putc(sb, buf[i]);
    }
}

/* Dollars: always two decimals, grouped. */
static void dollars(ddbc_strbuf *sb, double v)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%.2f", v < 0 ? 0 : v);
    char *dot = strchr(buf, '.');
    *dot = '\0';
    ddbc_strbuf_putc(sb, '$');
    grouped(sb, atof(buf));
    ddbc_strbuf_printf(sb, ".%s", dot + 1);
}

/* "path:line" or "path:line:col" of a span; "—" for a synthesized node. */
static void location(report *r, ddbc_span span, bool col)
{
    if (span.file == DDBC_NO_FILE || span.file >= r->sources->files.n) {
        ddbc_strbuf_puts(r->sb, "—");
        return;
    }
    ddbc_source *src = r->sources->files.v[span.file];
    unsigned line, c;
    ddbc_source_position(src, span.start, &line, &c);
    ddbc_strbuf_puts(r->sb, "`");
    text(r->sb, src->path);
    if (col) ddbc_strbuf_printf(r->sb, ":%u:%u`", line, c);
    else ddbc_strbuf_printf(r->sb, ":%u`", line);
}

static const char *tmpl(report *r, const ddbc_key_template *t)
{
    return ddbc_key_template_str(t, r->arena);
}

static const char *index_label(const ddbc_design *d, int number)
{
    if (number == 0) return "table";
    for (size_t i = 0; i < d->indexes.n; i++)
        if (d->indexes.v[i]->number == number) return d->indexes.v[i]->name;
    return "?";
}

static const ddbc_index *index_of(const ddbc_design *d, int number)
{
    for (size_t i = 0; i < d->indexes.n; i++)
        if (d->indexes.v[i]->number == number) return d->indexes.v[i];
    return NULL;
}

static void column_list(ddbc_strbuf *sb, ddbc_column *const *v, size_t n)
{
    for (size_t i = 0; i < n; i++) ddbc_strbuf_printf(sb, "%s%s", i ? ", " : "", v[i]->name);
}

static void string_list(ddbc_strbuf *sb, const char *const *v, size_t n)
{
    for (size_t i = 0; i < n; i++) ddbc_strbuf_printf(sb, "%s%s", i ? ", " : "", v[i]);
}

static bool served(const ddbc_pattern *p) { return p->status == DDBC_PATTERN_SERVED; }
static bool inferred(const ddbc_pattern *p) { return p->query && p->query->inferred; }

/* ---- 1. summary ----------------------------------------------------------------- */

/* " with 2 GetItem, 1 BatchGetItem and 4 Query": the operations used, by count. */
static void op_list(ddbc_strbuf *sb, const size_t *ops, int from, int to)
{
    int n = 0, total = 0;
    for (int op = from; op <= to; op++) total += ops[op] != 0;
    for (int op = from; op <= to; op++) {
        if (!ops[op]) continue;
        ddbc_strbuf_printf(sb, "%s%zu %s", !n ? " with " : n == total - 1 ? " and " : ", ", ops[op],
                           ddbc_operation_name((ddbc_operation)op));
        n++;
    }
}

static void summary(report *r)
{
    const ddbc_design *d = r->d;
    ddbc_strbuf *sb = r->sb;
    size_t declared = 0, inf = 0, ok_declared = 0, ok_inferred = 0, reads = 0, writes = 0;
    size_t ops[DDBC_OP_TRANSACT_WRITE_ITEMS + 1] = {0};
    for (size_t i = 0; i < d->patterns.n; i++) {
        const ddbc_pattern *p = d->patterns.v[i];
        bool ok = served(p);
        if (inferred(p)) inf++, ok_inferred += ok;
        else declared++, ok_declared += ok;
        if (!ok) continue;
        if (p->is_read) {
            reads++;
            for (size_t k = 0; k < p->requests.n; k++) ops[p->requests.v[k].op]++;
        } else {
            writes++;
            ops[p->write.op]++;
        }
    }
    size_t copies = 0, guards = 0, counters = 0;
    for (size_t i = 0; i < d->entities.n; i++) {
        copies += d->entities.v[i]->copies.n;
        guards += d->entities.v[i]->unique_guards.n;
        counters += d->entities.v[i]->counters.n;
    }
    int gsis = ddbc_design_gsi_count(d);

    ddbc_strbuf_puts(sb, "# DynamoDB design: `");
    text(sb, d->table_name);
    ddbc_strbuf_puts(sb, "`\n\n"
                         "Generated by ddbc from the schema and queries below; regenerate it rather than "
                         "edit it.\n\n## Summary\n\n| | |\n|---|---|\n");
    ddbc_strbuf_printf(sb, "| Table | `%s` (partition key `%s`, sort key `%s`) |\n", d->table_name,
                       d->pk_attr, d->sk_attr);
    ddbc_strbuf_printf(sb, "| GSIs | %d (lower bound %d%s) |\n", gsis, d->gsi_lower_bound,
                       gsis == d->gsi_lower_bound ? ": minimal" : "");
    ddbc_strbuf_printf(sb, "| Entities | %zu |\n", d->entities.n);
    ddbc_strbuf_printf(sb, "| Patterns served | %zu of %zu declared, %zu of %zu inferred |\n",
                       ok_declared, declared, ok_inferred, inf);
    ddbc_strbuf_printf(sb, "| Patterns refused | %zu |\n",
                       declared + inf - ok_declared - ok_inferred);
    if (d->planned_against_lock)
        ddbc_strbuf_printf(sb, "| Lock | planned against `%s` |\n", d->lock_path ? d->lock_path : "the lock");
    ddbc_strbuf_puts(sb, "\n");

    /* the plan in one paragraph */
    ddbc_strbuf_printf(sb, "%zu entit%s share%s one table keyed by `%s` and `%s`", d->entities.n,
                       d->entities.n == 1 ? "y" : "ies", d->entities.n == 1 ? "s" : "", d->pk_attr,
                       d->sk_attr);
    if (gsis) ddbc_strbuf_printf(sb, ", with %d overloaded GSI%s", gsis, gsis == 1 ? "" : "s");
    ddbc_strbuf_printf(sb, ". %zu read pattern%s %s served", reads, reads == 1 ? "" : "s",
                       reads == 1 ? "is" : "are");
    op_list(sb, ops, DDBC_OP_GET_ITEM, DDBC_OP_QUERY);
    ddbc_strbuf_printf(sb, ", none with a Scan; %zu write pattern%s %s served", writes,
                       writes == 1 ? "" : "s", writes == 1 ? "is" : "are");
    op_list(sb, ops, DDBC_OP_PUT_ITEM, DDBC_OP_TRANSACT_WRITE_ITEMS);
    ddbc_strbuf_printf(sb, ". Writes keep %zu uniqueness guard%s, %zu denormalized cop%s and %zu "
                           "counter%s consistent.",
                       guards, guards == 1 ? "" : "s", copies, copies == 1 ? "y" : "ies", counters,
                       counters == 1 ? "" : "s");
    size_t refused = declared + inf - ok_declared - ok_inferred;
    if (refused)
        ddbc_strbuf_printf(sb, " %zu pattern%s cannot be served as written (see Warnings and "
                               "refusals).",
                           refused, refused == 1 ? "" : "s");
    ddbc_strbuf_puts(sb, "\n\n");
}

/* ---- 2. diagrams ------------------------------------------------------------------ */

/* Mermaid identifiers: letters, digits, '_' and '-' only. */
static void ident(ddbc_strbuf *sb, const char *s)
{
    for (; *s; s++) {
        char c = *s;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-';
        ddbc_strbuf_putc(sb, ok ? c : '_');
    }
}

/* A quoted Mermaid label: '"' is written as an entity code. */
static void label(ddbc_strbuf *sb, const char *s)
{
    for (; *s; s++) {
        if (*s == '"') ddbc_strbuf_puts(sb, "#quot;");
        else if (*s == '\n') ddbc_strbuf_putc(sb, ' ');
        else ddbc_strbuf_putc(sb, *s);
    }
}

static bool key_has(const ddbc_key *k, const ddbc_column *c)
{
    for (size_t i = 0; k && i < k->columns.n; i++)
        if (k->columns.v[i] == c) return true;
    return false;
}

/* Whether the columns are exactly a key of their entity (then at most one
 * child per parent). */
static bool columns_are_key(const ddbc_key *k, ddbc_column *const *v, size_t n)
{
    if (!k || k->columns.n != n) return false;
    for (size_t i = 0; i < n; i++)
        if (!key_has(k, v[i])) return false;
    return true;
}

static void er_diagram(report *r)
{
    const ddbc_design *d = r->d;
    ddbc_strbuf *sb = r->sb;
    ddbc_strbuf_puts(sb, "## Entity-relationship diagram\n\n"
                         "Key columns only: primary key (PK), foreign keys (FK) and unique columns (UK).\n\n"
                         "```mermaid\nerDiagram\n");
    for (size_t i = 0; i < d->entities.n; i++) {
        const ddbc_entity *e = d->entities.v[i]->entity;
        ddbc_strbuf_puts(sb, "    ");
        ident(sb, e->name);
        bool open = false;
        for (size_t c = 0; c < e->columns.n; c++) {
            const ddbc_column *col = e->columns.v[c];
            bool pk = key_has(e->primary_key, col), fk = false, uk = false;
            for (size_t f = 0; f < e->foreign_keys.n && !fk; f++)
                for (size_t k = 0; k < e->foreign_keys.v[f]->columns.n; k++)
                    if (e->foreign_keys.v[f]->columns.v[k] == col) fk = true;
            for (size_t u = 0; u < e->uniques.n && !uk; u++) uk = key_has(e->uniques.v[u], col);
            if (!pk && !fk && !uk) continue;
            if (!open) ddbc_strbuf_puts(sb, " {\n");
            open = true;
            ddbc_strbuf_puts(sb, "        ");
            ident(sb, ddbc_type_class_name(col->type.cls));
            ddbc_strbuf_putc(sb, ' ');
            ident(sb, col->name);
            const char *sep = " ";
            if (pk) ddbc_strbuf_printf(sb, "%sPK", sep), sep = ", ";
            if (fk) ddbc_strbuf_printf(sb, "%sFK", sep), sep = ", ";
            if (uk && !pk) ddbc_strbuf_printf(sb, "%sUK", sep);
            ddbc_strbuf_puts(sb, "\n");
        }
        ddbc_strbuf_puts(sb, open ? "    }\n" : "\n");
    }
    for (size_t i = 0; i < d->entities.n; i++) {
        const ddbc_entity *e = d->entities.v[i]->entity;
        for (size_t f = 0; f < e->foreign_keys.n; f++) {
            const ddbc_foreign_key *fk = e->foreign_keys.v[f];
            if (!fk->to) continue;
            bool required = true;
            for (size_t k = 0; k < fk->columns.n; k++)
                if (fk->columns.v[k]->nullable) required = false;
            bool single = columns_are_key(e->primary_key, fk->columns.v, fk->columns.n);
            for (size_t u = 0; u < e->uniques.n && !single; u++)
                single = columns_are_key(e->uniques.v[u], fk->columns.v, fk->columns.n);
            ddbc_strbuf_puts(sb, "    ");
            ident(sb, fk->to->name);
            ddbc_strbuf_printf(sb, " %s--%s ", required ? "||" : "|o", single ? "o|" : "o{");
            ident(sb, e->name);
            ddbc_strbuf_puts(sb, " : \"");
            ddbc_strbuf rel = DDBC_STRBUF_INIT;
            column_list(&rel, fk->columns.v, fk->columns.n);
            label(sb, ddbc_strbuf_cstr(&rel));
            ddbc_strbuf_free(&rel);
            ddbc_strbuf_puts(sb, "\"\n");
        }
    }
    ddbc_strbuf_puts(sb, "```\n\n");
}

/* A partition family: the key template's literals with every value elided,
 * so ORDER#{id} (orders) and ORDER#{order_id} (order lines) are one family. */
static const char *family(report *r, const ddbc_key_template *t)
{
    ddbc_strbuf tmp = DDBC_STRBUF_INIT;
    for (size_t i = 0; i < t->parts.n; i++) {
        if (i) ddbc_strbuf_putc(&tmp, '#');
        const ddbc_key_part *p = &t->parts.v[i];
        ddbc_strbuf_puts(&tmp, p->kind == DDBC_PART_LITERAL ? p->literal : "{…}");
    }
    const char *s = ddbc_arena_strdup(r->arena, ddbc_strbuf_cstr(&tmp));
    ddbc_strbuf_free(&tmp);
    return s;
}

/* One member of a partition family on one index. */
typedef struct member {
    const char *family;
    const char *who;      /* entity name, or "counter: <pattern>" */
    const char *sk;       /* its sort key template */
    const char *condition;
} member;

static void collection_diagram(report *r)
{
    const ddbc_design *d = r->d;
    ddbc_strbuf *sb = r->sb;
    ddbc_strbuf_puts(sb, "## Item collections\n\n"
                         "Each partition family (the partition key with its values elided) and the item "
                         "types stored in it, per index; a sparse member names its condition.\n\n"
                         "```mermaid\nflowchart LR\n");
    for (size_t x = 0; x < d->indexes.n; x++) {
        const ddbc_index *ix = d->indexes.v[x];
        DDBC_VEC(member) members = {NULL, 0, 0};
        for (size_t i = 0; i < d->entities.n; i++) {
            const ddbc_entity_plan *ep = d->entities.v[i];
            const ddbc_entity_key *k = ddbc_entity_plan_key(ep, ix->number);
            if (k) {
                member m = {family(r, &k->pk), ep->entity->name, tmpl(r, &k->sk), k->condition};
                DDBC_VEC_PUSH(r->arena, members, m);
            }
        }
        /* counter items live on the table; each is listed once, under its entity */
        for (size_t i = 0; ix->number == 0 && i < d->entities.n; i++) {
            const ddbc_entity_plan *ep = d->entities.v[i];
            for (size_t c = 0; c < ep->counters.n; c++) {
                const ddbc_counter *ct = ep->counters.v[c];
                member m = {family(r, &ct->pk),
                            ddbc_arena_printf(r->arena, "counter: %s",
                                              ct->query ? ct->query->name : ep->entity->name),
                            tmpl(r, &ct->sk), NULL};
                DDBC_VEC_PUSH(r->arena, members, m);
            }
        }
        if (!members.n) continue;
        ddbc_strbuf_printf(sb, "    subgraph ix%d[\"%s: %s / %s\"]\n", ix->number,
                           ix->number ? ix->name : "table", ix->pk_attr, ix->sk_attr);
        int fam = 0;
        for (size_t i = 0; i < members.n; i++) {
            bool seen = false;
            for (size_t j = 0; j < i && !seen; j++) seen = !strcmp(members.v[j].family, members.v[i].family);
            if (seen) continue;
            ddbc_strbuf_printf(sb, "        ix%d_p%d[\"%s = ", ix->number, fam, ix->pk_attr);
            label(sb, members.v[i].family);
            ddbc_strbuf_puts(sb, "\"]\n");
            int n = 0;
            for (size_t j = i; j < members.n; j++) {
                const member *m = &members.v[j];
                if (strcmp(m->family, members.v[i].family)) continue;
                ddbc_strbuf_printf(sb, "        ix%d_p%d --> ix%d_p%d_%d[\"", ix->number, fam, ix->number,
                                   fam, n++);
                label(sb, m->who);
                ddbc_strbuf_printf(sb, "<br/>%s = ", ix->sk_attr);
                label(sb, m->sk);
                if (m->condition) {
                    ddbc_strbuf_puts(sb, "<br/>only when ");
                    label(sb, m->condition);
                }
                ddbc_strbuf_puts(sb, "\"]\n");
            }
            fam++;
        }
        ddbc_strbuf_puts(sb, "    end\n");
    }
    ddbc_strbuf_puts(sb, "```\n\n");
}

/* ---- 3. keys per entity ------------------------------------------------------------- */

static void keys(report *r)
{
    const ddbc_design *d = r->d;
    ddbc_strbuf *sb = r->sb;
    ddbc_strbuf_puts(sb, "## Keys per entity\n\n"
                         "`{column}` is the column's value, encoded so that string order is value order.\n\n");
    for (size_t i = 0; i < d->entities.n; i++) {
        const ddbc_entity_plan *ep = d->entities.v[i];
        ddbc_strbuf_printf(sb, "### %s (`%s`)\n\n", ep->entity->name, ep->tag);
        if (ep->change != DDBC_CHANGE_NONE) {
            ddbc_strbuf_printf(sb, "Change against the lock: **%s**", ddbc_change_name(ep->change));
            if (ep->change_reason) {
                ddbc_strbuf_puts(sb, " — ");
                text(sb, ep->change_reason);
            }
            ddbc_strbuf_puts(sb, "\n\n");
        }
        ddbc_strbuf_puts(sb, "| Index | Partition key | Sort key | Condition | Why |\n|---|---|---|---|---|\n");
        for (size_t k = 0; k < ep->keys.n; k++) {
            const ddbc_entity_key *key = &ep->keys.v[k];
            const ddbc_index *ix = index_of(d, key->index);
            ddbc_strbuf_printf(sb, "| %s | `%s` = ", index_label(d, key->index), ix ? ix->pk_attr : "?");
            code(sb, tmpl(r, &key->pk));
            ddbc_strbuf_printf(sb, " | `%s` = ", ix ? ix->sk_attr : "?");
            code(sb, tmpl(r, &key->sk));
            ddbc_strbuf_puts(sb, " | ");
            code(sb, key->condition);
            ddbc_strbuf_puts(sb, " | ");
            text(sb, key->rationale ? key->rationale : "—");
            ddbc_strbuf_puts(sb, " |\n");
        }
        ddbc_strbuf_printf(sb, "\nLargest item: about %d bytes.\n\n", ep->max_item_bytes);
    }
}

/* ---- 4. GSIs ------------------------------------------------------------------------- */

static void gsis(report *r)
{
    const ddbc_design *d = r->d;
    ddbc_strbuf *sb = r->sb;
    ddbc_strbuf_puts(sb, "## Global secondary indexes\n\n");
    if (!ddbc_design_gsi_count(d)) {
        ddbc_strbuf_puts(sb, "None: the table's own keys serve every pattern.\n\n");
        return;
    }
    ddbc_strbuf_printf(sb, "%d GSI%s; the planner's lower bound for these patterns is %d.\n\n",
                       ddbc_design_gsi_count(d), ddbc_design_gsi_count(d) == 1 ? "" : "s",
                       d->gsi_lower_bound);
    ddbc_strbuf_puts(sb, "| GSI | Partition key | Sort key | Projection | Entities | Overloads |\n"
                         "|---|---|---|---|---|---|\n");
    for (size_t x = 0; x < d->indexes.n; x++) {
        const ddbc_index *ix = d->indexes.v[x];
        if (!ix->number) continue;
        ddbc_strbuf_printf(sb, "| %s | `%s` | `%s` | %s", ix->name, ix->pk_attr, ix->sk_attr,
                           ddbc_projection_name(ix->projection));
        if (ix->projection == DDBC_PROJECTION_INCLUDE) {
            ddbc_strbuf_puts(sb, " (");
            string_list(sb, ix->include.v, ix->include.n);
            ddbc_strbuf_puts(sb, ")");
        }
        if (ix->inverted) ddbc_strbuf_puts(sb, ", inverted");
        ddbc_strbuf_puts(sb, " | ");
        int n = 0;
        for (size_t i = 0; i < d->entities.n; i++)
            if (ddbc_entity_plan_key(d->entities.v[i], ix->number))
                ddbc_strbuf_printf(sb, "%s%s", n++ ? ", " : "", d->entities.v[i]->entity->name);
        if (!n) ddbc_strbuf_puts(sb, "—");
        ddbc_strbuf_puts(sb, " | ");
        text(sb, ix->rationale ? ix->rationale : "—");
        ddbc_strbuf_puts(sb, " |\n");
    }
    ddbc_strbuf_puts(sb, "\n");
}

/* ---- 5. access patterns ------------------------------------------------------------- */

static void limit(report *r, const ddbc_query *q, const ddbc_request *rq)
{
    ddbc_strbuf *sb = r->sb;
    if (!rq->has_limit) {
        ddbc_strbuf_puts(sb, "—");
        return;
    }
    const ddbc_operand *op = &rq->limit;
    if (op->kind == DDBC_OPERAND_PARAM && q && op->param >= 0 && (size_t)op->param < q->params.n)
        ddbc_strbuf_printf(sb, "`$%s`", q->params.v[op->param].name);
    else if (op->kind == DDBC_OPERAND_LITERAL && op->literal && op->literal->text)
        text(sb, op->literal->text);
    else ddbc_strbuf_puts(sb, "?");
    if (rq->limit_extra) ddbc_strbuf_printf(sb, " (+%d)", rq->limit_extra);
}

static void pattern_name(report *r, const ddbc_pattern *p)
{
    ddbc_strbuf_puts(r->sb, "`");
    text(r->sb, p->name);
    ddbc_strbuf_puts(r->sb, "`");
    if (inferred(p)) ddbc_strbuf_puts(r->sb, " *(inferred)*");
}

/* The errors reported against a pattern: why it was refused. */
static void refusals_of(report *r, const ddbc_pattern *p, bool with_hint)
{
    ddbc_strbuf *sb = r->sb;
    int n = 0;
    for (size_t i = 0; r->reported && i < r->reported->items.n; i++) {
        const ddbc_diag *g = r->reported->items.v[i];
        if (g->severity != DDBC_SEV_ERROR || !g->pattern || strcmp(g->pattern, p->name)) continue;
        if (n++) ddbc_strbuf_puts(sb, "<br>");
        ddbc_strbuf_printf(sb, "%s: ", ddbc_diag_code_name(g->code));
        text(sb, g->message);
        if (with_hint && g->hint) {
            ddbc_strbuf_puts(sb, " — hint: ");
            text(sb, g->hint);
        }
    }
    if (!n) ddbc_strbuf_puts(sb, "—");
}

static void action(report *r, const ddbc_write_action *a)
{
    ddbc_strbuf *sb = r->sb;
    ddbc_strbuf_printf(sb, "`%s`", ddbc_write_kind_name(a->kind));
    if (a->kind == DDBC_W_COUNTER) ddbc_strbuf_printf(sb, " %+d", a->delta);
    if (a->entity) ddbc_strbuf_printf(sb, " %s", a->entity->name);
    if (a->guard) {
        ddbc_strbuf_puts(sb, " unique (");
        column_list(sb, a->guard->columns.v, a->guard->columns.n);
        ddbc_strbuf_puts(sb, ")");
    }
    if (a->counter && a->counter->query) ddbc_strbuf_printf(sb, " for %s", a->counter->query->name);
    if (a->columns.n) {
        ddbc_strbuf_puts(sb, a->kind == DDBC_W_FAN_OUT ? " copies "
                             : a->kind == DDBC_W_CASCADE ? " by " : " set ");
        column_list(sb, a->columns.v, a->columns.n);
    }
    if (a->key_attrs.n) {
        ddbc_strbuf_puts(sb, " keys ");
        string_list(sb, a->key_attrs.v, a->key_attrs.n);
    }
    if (a->condition) {
        ddbc_strbuf_puts(sb, " if ");
        code(sb, a->condition);
    }
    if (a->note) {
        ddbc_strbuf_puts(sb, " (");
        text(sb, a->note);
        ddbc_strbuf_puts(sb, ")");
    }
}

static void write_cells(report *r, const ddbc_write_plan *w)
{
    ddbc_strbuf *sb = r->sb;
    ddbc_strbuf_printf(sb, "%s | ", ddbc_operation_name(w->op));
    for (size_t i = 0; i < w->actions.n; i++) {
        if (i) ddbc_strbuf_puts(sb, "<br>");
        action(r, &w->actions.v[i]);
    }
    if (!w->actions.n) ddbc_strbuf_puts(sb, "—");
    ddbc_strbuf_printf(sb, " | %d%s", w->write_units, w->fan_out ? " + 1 per child" : "");
}

static void patterns(report *r)
{
    const ddbc_design *d = r->d;
    ddbc_strbuf *sb = r->sb;
    ddbc_strbuf_puts(sb, "## Access patterns\n\n### Reads\n\n"
                         "Read units are per request, eventually consistent, at the largest item size: "
                         "one item for a GetItem or a `:one` pattern, the LIMIT for a Query that has "
                         "one, else one page of 25 items.\n\n"
                         "| Pattern | Source | Operation | Index | Key condition | Filter | Order | Limit | "
                         "Read units | Note |\n|---|---|---|---|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < d->patterns.n; i++) {
        const ddbc_pattern *p = d->patterns.v[i];
        if (!p->is_read || !served(p)) continue;
        for (size_t k = 0; k < p->requests.n; k++) {
            const ddbc_request *rq = &p->requests.v[k];
            ddbc_strbuf_puts(sb, "| ");
            if (k) ddbc_strbuf_puts(sb, "↳ then");
            else pattern_name(r, p);
            ddbc_strbuf_puts(sb, " | ");
            if (!k) location(r, p->query ? p->query->span : DDBC_NO_SPAN, false);
            ddbc_strbuf_printf(sb, " | %s | %s | ", ddbc_operation_name(rq->op), index_label(d, rq->index));
            code(sb, rq->key_condition);
            ddbc_strbuf_puts(sb, " | ");
            code(sb, rq->filter);
            ddbc_strbuf_printf(sb, " | %s | ", rq->op == DDBC_OP_QUERY ? (rq->scan_forward ? "asc" : "desc") : "—");
            limit(r, p->query, rq);
            ddbc_strbuf_puts(sb, " | ");
            units(sb, rq->read_units);
            ddbc_strbuf_puts(sb, " | ");
            text(sb, rq->note ? rq->note : "—");
            ddbc_strbuf_puts(sb, " |\n");
        }
    }
    ddbc_strbuf_puts(sb, "\n### Writes\n\n"
                         "Write units per call for items up to 1 KB, every index and guard write included; "
                         "a fan-out adds one write per child item.\n\n"
                         "| Pattern | Source | Operation | Actions | Write units |\n|---|---|---|---|---|\n");
    for (size_t i = 0; i < d->patterns.n; i++) {
        const ddbc_pattern *p = d->patterns.v[i];
        if (p->is_read || !served(p)) continue;
        ddbc_strbuf_puts(sb, "| ");
        pattern_name(r, p);
        ddbc_strbuf_puts(sb, " | ");
        location(r, p->query ? p->query->span : DDBC_NO_SPAN, false);
        ddbc_strbuf_puts(sb, " | ");
        write_cells(r, &p->write);
        ddbc_strbuf_puts(sb, " |\n");
    }
    size_t refused = 0;
    for (size_t i = 0; i < d->patterns.n; i++) refused += !served(d->patterns.v[i]);
    if (!refused) {
        ddbc_strbuf_puts(sb, "\nEvery pattern is served.\n\n");
        return;
    }
    ddbc_strbuf_puts(sb, "\n### Refused\n\n| Pattern | Source | Why |\n|---|---|---|\n");
    for (size_t i = 0; i < d->patterns.n; i++) {
        const ddbc_pattern *p = d->patterns.v[i];
        if (served(p)) continue;
        ddbc_strbuf_puts(sb, "| ");
        pattern_name(r, p);
        ddbc_strbuf_puts(sb, " | ");
        location(r, p->query ? p->query->span : DDBC_NO_SPAN, false);
        ddbc_strbuf_puts(sb, " | ");
        refusals_of(r, p, true);
        ddbc_strbuf_puts(sb, " |\n");
    }
    ddbc_strbuf_puts(sb, "\n");
}

/* ---- 6. sample items ---------------------------------------------------------------- */

static const char *attr_value(const ddbc_sample_item *it, const char *name)
{
    const ddbc_sample_attr *a = ddbc_sample_attr_find(it, name);
    return a ? a->value : NULL;
}

static bool is_key_attr(const ddbc_design *d, const char *name)
{
    for (size_t x = 0; x < d->indexes.n; x++)
        if (!strcmp(d->indexes.v[x]->pk_attr, name) || !strcmp(d->indexes.v[x]->sk_attr, name)) return true;
    return !strcmp(d->pk_attr, name) || !strcmp(d->sk_attr, name);
}

/* A value cut to a readable width on a UTF-8 boundary (0: never cut; keys
 * are shown whole, since they are what the reader checks). */
static void short_value(report *r, const char *v, size_t max)
{
    size_t n = strlen(v), cut = 0;
    while (cut < n && (!max || cut < max)) {
        size_t l = ddbc_utf8_len(v + cut, n - cut);
        cut += l ? l : 1;
    }
    char *s = ddbc_arena_strndup(r->arena, v, cut);
    code(r->sb, cut < n ? ddbc_arena_printf(r->arena, "%s…", s) : s);
}

/* An item of one partition, ordered by its sort key's bytes as DynamoDB orders them. */
typedef struct keyed {
    const char *sk;
    const ddbc_sample_item *item;
} keyed;

static int by_sort_key(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    return strcmp(x->sk, y->sk);
}

static void samples(report *r)
{
    const ddbc_design *d = r->d;
    ddbc_strbuf *sb = r->sb;
    ddbc_sample_list list = {NULL, 0, 0};
    ddbc_samples_make(d, 3, r->arena, &list);
    ddbc_strbuf_puts(sb, "## Sample items\n\n");
    if (!list.n) {
        ddbc_strbuf_puts(sb, "No sample items could be made for this design.\n\n");
        return;
    }
    ddbc_strbuf_printf(sb, "Three items of each entity with their guard and counter items, grouped by "
                           "partition and in `%s` order as a Query returns them; at most %d other "
                           "attributes each.\n\n",
                       d->sk_attr, SAMPLE_ATTRS);
    /* partitions in order of first appearance */
    bool *done = ddbc_arena_alloc(r->arena, list.n * sizeof *done);
    keyed *order = ddbc_arena_alloc(r->arena, list.n * sizeof *order);
    /* a guard is alone in its partition: one table for all of them reads better */
    size_t guards = 0;
    for (size_t i = 0; i < list.n; i++) {
        if (list.v[i].kind && !strcmp(list.v[i].kind, "guard")) done[i] = true, guards++;
    }
    for (size_t i = 0; i < list.n; i++) {
        if (done[i]) continue;
        const char *pk = attr_value(&list.v[i], d->pk_attr);
        if (!pk) continue;
        size_t n = 0;
        for (size_t j = i; j < list.n; j++) {
            const char *pj = attr_value(&list.v[j], d->pk_attr);
            if (done[j] || !pj || strcmp(pj, pk)) continue;
            done[j] = true;
            const char *sk = attr_value(&list.v[j], d->sk_attr);
            order[n++] = (keyed){sk ? sk : "", &list.v[j]};
        }
        qsort(order, n, sizeof *order, by_sort_key);
        ddbc_strbuf_printf(sb, "#### `%s` = ", d->pk_attr);
        code(sb, pk);
        ddbc_strbuf_printf(sb, "\n\n| `%s` | `%s` | Item | Index keys | Attributes |\n|---|---|---|---|---|\n",
                           d->pk_attr, d->sk_attr);
        for (size_t k = 0; k < n; k++) {
            const ddbc_sample_item *it = order[k].item;
            ddbc_strbuf_puts(sb, "| ");
            code(sb, pk);
            ddbc_strbuf_puts(sb, " | ");
            code(sb, order[k].sk);
            ddbc_strbuf_puts(sb, " | ");
            if (it->entity) text(sb, it->entity->entity->name);
            else text(sb, it->kind ? it->kind : "—");
            ddbc_strbuf_puts(sb, " | ");
            int gk = 0, other = 0, more = 0;
            for (size_t a = 0; a < it->attrs.n; a++) {
                const ddbc_sample_attr *at = &it->attrs.v[a];
                if (!is_key_attr(d, at->name) || !strcmp(at->name, d->pk_attr) || !strcmp(at->name, d->sk_attr))
                    continue;
                if (gk++) ddbc_strbuf_puts(sb, "<br>");
                ddbc_strbuf_printf(sb, "%s: ", at->name);
                short_value(r, at->value, 0);
            }
            if (!gk) ddbc_strbuf_puts(sb, "—");
            ddbc_strbuf_puts(sb, " | ");
            for (size_t a = 0; a < it->attrs.n; a++) {
                const ddbc_sample_attr *at = &it->attrs.v[a];
                if (is_key_attr(d, at->name)) continue;
                if (other >= SAMPLE_ATTRS) {
                    more++;
                    continue;
                }
                if (other++) ddbc_strbuf_puts(sb, "<br>");
                ddbc_strbuf_printf(sb, "%s (%s): ", at->name, ddbc_attr_type_name(at->type));
                short_value(r, at->value, SAMPLE_VALUE_MAX);
            }
            if (more) ddbc_strbuf_printf(sb, "<br>… %d more", more);
            if (!other) ddbc_strbuf_puts(sb, "—");
            ddbc_strbuf_puts(sb, " |\n");
        }
        ddbc_strbuf_puts(sb, "\n");
    }
    if (!guards) return;
    ddbc_strbuf_printf(sb, "#### Uniqueness guard items\n\nEach alone in its partition; the key names the "
                           "entity, the unique columns and their values.\n\n"
                           "| `%s` | `%s` |\n|---|---|\n",
                       d->pk_attr, d->sk_attr);
    for (size_t i = 0; i < list.n; i++) {
        const ddbc_sample_item *it = &list.v[i];
        if (!it->kind || strcmp(it->kind, "guard")) continue;
        ddbc_strbuf_puts(sb, "| ");
        code(sb, attr_value(it, d->pk_attr));
        ddbc_strbuf_puts(sb, " | ");
        code(sb, attr_value(it, d->sk_attr));
        ddbc_strbuf_puts(sb, " |\n");
    }
    ddbc_strbuf_puts(sb, "\n");
}

/* ---- 7. derived keys, copies, guards, counters, writes ------------------------------- */

static const char *derived_name(const ddbc_entity_plan *p, const ddbc_column *c)
{
    if (c->entity == p->entity) return c->name;
    for (size_t i = 0; i < p->copies.n; i++)
        if (p->copies.v[i].column == c) return p->copies.v[i].attr;
    return c->name;
}

static void writes(report *r)
{
    const ddbc_design *d = r->d;
    ddbc_strbuf *sb = r->sb;

    ddbc_strbuf_puts(sb, "## Derived keys\n\n"
                         "Writing a column rewrites every key attribute it feeds.\n\n"
                         "| Entity | Column | Key attributes |\n|---|---|---|\n");
    size_t n = 0;
    for (size_t i = 0; i < d->entities.n; i++) {
        const ddbc_entity_plan *ep = d->entities.v[i];
        for (size_t k = 0; k < ep->derived.n; k++, n++) {
            const ddbc_derived_key *dk = &ep->derived.v[k];
            ddbc_strbuf_printf(sb, "| %s | `%s` | ", ep->entity->name, derived_name(ep, dk->column));
            string_list(sb, dk->attrs.v, dk->attrs.n);
            ddbc_strbuf_puts(sb, " |\n");
        }
    }
    if (!n) ddbc_strbuf_puts(sb, "| — | — | — |\n");

    ddbc_strbuf_puts(sb, "\n## Denormalized copies\n\n");
    n = 0;
    for (size_t i = 0; i < d->entities.n; i++) n += d->entities.v[i]->copies.n;
    if (!n) {
        ddbc_strbuf_puts(sb, "None: no item holds a copy of another's column.\n\n");
    } else {
        ddbc_strbuf_puts(sb, "| Child | Attribute | Copied from | Parent update | Why |\n|---|---|---|---|---|\n");
        for (size_t i = 0; i < d->entities.n; i++) {
            const ddbc_entity_plan *ep = d->entities.v[i];
            for (size_t k = 0; k < ep->copies.n; k++) {
                const ddbc_copy *c = &ep->copies.v[k];
                const ddbc_entity *parent = c->column->entity;
                const ddbc_entity_plan *pp = parent ? ddbc_design_entity(d, parent) : NULL;
                ddbc_strbuf_printf(sb, "| %s | `%s` | %s.%s", ep->entity->name, c->attr,
                                   parent ? parent->name : "?", c->column->name);
                if (c->via) {
                    ddbc_strbuf_puts(sb, " via ");
                    column_list(sb, c->via->columns.v, c->via->columns.n);
                }
                ddbc_strbuf_puts(sb, " | ");
                if (pp) {
                    ddbc_strbuf_printf(sb, "%d write units%s", pp->update.write_units,
                                       pp->update.fan_out ? " + 1 per child item (Query + UpdateItem each)" : "");
                } else {
                    ddbc_strbuf_puts(sb, "—");
                }
                ddbc_strbuf_puts(sb, " | ");
                text(sb, c->rationale ? c->rationale : "—");
                ddbc_strbuf_puts(sb, " |\n");
            }
        }
        ddbc_strbuf_puts(sb, "\n");
    }

    ddbc_strbuf_puts(sb, "## Uniqueness guards\n\n");
    n = 0;
    for (size_t i = 0; i < d->entities.n; i++) n += d->entities.v[i]->unique_guards.n;
    if (!n) {
        ddbc_strbuf_puts(sb, "None.\n\n");
    } else {
        ddbc_strbuf_puts(sb, "One guard item per value, written in the same transaction as the item with "
                             "`attribute_not_exists`, so a duplicate fails the whole write.\n\n"
                             "| Entity | Unique columns | Constraint |\n|---|---|---|\n");
        for (size_t i = 0; i < d->entities.n; i++) {
            const ddbc_entity_plan *ep = d->entities.v[i];
            for (size_t k = 0; k < ep->unique_guards.n; k++) {
                const ddbc_key *g = ep->unique_guards.v[k];
                ddbc_strbuf_printf(sb, "| %s | ", ep->entity->name);
                column_list(sb, g->columns.v, g->columns.n);
                ddbc_strbuf_printf(sb, " | %s |\n", g->name ? g->name : "—");
            }
        }
        ddbc_strbuf_puts(sb, "\n");
    }

    ddbc_strbuf_puts(sb, "## Counters\n\n");
    n = 0;
    for (size_t i = 0; i < d->entities.n; i++) n += d->entities.v[i]->counters.n;
    if (!n) {
        ddbc_strbuf_puts(sb, "None.\n\n");
    } else {
        ddbc_strbuf_puts(sb, "| Entity | Pattern | Group by | Partition key | Sort key | Attribute |\n"
                             "|---|---|---|---|---|---|\n");
        for (size_t i = 0; i < d->entities.n; i++) {
            const ddbc_entity_plan *ep = d->entities.v[i];
            for (size_t k = 0; k < ep->counters.n; k++) {
                const ddbc_counter *c = ep->counters.v[k];
                ddbc_strbuf_printf(sb, "| %s | %s | ", ep->entity->name, c->query ? c->query->name : "—");
                if (c->group_by.n) column_list(sb, c->group_by.v, c->group_by.n);
                else ddbc_strbuf_puts(sb, "—");
                ddbc_strbuf_puts(sb, " | ");
                code(sb, tmpl(r, &c->pk));
                ddbc_strbuf_puts(sb, " | ");
                code(sb, tmpl(r, &c->sk));
                ddbc_strbuf_printf(sb, " | `%s` |\n", c->attr);
            }
        }
        ddbc_strbuf_puts(sb, "\n");
    }

    ddbc_strbuf_puts(sb, "## Write plans\n\n"
                         "What each entity's generated put, update and delete send.\n\n"
                         "| Entity | Write | Operation | Actions | Write units |\n|---|---|---|---|---|\n");
    for (size_t i = 0; i < d->entities.n; i++) {
        const ddbc_entity_plan *ep = d->entities.v[i];
        const struct { const char *name; const ddbc_write_plan *w; } plans[] = {
            {"put", &ep->put}, {"update", &ep->update}, {"delete", &ep->remove}};
        for (size_t k = 0; k < 3; k++) {
            ddbc_strbuf_printf(sb, "| %s | %s | ", ep->entity->name, plans[k].name);
            write_cells(r, plans[k].w);
            ddbc_strbuf_puts(sb, " |\n");
        }
    }
    ddbc_strbuf_puts(sb, "\n");
}

/* ---- 8. diagnostics ------------------------------------------------------------------ */

static void diagnostics(report *r)
{
    ddbc_strbuf *sb = r->sb;
    static const char *const severities[] = {
        [DDBC_SEV_NOTE] = "note", [DDBC_SEV_WARNING] = "warning", [DDBC_SEV_ERROR] = "error"};
    ddbc_strbuf_puts(sb, "## Warnings and refusals\n\n");
    if (!r->reported || !r->reported->items.n) {
        ddbc_strbuf_puts(sb, "None.\n\n");
        return;
    }
    ddbc_strbuf_puts(sb, "| Location | Severity | Code | Message | Hint |\n|---|---|---|---|---|\n");
    for (size_t i = 0; i < r->reported->items.n; i++) {
        const ddbc_diag *g = r->reported->items.v[i];
        ddbc_strbuf_puts(sb, "| ");
        location(r, g->span, true);
        ddbc_strbuf_printf(sb, " | %s | %s | ", severities[g->severity], ddbc_diag_code_name(g->code));
        text(sb, g->message);
        for (size_t k = 0; k < g->notes.n; k++) {
            ddbc_strbuf_puts(sb, "<br>note: ");
            text(sb, g->notes.v[k].message);
        }
        ddbc_strbuf_puts(sb, " | ");
        text(sb, g->hint ? g->hint : "—");
        ddbc_strbuf_puts(sb, " |\n");
    }
    if (r->reported->hidden_errors)
        ddbc_strbuf_printf(sb, "\n%zu more errors were not kept.\n", r->reported->hidden_errors);
    ddbc_strbuf_puts(sb, "\n");
}

/* ---- 9. rationale -------------------------------------------------------------------- */

static void bullet(report *r, const char *what, const char *why)
{
    if (!why) return;
    ddbc_strbuf_printf(r->sb, "- **%s**: ", what);
    text(r->sb, why);
    ddbc_strbuf_puts(r->sb, "\n");
}

static void rationale(report *r)
{
    const ddbc_design *d = r->d;
    ddbc_strbuf_puts(r->sb, "## Rationale\n\nThe planner's reasons, as it gave them.\n\n### Indexes\n\n");
    for (size_t x = 0; x < d->indexes.n; x++)
        if (d->indexes.v[x]->number) bullet(r, d->indexes.v[x]->name, d->indexes.v[x]->rationale);
    if (!ddbc_design_gsi_count(d)) ddbc_strbuf_puts(r->sb, "- No GSI is needed.\n");
    ddbc_strbuf_puts(r->sb, "\n### Entities\n\n");
    for (size_t i = 0; i < d->entities.n; i++) {
        const ddbc_entity_plan *ep = d->entities.v[i];
        const char *name = ep->entity->name;
        bullet(r, ddbc_arena_printf(r->arena, "%s", name), ep->rationale);
        for (size_t k = 0; k < ep->keys.n; k++) {
            const ddbc_entity_key *key = &ep->keys.v[k];
            /* the base key's reason is usually the entity's own */
            if (!key->rationale || (ep->rationale && !strcmp(key->rationale, ep->rationale))) continue;
            bullet(r, ddbc_arena_printf(r->arena, "%s on %s", name, index_label(d, key->index)), key->rationale);
        }
        for (size_t k = 0; k < ep->copies.n; k++)
            bullet(r, ddbc_arena_printf(r->arena, "%s.%s", name, ep->copies.v[k].attr), ep->copies.v[k].rationale);
        bullet(r, ddbc_arena_printf(r->arena, "%s change", name), ep->change_reason);
    }
    ddbc_strbuf_puts(r->sb, "\n### Patterns\n\n");
    for (size_t i = 0; i < d->patterns.n; i++) bullet(r, d->patterns.v[i]->name, d->patterns.v[i]->rationale);
    ddbc_strbuf_puts(r->sb, "\n");
}

/* ---- 10. cost ------------------------------------------------------------------------ */

/* Bytes of one column value inside a key or counter: the planner's own
 * estimate, strings capped at the partition key limit. */
static double value_bytes(const ddbc_column *c)
{
    const ddbc_type *t = &c->type;
    switch (t->cls) {
    case DDBC_T_INTEGER: case DDBC_T_DECIMAL: case DDBC_T_FLOAT: return 21;
    case DDBC_T_BOOL: return 1;
    case DDBC_T_UUID: return 36;
    case DDBC_T_DATE: return 10;
    case DDBC_T_TIMESTAMP: return 27;
    case DDBC_T_TIME: case DDBC_T_INTERVAL: return 20;
    case DDBC_T_ENUM: {
        size_t v = 1;
        for (size_t i = 0; i < t->enum_values.n; i++)
            if (strlen(t->enum_values.v[i]) > v) v = strlen(t->enum_values.v[i]);
        return (double)v;
    }
    case DDBC_T_STRING: return t->length > 0 && t->length * 4 < 2048 ? t->length * 4 : 2048;
    default: return 1024;
    }
}

static double template_bytes(const ddbc_key_template *t)
{
    double b = 0;
    for (size_t i = 0; i < t->parts.n; i++) {
        const ddbc_key_part *p = &t->parts.v[i];
        b += (i ? 1 : 0) + (p->kind == DDBC_PART_LITERAL ? (double)strlen(p->literal) : value_bytes(p->column));
    }
    return b;
}

/* A guard item: PK = SK = UNIQUE#<tag>#<columns>#<values>. */
static double guard_bytes(const ddbc_design *d, const ddbc_entity_plan *ep, const ddbc_key *g)
{
    double key = (double)strlen("UNIQUE#") + (double)strlen(ep->tag);
    for (size_t i = 0; i < g->columns.n; i++)
        key += 2 + (double)strlen(g->columns.v[i]->name) + value_bytes(g->columns.v[i]);
    return (double)(strlen(d->pk_attr) + strlen(d->sk_attr)) + 2 * key;
}

static double counter_bytes(const ddbc_design *d, const ddbc_counter *c)
{
    return (double)(strlen(d->pk_attr) + strlen(d->sk_attr) + strlen(c->attr)) + template_bytes(&c->pk) +
           template_bytes(&c->sk) + 21;
}

/* The configured rate for a pattern, else the default for its kind. */
static double rate_of(const ddbc_config *cfg, const ddbc_pattern *p, bool *configured)
{
    for (size_t i = 0; i < cfg->rate_patterns.n && i < cfg->rate_values.n; i++) {
        if (!strcmp(cfg->rate_patterns.v[i], p->name)) {
            *configured = true;
            return cfg->rate_values.v[i];
        }
    }
    *configured = false;
    return p->is_read ? cfg->default_reads_per_second : cfg->default_writes_per_second;
}

static void cost(report *r)
{
    const ddbc_design *d = r->d;
    const ddbc_config *cfg = r->cfg;
    ddbc_strbuf *sb = r->sb;
    ddbc_strbuf_puts(sb, "## Cost estimate (on-demand)\n\n"
                         "| Pattern | Kind | Requests/s | Units/request | Units/month | Cost/month |\n"
                         "|---|---|---|---|---|---|\n");
    double rru = 0, wru = 0;
    bool any_fan_out = false;
    for (size_t i = 0; i < d->patterns.n; i++) {
        const ddbc_pattern *p = d->patterns.v[i];
        if (!served(p)) continue;
        bool configured;
        double rate = rate_of(cfg, p, &configured);
        double per = 0;
        if (p->is_read)
            for (size_t k = 0; k < p->requests.n; k++) per += p->requests.v[k].read_units;
        else per = p->write.write_units;
        double month = per * rate * SECONDS_PER_MONTH;
        double price = p->is_read ? cfg->price_read_million : cfg->price_write_million;
        if (p->is_read) rru += month;
        else wru += month;
        ddbc_strbuf_puts(sb, "| ");
        pattern_name(r, p);
        ddbc_strbuf_printf(sb, " | %s | ", p->is_read ? "read" : "write");
        units(sb, rate);
        ddbc_strbuf_puts(sb, configured ? "" : " (default)");
        ddbc_strbuf_puts(sb, " | ");
        units(sb, per);
        ddbc_strbuf_printf(sb, " %s", p->is_read ? "RRU" : "WRU");
        if (!p->is_read && p->write.fan_out) {
            ddbc_strbuf_puts(sb, " + per child");
            any_fan_out = true;
        }
        ddbc_strbuf_puts(sb, " | ");
        grouped(sb, month);
        ddbc_strbuf_puts(sb, " | ");
        dollars(sb, month / 1e6 * price);
        ddbc_strbuf_puts(sb, " |\n");
    }

    /* storage: every entity's items, their GSI copies, guard and counter items */
    double bytes = 0, items = cfg->items_per_entity;
    for (size_t i = 0; i < d->entities.n; i++) {
        const ddbc_entity_plan *ep = d->entities.v[i];
        double copies = ep->keys.n ? (double)ep->keys.n : 1;   /* the table and each GSI it is in */
        bytes += items * copies * (ep->max_item_bytes + ITEM_OVERHEAD);
        for (size_t g = 0; g < ep->unique_guards.n; g++)
            bytes += items * (guard_bytes(d, ep, ep->unique_guards.v[g]) + ITEM_OVERHEAD);
        for (size_t c = 0; c < ep->counters.n; c++) {
            double n = ep->counters.v[c]->group_by.n ? items : 1;
            bytes += n * (counter_bytes(d, ep->counters.v[c]) + ITEM_OVERHEAD);
        }
    }
    double gb = bytes / BYTES_PER_GB;
    double billed = gb > cfg->free_storage_gb ? gb - cfg->free_storage_gb : 0;
    double read_cost = rru / 1e6 * cfg->price_read_million;
    double write_cost = wru / 1e6 * cfg->price_write_million;
    double storage_cost = billed * cfg->price_storage_gb_month;

    ddbc_strbuf_printf(sb, "| Storage | | | | %.2f GB (%.2f GB billed) | ", gb, billed);
    dollars(sb, storage_cost);
    ddbc_strbuf_puts(sb, " |\n| **Total** | | | | ");
    grouped(sb, rru);
    ddbc_strbuf_puts(sb, " RRU, ");
    grouped(sb, wru);
    ddbc_strbuf_puts(sb, " WRU | **");
    dollars(sb, read_cost + write_cost + storage_cost);
    ddbc_strbuf_puts(sb, "** |\n\n");

    ddbc_strbuf_puts(sb, "Total per month: reads ");
    dollars(sb, read_cost);
    ddbc_strbuf_puts(sb, " + writes ");
    dollars(sb, write_cost);
    ddbc_strbuf_puts(sb, " + storage ");
    dollars(sb, storage_cost);
    ddbc_strbuf_puts(sb, " = ");
    dollars(sb, read_cost + write_cost + storage_cost);
    ddbc_strbuf_puts(sb, ".\n\nAssumptions:\n\n");
    ddbc_strbuf_puts(sb, "- Request rates from `cost.rates` in ddbc.yaml where a pattern is named there; "
                         "otherwise ");
    units(sb, cfg->default_reads_per_second);
    ddbc_strbuf_puts(sb, " requests per second for each read pattern (`cost.default_reads_per_second`) "
                         "and ");
    units(sb, cfg->default_writes_per_second);
    ddbc_strbuf_puts(sb, " for each write pattern (`cost.default_writes_per_second`), sustained all month.\n");
    for (size_t i = 0; i < cfg->rate_patterns.n; i++) {
        bool found = false;
        for (size_t k = 0; k < d->patterns.n && !found; k++)
            found = !strcmp(d->patterns.v[k]->name, cfg->rate_patterns.v[i]);
        if (!found) {
            ddbc_strbuf_puts(sb, "- `cost.rates` names `");
            text(sb, cfg->rate_patterns.v[i]);
            ddbc_strbuf_puts(sb, "`, which is no pattern of this design: ignored.\n");
        }
    }
    ddbc_strbuf_puts(sb, "- A month is 30 days (2,592,000 seconds).\n"
                         "- Reads are eventually consistent and return the items the planner estimates per "
                         "request (a `Limit` bounds them; without one, the estimate covers the largest "
                         "items); a filter does not reduce the units read. A strongly consistent read costs "
                         "twice as much.\n"
                         "- Write units are for the planned write with items up to 1 KB each, every GSI "
                         "the item is written to and every guard and counter item included, doubled inside "
                         "transactions; the GetItem a write makes first (`read_first`) is not priced.\n");
    if (any_fan_out)
        ddbc_strbuf_puts(sb, "- A write marked \"+ per child\" also updates the copy on every child item "
                             "(a Query and one UpdateItem per child); it depends on the data and is not priced.\n");
    ddbc_strbuf_puts(sb, "- Storage: ");
    grouped(sb, items);
    ddbc_strbuf_puts(sb, " items per entity (`cost.items_per_entity`) at each entity's largest item size, plus "
                         "100 bytes of overhead per item, once on the table and once more in every GSI "
                         "the entity has keys on (an upper bound for sparse and projected indexes); one "
                         "guard item per unique constraint per item; one counter item per counted item "
                         "(one in all when nothing is grouped). 1 GB = 2^30 bytes; the first ");
    units(sb, cfg->free_storage_gb);
    ddbc_strbuf_puts(sb, " GB are free (`cost.prices.free_storage_gb`).\n");
    ddbc_strbuf_puts(sb, "- Prices from the configuration (`cost.prices`): ");
    char p[64];
    snprintf(p, sizeof p, "%.4g", cfg->price_read_million);
    ddbc_strbuf_printf(sb, "$%s per million read request units, ", p);
    snprintf(p, sizeof p, "%.4g", cfg->price_write_million);
    ddbc_strbuf_printf(sb, "$%s per million write request units, ", p);
    snprintf(p, sizeof p, "%.4g", cfg->price_storage_gb_month);
    ddbc_strbuf_printf(sb, "$%s per GB-month.\n", p);
    ddbc_strbuf_puts(sb, "- Refused patterns are not priced; backups, streams and data transfer are not "
                         "included.\n");
}

void ddbc_emit_report(const ddbc_design *d, const ddbc_config *cfg, ddbc_sources *sources,
                      const ddbc_diags *reported, ddbc_outset *out, ddbc_diags *diags)
{
    (void)diags;   /* nothing here can fail: every gap in the design is written as "—" */
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    report r = {&sb, d, cfg, sources, reported, ddbc_arena_create()};
    summary(&r);
    er_diagram(&r);
    collection_diagram(&r);
    keys(&r);
    gsis(&r);
    patterns(&r);
    samples(&r);
    writes(&r);
    diagnostics(&r);
    rationale(&r);
    cost(&r);
    ddbc_outset_add(out, "report.md", &sb);
    ddbc_strbuf_free(&sb);
    ddbc_arena_destroy(r.arena);
}
