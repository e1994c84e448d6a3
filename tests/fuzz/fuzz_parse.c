/* fuzz_parse.c — libFuzzer target: one input through the whole compiler, in memory.
 *
 * The input is a schema file and a queries file, split at the first line that
 * reads exactly `-- queries` (without it, everything is the schema).  Wired as
 * compiler/compiler.c does: parse (one dialect detected from both parts), catalog,
 * check; on a clean IR the ir backend, the planner (default config, no lock) and
 * every design backend (design, lock, report, table files, workbench);
 * diagnostics rendered.  Built with -DDDBC_FUZZ=ON
 * (clang); run by tests/fuzz/run.sh. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "ast.h"
#include "catalog.h"
#include "check.h"
#include "config.h"
#include "design.h"
#include "diag.h"
#include "emit_c.h"
#include "emit_design.h"
#include "emit_ir.h"
#include "emit_report.h"
#include "emit_table.h"
#include "emit_workbench.h"
#include "ir.h"
#include "lock.h"
#include "outset.h"
#include "parse.h"
#include "plan.h"
#include "source.h"
#include "strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char marker[] = "-- queries";

/* Where the marker line starts, or size when there is none.  *rest is set to
 * the first byte after the marker line. */
static size_t find_split(const char *text, size_t size, size_t *rest)
{
    const size_t mlen = sizeof marker - 1;
    for (size_t at = 0; at + mlen <= size;) {
        if (memcmp(text + at, marker, mlen) == 0) {
            size_t end = at + mlen;
            if (end < size && text[end] == '\r') end++;
            if (end == size || text[end] == '\n') {
                *rest = end < size ? end + 1 : end;
                return at;
            }
        }
        const char *nl = memchr(text + at, '\n', size - at);
        if (!nl) break;
        at = (size_t)(nl - text) + 1;
    }
    *rest = size;
    return size;
}

/* The driver's choice without options or config: the first part that is not
 * plain PostgreSQL decides. */
static ddbc_dialect choose_dialect(ddbc_source *const *srcs, int n)
{
    for (int i = 0; i < n; i++) {
        ddbc_dialect d = ddbc_dialect_detect(srcs[i]->text, srcs[i]->len);
        if (d != DDBC_DIALECT_POSTGRESQL) return d;
    }
    return DDBC_DIALECT_POSTGRESQL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    size_t rest;
    size_t schema_len = find_split(text, size, &rest);

    ddbc_arena *arena = ddbc_arena_create();
    ddbc_sources sources;
    ddbc_sources_init(&sources, arena);
    ddbc_diags diags;
    ddbc_diags_init(&diags, arena);
    ddbc_ast *ast = DDBC_NEW(arena, ddbc_ast);
    ddbc_ir *ir = DDBC_NEW(arena, ddbc_ir);

    ddbc_source *srcs[2];
    int nsrcs = 0;
    srcs[nsrcs++] = ddbc_sources_add(&sources, "schema.sql", text, schema_len);
    if (schema_len < size)
        srcs[nsrcs++] = ddbc_sources_add(&sources, "queries.sql", text + rest, size - rest);
    ddbc_dialect dialect = choose_dialect(srcs, nsrcs);
    for (int i = 0; i < nsrcs; i++) ddbc_parse_source(srcs[i], dialect, arena, ast, &diags);
    ddbc_catalog_build(ast, arena, ir, &diags);
    ddbc_check_queries(ast, &sources, arena, ir, &diags);

    /* As in the driver: the ir backend and the planner run only on a clean IR.
     * The design and lock backends then run even when the planner refused a
     * pattern (as with --keep-going), so refused patterns reach them too. */
    ddbc_outset out;
    ddbc_outset_init(&out);
    if (diags.errors == 0) {
        ddbc_emit_ir(ir, &sources, &out, &diags);
        ddbc_config cfg;
        ddbc_config_defaults(&cfg);
        ddbc_plan_options po = {&cfg, NULL, false};
        ddbc_design *design = ddbc_plan(ir, &po, arena, &diags);
        if (design) {
            ddbc_emit_design(design, &sources, &diags, &out, &diags);
            ddbc_emit_lock(design, &out, &diags);
            ddbc_emit_report(design, &cfg, &sources, &diags, &out, &diags);
            ddbc_emit_create_table(design, &cfg, &out, &diags);
            ddbc_emit_cloudformation(design, &cfg, &out, &diags);
            ddbc_emit_terraform(design, &cfg, &out, &diags);
            ddbc_emit_workbench(design, &cfg, &out, &diags);
            ddbc_emit_c(design, &cfg, &sources, &out, &diags);
        }
    }
    ddbc_outset_free(&out);

    ddbc_strbuf msgs = DDBC_STRBUF_INIT;
    ddbc_diags_render(&diags, &sources, DDBC_SEV_NOTE, &msgs);
    ddbc_strbuf_free(&msgs);

    ddbc_arena_destroy(arena);
    return 0;
}
