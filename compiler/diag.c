/* diag.c — collecting diagnostics and printing them in the one format.
 *
 * The code tables come from the X-macro in diag.h.  Rendering quotes the source
 * line with a caret underline the way GCC and rustc do, so editors and CI
 * annotators parse it; it has to keep the caret under the right character even
 * when the line holds tabs, control bytes or ill-formed UTF-8. */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const code_names[] = {
#define DDBC_X(code, sev, title) #code,
    DDBC_DIAG_CODES(DDBC_X)
#undef DDBC_X
};

static const char *const code_titles[] = {
#define DDBC_X(code, sev, title) title,
    DDBC_DIAG_CODES(DDBC_X)
#undef DDBC_X
};

static const ddbc_severity code_severities[] = {
#define DDBC_X(code, sev, title) DDBC_SEV_##sev,
    DDBC_DIAG_CODES(DDBC_X)
#undef DDBC_X
};

static const char *const severity_words[] = {
    [DDBC_SEV_NOTE] = "note",
    [DDBC_SEV_WARNING] = "warning",
    [DDBC_SEV_ERROR] = "error",
};

enum {
    LONG_LINE = 200,     /* lines longer than this many characters are windowed */
    WINDOW = 120,        /* characters shown of a long line */
    WINDOW_LEAD = 40,    /* of which this many precede the caret */
};

const char *ddbc_diag_code_name(ddbc_diag_code code)
{
    return (unsigned)code < DDBC_DIAG_CODE_COUNT ? code_names[code] : "E????";
}

const char *ddbc_diag_code_title(ddbc_diag_code code)
{
    return (unsigned)code < DDBC_DIAG_CODE_COUNT ? code_titles[code] : "unknown diagnostic";
}

ddbc_severity ddbc_diag_code_severity(ddbc_diag_code code)
{
    return (unsigned)code < DDBC_DIAG_CODE_COUNT ? code_severities[code] : DDBC_SEV_ERROR;
}

void ddbc_diags_init(ddbc_diags *d, ddbc_arena *arena)
{
    memset(d, 0, sizeof *d);
    d->arena = arena;
    d->max_kept_errors = DDBC_MAX_KEPT_ERRORS;
}

ddbc_diag *ddbc_diag_report(ddbc_diags *d, ddbc_diag_code code, ddbc_span span,
                            const char *fmt, ...)
{
    ddbc_diag *g = DDBC_NEW(d->arena, ddbc_diag);
    g->code = code;
    g->severity = ddbc_diag_code_severity(code);
    g->span = span;
    va_list ap;
    va_start(ap, fmt);
    g->message = ddbc_arena_vprintf(d->arena, fmt, ap);
    va_end(ap);
    if (g->severity == DDBC_SEV_ERROR) {
        d->errors++;
        if (d->max_kept_errors && d->errors > d->max_kept_errors) {
            d->hidden_errors++;
            return g; /* the caller may still add notes; nothing prints it */
        }
    } else if (g->severity == DDBC_SEV_WARNING) {
        d->warnings++;
    }
    DDBC_VEC_PUSH(d->arena, d->items, g);
    return g;
}

void ddbc_diag_add_note(ddbc_diags *d, ddbc_diag *diag, ddbc_span span, const char *fmt, ...)
{
    ddbc_diag_note note = {span, NULL};
    va_list ap;
    va_start(ap, fmt);
    note.message = ddbc_arena_vprintf(d->arena, fmt, ap);
    va_end(ap);
    DDBC_VEC_PUSH(d->arena, diag->notes, note);
}

void ddbc_diag_set_hint(ddbc_diags *d, ddbc_diag *diag, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag->hint = ddbc_arena_vprintf(d->arena, fmt, ap);
    va_end(ap);
}

static ddbc_source *source_of(ddbc_sources *sources, ddbc_span span)
{
    if (!sources || span.file == DDBC_NO_FILE || span.file >= sources->files.n) return NULL;
    return sources->files.v[span.file];
}

/* How one character of a quoted line is shown: `bytes` source bytes, printed
 * as-is (escaped false) or as \xNN per byte, taking `width` columns; a tab
 * keeps its own width, which the underline reproduces by printing a tab too. */
typedef struct unit {
    size_t bytes;
    size_t width;
    bool escaped;
    bool tab;
} unit;

/* Characters a terminal would act on rather than show: C0/C1 controls, DEL,
 * bidirectional overrides ("Trojan Source"), line separators, the BOM. */
static bool is_invisible(const unsigned char *p, size_t k)
{
    if (k == 1) return p[0] < 0x20 || p[0] == 0x7F;
    if (k == 2) return p[0] == 0xC2 && p[1] < 0xA0;
    if (k == 3 && p[0] == 0xE2 && p[1] == 0x80)
        return p[2] == 0x8E || p[2] == 0x8F || (p[2] >= 0xA8 && p[2] <= 0xAE);
    if (k == 3 && p[0] == 0xE2 && p[1] == 0x81) return p[2] >= 0xA6 && p[2] <= 0xA9;
    if (k == 3) return p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF;
    return false;
}

static unit unit_at(const char *s, size_t n)
{
    unit u = {1, 1, false, false};
    size_t k = ddbc_utf8_len(s, n);
    if (k == 0) {
        u.escaped = true;
        u.width = 4;
        return u;
    }
    u.bytes = k;
    if (k == 1 && s[0] == '\t') {
        u.tab = true;
    } else if (is_invisible((const unsigned char *)s, k)) {
        u.escaped = true;
        u.width = 4 * k;
    }
    return u;
}

static void put_unit(ddbc_strbuf *out, const char *s, unit u)
{
    if (!u.escaped) {
        ddbc_strbuf_append(out, s, u.bytes);
        return;
    }
    for (size_t i = 0; i < u.bytes; i++)
        ddbc_strbuf_printf(out, "\\x%02X", (unsigned)(unsigned char)s[i]);
}

static void put_repeat(ddbc_strbuf *out, char c, size_t n)
{
    while (n--) ddbc_strbuf_putc(out, c);
}

/* The quoted line and its underline.  cs/ce are the span's byte offsets within
 * the line, already cut to the line's end. */
static void quote_line(ddbc_strbuf *out, const char *text, size_t len, unsigned line,
                       size_t cs, size_t ce)
{
    /* Count characters, and find the one the caret is under, to decide on a window. */
    size_t nunits = 0, caret_unit = 0;
    for (size_t i = 0; i < len; nunits++) {
        unit u = unit_at(text + i, len - i);
        if (i + u.bytes <= cs) caret_unit = nunits + 1;
        i += u.bytes;
    }
    size_t ws = 0, we = nunits;
    if (nunits > LONG_LINE) {
        ws = caret_unit > WINDOW_LEAD ? caret_unit - WINDOW_LEAD : 0;
        we = ws + WINDOW;
        if (we > nunits) {
            we = nunits;
            ws = we - WINDOW;
        }
    }
    size_t from = 0, to = 0;
    for (size_t i = 0, k = 0; i < len; k++) {
        if (k == ws) from = i;
        i += unit_at(text + i, len - i).bytes;
        if (k + 1 == we) to = i;
    }
    if (we == nunits) to = len;

    unsigned digits = 1;
    for (unsigned v = line; v >= 10; v /= 10) digits++;
    int gutter = digits > 4 ? (int)digits : 4;

    ddbc_strbuf_printf(out, " %*u | ", gutter, line);
    if (ws > 0) ddbc_strbuf_puts(out, "\xE2\x80\xA6");
    for (size_t i = from; i < to;) {
        unit u = unit_at(text + i, len - i);
        put_unit(out, text + i, u);
        i += u.bytes;
    }
    if (we < nunits) ddbc_strbuf_puts(out, "\xE2\x80\xA6");
    ddbc_strbuf_putc(out, '\n');

    ddbc_strbuf_printf(out, " %*s | ", gutter, "");
    if (ws > 0) ddbc_strbuf_putc(out, ' ');
    bool placed = false;
    for (size_t i = from; i < to;) {
        unit u = unit_at(text + i, len - i);
        if (placed && i >= ce) break;
        if (i + u.bytes <= cs) {
            if (u.tab) ddbc_strbuf_putc(out, '\t');
            else put_repeat(out, ' ', u.width);
        } else if (!placed) {
            ddbc_strbuf_putc(out, '^');
            placed = true;
            if (cs == ce) break;
            if (!u.tab) put_repeat(out, '~', u.width - 1);
        } else {
            put_repeat(out, '~', u.tab ? 1 : u.width);
        }
        i += u.bytes;
    }
    if (!placed) ddbc_strbuf_putc(out, '^');
    ddbc_strbuf_putc(out, '\n');
}

static void quote_span(ddbc_strbuf *out, ddbc_source *src, ddbc_span span, unsigned line)
{
    size_t len;
    const char *text = ddbc_source_line(src, line, &len);
    size_t line_start = (size_t)(text - src->text);
    size_t start = span.start > src->len ? src->len : span.start;
    size_t cs = start - line_start;
    if (cs > len) cs = len;   /* the span starts on the line's CR or LF */
    size_t ce = cs;
    if (span.end > span.start) {
        size_t end = span.end - line_start;
        ce = end > len ? len : end;
        if (ce < cs) ce = cs;
    }
    quote_line(out, text, len, line, cs, ce);
}

void ddbc_diag_render(const ddbc_diag *diag, ddbc_sources *sources, ddbc_strbuf *out)
{
    const char *sev = (unsigned)diag->severity <= DDBC_SEV_ERROR
                          ? severity_words[diag->severity] : "error";
    ddbc_source *src = source_of(sources, diag->span);
    unsigned line = 0, col = 0;
    if (src) {
        ddbc_source_position(src, diag->span.start, &line, &col);
        ddbc_strbuf_printf(out, "%s:%u:%u: ", src->path, line, col);
    } else {
        ddbc_strbuf_puts(out, "ddbc: ");
    }
    ddbc_strbuf_printf(out, "%s[%s]: %s\n", sev, ddbc_diag_code_name(diag->code), diag->message);
    /* The skipped-statements note summarizes a whole file: quoting its first
     * statement would single that one out. */
    if (src && diag->code != DDBC_N0001) quote_span(out, src, diag->span, line);

    for (size_t i = 0; i < diag->notes.n; i++) {
        const ddbc_diag_note *note = &diag->notes.v[i];
        ddbc_source *nsrc = source_of(sources, note->span);
        if (nsrc) {
            unsigned nline, ncol;
            ddbc_source_position(nsrc, note->span.start, &nline, &ncol);
            ddbc_strbuf_printf(out, "note: %s: %s:%u:%u\n", note->message, nsrc->path, nline, ncol);
        } else {
            ddbc_strbuf_printf(out, "note: %s\n", note->message);
        }
    }
    if (diag->hint) ddbc_strbuf_printf(out, "hint: %s\n", diag->hint);
}

void ddbc_diags_render(const ddbc_diags *d, ddbc_sources *sources,
                       ddbc_severity min_severity, ddbc_strbuf *out)
{
    for (size_t i = 0; i < d->items.n; i++)
        if (d->items.v[i]->severity >= min_severity) ddbc_diag_render(d->items.v[i], sources, out);
    if (d->hidden_errors)
        ddbc_strbuf_printf(out, "ddbc: %zu more error%s not shown; fix the first %zu and run again\n",
                           d->hidden_errors, d->hidden_errors == 1 ? "" : "s", d->max_kept_errors);
}
