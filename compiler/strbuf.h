/* strbuf.h — the one string builder every emitter and the diagnostics printer use.
 *
 * Heap-backed (not arena) because finished buffers are handed to the output set
 * and outlive passes.  Allocation failure aborts, as everywhere in the compiler. */
#ifndef DDBC_STRBUF_H
#define DDBC_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct ddbc_strbuf {
    char *data; /* always NUL-terminated once anything was appended; NULL when empty */
    size_t len;
    size_t cap;
} ddbc_strbuf;

#define DDBC_STRBUF_INIT {NULL, 0, 0}

void ddbc_strbuf_init(ddbc_strbuf *sb);
void ddbc_strbuf_free(ddbc_strbuf *sb);
void ddbc_strbuf_reset(ddbc_strbuf *sb);

void ddbc_strbuf_append(ddbc_strbuf *sb, const char *s, size_t n);
void ddbc_strbuf_puts(ddbc_strbuf *sb, const char *s);
void ddbc_strbuf_putc(ddbc_strbuf *sb, char c);
void ddbc_strbuf_printf(ddbc_strbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void ddbc_strbuf_vprintf(ddbc_strbuf *sb, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Append n spaces. */
void ddbc_strbuf_indent(ddbc_strbuf *sb, size_t n);

/* Append s (n bytes) as a quoted JSON string.  Invalid UTF-8 bytes become U+FFFD
 * so the result is always valid JSON. */
void ddbc_strbuf_append_json(ddbc_strbuf *sb, const char *s, size_t n);
/* Same, for a NUL-terminated string; NULL appends `null`. */
void ddbc_strbuf_json_str(ddbc_strbuf *sb, const char *s);

/* Append s (n bytes) with every byte that is not well-formed UTF-8 replaced by
 * U+FFFD, for writers whose formats must be valid UTF-8 (YAML, HCL). */
void ddbc_strbuf_append_utf8(ddbc_strbuf *sb, const char *s, size_t n);

/* Length (1-4) of the well-formed UTF-8 sequence at s (n > 0 bytes available),
 * or 0 if the bytes there are not well-formed (stray continuation, overlong form,
 * surrogate, beyond U+10FFFF, or cut short).  Shared by the JSON escaper, the
 * column counter and the diagnostics printer so they agree on what a character is. */
size_t ddbc_utf8_len(const char *s, size_t n);

/* The contents as a NUL-terminated string ("" when empty); valid until the next append. */
const char *ddbc_strbuf_cstr(const ddbc_strbuf *sb);
/* Hand over the malloc'd contents (never NULL) and reset the buffer. */
char *ddbc_strbuf_take(ddbc_strbuf *sb, size_t *len);

#endif
