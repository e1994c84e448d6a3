/* rt.h — ddbc's runtime: a small DynamoDB client the generated C code links.
 *
 * One client is one connection (a libcurl easy handle kept alive across
 * requests) plus its configuration and the last error.  A client is NOT safe
 * to share between threads: give each thread its own (ddbc_rt_client_create
 * is cheap and thread-safe).  Nothing here aborts: every function that can
 * fail returns a ddbc_rt_status, and details of the last failure are kept on
 * the client (ddbc_rt_client_error).  Every _free function accepts NULL. */
#ifndef DDBC_RT_H
#define DDBC_RT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- status ------------------------------------------------------------------
 * One table: the enum and its strings come from it. */
#define DDBC_RT_STATUS_TABLE(X)                                                              \
    X(OK, "ok")                                                                              \
    X(NOT_FOUND, "item not found")                                                           \
    X(CONDITION_FAILED, "condition failed")                                                  \
    X(UNIQUE_VIOLATION, "unique value already taken")                                       \
    X(VALIDATION, "request rejected as invalid")                                             \
    X(TRANSACTION_CANCELED, "transaction canceled")                                          \
    X(THROTTLED, "throttled, attempts exhausted")                                            \
    X(SERVER_ERROR, "server error, attempts exhausted")                                      \
    X(TRANSPORT, "connection failed or timed out, attempts exhausted")                       \
    X(RESOURCE_NOT_FOUND, "table or index not found")                                        \
    X(ACCESS_DENIED, "credentials rejected")                                                 \
    X(SERVICE_ERROR, "other DynamoDB error")                                                  \
    X(BAD_RESPONSE, "response could not be understood")                                      \
    X(INVALID_ARGUMENT, "invalid argument")                                                  \
    X(CONFIG, "configuration incomplete")                                                    \
    X(NO_MEMORY, "out of memory")

typedef enum ddbc_rt_status {
#define DDBC_RT_STATUS_ENUM(name, text) DDBC_RT_##name,
    DDBC_RT_STATUS_TABLE(DDBC_RT_STATUS_ENUM)
#undef DDBC_RT_STATUS_ENUM
} ddbc_rt_status;

/* "unique value already taken"; never NULL. */
const char *ddbc_rt_status_str(ddbc_rt_status s);
/* "UNIQUE_VIOLATION"; never NULL. */
const char *ddbc_rt_status_name(ddbc_rt_status s);

/* ---- errors ------------------------------------------------------------------ */

#define DDBC_RT_MAX_REASONS 100

/* The last failure on a client.  `type` is DynamoDB's error type (the text
 * after '#' in "__type", e.g. "ConditionalCheckFailedException"), empty for
 * failures that never reached the service. */
typedef struct ddbc_rt_error {
    ddbc_rt_status status;
    int http_status;            /* 0 when no response */
    int attempts;               /* requests sent for the failing call */
    char operation[32];         /* "PutItem" */
    char type[96];
    char message[512];
    /* TransactionCanceledException: one code per action ("None",
       "ConditionalCheckFailed", …), in action order. */
    int nreasons;
    char reasons[DDBC_RT_MAX_REASONS][40];
} ddbc_rt_error;

/* ---- configuration ----------------------------------------------------------- */

typedef struct ddbc_rt_config {
    const char *endpoint;          /* "http://127.0.0.1:8000"; NULL: AWS_ENDPOINT_URL_DYNAMODB,
                                      then AWS_ENDPOINT_URL, then https://dynamodb.<region>.amazonaws.com */
    const char *region;            /* NULL: AWS_REGION, then AWS_DEFAULT_REGION */
    const char *access_key_id;     /* NULL: AWS_ACCESS_KEY_ID */
    const char *secret_access_key; /* NULL: AWS_SECRET_ACCESS_KEY */
    const char *session_token;     /* NULL: AWS_SESSION_TOKEN (may stay unset) */
    const char *table_name;        /* NULL: the generated code's default (the design's name) */
    long connect_timeout_ms;       /* 0: 3000 */
    long request_timeout_ms;       /* 0: 10000, per attempt */
    int max_attempts;              /* 0: 8; 1 disables retries */
    long base_delay_ms;            /* 0: 25; backoff cap = min(max_delay, base * 2^attempt) */
    long max_delay_ms;             /* 0: 2000; the sleep is uniform in [0, cap) (full jitter) */
} ddbc_rt_config;

#define DDBC_RT_CONFIG_INIT {0}

typedef struct ddbc_rt_client ddbc_rt_client;

/* Make a client from cfg (NULL: all from the environment).  Strings are
 * copied.  DDBC_RT_CONFIG when region or credentials are found nowhere; the
 * reason is written to `why` (may be NULL) of `why_cap` bytes. */
ddbc_rt_status ddbc_rt_client_create(const ddbc_rt_config *cfg, ddbc_rt_client **out,
                                     char *why, size_t why_cap);
void ddbc_rt_client_free(ddbc_rt_client *c);

/* The table this client's generated accessors use (the config's, else `fallback`). */
const char *ddbc_rt_client_table(const ddbc_rt_client *c, const char *fallback);
/* Details of the last failing call on c (status OK after a success). */
const ddbc_rt_error *ddbc_rt_client_error(const ddbc_rt_client *c);
/* Requests sent and retries made over the client's life (tests, metrics). */
void ddbc_rt_client_counts(const ddbc_rt_client *c, long *requests, long *retries);
/* The endpoint URL the client sends to, after configuration (diagnostics). */
const char *ddbc_rt_client_endpoint(const ddbc_rt_client *c);

/* ---- attribute values --------------------------------------------------------- */

typedef enum ddbc_rt_av_type {
    DDBC_AV_S, DDBC_AV_N, DDBC_AV_B, DDBC_AV_BOOL, DDBC_AV_NULL,
    DDBC_AV_M, DDBC_AV_L, DDBC_AV_SS, DDBC_AV_NS, DDBC_AV_BS,
} ddbc_rt_av_type;

typedef struct ddbc_rt_av ddbc_rt_av;
typedef struct ddbc_rt_attr ddbc_rt_attr;

/* A map of attributes in insertion order: an item, a key, or an M value. */
typedef struct ddbc_rt_item {
    ddbc_rt_attr *attrs;
    size_t n, cap;
} ddbc_rt_item;

#define DDBC_RT_ITEM_INIT {NULL, 0, 0}

struct ddbc_rt_av {
    ddbc_rt_av_type type;
    union {
        struct { char *ptr; size_t len; } s;       /* S (UTF-8), N (decimal text, kept
                                                      exactly as given), B (raw bytes);
                                                      ptr is NUL-terminated */
        bool b;                                    /* BOOL */
        ddbc_rt_item m;                            /* M */
        struct { ddbc_rt_av *v; size_t n, cap; } l; /* L; SS/NS/BS hold S/N/B elements */
    } u;
};

struct ddbc_rt_attr {
    char *name;
    ddbc_rt_av value;
    bool name_static;           /* name is borrowed (the _add functions), not freed */
    uint32_t name_len;          /* strlen(name) (capped at UINT32_MAX), kept by the
                                   runtime: lookups compare it before any bytes */
};

/* Owned copies; NO_MEMORY on allocation failure.  Setting a name that
 * exists replaces its value in place. */
ddbc_rt_status ddbc_rt_item_set_s(ddbc_rt_item *it, const char *name, const char *s, size_t len);
ddbc_rt_status ddbc_rt_item_set_n(ddbc_rt_item *it, const char *name, const char *decimal);
ddbc_rt_status ddbc_rt_item_set_i64(ddbc_rt_item *it, const char *name, int64_t v);
ddbc_rt_status ddbc_rt_item_set_double(ddbc_rt_item *it, const char *name, double v); /* shortest of %.15g/%.17g that round-trips */
ddbc_rt_status ddbc_rt_item_set_b(ddbc_rt_item *it, const char *name, const void *bytes, size_t len);
ddbc_rt_status ddbc_rt_item_set_bool(ddbc_rt_item *it, const char *name, bool v);
ddbc_rt_status ddbc_rt_item_set_null(ddbc_rt_item *it, const char *name);
/* Deep copy of v under name (v stays the caller's). */
ddbc_rt_status ddbc_rt_item_set(ddbc_rt_item *it, const char *name, const ddbc_rt_av *v);
/* Take ownership of *v (left as NULL type). */
ddbc_rt_status ddbc_rt_item_put(ddbc_rt_item *it, const char *name, ddbc_rt_av *v);
/* The same for names that outlive every item they end up in (string
 * literals, as in generated code; copies of the item borrow them too): the
 * name is borrowed, not copied.  Values are copied as by the setters above
 * (ddbc_rt_item_add takes *v as ddbc_rt_item_put does); a name that exists
 * is replaced in place. */
ddbc_rt_status ddbc_rt_item_add_s(ddbc_rt_item *it, const char *name, const char *s, size_t len);
ddbc_rt_status ddbc_rt_item_add_n(ddbc_rt_item *it, const char *name, const char *decimal);
ddbc_rt_status ddbc_rt_item_add_i64(ddbc_rt_item *it, const char *name, int64_t v);
ddbc_rt_status ddbc_rt_item_add_double(ddbc_rt_item *it, const char *name, double v);
ddbc_rt_status ddbc_rt_item_add_b(ddbc_rt_item *it, const char *name, const void *bytes, size_t len);
ddbc_rt_status ddbc_rt_item_add_bool(ddbc_rt_item *it, const char *name, bool v);
ddbc_rt_status ddbc_rt_item_add_null(ddbc_rt_item *it, const char *name);
ddbc_rt_status ddbc_rt_item_add(ddbc_rt_item *it, const char *name, ddbc_rt_av *v);
/* Room for n more attributes (one allocation for an item of known size). */
ddbc_rt_status ddbc_rt_item_reserve(ddbc_rt_item *it, size_t n);
const ddbc_rt_av *ddbc_rt_item_get(const ddbc_rt_item *it, const char *name);
bool ddbc_rt_item_remove(ddbc_rt_item *it, const char *name);
ddbc_rt_status ddbc_rt_item_copy(ddbc_rt_item *dst, const ddbc_rt_item *src);  /* dst empty */
void ddbc_rt_item_free(ddbc_rt_item *it);       /* frees contents, leaves it empty */

ddbc_rt_status ddbc_rt_av_copy(ddbc_rt_av *dst, const ddbc_rt_av *src);
void ddbc_rt_av_free(ddbc_rt_av *v);            /* frees contents, leaves a NULL value */
/* Equality as DynamoDB sees it (N compared as numbers, sets unordered). */
bool ddbc_rt_av_equal(const ddbc_rt_av *a, const ddbc_rt_av *b);

/* Typed reads; false when absent or of another type.  Strings are borrowed. */
bool ddbc_rt_item_s(const ddbc_rt_item *it, const char *name, const char **s, size_t *len);
bool ddbc_rt_item_i64(const ddbc_rt_item *it, const char *name, int64_t *v);
bool ddbc_rt_item_double(const ddbc_rt_item *it, const char *name, double *v);
bool ddbc_rt_item_bool(const ddbc_rt_item *it, const char *name, bool *v);
/* Move an S or N value's text out of the item instead of copying it: *s
 * (NUL-terminated, *len bytes, may be NULL) becomes the caller's to free(),
 * and the attribute stays, holding a NULL value.  false (nothing moved) when
 * absent or of another type.  For items about to be freed anyway, such as a
 * response read into a struct. */
bool ddbc_rt_item_take_s(ddbc_rt_item *it, const char *name, char **s, size_t *len);

/* DynamoDB JSON ({"name": {"S": "…"}, …}) in insertion order, and back.
 * from_json accepts exactly what DynamoDB sends; BAD_RESPONSE otherwise. */
ddbc_rt_status ddbc_rt_item_to_json(const ddbc_rt_item *it, char **json, size_t *len);
ddbc_rt_status ddbc_rt_item_from_json(const char *json, size_t len, ddbc_rt_item *out);

/* ---- requests ------------------------------------------------------------------
 * Thin, typed wrappers over the operations.  Expressions take values only
 * through `values` (":v0" …) and names only through `names` ("#n0" → S
 * "status"): no user value is ever spliced into an expression string. */

/* Any operation by name with a raw JSON body; the response body on success
 * (caller frees with free()).  Retries as described in the banner of rt_client.c. */
ddbc_rt_status ddbc_rt_call(ddbc_rt_client *c, const char *operation, const char *body,
                            size_t len, char **response, size_t *response_len);

/* GetItem (consistent read when `consistent`); NOT_FOUND when absent. */
ddbc_rt_status ddbc_rt_get_item(ddbc_rt_client *c, const char *table, const ddbc_rt_item *key,
                                bool consistent, ddbc_rt_item *out);
/* PutItem / UpdateItem / DeleteItem with an optional ConditionExpression;
 * CONDITION_FAILED when it fails.  `names` ("#n0" → S "status") and `values`
 * (":v0" → value) may be NULL or empty. */
ddbc_rt_status ddbc_rt_put_item(ddbc_rt_client *c, const char *table, const ddbc_rt_item *item,
                                const char *condition, const ddbc_rt_item *names,
                                const ddbc_rt_item *values);
ddbc_rt_status ddbc_rt_update_item(ddbc_rt_client *c, const char *table, const ddbc_rt_item *key,
                                   const char *update, const char *condition,
                                   const ddbc_rt_item *names, const ddbc_rt_item *values);
ddbc_rt_status ddbc_rt_delete_item(ddbc_rt_client *c, const char *table, const ddbc_rt_item *key,
                                   const char *condition, const ddbc_rt_item *names,
                                   const ddbc_rt_item *values);

/* One Query page. */
typedef struct ddbc_rt_query {
    const char *table;
    const char *index;              /* NULL: the table */
    const char *key_condition;      /* KeyConditionExpression */
    const char *filter;             /* FilterExpression, NULL: none */
    const ddbc_rt_item *names;      /* for both expressions; may be NULL */
    const ddbc_rt_item *values;
    bool scan_forward;
    bool consistent;
    int limit;                      /* 0: none (a 1 MB page) */
    const ddbc_rt_item *start_key;  /* ExclusiveStartKey, NULL: from the start */
} ddbc_rt_query;

typedef struct ddbc_rt_items {
    ddbc_rt_item *v;
    size_t n, cap;
} ddbc_rt_items;

#define DDBC_RT_ITEMS_INIT {NULL, 0, 0}
ddbc_rt_status ddbc_rt_items_push(ddbc_rt_items *list, ddbc_rt_item *it);  /* takes *it */
void ddbc_rt_items_free(ddbc_rt_items *list);

/* Appends the page's items to `out`; `last_key` (emptied first) receives
 * LastEvaluatedKey, left empty at the end of the collection. */
ddbc_rt_status ddbc_rt_query_page(ddbc_rt_client *c, const ddbc_rt_query *q, ddbc_rt_items *out,
                                  ddbc_rt_item *last_key);

/* BatchGetItem for any number of keys of one table: split into requests of
 * at most 100 keys, unprocessed keys retried with backoff.  out->v[i] is the
 * item for keys[i], or an empty item (n == 0) when there is none. */
ddbc_rt_status ddbc_rt_batch_get(ddbc_rt_client *c, const char *table, const ddbc_rt_item *keys,
                                 size_t nkeys, bool consistent, ddbc_rt_items *out);

/* BatchWriteItem: puts (items) and deletes (keys), split into requests of at
 * most 25, unprocessed items retried with backoff. */
ddbc_rt_status ddbc_rt_batch_write(ddbc_rt_client *c, const char *table, const ddbc_rt_item *puts,
                                   size_t nputs, const ddbc_rt_item *deletes, size_t ndeletes);

/* TransactWriteItems. */
typedef enum ddbc_rt_tx_kind { DDBC_TX_PUT, DDBC_TX_UPDATE, DDBC_TX_DELETE, DDBC_TX_CHECK } ddbc_rt_tx_kind;

typedef struct ddbc_rt_tx_action {
    ddbc_rt_tx_kind kind;
    const char *table;
    ddbc_rt_item item;              /* PUT: the item; others: the key */
    const char *update;             /* UPDATE: UpdateExpression */
    const char *condition;          /* ConditionExpression, NULL: none */
    ddbc_rt_item names, values;     /* for update and condition */
} ddbc_rt_tx_action;

/* Runs up to 100 actions atomically with a fresh ClientRequestToken (the same
 * token on every retry of this call, so a retried transaction is applied once).
 * TRANSACTION_CANCELED with the reasons in ddbc_rt_client_error() when a
 * condition fails; CONDITION_FAILED never (the caller maps reasons). */
ddbc_rt_status ddbc_rt_transact_write(ddbc_rt_client *c, const ddbc_rt_tx_action *actions,
                                      size_t n);
void ddbc_rt_tx_action_free(ddbc_rt_tx_action *a);

/* ---- ids and time ------------------------------------------------------------- */

/* A time-ordered 64-bit id: milliseconds since 2020-01-01 in the high bits,
 * a per-process sequence and random bits below; strictly increasing within a
 * process, thread-safe, never negative. */
int64_t ddbc_rt_next_id(void);
/* A 26-character ULID (Crockford base32, time-ordered) into out[27]. */
void ddbc_rt_next_ulid(char out[27]);
/* The current UTC time as "YYYY-MM-DDTHH:MM:SS.ffffffZ" into out[28]. */
void ddbc_rt_now_utc(char out[28]);
/* A random (version 4) UUID, lowercase, "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", into out[37]. */
void ddbc_rt_uuid_v4(char out[37]);

#ifdef __cplusplus
}
#endif

#endif
