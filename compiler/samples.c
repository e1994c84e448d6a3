/* samples.c — sample items for the report, the NoSQL Workbench model and the
 * server round-trip test: values picked from each column's type and name, keys
 * built with keyenc exactly as the runtime builds them.
 *
 * Guard key format (one item per UNIQUE column set and value, PK = SK):
 *     UNIQUE#<entity tag>#<col1>[#<col2>…]#<keyenc(v1)>[#<keyenc(v2)>…]
 * Children take their parent's sample key values (the two first children of a
 * parent under parent 0, so item collections show), nullable columns are left
 * out of every second item, and a column a sparse condition compares with a
 * literal holds that literal on every second item, so both sides show. */
#include "samples.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ddbc/keyenc.h"

const char *ddbc_attr_type_name(ddbc_attr_type t)
{
    static const char *const names[] = {"S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS"};
    return (size_t)t < sizeof names / sizeof *names ? names[t] : "S";
}

const ddbc_sample_attr *ddbc_sample_attr_find(const ddbc_sample_item *it, const char *name)
{
    for (size_t i = 0; i < it->attrs.n; i++)
        if (!strcmp(it->attrs.v[i].name, name)) return &it->attrs.v[i];
    return NULL;
}

/* ---- values ------------------------------------------------------------------------ */

/* One column's value on one sample item.  `key` is what keyenc reads (the
 * text itself, or the raw bytes of a binary value). */
typedef struct cell {
    bool present;
    ddbc_attr_type type;
    const char *value;
    const char *key;
    size_t keylen;
} cell;

typedef struct row {
    int state;                 /* 0 not made, 1 being made (a reference cycle), 2 made */
    cell *cells;               /* by column ordinal */
} row;

typedef struct gen {
    const ddbc_design *d;
    ddbc_arena *arena;
    int n;
    row **rows;                /* [entity position][item] */
    /* column → literal a sparse condition compares it with (first seen) */
    DDBC_VEC(ddbc_column *) lit_cols;
    DDBC_VEC(const char *) lit_vals;
    DDBC_VEC(bool) lit_quoted;
} gen;

static int entity_pos(const gen *g, const ddbc_entity *e)
{
    for (size_t i = 0; i < g->d->entities.n; i++)
        if (g->d->entities.v[i]->entity == e) return (int)i;
    return -1;
}

static bool has(const char *name, const char *part) { return strstr(name, part) != NULL; }

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcmp(s + n - m, suffix);
}

/* The i-th entry of a list, suffixed once the list runs out so values stay distinct. */
static const char *pick(gen *g, const char *const *list, size_t len, int i)
{
    if ((size_t)i < len) return list[i];
    return ddbc_arena_printf(g->arena, "%s-%d", list[(size_t)i % len], (int)((size_t)i / len));
}
#define PICK(g, list, i) pick((g), (list), sizeof(list) / sizeof *(list), (i))

static const char *const first_names[] = {"Ana", "Bruno", "Carla", "Diego", "Elena", "Farid", "Grace", "Hiro"};
static const char *const last_names[] = {"Silva", "Costa", "Mendes", "Ramos", "Novak", "Haddad", "Okafor", "Tanaka"};
static const char *const cities[] = {"Seattle", "Lisbon", "Berlin", "Austin", "Porto", "Toronto", "Osaka", "Dublin"};
static const char *const countries2[] = {"US", "PT", "DE", "CA", "JP", "IE", "BR", "NL"};
static const char *const countries[] = {"United States", "Portugal", "Germany", "Canada", "Japan", "Ireland", "Brazil", "Netherlands"};
static const char *const currencies[] = {"USD", "EUR", "GBP", "CAD", "JPY", "BRL", "CHF", "AUD"};
static const char *const streets[] = {"120 Pike Street", "45 Rua Augusta", "8 Torstrasse", "901 Congress Avenue",
                                      "17 Rua das Flores", "300 King Street", "2 Namba Dori", "14 Grafton Street"};
static const char *const titles[] = {"Great fit, fast delivery", "Works as described", "Would buy again",
                                     "Quarterly planning", "Follow-up visit", "Release checklist", "Welcome aboard", "Weekly sync"};
static const char *const sentences[] = {"Leave the parcel at the front desk.", "Customer asked for a gift receipt.",
                                        "Reviewed and approved by the team.", "Second attempt after a card decline.",
                                        "Imported from the legacy system.", "Needs a follow-up next week.",
                                        "Priority handling requested.", "No further action needed."};
static const char *const slugs[] = {"running-shoes", "rain-jackets", "trail-gear", "city-bikes",
                                    "camp-kitchen", "climbing", "swimwear", "yoga"};
static const char *const words[] = {"Alpha", "Harbor", "Summit", "Meadow", "Atlas", "Cedar", "Nova", "Orbit"};
static const char *const statuses[] = {"ACTIVE", "PENDING", "CLOSED", "ARCHIVED", "DRAFT", "OPEN", "PAUSED", "DONE"};
static const char *const tags[] = {"new", "sale", "eco", "bestseller", "limited", "gift", "outdoor", "classic"};
static const char *const providers[] = {"stripe", "adyen", "paypal", "braintree", "square", "klarna", "mollie", "wise"};
static const char *const labels[] = {"home", "work", "billing", "studio", "warehouse", "office", "cabin", "depot"};
static const char *const floats[] = {"4.5", "3.75", "12.25", "0.5", "7.125", "9.8", "1.25", "6.4"};

static bool person_entity(const char *name)
{
    static const char *const people[] = {"customer", "user", "person", "people", "patient", "member",
                                         "employee", "author", "staff", "doctor", "contact", "owner",
                                         "player", "student", "teacher", "physician", "provider", "agent"};
    for (size_t i = 0; i < sizeof people / sizeof *people; i++)
        if (has(name, people[i])) return true;
    return false;
}

/* "2024-03-01" stepping one day per item (months of 28 days keep it simple and valid). */
static void day_of(int i, int *year, int *month, int *day)
{
    int m = 2 + i / 28;    /* 0-based month: March */
    *year = 2024 + m / 12;
    *month = m % 12 + 1;
    *day = 1 + i % 28;
}

static void base64(ddbc_strbuf *sb, const unsigned char *p, size_t n)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
        ddbc_strbuf_putc(sb, tab[v >> 18 & 63]);
        ddbc_strbuf_putc(sb, tab[v >> 12 & 63]);
        ddbc_strbuf_putc(sb, i + 1 < n ? tab[v >> 6 & 63] : '=');
        ddbc_strbuf_putc(sb, i + 2 < n ? tab[v & 63] : '=');
    }
}

static uint32_t fnv(const char *a, const char *b)
{
    uint32_t h = 2166136261u;
    for (const char *s = a; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    h = (h ^ '.') * 16777619u;
    for (const char *s = b; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static cell text_cell(const char *v, ddbc_attr_type t)
{
    cell c = {true, t, v, v, strlen(v)};
    return c;
}

/* How many timestamp columns come before c in its table: later ones get later
 * hours, so created_at < updated_at < shipped_at on every item; a column that
 * names a beginning (created, placed, …) comes first wherever it is declared. */
static int timestamp_rank(const ddbc_column *c)
{
    static const char *const starts[] = {"created", "placed", "opened", "started", "issued", "registered"};
    for (size_t i = 0; i < sizeof starts / sizeof *starts; i++)
        if (strstr(c->name, starts[i])) return 0;
    int k = 1;
    for (size_t i = 0; i < c->entity->columns.n && c->entity->columns.v[i] != c; i++)
        if (c->entity->columns.v[i]->type.cls == DDBC_T_TIMESTAMP) k++;
    return k > 12 ? 12 : k;
}

static char *lower(char *s)
{
    for (char *p = s; *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
    return s;
}

static const char *string_value(gen *g, const ddbc_column *c, int i)
{
    const char *n = c->name, *e = c->entity->name;
    int len = c->type.length;
    const char *v;
    if (has(n, "email")) {
        v = lower(ddbc_arena_printf(g->arena, "%s.%s@example.com", PICK(g, first_names, i), PICK(g, last_names, i)));
    } else if (has(n, "phone") || has(n, "mobile")) {
        v = ddbc_arena_printf(g->arena, "+1-206-555-%04d", 100 + i);
    } else if (!strcmp(n, "first_name") || !strcmp(n, "given_name")) {
        v = PICK(g, first_names, i);
    } else if (!strcmp(n, "last_name") || !strcmp(n, "family_name") || !strcmp(n, "surname")) {
        v = PICK(g, last_names, i);
    } else if (has(n, "username") || has(n, "login") || has(n, "handle")) {
        v = lower(ddbc_arena_printf(g->arena, "%s%d", PICK(g, first_names, i), 1001 + i));
    } else if ((!strcmp(n, "name") || has(n, "full_name") || has(n, "display_name")) && person_entity(e)) {
        v = ddbc_arena_printf(g->arena, "%s %s", PICK(g, first_names, i), PICK(g, last_names, i));
    } else if (!strcmp(n, "name") || ends_with(n, "_name")) {
        /* "Harbor product": the entity's tag, in words */
        const ddbc_entity_plan *ep = ddbc_design_entity(g->d, c->entity);
        char *what = lower(ddbc_arena_strdup(g->arena, ep && ep->tag ? ep->tag : e));
        for (char *p = what; *p; p++)
            if (*p == '_') *p = ' ';
        v = ddbc_arena_printf(g->arena, "%s %s", PICK(g, words, i), what);
    } else if (has(n, "city")) {
        v = PICK(g, cities, i);
    } else if (has(n, "country")) {
        v = len && len <= 3 ? PICK(g, countries2, i) : PICK(g, countries, i);
    } else if (has(n, "currency")) {
        v = PICK(g, currencies, i);
    } else if (has(n, "postal") || has(n, "zip")) {
        v = ddbc_arena_printf(g->arena, "%05d", 98101 + i);
    } else if (has(n, "line2")) {
        v = ddbc_arena_printf(g->arena, "Apt %d", 2 + i);
    } else if (has(n, "line1") || has(n, "street") || has(n, "address")) {
        v = PICK(g, streets, i);
    } else if (has(n, "region") || !strcmp(n, "state")) {
        v = ddbc_arena_printf(g->arena, "R%d", 1 + i);
    } else if (has(n, "slug")) {
        v = PICK(g, slugs, i);
    } else if (has(n, "sku")) {
        v = ddbc_arena_printf(g->arena, "SKU-%04d", 1001 + i);
    } else if (has(n, "url") || has(n, "website") || has(n, "link")) {
        v = ddbc_arena_printf(g->arena, "https://example.com/%s/%d", e, 1001 + i);
    } else if (has(n, "title") || has(n, "subject")) {
        v = PICK(g, titles, i);
    } else if (has(n, "description") || has(n, "body") || has(n, "note") || has(n, "comment") ||
               has(n, "bio") || has(n, "message") || has(n, "content") || has(n, "summary")) {
        v = PICK(g, sentences, i);
    } else if (has(n, "status") || has(n, "state") || has(n, "role") || has(n, "kind") || ends_with(n, "type")) {
        v = PICK(g, statuses, i);
    } else if (!strcmp(n, "provider") || has(n, "gateway")) {
        v = PICK(g, providers, i);
    } else if (has(n, "label") || has(n, "category")) {
        v = PICK(g, labels, i);
    } else if (has(n, "password") || has(n, "hash") || has(n, "token") || has(n, "secret")) {
        v = ddbc_arena_printf(g->arena, "tok_%08x", fnv(e, n) + (uint32_t)i);
    } else {
        /* ids, codes, references and anything unnamed: the column and a number */
        char *s = ddbc_arena_printf(g->arena, "%s-%d", n, 1001 + i);
        for (char *p = s; *p; p++)
            if (*p == '_') *p = '-';
        v = s;
    }
    /* char(n)/varchar(n): keep it within bounds (never empty: n >= 1) */
    if (len > 0 && strlen(v) > (size_t)len) v = ddbc_arena_strndup(g->arena, v, (size_t)len);
    return v;
}

static const char *integer_value(gen *g, const ddbc_column *c, int i)
{
    const char *n = c->name;
    long v;
    if (!strcmp(n, "id") || ends_with(n, "_id") || ends_with(n, "id") || c->auto_increment) v = 1001 + i;
    else if (has(n, "cents") || has(n, "amount") || has(n, "price") || has(n, "total") || has(n, "cost") ||
             has(n, "balance") || has(n, "fee"))
        v = 1999 + 500L * i;
    else if (has(n, "rating") || has(n, "score") || has(n, "stars")) v = 5 - i % 5;
    else if (has(n, "position") || ends_with(n, "_no") || has(n, "number") || has(n, "seq") ||
             has(n, "rank") || has(n, "index") || has(n, "version") || has(n, "line") || has(n, "sort"))
        v = 1 + i;
    else if (has(n, "year")) v = 2024 + i;
    else if (has(n, "age")) v = 34 + i;
    else if (has(n, "expires") || has(n, "ttl") || has(n, "epoch")) v = 1735689600L + 86400L * i;
    else if (has(n, "quantity") || has(n, "qty")) v = 1 + 2 * i;
    else v = 10L * (i + 1);
    if (c->type.is_unsigned && v < 0) v = -v;
    return ddbc_arena_printf(g->arena, "%ld", v);
}

static cell json_cell(gen *g, const ddbc_column *c, int i)
{
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    const char *n = c->name;
    if (has(n, "attribute") || has(n, "spec") || has(n, "option")) {
        static const char *const colours[] = {"navy", "red", "olive", "black", "white", "teal", "sand", "grey"};
        static const char *const sizes[] = {"M", "L", "S", "XL", "XS", "M", "L", "S"};
        ddbc_strbuf_printf(&sb, "{\"colour\": {\"S\": \"%s\"}, \"size\": {\"S\": \"%s\"}}",
                           colours[i % 8], sizes[i % 8]);
    } else {
        ddbc_strbuf_printf(&sb, "{\"source\": {\"S\": \"%s\"}, \"version\": {\"N\": \"%d\"}}",
                           i % 2 ? "mobile" : "web", 1 + i);
    }
    const char *s = ddbc_arena_strdup(g->arena, ddbc_strbuf_cstr(&sb));
    ddbc_strbuf_free(&sb);
    cell out = text_cell(s, DDBC_ATTR_M);
    return out;
}

/* Arrays: a string set (text, enum, uuid, dates), a number set, or a list. */
static cell array_cell(gen *g, const ddbc_column *c, int i)
{
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    ddbc_attr_type t;
    switch (c->type.element) {
    case DDBC_T_INTEGER: case DDBC_T_DECIMAL: case DDBC_T_FLOAT:
        t = DDBC_ATTR_NS;
        ddbc_strbuf_printf(&sb, "[\"%d\", \"%d\"]", 1 + i, 2 + 2 * i);
        break;
    case DDBC_T_STRING: case DDBC_T_ENUM: case DDBC_T_UUID: case DDBC_T_DATE: case DDBC_T_TIMESTAMP:
    case DDBC_T_TIME: case DDBC_T_INTERVAL: {
        t = DDBC_ATTR_SS;
        const char *a = tags[i % 8], *b = tags[(i + 1) % 8];
        if (c->type.element == DDBC_T_ENUM && c->type.enum_values.n >= 2) {
            a = c->type.enum_values.v[(size_t)i % c->type.enum_values.n];
            b = c->type.enum_values.v[(size_t)(i + 1) % c->type.enum_values.n];
        } else if (c->type.element == DDBC_T_DATE || c->type.element == DDBC_T_TIMESTAMP) {
            a = "2024-03-01";
            b = "2024-03-15";
        } else if (c->type.element == DDBC_T_UUID) {
            a = "9b2d4e6f-1a3c-4b5d-8e7f-000000000001";
            b = "9b2d4e6f-1a3c-4b5d-8e7f-000000000002";
        }
        ddbc_strbuf_puts(&sb, "[");
        ddbc_strbuf_json_str(&sb, a);
        ddbc_strbuf_puts(&sb, ", ");
        ddbc_strbuf_json_str(&sb, b);
        ddbc_strbuf_puts(&sb, "]");
        break;
    }
    case DDBC_T_BOOL:
        t = DDBC_ATTR_L;
        ddbc_strbuf_printf(&sb, "[{\"BOOL\": %s}, {\"BOOL\": %s}]", i % 2 ? "false" : "true", i % 2 ? "true" : "false");
        break;
    default:
        t = DDBC_ATTR_L;
        ddbc_strbuf_printf(&sb, "[{\"S\": \"%s\"}, {\"S\": \"%s\"}]", tags[i % 8], tags[(i + 1) % 8]);
        break;
    }
    const char *s = ddbc_arena_strdup(g->arena, ddbc_strbuf_cstr(&sb));
    ddbc_strbuf_free(&sb);
    return text_cell(s, t);
}

/* A value for column c on item i, from its type and name alone. */
static cell own_value(gen *g, const ddbc_column *c, int i)
{
    int y, mo, dd;
    switch (c->type.cls) {
    case DDBC_T_STRING:
        return text_cell(string_value(g, c, i), DDBC_ATTR_S);
    case DDBC_T_UUID: {
        uint32_t h = fnv(c->entity->name, c->name);
        return text_cell(ddbc_arena_printf(g->arena, "%08x-%04x-4%03x-9c01-%012d", h, (h >> 7) & 0xffff,
                                           (h >> 3) & 0xfff, 1001 + i),
                         DDBC_ATTR_S);
    }
    case DDBC_T_ENUM:
        if (c->type.enum_values.n)
            return text_cell(c->type.enum_values.v[(size_t)i % c->type.enum_values.n], DDBC_ATTR_S);
        return text_cell(PICK(g, statuses, i), DDBC_ATTR_S);
    case DDBC_T_INTEGER:
        return text_cell(integer_value(g, c, i), DDBC_ATTR_N);
    case DDBC_T_DECIMAL: {
        long cents = 1999 + 500L * i;
        if (c->type.precision && c->type.scale == 0) return text_cell(ddbc_arena_printf(g->arena, "%ld", cents / 100), DDBC_ATTR_N);
        return text_cell(ddbc_arena_printf(g->arena, "%ld.%02ld", cents / 100, cents % 100), DDBC_ATTR_N);
    }
    case DDBC_T_FLOAT:
        return text_cell(PICK(g, floats, i % 8), DDBC_ATTR_N);
    case DDBC_T_BOOL:
        return text_cell(i % 2 ? "false" : "true", DDBC_ATTR_BOOL);
    case DDBC_T_DATE:
        day_of(i, &y, &mo, &dd);
        return text_cell(ddbc_arena_printf(g->arena, "%04d-%02d-%02d", y, mo, dd), DDBC_ATTR_S);
    case DDBC_T_TIME:
        return text_cell(ddbc_arena_printf(g->arena, "%02d:30:00", 9 + i % 8), DDBC_ATTR_S);
    case DDBC_T_TIMESTAMP:
        day_of(i, &y, &mo, &dd);
        return text_cell(ddbc_arena_printf(g->arena, "%04d-%02d-%02dT%02d:30:00Z", y, mo, dd, 9 + timestamp_rank(c)),
                         DDBC_ATTR_S);
    case DDBC_T_INTERVAL:
        return text_cell(ddbc_arena_printf(g->arena, "%d days", 7 * (i + 1)), DDBC_ATTR_S);
    case DDBC_T_BINARY: {
        unsigned char raw[4] = {0xdd, 0xbc, (unsigned char)(i & 0xff), 0x01};
        ddbc_strbuf sb = DDBC_STRBUF_INIT;
        base64(&sb, raw, sizeof raw);
        cell out = {true, DDBC_ATTR_B, ddbc_arena_strdup(g->arena, ddbc_strbuf_cstr(&sb)),
                    ddbc_arena_strndup(g->arena, (const char *)raw, sizeof raw), sizeof raw};
        ddbc_strbuf_free(&sb);
        return out;
    }
    case DDBC_T_JSON:
        return json_cell(g, c, i);
    case DDBC_T_ARRAY:
        return array_cell(g, c, i);
    case DDBC_T_OPAQUE:
    default:
        return text_cell(ddbc_arena_printf(g->arena, "%s sample %d", c->type.sql ? c->type.sql : "value", 1 + i),
                         DDBC_ATTR_S);
    }
}

/* ---- sparse conditions ------------------------------------------------------------ */

/* The planner's conditions, parsed by design.c (ddbc_condition_parse). */
typedef ddbc_conjunct conjunct;
typedef ddbc_conjunct_list conjunct_list;

static bool parse_condition(gen *g, const ddbc_entity *e, const char *s, conjunct_list *out)
{
    return ddbc_condition_parse(g->d, e, s, g->arena, out);
}

static bool is_bool_literal(const char *v, bool *value)
{
    if (!strcmp(v, "TRUE") || !strcmp(v, "true")) { *value = true; return true; }
    if (!strcmp(v, "FALSE") || !strcmp(v, "false")) { *value = false; return true; }
    return false;
}

/* Whether a cell equals a condition's literal, as SQL would compare them. */
static bool cell_equals(const cell *c, const conjunct *k)
{
    if (!c->present) return false;
    bool b;
    if (!k->quoted && is_bool_literal(k->literal, &b)) return c->type == DDBC_ATTR_BOOL && !strcmp(c->value, b ? "true" : "false");
    if (!k->quoted && c->type == DDBC_ATTR_N) {
        char x[128], y[128];
        long nx = ddbc_keyenc_canonical_number(c->value, strlen(c->value), x, sizeof x);
        long ny = ddbc_keyenc_canonical_number(k->literal, strlen(k->literal), y, sizeof y);
        return nx >= 0 && ny >= 0 && nx < (long)sizeof x && ny < (long)sizeof y && !strcmp(x, y);
    }
    return !strcmp(c->value, k->literal);
}

/* Rule: a column a sparse condition compares with a literal holds it on every
 * second item, so the index shows members and non-members. */
static void collect_literals(gen *g)
{
    for (size_t i = 0; i < g->d->entities.n; i++) {
        const ddbc_entity_plan *ep = g->d->entities.v[i];
        for (size_t k = 0; k < ep->keys.n; k++) {
            if (!ep->keys.v[k].condition) continue;
            conjunct_list cl = {NULL, 0, 0};
            if (!parse_condition(g, ep->entity, ep->keys.v[k].condition, &cl)) continue;
            for (size_t j = 0; j < cl.n; j++) {
                if (cl.v[j].not_null) continue;
                bool seen = false;
                for (size_t m = 0; m < g->lit_cols.n; m++) seen |= g->lit_cols.v[m] == cl.v[j].column;
                if (seen) continue;
                DDBC_VEC_PUSH(g->arena, g->lit_cols, cl.v[j].column);
                DDBC_VEC_PUSH(g->arena, g->lit_vals, cl.v[j].literal);
                DDBC_VEC_PUSH(g->arena, g->lit_quoted, cl.v[j].quoted);
            }
        }
    }
}

/* ---- rows ------------------------------------------------------------------------- */

static row *make_row(gen *g, int pos, int i);

static bool in_key(const ddbc_key *k, const ddbc_column *c)
{
    if (!k) return false;
    for (size_t i = 0; i < k->columns.n; i++)
        if (k->columns.v[i] == c) return true;
    return false;
}

/* Whether the foreign key's columns are unique on their own (one-to-one). */
static bool fk_unique(const ddbc_entity *e, const ddbc_foreign_key *fk)
{
    const ddbc_key *keys[64];
    size_t nk = 0;
    if (e->primary_key) keys[nk++] = e->primary_key;
    for (size_t u = 0; u < e->uniques.n && nk < 64; u++) keys[nk++] = e->uniques.v[u];
    for (size_t k = 0; k < nk; k++) {
        if (keys[k]->columns.n != fk->columns.n) continue;
        bool all = true;
        for (size_t j = 0; j < fk->columns.n; j++) all &= in_key(keys[k], fk->columns.v[j]);
        if (all) return true;
    }
    return false;
}

/* The foreign key that places the entity in its parent's collection: the one
 * whose columns the base partition key uses, else the first. */
static const ddbc_foreign_key *primary_fk(const ddbc_entity_plan *ep)
{
    const ddbc_entity *e = ep->entity;
    for (size_t f = 0; f < e->foreign_keys.n; f++) {
        const ddbc_foreign_key *fk = e->foreign_keys.v[f];
        if (fk->columns.n && ep->keys.n && ddbc_key_template_uses(&ep->keys.v[0].pk, fk->columns.v[0])) return fk;
    }
    return e->foreign_keys.n ? e->foreign_keys.v[0] : NULL;
}

/* Which parent item child item i references through fk: the collection's
 * parent holds two children each (0, 0, 1, …); other references and
 * one-to-one links spread one per parent, so composite keys of two foreign
 * keys stay distinct.  -1: no parent (a tree's root). */
static int parent_index(gen *g, const ddbc_entity_plan *ep, const ddbc_foreign_key *fk, int i)
{
    if (fk->to == ep->entity) return i == 0 ? -1 : 0;
    if (fk_unique(ep->entity, fk)) return i % g->n;
    if (fk == primary_fk(ep)) return i / 2;
    return i % g->n;
}

static const ddbc_foreign_key *fk_of(const ddbc_entity *e, const ddbc_column *c, size_t *which)
{
    for (size_t f = 0; f < e->foreign_keys.n; f++) {
        const ddbc_foreign_key *fk = e->foreign_keys.v[f];
        if (!fk->to || fk->ref_columns.n != fk->columns.n) continue;
        for (size_t j = 0; j < fk->columns.n; j++)
            if (fk->columns.v[j] == c) {
                *which = j;
                return fk;
            }
    }
    return NULL;
}

static cell column_value(gen *g, const ddbc_entity_plan *ep, const ddbc_column *c, int i)
{
    const ddbc_entity *e = ep->entity;
    bool in_base = ep->keys.n && (ddbc_key_template_uses(&ep->keys.v[0].pk, c) ||
                                  ddbc_key_template_uses(&ep->keys.v[0].sk, c));
    bool required = in_base || in_key(e->primary_key, c);
    cell none = {false, DDBC_ATTR_S, NULL, NULL, 0};
    size_t j;
    const ddbc_foreign_key *fk = fk_of(e, c, &j);
    if (fk) {
        int pi = parent_index(g, ep, fk, i);
        int ppos = entity_pos(g, fk->to);
        if (pi < 0 && c->nullable && !required) return none;
        if (c->nullable && !required && fk->to != e && i % 2 == 1) return none;
        if (pi >= 0 && ppos >= 0) {
            row *pr = make_row(g, ppos, pi);
            if (pr) {
                cell pc = pr->cells[fk->ref_columns.v[j]->ordinal];
                if (pc.present) return pc;
            }
        }
        return own_value(g, c, i);
    }
    if (c->nullable && !required && i % 2 == 1) return none;
    for (size_t m = 0; m < g->lit_cols.n; m++) {
        if (g->lit_cols.v[m] != c || in_key(e->primary_key, c)) continue;
        const char *lit = g->lit_vals.v[m];
        bool b;
        if (!g->lit_quoted.v[m] && is_bool_literal(lit, &b))
            return text_cell((i % 2 == 0) == b ? "true" : "false", DDBC_ATTR_BOOL);
        if (i % 2 == 0) return text_cell(lit, g->lit_quoted.v[m] ? DDBC_ATTR_S : DDBC_ATTR_N);
        /* odd items: anything but the literal */
        cell v = own_value(g, c, i);
        for (int step = 1; v.present && !strcmp(v.value, lit) && step < 16; step++) v = own_value(g, c, i + step);
        if (!strcmp(v.value, lit)) v = text_cell(ddbc_arena_printf(g->arena, "NOT_%s", lit), v.type);
        return v;
    }
    return own_value(g, c, i);
}

static row *make_row(gen *g, int pos, int i)
{
    row *r = &g->rows[pos][i];
    if (r->state == 2) return r;
    if (r->state == 1) return NULL;   /* a reference cycle: the caller uses its own value */
    r->state = 1;
    const ddbc_entity_plan *ep = g->d->entities.v[pos];
    const ddbc_entity *e = ep->entity;
    size_t ncols = 0;
    for (size_t c = 0; c < e->columns.n; c++)
        if ((size_t)e->columns.v[c]->ordinal + 1 > ncols) ncols = (size_t)e->columns.v[c]->ordinal + 1;
    r->cells = ddbc_arena_alloc(g->arena, (ncols + 1) * sizeof *r->cells);
    for (size_t c = 0; c < e->columns.n; c++)
        r->cells[e->columns.v[c]->ordinal] = column_value(g, ep, e->columns.v[c], i);
    r->state = 2;
    return r;
}

/* ---- items ------------------------------------------------------------------------ */

/* The value an entity item holds for a column: its own, or a copied parent's. */
static cell value_on(gen *g, const ddbc_entity_plan *ep, int i, const ddbc_column *c, const char *attr)
{
    cell none = {false, DDBC_ATTR_S, NULL, NULL, 0};
    if (!attr && c->entity == ep->entity) return make_row(g, entity_pos(g, ep->entity), i)->cells[c->ordinal];
    for (size_t k = 0; k < ep->copies.n; k++) {
        const ddbc_copy *cp = &ep->copies.v[k];
        if (attr ? strcmp(cp->attr, attr) != 0 : cp->column != c) continue;
        const ddbc_foreign_key *fk = cp->via;
        int pi = parent_index(g, ep, fk, i);
        int ppos = entity_pos(g, cp->column->entity);
        if (pi < 0 || ppos < 0) return none;
        /* the link must exist on this item */
        row *own = make_row(g, entity_pos(g, ep->entity), i);
        for (size_t j = 0; j < fk->columns.n; j++)
            if (!own->cells[fk->columns.v[j]->ordinal].present) return none;
        row *pr = make_row(g, ppos, pi);
        return pr ? pr->cells[cp->column->ordinal] : none;
    }
    return none;
}

static ddbc_keyenc_type keyenc_type(ddbc_type_class cls)
{
    switch (cls) {
    case DDBC_T_INTEGER: case DDBC_T_DECIMAL: case DDBC_T_FLOAT: return DDBC_KEYENC_NUMBER;
    case DDBC_T_TIMESTAMP: return DDBC_KEYENC_TIMESTAMP;
    case DDBC_T_DATE: return DDBC_KEYENC_DATE;
    case DDBC_T_BOOL: return DDBC_KEYENC_BOOL;
    case DDBC_T_BINARY: return DDBC_KEYENC_BINARY;
    default: return DDBC_KEYENC_STRING;
    }
}

/* Append the keyenc form of a cell; false when the value cannot be a key part. */
static bool encode(ddbc_strbuf *sb, const ddbc_column *c, const cell *v)
{
    if (!v->present) return false;
    ddbc_keyenc_type t = keyenc_type(c->type.cls);
    long n = ddbc_keyenc_value(t, v->key, v->keylen, false, NULL, 0);
    if (n < 0) return false;
    char *buf = malloc((size_t)n + 1);
    if (!buf) abort();
    ddbc_keyenc_value(t, v->key, v->keylen, false, buf, (size_t)n + 1);
    ddbc_strbuf_append(sb, buf, (size_t)n);
    free(buf);
    return true;
}

/* The key string a template gives for item i, or NULL when a part is missing. */
static const char *build_key(gen *g, const ddbc_entity_plan *ep, int i, const ddbc_key_template *t)
{
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    for (size_t p = 0; p < t->parts.n; p++) {
        const ddbc_key_part *part = &t->parts.v[p];
        if (p) ddbc_strbuf_putc(&sb, DDBC_KEYENC_DELIM);
        if (part->kind == DDBC_PART_LITERAL) {
            ddbc_strbuf_puts(&sb, part->literal);
            continue;
        }
        cell v = value_on(g, ep, i, part->column, part->attr);
        if (!encode(&sb, part->column, &v)) {
            ddbc_strbuf_free(&sb);
            return NULL;
        }
    }
    const char *s = sb.len ? ddbc_arena_strdup(g->arena, ddbc_strbuf_cstr(&sb)) : NULL;
    ddbc_strbuf_free(&sb);
    return s;
}

/* Whether item i satisfies a key's sparse condition. */
static bool condition_holds(gen *g, const ddbc_entity_plan *ep, int i, const ddbc_entity_key *k)
{
    if (!k->condition) return true;
    conjunct_list cl = {NULL, 0, 0};
    if (!parse_condition(g, ep->entity, k->condition, &cl)) {
        for (size_t j = 0; j < k->condition_columns.n; j++) {
            cell v = value_on(g, ep, i, k->condition_columns.v[j], NULL);
            if (!v.present) return false;
        }
        return true;
    }
    for (size_t j = 0; j < cl.n; j++) {
        cell v = value_on(g, ep, i, cl.v[j].column, NULL);
        if (cl.v[j].not_null ? !v.present : !cell_equals(&v, &cl.v[j])) return false;
    }
    return true;
}

static const ddbc_index *index_by_number(const ddbc_design *d, int number)
{
    for (size_t i = 0; i < d->indexes.n; i++)
        if (d->indexes.v[i]->number == number) return d->indexes.v[i];
    return NULL;
}

static void add_attr(gen *g, ddbc_sample_item *it, const char *name, ddbc_attr_type t, const char *value)
{
    if (ddbc_sample_attr_find(it, name)) return;   /* an inverted index reuses PK/SK */
    ddbc_sample_attr a = {name, t, value};
    DDBC_VEC_PUSH(g->arena, it->attrs, a);
}

static bool entity_item(gen *g, const ddbc_entity_plan *ep, int i, ddbc_sample_item *it)
{
    it->entity = ep;
    it->kind = "entity";
    for (size_t k = 0; k < ep->keys.n; k++) {
        const ddbc_entity_key *key = &ep->keys.v[k];
        const ddbc_index *x = index_by_number(g->d, key->index);
        if (!x || !condition_holds(g, ep, i, key)) continue;
        const char *pk = build_key(g, ep, i, &key->pk), *sk = build_key(g, ep, i, &key->sk);
        if (!pk || !sk) {
            if (key->index == 0) return false;   /* no base key: not a storable item */
            continue;
        }
        add_attr(g, it, x->pk_attr, DDBC_ATTR_S, pk);
        add_attr(g, it, x->sk_attr, DDBC_ATTR_S, sk);
    }
    if (!ddbc_sample_attr_find(it, g->d->pk_attr) || !ddbc_sample_attr_find(it, g->d->sk_attr)) return false;
    const row *r = make_row(g, entity_pos(g, ep->entity), i);
    for (size_t c = 0; c < ep->entity->columns.n; c++) {
        const ddbc_column *col = ep->entity->columns.v[c];
        const cell *v = &r->cells[col->ordinal];
        if (v->present) add_attr(g, it, col->name, v->type, v->value);
    }
    for (size_t k = 0; k < ep->copies.n; k++) {
        cell v = value_on(g, ep, i, ep->copies.v[k].column, ep->copies.v[k].attr);
        if (v.present) add_attr(g, it, ep->copies.v[k].attr, v.type, v.value);
    }
    return true;
}

/* An item's value of a key attribute ("" when it has none). */
static const char *key_of(const ddbc_sample_item *it, const char *name)
{
    const ddbc_sample_attr *a = ddbc_sample_attr_find(it, name);
    return a ? a->value : "";
}

static bool has_key(const ddbc_sample_list *out, size_t from, const char *pk_attr, const char *pk,
                    const char *sk_attr, const char *sk)
{
    for (size_t i = from; i < out->n; i++) {
        const ddbc_sample_attr *a = ddbc_sample_attr_find(&out->v[i], pk_attr);
        const ddbc_sample_attr *b = ddbc_sample_attr_find(&out->v[i], sk_attr);
        if (a && b && !strcmp(a->value, pk) && !strcmp(b->value, sk)) return true;
    }
    return false;
}

/* Rule: one guard item per UNIQUE column set and value; NULLs never collide,
 * so an item with a NULL in the set has no guard. */
static void guard_items(gen *g, const ddbc_entity_plan *ep, const bool *made, ddbc_sample_list *out)
{
    size_t from = out->n;
    for (size_t u = 0; u < ep->unique_guards.n; u++) {
        const ddbc_key *guard = ep->unique_guards.v[u];
        for (int i = 0; i < g->n; i++) {
            if (!made[i]) continue;
            ddbc_strbuf sb = DDBC_STRBUF_INIT;
            ddbc_strbuf_printf(&sb, "UNIQUE#%s", ep->tag);
            for (size_t j = 0; j < guard->columns.n; j++) ddbc_strbuf_printf(&sb, "#%s", guard->columns.v[j]->name);
            bool ok = true;
            for (size_t j = 0; j < guard->columns.n && ok; j++) {
                cell v = value_on(g, ep, i, guard->columns.v[j], NULL);
                ddbc_strbuf_putc(&sb, DDBC_KEYENC_DELIM);
                ok = encode(&sb, guard->columns.v[j], &v);
            }
            const char *key = ok ? ddbc_arena_strdup(g->arena, ddbc_strbuf_cstr(&sb)) : NULL;
            ddbc_strbuf_free(&sb);
            if (!key || has_key(out, from, g->d->pk_attr, key, g->d->sk_attr, key)) continue;
            ddbc_sample_item it = {NULL, "guard", {NULL, 0, 0}};
            add_attr(g, &it, g->d->pk_attr, DDBC_ATTR_S, key);
            add_attr(g, &it, g->d->sk_attr, DDBC_ATTR_S, key);
            DDBC_VEC_PUSH(g->arena, *out, it);
        }
    }
}

/* Rule: one counter item per group the sample items fall in, holding how many
 * of them it counts. */
static void counter_items(gen *g, const ddbc_entity_plan *ep, const bool *made, ddbc_sample_list *out,
                          const ddbc_counter **done, size_t *ndone)
{
    for (size_t c = 0; c < ep->counters.n; c++) {
        const ddbc_counter *ct = ep->counters.v[c];
        bool seen = false;
        for (size_t k = 0; k < *ndone; k++) seen |= done[k] == ct;
        if (seen) continue;
        done[(*ndone)++] = ct;
        size_t from = out->n;
        for (int i = 0; i < g->n; i++) {
            if (!made[i]) continue;
            const char *pk = build_key(g, ep, i, &ct->pk), *sk = build_key(g, ep, i, &ct->sk);
            if (!pk || !sk) continue;
            bool found = false;
            for (size_t k = from; k < out->n && !found; k++) {
                ddbc_sample_item *it = &out->v[k];
                if (strcmp(key_of(it, g->d->pk_attr), pk) || strcmp(key_of(it, g->d->sk_attr), sk))
                    continue;
                found = true;
                for (size_t a = 0; a < it->attrs.n; a++)
                    if (!strcmp(it->attrs.v[a].name, ct->attr))
                        it->attrs.v[a].value = ddbc_arena_printf(g->arena, "%d", atoi(it->attrs.v[a].value) + 1);
            }
            if (found) continue;
            ddbc_sample_item it = {NULL, "counter", {NULL, 0, 0}};
            add_attr(g, &it, g->d->pk_attr, DDBC_ATTR_S, pk);
            add_attr(g, &it, g->d->sk_attr, DDBC_ATTR_S, sk);
            add_attr(g, &it, ct->attr, DDBC_ATTR_N, "1");
            DDBC_VEC_PUSH(g->arena, *out, it);
        }
    }
}

void ddbc_samples_make(const ddbc_design *d, int per_entity, ddbc_arena *arena, ddbc_sample_list *out)
{
    if (per_entity < 1 || !d->entities.n) return;
    gen g = {.d = d, .arena = arena, .n = per_entity};
    g.rows = ddbc_arena_alloc(arena, d->entities.n * sizeof *g.rows);
    for (size_t e = 0; e < d->entities.n; e++)
        g.rows[e] = ddbc_arena_alloc(arena, (size_t)per_entity * sizeof **g.rows);
    collect_literals(&g);
    size_t ncounters = 0;
    for (size_t e = 0; e < d->entities.n; e++) ncounters += d->entities.v[e]->counters.n;
    const ddbc_counter **done = ddbc_arena_alloc(arena, (ncounters + 1) * sizeof *done);
    size_t ndone = 0;
    bool *made = ddbc_arena_alloc(arena, (size_t)per_entity * sizeof *made);
    for (size_t e = 0; e < d->entities.n; e++) {
        const ddbc_entity_plan *ep = d->entities.v[e];
        if (!ep->keys.n) continue;
        for (int i = 0; i < per_entity; i++) {
            ddbc_sample_item it = {NULL, NULL, {NULL, 0, 0}};
            made[i] = entity_item(&g, ep, i, &it);
            /* two items on one key would overwrite each other when loaded */
            if (made[i] && has_key(out, 0, d->pk_attr, key_of(&it, d->pk_attr), d->sk_attr, key_of(&it, d->sk_attr)))
                made[i] = false;
            if (made[i]) DDBC_VEC_PUSH(arena, *out, it);
        }
        guard_items(&g, ep, made, out);
        counter_items(&g, ep, made, out, done, &ndone);
    }
}
