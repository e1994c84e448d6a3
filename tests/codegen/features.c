/* features.c — tests/codegen/cases/features' generated C (prefix "feat"),
 * built with warnings as errors, linked against ddbc_rt and run against
 * moto: DEFAULTs in the INIT macro, NOT LIKE / NOT BETWEEN / NOT IN with SQL's
 * NULL semantics, `SET n = n + v` (NULL stays NULL, overflow refused,
 * decimals exact, no increment lost between two writers) and INSERT … ON
 * CONFLICT.  The table comes from the case's create-table.json (argv[1]).
 * With --contention (argv[2]) only the two-writer counter runs: on dynalite,
 * whose conditional writes are atomic (moto's are not under concurrent
 * requests, so an increment can be lost there whatever the client does).
 * Exit status 0 when every step behaves as PostgreSQL would. */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "feat.h"

static bool same(const char *a, const char *b)
{
    return a && b && !strcmp(a, b);
}

/* A post by `author` with only the NOT NULL columns set: everything else
 * stays as FEAT_POST_INIT says. */
static void add_post(int64_t id, const char *author, const char *title)
{
    feat_post p = FEAT_POST_INIT;
    char slug[32];
    snprintf(slug, sizeof slug, "slug-%lld", (long long)id);
    p.id = id;
    p.author = dup(author);
    p.slug = dup(slug);
    p.title = dup(title);
    OK(feat_post_put(client, &p));
    feat_post_free(&p);
}

/* The ids a page holds, as "1,2,3". */
static const char *ids(const feat_post *rows, size_t n)
{
    static char buf[256];
    size_t w = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && w + 24 < sizeof buf; i++)
        w += (size_t)snprintf(buf + w, sizeof buf - w, "%s%lld", i ? "," : "", (long long)rows[i].id);
    return buf;
}

#define PAGE_IDS(page) ids((page).rows, (page).n)

static void defaults(void)
{
    /* an untouched INIT stores the DEFAULTs, not 0 / false */
    feat_post p = FEAT_POST_INIT;
    TRUE(p.view_count == 7 && p.score == 1.5 && p.published && !p.pinned && !p.has_likes);
    p.id = 1;
    p.author = dup("dora");
    p.slug = dup("defaults");
    OK(feat_post_put(client, &p));
    TRUE(p.view_count == 7 && p.published && p.has_likes && p.likes == 3);
    feat_post_free(&p);
    /* _free resets to INIT, DEFAULTs included */
    TRUE(p.view_count == 7 && p.score == 1.5 && p.published && p.author == NULL);
    feat_post got = FEAT_POST_INIT;
    OK(feat_post_get(client, 1, &got));
    TRUE(got.view_count == 7);
    TRUE(got.score == 1.5);
    TRUE(got.published && !got.pinned);
    TRUE(got.rating && strtod(got.rating, NULL) == 2.5);
    TRUE(got.has_likes && got.likes == 3);
    TRUE(got.title == NULL && got.balance == NULL);
    feat_post_free(&got);

    /* set values win over the DEFAULTs, zero included */
    feat_post z = FEAT_POST_INIT;
    z.id = 2;
    z.author = dup("dora");
    z.slug = dup("zeros");
    z.view_count = 0;
    z.score = 0;
    z.published = false;
    OK(feat_post_put(client, &z));
    feat_post_free(&z);
    OK(feat_post_get(client, 2, &got));
    TRUE(got.view_count == 0 && got.score == 0 && !got.published);
    feat_post_free(&got);

    /* the reflection thunk: a row item without view_count is "unset" too */
    const ddbc_rt_entity_api *api = &feat_schema.entities[0];
    ddbc_rt_item row = DDBC_RT_ITEM_INIT, out = DDBC_RT_ITEM_INIT;
    int64_t v = 0;
    bool b = false;
    OK(ddbc_rt_item_set_i64(&row, "id", 3));
    OK(ddbc_rt_item_set_s(&row, "author", "dora", 4));
    OK(ddbc_rt_item_set_s(&row, "slug", "thunk", 5));
    OK(api->create(client, &row, &out));
    TRUE(ddbc_rt_item_i64(&out, "view_count", &v) && v == 7);
    TRUE(ddbc_rt_item_bool(&out, "published", &b) && b);
    ddbc_rt_item_free(&row);
    ddbc_rt_item_free(&out);
}

static void not_like(void)
{
    /* titles: a prefix, metacharacters, a two-byte character for '_', NULL */
    add_post(10, "lee", "draft:one");
    add_post(11, "lee", "hello");
    add_post(12, "lee", NULL);
    add_post(13, "lee", "xa-b%y");      /* matches '%a_b\%%' */
    add_post(14, "lee", "ab%");         /* '_' needs a character: no match */
    add_post(15, "lee", "Draft:two");   /* LIKE is case-sensitive */
    add_post(16, "lee", "a\xc3\xa9" "b%");   /* 'aéb%': '_' is one character */
    add_post(17, "lee", "draft%x");

    feat_posts_by_author_not_prefixed_page np = {NULL, 0, NULL};
    OK(feat_posts_by_author_not_prefixed(client, "lee", NULL, &np));
    TRUE(same(PAGE_IDS(np), "11,13,14,15,16,17"));
    feat_posts_by_author_not_prefixed_page_free(&np);

    feat_posts_by_author_not_param_prefix_page pp = {NULL, 0, NULL};
    OK(feat_posts_by_author_not_param_prefix(client, "lee", "draft", NULL, &pp));
    TRUE(same(PAGE_IDS(pp), "11,13,14,15,16"));
    feat_posts_by_author_not_param_prefix_page_free(&pp);
    /* NOT LIKE NULL || '%' is NULL: no row */
    OK(feat_posts_by_author_not_param_prefix(client, "lee", NULL, NULL, &pp));
    TRUE(pp.n == 0);
    feat_posts_by_author_not_param_prefix_page_free(&pp);

    feat_posts_by_author_not_matching_page nm = {NULL, 0, NULL};
    OK(feat_posts_by_author_not_matching(client, "lee", NULL, &nm));
    TRUE(same(PAGE_IDS(nm), "10,11,14,15,17"));
    feat_posts_by_author_not_matching_page_free(&nm);

    /* ESCAPE '!': '!%' is a literal '%'; a backslash is then an ordinary character */
    feat_posts_by_author_not_percent_escaped_page pe = {NULL, 0, NULL};
    OK(feat_posts_by_author_not_percent_escaped(client, "lee", NULL, &pe));
    TRUE(same(PAGE_IDS(pe), "10,11,15"));
    feat_posts_by_author_not_percent_escaped_page_free(&pe);
    add_post(18, "lee", "a\\xb!");   /* matches 'a\_b%' when the backslash is literal */
    feat_posts_by_author_not_backslash_page bs = {NULL, 0, NULL};
    OK(feat_posts_by_author_not_backslash(client, "lee", NULL, &bs));
    TRUE(same(PAGE_IDS(bs), "10,11,13,14,15,16,17"));
    feat_posts_by_author_not_backslash_page_free(&bs);
    OK(feat_post_delete(client, 18));

    struct {
        const char *pattern, *want;
    } cases[] = {
        {"%", ""},                       /* every non-NULL title matches */
        {"h_llo", "10,13,14,15,16,17"},
        {"%\\%%", "10,11,15"},           /* a literal '%' anywhere */
        {"draft_%", "11,13,14,15,16"},   /* the '_' is any character: ':' and '%' */
        {"a_b%", "10,11,13,14,15,17"},
        {"", "10,11,13,14,15,16,17"},
        {"%y", "10,11,14,15,16,17"},
        {"hello\\", ""},                 /* a lone escape: an error in SQL, never TRUE */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        feat_posts_by_author_not_pattern_page pg = {NULL, 0, NULL};
        OK(feat_posts_by_author_not_pattern(client, "lee", cases[i].pattern, NULL, &pg));
        if (!same(PAGE_IDS(pg), cases[i].want)) {
            printf("NOT LIKE '%s': got [%s], expected [%s]\n", cases[i].pattern, PAGE_IDS(pg), cases[i].want);
            failures++;
        }
        feat_posts_by_author_not_pattern_page_free(&pg);
    }
    feat_posts_by_author_not_pattern_page pg = {NULL, 0, NULL};
    OK(feat_posts_by_author_not_pattern(client, "lee", NULL, NULL, &pg));
    TRUE(pg.n == 0);
    feat_posts_by_author_not_pattern_page_free(&pg);

    /* an UPDATE conditioned on NOT LIKE: checked on the item read */
    long affected = -1;
    OK(feat_hide_posts_not_like(client, 11, "h%", &affected));
    TRUE(affected == 0);
    OK(feat_hide_posts_not_like(client, 11, "x%", &affected));
    TRUE(affected == 1);
    OK(feat_hide_posts_not_like(client, 12, "x%", &affected));   /* NULL title */
    TRUE(affected == 0);
    feat_post got = FEAT_POST_INIT;
    OK(feat_post_get(client, 11, &got));
    TRUE(got.pinned);
    feat_post_free(&got);

    /* NOT BETWEEN and NOT IN: every lee post has view_count 7 */
    feat_posts_by_author_outside_page op = {NULL, 0, NULL};
    OK(feat_posts_by_author_outside(client, "lee", 8, 9, 10, 11, NULL, &op));
    TRUE(same(PAGE_IDS(op), "12,13,14,15,16,17"));
    feat_posts_by_author_outside_page_free(&op);
    OK(feat_posts_by_author_outside(client, "lee", 1, 9, 10, 11, NULL, &op));
    TRUE(op.n == 0);
    feat_posts_by_author_outside_page_free(&op);
}

typedef struct worker {
    int64_t id;
    int n;
    int fails;
} worker;

static void *bump(void *arg)
{
    worker *w = arg;
    char why[256];
    ddbc_rt_client *c = NULL;
    if (ddbc_rt_client_create(NULL, &c, why, sizeof why) != DDBC_RT_OK) {
        w->fails = w->n;
        return NULL;
    }
    for (int i = 0; i < w->n; i++) {
        long affected = 0;
        ddbc_rt_status st = feat_count_hit(c, w->id, &affected);
        if (st != DDBC_RT_OK || affected != 1) {
            w->fails++;
            printf("writer: %s, %ld rows (%s)\n", ddbc_rt_status_name(st), affected, ddbc_rt_client_error(c)->message);
        }
    }
    ddbc_rt_client_free(c);
    return NULL;
}

static void counters(void)
{
    long affected = -1;
    add_post(20, "cat", "counted");
    OK(feat_count_view(client, 20, &affected));
    TRUE(affected == 1);
    OK(feat_count_view(client, 20, &affected));
    feat_post got = FEAT_POST_INIT;
    OK(feat_post_get(client, 20, &got));
    TRUE(got.view_count == 9);
    feat_post_free(&got);
    /* an absent row is 0 rows */
    OK(feat_count_view(client, 999, &affected));
    TRUE(affected == 0);

    /* likes (3 by DEFAULT) + 5; balance NULL - 0.1 stays NULL */
    OK(feat_add_likes(client, 20, 5, "0.1", &affected));
    TRUE(affected == 1);
    OK(feat_post_get(client, 20, &got));
    TRUE(got.has_likes && got.likes == 8);
    TRUE(got.balance == NULL);
    /* decimals are exact: 0.3 - 0.1 is 0.2, not 0.19999999999999998 */
    got.balance = dup("0.3");
    got.has_likes = false;
    OK(feat_post_update(client, &got));
    feat_post_free(&got);
    OK(feat_add_likes(client, 20, -2, "0.1", &affected));
    OK(feat_post_get(client, 20, &got));
    TRUE(!got.has_likes);                                  /* NULL + -2 is NULL */
    TRUE(got.balance && !strcmp(got.balance, "0.2"));
    feat_post_free(&got);
    OK(feat_add_likes(client, 20, 0, "-12345678901234567890.0001", &affected));
    OK(feat_post_get(client, 20, &got));
    TRUE(got.balance && !strcmp(got.balance, "12345678901234567890.2001"));

    /* integer overflow is an error and changes nothing */
    got.view_count = INT64_MAX;
    OK(feat_post_update(client, &got));
    feat_post_free(&got);
    IS(feat_count_view(client, 20, &affected), DDBC_RT_INVALID_ARGUMENT);
    OK(feat_post_get(client, 20, &got));
    TRUE(got.view_count == INT64_MAX);
    feat_post_free(&got);

}

/* Two writers on one row: each read-compute-write that meets the other's
 * write is retried on a fresh read, so every increment lands. */
static void contention(void)
{
    feat_hit h = FEAT_HIT_INIT;
    h.id = 1;
    OK(feat_hit_put(client, &h));
    worker w[2] = {{1, 15, 0}, {1, 15, 0}};
    pthread_t t[2];
    int started = 0;
    for (int i = 0; i < 2; i++) started += pthread_create(&t[i], NULL, bump, &w[i]) == 0;
    TRUE(started == 2);
    for (int i = 0; i < started; i++) pthread_join(t[i], NULL);
    TRUE(w[0].fails == 0 && w[1].fails == 0);
    OK(feat_hit_get(client, 1, &h));
    if (h.n != 30) printf("n = %lld after 30 increments\n", (long long)h.n);
    TRUE(h.n == 30);
    feat_hit_free(&h);
}

static void upserts(void)
{
    long affected = -1;
    feat_post got = FEAT_POST_INIT;
    /* DO NOTHING on the primary key: inserted, then left alone */
    OK(feat_upsert_post_ignore(client, 30, "eve", "u-30", "first", &affected, NULL));
    TRUE(affected == 1);
    OK(feat_upsert_post_ignore(client, 30, "eve", "u-30b", "second", &affected, &got));
    TRUE(affected == 0);
    TRUE(got.id == 0 && got.title == NULL);   /* out untouched: no row written */
    OK(feat_post_get(client, 30, &got));
    TRUE(same(got.title, "first") && same(got.slug, "u-30"));
    feat_post_free(&got);
    /* u-30b was not kept: its guard is free */
    OK(feat_upsert_slug_ignore(client, 31, "eve", "u-30b", "x", &affected, NULL));
    TRUE(affected == 1);
    /* a conflict on slug, not on the target (id): a unique violation, nothing written */
    IS(feat_upsert_post_ignore(client, 32, "eve", "u-30", "clash", &affected, NULL), DDBC_RT_UNIQUE_VIOLATION);
    IS(feat_post_get(client, 32, &got), DDBC_RT_NOT_FOUND);

    /* DO NOTHING on slug: a taken slug is 0 rows, a taken id still a violation */
    OK(feat_upsert_slug_ignore(client, 33, "eve", "u-30", "dup slug", &affected, NULL));
    TRUE(affected == 0);
    IS(feat_post_get(client, 33, &got), DDBC_RT_NOT_FOUND);
    IS(feat_upsert_slug_ignore(client, 30, "eve", "u-fresh", "dup id", &affected, NULL), DDBC_RT_UNIQUE_VIOLATION);

    /* INSERT OR IGNORE: any conflict is 0 rows */
    OK(feat_upsert_any_ignore(client, 30, "eve", "u-other", &affected, NULL));
    TRUE(affected == 0);
    OK(feat_upsert_any_ignore(client, 34, "eve", "u-30", &affected, NULL));
    TRUE(affected == 0);
    OK(feat_upsert_any_ignore(client, 34, "eve", "u-34", &affected, NULL));
    TRUE(affected == 1);

    /* DO UPDATE: EXCLUDED.title replaces the title, view_count = 0 */
    OK(feat_upsert_post(client, 30, "eve", "u-30", "again", &affected, &got));
    TRUE(affected == 1);
    TRUE(got.id == 30 && same(got.title, "again") && got.view_count == 0);
    feat_post_free(&got);
    OK(feat_post_get(client, 30, &got));
    TRUE(same(got.title, "again") && got.view_count == 0 && same(got.author, "eve"));
    feat_post_free(&got);
    /* a new id is an insert (view_count its DEFAULT) */
    OK(feat_upsert_post(client, 35, "eve", "u-35", "new", &affected, &got));
    TRUE(affected == 1 && got.view_count == 7);
    feat_post_free(&got);
    /* the proposed slug belongs to another row: that conflict is not the target's */
    IS(feat_upsert_post(client, 36, "eve", "u-35", "steal", &affected, NULL), DDBC_RT_UNIQUE_VIOLATION);
    IS(feat_post_get(client, 36, &got), DDBC_RT_NOT_FOUND);

    /* view_count = posts.view_count + EXCLUDED.view_count, slug kept */
    OK(feat_upsert_view(client, 35, "eve", "ignored", 5, &affected, &got));
    TRUE(affected == 1 && got.view_count == 12 && same(got.slug, "u-35") && same(got.title, "seen"));
    feat_post_free(&got);
    OK(feat_upsert_view(client, 37, "eve", "u-37", 5, &affected, &got));
    TRUE(affected == 1 && got.view_count == 5 && got.title == NULL);
    feat_post_free(&got);
}

int main(int argc, char **argv)
{
    if (argc != 2 && (argc != 3 || strcmp(argv[2], "--contention"))) return 2;
    if (!check_start(argv[1])) return 1;

    if (argc == 3) {
        contention();
    } else {
        defaults();
        not_like();
        counters();
        upserts();
    }

    return check_finish();
}
