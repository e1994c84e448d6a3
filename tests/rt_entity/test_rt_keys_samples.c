/* test_rt_keys_samples.c — the runtime rebuilds, byte for byte, the keys of every
 * sample item ddbc wrote (nosql-workbench.json), with the descriptors ddbc generated
 * for the same example (out/c/db.c); guard and counter items must be exactly those
 * the runtime names.  Usage: test_rt_keys_samples OUT/nosql-workbench.json */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "db.h"
#include "rt_internal.h"

static int failures;

/* Key strings seen on guard or counter items, and whether an entity item named them. */
typedef struct keyset {
    char **v;
    bool *hit;
    size_t n, cap;
} keyset;

static void keyset_add(keyset *s, const char *k)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 64;
        s->v = realloc(s->v, s->cap * sizeof *s->v);
        s->hit = realloc(s->hit, s->cap * sizeof *s->hit);
        if (!s->v || !s->hit) abort();
    }
    s->v[s->n] = strdup(k);
    s->hit[s->n++] = false;
}

static bool keyset_hit(keyset *s, const char *k)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->v[i], k)) return s->hit[i] = true;
    return false;
}

static void keyset_free(keyset *s)
{
    for (size_t i = 0; i < s->n; i++) free(s->v[i]);
    free(s->v);
    free(s->hit);
}

static const char *str_of(const ddbc_rt_item *it, const char *name)
{
    const char *s = NULL;
    size_t len;
    return ddbc_rt_item_s(it, name, &s, &len) ? s : NULL;
}

static bool same_str(const char *a, const char *b)
{
    if (!a || !b) return !a && !b;
    return !strcmp(a, b);
}

/* Every key attribute name any entity uses. */
static bool is_key_attr(const char *name)
{
    for (size_t e = 0; e < db_schema.nentities; e++) {
        const ddbc_rt_entity *ent = db_schema.entities[e].entity;
        for (size_t k = 0; k < ent->nkeys; k++)
            if (same_str(ent->keys[k].pk_attr, name) || same_str(ent->keys[k].sk_attr, name)) return true;
    }
    return false;
}

/* Whether entity e, given the item's columns, rebuilds exactly its keys. */
static bool rebuilds(const ddbc_rt_entity *e, const ddbc_rt_item *item)
{
    ddbc_rt_item cols = DDBC_RT_ITEM_INIT;
    for (size_t i = 0; i < item->n; i++)
        if (!is_key_attr(item->attrs[i].name)) ddbc_rt_item_set(&cols, item->attrs[i].name, &item->attrs[i].value);
    bool ok = rt_keys_apply(e, &cols) == DDBC_RT_OK;
    for (size_t i = 0; ok && i < item->n; i++)
        if (is_key_attr(item->attrs[i].name))
            ok = same_str(str_of(item, item->attrs[i].name), str_of(&cols, item->attrs[i].name));
    for (size_t i = 0; ok && i < cols.n; i++)
        if (is_key_attr(cols.attrs[i].name)) ok = ddbc_rt_item_get(item, cols.attrs[i].name) != NULL;
    ddbc_rt_item_free(&cols);
    return ok;
}

/* The whole file parsed, or NULL. */
static cJSON *load_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *text = NULL;
    size_t len = 0, cap = 0, n;
    char chunk[65536];
    bool ok = true;
    while (ok && (n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (len + n > cap) {
            cap = (len + n) * 2;
            char *p = realloc(text, cap);
            if (!p) ok = false;
            else text = p;
        }
        if (ok) {
            memcpy(text + len, chunk, n);
            len += n;
        }
    }
    fclose(f);
    cJSON *doc = ok && text ? cJSON_ParseWithLength(text, len) : NULL;
    free(text);
    return doc;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s nosql-workbench.json\n", argv[0]);
        return 2;
    }
    cJSON *doc = load_file(argv[1]);
    if (!doc) {
        fprintf(stderr, "%s: cannot read or parse\n", argv[1]);
        return 1;
    }
    cJSON *model = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "DataModel"), 0);
    cJSON *data = cJSON_GetObjectItemCaseSensitive(model, "TableData");
    const char *pk_attr = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(model, "KeyAttributes"), "PartitionKey"), "AttributeName"));
    const char *sk_attr = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(model, "KeyAttributes"), "SortKey"), "AttributeName"));
    if (!cJSON_IsArray(data) || !pk_attr || !sk_attr) {
        fprintf(stderr, "%s: no TableData or key attributes\n", argv[1]);
        cJSON_Delete(doc);
        return 1;
    }
    size_t nitems = (size_t)cJSON_GetArraySize(data);
    ddbc_rt_item *items = calloc(nitems ? nitems : 1, sizeof *items);
    keyset guards = {0}, counters = {0};
    for (size_t i = 0; i < nitems; i++) {
        char *text = cJSON_PrintUnformatted(cJSON_GetArrayItem(data, (int)i));
        if (!text || ddbc_rt_item_from_json(text, strlen(text), &items[i]) != DDBC_RT_OK) {
            fprintf(stderr, "item %zu: not DynamoDB JSON\n", i);
            failures++;
        }
        free(text);
        const char *pk = str_of(&items[i], pk_attr), *sk = str_of(&items[i], sk_attr);
        char buf[4096];
        if (pk && sk && !strncmp(pk, "UNIQUE#", 7) && !strcmp(pk, sk) && items[i].n == 2) {
            keyset_add(&guards, pk);
        } else if (pk && sk && ddbc_rt_item_get(&items[i], "item_count")) {
            snprintf(buf, sizeof buf, "%s\n%s", pk, sk);
            keyset_add(&counters, buf);
        }
    }
    size_t nentity = 0;
    for (size_t i = 0; i < nitems; i++) {
        const char *pk = str_of(&items[i], pk_attr), *sk = str_of(&items[i], sk_attr);
        if (!pk || !sk) continue;
        char both[4096];
        snprintf(both, sizeof both, "%s\n%s", pk, sk);
        bool is_guard = false, is_counter = false;
        for (size_t g = 0; g < guards.n; g++) is_guard |= !strcmp(guards.v[g], pk);
        for (size_t g = 0; g < counters.n; g++) is_counter |= !strcmp(counters.v[g], both);
        if (is_guard || is_counter) continue;
        nentity++;
        const ddbc_rt_entity *match = NULL;
        for (size_t e = 0; e < db_schema.nentities && !match; e++)
            if (rebuilds(db_schema.entities[e].entity, &items[i])) match = db_schema.entities[e].entity;
        if (!match) {
            fprintf(stderr, "item %s / %s: no entity rebuilds its keys\n", pk, sk);
            failures++;
            continue;
        }
        for (size_t u = 0; u < match->nuniques; u++) {
            char *g = rt_keys_guard(&match->uniques[u], &items[i]);
            if (g && !keyset_hit(&guards, g)) {
                fprintf(stderr, "item %s / %s: guard %s is not among the sample items\n", pk, sk, g);
                failures++;
            }
            free(g);
        }
        for (size_t k = 0; k < match->ncounters; k++) {
            char *cpk = NULL, *csk = NULL;
            if (ddbc_rt_template_render(&match->counters[k]->pk, match->counters[k]->pk.nparts, &items[i], &cpk, NULL) &&
                ddbc_rt_template_render(&match->counters[k]->sk, match->counters[k]->sk.nparts, &items[i], &csk, NULL)) {
                snprintf(both, sizeof both, "%s\n%s", cpk, csk);
                if (!keyset_hit(&counters, both)) {
                    fprintf(stderr, "item %s / %s: counter %s / %s is not among the sample items\n", pk, sk, cpk, csk);
                    failures++;
                }
            }
            free(cpk);
            free(csk);
        }
    }
    for (size_t g = 0; g < guards.n; g++)
        if (!guards.hit[g]) {
            fprintf(stderr, "guard item %s: no entity item's guard key names it\n", guards.v[g]);
            failures++;
        }
    for (size_t g = 0; g < counters.n; g++)
        if (!counters.hit[g]) {
            fprintf(stderr, "counter item %s: no entity item's counter key names it\n", counters.v[g]);
            failures++;
        }
    if (nentity == 0) {
        fprintf(stderr, "%s: no entity items\n", argv[1]);
        failures++;
    }
    printf("%s: %zu entity items, %zu guards, %zu counters rebuilt by the runtime; %d mismatches\n", argv[1],
           nentity, guards.n, counters.n, failures);
    for (size_t i = 0; i < nitems; i++) ddbc_rt_item_free(&items[i]);
    free(items);
    keyset_free(&guards);
    keyset_free(&counters);
    cJSON_Delete(doc);
    return failures ? 1 : 0;
}
