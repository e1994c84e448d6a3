/* catalog.h — the catalog pass: DDL statements → entities.
 *
 * Applies CREATE/ALTER/DROP statements in input order, the way a series of
 * migrations builds one schema: renames, added and dropped columns, changed
 * types and defaults, constraints added later (pg_dump's ALTER TABLE ONLY …
 * ADD CONSTRAINT), partitions folded into their parent, enum types and
 * domains.  Foreign keys are resolved once every statement has been applied. */
#ifndef DDBC_CATALOG_H
#define DDBC_CATALOG_H

#include "ast.h"
#include "diag.h"
#include "ir.h"

/* Build ir->catalog from the DDL statements of ast.  Errors go to diags. */
void ddbc_catalog_build(const ddbc_ast *ast, ddbc_arena *arena, ddbc_ir *ir, ddbc_diags *diags);

/* Classify an AST type into an IR type (enums and domains looked up in the
 * catalog being built). */
ddbc_type ddbc_type_from_ast(const ddbc_ast_type *t, const ddbc_catalog *cat, ddbc_arena *arena);

#endif
