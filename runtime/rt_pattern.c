/* rt_pattern.c — access patterns: the GetItem, BatchGetItem and Query
 * requests a pattern's plan names, rendered from its arguments; pagination
 * (LIMIT across pages, opaque cursors), IN (…) merges, pre-joined parent and
 * children, follow-up requests for joins, counter items; and write patterns
 * over the entity engine (rt_entity.c). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"

/* How a read runs (requests[0] starts the rows, the others are follow-ups):
 *   LIMIT n     pages are read (Limit = what is still missing + limit_extra,
 *               growing when a filter leaves pages short) until n rows or the
 *               end; next_cursor resumes just after the item of the last row.
 *   no LIMIT    pages until about 1 MB of items, then next_cursor; as with
 *               LastEvaluatedKey, the last cursor may lead to an empty round.
 *   pre-join    returns[0] is the parent, returns[nreturns-1] the child; items
 *               are told apart by their sort key's shape; one row per child
 *               (inner join), or the parent alone when requests[0].join is
 *               LEFT and it has no child.  A cursor carries the parent's table
 *               key, and the parent is read again (GetItem) on resume.
 *   IN (…)      one request per distinct non-NULL value, rows merged by the
 *               index's sort key (stable), the limit applied after the merge;
 *               no cursor across a merge, nor for GetItem/BatchGetItem.
 *   follow-ups  run on each chunk of rows before the limit is counted, so
 *               INNER drops still give exactly n rows; a one-to-many follow-up
 *               cut at n loses the cut row's remaining matches on resume.
 * Cursors are opaque (base64url of DynamoDB JSON), tied to the pattern and to
 * the partition they were made for: anything else is INVALID_ARGUMENT. */

/* Without a LIMIT one call reads pages until about this much is collected. */
#define PAGE_BUDGET (1024 * 1024)
/* DynamoDB's cap on one expression string; a longer filter is applied in memory. */
#define MAX_EXPR 4096
/* With a filter, a page that comes back short makes the next Limit larger
 * (doubling, up to this) so a selective filter does not cost one request per row. */
#define MAX_PAGE_LIMIT 1000

typedef struct ctx {
    ddbc_rt_client *c;
    const char *table;
    const ddbc_rt_pattern *p;   /* NULL in rt_request_all */
    const ddbc_rt_av *args;
    size_t nargs;
    size_t width;               /* row width: one item per binding */
} ctx;

void ddbc_rt_rows_free(ddbc_rt_rows *rows)
{
    if (!rows) return;
    for (size_t i = 0; i < rows->n; i++) {
        for (size_t j = 0; j < rows->v[i].width; j++) ddbc_rt_item_free(&rows->v[i].items[j]);
        free(rows->v[i].items);
    }
    free(rows->v);
    free(rows->next_cursor);
    rows->v = NULL;
    rows->n = rows->cap = 0;
    rows->next_cursor = NULL;
}

/* ---- small helpers --------------------------------------------------------------- */

static void item_move(ddbc_rt_item *dst, ddbc_rt_item *src)
{
    *dst = *src;
    src->attrs = NULL;
    src->n = src->cap = 0;
}

static void row_free(ddbc_rt_row *row)
{
    for (size_t j = 0; j < row->width; j++) ddbc_rt_item_free(&row->items[j]);
    free(row->items);
    row->items = NULL;
    row->width = 0;
}

static ddbc_rt_status row_new(size_t width, ddbc_rt_row *row)
{
    row->width = width;
    row->items = calloc(width ? width : 1, sizeof *row->items);
    return row->items ? DDBC_RT_OK : DDBC_RT_NO_MEMORY;
}

static ddbc_rt_status row_copy(const ddbc_rt_row *src, ddbc_rt_row *dst)
{
    ddbc_rt_status st = row_new(src->width, dst);
    for (size_t j = 0; j < src->width && st == DDBC_RT_OK; j++)
        st = ddbc_rt_item_copy(&dst->items[j], &src->items[j]);
    if (st != DDBC_RT_OK) row_free(dst);
    return st;
}

/* Takes *row (left empty). */
static ddbc_rt_status rows_push(ddbc_rt_rows *rows, ddbc_rt_row *row)
{
    if (rows->n == rows->cap) {
        size_t cap = rows->cap ? rows->cap * 2 : 16;
        ddbc_rt_row *v = realloc(rows->v, cap * sizeof *v);
        if (!v) {
            row_free(row);
            return DDBC_RT_NO_MEMORY;
        }
        rows->v = v;
        rows->cap = cap;
    }
    rows->v[rows->n++] = *row;
    row->items = NULL;
    row->width = 0;
    return DDBC_RT_OK;
}

static bool same_index(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static const ddbc_rt_key *entity_key_on(const ddbc_rt_entity *e, const char *index)
{
    for (size_t i = 0; i < e->nkeys; i++)
        if (same_index(e->keys[i].index, index)) return &e->keys[i];
    return NULL;
}

/* Whether a key string has the template's shape: its literal parts in place,
 * value parts anywhere between them (encoded values never contain '#'). */
static bool template_matches(const ddbc_rt_template *t, const char *s, size_t len)
{
    size_t at = 0;
    for (size_t i = 0; i < t->nparts; i++) {
        if (i) {
            if (at >= len || s[at] != DDBC_KEYENC_DELIM) return false;
            at++;
        }
        const char *lit = t->parts[i].literal;
        if (lit) {
            size_t n = strlen(lit);
            if (len - at < n || memcmp(s + at, lit, n) != 0) return false;
            at += n;
        } else {
            while (at < len && s[at] != DDBC_KEYENC_DELIM) at++;
        }
    }
    return at == len;
}

static size_t item_size(const ddbc_rt_item *it);

static size_t av_size(const ddbc_rt_av *v)
{
    switch (v->type) {
    case DDBC_AV_S: case DDBC_AV_N: case DDBC_AV_B: return v->u.s.len;
    case DDBC_AV_M: return 3 + item_size(&v->u.m);
    case DDBC_AV_L: case DDBC_AV_SS: case DDBC_AV_NS: case DDBC_AV_BS: {
        size_t n = 3;
        for (size_t i = 0; i < v->u.l.n; i++) n += 1 + av_size(&v->u.l.v[i]);
        return n;
    }
    default: return 1;
    }
}

/* Roughly DynamoDB's item size: names and values. */
static size_t item_size(const ddbc_rt_item *it)
{
    size_t n = 0;
    for (size_t i = 0; i < it->n; i++) n += strlen(it->attrs[i].name) + av_size(&it->attrs[i].value);
    return n;
}

static int bind_of(const ddbc_rt_request *r, size_t j)
{
    return r->binds ? r->binds[j] : (int)j;
}

/* Copy the named attributes (when present) from item into key. */
static ddbc_rt_status key_add(ddbc_rt_item *key, const ddbc_rt_item *item, const char *attr)
{
    if (!attr || ddbc_rt_item_get(key, attr)) return DDBC_RT_OK;
    const ddbc_rt_av *v = ddbc_rt_item_get(item, attr);
    return v ? ddbc_rt_item_set(key, attr, v) : DDBC_RT_OK;
}

/* The item's position in the request's index: the index key and the table
 * key (a GSI's ExclusiveStartKey needs both). */
static ddbc_rt_status key_of(const ddbc_rt_request *r, const ddbc_rt_item *item, ddbc_rt_item *key)
{
    ddbc_rt_status st = key_add(key, item, r->pk_attr);
    if (st == DDBC_RT_OK) st = key_add(key, item, r->sk_attr);
    for (size_t j = 0; j < r->nreturns && st == DDBC_RT_OK; j++) {
        const ddbc_rt_entity *e = r->returns[j];
        if (e->nkeys == 0) continue;
        st = key_add(key, item, e->keys[0].pk_attr);
        if (st == DDBC_RT_OK) st = key_add(key, item, e->keys[0].sk_attr);
    }
    return st;
}

/* ---- key conditions ---------------------------------------------------------------- */

/* A bound's key string: its parts from the operands, then its end marker.
 * *never is set when an operand is NULL (SQL: no row can match). */
static ddbc_rt_status render_bound(const ddbc_rt_bound *b, const ctx *x, const ddbc_rt_row *row,
                                   const ddbc_rt_av *fan, rt_buf *out, bool *never)
{
    size_t arg = 0;
    if (!b->tmpl || b->nparts > b->tmpl->nparts) return DDBC_RT_INVALID_ARGUMENT;
    for (size_t i = 0; i < b->nparts; i++) {
        const ddbc_rt_part *part = &b->tmpl->parts[i];
        if (i) rt_buf_putc(out, DDBC_KEYENC_DELIM);
        if (part->literal) {
            rt_buf_puts(out, part->literal);
            continue;
        }
        if (arg >= b->nargs) return DDBC_RT_INVALID_ARGUMENT;
        ddbc_rt_av v;
        ddbc_rt_status st = rt_operand_value(&b->args[arg++], x->args, x->nargs, row, fan, &v);
        if (st != DDBC_RT_OK) {
            ddbc_rt_av_free(&v);
            return st;
        }
        if (v.type == DDBC_AV_NULL) {
            *never = true;
            ddbc_rt_av_free(&v);
            return DDBC_RT_OK;
        }
        bool raw = b->end == DDBC_RT_END_RAW && i + 1 == b->nparts;
        bool ok = rt_keys_encode(out, &v, part->keyenc, raw);
        ddbc_rt_av_free(&v);
        if (!ok) return out->failed ? DDBC_RT_NO_MEMORY : DDBC_RT_INVALID_ARGUMENT;
    }
    if (b->end == DDBC_RT_END_PREFIX) rt_buf_putc(out, DDBC_KEYENC_DELIM);
    else if (b->end == DDBC_RT_END_AFTER) rt_buf_putc(out, DDBC_KEYENC_AFTER);
    return out->failed ? DDBC_RT_NO_MEMORY : DDBC_RT_OK;
}

/* A request rendered for one row / fan-out element. */
typedef struct keycond {
    rt_buf pk, lo, hi;
    rt_expr e;                 /* names and values of both expressions */
    char *key_condition;
    char *filter;              /* NULL: none, or applied in memory (mem_filter) */
    bool mem_filter;
    bool never;                /* a NULL key value or an empty range: nothing matches */
} keycond;

static void keycond_free(keycond *k)
{
    rt_buf_free(&k->pk);
    rt_buf_free(&k->lo);
    rt_buf_free(&k->hi);
    rt_expr_free(&k->e);
    free(k->key_condition);
    free(k->filter);
    memset(k, 0, sizeof *k);
}

static const char *bufstr(const rt_buf *b)
{
    return b->ptr ? b->ptr : "";
}

static void put_s(rt_expr *e, const rt_buf *b)
{
    ddbc_rt_av v = {.type = DDBC_AV_S};
    v.u.s.ptr = (char *)(uintptr_t)bufstr(b);
    v.u.s.len = b->len;
    rt_expr_value(e, &v);
}

static char *take_text(rt_expr *e)
{
    char *s = e->text.ptr;
    e->text = (rt_buf)RT_BUF_INIT;
    return s;
}

static void render_key_condition(keycond *k, const ddbc_rt_request *r)
{
    rt_expr_name(&k->e, r->pk_attr);
    rt_expr_puts(&k->e, " = ");
    put_s(&k->e, &k->pk);
    switch (r->sk_op) {
    case DDBC_RT_SK_NONE: break;
    case DDBC_RT_SK_EQ:
        rt_expr_puts(&k->e, " AND ");
        rt_expr_name(&k->e, r->sk_attr);
        rt_expr_puts(&k->e, " = ");
        put_s(&k->e, &k->lo);
        break;
    case DDBC_RT_SK_BEGINS_WITH:
        rt_expr_puts(&k->e, " AND begins_with(");
        rt_expr_name(&k->e, r->sk_attr);
        rt_expr_puts(&k->e, ", ");
        put_s(&k->e, &k->lo);
        rt_expr_puts(&k->e, ")");
        break;
    case DDBC_RT_SK_BETWEEN:
        rt_expr_puts(&k->e, " AND ");
        rt_expr_name(&k->e, r->sk_attr);
        rt_expr_puts(&k->e, " BETWEEN ");
        put_s(&k->e, &k->lo);
        rt_expr_puts(&k->e, " AND ");
        put_s(&k->e, &k->hi);
        break;
    }
}

static ddbc_rt_status keycond_build(keycond *k, const ddbc_rt_request *r, const ctx *x,
                                    const ddbc_rt_row *row, const ddbc_rt_av *fan)
{
    memset(k, 0, sizeof *k);
    k->e = (rt_expr)RT_EXPR_INIT;
    ddbc_rt_status st = render_bound(&r->pk, x, row, fan, &k->pk, &k->never);
    if (st == DDBC_RT_OK && r->sk_op != DDBC_RT_SK_NONE)
        st = render_bound(&r->sk_lo, x, row, fan, &k->lo, &k->never);
    if (st == DDBC_RT_OK && r->sk_op == DDBC_RT_SK_BETWEEN)
        st = render_bound(&r->sk_hi, x, row, fan, &k->hi, &k->never);
    if (st != DDBC_RT_OK || k->never) return st;
    /* DynamoDB rejects BETWEEN with lo > hi; SQL's answer is no rows */
    if (r->sk_op == DDBC_RT_SK_BETWEEN && strcmp(bufstr(&k->lo), bufstr(&k->hi)) > 0) {
        k->never = true;
        return DDBC_RT_OK;
    }
    if (r->op != DDBC_RT_QUERY) {
        k->mem_filter = r->nfilters > 0;
        return DDBC_RT_OK;
    }
    render_key_condition(k, r);
    k->key_condition = take_text(&k->e);
    /* a LIKE pattern has no expression function: the whole filter is then
       applied to the items read, as for an over-long filter */
    bool like = false;
    for (size_t i = 0; i < r->nfilters; i++) like |= r->filters[i].op == DDBC_RT_LIKE;
    if (like) {
        k->mem_filter = true;
    } else if (r->nfilters) {
        st = rt_filter_render(&k->e, r->filters, r->nfilters, x->args, x->nargs, row);
        if (st != DDBC_RT_OK) return st;
        if (k->e.text.len > MAX_EXPR) {
            /* the filter's values must leave ExpressionAttributeValues too */
            rt_expr_free(&k->e);
            free(k->key_condition);
            k->e = (rt_expr)RT_EXPR_INIT;
            render_key_condition(k, r);
            k->key_condition = take_text(&k->e);
            k->mem_filter = true;
        } else {
            k->filter = take_text(&k->e);
        }
    }
    return k->e.failed || !k->key_condition ? DDBC_RT_NO_MEMORY : DDBC_RT_OK;
}

/* The table key of a GetItem / BatchGetItem request. */
static ddbc_rt_status keycond_key(const keycond *k, const ddbc_rt_request *r, ddbc_rt_item *key)
{
    ddbc_rt_status st = ddbc_rt_item_set_s(key, r->pk_attr, bufstr(&k->pk), k->pk.len);
    if (st == DDBC_RT_OK && r->sk_op != DDBC_RT_SK_NONE)
        st = ddbc_rt_item_set_s(key, r->sk_attr, bufstr(&k->lo), k->lo.len);
    return st;
}

/* Drop the items a filter applied in memory rejects. */
static void mem_filter(const ddbc_rt_request *r, const ctx *x, ddbc_rt_items *items, size_t from)
{
    size_t w = from;
    for (size_t i = from; i < items->n; i++) {
        if (!rt_filter_holds(r->filters, r->nfilters, &items->v[i], x->args, x->nargs))
            ddbc_rt_item_free(&items->v[i]);
        else if (w++ != i)   /* item_move onto itself would empty the item */
            item_move(&items->v[w - 1], &items->v[i]);
    }
    items->n = w;
}

static ddbc_rt_status query_page(const ctx *x, const ddbc_rt_request *r, const keycond *k, int limit,
                                 const ddbc_rt_item *start, ddbc_rt_items *items,
                                 ddbc_rt_item *last)
{
    ddbc_rt_query q = {
        .table = x->table, .index = r->index, .key_condition = k->key_condition,
        .filter = k->filter, .names = k->e.names.n ? &k->e.names : NULL,
        .values = k->e.values.n ? &k->e.values : NULL, .scan_forward = r->scan_forward,
        .consistent = false, .limit = limit, .start_key = start && start->n ? start : NULL,
    };
    size_t from = items->n;
    ddbc_rt_status st = ddbc_rt_query_page(x->c, &q, items, last);
    if (st == DDBC_RT_OK && k->mem_filter) mem_filter(r, x, items, from);
    return st;
}

/* ---- one request to the end (the engine's look-ups) ------------------------------------ */

/* The distinct non-NULL fan-out values, in order: kept as the attributes of
 * `all` (the caller frees it), *out borrows them. */
static ddbc_rt_status fan_values(const ddbc_rt_request *r, const ctx *x, const ddbc_rt_row *row,
                                 ddbc_rt_item *all, ddbc_rt_av **out, size_t *n)
{
    ddbc_rt_status st = DDBC_RT_OK;
    char name[32];
    *out = NULL;
    *n = 0;
    for (size_t i = 0; i < r->nfan_out && st == DDBC_RT_OK; i++) {
        ddbc_rt_av v;
        st = rt_operand_value(&r->fan_out[i], x->args, x->nargs, row, NULL, &v);
        size_t nv = st != DDBC_RT_OK ? 0 : v.type == DDBC_AV_L ? v.u.l.n : 1;
        for (size_t j = 0; j < nv && st == DDBC_RT_OK; j++) {
            const ddbc_rt_av *e = v.type == DDBC_AV_L ? &v.u.l.v[j] : &v;
            if (e->type == DDBC_AV_NULL) continue;
            bool dup = false;
            for (size_t k = 0; k < all->n && !dup; k++) dup = ddbc_rt_av_equal(&all->attrs[k].value, e);
            if (dup) continue;
            snprintf(name, sizeof name, "%zu", all->n);
            st = ddbc_rt_item_set(all, name, e);
        }
        ddbc_rt_av_free(&v);
    }
    if (st != DDBC_RT_OK || all->n == 0) return st;
    *out = malloc(all->n * sizeof **out);
    if (!*out) return DDBC_RT_NO_MEMORY;
    for (size_t i = 0; i < all->n; i++) (*out)[i] = all->attrs[i].value;   /* borrowed */
    *n = all->n;
    return DDBC_RT_OK;
}

/* GetItem or BatchGetItem for the given rendered keys; found items appended. */
static ddbc_rt_status get_keys(const ctx *x, const ddbc_rt_request *r, const ddbc_rt_item *keys,
                               size_t nkeys, ddbc_rt_items *found)
{
    if (nkeys == 0) return DDBC_RT_OK;
    ddbc_rt_items got = DDBC_RT_ITEMS_INIT;
    ddbc_rt_status st = ddbc_rt_batch_get(x->c, x->table, keys, nkeys, false, &got);
    for (size_t i = 0; i < got.n && st == DDBC_RT_OK; i++) {
        if (got.v[i].n == 0) continue;
        if (r->nfilters && !rt_filter_holds(r->filters, r->nfilters, &got.v[i], x->args, x->nargs))
            continue;
        st = ddbc_rt_items_push(found, &got.v[i]);
    }
    ddbc_rt_items_free(&got);
    return st;
}

static ddbc_rt_status run_all(const ctx *x, const ddbc_rt_request *r, const ddbc_rt_row *row,
                              const ddbc_rt_av *fan, ddbc_rt_items *out)
{
    keycond k;
    ddbc_rt_status st = keycond_build(&k, r, x, row, fan);
    if (st != DDBC_RT_OK || k.never) {
        keycond_free(&k);
        return st;
    }
    if (r->op != DDBC_RT_QUERY) {
        ddbc_rt_item key = DDBC_RT_ITEM_INIT;
        st = keycond_key(&k, r, &key);
        if (st == DDBC_RT_OK) st = get_keys(x, r, &key, 1, out);
        ddbc_rt_item_free(&key);
        keycond_free(&k);
        return st;
    }
    ddbc_rt_item start = DDBC_RT_ITEM_INIT, last = DDBC_RT_ITEM_INIT;
    do {
        st = query_page(x, r, &k, 0, &start, out, &last);
        ddbc_rt_item_free(&start);
        item_move(&start, &last);
    } while (st == DDBC_RT_OK && start.n);
    ddbc_rt_item_free(&start);
    keycond_free(&k);
    return st;
}

ddbc_rt_status rt_request_all(ddbc_rt_client *c, const char *table, const ddbc_rt_request *r,
                              const ddbc_rt_av *args, size_t nargs, const ddbc_rt_row *row,
                              ddbc_rt_items *out)
{
    ctx x = {c, table, NULL, args, nargs, 1};
    if (r->nfan_out == 0) return run_all(&x, r, row, NULL, out);
    ddbc_rt_item holder = DDBC_RT_ITEM_INIT;
    ddbc_rt_av *fans = NULL;
    size_t nfans = 0;
    ddbc_rt_status st = fan_values(r, &x, row, &holder, &fans, &nfans);
    for (size_t i = 0; i < nfans && st == DDBC_RT_OK; i++) st = run_all(&x, r, row, &fans[i], out);
    free(fans);
    ddbc_rt_item_free(&holder);
    return st;
}

/* ---- cursors ------------------------------------------------------------------------------
 * base64url of the DynamoDB JSON of {"h": pattern name, "k": next ExclusiveStartKey,
 * "p": the parent item's table key (pre-joined Queries: re-read on resume)}. */

static ddbc_rt_status cursor_make(const ddbc_rt_pattern *p, const ddbc_rt_item *start,
                                  const ddbc_rt_item *parent_key, char **out)
{
    ddbc_rt_item cur = DDBC_RT_ITEM_INIT;
    ddbc_rt_av m = {.type = DDBC_AV_M};
    const char *name = p->name ? p->name : "";
    ddbc_rt_status st = ddbc_rt_item_set_s(&cur, "h", name, strlen(name));
    if (st == DDBC_RT_OK) {
        m.u.m = *start;
        st = ddbc_rt_item_set(&cur, "k", &m);
    }
    if (st == DDBC_RT_OK && parent_key && parent_key->n) {
        m.u.m = *parent_key;
        st = ddbc_rt_item_set(&cur, "p", &m);
    }
    char *json = NULL;
    size_t len = 0;
    if (st == DDBC_RT_OK) st = ddbc_rt_item_to_json(&cur, &json, &len);
    ddbc_rt_item_free(&cur);
    if (st != DDBC_RT_OK) return st;
    rt_buf b = RT_BUF_INIT;
    rt_base64_encode(&b, (const unsigned char *)json, len);
    free(json);
    if (b.failed || !b.ptr) {
        rt_buf_free(&b);
        return DDBC_RT_NO_MEMORY;
    }
    size_t w = 0;
    for (size_t i = 0; i < b.len; i++) {
        char ch = b.ptr[i];
        if (ch == '=') continue;
        b.ptr[w++] = ch == '+' ? '-' : ch == '/' ? '_' : ch;
    }
    b.ptr[w] = '\0';
    *out = b.ptr;
    return DDBC_RT_OK;
}

static ddbc_rt_status cursor_read(const ddbc_rt_pattern *p, const char *cursor, ddbc_rt_item *start,
                                  ddbc_rt_item *parent_key)
{
    size_t len = strlen(cursor);
    char *b64 = malloc(len + 4);
    if (!b64) return DDBC_RT_NO_MEMORY;
    for (size_t i = 0; i < len; i++) {
        char ch = cursor[i];
        if (ch == '+' || ch == '/' || ch == '=') {
            free(b64);
            return DDBC_RT_INVALID_ARGUMENT;
        }
        b64[i] = ch == '-' ? '+' : ch == '_' ? '/' : ch;
    }
    while (len % 4) b64[len++] = '=';
    unsigned char *json = NULL;
    size_t jlen = 0;
    bool ok = rt_base64_decode(b64, len, &json, &jlen);
    free(b64);
    if (!ok) return DDBC_RT_INVALID_ARGUMENT;
    ddbc_rt_item cur = DDBC_RT_ITEM_INIT;
    ddbc_rt_status st = ddbc_rt_item_from_json((const char *)json, jlen, &cur);
    free(json);
    if (st == DDBC_RT_NO_MEMORY) return st;
    if (st != DDBC_RT_OK) return DDBC_RT_INVALID_ARGUMENT;
    const char *h = NULL;
    size_t hlen = 0;
    const char *name = p->name ? p->name : "";
    const ddbc_rt_av *k = ddbc_rt_item_get(&cur, "k");
    const ddbc_rt_av *pk = ddbc_rt_item_get(&cur, "p");
    st = DDBC_RT_INVALID_ARGUMENT;
    if (ddbc_rt_item_s(&cur, "h", &h, &hlen) && hlen == strlen(name) && memcmp(h, name, hlen) == 0 &&
        k && k->type == DDBC_AV_M && k->u.m.n && (!pk || pk->type == DDBC_AV_M)) {
        st = ddbc_rt_item_copy(start, &k->u.m);
        if (st == DDBC_RT_OK && pk) st = ddbc_rt_item_copy(parent_key, &pk->u.m);
    }
    ddbc_rt_item_free(&cur);
    return st;
}

/* ---- reading the first request ----------------------------------------------------------- */

typedef struct reader {
    const ctx *x;
    const ddbc_rt_request *r;
    const ddbc_rt_counter *counter;  /* a counter pattern: items are counter items */
    keycond k;
    ddbc_rt_item start;              /* the next ExclusiveStartKey */
    bool done;
    bool prejoin;                    /* returns a parent ([0]) and its children */
    ddbc_rt_item parent;             /* raw; n == 0 until seen */
    ddbc_rt_items pending;           /* children read before their parent */
    bool any_child;
    size_t bytes;
    int grow;                        /* Limit multiplier under a filter */
} reader;

static void reader_free(reader *rd)
{
    keycond_free(&rd->k);
    ddbc_rt_item_free(&rd->start);
    ddbc_rt_item_free(&rd->parent);
    ddbc_rt_items_free(&rd->pending);
}

/* Which of the request's entities an item is (index into returns), by its
 * sort key's shape; -1: none (another type sharing the collection). */
static int classify(const reader *rd, const ddbc_rt_item *item)
{
    const ddbc_rt_request *r = rd->r;
    const char *sk = NULL;
    size_t len = 0;
    bool has_sk = r->sk_attr && ddbc_rt_item_s(item, r->sk_attr, &sk, &len);
    if (rd->counter) return !has_sk || template_matches(&rd->counter->sk, sk, len) ? 0 : -1;
    if (!has_sk) return r->nreturns == 1 ? 0 : -1;
    for (size_t j = 0; j < r->nreturns; j++) {
        const ddbc_rt_key *key = entity_key_on(r->returns[j], r->index);
        if (!key) {
            if (r->nreturns == 1) return 0;
            continue;
        }
        if (template_matches(&key->sk, sk, len)) return (int)j;
    }
    return -1;
}

static ddbc_rt_status emit_pair(reader *rd, const ddbc_rt_item *parent, ddbc_rt_item *child,
                                ddbc_rt_rows *out)
{
    const ddbc_rt_request *r = rd->r;
    ddbc_rt_row row;
    ddbc_rt_status st = row_new(rd->x->width, &row);
    if (st != DDBC_RT_OK) return st;
    int pb = bind_of(r, 0), cb = bind_of(r, r->nreturns - 1);
    if (pb < 0 || cb < 0 || (size_t)pb >= row.width || (size_t)cb >= row.width) {
        row_free(&row);
        return DDBC_RT_INVALID_ARGUMENT;
    }
    st = ddbc_rt_item_copy(&row.items[pb], parent);
    if (st == DDBC_RT_OK && child) item_move(&row.items[cb], child);
    if (st != DDBC_RT_OK) {
        row_free(&row);
        return st;
    }
    return rows_push(out, &row);
}

/* One item read: a row, a remembered parent, or a child waiting for it. */
static ddbc_rt_status reader_take(reader *rd, ddbc_rt_item *item, int j, ddbc_rt_rows *out)
{
    if (!rd->prejoin) {
        ddbc_rt_row row;
        int b = rd->counter ? 0 : bind_of(rd->r, (size_t)j);
        ddbc_rt_status st = row_new(rd->x->width, &row);
        if (st != DDBC_RT_OK) return st;
        if (b < 0 || (size_t)b >= row.width) {
            row_free(&row);
            return DDBC_RT_INVALID_ARGUMENT;
        }
        item_move(&row.items[b], item);
        return rows_push(out, &row);
    }
    if (j == 0) {
        ddbc_rt_item_free(&rd->parent);
        item_move(&rd->parent, item);
        ddbc_rt_status st = DDBC_RT_OK;
        for (size_t i = 0; i < rd->pending.n && st == DDBC_RT_OK; i++) {
            rd->any_child = true;
            st = emit_pair(rd, &rd->parent, &rd->pending.v[i], out);
        }
        ddbc_rt_items_free(&rd->pending);
        return st;
    }
    if (!rd->parent.n) return ddbc_rt_items_push(&rd->pending, item);
    rd->any_child = true;
    return emit_pair(rd, &rd->parent, item, out);
}

/* Read until `want` more rows (0: about PAGE_BUDGET bytes of items) or the
 * end; rd->start is then just after the last item consumed. */
static ddbc_rt_status reader_next(reader *rd, long want, ddbc_rt_rows *out)
{
    const ddbc_rt_request *r = rd->r;
    size_t base = out->n;
    ddbc_rt_status st = DDBC_RT_OK;
    while (!rd->done && st == DDBC_RT_OK) {
        long need = want > 0 ? want - (long)(out->n - base) : 0;
        long lim = 0;
        if (want > 0) {
            lim = (need + r->limit_extra) * rd->grow;
            if (lim > MAX_PAGE_LIMIT) lim = need + r->limit_extra > MAX_PAGE_LIMIT ? need + r->limit_extra : MAX_PAGE_LIMIT;
            if (lim > INT_MAX) lim = INT_MAX;
        }
        ddbc_rt_items items = DDBC_RT_ITEMS_INIT;
        ddbc_rt_item last = DDBC_RT_ITEM_INIT;
        st = query_page(rd->x, r, &rd->k, (int)lim, &rd->start, &items, &last);
        size_t stop = items.n;
        for (size_t i = 0; i < items.n && st == DDBC_RT_OK; i++) {
            rd->bytes += item_size(&items.v[i]);
            int j = classify(rd, &items.v[i]);
            if (j < 0) continue;
            if (rd->counter) {
                int64_t n = 0;
                if (!ddbc_rt_item_i64(&items.v[i], rd->counter->attr, &n) || n <= 0) continue;
            }
            ddbc_rt_item keep = DDBC_RT_ITEM_INIT;
            if (want > 0) st = key_of(r, &items.v[i], &keep);
            if (st == DDBC_RT_OK) st = reader_take(rd, &items.v[i], j, out);
            if (st == DDBC_RT_OK && want > 0 && out->n - base >= (size_t)want) {
                stop = i;
                ddbc_rt_item_free(&rd->start);
                item_move(&rd->start, &keep);
            }
            ddbc_rt_item_free(&keep);
            if (stop != items.n) break;
        }
        if (st == DDBC_RT_OK) {
            if (stop != items.n) {
                /* stopped inside the page: resume after that item, unless it was the last */
                if (stop + 1 == items.n && !last.n) rd->done = true;
                else if (stop + 1 == items.n) {
                    ddbc_rt_item_free(&rd->start);
                    item_move(&rd->start, &last);
                }
            } else {
                ddbc_rt_item_free(&rd->start);
                item_move(&rd->start, &last);
                if (!rd->start.n) rd->done = true;
                if (r->nfilters && lim && (long)items.n < lim && rd->grow < MAX_PAGE_LIMIT)
                    rd->grow *= 2;
            }
        }
        ddbc_rt_item_free(&last);
        ddbc_rt_items_free(&items);
        if (st != DDBC_RT_OK) break;
        if (want > 0 && out->n - base >= (size_t)want) break;
        if (want <= 0 && rd->bytes >= PAGE_BUDGET && rd->pending.n == 0) break;
    }
    if (st == DDBC_RT_OK && rd->done && rd->prejoin && r->join == DDBC_RT_JOIN_LEFT &&
        rd->parent.n && !rd->any_child) {
        rd->any_child = true;
        st = emit_pair(rd, &rd->parent, NULL, out);
    }
    return st;
}

/* ---- follow-up requests (joins) -------------------------------------------------------------- */

static ddbc_rt_status follow_keys(const ctx *x, const ddbc_rt_request *r, ddbc_rt_rows *rows)
{
    int b = bind_of(r, 0);
    if (b < 0 || (size_t)b >= x->width || r->source_binding < 0 ||
        (size_t)r->source_binding >= x->width)
        return DDBC_RT_INVALID_ARGUMENT;
    ddbc_rt_status st = DDBC_RT_OK;
    long *map = malloc((rows->n ? rows->n : 1) * sizeof *map);
    ddbc_rt_item *keys = calloc(rows->n ? rows->n : 1, sizeof *keys);
    size_t nkeys = 0;
    if (!map || !keys) st = DDBC_RT_NO_MEMORY;
    for (size_t i = 0; i < rows->n && st == DDBC_RT_OK; i++) {
        map[i] = -1;
        if (rows->v[i].items[r->source_binding].n == 0) continue;
        keycond k;
        st = keycond_build(&k, r, x, &rows->v[i], NULL);
        if (st == DDBC_RT_OK && !k.never) {
            ddbc_rt_item key = DDBC_RT_ITEM_INIT;
            st = keycond_key(&k, r, &key);
            for (size_t u = 0; u < nkeys && st == DDBC_RT_OK && map[i] < 0; u++) {
                bool same = true;
                for (size_t a = 0; a < key.n && same; a++) {
                    const ddbc_rt_av *o = ddbc_rt_item_get(&keys[u], key.attrs[a].name);
                    same = o && ddbc_rt_av_equal(o, &key.attrs[a].value);
                }
                if (same) map[i] = (long)u;
            }
            if (st == DDBC_RT_OK && map[i] < 0) {
                map[i] = (long)nkeys;
                item_move(&keys[nkeys++], &key);
            }
            ddbc_rt_item_free(&key);
        }
        keycond_free(&k);
    }
    ddbc_rt_items got = DDBC_RT_ITEMS_INIT;
    if (st == DDBC_RT_OK && nkeys) st = ddbc_rt_batch_get(x->c, x->table, keys, nkeys, false, &got);
    if (st == DDBC_RT_OK && nkeys && got.n != nkeys) st = DDBC_RT_BAD_RESPONSE;
    size_t w = 0;
    for (size_t i = 0; i < rows->n && map; i++) {
        const ddbc_rt_item *it = st == DDBC_RT_OK && map[i] >= 0 ? &got.v[map[i]] : NULL;
        bool match = it && it->n &&
                     (!r->nfilters || rt_filter_holds(r->filters, r->nfilters, it, x->args, x->nargs));
        if (match) {
            ddbc_rt_status cs = ddbc_rt_item_copy(&rows->v[i].items[b], it);
            if (cs != DDBC_RT_OK) st = cs;
        }
        if (!match && st == DDBC_RT_OK && r->join == DDBC_RT_JOIN_INNER) {
            row_free(&rows->v[i]);
            continue;
        }
        rows->v[w++] = rows->v[i];
    }
    if (map) rows->n = w;
    ddbc_rt_items_free(&got);
    for (size_t u = 0; u < nkeys; u++) ddbc_rt_item_free(&keys[u]);
    free(keys);
    free(map);
    return st;
}

/* One Query per row: a row becomes one row per item found. */
static ddbc_rt_status follow_query(const ctx *x, const ddbc_rt_request *r, ddbc_rt_rows *rows)
{
    int b = bind_of(r, 0);
    if (b < 0 || (size_t)b >= x->width || r->source_binding < 0 ||
        (size_t)r->source_binding >= x->width)
        return DDBC_RT_INVALID_ARGUMENT;
    ddbc_rt_rows next = DDBC_RT_ROWS_INIT;
    ddbc_rt_status st = DDBC_RT_OK;
    for (size_t i = 0; i < rows->n && st == DDBC_RT_OK; i++) {
        ddbc_rt_row *row = &rows->v[i];
        ddbc_rt_items found = DDBC_RT_ITEMS_INIT;
        if (row->items[r->source_binding].n) st = run_all(x, r, row, NULL, &found);
        for (size_t f = 0; f < found.n && st == DDBC_RT_OK; f++) {
            ddbc_rt_row nr;
            st = row_copy(row, &nr);
            if (st != DDBC_RT_OK) break;
            ddbc_rt_item_free(&nr.items[b]);
            item_move(&nr.items[b], &found.v[f]);
            st = rows_push(&next, &nr);
        }
        if (st == DDBC_RT_OK && !found.n && r->join != DDBC_RT_JOIN_INNER) {
            ddbc_rt_row nr;
            st = row_copy(row, &nr);
            if (st == DDBC_RT_OK) st = rows_push(&next, &nr);
        }
        ddbc_rt_items_free(&found);
    }
    if (st != DDBC_RT_OK) {
        ddbc_rt_rows_free(&next);
        return st;
    }
    char *cursor = rows->next_cursor;
    rows->next_cursor = NULL;
    ddbc_rt_rows_free(rows);
    *rows = next;
    rows->next_cursor = cursor;
    return DDBC_RT_OK;
}

static ddbc_rt_status follow_all(const ctx *x, ddbc_rt_rows *rows)
{
    ddbc_rt_status st = DDBC_RT_OK;
    for (size_t i = 1; i < x->p->nrequests && st == DDBC_RT_OK && rows->n; i++) {
        const ddbc_rt_request *r = &x->p->requests[i];
        if (r->join == DDBC_RT_JOIN_NONE) continue;
        st = r->op == DDBC_RT_QUERY ? follow_query(x, r, rows) : follow_keys(x, r, rows);
    }
    return st;
}

/* Append rows from `more` to `out` (taking them), at most `cap` in all (< 0: no cap). */
static ddbc_rt_status rows_append(ddbc_rt_rows *out, ddbc_rt_rows *more, long cap)
{
    ddbc_rt_status st = DDBC_RT_OK;
    for (size_t i = 0; i < more->n; i++) {
        if (st == DDBC_RT_OK && (cap < 0 || (long)out->n < cap)) st = rows_push(out, &more->v[i]);
        else row_free(&more->v[i]);
    }
    more->n = 0;
    return st;
}

/* ---- the first request's rows ------------------------------------------------------------------ */

/* Rows for the first request and its follow-ups: up to `limit` (< 0: no
 * limit, one PAGE_BUDGET round), resuming from rd->start. */
static ddbc_rt_status collect(reader *rd, long limit, ddbc_rt_rows *out)
{
    ddbc_rt_status st = DDBC_RT_OK;
    bool budget_hit = false;
    while (st == DDBC_RT_OK && !rd->done && !budget_hit && (limit < 0 || (long)out->n < limit)) {
        ddbc_rt_rows chunk = DDBC_RT_ROWS_INIT;
        st = reader_next(rd, limit < 0 ? 0 : limit - (long)out->n, &chunk);
        if (st == DDBC_RT_OK) st = follow_all(rd->x, &chunk);
        if (st == DDBC_RT_OK) st = rows_append(out, &chunk, limit);
        ddbc_rt_rows_free(&chunk);
        if (limit < 0) budget_hit = !rd->done;
    }
    return st;
}

/* Rows of a GetItem / BatchGetItem first request (one key per fan-out value). */
static ddbc_rt_status collect_keys(const ctx *x, const ddbc_rt_request *r, const ddbc_rt_av *fans,
                                   size_t nfans, ddbc_rt_rows *out)
{
    size_t nkeys = r->nfan_out ? nfans : 1;
    ddbc_rt_item *keys = calloc(nkeys ? nkeys : 1, sizeof *keys);
    if (!keys) return DDBC_RT_NO_MEMORY;
    size_t n = 0;
    ddbc_rt_status st = DDBC_RT_OK;
    for (size_t i = 0; i < nkeys && st == DDBC_RT_OK; i++) {
        keycond k;
        st = keycond_build(&k, r, x, NULL, r->nfan_out ? &fans[i] : NULL);
        if (st == DDBC_RT_OK && !k.never) st = keycond_key(&k, r, &keys[n++]);
        keycond_free(&k);
    }
    ddbc_rt_items found = DDBC_RT_ITEMS_INIT;
    if (st == DDBC_RT_OK) st = get_keys(x, r, keys, n, &found);
    int b = bind_of(r, 0);
    if (st == DDBC_RT_OK && (b < 0 || (size_t)b >= x->width)) st = DDBC_RT_INVALID_ARGUMENT;
    ddbc_rt_rows chunk = DDBC_RT_ROWS_INIT;
    for (size_t i = 0; i < found.n && st == DDBC_RT_OK; i++) {
        ddbc_rt_row row;
        st = row_new(x->width, &row);
        if (st != DDBC_RT_OK) break;
        item_move(&row.items[b], &found.v[i]);
        st = rows_push(&chunk, &row);
    }
    if (st == DDBC_RT_OK) st = follow_all(x, &chunk);
    if (st == DDBC_RT_OK) st = rows_append(out, &chunk, -1);
    ddbc_rt_rows_free(&chunk);
    ddbc_rt_items_free(&found);
    for (size_t i = 0; i < nkeys; i++) ddbc_rt_item_free(&keys[i]);
    free(keys);
    return st;
}

/* ---- merging the rows of several Queries (IN on a key column) ------------------------------------ */

typedef struct sortent {
    const char *sk;
    size_t len, idx;
    int dir;                   /* 1: ascending, -1: descending */
} sortent;

static int sortent_cmp(const void *pa, const void *pb)
{
    const sortent *a = pa, *b = pb;
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->sk, b->sk, n);
    if (!c) c = a->len < b->len ? -1 : a->len > b->len ? 1 : 0;
    if (c) return a->dir * c;
    return a->idx < b->idx ? -1 : a->idx > b->idx ? 1 : 0;   /* stable */
}

/* Order rows by the lead item's sort key on the request's index (keys
 * compare as DynamoDB compares them, byte-wise); equal keys keep their order. */
static ddbc_rt_status merge_sort(const ddbc_rt_request *r, ddbc_rt_rows *rows)
{
    if (rows->n < 2 || !r->sk_attr) return DDBC_RT_OK;
    int lead = bind_of(r, r->nreturns ? r->nreturns - 1 : 0);
    sortent *ents = malloc(rows->n * sizeof *ents);
    ddbc_rt_row *sorted = malloc(rows->n * sizeof *sorted);
    if (!ents || !sorted) {
        free(ents);
        free(sorted);
        return DDBC_RT_NO_MEMORY;
    }
    for (size_t i = 0; i < rows->n; i++) {
        ents[i] = (sortent){"", 0, i, r->scan_forward ? 1 : -1};
        if (lead >= 0 && (size_t)lead < rows->v[i].width)
            if (!ddbc_rt_item_s(&rows->v[i].items[lead], r->sk_attr, &ents[i].sk, &ents[i].len)) {
                ents[i].sk = "";
                ents[i].len = 0;
            }
    }
    qsort(ents, rows->n, sizeof *ents, sortent_cmp);
    for (size_t i = 0; i < rows->n; i++) sorted[i] = rows->v[ents[i].idx];
    memcpy(rows->v, sorted, rows->n * sizeof *sorted);
    free(sorted);
    free(ents);
    return DDBC_RT_OK;
}

/* ---- results as the caller sees them ------------------------------------------------------------ */

/* Counter rows: the group columns and the count; key attributes dropped. */
static ddbc_rt_status counter_rows(const ddbc_rt_counter *ctr, ddbc_rt_rows *rows)
{
    ddbc_rt_status st = DDBC_RT_OK;
    /* a group whose count went back to 0 has no row */
    size_t w = 0;
    for (size_t i = 0; i < rows->n; i++) {
        int64_t n = 0;
        if (ddbc_rt_item_i64(&rows->v[i].items[0], ctr->attr, &n) && n > 0) rows->v[w++] = rows->v[i];
        else row_free(&rows->v[i]);
    }
    rows->n = w;
    for (size_t i = 0; i < rows->n && st == DDBC_RT_OK; i++) {
        ddbc_rt_item *it = &rows->v[i].items[0];
        ddbc_rt_item clean = DDBC_RT_ITEM_INIT;
        for (size_t g = 0; g < ctr->ngroup && st == DDBC_RT_OK; g++) {
            const ddbc_rt_av *v = ddbc_rt_item_get(it, ctr->group[g]);
            st = v ? ddbc_rt_item_set(&clean, ctr->group[g], v) : ddbc_rt_item_set_null(&clean, ctr->group[g]);
        }
        const ddbc_rt_av *cnt = ddbc_rt_item_get(it, ctr->attr);
        if (st == DDBC_RT_OK) st = cnt ? ddbc_rt_item_set(&clean, ctr->attr, cnt) : ddbc_rt_item_set_n(&clean, ctr->attr, "0");
        ddbc_rt_item_free(it);
        item_move(it, &clean);
        ddbc_rt_item_free(&clean);
    }
    /* COUNT(*) without GROUP BY has exactly one row, 0 when nothing is counted */
    if (st == DDBC_RT_OK && ctr->ngroup == 0 && rows->n == 0) {
        ddbc_rt_row row;
        st = row_new(1, &row);
        if (st == DDBC_RT_OK) st = ddbc_rt_item_set_n(&row.items[0], ctr->attr, "0");
        if (st == DDBC_RT_OK) st = rows_push(rows, &row);
        else row_free(&row);
    }
    return st;
}

static ddbc_rt_status strip_rows(const ddbc_rt_pattern *p, ddbc_rt_rows *rows)
{
    ddbc_rt_status st = DDBC_RT_OK;
    for (size_t i = 0; i < rows->n && st == DDBC_RT_OK; i++)
        for (size_t b = 0; b < rows->v[i].width && b < p->nbindings && st == DDBC_RT_OK; b++)
            if (rows->v[i].items[b].n && p->bindings[b].entity)
                st = ddbc_rt_entity_row(p->bindings[b].entity, &rows->v[i].items[b]);
    return st;
}

static ddbc_rt_status read_limit(const ddbc_rt_pattern *p, const ddbc_rt_request *r,
                                 const ddbc_rt_av *args, size_t nargs, long *limit)
{
    *limit = -1;
    if (r->limit_param >= 0) {
        if ((size_t)r->limit_param >= nargs) return DDBC_RT_INVALID_ARGUMENT;
        const ddbc_rt_av *v = &args[r->limit_param];
        if (v->type != DDBC_AV_NULL) {   /* LIMIT NULL: no limit */
            if (v->type != DDBC_AV_N) return DDBC_RT_INVALID_ARGUMENT;
            char *end = NULL;
            long long n = strtoll(v->u.s.ptr, &end, 10);
            if (!end || *end || n < 0 || n > LONG_MAX / 2) return DDBC_RT_INVALID_ARGUMENT;
            *limit = (long)n;
        }
    } else if (r->limit > 0) {
        *limit = r->limit;
    }
    if (p->one && (*limit < 0 || *limit > 1)) *limit = 1;
    return DDBC_RT_OK;
}

static ddbc_rt_status read_rows(ddbc_rt_client *c, const char *table, const ddbc_rt_pattern *p,
                                const ddbc_rt_av *args, size_t nargs, const char *cursor,
                                ddbc_rt_rows *out)
{
    const ddbc_rt_request *r = &p->requests[0];
    ctx x = {c, table, p, args, nargs, p->counter ? 1 : p->nbindings};
    if (x.width == 0) return DDBC_RT_INVALID_ARGUMENT;
    long limit;
    ddbc_rt_status st = read_limit(p, r, args, nargs, &limit);
    if (st != DDBC_RT_OK || limit == 0) return st;

    /* merged and key look-up results come whole: they never hand out a cursor */
    if (cursor && *cursor && (r->op != DDBC_RT_QUERY || r->nfan_out)) return DDBC_RT_INVALID_ARGUMENT;
    ddbc_rt_item holder = DDBC_RT_ITEM_INIT;
    ddbc_rt_av *fans = NULL;
    size_t nfans = 0;
    if (r->nfan_out) st = fan_values(r, &x, NULL, &holder, &fans, &nfans);

    if (st == DDBC_RT_OK && r->op != DDBC_RT_QUERY) {
        st = collect_keys(&x, r, fans, nfans, out);
        if (st == DDBC_RT_OK && limit >= 0 && (long)out->n > limit) {
            ddbc_rt_rows tmp = *out;
            *out = (ddbc_rt_rows)DDBC_RT_ROWS_INIT;
            st = rows_append(out, &tmp, limit);
            ddbc_rt_rows_free(&tmp);
        }
    } else if (st == DDBC_RT_OK && r->nfan_out) {
        /* every value's Query read to the limit (no cursor across a merge) */
        for (size_t i = 0; i < nfans && st == DDBC_RT_OK; i++) {
            reader rd = {.x = &x, .r = r, .counter = p->counter, .prejoin = r->nreturns > 1 && !p->counter, .grow = 1};
            ddbc_rt_rows part = DDBC_RT_ROWS_INIT;
            st = keycond_build(&rd.k, r, &x, NULL, &fans[i]);
            if (st == DDBC_RT_OK && !rd.k.never) {
                if (limit >= 0) st = collect(&rd, limit, &part);
                else
                    while (st == DDBC_RT_OK && !rd.done) st = collect(&rd, -1, &part);
            }
            if (st == DDBC_RT_OK) st = rows_append(out, &part, -1);
            ddbc_rt_rows_free(&part);
            reader_free(&rd);
        }
        if (st == DDBC_RT_OK) st = merge_sort(r, out);
        if (st == DDBC_RT_OK && limit >= 0 && (long)out->n > limit) {
            ddbc_rt_rows tmp = *out;
            *out = (ddbc_rt_rows)DDBC_RT_ROWS_INIT;
            st = rows_append(out, &tmp, limit);
            ddbc_rt_rows_free(&tmp);
        }
    } else if (st == DDBC_RT_OK) {
        reader rd = {.x = &x, .r = r, .counter = p->counter, .prejoin = r->nreturns > 1 && !p->counter, .grow = 1};
        ddbc_rt_item parent_key = DDBC_RT_ITEM_INIT;
        st = keycond_build(&rd.k, r, &x, NULL, NULL);
        if (st == DDBC_RT_OK && cursor && *cursor) {
            st = cursor_read(p, cursor, &rd.start, &parent_key);
            /* a cursor belongs to the partition it was made for */
            const ddbc_rt_av *pk = st == DDBC_RT_OK ? ddbc_rt_item_get(&rd.start, r->pk_attr) : NULL;
            if (st == DDBC_RT_OK && !rd.k.never &&
                (!pk || pk->type != DDBC_AV_S || pk->u.s.len != rd.k.pk.len ||
                 memcmp(pk->u.s.ptr, bufstr(&rd.k.pk), pk->u.s.len) != 0))
                st = DDBC_RT_INVALID_ARGUMENT;
            if (st == DDBC_RT_OK && rd.prejoin) {
                /* the parent was read on an earlier page: read it again */
                ddbc_rt_item got = DDBC_RT_ITEM_INIT;
                ddbc_rt_status gs = parent_key.n ? ddbc_rt_get_item(c, table, &parent_key, false, &got)
                                                 : DDBC_RT_NOT_FOUND;
                if (gs == DDBC_RT_OK) item_move(&rd.parent, &got);
                else if (gs == DDBC_RT_NOT_FOUND) rd.done = true;   /* inner join: no rows now */
                else st = gs;
                rd.any_child = true;
                ddbc_rt_item_free(&got);
            }
        }
        if (st == DDBC_RT_OK && !rd.k.never) st = collect(&rd, limit, out);
        if (st == DDBC_RT_OK && !rd.k.never && !rd.done && rd.start.n) {
            ddbc_rt_item_free(&parent_key);
            if (rd.prejoin && rd.parent.n && r->nreturns && r->returns[0]->nkeys) {
                const ddbc_rt_key *tk = &r->returns[0]->keys[0];
                st = key_add(&parent_key, &rd.parent, tk->pk_attr);
                if (st == DDBC_RT_OK) st = key_add(&parent_key, &rd.parent, tk->sk_attr);
            }
            if (st == DDBC_RT_OK) st = cursor_make(p, &rd.start, &parent_key, &out->next_cursor);
        }
        ddbc_rt_item_free(&parent_key);
        reader_free(&rd);
    }
    free(fans);
    ddbc_rt_item_free(&holder);
    if (st == DDBC_RT_OK) st = p->counter ? counter_rows(p->counter, out) : strip_rows(p, out);
    return st;
}

ddbc_rt_status ddbc_rt_pattern_read(ddbc_rt_client *c, const char *table, const ddbc_rt_pattern *p,
                                    const ddbc_rt_av *args, size_t nargs, const char *cursor,
                                    ddbc_rt_rows *out)
{
    if (!c || !table || !p || !out || !p->is_read || p->nrequests == 0 || (nargs && !args))
        return c ? rt_fail(c, DDBC_RT_INVALID_ARGUMENT, NULL, NULL, "bad pattern call") : DDBC_RT_INVALID_ARGUMENT;
    *out = (ddbc_rt_rows)DDBC_RT_ROWS_INIT;
    ddbc_rt_status st = read_rows(c, table, p, args, nargs, cursor, out);
    if (st != DDBC_RT_OK) {
        ddbc_rt_rows_free(out);
        const ddbc_rt_error *err = ddbc_rt_client_error(c);
        if (err->status != st) rt_fail(c, st, NULL, NULL, p->name);
        return st;
    }
    rt_ok(c);
    return DDBC_RT_OK;
}

/* ---- write patterns -------------------------------------------------------------------------- */

/* The plain values of SET / VALUES / DO UPDATE SET as an item; n = n ± v
 * (SET_ADD / SET_SUB) is computed by the engine on the item it reads. */
static ddbc_rt_status plain_values(const ddbc_rt_assign *set, size_t nset, const ddbc_rt_av *args,
                                   size_t nargs, ddbc_rt_item *out)
{
    ddbc_rt_status st = DDBC_RT_OK;
    for (size_t i = 0; i < nset && st == DDBC_RT_OK; i++) {
        if (set[i].arith != DDBC_RT_SET_VALUE) continue;
        ddbc_rt_av v;
        st = rt_operand_value(&set[i].value, args, nargs, NULL, NULL, &v);
        if (st == DDBC_RT_OK) st = ddbc_rt_item_put(out, set[i].attr, &v);
        ddbc_rt_av_free(&v);
    }
    return st;
}

/* One keyed row: NOT_FOUND and CONDITION_FAILED mean 0 rows, as in SQL. */
static ddbc_rt_status write_one(ddbc_rt_client *c, const char *table, const ddbc_rt_pattern *p,
                                const ddbc_rt_item *key, const ddbc_rt_item *set,
                                const ddbc_rt_av *args, size_t nargs, long *count,
                                ddbc_rt_items *returning)
{
    const ddbc_rt_entity *e = p->bindings[0].entity;
    ddbc_rt_item out = DDBC_RT_ITEM_INIT;
    ddbc_rt_status st;
    if (p->write == DDBC_RT_UPDATE) {
        st = ddbc_rt_entity_update_calc(c, table, e, key, set, p->set, p->nset, p->where, p->nwhere, args,
                                        nargs, returning ? &out : NULL);
    } else {
        if (returning) {
            st = ddbc_rt_entity_get(c, table, e, key, &out);
            if (st != DDBC_RT_OK) {
                ddbc_rt_item_free(&out);
                return st == DDBC_RT_NOT_FOUND ? DDBC_RT_OK : st;
            }
        }
        st = ddbc_rt_entity_delete(c, table, e, key, p->where, p->nwhere, args, nargs);
    }
    if (st == DDBC_RT_OK) {
        (*count)++;
        if (returning) st = ddbc_rt_items_push(returning, &out);
    } else if (st == DDBC_RT_NOT_FOUND || st == DDBC_RT_CONDITION_FAILED) {
        st = DDBC_RT_OK;
    }
    ddbc_rt_item_free(&out);
    return st;
}

/* ---- INSERT … ON CONFLICT ----------------------------------------------------------------- */

/* Creates tried before an upsert gives up on a row that keeps changing. */
#define UPSERT_ATTEMPTS 6

static bool same_names(const char *const *a, size_t na, const char *const *b, size_t nb)
{
    if (na != nb || !na) return false;
    for (size_t i = 0; i < na; i++) {
        bool found = false;
        for (size_t j = 0; j < nb && !found; j++) found = !strcmp(a[i], b[j]);
        if (!found) return false;
    }
    return true;
}

static bool conflict_on_pk(const ddbc_rt_pattern *p, const ddbc_rt_entity *e)
{
    return same_names(p->conflict_target, p->nconflict_target, e->primary_key, e->nprimary_key);
}

/* The base key of the row the INSERT proposes (p->key's operands). */
static ddbc_rt_status proposed_key(const ddbc_rt_pattern *p, const ddbc_rt_entity *e, const ddbc_rt_av *args,
                                   size_t nargs, ddbc_rt_item *key)
{
    ddbc_rt_status st = p->key ? DDBC_RT_OK : DDBC_RT_INVALID_ARGUMENT;
    for (size_t i = 0; i < e->nkey_columns && st == DDBC_RT_OK; i++) {
        ddbc_rt_av v;
        st = rt_operand_value(&p->key[i], args, nargs, NULL, NULL, &v);
        if (st == DDBC_RT_OK) st = ddbc_rt_item_put(key, e->key_columns[i], &v);
        ddbc_rt_av_free(&v);
    }
    return st;
}

/* Whether the arbiter is what collided: any conflict when no target is
 * named, else the primary key's item or the UNIQUE set's guard exists. */
static ddbc_rt_status arbiter_taken(ddbc_rt_client *c, const char *table, const ddbc_rt_pattern *p,
                                    const ddbc_rt_entity *e, const ddbc_rt_item *row, const ddbc_rt_item *key,
                                    bool *taken)
{
    *taken = p->nconflict_target == 0;
    if (*taken) return DDBC_RT_OK;
    ddbc_rt_item got = DDBC_RT_ITEM_INIT;
    ddbc_rt_status st = DDBC_RT_INVALID_ARGUMENT;
    if (conflict_on_pk(p, e)) {
        st = ddbc_rt_entity_get(c, table, e, key, &got);
    } else {
        for (size_t u = 0; u < e->nuniques; u++) {
            const ddbc_rt_unique *q = &e->uniques[u];
            if (!same_names(p->conflict_target, p->nconflict_target, q->columns, q->ncolumns)) continue;
            char *guard = NULL;
            size_t len = 0;
            /* a NULL value has no guard: it conflicts with nothing */
            if (!ddbc_rt_template_render(&q->key, q->key.nparts, row, &guard, &len)) {
                free(guard);
                st = DDBC_RT_NOT_FOUND;
                break;
            }
            ddbc_rt_item gk = DDBC_RT_ITEM_INIT;
            st = ddbc_rt_item_set_s(&gk, e->keys[0].pk_attr, guard, len);
            if (st == DDBC_RT_OK && e->keys[0].sk_attr) st = ddbc_rt_item_set_s(&gk, e->keys[0].sk_attr, guard, len);
            if (st == DDBC_RT_OK) st = ddbc_rt_get_item(c, table, &gk, true, &got);
            ddbc_rt_item_free(&gk);
            free(guard);
            break;
        }
    }
    ddbc_rt_item_free(&got);
    if (st == DDBC_RT_NOT_FOUND) return DDBC_RT_OK;
    *taken = st == DDBC_RT_OK;
    return st;
}

/* INSERT, with the pattern's conflict action when its arbiter collides. */
static ddbc_rt_status insert_row(ddbc_rt_client *c, const char *table, const ddbc_rt_pattern *p,
                                 const ddbc_rt_item *set, const ddbc_rt_av *args, size_t nargs, long *count,
                                 ddbc_rt_items *returning)
{
    const ddbc_rt_entity *e = p->bindings[0].entity;
    ddbc_rt_item key = DDBC_RT_ITEM_INIT, cset = DDBC_RT_ITEM_INIT, out = DDBC_RT_ITEM_INIT;
    ddbc_rt_status st = DDBC_RT_OK;
    bool pk = p->conflict == DDBC_RT_CONFLICT_UPDATE || (p->conflict != DDBC_RT_CONFLICT_FAIL && conflict_on_pk(p, e));
    if (pk) st = proposed_key(p, e, args, nargs, &key);
    if (st == DDBC_RT_OK && p->conflict == DDBC_RT_CONFLICT_UPDATE) st = plain_values(p->conflict_set, p->nconflict_set, args, nargs, &cset);
    int absent = 0;
    bool done = st != DDBC_RT_OK, nothing = false;
    for (int attempt = 0; attempt < UPSERT_ATTEMPTS && !done; attempt++) {
        if (attempt) rt_backoff(c, attempt);
        ddbc_rt_item_free(&out);
        st = ddbc_rt_entity_create(c, table, e, set, returning ? &out : NULL);
        done = true;
        if (st != DDBC_RT_UNIQUE_VIOLATION || p->conflict == DDBC_RT_CONFLICT_FAIL) break;
        bool taken = false;
        ddbc_rt_status ast = arbiter_taken(c, table, p, e, set, &key, &taken);
        if (ast != DDBC_RT_OK) {
            st = ast;
            break;
        }
        if (!taken) {
            /* another constraint collided, or the arbiter's row went away
               in between: one more create tells them apart */
            if (++absent < 2) done = false;
            else st = rt_fail(c, DDBC_RT_UNIQUE_VIOLATION, NULL, NULL,
                              "a UNIQUE value other than the ON CONFLICT target is taken");
            continue;
        }
        if (p->conflict == DDBC_RT_CONFLICT_NOTHING) {
            st = DDBC_RT_OK;
            nothing = true;
            break;
        }
        ddbc_rt_item_free(&out);
        st = ddbc_rt_entity_update_calc(c, table, e, &key, &cset, p->conflict_set, p->nconflict_set, NULL, 0, args,
                                        nargs, returning ? &out : NULL);
        /* the row vanished or changed between the create and the update */
        if (st == DDBC_RT_NOT_FOUND || st == DDBC_RT_CONDITION_FAILED) done = false;
    }
    if (!done) st = rt_fail(c, DDBC_RT_TRANSACTION_CANCELED, NULL, NULL,
                            "INSERT … ON CONFLICT: the conflicting row kept changing");
    if (st == DDBC_RT_OK && !nothing) {
        (*count)++;
        if (returning) st = ddbc_rt_items_push(returning, &out);
    }
    ddbc_rt_item_free(&out);
    ddbc_rt_item_free(&key);
    ddbc_rt_item_free(&cset);
    return st;
}

static ddbc_rt_status write_rows(ddbc_rt_client *c, const char *table, const ddbc_rt_pattern *p,
                                 const ddbc_rt_av *args, size_t nargs, long *count,
                                 ddbc_rt_items *returning)
{
    const ddbc_rt_entity *e = p->bindings[0].entity;
    ddbc_rt_item set = DDBC_RT_ITEM_INIT;
    ddbc_rt_status st = plain_values(p->set, p->nset, args, nargs, &set);
    if (st == DDBC_RT_OK && p->write == DDBC_RT_INSERT) {
        st = insert_row(c, table, p, &set, args, nargs, count, returning);
    } else if (st == DDBC_RT_OK && p->key) {
        ddbc_rt_item key = DDBC_RT_ITEM_INIT;
        bool null_key = false;
        for (size_t i = 0; i < e->nkey_columns && st == DDBC_RT_OK; i++) {
            ddbc_rt_av v;
            st = rt_operand_value(&p->key[i], args, nargs, NULL, NULL, &v);
            if (st == DDBC_RT_OK && v.type == DDBC_AV_NULL) null_key = true;   /* = NULL: no row */
            if (st == DDBC_RT_OK) st = ddbc_rt_item_put(&key, e->key_columns[i], &v);
            ddbc_rt_av_free(&v);
        }
        if (st == DDBC_RT_OK && !null_key)
            st = write_one(c, table, p, &key, &set, args, nargs, count, returning);
        ddbc_rt_item_free(&key);
    } else if (st == DDBC_RT_OK && p->locate) {
        ddbc_rt_items found = DDBC_RT_ITEMS_INIT;
        st = rt_request_all(c, table, p->locate, args, nargs, NULL, &found);
        for (size_t i = 0; i < found.n && st == DDBC_RT_OK; i++) {
            ddbc_rt_item key = DDBC_RT_ITEM_INIT;
            for (size_t k = 0; k < e->nkey_columns && st == DDBC_RT_OK; k++) {
                const ddbc_rt_av *v = ddbc_rt_item_get(&found.v[i], e->key_columns[k]);
                st = v ? ddbc_rt_item_set(&key, e->key_columns[k], v) : DDBC_RT_BAD_RESPONSE;
            }
            if (st == DDBC_RT_OK) st = write_one(c, table, p, &key, &set, args, nargs, count, returning);
            ddbc_rt_item_free(&key);
        }
        ddbc_rt_items_free(&found);
    } else if (st == DDBC_RT_OK) {
        st = DDBC_RT_INVALID_ARGUMENT;
    }
    ddbc_rt_item_free(&set);
    return st;
}

/* UPDATE and DELETE count the rows they changed: a keyed row that is absent
 * or fails the WHERE conjuncts is 0 rows and status OK, as SQL reports it.
 * Rows located by a Query are written one by one (not atomically). */
ddbc_rt_status ddbc_rt_pattern_write(ddbc_rt_client *c, const char *table, const ddbc_rt_pattern *p,
                                     const ddbc_rt_av *args, size_t nargs, long *affected,
                                     ddbc_rt_items *returning)
{
    long count = 0;
    if (affected) *affected = 0;
    if (!c || !table || !p || p->is_read || p->nbindings == 0 || !p->bindings[0].entity ||
        (nargs && !args))
        return c ? rt_fail(c, DDBC_RT_INVALID_ARGUMENT, NULL, NULL, "bad pattern call") : DDBC_RT_INVALID_ARGUMENT;
    ddbc_rt_status st = write_rows(c, table, p, args, nargs, &count, returning);
    if (affected) *affected = count;
    if (st != DDBC_RT_OK) {
        const ddbc_rt_error *err = ddbc_rt_client_error(c);
        if (err->status != st) rt_fail(c, st, NULL, NULL, p->name);
        return st;
    }
    rt_ok(c);
    return DDBC_RT_OK;
}
