/* check.h — the check pass: annotated queries → IR queries.
 *
 * Resolves every table, alias and column against the catalog, matches each join
 * with the foreign key it follows, splits WHERE into conjunct predicates
 * (column op param/literal) and residuals, infers each parameter's type from the
 * column it meets, and records ordering, limit and written columns. */
#ifndef DDBC_CHECK_H
#define DDBC_CHECK_H

#include "ast.h"
#include "diag.h"
#include "ir.h"

/* Check every query statement of ast against ir->catalog, appending to ir->queries. */
void ddbc_check_queries(const ddbc_ast *ast, ddbc_sources *sources, ddbc_arena *arena,
                        ddbc_ir *ir, ddbc_diags *diags);

#endif
