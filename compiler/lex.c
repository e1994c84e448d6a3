/* lex.c — runs the Flex scanner over a source file and collects its tokens.
 *
 * Normalizes what the grammar needs normalized (identifiers folded, quotes and
 * escapes removed, keywords recognized), turns lexical errors into
 * diagnostics, and steps over COPY … FROM stdin data blocks, which are not SQL. */
#include "lex.h"

#include <stdlib.h>
#include <string.h>

#include "parser.h"
#include "lexer.h"

void ddbc_scan_begin_mysql(yyscan_t yyscanner, bool mysql);

static const struct keyword {
    const char *word;
    int token;
} keywords[] = { /* sorted by word */
    {"action", ACTION}, {"add", ADD}, {"after", AFTER}, {"all", ALL}, {"alter", ALTER},
    {"always", ALWAYS}, {"and", AND}, {"any", ANY}, {"array", ARRAY}, {"as", AS},
    {"asc", ASC}, {"at", AT}, {"attach", ATTACH}, {"auto_increment", AUTO_INCREMENT},
    {"autoincrement", AUTOINCREMENT}, {"between", BETWEEN}, {"by", BY},
    {"cascade", CASCADE}, {"case", CASE}, {"cast", CAST}, {"change", CHANGE},
    {"check", CHECK}, {"collate", COLLATE}, {"column", COLUMN}, {"comment", COMMENT},
    {"concurrently", CONCURRENTLY}, {"conflict", CONFLICT}, {"constraint", CONSTRAINT},
    {"create", CREATE}, {"cross", CROSS}, {"default", DEFAULT}, {"deferrable", DEFERRABLE},
    {"deferred", DEFERRED}, {"delete", DELETE_P}, {"desc", DESC}, {"detach", DETACH},
    {"distinct", DISTINCT}, {"do", DO}, {"domain", DOMAIN}, {"drop", DROP},
    {"duplicate", DUPLICATE}, {"else", ELSE}, {"end", END_P}, {"enum", ENUM},
    {"escape", ESCAPE}, {"except", EXCEPT}, {"exclude", EXCLUDE}, {"exists", EXISTS},
    {"false", FALSE_P}, {"first", FIRST}, {"for", FOR}, {"foreign", FOREIGN},
    {"from", FROM}, {"full", FULL}, {"fulltext", FULLTEXT}, {"generated", GENERATED},
    {"group", GROUP}, {"having", HAVING}, {"identity", IDENTITY}, {"if", IF},
    {"ignore", IGNORE}, {"ilike", ILIKE}, {"immediate", IMMEDIATE}, {"in", IN_P},
    {"include", INCLUDE}, {"index", INDEX}, {"initially", INITIALLY}, {"inner", INNER},
    {"insert", INSERT}, {"intersect", INTERSECT}, {"into", INTO}, {"is", IS},
    {"join", JOIN}, {"key", KEY}, {"last", LAST}, {"left", LEFT}, {"like", LIKE},
    {"limit", LIMIT}, {"match", MATCH}, {"modify", MODIFY}, {"natural", NATURAL},
    {"no", NO}, {"not", NOT}, {"nothing", NOTHING}, {"null", NULL_P}, {"nulls", NULLS},
    {"of", OF}, {"offset", OFFSET}, {"on", ON}, {"only", ONLY}, {"or", OR},
    {"order", ORDER}, {"outer", OUTER}, {"owner", OWNER}, {"partition", PARTITION},
    {"primary", PRIMARY}, {"references", REFERENCES}, {"rename", RENAME}, {"replace", REPLACE},
    {"restrict", RESTRICT}, {"returning", RETURNING}, {"right", RIGHT}, {"rowid", ROWID},
    {"select", SELECT}, {"set", SET}, {"some", SOME}, {"spatial", SPATIAL},
    {"stored", STORED}, {"table", TABLE}, {"temp", TEMP}, {"temporary", TEMPORARY},
    {"then", THEN}, {"time", TIME}, {"to", TO}, {"true", TRUE_P}, {"type", TYPE_P},
    {"union", UNION}, {"unique", UNIQUE}, {"unlogged", UNLOGGED}, {"update", UPDATE},
    {"using", USING}, {"values", VALUES}, {"varying", VARYING}, {"virtual", VIRTUAL},
    {"when", WHEN}, {"where", WHERE}, {"with", WITH}, {"without", WITHOUT}, {"zone", ZONE},
};

static int keyword_cmp(const void *key, const void *elem)
{
    return strcmp(key, ((const struct keyword *)elem)->word);
}

/* Keyword token for a lower-case word, or 0. */
static int keyword_lookup(const char *lower, size_t len)
{
    char buf[32];
    if (len >= sizeof buf) return 0;
    memcpy(buf, lower, len);
    buf[len] = '\0';
    const struct keyword *k = bsearch(buf, keywords, sizeof keywords / sizeof keywords[0],
                                      sizeof keywords[0], keyword_cmp);
    return k ? k->token : 0;
}

bool ddbc_keyword_token(int kind)
{
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
        if (keywords[i].token == kind) return true;
    return false;
}

static char *fold_lower(ddbc_arena *arena, const char *s, size_t n)
{
    char *out = ddbc_arena_strndup(arena, s, n);
    for (size_t i = 0; i < n; i++)
        if (out[i] >= 'A' && out[i] <= 'Z') out[i] = (char)(out[i] - 'A' + 'a');
    return out;
}

/* Remove the quotes of q…q and undouble qq inside. */
static char *unquote(ddbc_arena *arena, const char *s, size_t n, char q)
{
    char *out = ddbc_arena_alloc(arena, n + 1);
    size_t k = 0;
    for (size_t i = 1; i + 1 < n; i++) {
        out[k++] = s[i];
        if (s[i] == q && s[i + 1] == q) i++;
    }
    out[k] = '\0';
    return out;
}

/* A string body with backslash escapes (MySQL, E'…'). */
static char *unescape(ddbc_arena *arena, const char *s, size_t n, char q)
{
    char *out = ddbc_arena_alloc(arena, n + 1);
    size_t k = 0;
    for (size_t i = 1; i + 1 < n; i++) {
        char ch = s[i];
        if (ch == '\\' && i + 2 < n) {
            char e = s[++i];
            switch (e) {
            case 'n': out[k++] = '\n'; break;
            case 't': out[k++] = '\t'; break;
            case 'r': out[k++] = '\r'; break;
            case 'b': out[k++] = '\b'; break;
            case '0': out[k++] = '\\'; out[k++] = '0'; break; /* keep NUL visible, never embed it */
            case 'Z': out[k++] = '\x1a'; break;
            case '%': case '_': out[k++] = '\\'; out[k++] = e; break;
            default: out[k++] = e; break;
            }
        } else {
            out[k++] = ch;
            if (ch == q && s[i + 1] == q) i++;
        }
    }
    out[k] = '\0';
    return out;
}

static bool ends_copy_from_stdin(const ddbc_token_list *tokens, size_t stmt_start);
static uint32_t skip_copy_data(const ddbc_source *src, uint32_t pos);

static void lex_error(ddbc_lexer *lx, uint32_t start, uint32_t end, const char *text, size_t len)
{
    ddbc_span span = {lx->src->id, start, end};
    lx->errors++;
    if (strcmp(text, "unterminated comment") == 0) {
        ddbc_diag *d = ddbc_diag_report(lx->diags, DDBC_E0004, span, "comment is never closed");
        ddbc_diag_set_hint(lx->diags, d, "close it with */");
    } else if (strncmp(text, "unterminated dollar", 19) == 0) {
        ddbc_diag *d = ddbc_diag_report(lx->diags, DDBC_E0005, span,
                                        "dollar-quoted string %.*s is never closed",
                                        (int)(end - start), lx->src->text + start);
        ddbc_diag_set_hint(lx->diags, d, "end the body with the same tag: %.*s",
                           (int)(end - start), lx->src->text + start);
    } else if (len == 1 && text[0] == '\'') {
        ddbc_diag *d = ddbc_diag_report(lx->diags, DDBC_E0003, span, "string is never closed");
        ddbc_diag_set_hint(lx->diags, d, "close it with ' (write '' for a quote inside a string)");
    } else if (len == 1 && (text[0] == '"' || text[0] == '`')) {
        bool is_string = text[0] == '"' && lx->dialect == DDBC_DIALECT_MYSQL;
        ddbc_diag *d = ddbc_diag_report(lx->diags, is_string ? DDBC_E0003 : DDBC_E0007, span,
                                        is_string ? "string is never closed"
                                                  : "quoted identifier is never closed");
        ddbc_diag_set_hint(lx->diags, d, "close it with %c", text[0]);
    } else {
        unsigned char b = (unsigned char)text[0];
        if (b >= 0x20 && b < 0x7f)
            ddbc_diag_report(lx->diags, DDBC_E0002, span, "unexpected character '%c'", b);
        else
            ddbc_diag_report(lx->diags, DDBC_E0002, span, "unexpected byte 0x%02x", b);
    }
}

bool ddbc_lex_token(ddbc_lexer *lx, int kind, uint32_t start, uint32_t end,
                    const char *text, size_t len)
{
    ddbc_token t = {kind, {lx->src->id, start, end}, NULL};
    switch (kind) {
    case ';':
        t.text = ";";
        lx->copy_data = ends_copy_from_stdin(lx->out, lx->stmt_start);
        DDBC_VEC_PUSH(lx->arena, *lx->out, t);
        lx->stmt_start = lx->out->n;
        return true;
    case DDBC_TK_ERROR:
        lex_error(lx, start, end, text, len);
        break;
    case IDENT:
        if (len > DDBC_MAX_IDENT) {
            ddbc_diag *d = ddbc_diag_report(lx->diags, DDBC_E0008, (ddbc_span){lx->src->id, start, start + 1},
                                            "identifier is %zu bytes long; the longest accepted is %d",
                                            len, DDBC_MAX_IDENT);
            ddbc_diag_set_hint(lx->diags, d, "DynamoDB attribute names and SQL names are far shorter; is a quote missing?");
            lx->errors++;
            t.kind = DDBC_TK_ERROR;
            break;
        }
        t.text = fold_lower(lx->arena, text, len);
        if (text[0] != '@') {
            int kw = keyword_lookup(t.text, len);
            if (kw) t.kind = kw;
        }
        break;
    case QIDENT:
        if (len > DDBC_MAX_IDENT + 2) {
            ddbc_diag_report(lx->diags, DDBC_E0008, (ddbc_span){lx->src->id, start, start + 1},
                             "quoted identifier is %zu bytes long; the longest accepted is %d",
                             len - 2, DDBC_MAX_IDENT);
            lx->errors++;
            t.kind = DDBC_TK_ERROR;
            break;
        }
        t.text = unquote(lx->arena, text, len, text[0]);
        if (!t.text[0]) {
            ddbc_diag_report(lx->diags, DDBC_E0002, t.span, "empty quoted identifier");
            lx->errors++;
        }
        break;
    case STRING:
        if (start + len == end) {
            /* A quoted literal: '…', E'…', N'…', X'…', B'…', or MySQL "…". */
            char first = text[0];
            if (first == 'e' || first == 'E')
                t.text = unescape(lx->arena, text + 1, len - 1, '\'');
            else if (first == '\'' || first == '"')
                t.text = lx->dialect == DDBC_DIALECT_MYSQL ? unescape(lx->arena, text, len, first)
                                                           : unquote(lx->arena, text, len, first);
            else
                t.text = unquote(lx->arena, text + 1, len - 1, '\'');
        } else {
            t.text = ddbc_arena_strndup(lx->arena, text, len); /* a $$ body, already cut out */
        }
        break;
    case NAMED_PARAM:
        t.text = ddbc_arena_strndup(lx->arena, text, len);
        break;
    default:
        t.text = ddbc_arena_strndup(lx->arena, text, len);
        break;
    }
    DDBC_VEC_PUSH(lx->arena, *lx->out, t);
    if (lx->errors >= DDBC_MAX_LEX_ERRORS) {
        ddbc_diag_report(lx->diags, DDBC_N0003, t.span,
                         "%d lexical errors in '%s'; the rest of the file is not read",
                         DDBC_MAX_LEX_ERRORS, lx->src->path);
        return false;
    }
    return true;
}

/* Where the line after a COPY … FROM stdin statement's data ends: just past a
 * line holding only "\.", or the end of the file. */
static uint32_t skip_copy_data(const ddbc_source *src, uint32_t pos)
{
    while (pos < src->len && src->text[pos] != '\n') pos++;
    if (pos < src->len) pos++;
    while (pos < src->len) {
        const char *line = src->text + pos;
        const char *nl = memchr(line, '\n', src->len - pos);
        size_t n = nl ? (size_t)(nl - line) : src->len - pos;
        if (n >= 2 && line[0] == '\\' && line[1] == '.' && (n == 2 || (n == 3 && line[2] == '\r')))
            return pos + (uint32_t)n;
        pos += (uint32_t)n + (nl ? 1 : 0);
    }
    return pos;
}

/* Did the statement that just ended with ';' read data from stdin? */
static bool ends_copy_from_stdin(const ddbc_token_list *tokens, size_t stmt_start)
{
    size_t i = stmt_start;
    while (i < tokens->n && (tokens->v[i].kind == DDBC_TK_LINE_COMMENT ||
                             tokens->v[i].kind == DDBC_TK_BLOCK_COMMENT))
        i++;
    if (i >= tokens->n || tokens->v[i].kind != IDENT || strcmp(tokens->v[i].text, "copy") != 0)
        return false;
    for (size_t j = i; j < tokens->n; j++)
        if (tokens->v[j].kind == IDENT && strcmp(tokens->v[j].text, "stdin") == 0) return true;
    return false;
}

static bool valid_utf8(ddbc_source *src, ddbc_diags *diags)
{
    const char *s = src->text;
    for (size_t i = 0; i < src->len;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t n = ddbc_utf8_len(s + i, src->len - i);
        if (!n) {
            ddbc_diag *d = ddbc_diag_report(diags, DDBC_E0006, (ddbc_span){src->id, (uint32_t)i, (uint32_t)i + 1},
                                            "invalid UTF-8 (byte 0x%02x); the file is not read further", c);
            ddbc_diag_set_hint(diags, d, "convert the file to UTF-8, e.g. iconv -f latin1 -t utf-8");
            return false;
        }
        i += n;
    }
    return true;
}

bool ddbc_lex_source(ddbc_source *src, ddbc_dialect dialect, ddbc_arena *arena,
                     ddbc_diags *diags, ddbc_token_list *tokens)
{
    if (src->len >= UINT32_MAX - 2) {
        ddbc_diag_report(diags, DDBC_E0001, (ddbc_span){src->id, 0, 0}, "file is larger than 4 GB");
        return false;
    }
    if (!valid_utf8(src, diags)) return false;

    ddbc_lexer lx = {.src = src, .out = tokens, .dialect = dialect, .arena = arena,
                     .diags = diags, .stmt_start = tokens->n};
    uint32_t pos = src->len >= 3 && memcmp(src->text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;

    /* One scanner run per stretch of SQL; COPY data blocks between stretches are skipped. */
    while (pos < src->len && lx.errors < DDBC_MAX_LEX_ERRORS) {
        yyscan_t scanner;
        ddbc_scan_lex_init_extra(&lx, &scanner);
        YY_BUFFER_STATE buf = ddbc_scan__scan_bytes(src->text + pos, (int)(src->len - pos), scanner);
        ddbc_scan_begin_mysql(scanner, dialect == DDBC_DIALECT_MYSQL);
        lx.pos = pos;
        lx.copy_data = false;
        lx.exec_comment_depth = 0;
        DDBC_YYSTYPE lval;
        ddbc_span lloc;
        while (ddbc_scan_lex(&lval, &lloc, scanner) != 0 && !lx.copy_data && lx.errors < DDBC_MAX_LEX_ERRORS) {
            /* the rule actions append the tokens */
        }
        ddbc_scan__delete_buffer(buf, scanner);
        ddbc_scan_lex_destroy(scanner);
        pos = lx.copy_data ? skip_copy_data(src, lx.pos) : (uint32_t)src->len;
    }
    return lx.errors == 0;
}
