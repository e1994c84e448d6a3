/* rt_internal.h — what the runtime's files share and the library does not export.
 *
 *   rt_client.c   client, configuration, the HTTP call with SigV4 and retries,
 *                 errors, backoff                                   (ddbc_rt_call)
 *   rt_id.c       sortable ids, ULIDs, UUIDs, the UTC clock
 *   rt_value.c    attribute values and items
 *   rt_json.c     DynamoDB JSON both ways (cJSON), base64, the output buffer
 *   rt_expr.c     expression builder: "#n0"/":v0" placeholders
 *   rt_ops.c      the operations: Get/Put/Update/Delete, Query pages, batches,
 *                 transactions
 *   rt_keys.c     key templates, sparse conditions, guard/counter keys, rows
 *   rt_entity.c   an entity's own writes (create, get, update, delete)
 *   rt_filter.c   WHERE conjuncts as Filter/ConditionExpressions, operands as values
 *   rt_pattern.c  access patterns: requests, pagination, merges, joins, writes
 */
#ifndef DDBC_RT_INTERNAL_H
#define DDBC_RT_INTERNAL_H

#include "ddbc/rt.h"
#include "ddbc/rt_schema.h"

/* ---- rt_client.c ----------------------------------------------------------------- */

/* Record a failure on the client (operation, DynamoDB type and message may be
 * NULL) and return `status`, so callers can `return rt_fail(...)`. */
ddbc_rt_status rt_fail(ddbc_rt_client *c, ddbc_rt_status status, const char *operation,
                       const char *type, const char *message);
/* Mark the client's last call as a success. */
void rt_ok(ddbc_rt_client *c);
/* Mutable access for callers that fill in cancellation reasons. */
ddbc_rt_error *rt_error(ddbc_rt_client *c);
/* Sleep before retry number `attempt` (1, 2, …): uniform in [0, min(max, base·2^attempt)). */
void rt_backoff(ddbc_rt_client *c, int attempt);
/* The client's configured attempt bound (for batch retries of unprocessed items). */
int rt_max_attempts(const ddbc_rt_client *c);
/* ddbc_rt_call without the copy: *response points into the client's buffer
 * (NUL-terminated) and stays valid until the next call on c. */
ddbc_rt_status rt_call(ddbc_rt_client *c, const char *operation, const char *body, size_t len,
                       const char **response, size_t *response_len);

/* ---- rt_json.c -------------------------------------------------------------------- */

/* A growable byte buffer; NUL-terminated after every append.  `failed` is
 * sticky: appends after an allocation failure do nothing. */
typedef struct rt_buf {
    char *ptr;
    size_t len, cap;
    bool failed;
} rt_buf;

#define RT_BUF_INIT {NULL, 0, 0, false}
void rt_buf_append(rt_buf *b, const char *s, size_t len);
void rt_buf_puts(rt_buf *b, const char *s);
void rt_buf_putc(rt_buf *b, char ch);
void rt_buf_printf(rt_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* A JSON string literal, quotes included, escaped as RFC 8259 requires. */
void rt_buf_json_string(rt_buf *b, const char *s, size_t len);
void rt_buf_free(rt_buf *b);
/* (rt_client.c) The client's request buffer, emptied, to build a body in (an empty buffer
 * when c is NULL); rt_request_done hands it back for the next request (or
 * frees it).  Saves growing a fresh buffer for every request. */
rt_buf rt_request_buf(ddbc_rt_client *c);
void rt_request_done(ddbc_rt_client *c, rt_buf *b);

/* Append {"S":"…"} / {"M":{…}} …; item as {"name":{…},…}. */
void rt_json_av(rt_buf *b, const ddbc_rt_av *v);
void rt_json_item(rt_buf *b, const ddbc_rt_item *it);
/* cJSON's node type (<cjson/cJSON.h>), declared here so that files which do
 * not parse need not see cJSON's header. */
struct cJSON;
/* Parse a response body strictly (RFC 8259, UTF-8; see rt_json.c for what is
 * checked beyond cJSON); free *out with cJSON_Delete.  BAD_RESPONSE or
 * NO_MEMORY with *out NULL. */
ddbc_rt_status rt_json_parse(const char *json, size_t len, struct cJSON **out);
/* From a parsed object; BAD_RESPONSE when it is not DynamoDB JSON (repeated
 * attribute names included). */
ddbc_rt_status rt_av_from_cjson(const struct cJSON *j, ddbc_rt_av *out);
ddbc_rt_status rt_item_from_cjson(const struct cJSON *obj, ddbc_rt_item *out);

/* Base64 (RFC 4648, padded).  decode returns false on invalid input. */
void rt_base64_encode(rt_buf *b, const unsigned char *p, size_t len);
bool rt_base64_decode(const char *s, size_t len, unsigned char **out, size_t *outlen);

/* ---- rt_expr.c ------------------------------------------------------------------- */

/* Expression text with its placeholders; names are deduplicated. */
typedef struct rt_expr {
    rt_buf text;
    ddbc_rt_item names;        /* "#n0" → S attribute name */
    ddbc_rt_item values;       /* ":v0" → value */
    int nnames, nvalues;
    bool failed;
} rt_expr;

#define RT_EXPR_INIT {RT_BUF_INIT, DDBC_RT_ITEM_INIT, DDBC_RT_ITEM_INIT, 0, 0, false}
/* Append the placeholder for an attribute name ("#n0") to e->text. */
void rt_expr_name(rt_expr *e, const char *attr);
/* Append a placeholder for a copy of v (":v0") to e->text. */
void rt_expr_value(rt_expr *e, const ddbc_rt_av *v);
void rt_expr_puts(rt_expr *e, const char *s);
void rt_expr_free(rt_expr *e);

/* ---- rt_keys.c -------------------------------------------------------------------- */

/* Set every key attribute of every index on `item` from its column values
 * (removing those whose sparse condition fails or whose parts are absent).
 * INVALID_ARGUMENT when the base key cannot be built. */
ddbc_rt_status rt_keys_apply(const ddbc_rt_entity *e, ddbc_rt_item *item);
/* The base-key item ({pk_attr: S, sk_attr: S}) from an item holding the key columns. */
ddbc_rt_status rt_keys_base(const ddbc_rt_entity *e, const ddbc_rt_item *row, ddbc_rt_item *key);
/* A guard's key string, or NULL (no guard: a column is NULL); caller frees. */
char *rt_keys_guard(const ddbc_rt_unique *u, const ddbc_rt_item *row);
/* Whether all conjuncts hold on the item. */
bool rt_keys_when(const ddbc_rt_conjunct *when, size_t n, const ddbc_rt_item *item);
/* Encode one value for a key (keyenc of its text form); false when not encodable. */
bool rt_keys_encode(rt_buf *b, const ddbc_rt_av *v, ddbc_keyenc_type enc, bool as_prefix);

/* ---- rt_filter.c ------------------------------------------------------------------ */

/* The value an operand stands for: a copy into *out (NULL type for SQL NULL).
 * `row` (may be NULL) holds the items per binding for ATTR operands,
 * `fan` (may be NULL) the current fan-out element. */
ddbc_rt_status rt_operand_value(const ddbc_rt_operand *o, const ddbc_rt_av *args, size_t nargs,
                                const ddbc_rt_row *row, const ddbc_rt_av *fan, ddbc_rt_av *out);
/* Append "(f1) AND (f2) …" for the conjuncts, with SQL NULL semantics. */
ddbc_rt_status rt_filter_render(rt_expr *e, const ddbc_rt_filter *f, size_t n,
                                const ddbc_rt_av *args, size_t nargs, const ddbc_rt_row *row);
/* Whether the conjuncts hold on an item, evaluated in memory the same way. */
bool rt_filter_holds(const ddbc_rt_filter *f, size_t n, const ddbc_rt_item *item,
                     const ddbc_rt_av *args, size_t nargs);

/* ---- rt_pattern.c ------------------------------------------------------------------ */

/* Run one request to the end (every page, every fan-out element), appending
 * the items it finds, as stored (key attributes included), to `out`.  `row`
 * (may be NULL) feeds ATTR operands: the engine finds children this way, with
 * the parent item as binding 0. */
ddbc_rt_status rt_request_all(ddbc_rt_client *c, const char *table, const ddbc_rt_request *r,
                              const ddbc_rt_av *args, size_t nargs, const ddbc_rt_row *row,
                              ddbc_rt_items *out);

#endif
