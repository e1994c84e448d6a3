/* rt_client.c — the client: configuration, one DynamoDB call over HTTP with
 * SigV4 (signed by libcurl), error decoding, retries with backoff.
 *
 * Retry policy.  A call is sent at most max_attempts times, always with the
 * same body (so a transaction's ClientRequestToken makes a retried
 * TransactWriteItems apply once).  Retried: throttling (ThrottlingException,
 * ProvisionedThroughputExceededException, RequestLimitExceeded,
 * TransactionInProgressException) → THROTTLED when attempts run out;
 * InternalServerError and any HTTP 5xx → SERVER_ERROR; transport failures
 * (refused or reset connection, timeout, empty reply) → TRANSPORT.  Anything
 * else fails at once.  (A kept-alive connection that dies before answering is
 * also retried once by libcurl itself, on a new connection, within one attempt:
 * it cannot tell that from an idle connection the server closed.)  Before retry n the client sleeps uniformly in
 * [0, min(max_delay, base·2^n)) ("full jitter": concurrent clients that were
 * throttled together do not come back together).
 *
 * Threads.  A client is one libcurl easy handle run on a multi handle of its
 * own (its connection kept alive across calls), with its request and response
 * buffers reused from call to call, and is used by one thread at a time: give
 * each thread its own.
 * Creating clients is thread-safe (curl_global_init runs once, under
 * pthread_once), as long as no thread changes the environment meanwhile.
 *
 * Error bodies are parsed with cJSON through rt_json_parse (rt_json.c says
 * why cJSON, and what is checked beyond it). */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "rt_internal.h"

/* ---- status table ---------------------------------------------------------------- */

const char *ddbc_rt_status_str(ddbc_rt_status s)
{
    switch (s) {
#define STATUS_STR(name, text) case DDBC_RT_##name: return text;
        DDBC_RT_STATUS_TABLE(STATUS_STR)
#undef STATUS_STR
    }
    return "unknown status";
}

const char *ddbc_rt_status_name(ddbc_rt_status s)
{
    switch (s) {
#define STATUS_NAME(name, text) case DDBC_RT_##name: return #name;
        DDBC_RT_STATUS_TABLE(STATUS_NAME)
#undef STATUS_NAME
    }
    return "UNKNOWN";
}

/* ---- the client ------------------------------------------------------------------ */

#define TARGET_PREFIX "X-Amz-Target: DynamoDB_20120810."

struct ddbc_rt_client {
    CURL *curl;
    /* The transfer runs on a multi handle of the client's own (it holds the
       kept-alive connection) and waits with curl_multi_wait: curl_easy_perform
       would poll its wake-up socket as well, one system call more per request
       (bench/RESULTS.md). */
    CURLM *multi;
    CURLU *url;                      /* the endpoint, parsed (CURLOPT_CURLU) */
    rt_buf request;                  /* request bodies, reused across calls */
    char *response;                  /* response bodies, reused across calls */
    size_t response_cap;
    char *endpoint, *region, *access_key, *secret_key, *session_token, *table;
    char *sigv4;                     /* "aws:amz:<region>:dynamodb" */
    long connect_timeout_ms, request_timeout_ms, base_delay_ms, max_delay_ms;
    int max_attempts;
    /* Headers for the operation named in `headers_op`: rebuilt only when the
       operation changes, so a run of PutItems reuses one list. */
    struct curl_slist *headers;
    char headers_op[sizeof(((ddbc_rt_error *)0)->operation)];
    uint64_t rng;                    /* backoff jitter */
    long requests, retries;
    ddbc_rt_error err;
    char curl_err[CURL_ERROR_SIZE];
};

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static CURLcode global_rc = CURLE_FAILED_INIT;

static void global_init(void)
{
    global_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* Copy at most cap-1 bytes of s, cutting at a UTF-8 character boundary. */
static void copy_text(char *dst, size_t cap, const char *s, size_t len)
{
    if (cap == 0)
        return;
    if (len >= cap) {
        len = cap - 1;
        while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
            len--;
    }
    memcpy(dst, s, len);
    dst[len] = '\0';
}

static void copy_str(char *dst, size_t cap, const char *s)
{
    if (s)
        copy_text(dst, cap, s, strlen(s));
    else if (cap)
        dst[0] = '\0';
}

static void say(char *why, size_t cap, const char *msg)
{
    if (why && cap)
        copy_str(why, cap, msg);
}

/* An empty environment variable counts as unset, as the AWS SDKs treat it. */
static const char *env(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

/* Jitter needs spread, not secrecy: time, address and a counter will do. */
static uint64_t jitter_seed(const void *p)
{
    static atomic_uint_fast64_t counter;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    uint64_t s = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
    s ^= (uint64_t)(uintptr_t)p;
    s ^= (uint64_t)atomic_fetch_add(&counter, 1) << 48;
    return splitmix64(&s);
}

static char *dup_or_null(const char *s, bool *oom)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (!d)
        *oom = true;
    else
        memcpy(d, s, n);
    return d;
}

static bool set_options(ddbc_rt_client *c)
{
    CURL *h = c->curl;
    bool ok = true;
    /* The endpoint parsed once: with CURLOPT_URL libcurl would parse the
       text again for every request (bench/RESULTS.md). */
    if ((c->url = curl_url()) == NULL ||
        curl_url_set(c->url, CURLUPART_URL, c->endpoint, 0) != CURLUE_OK)
        return false;
    ok &= curl_easy_setopt(h, CURLOPT_CURLU, c->url) == CURLE_OK;
#if LIBCURL_VERSION_NUM >= 0x075500
    ok &= curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https") == CURLE_OK;
#else
    ok &= curl_easy_setopt(h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS)) == CURLE_OK;
#endif
    /* Signals do not mix with threads; libcurl then times out DNS look-ups
       with its threaded resolver instead of SIGALRM. */
    ok &= curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L) == CURLE_OK;
    ok &= curl_easy_setopt(h, CURLOPT_POST, 1L) == CURLE_OK;
    ok &= curl_easy_setopt(h, CURLOPT_AWS_SIGV4, c->sigv4) == CURLE_OK;
    /* USERNAME/PASSWORD rather than USERPWD "key:secret": nothing has to be
       split at a colon. */
    ok &= curl_easy_setopt(h, CURLOPT_USERNAME, c->access_key) == CURLE_OK;
    ok &= curl_easy_setopt(h, CURLOPT_PASSWORD, c->secret_key) == CURLE_OK;
    ok &= curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, c->connect_timeout_ms) == CURLE_OK;
    ok &= curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, c->request_timeout_ms) == CURLE_OK;
    ok &= curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L) == CURLE_OK;
    ok &= curl_easy_setopt(h, CURLOPT_TCP_NODELAY, 1L) == CURLE_OK;
    ok &= curl_easy_setopt(h, CURLOPT_USERAGENT, "ddbc-rt") == CURLE_OK;
    ok &= curl_easy_setopt(h, CURLOPT_ERRORBUFFER, c->curl_err) == CURLE_OK;
    return ok;
}

/* A bad endpoint is a configuration error now, not a failed call later. */
static ddbc_rt_status check_endpoint(const char *endpoint, char *why, size_t why_cap)
{
    CURLU *u = curl_url();
    if (!u) {
        say(why, why_cap, "out of memory");
        return DDBC_RT_NO_MEMORY;
    }
    char *scheme = NULL;
    CURLUcode rc = curl_url_set(u, CURLUPART_URL, endpoint, 0);
    if (rc == CURLUE_OK)
        rc = curl_url_get(u, CURLUPART_SCHEME, &scheme, 0);
    bool ok = rc == CURLUE_OK && scheme &&
              (strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0);
    curl_free(scheme);
    curl_url_cleanup(u);
    if (rc == CURLUE_OUT_OF_MEMORY) {
        say(why, why_cap, "out of memory");
        return DDBC_RT_NO_MEMORY;
    }
    if (!ok) {
        say(why, why_cap, "endpoint is not an http:// or https:// URL");
        return DDBC_RT_CONFIG;
    }
    return DDBC_RT_OK;
}

ddbc_rt_status ddbc_rt_client_create(const ddbc_rt_config *cfg, ddbc_rt_client **out,
                                     char *why, size_t why_cap)
{
    static const ddbc_rt_config none = DDBC_RT_CONFIG_INIT;
    if (!out) {
        say(why, why_cap, "no place for the client (out is NULL)");
        return DDBC_RT_INVALID_ARGUMENT;
    }
    *out = NULL;
    if (!cfg)
        cfg = &none;

    /* A field set in code wins (even "", which for the session token means
       "none, whatever the environment says"); then the environment. */
    const char *region = cfg->region ? cfg->region : env("AWS_REGION");
    if (!region)
        region = env("AWS_DEFAULT_REGION");
    const char *key = cfg->access_key_id ? cfg->access_key_id : env("AWS_ACCESS_KEY_ID");
    const char *secret = cfg->secret_access_key ? cfg->secret_access_key
                                                : env("AWS_SECRET_ACCESS_KEY");
    const char *token = cfg->session_token ? cfg->session_token : env("AWS_SESSION_TOKEN");
    const char *endpoint = cfg->endpoint ? cfg->endpoint : env("AWS_ENDPOINT_URL_DYNAMODB");
    if (!endpoint)
        endpoint = env("AWS_ENDPOINT_URL");

    if (!region || !*region) {
        say(why, why_cap, "no region: set ddbc_rt_config.region, AWS_REGION or AWS_DEFAULT_REGION");
        return DDBC_RT_CONFIG;
    }
    if (!key || !*key) {
        say(why, why_cap, "no access key: set ddbc_rt_config.access_key_id or AWS_ACCESS_KEY_ID");
        return DDBC_RT_CONFIG;
    }
    if (!secret || !*secret) {
        say(why, why_cap,
            "no secret key: set ddbc_rt_config.secret_access_key or AWS_SECRET_ACCESS_KEY");
        return DDBC_RT_CONFIG;
    }
    if (endpoint && !*endpoint) {
        say(why, why_cap, "empty endpoint URL in ddbc_rt_config.endpoint");
        return DDBC_RT_CONFIG;
    }
    if (cfg->connect_timeout_ms < 0 || cfg->request_timeout_ms < 0 || cfg->max_attempts < 0 ||
        cfg->base_delay_ms < 0 || cfg->max_delay_ms < 0) {
        say(why, why_cap, "negative timeout, attempt count or delay in ddbc_rt_config");
        return DDBC_RT_CONFIG;
    }
    /* The region goes into a host name and the signing scope. */
    for (const char *p = region; *p; p++) {
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
              (*p >= '0' && *p <= '9') || *p == '-')) {
            say(why, why_cap, "region may hold only letters, digits and '-'");
            return DDBC_RT_CONFIG;
        }
    }

    pthread_once(&global_once, global_init);
    if (global_rc != CURLE_OK) {
        say(why, why_cap, "libcurl could not be initialised (curl_global_init failed)");
        return global_rc == CURLE_OUT_OF_MEMORY ? DDBC_RT_NO_MEMORY : DDBC_RT_CONFIG;
    }

    if (endpoint) {
        ddbc_rt_status s = check_endpoint(endpoint, why, why_cap);
        if (s != DDBC_RT_OK)
            return s;
    }

    ddbc_rt_client *c = calloc(1, sizeof *c);
    if (!c) {
        say(why, why_cap, "out of memory");
        return DDBC_RT_NO_MEMORY;
    }
    bool oom = false;
    c->region = dup_or_null(region, &oom);
    c->access_key = dup_or_null(key, &oom);
    c->secret_key = dup_or_null(secret, &oom);
    c->session_token = token && *token ? dup_or_null(token, &oom) : NULL;
    c->table = dup_or_null(cfg->table_name, &oom);
    if (endpoint) {
        c->endpoint = dup_or_null(endpoint, &oom);
    } else if (!oom) {
        static const char fmt[] = "https://dynamodb.%s.amazonaws.com";
        size_t n = sizeof fmt + strlen(region);
        if ((c->endpoint = malloc(n)) != NULL)
            snprintf(c->endpoint, n, fmt, region);
        else
            oom = true;
    }
    if (!oom) {
        static const char fmt[] = "aws:amz:%s:dynamodb";
        size_t n = sizeof fmt + strlen(region);
        if ((c->sigv4 = malloc(n)) != NULL)
            snprintf(c->sigv4, n, fmt, region);
        else
            oom = true;
    }
    c->connect_timeout_ms = cfg->connect_timeout_ms ? cfg->connect_timeout_ms : 3000;
    c->request_timeout_ms = cfg->request_timeout_ms ? cfg->request_timeout_ms : 10000;
    c->max_attempts = cfg->max_attempts ? cfg->max_attempts : 8;
    c->base_delay_ms = cfg->base_delay_ms ? cfg->base_delay_ms : 25;
    c->max_delay_ms = cfg->max_delay_ms ? cfg->max_delay_ms : 2000;
    c->rng = jitter_seed(c);
    c->err.status = DDBC_RT_OK;
    if (!oom && (c->curl = curl_easy_init()) == NULL)
        oom = true;
    if (!oom && (c->multi = curl_multi_init()) == NULL)
        oom = true;
    if (oom) {
        ddbc_rt_client_free(c);
        say(why, why_cap, "out of memory");
        return DDBC_RT_NO_MEMORY;
    }
    if (!set_options(c)) {
        /* The options are all basic ones; only allocation can make them fail. */
        ddbc_rt_client_free(c);
        say(why, why_cap, "libcurl rejected an option (out of memory, or built without HTTP)");
        return DDBC_RT_NO_MEMORY;
    }
    *out = c;
    return DDBC_RT_OK;
}

void ddbc_rt_client_free(ddbc_rt_client *c)
{
    if (!c)
        return;
    /* The multi handle first: it owns the kept-alive connection (the easy
       handle is never left in it between calls). */
    if (c->multi)
        curl_multi_cleanup(c->multi);
    if (c->curl)
        curl_easy_cleanup(c->curl);
    curl_url_cleanup(c->url);
    curl_slist_free_all(c->headers);
    rt_buf_free(&c->request);
    free(c->response);
    if (c->secret_key)
        memset(c->secret_key, 0, strlen(c->secret_key));
    free(c->endpoint);
    free(c->region);
    free(c->access_key);
    free(c->secret_key);
    free(c->session_token);
    free(c->table);
    free(c->sigv4);
    free(c);
}

const char *ddbc_rt_client_table(const ddbc_rt_client *c, const char *fallback)
{
    return c && c->table ? c->table : fallback;
}

const char *ddbc_rt_client_endpoint(const ddbc_rt_client *c)
{
    return c ? c->endpoint : NULL;
}

const ddbc_rt_error *ddbc_rt_client_error(const ddbc_rt_client *c)
{
    static const ddbc_rt_error no_client = {.status = DDBC_RT_INVALID_ARGUMENT,
                                            .message = "no client"};
    return c ? &c->err : &no_client;
}

void ddbc_rt_client_counts(const ddbc_rt_client *c, long *requests, long *retries)
{
    if (requests)
        *requests = c ? c->requests : 0;
    if (retries)
        *retries = c ? c->retries : 0;
}

/* ---- errors and backoff (rt_internal.h) ---------------------------------------- */

ddbc_rt_status rt_fail(ddbc_rt_client *c, ddbc_rt_status status, const char *operation,
                       const char *type, const char *message)
{
    if (!c)
        return status;
    ddbc_rt_error *e = &c->err;
    e->status = status;
    e->http_status = 0;
    e->attempts = 0;
    e->nreasons = 0;
    copy_str(e->operation, sizeof e->operation, operation);
    copy_str(e->type, sizeof e->type, type);
    copy_str(e->message, sizeof e->message, message ? message : ddbc_rt_status_str(status));
    return status;
}

void rt_ok(ddbc_rt_client *c)
{
    if (!c)
        return;
    /* Only the header fields: clearing the 4 KB of reasons on every call
       would cost more than the call's bookkeeping. */
    c->err.status = DDBC_RT_OK;
    c->err.http_status = 0;
    c->err.attempts = 0;
    c->err.operation[0] = c->err.type[0] = c->err.message[0] = '\0';
    c->err.nreasons = 0;
}

ddbc_rt_error *rt_error(ddbc_rt_client *c)
{
    return c ? &c->err : NULL;
}

int rt_max_attempts(const ddbc_rt_client *c)
{
    return c ? c->max_attempts : 1;
}

void rt_backoff(ddbc_rt_client *c, int attempt)
{
    if (!c || attempt < 1)
        return;
    long cap = c->base_delay_ms;
    for (int i = 0; i < attempt && cap < c->max_delay_ms; i++)
        cap = cap > LONG_MAX / 2 ? LONG_MAX : cap * 2;
    if (cap > c->max_delay_ms)
        cap = c->max_delay_ms;
    if (cap <= 0)
        return;
    uint64_t us = splitmix64(&c->rng) % ((uint64_t)cap * 1000u);
    struct timespec ts = {(time_t)(us / 1000000u), (long)(us % 1000000u) * 1000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* ---- one call ------------------------------------------------------------------- */

typedef struct body_buf {
    char *ptr;
    size_t len, cap;
    bool oom;
} body_buf;

static size_t on_body(char *data, size_t size, size_t nmemb, void *userp)
{
    body_buf *b = userp;
    size_t n = size * nmemb;
    if (n > SIZE_MAX - b->len - 1) {
        b->oom = true;
        return 0;
    }
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1)
            cap = cap > SIZE_MAX / 2 ? b->len + n + 1 : cap * 2;
        char *p = realloc(b->ptr, cap);
        if (!p) {
            b->oom = true;
            return 0;          /* libcurl stops the transfer with CURLE_WRITE_ERROR */
        }
        b->ptr = p;
        b->cap = cap;
    }
    memcpy(b->ptr + b->len, data, n);
    b->len += n;
    b->ptr[b->len] = '\0';
    return n;
}

static bool valid_operation(const char *op)
{
    size_t n = 0;
    for (; op[n]; n++) {
        char ch = op[n];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')))
            return false;
    }
    return n > 0 && n < sizeof(((ddbc_rt_error *)0)->operation);
}

static bool build_headers(ddbc_rt_client *c, const char *op)
{
    if (c->headers && strcmp(c->headers_op, op) == 0)
        return true;
    curl_slist_free_all(c->headers);
    c->headers = NULL;
    c->headers_op[0] = '\0';

    char target[sizeof TARGET_PREFIX + sizeof c->headers_op];
    snprintf(target, sizeof target, "%s%s", TARGET_PREFIX, op);
    struct curl_slist *l = NULL, *t;
    /* No "Expect:" to suppress 100-continue: libcurl 7.88 would sign the
       removed header and the signature would not match (see set_options). */
    const char *fixed[] = {"Content-Type: application/x-amz-json-1.0", target};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        if ((t = curl_slist_append(l, fixed[i])) == NULL)
            goto oom;
        l = t;
    }
    if (c->session_token) {
        static const char name[] = "X-Amz-Security-Token: ";
        size_t n = sizeof name + strlen(c->session_token);
        char *h = malloc(n);
        if (!h)
            goto oom;
        snprintf(h, n, "%s%s", name, c->session_token);
        t = curl_slist_append(l, h);
        free(h);
        if (!t)
            goto oom;
        l = t;
    }
    c->headers = l;
    copy_str(c->headers_op, sizeof c->headers_op, op);
    return true;
oom:
    curl_slist_free_all(l);
    return false;
}

typedef enum outcome { OUTCOME_OK, OUTCOME_RETRY, OUTCOME_FAIL } outcome;

/* What an error type means and whether it is worth another attempt. */
static const struct {
    const char *type;
    ddbc_rt_status status;
    bool retry;
} known_errors[] = {
    {"ConditionalCheckFailedException", DDBC_RT_CONDITION_FAILED, false},
    {"ValidationException", DDBC_RT_VALIDATION, false},
    {"SerializationException", DDBC_RT_VALIDATION, false},
    {"ResourceNotFoundException", DDBC_RT_RESOURCE_NOT_FOUND, false},
    {"TransactionCanceledException", DDBC_RT_TRANSACTION_CANCELED, false},
    {"UnrecognizedClientException", DDBC_RT_ACCESS_DENIED, false},
    {"InvalidSignatureException", DDBC_RT_ACCESS_DENIED, false},
    {"MissingAuthenticationToken", DDBC_RT_ACCESS_DENIED, false},
    {"MissingAuthenticationTokenException", DDBC_RT_ACCESS_DENIED, false},
    {"AccessDeniedException", DDBC_RT_ACCESS_DENIED, false},
    {"ExpiredTokenException", DDBC_RT_ACCESS_DENIED, false},
    {"ThrottlingException", DDBC_RT_THROTTLED, true},
    {"ProvisionedThroughputExceededException", DDBC_RT_THROTTLED, true},
    {"RequestLimitExceeded", DDBC_RT_THROTTLED, true},
    {"TransactionInProgressException", DDBC_RT_THROTTLED, true},
    {"InternalServerError", DDBC_RT_SERVER_ERROR, true},
    {"ServiceUnavailable", DDBC_RT_SERVER_ERROR, true},
};

/* The member `key` of an object; NULL when absent or o is no object. */
static const cJSON *member(const cJSON *o, const char *key)
{
    return cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
}

/* The string member `key`, or NULL. */
static const char *string_member(const cJSON *o, const char *key)
{
    const cJSON *v = member(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* DynamoDB lists the codes in CancellationReasons; a server that only puts
 * them in the message ("… reasons [None, ConditionalCheckFailed]") is read
 * from there. */
static void cancellation_reasons(ddbc_rt_error *e, const cJSON *root, const char *message)
{
    e->nreasons = 0;
    const cJSON *list = member(root, "CancellationReasons");
    if (cJSON_IsArray(list)) {
        for (const cJSON *r = list->child; r; r = r->next) {
            if (e->nreasons == DDBC_RT_MAX_REASONS)
                break;
            const char *code = string_member(r, "Code");
            copy_str(e->reasons[e->nreasons++], sizeof e->reasons[0], code ? code : "None");
        }
        return;
    }
    const char *open = message ? strrchr(message, '[') : NULL;
    const char *close = open ? strchr(open, ']') : NULL;
    if (!close)
        return;
    const char *p = open + 1;
    while (p < close && e->nreasons < DDBC_RT_MAX_REASONS) {
        while (p < close && (*p == ' ' || *p == ','))
            p++;
        const char *q = p;
        while (q < close && *q != ',')
            q++;
        const char *end = q;
        while (end > p && end[-1] == ' ')
            end--;
        if (end > p)
            copy_text(e->reasons[e->nreasons++], sizeof e->reasons[0], p, (size_t)(end - p));
        p = q;
    }
}

/* Decode an HTTP error response into c->err and decide. */
static outcome http_failure(ddbc_rt_client *c, long http, const body_buf *b)
{
    ddbc_rt_error *e = &c->err;
    bool server = http >= 500 && http <= 599;
    e->http_status = (int)http;
    e->type[0] = e->message[0] = '\0';
    e->nreasons = 0;

    cJSON *root = NULL;
    if (b->ptr && rt_json_parse(b->ptr, b->len, &root) != DDBC_RT_OK)
        root = NULL;
    const char *type = string_member(root, "__type");
    if (!type) {
        e->status = server ? DDBC_RT_SERVER_ERROR : DDBC_RT_BAD_RESPONSE;
        snprintf(e->message, sizeof e->message, "HTTP %ld with %s error body%s%.100s", http,
                 b->len ? "an unreadable" : "no", b->len ? ": " : "", b->len ? b->ptr : "");
        cJSON_Delete(root);
        return server ? OUTCOME_RETRY : OUTCOME_FAIL;
    }
    const char *hash = strrchr(type, '#');
    copy_str(e->type, sizeof e->type, hash ? hash + 1 : type);
    const char *message = string_member(root, "message");
    if (!message)
        message = string_member(root, "Message");
    copy_str(e->message, sizeof e->message, message ? message : "");

    outcome o = server ? OUTCOME_RETRY : OUTCOME_FAIL;
    e->status = server ? DDBC_RT_SERVER_ERROR : DDBC_RT_SERVICE_ERROR;
    for (size_t i = 0; i < sizeof known_errors / sizeof known_errors[0]; i++) {
        if (strcmp(e->type, known_errors[i].type) == 0) {
            /* A 5xx stays retryable whatever its type says. */
            if (!server || known_errors[i].retry) {
                e->status = known_errors[i].status;
                o = known_errors[i].retry ? OUTCOME_RETRY : OUTCOME_FAIL;
            }
            break;
        }
    }
    if (e->status == DDBC_RT_TRANSACTION_CANCELED)
        cancellation_reasons(e, root, message);
    cJSON_Delete(root);
    return o;
}

static outcome transport_failure(ddbc_rt_client *c, CURLcode rc)
{
    ddbc_rt_error *e = &c->err;
    e->http_status = 0;
    e->type[0] = '\0';
    e->nreasons = 0;
    copy_str(e->message, sizeof e->message, c->curl_err[0] ? c->curl_err : curl_easy_strerror(rc));
    switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        e->status = DDBC_RT_TRANSPORT;
        return OUTCOME_RETRY;
    case CURLE_OUT_OF_MEMORY:
        e->status = DDBC_RT_NO_MEMORY;
        return OUTCOME_FAIL;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
        e->status = DDBC_RT_CONFIG;
        return OUTCOME_FAIL;
    default:
        /* Certificate and other TLS verdicts do not change on a retry. */
        e->status = DDBC_RT_TRANSPORT;
        return OUTCOME_FAIL;
    }
}

static CURLcode multi_error(CURLMcode mc)
{
    return mc == CURLM_OUT_OF_MEMORY ? CURLE_OUT_OF_MEMORY : CURLE_FAILED_INIT;
}

/* One transfer on the client's handle, as curl_easy_perform runs it but
 * waiting with curl_multi_wait: no wake-up socket to poll as well. */
static CURLcode transfer(ddbc_rt_client *c)
{
    CURLMcode mc = curl_multi_add_handle(c->multi, c->curl);
    if (mc != CURLM_OK)
        return multi_error(mc);
    CURLcode rc = CURLE_FAILED_INIT;
    int running = 1;
    for (;;) {
        mc = curl_multi_perform(c->multi, &running);
        if (mc != CURLM_OK || running == 0)
            break;
        int ready = 0;
        mc = curl_multi_wait(c->multi, NULL, 0, 1000, &ready);
        /* curl_multi_wait returns at once when libcurl has no socket to
           offer (it may have none while it waits on a timer): wait the way
           curl_multi_poll does then, never spinning */
        if (mc == CURLM_OK && ready == 0)
            mc = curl_multi_poll(c->multi, NULL, 0, 1000, NULL);
        if (mc != CURLM_OK)
            break;
    }
    if (mc != CURLM_OK) {
        rc = multi_error(mc);
    } else {
        CURLMsg *m;
        int queued;
        while ((m = curl_multi_info_read(c->multi, &queued)) != NULL)
            if (m->msg == CURLMSG_DONE && m->easy_handle == c->curl)
                rc = m->data.result;
    }
    curl_multi_remove_handle(c->multi, c->curl);
    return rc;
}

static outcome attempt_once(ddbc_rt_client *c, body_buf *b)
{
    b->len = 0;
    b->oom = false;
    if (b->ptr)
        b->ptr[0] = '\0';
    c->curl_err[0] = '\0';
    c->requests++;
    CURLcode rc = transfer(c);
    if (b->oom) {
        c->err.status = DDBC_RT_NO_MEMORY;
        c->err.http_status = 0;
        c->err.type[0] = '\0';
        copy_str(c->err.message, sizeof c->err.message, "out of memory reading the response");
        return OUTCOME_FAIL;
    }
    if (rc != CURLE_OK)
        return transport_failure(c, rc);
    long http = 0;
    curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &http);
    if (http == 200)
        return OUTCOME_OK;
    return http_failure(c, http, b);
}

/* Buffers above this size are not kept for the next request: one large
 * batch or page should not pin its memory for the client's life. */
#define KEEP_MAX (256u * 1024u)

rt_buf rt_request_buf(ddbc_rt_client *c)
{
    rt_buf b = RT_BUF_INIT;
    if (c) {
        b = c->request;
        c->request = (rt_buf)RT_BUF_INIT;
        b.len = 0;
        b.failed = false;
        if (b.ptr)
            b.ptr[0] = '\0';
    }
    return b;
}

void rt_request_done(ddbc_rt_client *c, rt_buf *b)
{
    if (c && !c->request.ptr && b->cap <= KEEP_MAX) {
        c->request = *b;
        *b = (rt_buf)RT_BUF_INIT;
    } else {
        rt_buf_free(b);
    }
}

/* The response is left in c->response (len in *response_len), valid until
 * the next call on c. */
ddbc_rt_status rt_call(ddbc_rt_client *c, const char *operation, const char *body, size_t len,
                       const char **response, size_t *response_len)
{
    if (response)
        *response = NULL;
    if (response_len)
        *response_len = 0;
    if (!c)
        return DDBC_RT_INVALID_ARGUMENT;
    if (!operation || !valid_operation(operation))
        return rt_fail(c, DDBC_RT_INVALID_ARGUMENT, NULL, NULL,
                       "operation name must be 1-31 letters and digits");
    if (!body)
        return rt_fail(c, DDBC_RT_INVALID_ARGUMENT, operation, NULL, "no request body");
    if (!build_headers(c, operation))
        return rt_fail(c, DDBC_RT_NO_MEMORY, operation, NULL, NULL);

    if (c->response_cap > KEEP_MAX) {
        free(c->response);
        c->response = NULL;
        c->response_cap = 0;
    }
    body_buf b = {c->response, 0, c->response_cap, false};
    CURL *h = c->curl;
    if (curl_easy_setopt(h, CURLOPT_HTTPHEADER, c->headers) != CURLE_OK ||
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len) != CURLE_OK ||
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body) != CURLE_OK ||
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body) != CURLE_OK ||
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &b) != CURLE_OK)
        return rt_fail(c, DDBC_RT_NO_MEMORY, operation, NULL, NULL);

    outcome o = OUTCOME_FAIL;
    int attempt = 1;
    for (;; attempt++) {
        o = attempt_once(c, &b);
        if (o != OUTCOME_RETRY || attempt >= c->max_attempts)
            break;
        c->retries++;
        rt_backoff(c, attempt);
    }
    /* The body buffer must not outlive this call inside the handle. */
    curl_easy_setopt(h, CURLOPT_WRITEDATA, NULL);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, NULL);
    c->response = b.ptr;
    c->response_cap = b.cap;

    if (o == OUTCOME_OK) {
        rt_ok(c);
        if (response_len)
            *response_len = b.len;
        if (response)
            *response = b.ptr ? b.ptr : "";
        return DDBC_RT_OK;
    }
    c->err.attempts = attempt;
    copy_str(c->err.operation, sizeof c->err.operation, operation);
    return c->err.status;
}

ddbc_rt_status ddbc_rt_call(ddbc_rt_client *c, const char *operation, const char *body,
                            size_t len, char **response, size_t *response_len)
{
    if (response)
        *response = NULL;
    if (response_len)
        *response_len = 0;
    const char *r;
    size_t n;
    ddbc_rt_status st = rt_call(c, operation, body, len, &r, &n);
    if (st != DDBC_RT_OK)
        return st;
    if (response) {
        char *copy = malloc(n + 1);
        if (!copy)
            return rt_fail(c, DDBC_RT_NO_MEMORY, operation, NULL, NULL);
        memcpy(copy, r, n + 1);
        *response = copy;
    }
    if (response_len)
        *response_len = n;
    return DDBC_RT_OK;
}
