/* test_ttl.c — DynamoDB TTL end to end against moto, through generated code.
 *
 * ddbc generated out/ from schema.sql, queries.sql and ddbc.yaml
 * (ttl_attribute: expires_at) at build time.  This program:
 *   1. reads the TTL attribute from the generated cloudformation.yaml
 *      (TimeToLiveSpecification) and terraform/main.tf (ttl { … }) and checks
 *      both name expires_at;
 *   2. creates the table from create-table.json, enables TTL on that attribute
 *      with UpdateTimeToLive as those templates do, and checks
 *      DescribeTimeToLive reports it ENABLED;
 *   3. writes sessions through the generated ttl_session_put with expires_at in
 *      the past, in the future and NULL, and reads the stored items raw
 *      (GetItem on the key built from the generated descriptors): a Number of
 *      epoch seconds, exactly the value written, or no attribute at all for
 *      NULL; a user (no such column) carries none either;
 *   4. asks the server which items TTL would treat as expired — a Scan with
 *      `expires_at <= now` compares Numbers, so it finds exactly the past
 *      session (a String attribute would match nothing);
 *   5. updates through ttl_session_update: a new expiry replaces the Number, a
 *      NULL one removes the attribute (the item then never expires).
 *
 * moto (5.x) records the TTL setting but never deletes expired items: there is
 * no expiry sweep anywhere in moto/dynamodb.  Real DynamoDB deletes them in the
 * background, typically within days, and returns them to reads until then.  So
 * the deletion itself is not tested here; what decides it — a Number attribute
 * of epoch seconds under the enabled name — is.
 *
 * usage: test_ttl OUT_DIR   (run under tests/lib/with_server.sh moto) */
#define _POSIX_C_SOURCE 200809L   /* nanosleep */

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ttl.h"

#define TTL_COLUMN "expires_at"

static ddbc_rt_client *C;
static const char *table;
static int failures;

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("test_ttl: FAIL: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static void check(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void check(bool ok, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs(ok ? "  ok   " : "  FAIL ", ok ? stdout : stderr);
    vfprintf(ok ? stdout : stderr, fmt, ap);
    fputc('\n', ok ? stdout : stderr);
    va_end(ap);
    if (!ok) failures++;
}

static void client_die(const char *what, ddbc_rt_status st)
{
    const ddbc_rt_error *e = ddbc_rt_client_error(C);
    die("%s: %s (%s: %s)", what, ddbc_rt_status_name(st), e->type, e->message);
}

static char *xstrdup(const char *s)
{
    char *d = malloc(strlen(s) + 1);
    if (!d) die("out of memory");
    return strcpy(d, s);
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) die("cannot open %s", path);
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    if (!buf) die("out of memory");
    size_t got;
    while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n - 1 == 0) {
            char *bigger = realloc(buf, cap *= 2);
            if (!bigger) die("out of memory");
            buf = bigger;
        }
    }
    fclose(f);
    buf[n] = '\0';
    return buf;
}

/* A raw request; the parsed response (caller deletes). */
static cJSON *call(const char *op, const char *body)
{
    char *resp = NULL;
    size_t len = 0;
    ddbc_rt_status st = ddbc_rt_call(C, op, body, strlen(body), &resp, &len);
    if (st != DDBC_RT_OK) client_die(op, st);
    cJSON *j = cJSON_ParseWithLength(resp, len);
    free(resp);
    if (!j) die("%s: the response is not JSON", op);
    return j;
}

static const char *str_at(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* ---- 1. the attribute the generated templates enable ----------------------------- */

/* The word after `key` on the first line after `anchor` that has it. */
static char *value_after(const char *text, const char *anchor, const char *key, const char *path)
{
    const char *a = strstr(text, anchor);
    if (!a) die("%s has no %s", path, anchor);
    const char *k = strstr(a, key);
    if (!k) die("%s has no %s after %s", path, key, anchor);
    k += strlen(key);
    while (*k == ' ' || *k == ':' || *k == '=' || *k == '"') k++;
    size_t n = strcspn(k, "\"\n ");
    char *out = malloc(n + 1);
    if (!out) die("out of memory");
    memcpy(out, k, n);
    out[n] = '\0';
    return out;
}

static char *templates_ttl_attribute(const char *outdir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/cloudformation.yaml", outdir);
    char *cfn = read_file(path);
    char *from_cfn = value_after(cfn, "TimeToLiveSpecification:", "AttributeName", path);
    char *enabled = value_after(cfn, "TimeToLiveSpecification:", "Enabled", path);
    check(strcmp(enabled, "true") == 0, "cloudformation.yaml: TimeToLiveSpecification Enabled: %s", enabled);
    free(enabled);
    free(cfn);
    snprintf(path, sizeof path, "%s/terraform/main.tf", outdir);
    char *tf = read_file(path);
    char *from_tf = value_after(tf, "ttl {", "attribute_name", path);
    char *tf_enabled = value_after(tf, "ttl {", "enabled", path);
    check(strcmp(tf_enabled, "true") == 0, "terraform/main.tf: ttl { enabled = %s }", tf_enabled);
    free(tf_enabled);
    free(tf);
    check(strcmp(from_cfn, TTL_COLUMN) == 0 && strcmp(from_tf, TTL_COLUMN) == 0,
          "CloudFormation (%s) and Terraform (%s) enable TTL on the column " TTL_COLUMN, from_cfn, from_tf);
    free(from_tf);
    return from_cfn;
}

/* ---- 2. the table and its TTL ------------------------------------------------------ */

static void create_table(const char *outdir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/create-table.json", outdir);
    char *body = read_file(path);
    cJSON *req = cJSON_Parse(body);
    if (!req || !str_at(req, "TableName") || strcmp(str_at(req, "TableName"), table) != 0)
        die("%s does not create table %s", path, table);
    cJSON_Delete(req);
    cJSON_Delete(call("CreateTable", body));
    free(body);
    char describe[512];
    snprintf(describe, sizeof describe, "{\"TableName\": \"%s\"}", table);
    /* moto creates tables at once; poll anyway, with a generous bound */
    for (int i = 0; i < 600; i++) {
        cJSON *r = call("DescribeTable", describe);
        const char *status = str_at(cJSON_GetObjectItemCaseSensitive(r, "Table"), "TableStatus");
        bool active = status && strcmp(status, "ACTIVE") == 0;
        cJSON_Delete(r);
        if (active) return;
        struct timespec ts = {0, 100000000L};
        nanosleep(&ts, NULL);
    }
    die("table %s did not become ACTIVE after 60 s of polling", table);
}

static void enable_ttl(const char *attr)
{
    char body[1024];
    snprintf(body, sizeof body,
             "{\"TableName\": \"%s\", \"TimeToLiveSpecification\": "
             "{\"AttributeName\": \"%s\", \"Enabled\": true}}", table, attr);
    cJSON *r = call("UpdateTimeToLive", body);
    const cJSON *spec = cJSON_GetObjectItemCaseSensitive(r, "TimeToLiveSpecification");
    check(spec && str_at(spec, "AttributeName") && strcmp(str_at(spec, "AttributeName"), attr) == 0,
          "UpdateTimeToLive answers with AttributeName %s", attr);
    cJSON_Delete(r);

    /* Real DynamoDB passes through ENABLING; poll with a generous bound. */
    snprintf(body, sizeof body, "{\"TableName\": \"%s\"}", table);
    const char *status = NULL, *name = NULL;
    cJSON *d = NULL;
    for (int i = 0; i < 600; i++) {
        cJSON_Delete(d);
        d = call("DescribeTimeToLive", body);
        const cJSON *desc = cJSON_GetObjectItemCaseSensitive(d, "TimeToLiveDescription");
        status = str_at(desc, "TimeToLiveStatus");
        name = str_at(desc, "AttributeName");
        if (!status || strcmp(status, "ENABLING") != 0) break;
        struct timespec ts = {0, 100000000L};
        nanosleep(&ts, NULL);
    }
    check(status && strcmp(status, "ENABLED") == 0 && name && strcmp(name, attr) == 0,
          "DescribeTimeToLive: %s on %s", status ? status : "(no status)", name ? name : "(no attribute)");
    cJSON_Delete(d);
}

/* ---- 3. the stored items ------------------------------------------------------------ */

static const ddbc_rt_entity *entity(const char *name)
{
    for (size_t i = 0; i < ttl_schema.nentities; i++)
        if (strcmp(ttl_schema.entities[i].entity->name, name) == 0) return ttl_schema.entities[i].entity;
    die("the generated schema has no entity %s", name);
}

/* The stored item of entity `name` whose single key column holds `value`
 * (raw GetItem: key attributes and all); false when there is none. */
static bool raw_item(const char *name, const ddbc_rt_av *value, ddbc_rt_item *out)
{
    const ddbc_rt_entity *e = entity(name);
    if (e->nkey_columns != 1) die("%s: expected one key column, the descriptor has %zu", name, e->nkey_columns);
    ddbc_rt_item cols = DDBC_RT_ITEM_INIT, key = DDBC_RT_ITEM_INIT;
    if (ddbc_rt_item_set(&cols, e->key_columns[0], value) != DDBC_RT_OK) die("out of memory");
    const ddbc_rt_key *k = &e->keys[0];
    char *pk = NULL, *sk = NULL;
    size_t pklen = 0, sklen = 0;
    if (!ddbc_rt_template_render(&k->pk, k->pk.nparts, &cols, &pk, &pklen) ||
        !ddbc_rt_template_render(&k->sk, k->sk.nparts, &cols, &sk, &sklen))
        die("%s: cannot render the base key", name);
    if (ddbc_rt_item_set_s(&key, k->pk_attr, pk, pklen) != DDBC_RT_OK ||
        ddbc_rt_item_set_s(&key, k->sk_attr, sk, sklen) != DDBC_RT_OK)
        die("out of memory");
    free(pk);
    free(sk);
    ddbc_rt_item_free(&cols);
    ddbc_rt_status st = ddbc_rt_get_item(C, table, &key, true, out);
    ddbc_rt_item_free(&key);
    if (st == DDBC_RT_NOT_FOUND) return false;
    if (st != DDBC_RT_OK) client_die("GetItem", st);
    return true;
}

/* What the session's stored TTL attribute is: "N <digits>", "absent" or another type. */
static void describe_ttl(const ddbc_rt_item *it, const char *attr, char *buf, size_t cap)
{
    const ddbc_rt_av *v = ddbc_rt_item_get(it, attr);
    if (!v) snprintf(buf, cap, "absent");
    else if (v->type == DDBC_AV_N) snprintf(buf, cap, "N %s", v->u.s.ptr);
    else if (v->type == DDBC_AV_S) snprintf(buf, cap, "S %s", v->u.s.ptr);
    else snprintf(buf, cap, "type %d", (int)v->type);
}

static void expect_stored(const char *session_id, const char *attr, bool present, int64_t epoch)
{
    ddbc_rt_av id = {.type = DDBC_AV_S};
    id.u.s.ptr = (char *)(uintptr_t)session_id;
    id.u.s.len = strlen(session_id);
    ddbc_rt_item it = DDBC_RT_ITEM_INIT;
    if (!raw_item("sessions", &id, &it)) {
        check(false, "session %s is stored", session_id);
        return;
    }
    char got[128], want[128];
    describe_ttl(&it, attr, got, sizeof got);
    if (present) snprintf(want, sizeof want, "N %" PRId64, epoch);
    else snprintf(want, sizeof want, "absent");
    check(strcmp(got, want) == 0, "session %s stores %s as %s (want %s)", session_id, attr, got, want);
    ddbc_rt_item_free(&it);
}

/* ---- 4. what TTL would expire --------------------------------------------------------- */

static int compare_ids(const void *a, const void *b) { return strcmp(a, b); }

/* The ids of the items whose `attr` is a Number at most `now`, sorted, comma-separated. */
static void expired_ids(const char *attr, int64_t now, char *buf, size_t cap)
{
    char body[1024];
    snprintf(body, sizeof body,
             "{\"TableName\": \"%s\", \"ConsistentRead\": true, "
             "\"FilterExpression\": \"#t <= :now\", "
             "\"ExpressionAttributeNames\": {\"#t\": \"%s\"}, "
             "\"ExpressionAttributeValues\": {\":now\": {\"N\": \"%" PRId64 "\"}}}", table, attr, now);
    cJSON *r = call("Scan", body);
    if (cJSON_GetObjectItemCaseSensitive(r, "LastEvaluatedKey")) die("Scan: the test table needs one page");
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(r, "Items");
    char ids[8][64];
    int n = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, items) {
        const char *id = str_at(cJSON_GetObjectItemCaseSensitive(it, "id"), "S");
        if (n < 8) snprintf(ids[n++], sizeof ids[0], "%s", id ? id : "?");
    }
    cJSON_Delete(r);
    qsort(ids, (size_t)n, sizeof ids[0], compare_ids);
    buf[0] = '\0';
    for (int i = 0; i < n; i++) {
        size_t used = strlen(buf);
        snprintf(buf + used, cap - used, "%s%s", i ? "," : "", ids[i]);
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s DDBC_OUT_DIR  (run under tests/lib/with_server.sh moto)\n", argv[0]);
        return 2;
    }
    printf("ddbc TTL test against %s (moto records TTL but deletes nothing; see the banner)\n",
           getenv("DDBC_TEST_SERVER") ? getenv("DDBC_TEST_SERVER") : "the configured endpoint");
    char why[256] = "";
    ddbc_rt_config cfg = DDBC_RT_CONFIG_INIT;
    cfg.connect_timeout_ms = 30000;
    cfg.request_timeout_ms = 300000;
    ddbc_rt_status st = ddbc_rt_client_create(&cfg, &C, why, sizeof why);
    if (st != DDBC_RT_OK) die("client: %s: %s", ddbc_rt_status_name(st), why);
    table = ddbc_rt_client_table(C, ttl_schema.table);

    char *attr = templates_ttl_attribute(argv[1]);
    create_table(argv[1]);
    enable_ttl(attr);

    int64_t now = (int64_t)time(NULL);
    int64_t past = now - 3600, future = now + 30 * 86400;
    ttl_user u = TTL_USER_INIT;
    u.id = 7;
    u.email = xstrdup("ada@example.com");   /* rows own their strings: put fills the row back */
    st = ttl_user_put(C, &u);
    if (st != DDBC_RT_OK) client_die("ttl_user_put", st);
    int64_t user_id = u.id;
    ttl_user_free(&u);
    struct { const char *id; bool has; int64_t at; } sessions[] = {
        {"s-expired", true, past},
        {"s-live", true, future},
        {"s-forever", false, 0},
    };
    for (size_t i = 0; i < sizeof sessions / sizeof *sessions; i++) {
        ttl_session s = TTL_SESSION_INIT;
        s.id = xstrdup(sessions[i].id);
        s.user_id = user_id;
        s.expires_at = sessions[i].at;
        s.has_expires_at = sessions[i].has;
        st = ttl_session_put(C, &s);
        ttl_session_free(&s);
        if (st != DDBC_RT_OK) client_die("ttl_session_put", st);
    }
    for (size_t i = 0; i < sizeof sessions / sizeof *sessions; i++)
        expect_stored(sessions[i].id, attr, sessions[i].has, sessions[i].at);
    {
        ddbc_rt_av id = {.type = DDBC_AV_N};
        id.u.s.ptr = (char *)(uintptr_t)"7";
        id.u.s.len = 1;
        ddbc_rt_item it = DDBC_RT_ITEM_INIT;
        bool found = raw_item("users", &id, &it);
        check(found && !ddbc_rt_item_get(&it, attr), "the user item (no %s column) has no %s attribute",
              attr, attr);
        ddbc_rt_item_free(&it);
    }

    /* The generated reads give the rows back, whatever TTL will do later. */
    ttl_get_session_row row = {0};
    st = ttl_get_session(C, "s-live", &row);
    check(st == DDBC_RT_OK && row.has_expires_at && row.expires_at == future,
          "ttl_get_session(s-live): %s, expires_at %" PRId64, ddbc_rt_status_name(st), row.expires_at);
    ttl_get_session_row_free(&row);
    st = ttl_get_session(C, "s-forever", &row);
    check(st == DDBC_RT_OK && !row.has_expires_at, "ttl_get_session(s-forever): %s, expires_at NULL",
          ddbc_rt_status_name(st));
    ttl_get_session_row_free(&row);

    char ids[512];
    expired_ids(attr, now, ids, sizeof ids);
    check(strcmp(ids, "s-expired") == 0, "items with %s <= now (what TTL expires): [%s], want [s-expired]",
          attr, ids);

    /* Extending a session moves its expiry; clearing it keeps the item forever. */
    ttl_session s = TTL_SESSION_INIT;
    s.id = xstrdup("s-expired");
    s.user_id = user_id;
    s.expires_at = future + 60;
    s.has_expires_at = true;
    st = ttl_session_update(C, &s);
    if (st != DDBC_RT_OK) client_die("ttl_session_update", st);
    expect_stored("s-expired", attr, true, future + 60);
    free(s.id);
    s.id = xstrdup("s-live");
    s.has_expires_at = false;
    st = ttl_session_update(C, &s);
    ttl_session_free(&s);
    if (st != DDBC_RT_OK) client_die("ttl_session_update", st);
    expect_stored("s-live", attr, false, 0);
    expired_ids(attr, now, ids, sizeof ids);
    check(strcmp(ids, "") == 0, "after the updates, items with %s <= now: [%s], want none", attr, ids);
    expired_ids(attr, future + 3600, ids, sizeof ids);
    check(strcmp(ids, "s-expired") == 0, "items with %s <= now + 30 days + 1 h: [%s], want [s-expired]",
          attr, ids);

    free(attr);
    ddbc_rt_client_free(C);
    if (failures) {
        fprintf(stderr, "test_ttl: %d check%s failed\n", failures, failures == 1 ? "" : "s");
        return 1;
    }
    printf("test_ttl: all checks passed\n");
    return 0;
}
