/* rt_keys.c — key strings from an entity's items, exactly as the compiler's
 * sample items build them (compiler/samples.c): templates rendered part by
 * part with keyenc and joined by '#', sparse-index conditions, guard keys,
 * and the inverse — a stored item turned back into the entity's row. */
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"

/* keyenc output of up to this size is built on the stack. */
#define SMALL_KEY 256

/* The text keyenc reads for a value: S and N as written, BOOL as its word,
 * B as the raw bytes.  false for types that never make a key part. */
static bool text_of(const ddbc_rt_av *v, const char **s, size_t *len)
{
    switch (v->type) {
    case DDBC_AV_S: case DDBC_AV_N: case DDBC_AV_B:
        *s = v->u.s.ptr ? v->u.s.ptr : "";
        *len = v->u.s.ptr ? v->u.s.len : 0;
        return true;
    case DDBC_AV_BOOL:
        *s = v->u.b ? "true" : "false";
        *len = strlen(*s);
        return true;
    default:
        return false;
    }
}

bool rt_keys_encode(rt_buf *b, const ddbc_rt_av *v, ddbc_keyenc_type enc, bool as_prefix)
{
    const char *s;
    size_t len;
    if (!v || !text_of(v, &s, &len)) return false;
    char small[SMALL_KEY];
    long n = ddbc_keyenc_value(enc, s, len, as_prefix, small, sizeof small);
    if (n < 0) return false;
    if ((size_t)n < sizeof small) {
        rt_buf_append(b, small, (size_t)n);
        return true;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        b->failed = true;
        return false;
    }
    ddbc_keyenc_value(enc, s, len, as_prefix, big, (size_t)n + 1);
    rt_buf_append(b, big, (size_t)n);
    free(big);
    return true;
}

/* How rendering a template ended. */
typedef enum render_result { RENDER_OK, RENDER_ABSENT, RENDER_NO_MEMORY } render_result;

/* Append `nparts` parts of t to b.  A value part whose attribute is absent,
 * SQL NULL or not encodable in its type makes the whole key absent. */
static render_result render(rt_buf *b, const ddbc_rt_template *t, size_t nparts, const ddbc_rt_item *item)
{
    if (nparts > t->nparts) nparts = t->nparts;
    for (size_t p = 0; p < nparts; p++) {
        const ddbc_rt_part *part = &t->parts[p];
        if (p) rt_buf_putc(b, DDBC_KEYENC_DELIM);
        if (part->literal) {
            rt_buf_puts(b, part->literal);
        } else if (!rt_keys_encode(b, ddbc_rt_item_get(item, part->attr), part->keyenc, false)) {
            return b->failed ? RENDER_NO_MEMORY : RENDER_ABSENT;
        }
    }
    if (b->failed) return RENDER_NO_MEMORY;
    /* rt_buf leaves ptr NULL until something is appended */
    if (!b->ptr) {
        rt_buf_puts(b, "");
        if (b->failed || !b->ptr) return RENDER_NO_MEMORY;
    }
    return RENDER_OK;
}

bool ddbc_rt_template_render(const ddbc_rt_template *t, size_t nparts, const ddbc_rt_item *item,
                             char **out, size_t *len)
{
    rt_buf b = RT_BUF_INIT;
    *out = NULL;
    if (len) *len = 0;
    if (render(&b, t, nparts, item) != RENDER_OK) {
        rt_buf_free(&b);
        return false;
    }
    *out = b.ptr;
    if (len) *len = b.len;
    return true;
}

/* Whether a present value equals a condition literal, compared in the
 * value's own type as SQL would (numbers by value, booleans by truth). */
static bool equals_literal(const ddbc_rt_av *v, const char *lit)
{
    size_t llen = strlen(lit);
    switch (v->type) {
    case DDBC_AV_S: case DDBC_AV_B:
        return v->u.s.len == llen && memcmp(v->u.s.ptr, lit, llen) == 0;
    case DDBC_AV_N: {
        char x[128], y[128];
        long nx = ddbc_keyenc_canonical_number(v->u.s.ptr, v->u.s.len, x, sizeof x);
        long ny = ddbc_keyenc_canonical_number(lit, llen, y, sizeof y);
        return nx >= 0 && ny >= 0 && nx < (long)sizeof x && ny < (long)sizeof y && strcmp(x, y) == 0;
    }
    case DDBC_AV_BOOL: {
        bool t = !strcmp(lit, "TRUE") || !strcmp(lit, "true") || !strcmp(lit, "t") || !strcmp(lit, "1");
        bool f = !strcmp(lit, "FALSE") || !strcmp(lit, "false") || !strcmp(lit, "f") || !strcmp(lit, "0");
        return v->u.b ? t : f;
    }
    default:
        return false;
    }
}

bool rt_keys_when(const ddbc_rt_conjunct *when, size_t n, const ddbc_rt_item *item)
{
    for (size_t i = 0; i < n; i++) {
        const ddbc_rt_av *v = ddbc_rt_item_get(item, when[i].attr);
        if (!v || v->type == DDBC_AV_NULL) return false;
        if (when[i].literal && !equals_literal(v, when[i].literal)) return false;
    }
    return true;
}

/* Render one key string; an empty string counts as absent, since DynamoDB
 * rejects empty key attributes (the compiler's samples skip them too). */
static render_result render_key(const ddbc_rt_template *t, const ddbc_rt_item *item, char **out)
{
    rt_buf b = RT_BUF_INIT;
    render_result r = render(&b, t, t->nparts, item);
    if (r == RENDER_OK && b.len == 0) r = RENDER_ABSENT;
    if (r != RENDER_OK) {
        rt_buf_free(&b);
        *out = NULL;
        return r;
    }
    *out = b.ptr;
    return RENDER_OK;
}

static bool is_base_attr(const ddbc_rt_entity *e, const char *name)
{
    const ddbc_rt_key *k = &e->keys[0];
    return (k->pk_attr && !strcmp(k->pk_attr, name)) || (k->sk_attr && !strcmp(k->sk_attr, name));
}

/* Both key strings of one index for an item, or RENDER_ABSENT when the item
 * is not in that index. */
static render_result index_keys(const ddbc_rt_key *k, const ddbc_rt_item *item, char **pk, char **sk)
{
    *pk = *sk = NULL;
    if (!rt_keys_when(k->when, k->nwhen, item)) return RENDER_ABSENT;
    render_result r = render_key(&k->pk, item, pk);
    if (r == RENDER_OK && k->sk_attr) r = render_key(&k->sk, item, sk);
    if (r != RENDER_OK) {
        free(*pk);
        free(*sk);
        *pk = *sk = NULL;
    }
    return r;
}

ddbc_rt_status rt_keys_apply(const ddbc_rt_entity *e, ddbc_rt_item *item)
{
    if (!e->nkeys) return DDBC_RT_INVALID_ARGUMENT;
    size_t n = e->nkeys;
    char **pks = calloc(n, sizeof *pks), **sks = calloc(n, sizeof *sks);
    ddbc_rt_status st = DDBC_RT_OK;
    if (!pks || !sks) {
        st = DDBC_RT_NO_MEMORY;
        goto done;
    }
    /* Every key is computed from the columns before any key attribute is
       touched, so a stale key value can never feed another key. */
    for (size_t k = 0; k < n; k++) {
        render_result r = index_keys(&e->keys[k], item, &pks[k], &sks[k]);
        if (r == RENDER_NO_MEMORY) {
            st = DDBC_RT_NO_MEMORY;
            goto done;
        }
        if (r == RENDER_ABSENT && k == 0) {
            st = DDBC_RT_INVALID_ARGUMENT;   /* no base key: not a storable item */
            goto done;
        }
    }
    /* The base key first; an index that reuses the table's attributes (an
       inverted index) never overrides or removes them, as in the samples. */
    for (size_t k = 0; k < n && st == DDBC_RT_OK; k++) {
        const ddbc_rt_key *key = &e->keys[k];
        const char *attrs[2] = {key->pk_attr, key->sk_attr};
        const char *vals[2] = {pks[k], sks[k]};
        for (int j = 0; j < 2 && st == DDBC_RT_OK; j++) {
            if (!attrs[j] || (k > 0 && is_base_attr(e, attrs[j]))) continue;
            if (pks[k]) st = ddbc_rt_item_set_s(item, attrs[j], vals[j], strlen(vals[j]));
            else ddbc_rt_item_remove(item, attrs[j]);
        }
    }
done:
    for (size_t k = 0; k < n && pks && sks; k++) {
        free(pks[k]);
        free(sks[k]);
    }
    free(pks);
    free(sks);
    return st;
}

ddbc_rt_status rt_keys_base(const ddbc_rt_entity *e, const ddbc_rt_item *row, ddbc_rt_item *key)
{
    if (!e->nkeys) return DDBC_RT_INVALID_ARGUMENT;
    char *pk = NULL, *sk = NULL;
    render_result r = index_keys(&e->keys[0], row, &pk, &sk);
    if (r != RENDER_OK) return r == RENDER_NO_MEMORY ? DDBC_RT_NO_MEMORY : DDBC_RT_INVALID_ARGUMENT;
    ddbc_rt_status st = ddbc_rt_item_set_s(key, e->keys[0].pk_attr, pk, strlen(pk));
    if (st == DDBC_RT_OK && e->keys[0].sk_attr) st = ddbc_rt_item_set_s(key, e->keys[0].sk_attr, sk, strlen(sk));
    free(pk);
    free(sk);
    return st;
}

char *rt_keys_guard(const ddbc_rt_unique *u, const ddbc_rt_item *row)
{
    char *key = NULL;
    /* every column must hold a value: NULLs never collide */
    for (size_t i = 0; i < u->ncolumns; i++) {
        const ddbc_rt_av *v = ddbc_rt_item_get(row, u->columns[i]);
        if (!v || v->type == DDBC_AV_NULL) return NULL;
    }
    if (render_key(&u->key, row, &key) != RENDER_OK) return NULL;
    return key;
}

ddbc_rt_status ddbc_rt_av_from_text(ddbc_rt_av *out, ddbc_rt_kind kind, const char *text, size_t len)
{
    out->type = DDBC_AV_NULL;
    if (!text) return DDBC_RT_INVALID_ARGUMENT;
    ddbc_rt_av_type t;
    switch (kind) {
    case DDBC_RT_BOOL: {
        static const char *const yes[] = {"true", "TRUE", "True", "t", "1"};
        static const char *const no[] = {"false", "FALSE", "False", "f", "0"};
        for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
            if (strlen(yes[i]) == len && !memcmp(yes[i], text, len)) {
                out->type = DDBC_AV_BOOL;
                out->u.b = true;
                return DDBC_RT_OK;
            }
            if (strlen(no[i]) == len && !memcmp(no[i], text, len)) {
                out->type = DDBC_AV_BOOL;
                out->u.b = false;
                return DDBC_RT_OK;
            }
        }
        return DDBC_RT_INVALID_ARGUMENT;
    }
    case DDBC_RT_NUMBER:
        /* kept as written (no precision lost), but it must be a number */
        if (ddbc_keyenc_canonical_number(text, len, NULL, 0) < 0) return DDBC_RT_INVALID_ARGUMENT;
        t = DDBC_AV_N;
        break;
    case DDBC_RT_BINARY:
        t = DDBC_AV_B;
        break;
    case DDBC_RT_STRING:
    default:
        t = DDBC_AV_S;
        break;
    }
    char *p = malloc(len + 1);
    if (!p) return DDBC_RT_NO_MEMORY;
    if (len) memcpy(p, text, len);
    p[len] = '\0';
    out->type = t;
    out->u.s.ptr = p;
    out->u.s.len = len;
    return DDBC_RT_OK;
}

ddbc_rt_status ddbc_rt_entity_row(const ddbc_rt_entity *e, ddbc_rt_item *item)
{
    /* Key attributes are derived data: the row is the columns (and any
       copied parent columns) alone. */
    for (size_t k = 0; k < e->nkeys; k++) {
        if (e->keys[k].pk_attr) ddbc_rt_item_remove(item, e->keys[k].pk_attr);
        if (e->keys[k].sk_attr) ddbc_rt_item_remove(item, e->keys[k].sk_attr);
    }
    /* An item written before a column with a DEFAULT existed reads as the default. */
    for (size_t i = 0; i < e->ncolumns; i++) {
        const ddbc_rt_column *col = &e->columns[i];
        if (col->def != DDBC_RT_DEFAULT_VALUE || !col->def_value) continue;
        /* an explicit NULL (a nullable column set to NULL) stays NULL */
        if (ddbc_rt_item_get(item, col->name)) continue;
        ddbc_rt_av d;
        ddbc_rt_status st = ddbc_rt_av_from_text(&d, col->kind, col->def_value, strlen(col->def_value));
        if (st == DDBC_RT_INVALID_ARGUMENT) continue;   /* a default the kind cannot hold: left NULL */
        if (st != DDBC_RT_OK) return st;
        st = ddbc_rt_item_put(item, col->name, &d);
        ddbc_rt_av_free(&d);
        if (st != DDBC_RT_OK) return st;
    }
    /* rows say NULL by absence */
    for (size_t i = item->n; i-- > 0;)
        if (item->attrs[i].value.type == DDBC_AV_NULL) ddbc_rt_item_remove(item, item->attrs[i].name);
    return DDBC_RT_OK;
}
