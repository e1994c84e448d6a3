/* fuzz_parse.c — libFuzzer target: one input file through the whole front end.
 *
 * Wires the passes the way compiler/compiler.c does — parse (dialect detected
 * from the bytes), catalog, check, the ir backend, diagnostics rendered — but
 * in memory only.  Built with -DDDBC_FUZZ=ON (clang); run by tests/fuzz/run.sh. */
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "ast.h"
#include "catalog.h"
#include "check.h"
#include "diag.h"
#include "emit_ir.h"
#include "ir.h"
#include "outset.h"
#include "parse.h"
#include "source.h"
#include "strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ddbc_arena *arena = ddbc_arena_create();
    ddbc_sources sources;
    ddbc_sources_init(&sources, arena);
    ddbc_diags diags;
    ddbc_diags_init(&diags, arena);
    ddbc_ast *ast = DDBC_NEW(arena, ddbc_ast);
    ddbc_ir *ir = DDBC_NEW(arena, ddbc_ir);

    ddbc_source *src = ddbc_sources_add(&sources, "fuzz.sql", (const char *)data, size);
    ddbc_parse_source(src, DDBC_DIALECT_AUTO, arena, ast, &diags);
    ddbc_catalog_build(ast, arena, ir, &diags);
    ddbc_check_queries(ast, &sources, arena, ir, &diags);

    /* As in the driver: backends run only on a clean IR. */
    ddbc_outset out;
    ddbc_outset_init(&out);
    if (diags.errors == 0) ddbc_emit_ir(ir, &sources, &out, &diags);
    ddbc_outset_free(&out);

    ddbc_strbuf text = DDBC_STRBUF_INIT;
    ddbc_diags_render(&diags, &sources, DDBC_SEV_NOTE, &text);
    ddbc_strbuf_free(&text);

    ddbc_arena_destroy(arena);
    return 0;
}
