/* test_lex.c — unit tests for the scanner (grammar/lexer.l driven by lex.c).
 *
 * Each case scans an in-memory file the way real schema files are written
 * (pg_dump, mysqldump, hand-written migrations) and asserts on the token kinds,
 * their normalized texts and their byte spans, and on the lexical diagnostics
 * with the line and column they point at. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lex.h"
#include "parser.h"
#include "strbuf.h"
#include "fixture.h"

/* Scan text (len bytes) as a fresh file; diagnostics and tokens start empty. */
static bool lex_n(fixture *f, ddbc_dialect dialect, const char *text, size_t len)
{
    ddbc_diags_init(&f->diags, f->arena);
    f->tokens = (ddbc_token_list){0};
    f->src = ddbc_sources_add(&f->sources, "schema.sql", text, len);
    return ddbc_lex_source(f->src, dialect, f->arena, &f->diags, &f->tokens);
}

static bool lex(fixture *f, ddbc_dialect dialect, const char *text)
{
    return lex_n(f, dialect, text, strlen(text));
}

static bool lex_pg(fixture *f, const char *text)
{
    return lex(f, DDBC_DIALECT_POSTGRESQL, text);
}

static bool lex_my(fixture *f, const char *text)
{
    return lex(f, DDBC_DIALECT_MYSQL, text);
}

/* A readable listing of the tokens, for failure messages. */
static const char *listing(fixture *f)
{
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    for (size_t i = 0; i < f->tokens.n; i++) {
        const ddbc_token *t = &f->tokens.v[i];
        ddbc_strbuf_printf(&sb, "  [%zu] kind %d [%u,%u) '%s'\n", i, t->kind, t->span.start, t->span.end,
                           t->text ? t->text : "(null)");
    }
    const char *s = ddbc_arena_strdup(f->arena, ddbc_strbuf_cstr(&sb));
    ddbc_strbuf_free(&sb);
    return s;
}

static void assert_clean(fixture *f, bool ok)
{
    if (!ok || f->diags.items.n) fail_msg("scan reported diagnostics (ok=%d):\n%s", ok, rendered(f));
}

static void expect_count(fixture *f, size_t n)
{
    if (f->tokens.n != n)
        fail_msg("expected %zu tokens, got %zu:\n%s", n, f->tokens.n, listing(f));
}

/* Token i has this kind, text (NULL: not checked) and span [start, end). */
static void expect_tok(fixture *f, size_t i, int kind, const char *text, uint32_t start, uint32_t end)
{
    if (i >= f->tokens.n) fail_msg("no token %zu:\n%s", i, listing(f));
    const ddbc_token *t = &f->tokens.v[i];
    if (t->kind != kind) fail_msg("token %zu: kind %d, expected %d:\n%s", i, t->kind, kind, listing(f));
    if (text && (!t->text || strcmp(t->text, text) != 0))
        fail_msg("token %zu: text '%s', expected '%s':\n%s", i, t->text ? t->text : "(null)", text, listing(f));
    if (t->span.start != start || t->span.end != end)
        fail_msg("token %zu: span [%u,%u), expected [%u,%u):\n%s", i, t->span.start, t->span.end, start,
                 end, listing(f));
    assert_int_equal(t->span.file, f->src->id);
}

/* The kinds of all tokens, in order (terminated by -1). */
static void expect_kinds(fixture *f, ...)
{
    va_list ap;
    va_start(ap, f);
    size_t i = 0;
    for (int k = va_arg(ap, int); k != -1; k = va_arg(ap, int), i++) {
        if (i >= f->tokens.n) fail_msg("only %zu tokens, expected more:\n%s", f->tokens.n, listing(f));
        if (f->tokens.v[i].kind != k)
            fail_msg("token %zu: kind %d, expected %d:\n%s", i, f->tokens.v[i].kind, k, listing(f));
    }
    va_end(ap);
    expect_count(f, i);
}

/* Offset of the first occurrence of needle in the file being scanned. */
static uint32_t at(fixture *f, const char *needle)
{
    const char *p = strstr(f->src->text, needle);
    if (!p) fail_msg("'%s' is not in the input", needle);
    return (uint32_t)(p - f->src->text);
}

/* The one diagnostic with this code, at line:col, an error, and (when width > 0)
 * width bytes long. */
static const ddbc_diag *expect_error(fixture *f, ddbc_diag_code code, unsigned line, unsigned col, uint32_t width)
{
    const ddbc_diag *found = expect_diag(f, code, line, col);
    assert_int_equal(found->span.file, f->src->id);
    if (width) assert_int_equal(found->span.end - found->span.start, width);
    assert_int_equal(found->severity, DDBC_SEV_ERROR);
    return found;
}

/* ---- identifiers ------------------------------------------------------------------------ */

static void test_unquoted_identifiers_fold_to_lower_case(void **state)
{
    fixture *f = *state;
    const char *sql = "SELECT CustomerID, order_Date, Café, a$b FROM Shop.Orders;";
    assert_clean(f, lex_pg(f, sql));
    expect_kinds(f, SELECT, IDENT, ',', IDENT, ',', IDENT, ',', IDENT, FROM, IDENT, '.', IDENT, ';', -1);
    expect_tok(f, 0, SELECT, "select", 0, 6);
    expect_tok(f, 1, IDENT, "customerid", at(f, "CustomerID"), at(f, "CustomerID") + 10);
    expect_tok(f, 3, IDENT, "order_date", at(f, "order_Date"), at(f, "order_Date") + 10);
    /* only ASCII letters fold; the é stays as written (two bytes) */
    expect_tok(f, 5, IDENT, "caf\xc3\xa9", at(f, "Caf"), at(f, "Caf") + 5);
    expect_tok(f, 7, IDENT, "a$b", at(f, "a$b"), at(f, "a$b") + 3);
    expect_tok(f, 8, FROM, "from", at(f, "FROM"), at(f, "FROM") + 4);
    expect_tok(f, 9, IDENT, "shop", at(f, "Shop"), at(f, "Shop") + 4);
    expect_tok(f, 11, IDENT, "orders", at(f, "Orders"), at(f, "Orders") + 6);
    expect_tok(f, 12, ';', ";", (uint32_t)strlen(sql) - 1, (uint32_t)strlen(sql));
}

static void test_keywords_are_recognized_in_any_case(void **state)
{
    fixture *f = *state;
    assert_clean(f, lex_pg(f, "Create TABLE if NOT exists t (id Int PRIMARY key);"));
    expect_kinds(f, CREATE, TABLE, IF, NOT, EXISTS, IDENT, '(', IDENT, IDENT, PRIMARY, KEY, ')', ';', -1);
    expect_tok(f, 0, CREATE, "create", 0, 6);
    expect_tok(f, 3, NOT, "not", 16, 19);
    expect_tok(f, 8, IDENT, "int", 33, 36);
    expect_tok(f, 10, KEY, "key", 45, 48);
}

static void test_quoted_identifiers_keep_their_spelling(void **state)
{
    fixture *f = *state;
    const char *sql = "SELECT \"Quoted\", \"Order\", \"a\"\"b\", \"with space\", \"SELECT\" FROM \"Shop\".\"Line Items\"";
    assert_clean(f, lex_pg(f, sql));
    expect_kinds(f, SELECT, QIDENT, ',', QIDENT, ',', QIDENT, ',', QIDENT, ',', QIDENT, FROM, QIDENT, '.', QIDENT,
                 -1);
    expect_tok(f, 1, QIDENT, "Quoted", at(f, "\"Quoted\""), at(f, "\"Quoted\"") + 8);
    expect_tok(f, 3, QIDENT, "Order", at(f, "\"Order\""), at(f, "\"Order\"") + 7);
    expect_tok(f, 5, QIDENT, "a\"b", at(f, "\"a\"\"b\""), at(f, "\"a\"\"b\"") + 6);
    expect_tok(f, 7, QIDENT, "with space", at(f, "\"with"), at(f, "\"with") + 12);
    /* a quoted keyword is a name, not the keyword */
    expect_tok(f, 9, QIDENT, "SELECT", at(f, "\"SELECT\""), at(f, "\"SELECT\"") + 8);
    expect_tok(f, 13, QIDENT, "Line Items", at(f, "\"Line"), (uint32_t)strlen(sql));
}

static void test_backticks_quote_identifiers(void **state)
{
    fixture *f = *state;
    const char *sql = "CREATE TABLE `Order` (`back``tick` int, `key` int);";
    assert_clean(f, lex_my(f, sql));
    expect_kinds(f, CREATE, TABLE, QIDENT, '(', QIDENT, IDENT, ',', QIDENT, IDENT, ')', ';', -1);
    expect_tok(f, 2, QIDENT, "Order", 13, 20);
    expect_tok(f, 4, QIDENT, "back`tick", at(f, "`back"), at(f, "`back") + 12);
    expect_tok(f, 7, QIDENT, "key", at(f, "`key`"), at(f, "`key`") + 5);

    /* mysqldump output fed in without a dialect hint still reads backticks */
    assert_clean(f, lex_pg(f, "`back``tick`"));
    expect_kinds(f, QIDENT, -1);
    expect_tok(f, 0, QIDENT, "back`tick", 0, 12);
}

/* ---- strings ---------------------------------------------------------------------------- */

static void test_postgresql_strings(void **state)
{
    fixture *f = *state;
    const char *sql = "'it''s' 'a\\nb' E'a\\nb' e'it\\'s\\tx' N'nat' X'FF' B'101' '' '-- not a comment'";
    assert_clean(f, lex_pg(f, sql));
    expect_kinds(f, STRING, STRING, STRING, STRING, STRING, STRING, STRING, STRING, STRING, -1);
    expect_tok(f, 0, STRING, "it's", 0, 7);
    /* standard_conforming_strings: a backslash is just a backslash */
    expect_tok(f, 1, STRING, "a\\nb", 8, 14);
    expect_tok(f, 2, STRING, "a\nb", 15, 22);
    expect_tok(f, 3, STRING, "it's\tx", 23, 34);
    expect_tok(f, 4, STRING, "nat", 35, 41);
    expect_tok(f, 5, STRING, "FF", 42, 47);
    expect_tok(f, 6, STRING, "101", 48, 54);
    expect_tok(f, 7, STRING, "", 55, 57);
    expect_tok(f, 8, STRING, "-- not a comment", 58, (uint32_t)strlen(sql));
}

static void test_mysql_strings(void **state)
{
    fixture *f = *state;
    const char *sql = "'a\\'b' \"x\" 'it''s' 'a\\\\b' \"say \\\"hi\\\"\" 'tab\\there' '50\\%'";
    assert_clean(f, lex_my(f, sql));
    expect_kinds(f, STRING, STRING, STRING, STRING, STRING, STRING, STRING, -1);
    expect_tok(f, 0, STRING, "a'b", 0, 6);
    expect_tok(f, 1, STRING, "x", 7, 10);
    expect_tok(f, 2, STRING, "it's", 11, 18);
    expect_tok(f, 3, STRING, "a\\b", 19, 25);
    expect_tok(f, 4, STRING, "say \"hi\"", 26, 38);
    expect_tok(f, 5, STRING, "tab\there", at(f, "'tab"), at(f, "'tab") + 11);
    /* \% keeps its backslash: it is a LIKE escape, not a string escape */
    expect_tok(f, 6, STRING, "50\\%", at(f, "'50"), (uint32_t)strlen(sql));
}

static void test_double_quotes_are_names_outside_mysql(void **state)
{
    fixture *f = *state;
    assert_clean(f, lex(f, DDBC_DIALECT_SQLITE, "\"x\" 'y'"));
    expect_kinds(f, QIDENT, STRING, -1);
    expect_tok(f, 0, QIDENT, "x", 0, 3);
    assert_clean(f, lex_my(f, "\"x\" 'y'"));
    expect_kinds(f, STRING, STRING, -1);
    expect_tok(f, 0, STRING, "x", 0, 3);
}

/* ---- numbers, parameters, operators ----------------------------------------------------- */

static void test_numbers_keep_their_spelling(void **state)
{
    fixture *f = *state;
    assert_clean(f, lex_pg(f, "42 3.14 .5 1e10 1.5E-3 0xFF 7. -8"));
    expect_kinds(f, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, '-', NUMBER, -1);
    expect_tok(f, 0, NUMBER, "42", 0, 2);
    expect_tok(f, 1, NUMBER, "3.14", 3, 7);
    expect_tok(f, 2, NUMBER, ".5", 8, 10);
    expect_tok(f, 3, NUMBER, "1e10", 11, 15);
    expect_tok(f, 4, NUMBER, "1.5E-3", 16, 22);
    expect_tok(f, 5, NUMBER, "0xFF", 23, 27);
    expect_tok(f, 6, NUMBER, "7.", 28, 30);
    expect_tok(f, 7, '-', "-", 31, 32);
    expect_tok(f, 8, NUMBER, "8", 32, 33);
}

static void test_parameters_of_every_style(void **state)
{
    fixture *f = *state;
    const char *sql = "WHERE id=$1 AND n IN ($12,?) AND x = @customer_id AND y=?";
    assert_clean(f, lex_pg(f, sql));
    expect_kinds(f, WHERE, IDENT, '=', PARAM, AND, IDENT, IN_P, '(', PARAM, ',', QMARK, ')', AND, IDENT, '=',
                 NAMED_PARAM, AND, IDENT, '=', QMARK, -1);
    expect_tok(f, 3, PARAM, "$1", 9, 11);
    expect_tok(f, 8, PARAM, "$12", at(f, "$12"), at(f, "$12") + 3);
    expect_tok(f, 10, QMARK, "?", at(f, "?)"), at(f, "?)") + 1);
    expect_tok(f, 15, NAMED_PARAM, "@customer_id", at(f, "@"), at(f, "@") + 12);
    expect_tok(f, 19, QMARK, "?", (uint32_t)strlen(sql) - 1, (uint32_t)strlen(sql));

    /* MySQL system variables are not parameters */
    assert_clean(f, lex_my(f, "SET @saved = @@session.sql_mode;"));
    expect_kinds(f, SET, NAMED_PARAM, '=', IDENT, ';', -1);
    expect_tok(f, 1, NAMED_PARAM, "@saved", 4, 10);
    expect_tok(f, 3, IDENT, "@@session.sql_mode", 13, 31);
}

static void test_operators(void **state)
{
    fixture *f = *state;
    const char *sql = "a::text b<>c d!=e f<=g h>=i j||k l->>'x' m->'y' n@>o p<@q r#>>s t&&u v=w x<y z>a1 b1:c1";
    assert_clean(f, lex_pg(f, sql));
    expect_tok(f, 1, TYPECAST, "::", 1, 3);
    expect_tok(f, 2, IDENT, "text", 3, 7);
    expect_tok(f, 4, NE, "<>", 9, 11);
    expect_tok(f, 7, NE, "!=", 14, 16);
    expect_tok(f, 10, LE, "<=", 19, 21);
    expect_tok(f, 13, GE, ">=", 24, 26);
    expect_tok(f, 16, CONCAT, "||", 29, 31);
    expect_tok(f, 19, OP, "->>", 34, 37);
    expect_tok(f, 20, STRING, "x", 37, 40);
    expect_tok(f, 22, OP, "->", 42, 44);
    expect_tok(f, 25, OP, "@>", at(f, "@>"), at(f, "@>") + 2);
    expect_tok(f, 28, OP, "<@", at(f, "<@"), at(f, "<@") + 2);
    expect_tok(f, 31, OP, "#>>", at(f, "#>>"), at(f, "#>>") + 3);
    expect_tok(f, 34, OP, "&&", at(f, "&&"), at(f, "&&") + 2);
    expect_tok(f, 37, '=', "=", at(f, "v=w") + 1, at(f, "v=w") + 2);
    expect_tok(f, 40, '<', "<", at(f, "x<y") + 1, at(f, "x<y") + 2);
    expect_tok(f, 43, '>', ">", at(f, "z>a1") + 1, at(f, "z>a1") + 2);
    expect_tok(f, 46, ':', ":", at(f, "b1:c1") + 2, at(f, "b1:c1") + 3);
    expect_count(f, 48);

    /* punctuation and arithmetic */
    assert_clean(f, lex_pg(f, "(a[1],b.c*2+3-4/5%6);"));
    expect_kinds(f, '(', IDENT, '[', NUMBER, ']', ',', IDENT, '.', IDENT, '*', NUMBER, '+', NUMBER, '-', NUMBER,
                 '/', NUMBER, '%', NUMBER, ')', ';', -1);
}

/* ---- comments --------------------------------------------------------------------------- */

static void test_comments_are_tokens(void **state)
{
    fixture *f = *state;
    const char *sql = "-- name: GetUser :one\n"
                      "SELECT 1; /* block\n  comment */ -- trailing, it's fine\n"
                      "/* outer /* nested */ still comment */ x";
    assert_clean(f, lex_pg(f, sql));
    expect_kinds(f, DDBC_TK_LINE_COMMENT, SELECT, NUMBER, ';', DDBC_TK_BLOCK_COMMENT, DDBC_TK_LINE_COMMENT,
                 DDBC_TK_BLOCK_COMMENT, IDENT, -1);
    expect_tok(f, 0, DDBC_TK_LINE_COMMENT, "-- name: GetUser :one", 0, 21);
    uint32_t b = at(f, "/* block");
    expect_tok(f, 4, DDBC_TK_BLOCK_COMMENT, "/* block\n  comment */", b, b + 21);
    uint32_t t = at(f, "-- trailing");
    expect_tok(f, 5, DDBC_TK_LINE_COMMENT, "-- trailing, it's fine", t, t + 22);
    /* PostgreSQL block comments nest */
    uint32_t o = at(f, "/* outer");
    expect_tok(f, 6, DDBC_TK_BLOCK_COMMENT, "/* outer /* nested */ still comment */", o, o + 38);
    expect_tok(f, 7, IDENT, "x", (uint32_t)strlen(sql) - 1, (uint32_t)strlen(sql));
}

static void test_mysql_block_comments_do_not_nest(void **state)
{
    fixture *f = *state;
    assert_clean(f, lex_my(f, "/* a /* b */ c"));
    expect_kinds(f, DDBC_TK_BLOCK_COMMENT, IDENT, -1);
    expect_tok(f, 0, DDBC_TK_BLOCK_COMMENT, "/* a /* b */", 0, 12);
    expect_tok(f, 1, IDENT, "c", 13, 14);
}

static void test_mysql_conditional_comments_are_lexed_as_sql(void **state)
{
    fixture *f = *state;
    const char *sql = "/*!40101 SET NAMES utf8mb4 */;\n"
                      "/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;\n"
                      "/*M!100616 SET NOTE_VERBOSITY=0 */;\n"
                      "CREATE TABLE t (id int) /*!50100 PARTITION BY HASH (id) */;";
    assert_clean(f, lex_my(f, sql));
    expect_kinds(f, SET, IDENT, IDENT, ';',
                 SET, NAMED_PARAM, '=', IDENT, ',', IDENT, '=', STRING, ';',
                 SET, IDENT, '=', NUMBER, ';',
                 CREATE, TABLE, IDENT, '(', IDENT, IDENT, ')', PARTITION, BY, IDENT, '(', IDENT, ')', ';', -1);
    expect_tok(f, 0, SET, "set", 9, 12);
    expect_tok(f, 1, IDENT, "names", 13, 18);
    expect_tok(f, 2, IDENT, "utf8mb4", 19, 26);
    expect_tok(f, 3, ';', ";", 29, 30);
    expect_tok(f, 5, NAMED_PARAM, "@OLD_SQL_MODE", at(f, "@OLD"), at(f, "@OLD") + 13);
    expect_tok(f, 7, IDENT, "@@sql_mode", at(f, "@@SQL"), at(f, "@@SQL") + 10);
    expect_tok(f, 11, STRING, "NO_AUTO_VALUE_ON_ZERO", at(f, "'NO_"), at(f, "'NO_") + 23);
    expect_tok(f, 14, IDENT, "note_verbosity", at(f, "NOTE_"), at(f, "NOTE_") + 14);
    expect_tok(f, 25, PARTITION, "partition", at(f, "PARTITION"), at(f, "PARTITION") + 9);
    expect_tok(f, 31, ';', ";", (uint32_t)strlen(sql) - 1, (uint32_t)strlen(sql));

    /* outside MySQL it is an ordinary comment */
    assert_clean(f, lex_pg(f, "/*!40101 SET NAMES utf8 */;"));
    expect_kinds(f, DDBC_TK_BLOCK_COMMENT, ';', -1);
    expect_tok(f, 0, DDBC_TK_BLOCK_COMMENT, "/*!40101 SET NAMES utf8 */", 0, 26);
}

static void test_hash_comments_only_in_mysql(void **state)
{
    fixture *f = *state;
    const char *sql = "# dump header\nSELECT a # the a value\nFROM t;";
    assert_clean(f, lex_my(f, sql));
    expect_kinds(f, DDBC_TK_LINE_COMMENT, SELECT, IDENT, DDBC_TK_LINE_COMMENT, FROM, IDENT, ';', -1);
    expect_tok(f, 0, DDBC_TK_LINE_COMMENT, "# dump header", 0, 13);
    expect_tok(f, 3, DDBC_TK_LINE_COMMENT, "# the a value", at(f, "# the"), at(f, "# the") + 13);

    assert_clean(f, lex_pg(f, sql));
    expect_kinds(f, OP, IDENT, IDENT, SELECT, IDENT, OP, IDENT, IDENT, IDENT, FROM, IDENT, ';', -1);
    expect_tok(f, 0, OP, "#", 0, 1);

    assert_clean(f, lex(f, DDBC_DIALECT_SQLITE, "a # b"));
    expect_kinds(f, IDENT, OP, IDENT, -1);
}

/* ---- dollar quoting --------------------------------------------------------------------- */

static void test_dollar_quoted_function_body_is_one_string(void **state)
{
    fixture *f = *state;
    const char *sql = "CREATE FUNCTION touch() RETURNS trigger AS $$\n"
                      "BEGIN\n"
                      "  NEW.updated_at := now(); -- it's \"fine\"\n"
                      "  RETURN NEW;\n"
                      "END;\n"
                      "$$ LANGUAGE plpgsql;";
    assert_clean(f, lex_pg(f, sql));
    expect_kinds(f, CREATE, IDENT, IDENT, '(', ')', IDENT, IDENT, AS, STRING, IDENT, IDENT, ';', -1);
    uint32_t open = at(f, "$$"), close = at(f, "$$ LANGUAGE");
    expect_tok(f, 8, STRING,
               "\nBEGIN\n  NEW.updated_at := now(); -- it's \"fine\"\n  RETURN NEW;\nEND;\n", open, close + 2);
    expect_tok(f, 9, IDENT, "language", close + 3, close + 11);
}

static void test_dollar_tag_body_holds_dollars(void **state)
{
    fixture *f = *state;
    const char *sql = "DO $body$ SELECT '$$'; price $ 5 $1 $other$ $body$; $$ a $ b $$";
    assert_clean(f, lex_pg(f, sql));
    expect_kinds(f, DO, STRING, ';', STRING, -1);
    expect_tok(f, 1, STRING, " SELECT '$$'; price $ 5 $1 $other$ ", 3, at(f, "; $$"));
    uint32_t e = at(f, "$$ a");
    expect_tok(f, 3, STRING, " a $ b ", e, (uint32_t)strlen(sql));

    /* MySQL has no dollar quoting: DELIMITER $$ is two dollar signs */
    assert_clean(f, lex_my(f, "DELIMITER $$"));
    expect_kinds(f, IDENT, OP, OP, -1);
    expect_tok(f, 1, OP, "$", 10, 11);
    expect_tok(f, 2, OP, "$", 11, 12);
}

/* A tag cannot contain '$' (PostgreSQL), so $q$hello$q$ is the string 'hello'. */
static void test_dollar_tag_directly_followed_by_body(void **state)
{
    fixture *f = *state;
    const char *sql = "SELECT $q$hello$q$, $_$$_$;";
    assert_clean(f, lex_pg(f, sql));
    expect_kinds(f, SELECT, STRING, ',', STRING, ';', -1);
    expect_tok(f, 1, STRING, "hello", 7, 18);
    expect_tok(f, 3, STRING, "", 20, 26);
}

/* ---- what is not SQL -------------------------------------------------------------------- */

static void test_byte_order_mark_is_skipped(void **state)
{
    fixture *f = *state;
    assert_clean(f, lex_pg(f, "\xEF\xBB\xBF" "CREATE TABLE t (id int);"));
    expect_tok(f, 0, CREATE, "create", 3, 9);
    expect_count(f, 8);
}

static void test_column_after_byte_order_mark_counts_from_first_visible_character(void **state)
{
    fixture *f = *state;
    assert_false(lex_pg(f, "\xEF\xBB\xBF{"));
    /* the BOM is invisible in an editor: '{' is in column 1 */
    expect_error(f, DDBC_E0002, 1, 1, 1);
}

static void test_copy_from_stdin_data_is_skipped(void **state)
{
    fixture *f = *state;
    const char *sql = "--\n-- Data for Name: customers; Type: TABLE DATA\n--\n\n"
                      "COPY public.customers (id, email, name) FROM stdin;\n"
                      "1\tann@example.com\tAnn O'Neil\n"
                      "2\tbob@example.com\t\"Bob /* not a comment\n"
                      "3\ta\\.b\t$$\n"
                      "\\.\n"
                      "\n"
                      "ALTER TABLE ONLY public.customers ADD CONSTRAINT customers_pkey PRIMARY KEY (id);\n"
                      "copy t from STDIN with (format csv);\r\n"
                      "x,'y\r\n"
                      "\\.\r\n"
                      "SELECT 1;\n";
    assert_clean(f, lex_pg(f, sql));
    /* the COPY statement itself is scanned */
    size_t i = 0;
    while (i < f->tokens.n && f->tokens.v[i].kind != ';') i++;
    assert_true(i < f->tokens.n);
    expect_tok(f, 3, IDENT, "copy", at(f, "COPY"), at(f, "COPY") + 4);
    expect_tok(f, i - 1, IDENT, "stdin", at(f, "stdin"), at(f, "stdin") + 5);
    /* and scanning resumes after the \. line */
    expect_tok(f, i + 1, ALTER, "alter", at(f, "ALTER"), at(f, "ALTER") + 5);
    size_t j = i + 1;
    while (j < f->tokens.n && f->tokens.v[j].kind != ';') j++;
    expect_tok(f, j + 1, IDENT, "copy", at(f, "copy t"), at(f, "copy t") + 4);
    size_t k = j + 1;
    while (k < f->tokens.n && f->tokens.v[k].kind != ';') k++;
    expect_tok(f, k + 1, SELECT, "select", at(f, "SELECT 1"), at(f, "SELECT 1") + 6);
    expect_count(f, k + 4);
}

static void test_copy_from_file_is_an_ordinary_statement(void **state)
{
    fixture *f = *state;
    assert_clean(f, lex_pg(f, "COPY t FROM '/tmp/t.csv';\nSELECT 1;"));
    expect_kinds(f, IDENT, IDENT, FROM, STRING, ';', SELECT, NUMBER, ';', -1);

    /* data that runs to the end of the file without \. */
    assert_clean(f, lex_pg(f, "COPY t (a) FROM stdin;\n1\n2\n"));
    expect_kinds(f, IDENT, IDENT, '(', IDENT, ')', FROM, IDENT, ';', -1);
}

/* ---- lexical errors --------------------------------------------------------------------- */

static void test_invalid_byte_E0002(void **state)
{
    fixture *f = *state;
    assert_false(lex_pg(f, "CREATE TABLE t (\n  id int {,\n  name text\n);"));
    const ddbc_diag *d = expect_error(f, DDBC_E0002, 2, 10, 1);
    assert_contains(d->message, "'{'");
    /* scanning goes on past the bad byte */
    assert_int_equal(f->tokens.v[f->tokens.n - 1].kind, ';');
    assert_int_equal(f->diags.errors, 1);

    assert_false(lex_pg(f, "SELECT 1\x01;"));
    d = expect_error(f, DDBC_E0002, 1, 9, 1);
    assert_contains(d->message, "0x01");

    assert_false(lex_pg(f, "SELECT \"\" FROM t;"));
    d = expect_error(f, DDBC_E0002, 1, 8, 2);
    assert_contains(d->message, "empty quoted identifier");
}

static void test_unterminated_string_E0003(void **state)
{
    fixture *f = *state;
    assert_false(lex_pg(f, "INSERT INTO t VALUES (1, 'Ann);\nSELECT 1;\n"));
    expect_error(f, DDBC_E0003, 1, 26, 1);
    assert_int_equal(f->diags.errors, 1);

    assert_false(lex_my(f, "SELECT 1;\nSELECT \"abc\\\";\n"));
    expect_error(f, DDBC_E0003, 2, 8, 1);
}

/* The error points at the quote that opens the string, not at a doubled quote inside it. */
static void test_unterminated_string_with_doubled_quote_points_at_its_start(void **state)
{
    fixture *f = *state;
    assert_false(lex_pg(f, "INSERT INTO t VALUES (1, 'Ann O''Neil);\nSELECT 1;\n"));
    expect_error(f, DDBC_E0003, 1, 26, 1);
    /* escapes and prefixes: the error is where the literal begins */
    assert_false(lex_my(f, "SELECT 1, 'it\\'s"));
    expect_error(f, DDBC_E0003, 1, 11, 0);
    assert_false(lex_pg(f, "SELECT 1, E'it\\'s"));
    expect_error(f, DDBC_E0003, 1, 11, 0);
    assert_false(lex_pg(f, "SELECT 1, N'abc"));
    expect_error(f, DDBC_E0003, 1, 11, 0);
    assert_false(lex_pg(f, "SELECT \"a\"\"b"));
    expect_error(f, DDBC_E0007, 1, 8, 0);
    assert_false(lex_my(f, "SELECT `a``b"));
    expect_error(f, DDBC_E0007, 1, 8, 0);
}

static void test_unterminated_comment_E0004(void **state)
{
    fixture *f = *state;
    assert_false(lex_pg(f, "SELECT 1;\n  /* never /* closed */\nSELECT 2;\n"));
    expect_error(f, DDBC_E0004, 2, 3, 2);
    /* what came before is kept */
    expect_tok(f, 2, ';', ";", 8, 9);

    assert_false(lex_my(f, "SELECT 1; /* open"));
    expect_error(f, DDBC_E0004, 1, 11, 2);
}

static void test_unterminated_dollar_quote_E0005(void **state)
{
    fixture *f = *state;
    assert_false(lex_pg(f, "CREATE FUNCTION f() RETURNS int\n  AS $fn$ SELECT 1 $$;\n"));
    const ddbc_diag *d = expect_error(f, DDBC_E0005, 2, 6, 4);
    assert_contains(d->message, "$fn$");
}

static void test_invalid_utf8_E0006(void **state)
{
    fixture *f = *state;
    assert_false(lex_pg(f, "SELECT 1;\nSELECT 'caf\xe9';\n"));
    expect_error(f, DDBC_E0006, 2, 12, 1);
    expect_count(f, 0);

    /* a sequence cut short by the end of the file */
    assert_false(lex_pg(f, "SELECT '\xc3"));
    expect_error(f, DDBC_E0006, 1, 9, 1);
    /* an overlong encoding of '/' */
    assert_false(lex_pg(f, "-- \xc0\xaf\n"));
    expect_error(f, DDBC_E0006, 1, 4, 1);
}

static void test_unterminated_quoted_identifier_E0007(void **state)
{
    fixture *f = *state;
    assert_false(lex_pg(f, "CREATE TABLE \"Orders (id int);\n"));
    expect_error(f, DDBC_E0007, 1, 14, 1);

    assert_false(lex_my(f, "CREATE TABLE t (\n  `id int\n);"));
    const ddbc_diag *d = expect_error(f, DDBC_E0007, 2, 3, 1);
    assert_non_null(d->hint);
    assert_contains(d->hint, "`");
}

static void test_token_too_long_E0008(void **state)
{
    fixture *f = *state;
    char sql[2200];
    memcpy(sql, "SELECT ", 7);
    memset(sql + 7, 'a', DDBC_MAX_IDENT);
    strcpy(sql + 7 + DDBC_MAX_IDENT, " FROM t;");
    /* the longest identifier is accepted */
    assert_clean(f, lex_pg(f, sql));
    assert_int_equal(strlen(f->tokens.v[1].text), DDBC_MAX_IDENT);

    memset(sql + 7, 'a', DDBC_MAX_IDENT + 1);
    strcpy(sql + 7 + DDBC_MAX_IDENT + 1, " FROM t;");
    assert_false(lex_pg(f, sql));
    const ddbc_diag *d = expect_error(f, DDBC_E0008, 1, 8, 0);
    assert_contains(d->message, "1025");

    sql[7] = '"';
    memset(sql + 8, 'b', DDBC_MAX_IDENT + 1);
    strcpy(sql + 8 + DDBC_MAX_IDENT + 1, "\" FROM t;");
    assert_false(lex_pg(f, sql));
    expect_error(f, DDBC_E0008, 1, 8, 0);
}

static void test_lexical_errors_are_capped_per_file(void **state)
{
    fixture *f = *state;
    char sql[64];
    memset(sql, '{', 30);
    strcpy(sql + 30, " SELECT 1;");
    assert_false(lex_pg(f, sql));
    if (f->diags.errors > DDBC_MAX_LEX_ERRORS)
        fail_msg("%zu errors for one file; at most %d expected", f->diags.errors, DDBC_MAX_LEX_ERRORS);
    assert_true(f->diags.errors >= 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, fixture_setup, fixture_teardown)
        T(test_unquoted_identifiers_fold_to_lower_case),
        T(test_keywords_are_recognized_in_any_case),
        T(test_quoted_identifiers_keep_their_spelling),
        T(test_backticks_quote_identifiers),
        T(test_postgresql_strings),
        T(test_mysql_strings),
        T(test_double_quotes_are_names_outside_mysql),
        T(test_numbers_keep_their_spelling),
        T(test_parameters_of_every_style),
        T(test_operators),
        T(test_comments_are_tokens),
        T(test_mysql_block_comments_do_not_nest),
        T(test_mysql_conditional_comments_are_lexed_as_sql),
        T(test_hash_comments_only_in_mysql),
        T(test_dollar_quoted_function_body_is_one_string),
        T(test_dollar_tag_body_holds_dollars),
        T(test_dollar_tag_directly_followed_by_body),
        T(test_byte_order_mark_is_skipped),
        T(test_column_after_byte_order_mark_counts_from_first_visible_character),
        T(test_copy_from_stdin_data_is_skipped),
        T(test_copy_from_file_is_an_ordinary_statement),
        T(test_invalid_byte_E0002),
        T(test_unterminated_string_E0003),
        T(test_unterminated_string_with_doubled_quote_points_at_its_start),
        T(test_unterminated_comment_E0004),
        T(test_unterminated_dollar_quote_E0005),
        T(test_invalid_utf8_E0006),
        T(test_unterminated_quoted_identifier_E0007),
        T(test_token_too_long_E0008),
        T(test_lexical_errors_are_capped_per_file),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
