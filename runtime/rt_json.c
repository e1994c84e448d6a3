/* rt_json.c — DynamoDB JSON both ways, base64, and the output buffer.
 * Requests are written straight into an rt_buf (no tree is built: that is the
 * hot path of every call); responses are parsed with cJSON. */

/* Why cJSON: DynamoDB JSON is thousands of tiny objects ({"S":"…"} per
 * value), and cJSON's objects are linked lists where jansson builds a hash
 * table per object: on a 3 KB Query page cJSON parses in about 10 µs against
 * jansson's 48 µs (measured, bench/RESULTS.md).  It is packaged and kept with
 * security updates in Debian (libcjson-dev).  What cJSON does not check, this
 * file does: it passes invalid UTF-8 and raw control bytes through, keeps
 * duplicate keys, truncates strings at an escaped NUL and cannot tell a failed
 * allocation from a syntax error — see rt_json_parse and check_unique.  Every
 * cJSON parse also resets cJSON's global error position (a write shared by all
 * threads that nothing here reads, never a value a parse depends on). */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "rt_internal.h"

/* ---- the buffer -------------------------------------------------------------------- */

/* Room for `extra` more bytes plus the NUL; false (and sticky failure) when not. */
static bool grow(rt_buf *b, size_t extra)
{
    if (b->failed) return false;
    if (extra >= SIZE_MAX - b->len) {
        b->failed = true;
        return false;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need) cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = realloc(b->ptr, cap);
    if (!p) {
        b->failed = true;
        return false;
    }
    b->ptr = p;
    b->cap = cap;
    return true;
}

void rt_buf_append(rt_buf *b, const char *s, size_t len)
{
    if (!grow(b, len)) return;
    if (len) memcpy(b->ptr + b->len, s, len);
    b->len += len;
    b->ptr[b->len] = '\0';
}

void rt_buf_puts(rt_buf *b, const char *s)
{
    rt_buf_append(b, s, strlen(s));
}

void rt_buf_putc(rt_buf *b, char ch)
{
    if (!grow(b, 1)) return;
    b->ptr[b->len++] = ch;
    b->ptr[b->len] = '\0';
}

void rt_buf_printf(rt_buf *b, const char *fmt, ...)
{
    if (b->failed) return;
    char small[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = true;
        return;
    }
    if ((size_t)n < sizeof small) {
        rt_buf_append(b, small, (size_t)n);
        return;
    }
    if (!grow(b, (size_t)n)) return;
    va_start(ap, fmt);
    vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void rt_buf_free(rt_buf *b)
{
    if (!b) return;
    free(b->ptr);
    *b = (rt_buf)RT_BUF_INIT;
}

/* ---- JSON strings -------------------------------------------------------------------- */

/* 0: copy as is; otherwise the character after the backslash ('u': \u00XX). */
static const char escape_of[256] = {
    ['\b'] = 'b', ['\f'] = 'f', ['\n'] = 'n', ['\r'] = 'r', ['\t'] = 't',
    [0x00] = 'u', [0x01] = 'u', [0x02] = 'u', [0x03] = 'u', [0x04] = 'u', [0x05] = 'u',
    [0x06] = 'u', [0x07] = 'u', [0x0b] = 'u', [0x0e] = 'u', [0x0f] = 'u', [0x10] = 'u',
    [0x11] = 'u', [0x12] = 'u', [0x13] = 'u', [0x14] = 'u', [0x15] = 'u', [0x16] = 'u',
    [0x17] = 'u', [0x18] = 'u', [0x19] = 'u', [0x1a] = 'u', [0x1b] = 'u', [0x1c] = 'u',
    [0x1d] = 'u', [0x1e] = 'u', [0x1f] = 'u', ['"'] = '"', ['\\'] = '\\',
};

/* Runs of plain bytes are copied in one go; UTF-8 passes through untouched. */
void rt_buf_json_string(rt_buf *b, const char *s, size_t len)
{
    /* Worst case 6 bytes per input byte plus quotes: reserve the likely case
       (no escapes) up front, grow again only when escapes appear. */
    if (!grow(b, len + 2)) return;
    b->ptr[b->len++] = '"';
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        char e = escape_of[ch];
        if (!e) continue;
        rt_buf_append(b, s + run, i - run);
        run = i + 1;
        if (e == 'u') {
            static const char hex[] = "0123456789abcdef";
            char u[6] = {'\\', 'u', '0', '0', hex[ch >> 4], hex[ch & 15]};
            rt_buf_append(b, u, 6);
        } else {
            char u[2] = {'\\', e};
            rt_buf_append(b, u, 2);
        }
    }
    rt_buf_append(b, s + run, len - run);
    rt_buf_putc(b, '"');
}

/* ---- base64 -------------------------------------------------------------------------- */

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void rt_base64_encode(rt_buf *b, const unsigned char *p, size_t len)
{
    size_t out = (len + 2) / 3 * 4;
    if (!grow(b, out)) return;
    char *o = b->ptr + b->len;
    size_t i = 0;
    for (; i + 3 <= len; i += 3) {
        unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8 | p[i + 2];
        *o++ = b64[v >> 18];
        *o++ = b64[(v >> 12) & 63];
        *o++ = b64[(v >> 6) & 63];
        *o++ = b64[v & 63];
    }
    if (len - i == 1) {
        unsigned v = (unsigned)p[i] << 16;
        *o++ = b64[v >> 18];
        *o++ = b64[(v >> 12) & 63];
        *o++ = '=';
        *o++ = '=';
    } else if (len - i == 2) {
        unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8;
        *o++ = b64[v >> 18];
        *o++ = b64[(v >> 12) & 63];
        *o++ = b64[(v >> 6) & 63];
        *o++ = '=';
    }
    b->len += out;
    b->ptr[b->len] = '\0';
}

/* 0..63 for the alphabet, 64 for anything else. */
static unsigned char b64_value(unsigned char ch)
{
    if (ch >= 'A' && ch <= 'Z') return (unsigned char)(ch - 'A');
    if (ch >= 'a' && ch <= 'z') return (unsigned char)(ch - 'a' + 26);
    if (ch >= '0' && ch <= '9') return (unsigned char)(ch - '0' + 52);
    if (ch == '+') return 62;
    if (ch == '/') return 63;
    return 64;
}

/* Decoding outcomes: invalid input and a failed allocation differ in status. */
enum { B64_OK, B64_INVALID, B64_NO_MEMORY };

static int b64_decode(const char *s, size_t len, unsigned char **out, size_t *outlen)
{
    *out = NULL;
    *outlen = 0;
    if (len % 4) return B64_INVALID;
    size_t pad = 0;
    if (len && s[len - 1] == '=') pad = (len >= 2 && s[len - 2] == '=') ? 2 : 1;
    size_t n = len / 4 * 3 - pad;
    unsigned char *o = malloc(n + 1);
    if (!o) return B64_NO_MEMORY;
    size_t k = 0;
    for (size_t i = 0; i < len; i += 4) {
        bool last = i + 4 == len;
        size_t data = last ? 4 - pad : 4;
        unsigned v = 0;
        for (size_t j = 0; j < 4; j++) {
            unsigned char d = 0;
            if (j < data) {
                d = b64_value((unsigned char)s[i + j]);
                if (d == 64) goto bad;
            }
            v = v << 6 | d;
        }
        /* Nonzero bits under the padding would give a second spelling. */
        if (last && ((pad == 1 && (v & 0xff)) || (pad == 2 && (v & 0xffff)))) goto bad;
        o[k++] = (unsigned char)(v >> 16);
        if (data > 2) o[k++] = (unsigned char)(v >> 8);
        if (data > 3) o[k++] = (unsigned char)v;
    }
    o[k] = '\0';
    *out = o;
    *outlen = k;
    return B64_OK;
bad:
    free(o);
    return B64_INVALID;
}

/* Strict: length a multiple of 4, padding only at the end, no whitespace, and
 * the unused bits before the padding zero (so each byte string has exactly one
 * encoding).  *out is malloc'd and NUL-terminated (it becomes a B value);
 * false with *out NULL on invalid input or no memory. */
bool rt_base64_decode(const char *s, size_t len, unsigned char **out, size_t *outlen)
{
    return b64_decode(s, len, out, outlen) == B64_OK;
}

/* ---- writing DynamoDB JSON ------------------------------------------------------------ */

static void base64_string(rt_buf *b, const ddbc_rt_av *v)
{
    rt_buf_putc(b, '"');
    rt_base64_encode(b, (const unsigned char *)v->u.s.ptr, v->u.s.len);
    rt_buf_putc(b, '"');
}

static void json_list(rt_buf *b, const ddbc_rt_av *v)
{
    rt_buf_putc(b, '[');
    for (size_t i = 0; i < v->u.l.n; i++) {
        if (i) rt_buf_putc(b, ',');
        const ddbc_rt_av *e = &v->u.l.v[i];
        if (v->type == DDBC_AV_L)
            rt_json_av(b, e);
        else if (v->type == DDBC_AV_BS && e->type == DDBC_AV_B)
            base64_string(b, e);
        else if (e->type == DDBC_AV_S || e->type == DDBC_AV_N)
            rt_buf_json_string(b, e->u.s.ptr, e->u.s.len);
        else
            /* an element of the wrong type is written as "": the server then
               rejects the request rather than us guessing */
            rt_buf_append(b, "\"\"", 2);
    }
    rt_buf_putc(b, ']');
}

void rt_json_av(rt_buf *b, const ddbc_rt_av *v)
{
    switch (v->type) {
    case DDBC_AV_S:
        rt_buf_append(b, "{\"S\":", 5);
        rt_buf_json_string(b, v->u.s.ptr, v->u.s.len);
        break;
    case DDBC_AV_N:
        rt_buf_append(b, "{\"N\":", 5);
        rt_buf_json_string(b, v->u.s.ptr, v->u.s.len);
        break;
    case DDBC_AV_B:
        rt_buf_append(b, "{\"B\":", 5);
        base64_string(b, v);
        break;
    case DDBC_AV_BOOL:
        if (v->u.b)
            rt_buf_append(b, "{\"BOOL\":true", 12);
        else
            rt_buf_append(b, "{\"BOOL\":false", 13);
        break;
    case DDBC_AV_NULL:
        rt_buf_append(b, "{\"NULL\":true", 12);
        break;
    case DDBC_AV_M:
        rt_buf_append(b, "{\"M\":", 5);
        rt_json_item(b, &v->u.m);
        break;
    case DDBC_AV_L:
        rt_buf_append(b, "{\"L\":", 5);
        json_list(b, v);
        break;
    case DDBC_AV_SS:
        rt_buf_append(b, "{\"SS\":", 6);
        json_list(b, v);
        break;
    case DDBC_AV_NS:
        rt_buf_append(b, "{\"NS\":", 6);
        json_list(b, v);
        break;
    case DDBC_AV_BS:
        rt_buf_append(b, "{\"BS\":", 6);
        json_list(b, v);
        break;
    }
    rt_buf_putc(b, '}');
}

void rt_json_item(rt_buf *b, const ddbc_rt_item *it)
{
    rt_buf_putc(b, '{');
    for (size_t i = 0; i < it->n; i++) {
        if (i) rt_buf_putc(b, ',');
        rt_buf_json_string(b, it->attrs[i].name, strlen(it->attrs[i].name));
        rt_buf_putc(b, ':');
        rt_json_av(b, &it->attrs[i].value);
    }
    rt_buf_putc(b, '}');
}

ddbc_rt_status ddbc_rt_item_to_json(const ddbc_rt_item *it, char **json, size_t *len)
{
    if (!it || !json) return DDBC_RT_INVALID_ARGUMENT;
    rt_buf b = RT_BUF_INIT;
    rt_json_item(&b, it);
    if (b.failed) {
        rt_buf_free(&b);
        *json = NULL;
        if (len) *len = 0;
        return DDBC_RT_NO_MEMORY;
    }
    *json = b.ptr;
    if (len) *len = b.len;
    return DDBC_RT_OK;
}

/* ---- reading DynamoDB JSON ------------------------------------------------------------- */

/* cJSON is lenient where a reader of server responses should not be, so the
 * raw text is checked first, in one pass that allocates nothing: RFC 8259
 * syntax, UTF-8 (no overlongs, surrogates or code points past U+10FFFF), no
 * control bytes in strings, no lone surrogate escapes, numbers of at most 63
 * characters (cJSON truncates longer ones).  Whatever passes is something
 * cJSON parses, so a NULL from cJSON afterwards can only be a failed
 * allocation.  The pass also notes whether any string holds a \u0000 escape:
 * cJSON's strings are NUL-terminated without a length. */

#define MAX_DEPTH 128      /* DynamoDB nests documents 32 deep; responses add a few */

typedef struct scan {
    const unsigned char *p, *end;
    int depth;
    bool nul;              /* a string contains \u0000 */
    size_t *lens;          /* when set: decoded length of each string, in order */
    size_t nlens;
} scan;

static void skip_ws(scan *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
        s->p++;
}

static bool hex4(const unsigned char *p, unsigned *cp)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        unsigned char ch = p[i];
        unsigned d;
        if (ch >= '0' && ch <= '9') d = ch - '0';
        else if (ch >= 'a' && ch <= 'f') d = ch - 'a' + 10u;
        else if (ch >= 'A' && ch <= 'F') d = ch - 'A' + 10u;
        else return false;
        v = v << 4 | d;
    }
    *cp = v;
    return true;
}

/* Length of the well-formed UTF-8 sequence at p (lead byte >= 0x80), 0 if none. */
static size_t utf8_seq(const unsigned char *p, const unsigned char *end)
{
    unsigned char c = p[0];
    size_t n;
    unsigned lo = 0x80, hi = 0xbf;   /* bounds of the second byte */
    if (c >= 0xc2 && c <= 0xdf) n = 2;
    else if (c == 0xe0) n = 3, lo = 0xa0;
    else if (c == 0xed) n = 3, hi = 0x9f;          /* no surrogates */
    else if (c >= 0xe1 && c <= 0xef) n = 3;
    else if (c == 0xf0) n = 4, lo = 0x90;
    else if (c == 0xf4) n = 4, hi = 0x8f;          /* nothing past U+10FFFF */
    else if (c >= 0xf1 && c <= 0xf3) n = 4;
    else return 0;
    if ((size_t)(end - p) < n || p[1] < lo || p[1] > hi) return 0;
    for (size_t i = 2; i < n; i++)
        if (p[i] < 0x80 || p[i] > 0xbf) return 0;
    return n;
}

/* 1 for the bytes a string scan must look at: the quote, the backslash,
 * control bytes and the lead of any multi-byte UTF-8 sequence. */
#define R16(x) x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x
static const unsigned char str_special[256] = {
    R16(1), R16(1),                                  /* 0x00-0x1f: control bytes */
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0x20-0x2f: '"' */
    R16(0), R16(0),                                  /* 0x30-0x4f */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,  /* 0x50-0x5f: '\\' */
    R16(0), R16(0),                                  /* 0x60-0x7f */
    R16(1), R16(1), R16(1), R16(1), R16(1), R16(1), R16(1), R16(1), /* 0x80-0xff */
};
#undef R16

/* A string token at s->p (the opening quote). */
static bool scan_string(scan *s)
{
    const unsigned char *p = s->p + 1, *end = s->end;
    size_t len = 0;
    while (p < end) {
        /* runs of plain ASCII, the bulk of DynamoDB JSON, one test a byte */
        const unsigned char *run = p;
        while (p < end && !str_special[*p]) p++;
        len += (size_t)(p - run);
        if (p == end) break;
        unsigned char ch = *p;
        if (ch == '"') {
            s->p = p + 1;
            if (s->lens) s->lens[s->nlens] = len;
            s->nlens++;
            return true;
        }
        if (ch < 0x20) return false;
        if (ch >= 0x80) {
            size_t n = utf8_seq(p, end);
            if (!n) return false;
            p += n;
            len += n;
            continue;
        }
        if (end - p < 2) return false;
        switch (p[1]) {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
            p += 2;
            len++;
            continue;
        case 'u':
            break;
        default:
            return false;
        }
        unsigned cp;
        if (end - p < 6 || !hex4(p + 2, &cp)) return false;
        p += 6;
        if (cp >= 0xdc00 && cp <= 0xdfff) return false;
        if (cp >= 0xd800 && cp <= 0xdbff) {
            unsigned lo;
            if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || !hex4(p + 2, &lo) || lo < 0xdc00 ||
                lo > 0xdfff)
                return false;
            p += 6;
            len += 4;
            continue;
        }
        if (cp == 0) s->nul = true;
        len += cp < 0x80 ? 1 : cp < 0x800 ? 2 : 3;
    }
    return false;
}

static bool scan_digits(scan *s)
{
    const unsigned char *p0 = s->p;
    while (s->p < s->end && *s->p >= '0' && *s->p <= '9') s->p++;
    return s->p > p0;
}

static bool scan_number(scan *s)
{
    const unsigned char *p0 = s->p;
    if (*s->p == '-') s->p++;
    if (s->p < s->end && *s->p == '0')
        s->p++;
    else if (!scan_digits(s))
        return false;
    if (s->p < s->end && *s->p == '.') {
        s->p++;
        if (!scan_digits(s)) return false;
    }
    if (s->p < s->end && (*s->p == 'e' || *s->p == 'E')) {
        s->p++;
        if (s->p < s->end && (*s->p == '+' || *s->p == '-')) s->p++;
        if (!scan_digits(s)) return false;
    }
    return s->p - p0 <= 63;
}

static bool scan_word(scan *s, const char *w, size_t n)
{
    if ((size_t)(s->end - s->p) < n || memcmp(s->p, w, n) != 0) return false;
    s->p += n;
    return true;
}

static bool scan_value(scan *s)
{
    skip_ws(s);
    if (s->p >= s->end) return false;
    switch (*s->p) {
    case '"':
        return scan_string(s);
    case 't':
        return scan_word(s, "true", 4);
    case 'f':
        return scan_word(s, "false", 5);
    case 'n':
        return scan_word(s, "null", 4);
    case '{':
    case '[': {
        bool obj = *s->p == '{';
        unsigned char close = obj ? '}' : ']';
        if (++s->depth > MAX_DEPTH) return false;
        s->p++;
        skip_ws(s);
        if (s->p < s->end && *s->p == close) {
            s->p++;
            s->depth--;
            return true;
        }
        for (;;) {
            if (obj) {
                skip_ws(s);
                if (s->p >= s->end || *s->p != '"' || !scan_string(s)) return false;
                skip_ws(s);
                if (s->p >= s->end || *s->p++ != ':') return false;
            }
            if (!scan_value(s)) return false;
            skip_ws(s);
            if (s->p >= s->end) return false;
            unsigned char ch = *s->p++;
            if (ch == close) break;
            if (ch != ',') return false;
        }
        s->depth--;
        return true;
    }
    default:
        return scan_number(s);
    }
}

static bool scan_document(scan *s)
{
    if (!scan_value(s)) return false;
    skip_ws(s);
    return s->p == s->end;
}

/* cJSON leaves valueint 0 on strings: 1 there says valuedouble holds the
 * decoded length (set only for documents with a \u0000 in some string). */
static size_t str_len(const cJSON *j)
{
    return j->valueint == 1 ? (size_t)j->valuedouble : strlen(j->valuestring);
}

/* Walk the tree in document order (the order scan_string saw the strings),
 * giving each string value its length; false when a key holds a NUL (no
 * name may). */
static bool attach_lengths(cJSON *j, const size_t *lens, size_t *k)
{
    for (cJSON *c = j->child; c; c = c->next) {
        if (cJSON_IsObject(j) && (!c->string || strlen(c->string) != lens[(*k)++])) return false;
        if (cJSON_IsString(c)) {
            c->valueint = 1;
            c->valuedouble = (double)lens[(*k)++];
        } else if ((cJSON_IsObject(c) || cJSON_IsArray(c)) && !attach_lengths(c, lens, k)) {
            return false;
        }
    }
    return true;
}

ddbc_rt_status rt_json_parse(const char *json, size_t len, cJSON **out)
{
    *out = NULL;
    scan s = {(const unsigned char *)json, (const unsigned char *)json + len, 0, false, NULL, 0};
    if (!json || !scan_document(&s)) return DDBC_RT_BAD_RESPONSE;
    size_t *lens = NULL;
    if (s.nul) {
        /* rare: only now pay for a second pass recording every length */
        size_t n = s.nlens;
        lens = malloc((n ? n : 1) * sizeof *lens);
        if (!lens) return DDBC_RT_NO_MEMORY;
        s = (scan){(const unsigned char *)json, (const unsigned char *)json + len, 0, false, lens, 0};
        scan_document(&s);
    }
    cJSON *root = cJSON_ParseWithLengthOpts(json, len, NULL, false);
    if (!root) {
        free(lens);
        return DDBC_RT_NO_MEMORY;
    }
    if (lens) {
        size_t k = 0;
        bool ok = true;
        if (cJSON_IsString(root)) {
            root->valueint = 1;
            root->valuedouble = (double)lens[k++];
        } else {
            ok = attach_lengths(root, lens, &k);
        }
        free(lens);
        if (!ok) {
            cJSON_Delete(root);
            return DDBC_RT_BAD_RESPONSE;
        }
    }
    *out = root;
    return DDBC_RT_OK;
}

/* A copy of a JSON string as a string-like value.  The copy is ours (cJSON's
 * buffer belongs to its allocator hooks, which an application may have set). */
static ddbc_rt_status string_av(const cJSON *j, ddbc_rt_av_type t, ddbc_rt_av *out)
{
    if (!cJSON_IsString(j) || !j->valuestring) return DDBC_RT_BAD_RESPONSE;
    size_t len = str_len(j);
    char *p = malloc(len + 1);
    if (!p) return DDBC_RT_NO_MEMORY;
    memcpy(p, j->valuestring, len + 1);
    out->type = t;
    out->u.s.ptr = p;
    out->u.s.len = len;
    return DDBC_RT_OK;
}

static ddbc_rt_status binary_av(const cJSON *j, ddbc_rt_av *out)
{
    if (!cJSON_IsString(j) || !j->valuestring) return DDBC_RT_BAD_RESPONSE;
    unsigned char *p;
    size_t n;
    int r = b64_decode(j->valuestring, str_len(j), &p, &n);
    if (r != B64_OK) return r == B64_NO_MEMORY ? DDBC_RT_NO_MEMORY : DDBC_RT_BAD_RESPONSE;
    out->type = DDBC_AV_B;
    out->u.s.ptr = (char *)p;
    out->u.s.len = n;
    return DDBC_RT_OK;
}

/* An L (any values) or a set (bare strings: S, N or base64 B) from an array. */
static ddbc_rt_status list_av(const cJSON *arr, ddbc_rt_av_type t, ddbc_rt_av *out)
{
    if (!cJSON_IsArray(arr)) return DDBC_RT_BAD_RESPONSE;
    size_t n = 0;
    for (const cJSON *e = arr->child; e; e = e->next) n++;
    /* DynamoDB never sends an empty set. */
    if (n == 0 && t != DDBC_AV_L) return DDBC_RT_BAD_RESPONSE;
    ddbc_rt_av v;
    v.type = t;
    v.u.l.v = NULL;
    v.u.l.n = v.u.l.cap = 0;
    if (n) {
        v.u.l.v = malloc(n * sizeof *v.u.l.v);
        if (!v.u.l.v) return DDBC_RT_NO_MEMORY;
        v.u.l.cap = n;
    }
    for (const cJSON *e = arr->child; e; e = e->next) {
        ddbc_rt_av *x = &v.u.l.v[v.u.l.n];
        ddbc_rt_status st;
        switch (t) {
        case DDBC_AV_SS: st = string_av(e, DDBC_AV_S, x); break;
        case DDBC_AV_NS: st = string_av(e, DDBC_AV_N, x); break;
        case DDBC_AV_BS: st = binary_av(e, x); break;
        default: st = rt_av_from_cjson(e, x); break;
        }
        if (st != DDBC_RT_OK) {
            ddbc_rt_av_free(&v);
            return st;
        }
        v.u.l.n++;
    }
    *out = v;
    return DDBC_RT_OK;
}

/* The type tag of {"<tag>": …}; false for anything DynamoDB does not send. */
static bool tag_type(const char *k, ddbc_rt_av_type *t)
{
    switch (k[0]) {
    case 'S': *t = k[1] == '\0' ? DDBC_AV_S : DDBC_AV_SS; return k[1] == '\0' || (k[1] == 'S' && !k[2]);
    case 'N':
        if (k[1] == '\0') return *t = DDBC_AV_N, true;
        if (k[1] == 'S' && !k[2]) return *t = DDBC_AV_NS, true;
        return strcmp(k, "NULL") == 0 ? (*t = DDBC_AV_NULL, true) : false;
    case 'B':
        if (k[1] == '\0') return *t = DDBC_AV_B, true;
        if (k[1] == 'S' && !k[2]) return *t = DDBC_AV_BS, true;
        return strcmp(k, "BOOL") == 0 ? (*t = DDBC_AV_BOOL, true) : false;
    case 'M': *t = DDBC_AV_M; return k[1] == '\0';
    case 'L': *t = DDBC_AV_L; return k[1] == '\0';
    default: return false;
    }
}

/* One {"<type>": value} object; *out is overwritten (a NULL value on failure). */
ddbc_rt_status rt_av_from_cjson(const cJSON *j, ddbc_rt_av *out)
{
    out->type = DDBC_AV_NULL;
    if (!cJSON_IsObject(j) || !j->child || j->child->next || !j->child->string)
        return DDBC_RT_BAD_RESPONSE;
    const cJSON *val = j->child;
    ddbc_rt_av_type t;
    if (!tag_type(val->string, &t)) return DDBC_RT_BAD_RESPONSE;
    switch (t) {
    case DDBC_AV_S:
    case DDBC_AV_N:
        /* N stays the server's text: a number is never squeezed through a double */
        return string_av(val, t, out);
    case DDBC_AV_B:
        return binary_av(val, out);
    case DDBC_AV_BOOL:
        if (!cJSON_IsBool(val)) return DDBC_RT_BAD_RESPONSE;
        out->type = DDBC_AV_BOOL;
        out->u.b = cJSON_IsTrue(val);
        return DDBC_RT_OK;
    case DDBC_AV_NULL:
        return cJSON_IsTrue(val) ? DDBC_RT_OK : DDBC_RT_BAD_RESPONSE;
    case DDBC_AV_M: {
        ddbc_rt_status st = rt_item_from_cjson(val, &out->u.m);
        if (st == DDBC_RT_OK) out->type = DDBC_AV_M;
        return st;
    }
    case DDBC_AV_L:
    case DDBC_AV_SS:
    case DDBC_AV_NS:
    case DDBC_AV_BS:
        return list_av(val, t, out);
    }
    return DDBC_RT_BAD_RESPONSE;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* cJSON keeps repeated keys; a repeated attribute is no DynamoDB JSON.
 * Small items (the usual) compare pairwise, big ones sort a copy. */
static ddbc_rt_status check_unique(const ddbc_rt_item *it)
{
    if (it->n <= 32) {
        for (size_t i = 1; i < it->n; i++)
            for (size_t k = 0; k < i; k++)
                if (it->attrs[i].name_len == it->attrs[k].name_len &&
                    it->attrs[i].name[0] == it->attrs[k].name[0] &&
                    strcmp(it->attrs[i].name, it->attrs[k].name) == 0)
                    return DDBC_RT_BAD_RESPONSE;
        return DDBC_RT_OK;
    }
    const char **v = malloc(it->n * sizeof *v);
    if (!v) return DDBC_RT_NO_MEMORY;
    for (size_t i = 0; i < it->n; i++) v[i] = it->attrs[i].name;
    qsort(v, it->n, sizeof *v, name_cmp);
    ddbc_rt_status st = DDBC_RT_OK;
    for (size_t i = 1; i < it->n && st == DDBC_RT_OK; i++)
        if (strcmp(v[i - 1], v[i]) == 0) st = DDBC_RT_BAD_RESPONSE;
    free(v);
    return st;
}

/* {"name": {…}, …} in the object's order; *out is overwritten (empty on failure). */
ddbc_rt_status rt_item_from_cjson(const cJSON *obj, ddbc_rt_item *out)
{
    *out = (ddbc_rt_item)DDBC_RT_ITEM_INIT;
    if (!cJSON_IsObject(obj)) return DDBC_RT_BAD_RESPONSE;
    size_t n = 0;
    for (const cJSON *c = obj->child; c; c = c->next) n++;
    if (n == 0) return DDBC_RT_OK;
    ddbc_rt_item it = DDBC_RT_ITEM_INIT;
    it.attrs = malloc(n * sizeof *it.attrs);
    if (!it.attrs) return DDBC_RT_NO_MEMORY;
    it.cap = n;
    ddbc_rt_status st = DDBC_RT_OK;
    for (const cJSON *c = obj->child; c; c = c->next) {
        if (!c->string) {
            st = DDBC_RT_BAD_RESPONSE;
            break;
        }
        size_t klen = strlen(c->string);
        char *name = malloc(klen + 1);
        if (!name) {
            st = DDBC_RT_NO_MEMORY;
            break;
        }
        memcpy(name, c->string, klen + 1);
        ddbc_rt_attr *a = &it.attrs[it.n];
        st = rt_av_from_cjson(c, &a->value);
        if (st != DDBC_RT_OK) {
            free(name);
            break;
        }
        a->name = name;
        a->name_static = false;
        a->name_len = klen > UINT32_MAX ? UINT32_MAX : (uint32_t)klen;
        it.n++;
    }
    if (st == DDBC_RT_OK) st = check_unique(&it);
    if (st != DDBC_RT_OK) {
        ddbc_rt_item_free(&it);
        return st;
    }
    *out = it;
    return DDBC_RT_OK;
}

ddbc_rt_status ddbc_rt_item_from_json(const char *json, size_t len, ddbc_rt_item *out)
{
    if (!out) return DDBC_RT_INVALID_ARGUMENT;
    *out = (ddbc_rt_item)DDBC_RT_ITEM_INIT;
    if (!json) return DDBC_RT_INVALID_ARGUMENT;
    cJSON *root;
    ddbc_rt_status st = rt_json_parse(json, len, &root);
    if (st != DDBC_RT_OK) return st;
    st = rt_item_from_cjson(root, out);
    cJSON_Delete(root);
    return st;
}
