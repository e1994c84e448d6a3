/* config.c — ddbc.yaml: a mapping of option names to values, read with libyaml.
 *
 * Options are rows in the tables below (name, setter, destination, checks);
 * a later option is one more row.  Every diagnostic points into the YAML file:
 * libyaml marks count characters, so they are turned into byte spans here.
 * Options that name parts of the schema (ttl_attribute) keep their span and
 * are checked once the schema and the design are known. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "yaml_node.h"

typedef struct loader {
    ddbc_config *cfg;
    yaml_document_t *doc;
    ddbc_source *src;
    ddbc_arena *arena;
    ddbc_diags *diags;
    size_t errors;
    bool warn_at_given;
} loader;

typedef struct field field;
typedef void (*setter)(loader *l, const field *f, const char *key, yaml_node_t *value);

struct field {
    const char *name;
    setter set;
    size_t offset;                     /* destination inside ddbc_config */
    const field *sub;                  /* set_mapping: the nested keys */
    bool (*valid)(const char *s);      /* set_string: the value's syntax */
    const char *expect;                /* set_string: what valid() accepts, for messages */
    int min, max;                      /* set_int: inclusive range */
    const char *const *choices;        /* set_choice: the accepted words, NULL-terminated */
    size_t span_at;                    /* set_string_at: where the value's span is kept */
};

/* ---- positions -------------------------------------------------------------- */

static ddbc_span node_span(const loader *l, const yaml_node_t *n)
{
    return ddbc_yaml_node_span(l->src, n);
}

static ddbc_diag *error(loader *l, ddbc_span span, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static ddbc_diag *error(loader *l, ddbc_span span, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = ddbc_arena_vprintf(l->arena, fmt, ap);
    va_end(ap);
    l->errors++;
    return ddbc_diag_report(l->diags, DDBC_E0301, span, "%s", msg);
}

/* ---- value checks ----------------------------------------------------------- */

static const char *scalar(const yaml_node_t *n)
{
    return n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* YAML's null: an empty plain scalar, `~` or `null`. */
static bool all_in(const char *s, const char *extra)
{
    for (; *s; s++)
        if (!(*s >= 'a' && *s <= 'z') && !(*s >= 'A' && *s <= 'Z') && !(*s >= '0' && *s <= '9') &&
            !strchr(extra, *s))
            return false;
    return true;
}

/* DynamoDB's rule for table names. */
static bool valid_table_name(const char *s)
{
    size_t n = strlen(s);
    return n >= 3 && n <= 255 && all_in(s, "_.-");
}

/* Stricter than DynamoDB needs, so the name can appear unquoted in every
 * emitted language (expressions, HCL, CloudFormation, C string literals). */
static bool valid_attribute_name(const char *s)
{
    size_t n = strlen(s);
    return n >= 1 && n <= 255 && all_in(s, "_.-");
}

bool ddbc_config_valid_c_prefix(const char *s)
{
    static const char *const keywords[] = {
        "auto", "break", "case", "char", "const", "continue", "default", "do", "double",
        "else", "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long",
        "register", "restrict", "return", "short", "signed", "sizeof", "static", "struct",
        "switch", "typedef", "union", "unsigned", "void", "volatile", "while", "bool",
        "true", "false",
    };
    if (!s || !*s || (*s >= '0' && *s <= '9') || strlen(s) > 63 || !all_in(s, "_")) return false;
    for (size_t i = 0; i < sizeof keywords / sizeof *keywords; i++)
        if (strcmp(s, keywords[i]) == 0) return false;
    return true;
}

/* ---- setters ---------------------------------------------------------------- */

static void *dest(const loader *l, const field *f) { return (char *)l->cfg + f->offset; }

static void set_string(loader *l, const field *f, const char *key, yaml_node_t *value)
{
    const char *s = scalar(value);
    if (!s || ddbc_yaml_is_null(value)) {
        error(l, node_span(l, value), "'%s' must be a string, not %s", key, ddbc_yaml_node_kind(value));
        return;
    }
    if (f->valid && !f->valid(s)) {
        error(l, node_span(l, value), "'%s' must be %s, not '%s'", key, f->expect, s);
        return;
    }
    *(const char **)dest(l, f) = ddbc_arena_strdup(l->arena, s);
}

/* A string checked against the schema later (ttl_attribute): its position is
 * kept so that check can point at the value. */
static void set_string_at(loader *l, const field *f, const char *key, yaml_node_t *value)
{
    const char *before = *(const char **)dest(l, f);
    set_string(l, f, key, value);
    if (*(const char **)dest(l, f) != before)
        *(ddbc_span *)(void *)((char *)l->cfg + f->span_at) = node_span(l, value);
}

static void set_int(loader *l, const field *f, const char *key, yaml_node_t *value)
{
    const char *s = scalar(value);
    /* A quoted "10" is a string in YAML; only plain scalars can be numbers. */
    bool ok = s && value->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && *s;
    long v = 0;
    if (ok) {
        char *end;
        errno = 0;
        v = strtol(s, &end, 10);
        ok = *end == '\0' && errno == 0 && (*s == '-' || *s == '+' || (*s >= '0' && *s <= '9'));
    }
    if (!ok) {
        error(l, node_span(l, value), "'%s' must be a whole number, not %s", key,
              s && !ddbc_yaml_is_null(value) ? ddbc_arena_printf(l->arena, "'%s'", s) : ddbc_yaml_node_kind(value));
        return;
    }
    if (v < f->min || v > f->max) {
        error(l, node_span(l, value), "'%s' must be between %d and %d, not %ld", key, f->min,
              f->max, v);
        return;
    }
    *(int *)dest(l, f) = (int)v;
    if (strcmp(key, "gsi.warn_at") == 0) l->warn_at_given = true;
}

static void set_dialect(loader *l, const field *f, const char *key, yaml_node_t *value)
{
    const char *s = scalar(value);
    ddbc_dialect d;
    if (!s || ddbc_yaml_is_null(value)) {
        error(l, node_span(l, value), "'%s' must be a string, not %s", key, ddbc_yaml_node_kind(value));
    } else if (!ddbc_dialect_parse(s, &d)) {
        error(l, node_span(l, value),
              "unknown dialect '%s' (expected postgresql, mysql, sqlite or auto)", s);
    } else {
        *(ddbc_dialect *)dest(l, f) = d;
    }
}

/* The position of the value among f->choices, or -1 (reported). */
static int choice(loader *l, const field *f, const char *key, yaml_node_t *value)
{
    const char *s = scalar(value);
    if (!s || ddbc_yaml_is_null(value)) {
        error(l, node_span(l, value), "'%s' must be a string, not %s", key, ddbc_yaml_node_kind(value));
        return -1;
    }
    for (int i = 0; f->choices[i]; i++)
        if (strcmp(s, f->choices[i]) == 0) return i;
    ddbc_strbuf expect = DDBC_STRBUF_INIT;
    for (int i = 0; f->choices[i]; i++)
        ddbc_strbuf_printf(&expect, "%s%s", i == 0 ? "" : f->choices[i + 1] ? ", " : " or ", f->choices[i]);
    error(l, node_span(l, value), "unknown value '%s' for '%s' (expected %s)", s, key,
          ddbc_strbuf_cstr(&expect));
    ddbc_strbuf_free(&expect);
    return -1;
}

/* A two-word choice stored as a bool: true for the second word. */
static void set_flag_choice(loader *l, const field *f, const char *key, yaml_node_t *value)
{
    int i = choice(l, f, key, value);
    if (i >= 0) *(bool *)dest(l, f) = i == 1;
}

/* stream: off, or the view type DynamoDB Streams records. */
static void set_stream(loader *l, const field *f, const char *key, yaml_node_t *value)
{
    int i = choice(l, f, key, value);
    if (i >= 0) *(const char **)dest(l, f) = i == 0 ? NULL : f->choices[i];
}

static void set_bool(loader *l, const field *f, const char *key, yaml_node_t *value)
{
    const char *s = scalar(value);
    bool plain = s && value->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    if (plain && strcmp(s, "true") == 0) *(bool *)dest(l, f) = true;
    else if (plain && strcmp(s, "false") == 0) *(bool *)dest(l, f) = false;
    else
        error(l, node_span(l, value), "'%s' must be true or false, not %s", key,
              s && !ddbc_yaml_is_null(value) ? ddbc_arena_printf(l->arena, "'%s'", s)
                                             : ddbc_yaml_node_kind(value));
}

/* A number of zero or more (rates, prices, counts); false when reported. */
static bool number(loader *l, const char *key, yaml_node_t *value, double *out)
{
    const char *s = scalar(value);
    bool ok = s && value->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && *s;
    if (ok) {
        char *end;
        errno = 0;
        *out = strtod(s, &end);
        ok = *end == '\0' && errno == 0 && *out >= 0 && *out < 1e15;
    }
    if (!ok)
        error(l, node_span(l, value), "'%s' must be a number of zero or more, not %s", key,
              s && !ddbc_yaml_is_null(value) ? ddbc_arena_printf(l->arena, "'%s'", s)
                                             : ddbc_yaml_node_kind(value));
    return ok;
}

static void set_number(loader *l, const field *f, const char *key, yaml_node_t *value)
{
    double v;
    if (number(l, key, value, &v)) *(double *)dest(l, f) = v;
}

/* tags: a mapping of tag names to strings, in file order. */
static void set_tags(loader *l, const field *f, const char *key, yaml_node_t *value)
{
    (void)f;
    if (value->type != YAML_MAPPING_NODE) {
        error(l, node_span(l, value), "'%s' must be a mapping, not %s", key, ddbc_yaml_node_kind(value));
        return;
    }
    for (yaml_node_pair_t *p = value->data.mapping.pairs.start; p < value->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(l->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(l->doc, p->value);
        const char *name = scalar(k), *text = scalar(v);
        if (!name || ddbc_yaml_is_null(k) || !*name || strlen(name) > 128) {
            error(l, node_span(l, k), "each tag in '%s' needs a name of 1 to 128 characters", key);
            continue;
        }
        if (!text || ddbc_yaml_is_null(v) || strlen(text) > 256) {
            error(l, node_span(l, v), "tag '%s' must have a string value of at most 256 characters",
                  name);
            continue;
        }
        DDBC_VEC_PUSH(l->arena, l->cfg->tag_keys, ddbc_arena_strdup(l->arena, name));
        DDBC_VEC_PUSH(l->arena, l->cfg->tag_values, ddbc_arena_strdup(l->arena, text));
    }
}

/* cost.rates: pattern name → requests per second. */
static void set_rates(loader *l, const field *f, const char *key, yaml_node_t *value)
{
    (void)f;
    if (value->type != YAML_MAPPING_NODE) {
        error(l, node_span(l, value), "'%s' must be a mapping, not %s", key, ddbc_yaml_node_kind(value));
        return;
    }
    for (yaml_node_pair_t *p = value->data.mapping.pairs.start; p < value->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(l->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(l->doc, p->value);
        const char *name = scalar(k);
        double rate;
        if (!name || ddbc_yaml_is_null(k) || !*name) {
            error(l, node_span(l, k), "each entry of '%s' must be a pattern name", key);
            continue;
        }
        if (!number(l, ddbc_arena_printf(l->arena, "%s.%s", key, name), v, &rate)) continue;
        DDBC_VEC_PUSH(l->arena, l->cfg->rate_patterns, ddbc_arena_strdup(l->arena, name));
        DDBC_VEC_PUSH(l->arena, l->cfg->rate_values, rate);
    }
}

static void add_emit(loader *l, const char *name, size_t n, ddbc_span span)
{
    DDBC_VEC_PUSH(l->arena, l->cfg->emit, ddbc_arena_strndup(l->arena, name, n));
    DDBC_VEC_PUSH(l->arena, l->cfg->emit_spans, span);
}

/* A list of names, or one string of comma-separated names as on the command line. */
static void set_emit(loader *l, const field *f, const char *key, yaml_node_t *value)
{
    (void)f;
    l->cfg->emit.n = l->cfg->emit_spans.n = 0;
    if (value->type == YAML_SEQUENCE_NODE) {
        for (yaml_node_item_t *it = value->data.sequence.items.start;
             it < value->data.sequence.items.top; it++) {
            yaml_node_t *item = yaml_document_get_node(l->doc, *it);
            const char *s = scalar(item);
            if (!s || ddbc_yaml_is_null(item) || !*s) {
                error(l, node_span(l, item), "each entry of '%s' must be a name, not %s", key,
                      ddbc_yaml_node_kind(item));
                continue;
            }
            add_emit(l, s, strlen(s), node_span(l, item));
        }
        return;
    }
    const char *s = scalar(value);
    if (!s || ddbc_yaml_is_null(value)) {
        error(l, node_span(l, value), "'%s' must be a list of names or a comma-separated string, not %s",
              key, ddbc_yaml_node_kind(value));
        return;
    }
    ddbc_span whole = node_span(l, value);
    /* Only a plain scalar's characters map one-to-one onto the file. */
    bool exact = value->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    for (const char *p = s;;) {
        const char *comma = strchr(p, ',');
        const char *end = comma ? comma : p + strlen(p);
        const char *a = p, *b = end;
        while (a < b && (*a == ' ' || *a == '\t')) a++;
        while (b > a && (b[-1] == ' ' || b[-1] == '\t')) b--;
        ddbc_span span = whole;
        if (exact) {
            span.start = whole.start + (uint32_t)(a - s);
            span.end = whole.start + (uint32_t)(b - s);
        }
        if (a == b) error(l, span, "'%s' has an empty name", key);
        else add_emit(l, a, (size_t)(b - a), span);
        if (!comma) break;
        p = comma + 1;
    }
}

static void load_mapping(loader *l, const field *fields, const char *prefix, yaml_node_t *map);

static void set_mapping(loader *l, const field *f, const char *key, yaml_node_t *value)
{
    if (value->type != YAML_MAPPING_NODE) {
        error(l, node_span(l, value), "'%s' must be a mapping, not %s", key, ddbc_yaml_node_kind(value));
        return;
    }
    load_mapping(l, f->sub, key, value);
}

/* ---- the options ------------------------------------------------------------ */

#define AT(member) offsetof(ddbc_config, member)

#define ATTRIBUTE_NAME "an attribute name of letters, digits, '_', '.' or '-'"

static const field key_attribute_fields[] = {
    {.name = "partition", .set = set_string, .offset = AT(pk_attribute),
     .valid = valid_attribute_name, .expect = ATTRIBUTE_NAME},
    {.name = "sort", .set = set_string, .offset = AT(sk_attribute),
     .valid = valid_attribute_name, .expect = ATTRIBUTE_NAME},
    {.name = NULL},
};

static const field gsi_fields[] = {
    {.name = "warn_at", .set = set_int, .offset = AT(gsi_warn), .min = 1, .max = 20},
    {.name = "limit", .set = set_int, .offset = AT(gsi_limit), .min = 1, .max = 20},
    {.name = NULL},
};

static const char *const unkeyed_choices[] = {"refuse", "constant_partition", NULL};
static const char *const billing_choices[] = {"PAY_PER_REQUEST", "PROVISIONED", NULL};
static const char *const stream_choices[] = {"off", "NEW_AND_OLD_IMAGES", "NEW_IMAGE", "OLD_IMAGE",
                                             "KEYS_ONLY", NULL};

static const field planner_fields[] = {
    {.name = "unkeyed_patterns", .set = set_flag_choice, .offset = AT(unkeyed_constant),
     .choices = unkeyed_choices},
    {.name = NULL},
};

static const field billing_fields[] = {
    {.name = "mode", .set = set_flag_choice, .offset = AT(provisioned), .choices = billing_choices},
    {.name = "read_capacity", .set = set_int, .offset = AT(read_capacity), .min = 1, .max = 40000},
    {.name = "write_capacity", .set = set_int, .offset = AT(write_capacity), .min = 1, .max = 40000},
    {.name = "max_read_capacity", .set = set_int, .offset = AT(max_read_capacity), .min = 1,
     .max = 40000},
    {.name = "max_write_capacity", .set = set_int, .offset = AT(max_write_capacity), .min = 1,
     .max = 40000},
    {.name = "target_utilization", .set = set_int, .offset = AT(target_utilization), .min = 20,
     .max = 90},
    {.name = NULL},
};

static const field price_fields[] = {
    {.name = "write_request_units_per_million", .set = set_number, .offset = AT(price_write_million)},
    {.name = "read_request_units_per_million", .set = set_number, .offset = AT(price_read_million)},
    {.name = "storage_gb_month", .set = set_number, .offset = AT(price_storage_gb_month)},
    {.name = "free_storage_gb", .set = set_number, .offset = AT(free_storage_gb)},
    {.name = NULL},
};

static const field cost_fields[] = {
    {.name = "default_reads_per_second", .set = set_number, .offset = AT(default_reads_per_second)},
    {.name = "default_writes_per_second", .set = set_number, .offset = AT(default_writes_per_second)},
    {.name = "rates", .set = set_rates},
    {.name = "items_per_entity", .set = set_number, .offset = AT(items_per_entity)},
    {.name = "prices", .set = set_mapping, .sub = price_fields},
    {.name = NULL},
};

static const field top_fields[] = {
    {.name = "table_name", .set = set_string, .offset = AT(table_name),
     .valid = valid_table_name, .expect = "3 to 255 letters, digits, '_', '.' or '-'"},
    {.name = "key_attributes", .set = set_mapping, .sub = key_attribute_fields},
    {.name = "c_prefix", .set = set_string, .offset = AT(c_prefix),
     .valid = ddbc_config_valid_c_prefix, .expect = "a C identifier (at most 63 characters, no keyword)"},
    {.name = "dialect", .set = set_dialect, .offset = AT(dialect)},
    {.name = "gsi", .set = set_mapping, .sub = gsi_fields},
    {.name = "planner", .set = set_mapping, .sub = planner_fields},
    {.name = "billing", .set = set_mapping, .sub = billing_fields},
    {.name = "ttl_attribute", .set = set_string_at, .offset = AT(ttl_attribute),
     .valid = valid_attribute_name, .expect = ATTRIBUTE_NAME, .span_at = AT(ttl_attribute_span)},
    {.name = "stream", .set = set_stream, .offset = AT(stream_view), .choices = stream_choices},
    {.name = "point_in_time_recovery", .set = set_bool, .offset = AT(point_in_time_recovery)},
    {.name = "deletion_protection", .set = set_bool, .offset = AT(deletion_protection)},
    {.name = "tags", .set = set_tags},
    {.name = "cost", .set = set_mapping, .sub = cost_fields},
    {.name = "emit", .set = set_emit, .offset = AT(emit)},
    {.name = NULL},
};

#undef ATTRIBUTE_NAME
#undef AT

/* Edit distance, for "did you mean" on a misspelt key. */
static size_t distance(const char *a, const char *b)
{
    size_t nb = strlen(b);
    if (nb > 63) return SIZE_MAX;
    size_t row[64];
    for (size_t j = 0; j <= nb; j++) row[j] = j;
    for (size_t i = 1; *a; a++, i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t best = diag + (*a != b[j - 1]);
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[nb];
}

static void unknown_key(loader *l, const field *fields, const char *key, yaml_node_t *node)
{
    ddbc_diag *d = ddbc_diag_report(l->diags, DDBC_W0006, node_span(l, node),
                                     "unknown configuration key '%s'", key);
    const char *leaf = strrchr(key, '.') ? strrchr(key, '.') + 1 : key;
    const field *best = NULL;
    size_t best_d = 3;
    for (const field *f = fields; f->name; f++) {
        size_t dist = distance(leaf, f->name);
        if (dist < best_d) {
            best = f;
            best_d = dist;
        }
    }
    if (best) {
        ddbc_diag_set_hint(l->diags, d, "did you mean '%s'?", best->name);
        return;
    }
    ddbc_strbuf names = DDBC_STRBUF_INIT;
    for (const field *f = fields; f->name; f++)
        ddbc_strbuf_printf(&names, "%s%s", f == fields ? "" : ", ", f->name);
    ddbc_diag_set_hint(l->diags, d, "known keys here: %s", ddbc_strbuf_cstr(&names));
    ddbc_strbuf_free(&names);
}

static void load_mapping(loader *l, const field *fields, const char *prefix, yaml_node_t *map)
{
    yaml_node_pair_t *pairs = map->data.mapping.pairs.start;
    yaml_node_pair_t *top = map->data.mapping.pairs.top;
    for (yaml_node_pair_t *p = pairs; p < top; p++) {
        yaml_node_t *k = yaml_document_get_node(l->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(l->doc, p->value);
        const char *name = scalar(k);
        if (!name || ddbc_yaml_is_null(k)) {
            error(l, node_span(l, k), "configuration keys must be names, not %s", ddbc_yaml_node_kind(k));
            continue;
        }
        const char *key = prefix ? ddbc_arena_printf(l->arena, "%s.%s", prefix, name) : name;
        bool repeated = false;
        for (yaml_node_pair_t *q = pairs; q < p && !repeated; q++) {
            yaml_node_t *earlier = yaml_document_get_node(l->doc, q->key);
            if (scalar(earlier) && strcmp(scalar(earlier), name) == 0) {
                ddbc_diag *d = error(l, node_span(l, k), "'%s' is given twice", key);
                ddbc_diag_add_note(l->diags, d, node_span(l, earlier), "first given here");
                repeated = true;
            }
        }
        if (repeated) continue;
        const field *f = fields;
        while (f->name && strcmp(f->name, name) != 0) f++;
        if (f->name) f->set(l, f, key, v);
        else unknown_key(l, fields, key, k);
    }
}

/* Rules that tie options together, checked once every key is read. */
static void check_consistency(loader *l, yaml_node_t *root)
{
    ddbc_config *cfg = l->cfg;
    if (strcmp(cfg->pk_attribute, cfg->sk_attribute) == 0)
        error(l, node_span(l, root),
              "'key_attributes.partition' and 'key_attributes.sort' must differ (both are '%s')",
              cfg->pk_attribute);
    if (cfg->gsi_warn > cfg->gsi_limit) {
        /* The default warning threshold simply follows a lowered limit. */
        if (l->warn_at_given)
            error(l, node_span(l, root), "'gsi.warn_at' (%d) is above 'gsi.limit' (%d)",
                  cfg->gsi_warn, cfg->gsi_limit);
        else
            cfg->gsi_warn = cfg->gsi_limit;
    }
}

static void syntax_error(loader *l, const yaml_parser_t *p)
{
    ddbc_span at, context;
    ddbc_yaml_error_spans(l->src, p, &at, &context);
    const char *problem = p->problem ? p->problem : "malformed YAML";
    ddbc_diag *d = error(l, at, "YAML syntax error: %s", problem);
    if (context.file != DDBC_NO_FILE) ddbc_diag_add_note(l->diags, d, context, "%s", p->context);
}

void ddbc_config_defaults(ddbc_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->table_name = "app";
    cfg->pk_attribute = "PK";
    cfg->sk_attribute = "SK";
    cfg->c_prefix = "db";
    cfg->dialect = DDBC_DIALECT_AUTO;
    cfg->gsi_warn = 10;
    cfg->gsi_limit = 20;
    cfg->read_capacity = cfg->write_capacity = 5;
    cfg->max_read_capacity = cfg->max_write_capacity = 100;
    cfg->target_utilization = 70;
    cfg->ttl_attribute_span = DDBC_NO_SPAN;
    cfg->point_in_time_recovery = true;
    cfg->deletion_protection = true;
    cfg->default_reads_per_second = 10;
    cfg->default_writes_per_second = 1;
    cfg->price_write_million = 0.625;
    cfg->price_read_million = 0.125;
    cfg->price_storage_gb_month = 0.25;
    cfg->free_storage_gb = 25;
    cfg->items_per_entity = 100000;
}

/* A configuration is a few dozen lines.  libyaml's scanner slows down
 * quadratically with flow nesting ([[[[…), so refuse absurd files up front. */
static bool within_limits(loader *l)
{
    enum { MAX_BYTES = 1 << 20, MAX_NESTING = 64 };
    if (l->src->len > MAX_BYTES) {
        ddbc_diag_report(l->diags, DDBC_E0301, (ddbc_span){l->src->id, 0, 0},
                         "configuration is %zu bytes; ddbc reads at most %d", l->src->len, MAX_BYTES);
        return false;
    }
    int depth = 0;
    for (size_t i = 0; i < l->src->len; i++) {
        char c = l->src->text[i];
        if (c == '#' || c == '\'' || c == '"') {
            /* comments and quoted scalars: brackets inside do not nest */
            char end = c == '#' ? '\n' : c;
            for (i++; i < l->src->len && l->src->text[i] != end; i++) {}
        } else if (c == '[' || c == '{') {
            if (++depth > MAX_NESTING) {
                ddbc_diag_report(l->diags, DDBC_E0301, (ddbc_span){l->src->id, (uint32_t)i, (uint32_t)i + 1},
                                 "configuration nests more than %d levels deep", MAX_NESTING);
                return false;
            }
        } else if ((c == ']' || c == '}') && depth > 0) {
            depth--;
        }
    }
    return true;
}

bool ddbc_config_load(ddbc_config *cfg, const char *path, ddbc_sources *sources,
                      ddbc_arena *arena, ddbc_diags *diags)
{
    ddbc_source *src = ddbc_sources_read(sources, path);
    if (!src) {
        ddbc_diag_report(diags, DDBC_E0001, DDBC_NO_SPAN, "cannot read configuration '%s': %s",
                         path, strerror(errno));
        return false;
    }
    loader l = {cfg, NULL, src, arena, diags, 0, false};
    if (!within_limits(&l)) return false;

    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        fprintf(stderr, "ddbc: out of memory (initializing the YAML parser)\n");
        abort();
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)src->text, src->len);
    yaml_document_t doc;
    if (!yaml_parser_load(&parser, &doc)) {
        syntax_error(&l, &parser);
        yaml_parser_delete(&parser);
        return false;
    }
    l.doc = &doc;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (root && !ddbc_yaml_is_null(root)) {
        if (root->type != YAML_MAPPING_NODE) {
            error(&l, node_span(&l, root),
                  "the configuration must be a mapping of option names to values, not %s",
                  ddbc_yaml_node_kind(root));
        } else {
            load_mapping(&l, top_fields, NULL, root);
            check_consistency(&l, root);
        }
    }
    yaml_document_delete(&doc);

    /* A second document would be silently ignored; say so instead. */
    if (root) {
        yaml_document_t next;
        if (!yaml_parser_load(&parser, &next)) {
            syntax_error(&l, &parser);
        } else {
            yaml_node_t *extra = yaml_document_get_root_node(&next);
            if (extra)
                error(&l, node_span(&l, extra),
                      "the configuration must be a single YAML document");
            yaml_document_delete(&next);
        }
    }
    yaml_parser_delete(&parser);
    return l.errors == 0;
}


/* ---- checks against the schema ---------------------------------------------- */

/* The key attribute of the design named `name` ("the table's sort key"), or NULL. */
static const char *key_attribute_role(const ddbc_config *cfg, const ddbc_design *d, const char *name,
                                      ddbc_arena *arena)
{
    if (!d) {
        if (strcmp(name, cfg->pk_attribute) == 0) return "the table's partition key";
        if (strcmp(name, cfg->sk_attribute) == 0) return "the table's sort key";
        return NULL;
    }
    for (size_t i = 0; i < d->indexes.n; i++) {
        const ddbc_index *ix = d->indexes.v[i];
        const char *whose = ix->number == 0 ? "the table's" : ddbc_arena_printf(arena, "%s's", ix->name);
        if (ix->pk_attr && strcmp(name, ix->pk_attr) == 0)
            return ddbc_arena_printf(arena, "%s partition key", whose);
        if (ix->sk_attr && strcmp(name, ix->sk_attr) == 0)
            return ddbc_arena_printf(arena, "%s sort key", whose);
    }
    return NULL;
}

/* A name an expiry column is commonly given. */
static bool looks_like_expiry(const char *name)
{
    static const char *const words[] = {"expir", "ttl", "until", "deadline", "valid_to", "purge"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        const char *w = words[i];
        for (const char *p = name; *p; p++) {
            size_t k = 0;
            while (w[k] && (p[k] >= 'A' && p[k] <= 'Z' ? p[k] - 'A' + 'a' : p[k]) == w[k]) k++;
            if (!w[k]) return true;
        }
    }
    return false;
}

/* ttl_attribute names no column: say which columns could be meant. */
static void ttl_not_a_column(const ddbc_config *cfg, const ddbc_ir *ir, ddbc_diags *diags)
{
    const char *name = cfg->ttl_attribute;
    ddbc_diag *d = ddbc_diag_report(diags, DDBC_E0302, cfg->ttl_attribute_span,
                                    "ttl_attribute '%s' is not a column of any table", name);
    const ddbc_column *near = NULL;
    size_t near_d = 3;
    ddbc_strbuf likely = DDBC_STRBUF_INIT;
    size_t nlikely = 0;
    for (size_t e = 0; e < ir->catalog.entities.n; e++) {
        const ddbc_entity *en = ir->catalog.entities.v[e];
        for (size_t c = 0; c < en->columns.n; c++) {
            const ddbc_column *col = en->columns.v[c];
            size_t dist = distance(name, col->name);
            if (dist < near_d) {
                near = col;
                near_d = dist;
            }
            if (looks_like_expiry(col->name) && nlikely++ < 5)
                ddbc_strbuf_printf(&likely, "%s%s.%s (%s)", likely.len ? ", " : "", en->name,
                                   col->name, col->type.sql ? col->type.sql : "?");
        }
    }
    if (near)
        ddbc_diag_set_hint(diags, d, "did you mean '%s' (table %s)?", near->name, near->entity->name);
    else if (nlikely)
        ddbc_diag_set_hint(diags, d, "columns that look like expiry times: %s%s", ddbc_strbuf_cstr(&likely),
                           nlikely > 5 ? " and more" : "");
    else
        ddbc_diag_set_hint(diags, d,
                           "add a column of epoch seconds to each table whose items should expire, "
                           "e.g. `%s BIGINT`", name);
    ddbc_strbuf_free(&likely);
}

/* How the generated code stores a column of class cls, when not as a Number. */
static const char *stored_as(ddbc_type_class cls)
{
    switch (cls) {
    case DDBC_T_DATE:
    case DDBC_T_TIME:
    case DDBC_T_TIMESTAMP: return "an ISO 8601 String";
    case DDBC_T_BOOL: return "a Boolean";
    case DDBC_T_BINARY: return "a Binary";
    default: return "a String";
    }
}

/* One column named by ttl_attribute: DynamoDB's TTL reads only a top-level
 * Number of epoch seconds; an item whose attribute is anything else (or is
 * missing) never expires. */
static void check_ttl_column(const ddbc_config *cfg, const ddbc_column *col, ddbc_diags *diags)
{
    const char *sql = col->type.sql ? col->type.sql : "?";
    const char *table = col->entity->name;
    ddbc_diag *d = NULL;
    if (col->generated) {
        d = ddbc_diag_report(diags, DDBC_E0303, cfg->ttl_attribute_span,
                             "ttl_attribute '%s' of table %s is computed by the database "
                             "(GENERATED ALWAYS AS), which DynamoDB does not do: its items would "
                             "never hold it and never expire", col->name, table);
        ddbc_diag_set_hint(diags, d, "store the expiry time as epoch seconds in a plain integer "
                                     "column that the application writes, e.g. `expires_at BIGINT`");
    } else if (col->type.cls == DDBC_T_INTEGER) {
        return;
    } else if (col->type.cls == DDBC_T_DECIMAL || col->type.cls == DDBC_T_FLOAT) {
        /* Stored as a Number, so DynamoDB does expire on it; but a fraction or a
         * millisecond value (which lies centuries ahead) is the usual mistake. */
        d = ddbc_diag_report(diags, DDBC_W0008, cfg->ttl_attribute_span,
                             "ttl_attribute '%s' of table %s is %s, a Number DynamoDB can expire "
                             "on, but a TTL is whole epoch seconds (milliseconds lie centuries "
                             "ahead and never expire)", col->name, table, sql);
        ddbc_diag_set_hint(diags, d, "declare it as an integer of epoch seconds, e.g. `%s BIGINT`",
                           col->name);
    } else {
        d = ddbc_diag_report(diags, DDBC_E0303, cfg->ttl_attribute_span,
                             "ttl_attribute '%s' of table %s is %s, which the generated code stores "
                             "as %s; DynamoDB's TTL reads only a Number of epoch seconds, so these "
                             "items would never expire", col->name, table, sql, stored_as(col->type.cls));
        ddbc_diag_set_hint(diags, d, "store epoch seconds in an integer column, e.g. `%s BIGINT`, "
                                     "set to the expiry time's Unix time", col->name);
    }
    ddbc_diag_add_note(diags, d, col->span, "'%s.%s' declared here", table, col->name);
}

void ddbc_config_check_design(const ddbc_config *cfg, const ddbc_ir *ir, const ddbc_design *design,
                              ddbc_arena *arena, ddbc_diags *diags)
{
    const char *name = cfg->ttl_attribute;
    if (!name) return;
    /* Key attributes hold strings such as "ORDER#…", never a Number. */
    const char *role = key_attribute_role(cfg, design, name, arena);
    if (role) {
        ddbc_diag *d = ddbc_diag_report(diags, DDBC_E0304, cfg->ttl_attribute_span,
                                        "ttl_attribute '%s' is %s attribute, which holds key "
                                        "strings, not Numbers: no item would ever expire", name, role);
        ddbc_diag_set_hint(diags, d, "name an integer column of epoch seconds, e.g. `expires_at BIGINT`");
        return;
    }
    bool found = false;
    for (size_t e = 0; e < ir->catalog.entities.n; e++) {
        const ddbc_column *col = ddbc_entity_column(ir->catalog.entities.v[e], name);
        if (!col) continue;
        found = true;
        check_ttl_column(cfg, col, diags);
    }
    if (!found) ttl_not_a_column(cfg, ir, diags);
}
