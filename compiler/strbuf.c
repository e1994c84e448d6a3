/* strbuf.c — the growable string every emitter and the diagnostics printer write to.
 *
 * Capacity doubles so appends are amortized O(1); JSON escaping copies runs of
 * plain bytes in one append and replaces each maximal ill-formed UTF-8 subpart
 * with one U+FFFD, as Unicode recommends, so the output is always valid JSON. */
#include "strbuf.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Noreturn void out_of_memory(size_t n)
{
    fprintf(stderr, "ddbc: out of memory (allocating %zu bytes)\n", n);
    abort();
}

/* Make room for `extra` more bytes plus the terminating NUL. */
static void reserve(ddbc_strbuf *sb, size_t extra)
{
    if (extra > SIZE_MAX - 1 - sb->len) out_of_memory(SIZE_MAX);
    size_t need = sb->len + extra + 1;
    if (need <= sb->cap) return;
    size_t cap = sb->cap ? sb->cap : 64;
    while (cap < need) cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *d = realloc(sb->data, cap);
    if (!d) out_of_memory(cap);
    sb->data = d;
    sb->cap = cap;
}

void ddbc_strbuf_init(ddbc_strbuf *sb)
{
    sb->data = NULL;
    sb->len = sb->cap = 0;
}

void ddbc_strbuf_free(ddbc_strbuf *sb)
{
    free(sb->data);
    ddbc_strbuf_init(sb);
}

void ddbc_strbuf_reset(ddbc_strbuf *sb)
{
    sb->len = 0;
    if (sb->data) sb->data[0] = '\0';
}

void ddbc_strbuf_append(ddbc_strbuf *sb, const char *s, size_t n)
{
    /* Appending a piece of the buffer to itself must survive the realloc. */
    uintptr_t at = (uintptr_t)s, base = (uintptr_t)sb->data;
    if (sb->data && at >= base && at < base + sb->cap) {
        size_t off = (size_t)(at - base);
        reserve(sb, n);
        s = sb->data + off;
    } else {
        reserve(sb, n);
    }
    if (n) memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

void ddbc_strbuf_puts(ddbc_strbuf *sb, const char *s) { ddbc_strbuf_append(sb, s, strlen(s)); }

void ddbc_strbuf_putc(ddbc_strbuf *sb, char c)
{
    reserve(sb, 1);
    sb->data[sb->len++] = c;
    sb->data[sb->len] = '\0';
}

void ddbc_strbuf_vprintf(ddbc_strbuf *sb, const char *fmt, va_list ap)
{
    /* Most output fits in the slack doubling leaves, so try once before measuring. */
    reserve(sb, 0);
    size_t room = sb->cap - sb->len;
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(sb->data + sb->len, room, fmt, ap);
    if (n < 0) {
        va_end(again);
        fprintf(stderr, "ddbc: invalid format string '%s'\n", fmt);
        abort();
    }
    if ((size_t)n >= room) {
        reserve(sb, (size_t)n);
        vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, again);
    }
    va_end(again);
    sb->len += (size_t)n;
}

void ddbc_strbuf_printf(ddbc_strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ddbc_strbuf_vprintf(sb, fmt, ap);
    va_end(ap);
}

void ddbc_strbuf_indent(ddbc_strbuf *sb, size_t n)
{
    reserve(sb, n);
    memset(sb->data + sb->len, ' ', n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

/* Bytes that make up the sequence at s: the whole character when well-formed
 * (*ok true), else the maximal ill-formed subpart (at least one byte). */
static size_t utf8_scan(const unsigned char *s, size_t n, bool *ok)
{
    unsigned char c = s[0];
    unsigned char lo = 0x80, hi = 0xBF;
    size_t need;
    *ok = false;
    if (c < 0x80) {
        *ok = true;
        return 1;
    }
    if (c < 0xC2) return 1;          /* continuation byte or overlong 2-byte lead */
    if (c < 0xE0) {
        need = 1;
    } else if (c < 0xF0) {
        need = 2;
        if (c == 0xE0) lo = 0xA0;     /* overlong */
        if (c == 0xED) hi = 0x9F;     /* surrogates */
    } else if (c < 0xF5) {
        need = 3;
        if (c == 0xF0) lo = 0x90;     /* overlong */
        if (c == 0xF4) hi = 0x8F;     /* beyond U+10FFFF */
    } else {
        return 1;
    }
    size_t i = 1;
    while (i <= need && i < n && s[i] >= lo && s[i] <= hi) {
        lo = 0x80;
        hi = 0xBF;
        i++;
    }
    *ok = i == need + 1;
    return i;
}

size_t ddbc_utf8_len(const char *s, size_t n)
{
    bool ok;
    size_t k = utf8_scan((const unsigned char *)s, n, &ok);
    return ok ? k : 0;
}

void ddbc_strbuf_append_json(ddbc_strbuf *sb, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s;
    reserve(sb, n + 2);
    ddbc_strbuf_putc(sb, '"');
    size_t i = 0;
    while (i < n) {
        size_t run = i;
        while (run < n && p[run] >= 0x20 && p[run] < 0x80 && p[run] != '"' && p[run] != '\\')
            run++;
        if (run > i) {
            ddbc_strbuf_append(sb, s + i, run - i);
            i = run;
            continue;
        }
        unsigned char c = p[i];
        if (c >= 0x80) {
            bool ok;
            size_t k = utf8_scan(p + i, n - i, &ok);
            if (ok) ddbc_strbuf_append(sb, s + i, k);
            else ddbc_strbuf_append(sb, "\xEF\xBF\xBD", 3);
            i += k;
            continue;
        }
        switch (c) {
        case '"': ddbc_strbuf_append(sb, "\\\"", 2); break;
        case '\\': ddbc_strbuf_append(sb, "\\\\", 2); break;
        case '\b': ddbc_strbuf_append(sb, "\\b", 2); break;
        case '\f': ddbc_strbuf_append(sb, "\\f", 2); break;
        case '\n': ddbc_strbuf_append(sb, "\\n", 2); break;
        case '\r': ddbc_strbuf_append(sb, "\\r", 2); break;
        case '\t': ddbc_strbuf_append(sb, "\\t", 2); break;
        default: {
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            ddbc_strbuf_append(sb, u, sizeof u);
        }
        }
        i++;
    }
    ddbc_strbuf_putc(sb, '"');
}

void ddbc_strbuf_json_str(ddbc_strbuf *sb, const char *s)
{
    if (!s) ddbc_strbuf_append(sb, "null", 4);
    else ddbc_strbuf_append_json(sb, s, strlen(s));
}

const char *ddbc_strbuf_cstr(const ddbc_strbuf *sb) { return sb->data ? sb->data : ""; }

char *ddbc_strbuf_take(ddbc_strbuf *sb, size_t *len)
{
    char *d = sb->data;
    size_t n = sb->len;
    if (!d) {
        d = malloc(1);
        if (!d) out_of_memory(1);
        d[0] = '\0';
    }
    if (len) *len = n;
    ddbc_strbuf_init(sb);
    return d;
}

void ddbc_strbuf_append_utf8(ddbc_strbuf *sb, const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t k = ddbc_utf8_len(s + i, n - i);
        if (k) ddbc_strbuf_append(sb, s + i, k);
        else ddbc_strbuf_puts(sb, "\xEF\xBF\xBD");
        i += k ? k : 1;
    }
}
