/* json.h — the pretty-printing JSON writer every JSON emitter shares.
 *
 * Two-space indentation, one value per line, keys in the order written, so the
 * same calls always give the same bytes.  It tracks nesting and whether the
 * current container has items, to place commas and newlines. */
#ifndef DDBC_JSON_H
#define DDBC_JSON_H

#include <stdbool.h>

#include "strbuf.h"

#define DDBC_JSON_MAX_DEPTH 32

typedef struct ddbc_json {
    ddbc_strbuf *sb;
    int depth;
    bool has_items[DDBC_JSON_MAX_DEPTH];
} ddbc_json;

/* Write into sb (appending). */
void ddbc_json_init(ddbc_json *w, ddbc_strbuf *sb);

/* Start a value: the separator before it and, inside an object, its key
 * (escaped; NULL inside an array).  The value's text follows. */
void ddbc_json_item(ddbc_json *w, const char *key);

void ddbc_json_obj(ddbc_json *w, const char *key);
void ddbc_json_obj_end(ddbc_json *w);
void ddbc_json_arr(ddbc_json *w, const char *key);
void ddbc_json_arr_end(ddbc_json *w);
/* A string value; NULL writes null. */
void ddbc_json_str(ddbc_json *w, const char *key, const char *value);
void ddbc_json_num(ddbc_json *w, const char *key, long long value);
void ddbc_json_bool(ddbc_json *w, const char *key, bool value);
void ddbc_json_null(ddbc_json *w, const char *key);

#endif
