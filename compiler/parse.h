/* parse.h — the front end: source files → AST.
 *
 * Splits each file into statements (honouring `;`, the mysql client's
 * DELIMITER, goose StatementBegin/End, dollar-quoted bodies and MySQL conditional
 * comments), attaches sqlc annotations, parses the statements ddbc uses with
 * the Bison grammar and records the rest in ast->skipped (the driver turns
 * those into notes).  Syntax errors are
 * reported per statement; parsing continues with the next one. */
#ifndef DDBC_PARSE_H
#define DDBC_PARSE_H

#include "ast.h"
#include "diag.h"
#include "source.h"

const char *ddbc_dialect_name(ddbc_dialect d);
/* "postgresql"/"postgres"/"pg", "mysql"/"mariadb", "sqlite"/"sqlite3", "auto". */
bool ddbc_dialect_parse(const char *name, ddbc_dialect *out);

/* Guess the dialect of a file from tell-tale tokens (backticks, ENGINE=,
 * AUTO_INCREMENT → MySQL; AUTOINCREMENT, WITHOUT ROWID → SQLite; otherwise
 * PostgreSQL). */
ddbc_dialect ddbc_dialect_detect(const char *text, size_t len);

/* Parse one source file, appending its statements to ast.  Returns the number
 * of errors reported for this file. */
size_t ddbc_parse_source(ddbc_source *src, ddbc_dialect dialect, ddbc_arena *arena,
                         ddbc_ast *ast, ddbc_diags *diags);

#endif
