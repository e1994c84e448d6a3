/* test_plan_props.c — property tests for the planner on random schemas and
 * pattern sets (fixed seeds, so failures reproduce).
 *
 * For every design: no served read uses anything but GetItem, Query or
 * BatchGetItem (never a Scan), every key condition binds the whole partition
 * key, the GSI count stays within one of the planner's own lower bound, and no
 * two entities on one index can produce the same key (their sort keys start
 * with different type tags); and planning again against the design's own
 * lock gives the same lock, with no entity changed. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
#include "check.h"
#include "config.h"
#include "fixture.h"
#include "lock.h"
#include "outset.h"
#include "plan.h"

static uint64_t rng_state;

static unsigned rnd(unsigned n)
{
    rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
    return (unsigned)((rng_state >> 33) % n);
}

static const char *const types[] = {"text", "bigint", "timestamptz", "boolean", "numeric(10,2)", "uuid"};

typedef struct gen {
    ddbc_strbuf schema, queries;
    int ntables;
    int ncols[8];
    int type[8][6];
    int parent[8];   /* -1: none */
} gen;

static void make_schema(gen *g)
{
    g->ntables = 2 + (int)rnd(5);
    for (int t = 0; t < g->ntables; t++) {
        g->parent[t] = t > 0 && rnd(3) ? (int)rnd((unsigned)t) : -1;
        g->ncols[t] = 2 + (int)rnd(4);
        ddbc_strbuf_printf(&g->schema, "CREATE TABLE t%d (\n  id bigint PRIMARY KEY", t);
        if (g->parent[t] >= 0)
            ddbc_strbuf_printf(&g->schema, ",\n  p_id bigint NOT NULL REFERENCES t%d (id)", g->parent[t]);
        for (int c = 0; c < g->ncols[t]; c++) {
            g->type[t][c] = (int)rnd(6);
            ddbc_strbuf_printf(&g->schema, ",\n  c%d %s%s", c, types[g->type[t][c]],
                               rnd(2) ? " NOT NULL" : "");
        }
        ddbc_strbuf_puts(&g->schema, "\n);\n");
    }
}

/* A child of table t (a table whose parent is t), or -1. */
static int child_of(const gen *g, int t)
{
    for (int c = 0; c < g->ntables; c++)
        if (g->parent[c] == t) return c;
    return -1;
}

/* Patterns of every kind the planner serves: equalities (parameters,
 * literals, IN lists), one range or order, parent-with-children pre-joins,
 * joins to a parent, limits, and writes that find rows by equality. */
static void make_queries(gen *g)
{
    int n = 1 + (int)rnd(12);
    for (int q = 0; q < n; q++) {
        int t = (int)rnd((unsigned)g->ntables);
        int kind = (int)rnd(10);
        int child = child_of(g, t);
        if (kind == 0 && child >= 0) {
            ddbc_strbuf_printf(&g->queries,
                               "-- name: Q%d :many\nSELECT p.*, c.* FROM t%d p JOIN t%d c ON c.p_id = p.id "
                               "WHERE p.id = $1 ORDER BY c.c0%s%s;\n",
                               q, t, child, rnd(2) ? " DESC" : "", rnd(2) ? " LIMIT 5" : "");
            continue;
        }
        if (kind == 1 && g->parent[t] >= 0) {
            ddbc_strbuf_printf(&g->queries,
                               "-- name: Q%d :many\nSELECT c.*, p.c0 FROM t%d c JOIN t%d p ON p.id = c.p_id "
                               "WHERE c.p_id = $1%s;\n",
                               q, t, g->parent[t], rnd(2) ? " AND p.c0 = $2" : "");
            continue;
        }
        if (kind == 2) {
            ddbc_strbuf_printf(&g->queries, "-- name: Q%d :exec\nUPDATE t%d SET c0 = $2 WHERE %s = $1;\n",
                               q, t, rnd(2) ? "id" : "c1");
            continue;
        }
        if (kind == 3) {
            ddbc_strbuf_printf(&g->queries, "-- name: Q%d :exec\nDELETE FROM t%d WHERE id = $1;\n", q, t);
            continue;
        }
        ddbc_strbuf_printf(&g->queries, "-- name: Q%d :many\nSELECT * FROM t%d WHERE ", q, t);
        int shape = (int)rnd(4);
        if (shape == 0) ddbc_strbuf_puts(&g->queries, "id = $1");
        else if (shape == 1 && g->parent[t] >= 0) ddbc_strbuf_puts(&g->queries, "p_id = $1");
        else ddbc_strbuf_printf(&g->queries, "c%d = $1", (int)rnd((unsigned)g->ncols[t]));
        if (rnd(2)) {
            int c = (int)rnd((unsigned)g->ncols[t]);
            ddbc_strbuf_printf(&g->queries, " AND c%d %s $2", c, rnd(2) ? "=" : ">");
        }
        if (!rnd(4)) ddbc_strbuf_printf(&g->queries, " AND c%d IS NOT NULL", (int)rnd((unsigned)g->ncols[t]));
        if (!rnd(4) && g->type[t][0] == 0)
            ddbc_strbuf_printf(&g->queries, " AND c0 %s", rnd(2) ? "= 'A'" : "IN ('A', 'B')");
        if (rnd(2)) ddbc_strbuf_printf(&g->queries, " ORDER BY c%d%s", (int)rnd((unsigned)g->ncols[t]),
                                       rnd(2) ? " DESC" : "");
        if (!rnd(3)) ddbc_strbuf_puts(&g->queries, " LIMIT 10");
        ddbc_strbuf_puts(&g->queries, ";\n");
    }
}

static void check_design(const ddbc_design *d, const char *schema, const char *queries)
{
    char why[256] = "";
    for (size_t i = 0; i < d->patterns.n && !why[0]; i++) {
        const ddbc_pattern *p = d->patterns.v[i];
        if (!p->is_read || p->status != DDBC_PATTERN_SERVED) continue;
        if (!p->requests.n) snprintf(why, sizeof why, "%s served with no request", p->name);
        for (size_t r = 0; r < p->requests.n; r++) {
            const ddbc_request *q = &p->requests.v[r];
            if (q->op != DDBC_OP_GET_ITEM && q->op != DDBC_OP_QUERY && q->op != DDBC_OP_BATCH_GET_ITEM)
                snprintf(why, sizeof why, "%s uses %s", p->name, ddbc_operation_name(q->op));
            if (q->pk.nparts != (int)q->pk.tmpl->parts.n)
                snprintf(why, sizeof why, "%s binds part of a partition key", p->name);
        }
    }
    int gsis = ddbc_design_gsi_count(d);
    if (!why[0] && gsis > d->gsi_lower_bound + 1)
        snprintf(why, sizeof why, "%d GSIs, lower bound %d", gsis, d->gsi_lower_bound);
    for (size_t a = 0; a < d->entities.n && !why[0]; a++)
        for (size_t b = a + 1; b < d->entities.n && !why[0]; b++)
            for (size_t ka = 0; ka < d->entities.v[a]->keys.n; ka++) {
                const ddbc_entity_key *x = &d->entities.v[a]->keys.v[ka];
                const ddbc_entity_key *y = ddbc_entity_plan_key(d->entities.v[b], x->index);
                if (y && !strcmp(x->sk.parts.v[0].literal, y->sk.parts.v[0].literal))
                    snprintf(why, sizeof why, "%s and %s share sort tag %s on index %d",
                             d->entities.v[a]->entity->name, d->entities.v[b]->entity->name,
                             x->sk.parts.v[0].literal, x->index);
            }
    if (why[0]) fail_msg("%s\n--- schema\n%s--- queries\n%s", why, schema, queries);
}

/* The design planned again against its own lock is the same design. */
static void check_stable(fixture *f, const ddbc_design *d, const char *why, const char *schema,
                         const char *queries)
{
    ddbc_outset out;
    ddbc_outset_init(&out);
    ddbc_emit_lock(d, &out, &f->diags);
    const ddbc_outfile *lf = ddbc_outset_find(&out, "ddbc.lock");
    char path[] = "/tmp/ddbc-props-lock-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, lf->data, lf->len), (long)lf->len);
    close(fd);
    ddbc_lock *lock = ddbc_lock_read(path, &f->sources, f->arena, &f->diags);
    unlink(path);
    if (!lock) fail_msg("%s: lock does not read back: %s", why, rendered(f));
    ddbc_config cfg;
    ddbc_config_defaults(&cfg);
    ddbc_plan_options po = {&cfg, lock, false};
    ddbc_design *again = ddbc_plan(&f->ir, &po, f->arena, &f->diags);
    ddbc_outset out2;
    ddbc_outset_init(&out2);
    ddbc_emit_lock(again, &out2, &f->diags);
    const ddbc_outfile *lf2 = ddbc_outset_find(&out2, "ddbc.lock");
    if (lf2->len != lf->len || memcmp(lf2->data, lf->data, lf->len) != 0) {
        /* cmocka truncates long messages: the inputs and locks go to stderr first */
        fprintf(stderr, "--- schema\n%s--- queries\n%s--- lock\n%.*s--- replanned\n%.*s", schema,
                queries, (int)lf->len, lf->data, (int)lf2->len, lf2->data);
        fail_msg("%s: replanning against the lock changed it", why);
    }
    for (size_t i = 0; i < again->entities.n; i++)
        if (again->entities.v[i]->change != DDBC_CHANGE_NONE)
            fail_msg("%s: %s is '%s' against its own lock", why, again->entities.v[i]->entity->name,
                     ddbc_change_name(again->entities.v[i]->change));
    ddbc_outset_free(&out);
    ddbc_outset_free(&out2);
}

static void test_random_designs_hold_the_invariants(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 1000; seed++) {
        rng_state = seed;
        gen g;
        memset(&g, 0, sizeof g);
        make_schema(&g);
        make_queries(&g);
        void *fs = NULL;
        assert_int_equal(fixture_setup(&fs), 0);
        fixture *f = fs;
        fixture_parse(f, DDBC_DIALECT_POSTGRESQL, "schema.sql", ddbc_strbuf_cstr(&g.schema));
        fixture_parse(f, DDBC_DIALECT_POSTGRESQL, "queries.sql", ddbc_strbuf_cstr(&g.queries));
        ddbc_catalog_build(&f->ast, f->arena, &f->ir, &f->diags);
        ddbc_check_queries(&f->ast, &f->sources, f->arena, &f->ir, &f->diags);
        if (f->diags.errors) fail_msg("seed %llu: front end: %s", (unsigned long long)seed, rendered(f));
        ddbc_config cfg;
        ddbc_config_defaults(&cfg);
        ddbc_plan_options po = {&cfg, NULL, false};
        size_t before = f->diags.errors;
        ddbc_design *d = ddbc_plan(&f->ir, &po, f->arena, &f->diags);
        check_design(d, ddbc_strbuf_cstr(&g.schema), ddbc_strbuf_cstr(&g.queries));
        /* stability holds for designs ddbc would write (no refusal) */
        if (f->diags.errors == before) {
            char why[64];
            snprintf(why, sizeof why, "seed %llu", (unsigned long long)seed);
            check_stable(f, d, why, ddbc_strbuf_cstr(&g.schema), ddbc_strbuf_cstr(&g.queries));
        }
        fixture_teardown(&fs);
        ddbc_strbuf_free(&g.schema);
        ddbc_strbuf_free(&g.queries);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_designs_hold_the_invariants),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
