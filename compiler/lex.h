/* lex.h — a source file as a token array.
 *
 * Wraps the reentrant Flex scanner (grammar/lexer.l).  Every token is kept,
 * comments included, because the statement splitter needs them: sqlc
 * annotations, query documentation, goose/dbmate migration markers. */
#ifndef DDBC_LEX_H
#define DDBC_LEX_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "parse.h"
#include "source.h"

/* Token kinds the scanner produces besides the grammar's terminals.  They are
 * never given to the parser. */
enum {
    DDBC_TK_LINE_COMMENT = 10000, /* -- …  or  # … (MySQL); text: the whole comment */
    DDBC_TK_BLOCK_COMMENT,        /* / * … * / ; text: the whole comment, markers included */
    DDBC_TK_ERROR,                /* a lexical error, already reported */
};

typedef struct ddbc_token {
    int kind;           /* a grammar terminal (parser.h) or DDBC_TK_* */
    ddbc_span span;
    const char *text;   /* identifiers: normalized name; strings: the value;
                           numbers, operators, params: as written; keywords: lower-case */
} ddbc_token;

typedef DDBC_VEC(ddbc_token) ddbc_token_list;

/* Scanner state shared with the Flex actions (yyextra). */
typedef struct ddbc_lexer {
    ddbc_source *src;
    uint32_t pos;             /* byte offset of the next unread byte */
    ddbc_token_list *out;
    size_t stmt_start;        /* index in out of the current statement's first token */
    bool copy_data;           /* the ';' just scanned ends COPY … FROM stdin */
    ddbc_dialect dialect;     /* never AUTO here */
    ddbc_arena *arena;
    ddbc_diags *diags;
    int exec_comment_depth;   /* inside MySQL / *! … * / */
    int comment_depth;        /* nested block comments (PostgreSQL) */
    uint32_t comment_start;
    const char *dollar_tag;   /* the open $tag$ */
    uint32_t dollar_start;
    size_t errors;
} ddbc_lexer;

/* Longest identifier accepted (bytes). */
#define DDBC_MAX_IDENT 1024
/* Lexical errors reported per file before the rest of the file is given up. */
#define DDBC_MAX_LEX_ERRORS 10

/* Scan a whole source file.  Returns false if the file could not be scanned
 * (errors reported); tokens holds what was scanned. */
bool ddbc_lex_source(ddbc_source *src, ddbc_dialect dialect, ddbc_arena *arena,
                     ddbc_diags *diags, ddbc_token_list *tokens);

/* Is kind one of the keyword tokens? */
bool ddbc_keyword_token(int kind);

/* Called from the scanner actions: record one token.  Returns false once the
 * file has had DDBC_MAX_LEX_ERRORS lexical errors (the scanner then stops). */
bool ddbc_lex_token(ddbc_lexer *lx, int kind, uint32_t start, uint32_t end,
                    const char *text, size_t len);

#endif
