/* json.c — the shared pretty-printing JSON writer (json.h). */
#include "json.h"

void ddbc_json_init(ddbc_json *w, ddbc_strbuf *sb)
{
    w->sb = sb;
    w->depth = 0;
    w->has_items[0] = false;
}

static void newline(ddbc_json *w)
{
    ddbc_strbuf_putc(w->sb, '\n');
    ddbc_strbuf_indent(w->sb, (size_t)w->depth * 2);
}

void ddbc_json_item(ddbc_json *w, const char *key)
{
    if (w->depth > 0) {
        if (w->has_items[w->depth]) ddbc_strbuf_putc(w->sb, ',');
        w->has_items[w->depth] = true;
        newline(w);
    }
    if (key) {
        ddbc_strbuf_json_str(w->sb, key);
        ddbc_strbuf_puts(w->sb, ": ");
    }
}

static void open_(ddbc_json *w, const char *key, char bracket)
{
    ddbc_json_item(w, key);
    ddbc_strbuf_putc(w->sb, bracket);
    w->depth++;
    w->has_items[w->depth] = false;
}

static void close_(ddbc_json *w, char bracket)
{
    bool had = w->has_items[w->depth];
    w->depth--;
    if (had) newline(w);
    ddbc_strbuf_putc(w->sb, bracket);
}

void ddbc_json_obj(ddbc_json *w, const char *key) { open_(w, key, '{'); }
void ddbc_json_obj_end(ddbc_json *w) { close_(w, '}'); }
void ddbc_json_arr(ddbc_json *w, const char *key) { open_(w, key, '['); }
void ddbc_json_arr_end(ddbc_json *w) { close_(w, ']'); }

void ddbc_json_str(ddbc_json *w, const char *key, const char *value)
{
    ddbc_json_item(w, key);
    ddbc_strbuf_json_str(w->sb, value);
}

void ddbc_json_num(ddbc_json *w, const char *key, long long value)
{
    ddbc_json_item(w, key);
    ddbc_strbuf_printf(w->sb, "%lld", value);
}

void ddbc_json_bool(ddbc_json *w, const char *key, bool value)
{
    ddbc_json_item(w, key);
    ddbc_strbuf_puts(w->sb, value ? "true" : "false");
}

void ddbc_json_null(ddbc_json *w, const char *key)
{
    ddbc_json_item(w, key);
    ddbc_strbuf_puts(w->sb, "null");
}
