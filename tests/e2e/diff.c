/* diff.c — the differential test: the same random data in SQLite and, through
 * the generated accessors, in DynamoDB; every served pattern run both ways with
 * random parameters must give the same rows (same order where the SQL orders,
 * same count under a LIMIT), before and after updates and deletes; UNIQUE
 * columns must refuse duplicates without leaving anything half-written.
 *
 * The SQLite tables are the example's own schema as ddbc read it: built from
 * the generated descriptors (columns, primary key, UNIQUE sets, foreign keys),
 * not from schema.sql, so what is compared is ddbc's reading of the schema.
 * Timestamps are generated in one canonical form, "YYYY-MM-DDTHH:MM:SS.ffffffZ"
 * (UTC, microseconds), which is what keyenc and ddbc_rt_now_utc produce: text
 * order in SQLite is then time order in ddbc's keys.  Dates are "YYYY-MM-DD". */
#define _POSIX_C_SOURCE 200809L

#include "diff.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

/* Patterns that cannot be compared by design: {prefix, pattern, reason}.
 * Printed at run time; nothing else is skipped. */
static const char *const excluded[][3] = {
    {NULL, NULL, NULL},
};

/* ---- small utilities ---------------------------------------------------------------- */

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("diff: fatal: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) die("out of memory");
    return p;
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) die("out of memory");
    return p;
}

static char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

static char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }

typedef struct sbuf {
    char *p;
    size_t n, cap;
} sbuf;

static void sb_putn(sbuf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        b->cap = (b->n + n + 1) * 2;
        b->p = xrealloc(b->p, b->cap);
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void sb_puts(sbuf *b, const char *s) { sb_putn(b, s, strlen(s)); }

static void sb_printf(sbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void sb_printf(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) die("vsnprintf");
    char *tmp = xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(tmp, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb_putn(b, tmp, (size_t)n);
    free(tmp);
}

static const char *sb_str(sbuf *b)
{
    if (!b->p) sb_putn(b, "", 0);
    return b->p;
}

static void sb_ident(sbuf *b, const char *name)
{
    sb_puts(b, "\"");
    for (const char *q = name; *q; q++) sb_putn(b, *q == '"' ? "\"\"" : q, 1 + (*q == '"'));
    sb_puts(b, "\"");
}

static bool same_ci(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return false;
    return *a == *b;
}

static bool contains_ci(const char *hay, const char *needle)
{
    if (!hay) return false;
    size_t n = strlen(needle);
    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && hay[i] && tolower((unsigned char)hay[i]) == needle[i]) i++;
        if (i == n) return true;
    }
    return false;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* ---- the random source (xorshift64*; the seed is printed) ----------------------------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ULL;
}

static uint64_t rndn(uint64_t n) { return n ? rnd() % n : 0; }
static bool chance(int pct) { return rndn(100) < (uint64_t)pct; }

/* ---- configuration and failure accounting ------------------------------------------- */

static const ddbc_rt_schema *S;
static ddbc_rt_client *C;
static sqlite3 *DB;
static const char *table_name;
static long rows_per_table = 100;
static long calls_per_pattern = 4;
static long nfail, ncompared, nrows_compared, nstatus_mapped;
static const long max_reports = 40;

static void fail_begin(void) { nfail++; }

static bool reporting(void) { return nfail <= max_reports; }

static void client_error(const char *what, ddbc_rt_status st)
{
    const ddbc_rt_error *e = ddbc_rt_client_error(C);
    fprintf(stderr, "  %s: %s (%s)", what, ddbc_rt_status_name(st), ddbc_rt_status_str(st));
    if (e && (e->type[0] || e->message[0]))
        fprintf(stderr, " — %s %s: %s", e->operation, e->type, e->message);
    if (e && e->nreasons) {
        fprintf(stderr, " reasons:");
        for (int i = 0; i < e->nreasons; i++) fprintf(stderr, " %s", e->reasons[i]);
    }
    fputc('\n', stderr);
}

/* ---- values: one typed form both sides convert to ------------------------------------- */

typedef enum cls { C_TEXT, C_INT, C_FLOAT, C_DEC, C_BOOL, C_BLOB } cls;
typedef enum vtype { V_NULL, V_INT, V_REAL, V_TEXT, V_BLOB } vtype;

typedef struct val {
    vtype t;
    int64_t i;
    double d;
    char *s;   /* TEXT/BLOB, owned */
    size_t n;
} val;

static void val_free(val *v)
{
    free(v->s);
    memset(v, 0, sizeof *v);
}

static void val_text(val *v, const char *s, size_t n, vtype t)
{
    v->t = t;
    v->s = xstrndup(s, n);
    v->n = n;
}

static void canonical_decimal(val *v, const char *s, size_t n)
{
    char buf[256];
    long k = ddbc_keyenc_canonical_number(s, n, buf, sizeof buf);
    if (k >= 0 && (size_t)k < sizeof buf) val_text(v, buf, (size_t)k, V_TEXT);
    else val_text(v, s, n, V_TEXT);
}

/* SQLite's order: NULL < numbers < text < blob; text and blobs by memcmp. */
static int val_cmp(const val *a, const val *b)
{
    int ra = a->t == V_NULL ? 0 : a->t == V_INT || a->t == V_REAL ? 1 : a->t == V_TEXT ? 2 : 3;
    int rb = b->t == V_NULL ? 0 : b->t == V_INT || b->t == V_REAL ? 1 : b->t == V_TEXT ? 2 : 3;
    if (ra != rb) return ra < rb ? -1 : 1;
    if (ra == 0) return 0;
    if (ra == 1) {
        if (a->t == V_INT && b->t == V_INT) return a->i < b->i ? -1 : a->i > b->i;
        double x = a->t == V_INT ? (double)a->i : a->d, y = b->t == V_INT ? (double)b->i : b->d;
        return x < y ? -1 : x > y;
    }
    size_t n = a->n < b->n ? a->n : b->n;
    int c = memcmp(a->s, b->s, n);
    if (c) return c < 0 ? -1 : 1;
    return a->n < b->n ? -1 : a->n > b->n;
}

static void val_print(FILE *f, const val *v)
{
    switch (v->t) {
    case V_NULL: fputs("NULL", f); break;
    case V_INT: fprintf(f, "%" PRId64, v->i); break;
    case V_REAL: fprintf(f, "%.17g", v->d); break;
    case V_TEXT:
        fputc('\'', f);
        for (size_t i = 0; i < v->n; i++) {
            unsigned char ch = (unsigned char)v->s[i];
            if (ch < 0x20 || ch == 0x7f) fprintf(f, "\\x%02x", ch);
            else if (ch == '\'') fputs("''", f);
            else fputc(ch, f);
        }
        fputc('\'', f);
        break;
    case V_BLOB:
        fputs("x'", f);
        for (size_t i = 0; i < v->n; i++) fprintf(f, "%02x", (unsigned char)v->s[i]);
        fputc('\'', f);
        break;
    }
}

static void val_from_av(val *v, const ddbc_rt_av *av, cls c)
{
    memset(v, 0, sizeof *v);
    if (!av) return;
    switch (av->type) {
    case DDBC_AV_NULL: return;
    case DDBC_AV_S:
        if (c == C_DEC) canonical_decimal(v, av->u.s.ptr, av->u.s.len);
        else val_text(v, av->u.s.ptr, av->u.s.len, V_TEXT);
        return;
    case DDBC_AV_N: {
        const char *s = av->u.s.ptr;
        char *end = NULL;
        errno = 0;
        if (c == C_INT || c == C_BOOL) {
            long long x = strtoll(s, &end, 10);
            if (!errno && end && *end == '\0' && end != s) {
                v->t = V_INT;
                v->i = x;
                return;
            }
        } else if (c == C_FLOAT) {
            double x = strtod(s, &end);
            if (end && *end == '\0' && end != s) {
                v->t = V_REAL;
                v->d = x;
                return;
            }
        }
        canonical_decimal(v, s, av->u.s.len);   /* shows up as a mismatch of types */
        return;
    }
    case DDBC_AV_BOOL:
        v->t = V_INT;
        v->i = av->u.b;
        return;
    case DDBC_AV_B: val_text(v, av->u.s.ptr, av->u.s.len, V_BLOB); return;
    default: val_text(v, "<M/L/set value>", 15, V_TEXT); return;
    }
}

static void val_from_sqlite(val *v, sqlite3_stmt *st, int i, cls c)
{
    memset(v, 0, sizeof *v);
    switch (sqlite3_column_type(st, i)) {
    case SQLITE_NULL: return;
    case SQLITE_INTEGER:
        if (c == C_FLOAT) {
            v->t = V_REAL;
            v->d = (double)sqlite3_column_int64(st, i);
        } else if (c == C_DEC) {
            char buf[32];
            int n = snprintf(buf, sizeof buf, "%lld", (long long)sqlite3_column_int64(st, i));
            canonical_decimal(v, buf, (size_t)n);
        } else {
            v->t = V_INT;
            v->i = sqlite3_column_int64(st, i);
        }
        return;
    case SQLITE_FLOAT:
        v->t = V_REAL;
        v->d = sqlite3_column_double(st, i);
        return;
    case SQLITE_TEXT: {
        const char *s = (const char *)sqlite3_column_text(st, i);
        size_t n = (size_t)sqlite3_column_bytes(st, i);
        if (c == C_DEC) canonical_decimal(v, s, n);
        else val_text(v, s, n, V_TEXT);
        return;
    }
    default: {
        const void *p = sqlite3_column_blob(st, i);
        size_t n = (size_t)sqlite3_column_bytes(st, i);
        val_text(v, p ? p : "", n, V_BLOB);
        return;
    }
    }
}

/* An attribute value in a column's class, from SQLite (for items built from rows). */
static void item_set_sqlite(ddbc_rt_item *it, const char *name, sqlite3_stmt *st, int i, cls c)
{
    ddbc_rt_status s = DDBC_RT_OK;
    int t = sqlite3_column_type(st, i);
    if (t == SQLITE_NULL) {
        s = ddbc_rt_item_set_null(it, name);
    } else if (c == C_BOOL) {
        s = ddbc_rt_item_set_bool(it, name, sqlite3_column_int64(st, i) != 0);
    } else if (c == C_INT) {
        s = ddbc_rt_item_set_i64(it, name, sqlite3_column_int64(st, i));
    } else if (c == C_FLOAT) {
        s = ddbc_rt_item_set_double(it, name, sqlite3_column_double(st, i));
    } else if (c == C_DEC) {
        s = ddbc_rt_item_set_n(it, name, (const char *)sqlite3_column_text(st, i));
    } else if (c == C_BLOB) {
        s = ddbc_rt_item_set_b(it, name, sqlite3_column_blob(st, i),
                               (size_t)sqlite3_column_bytes(st, i));
    } else {
        s = ddbc_rt_item_set_s(it, name, (const char *)sqlite3_column_text(st, i),
                               (size_t)sqlite3_column_bytes(st, i));
    }
    if (s != DDBC_RT_OK) die("item_set: %s", ddbc_rt_status_name(s));
}

static void bind_av(sqlite3_stmt *st, int k, const ddbc_rt_av *av, cls c)
{
    int rc = SQLITE_OK;
    if (!av || av->type == DDBC_AV_NULL) {
        rc = sqlite3_bind_null(st, k);
    } else if (av->type == DDBC_AV_BOOL) {
        rc = sqlite3_bind_int64(st, k, av->u.b);
    } else if (av->type == DDBC_AV_N) {
        if (c == C_FLOAT) rc = sqlite3_bind_double(st, k, strtod(av->u.s.ptr, NULL));
        else if (c == C_DEC) rc = sqlite3_bind_text(st, k, av->u.s.ptr, (int)av->u.s.len, SQLITE_TRANSIENT);
        else rc = sqlite3_bind_int64(st, k, strtoll(av->u.s.ptr, NULL, 10));
    } else if (av->type == DDBC_AV_B) {
        if (av->u.s.len == 0) rc = sqlite3_bind_zeroblob(st, k, 0);
        else rc = sqlite3_bind_blob(st, k, av->u.s.ptr, (int)av->u.s.len, SQLITE_TRANSIENT);
    } else if (av->type == DDBC_AV_S) {
        rc = sqlite3_bind_text(st, k, av->u.s.ptr, (int)av->u.s.len, SQLITE_TRANSIENT);
    } else {
        rc = sqlite3_bind_null(st, k);
    }
    if (rc != SQLITE_OK) die("sqlite bind: %s", sqlite3_errmsg(DB));
}

static void av_print(FILE *f, const ddbc_rt_av *av)
{
    if (!av) {
        fputs("(absent)", f);
        return;
    }
    val v;
    switch (av->type) {
    case DDBC_AV_N: fprintf(f, "%s", av->u.s.ptr); return;
    case DDBC_AV_L:
        fputc('[', f);
        for (size_t i = 0; i < av->u.l.n; i++) {
            if (i) fputs(", ", f);
            av_print(f, &av->u.l.v[i]);
        }
        fputc(']', f);
        return;
    default:
        val_from_av(&v, av, C_TEXT);
        val_print(f, &v);
        val_free(&v);
        return;
    }
}

/* ---- the schema as the harness sees it ---------------------------------------------- */

typedef enum gen {
    G_TEXT, G_TS, G_DATE, G_JSON, G_ARRAY, G_UUID, G_ENUM, G_LIT, G_CHARN,
} gen;

typedef struct colinfo {
    const ddbc_rt_column *col;
    cls c;
    gen g;
    bool keypart;        /* appears in a key template: never an empty string */
    bool pk, keycol;     /* in the SQL primary key / the base key */
    bool unsig;          /* an unsigned integer */
    int charn;
    char **lits;         /* values the queries compare it with, enum values */
    size_t nlits;
    char **prefixes;     /* LIKE 'p%' prefixes */
    size_t nprefixes;
} colinfo;

typedef struct ent {
    const ddbc_rt_entity_api *api;
    const ddbc_rt_entity *e;
    colinfo *cols;
    char *deletable;     /* WHERE clause: no row references this one */
} ent;

static ent *ents;
static size_t nents;

static ent *ent_of(const ddbc_rt_entity *e)
{
    for (size_t i = 0; i < nents; i++)
        if (ents[i].e == e) return &ents[i];
    for (size_t i = 0; i < nents && e; i++)
        if (strcmp(ents[i].e->name, e->name) == 0) return &ents[i];
    return NULL;
}

static ent *ent_named(const char *name)
{
    for (size_t i = 0; i < nents && name; i++)
        if (strcmp(ents[i].e->name, name) == 0) return &ents[i];
    return NULL;
}

static int col_index(const ent *E, const char *name)
{
    for (size_t i = 0; i < E->e->ncolumns && name; i++)
        if (strcmp(E->e->columns[i].name, name) == 0) return (int)i;
    return -1;
}

static colinfo *col_of(const ent *E, const char *name)
{
    int i = E ? col_index(E, name) : -1;
    return i < 0 ? NULL : &E->cols[i];
}

static cls class_of(const ddbc_rt_column *c)
{
    switch (c->kind) {
    case DDBC_RT_BOOL: return C_BOOL;
    case DDBC_RT_BINARY: return C_BLOB;
    case DDBC_RT_STRING: return C_TEXT;
    case DDBC_RT_NUMBER:
        if (contains_ci(c->sql_type, "int") || contains_ci(c->sql_type, "serial")) return C_INT;
        if (contains_ci(c->sql_type, "real") || contains_ci(c->sql_type, "double") ||
            contains_ci(c->sql_type, "float"))
            return C_FLOAT;
        return C_DEC;
    }
    return C_TEXT;
}

static void add_str(char ***v, size_t *n, const char *s, size_t len)
{
    for (size_t i = 0; i < *n; i++)
        if (strlen((*v)[i]) == len && memcmp((*v)[i], s, len) == 0) return;
    *v = xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[(*n)++] = xstrndup(s, len);
}

/* ---- SQL tokens: enough of every dialect the examples use ------------------------------ */

typedef enum tkind { T_END, T_IDENT, T_QIDENT, T_STRING, T_NUMBER, T_DOLLAR, T_QMARK, T_AT, T_OP } tkind;

typedef struct tok {
    tkind k;
    const char *p;
    size_t n;
} tok;

static tok next_tok(const char **sp)
{
    const char *s = *sp;
    for (;;) {
        while (*s && isspace((unsigned char)*s)) s++;
        if (s[0] == '-' && s[1] == '-') {
            while (*s && *s != '\n') s++;
        } else if (s[0] == '/' && s[1] == '*') {
            const char *e = strstr(s + 2, "*/");
            s = e ? e + 2 : s + strlen(s);
        } else {
            break;
        }
    }
    tok t = {T_END, s, 0};
    const char *b = s;
    if (!*s) {
        *sp = s;
        return t;
    }
    if (*s == '\'') {
        s++;
        while (*s && !(*s == '\'' && s[1] != '\'')) s += *s == '\'' ? 2 : 1;
        if (*s) s++;
        t.k = T_STRING;
    } else if (*s == '"' || *s == '`') {
        char q = *s++;
        while (*s && *s != q) s++;
        if (*s) s++;
        t.k = T_QIDENT;
    } else if (*s == '$' && isdigit((unsigned char)s[1])) {
        s++;
        while (isdigit((unsigned char)*s)) s++;
        t.k = T_DOLLAR;
    } else if (*s == '?') {
        s++;
        while (isdigit((unsigned char)*s)) s++;
        t.k = T_QMARK;
    } else if (*s == '@' && (isalpha((unsigned char)s[1]) || s[1] == '_')) {
        s++;
        while (isalnum((unsigned char)*s) || *s == '_') s++;
        t.k = T_AT;
    } else if (isalpha((unsigned char)*s) || *s == '_' || (unsigned char)*s >= 0x80) {
        while (isalnum((unsigned char)*s) || *s == '_' || *s == '$' || (unsigned char)*s >= 0x80) s++;
        t.k = T_IDENT;
    } else if (isdigit((unsigned char)*s) || (*s == '.' && isdigit((unsigned char)s[1]))) {
        while (isalnum((unsigned char)*s) || *s == '.') s++;
        t.k = T_NUMBER;
    } else {
        static const char *const two[] = {"<=", ">=", "<>", "!=", "||", "::", "=="};
        t.k = T_OP;
        s++;
        for (size_t i = 0; i < sizeof two / sizeof *two; i++)
            if (b[0] == two[i][0] && b[1] == two[i][1]) s = b + 2;
    }
    t.n = (size_t)(s - b);
    *sp = s;
    return t;
}

static bool tok_is(tok t, const char *word)
{
    if (t.k != T_IDENT || strlen(word) != t.n) return false;
    for (size_t i = 0; i < t.n; i++)
        if (tolower((unsigned char)t.p[i]) != word[i]) return false;
    return true;
}

static bool tok_op(tok t, const char *op) { return t.k == T_OP && strlen(op) == t.n && memcmp(t.p, op, t.n) == 0; }

/* An identifier's name without quotes. */
static char *tok_name(tok t)
{
    if (t.k == T_QIDENT) return xstrndup(t.p + 1, t.n >= 2 ? t.n - 2 : 0);
    return xstrndup(t.p, t.n);
}

/* A string literal's value. */
static char *tok_string(tok t, size_t *len)
{
    char *out = xmalloc(t.n + 1);
    size_t n = 0;
    for (size_t i = 1; i + 1 < t.n; i++) {
        out[n++] = t.p[i];
        if (t.p[i] == '\'' && t.p[i + 1] == '\'') i++;
    }
    out[n] = '\0';
    *len = n;
    return out;
}

/* ---- a pattern's SQL rewritten for SQLite --------------------------------------------- */

typedef struct bindv {
    const ddbc_rt_av *av;
    cls c;
} bindv;

#define MAX_ORDER 8

typedef struct sqlx {
    char *sql;           /* ?NNN placeholders, LIMIT removed */
    size_t select_off;   /* just after SELECT [DISTINCT] */
    bindv *bind;         /* bind[k] for ?k */
    int nbind;
    int norder;
    char *order_expr[MAX_ORDER];
    bool order_desc[MAX_ORDER];
    bool has_limit;
    long limit_lit;
    int limit_param;     /* -1: literal */
    bool has_group, distinct, is_select;
    int between[8][2];
    int nbetween;
    char err[256];
} sqlx;

static void sqlx_free(sqlx *x)
{
    free(x->sql);
    free(x->bind);
    for (int i = 0; i < x->norder; i++) free(x->order_expr[i]);
    memset(x, 0, sizeof *x);
}

static int param_named(const ddbc_rt_pattern *p, const char *name, size_t n)
{
    for (size_t i = 0; i < p->nparams; i++)
        if (p->params[i].name && strlen(p->params[i].name) == n && memcmp(p->params[i].name, name, n) == 0)
            return (int)i;
    return -1;
}

static cls param_class(const ddbc_rt_pattern *p, size_t i);

/* Rewrite p->sql for SQLite with `args` (may be NULL: metadata only).  false
 * with x->err on something it does not understand. */
static bool sqlx_build(const ddbc_rt_pattern *p, const ddbc_rt_av *args, sqlx *x)
{
    memset(x, 0, sizeof *x);
    x->limit_param = -1;
    if (!p->sql) {
        snprintf(x->err, sizeof x->err, "the pattern carries no SQL");
        return false;
    }
    sbuf out = {0};
    int cap = (int)p->nparams + 1;
    x->bind = xmalloc((size_t)cap * sizeof *x->bind);
    memset(x->bind, 0, (size_t)cap * sizeof *x->bind);
    x->nbind = (int)p->nparams;
    for (size_t i = 0; i < p->nparams; i++) {
        x->bind[i + 1].av = args ? &args[i] : NULL;
        x->bind[i + 1].c = param_class(p, i);
    }
    const char *s = p->sql, *last = p->sql;
    int depth = 0, qcount = 0, between_state = 0;
    bool seen_select = false, in_order = false, after_limit = false;
    size_t term_start = 0;
    long limit_off = -1;
    tok prev = {T_END, NULL, 0};
    for (;;) {
        tok t = next_tok(&s);
        sb_putn(&out, last, (size_t)(t.p - last));
        if (t.k == T_END) break;
        last = t.p + t.n;
        int param = -1;
        bool placeholder = false;
        if (t.k == T_DOLLAR) {
            param = atoi(t.p + 1) - 1;
            placeholder = true;
        } else if (t.k == T_QMARK) {
            param = t.n > 1 ? atoi(t.p + 1) - 1 : qcount;
            qcount++;
            placeholder = true;
        } else if (t.k == T_AT) {
            param = param_named(p, t.p + 1, t.n - 1);
            placeholder = true;
        } else if (tok_is(t, "sqlc")) {
            const char *s2 = s;
            tok dot = next_tok(&s2), fn = next_tok(&s2), lp = next_tok(&s2), nm = next_tok(&s2),
                rp = next_tok(&s2);
            if (tok_op(dot, ".") && (tok_is(fn, "arg") || tok_is(fn, "narg") || tok_is(fn, "slice")) &&
                tok_op(lp, "(") && (nm.k == T_IDENT || nm.k == T_QIDENT) && tok_op(rp, ")")) {
                char *name = tok_name(nm);
                param = param_named(p, name, strlen(name));
                free(name);
                placeholder = true;
                s = s2;
                last = rp.p + rp.n;
            }
        }
        if (placeholder) {
            if (param < 0 || (size_t)param >= p->nparams) {
                snprintf(x->err, sizeof x->err, "placeholder '%.*s' names no parameter", (int)t.n, t.p);
                free(out.p);
                return false;
            }
            if (p->params[param].slice) {
                const ddbc_rt_av *l = args ? &args[param] : NULL;
                size_t n = l && l->type == DDBC_AV_L ? l->u.l.n : 0;
                for (size_t i = 0; i < n; i++) {
                    x->bind = xrealloc(x->bind, (size_t)(x->nbind + 2) * sizeof *x->bind);
                    x->nbind++;
                    x->bind[x->nbind].av = &l->u.l.v[i];
                    x->bind[x->nbind].c = param_class(p, (size_t)param);
                    sb_printf(&out, "%s?%d", i ? ", " : "", x->nbind);
                }
            } else {
                sb_printf(&out, "?%d", param + 1);
            }
            if (after_limit) {
                x->limit_param = param;
                after_limit = false;
            }
            if (between_state == 1) {
                x->between[x->nbetween][0] = param;
                between_state = 2;
            } else if (between_state == 3) {
                x->between[x->nbetween][1] = param;
                if (x->nbetween < 7) x->nbetween++;
                between_state = 0;
            } else {
                between_state = 0;
            }
            prev = t;
            continue;
        }
        if (tok_op(t, "::")) {      /* PostgreSQL casts mean nothing to SQLite */
            const char *s2 = s;
            tok ty = next_tok(&s2);
            if (ty.k == T_IDENT || ty.k == T_QIDENT) {
                s = s2;
                last = ty.p + ty.n;
                const char *s3 = s;
                tok lb = next_tok(&s3), rb = next_tok(&s3);
                if (tok_op(lb, "[") && tok_op(rb, "]")) {
                    s = s3;
                    last = rb.p + rb.n;
                }
            }
            prev = t;
            continue;
        }
        size_t tok_off = out.n;
        sb_putn(&out, t.p, t.n);
        if (t.k == T_QIDENT && t.p[0] == '`') {
            out.p[tok_off] = '"';
            out.p[out.n - 1] = '"';
        }
        if (tok_op(t, "(")) depth++;
        if (tok_op(t, ")")) depth--;
        if (between_state == 2 && tok_is(t, "and")) between_state = 3;
        else if (tok_is(t, "between")) between_state = 1;
        else between_state = 0;
        if (after_limit && t.k == T_NUMBER) {
            x->limit_lit = atol(t.p);
            after_limit = false;
        }
        if (depth == 0) {
            if (!seen_select && (tok_is(t, "select") || tok_is(t, "insert") || tok_is(t, "update") ||
                                 tok_is(t, "delete") || tok_is(t, "with"))) {
                seen_select = true;
                x->is_select = tok_is(t, "select");
                x->select_off = out.n;
            } else if (x->is_select && tok_is(t, "distinct") && tok_is(prev, "select")) {
                x->distinct = true;
                x->select_off = out.n;
            } else if (tok_is(t, "by") && tok_is(prev, "group")) {
                x->has_group = true;
            } else if (tok_is(t, "by") && tok_is(prev, "order") && x->is_select) {
                in_order = true;
                term_start = out.n;
            } else if (in_order && (tok_op(t, ",") || tok_is(t, "limit") || tok_op(t, ";") ||
                                    tok_is(t, "offset"))) {
                size_t end = tok_off;
                char *term = xstrndup(out.p + term_start, end - term_start);
                char *a = term, *z = term + strlen(term);
                while (*a && isspace((unsigned char)*a)) a++;
                while (z > a && isspace((unsigned char)z[-1])) *--z = '\0';
                bool desc = false;
                if (z - a > 4 && same_ci(z - 4, "desc") && isspace((unsigned char)z[-5])) {
                    desc = true;
                    z[-4] = '\0';
                } else if (z - a > 3 && same_ci(z - 3, "asc") && isspace((unsigned char)z[-4])) {
                    z[-3] = '\0';
                }
                z = a + strlen(a);
                while (z > a && isspace((unsigned char)z[-1])) *--z = '\0';
                if (x->norder < MAX_ORDER) {
                    x->order_expr[x->norder] = xstrdup(a);
                    x->order_desc[x->norder++] = desc;
                }
                free(term);
                term_start = out.n;
                if (!tok_op(t, ",")) in_order = false;
            }
            if (tok_is(t, "limit") && x->is_select) {
                x->has_limit = true;
                after_limit = true;
                limit_off = (long)tok_off;
            }
        }
        prev = t;
    }
    if (in_order) {
        char *term = xstrdup(out.p + term_start);
        char *a = term, *z = term + strlen(term);
        while (*a && isspace((unsigned char)*a)) a++;
        while (z > a && (isspace((unsigned char)z[-1]) || z[-1] == ';')) *--z = '\0';
        bool desc = false;
        if (z - a > 4 && same_ci(z - 4, "desc") && isspace((unsigned char)z[-5])) {
            desc = true;
            z[-4] = '\0';
        } else if (z - a > 3 && same_ci(z - 3, "asc") && isspace((unsigned char)z[-4])) {
            z[-3] = '\0';
        }
        z = a + strlen(a);
        while (z > a && isspace((unsigned char)z[-1])) *--z = '\0';
        if (x->norder < MAX_ORDER) {
            x->order_expr[x->norder] = xstrdup(a);
            x->order_desc[x->norder++] = desc;
        }
        free(term);
    }
    if (limit_off >= 0) out.n = (size_t)limit_off;
    while (out.n && (isspace((unsigned char)out.p[out.n - 1]) || out.p[out.n - 1] == ';')) out.n--;
    sb_putn(&out, "", 0);
    x->sql = out.p;
    return true;
}

/* ---- schema analysis ------------------------------------------------------------------- */

static void mark_keypart_template(const ddbc_rt_template *t)
{
    for (size_t i = 0; i < t->nparts; i++) {
        const char *a = t->parts[i].attr;
        if (t->parts[i].literal || !a) continue;
        for (size_t k = 0; k < nents; k++) {
            colinfo *ci = col_of(&ents[k], a);
            if (ci) ci->keypart = true;
            /* a copied parent column ("<parent>_<column>") keys the child */
            for (size_t j = 0; j < ents[k].e->ncopies; j++)
                if (strcmp(ents[k].e->copies[j].attr, a) == 0) {
                    const ddbc_rt_copy *cp = &ents[k].e->copies[j];
                    ent *P = cp->via ? ent_of(cp->via->parent) : NULL;
                    colinfo *pc = P ? col_of(P, cp->parent_attr) : NULL;
                    if (pc) pc->keypart = true;
                }
        }
    }
}

/* Resolve `[alias.]column` in a pattern to a binding and its entity. */
static int resolve_col(const ddbc_rt_pattern *p, const char *qual, const char *col)
{
    for (size_t b = 0; b < p->nbindings; b++) {
        const ddbc_rt_binding *bd = &p->bindings[b];
        ent *E = ent_of(bd->entity);
        if (qual && !(bd->alias && same_ci(bd->alias, qual)) && !(E && same_ci(E->e->name, qual)))
            continue;
        if (E && col_index(E, col) >= 0) return (int)b;
    }
    return -1;
}

/* Literals compared with columns ('PENDING', IN ('a','b'), LIKE 'EU-%') feed
 * the generators, so filters on literals select something. */
static void harvest_literals(const ddbc_rt_pattern *p)
{
    if (!p->sql) return;
    const char *s = p->sql;
    tok w[5] = {{T_END, NULL, 0}};
    for (;;) {
        tok t = next_tok(&s);
        if (t.k == T_END) break;
        memmove(w, w + 1, 4 * sizeof *w);
        w[4] = t;
        /* w[..]: [qual .] col OP 'lit' */
        if (t.k != T_STRING) continue;
        tok op = w[3], col = w[2];
        if (!(col.k == T_IDENT || col.k == T_QIDENT)) continue;
        bool like = tok_is(op, "like");
        if (!(tok_op(op, "=") || tok_op(op, "<>") || tok_op(op, "!=") || like)) continue;
        char *qual = tok_op(w[1], ".") && (w[0].k == T_IDENT || w[0].k == T_QIDENT) ? tok_name(w[0]) : NULL;
        char *cname = tok_name(col);
        int b = resolve_col(p, qual, cname);
        size_t len;
        char *lit = tok_string(t, &len);
        if (b >= 0) {
            colinfo *ci = col_of(ent_of(p->bindings[b].entity), cname);
            if (ci && like) {
                if (len && lit[len - 1] == '%' && !memchr(lit, '_', len) && !memchr(lit, '%', len - 1))
                    add_str(&ci->prefixes, &ci->nprefixes, lit, len - 1);
            } else if (ci) {
                add_str(&ci->lits, &ci->nlits, lit, len);
            }
        }
        free(lit);
        free(qual);
        free(cname);
    }
    /* col IN ('a', 'b', …) */
    s = p->sql;
    tok q0 = {T_END, NULL, 0}, q1 = q0, q2 = q0;
    for (;;) {
        tok t = next_tok(&s);
        if (t.k == T_END) break;
        if (tok_is(t, "in") && (q2.k == T_IDENT || q2.k == T_QIDENT)) {
            const char *s2 = s;
            tok lp = next_tok(&s2);
            if (tok_op(lp, "(")) {
                char *qual = tok_op(q1, ".") && (q0.k == T_IDENT || q0.k == T_QIDENT) ? tok_name(q0) : NULL;
                char *cname = tok_name(q2);
                int b = resolve_col(p, qual, cname);
                colinfo *ci = b >= 0 ? col_of(ent_of(p->bindings[b].entity), cname) : NULL;
                for (tok v = next_tok(&s2); v.k == T_STRING || tok_op(v, ","); v = next_tok(&s2)) {
                    if (v.k != T_STRING || !ci) continue;
                    size_t len;
                    char *lit = tok_string(v, &len);
                    add_str(&ci->lits, &ci->nlits, lit, len);
                    free(lit);
                }
                free(qual);
                free(cname);
            }
        }
        q0 = q1;
        q1 = q2;
        q2 = t;
    }
    /* INSERT … VALUES (…, 'invited'): literal assignments */
    ent *E = p->nbindings ? ent_of(p->bindings[0].entity) : NULL;
    for (size_t i = 0; i < p->nset && E; i++)
        if (p->set[i].value.kind == DDBC_RT_ARG_LITERAL && p->set[i].value.literal) {
            colinfo *ci = col_of(E, p->set[i].attr);
            if (ci && ci->c == C_TEXT)
                add_str(&ci->lits, &ci->nlits, p->set[i].value.literal, strlen(p->set[i].value.literal));
        }
}

static void analyze(void)
{
    nents = S->nentities;
    ents = xmalloc(nents * sizeof *ents);
    memset(ents, 0, nents * sizeof *ents);
    for (size_t i = 0; i < nents; i++) {
        ent *E = &ents[i];
        E->api = &S->entities[i];
        E->e = E->api->entity;
        E->cols = xmalloc(E->e->ncolumns * sizeof *E->cols);
        memset(E->cols, 0, E->e->ncolumns * sizeof *E->cols);
        for (size_t k = 0; k < E->e->ncolumns; k++) {
            colinfo *ci = &E->cols[k];
            const ddbc_rt_column *c = &E->e->columns[k];
            const char *ty = c->sql_type ? c->sql_type : "";
            ci->col = c;
            ci->c = class_of(c);
            ci->unsig = contains_ci(ty, "unsigned");
            ci->g = G_TEXT;
            if (ci->c == C_TEXT) {
                if (c->keyenc == DDBC_KEYENC_TIMESTAMP || contains_ci(ty, "timestamp") ||
                    contains_ci(ty, "datetime"))
                    ci->g = G_TS;
                else if (c->keyenc == DDBC_KEYENC_DATE || same_ci(ty, "date"))
                    ci->g = G_DATE;
                else if (contains_ci(ty, "json"))
                    ci->g = G_JSON;
                else if (ends_with(ty, "]"))
                    ci->g = G_ARRAY;
                else if (same_ci(ty, "uuid"))
                    ci->g = G_UUID;
                else if (contains_ci(ty, "enum(")) {
                    ci->g = G_ENUM;
                    const char *s = strchr(ty, '(');
                    for (tok t = next_tok(&s); t.k != T_END; t = next_tok(&s))
                        if (t.k == T_STRING) {
                            size_t len;
                            char *lit = tok_string(t, &len);
                            add_str(&ci->lits, &ci->nlits, lit, len);
                            free(lit);
                        }
                } else if (ends_with(c->name, "_at"))
                    ci->g = G_TS;
                else if (ends_with(c->name, "_on") || ends_with(c->name, "_date"))
                    ci->g = G_DATE;
                else if ((contains_ci(ty, "char(") && !contains_ci(ty, "varchar")) ||
                         contains_ci(ty, "character(")) {
                    ci->g = G_CHARN;
                    ci->charn = atoi(strchr(ty, '(') + 1);
                    if (ci->charn <= 0 || ci->charn > 16) ci->g = G_TEXT;
                }
            }
        }
        for (size_t k = 0; k < E->e->nprimary_key; k++) {
            colinfo *ci = col_of(E, E->e->primary_key[k]);
            if (ci) ci->pk = true;
        }
        for (size_t k = 0; k < E->e->nkey_columns; k++) {
            colinfo *ci = col_of(E, E->e->key_columns[k]);
            if (ci) ci->keycol = true;
        }
    }
    for (size_t i = 0; i < nents; i++) {
        const ddbc_rt_entity *e = ents[i].e;
        for (size_t k = 0; k < e->nkeys; k++) {
            mark_keypart_template(&e->keys[k].pk);
            mark_keypart_template(&e->keys[k].sk);
        }
        for (size_t k = 0; k < e->nuniques; k++) mark_keypart_template(&e->uniques[k].key);
        for (size_t k = 0; k < e->ncounters; k++) {
            mark_keypart_template(&e->counters[k]->pk);
            mark_keypart_template(&e->counters[k]->sk);
        }
    }
    for (size_t i = 0; i < S->npatterns; i++) harvest_literals(S->patterns[i].pattern);
    for (size_t i = 0; i < nents; i++)
        for (size_t k = 0; k < ents[i].e->ncolumns; k++) {
            colinfo *ci = &ents[i].cols[k];
            const ddbc_rt_column *c = ci->col;
            if (c->def == DDBC_RT_DEFAULT_VALUE && c->def_value && ci->c == C_TEXT && ci->nlits)
                add_str(&ci->lits, &ci->nlits, c->def_value, strlen(c->def_value));
            if (ci->g == G_TEXT && ci->nlits) ci->g = G_LIT;
            if (ci->g == G_ENUM && !ci->nlits) ci->g = G_TEXT;
        }
    /* rows nothing references: the ones a delete may take without cascades */
    for (size_t i = 0; i < nents; i++) {
        sbuf w = {0};
        sb_puts(&w, "1");
        for (size_t k = 0; k < nents; k++)
            for (size_t r = 0; r < ents[k].e->nreferences; r++) {
                const ddbc_rt_reference *ref = &ents[k].e->references[r];
                if (ent_of(ref->parent) != &ents[i]) continue;
                sb_puts(&w, " AND NOT EXISTS (SELECT 1 FROM ");
                sb_ident(&w, ents[k].e->name);
                sb_puts(&w, " AS ch WHERE ");
                for (size_t j = 0; j < ref->ncolumns; j++) {
                    sb_puts(&w, j ? " AND ch." : "ch.");
                    sb_ident(&w, ref->columns[j]);
                    sb_puts(&w, " = ");
                    sb_ident(&w, ents[i].e->name);
                    sb_puts(&w, ".");
                    sb_ident(&w, ref->parent_columns[j]);
                }
                sb_puts(&w, ")");
            }
        ents[i].deletable = xstrdup(sb_str(&w));
        free(w.p);
    }
}

static void analysis_free(void)
{
    for (size_t i = 0; i < nents; i++) {
        for (size_t k = 0; k < ents[i].e->ncolumns; k++) {
            colinfo *ci = &ents[i].cols[k];
            for (size_t j = 0; j < ci->nlits; j++) free(ci->lits[j]);
            for (size_t j = 0; j < ci->nprefixes; j++) free(ci->prefixes[j]);
            free(ci->lits);
            free(ci->prefixes);
        }
        free(ents[i].cols);
        free(ents[i].deletable);
    }
    free(ents);
}

static cls param_class(const ddbc_rt_pattern *p, size_t i)
{
    const ddbc_rt_param *pp = &p->params[i];
    colinfo *ci = pp->column ? col_of(ent_named(pp->entity), pp->column) : NULL;
    if (!ci && pp->column)
        for (size_t b = 0; b < p->nbindings && !ci; b++) ci = col_of(ent_of(p->bindings[b].entity), pp->column);
    if (ci) return ci->c;
    switch (pp->kind) {
    case DDBC_RT_NUMBER: return C_INT;
    case DDBC_RT_BOOL: return C_BOOL;
    case DDBC_RT_BINARY: return C_BLOB;
    default: return C_TEXT;
    }
}

static colinfo *param_col(const ddbc_rt_pattern *p, size_t i)
{
    const ddbc_rt_param *pp = &p->params[i];
    colinfo *ci = pp->column ? col_of(ent_named(pp->entity), pp->column) : NULL;
    for (size_t b = 0; b < p->nbindings && !ci && pp->column; b++)
        ci = col_of(ent_of(p->bindings[b].entity), pp->column);
    return ci;
}

/* ---- SQLite ------------------------------------------------------------------------------ */

static sqlite3_stmt *prep(const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(DB, sql, -1, &st, NULL) != SQLITE_OK) die("sqlite: %s\n  in: %s", sqlite3_errmsg(DB), sql);
    return st;
}

static void exec_sql(const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(DB, sql, NULL, NULL, &err) != SQLITE_OK) die("sqlite: %s\n  in: %s", err, sql);
}

static const char *sqlite_type(cls c)
{
    switch (c) {
    case C_INT: case C_BOOL: return "INTEGER";
    case C_FLOAT: return "REAL";
    case C_BLOB: return "BLOB";
    default: return "TEXT";
    }
}

static void create_sqlite_tables(void)
{
    if (sqlite3_open(":memory:", &DB) != SQLITE_OK) die("sqlite3_open failed");
    exec_sql("PRAGMA foreign_keys = ON; PRAGMA case_sensitive_like = ON;");
    sqlite3_stmt *st = prep("SELECT 'a' LIKE 'A'");
    if (sqlite3_step(st) != SQLITE_ROW || sqlite3_column_int(st, 0) != 0)
        die("SQLite's LIKE stays case-insensitive; DynamoDB's begins_with is not");
    sqlite3_finalize(st);
    for (size_t i = 0; i < nents; i++) {
        const ddbc_rt_entity *e = ents[i].e;
        sbuf b = {0};
        sb_puts(&b, "CREATE TABLE ");
        sb_ident(&b, e->name);
        sb_puts(&b, " (");
        for (size_t k = 0; k < e->ncolumns; k++) {
            if (k) sb_puts(&b, ", ");
            sb_ident(&b, e->columns[k].name);
            sb_printf(&b, " %s%s", sqlite_type(ents[i].cols[k].c), e->columns[k].nullable ? "" : " NOT NULL");
        }
        if (e->nprimary_key) {
            sb_puts(&b, ", PRIMARY KEY (");
            for (size_t k = 0; k < e->nprimary_key; k++) {
                if (k) sb_puts(&b, ", ");
                sb_ident(&b, e->primary_key[k]);
            }
            sb_puts(&b, ")");
        }
        for (size_t u = 0; u < e->nuniques; u++) {
            sb_puts(&b, ", UNIQUE (");
            for (size_t k = 0; k < e->uniques[u].ncolumns; k++) {
                if (k) sb_puts(&b, ", ");
                sb_ident(&b, e->uniques[u].columns[k]);
            }
            sb_puts(&b, ")");
        }
        for (size_t r = 0; r < e->nreferences; r++) {
            const ddbc_rt_reference *ref = &e->references[r];
            sb_puts(&b, ", FOREIGN KEY (");
            for (size_t k = 0; k < ref->ncolumns; k++) {
                if (k) sb_puts(&b, ", ");
                sb_ident(&b, ref->columns[k]);
            }
            sb_puts(&b, ") REFERENCES ");
            sb_ident(&b, ref->parent->name);
            sb_puts(&b, " (");
            for (size_t k = 0; k < ref->ncolumns; k++) {
                if (k) sb_puts(&b, ", ");
                sb_ident(&b, ref->parent_columns[k]);
            }
            sb_puts(&b, ref->cascade ? ") ON DELETE CASCADE" : ")");
        }
        sb_puts(&b, ")");
        exec_sql(sb_str(&b));
        free(b.p);
    }
}

static long count_rows(const ent *E, const char *where)
{
    sbuf b = {0};
    sb_puts(&b, "SELECT COUNT(*) FROM ");
    sb_ident(&b, E->e->name);
    sb_printf(&b, " WHERE %s", where ? where : "1");
    sqlite3_stmt *st = prep(sb_str(&b));
    long n = sqlite3_step(st) == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    free(b.p);
    return n;
}

/* The row at `offset` (rowid order) among those matching `where`, as an item
 * of every column.  false when there is none. */
static bool row_at(const ent *E, const char *where, long offset, ddbc_rt_item *out)
{
    sbuf b = {0};
    sb_puts(&b, "SELECT * FROM ");
    sb_ident(&b, E->e->name);
    sb_printf(&b, " WHERE %s LIMIT 1 OFFSET %ld", where ? where : "1", offset);
    sqlite3_stmt *st = prep(sb_str(&b));
    bool found = sqlite3_step(st) == SQLITE_ROW;
    if (found)
        for (size_t k = 0; k < E->e->ncolumns; k++) item_set_sqlite(out, E->e->columns[k].name, st, (int)k, E->cols[k].c);
    sqlite3_finalize(st);
    free(b.p);
    return found;
}

/* A random row; `hot` favours the first few (children cluster on them). */
static bool random_row(const ent *E, const char *where, bool hot, ddbc_rt_item *out)
{
    long n = count_rows(E, where);
    if (n == 0) return false;
    long off = hot && chance(40) ? (long)rndn((uint64_t)(n < 3 ? n : 3)) : (long)rndn((uint64_t)n);
    return row_at(E, where, off, out);
}

static bool sqlite_insert(const ent *E, const ddbc_rt_item *row, char *err, size_t errcap)
{
    sbuf b = {0};
    sb_puts(&b, "INSERT INTO ");
    sb_ident(&b, E->e->name);
    sb_puts(&b, " VALUES (");
    for (size_t k = 0; k < E->e->ncolumns; k++) sb_printf(&b, "%s?%zu", k ? ", " : "", k + 1);
    sb_puts(&b, ")");
    sqlite3_stmt *st = prep(sb_str(&b));
    for (size_t k = 0; k < E->e->ncolumns; k++)
        bind_av(st, (int)k + 1, ddbc_rt_item_get(row, E->e->columns[k].name), E->cols[k].c);
    bool ok = sqlite3_step(st) == SQLITE_DONE;
    if (!ok) snprintf(err, errcap, "%s", sqlite3_errmsg(DB));
    sqlite3_finalize(st);
    free(b.p);
    return ok;
}

/* WHERE over a set of columns with values from `row` bound from ?base. */
static void where_cols(sbuf *b, const char *const *cols, size_t n, int base)
{
    for (size_t k = 0; k < n; k++) {
        if (k) sb_puts(b, " AND ");
        sb_ident(b, cols[k]);
        sb_printf(b, " = ?%d", base + (int)k);
    }
}

static long sqlite_update_row(const ent *E, const ddbc_rt_item *row)
{
    sbuf b = {0};
    sb_puts(&b, "UPDATE ");
    sb_ident(&b, E->e->name);
    sb_puts(&b, " SET ");
    for (size_t k = 0; k < E->e->ncolumns; k++) {
        if (k) sb_puts(&b, ", ");
        sb_ident(&b, E->e->columns[k].name);
        sb_printf(&b, " = ?%zu", k + 1);
    }
    sb_puts(&b, " WHERE ");
    where_cols(&b, E->e->primary_key, E->e->nprimary_key, (int)E->e->ncolumns + 1);
    sqlite3_stmt *st = prep(sb_str(&b));
    for (size_t k = 0; k < E->e->ncolumns; k++)
        bind_av(st, (int)k + 1, ddbc_rt_item_get(row, E->e->columns[k].name), E->cols[k].c);
    for (size_t k = 0; k < E->e->nprimary_key; k++)
        bind_av(st, (int)(E->e->ncolumns + k + 1), ddbc_rt_item_get(row, E->e->primary_key[k]),
                col_of(E, E->e->primary_key[k])->c);
    if (sqlite3_step(st) != SQLITE_DONE) die("sqlite update: %s", sqlite3_errmsg(DB));
    sqlite3_finalize(st);
    free(b.p);
    return sqlite3_changes(DB);
}

static void sqlite_delete_row(const ent *E, const ddbc_rt_item *row)
{
    sbuf b = {0};
    sb_puts(&b, "DELETE FROM ");
    sb_ident(&b, E->e->name);
    sb_puts(&b, " WHERE ");
    where_cols(&b, E->e->primary_key, E->e->nprimary_key, 1);
    sqlite3_stmt *st = prep(sb_str(&b));
    for (size_t k = 0; k < E->e->nprimary_key; k++)
        bind_av(st, (int)k + 1, ddbc_rt_item_get(row, E->e->primary_key[k]), col_of(E, E->e->primary_key[k])->c);
    if (sqlite3_step(st) != SQLITE_DONE) die("sqlite delete: %s", sqlite3_errmsg(DB));
    sqlite3_finalize(st);
    free(b.p);
}

/* Whether the values of `cols` in `row` are held by another row (NULL: never). */
static bool taken(const ent *E, const char *const *cols, size_t n, const ddbc_rt_item *row)
{
    for (size_t k = 0; k < n; k++) {
        const ddbc_rt_av *v = ddbc_rt_item_get(row, cols[k]);
        if (!v || v->type == DDBC_AV_NULL) return false;
    }
    sbuf b = {0};
    sb_puts(&b, "SELECT 1 FROM ");
    sb_ident(&b, E->e->name);
    sb_puts(&b, " WHERE ");
    where_cols(&b, cols, n, 1);
    sqlite3_stmt *st = prep(sb_str(&b));
    for (size_t k = 0; k < n; k++)
        bind_av(st, (int)k + 1, ddbc_rt_item_get(row, cols[k]), col_of(E, cols[k])->c);
    bool t = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    free(b.p);
    return t;
}

/* ---- data generation --------------------------------------------------------------------- */

static char **ts_pool, **date_pool;
static size_t nts_pool, ndate_pool;
static long uniq_counter;

static const char *const text_edges[] = {
    "plain", "with space", "hash#tag", "#", "$", "dollar$sign", "a#b$c", "percent%", "under_score",
    "quote'single", "dq\"double", "back\\slash", "tab\tin", "é", "naïve café", "日本語", "emoji 😀",
    "Zed", "alpha", "ALPHA", "x", "~tilde", "!bang", "EU-", "team:", "VACC:",
};

static void fmt_time(char *out, size_t cap, int64_t secs, long micros, bool date_only)
{
    time_t t = (time_t)secs;
    struct tm tmv;
    gmtime_r(&t, &tmv);
    if (date_only) strftime(out, cap, "%Y-%m-%d", &tmv);
    else {
        char b[32];
        strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%S", &tmv);
        snprintf(out, cap, "%s.%06ldZ", b, micros);
    }
}

static void make_pools(void)
{
    nts_pool = (size_t)(rows_per_table / 4 > 8 ? rows_per_table / 4 : 8);
    ndate_pool = 24;
    ts_pool = xmalloc(nts_pool * sizeof *ts_pool);
    date_pool = xmalloc(ndate_pool * sizeof *date_pool);
    char b[40];
    for (size_t i = 0; i < nts_pool; i++) {
        if (i == 0) fmt_time(b, sizeof b, 0, 0, false);                         /* 1970 */
        else if (i == 1) fmt_time(b, sizeof b, 4102444799LL, 999999, false);    /* 2099-12-31 */
        else fmt_time(b, sizeof b, 1546300800LL + (int64_t)rndn(252460800ULL), (long)rndn(1000000), false);
        ts_pool[i] = xstrdup(b);
    }
    for (size_t i = 0; i < ndate_pool; i++) {
        fmt_time(b, sizeof b, 1546300800LL + (int64_t)rndn(252460800ULL), 0, true);
        date_pool[i] = xstrdup(b);
    }
}

static void pools_free(void)
{
    for (size_t i = 0; i < nts_pool; i++) free(ts_pool[i]);
    for (size_t i = 0; i < ndate_pool; i++) free(date_pool[i]);
    free(ts_pool);
    free(date_pool);
}

static void gen_text(sbuf *b, const colinfo *ci)
{
    if (ci->nprefixes && chance(40)) {
        sb_puts(b, ci->prefixes[rndn(ci->nprefixes)]);
        if (chance(70)) sb_puts(b, text_edges[rndn(sizeof text_edges / sizeof *text_edges)]);
        return;
    }
    if (!ci->keypart && chance(4)) return;   /* the empty string */
    if (chance(45)) {
        sb_puts(b, text_edges[rndn(sizeof text_edges / sizeof *text_edges)]);
        return;
    }
    sb_puts(b, text_edges[rndn(sizeof text_edges / sizeof *text_edges)]);
    sb_printf(b, "-%ld", ++uniq_counter);
    if (chance(30)) sb_puts(b, text_edges[rndn(sizeof text_edges / sizeof *text_edges)]);
}

static int64_t gen_int(const colinfo *ci)
{
    int64_t v;
    int r = (int)rndn(100);
    if (r < 40) v = (int64_t)rndn(10);
    else if (r < 60) v = (int64_t)rndn(2001) - 1000;
    else if (r < 70) v = (chance(50) ? 1 : -1) * ((INT64_C(1) << 53) + (int64_t)rndn(5) - 2);
    else if (r < 75) v = chance(50) ? INT64_MAX - (int64_t)rndn(3) : INT64_MIN + (int64_t)rndn(3);
    else v = (int64_t)(int32_t)(uint32_t)rnd();
    if (ci->unsig && v < 0) v = v == INT64_MIN ? INT64_MAX : -v;
    return v;
}

static double gen_float(void)
{
    static const double edges[] = {0.0, 1.5, -2.25, 3.141592653589793, 1e-7, 123456789.125,
                                   -0.1, 70.3, 1e100, -1e-100, 4.2, 0.30000000000000004};
    if (chance(50)) return edges[rndn(sizeof edges / sizeof *edges)];
    return ((double)(int64_t)rnd() / 9007199254740992.0) * (chance(50) ? 1.0 : 1000.0);
}

static void gen_decimal(sbuf *b)
{
    static const char *const edges[] = {"0", "12.50", "-0.001", "12345678901234567890.123456789",
                                        "-99999999999999999999999999999999999999", "1e-5", "7"};
    if (chance(50)) sb_puts(b, edges[rndn(sizeof edges / sizeof *edges)]);
    else sb_printf(b, "%s%" PRIu64 ".%06" PRIu64, chance(30) ? "-" : "", rndn(1000000), rndn(1000000));
}

/* A value for column ci into row (nullable columns are sometimes NULL). */
static void gen_value(const colinfo *ci, ddbc_rt_item *row, int null_pct)
{
    const char *name = ci->col->name;
    ddbc_rt_status s = DDBC_RT_OK;
    if (ci->col->nullable && chance(null_pct)) {
        s = ddbc_rt_item_set_null(row, name);
        if (s != DDBC_RT_OK) die("item_set");
        return;
    }
    sbuf b = {0};
    switch (ci->c) {
    case C_INT: s = ddbc_rt_item_set_i64(row, name, gen_int(ci)); break;
    case C_FLOAT: s = ddbc_rt_item_set_double(row, name, gen_float()); break;
    case C_DEC: gen_decimal(&b); s = ddbc_rt_item_set_n(row, name, sb_str(&b)); break;
    case C_BOOL: s = ddbc_rt_item_set_bool(row, name, chance(50)); break;
    case C_BLOB: {
        unsigned char bytes[24];
        size_t n = (ci->keypart ? 1 : 0) + rndn(20);
        for (size_t i = 0; i < n; i++) bytes[i] = chance(20) ? (unsigned char)"\0#$"[rndn(3)] : (unsigned char)rnd();
        s = ddbc_rt_item_set_b(row, name, bytes, n);
        break;
    }
    case C_TEXT:
        switch (ci->g) {
        case G_TS: sb_puts(&b, ts_pool[rndn(nts_pool)]); break;
        case G_DATE: sb_puts(&b, date_pool[rndn(ndate_pool)]); break;
        case G_JSON: {
            sbuf t = {0};
            gen_text(&t, ci);
            sb_printf(&b, "{\"n\": %" PRId64 ", \"s\": \"", gen_int(ci));
            for (const char *q = sb_str(&t); *q; q++) {
                if (*q == '"' || *q == '\\') sb_printf(&b, "\\%c", *q);
                else if ((unsigned char)*q < 0x20) sb_printf(&b, "\\u%04x", (unsigned char)*q);
                else sb_putn(&b, q, 1);
            }
            sb_puts(&b, "\"}");
            free(t.p);
            break;
        }
        case G_ARRAY: sb_printf(&b, "{\"t%" PRIu64 "\",\"u%" PRIu64 "\"}", rndn(5), rndn(5)); break;
        case G_UUID:
            sb_printf(&b, "%08" PRIx64 "-%04" PRIx64 "-4%03" PRIx64 "-a%03" PRIx64 "-%012" PRIx64,
                      (uint64_t)(rnd() & 0xffffffffU), (uint64_t)(rnd() & 0xffffU), (uint64_t)(rnd() & 0xfffU),
                      (uint64_t)(rnd() & 0xfffU), (uint64_t)(rnd() & UINT64_C(0xffffffffffff)));
            break;
        case G_ENUM: sb_puts(&b, ci->lits[rndn(ci->nlits)]); break;
        case G_LIT:
            if (chance(80)) sb_puts(&b, ci->lits[rndn(ci->nlits)]);
            else gen_text(&b, ci);
            break;
        case G_CHARN:
            for (int i = 0; i < ci->charn; i++) sb_putn(&b, &"ABCDE"[rndn(chance(90) ? 2 : 5)], 1);
            break;
        case G_TEXT: gen_text(&b, ci); break;
        }
        if (ci->keypart && b.n == 0) sb_puts(&b, "k");
        s = ddbc_rt_item_set_s(row, name, sb_str(&b), b.n);
        break;
    }
    free(b.p);
    if (s != DDBC_RT_OK) die("item_set: %s", ddbc_rt_status_name(s));
}

/* Point the reference's columns at an existing parent row (or NULL). */
static bool gen_reference(const ent *E, const ddbc_rt_reference *ref, ddbc_rt_item *row)
{
    ent *P = ent_of(ref->parent);
    bool nullable = true;
    for (size_t k = 0; k < ref->ncolumns; k++) {
        colinfo *ci = col_of(E, ref->columns[k]);
        if (ci && !ci->col->nullable) nullable = false;
    }
    ddbc_rt_item prow = DDBC_RT_ITEM_INIT;
    if ((nullable && chance(20)) || !P || !random_row(P, NULL, true, &prow)) {
        ddbc_rt_item_free(&prow);
        if (!nullable) return false;
        for (size_t k = 0; k < ref->ncolumns; k++)
            if (ddbc_rt_item_set_null(row, ref->columns[k]) != DDBC_RT_OK) die("item_set");
        return true;
    }
    for (size_t k = 0; k < ref->ncolumns; k++) {
        const ddbc_rt_av *v = ddbc_rt_item_get(&prow, ref->parent_columns[k]);
        if (ddbc_rt_item_set(row, ref->columns[k], v) != DDBC_RT_OK) die("item_set");
    }
    ddbc_rt_item_free(&prow);
    return true;
}

static bool is_fk_column(const ent *E, const char *col)
{
    for (size_t r = 0; r < E->e->nreferences; r++)
        for (size_t k = 0; k < E->e->references[r].ncolumns; k++)
            if (strcmp(E->e->references[r].columns[k], col) == 0) return true;
    return false;
}

static bool in_unique(const ent *E, const char *col)
{
    for (size_t u = 0; u < E->e->nuniques; u++)
        for (size_t k = 0; k < E->e->uniques[u].ncolumns; k++)
            if (strcmp(E->e->uniques[u].columns[k], col) == 0) return true;
    return false;
}

/* Whether row's primary key, base key or any UNIQUE set is held already. */
static bool row_collides(const ent *E, const ddbc_rt_item *row)
{
    if (taken(E, E->e->primary_key, E->e->nprimary_key, row)) return true;
    if (taken(E, E->e->key_columns, E->e->nkey_columns, row)) return true;
    for (size_t u = 0; u < E->e->nuniques; u++)
        if (taken(E, E->e->uniques[u].columns, E->e->uniques[u].ncolumns, row)) return true;
    return false;
}

/* A new row for create: generated ids left unset, some defaults left to
 * apply, foreign keys at existing parents, unique sets unused. */
static bool gen_row(const ent *E, ddbc_rt_item *row)
{
    for (int attempt = 0; attempt < 200; attempt++) {
        ddbc_rt_item_free(row);
        bool ok = true;
        for (size_t k = 0; k < E->e->ncolumns; k++) {
            const colinfo *ci = &E->cols[k];
            ddbc_rt_default d = ci->col->def;
            if (d == DDBC_RT_DEFAULT_ID || d == DDBC_RT_DEFAULT_UUID) continue;
            if ((d == DDBC_RT_DEFAULT_VALUE || d == DDBC_RT_DEFAULT_NOW) && !in_unique(E, ci->col->name) &&
                !ci->pk && !is_fk_column(E, ci->col->name) && chance(30))
                continue;
            /* a NULL field means "unset" to the generated struct, so a
               nullable column with a DEFAULT never gets an explicit NULL */
            gen_value(ci, row, d == DDBC_RT_DEFAULT_NONE ? 20 : 0);
        }
        for (size_t r = 0; r < E->e->nreferences && ok; r++) ok = gen_reference(E, &E->e->references[r], row);
        if (ok && !row_collides(E, row)) return true;
    }
    return false;
}

/* A fresh value for one column of an existing row (FKs at parents, uniques unused). */
static bool regen_column(const ent *E, const colinfo *ci, ddbc_rt_item *row, bool allow_null)
{
    for (int attempt = 0; attempt < 100; attempt++) {
        bool fk = false;
        for (size_t r = 0; r < E->e->nreferences && !fk; r++) {
            const ddbc_rt_reference *ref = &E->e->references[r];
            if (ref->ncolumns == 1 && strcmp(ref->columns[0], ci->col->name) == 0) {
                if (!gen_reference(E, ref, row)) return false;
                fk = true;
            } else {
                for (size_t k = 0; k < ref->ncolumns; k++)
                    if (strcmp(ref->columns[k], ci->col->name) == 0) return false;   /* composite FK: keep */
            }
        }
        if (!fk) gen_value(ci, row, allow_null ? 20 : 0);
        const ddbc_rt_av *v = ddbc_rt_item_get(row, ci->col->name);
        if (!allow_null && (!v || v->type == DDBC_AV_NULL)) continue;
        bool clash = false;
        for (size_t u = 0; u < E->e->nuniques && !clash; u++)
            for (size_t k = 0; k < E->e->uniques[u].ncolumns; k++)
                if (strcmp(E->e->uniques[u].columns[k], ci->col->name) == 0 &&
                    taken(E, E->e->uniques[u].columns, E->e->uniques[u].ncolumns, row))
                    clash = true;
        if (!clash) return true;
    }
    return false;
}

/* ---- the DynamoDB table -------------------------------------------------------------------- */

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) die("cannot open %s: %s", path, strerror(errno));
    sbuf b = {0};
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) sb_putn(&b, buf, n);
    fclose(f);
    return b.p ? b.p : xstrdup("");
}

/* The JSON string value following "key" in a response (good enough for TableStatus). */
static bool json_string_after(const char *json, const char *key, char *out, size_t cap)
{
    const char *p = strstr(json, key);
    if (!p) return false;
    p = strchr(p + strlen(key), ':');
    if (!p) return false;
    p = strchr(p, '"');
    if (!p) return false;
    const char *e = strchr(p + 1, '"');
    if (!e || (size_t)(e - p - 1) >= cap) return false;
    memcpy(out, p + 1, (size_t)(e - p - 1));
    out[e - p - 1] = '\0';
    return true;
}

static void create_table(const char *outdir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/create-table.json", outdir);
    char *body = read_file(path);
    char name[256];
    if (!json_string_after(body, "\"TableName\"", name, sizeof name)) die("%s has no TableName", path);
    if (strcmp(name, table_name) != 0)
        die("create-table.json creates '%s' but the generated code uses '%s'", name, table_name);
    char *resp = NULL;
    size_t rlen = 0;
    ddbc_rt_status st = ddbc_rt_call(C, "CreateTable", body, strlen(body), &resp, &rlen);
    free(body);
    free(resp);
    if (st != DDBC_RT_OK) {
        client_error("CreateTable", st);
        die("cannot create the table");
    }
    char req[512];
    snprintf(req, sizeof req, "{\"TableName\": \"%s\"}", table_name);
    for (int i = 0; i < 600; i++) {
        resp = NULL;
        st = ddbc_rt_call(C, "DescribeTable", req, strlen(req), &resp, &rlen);
        char status[64] = "";
        bool active = st == DDBC_RT_OK && json_string_after(resp, "\"TableStatus\"", status, sizeof status) &&
                      strcmp(status, "ACTIVE") == 0;
        free(resp);
        if (st != DDBC_RT_OK) {
            client_error("DescribeTable", st);
            die("cannot describe the table");
        }
        if (active) return;
        struct timespec ts = {0, 100000000L};
        nanosleep(&ts, NULL);
    }
    die("table %s did not become ACTIVE", table_name);
}

/* ---- comparing an item with a row ------------------------------------------------------------- */

static void print_item(FILE *f, const ent *E, const ddbc_rt_item *it)
{
    fputs("{", f);
    for (size_t k = 0; k < E->e->ncolumns; k++) {
        val v;
        val_from_av(&v, ddbc_rt_item_get(it, E->e->columns[k].name), E->cols[k].c);
        fprintf(f, "%s%s=", k ? ", " : "", E->e->columns[k].name);
        val_print(f, &v);
        val_free(&v);
    }
    fputs("}", f);
}

/* First column where the two disagree, or -1. */
static int item_diff(const ent *E, const ddbc_rt_item *a, const ddbc_rt_item *b, bool only_set_in_a)
{
    for (size_t k = 0; k < E->e->ncolumns; k++) {
        const char *n = E->e->columns[k].name;
        const ddbc_rt_av *x = ddbc_rt_item_get(a, n);
        if (only_set_in_a && !x) continue;
        val u, v;
        val_from_av(&u, x, E->cols[k].c);
        val_from_av(&v, ddbc_rt_item_get(b, n), E->cols[k].c);
        bool same = u.t == v.t && val_cmp(&u, &v) == 0;
        val_free(&u);
        val_free(&v);
        if (!same) return (int)k;
    }
    return -1;
}

/* The base key of a row; false when the row lacks a key column (a DEFAULT
 * left for create to fill). */
static bool key_of(const ent *E, const ddbc_rt_item *row, ddbc_rt_item *key)
{
    for (size_t k = 0; k < E->e->nkey_columns; k++) {
        const ddbc_rt_av *v = ddbc_rt_item_get(row, E->e->key_columns[k]);
        if (!v) return false;
        if (ddbc_rt_item_set(key, E->e->key_columns[k], v) != DDBC_RT_OK) die("item_set");
    }
    return true;
}

/* get() on sampled rows must return the SQLite row exactly. */
static void check_gets(const char *phase)
{
    for (size_t i = 0; i < nents; i++) {
        ent *E = &ents[i];
        long n = count_rows(E, NULL);
        long samples = n < 25 ? n : 25;
        for (long s = 0; s < samples; s++) {
            ddbc_rt_item row = DDBC_RT_ITEM_INIT, key = DDBC_RT_ITEM_INIT, got = DDBC_RT_ITEM_INIT;
            if (!row_at(E, NULL, (long)rndn((uint64_t)n), &row)) continue;
            key_of(E, &row, &key);
            ddbc_rt_status st = E->api->get(C, &key, &got);
            ncompared++;
            int d = st == DDBC_RT_OK ? item_diff(E, &row, &got, false) : -2;
            if (d != -1) {
                fail_begin();
                if (reporting()) {
                    fprintf(stderr, "MISMATCH [%s] get %s: ", phase, E->e->name);
                    if (st != DDBC_RT_OK) client_error("status", st);
                    else fprintf(stderr, "column %s differs\n", E->e->columns[d].name);
                    fputs("  sqlite: ", stderr);
                    print_item(stderr, E, &row);
                    fputs("\n  ddbc:   ", stderr);
                    print_item(stderr, E, &got);
                    fputc('\n', stderr);
                }
            }
            ddbc_rt_item_free(&row);
            ddbc_rt_item_free(&key);
            ddbc_rt_item_free(&got);
        }
    }
}

/* ---- loading ------------------------------------------------------------------------------------- */

/* create() a row and mirror the row it returns into SQLite. */
static ddbc_rt_status create_row(ent *E, const ddbc_rt_item *row, const char *phase, bool expect_ok)
{
    ddbc_rt_item out = DDBC_RT_ITEM_INIT;
    ddbc_rt_status st = E->api->create(C, row, &out);
    if (st != DDBC_RT_OK) {
        if (expect_ok) {
            fail_begin();
            if (reporting()) {
                fprintf(stderr, "MISMATCH [%s] create %s refused a row SQLite accepts:\n", phase, E->e->name);
                client_error("status", st);
                fputs("  row: ", stderr);
                print_item(stderr, E, row);
                fputc('\n', stderr);
            }
        }
        ddbc_rt_item_free(&out);
        return st;
    }
    int d = item_diff(E, row, &out, true);
    const char *why = NULL;
    for (size_t k = 0; k < E->e->ncolumns && !why; k++) {
        const ddbc_rt_column *c = &E->e->columns[k];
        const ddbc_rt_av *in = ddbc_rt_item_get(row, c->name), *o = ddbc_rt_item_get(&out, c->name);
        if (in || c->def == DDBC_RT_DEFAULT_NONE) continue;
        if (!o || o->type == DDBC_AV_NULL) {
            if (c->def != DDBC_RT_DEFAULT_VALUE || (c->def_value && !same_ci(c->def_value, "null"))) why = c->name;
        } else if (c->def == DDBC_RT_DEFAULT_VALUE && c->def_value && o->type == DDBC_AV_S &&
                   strcmp(o->u.s.ptr, c->def_value) != 0) {
            why = c->name;
        }
    }
    char err[256] = "";
    if (d >= 0 || why || !sqlite_insert(E, &out, err, sizeof err)) {
        fail_begin();
        if (reporting()) {
            fprintf(stderr, "MISMATCH [%s] create %s: ", phase, E->e->name);
            if (d >= 0) fprintf(stderr, "column %s came back changed\n", E->e->columns[d].name);
            else if (why) fprintf(stderr, "column %s: default not filled as declared\n", why);
            else fprintf(stderr, "SQLite rejects the row as created: %s\n", err);
            fputs("  given:    ", stderr);
            print_item(stderr, E, row);
            fputs("\n  returned: ", stderr);
            print_item(stderr, E, &out);
            fputc('\n', stderr);
        }
        if (d < 0 && !why && err[0] == '\0') sqlite_insert(E, &out, err, sizeof err);
    }
    ddbc_rt_item_free(&out);
    return DDBC_RT_OK;
}

/* Entities in foreign-key order: parents before children (self references aside). */
static size_t *fk_order(void)
{
    size_t *order = xmalloc(nents * sizeof *order);
    bool *done = xmalloc(nents);
    memset(done, 0, nents);
    size_t n = 0;
    while (n < nents) {
        bool progress = false;
        for (size_t i = 0; i < nents; i++) {
            if (done[i]) continue;
            bool ready = true;
            for (size_t r = 0; r < ents[i].e->nreferences && ready; r++) {
                ent *P = ent_of(ents[i].e->references[r].parent);
                if (P && P != &ents[i] && !done[P - ents]) ready = false;
            }
            if (ready) {
                done[i] = true;
                order[n++] = i;
                progress = true;
            }
        }
        if (!progress)   /* a cycle: take the rest in declaration order */
            for (size_t i = 0; i < nents; i++)
                if (!done[i]) {
                    done[i] = true;
                    order[n++] = i;
                }
    }
    free(done);
    return order;
}

static void load(void)
{
    size_t *order = fk_order();
    for (size_t oi = 0; oi < nents; oi++) {
        ent *E = &ents[order[oi]];
        long made = 0, skipped = 0;
        for (long r = 0; r < rows_per_table; r++) {
            ddbc_rt_item row = DDBC_RT_ITEM_INIT;
            if (!gen_row(E, &row)) skipped++;
            else if (create_row(E, &row, "load", true) == DDBC_RT_OK) made++;
            ddbc_rt_item_free(&row);
        }
        printf("  %-24s %5ld rows%s\n", E->e->name, made, skipped ? " (some skipped: no free unique value or parent)" : "");
    }
    free(order);
}

/* ---- running a read pattern both ways -------------------------------------------------------- */

typedef struct rrow {
    val *t;    /* targets */
    val *k;    /* order keys */
} rrow;

typedef struct rset {
    rrow *v;
    size_t n;
    size_t nt, nk;
} rset;

static void rset_free(rset *r)
{
    for (size_t i = 0; i < r->n; i++) {
        for (size_t j = 0; j < r->nt; j++) val_free(&r->v[i].t[j]);
        for (size_t j = 0; j < r->nk; j++) val_free(&r->v[i].k[j]);
        free(r->v[i].t);
        free(r->v[i].k);
    }
    free(r->v);
    memset(r, 0, sizeof *r);
}

static rrow *rset_add(rset *r)
{
    r->v = xrealloc(r->v, (r->n + 1) * sizeof *r->v);
    rrow *w = &r->v[r->n++];
    w->t = xmalloc((r->nt ? r->nt : 1) * sizeof *w->t);
    w->k = xmalloc((r->nk ? r->nk : 1) * sizeof *w->k);
    memset(w->t, 0, (r->nt ? r->nt : 1) * sizeof *w->t);
    memset(w->k, 0, (r->nk ? r->nk : 1) * sizeof *w->k);
    return w;
}

/* What a pattern compares: resolved targets and ORDER BY terms. */
typedef struct plan {
    const ddbc_rt_pattern_api *api;
    const ddbc_rt_pattern *p;
    sqlx meta;
    int ob_binding[MAX_ORDER];
    const char *ob_attr[MAX_ORDER];
    char *ob_attr_own[MAX_ORDER];
    cls ob_cls[MAX_ORDER];
    cls *tcls;
    long limit;           /* 0: none */
    bool ordered;
    const char *excluded;
    long ncalls, nonempty, nrows;   /* coverage, printed at the end */
} plan;

static cls target_class(const ddbc_rt_pattern *p, const ddbc_rt_target *t)
{
    if (t->binding < 0 || (size_t)t->binding >= p->nbindings) return C_INT;
    colinfo *ci = col_of(ent_of(p->bindings[t->binding].entity), t->attr);
    return ci ? ci->c : C_TEXT;
}

static void plan_free(plan *pl)
{
    sqlx_free(&pl->meta);
    for (int i = 0; i < MAX_ORDER; i++) free(pl->ob_attr_own[i]);
    free(pl->tcls);
}

static bool plan_make(const ddbc_rt_pattern_api *api, plan *pl, char *why, size_t cap)
{
    memset(pl, 0, sizeof *pl);
    pl->api = api;
    pl->p = api->pattern;
    const ddbc_rt_pattern *p = pl->p;
    for (size_t i = 0; i < sizeof excluded / sizeof *excluded; i++)
        if (excluded[i][0] && strcmp(excluded[i][0], S->prefix) == 0 && strcmp(excluded[i][1], p->name) == 0) {
            pl->excluded = excluded[i][2];
            return true;
        }
    if (!sqlx_build(p, NULL, &pl->meta)) {
        snprintf(why, cap, "%s", pl->meta.err);
        return false;
    }
    pl->tcls = xmalloc((p->ntargets ? p->ntargets : 1) * sizeof *pl->tcls);
    for (size_t i = 0; i < p->ntargets; i++) pl->tcls[i] = target_class(p, &p->targets[i]);
    if (pl->meta.has_limit) {
        if (pl->meta.limit_param >= 0) pl->limit = -1;   /* per call */
        else pl->limit = pl->meta.limit_lit;
    }
    if (p->one && !pl->limit) pl->limit = 1;
    pl->ordered = pl->meta.norder > 0;
    if (p->ordered != pl->ordered) {
        snprintf(why, cap, "descriptor says ordered=%d but the SQL has %d ORDER BY terms", p->ordered,
                 pl->meta.norder);
        return false;
    }
    if (pl->ordered && (pl->meta.has_group || pl->meta.distinct)) {
        snprintf(why, cap, "ORDER BY with GROUP BY or DISTINCT is not compared by this harness");
        return false;
    }
    for (int i = 0; i < pl->meta.norder; i++) {
        const char *s = pl->meta.order_expr[i];
        tok a = next_tok(&s), dot = next_tok(&s), b = next_tok(&s), end = next_tok(&s);
        char *qual = NULL, *col = NULL;
        if ((a.k == T_IDENT || a.k == T_QIDENT) && dot.k == T_END) {
            col = tok_name(a);
        } else if ((a.k == T_IDENT || a.k == T_QIDENT) && tok_op(dot, ".") && (b.k == T_IDENT || b.k == T_QIDENT) &&
                   end.k == T_END) {
            qual = tok_name(a);
            col = tok_name(b);
        } else {
            snprintf(why, cap, "ORDER BY term '%s' is not a column", pl->meta.order_expr[i]);
            return false;
        }
        int bnd = resolve_col(p, qual, col);
        if (bnd < 0 && !qual)
            for (size_t t = 0; t < p->ntargets && bnd < 0; t++)
                if (p->targets[t].name && strcmp(p->targets[t].name, col) == 0 && p->targets[t].binding >= 0) {
                    bnd = p->targets[t].binding;
                    free(col);
                    col = xstrdup(p->targets[t].attr);
                }
        free(qual);
        if (bnd < 0) {
            snprintf(why, cap, "ORDER BY term '%s' names no column of the bindings", pl->meta.order_expr[i]);
            free(col);
            return false;
        }
        pl->ob_binding[i] = bnd;
        pl->ob_attr_own[i] = col;
        pl->ob_attr[i] = col;
        colinfo *ci = col_of(ent_of(p->bindings[bnd].entity), col);
        pl->ob_cls[i] = ci ? ci->c : C_TEXT;
        if (pl->ob_cls[i] == C_DEC) {
            pl->excluded = "ORDER BY on a decimal column: SQLite holds decimals as text to keep them exact, "
                           "so its order is not numeric";
            return true;
        }
    }
    return true;
}

/* Parameters for one call: mostly values from the data, sometimes absent ones and NULLs. */
static bool in_between(const plan *pl, int i)
{
    for (int b = 0; b < pl->meta.nbetween; b++)
        if (pl->meta.between[b][0] == i || pl->meta.between[b][1] == i) return true;
    return false;
}

static void gen_args(const plan *pl, ddbc_rt_av *args)
{
    const ddbc_rt_pattern *p = pl->p;
    ddbc_rt_item *shared = xmalloc(nents * sizeof *shared);
    bool *shared_ok = xmalloc(nents);
    for (size_t k = 0; k < nents; k++) {
        shared[k] = (ddbc_rt_item)DDBC_RT_ITEM_INIT;
        shared_ok[k] = false;
    }
    for (size_t i = 0; i < p->nparams; i++) {
        const ddbc_rt_param *pp = &p->params[i];
        ddbc_rt_item tmp = DDBC_RT_ITEM_INIT;
        colinfo *ci = param_col(p, i);
        ent *E = NULL;
        if (ci)
            for (size_t k = 0; k < nents && !E; k++)
                if (ci >= ents[k].cols && ci < ents[k].cols + ents[k].e->ncolumns) E = &ents[k];
        int n = pp->slice ? (int)rndn(5) : 1;
        ddbc_rt_av *out = &args[i];
        memset(out, 0, sizeof *out);
        out->type = DDBC_AV_NULL;
        if (pp->slice) {
            out->type = DDBC_AV_L;
            out->u.l.v = xmalloc((size_t)(n ? n : 1) * sizeof *out->u.l.v);
            out->u.l.n = out->u.l.cap = (size_t)n;
        }
        for (int j = 0; j < n; j++) {
            ddbc_rt_av *dst = pp->slice ? &out->u.l.v[j] : out;
            ddbc_rt_item_free(&tmp);
            const ddbc_rt_av *v = NULL;
            if ((int)i == pl->meta.limit_param) {
                if (ddbc_rt_item_set_i64(&tmp, "v", chance(80) ? 1 + (int64_t)rndn(30) : 1000) != DDBC_RT_OK)
                    die("item_set");
                v = ddbc_rt_item_get(&tmp, "v");
            } else if (pp->nullable && chance(8)) {
                v = NULL;
            } else if (ci && E && chance(88)) {
                ddbc_rt_item row = DDBC_RT_ITEM_INIT;
                /* parameters on one entity mostly come from one row, so
                   composite look-ups (project_id AND number) find it */
                size_t si = (size_t)(E - ents);
                if (!shared_ok[si] && random_row(E, NULL, false, &shared[si])) shared_ok[si] = true;
                const ddbc_rt_av *sx = shared_ok[si] && !pp->slice && !in_between(pl, (int)i) && chance(85)
                                           ? ddbc_rt_item_get(&shared[si], ci->col->name)
                                           : NULL;
                if (sx && sx->type != DDBC_AV_NULL) {
                    if (ddbc_rt_item_set(&tmp, "v", sx) != DDBC_RT_OK) die("item_set");
                    v = ddbc_rt_item_get(&tmp, "v");
                }
                for (int tries = 0; tries < 5 && !v; tries++) {
                    ddbc_rt_item_free(&row);
                    if (!random_row(E, NULL, false, &row)) break;
                    const ddbc_rt_av *x = ddbc_rt_item_get(&row, ci->col->name);
                    if (x && x->type != DDBC_AV_NULL) {
                        if (ddbc_rt_item_set(&tmp, "v", x) != DDBC_RT_OK) die("item_set");
                        v = ddbc_rt_item_get(&tmp, "v");
                    }
                }
                ddbc_rt_item_free(&row);
            }
            if (!v && !(pp->nullable && (int)i != pl->meta.limit_param)) {
                if (ci) {
                    colinfo c2 = *ci;
                    ddbc_rt_column col = *ci->col;
                    col.nullable = false;
                    col.name = "v";
                    c2.col = &col;
                    gen_value(&c2, &tmp, 0);
                } else if (ddbc_rt_item_set_i64(&tmp, "v", (int64_t)rndn(10)) != DDBC_RT_OK) {
                    die("item_set");
                }
                v = ddbc_rt_item_get(&tmp, "v");
            }
            if (v && ddbc_rt_av_copy(dst, v) != DDBC_RT_OK) die("av_copy");
            if (!v) dst->type = DDBC_AV_NULL;
        }
        ddbc_rt_item_free(&tmp);
    }
    for (size_t k = 0; k < nents; k++) ddbc_rt_item_free(&shared[k]);
    free(shared);
    free(shared_ok);
    /* BETWEEN lo AND hi: mostly in order, so the range holds something */
    for (int b = 0; b < pl->meta.nbetween; b++) {
        int lo = pl->meta.between[b][0], hi = pl->meta.between[b][1];
        if (lo < 0 || hi < 0 || lo == hi) continue;
        val x, y;
        val_from_av(&x, &args[lo], param_class(p, (size_t)lo));
        val_from_av(&y, &args[hi], param_class(p, (size_t)hi));
        if (val_cmp(&x, &y) > 0 && chance(85)) {
            ddbc_rt_av t = args[lo];
            args[lo] = args[hi];
            args[hi] = t;
        }
        val_free(&x);
        val_free(&y);
    }
}

static void args_free(ddbc_rt_av *args, size_t n)
{
    for (size_t i = 0; i < n; i++) ddbc_rt_av_free(&args[i]);
    free(args);
}

static void print_args(FILE *f, const ddbc_rt_pattern *p, const ddbc_rt_av *args)
{
    fputs("(", f);
    for (size_t i = 0; i < p->nparams; i++) {
        fprintf(f, "%s%s=", i ? ", " : "", p->params[i].name ? p->params[i].name : "?");
        av_print(f, &args[i]);
    }
    fputs(")", f);
}

/* SQLite's answer: every row (LIMIT removed), ORDER BY terms first. */
static bool run_sqlite(const plan *pl, const ddbc_rt_av *args, rset *out, char *err, size_t cap)
{
    const ddbc_rt_pattern *p = pl->p;
    sqlx x;
    if (!sqlx_build(p, args, &x)) {
        snprintf(err, cap, "%s", x.err);
        sqlx_free(&x);
        return false;
    }
    sbuf q = {0};
    if (pl->ordered) {
        sb_putn(&q, x.sql, x.select_off);
        sb_puts(&q, " ");
        for (int i = 0; i < x.norder; i++) sb_printf(&q, "%s, ", x.order_expr[i]);
        sb_puts(&q, x.sql + x.select_off);
    } else {
        sb_puts(&q, x.sql);
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(DB, sb_str(&q), -1, &st, NULL) != SQLITE_OK) {
        snprintf(err, cap, "SQLite cannot run it: %s\n  SQL: %s", sqlite3_errmsg(DB), sb_str(&q));
        free(q.p);
        sqlx_free(&x);
        return false;
    }
    for (int k = 1; k <= x.nbind; k++) bind_av(st, k, x.bind[k].av, x.bind[k].c);
    out->nt = p->ntargets;
    out->nk = pl->ordered ? (size_t)x.norder : 0;
    int ncol = sqlite3_column_count(st);
    bool ok = true;
    if ((size_t)ncol != out->nk + out->nt) {
        snprintf(err, cap, "SQLite returns %d columns, the descriptor lists %zu targets", ncol - (int)out->nk,
                 p->ntargets);
        ok = false;
    }
    int rc;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        rrow *r = rset_add(out);
        for (size_t i = 0; i < out->nk; i++) val_from_sqlite(&r->k[i], st, (int)i, pl->ob_cls[i]);
        for (size_t j = 0; j < out->nt; j++) val_from_sqlite(&r->t[j], st, (int)(out->nk + j), pl->tcls[j]);
    }
    if (ok && rc != SQLITE_DONE) {
        snprintf(err, cap, "SQLite: %s", sqlite3_errmsg(DB));
        ok = false;
    }
    sqlite3_finalize(st);
    free(q.p);
    sqlx_free(&x);
    return ok;
}

static const ddbc_rt_av *row_attr(const ddbc_rt_row *r, int binding, const char *attr)
{
    if (binding < 0 || (size_t)binding >= r->width || !attr) return NULL;
    return ddbc_rt_item_get(&r->items[binding], attr);
}

static const ddbc_rt_av *count_attr(const ddbc_rt_pattern *p, const ddbc_rt_row *r, const ddbc_rt_target *t)
{
    const char *names[3] = {t->name, t->attr, p->counter ? p->counter->attr : NULL};
    for (size_t b = 0; b < r->width; b++)
        for (int i = 0; i < 3; i++) {
            const ddbc_rt_av *v = names[i] ? ddbc_rt_item_get(&r->items[b], names[i]) : NULL;
            if (v) return v;
        }
    return NULL;
}

/* ddbc's answer through the generated function: cursors followed to the end
 * without a LIMIT, one call with one. */
static ddbc_rt_status run_ddbc(const plan *pl, const ddbc_rt_av *args, rset *out, long *calls)
{
    const ddbc_rt_pattern *p = pl->p;
    out->nt = p->ntargets;
    out->nk = pl->ordered ? (size_t)pl->meta.norder : 0;
    char *cursor = NULL;
    ddbc_rt_status st = DDBC_RT_OK;
    for (long round = 0; round < 100000; round++) {
        ddbc_rt_rows rows = DDBC_RT_ROWS_INIT;
        st = pl->api->read(C, args, p->nparams, cursor, &rows);
        (*calls)++;
        free(cursor);
        cursor = NULL;
        if (st == DDBC_RT_NOT_FOUND && p->one) {
            ddbc_rt_rows_free(&rows);
            st = DDBC_RT_OK;
            break;
        }
        if (st != DDBC_RT_OK) {
            ddbc_rt_rows_free(&rows);
            break;
        }
        for (size_t i = 0; i < rows.n; i++) {
            const ddbc_rt_row *src = &rows.v[i];
            rrow *r = rset_add(out);
            for (size_t j = 0; j < out->nt; j++) {
                const ddbc_rt_target *t = &p->targets[j];
                const ddbc_rt_av *v = t->binding < 0 ? count_attr(p, src, t) : row_attr(src, t->binding, t->attr);
                val_from_av(&r->t[j], v, pl->tcls[j]);
            }
            for (size_t k = 0; k < out->nk; k++)
                val_from_av(&r->k[k], row_attr(src, pl->ob_binding[k], pl->ob_attr[k]), pl->ob_cls[k]);
        }
        if (rows.next_cursor) cursor = xstrdup(rows.next_cursor);
        ddbc_rt_rows_free(&rows);
        if (pl->limit || p->one || !cursor) break;
    }
    free(cursor);
    return st;
}

static const plan *cur_plan;

static int vals_cmp(const val *a, const val *b, size_t n, const bool *desc)
{
    for (size_t i = 0; i < n; i++) {
        int c = val_cmp(&a[i], &b[i]);
        if (!c && a[i].t != b[i].t) c = a[i].t < b[i].t ? -1 : 1;   /* 1 and 1.0 stay apart */
        if (c) return desc && desc[i] ? -c : c;
    }
    return 0;
}

static int cmp_keys(const rrow *a, const rrow *b)
{
    return vals_cmp(a->k, b->k, (size_t)(cur_plan->ordered ? cur_plan->meta.norder : 0), cur_plan->meta.order_desc);
}

static int cmp_targets(const rrow *a, const rrow *b) { return vals_cmp(a->t, b->t, cur_plan->p->ntargets, NULL); }

static int qcmp_full(const void *x, const void *y)
{
    const rrow *a = x, *b = y;
    int c = cmp_keys(a, b);
    return c ? c : cmp_targets(a, b);
}

static int qcmp_targets(const void *x, const void *y) { return cmp_targets(x, y); }

/* qsort, which must not see a NULL array even when it is empty. */
static void sort_rows(rrow *v, size_t n, int (*cmp)(const void *, const void *))
{
    if (n > 1) qsort(v, n, sizeof *v, cmp);
}

/* Whether a[0..na) is a sub-multiset of b[0..nb) (both sorted by targets). */
static bool sub_multiset(const rrow *a, size_t na, const rrow *b, size_t nb, size_t *bad)
{
    size_t j = 0;
    for (size_t i = 0; i < na; i++) {
        while (j < nb && cmp_targets(&b[j], &a[i]) < 0) j++;
        if (j == nb || cmp_targets(&b[j], &a[i]) != 0) {
            *bad = i;
            return false;
        }
        j++;
    }
    return true;
}

static void print_rrow(FILE *f, const plan *pl, const rrow *r)
{
    fputs("(", f);
    for (size_t j = 0; j < pl->p->ntargets; j++) {
        if (j) fputs(", ", f);
        fprintf(f, "%s=", pl->p->targets[j].name ? pl->p->targets[j].name : "?");
        val_print(f, &r->t[j]);
    }
    if (pl->ordered) {
        fputs(" | order by ", f);
        for (int k = 0; k < pl->meta.norder; k++) {
            if (k) fputs(", ", f);
            val_print(f, &r->k[k]);
        }
    }
    fputs(")", f);
}

static void print_rows(FILE *f, const char *label, const plan *pl, const rset *r, size_t mark)
{
    fprintf(f, "  %s: %zu rows\n", label, r->n);
    size_t from = mark > 4 ? mark - 4 : 0;
    for (size_t i = from; i < r->n && i < from + 12; i++) {
        fprintf(f, "   %s%4zu ", i == mark ? "->" : "  ", i);
        print_rrow(f, pl, &r->v[i]);
        fputc('\n', f);
    }
}

/* The comparison: same rows; under ORDER BY the same sequence of sort keys
 * and, within rows of equal keys, rows SQLite also has (a group cut by the
 * LIMIT may hold any of its rows); under a LIMIT, min(limit, all) rows. */
static bool compare(const plan *pl, rset *sq, rset *dd, long limit, char *what, size_t cap, size_t *mark)
{
    cur_plan = pl;
    size_t nexp = limit > 0 && (size_t)limit < sq->n ? (size_t)limit : sq->n;
    sort_rows(sq->v, sq->n, qcmp_full);
    *mark = 0;
    if (dd->n != nexp) {
        snprintf(what, cap, "row count: SQLite gives %zu%s, ddbc %zu", nexp,
                 nexp != sq->n ? " (after the LIMIT)" : "", dd->n);
        if (!pl->ordered) sort_rows(dd->v, dd->n, qcmp_targets);
        for (*mark = 0; *mark < dd->n && *mark < sq->n && qcmp_full(&dd->v[*mark], &sq->v[*mark]) == 0; (*mark)++) {}
        return false;
    }
    if (pl->ordered) {
        for (size_t i = 0; i < dd->n; i++)
            if (cmp_keys(&dd->v[i], &sq->v[i]) != 0) {
                snprintf(what, cap, "order: row %zu has other ORDER BY values", i);
                *mark = i;
                return false;
            }
        for (size_t i = 0; i < dd->n;) {
            size_t j = i, a = i, b = i;
            while (j < dd->n && cmp_keys(&dd->v[j], &dd->v[i]) == 0) j++;
            while (b < sq->n && cmp_keys(&sq->v[b], &dd->v[i]) == 0) b++;
            sort_rows(dd->v + i, j - i, qcmp_targets);
            size_t bad;
            if (!sub_multiset(dd->v + i, j - i, sq->v + a, b - a, &bad)) {
                snprintf(what, cap, "row %zu is not a row SQLite has with these ORDER BY values", i + bad);
                *mark = i + bad;
                return false;
            }
            i = j;
        }
        return true;
    }
    sort_rows(dd->v, dd->n, qcmp_targets);
    sort_rows(sq->v, sq->n, qcmp_targets);
    size_t bad;
    if (!sub_multiset(dd->v, dd->n, sq->v, sq->n, &bad)) {
        snprintf(what, cap, "row %zu (sorted) is not in SQLite's result", bad);
        *mark = bad;
        return false;
    }
    return true;
}

static plan *plans;
static size_t nplans;

static void compare_reads(const char *phase)
{
    long calls = 0, patterns = 0;
    for (size_t pi = 0; pi < nplans; pi++) {
        plan *pl = &plans[pi];
        const ddbc_rt_pattern *p = pl->p;
        if (!p->is_read || pl->excluded || !pl->api->read) continue;
        patterns++;
        for (long n = 0; n < calls_per_pattern; n++) {
            ddbc_rt_av *args = xmalloc((p->nparams ? p->nparams : 1) * sizeof *args);
            gen_args(pl, args);
            long limit = pl->limit;
            if (limit < 0) {
                val v;
                val_from_av(&v, &args[pl->meta.limit_param], C_INT);
                limit = v.t == V_INT ? (long)v.i : 0;
                val_free(&v);
            }
            rset sq = {0}, dd = {0};
            char err[1024] = "", what[256] = "";
            size_t mark = 0;
            bool ok = run_sqlite(pl, args, &sq, err, sizeof err);
            ddbc_rt_status st = DDBC_RT_OK;
            if (ok) st = run_ddbc(pl, args, &dd, &calls);
            ncompared++;
            if (!ok) {
                fail_begin();
                if (reporting()) fprintf(stderr, "FAIL [%s] %s (%s): %s\n", phase, p->name, p->source, err);
            } else if (st != DDBC_RT_OK) {
                fail_begin();
                if (reporting()) {
                    fprintf(stderr, "MISMATCH [%s] %s (%s) ", phase, p->name, p->source);
                    print_args(stderr, p, args);
                    fprintf(stderr, ": SQLite gives %zu rows, ddbc fails\n", sq.n);
                    client_error("status", st);
                }
            } else if (!compare(pl, &sq, &dd, limit, what, sizeof what, &mark)) {
                fail_begin();
                if (reporting()) {
                    fprintf(stderr, "MISMATCH [%s] %s (%s) ", phase, p->name, p->source);
                    print_args(stderr, p, args);
                    fprintf(stderr, "\n  %s\n  SQL: %s\n", what, p->sql);
                    print_rows(stderr, "SQLite (sorted)", pl, &sq, mark);
                    print_rows(stderr, "ddbc", pl, &dd, mark);
                }
            } else {
                nrows_compared += (long)dd.n;
            }
            pl->ncalls++;
            pl->nonempty += dd.n > 0;
            pl->nrows += (long)dd.n;
            rset_free(&sq);
            rset_free(&dd);
            args_free(args, p->nparams);
        }
        /* stop early once the failures are many */
        if (nfail > 4 * max_reports) break;
    }
    printf("  [%s] %ld read patterns, %ld calls to the generated functions\n", phase, patterns, calls);
}

/* ---- updates and deletes ----------------------------------------------------------------------- */

static bool mutable_col(const ent *E, const colinfo *ci)
{
    (void)E;
    return !ci->pk && !ci->keycol && ci->col->def != DDBC_RT_DEFAULT_ID && ci->col->def != DDBC_RT_DEFAULT_UUID;
}

static void entity_updates(void)
{
    long done = 0;
    for (size_t i = 0; i < nents; i++) {
        ent *E = &ents[i];
        size_t nmut = 0;
        for (size_t k = 0; k < E->e->ncolumns; k++) nmut += mutable_col(E, &E->cols[k]);
        if (!nmut || !E->api->update) continue;
        long n = count_rows(E, NULL), todo = n / 8 > 4 ? n / 8 : (n < 4 ? n : 4);
        for (long r = 0; r < todo; r++) {
            ddbc_rt_item row = DDBC_RT_ITEM_INIT;
            if (!random_row(E, NULL, false, &row)) break;
            int changes = 1 + (int)rndn(3);
            for (int c = 0; c < changes; c++) {
                size_t pick = rndn(nmut), k = 0;
                for (;; k++)
                    if (mutable_col(E, &E->cols[k]) && pick-- == 0) break;
                regen_column(E, &E->cols[k], &row, E->cols[k].col->nullable);
            }
            ddbc_rt_status st = E->api->update(C, &row);
            if (st != DDBC_RT_OK) {
                fail_begin();
                if (reporting()) {
                    fprintf(stderr, "MISMATCH [update] %s update refused an update SQLite accepts:\n", E->e->name);
                    client_error("status", st);
                    fputs("  row: ", stderr);
                    print_item(stderr, E, &row);
                    fputc('\n', stderr);
                }
            } else if (sqlite_update_row(E, &row) != 1) {
                die("SQLite updated no row for %s", E->e->name);
            }
            done++;
            ddbc_rt_item_free(&row);
        }
    }
    printf("  entity updates: %ld\n", done);
}

static void entity_removes(void)
{
    long done = 0;
    for (size_t i = 0; i < nents; i++) {
        ent *E = &ents[i];
        if (!E->api->remove) continue;
        long n = count_rows(E, E->deletable), todo = n / 10 > 3 ? n / 10 : (n < 3 ? n : 3);
        for (long r = 0; r < todo; r++) {
            ddbc_rt_item row = DDBC_RT_ITEM_INIT, key = DDBC_RT_ITEM_INIT;
            if (!random_row(E, E->deletable, false, &row)) break;
            key_of(E, &row, &key);
            ddbc_rt_status st = E->api->remove(C, &key);
            if (st != DDBC_RT_OK) {
                fail_begin();
                if (reporting()) {
                    fprintf(stderr, "MISMATCH [delete] %s delete of an existing row failed:\n", E->e->name);
                    client_error("status", st);
                    fputs("  row: ", stderr);
                    print_item(stderr, E, &row);
                    fputc('\n', stderr);
                }
            } else {
                sqlite_delete_row(E, &row);
                done++;
            }
            ddbc_rt_item_free(&row);
            ddbc_rt_item_free(&key);
        }
    }
    printf("  entity deletes: %ld\n", done);
}

static int set_param_attr(const ddbc_rt_pattern *p, size_t i, const char **attr)
{
    for (size_t k = 0; k < p->nset; k++)
        if (p->set[k].value.kind == DDBC_RT_ARG_PARAM && p->set[k].value.param == (int)i) {
            *attr = p->set[k].attr;
            return (int)k;
        }
    return -1;
}

static bool all_keys_assigned(const ddbc_rt_pattern *p, const ent *E)
{
    for (size_t k = 0; k < E->e->nkey_columns; k++) {
        bool found = false;
        for (size_t j = 0; j < p->nset && !found; j++) found = strcmp(p->set[j].attr, E->e->key_columns[k]) == 0;
        if (!found) return false;
    }
    return true;
}

static void run_insert(const ddbc_rt_pattern_api *api, ent *E)
{
    const ddbc_rt_pattern *p = api->pattern;
    ddbc_rt_item row = DDBC_RT_ITEM_INIT;
    if (!gen_row(E, &row)) {
        ddbc_rt_item_free(&row);
        return;
    }
    ddbc_rt_av *args = xmalloc((p->nparams ? p->nparams : 1) * sizeof *args);
    for (size_t i = 0; i < p->nparams; i++) {
        const char *attr = p->params[i].column;
        set_param_attr(p, i, &attr);
        colinfo *ci = col_of(E, attr);
        const ddbc_rt_av *v = ddbc_rt_item_get(&row, attr);
        if (ci && (!v || (v->type == DDBC_AV_NULL && !p->params[i].nullable))) {
            if (!regen_column(E, ci, &row, p->params[i].nullable)) gen_value(ci, &row, 0);
            v = ddbc_rt_item_get(&row, attr);
        }
        memset(&args[i], 0, sizeof args[i]);
        args[i].type = DDBC_AV_NULL;
        if (v && ddbc_rt_av_copy(&args[i], v) != DDBC_RT_OK) die("av_copy");
    }
    long affected = -1;
    ddbc_rt_status st;
    ddbc_rt_item got = DDBC_RT_ITEM_INIT;
    const char *how;
    if (all_keys_assigned(p, E) && api->write) {
        how = "generated function, then get";
        st = api->write(C, args, p->nparams, &affected);
        if (st == DDBC_RT_OK) {
            ddbc_rt_item key = DDBC_RT_ITEM_INIT;
            key_of(E, &row, &key);
            st = E->api->get(C, &key, &got);
            ddbc_rt_item_free(&key);
        }
    } else {
        /* a generated id comes back only with the row: ask the engine for it */
        how = "ddbc_rt_pattern_write with RETURNING";
        ddbc_rt_items ret = DDBC_RT_ITEMS_INIT;
        st = ddbc_rt_pattern_write(C, table_name, p, args, p->nparams, &affected, &ret);
        if (st == DDBC_RT_OK && ret.n == 1) {
            got = ret.v[0];
            ret.v[0] = (ddbc_rt_item)DDBC_RT_ITEM_INIT;
        } else if (st == DDBC_RT_OK) {
            st = DDBC_RT_BAD_RESPONSE;
        }
        ddbc_rt_items_free(&ret);
    }
    char err[256] = "";
    int bad = -1;
    for (size_t i = 0; i < p->nset && bad < 0; i++) {
        const ddbc_rt_assign *a = &p->set[i];
        colinfo *ci = col_of(E, a->attr);
        if (!ci || a->value.kind != DDBC_RT_ARG_PARAM) continue;
        val x, y;
        val_from_av(&x, &args[a->value.param], ci->c);
        val_from_av(&y, ddbc_rt_item_get(&got, a->attr), ci->c);
        if (x.t != y.t || val_cmp(&x, &y) != 0) bad = (int)i;
        val_free(&x);
        val_free(&y);
    }
    bool stored = st == DDBC_RT_OK && affected == 1 && bad < 0 && sqlite_insert(E, &got, err, sizeof err);
    if (!stored && st == DDBC_RT_OK && got.n) {   /* keep the two stores alike for what follows */
        ddbc_rt_item key = DDBC_RT_ITEM_INIT;
        key_of(E, &got, &key);
        E->api->remove(C, &key);
        ddbc_rt_item_free(&key);
    }
    if (!stored) {
        fail_begin();
        if (reporting()) {
            fprintf(stderr, "MISMATCH [writes] %s (%s, %s) ", p->name, p->source, how);
            print_args(stderr, p, args);
            fputc('\n', stderr);
            if (st != DDBC_RT_OK) client_error("status", st);
            else if (affected != 1) fprintf(stderr, "  affected %ld, SQL inserts 1 row\n", affected);
            else if (bad >= 0) fprintf(stderr, "  column %s not as given\n", p->set[bad].attr);
            else fprintf(stderr, "  SQLite rejects the row written: %s\n", err);
            fputs("  row: ", stderr);
            print_item(stderr, E, &got);
            fputc('\n', stderr);
        }
    }
    ddbc_rt_item_free(&got);
    ddbc_rt_item_free(&row);
    args_free(args, p->nparams);
}

static void run_update_delete(const ddbc_rt_pattern_api *api, ent *E)
{
    const ddbc_rt_pattern *p = api->pattern;
    ddbc_rt_item row = DDBC_RT_ITEM_INIT, other = DDBC_RT_ITEM_INIT;
    if (!random_row(E, p->write == DDBC_RT_DELETE ? E->deletable : NULL, false, &row)) return;
    bool miss = chance(8), perturb = chance(15);
    ddbc_rt_av *args = xmalloc((p->nparams ? p->nparams : 1) * sizeof *args);
    for (size_t i = 0; i < p->nparams; i++) {
        const ddbc_rt_param *pp = &p->params[i];
        const char *attr = pp->column;
        bool is_set = set_param_attr(p, i, &attr) >= 0;
        colinfo *ci = col_of(E, attr);
        ddbc_rt_item tmp = DDBC_RT_ITEM_INIT;
        const ddbc_rt_av *v = NULL;
        if (ci && is_set) {
            if (ddbc_rt_item_copy(&tmp, &row) != DDBC_RT_OK) die("item_copy");
            if (regen_column(E, ci, &tmp, pp->nullable)) v = ddbc_rt_item_get(&tmp, attr);
        } else if (ci && (miss || (perturb && !ci->pk && !ci->keycol))) {
            if (miss) {
                colinfo c2 = *ci;
                ddbc_rt_column col = *ci->col;
                col.nullable = false;
                c2.col = &col;
                gen_value(&c2, &tmp, 0);
                v = ddbc_rt_item_get(&tmp, attr);
            } else if (random_row(E, NULL, false, &other)) {
                v = ddbc_rt_item_get(&other, attr);
            }
        } else if (ci) {
            v = ddbc_rt_item_get(&row, attr);
        }
        memset(&args[i], 0, sizeof args[i]);
        args[i].type = DDBC_AV_NULL;
        if (v && ddbc_rt_av_copy(&args[i], v) != DDBC_RT_OK) die("av_copy");
        if (args[i].type == DDBC_AV_NULL && !pp->nullable) {
            ddbc_rt_item_free(&tmp);
            if (ci) {
                colinfo c2 = *ci;
                ddbc_rt_column col = *ci->col;
                col.nullable = false;
                c2.col = &col;
                gen_value(&c2, &tmp, 0);
                if (ddbc_rt_av_copy(&args[i], ddbc_rt_item_get(&tmp, attr)) != DDBC_RT_OK) die("av_copy");
            }
        }
        ddbc_rt_item_free(&tmp);
    }
    /* SQLite first, in a savepoint: a statement SQLite refuses is reported and undone */
    sqlx x;
    long changes = -1;
    char err[512] = "";
    if (sqlx_build(p, args, &x)) {
        sqlite3_stmt *st = NULL;
        exec_sql("SAVEPOINT w");
        if (sqlite3_prepare_v2(DB, x.sql, -1, &st, NULL) == SQLITE_OK) {
            for (int k = 1; k <= x.nbind; k++) bind_av(st, k, x.bind[k].av, x.bind[k].c);
            int rc;
            while ((rc = sqlite3_step(st)) == SQLITE_ROW) {}
            if (rc == SQLITE_DONE) changes = sqlite3_changes(DB);
            else snprintf(err, sizeof err, "%s", sqlite3_errmsg(DB));
        } else {
            snprintf(err, sizeof err, "%s in %s", sqlite3_errmsg(DB), x.sql);
        }
        sqlite3_finalize(st);
        exec_sql(changes >= 0 ? "RELEASE w" : "ROLLBACK TO w; RELEASE w");
    } else {
        snprintf(err, sizeof err, "%s", x.err);
    }
    sqlx_free(&x);
    long affected = -1;
    ddbc_rt_status st = DDBC_RT_OK;
    if (changes >= 0) {
        st = api->write(C, args, p->nparams, &affected);
        if (st == DDBC_RT_NOT_FOUND || st == DDBC_RT_CONDITION_FAILED) {
            nstatus_mapped++;
            affected = 0;
            st = DDBC_RT_OK;
        }
    }
    if (changes < 0 || st != DDBC_RT_OK || affected != changes) {
        fail_begin();
        if (reporting()) {
            fprintf(stderr, "%s [writes] %s (%s) ", changes < 0 ? "FAIL" : "MISMATCH", p->name, p->source);
            print_args(stderr, p, args);
            fputc('\n', stderr);
            if (changes < 0) fprintf(stderr, "  SQLite cannot run it: %s\n", err);
            else if (st != DDBC_RT_OK) client_error("status", st);
            else fprintf(stderr, "  rows affected: SQLite %ld, ddbc %ld\n", changes, affected);
        }
    }
    ddbc_rt_item_free(&row);
    ddbc_rt_item_free(&other);
    args_free(args, p->nparams);
}

static void write_patterns(void)
{
    long done = 0;
    for (size_t i = 0; i < S->npatterns; i++) {
        const ddbc_rt_pattern_api *api = &S->patterns[i];
        const ddbc_rt_pattern *p = api->pattern;
        if (p->is_read || !p->nbindings) continue;
        ent *E = ent_of(p->bindings[0].entity);
        if (!E) continue;
        for (long n = 0; n < calls_per_pattern; n++) {
            if (p->write == DDBC_RT_INSERT) run_insert(api, E);
            else if (api->write) run_update_delete(api, E);
            done++;
        }
    }
    printf("  write pattern calls: %ld\n", done);
}

/* ---- uniqueness ------------------------------------------------------------------------------------ */

static void set_explicit_key(const ent *E, ddbc_rt_item *row)
{
    for (size_t k = 0; k < E->e->ncolumns; k++) {
        const colinfo *ci = &E->cols[k];
        if (ci->col->def == DDBC_RT_DEFAULT_ID && ci->c == C_INT) {
            if (ddbc_rt_item_set_i64(row, ci->col->name, ddbc_rt_next_id()) != DDBC_RT_OK) die("item_set");
        } else if (ci->col->def == DDBC_RT_DEFAULT_ID) {
            char u[27];
            ddbc_rt_next_ulid(u);
            if (ddbc_rt_item_set_s(row, ci->col->name, u, strlen(u)) != DDBC_RT_OK) die("item_set");
        } else if (ci->col->def == DDBC_RT_DEFAULT_UUID) {
            colinfo c2 = *ci;
            c2.g = G_UUID;
            gen_value(&c2, row, 0);
        }
    }
}

static void expect_violation(const ent *E, const ddbc_rt_item *row, const char *what)
{
    ddbc_rt_item out = DDBC_RT_ITEM_INIT, key = DDBC_RT_ITEM_INIT, got = DDBC_RT_ITEM_INIT;
    ddbc_rt_status st = E->api->create(C, row, &out);
    ncompared++;
    if (st != DDBC_RT_UNIQUE_VIOLATION) {
        fail_begin();
        if (reporting()) {
            fprintf(stderr, "MISMATCH [unique] %s: %s gave %s, not UNIQUE_VIOLATION\n  row: ", E->e->name, what,
                    ddbc_rt_status_name(st));
            print_item(stderr, E, row);
            fputc('\n', stderr);
        }
        if (st == DDBC_RT_OK) {   /* keep the two stores alike for what follows */
            key_of(E, &out, &key);
            E->api->remove(C, &key);
        }
    } else if (key_of(E, row, &key)) {
        st = E->api->get(C, &key, &got);
        if (st != DDBC_RT_NOT_FOUND && !taken(E, E->e->key_columns, E->e->nkey_columns, row)) {
            fail_begin();
            if (reporting()) {
                fprintf(stderr, "MISMATCH [unique] %s: after the refused %s, get by its key gives %s\n  row: ",
                        E->e->name, what, ddbc_rt_status_name(st));
                print_item(stderr, E, row);
                fputc('\n', stderr);
            }
        }
    }
    ddbc_rt_item_free(&out);
    ddbc_rt_item_free(&key);
    ddbc_rt_item_free(&got);
}

static void uniqueness(void)
{
    long checks = 0;
    for (size_t i = 0; i < nents; i++) {
        ent *E = &ents[i];
        /* the key itself */
        for (int n = 0; n < 2; n++) {
            ddbc_rt_item r = DDBC_RT_ITEM_INIT, nrow = DDBC_RT_ITEM_INIT;
            if (random_row(E, NULL, false, &r) && gen_row(E, &nrow)) {
                set_explicit_key(E, &nrow);
                for (size_t k = 0; k < E->e->nkey_columns; k++)
                    if (ddbc_rt_item_set(&nrow, E->e->key_columns[k], ddbc_rt_item_get(&r, E->e->key_columns[k])) !=
                        DDBC_RT_OK)
                        die("item_set");
                expect_violation(E, &nrow, "a create with a key already taken");
                checks++;
            }
            ddbc_rt_item_free(&r);
            ddbc_rt_item_free(&nrow);
        }
        for (size_t u = 0; u < E->e->nuniques; u++) {
            const ddbc_rt_unique *un = &E->e->uniques[u];
            sbuf w = {0};
            for (size_t k = 0; k < un->ncolumns; k++) {
                sb_puts(&w, k ? " AND " : "");
                sb_ident(&w, un->columns[k]);
                sb_puts(&w, " IS NOT NULL");
            }
            for (int n = 0; n < 3; n++) {
                ddbc_rt_item r = DDBC_RT_ITEM_INIT, nrow = DDBC_RT_ITEM_INIT, m = DDBC_RT_ITEM_INIT;
                if (!random_row(E, sb_str(&w), false, &r) || !gen_row(E, &nrow)) {
                    ddbc_rt_item_free(&r);
                    ddbc_rt_item_free(&nrow);
                    break;
                }
                set_explicit_key(E, &nrow);
                for (size_t k = 0; k < un->ncolumns; k++)
                    if (ddbc_rt_item_set(&nrow, un->columns[k], ddbc_rt_item_get(&r, un->columns[k])) != DDBC_RT_OK)
                        die("item_set");
                expect_violation(E, &nrow, "a create with a taken UNIQUE value");
                checks++;
                /* nothing of the refused row may linger: its other values are still free */
                if (ddbc_rt_item_copy(&m, &nrow) != DDBC_RT_OK) die("item_copy");
                bool fresh = true;
                for (size_t k = 0; k < un->ncolumns && fresh; k++) {
                    colinfo *ci = col_of(E, un->columns[k]);
                    if (!mutable_col(E, ci)) continue;
                    fresh = regen_column(E, ci, &m, false);
                }
                if (fresh && !row_collides(E, &m)) {
                    create_row(E, &m, "unique: the refused row's other values", true);
                    checks++;
                }
                ddbc_rt_item_free(&r);
                ddbc_rt_item_free(&nrow);
                ddbc_rt_item_free(&m);
            }
            /* changing the value frees the old one */
            for (int n = 0; n < 3; n++) {
                ddbc_rt_item r = DDBC_RT_ITEM_INIT, old = DDBC_RT_ITEM_INIT, q = DDBC_RT_ITEM_INIT,
                              q2 = DDBC_RT_ITEM_INIT;
                if (!random_row(E, sb_str(&w), false, &r)) break;
                if (ddbc_rt_item_copy(&old, &r) != DDBC_RT_OK) die("item_copy");
                bool changed = false, ok = true;
                for (size_t k = 0; k < un->ncolumns && ok; k++) {
                    colinfo *ci = col_of(E, un->columns[k]);
                    if (!mutable_col(E, ci)) continue;
                    ok = regen_column(E, ci, &r, false);
                    changed = true;
                }
                if (changed && ok) {
                    ddbc_rt_status st = E->api->update(C, &r);
                    checks++;
                    if (st != DDBC_RT_OK) {
                        fail_begin();
                        if (reporting()) {
                            fprintf(stderr, "MISMATCH [unique] %s: changing a UNIQUE value failed\n", E->e->name);
                            client_error("status", st);
                        }
                    } else {
                        sqlite_update_row(E, &r);
                        if (gen_row(E, &q)) {
                            for (size_t k = 0; k < un->ncolumns; k++)
                                if (ddbc_rt_item_set(&q, un->columns[k], ddbc_rt_item_get(&old, un->columns[k])) !=
                                    DDBC_RT_OK)
                                    die("item_set");
                            if (!row_collides(E, &q)) {
                                create_row(E, &q, "unique: a new row takes the freed value", true);
                                checks++;
                            }
                        }
                        if (gen_row(E, &q2)) {
                            set_explicit_key(E, &q2);
                            for (size_t k = 0; k < un->ncolumns; k++)
                                if (ddbc_rt_item_set(&q2, un->columns[k], ddbc_rt_item_get(&r, un->columns[k])) !=
                                    DDBC_RT_OK)
                                    die("item_set");
                            expect_violation(E, &q2, "a create with the value just set");
                            checks++;
                        }
                    }
                }
                ddbc_rt_item_free(&r);
                ddbc_rt_item_free(&old);
                ddbc_rt_item_free(&q);
                ddbc_rt_item_free(&q2);
            }
            free(w.p);
        }
    }
    printf("  uniqueness checks: %ld\n", checks);
}

/* ---- main ----------------------------------------------------------------------------------------- */

static double t0;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void phase(const char *name)
{
    printf("%s (%.1fs)\n", name, now_s() - t0);
}

static long env_long(const char *name, long def)
{
    const char *s = getenv(name);
    if (!s || !*s) return def;
    char *end;
    long v = strtol(s, &end, 10);
    return *end ? def : v;
}

int ddbc_diff_main(int argc, char **argv, const ddbc_rt_schema *schema)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc != 2) {
        fprintf(stderr, "usage: %s DDBC_OUT_DIR  (run under tests/lib/with_server.sh moto|dynalite-tx)\n", argv[0]);
        return 2;
    }
    S = schema;
    const char *seed_env = getenv("DDBC_DIFF_SEED");
    uint64_t seed = seed_env && *seed_env ? strtoull(seed_env, NULL, 0)
                                          : ((uint64_t)time(NULL) << 20) ^ (uint64_t)getpid();
    rng_state = seed ? seed : 0x9e3779b97f4a7c15ULL;
    rows_per_table = env_long("DDBC_DIFF_ROWS", 100);
    calls_per_pattern = env_long("DDBC_DIFF_CALLS", 4);
    const char *shim = getenv("DDBC_TEST_TX_SHIM");
    printf("ddbc differential test: %s (table %s) against %s%s\n", S->prefix, S->table,
           getenv("DDBC_TEST_SERVER") ? getenv("DDBC_TEST_SERVER") : "the configured endpoint",
           shim && strcmp(shim, "1") == 0 ? " (TransactWriteItems emulated by tests/lib/tx_shim.py)" : "");
    printf("  seed DDBC_DIFF_SEED=%" PRIu64 ", %ld rows per table (DDBC_DIFF_ROWS), %ld calls per pattern "
           "(DDBC_DIFF_CALLS)\n",
           seed, rows_per_table, calls_per_pattern);
    printf("  SQLite side: the example's own schema as ddbc read it (tables, primary keys, UNIQUE sets\n"
           "  and foreign keys from the generated descriptors); timestamps as YYYY-MM-DDTHH:MM:SS.ffffffZ\n");

    char why[256] = "";
    /* A local server on a loaded machine can be slow; a timeout here would
       retry a transaction moto already applied (it ignores the idempotency
       token) and report a false UNIQUE_VIOLATION. */
    ddbc_rt_config cfg = DDBC_RT_CONFIG_INIT;
    cfg.connect_timeout_ms = 30000;
    cfg.request_timeout_ms = 300000;
    ddbc_rt_status st = ddbc_rt_client_create(&cfg, &C, why, sizeof why);
    if (st != DDBC_RT_OK) die("client: %s: %s", ddbc_rt_status_name(st), why);
    table_name = ddbc_rt_client_table(C, S->table);
    create_table(argv[1]);
    analyze();
    create_sqlite_tables();
    make_pools();

    nplans = S->npatterns;
    plans = xmalloc((nplans ? nplans : 1) * sizeof *plans);
    long nread = 0, nwrite = 0, nexcl = 0;
    for (size_t i = 0; i < nplans; i++) {
        char reason[512] = "";
        const ddbc_rt_pattern *p = S->patterns[i].pattern;
        if (!plan_make(&S->patterns[i], &plans[i], reason, sizeof reason)) {
            fail_begin();
            fprintf(stderr, "FAIL %s (%s): cannot compare: %s\n", p->name, p->source, reason);
            plans[i].excluded = "(failed above)";
            continue;
        }
        if (plans[i].excluded) {
            printf("  EXCLUDED %s (%s): %s\n", p->name, p->source, plans[i].excluded);
            nexcl++;
        } else if (p->is_read) {
            nread++;
        } else {
            nwrite++;
        }
    }
    printf("  %zu entities, %ld read and %ld write patterns compared, %ld excluded\n", nents, nread, nwrite, nexcl);

    t0 = now_s();
    phase("load");
    load();
    check_gets("load");
    phase("reads");
    compare_reads("after load");
    phase("updates and deletes");
    entity_updates();
    write_patterns();
    entity_removes();
    check_gets("after writes");
    compare_reads("after writes");
    phase("uniqueness");
    uniqueness();
    check_gets("after uniqueness");
    compare_reads("after uniqueness");

    printf("coverage (calls / calls with rows / rows, all rounds):\n");
    for (size_t i = 0; i < nplans; i++)
        if (plans[i].p->is_read && !plans[i].excluded)
            printf("  %-36s %4ld %4ld %6ld\n", plans[i].p->name, plans[i].ncalls, plans[i].nonempty, plans[i].nrows);
    long requests = 0, retries = 0;
    ddbc_rt_client_counts(C, &requests, &retries);
    phase("done");
    printf("%s: %ld comparisons, %ld rows compared, %ld failures; %ld requests (%ld retries); "
           "%ld writes matched nothing and said so by status; seed %" PRIu64 "\n",
           nfail ? "FAILED" : "ok", ncompared, nrows_compared, nfail, requests, retries, nstatus_mapped, seed);
    if (nfail > max_reports) printf("  (only the first %ld failures are shown)\n", max_reports);

    for (size_t i = 0; i < nplans; i++) plan_free(&plans[i]);
    free(plans);
    pools_free();
    analysis_free();
    sqlite3_close(DB);
    ddbc_rt_client_free(C);
    return nfail ? 1 : 0;
}
