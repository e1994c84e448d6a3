/* rt_value.c — DynamoDB attribute values and items (maps in insertion order).
 * Items are small arrays searched linearly: real items have a few dozen
 * attributes, and a scan beats any hash on build + free.  An allocation
 * failure is DDBC_RT_NO_MEMORY and leaves the item as it was. */
#define _POSIX_C_SOURCE 200809L

#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"

/* ---- small helpers -------------------------------------------------------------- */

/* A NUL-terminated copy of len bytes (which may contain NULs for B values). */
static char *dup_bytes(const void *p, size_t len)
{
    char *s = malloc(len + 1);
    if (!s) return NULL;
    if (len) memcpy(s, p, len);
    s[len] = '\0';
    return s;
}

/* A name's length as kept in ddbc_rt_attr.name_len. */
static uint32_t name_len(const char *name)
{
    size_t n = strlen(name);
    return n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
}

/* The index of `name` (of length len, as name_len gives it), or n when
 * absent.  Generated code reads with the same literals it wrote with, and
 * copies of an item share borrowed names: the pointer test finds those
 * without comparing bytes; length and first byte skip nearly every other
 * non-match. */
static size_t find_len(const ddbc_rt_item *it, const char *name, uint32_t len)
{
    for (size_t i = 0; i < it->n; i++) {
        const ddbc_rt_attr *a = &it->attrs[i];
        if (a->name == name) return i;
        if (a->name_len == len && a->name[0] == name[0] && strcmp(a->name, name) == 0) return i;
    }
    return it->n;
}

static size_t find(const ddbc_rt_item *it, const char *name)
{
    return find_len(it, name, name_len(name));
}

/* Room for `more` attributes; doubling keeps appends amortized O(1). */
static bool reserve(ddbc_rt_item *it, size_t more)
{
    if (more <= it->cap - it->n) return true;
    if (more > SIZE_MAX / sizeof *it->attrs - it->n) return false;
    size_t cap = it->cap ? it->cap * 2 : 8;
    if (cap < it->n + more) cap = it->n + more;
    if (cap > SIZE_MAX / sizeof *it->attrs) return false;
    ddbc_rt_attr *a = realloc(it->attrs, cap * sizeof *a);
    if (!a) return false;
    it->attrs = a;
    it->cap = cap;
    return true;
}

/* Store *v (taken) under name: in place when the name exists, else appended
 * (the name borrowed when `lit`: the caller promised it outlives the item).
 * On failure *v is freed, the item is unchanged. */
static ddbc_rt_status store(ddbc_rt_item *it, const char *name, ddbc_rt_av *v, bool lit)
{
    uint32_t len = name_len(name);
    size_t i = find_len(it, name, len);
    if (i < it->n) {
        ddbc_rt_av_free(&it->attrs[i].value);
        it->attrs[i].value = *v;
        v->type = DDBC_AV_NULL;
        return DDBC_RT_OK;
    }
    char *nm = NULL;
    if (!reserve(it, 1) ||
        !(nm = lit ? (char *)(uintptr_t)name : dup_bytes(name, strlen(name)))) {
        ddbc_rt_av_free(v);
        return DDBC_RT_NO_MEMORY;
    }
    it->attrs[it->n].name = nm;
    it->attrs[it->n].name_static = lit;
    it->attrs[it->n].name_len = len;
    it->attrs[it->n].value = *v;
    it->n++;
    v->type = DDBC_AV_NULL;
    return DDBC_RT_OK;
}

/* A string-like value (S, N, B) holding a copy of len bytes. */
static ddbc_rt_status set_bytes(ddbc_rt_item *it, const char *name, ddbc_rt_av_type t,
                                const void *p, size_t len, bool lit)
{
    ddbc_rt_av v;
    v.type = t;
    v.u.s.ptr = dup_bytes(p, len);
    v.u.s.len = len;
    if (!v.u.s.ptr) return DDBC_RT_NO_MEMORY;
    return store(it, name, &v, lit);
}

/* ---- the C locale for number text --------------------------------------------------
 * strtod and printf follow LC_NUMERIC, and an application may well have set a
 * locale with a decimal comma; DynamoDB numbers always use '.'. */

static locale_t c_numeric;
static pthread_once_t c_numeric_once = PTHREAD_ONCE_INIT;

static void c_numeric_init(void)
{
    c_numeric = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
}

/* Switch this thread to the C locale; returns the one to restore (0 if none). */
static locale_t enter_c_locale(void)
{
    pthread_once(&c_numeric_once, c_numeric_init);
    return c_numeric ? uselocale(c_numeric) : (locale_t)0;
}

static void leave_c_locale(locale_t old)
{
    if (old) uselocale(old);
}

/* ---- setting attributes ---------------------------------------------------------- */

/* The setters and their _add twins share these; `lit`: borrow the name. */
static ddbc_rt_status set_s(ddbc_rt_item *it, const char *name, const char *s, size_t len, bool lit)
{
    if (!it || !name || (!s && len)) return DDBC_RT_INVALID_ARGUMENT;
    return set_bytes(it, name, DDBC_AV_S, s, len, lit);
}

/* The decimal text as given (DynamoDB normalizes it, we do not). */
static ddbc_rt_status set_n(ddbc_rt_item *it, const char *name, const char *decimal, bool lit)
{
    if (!it || !name || !decimal) return DDBC_RT_INVALID_ARGUMENT;
    return set_bytes(it, name, DDBC_AV_N, decimal, strlen(decimal), lit);
}

/* Decimal text of v, written by hand: this runs for every integer column. */
static ddbc_rt_status set_i64(ddbc_rt_item *it, const char *name, int64_t v, bool lit)
{
    if (!it || !name) return DDBC_RT_INVALID_ARGUMENT;
    char buf[24];
    char *p = buf + sizeof buf;
    /* Work on the magnitude as unsigned so INT64_MIN does not overflow. */
    uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        *--p = (char)('0' + (int)(m % 10));
        m /= 10;
    } while (m);
    if (v < 0) *--p = '-';
    return set_bytes(it, name, DDBC_AV_N, p, (size_t)(buf + sizeof buf - p), lit);
}

/* The shortest of %.15g and %.17g that reads back as v, so 0.1 is stored as
 * "0.1" (what a person or a SQL database shows), and every double still
 * round-trips.  NaN and infinities have no DynamoDB form. */
static ddbc_rt_status set_double(ddbc_rt_item *it, const char *name, double v, bool lit)
{
    if (!it || !name || !isfinite(v)) return DDBC_RT_INVALID_ARGUMENT;
    char buf[40];
    locale_t old = enter_c_locale();
    int n = snprintf(buf, sizeof buf, "%.15g", v);
    if (n > 0 && (size_t)n < sizeof buf && strtod(buf, NULL) != v)
        n = snprintf(buf, sizeof buf, "%.17g", v);
    leave_c_locale(old);
    if (n < 0 || (size_t)n >= sizeof buf) return DDBC_RT_INVALID_ARGUMENT;
    return set_bytes(it, name, DDBC_AV_N, buf, (size_t)n, lit);
}

static ddbc_rt_status set_b(ddbc_rt_item *it, const char *name, const void *bytes, size_t len,
                            bool lit)
{
    if (!it || !name || (!bytes && len)) return DDBC_RT_INVALID_ARGUMENT;
    return set_bytes(it, name, DDBC_AV_B, bytes, len, lit);
}

static ddbc_rt_status set_bool(ddbc_rt_item *it, const char *name, bool v, bool lit)
{
    if (!it || !name) return DDBC_RT_INVALID_ARGUMENT;
    ddbc_rt_av a;
    a.type = DDBC_AV_BOOL;
    a.u.b = v;
    return store(it, name, &a, lit);
}

static ddbc_rt_status set_null(ddbc_rt_item *it, const char *name, bool lit)
{
    if (!it || !name) return DDBC_RT_INVALID_ARGUMENT;
    ddbc_rt_av a;
    a.type = DDBC_AV_NULL;
    return store(it, name, &a, lit);
}

/* Takes *v; on success and on failure alike *v is left a NULL value. */
static ddbc_rt_status put(ddbc_rt_item *it, const char *name, ddbc_rt_av *v, bool lit)
{
    if (!it || !name || !v) return DDBC_RT_INVALID_ARGUMENT;
    return store(it, name, v, lit);
}

/* Copies `len` bytes of UTF-8 text; `s` may be NULL when len is 0. */
ddbc_rt_status ddbc_rt_item_set_s(ddbc_rt_item *it, const char *name, const char *s, size_t len)
{
    return set_s(it, name, s, len, false);
}

ddbc_rt_status ddbc_rt_item_set_n(ddbc_rt_item *it, const char *name, const char *decimal)
{
    return set_n(it, name, decimal, false);
}

ddbc_rt_status ddbc_rt_item_set_i64(ddbc_rt_item *it, const char *name, int64_t v)
{
    return set_i64(it, name, v, false);
}

ddbc_rt_status ddbc_rt_item_set_double(ddbc_rt_item *it, const char *name, double v)
{
    return set_double(it, name, v, false);
}

/* Copies len raw bytes; `bytes` may be NULL when len is 0. */
ddbc_rt_status ddbc_rt_item_set_b(ddbc_rt_item *it, const char *name, const void *bytes, size_t len)
{
    return set_b(it, name, bytes, len, false);
}

ddbc_rt_status ddbc_rt_item_set_bool(ddbc_rt_item *it, const char *name, bool v)
{
    return set_bool(it, name, v, false);
}

ddbc_rt_status ddbc_rt_item_set_null(ddbc_rt_item *it, const char *name)
{
    return set_null(it, name, false);
}

/* Deep copy of v under name. */
ddbc_rt_status ddbc_rt_item_set(ddbc_rt_item *it, const char *name, const ddbc_rt_av *v)
{
    if (!it || !name || !v) return DDBC_RT_INVALID_ARGUMENT;
    ddbc_rt_av copy;
    ddbc_rt_status st = ddbc_rt_av_copy(&copy, v);
    if (st != DDBC_RT_OK) return st;
    return store(it, name, &copy, false);
}

ddbc_rt_status ddbc_rt_item_put(ddbc_rt_item *it, const char *name, ddbc_rt_av *v)
{
    return put(it, name, v, false);
}

/* ---- the same with borrowed names ------------------------------------------------
 * Generated code names attributes with string literals: copying each name
 * into every item was a fifth of the cost of building one (bench/RESULTS.md). */

ddbc_rt_status ddbc_rt_item_add_s(ddbc_rt_item *it, const char *name, const char *s, size_t len)
{
    return set_s(it, name, s, len, true);
}

ddbc_rt_status ddbc_rt_item_add_n(ddbc_rt_item *it, const char *name, const char *decimal)
{
    return set_n(it, name, decimal, true);
}

ddbc_rt_status ddbc_rt_item_add_i64(ddbc_rt_item *it, const char *name, int64_t v)
{
    return set_i64(it, name, v, true);
}

ddbc_rt_status ddbc_rt_item_add_double(ddbc_rt_item *it, const char *name, double v)
{
    return set_double(it, name, v, true);
}

ddbc_rt_status ddbc_rt_item_add_b(ddbc_rt_item *it, const char *name, const void *bytes, size_t len)
{
    return set_b(it, name, bytes, len, true);
}

ddbc_rt_status ddbc_rt_item_add_bool(ddbc_rt_item *it, const char *name, bool v)
{
    return set_bool(it, name, v, true);
}

ddbc_rt_status ddbc_rt_item_add_null(ddbc_rt_item *it, const char *name)
{
    return set_null(it, name, true);
}

ddbc_rt_status ddbc_rt_item_add(ddbc_rt_item *it, const char *name, ddbc_rt_av *v)
{
    return put(it, name, v, true);
}

/* Room for n more attributes, so that building an item of known size
 * allocates its array once. */
ddbc_rt_status ddbc_rt_item_reserve(ddbc_rt_item *it, size_t n)
{
    if (!it) return DDBC_RT_INVALID_ARGUMENT;
    return reserve(it, n) ? DDBC_RT_OK : DDBC_RT_NO_MEMORY;
}

/* ---- reading and removing --------------------------------------------------------- */

/* The value under name (borrowed), or NULL. */
const ddbc_rt_av *ddbc_rt_item_get(const ddbc_rt_item *it, const char *name)
{
    if (!it || !name) return NULL;
    size_t i = find(it, name);
    return i < it->n ? &it->attrs[i].value : NULL;
}

/* Removes name keeping the others' order; false when it was absent. */
bool ddbc_rt_item_remove(ddbc_rt_item *it, const char *name)
{
    if (!it || !name) return false;
    size_t i = find(it, name);
    if (i == it->n) return false;
    if (!it->attrs[i].name_static) free(it->attrs[i].name);
    ddbc_rt_av_free(&it->attrs[i].value);
    memmove(&it->attrs[i], &it->attrs[i + 1], (it->n - i - 1) * sizeof *it->attrs);
    it->n--;
    return true;
}

bool ddbc_rt_item_s(const ddbc_rt_item *it, const char *name, const char **s, size_t *len)
{
    const ddbc_rt_av *v = ddbc_rt_item_get(it, name);
    if (!v || v->type != DDBC_AV_S) return false;
    if (s) *s = v->u.s.ptr;
    if (len) *len = v->u.s.len;
    return true;
}

bool ddbc_rt_item_take_s(ddbc_rt_item *it, const char *name, char **s, size_t *len)
{
    if (!it || !name || !s) return false;
    size_t i = find(it, name);
    if (i == it->n) return false;
    ddbc_rt_av *v = &it->attrs[i].value;
    if (v->type != DDBC_AV_S && v->type != DDBC_AV_N) return false;
    *s = v->u.s.ptr;
    if (len) *len = v->u.s.len;
    v->type = DDBC_AV_NULL;
    return true;
}

/* Plain "-123" text as int64, rejecting overflow. */
static bool parse_i64(const char *s, size_t len, int64_t *out)
{
    size_t i = 0;
    bool neg = false;
    if (i < len && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
    if (i == len) return false;
    uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    uint64_t m = 0;
    for (; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        unsigned d = (unsigned)(s[i] - '0');
        if (m > (limit - d) / 10) return false;
        m = m * 10 + d;
    }
    *out = neg ? (int64_t)(0 - m) : (int64_t)m;
    return true;
}

/* N as int64: "12", but also "12.0" or "1.2e1" (the same number); false when
 * it has a fraction or does not fit. */
bool ddbc_rt_item_i64(const ddbc_rt_item *it, const char *name, int64_t *v)
{
    const ddbc_rt_av *a = ddbc_rt_item_get(it, name);
    if (!a || a->type != DDBC_AV_N) return false;
    int64_t x;
    if (!parse_i64(a->u.s.ptr, a->u.s.len, &x)) {
        char canon[192];
        long n = ddbc_keyenc_canonical_number(a->u.s.ptr, a->u.s.len, canon, sizeof canon);
        if (n < 0 || (size_t)n >= sizeof canon) return false;
        if (!parse_i64(canon, (size_t)n, &x)) return false;
    }
    if (v) *v = x;
    return true;
}

/* N as the nearest double. */
bool ddbc_rt_item_double(const ddbc_rt_item *it, const char *name, double *v)
{
    const ddbc_rt_av *a = ddbc_rt_item_get(it, name);
    if (!a || a->type != DDBC_AV_N || a->u.s.len == 0) return false;
    locale_t old = enter_c_locale();
    char *end;
    double x = strtod(a->u.s.ptr, &end);
    leave_c_locale(old);
    if (end != a->u.s.ptr + a->u.s.len) return false;
    if (v) *v = x;
    return true;
}

bool ddbc_rt_item_bool(const ddbc_rt_item *it, const char *name, bool *v)
{
    const ddbc_rt_av *a = ddbc_rt_item_get(it, name);
    if (!a || a->type != DDBC_AV_BOOL) return false;
    if (v) *v = a->u.b;
    return true;
}

/* ---- copy and free ------------------------------------------------------------------ */

void ddbc_rt_item_free(ddbc_rt_item *it)
{
    if (!it) return;
    for (size_t i = 0; i < it->n; i++) {
        if (!it->attrs[i].name_static) free(it->attrs[i].name);
        ddbc_rt_av_free(&it->attrs[i].value);
    }
    free(it->attrs);
    it->attrs = NULL;
    it->n = it->cap = 0;
}

void ddbc_rt_av_free(ddbc_rt_av *v)
{
    if (!v) return;
    switch (v->type) {
    case DDBC_AV_S:
    case DDBC_AV_N:
    case DDBC_AV_B:
        free(v->u.s.ptr);
        break;
    case DDBC_AV_M:
        ddbc_rt_item_free(&v->u.m);
        break;
    case DDBC_AV_L:
    case DDBC_AV_SS:
    case DDBC_AV_NS:
    case DDBC_AV_BS:
        for (size_t i = 0; i < v->u.l.n; i++) ddbc_rt_av_free(&v->u.l.v[i]);
        free(v->u.l.v);
        break;
    case DDBC_AV_BOOL:
    case DDBC_AV_NULL:
        break;
    }
    v->type = DDBC_AV_NULL;
}

/* dst is overwritten; left empty on failure. */
ddbc_rt_status ddbc_rt_item_copy(ddbc_rt_item *dst, const ddbc_rt_item *src)
{
    if (!dst || !src) return DDBC_RT_INVALID_ARGUMENT;
    ddbc_rt_item out = DDBC_RT_ITEM_INIT;
    if (src->n) {
        out.attrs = malloc(src->n * sizeof *out.attrs);
        if (!out.attrs) goto oom;
        out.cap = src->n;
        for (size_t i = 0; i < src->n; i++) {
            ddbc_rt_attr *a = &out.attrs[i];
            const ddbc_rt_attr *s = &src->attrs[i];
            /* a borrowed name lives as long as the program: borrow it again */
            a->name_static = s->name_static;
            a->name_len = s->name_len;
            a->name = s->name_static ? s->name : dup_bytes(s->name, strlen(s->name));
            if (!a->name) goto oom;
            if (ddbc_rt_av_copy(&a->value, &s->value) != DDBC_RT_OK) {
                if (!a->name_static) free(a->name);
                goto oom;
            }
            out.n++;
        }
    }
    *dst = out;
    return DDBC_RT_OK;
oom:
    ddbc_rt_item_free(&out);
    *dst = (ddbc_rt_item)DDBC_RT_ITEM_INIT;
    return DDBC_RT_NO_MEMORY;
}

/* dst is overwritten; a NULL value on failure. */
ddbc_rt_status ddbc_rt_av_copy(ddbc_rt_av *dst, const ddbc_rt_av *src)
{
    if (!dst || !src) return DDBC_RT_INVALID_ARGUMENT;
    ddbc_rt_av out;
    out.type = src->type;
    switch (src->type) {
    case DDBC_AV_S:
    case DDBC_AV_N:
    case DDBC_AV_B:
        out.u.s.ptr = dup_bytes(src->u.s.ptr, src->u.s.len);
        out.u.s.len = src->u.s.len;
        if (!out.u.s.ptr) goto oom;
        break;
    case DDBC_AV_BOOL:
        out.u.b = src->u.b;
        break;
    case DDBC_AV_NULL:
        break;
    case DDBC_AV_M:
        if (ddbc_rt_item_copy(&out.u.m, &src->u.m) != DDBC_RT_OK) goto oom;
        break;
    case DDBC_AV_L:
    case DDBC_AV_SS:
    case DDBC_AV_NS:
    case DDBC_AV_BS:
        out.u.l.v = NULL;
        out.u.l.n = out.u.l.cap = 0;
        if (src->u.l.n) {
            out.u.l.v = malloc(src->u.l.n * sizeof *out.u.l.v);
            if (!out.u.l.v) goto oom;
            out.u.l.cap = src->u.l.n;
            for (size_t i = 0; i < src->u.l.n; i++) {
                if (ddbc_rt_av_copy(&out.u.l.v[i], &src->u.l.v[i]) != DDBC_RT_OK) {
                    ddbc_rt_av_free(&out);
                    goto oom;
                }
                out.u.l.n++;
            }
        }
        break;
    }
    *dst = out;
    return DDBC_RT_OK;
oom:
    dst->type = DDBC_AV_NULL;
    return DDBC_RT_NO_MEMORY;
}

/* ---- equality ---------------------------------------------------------------------- */

/* Numbers are equal when their canonical texts are ("1.50" = "1.5" = "15e-1"):
 * exact, unlike comparing doubles.  Text that is no valid number compares
 * byte for byte. */
static bool number_equal(const char *a, size_t alen, const char *b, size_t blen)
{
    if (alen == blen && memcmp(a, b, alen) == 0) return true;
    char ca[192], cb[192];
    long na = ddbc_keyenc_canonical_number(a, alen, ca, sizeof ca);
    long nb = ddbc_keyenc_canonical_number(b, blen, cb, sizeof cb);
    if (na < 0 || nb < 0 || (size_t)na >= sizeof ca || (size_t)nb >= sizeof cb) return false;
    return na == nb && memcmp(ca, cb, (size_t)na) == 0;
}

static bool contains(const ddbc_rt_av *set, const ddbc_rt_av *e)
{
    for (size_t i = 0; i < set->u.l.n; i++)
        if (ddbc_rt_av_equal(&set->u.l.v[i], e)) return true;
    return false;
}

/* Equality as DynamoDB sees it: N as numbers, M and sets unordered, L ordered. */
bool ddbc_rt_av_equal(const ddbc_rt_av *a, const ddbc_rt_av *b)
{
    if (!a || !b) return a == b;
    if (a->type != b->type) return false;
    switch (a->type) {
    case DDBC_AV_S:
    case DDBC_AV_B:
        return a->u.s.len == b->u.s.len && memcmp(a->u.s.ptr, b->u.s.ptr, a->u.s.len) == 0;
    case DDBC_AV_N:
        return number_equal(a->u.s.ptr, a->u.s.len, b->u.s.ptr, b->u.s.len);
    case DDBC_AV_BOOL:
        return a->u.b == b->u.b;
    case DDBC_AV_NULL:
        return true;
    case DDBC_AV_M:
        if (a->u.m.n != b->u.m.n) return false;
        for (size_t i = 0; i < a->u.m.n; i++) {
            const ddbc_rt_av *bv = ddbc_rt_item_get(&b->u.m, a->u.m.attrs[i].name);
            if (!bv || !ddbc_rt_av_equal(&a->u.m.attrs[i].value, bv)) return false;
        }
        return true;
    case DDBC_AV_L:
        if (a->u.l.n != b->u.l.n) return false;
        for (size_t i = 0; i < a->u.l.n; i++)
            if (!ddbc_rt_av_equal(&a->u.l.v[i], &b->u.l.v[i])) return false;
        return true;
    case DDBC_AV_SS:
    case DDBC_AV_NS:
    case DDBC_AV_BS:
        /* Containment both ways: the same set whatever the order (and even if
           a caller-built set repeats an element). */
        for (size_t i = 0; i < a->u.l.n; i++)
            if (!contains(b, &a->u.l.v[i])) return false;
        for (size_t i = 0; i < b->u.l.n; i++)
            if (!contains(a, &b->u.l.v[i])) return false;
        return true;
    }
    return false;
}

/* ---- item lists ---------------------------------------------------------------------- */

/* Takes *it (left empty); NO_MEMORY leaves both as they were. */
ddbc_rt_status ddbc_rt_items_push(ddbc_rt_items *list, ddbc_rt_item *it)
{
    if (!list || !it) return DDBC_RT_INVALID_ARGUMENT;
    if (list->n == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 16;
        if (cap > SIZE_MAX / sizeof *list->v) return DDBC_RT_NO_MEMORY;
        ddbc_rt_item *v = realloc(list->v, cap * sizeof *v);
        if (!v) return DDBC_RT_NO_MEMORY;
        list->v = v;
        list->cap = cap;
    }
    list->v[list->n++] = *it;
    *it = (ddbc_rt_item)DDBC_RT_ITEM_INIT;
    return DDBC_RT_OK;
}

void ddbc_rt_items_free(ddbc_rt_items *list)
{
    if (!list) return;
    for (size_t i = 0; i < list->n; i++) ddbc_rt_item_free(&list->v[i]);
    free(list->v);
    list->v = NULL;
    list->n = list->cap = 0;
}
