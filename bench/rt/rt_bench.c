/* rt_bench.c — client CPU per request and marshalling speed of ddbc's runtime.
 *
 * Talks only to its own instant HTTP/1.1 server on 127.0.0.1 (a thread here, or
 * `--serve PORT` for the JavaScript SDK's bench); prints "name value" lines
 * that bench/rt/run.sh turns into a table.  Not a test: it asserts nothing. */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "ddbc/rt.h"

/* ---- canned responses ----------------------------------------------------------
 * What DynamoDB answers to a successful PutItem (no ReturnValues) and to a Query
 * page of ten small order items. */

static const char put_body[] = "{}";

#define QUERY_ITEM(n)                                                                       \
    "{\"pk\":{\"S\":\"CUSTOMER#ada@example.com\"},"                                         \
    "\"sk\":{\"S\":\"ORDER#2026-11-24T10:00:0" #n ".000000Z#01JDQ5Z3K8X00000000000000" #n "\"}," \
    "\"id\":{\"S\":\"01JDQ5Z3K8X00000000000000" #n "\"},"                                   \
    "\"status\":{\"S\":\"shipped\"},"                                                      \
    "\"quantity\":{\"N\":\"" #n "\"},"                                                      \
    "\"total\":{\"N\":\"1" #n ".95\"},"                                                     \
    "\"gift\":{\"BOOL\":false}}"

static const char query_body[] =
    "{\"Count\":10,\"Items\":[" QUERY_ITEM(0) "," QUERY_ITEM(1) "," QUERY_ITEM(2) ","
    QUERY_ITEM(3) "," QUERY_ITEM(4) "," QUERY_ITEM(5) "," QUERY_ITEM(6) "," QUERY_ITEM(7) ","
    QUERY_ITEM(8) "," QUERY_ITEM(9) "],\"ScannedCount\":10}";

#define QUERY_ITEMS 10

/* ---- clocks -------------------------------------------------------------------- */

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One timed stretch: wall time and the calling thread's CPU time (user + sys). */
typedef struct span {
    double wall0, cpu0;
} span;

static span span_start(void)
{
    span s = {clock_s(CLOCK_MONOTONIC), clock_s(CLOCK_THREAD_CPUTIME_ID)};
    return s;
}

/* Best (smallest) wall and CPU seconds over the runs, kept separately: the
 * fastest run by CPU need not be the fastest by wall time on a busy machine. */
typedef struct best {
    double wall, cpu;
} best;

static void span_end(const span *s, best *b)
{
    double cpu = clock_s(CLOCK_THREAD_CPUTIME_ID) - s->cpu0;
    double wall = clock_s(CLOCK_MONOTONIC) - s->wall0;
    if (b->cpu == 0 || cpu < b->cpu) b->cpu = cpu;
    if (b->wall == 0 || wall < b->wall) b->wall = wall;
}

/* ---- the instant server ----------------------------------------------------------
 * HTTP/1.1 with keep-alive, one thread per connection; answers by X-Amz-Target.
 * It remembers the last PutItem and Query request it read, byte for byte, so the
 * bench can replay them over a bare socket (the transport floor). */

typedef struct server {
    int fd;
    int port;
    pthread_t acceptor;
    pthread_mutex_t lock;
    char *last_put, *last_query;       /* whole requests: head and body */
    size_t last_put_len, last_query_len;
    long expect_continue;              /* requests that asked for "100 Continue" */
} server;

static char *put_response, *query_response;
static size_t put_response_len, query_response_len;

static char *http_response(const char *body, size_t *len)
{
    size_t blen = strlen(body);
    size_t cap = blen + 256;
    char *r = malloc(cap);
    if (!r) return NULL;
    int n = snprintf(r, cap,
                     "HTTP/1.1 200 OK\r\n"
                     "Content-Type: application/x-amz-json-1.0\r\n"
                     "x-amzn-RequestId: BENCH0000000000000000000000000000000000000000000000\r\n"
                     "Content-Length: %zu\r\n\r\n%s",
                     blen, body);
    *len = (size_t)n;
    return r;
}

static bool write_all(int fd, const char *p, size_t len)
{
    while (len > 0) {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        p += n;
        len -= (size_t)n;
    }
    return true;
}

static const char *find_head_end(const char *p, size_t len)
{
    for (size_t i = 0; i + 4 <= len; i++)
        if (p[i] == '\r' && p[i + 1] == '\n' && p[i + 2] == '\r' && p[i + 3] == '\n')
            return p + i + 4;
    return NULL;
}

/* The value of header `name` in the head [p, end), or NULL; *vlen its length. */
static const char *header(const char *p, const char *end, const char *name, size_t *vlen)
{
    size_t nlen = strlen(name);
    const char *line = memchr(p, '\n', (size_t)(end - p));  /* skip the request line */
    while (line && ++line < end) {
        const char *eol = memchr(line, '\n', (size_t)(end - line));
        if (!eol) break;
        if ((size_t)(eol - line) > nlen && line[nlen] == ':' && strncasecmp(line, name, nlen) == 0) {
            const char *v = line + nlen + 1;
            while (v < eol && *v == ' ') v++;
            const char *ve = eol;
            while (ve > v && (ve[-1] == '\r' || ve[-1] == ' ')) ve--;
            *vlen = (size_t)(ve - v);
            return v;
        }
        line = eol;
    }
    return NULL;
}

static void remember(server *s, char **slot, size_t *slot_len, const char *req, size_t len)
{
    pthread_mutex_lock(&s->lock);
    char *copy = malloc(len);
    if (copy) {
        memcpy(copy, req, len);
        free(*slot);
        *slot = copy;
        *slot_len = len;
    }
    pthread_mutex_unlock(&s->lock);
}

typedef struct conn {
    server *s;
    int fd;
} conn;

static void *serve_conn(void *arg)
{
    conn cn = *(conn *)arg;
    free(arg);
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    bool continued = false;
    while (buf) {
        const char *body = find_head_end(buf, len);
        size_t clen = 0, vlen = 0;
        const char *v;
        if (body && (v = header(buf, body, "Content-Length", &vlen))) clen = strtoul(v, NULL, 10);
        if (body && len >= (size_t)(body - buf) + clen) {
            size_t reqlen = (size_t)(body - buf) + clen;
            bool query = (v = header(buf, body, "X-Amz-Target", &vlen)) && vlen >= 6 &&
                         memcmp(v + vlen - 6, ".Query", 6) == 0;
            if (query) {
                remember(cn.s, &cn.s->last_query, &cn.s->last_query_len, buf, reqlen);
                if (!write_all(cn.fd, query_response, query_response_len)) break;
            } else {
                remember(cn.s, &cn.s->last_put, &cn.s->last_put_len, buf, reqlen);
                if (!write_all(cn.fd, put_response, put_response_len)) break;
            }
            memmove(buf, buf + reqlen, len - reqlen);
            len -= reqlen;
            continued = false;
            continue;
        }
        if (body && !continued && header(buf, body, "Expect", &vlen)) {
            static const char cont[] = "HTTP/1.1 100 Continue\r\n\r\n";
            pthread_mutex_lock(&cn.s->lock);
            cn.s->expect_continue++;
            pthread_mutex_unlock(&cn.s->lock);
            if (!write_all(cn.fd, cont, sizeof cont - 1)) break;
            continued = true;
        }
        if (len == cap) {
            char *bigger = realloc(buf, cap * 2);
            if (!bigger) break;
            buf = bigger;
            cap *= 2;
        }
        ssize_t n = recv(cn.fd, buf + len, cap - len, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        len += (size_t)n;
    }
    free(buf);
    close(cn.fd);
    return NULL;
}

static void *accept_loop(void *arg)
{
    server *s = arg;
    for (;;) {
        int fd = accept(s->fd, NULL, NULL);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            return NULL;                /* the listening socket was shut down */
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        conn *cn = malloc(sizeof *cn);
        pthread_t t;
        if (!cn) {
            close(fd);
            continue;
        }
        cn->s = s;
        cn->fd = fd;
        if (pthread_create(&t, NULL, serve_conn, cn) != 0) {
            free(cn);
            close(fd);
            continue;
        }
        pthread_detach(t);
    }
}

/* Listen on 127.0.0.1:port (0: any free port) and accept in a thread. */
static bool server_start(server *s, int port)
{
    memset(s, 0, sizeof *s);
    pthread_mutex_init(&s->lock, NULL);
    put_response = http_response(put_body, &put_response_len);
    query_response = http_response(query_body, &query_response_len);
    if (!put_response || !query_response) return false;
    s->fd = socket(AF_INET, SOCK_STREAM, 0);
    if (s->fd < 0) return false;
    int one = 1;
    setsockopt(s->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t alen = sizeof a;
    if (bind(s->fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(s->fd, 64) != 0 ||
        getsockname(s->fd, (struct sockaddr *)&a, &alen) != 0)
        return false;
    s->port = ntohs(a.sin_port);
    return pthread_create(&s->acceptor, NULL, accept_loop, s) == 0;
}

static void server_stop(server *s)
{
    shutdown(s->fd, SHUT_RDWR);
    pthread_join(s->acceptor, NULL);
    close(s->fd);
    free(s->last_put);
    free(s->last_query);
    free(put_response);
    free(query_response);
    pthread_mutex_destroy(&s->lock);
}

/* ---- a typical item: the struct generated code would hold ------------------------ */

typedef struct address {
    char *street, *city, *postcode, *country;
} address;

#define NTAGS 6

/* 12 attributes once stored: pk and sk (built from the columns), ten columns,
 * one of them a map and one a list.  About 1 KB as DynamoDB JSON. */
typedef struct order {
    char *id;
    char *customer_email;
    char *status;
    int64_t quantity;
    char *total;                        /* decimal, kept exact */
    bool gift;
    char *created_at;
    char *note;
    address ship_to;                    /* M */
    char *tags[NTAGS];                  /* L of S */
    size_t ntags;
} order;

static const char note_text[] =
    "Please leave the parcel with the concierge on the ground floor if nobody answers; "
    "the side entrance on Mill Lane is locked after six in the evening. The order "
    "includes two fragile ceramic pieces, so keep the box upright and do not stack "
    "anything heavy on top of it. Gift wrap is not needed, but include the printed "
    "invoice inside the parcel rather than on the outside. Thank you! - Ada (tel. "
    "+44 20 7946 0958, ext. 4411)";

static const char *const tag_text[NTAGS] = {"ceramics", "fragile", "express",
                                            "returning-customer", "newsletter", "eu-west"};

static char *copy_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p) memcpy(p, s, n);
    return p;
}

static void order_free(order *o)
{
    free(o->id);
    free(o->customer_email);
    free(o->status);
    free(o->total);
    free(o->created_at);
    free(o->note);
    free(o->ship_to.street);
    free(o->ship_to.city);
    free(o->ship_to.postcode);
    free(o->ship_to.country);
    for (size_t i = 0; i < o->ntags; i++) free(o->tags[i]);
    memset(o, 0, sizeof *o);
}

static bool order_sample(order *o)
{
    memset(o, 0, sizeof *o);
    o->id = copy_str("01JDQ5Z3K8X4Y2M7N9P0QRSTVW");
    o->customer_email = copy_str("ada.lovelace@example.com");
    o->status = copy_str("pending");
    o->quantity = 3;
    o->total = copy_str("184.50");
    o->gift = true;
    o->created_at = copy_str("2026-11-24T10:15:42.123456Z");
    o->note = copy_str(note_text);
    o->ship_to.street = copy_str("12 Mill Lane, Flat 4B");
    o->ship_to.city = copy_str("London");
    o->ship_to.postcode = copy_str("N1 7GU");
    o->ship_to.country = copy_str("GB");
    for (size_t i = 0; i < NTAGS; i++) o->tags[i] = copy_str(tag_text[i]);
    o->ntags = NTAGS;
    bool ok = o->id && o->customer_email && o->status && o->total && o->created_at && o->note &&
              o->ship_to.street && o->ship_to.city && o->ship_to.postcode && o->ship_to.country;
    for (size_t i = 0; i < NTAGS; i++) ok = ok && o->tags[i];
    return ok;
}

static ddbc_rt_status set_str(ddbc_rt_item *it, const char *name, const char *s)
{
    return ddbc_rt_item_set_s(it, name, s, strlen(s));
}

/* A column: generated code names attributes with literals (ddbc_rt_item_add_*). */
static ddbc_rt_status add_str(ddbc_rt_item *it, const char *name, const char *s)
{
    return ddbc_rt_item_add_s(it, name, s, strlen(s));
}

/* Appends s to the key being built in buf (the engine, rt_keys.c, appends
 * each part to a buffer, escaping delimiters); false when it does not fit. */
static bool key_part(char *buf, size_t cap, size_t *len, const char *s)
{
    size_t n = strlen(s);
    if (n >= cap - *len) return false;
    memcpy(buf + *len, s, n + 1);
    *len += n;
    return true;
}

/* struct → item, with the calls generated code makes: the attribute array
 * reserved once, columns added under literal names; the key attributes are
 * set with copied names, as the engine (rt_keys.c) sets them. */
static ddbc_rt_status order_to_item(const order *o, ddbc_rt_item *it)
{
    char key[160];
    size_t klen = 0;
    ddbc_rt_status st;
    if ((st = ddbc_rt_item_reserve(it, 12))) return st;
    if (!key_part(key, sizeof key, &klen, "CUSTOMER#") ||
        !key_part(key, sizeof key, &klen, o->customer_email))
        return DDBC_RT_INVALID_ARGUMENT;
    if ((st = ddbc_rt_item_set_s(it, "pk", key, klen))) return st;
    klen = 0;
    if (!key_part(key, sizeof key, &klen, "ORDER#") ||
        !key_part(key, sizeof key, &klen, o->created_at) || !key_part(key, sizeof key, &klen, "#") ||
        !key_part(key, sizeof key, &klen, o->id))
        return DDBC_RT_INVALID_ARGUMENT;
    if ((st = ddbc_rt_item_set_s(it, "sk", key, klen))) return st;
    if ((st = add_str(it, "id", o->id)) || (st = add_str(it, "customer_email", o->customer_email)) ||
        (st = add_str(it, "status", o->status)) ||
        (st = ddbc_rt_item_add_i64(it, "quantity", o->quantity)) ||
        (st = ddbc_rt_item_add_n(it, "total", o->total)) ||
        (st = ddbc_rt_item_add_bool(it, "gift", o->gift)) ||
        (st = add_str(it, "created_at", o->created_at)) || (st = add_str(it, "note", o->note)))
        return st;

    ddbc_rt_av m;
    m.type = DDBC_AV_M;
    m.u.m = (ddbc_rt_item)DDBC_RT_ITEM_INIT;
    if ((st = ddbc_rt_item_reserve(&m.u.m, 4)) ||
        (st = add_str(&m.u.m, "street", o->ship_to.street)) ||
        (st = add_str(&m.u.m, "city", o->ship_to.city)) ||
        (st = add_str(&m.u.m, "postcode", o->ship_to.postcode)) ||
        (st = add_str(&m.u.m, "country", o->ship_to.country)) ||
        (st = ddbc_rt_item_add(it, "ship_to", &m))) {
        ddbc_rt_av_free(&m);
        return st;
    }

    ddbc_rt_av l;
    l.type = DDBC_AV_L;
    l.u.l.v = malloc(o->ntags * sizeof *l.u.l.v);
    l.u.l.n = l.u.l.cap = 0;
    if (!l.u.l.v) return DDBC_RT_NO_MEMORY;
    l.u.l.cap = o->ntags;
    for (size_t i = 0; i < o->ntags; i++) {
        ddbc_rt_av *e = &l.u.l.v[l.u.l.n];
        e->type = DDBC_AV_S;
        e->u.s.len = strlen(o->tags[i]);
        e->u.s.ptr = malloc(e->u.s.len + 1);
        if (!e->u.s.ptr) {
            ddbc_rt_av_free(&l);
            return DDBC_RT_NO_MEMORY;
        }
        memcpy(e->u.s.ptr, o->tags[i], e->u.s.len + 1);
        l.u.l.n++;
    }
    if ((st = ddbc_rt_item_add(it, "tags", &l))) ddbc_rt_av_free(&l);
    return st;
}

/* A text column (S, or N for decimals): the item's string moved into the
 * struct, as generated code reads an item it is about to free (a response).
 * The generated helper takes first and looks further only when nothing was
 * taken (absent, NULL or another type), so a present value costs one lookup. */
static bool take_str(ddbc_rt_item *it, const char *name, char **out)
{
    return ddbc_rt_item_take_s(it, name, out, NULL) && *out;
}

/* The value under name, writable (to take from), or NULL. */
static ddbc_rt_av *value_of(ddbc_rt_item *it, const char *name)
{
    const ddbc_rt_av *v = ddbc_rt_item_get(it, name);
    if (!v) return NULL;
    size_t i = (size_t)((const char *)v - (const char *)it->attrs - offsetof(ddbc_rt_attr, value)) /
               sizeof *it->attrs;
    return &it->attrs[i].value;
}

/* item → struct, with the typed reads generated code makes; the struct owns
 * its strings, moved out of the item (which is freed next). */
static bool order_from_item(ddbc_rt_item *it, order *o)
{
    ddbc_rt_item *m;
    if (!take_str(it, "id", &o->id) || !take_str(it, "customer_email", &o->customer_email) ||
        !take_str(it, "status", &o->status) || !ddbc_rt_item_i64(it, "quantity", &o->quantity) ||
        !take_str(it, "total", &o->total) ||
        !ddbc_rt_item_bool(it, "gift", &o->gift) || !take_str(it, "created_at", &o->created_at) ||
        !take_str(it, "note", &o->note))
        return false;
    ddbc_rt_av *mv = value_of(it, "ship_to");
    if (!mv || mv->type != DDBC_AV_M) return false;
    m = &mv->u.m;
    if (!take_str(m, "street", &o->ship_to.street) ||
        !take_str(m, "city", &o->ship_to.city) || !take_str(m, "postcode", &o->ship_to.postcode) ||
        !take_str(m, "country", &o->ship_to.country))
        return false;
    ddbc_rt_av *l = value_of(it, "tags");
    if (!l || l->type != DDBC_AV_L || l->u.l.n > NTAGS) return false;
    for (size_t i = 0; i < l->u.l.n; i++) {
        ddbc_rt_av *e = &l->u.l.v[i];
        if (e->type != DDBC_AV_S) return false;
        o->tags[i] = e->u.s.ptr;        /* moved, as ddbc_rt_item_take_s does */
        e->type = DDBC_AV_NULL;
        o->ntags = i + 1;
    }
    return true;
}

/* ---- the benches ----------------------------------------------------------------- */

static int runs = 5;
static long requests = 10000;
static long items = 200000;
static const char *only;                /* "requests", "marshal" or "struct": one part (for perf) */

static void report(const char *name, long count, const best *b)
{
    printf("%s.count %ld\n", name, count);
    printf("%s.per_s %.0f\n", name, (double)count / b->wall);
    printf("%s.cpu_us %.2f\n", name, b->cpu * 1e6 / (double)count);
    printf("%s.per_cpu_s %.0f\n", name, (double)count / b->cpu);
    fflush(stdout);
}

static int fail(ddbc_rt_client *c, const char *what, ddbc_rt_status st)
{
    const ddbc_rt_error *e = c ? ddbc_rt_client_error(c) : NULL;
    fprintf(stderr, "ddbc_rt_bench: %s: %s%s%s%s%s\n", what, ddbc_rt_status_str(st),
            e && e->type[0] ? " " : "", e ? e->type : "", e && e->message[0] ? ": " : "",
            e ? e->message : "");
    return 1;
}

/* PutItem as a generated create does it: the row becomes an item, written
 * only when no item has its key. */
static ddbc_rt_status one_put(ddbc_rt_client *c, const order *o, const ddbc_rt_item *names)
{
    ddbc_rt_item it = DDBC_RT_ITEM_INIT;
    ddbc_rt_status st = order_to_item(o, &it);
    if (!st) st = ddbc_rt_put_item(c, "bench", &it, "attribute_not_exists(#n0)", names, NULL);
    ddbc_rt_item_free(&it);
    return st;
}

static ddbc_rt_status one_query(ddbc_rt_client *c, const ddbc_rt_query *q)
{
    ddbc_rt_items page = DDBC_RT_ITEMS_INIT;
    ddbc_rt_item last = DDBC_RT_ITEM_INIT;
    ddbc_rt_status st = ddbc_rt_query_page(c, q, &page, &last);
    if (!st && page.n != QUERY_ITEMS) st = DDBC_RT_BAD_RESPONSE;
    ddbc_rt_items_free(&page);
    ddbc_rt_item_free(&last);
    return st;
}

static int bench_requests(server *s)
{
    char endpoint[64];
    snprintf(endpoint, sizeof endpoint, "http://127.0.0.1:%d", s->port);
    ddbc_rt_config cfg = DDBC_RT_CONFIG_INIT;
    cfg.endpoint = endpoint;
    cfg.region = "us-east-1";
    cfg.access_key_id = "AKIDBENCHBENCHBENCH0";
    cfg.secret_access_key = "benchbenchbenchbenchbenchbenchbenchbench";
    cfg.max_attempts = 1;
    ddbc_rt_client *c = NULL;
    char why[256] = "";
    ddbc_rt_status st = ddbc_rt_client_create(&cfg, &c, why, sizeof why);
    if (st) {
        fprintf(stderr, "ddbc_rt_bench: client: %s: %s\n", ddbc_rt_status_str(st), why);
        return 1;
    }

    order o;
    ddbc_rt_item names = DDBC_RT_ITEM_INIT, qnames = DDBC_RT_ITEM_INIT, qvalues = DDBC_RT_ITEM_INIT;
    if (!order_sample(&o) || set_str(&names, "#n0", "pk") || set_str(&qnames, "#n0", "pk") ||
        set_str(&qnames, "#n1", "sk") || set_str(&qvalues, ":v0", "CUSTOMER#ada@example.com") ||
        set_str(&qvalues, ":v1", "ORDER#")) {
        ddbc_rt_client_free(c);
        return fail(NULL, "setup", DDBC_RT_NO_MEMORY);
    }
    ddbc_rt_query q = {0};
    q.table = "bench";
    q.key_condition = "#n0 = :v0 AND begins_with(#n1, :v1)";
    q.names = &qnames;
    q.values = &qvalues;
    q.scan_forward = true;

    int rc = 0;
    best bput = {0, 0}, bquery = {0, 0};
    long warm = requests / 10 > 0 ? requests / 10 : 1;
    for (long i = 0; i < warm && !rc; i++)
        if ((st = one_put(c, &o, &names)) || (st = one_query(c, &q))) rc = fail(c, "warm-up", st);
    for (int r = 0; r < runs && !rc; r++) {
        span sp = span_start();
        for (long i = 0; i < requests && !rc; i++)
            if ((st = one_put(c, &o, &names))) rc = fail(c, "PutItem", st);
        span_end(&sp, &bput);
        sp = span_start();
        for (long i = 0; i < requests && !rc; i++)
            if ((st = one_query(c, &q))) rc = fail(c, "Query", st);
        span_end(&sp, &bquery);
    }
    if (!rc) {
        long nreq = 0, nretry = 0;
        ddbc_rt_client_counts(c, &nreq, &nretry);
        report("put", requests, &bput);
        report("query", requests, &bquery);
        printf("client.requests %ld\nclient.retries %ld\nserver.expect_continue %ld\n", nreq,
               nretry, s->expect_continue);
    }
    order_free(&o);
    ddbc_rt_item_free(&names);
    ddbc_rt_item_free(&qnames);
    ddbc_rt_item_free(&qvalues);
    ddbc_rt_client_free(c);
    return rc;
}

/* The same request bytes the client sent, replayed over a bare kept-alive
 * socket with one send and blocking reads: the kernel's share of a loopback
 * round trip, which no HTTP client can avoid. */
static int bench_floor(server *s, const char *name, const char *req, size_t reqlen,
                       size_t resplen)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)s->port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int one = 1;
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        if (fd >= 0) close(fd);
        fprintf(stderr, "ddbc_rt_bench: floor: cannot connect\n");
        return 1;
    }
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    char buf[8192];
    best b = {0, 0};
    for (int r = 0; r <= runs; r++) {   /* run 0 warms up */
        span sp = span_start();
        for (long i = 0; i < requests; i++) {
            if (!write_all(fd, req, reqlen)) goto broken;
            for (size_t got = 0; got < resplen;) {
                ssize_t n = recv(fd, buf, sizeof buf, 0);
                if (n <= 0) goto broken;
                got += (size_t)n;
            }
        }
        if (r > 0) span_end(&sp, &b);
    }
    close(fd);
    report(name, requests, &b);
    return 0;
broken:
    close(fd);
    fprintf(stderr, "ddbc_rt_bench: floor: connection broken\n");
    return 1;
}

static int bench_marshal(bool struct_only)
{
    order o, back;
    if (!order_sample(&o)) return fail(NULL, "setup", DDBC_RT_NO_MEMORY);
    best bs = {0, 0}, bw = {0, 0};
    ddbc_rt_status st = DDBC_RT_OK;
    int rc = 0;

    /* The wire form's size, and a check that the round trip is lossless. */
    ddbc_rt_item it = DDBC_RT_ITEM_INIT, again = DDBC_RT_ITEM_INIT;
    char *json = NULL;
    size_t jlen = 0;
    if ((st = order_to_item(&o, &it)) || (st = ddbc_rt_item_to_json(&it, &json, &jlen)) ||
        (st = ddbc_rt_item_from_json(json, jlen, &again)))
        rc = fail(NULL, "marshal", st);
    memset(&back, 0, sizeof back);
    if (!rc && (!order_from_item(&again, &back) || strcmp(back.note, o.note) != 0 ||
                back.quantity != o.quantity || strcmp(back.total, o.total) != 0 ||
                back.ntags != o.ntags || strcmp(back.ship_to.city, o.ship_to.city) != 0))
        rc = fail(NULL, "item round trip differs", DDBC_RT_BAD_RESPONSE);
    if (!rc) printf("item.attributes %zu\nitem.json_bytes %zu\n", it.n, jlen);
    order_free(&back);
    ddbc_rt_item_free(&again);

    for (int r = 0; r <= runs && !rc; r++) {
        span sp = span_start();
        for (long i = 0; i < items && !rc; i++) {
            ddbc_rt_item x = DDBC_RT_ITEM_INIT;
            memset(&back, 0, sizeof back);
            if ((st = order_to_item(&o, &x)) || !order_from_item(&x, &back))
                rc = fail(NULL, "struct round trip", st ? st : DDBC_RT_BAD_RESPONSE);
            order_free(&back);
            ddbc_rt_item_free(&x);
        }
        if (r > 0) span_end(&sp, &bs);
    }
    for (int r = 0; r <= runs && !rc && !struct_only; r++) {
        span sp = span_start();
        for (long i = 0; i < items && !rc; i++) {
            char *j = NULL;
            size_t n = 0;
            ddbc_rt_item x = DDBC_RT_ITEM_INIT;
            if ((st = ddbc_rt_item_to_json(&it, &j, &n)) || (st = ddbc_rt_item_from_json(j, n, &x)))
                rc = fail(NULL, "wire round trip", st);
            free(j);
            ddbc_rt_item_free(&x);
        }
        if (r > 0) span_end(&sp, &bw);
    }
    if (!rc) {
        report("marshal_struct", items, &bs);
        if (!struct_only) report("marshal_wire", items, &bw);
    }
    free(json);
    ddbc_rt_item_free(&it);
    order_free(&o);
    return rc;
}

/* DynamoDB JSON of the bench item, for the JavaScript side to use the same one. */
static int print_item(void)
{
    order o;
    ddbc_rt_item it = DDBC_RT_ITEM_INIT;
    char *json = NULL;
    size_t len = 0;
    ddbc_rt_status st = order_sample(&o) ? order_to_item(&o, &it) : DDBC_RT_NO_MEMORY;
    if (!st) st = ddbc_rt_item_to_json(&it, &json, &len);
    if (!st) printf("%s\n", json);
    free(json);
    ddbc_rt_item_free(&it);
    order_free(&o);
    return st ? fail(NULL, "item", st) : 0;
}

static void usage(void)
{
    fprintf(stderr,
            "usage: ddbc_rt_bench [--runs N] [--requests N] [--items N] [--only requests|marshal|struct]\n"
            "       ddbc_rt_bench --serve PORT     (0: a free port; prints \"port N\", serves until killed)\n"
            "       ddbc_rt_bench --print-item     (the bench item as DynamoDB JSON)\n");
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has_value = i + 1 < argc;
        if (strcmp(a, "--serve") == 0 && has_value) {
            server s;
            if (!server_start(&s, atoi(argv[i + 1]))) {
                perror("ddbc_rt_bench: --serve");
                return 2;
            }
            printf("port %d\n", s.port);
            fflush(stdout);
            for (;;) pause();
        } else if (strcmp(a, "--print-item") == 0) {
            return print_item();
        } else if (strcmp(a, "--runs") == 0 && has_value) {
            runs = atoi(argv[++i]);
        } else if (strcmp(a, "--requests") == 0 && has_value) {
            requests = atol(argv[++i]);
        } else if (strcmp(a, "--items") == 0 && has_value) {
            items = atol(argv[++i]);
        } else if (strcmp(a, "--only") == 0 && has_value &&
                   (strcmp(argv[i + 1], "requests") == 0 || strcmp(argv[i + 1], "marshal") == 0 ||
                    strcmp(argv[i + 1], "struct") == 0)) {
            only = argv[++i];
        } else {
            usage();
            return 2;
        }
    }
    if (runs < 1 || requests < 1 || items < 1) {
        usage();
        return 2;
    }

    server s;
    if (!server_start(&s, 0)) {
        perror("ddbc_rt_bench: server");
        return 2;
    }
    printf("runs %d\n", runs);
    int rc = 0;
    if (!only || strcmp(only, "requests") == 0) rc = bench_requests(&s);
    /* Copies: the server replaces its last requests while the floor replays them. */
    pthread_mutex_lock(&s.lock);
    size_t put_len = s.last_put_len, query_len = s.last_query_len;
    char *put = s.last_put ? malloc(put_len) : NULL, *query = s.last_query ? malloc(query_len) : NULL;
    if (put) memcpy(put, s.last_put, put_len);
    if (query) memcpy(query, s.last_query, query_len);
    pthread_mutex_unlock(&s.lock);
    if (!rc && put && query) {
        rc = bench_floor(&s, "floor_put", put, put_len, put_response_len);
        if (!rc) rc = bench_floor(&s, "floor_query", query, query_len, query_response_len);
        printf("put.request_bytes %zu\nquery.request_bytes %zu\n", put_len, query_len);
    }
    free(put);
    free(query);
    if (!rc && (!only || strcmp(only, "requests") != 0))
        rc = bench_marshal(only && strcmp(only, "struct") == 0);
    server_stop(&s);
    return rc;
}
