/* test_plan_props.c — property tests for the planner on random schemas and
 * pattern sets (fixed seeds, so failures reproduce).
 *
 * For every design: no served read uses anything but GetItem, Query or
 * BatchGetItem (never a Scan), every key condition binds the whole partition
 * key, the GSI count stays within one of the planner's own lower bound, and no
 * two entities on one index can produce the same key (their sort keys start
 * with different type tags). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "check.h"
#include "config.h"
#include "fixture.h"
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

static void make_queries(gen *g)
{
    int n = 1 + (int)rnd(10);
    for (int q = 0; q < n; q++) {
        int t = (int)rnd((unsigned)g->ntables);
        ddbc_strbuf_printf(&g->queries, "-- name: Q%d :many\nSELECT * FROM t%d WHERE ", q, t);
        int shape = (int)rnd(4);
        if (shape == 0) ddbc_strbuf_puts(&g->queries, "id = $1");
        else if (shape == 1 && g->parent[t] >= 0) ddbc_strbuf_puts(&g->queries, "p_id = $1");
        else ddbc_strbuf_printf(&g->queries, "c%d = $1", (int)rnd((unsigned)g->ncols[t]));
        if (rnd(2)) {
            int c = (int)rnd((unsigned)g->ncols[t]);
            ddbc_strbuf_printf(&g->queries, " AND c%d %s $2", c, rnd(2) ? "=" : ">");
        }
        if (rnd(2)) ddbc_strbuf_printf(&g->queries, " ORDER BY c%d%s", (int)rnd((unsigned)g->ncols[t]),
                                       rnd(2) ? " DESC" : "");
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

static void test_random_designs_hold_the_invariants(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 300; seed++) {
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
        ddbc_design *d = ddbc_plan(&f->ir, &po, f->arena, &f->diags);
        check_design(d, ddbc_strbuf_cstr(&g.schema), ddbc_strbuf_cstr(&g.queries));
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
