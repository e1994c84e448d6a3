/* lock.c — the lock file: ddbc.lock written with libyaml's emitter, read back
 * with its document loader, and key templates parsed back from their text.
 *
 * The lock is machine-written, so the reader is strict: anything it does not
 * know is an error (E0415) pointing at the YAML node, never silently ignored. */
#include "lock.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "symtab.h"
#include "yaml_node.h"
#include "yaml_out.h"

#define LOCK_VERSION 1

/* ---- writing -------------------------------------------------------------------- */

static void key_string(yaml_emitter_t *em, const char *key, const char *value)
{
    ddbc_yaml_str(em, key);
    ddbc_yaml_str(em, value);
}

static const char *index_name(const ddbc_design *d, int number)
{
    if (number == 0) return "table";
    for (size_t i = 0; i < d->indexes.n; i++)
        if (d->indexes.v[i]->number == number) return d->indexes.v[i]->name;
    return "table";
}

static void key_template(yaml_emitter_t *em, const ddbc_key_template *t)
{
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    ddbc_key_template_render(t, &sb);
    ddbc_yaml_quoted(em, ddbc_strbuf_cstr(&sb));
    ddbc_strbuf_free(&sb);
}

static void emit_entity(yaml_emitter_t *em, const ddbc_design *d, const ddbc_entity_plan *p)
{
    ddbc_yaml_map_start(em);
    key_string(em, "name", p->entity->name);
    key_string(em, "tag", p->tag);

    ddbc_yaml_str(em, "columns");
    ddbc_yaml_seq_start(em, YAML_FLOW_SEQUENCE_STYLE);
    for (size_t i = 0; i < p->entity->columns.n; i++) ddbc_yaml_str(em, p->entity->columns.v[i]->name);
    ddbc_yaml_seq_end(em);

    ddbc_yaml_str(em, "keys");
    ddbc_yaml_seq_start(em, YAML_BLOCK_SEQUENCE_STYLE);
    for (size_t i = 0; i < p->keys.n; i++) {
        const ddbc_entity_key *k = &p->keys.v[i];
        ddbc_yaml_map_start(em);
        key_string(em, "index", index_name(d, k->index));
        ddbc_yaml_str(em, "pk");
        key_template(em, &k->pk);
        ddbc_yaml_str(em, "sk");
        key_template(em, &k->sk);
        if (k->condition) {
            ddbc_yaml_str(em, "condition");
            ddbc_yaml_quoted(em, k->condition);
        }
        ddbc_yaml_map_end(em);
    }
    ddbc_yaml_seq_end(em);

    ddbc_yaml_str(em, "unique_guards");
    ddbc_yaml_seq_start(em, YAML_FLOW_SEQUENCE_STYLE);
    ddbc_strbuf cols = DDBC_STRBUF_INIT;
    for (size_t i = 0; i < p->unique_guards.n; i++) {
        const ddbc_key *g = p->unique_guards.v[i];
        ddbc_strbuf_reset(&cols);
        for (size_t j = 0; j < g->columns.n; j++)
            ddbc_strbuf_printf(&cols, "%s%s", j ? "," : "", g->columns.v[j]->name);
        ddbc_yaml_quoted(em, ddbc_strbuf_cstr(&cols));
    }
    ddbc_strbuf_free(&cols);
    ddbc_yaml_seq_end(em);
    ddbc_yaml_map_end(em);
}

void ddbc_emit_lock(const ddbc_design *d, ddbc_outset *out, ddbc_diags *diags)
{
    (void)diags;
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    yaml_emitter_t em;
    ddbc_yaml_out_begin(&em, &sb);
    ddbc_yaml_map_start(&em);
    ddbc_yaml_str(&em, "version");
    ddbc_yaml_scalar(&em, NULL, "1", YAML_PLAIN_SCALAR_STYLE);
    key_string(&em, "table", d->table_name);
    key_string(&em, "partition_key", d->pk_attr);
    key_string(&em, "sort_key", d->sk_attr);

    ddbc_yaml_str(&em, "indexes");
    ddbc_yaml_seq_start(&em, d->indexes.n > 1 ? YAML_BLOCK_SEQUENCE_STYLE : YAML_FLOW_SEQUENCE_STYLE);
    for (size_t i = 0; i < d->indexes.n; i++) {
        const ddbc_index *x = d->indexes.v[i];
        if (x->number == 0) continue;
        ddbc_yaml_map_start(&em);
        key_string(&em, "name", x->name);
        key_string(&em, "partition_key", x->pk_attr);
        key_string(&em, "sort_key", x->sk_attr);
        ddbc_yaml_str(&em, "inverted");
        ddbc_yaml_scalar(&em, NULL, x->inverted ? "true" : "false", YAML_PLAIN_SCALAR_STYLE);
        key_string(&em, "projection", ddbc_projection_name(x->projection));
        if (x->projection == DDBC_PROJECTION_INCLUDE) {
            ddbc_yaml_str(&em, "non_key_attributes");
            ddbc_yaml_seq_start(&em, YAML_FLOW_SEQUENCE_STYLE);
            for (size_t a = 0; a < x->include.n; a++) ddbc_yaml_str(&em, x->include.v[a]);
            ddbc_yaml_seq_end(&em);
        }
        ddbc_yaml_map_end(&em);
    }
    ddbc_yaml_seq_end(&em);

    ddbc_yaml_str(&em, "entities");
    ddbc_yaml_seq_start(&em, d->entities.n ? YAML_BLOCK_SEQUENCE_STYLE : YAML_FLOW_SEQUENCE_STYLE);
    for (size_t i = 0; i < d->entities.n; i++) emit_entity(&em, d, d->entities.v[i]);
    ddbc_yaml_seq_end(&em);
    ddbc_yaml_map_end(&em);
    ddbc_yaml_out_end(&em);

    ddbc_outset_add(out, "ddbc.lock", &sb);
    ddbc_strbuf_free(&sb);
}

/* ---- reading -------------------------------------------------------------------- */

typedef struct reader {
    yaml_document_t *doc;
    ddbc_source *src;
    ddbc_arena *arena;
    ddbc_diags *diags;
    size_t errors;
    bool *entered;             /* per node: a list or mapping already read */
    ddbc_symtab *entities;     /* entity name → its position + 1 in lock->entities */
} reader;

static ddbc_span node_span(const reader *r, const yaml_node_t *n)
{
    return ddbc_yaml_node_span(r->src, n);
}

static ddbc_diag *error(reader *r, ddbc_span span, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static ddbc_diag *error(reader *r, ddbc_span span, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = ddbc_arena_vprintf(r->arena, fmt, ap);
    va_end(ap);
    r->errors++;
    return ddbc_diag_report(r->diags, DDBC_E0415, span, "%s", msg);
}

static yaml_node_t *node(const reader *r, int id) { return yaml_document_get_node(r->doc, id); }

/* A non-empty string value, copied into the arena; NULL (reported) otherwise. */
static const char *want_string(reader *r, const char *what, const yaml_node_t *n)
{
    if (n->type != YAML_SCALAR_NODE || ddbc_yaml_is_null(n) || !n->data.scalar.length) {
        error(r, node_span(r, n), "%s must be a non-empty string, not %s", what,
              n->type == YAML_SCALAR_NODE && !ddbc_yaml_is_null(n) ? "an empty one" : ddbc_yaml_node_kind(n));
        return NULL;
    }
    return ddbc_arena_strndup(r->arena, (const char *)n->data.scalar.value, n->data.scalar.length);
}

static bool want_bool(reader *r, const char *what, const yaml_node_t *n, bool *out)
{
    const char *s = n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
    if (s && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
        (strcmp(s, "true") == 0 || strcmp(s, "false") == 0)) {
        *out = s[0] == 't';
        return true;
    }
    error(r, node_span(r, n), "%s must be true or false, not %s", what,
          s && !ddbc_yaml_is_null(n) ? ddbc_arena_printf(r->arena, "'%s'", s) : ddbc_yaml_node_kind(n));
    return false;
}

static bool want_kind(reader *r, const char *what, const yaml_node_t *n, yaml_node_type_t type)
{
    if (n->type == type) {
        /* An alias would make the reader walk one list many times over (a
         * "billion laughs" file); the emitter never writes one. */
        size_t id = (size_t)(n - r->doc->nodes.start);
        if (r->entered[id]) {
            error(r, node_span(r, n), "%s is a YAML alias; a lock file does not use them", what);
            return false;
        }
        r->entered[id] = true;
        return true;
    }
    error(r, node_span(r, n), "%s must be %s, not %s", what,
          type == YAML_MAPPING_NODE ? "a mapping" : "a list", ddbc_yaml_node_kind(n));
    return false;
}

/* The values of a mapping's known keys, by position in `names` (NULL-terminated).
 * Unknown and repeated keys are errors; a required key that is missing is
 * reported at the mapping.  Returns false when anything was wrong. */
static bool fields(reader *r, const char *what, const yaml_node_t *map,
                   const char *const *names, unsigned required, yaml_node_t **values)
{
    size_t before = r->errors;
    size_t n = 0;
    while (names[n]) values[n++] = NULL;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node(r, p->key);
        const char *key = k->type == YAML_SCALAR_NODE ? (const char *)k->data.scalar.value : NULL;
        if (!key || ddbc_yaml_is_null(k)) {
            error(r, node_span(r, k), "keys in %s must be names, not %s", what, ddbc_yaml_node_kind(k));
            continue;
        }
        size_t i = 0;
        while (names[i] && strcmp(names[i], key) != 0) i++;
        if (!names[i]) {
            ddbc_diag *g = error(r, node_span(r, k), "unknown key '%s' in %s", key, what);
            ddbc_strbuf known = DDBC_STRBUF_INIT;
            for (size_t j = 0; names[j]; j++)
                ddbc_strbuf_printf(&known, "%s%s", j ? ", " : "", names[j]);
            ddbc_diag_set_hint(r->diags, g, "known keys here: %s", ddbc_strbuf_cstr(&known));
            ddbc_strbuf_free(&known);
        } else if (values[i]) {
            error(r, node_span(r, k), "'%s' is given twice in %s", key, what);
        } else {
            values[i] = node(r, p->value);
        }
    }
    for (size_t i = 0; i < n; i++)
        if ((required & (1u << i)) && !values[i])
            error(r, node_span(r, map), "%s has no '%s'", what, names[i]);
    return r->errors == before;
}

typedef DDBC_VEC(const char *) string_vec;

/* A list of non-empty strings. */
static string_vec read_strings(reader *r, const char *what, yaml_node_t *list)
{
    string_vec out = {0};
    if (!want_kind(r, what, list, YAML_SEQUENCE_NODE)) return out;
    for (yaml_node_item_t *it = list->data.sequence.items.start; it < list->data.sequence.items.top;
         it++) {
        const char *s = want_string(r, ddbc_arena_printf(r->arena, "each entry of %s", what), node(r, *it));
        if (s) DDBC_VEC_PUSH(r->arena, out, s);
    }
    return out;
}

static void read_indexes(reader *r, ddbc_lock *lock, yaml_node_t *list)
{
    static const char *const names[] = {"name", "partition_key", "sort_key", "inverted",
                                        "projection", "non_key_attributes", NULL};
    if (!want_kind(r, "'indexes'", list, YAML_SEQUENCE_NODE)) return;
    for (yaml_node_item_t *it = list->data.sequence.items.start; it < list->data.sequence.items.top;
         it++) {
        yaml_node_t *m = node(r, *it);
        yaml_node_t *v[6];
        if (!want_kind(r, "each index", m, YAML_MAPPING_NODE)) continue;
        if (!fields(r, "an index", m, names, 0x1f, v)) continue;
        ddbc_lock_index x = {.span = node_span(r, m)};
        x.name = want_string(r, "'name'", v[0]);
        x.pk_attr = want_string(r, "'partition_key'", v[1]);
        x.sk_attr = want_string(r, "'sort_key'", v[2]);
        bool inverted_ok = want_bool(r, "'inverted'", v[3], &x.inverted);
        x.projection = want_string(r, "'projection'", v[4]);
        if (x.projection && strcmp(x.projection, "ALL") != 0 &&
            strcmp(x.projection, "KEYS_ONLY") != 0 && strcmp(x.projection, "INCLUDE") != 0) {
            error(r, node_span(r, v[4]),
                  "'projection' must be ALL, KEYS_ONLY or INCLUDE, not '%s'", x.projection);
            x.projection = NULL;
        }
        if (x.projection && strcmp(x.projection, "INCLUDE") == 0) {
            if (!v[5]) {
                error(r, node_span(r, m), "an INCLUDE index has no 'non_key_attributes'");
                continue;
            }
            string_vec attrs = read_strings(r, "'non_key_attributes'", v[5]);
            x.include.v = attrs.v;
            x.include.n = attrs.n;
            x.include.cap = attrs.cap;
        } else if (v[5]) {
            error(r, node_span(r, v[5]), "'non_key_attributes' belongs only to an INCLUDE index");
            continue;
        }
        if (!x.name || !x.pk_attr || !x.sk_attr || !inverted_ok || !x.projection) continue;
        /* GSI numbers are positions: the lock lists GSI1, GSI2, … in order */
        if (strcmp(x.name, ddbc_arena_printf(r->arena, "GSI%zu", lock->indexes.n + 1)) != 0) {
            error(r, node_span(r, v[0]), "index %zu is named '%s'; a lock lists GSI1, GSI2, … in order",
                  lock->indexes.n + 1, x.name);
            continue;
        }
        if (strcmp(x.name, "table") == 0) {
            error(r, node_span(r, v[0]), "an index cannot be named 'table' (it names the table itself)");
            continue;
        }
        bool dup = false;
        for (size_t i = 0; i < lock->indexes.n && !dup; i++) dup = strcmp(lock->indexes.v[i].name, x.name) == 0;
        if (dup) {
            error(r, node_span(r, v[0]), "index '%s' is listed twice", x.name);
            continue;
        }
        DDBC_VEC_PUSH(r->arena, lock->indexes, x);
    }
}

static bool known_index(const ddbc_lock *lock, const char *name)
{
    if (strcmp(name, "table") == 0) return true;
    for (size_t i = 0; i < lock->indexes.n; i++)
        if (strcmp(lock->indexes.v[i].name, name) == 0) return true;
    return false;
}

static void read_keys(reader *r, const ddbc_lock *lock, ddbc_lock_entity *e, yaml_node_t *list)
{
    static const char *const names[] = {"index", "pk", "sk", "condition", NULL};
    if (!want_kind(r, "'keys'", list, YAML_SEQUENCE_NODE)) return;
    for (yaml_node_item_t *it = list->data.sequence.items.start; it < list->data.sequence.items.top;
         it++) {
        yaml_node_t *m = node(r, *it);
        yaml_node_t *v[4];
        if (!want_kind(r, "each key", m, YAML_MAPPING_NODE)) continue;
        if (!fields(r, "a key", m, names, 0x7, v)) continue;
        ddbc_lock_key k = {.span = node_span(r, m)};
        k.index = want_string(r, "'index'", v[0]);
        k.pk = want_string(r, "'pk'", v[1]);
        k.sk = want_string(r, "'sk'", v[2]);
        if (v[3]) k.condition = want_string(r, "'condition'", v[3]);
        if (!k.index || !k.pk || !k.sk || (v[3] && !k.condition)) continue;
        if (!known_index(lock, k.index)) {
            error(r, node_span(r, v[0]), "entity '%s' has a key on index '%s', which the lock does not list",
                  e->name, k.index);
            continue;
        }
        bool dup = false;
        for (size_t i = 0; i < e->keys.n && !dup; i++) dup = strcmp(e->keys.v[i].index, k.index) == 0;
        if (dup) {
            error(r, node_span(r, v[0]), "entity '%s' has two keys on index '%s'", e->name, k.index);
            continue;
        }
        if (e->keys.n == 0 && strcmp(k.index, "table") != 0) {
            error(r, node_span(r, v[0]), "the first key of entity '%s' must be on the table, not '%s'",
                  e->name, k.index);
            continue;
        }
        DDBC_VEC_PUSH(r->arena, e->keys, k);
    }
}

static void read_entities(reader *r, ddbc_lock *lock, yaml_node_t *list)
{
    static const char *const names[] = {"name", "tag", "columns", "keys", "unique_guards", NULL};
    if (!want_kind(r, "'entities'", list, YAML_SEQUENCE_NODE)) return;
    for (yaml_node_item_t *it = list->data.sequence.items.start; it < list->data.sequence.items.top;
         it++) {
        yaml_node_t *m = node(r, *it);
        yaml_node_t *v[5];
        if (!want_kind(r, "each entity", m, YAML_MAPPING_NODE)) continue;
        if (!fields(r, "an entity", m, names, 0xb, v)) continue;
        ddbc_lock_entity e = {.span = node_span(r, m)};
        e.name = want_string(r, "'name'", v[0]);
        e.tag = want_string(r, "'tag'", v[1]);
        if (!e.name || !e.tag) continue;
        uintptr_t first = (uintptr_t)ddbc_symtab_get(r->entities, e.name);
        if (first) {
            ddbc_diag *g = error(r, node_span(r, v[0]), "entity '%s' is listed twice", e.name);
            ddbc_diag_add_note(r->diags, g, lock->entities.v[first - 1].span, "first listed here");
            continue;
        }
        if (v[2]) {
            string_vec cols = read_strings(r, "'columns'", v[2]);
            e.columns.v = cols.v;
            e.columns.n = cols.n;
            e.columns.cap = cols.cap;
        }
        size_t before = r->errors;
        read_keys(r, lock, &e, v[3]);
        if (e.keys.n == 0 && r->errors == before)
            error(r, node_span(r, v[3]), "entity '%s' has no key on the table", e.name);
        if (v[4]) {
            string_vec guards = read_strings(r, "'unique_guards'", v[4]);
            e.guards.v = guards.v;
            e.guards.n = guards.n;
            e.guards.cap = guards.cap;
        }
        DDBC_VEC_PUSH(r->arena, lock->entities, e);
        ddbc_symtab_put(r->entities, e.name, (void *)(uintptr_t)lock->entities.n);
    }
}

static void read_root(reader *r, ddbc_lock *lock, yaml_node_t *root)
{
    static const char *const names[] = {"version", "table", "partition_key", "sort_key",
                                        "indexes", "entities", NULL};
    /* Another version is another format: its other keys are not worth a word. */
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node(r, p->key), *v = node(r, p->value);
        if (k->type != YAML_SCALAR_NODE || strcmp((const char *)k->data.scalar.value, "version") != 0)
            continue;
        const char *s = v->type == YAML_SCALAR_NODE ? (const char *)v->data.scalar.value : NULL;
        if (s && v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && strcmp(s, "1") == 0) break;
        ddbc_diag *g = error(r, node_span(r, v), "unsupported lock file version %s",
                             s && !ddbc_yaml_is_null(v) ? ddbc_arena_printf(r->arena, "'%s'", s) : ddbc_yaml_node_kind(v));
        ddbc_diag_set_hint(r->diags, g, "this ddbc reads version %d", LOCK_VERSION);
        return;
    }
    yaml_node_t *v[6];
    fields(r, "the lock file", root, names, 0x2f, v);
    if (v[1]) lock->table = want_string(r, "'table'", v[1]);
    if (v[2]) lock->pk_attr = want_string(r, "'partition_key'", v[2]);
    if (v[3]) lock->sk_attr = want_string(r, "'sort_key'", v[3]);
    if (v[4]) read_indexes(r, lock, v[4]);
    if (v[5]) read_entities(r, lock, v[5]);
}

static void syntax_error(reader *r, const yaml_parser_t *p)
{
    ddbc_span at, context;
    ddbc_yaml_error_spans(r->src, p, &at, &context);
    ddbc_diag *g = error(r, at, "YAML syntax error: %s", p->problem ? p->problem : "malformed YAML");
    if (context.file != DDBC_NO_FILE) ddbc_diag_add_note(r->diags, g, context, "%s", p->context);
}

/* A lock names every entity once: a few hundred kilobytes at most.  libyaml's
 * scanner slows down quadratically with flow nesting, so refuse absurd files
 * before handing them over. */
static bool within_limits(reader *r)
{
    enum { MAX_BYTES = 16 << 20, MAX_NESTING = 16 };
    if (r->src->len > MAX_BYTES) {
        error(r, (ddbc_span){r->src->id, 0, 0}, "lock file is %zu bytes; ddbc reads at most %d",
              r->src->len, MAX_BYTES);
        return false;
    }
    int depth = 0;
    for (size_t i = 0; i < r->src->len; i++) {
        char c = r->src->text[i];
        if (c == '#' || c == '\'' || c == '"') {
            /* comments and quoted scalars: brackets inside do not nest */
            char end = c == '#' ? '\n' : c;
            for (i++; i < r->src->len && r->src->text[i] != end; i++)
                if (end == '"' && r->src->text[i] == '\\') i++;
        } else if (c == '[' || c == '{') {
            if (++depth > MAX_NESTING) {
                error(r, (ddbc_span){r->src->id, (uint32_t)i, (uint32_t)i + 1},
                      "lock file nests more than %d levels deep", MAX_NESTING);
                return false;
            }
        } else if ((c == ']' || c == '}') && depth > 0) {
            depth--;
        }
    }
    return true;
}

ddbc_lock *ddbc_lock_read(const char *path, ddbc_sources *sources, ddbc_arena *arena,
                          ddbc_diags *diags)
{
    ddbc_source *src = ddbc_sources_read(sources, path);
    if (!src) {
        ddbc_diag_report(diags, DDBC_E0415, DDBC_NO_SPAN, "cannot read lock file '%s': %s", path,
                         strerror(errno));
        return NULL;
    }
    reader r = {NULL, src, arena, diags, 0, NULL, ddbc_symtab_create(arena)};
    if (!within_limits(&r)) return NULL;

    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        fprintf(stderr, "ddbc: out of memory (initializing the YAML parser)\n");
        abort();
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)src->text, src->len);
    yaml_document_t doc;
    if (!yaml_parser_load(&parser, &doc)) {
        syntax_error(&r, &parser);
        yaml_parser_delete(&parser);
        return NULL;
    }
    r.doc = &doc;
    r.entered = ddbc_arena_alloc(arena, (size_t)(doc.nodes.top - doc.nodes.start) + 1);
    ddbc_lock *lock = DDBC_NEW(arena, ddbc_lock);
    lock->path = ddbc_arena_strdup(arena, path);
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (!root || ddbc_yaml_is_null(root))
        error(&r, (ddbc_span){src->id, 0, 0}, "the lock file is empty");
    else if (root->type != YAML_MAPPING_NODE)
        error(&r, node_span(&r, root), "the lock file must be a mapping, not %s", ddbc_yaml_node_kind(root));
    else
        read_root(&r, lock, root);
    yaml_document_delete(&doc);

    /* A second document would be silently ignored; a lock has exactly one. */
    if (root && r.errors == 0) {
        yaml_document_t next;
        if (!yaml_parser_load(&parser, &next)) {
            syntax_error(&r, &parser);
        } else {
            yaml_node_t *extra = yaml_document_get_root_node(&next);
            if (extra) error(&r, node_span(&r, extra), "the lock file must be a single YAML document");
            yaml_document_delete(&next);
        }
    }
    yaml_parser_delete(&parser);
    return r.errors ? NULL : lock;
}

/* ---- templates ------------------------------------------------------------------ */

/* The inverse of ddbc_key_template_render: parts joined by '#', a column part
 * written "{name}".  A leading '#' belongs to the first literal ("#ORDER"
 * sorts a parent first in its collection), since no part is ever empty. */
bool ddbc_key_template_parse(const char *text, const ddbc_entity_plan *plan,
                             ddbc_key_template *out, ddbc_arena *arena)
{
    ddbc_key_template t = {0};
    const char *p = text;
    bool first = true;
    for (;;) {
        const char *start = p;
        if (first && *p == '#') p++;
        const char *end = strchr(p, '#');
        if (!end) end = p + strlen(p);
        size_t n = (size_t)(end - start);
        if (n == 0 || (start[0] == '#' && n == 1)) return false;   /* empty part */
        ddbc_key_part part = {0};
        if (start[0] == '{') {
            if (n < 3 || start[n - 1] != '}') return false;
            const char *name = ddbc_arena_strndup(arena, start + 1, n - 2);
            if (strpbrk(name, "{}")) return false;
            part.kind = DDBC_PART_COLUMN;
            part.column = ddbc_entity_column(plan->entity, name);
            for (size_t i = 0; !part.column && i < plan->copies.n; i++) {
                if (strcmp(plan->copies.v[i].attr, name) == 0) {
                    part.column = plan->copies.v[i].column;
                    part.attr = plan->copies.v[i].attr;
                }
            }
            if (!part.column) return false;
        } else {
            if (memchr(start, '{', n) || memchr(start, '}', n)) return false;
            part.kind = DDBC_PART_LITERAL;
            part.literal = ddbc_arena_strndup(arena, start, n);
        }
        DDBC_VEC_PUSH(arena, t.parts, part);
        if (!*end) break;
        p = end + 1;
        first = false;
    }
    *out = t;
    return true;
}
