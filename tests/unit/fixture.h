/* fixture.h — the compilation fixture the cmocka programs share.
 *
 * One arena, the sources, the diagnostics, and the AST and IR the front end and
 * passes build from in-memory files; released by fixture_teardown. */
#ifndef DDBC_TEST_FIXTURE_H
#define DDBC_TEST_FIXTURE_H

#include "ast.h"
#include "diag.h"
#include "ir.h"
#include "lex.h"
#include "source.h"
#include "strbuf.h"

typedef struct fixture {
    ddbc_arena *arena;
    ddbc_sources sources;
    ddbc_diags diags;
    ddbc_ast ast;
    ddbc_ir ir;
    ddbc_source *src;   /* the file parsed last */
    ddbc_token_list tokens; /* what the scanner produced, for the lexer's tests */
    ddbc_strbuf out;
} fixture;

/* cmocka setup/teardown: *state becomes a fresh fixture. */
int fixture_setup(void **state);
int fixture_teardown(void **state);

/* Add text as a file named path and parse it into f->ast; returns its errors. */
size_t fixture_parse(fixture *f, ddbc_dialect dialect, const char *path, const char *text);

/* Every diagnostic so far, rendered as ddbc prints them. */
const char *rendered(fixture *f);

/* The only diagnostic reported with this code; fails the test unless there is
 * exactly one and its span starts at line:col (1-based). */
const ddbc_diag *expect_diag(fixture *f, ddbc_diag_code code, unsigned line, unsigned col);

/* Fail the test unless needle occurs in haystack. */
void assert_contains(const char *haystack, const char *needle);

#endif
