/* test_rt_client.c — the runtime's transport against tests/rt_client/fake_server.py:
 * configuration, SigV4 (verified by the server), keep-alive, error decoding,
 * retries and their bounds, thread safety, and the id/time helpers.
 *
 * usage: with_fake.sh test_rt_client [config|faults|ids|threads]  (no group: all) */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <cjson/cJSON.h>

#include "ddbc/rt.h"
#include "rt_internal.h"

#define KEY "AKIDDDBCTEST"
#define SECRET "ddbc/test+Secret0"
#define REGION "us-west-2"

static const char *fake;        /* DDBC_FAKE_ENDPOINT */
static CURL *control_handle;

/* ---- talking to the fake server's control endpoints -------------------------- */

typedef struct text {
    char *p;
    size_t n;
} text;

static size_t collect(char *data, size_t size, size_t nmemb, void *userp)
{
    text *t = userp;
    size_t n = size * nmemb;
    char *p = realloc(t->p, t->n + n + 1);
    if (!p)
        return 0;
    memcpy(p + t->n, data, n);
    t->p = p;
    t->n += n;
    p[t->n] = '\0';
    return n;
}

/* POST (json non-NULL) or GET /__control/<what>; the response body. */
static char *control(const char *what, const char *json)
{
    char url[256];
    snprintf(url, sizeof url, "%s/__control/%s", fake, what);
    text t = {NULL, 0};
    CURL *h = control_handle;
    curl_easy_reset(h);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &t);
    if (json)
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, json);
    CURLcode rc = curl_easy_perform(h);
    long http = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &http);
    if (rc != CURLE_OK || http != 200)
        fail_msg("control %s failed: %s, HTTP %ld", what, curl_easy_strerror(rc), http);
    return t.p;
}

static void control_post(const char *what, const char *json)
{
    free(control(what, json));
}

/* Queue one action `count` times (count 0: the action as given). */
static void script(const char *action, int count)
{
    cJSON *a = cJSON_Parse(action);
    if (!a)
        fail_msg("bad action %s", action);
    if (count && !cJSON_AddNumberToObject(a, "count", count))
        fail_msg("out of memory");
    cJSON *list = cJSON_CreateArray();
    if (!list || !cJSON_AddItemToArray(list, a))
        fail_msg("out of memory");
    char *s = cJSON_PrintUnformatted(list);
    control_post("script", s);
    free(s);
    cJSON_Delete(list);
}

static cJSON *server_log(void)
{
    char *s = control("log", NULL);
    cJSON *log = cJSON_Parse(s);
    free(s);
    assert_non_null(log);
    assert_true(cJSON_IsArray(log));
    return log;
}

static const char *rec_str(cJSON *log, size_t i, const char *field)
{
    return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(log, (int)i), field));
}

static const char *rec_header(cJSON *log, size_t i, const char *name)
{
    return cJSON_GetStringValue(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(log, (int)i), "headers"), name));
}

static long long rec_conn(cJSON *log, size_t i)
{
    return (long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(log, (int)i), "conn"));
}

static bool rec_sig_ok(cJSON *log, size_t i)
{
    return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(log, (int)i), "sig_ok"));
}

/* Every test starts from an empty script and log, with the test key known. */
static int reset_server(void **state)
{
    (void)state;
    control_post("reset", "{}");
    control_post("secret", "{\"key\":\"" KEY "\",\"secret\":\"" SECRET "\"}");
    return 0;
}

/* ---- clients -------------------------------------------------------------------- */

static const char *const aws_vars[] = {
    "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL", "AWS_REGION", "AWS_DEFAULT_REGION",
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
};

static void clear_env(void)
{
    for (size_t i = 0; i < sizeof aws_vars / sizeof aws_vars[0]; i++)
        unsetenv(aws_vars[i]);
}

static ddbc_rt_config test_config(int attempts, long timeout_ms)
{
    ddbc_rt_config cfg = DDBC_RT_CONFIG_INIT;
    cfg.endpoint = fake;
    cfg.region = REGION;
    cfg.access_key_id = KEY;
    cfg.secret_access_key = SECRET;
    cfg.max_attempts = attempts;
    cfg.request_timeout_ms = timeout_ms;
    cfg.base_delay_ms = 1;   /* keep retries quick; the policy is the same */
    cfg.max_delay_ms = 4;
    return cfg;
}

static ddbc_rt_client *client_from(const ddbc_rt_config *cfg)
{
    ddbc_rt_client *c = NULL;
    char why[256] = "";
    ddbc_rt_status s = ddbc_rt_client_create(cfg, &c, why, sizeof why);
    if (s != DDBC_RT_OK)
        fail_msg("client: %s: %s", ddbc_rt_status_name(s), why);
    return c;
}

static ddbc_rt_client *test_client(int attempts, long timeout_ms)
{
    ddbc_rt_config cfg = test_config(attempts, timeout_ms);
    return client_from(&cfg);
}

/* One call whose response, if any, is checked to be {"ok":true} and dropped. */
static ddbc_rt_status call(ddbc_rt_client *c, const char *op, const char *body)
{
    char *resp = NULL;
    size_t len = 0;
    ddbc_rt_status s = ddbc_rt_call(c, op, body, strlen(body), &resp, &len);
    if (s == DDBC_RT_OK) {
        assert_non_null(resp);
        assert_int_equal(len, strlen(resp));
        assert_string_equal(resp, "{\"ok\":true}");
    } else {
        assert_null(resp);
        assert_int_equal(len, 0);
    }
    free(resp);
    return s;
}

static void assert_counts(const ddbc_rt_client *c, long requests, long retries)
{
    long rq = -1, rt = -1;
    ddbc_rt_client_counts(c, &rq, &rt);
    assert_int_equal(rq, requests);
    assert_int_equal(rt, retries);
}

/* A port on 127.0.0.1 nobody listens on (bound, then released). */
static int closed_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    socklen_t len = sizeof a;
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    close(fd);
    return ntohs(a.sin_port);
}

/* ---- status table ------------------------------------------------------------ */

static void test_status_table(void **state)
{
    (void)state;
    static const ddbc_rt_status all[] = {
#define ALL(name, text) DDBC_RT_##name,
        DDBC_RT_STATUS_TABLE(ALL)
#undef ALL
    };
    size_t n = sizeof all / sizeof all[0];
    assert_int_equal(n, 16);
    for (size_t i = 0; i < n; i++) {
        assert_true(strlen(ddbc_rt_status_str(all[i])) > 0);
        assert_true(strlen(ddbc_rt_status_name(all[i])) > 0);
        for (size_t j = 0; j < i; j++) {
            assert_string_not_equal(ddbc_rt_status_name(all[i]), ddbc_rt_status_name(all[j]));
            assert_string_not_equal(ddbc_rt_status_str(all[i]), ddbc_rt_status_str(all[j]));
        }
    }
    assert_string_equal(ddbc_rt_status_name(DDBC_RT_UNIQUE_VIOLATION), "UNIQUE_VIOLATION");
    assert_string_equal(ddbc_rt_status_str(DDBC_RT_UNIQUE_VIOLATION), "unique value already taken");
    assert_string_equal(ddbc_rt_status_name(DDBC_RT_OK), "OK");
    assert_string_equal(ddbc_rt_status_str(DDBC_RT_NO_MEMORY), "out of memory");
}

/* ---- configuration --------------------------------------------------------------- */

static ddbc_rt_status create_why(const ddbc_rt_config *cfg, char *why, size_t cap)
{
    ddbc_rt_client *c = (ddbc_rt_client *)1;
    ddbc_rt_status s = ddbc_rt_client_create(cfg, &c, why, cap);
    if (s == DDBC_RT_OK)
        ddbc_rt_client_free(c);
    else
        assert_null(c);
    return s;
}

static void test_config_missing(void **state)
{
    (void)state;
    char why[256];
    clear_env();
    assert_int_equal(create_why(NULL, why, sizeof why), DDBC_RT_CONFIG);
    assert_non_null(strstr(why, "region"));

    setenv("AWS_REGION", "eu-west-1", 1);
    assert_int_equal(create_why(NULL, why, sizeof why), DDBC_RT_CONFIG);
    assert_non_null(strstr(why, "AWS_ACCESS_KEY_ID"));

    setenv("AWS_ACCESS_KEY_ID", KEY, 1);
    assert_int_equal(create_why(NULL, why, sizeof why), DDBC_RT_CONFIG);
    assert_non_null(strstr(why, "AWS_SECRET_ACCESS_KEY"));

    /* An empty variable counts as unset. */
    setenv("AWS_SECRET_ACCESS_KEY", "", 1);
    assert_int_equal(create_why(NULL, why, sizeof why), DDBC_RT_CONFIG);
    setenv("AWS_SECRET_ACCESS_KEY", SECRET, 1);
    assert_int_equal(create_why(NULL, NULL, 0), DDBC_RT_OK);

    /* A field set in code is not replaced by the environment. */
    ddbc_rt_config cfg = DDBC_RT_CONFIG_INIT;
    cfg.region = "";
    assert_int_equal(create_why(&cfg, why, sizeof why), DDBC_RT_CONFIG);
    assert_non_null(strstr(why, "region"));
    cfg.region = "eu-west-1";
    cfg.max_attempts = -1;
    assert_int_equal(create_why(&cfg, why, sizeof why), DDBC_RT_CONFIG);
    cfg.max_attempts = 0;
    cfg.region = "eu-west-1\r\nX-Evil: 1";
    assert_int_equal(create_why(&cfg, why, sizeof why), DDBC_RT_CONFIG);
    cfg.region = "eu-west-1";
    cfg.endpoint = "ftp://127.0.0.1:21";
    assert_int_equal(create_why(&cfg, why, sizeof why), DDBC_RT_CONFIG);
    assert_non_null(strstr(why, "endpoint"));
    cfg.endpoint = "not a url";
    assert_int_equal(create_why(&cfg, why, sizeof why), DDBC_RT_CONFIG);
    cfg.endpoint = "http://127.0.0.1:8000";
    assert_int_equal(create_why(&cfg, why, sizeof why), DDBC_RT_OK);

    /* A why buffer of one byte still ends up terminated. */
    clear_env();
    char tiny[1] = {'x'};
    assert_int_equal(create_why(NULL, tiny, sizeof tiny), DDBC_RT_CONFIG);
    assert_int_equal(tiny[0], '\0');
    assert_int_equal(ddbc_rt_client_create(NULL, NULL, NULL, 0), DDBC_RT_INVALID_ARGUMENT);
}

static void test_config_defaults(void **state)
{
    (void)state;
    clear_env();
    setenv("AWS_REGION", "eu-central-1", 1);
    setenv("AWS_ACCESS_KEY_ID", KEY, 1);
    setenv("AWS_SECRET_ACCESS_KEY", SECRET, 1);
    ddbc_rt_client *c = client_from(NULL);
    /* No endpoint anywhere: the region's public one (never contacted here). */
    assert_string_equal(ddbc_rt_client_endpoint(c), "https://dynamodb.eu-central-1.amazonaws.com");
    assert_int_equal(rt_max_attempts(c), 8);
    assert_string_equal(ddbc_rt_client_table(c, "Shop"), "Shop");
    assert_int_equal(ddbc_rt_client_error(c)->status, DDBC_RT_OK);
    assert_counts(c, 0, 0);
    ddbc_rt_client_free(c);

    ddbc_rt_config cfg = DDBC_RT_CONFIG_INIT;
    cfg.table_name = "Other";
    cfg.max_attempts = 3;
    cfg.endpoint = "http://127.0.0.1:1";
    c = client_from(&cfg);
    assert_string_equal(ddbc_rt_client_table(c, "Shop"), "Other");
    assert_int_equal(rt_max_attempts(c), 3);
    assert_string_equal(ddbc_rt_client_endpoint(c), "http://127.0.0.1:1");
    ddbc_rt_client_free(c);

    ddbc_rt_client_free(NULL);
    assert_int_equal(ddbc_rt_client_error(NULL)->status, DDBC_RT_INVALID_ARGUMENT);
    assert_null(ddbc_rt_client_table(NULL, NULL));
    clear_env();
}

/* Endpoint precedence: config, AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL. */
static void test_config_endpoint_precedence(void **state)
{
    (void)state;
    char dead[64];
    snprintf(dead, sizeof dead, "http://127.0.0.1:%d", closed_port());
    clear_env();
    setenv("AWS_REGION", REGION, 1);
    setenv("AWS_ACCESS_KEY_ID", KEY, 1);
    setenv("AWS_SECRET_ACCESS_KEY", SECRET, 1);

    setenv("AWS_ENDPOINT_URL", fake, 1);
    ddbc_rt_client *c = client_from(NULL);
    assert_string_equal(ddbc_rt_client_endpoint(c), fake);
    assert_int_equal(call(c, "GetItem", "{}"), DDBC_RT_OK);
    ddbc_rt_client_free(c);

    setenv("AWS_ENDPOINT_URL", dead, 1);
    setenv("AWS_ENDPOINT_URL_DYNAMODB", fake, 1);
    c = client_from(NULL);
    assert_string_equal(ddbc_rt_client_endpoint(c), fake);
    assert_int_equal(call(c, "GetItem", "{}"), DDBC_RT_OK);
    ddbc_rt_client_free(c);

    setenv("AWS_ENDPOINT_URL_DYNAMODB", dead, 1);
    ddbc_rt_config cfg = DDBC_RT_CONFIG_INIT;
    cfg.endpoint = fake;
    c = client_from(&cfg);
    assert_int_equal(call(c, "GetItem", "{}"), DDBC_RT_OK);
    ddbc_rt_client_free(c);

    /* And the dead one really is dead: a transport failure, retried. */
    cfg.endpoint = NULL;
    cfg.max_attempts = 2;
    cfg.base_delay_ms = 1;
    c = client_from(&cfg);
    assert_int_equal(call(c, "GetItem", "{}"), DDBC_RT_TRANSPORT);
    assert_int_equal(ddbc_rt_client_error(c)->attempts, 2);
    assert_int_equal(ddbc_rt_client_error(c)->http_status, 0);
    assert_string_equal(ddbc_rt_client_error(c)->type, "");
    assert_true(strlen(ddbc_rt_client_error(c)->message) > 0);
    assert_counts(c, 2, 1);
    ddbc_rt_client_free(c);

    cJSON *log = server_log();
    assert_int_equal((size_t)cJSON_GetArraySize(log), 3);
    cJSON_Delete(log);
    clear_env();
}

static const char *scope_of(cJSON *log, size_t i, const char *part)
{
    return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(log, (int)i), "scope"), part));
}

/* Region and key precedence, as the signature's credential scope shows them. */
static void test_config_region_and_keys(void **state)
{
    (void)state;
    control_post("secret", "{\"key\":\"AKIDENV\",\"secret\":\"env-secret\"}");
    clear_env();
    setenv("AWS_ENDPOINT_URL_DYNAMODB", fake, 1);
    setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "env-secret", 1);

    setenv("AWS_DEFAULT_REGION", "ap-south-1", 1);
    ddbc_rt_client *c = client_from(NULL);
    assert_int_equal(call(c, "GetItem", "{}"), DDBC_RT_OK);
    ddbc_rt_client_free(c);

    setenv("AWS_REGION", "sa-east-1", 1);
    c = client_from(NULL);
    assert_int_equal(call(c, "GetItem", "{}"), DDBC_RT_OK);
    ddbc_rt_client_free(c);

    setenv("AWS_REGION", "", 1);   /* empty: falls through to AWS_DEFAULT_REGION */
    c = client_from(NULL);
    assert_int_equal(call(c, "GetItem", "{}"), DDBC_RT_OK);
    ddbc_rt_client_free(c);

    ddbc_rt_config cfg = DDBC_RT_CONFIG_INIT;
    cfg.region = "ca-central-1";
    cfg.access_key_id = KEY;
    cfg.secret_access_key = SECRET;
    c = client_from(&cfg);
    assert_int_equal(call(c, "GetItem", "{}"), DDBC_RT_OK);
    ddbc_rt_client_free(c);

    cJSON *log = server_log();
    assert_int_equal((size_t)cJSON_GetArraySize(log), 4);
    static const char *const regions[] = {"ap-south-1", "sa-east-1", "ap-south-1", "ca-central-1"};
    static const char *const keys[] = {"AKIDENV", "AKIDENV", "AKIDENV", KEY};
    for (size_t i = 0; i < 4; i++) {
        assert_true(rec_sig_ok(log, i));
        assert_string_equal(scope_of(log, i, "region"), regions[i]);
        assert_string_equal(scope_of(log, i, "key"), keys[i]);
    }
    cJSON_Delete(log);
    clear_env();
}

/* A session token is sent as X-Amz-Security-Token and signed; "" in code
 * means none even when the environment has one. */
static void test_config_session_token(void **state)
{
    (void)state;
    control_post("secret", "{\"key\":\"ASIATEMP\",\"secret\":\"temp-secret\","
                           "\"token\":\"FwoGZXIvYXdzE+token/with=chars\"}");
    clear_env();
    setenv("AWS_ENDPOINT_URL_DYNAMODB", fake, 1);
    setenv("AWS_REGION", REGION, 1);
    setenv("AWS_ACCESS_KEY_ID", "ASIATEMP", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "temp-secret", 1);
    setenv("AWS_SESSION_TOKEN", "FwoGZXIvYXdzE+token/with=chars", 1);
    ddbc_rt_client *c = client_from(NULL);
    assert_int_equal(call(c, "PutItem", "{\"a\":1}"), DDBC_RT_OK);
    ddbc_rt_client_free(c);

    ddbc_rt_config cfg = DDBC_RT_CONFIG_INIT;
    cfg.session_token = "";
    cfg.max_attempts = 5;
    c = client_from(&cfg);
    assert_int_equal(call(c, "PutItem", "{\"a\":1}"), DDBC_RT_ACCESS_DENIED);
    assert_string_equal(ddbc_rt_client_error(c)->type, "UnrecognizedClientException");
    assert_int_equal(ddbc_rt_client_error(c)->attempts, 1);
    ddbc_rt_client_free(c);

    cJSON *log = server_log();
    assert_int_equal((size_t)cJSON_GetArraySize(log), 2);
    assert_true(rec_sig_ok(log, 0));
    assert_string_equal(rec_header(log, 0, "x-amz-security-token"), "FwoGZXIvYXdzE+token/with=chars");
    assert_non_null(strstr(rec_header(log, 0, "authorization"), "x-amz-security-token"));
    assert_null(rec_header(log, 1, "x-amz-security-token"));
    assert_false(rec_sig_ok(log, 1));
    cJSON_Delete(log);
    clear_env();
}

/* ---- the request itself ------------------------------------------------------- */

static void test_request_shape_and_keepalive(void **state)
{
    (void)state;
    ddbc_rt_client *c = test_client(3, 0);
    static const char *const ops[] = {"PutItem", "GetItem", "Query", "PutItem", "TransactWriteItems"};
    char body[64];
    for (size_t i = 0; i < 5; i++) {
        snprintf(body, sizeof body, "{\"TableName\":\"T\",\"n\":%zu}", i);
        assert_int_equal(call(c, ops[i], body), DDBC_RT_OK);
        assert_int_equal(ddbc_rt_client_error(c)->status, DDBC_RT_OK);
    }
    assert_counts(c, 5, 0);
    ddbc_rt_client_free(c);

    cJSON *log = server_log();
    assert_int_equal((size_t)cJSON_GetArraySize(log), 5);
    for (size_t i = 0; i < 5; i++) {
        char want[96];
        snprintf(body, sizeof body, "{\"TableName\":\"T\",\"n\":%zu}", i);
        assert_string_equal(rec_str(log, i, "body"), body);
        assert_string_equal(rec_str(log, i, "method"), "POST");
        assert_string_equal(rec_str(log, i, "path"), "/");
        snprintf(want, sizeof want, "DynamoDB_20120810.%s", ops[i]);
        assert_string_equal(rec_header(log, i, "x-amz-target"), want);
        assert_string_equal(rec_header(log, i, "content-type"), "application/x-amz-json-1.0");
        assert_null(rec_header(log, i, "x-amz-security-token"));
        /* One connection for all five: kept alive. */
        assert_int_equal(rec_conn(log, i), rec_conn(log, 0));

        const char *date = rec_header(log, i, "x-amz-date");
        assert_non_null(date);
        assert_int_equal(strlen(date), 16);
        char prefix[160];
        snprintf(prefix, sizeof prefix,
                 "AWS4-HMAC-SHA256 Credential=" KEY "/%.8s/" REGION "/dynamodb/aws4_request, ",
                 date);
        const char *auth = rec_header(log, i, "authorization");
        assert_non_null(auth);
        assert_memory_equal(auth, prefix, strlen(prefix));
        const char *sh = strstr(auth, "SignedHeaders=");
        assert_non_null(sh);
        assert_non_null(strstr(sh, "host;"));
        assert_non_null(strstr(sh, "x-amz-date"));
        assert_non_null(strstr(sh, "x-amz-target"));
        assert_non_null(strstr(sh, "content-type"));
        assert_non_null(strstr(auth, ", Signature="));
        assert_true(rec_sig_ok(log, i));
    }
    cJSON_Delete(log);
}

/* A body over libcurl's 1 MB threshold for "Expect: 100-continue": signed
 * over every byte (the Expect header itself is added unsigned). */
static void test_large_body(void **state)
{
    (void)state;
    size_t n = 2200000;
    char *body = malloc(n + 32);
    assert_non_null(body);
    strcpy(body, "{\"pad\":\"");
    size_t len = strlen(body);
    for (size_t i = 0; i < n; i++)
        body[len++] = (char)('a' + i % 26);
    strcpy(body + len, "\"}");
    ddbc_rt_client *c = test_client(1, 0);
    assert_int_equal(call(c, "PutItem", body), DDBC_RT_OK);
    ddbc_rt_client_free(c);
    cJSON *log = server_log();
    assert_int_equal((size_t)cJSON_GetArraySize(log), 1);
    assert_true(rec_sig_ok(log, 0));
    assert_string_equal(rec_str(log, 0, "body"), body);
    assert_string_equal(rec_header(log, 0, "expect"), "100-continue");
    assert_null(strstr(rec_header(log, 0, "authorization"), "expect"));
    cJSON_Delete(log);
    free(body);
}

/* The server recomputes the signature: a wrong secret or unknown key is refused. */
static void test_signature_checked(void **state)
{
    (void)state;
    ddbc_rt_config cfg = test_config(4, 0);
    cfg.secret_access_key = "not-the-secret";
    ddbc_rt_client *c = client_from(&cfg);
    assert_int_equal(call(c, "PutItem", "{}"), DDBC_RT_ACCESS_DENIED);
    const ddbc_rt_error *e = ddbc_rt_client_error(c);
    assert_string_equal(e->type, "InvalidSignatureException");
    assert_int_equal(e->http_status, 400);
    assert_int_equal(e->attempts, 1);
    assert_non_null(strstr(e->message, "signature"));
    ddbc_rt_client_free(c);

    cfg.access_key_id = "AKIDUNKNOWN";
    c = client_from(&cfg);
    assert_int_equal(call(c, "PutItem", "{}"), DDBC_RT_ACCESS_DENIED);
    assert_string_equal(ddbc_rt_client_error(c)->type, "UnrecognizedClientException");
    ddbc_rt_client_free(c);

    cJSON *log = server_log();
    assert_int_equal((size_t)cJSON_GetArraySize(log), 2);
    assert_false(rec_sig_ok(log, 0));
    assert_false(rec_sig_ok(log, 1));
    cJSON_Delete(log);
}

static void test_invalid_arguments(void **state)
{
    (void)state;
    char junk[] = "x";
    char *resp = junk;
    size_t len = 7;
    assert_int_equal(ddbc_rt_call(NULL, "PutItem", "{}", 2, &resp, &len), DDBC_RT_INVALID_ARGUMENT);
    assert_null(resp);
    assert_int_equal(len, 0);
    ddbc_rt_client *c = test_client(3, 0);
    assert_int_equal(ddbc_rt_call(c, "Put\r\nX-Evil: 1", "{}", 2, NULL, NULL),
                     DDBC_RT_INVALID_ARGUMENT);
    assert_int_equal(ddbc_rt_client_error(c)->status, DDBC_RT_INVALID_ARGUMENT);
    assert_int_equal(ddbc_rt_call(c, "", "{}", 2, NULL, NULL), DDBC_RT_INVALID_ARGUMENT);
    assert_int_equal(ddbc_rt_call(c, NULL, "{}", 2, NULL, NULL), DDBC_RT_INVALID_ARGUMENT);
    assert_int_equal(ddbc_rt_call(c, "PutItem", NULL, 0, NULL, NULL), DDBC_RT_INVALID_ARGUMENT);
    assert_counts(c, 0, 0);
    /* NULL response pointers: the body is dropped. */
    assert_int_equal(ddbc_rt_call(c, "PutItem", "{}", 2, NULL, NULL), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_client_error(c)->status, DDBC_RT_OK);
    ddbc_rt_client_free(c);
    cJSON *log = server_log();
    assert_int_equal((size_t)cJSON_GetArraySize(log), 1);
    cJSON_Delete(log);
}

static void test_rt_error_helpers(void **state)
{
    (void)state;
    ddbc_rt_client *c = test_client(5, 0);
    assert_int_equal(rt_fail(c, DDBC_RT_VALIDATION, "Query", "ValidationException", "bad key"),
                     DDBC_RT_VALIDATION);
    const ddbc_rt_error *e = ddbc_rt_client_error(c);
    assert_ptr_equal(rt_error(c), e);
    assert_int_equal(e->status, DDBC_RT_VALIDATION);
    assert_string_equal(e->operation, "Query");
    assert_string_equal(e->type, "ValidationException");
    assert_string_equal(e->message, "bad key");
    rt_error(c)->nreasons = 1;
    assert_int_equal(rt_fail(c, DDBC_RT_NO_MEMORY, NULL, NULL, NULL), DDBC_RT_NO_MEMORY);
    assert_string_equal(e->message, "out of memory");
    assert_string_equal(e->operation, "");
    assert_int_equal(e->nreasons, 0);
    rt_ok(c);
    assert_int_equal(e->status, DDBC_RT_OK);
    assert_string_equal(e->message, "");
    assert_int_equal(rt_max_attempts(c), 5);
    rt_backoff(c, 1);
    rt_backoff(c, 40);     /* the cap saturates rather than overflowing */
    assert_int_equal(rt_fail(NULL, DDBC_RT_CONFIG, NULL, NULL, NULL), DDBC_RT_CONFIG);
    ddbc_rt_client_free(c);
}

/* ---- faults ------------------------------------------------------------------------ */

typedef struct fault {
    const char *action;     /* a fake_server.py action */
    ddbc_rt_status status;  /* once attempts run out (or at once when not retried) */
    int http;
    const char *type;
    const char *message;
    bool same_conn;         /* whether the connection survives the fault */
} fault;

static const fault retried[] = {
    {"{\"error\":\"ThrottlingException\",\"message\":\"Rate of requests exceeds the allowed throughput.\"}",
     DDBC_RT_THROTTLED, 400, "ThrottlingException", "Rate of requests exceeds the allowed throughput.", true},
    {"{\"error\":\"ProvisionedThroughputExceededException\",\"message\":\"The level of configured provisioned throughput for the table was exceeded.\"}",
     DDBC_RT_THROTTLED, 400, "ProvisionedThroughputExceededException",
     "The level of configured provisioned throughput for the table was exceeded.", true},
    {"{\"error\":\"RequestLimitExceeded\",\"message\":\"Throughput exceeds the current throughput limit for your account.\"}",
     DDBC_RT_THROTTLED, 400, "RequestLimitExceeded",
     "Throughput exceeds the current throughput limit for your account.", true},
    {"{\"error\":\"TransactionInProgressException\",\"message\":\"in progress\"}",
     DDBC_RT_THROTTLED, 400, "TransactionInProgressException", "in progress", true},
    {"{\"error\":\"InternalServerError\",\"status\":500,\"message\":\"Internal server error\"}",
     DDBC_RT_SERVER_ERROR, 500, "InternalServerError", "Internal server error", true},
    {"{\"error\":\"ServiceUnavailable\",\"status\":503,\"message\":\"Service unavailable\"}",
     DDBC_RT_SERVER_ERROR, 503, "ServiceUnavailable", "Service unavailable", true},
    {"{\"status\":502,\"body\":\"<html>Bad Gateway</html>\"}",
     DDBC_RT_SERVER_ERROR, 502, "", NULL, true},
    {"{\"drop\":true}", DDBC_RT_TRANSPORT, 0, "", NULL, false},
};

static const fault not_retried[] = {
    {"{\"error\":\"ConditionalCheckFailedException\",\"message\":\"The conditional request failed\"}",
     DDBC_RT_CONDITION_FAILED, 400, "ConditionalCheckFailedException", "The conditional request failed", true},
    {"{\"error\":\"ValidationException\",\"message\":\"One or more parameter values were invalid\"}",
     DDBC_RT_VALIDATION, 400, "ValidationException", "One or more parameter values were invalid", true},
    {"{\"error\":\"SerializationException\",\"message\":\"Start of structure or map found where not expected\"}",
     DDBC_RT_VALIDATION, 400, "SerializationException", "Start of structure or map found where not expected", true},
    {"{\"error\":\"ResourceNotFoundException\",\"message\":\"Requested resource not found\"}",
     DDBC_RT_RESOURCE_NOT_FOUND, 400, "ResourceNotFoundException", "Requested resource not found", true},
    {"{\"error\":\"AccessDeniedException\",\"message\":\"not authorized\"}",
     DDBC_RT_ACCESS_DENIED, 400, "AccessDeniedException", "not authorized", true},
    {"{\"error\":\"ExpiredTokenException\",\"message\":\"The security token included in the request is expired\"}",
     DDBC_RT_ACCESS_DENIED, 400, "ExpiredTokenException",
     "The security token included in the request is expired", true},
    {"{\"error\":\"MissingAuthenticationTokenException\",\"message\":\"Request is missing Authentication Token\"}",
     DDBC_RT_ACCESS_DENIED, 400, "MissingAuthenticationTokenException",
     "Request is missing Authentication Token", true},
    {"{\"error\":\"ItemCollectionSizeLimitExceededException\",\"message\":\"Collection size exceeded.\"}",
     DDBC_RT_SERVICE_ERROR, 400, "ItemCollectionSizeLimitExceededException", "Collection size exceeded.", true},
    {"{\"error\":\"LimitExceededException\",\"status\":413,\"message\":\"too big\"}",
     DDBC_RT_SERVICE_ERROR, 413, "LimitExceededException", "too big", true},
    {"{\"status\":400,\"body\":\"not json at all\"}", DDBC_RT_BAD_RESPONSE, 400, "", NULL, true},
    {"{\"status\":403,\"body\":\"{\\\"message\\\":\\\"no type\\\"}\"}", DDBC_RT_BAD_RESPONSE, 403, "", NULL, true},
    {"{\"status\":302,\"body\":\"\"}", DDBC_RT_BAD_RESPONSE, 302, "", NULL, true},
};

#define NATTEMPTS 4

/* The same body on every attempt, every attempt signed. */
static void assert_attempts_logged(size_t want, const char *body, bool same_conn)
{
    cJSON *log = server_log();
    assert_int_equal((size_t)cJSON_GetArraySize(log), want);
    for (size_t i = 0; i < want; i++) {
        assert_string_equal(rec_str(log, i, "body"), body);
        assert_true(rec_sig_ok(log, i));
        if (same_conn)
            assert_int_equal(rec_conn(log, i), rec_conn(log, 0));
        else if (i > 0)
            assert_int_not_equal(rec_conn(log, i), rec_conn(log, i - 1));
    }
    cJSON_Delete(log);
}

static void test_retried_then_ok(void **state)
{
    for (size_t k = 0; k < sizeof retried / sizeof retried[0]; k++) {
        const fault *f = &retried[k];
        reset_server(state);
        script(f->action, NATTEMPTS - 1);
        ddbc_rt_client *c = test_client(NATTEMPTS, 0);
        const char *body = "{\"TableName\":\"T\",\"Item\":{\"pk\":{\"S\":\"a\"}}}";
        if (call(c, "PutItem", body) != DDBC_RT_OK)
            fail_msg("%s: %s", f->action, ddbc_rt_client_error(c)->message);
        assert_int_equal(ddbc_rt_client_error(c)->status, DDBC_RT_OK);
        assert_counts(c, NATTEMPTS, NATTEMPTS - 1);
        assert_attempts_logged(NATTEMPTS, body, f->same_conn);
        ddbc_rt_client_free(c);
    }
}

static void check_error(const ddbc_rt_client *c, const fault *f, int attempts)
{
    const ddbc_rt_error *e = ddbc_rt_client_error(c);
    assert_int_equal(e->status, f->status);
    assert_int_equal(e->attempts, attempts);
    assert_int_equal(e->http_status, f->http);
    assert_string_equal(e->operation, "UpdateItem");
    assert_string_equal(e->type, f->type);
    if (f->message)
        assert_string_equal(e->message, f->message);
    else
        assert_true(strlen(e->message) > 0);
    assert_int_equal(e->nreasons, 0);
}

static void test_retried_until_exhausted(void **state)
{
    for (size_t k = 0; k < sizeof retried / sizeof retried[0]; k++) {
        const fault *f = &retried[k];
        reset_server(state);
        script(f->action, NATTEMPTS);
        ddbc_rt_client *c = test_client(NATTEMPTS, 0);
        const char *body = "{\"TableName\":\"T\",\"Key\":{\"pk\":{\"S\":\"b\"}}}";
        assert_int_equal(call(c, "UpdateItem", body), f->status);
        check_error(c, f, NATTEMPTS);
        assert_counts(c, NATTEMPTS, NATTEMPTS - 1);
        assert_attempts_logged(NATTEMPTS, body, f->same_conn);
        /* The next call starts afresh. */
        assert_int_equal(call(c, "UpdateItem", body), DDBC_RT_OK);
        assert_int_equal(ddbc_rt_client_error(c)->status, DDBC_RT_OK);
        assert_counts(c, NATTEMPTS + 1, NATTEMPTS - 1);
        ddbc_rt_client_free(c);
    }
}

static void test_not_retried(void **state)
{
    for (size_t k = 0; k < sizeof not_retried / sizeof not_retried[0]; k++) {
        const fault *f = &not_retried[k];
        reset_server(state);
        script(f->action, 1);
        ddbc_rt_client *c = test_client(NATTEMPTS, 0);
        const char *body = "{\"TableName\":\"T\",\"Key\":{\"pk\":{\"S\":\"c\"}}}";
        assert_int_equal(call(c, "UpdateItem", body), f->status);
        check_error(c, f, 1);
        assert_counts(c, 1, 0);
        assert_attempts_logged(1, body, true);
        ddbc_rt_client_free(c);
    }
}

/* max_attempts 1 disables retries. */
static void test_single_attempt(void **state)
{
    (void)state;
    script(retried[0].action, 2);
    ddbc_rt_client *c = test_client(1, 0);
    assert_int_equal(call(c, "UpdateItem", "{}"), DDBC_RT_THROTTLED);
    check_error(c, &retried[0], 1);
    assert_counts(c, 1, 0);
    ddbc_rt_client_free(c);
}

/* Mixed faults in one call: each is retried, the last decides.  The drop
 * happens on a kept-alive connection, which libcurl itself retries at once on
 * a new one (an idle connection the server closed looks the same): one of our
 * attempts, two requests on the server. */
static void test_mixed_faults(void **state)
{
    (void)state;
    script(retried[0].action, 1);
    script(retried[4].action, 1);
    script("{\"drop\":true}", 1);
    script(not_retried[0].action, 1);
    ddbc_rt_client *c = test_client(8, 0);
    assert_int_equal(call(c, "UpdateItem", "{\"x\":1}"), DDBC_RT_CONDITION_FAILED);
    assert_int_equal(ddbc_rt_client_error(c)->attempts, 3);
    assert_counts(c, 3, 2);
    cJSON *log = server_log();
    assert_int_equal((size_t)cJSON_GetArraySize(log), 4);
    for (size_t i = 0; i < 4; i++) {
        assert_string_equal(rec_str(log, i, "body"), "{\"x\":1}");
        assert_true(rec_sig_ok(log, i));
    }
    assert_int_equal(rec_conn(log, 1), rec_conn(log, 0));
    assert_int_equal(rec_conn(log, 2), rec_conn(log, 0));
    assert_int_not_equal(rec_conn(log, 3), rec_conn(log, 0));
    cJSON_Delete(log);
    ddbc_rt_client_free(c);
}

static void test_slow_response(void **state)
{
    (void)state;
    ddbc_rt_client *c = test_client(3, 500);
    script("{\"sleep\":2.5}", 3);
    assert_int_equal(call(c, "Query", "{\"slow\":1}"), DDBC_RT_TRANSPORT);
    const ddbc_rt_error *e = ddbc_rt_client_error(c);
    assert_int_equal(e->attempts, 3);
    assert_int_equal(e->http_status, 0);
    assert_string_equal(e->type, "");
    assert_string_equal(e->operation, "Query");
    assert_true(strlen(e->message) > 0);
    assert_counts(c, 3, 2);
    assert_attempts_logged(3, "{\"slow\":1}", false);

    /* Slow once, then answered in time. */
    reset_server(state);
    script("{\"sleep\":2.5}", 1);
    assert_int_equal(call(c, "Query", "{\"slow\":2}"), DDBC_RT_OK);
    assert_counts(c, 5, 3);
    assert_attempts_logged(2, "{\"slow\":2}", false);
    ddbc_rt_client_free(c);
}

static void test_error_message_forms(void **state)
{
    (void)state;
    ddbc_rt_client *c = test_client(2, 0);
    /* "Message" (capitalised, as some servers send) and a __type without '#'. */
    script("{\"status\":400,\"body\":\"{\\\"__type\\\":\\\"ValidationException\\\",\\\"Message\\\":\\\"capital\\\"}\"}", 1);
    assert_int_equal(call(c, "Query", "{}"), DDBC_RT_VALIDATION);
    assert_string_equal(ddbc_rt_client_error(c)->type, "ValidationException");
    assert_string_equal(ddbc_rt_client_error(c)->message, "capital");

    /* A long multibyte message is cut at a character boundary. */
    char action[2048];
    int n = snprintf(action, sizeof action, "{\"error\":\"ValidationException\",\"message\":\"");
    for (int i = 0; i < 300; i++)
        n += snprintf(action + n, sizeof action - (size_t)n, "\xc3\xa9");
    snprintf(action + n, sizeof action - (size_t)n, "\"}");
    script(action, 1);
    assert_int_equal(call(c, "Query", "{}"), DDBC_RT_VALIDATION);
    const char *m = ddbc_rt_client_error(c)->message;
    assert_int_equal(strlen(m), 510);
    assert_int_equal((unsigned char)m[508], 0xc3);
    assert_int_equal((unsigned char)m[509], 0xa9);
    ddbc_rt_client_free(c);
}

static void test_transaction_canceled(void **state)
{
    (void)state;
    ddbc_rt_client *c = test_client(5, 0);
    script("{\"error\":\"TransactionCanceledException\",\"message\":\"Transaction cancelled, please "
           "refer cancellation reasons for specific reasons [None, ConditionalCheckFailed, None]\","
           "\"extra\":{\"CancellationReasons\":[{\"Code\":\"None\"},{\"Code\":"
           "\"ConditionalCheckFailed\",\"Message\":\"The conditional request failed\"},"
           "{\"Code\":\"None\"}]}}",
           1);
    const char *body = "{\"TransactItems\":[],\"ClientRequestToken\":\"tok-1\"}";
    assert_int_equal(call(c, "TransactWriteItems", body), DDBC_RT_TRANSACTION_CANCELED);
    const ddbc_rt_error *e = ddbc_rt_client_error(c);
    assert_int_equal(e->attempts, 1);
    assert_string_equal(e->type, "TransactionCanceledException");
    assert_non_null(strstr(e->message, "Transaction cancelled"));
    assert_int_equal(e->nreasons, 3);
    assert_string_equal(e->reasons[0], "None");
    assert_string_equal(e->reasons[1], "ConditionalCheckFailed");
    assert_string_equal(e->reasons[2], "None");
    assert_counts(c, 1, 0);

    /* Only in the message: read from there. */
    script("{\"error\":\"TransactionCanceledException\",\"message\":\"Transaction cancelled, please "
           "refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]\"}",
           1);
    assert_int_equal(call(c, "TransactWriteItems", body), DDBC_RT_TRANSACTION_CANCELED);
    assert_int_equal(e->nreasons, 2);
    assert_string_equal(e->reasons[0], "ConditionalCheckFailed");
    assert_string_equal(e->reasons[1], "None");

    /* A success clears them. */
    assert_int_equal(call(c, "TransactWriteItems", body), DDBC_RT_OK);
    assert_int_equal(e->nreasons, 0);

    /* Throttled transactions are retried with the same token (same body). */
    reset_server(state);
    script(retried[0].action, 2);
    assert_int_equal(call(c, "TransactWriteItems", body), DDBC_RT_OK);
    assert_attempts_logged(3, body, true);
    ddbc_rt_client_free(c);
}

/* ---- threads --------------------------------------------------------------------- */

#define NTHREADS 8
#define NCALLS 200

typedef struct worker {
    int index;
    int ok;
    long requests, retries;
    char failure[256];
} worker;

static void *call_worker(void *arg)
{
    worker *w = arg;
    ddbc_rt_config cfg = test_config(3, 0);
    ddbc_rt_client *c = NULL;
    if (ddbc_rt_client_create(&cfg, &c, w->failure, sizeof w->failure) != DDBC_RT_OK)
        return NULL;
    char body[64];
    for (int i = 0; i < NCALLS; i++) {
        snprintf(body, sizeof body, "{\"thread\":%d,\"i\":%d}", w->index, i);
        char *resp = NULL;
        size_t len = 0;
        ddbc_rt_status s = ddbc_rt_call(c, "PutItem", body, strlen(body), &resp, &len);
        if (s == DDBC_RT_OK && resp && strcmp(resp, "{\"ok\":true}") == 0)
            w->ok++;
        else if (!w->failure[0])
            snprintf(w->failure, sizeof w->failure, "%s: %.200s", ddbc_rt_status_name(s),
                     ddbc_rt_client_error(c)->message);
        free(resp);
    }
    ddbc_rt_client_counts(c, &w->requests, &w->retries);
    ddbc_rt_client_free(c);
    return NULL;
}

static void test_threads_own_clients(void **state)
{
    (void)state;
    pthread_t t[NTHREADS];
    worker w[NTHREADS];
    memset(w, 0, sizeof w);
    for (int i = 0; i < NTHREADS; i++) {
        w[i].index = i;
        assert_int_equal(pthread_create(&t[i], NULL, call_worker, &w[i]), 0);
    }
    for (int i = 0; i < NTHREADS; i++)
        assert_int_equal(pthread_join(t[i], NULL), 0);
    for (int i = 0; i < NTHREADS; i++) {
        if (w[i].ok != NCALLS)
            fail_msg("thread %d: %d of %d calls ok; first failure %s", i, w[i].ok, NCALLS,
                     w[i].failure);
        assert_int_equal(w[i].requests, NCALLS);
        assert_int_equal(w[i].retries, 0);
    }

    /* Each thread's calls went over one connection of its own. */
    cJSON *log = server_log();
    assert_int_equal((size_t)cJSON_GetArraySize(log), NTHREADS * NCALLS);
    long long conn[NTHREADS];
    int seen[NTHREADS] = {0};
    for (size_t i = 0; i < (size_t)cJSON_GetArraySize(log); i++) {
        assert_true(rec_sig_ok(log, i));
        cJSON *b = cJSON_Parse(rec_str(log, i, "body"));
        assert_non_null(b);
        int th = (int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(b, "thread"));
        cJSON_Delete(b);
        assert_true(th >= 0 && th < NTHREADS);
        if (seen[th]++ == 0)
            conn[th] = rec_conn(log, i);
        else
            assert_int_equal(rec_conn(log, i), conn[th]);
    }
    for (int i = 0; i < NTHREADS; i++) {
        assert_int_equal(seen[i], NCALLS);
        for (int j = 0; j < i; j++)
            assert_int_not_equal(conn[i], conn[j]);
    }
    cJSON_Delete(log);
}

/* ---- ids and time ------------------------------------------------------------------ */

#define NIDS 10000

typedef struct id_worker {
    int64_t ids[NIDS];
} id_worker;

static void *id_worker_run(void *arg)
{
    id_worker *w = arg;
    for (int i = 0; i < NIDS; i++)
        w->ids[i] = ddbc_rt_next_id();
    return NULL;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static void test_ids_unique_across_threads(void **state)
{
    (void)state;
    int64_t before = ddbc_rt_next_id();
    assert_true(before > 0);
    id_worker *w = calloc(NTHREADS, sizeof *w);
    assert_non_null(w);
    pthread_t t[NTHREADS];
    for (int i = 0; i < NTHREADS; i++)
        assert_int_equal(pthread_create(&t[i], NULL, id_worker_run, &w[i]), 0);
    for (int i = 0; i < NTHREADS; i++)
        assert_int_equal(pthread_join(t[i], NULL), 0);
    int64_t after = ddbc_rt_next_id();

    int64_t *all = malloc(sizeof(int64_t) * NTHREADS * NIDS);
    assert_non_null(all);
    for (int i = 0; i < NTHREADS; i++) {
        for (int k = 0; k < NIDS; k++) {
            int64_t id = w[i].ids[k];
            assert_true(id > before);
            assert_true(id < after);
            if (k > 0)
                assert_true(id > w[i].ids[k - 1]);
            all[i * NIDS + k] = id;
        }
    }
    qsort(all, NTHREADS * NIDS, sizeof all[0], cmp_i64);
    for (int i = 1; i < NTHREADS * NIDS; i++)
        if (all[i] == all[i - 1])
            fail_msg("duplicate id %lld", (long long)all[i]);
    free(all);
    free(w);

    /* The high bits are milliseconds since 2020-01-01: about now. */
    int64_t ms = (after >> 22) + INT64_C(1577836800000);
    int64_t now = (int64_t)time(NULL) * 1000;
    assert_true(ms > now - 60000 && ms < now + 60000);
}

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static void test_ulid_format_and_order(void **state)
{
    (void)state;
    char prev[27] = "", cur[27];
    for (int i = 0; i < 2000; i++) {
        memset(cur, '?', sizeof cur);
        ddbc_rt_next_ulid(cur);
        assert_int_equal(strlen(cur), 26);
        assert_true(cur[0] >= '0' && cur[0] <= '7');
        for (int k = 0; k < 26; k++)
            assert_non_null(strchr(crockford, cur[k]));
        assert_true(strcmp(cur, prev) > 0);
        memcpy(prev, cur, sizeof cur);
    }
    /* The first ten digits are the Unix time in milliseconds. */
    int64_t ms = 0;
    for (int k = 0; k < 10; k++)
        ms = ms * 32 + (int64_t)(strchr(crockford, cur[k]) - crockford);
    int64_t now = (int64_t)time(NULL) * 1000;
    assert_true(ms > now - 60000 && ms < now + 60000);
}

static void test_now_utc_format(void **state)
{
    (void)state;
    char out[28];
    memset(out, '?', sizeof out);
    ddbc_rt_now_utc(out);
    assert_int_equal(strlen(out), 27);
    for (int i = 0; i < 27; i++) {
        switch (i) {
        case 4: case 7: assert_int_equal(out[i], '-'); break;
        case 10: assert_int_equal(out[i], 'T'); break;
        case 13: case 16: assert_int_equal(out[i], ':'); break;
        case 19: assert_int_equal(out[i], '.'); break;
        case 26: assert_int_equal(out[i], 'Z'); break;
        default: assert_true(out[i] >= '0' && out[i] <= '9');
        }
    }
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char day[16];
    strftime(day, sizeof day, "%Y-%m-%d", &tm);
    /* Taken a moment ago: the same day unless this ran across midnight. */
    if (tm.tm_hour != 0 || tm.tm_min != 0)
        assert_memory_equal(out, day, 10);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

static void test_uuid_v4(void **state)
{
    (void)state;
    enum { N = 1000 };
    char (*u)[37] = malloc(sizeof(char[37]) * N);
    assert_non_null(u);
    for (int i = 0; i < N; i++) {
        ddbc_rt_uuid_v4(u[i]);
        assert_int_equal(strlen(u[i]), 36);
        for (int k = 0; k < 36; k++) {
            if (k == 8 || k == 13 || k == 18 || k == 23)
                assert_int_equal(u[i][k], '-');
            else
                assert_non_null(strchr("0123456789abcdef", u[i][k]));
        }
        assert_int_equal(u[i][14], '4');
        assert_non_null(strchr("89ab", u[i][19]));
    }
    qsort(u, N, sizeof u[0], cmp_str);
    for (int i = 1; i < N; i++)
        assert_string_not_equal(u[i], u[i - 1]);
    free(u);
}

/* ---- main ----------------------------------------------------------------------------- */

int main(int argc, char **argv)
{
    const char *group = argc > 1 ? argv[1] : "all";
    bool all = strcmp(group, "all") == 0;
    /* Only 127.0.0.1 is ever contacted: no proxy from the environment. */
    static const char *const proxies[] = {"http_proxy", "HTTP_PROXY", "https_proxy",
                                          "HTTPS_PROXY", "all_proxy", "ALL_PROXY"};
    for (size_t i = 0; i < sizeof proxies / sizeof proxies[0]; i++)
        unsetenv(proxies[i]);
    clear_env();

    fake = getenv("DDBC_FAKE_ENDPOINT");
    bool needs_server = all || strcmp(group, "ids") != 0;
    if (needs_server && (!fake || !*fake)) {
        fprintf(stderr, "test_rt_client: DDBC_FAKE_ENDPOINT is not set; run it under "
                        "tests/rt_client/with_fake.sh\n");
        return 1;
    }
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK || !(control_handle = curl_easy_init())) {
        fprintf(stderr, "test_rt_client: libcurl did not initialise\n");
        return 1;
    }

    const struct CMUnitTest config_tests[] = {
        cmocka_unit_test(test_status_table),
        cmocka_unit_test(test_config_missing),
        cmocka_unit_test(test_config_defaults),
        cmocka_unit_test_setup(test_config_endpoint_precedence, reset_server),
        cmocka_unit_test_setup(test_config_region_and_keys, reset_server),
        cmocka_unit_test_setup(test_config_session_token, reset_server),
    };
    const struct CMUnitTest fault_tests[] = {
        cmocka_unit_test_setup(test_request_shape_and_keepalive, reset_server),
        cmocka_unit_test_setup(test_large_body, reset_server),
        cmocka_unit_test_setup(test_signature_checked, reset_server),
        cmocka_unit_test_setup(test_invalid_arguments, reset_server),
        cmocka_unit_test_setup(test_rt_error_helpers, reset_server),
        cmocka_unit_test_setup(test_retried_then_ok, reset_server),
        cmocka_unit_test_setup(test_retried_until_exhausted, reset_server),
        cmocka_unit_test_setup(test_not_retried, reset_server),
        cmocka_unit_test_setup(test_single_attempt, reset_server),
        cmocka_unit_test_setup(test_mixed_faults, reset_server),
        cmocka_unit_test_setup(test_slow_response, reset_server),
        cmocka_unit_test_setup(test_error_message_forms, reset_server),
        cmocka_unit_test_setup(test_transaction_canceled, reset_server),
    };
    const struct CMUnitTest thread_tests[] = {
        cmocka_unit_test_setup(test_threads_own_clients, reset_server),
    };
    const struct CMUnitTest id_tests[] = {
        cmocka_unit_test(test_ids_unique_across_threads),
        cmocka_unit_test(test_ulid_format_and_order),
        cmocka_unit_test(test_now_utc_format),
        cmocka_unit_test(test_uuid_v4),
    };

    int failed = 0;
    bool ran = false;
    if (all || strcmp(group, "config") == 0) {
        failed += cmocka_run_group_tests_name("rt_client config", config_tests, NULL, NULL);
        ran = true;
    }
    if (all || strcmp(group, "faults") == 0) {
        failed += cmocka_run_group_tests_name("rt_client faults", fault_tests, NULL, NULL);
        ran = true;
    }
    if (all || strcmp(group, "threads") == 0) {
        failed += cmocka_run_group_tests_name("rt_client threads", thread_tests, NULL, NULL);
        ran = true;
    }
    if (all || strcmp(group, "ids") == 0) {
        failed += cmocka_run_group_tests_name("rt_client ids", id_tests, NULL, NULL);
        ran = true;
    }
    curl_easy_cleanup(control_handle);
    curl_global_cleanup();
    if (!ran) {
        fprintf(stderr, "test_rt_client: unknown group '%s' (config, faults, threads, ids)\n", group);
        return 2;
    }
    return failed ? 1 : 0;
}
