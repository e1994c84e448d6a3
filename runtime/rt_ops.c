/* rt_ops.c — the DynamoDB operations the engine uses: Get/Put/Update/Delete,
 * one Query page, batches of any size (split, unprocessed items retried) and
 * TransactWriteItems.  Every failure is recorded on the client (rt_fail, or
 * ddbc_rt_call itself) so ddbc_rt_client_error says what went wrong. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "rt_internal.h"

#define BATCH_GET_MAX 100
#define BATCH_WRITE_MAX 25
#define TRANSACT_MAX 100

/* ---- request pieces ------------------------------------------------------------------ */

/* ,"Key":"text" */
static void field_str(rt_buf *b, const char *key, const char *s)
{
    rt_buf_putc(b, ',');
    rt_buf_json_string(b, key, strlen(key));
    rt_buf_putc(b, ':');
    rt_buf_json_string(b, s, strlen(s));
}

/* ,"Key":{…item…} */
static void field_item(rt_buf *b, const char *key, const ddbc_rt_item *it)
{
    rt_buf_putc(b, ',');
    rt_buf_json_string(b, key, strlen(key));
    rt_buf_putc(b, ':');
    rt_json_item(b, it);
}

/* ExpressionAttributeNames (plain strings, not typed values) and
 * ExpressionAttributeValues, each only when non-empty: DynamoDB rejects an
 * empty map.  false when a name maps to anything but S. */
static bool field_names_values(rt_buf *b, const ddbc_rt_item *names, const ddbc_rt_item *values)
{
    if (names && names->n) {
        rt_buf_puts(b, ",\"ExpressionAttributeNames\":{");
        for (size_t i = 0; i < names->n; i++) {
            const ddbc_rt_av *v = &names->attrs[i].value;
            if (v->type != DDBC_AV_S) return false;
            if (i) rt_buf_putc(b, ',');
            rt_buf_json_string(b, names->attrs[i].name, strlen(names->attrs[i].name));
            rt_buf_putc(b, ':');
            rt_buf_json_string(b, v->u.s.ptr, v->u.s.len);
        }
        rt_buf_putc(b, '}');
    }
    if (values && values->n) field_item(b, "ExpressionAttributeValues", values);
    return true;
}

/* The member `key` of an object; NULL when absent or o is no object. */
static const cJSON *get(const cJSON *o, const char *key)
{
    return cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
}

/* Send b's body; with `root`, parse the response into a JSON object.
 * Frees b either way. */
static ddbc_rt_status call_op(ddbc_rt_client *c, const char *op, rt_buf *b, cJSON **root)
{
    if (root) *root = NULL;
    if (b->failed) {
        rt_buf_free(b);
        return rt_fail(c, DDBC_RT_NO_MEMORY, op, NULL, "building the request");
    }
    const char *resp = NULL;
    size_t len = 0;
    /* the response stays in the client's buffer: parsed here, never copied */
    ddbc_rt_status st = rt_call(c, op, b->ptr, b->len, &resp, &len);
    rt_request_done(c, b);
    if (st != DDBC_RT_OK || !root) return st;
    cJSON *j;
    st = rt_json_parse(resp, len, &j);
    if (st == DDBC_RT_NO_MEMORY) return rt_fail(c, st, op, NULL, "parsing the response");
    if (st != DDBC_RT_OK) return rt_fail(c, st, op, NULL, "response is not well-formed JSON");
    if (!cJSON_IsObject(j)) {
        cJSON_Delete(j);
        return rt_fail(c, DDBC_RT_BAD_RESPONSE, op, NULL, "response is not a JSON object");
    }
    /* cJSON keeps repeated keys and finds the first: a response naming a
       field twice is ambiguous, so it is refused */
    for (const cJSON *a = j->child; a; a = a->next)
        for (const cJSON *x = j->child; x != a; x = x->next)
            if (strcmp(a->string, x->string) == 0) {
                cJSON_Delete(j);
                return rt_fail(c, DDBC_RT_BAD_RESPONSE, op, NULL, "response repeats a field");
            }
    *root = j;
    return DDBC_RT_OK;
}

/* Record a value-conversion failure (BAD_RESPONSE or NO_MEMORY) with context. */
static ddbc_rt_status fail_parse(ddbc_rt_client *c, ddbc_rt_status st, const char *op,
                                 const char *what)
{
    char msg[200];
    snprintf(msg, sizeof msg, "%s is not valid DynamoDB JSON", what);
    return rt_fail(c, st, op, NULL, st == DDBC_RT_NO_MEMORY ? NULL : msg);
}

static void begin(rt_buf *b, const char *table)
{
    rt_buf_puts(b, "{\"TableName\":");
    rt_buf_json_string(b, table, strlen(table));
}

/* ---- single items ---------------------------------------------------------------------- */

/* *out is overwritten: the item, or empty on any failure (NOT_FOUND included). */
ddbc_rt_status ddbc_rt_get_item(ddbc_rt_client *c, const char *table, const ddbc_rt_item *key,
                                bool consistent, ddbc_rt_item *out)
{
    static const char op[] = "GetItem";
    if (out) *out = (ddbc_rt_item)DDBC_RT_ITEM_INIT;
    if (!c || !table || !key || !out)
        return rt_fail(c, DDBC_RT_INVALID_ARGUMENT, op, NULL, "table, key and out are required");
    rt_buf b = rt_request_buf(c);
    begin(&b, table);
    field_item(&b, "Key", key);
    if (consistent) rt_buf_puts(&b, ",\"ConsistentRead\":true");
    rt_buf_putc(&b, '}');
    cJSON *root;
    ddbc_rt_status st = call_op(c, op, &b, &root);
    if (st != DDBC_RT_OK) return st;
    const cJSON *item = get(root, "Item");
    if (!item) {
        cJSON_Delete(root);
        return rt_fail(c, DDBC_RT_NOT_FOUND, op, NULL, "no item with this key");
    }
    st = rt_item_from_cjson(item, out);
    cJSON_Delete(root);
    return st == DDBC_RT_OK ? DDBC_RT_OK : fail_parse(c, st, op, "Item");
}

/* PutItem, UpdateItem and DeleteItem: one item (`item_field` "Item" or
 * "Key"), an optional UpdateExpression and ConditionExpression, and their
 * names and values. */
static ddbc_rt_status write_one(ddbc_rt_client *c, const char *op, const char *table,
                                const char *item_field, const ddbc_rt_item *item,
                                const char *update, const char *condition,
                                const ddbc_rt_item *names, const ddbc_rt_item *values)
{
    if (!c || !table || !item)
        return rt_fail(c, DDBC_RT_INVALID_ARGUMENT, op, NULL, "table and item or key are required");
    rt_buf b = rt_request_buf(c);
    begin(&b, table);
    field_item(&b, item_field, item);
    if (update) field_str(&b, "UpdateExpression", update);
    if (condition) field_str(&b, "ConditionExpression", condition);
    if (!field_names_values(&b, names, values)) {
        rt_buf_free(&b);
        return rt_fail(c, DDBC_RT_INVALID_ARGUMENT, op, NULL, "attribute names must be S");
    }
    rt_buf_putc(&b, '}');
    return call_op(c, op, &b, NULL);
}

ddbc_rt_status ddbc_rt_put_item(ddbc_rt_client *c, const char *table, const ddbc_rt_item *item,
                                const char *condition, const ddbc_rt_item *names,
                                const ddbc_rt_item *values)
{
    return write_one(c, "PutItem", table, "Item", item, NULL, condition, names, values);
}

ddbc_rt_status ddbc_rt_update_item(ddbc_rt_client *c, const char *table, const ddbc_rt_item *key,
                                   const char *update, const char *condition,
                                   const ddbc_rt_item *names, const ddbc_rt_item *values)
{
    return write_one(c, "UpdateItem", table, "Key", key, update, condition, names, values);
}

ddbc_rt_status ddbc_rt_delete_item(ddbc_rt_client *c, const char *table, const ddbc_rt_item *key,
                                   const char *condition, const ddbc_rt_item *names,
                                   const ddbc_rt_item *values)
{
    return write_one(c, "DeleteItem", table, "Key", key, NULL, condition, names, values);
}

/* ---- query ------------------------------------------------------------------------------- */

/* Drop what a failed call appended to a list. */
static void truncate_items(ddbc_rt_items *list, size_t n)
{
    while (list->n > n) ddbc_rt_item_free(&list->v[--list->n]);
}

/* On failure `out` is as it was and `last_key` empty. */
ddbc_rt_status ddbc_rt_query_page(ddbc_rt_client *c, const ddbc_rt_query *q, ddbc_rt_items *out,
                                  ddbc_rt_item *last_key)
{
    static const char op[] = "Query";
    if (last_key) ddbc_rt_item_free(last_key);
    if (!c || !q || !q->table || !q->key_condition || !out || !last_key)
        return rt_fail(c, DDBC_RT_INVALID_ARGUMENT, op, NULL,
                       "table, key condition, out and last_key are required");
    rt_buf b = rt_request_buf(c);
    begin(&b, q->table);
    if (q->index) field_str(&b, "IndexName", q->index);
    field_str(&b, "KeyConditionExpression", q->key_condition);
    if (q->filter) field_str(&b, "FilterExpression", q->filter);
    if (!field_names_values(&b, q->names, q->values)) {
        rt_buf_free(&b);
        return rt_fail(c, DDBC_RT_INVALID_ARGUMENT, op, NULL, "attribute names must be S");
    }
    rt_buf_puts(&b, q->scan_forward ? ",\"ScanIndexForward\":true" : ",\"ScanIndexForward\":false");
    /* only when asked: a GSI rejects ConsistentRead even when false is implied */
    if (q->consistent) rt_buf_puts(&b, ",\"ConsistentRead\":true");
    if (q->limit > 0) rt_buf_printf(&b, ",\"Limit\":%d", q->limit);
    if (q->start_key && q->start_key->n) field_item(&b, "ExclusiveStartKey", q->start_key);
    rt_buf_putc(&b, '}');

    cJSON *root;
    ddbc_rt_status st = call_op(c, op, &b, &root);
    if (st != DDBC_RT_OK) return st;
    size_t n0 = out->n;
    const cJSON *items = get(root, "Items");
    const cJSON *lek = get(root, "LastEvaluatedKey");
    if (items && !cJSON_IsArray(items)) {
        cJSON_Delete(root);
        return rt_fail(c, DDBC_RT_BAD_RESPONSE, op, NULL, "Items is not an array");
    }
    for (const cJSON *e = items ? items->child : NULL; e; e = e->next) {
        ddbc_rt_item it;
        st = rt_item_from_cjson(e, &it);
        if (st == DDBC_RT_OK && (st = ddbc_rt_items_push(out, &it)) != DDBC_RT_OK)
            ddbc_rt_item_free(&it);
        if (st != DDBC_RT_OK) {
            truncate_items(out, n0);
            cJSON_Delete(root);
            return fail_parse(c, st, op, "an item of Items");
        }
    }
    if (lek && (st = rt_item_from_cjson(lek, last_key)) != DDBC_RT_OK) {
        truncate_items(out, n0);
        cJSON_Delete(root);
        return fail_parse(c, st, op, "LastEvaluatedKey");
    }
    cJSON_Delete(root);
    return DDBC_RT_OK;
}

/* ---- matching returned items to requested keys ---------------------------------------------
 * BatchGetItem answers in any order and batch requests must not repeat a key,
 * so keys are deduplicated and answers found again through a hash of the key
 * attributes (N hashed by its canonical text: "1.0" and "1" are one key). */

static uint64_t fnv(uint64_t h, const void *p, size_t len)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < len; i++) h = (h ^ s[i]) * 0x100000001b3ULL;
    return h;
}

static uint64_t av_hash(uint64_t h, const ddbc_rt_av *v)
{
    unsigned char t = (unsigned char)v->type;
    h = fnv(h, &t, 1);
    switch (v->type) {
    case DDBC_AV_S:
    case DDBC_AV_B:
        return fnv(h, v->u.s.ptr, v->u.s.len);
    case DDBC_AV_N: {
        char canon[192];
        long n = ddbc_keyenc_canonical_number(v->u.s.ptr, v->u.s.len, canon, sizeof canon);
        if (n >= 0 && (size_t)n < sizeof canon) return fnv(h, canon, (size_t)n);
        return fnv(h, v->u.s.ptr, v->u.s.len);
    }
    case DDBC_AV_BOOL:
        return fnv(h, &v->u.b, sizeof v->u.b);
    default:
        /* key attributes are S, N or B; other types only need to collide safely */
        return h;
    }
}

typedef struct keyset {
    const ddbc_rt_item *keys;     /* the caller's keys */
    const ddbc_rt_item *shape;    /* keys[0]: the attribute names every key has */
    size_t *slot;                 /* index + 1 into keys, 0 = empty */
    size_t mask;
} keyset;

/* The hash of x's key attributes (names from ks->shape); false when x lacks one. */
static bool key_hash(const keyset *ks, const ddbc_rt_item *x, uint64_t *h)
{
    uint64_t v = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < ks->shape->n; i++) {
        const ddbc_rt_av *a = ddbc_rt_item_get(x, ks->shape->attrs[i].name);
        if (!a) return false;
        v = av_hash(v, a);
    }
    *h = v;
    return true;
}

/* Whether x carries key k's attributes with equal values. */
static bool key_matches(const ddbc_rt_item *k, const ddbc_rt_item *x)
{
    for (size_t i = 0; i < k->n; i++) {
        const ddbc_rt_av *a = ddbc_rt_item_get(x, k->attrs[i].name);
        if (!a || !ddbc_rt_av_equal(a, &k->attrs[i].value)) return false;
    }
    return true;
}

/* The index of the key x matches, or SIZE_MAX. */
static size_t keyset_find(const keyset *ks, const ddbc_rt_item *x)
{
    uint64_t h;
    if (!key_hash(ks, x, &h)) return SIZE_MAX;
    for (size_t s = (size_t)h & ks->mask;; s = (s + 1) & ks->mask) {
        if (!ks->slot[s]) return SIZE_MAX;
        size_t i = ks->slot[s] - 1;
        if (key_matches(&ks->keys[i], x)) return i;
    }
}

/* Insert key i unless an equal key is there; returns the index kept. */
static size_t keyset_add(keyset *ks, size_t i)
{
    uint64_t h;
    key_hash(ks, &ks->keys[i], &h);
    size_t s = (size_t)h & ks->mask;
    for (; ks->slot[s]; s = (s + 1) & ks->mask) {
        size_t j = ks->slot[s] - 1;
        if (key_matches(&ks->keys[j], &ks->keys[i])) return j;
    }
    ks->slot[s] = i + 1;
    return i;
}

/* ---- retrying unprocessed work --------------------------------------------------------------
 * The pending queue holds indices of work not yet done.  A round sends the
 * front of the queue; what the server leaves unprocessed goes back to the
 * front.  A round that processes nothing counts towards the client's attempt
 * bound; one that makes progress resets it, so a large batch under partial
 * throttling finishes while a table that accepts nothing fails THROTTLED. */

typedef struct queue {
    size_t *v;
    size_t n;
} queue;

/* Replace the first `taken` entries by the `nleft` indices in `left`. */
static void queue_requeue(queue *q, size_t taken, const size_t *left, size_t nleft)
{
    memmove(q->v + nleft, q->v + taken, (q->n - taken) * sizeof *q->v);
    memcpy(q->v, left, nleft * sizeof *q->v);
    q->n = q->n - taken + nleft;
}

/* After a round: true to go on (with a backoff already slept), false when
 * the attempt bound is reached (THROTTLED recorded). */
static bool after_round(ddbc_rt_client *c, const char *op, size_t sent, size_t left,
                        int *stalled, int *rounds)
{
    (*rounds)++;
    if (left == 0) {
        *stalled = 0;
        return true;
    }
    *stalled = left == sent ? *stalled + 1 : 0;
    if (*stalled >= rt_max_attempts(c)) {
        char msg[160];
        snprintf(msg, sizeof msg, "%zu items still unprocessed after %d rounds that processed nothing",
                 left, *stalled);
        rt_fail(c, DDBC_RT_THROTTLED, op, NULL, msg);
        rt_error(c)->attempts = *rounds;
        return false;
    }
    rt_backoff(c, *stalled + 1);
    return true;
}

/* ---- BatchGetItem ------------------------------------------------------------------------- */

/* The request for the first `k` pending keys. */
static void batch_get_body(rt_buf *b, const char *table, const ddbc_rt_item *keys,
                           const size_t *idx, size_t k, bool consistent)
{
    rt_buf_puts(b, "{\"RequestItems\":{");
    rt_buf_json_string(b, table, strlen(table));
    rt_buf_puts(b, ":{\"Keys\":[");
    for (size_t i = 0; i < k; i++) {
        if (i) rt_buf_putc(b, ',');
        rt_json_item(b, &keys[idx[i]]);
    }
    rt_buf_putc(b, ']');
    if (consistent) rt_buf_puts(b, ",\"ConsistentRead\":true");
    rt_buf_puts(b, "}}}");
}

enum { PENDING, IN_FLIGHT, DONE };

/* Read one BatchGetItem response: items into res[], unprocessed keys into left[]. */
static ddbc_rt_status batch_get_read(ddbc_rt_client *c, cJSON *root, const char *table,
                                     const keyset *ks, unsigned char *state, ddbc_rt_item *res,
                                     size_t *left, size_t *nleft)
{
    static const char op[] = "BatchGetItem";
    const cJSON *resp = get(root, "Responses");
    const cJSON *items = resp ? get(resp, table) : NULL;
    if ((resp && !cJSON_IsObject(resp)) || (items && !cJSON_IsArray(items)))
        return rt_fail(c, DDBC_RT_BAD_RESPONSE, op, NULL, "Responses has an unexpected shape");
    for (const cJSON *e = items ? items->child : NULL; e; e = e->next) {
        ddbc_rt_item it;
        ddbc_rt_status st = rt_item_from_cjson(e, &it);
        if (st != DDBC_RT_OK) return fail_parse(c, st, op, "an item of Responses");
        size_t k = keyset_find(ks, &it);
        if (k == SIZE_MAX || state[k] != IN_FLIGHT || res[k].n) {
            ddbc_rt_item_free(&it);
            return rt_fail(c, DDBC_RT_BAD_RESPONSE, op, NULL,
                           "an item in Responses matches no key of the request");
        }
        res[k] = it;
    }
    *nleft = 0;
    const cJSON *un = get(root, "UnprocessedKeys");
    const cJSON *ut = un ? get(un, table) : NULL;
    const cJSON *ukeys = ut ? get(ut, "Keys") : NULL;
    if ((un && !cJSON_IsObject(un)) || (ut && !cJSON_IsObject(ut)) ||
        (ukeys && !cJSON_IsArray(ukeys)))
        return rt_fail(c, DDBC_RT_BAD_RESPONSE, op, NULL, "UnprocessedKeys has an unexpected shape");
    for (const cJSON *e = ukeys ? ukeys->child : NULL; e; e = e->next) {
        ddbc_rt_item key;
        ddbc_rt_status st = rt_item_from_cjson(e, &key);
        if (st != DDBC_RT_OK) return fail_parse(c, st, op, "a key of UnprocessedKeys");
        size_t k = keyset_find(ks, &key);
        ddbc_rt_item_free(&key);
        if (k == SIZE_MAX || state[k] != IN_FLIGHT || res[k].n)
            return rt_fail(c, DDBC_RT_BAD_RESPONSE, op, NULL,
                           "UnprocessedKeys names a key that was not requested or was answered");
        state[k] = PENDING;
        left[(*nleft)++] = k;
    }
    return DDBC_RT_OK;
}

/* Appends nkeys items to out (out->v[n0 + i] for keys[i]); on failure out is
 * as it was. */
ddbc_rt_status ddbc_rt_batch_get(ddbc_rt_client *c, const char *table, const ddbc_rt_item *keys,
                                 size_t nkeys, bool consistent, ddbc_rt_items *out)
{
    static const char op[] = "BatchGetItem";
    if (!c || !table || (!keys && nkeys) || !out)
        return rt_fail(c, DDBC_RT_INVALID_ARGUMENT, op, NULL, "table, keys and out are required");
    if (nkeys == 0) {
        rt_ok(c);
        return DDBC_RT_OK;
    }
    for (size_t i = 0; i < nkeys; i++) {
        /* one table, one key schema: every key names the same attributes */
        bool same = keys[i].n == keys[0].n && keys[i].n > 0;
        for (size_t a = 0; same && a < keys[0].n; a++)
            same = ddbc_rt_item_get(&keys[i], keys[0].attrs[a].name) != NULL;
        if (!same)
            return rt_fail(c, DDBC_RT_INVALID_ARGUMENT, op, NULL,
                           "every key must have the same, non-empty set of attributes");
    }
    size_t cap = 16;
    while (cap < nkeys * 2) cap *= 2;
    keyset ks = {keys, &keys[0], calloc(cap, sizeof(size_t)), cap - 1};
    size_t *first = malloc(nkeys * sizeof *first);      /* the equal key kept */
    size_t *left = malloc(BATCH_GET_MAX * sizeof *left);
    unsigned char *state = calloc(nkeys, 1);
    ddbc_rt_item *res = calloc(nkeys, sizeof *res);
    queue q = {malloc(nkeys * sizeof(size_t)), 0};
    ddbc_rt_status st = DDBC_RT_OK;
    size_t n0 = out->n;
    if (!ks.slot || !first || !left || !state || !res || !q.v) {
        st = rt_fail(c, DDBC_RT_NO_MEMORY, op, NULL, NULL);
        goto done;
    }
    for (size_t i = 0; i < nkeys; i++) {
        first[i] = keyset_add(&ks, i);
        if (first[i] == i) q.v[q.n++] = i;
    }

    int stalled = 0, rounds = 0;
    while (q.n) {
        size_t k = q.n < BATCH_GET_MAX ? q.n : BATCH_GET_MAX;
        for (size_t i = 0; i < k; i++) state[q.v[i]] = IN_FLIGHT;
        rt_buf b = rt_request_buf(c);
        batch_get_body(&b, table, keys, q.v, k, consistent);
        cJSON *root;
        if ((st = call_op(c, op, &b, &root)) != DDBC_RT_OK) goto done;
        size_t nleft = 0;
        st = batch_get_read(c, root, table, &ks, state, res, left, &nleft);
        cJSON_Delete(root);
        if (st != DDBC_RT_OK) goto done;
        /* answered or absent: both are final */
        for (size_t i = 0; i < k; i++)
            if (state[q.v[i]] == IN_FLIGHT) state[q.v[i]] = DONE;
        queue_requeue(&q, k, left, nleft);
        if (!after_round(c, op, k, nleft, &stalled, &rounds)) {
            st = DDBC_RT_THROTTLED;
            goto done;
        }
    }

    /* Hand the results over in the caller's order; repeated keys get copies. */
    for (size_t i = 0; i < nkeys; i++) {
        ddbc_rt_item it = DDBC_RT_ITEM_INIT;
        if (first[i] == i) {
            it = res[i];
            res[i] = (ddbc_rt_item)DDBC_RT_ITEM_INIT;
        } else if (ddbc_rt_item_copy(&it, &out->v[n0 + first[i]]) != DDBC_RT_OK) {
            st = DDBC_RT_NO_MEMORY;
        }
        if (st == DDBC_RT_OK && (st = ddbc_rt_items_push(out, &it)) != DDBC_RT_OK)
            ddbc_rt_item_free(&it);
        if (st != DDBC_RT_OK) {
            truncate_items(out, n0);
            rt_fail(c, st, op, NULL, NULL);
            goto done;
        }
    }
    rt_ok(c);
done:
    if (res)
        for (size_t i = 0; i < nkeys; i++) ddbc_rt_item_free(&res[i]);
    free(res);
    free(state);
    free(left);
    free(first);
    free(ks.slot);
    free(q.v);
    return st;
}

/* ---- BatchWriteItem ------------------------------------------------------------------------ */

/* Entries 0..nputs-1 are puts, nputs.. deletes. */
static void batch_write_body(rt_buf *b, const char *table, const ddbc_rt_item *puts, size_t nputs,
                             const ddbc_rt_item *deletes, const size_t *idx, size_t k)
{
    rt_buf_puts(b, "{\"RequestItems\":{");
    rt_buf_json_string(b, table, strlen(table));
    rt_buf_puts(b, ":[");
    for (size_t i = 0; i < k; i++) {
        if (i) rt_buf_putc(b, ',');
        if (idx[i] < nputs) {
            rt_buf_puts(b, "{\"PutRequest\":{\"Item\":");
            rt_json_item(b, &puts[idx[i]]);
        } else {
            rt_buf_puts(b, "{\"DeleteRequest\":{\"Key\":");
            rt_json_item(b, &deletes[idx[i] - nputs]);
        }
        rt_buf_puts(b, "}}");
    }
    rt_buf_puts(b, "]}}");
}

static bool item_equal(const ddbc_rt_item *a, const ddbc_rt_item *b)
{
    ddbc_rt_av x = {.type = DDBC_AV_M, .u.m = *a};
    ddbc_rt_av y = {.type = DDBC_AV_M, .u.m = *b};
    return ddbc_rt_av_equal(&x, &y);
}

/* Map UnprocessedItems back to the entries sent (idx[0..k)); the matched
 * ones go to left[] in the order the server listed them. */
static ddbc_rt_status batch_write_read(ddbc_rt_client *c, cJSON *root, const char *table,
                                       const ddbc_rt_item *puts, size_t nputs,
                                       const ddbc_rt_item *deletes, const size_t *idx, size_t k,
                                       size_t *left, size_t *nleft)
{
    static const char op[] = "BatchWriteItem";
    *nleft = 0;
    const cJSON *un = get(root, "UnprocessedItems");
    const cJSON *list = un ? get(un, table) : NULL;
    if ((un && !cJSON_IsObject(un)) || (list && !cJSON_IsArray(list)))
        return rt_fail(c, DDBC_RT_BAD_RESPONSE, op, NULL, "UnprocessedItems has an unexpected shape");
    bool matched[BATCH_WRITE_MAX] = {false};
    for (const cJSON *req = list ? list->child : NULL; req; req = req->next) {
        const cJSON *put = get(req, "PutRequest");
        const cJSON *del = get(req, "DeleteRequest");
        const cJSON *body = put ? get(put, "Item") : del ? get(del, "Key") : NULL;
        if (!cJSON_IsObject(req) || !req->child || req->child->next || !body)
            return rt_fail(c, DDBC_RT_BAD_RESPONSE, op, NULL,
                           "an entry of UnprocessedItems is neither a PutRequest nor a DeleteRequest");
        ddbc_rt_item it;
        ddbc_rt_status st = rt_item_from_cjson(body, &it);
        if (st != DDBC_RT_OK) return fail_parse(c, st, op, "an entry of UnprocessedItems");
        size_t j = 0;
        for (; j < k; j++) {
            if (matched[j] || (idx[j] < nputs) != (put != NULL)) continue;
            const ddbc_rt_item *sent = idx[j] < nputs ? &puts[idx[j]] : &deletes[idx[j] - nputs];
            if (item_equal(sent, &it)) break;
        }
        ddbc_rt_item_free(&it);
        if (j == k)
            return rt_fail(c, DDBC_RT_BAD_RESPONSE, op, NULL,
                           "UnprocessedItems lists an entry that was not sent");
        matched[j] = true;
        left[(*nleft)++] = idx[j];
    }
    return DDBC_RT_OK;
}

/* Nothing is lost: every entry is retried until the server has processed it,
 * or the call fails. */
ddbc_rt_status ddbc_rt_batch_write(ddbc_rt_client *c, const char *table, const ddbc_rt_item *puts,
                                   size_t nputs, const ddbc_rt_item *deletes, size_t ndeletes)
{
    static const char op[] = "BatchWriteItem";
    if (!c || !table || (!puts && nputs) || (!deletes && ndeletes))
        return rt_fail(c, DDBC_RT_INVALID_ARGUMENT, op, NULL, "table, puts and deletes are required");
    size_t total = nputs + ndeletes;
    if (total == 0) {
        rt_ok(c);
        return DDBC_RT_OK;
    }
    queue q = {malloc(total * sizeof(size_t)), 0};
    if (!q.v) return rt_fail(c, DDBC_RT_NO_MEMORY, op, NULL, NULL);
    for (size_t i = 0; i < total; i++) q.v[q.n++] = i;
    ddbc_rt_status st = DDBC_RT_OK;
    int stalled = 0, rounds = 0;
    while (q.n) {
        size_t k = q.n < BATCH_WRITE_MAX ? q.n : BATCH_WRITE_MAX;
        rt_buf b = rt_request_buf(c);
        batch_write_body(&b, table, puts, nputs, deletes, q.v, k);
        cJSON *root;
        if ((st = call_op(c, op, &b, &root)) != DDBC_RT_OK) break;
        size_t left[BATCH_WRITE_MAX], nleft = 0;
        st = batch_write_read(c, root, table, puts, nputs, deletes, q.v, k, left, &nleft);
        cJSON_Delete(root);
        if (st != DDBC_RT_OK) break;
        queue_requeue(&q, k, left, nleft);
        if (!after_round(c, op, k, nleft, &stalled, &rounds)) {
            st = DDBC_RT_THROTTLED;
            break;
        }
    }
    free(q.v);
    if (st == DDBC_RT_OK) rt_ok(c);
    return st;
}

/* ---- TransactWriteItems -------------------------------------------------------------------- */

static bool tx_action_json(rt_buf *b, const ddbc_rt_tx_action *a)
{
    static const char *const kinds[] = {"Put", "Update", "Delete", "ConditionCheck"};
    if ((unsigned)a->kind > DDBC_TX_CHECK || !a->table) return false;
    if (a->kind == DDBC_TX_CHECK && !a->condition) return false;
    rt_buf_puts(b, "{\"");
    rt_buf_puts(b, kinds[a->kind]);
    rt_buf_puts(b, "\":");
    begin(b, a->table);
    field_item(b, a->kind == DDBC_TX_PUT ? "Item" : "Key", &a->item);
    if (a->kind == DDBC_TX_UPDATE && a->update) field_str(b, "UpdateExpression", a->update);
    if (a->condition) field_str(b, "ConditionExpression", a->condition);
    if (!field_names_values(b, &a->names, &a->values)) return false;
    rt_buf_puts(b, "}}");
    return true;
}

/* The token is built once per call: ddbc_rt_call resends the same body on
 * every retry, so a transaction the server applied but whose answer was lost
 * is not applied twice. */
ddbc_rt_status ddbc_rt_transact_write(ddbc_rt_client *c, const ddbc_rt_tx_action *actions,
                                      size_t n)
{
    static const char op[] = "TransactWriteItems";
    if (!c || (!actions && n))
        return rt_fail(c, DDBC_RT_INVALID_ARGUMENT, op, NULL, "actions are required");
    if (n > TRANSACT_MAX)
        return rt_fail(c, DDBC_RT_INVALID_ARGUMENT, op, NULL,
                       "a transaction holds at most 100 actions");
    if (n == 0) {
        rt_ok(c);
        return DDBC_RT_OK;
    }
    rt_buf b = rt_request_buf(c);
    rt_buf_puts(&b, "{\"TransactItems\":[");
    for (size_t i = 0; i < n; i++) {
        if (i) rt_buf_putc(&b, ',');
        if (!tx_action_json(&b, &actions[i])) {
            rt_buf_free(&b);
            char msg[160];
            snprintf(msg, sizeof msg,
                     "action %zu: needs a table, a known kind, a condition for a check, "
                     "and S attribute names", i);
            return rt_fail(c, DDBC_RT_INVALID_ARGUMENT, op, NULL, msg);
        }
    }
    char token[27];
    ddbc_rt_next_ulid(token);
    rt_buf_puts(&b, "],\"ClientRequestToken\":\"");
    rt_buf_puts(&b, token);
    rt_buf_puts(&b, "\"}");
    return call_op(c, op, &b, NULL);
}

/* Frees the owned item, names and values; the strings stay the caller's. */
void ddbc_rt_tx_action_free(ddbc_rt_tx_action *a)
{
    if (!a) return;
    ddbc_rt_item_free(&a->item);
    ddbc_rt_item_free(&a->names);
    ddbc_rt_item_free(&a->values);
}
