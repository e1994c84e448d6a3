/* rt_filter.c — WHERE conjuncts as DynamoDB Filter/ConditionExpressions and
 * in memory, with SQL's NULL semantics: a row qualifies only when every
 * conjunct is TRUE, and a comparison with an absent attribute, a stored NULL
 * or a NULL argument is never TRUE, negated or not.  Also the values operands
 * stand for (parameters, literals, attributes of a row, fan-out elements). */
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"

/* DynamoDB accepts at most 100 operands in one IN (…). */
#define IN_CHUNK 100

static void av_null(ddbc_rt_av *v)
{
    memset(v, 0, sizeof *v);
    v->type = DDBC_AV_NULL;
    v->u.b = true;
}

ddbc_rt_status rt_operand_value(const ddbc_rt_operand *o, const ddbc_rt_av *args, size_t nargs,
                                const ddbc_rt_row *row, const ddbc_rt_av *fan, ddbc_rt_av *out)
{
    av_null(out);
    switch (o->kind) {
    case DDBC_RT_ARG_PARAM:
        if (o->param < 0 || (size_t)o->param >= nargs || !args) return DDBC_RT_INVALID_ARGUMENT;
        return ddbc_rt_av_copy(out, &args[o->param]);
    case DDBC_RT_ARG_LITERAL:
        if (!o->literal) return DDBC_RT_OK;
        return ddbc_rt_av_from_text(out, o->vkind, o->literal, strlen(o->literal));
    case DDBC_RT_ARG_ATTR: {
        if (!row || o->binding < 0 || (size_t)o->binding >= row->width || !o->attr)
            return DDBC_RT_INVALID_ARGUMENT;
        const ddbc_rt_av *v = ddbc_rt_item_get(&row->items[o->binding], o->attr);
        return v ? ddbc_rt_av_copy(out, v) : DDBC_RT_OK;
    }
    case DDBC_RT_ARG_FAN_OUT:
        if (!fan) return DDBC_RT_INVALID_ARGUMENT;
        return ddbc_rt_av_copy(out, fan);
    }
    return DDBC_RT_INVALID_ARGUMENT;
}

/* ---- the operand values of one conjunct ---------------------------------------- */

typedef struct vals {
    ddbc_rt_av *v;
    size_t n, cap;
} vals;

static void vals_free(vals *vs)
{
    for (size_t i = 0; i < vs->n; i++) ddbc_rt_av_free(&vs->v[i]);
    free(vs->v);
    vs->v = NULL;
    vs->n = vs->cap = 0;
}

/* Takes *v (left NULL). */
static ddbc_rt_status vals_push(vals *vs, ddbc_rt_av *v)
{
    if (vs->n == vs->cap) {
        size_t cap = vs->cap ? vs->cap * 2 : 4;
        ddbc_rt_av *nv = realloc(vs->v, cap * sizeof *nv);
        if (!nv) return DDBC_RT_NO_MEMORY;
        vs->v = nv;
        vs->cap = cap;
    }
    vs->v[vs->n++] = *v;
    av_null(v);
    return DDBC_RT_OK;
}

static bool is_null(const ddbc_rt_av *v)
{
    return !v || v->type == DDBC_AV_NULL;
}

/* The conjunct's operand values in order; an L argument of IN (a slice)
 * contributes its elements. */
static ddbc_rt_status gather(const ddbc_rt_filter *f, const ddbc_rt_av *args, size_t nargs,
                             const ddbc_rt_row *row, vals *out)
{
    for (size_t i = 0; i < f->nargs; i++) {
        ddbc_rt_av v;
        ddbc_rt_status st = rt_operand_value(&f->args[i], args, nargs, row, NULL, &v);
        if (st != DDBC_RT_OK) {
            ddbc_rt_av_free(&v);
            return st;
        }
        if (f->op == DDBC_RT_IN && v.type == DDBC_AV_L) {
            for (size_t j = 0; j < v.u.l.n && st == DDBC_RT_OK; j++) {
                ddbc_rt_av e;
                st = ddbc_rt_av_copy(&e, &v.u.l.v[j]);
                if (st == DDBC_RT_OK) st = vals_push(out, &e);
                if (st != DDBC_RT_OK) ddbc_rt_av_free(&e);
            }
            ddbc_rt_av_free(&v);
        } else {
            st = vals_push(out, &v);
            if (st != DDBC_RT_OK) ddbc_rt_av_free(&v);
        }
        if (st != DDBC_RT_OK) return st;
    }
    return DDBC_RT_OK;
}

/* ---- rendering -------------------------------------------------------------------- */

static const char *type_name(ddbc_rt_av_type t)
{
    static const char *const names[] = {
        [DDBC_AV_S] = "S", [DDBC_AV_N] = "N", [DDBC_AV_B] = "B", [DDBC_AV_BOOL] = "BOOL",
        [DDBC_AV_NULL] = "NULL", [DDBC_AV_M] = "M", [DDBC_AV_L] = "L", [DDBC_AV_SS] = "SS",
        [DDBC_AV_NS] = "NS", [DDBC_AV_BS] = "BS",
    };
    return names[t];
}

static void put_type(rt_expr *e, const char *name)
{
    ddbc_rt_av t = {.type = DDBC_AV_S};
    t.u.s.ptr = (char *)(uintptr_t)name;   /* rt_expr_value copies it */
    t.u.s.len = strlen(name);
    rt_expr_value(e, &t);
}

/* attribute_type(#a, :t) — TRUE only when the attribute holds a value of that
 * type, so neither an absent attribute nor a stored NULL passes. */
static void render_has_type(rt_expr *e, const char *attr, ddbc_rt_av_type type)
{
    rt_expr_puts(e, "attribute_type(");
    rt_expr_name(e, attr);
    rt_expr_puts(e, ", ");
    put_type(e, type_name(type));
    rt_expr_puts(e, ")");
}

/* The attribute holds a non-NULL value. */
static void render_present(rt_expr *e, const char *attr)
{
    rt_expr_puts(e, "attribute_exists(");
    rt_expr_name(e, attr);
    rt_expr_puts(e, ") AND NOT attribute_type(");
    rt_expr_name(e, attr);
    rt_expr_puts(e, ", ");
    put_type(e, "NULL");
    rt_expr_puts(e, ")");
}

/* A condition no item satisfies (a NULL argument, an empty IN list): the
 * expression stays well-formed and mentions only the conjunct's attribute. */
static void render_false(rt_expr *e, const char *attr)
{
    rt_expr_puts(e, "attribute_exists(");
    rt_expr_name(e, attr);
    rt_expr_puts(e, ") AND attribute_not_exists(");
    rt_expr_name(e, attr);
    rt_expr_puts(e, ")");
}

static void render_cmp(rt_expr *e, const char *attr, const char *op, const ddbc_rt_av *v)
{
    rt_expr_name(e, attr);
    rt_expr_puts(e, op);
    rt_expr_value(e, v);
}

/* #a IN (…) in chunks of at most 100, ORed; NULL elements never match. */
static void render_in(rt_expr *e, const char *attr, const vals *vs)
{
    size_t done = 0, chunks = 0;
    for (;;) {
        while (done < vs->n && is_null(&vs->v[done])) done++;
        if (done == vs->n) break;
        if (chunks++) rt_expr_puts(e, " OR ");
        rt_expr_name(e, attr);
        rt_expr_puts(e, " IN (");
        size_t k = 0;
        for (; done < vs->n && k < IN_CHUNK; done++) {
            if (is_null(&vs->v[done])) continue;
            if (k++) rt_expr_puts(e, ", ");
            rt_expr_value(e, &vs->v[done]);
        }
        rt_expr_puts(e, ")");
    }
}

static ddbc_rt_op negate_cmp(ddbc_rt_op op)
{
    switch (op) {
    case DDBC_RT_EQ: return DDBC_RT_NE;
    case DDBC_RT_NE: return DDBC_RT_EQ;
    case DDBC_RT_LT: return DDBC_RT_GE;
    case DDBC_RT_LE: return DDBC_RT_GT;
    case DDBC_RT_GT: return DDBC_RT_LE;
    case DDBC_RT_GE: return DDBC_RT_LT;
    case DDBC_RT_IS_NULL: return DDBC_RT_IS_NOT_NULL;
    case DDBC_RT_IS_NOT_NULL: return DDBC_RT_IS_NULL;
    default: return op;
    }
}

static size_t count_non_null(const vals *vs, bool *any_null)
{
    size_t k = 0;
    *any_null = false;
    for (size_t i = 0; i < vs->n; i++) {
        if (is_null(&vs->v[i])) *any_null = true;
        else k++;
    }
    return k;
}

/* One conjunct, rendered so that it is TRUE exactly when SQL says TRUE. */
static void render_one(rt_expr *e, const ddbc_rt_filter *f, const vals *vs)
{
    const char *a = f->attr;
    ddbc_rt_op op = f->negated ? negate_cmp(f->op) : f->op;
    const ddbc_rt_av *v0 = vs->n > 0 ? &vs->v[0] : NULL;
    const ddbc_rt_av *v1 = vs->n > 1 ? &vs->v[1] : NULL;
    bool any_null;
    switch (op) {
    case DDBC_RT_IS_NULL:
        rt_expr_puts(e, "attribute_not_exists(");
        rt_expr_name(e, a);
        rt_expr_puts(e, ") OR attribute_type(");
        rt_expr_name(e, a);
        rt_expr_puts(e, ", ");
        put_type(e, "NULL");
        rt_expr_puts(e, ")");
        return;
    case DDBC_RT_IS_NOT_NULL:
        render_present(e, a);
        return;
    case DDBC_RT_EQ: case DDBC_RT_LT: case DDBC_RT_LE: case DDBC_RT_GT: case DDBC_RT_GE: {
        static const char *const ops[] = {[DDBC_RT_EQ] = " = ", [DDBC_RT_LT] = " < ",
                                          [DDBC_RT_LE] = " <= ", [DDBC_RT_GT] = " > ",
                                          [DDBC_RT_GE] = " >= "};
        if (is_null(v0)) render_false(e, a);
        else render_cmp(e, a, ops[op], v0);
        return;
    }
    case DDBC_RT_NE:
        /* `#a <> :v` alone is TRUE for an absent attribute */
        if (is_null(v0)) {
            render_false(e, a);
            return;
        }
        render_has_type(e, a, v0->type);
        rt_expr_puts(e, " AND ");
        render_cmp(e, a, " <> ", v0);
        return;
    case DDBC_RT_BETWEEN:
        if (!f->negated) {
            /* as >= AND <=: DynamoDB rejects BETWEEN with lo > hi, SQL says FALSE */
            if (is_null(v0) || is_null(v1)) {
                render_false(e, a);
                return;
            }
            render_cmp(e, a, " >= ", v0);
            rt_expr_puts(e, " AND ");
            render_cmp(e, a, " <= ", v1);
            return;
        }
        /* NOT BETWEEN = a < lo OR a > hi; a NULL bound makes its side unknown */
        if (is_null(v0) && is_null(v1)) {
            render_false(e, a);
            return;
        }
        if (!is_null(v0)) render_cmp(e, a, " < ", v0);
        if (!is_null(v0) && !is_null(v1)) rt_expr_puts(e, " OR ");
        if (!is_null(v1)) render_cmp(e, a, " > ", v1);
        return;
    case DDBC_RT_BEGINS_WITH:
        if (is_null(v0)) {
            render_false(e, a);
            return;
        }
        if (f->negated) {
            render_has_type(e, a, v0->type);
            rt_expr_puts(e, " AND NOT ");
        }
        rt_expr_puts(e, "begins_with(");
        rt_expr_name(e, a);
        rt_expr_puts(e, ", ");
        rt_expr_value(e, v0);
        rt_expr_puts(e, ")");
        return;
    case DDBC_RT_LIKE:
        break;   /* refused by rt_filter_render before this point */
    case DDBC_RT_IN: {
        size_t k = count_non_null(vs, &any_null);
        if (!f->negated) {
            if (k == 0) render_false(e, a);
            else render_in(e, a, vs);
            return;
        }
        /* x NOT IN (…, NULL) is never TRUE */
        if (any_null) {
            render_false(e, a);
            return;
        }
        render_present(e, a);
        if (k > 0) {
            rt_expr_puts(e, " AND NOT (");
            render_in(e, a, vs);
            rt_expr_puts(e, ")");
        }
        return;
    }
    }
    render_false(e, a);
}

ddbc_rt_status rt_filter_render(rt_expr *e, const ddbc_rt_filter *f, size_t n,
                                const ddbc_rt_av *args, size_t nargs, const ddbc_rt_row *row)
{
    /* no expression function matches a LIKE pattern: the caller applies such
       filters to the items read (rt_filter_holds) */
    for (size_t i = 0; i < n; i++)
        if (f[i].op == DDBC_RT_LIKE) return DDBC_RT_INVALID_ARGUMENT;
    for (size_t i = 0; i < n; i++) {
        vals vs = {NULL, 0, 0};
        ddbc_rt_status st = gather(&f[i], args, nargs, row, &vs);
        if (st != DDBC_RT_OK) {
            vals_free(&vs);
            return st;
        }
        if (i) rt_expr_puts(e, " AND ");
        rt_expr_puts(e, "(");
        render_one(e, &f[i], &vs);
        rt_expr_puts(e, ")");
        vals_free(&vs);
    }
    return e->failed || e->text.failed ? DDBC_RT_NO_MEMORY : DDBC_RT_OK;
}

/* ---- in memory ----------------------------------------------------------------------- */

static int bytes_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
    int c = memcmp(a, b, alen < blen ? alen : blen);
    if (c) return c < 0 ? -1 : 1;
    return alen < blen ? -1 : alen > blen ? 1 : 0;
}

/* Numbers compared through keyenc's order-preserving form (exact for every
 * value DynamoDB accepts); strtod only for text keyenc refuses. */
static int number_cmp(const ddbc_rt_av *a, const ddbc_rt_av *b)
{
    char ea[64], eb[64];
    long la = ddbc_keyenc_value(DDBC_KEYENC_NUMBER, a->u.s.ptr, a->u.s.len, false, ea, sizeof ea);
    long lb = ddbc_keyenc_value(DDBC_KEYENC_NUMBER, b->u.s.ptr, b->u.s.len, false, eb, sizeof eb);
    if (la >= 0 && lb >= 0 && (size_t)la < sizeof ea && (size_t)lb < sizeof eb)
        return bytes_cmp(ea, (size_t)la, eb, (size_t)lb);
    double da = strtod(a->u.s.ptr, NULL), db = strtod(b->u.s.ptr, NULL);
    return da < db ? -1 : da > db ? 1 : 0;
}

/* -1/0/1, or 2 when the values cannot be compared (types differ, or an
 * ordering is asked of BOOL); `eq_only` allows BOOL. */
static int av_cmp(const ddbc_rt_av *a, const ddbc_rt_av *b, bool eq_only)
{
    if (a->type != b->type) return 2;
    switch (a->type) {
    case DDBC_AV_S:
    case DDBC_AV_B: return bytes_cmp(a->u.s.ptr, a->u.s.len, b->u.s.ptr, b->u.s.len);
    case DDBC_AV_N: return number_cmp(a, b);
    case DDBC_AV_BOOL: return eq_only ? (a->u.b == b->u.b ? 0 : 1) : 2;
    default: return eq_only ? (ddbc_rt_av_equal(a, b) ? 0 : 1) : 2;
    }
}

static bool cmp_holds(const ddbc_rt_av *x, ddbc_rt_op op, const ddbc_rt_av *v)
{
    if (is_null(x) || is_null(v)) return false;
    int c = av_cmp(x, v, op == DDBC_RT_EQ || op == DDBC_RT_NE);
    if (c == 2) return false;
    switch (op) {
    case DDBC_RT_EQ: return c == 0;
    case DDBC_RT_NE: return c != 0;
    case DDBC_RT_LT: return c < 0;
    case DDBC_RT_LE: return c <= 0;
    case DDBC_RT_GT: return c > 0;
    case DDBC_RT_GE: return c >= 0;
    default: return false;
    }
}

static bool in_holds(const ddbc_rt_av *x, const vals *vs)
{
    for (size_t i = 0; i < vs->n; i++)
        if (cmp_holds(x, DDBC_RT_EQ, &vs->v[i])) return true;
    return false;
}

/* Length of the UTF-8 sequence starting at s[0] (1 for a stray byte), so '_'
 * takes one character as PostgreSQL and SQLite do, not one byte. */
static size_t char_len(const char *s, size_t n)
{
    size_t k = 1;
    while (k < n && ((unsigned char)s[k] & 0xC0) == 0x80) k++;
    return k;
}

/* SQL LIKE with PostgreSQL's rules: '%' matches any run of characters, '_'
 * exactly one, '\' makes the next character literal; case-sensitive.  1: match,
 * 0: no match, -1: the pattern ends with a lone escape (an error in SQL). */
static int like_match(const char *s, size_t sn, const char *p, size_t pn)
{
    for (size_t i = 0; i < pn; i++)
        if (p[i] == '\\' && ++i == pn) return -1;
    size_t si = 0, pi = 0;
    size_t star_p = (size_t)-1, star_s = 0;   /* after the last '%': pattern, text */
    while (si < sn) {
        if (pi < pn && p[pi] == '%') {
            while (pi < pn && p[pi] == '%') pi++;
            star_p = pi;
            star_s = si;
            continue;
        }
        if (pi < pn && p[pi] == '_') {
            si += char_len(s + si, sn - si);
            pi++;
            continue;
        }
        if (pi < pn) {
            size_t lit = pi;
            if (p[pi] == '\\') lit = pi + 1;   /* never the end: checked above */
            if (s[si] == p[lit]) {
                si++;
                pi = lit + 1;
                continue;
            }
        }
        if (star_p == (size_t)-1) return 0;
        /* let the last '%' take one more character and retry from there */
        star_s += char_len(s + star_s, sn - star_s);
        si = star_s;
        pi = star_p;
    }
    while (pi < pn && p[pi] == '%') pi++;
    return pi == pn;
}

static bool one_holds(const ddbc_rt_filter *f, const ddbc_rt_av *x, const vals *vs)
{
    ddbc_rt_op op = f->negated ? negate_cmp(f->op) : f->op;
    const ddbc_rt_av *v0 = vs->n > 0 ? &vs->v[0] : NULL;
    const ddbc_rt_av *v1 = vs->n > 1 ? &vs->v[1] : NULL;
    bool any_null;
    switch (op) {
    case DDBC_RT_IS_NULL: return is_null(x);
    case DDBC_RT_IS_NOT_NULL: return !is_null(x);
    case DDBC_RT_EQ: case DDBC_RT_NE: case DDBC_RT_LT: case DDBC_RT_LE: case DDBC_RT_GT: case DDBC_RT_GE:
        return cmp_holds(x, op, v0);
    case DDBC_RT_BETWEEN:
        if (!f->negated) return cmp_holds(x, DDBC_RT_GE, v0) && cmp_holds(x, DDBC_RT_LE, v1);
        return cmp_holds(x, DDBC_RT_LT, v0) || cmp_holds(x, DDBC_RT_GT, v1);
    case DDBC_RT_BEGINS_WITH: {
        if (is_null(x) || is_null(v0) || x->type != v0->type ||
            (x->type != DDBC_AV_S && x->type != DDBC_AV_B))
            return false;
        bool pre = x->u.s.len >= v0->u.s.len && memcmp(x->u.s.ptr, v0->u.s.ptr, v0->u.s.len) == 0;
        return f->negated ? !pre : pre;
    }
    case DDBC_RT_IN:
        if (!f->negated) return in_holds(x, vs);
        count_non_null(vs, &any_null);
        return !any_null && !is_null(x) && !in_holds(x, vs);
    case DDBC_RT_LIKE: {
        /* NULL on either side, or a malformed pattern: neither LIKE nor NOT LIKE */
        if (is_null(x) || is_null(v0) || x->type != DDBC_AV_S || v0->type != DDBC_AV_S) return false;
        int m = like_match(x->u.s.ptr, x->u.s.len, v0->u.s.ptr, v0->u.s.len);
        if (m < 0) return false;
        return f->negated ? !m : m == 1;
    }
    }
    return false;
}

bool rt_filter_holds(const ddbc_rt_filter *f, size_t n, const ddbc_rt_item *item,
                     const ddbc_rt_av *args, size_t nargs)
{
    /* ATTR operands read the item itself (a one-binding row) */
    ddbc_rt_item self = *item;
    ddbc_rt_row row = {&self, 1};
    for (size_t i = 0; i < n; i++) {
        vals vs = {NULL, 0, 0};
        if (gather(&f[i], args, nargs, &row, &vs) != DDBC_RT_OK) {
            vals_free(&vs);
            return false;
        }
        bool ok = one_holds(&f[i], ddbc_rt_item_get(item, f[i].attr), &vs);
        vals_free(&vs);
        if (!ok) return false;
    }
    return true;
}
