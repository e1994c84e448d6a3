/* parse.c — splits a token stream into statements and parses the ones ddbc uses.
 *
 * The splitter honours what real schema files contain besides SQL: sqlc
 * annotations and their documentation comments, goose and dbmate migration
 * sections (down sections are ignored), goose StatementBegin/End blocks, the
 * mysql client's DELIMITER and source commands, and psql's backslash commands.
 * Each statement is classified by its leading words; the ones that shape the
 * catalog or are annotated queries go to the Bison parser, the rest are
 * recorded as skipped. */
#include "parse.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "ast_build.h"
#include "ir.h"
#include "lex.h"
#include "parser.h"

static const struct {
    const char *name;
    ddbc_dialect dialect;
} dialect_names[] = {
    {"auto", DDBC_DIALECT_AUTO},         {"postgresql", DDBC_DIALECT_POSTGRESQL},
    {"postgres", DDBC_DIALECT_POSTGRESQL}, {"pg", DDBC_DIALECT_POSTGRESQL},
    {"mysql", DDBC_DIALECT_MYSQL},       {"mariadb", DDBC_DIALECT_MYSQL},
    {"sqlite", DDBC_DIALECT_SQLITE},     {"sqlite3", DDBC_DIALECT_SQLITE},
};

const char *ddbc_dialect_name(ddbc_dialect d)
{
    for (size_t i = 0; i < sizeof dialect_names / sizeof dialect_names[0]; i++)
        if (dialect_names[i].dialect == d) return dialect_names[i].name;
    return "auto";
}

bool ddbc_dialect_parse(const char *name, ddbc_dialect *out)
{
    for (size_t i = 0; i < sizeof dialect_names / sizeof dialect_names[0]; i++) {
        if (strcasecmp(dialect_names[i].name, name) == 0) {
            *out = dialect_names[i].dialect;
            return true;
        }
    }
    return false;
}

/* Guess by counting tell-tale spellings outside comments and strings; ties go
 * to PostgreSQL, whose syntax the others mostly share.  One pass, each word
 * compared only against the table's words of its own length. */
ddbc_dialect ddbc_dialect_detect(const char *text, size_t len)
{
    static const struct { const char *word; size_t len; ddbc_dialect dialect; } words[] = {
        {"engine", 6, DDBC_DIALECT_MYSQL},        {"auto_increment", 14, DDBC_DIALECT_MYSQL},
        {"unsigned", 8, DDBC_DIALECT_MYSQL},      {"delimiter", 9, DDBC_DIALECT_MYSQL},
        {"autoincrement", 13, DDBC_DIALECT_SQLITE}, {"rowid", 5, DDBC_DIALECT_SQLITE},
        {"pragma", 6, DDBC_DIALECT_SQLITE},
        {"serial", 6, DDBC_DIALECT_POSTGRESQL},   {"bigserial", 9, DDBC_DIALECT_POSTGRESQL},
        {"jsonb", 5, DDBC_DIALECT_POSTGRESQL},    {"timestamptz", 11, DDBC_DIALECT_POSTGRESQL},
        {"regclass", 8, DDBC_DIALECT_POSTGRESQL}, {"plpgsql", 7, DDBC_DIALECT_POSTGRESQL},
    };
    size_t score[4] = {0};
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '-' && i + 1 < len && text[i + 1] == '-') {
            const char *nl = memchr(text + i, '\n', len - i);
            i = nl ? (size_t)(nl - text) : len;
        } else if (c == '/' && i + 2 < len && text[i + 1] == '*' && text[i + 2] != '!') {
            for (i += 2; i + 1 < len && !(text[i] == '*' && text[i + 1] == '/'); i++) {}
            i++;
        } else if (c == '/' && i + 2 < len && text[i + 1] == '*') {
            score[DDBC_DIALECT_MYSQL] += 3;
        } else if (c == '\'') {
            for (i++; i < len && text[i] != '\''; i++)
                if (text[i] == '\\') i++;
        } else if (c == '`') {
            score[DDBC_DIALECT_MYSQL]++;
        } else if ((c == ':' && i + 1 < len && text[i + 1] == ':') || (c == '$' && i + 1 < len && text[i + 1] == '$')) {
            score[DDBC_DIALECT_POSTGRESQL] += 2;
            i++;
        } else if (isalpha(c) || c == '_') {
            size_t start = i;
            while (i + 1 < len && (isalnum((unsigned char)text[i + 1]) || text[i + 1] == '_')) i++;
            size_t n = i + 1 - start;
            for (size_t w = 0; w < sizeof words / sizeof words[0]; w++)
                if (words[w].len == n && strncasecmp(text + start, words[w].word, n) == 0)
                    score[words[w].dialect] += 2;
        } else if (isdigit(c)) {
            while (i + 1 < len && (isalnum((unsigned char)text[i + 1]) || text[i + 1] == '_')) i++;
        }
    }
    ddbc_dialect best = DDBC_DIALECT_POSTGRESQL;
    if (score[DDBC_DIALECT_MYSQL] > score[best]) best = DDBC_DIALECT_MYSQL;
    if (score[DDBC_DIALECT_SQLITE] > score[best]) best = DDBC_DIALECT_SQLITE;
    return best;
}

/* ---- the token feeder the grammar reads from ------------------------------ */

static int peek_kind(const ddbc_parser *p, size_t ahead)
{
    size_t i = p->pos + ahead;
    return i < p->ntokens ? p->tokens[i].kind : 0;
}

static bool is_name_token(int kind)
{
    return kind == IDENT || kind == QIDENT;
}

/* KEY and INDEX are MySQL index declarations only where one can stand
 * (`KEY name (cols)`, `INDEX (cols)`, after PRIMARY/UNIQUE/…); elsewhere they
 * are ordinary names, such as a column called `key`. */
static bool key_is_keyword(const ddbc_parser *p, size_t at)
{
    int prev = at > 0 ? p->tokens[at - 1].kind : 0;
    switch (prev) {
    case PRIMARY: case UNIQUE: case FOREIGN: case CREATE: case DROP: case DUPLICATE:
    case FULLTEXT: case SPATIAL: case RENAME: case CONCURRENTLY:
        return true;
    default:
        break;
    }
    int k1 = peek_kind(p, 0), k2 = peek_kind(p, 1), k3 = peek_kind(p, 2);
    if (k1 == '(' || k1 == USING) return true;
    /* `KEY idx (col …)` names an index; `key varchar(10)` / `key enum('a')` is a column. */
    return (is_name_token(k1) || ddbc_keyword_token(k1)) && k2 == '(' && k3 != NUMBER && k3 != STRING;
}

int ddbc_yylex(DDBC_YYSTYPE *lval, ddbc_span *lloc, ddbc_parser *p)
{
    if (p->pos >= p->ntokens) {
        ddbc_span last = p->ntokens ? p->tokens[p->ntokens - 1].span : DDBC_NO_SPAN;
        *lloc = (ddbc_span){last.file, last.end, last.end};
        return DDBC_YYEOF;
    }
    size_t at = p->pos++;
    const ddbc_token *t = &p->tokens[at];
    int kind = t->kind;
    *lloc = t->span;
    lval->str = t->text;
    switch (kind) {
    case '(':
        if (++p->depth > DDBC_MAX_DEPTH) {
            ddbc_diag *d = ddbc_diag_report(p->diags, DDBC_E0009, t->span,
                                            "parentheses nested more than %d deep", DDBC_MAX_DEPTH);
            ddbc_diag_set_hint(p->diags, d, "simplify the expression");
            p->failed = true;
            return DDBC_YYerror;
        }
        break;
    case ')':
        p->depth--;
        break;
    case NOT: {
        int next = peek_kind(p, 0);
        if (next == BETWEEN || next == IN_P || next == LIKE || next == ILIKE) kind = NOT_LA;
        break;
    }
    case IDENT:
        if (strcmp(t->text, "character") == 0 && peek_kind(p, 0) == SET) kind = CHARSET_LA;
        break;
    case KEY:
    case INDEX:
        if (!key_is_keyword(p, at)) kind = IDENT;
        break;
    default:
        break;
    }
    return kind;
}

/* Bison names a token identifier, '(' or DELETE_P; show it as a person would. */
static void append_token_name(ddbc_strbuf *sb, const char *name)
{
    size_t n = strlen(name);
    if (n > 2 && strcmp(name + n - 2, "_P") == 0) n -= 2;
    ddbc_strbuf_append(sb, name, n);
}

static bool name_in(const char *name, const char *const *set)
{
    for (; *set; set++)
        if (strcmp(name, *set) == 0) return true;
    return false;
}

/* "expected ',' or ')'", "expected a name", "expected an expression or ')'":
 * the tokens that could follow, folded into what a person thinks of.  Where a
 * name or a value may stand, keywords are left out (most could be names);
 * otherwise a list longer than a handful says nothing and is left out. */
static void append_expected(ddbc_strbuf *sb, const char *const *expected, int nexp)
{
    static const char *const name_tokens[] = {"identifier", "quoted identifier", NULL};
    static const char *const value_tokens[] = {"number", "parameter", "'?'", "named parameter", NULL};
    enum { MAX_LISTED = 5 };
    bool name = false, value = false, string = false;
    const char *punct[MAX_LISTED], *words[MAX_LISTED];
    int npunct = 0, nwords = 0, more = 0;
    for (int i = 0; i < nexp; i++) {
        const char *t = expected[i];
        if (name_in(t, name_tokens)) name = true;
        else if (name_in(t, value_tokens)) value = true;
        else if (strcmp(t, "string") == 0) string = true;
        else if (t[0] == '\'') {
            if (npunct < MAX_LISTED) punct[npunct++] = t;
            else more++;
        } else if (nwords < MAX_LISTED) {
            words[nwords++] = t;
        } else {
            more++;
        }
    }
    if (name || value) {
        /* Keywords here are mostly names, and '(' '+' '-' '*' only begin values:
         * keep what could end or separate, the marks a person may have dropped. */
        nwords = 0;
        int kept = 0;
        for (int i = 0; i < npunct; i++)
            if (name_in(punct[i], (const char *const[]){"')'", "','", "']'", "';'", NULL}))
                punct[kept++] = punct[i];
        npunct = kept;
    } else if (more) {
        return;                                     /* too many to be of use */
    }
    const char *parts[2 * MAX_LISTED + 2];
    int nparts = 0;
    if (value) parts[nparts++] = "an expression";   /* a column name or a string is one too */
    else if (name) parts[nparts++] = "a name";
    if (string && !value) parts[nparts++] = "a string";
    for (int i = 0; i < nwords; i++) parts[nparts++] = words[i];
    for (int i = 0; i < npunct; i++) parts[nparts++] = punct[i];
    if (nparts == 0) return;
    ddbc_strbuf_puts(sb, "; expected ");
    for (int i = 0; i < nparts; i++) {
        if (i > 0) ddbc_strbuf_puts(sb, i == nparts - 1 ? " or " : ", ");
        if (parts[i][0] == 'a' && parts[i][1] == ' ') ddbc_strbuf_puts(sb, parts[i]); /* "a name" */
        else append_token_name(sb, parts[i]);
    }
}

/* Clause keywords people mistype; a name that is one edit away from one of
 * them, just before a syntax error, is most likely that keyword. */
static const char *misspelled_keyword(const char *word)
{
    static const char *const clauses[] = {"select", "from", "where", "join", "order", "group",
                                          "limit", "values", "set", "into", "table", "returning",
                                          "having", "offset", "references", "primary", "default"};
    size_t n = word ? strlen(word) : 0;
    if (n < 3) return NULL;
    size_t limit = n < 4 ? 1 : 2;   /* "form" is two edits from "from" */
    for (size_t i = 0; i < sizeof clauses / sizeof clauses[0]; i++) {
        size_t d = ddbc_edit_distance(word, clauses[i], limit);
        if (d >= 1 && d <= limit) return clauses[i];
    }
    return NULL;
}

void ddbc_parse_syntax_error(ddbc_parser *p, ddbc_span at, const char *found,
                             const char *const *expected, int nexp)
{
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    if (!found) {
        ddbc_strbuf_puts(&sb, "statement ends too early");
    } else {
        size_t n = at.end - at.start, shown = n > 40 ? 40 : n;
        /* Cut a long token on a character boundary, never inside a UTF-8 sequence. */
        while (shown < n && shown > 0 && ((unsigned char)p->src->text[at.start + shown] & 0xC0) == 0x80)
            shown--;
        ddbc_strbuf_printf(&sb, "unexpected '%.*s'", (int)shown, p->src->text + at.start);
        if (shown < n) ddbc_strbuf_puts(&sb, "…");
    }
    append_expected(&sb, expected, nexp);
    ddbc_diag *d = ddbc_diag_report(p->diags, DDBC_E0010, at, "%s", ddbc_strbuf_cstr(&sb));
    ddbc_strbuf_free(&sb);
    p->failed = true;

    /* The unexpected token, and the one read just before it. */
    const ddbc_token *here = found && p->pos >= 1 ? &p->tokens[p->pos - 1] : NULL;
    const ddbc_token *before = found && p->pos >= 2 ? &p->tokens[p->pos - 2] : NULL;
    const ddbc_token *typo = NULL;
    const char *keyword = NULL;
    if (before && before->kind == IDENT && (keyword = misspelled_keyword(before->text))) {
        typo = before;
    } else if (here && here->kind == IDENT && (keyword = misspelled_keyword(here->text)) &&
               strncmp(here->text, keyword, strlen(keyword)) != 0) {
        typo = here;  /* not when the word only extends the keyword: "orders" is a name */
    }
    if (typo) {
        char upper[16];
        size_t i = 0;
        for (; keyword[i] && i + 1 < sizeof upper; i++) upper[i] = (char)toupper((unsigned char)keyword[i]);
        upper[i] = '\0';
        if (typo == before) ddbc_diag_add_note(p->diags, d, before->span, "'%s' was read as a name", before->text);
        ddbc_diag_set_hint(p->diags, d, "did you mean %s?", upper);
    } else if (here && here->kind == ')' && before && before->kind == ',') {
        ddbc_diag_set_hint(p->diags, d, "remove the comma before ')'");
    } else if (!found) {
        ddbc_diag_set_hint(p->diags, d, "the statement may be cut off, or a closing parenthesis or quote is missing");
    } else if (p->ntokens > 0 && p->tokens[0].kind == CREATE && before &&
               (p->tokens[p->pos - 1].kind == IDENT || p->tokens[p->pos - 1].kind == QIDENT) &&
               before->kind != ',' && before->kind != '(') {
        /* Two definitions run together: the usual cause is a missing comma. */
        ddbc_diag_set_hint(p->diags, d, "is a comma missing before '%.*s'?", (int)(at.end - at.start),
                           p->src->text + at.start);
    }
}

/* ---- the splitter --------------------------------------------------------- */

typedef struct splitter {
    ddbc_source *src;
    ddbc_dialect dialect;
    ddbc_arena *arena;
    ddbc_ast *ast;
    ddbc_diags *diags;
    bool has_annotations;       /* the file is a query file */
    bool bad_annotation;        /* the current statement's annotation was reported invalid */
    DDBC_VEC(ddbc_token) stmt;  /* the current statement's tokens, comments removed */
    ddbc_ast_annotation *annotation;
    ddbc_strbuf doc;
} splitter;

static const char *word_at(const splitter *s, size_t i)
{
    if (i >= s->stmt.n) return "";
    const ddbc_token *t = &s->stmt.v[i];
    return t->kind == QIDENT || t->kind == STRING || !t->text ? "" : t->text;
}

static bool word_is(const splitter *s, size_t i, const char *w)
{
    return strcmp(word_at(s, i), w) == 0;
}

static ddbc_span stmt_span(const splitter *s)
{
    return ddbc_span_join(s->stmt.v[0].span, s->stmt.v[s->stmt.n - 1].span);
}

static void skip(splitter *s, const char *what)
{
    ddbc_ast_skipped sk = {what, stmt_span(s)};
    DDBC_VEC_PUSH(s->arena, s->ast->skipped, sk);
}

/* Words that name what a CREATE/ALTER/DROP statement is about. */
static bool is_object_word(const char *w)
{
    static const char *const objects[] = {
        "access", "aggregate", "cast", "collation", "conversion", "database", "domain",
        "event", "extension", "foreign", "function", "group", "index", "language",
        "materialized", "operator", "policy", "procedure", "publication", "role", "rule",
        "schema", "sequence", "server", "statistics", "subscription", "table", "tablespace",
        "text", "transform", "trigger",
        "type", "user", "view",
    };
    for (size_t i = 0; i < sizeof objects / sizeof objects[0]; i++)
        if (strcmp(w, objects[i]) == 0) return true;
    return false;
}

/* "CREATE FUNCTION": the verb and the object word, upper-cased.  The object is
 * looked for from object_at on, past mysqldump's DEFINER=… and ALGORITHM=… . */
static const char *describe(splitter *s, size_t object_at)
{
    for (size_t i = object_at; i < s->stmt.n && i < object_at + 12; i++) {
        if (is_object_word(word_at(s, i))) {
            object_at = i;
            break;
        }
    }
    const char *verb = word_at(s, 0), *object = word_at(s, object_at);
    char *text = ddbc_arena_printf(s->arena, "%s%s%s", verb, *object ? " " : "", object);
    for (char *c = text; *c; c++) *c = (char)toupper((unsigned char)*c);
    return text;
}

/* DROP_SILENTLY: a query whose annotation was already reported as invalid.
 * UNKNOWN_CREATE: CREATE of no object kind ddbc knows — most likely a typo. */
typedef enum { SKIP, PARSE_DDL, PARSE_QUERY, MISSING_NAME, DROP_SILENTLY, UNKNOWN_CREATE } verdict;

/* Does an object word (TABLE, FUNCTION, …) follow CREATE within a few words? */
static bool known_object(const splitter *s, size_t from)
{
    for (size_t i = from; i < s->stmt.n && i < from + 12; i++)
        if (is_object_word(word_at(s, i))) return true;
    return false;
}

static verdict classify(splitter *s, const char **what)
{
    const char *w0 = word_at(s, 0);
    *what = NULL;
    if (strcmp(w0, "create") == 0) {
        size_t i = 1;
        if (word_is(s, i, "or") && word_is(s, i + 1, "replace")) i += 2;
        while (word_is(s, i, "temp") || word_is(s, i, "temporary") || word_is(s, i, "unlogged") ||
               word_is(s, i, "global") || word_is(s, i, "local"))
            i++;
        if (word_is(s, i, "table")) {
            size_t name_at = i + 1;
            if (word_is(s, name_at, "if")) name_at += 3;
            if (strncmp(word_at(s, name_at), "sqlite_", 7) == 0) {
                *what = "CREATE TABLE (SQLite internal)";
                return SKIP;
            }
            /* CREATE TABLE x AS SELECT …: no columns to learn from. */
            for (size_t j = i + 1; j < s->stmt.n && j < i + 8; j++) {
                if (s->stmt.v[j].kind == '(' || s->stmt.v[j].kind == PARTITION) return PARSE_DDL;
                if (s->stmt.v[j].kind == AS) {
                    *what = "CREATE TABLE AS";
                    return SKIP;
                }
            }
            return PARSE_DDL;
        }
        if (word_is(s, i, "unique") || word_is(s, i, "fulltext") || word_is(s, i, "spatial")) i++;
        if (word_is(s, i, "index")) return PARSE_DDL;
        if (word_is(s, i, "domain")) return PARSE_DDL;
        if (word_is(s, i, "type")) {
            for (size_t j = i + 1; j + 1 < s->stmt.n && j < i + 6; j++)
                if (s->stmt.v[j].kind == AS && s->stmt.v[j + 1].kind == ENUM) return PARSE_DDL;
        }
        *what = describe(s, i);
        if (!known_object(s, i)) return UNKNOWN_CREATE;
        return SKIP;
    }
    if (strcmp(w0, "alter") == 0) {
        if (word_is(s, 1, "table")) return PARSE_DDL;
        *what = describe(s, 1);
        return SKIP;
    }
    if (strcmp(w0, "drop") == 0) {
        if (word_is(s, 1, "table") || word_is(s, 1, "type") || word_is(s, 1, "domain") ||
            word_is(s, 1, "index"))
            return PARSE_DDL;
        *what = describe(s, 1);
        return SKIP;
    }
    if (strcmp(w0, "comment") == 0 && word_is(s, 1, "on")) {
        if (word_is(s, 2, "table") || word_is(s, 2, "column")) return PARSE_DDL;
        *what = "COMMENT ON";
        return SKIP;
    }
    bool dml = strcmp(w0, "select") == 0 || strcmp(w0, "with") == 0 || strcmp(w0, "insert") == 0 ||
               strcmp(w0, "update") == 0 || strcmp(w0, "delete") == 0 || strcmp(w0, "replace") == 0;
    if (dml) {
        if (s->annotation) return PARSE_QUERY;
        if (s->bad_annotation) return DROP_SILENTLY;
        if (s->has_annotations) return MISSING_NAME;
        *what = strcmp(w0, "insert") == 0 || strcmp(w0, "replace") == 0 ? "INSERT (data)" : describe(s, 99);
        return SKIP;
    }
    *what = describe(s, 99);
    if (!**what) *what = "unrecognized";
    return SKIP;
}

static bool only_ignored_actions(const ddbc_ast_alter_table *a)
{
    for (size_t i = 0; i < a->actions.n; i++)
        if (a->actions.v[i]->kind != DDBC_ALTER_IGNORED) return false;
    return true;
}

static void parse_statement(splitter *s, bool is_query)
{
    ddbc_parser p = {
        .arena = s->arena, .diags = s->diags, .src = s->src, .dialect = s->dialect,
        .tokens = s->stmt.v, .ntokens = s->stmt.n,
    };
    int rc = ddbc_yyparse(&p);
    if (rc != 0 || p.failed || !p.stmt) return;
    if (p.stmt->kind == DDBC_STMT_ALTER_TABLE && only_ignored_actions(&p.stmt->u.alter_table)) {
        /* OWNER TO, SET (…), ENABLE TRIGGER …: pg_dump also says ALTER TABLE for views and
         * sequences, so the table may not even exist in the catalog. */
        skip(s, "ALTER TABLE (no schema change)");
        return;
    }
    p.stmt->span = stmt_span(s);
    p.stmt->dialect = s->dialect;
    if (is_query) p.stmt->annotation = s->annotation;
    DDBC_VEC_PUSH(s->arena, s->ast->stmts, p.stmt);
}

static void finish_statement(splitter *s)
{
    if (s->stmt.n == 0) return;
    const char *what;
    switch (classify(s, &what)) {
    case SKIP:
        skip(s, what);
        break;
    case PARSE_DDL:
        if (s->annotation) {
            ddbc_diag *d = ddbc_diag_report(s->diags, DDBC_W0005, s->annotation->span,
                                            "annotation '%s' is on a schema statement and is ignored",
                                            s->annotation->name);
            ddbc_diag_set_hint(s->diags, d, "annotations name queries: SELECT, INSERT, UPDATE or DELETE");
        }
        parse_statement(s, false);
        break;
    case PARSE_QUERY:
        if (s->doc.len) s->annotation->doc = ddbc_arena_strdup(s->arena, ddbc_strbuf_cstr(&s->doc));
        parse_statement(s, true);
        break;
    case DROP_SILENTLY:
        break;
    case UNKNOWN_CREATE: {
        ddbc_span at = s->stmt.n > 1 ? s->stmt.v[1].span : s->stmt.v[0].span;
        ddbc_diag *d = ddbc_diag_report(s->diags, DDBC_W0007, at, "'%s' is not a statement ddbc knows; skipped", what);
        const char *word = word_at(s, 1);
        if (ddbc_name_is_close("table", ddbc_edit_distance(word, "table", 2)))
            ddbc_diag_set_hint(s->diags, d, "did you mean CREATE TABLE?");
        skip(s, what);
        break;
    }
    case MISSING_NAME: {
        ddbc_diag *d = ddbc_diag_report(s->diags, DDBC_E0201, s->stmt.v[0].span,
                                        "query has no '-- name:' annotation");
        ddbc_diag_set_hint(s->diags, d, "put '-- name: MyQuery :many' (or :one, :exec) on the line above it");
        break;
    }
    }
    s->stmt.n = 0;
    s->annotation = NULL;
    s->bad_annotation = false;
    ddbc_strbuf_reset(&s->doc);
}

/* The comment's text without its markers: "-- x" → "x", "/ * x * /" → "x". */
static void comment_body(const ddbc_token *t, const char **body, size_t *len)
{
    const char *s = t->text;
    size_t n = strlen(s);
    if (t->kind == DDBC_TK_LINE_COMMENT) {
        size_t skipn = s[0] == '#' ? 1 : 2;
        s += skipn;
        n -= skipn;
    } else {
        s += 2;
        n = n >= 4 ? n - 4 : 0;
    }
    while (n && (*s == ' ' || *s == '\t')) s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')) n--;
    *body = s;
    *len = n;
}

static bool starts_with(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && strncasecmp(s, prefix, k) == 0;
}

static bool is_blank(char c) { return c == ' ' || c == '\t'; }
static bool is_space(char c) { return is_blank(c) || c == '\n' || c == '\r'; }

/* The lines of a block comment's body, without the leading " * " decoration. */
static void block_comment_doc(ddbc_strbuf *doc, const char *text, size_t n)
{
    while (n > 0) {
        const char *nl = memchr(text, '\n', n);
        size_t len = nl ? (size_t)(nl - text) : n;
        const char *line = text;
        size_t k = len;
        while (k && is_space(*line)) line++, k--;
        if (k && *line == '*') line++, k--;
        while (k && is_blank(*line)) line++, k--;
        while (k && is_space(line[k - 1])) k--;
        if (k) {
            if (doc->len) ddbc_strbuf_putc(doc, '\n');
            ddbc_strbuf_append(doc, line, k);
        }
        if (!nl) break;
        n -= len + 1;
        text = nl + 1;
    }
}

/* sqlc's marker is the lower-case word "name:" opening the comment (pg_dump's
 * "-- Name: x; Type: TABLE" headers are not annotations). */
static bool is_annotation(const char *body, size_t n)
{
    return n >= 5 && strncmp(body, "name:", 5) == 0;
}

/* `name: ListOrders :many` → an annotation; NULL if the comment is not one. */
static ddbc_ast_annotation *parse_annotation(splitter *s, const ddbc_token *t, const char *body, size_t n)
{
    ddbc_ast_annotation *a = DDBC_NEW(s->arena, ddbc_ast_annotation);
    a->span = t->span;
    size_t i = 5;
    while (i < n && is_blank(body[i])) i++;
    size_t name_start = i;
    while (i < n && !is_space(body[i])) i++;
    uint32_t off = t->span.start + (uint32_t)(body - t->text);
    a->name = ddbc_arena_strndup(s->arena, body + name_start, i - name_start);
    a->name_span = (ddbc_span){t->span.file, off + (uint32_t)name_start, off + (uint32_t)i};
    while (i < n && is_blank(body[i])) i++;
    size_t kind_start = i;
    while (i < n && !is_space(body[i])) i++;
    a->kind_text = ddbc_arena_strndup(s->arena, body + kind_start, i - kind_start);
    ddbc_span kind_span = {t->span.file, off + (uint32_t)kind_start, off + (uint32_t)i};
    a->kind_span = kind_span;
    if (!a->name[0] || a->name[0] == ':') {
        ddbc_diag *d = ddbc_diag_report(s->diags, DDBC_E0212, a->name_span, "annotation has no query name");
        ddbc_diag_set_hint(s->diags, d, "write it as '-- name: GetThing :one'");
        return NULL;
    }
    if (a->kind_text[0] != ':') {
        ddbc_diag *d = ddbc_diag_report(s->diags, DDBC_E0212, kind_span,
                                        "annotation for '%s' has no query kind", a->name);
        ddbc_diag_set_hint(s->diags, d, "add one of :one, :many, :exec, :execrows after the name");
        return NULL;
    }
    a->kind_known = ddbc_query_kind_parse(a->kind_text + 1, &a->kind);
    if (!a->kind_known) a->kind = DDBC_KIND_EXEC;
    /* A block comment may go on after the annotation line: that is documentation. */
    while (i < n && body[i] != '\n') i++;
    if (i < n) block_comment_doc(&s->doc, body + i + 1, n - i - 1);
    return a;
}

/* A pending annotation that no statement followed. */
static void orphan_annotation(splitter *s)
{
    if (!s->annotation) return;
    ddbc_diag *d = ddbc_diag_report(s->diags, DDBC_W0001, s->annotation->span,
                                    "annotation '%s' has no statement", s->annotation->name);
    ddbc_diag_set_hint(s->diags, d, "each '-- name:' line must be followed by its query");
}

/* SQLite (and MySQL without DELIMITER) write trigger bodies as
 * BEGIN stmt; stmt; END — the semicolons inside do not end the statement. */
static bool inside_trigger_body(const splitter *s)
{
    if (!word_is(s, 0, "create")) return false;
    size_t i = 1;
    while (i < s->stmt.n && i < 4 && !word_is(s, i, "trigger")) i++;
    if (!word_is(s, i, "trigger")) return false;
    int depth = 0;
    for (size_t j = i; j < s->stmt.n; j++) {
        if (s->stmt.v[j].kind == IDENT && strcmp(s->stmt.v[j].text, "begin") == 0) depth++;
        else if (s->stmt.v[j].kind == END_P && depth > 0 &&
                 (j + 1 == s->stmt.n || s->stmt.v[j + 1].kind == ';')) depth--;
    }
    return depth > 0;
}

/* Where needle occurs inside the text of span, after its first byte; NULL if not. */
static const char *find_in_span(const ddbc_source *src, ddbc_span span, const char *needle, size_t n)
{
    for (uint32_t i = span.start + 1; i + n <= span.end; i++)
        if (memcmp(src->text + i, needle, n) == 0) return src->text + i;
    return NULL;
}

/* The rest of the line holding token i, as raw text (client commands). */
static size_t line_end(const ddbc_source *src, uint32_t from)
{
    const char *nl = memchr(src->text + from, '\n', src->len - from);
    return nl ? (size_t)(nl - src->text) : src->len;
}

size_t ddbc_parse_source(ddbc_source *src, ddbc_dialect dialect, ddbc_arena *arena,
                         ddbc_ast *ast, ddbc_diags *diags)
{
    size_t errors_before = diags->errors;
    if (dialect == DDBC_DIALECT_AUTO) dialect = ddbc_dialect_detect(src->text, src->len);
    ddbc_token_list tokens = {0};
    if (!ddbc_lex_source(src, dialect, arena, diags, &tokens)) return diags->errors - errors_before;

    splitter s = {.src = src, .dialect = dialect, .arena = arena, .ast = ast, .diags = diags};
    bool any_token = false;
    for (size_t i = 0; i < tokens.n; i++) {
        const ddbc_token *t = &tokens.v[i];
        if (t->kind != DDBC_TK_LINE_COMMENT && t->kind != DDBC_TK_BLOCK_COMMENT) {
            any_token = true;
            continue;
        }
        const char *body;
        size_t n;
        comment_body(t, &body, &n);
        if (is_annotation(body, n)) s.has_annotations = true;
    }
    if (!any_token && !s.has_annotations) {
        ddbc_diag *d = ddbc_diag_report(diags, DDBC_E0012, (ddbc_span){src->id, 0, 0},
                                        "'%s' holds no SQL statements", src->path);
        ddbc_diag_set_hint(diags, d, "give ddbc the files with your CREATE TABLE statements and queries");
        return diags->errors - errors_before;
    }

    const char *delimiter = ";";   /* the mysql client's DELIMITER */
    bool down = false;             /* inside a goose/dbmate down section */
    bool block = false;            /* inside goose StatementBegin … StatementEnd */
    size_t skip_until = 0;         /* byte offset: tokens before it belong to a client command */
    for (size_t i = 0; i < tokens.n; i++) {
        const ddbc_token *t = &tokens.v[i];
        if (t->span.start < skip_until) continue;
        if (t->kind == DDBC_TK_ERROR) continue;
        if (t->kind == DDBC_TK_LINE_COMMENT || t->kind == DDBC_TK_BLOCK_COMMENT) {
            const char *body;
            size_t n;
            comment_body(t, &body, &n);
            if (starts_with(body, n, "+goose down") || starts_with(body, n, "migrate:down")) {
                finish_statement(&s);
                down = true;
            } else if (starts_with(body, n, "+goose up") || starts_with(body, n, "migrate:up")) {
                finish_statement(&s);
                down = false;
            } else if (down) {
                /* ignored */
            } else if (starts_with(body, n, "+goose statementbegin")) {
                finish_statement(&s);
                block = true;
            } else if (starts_with(body, n, "+goose statementend")) {
                block = false;
                finish_statement(&s);
            } else if (is_annotation(body, n)) {
                if (s.stmt.n) finish_statement(&s);
                orphan_annotation(&s);
                ddbc_strbuf_reset(&s.doc);
                s.annotation = parse_annotation(&s, t, body, n);
                s.bad_annotation = s.annotation == NULL;
            } else if (s.annotation && s.stmt.n == 0 && t->kind == DDBC_TK_LINE_COMMENT) {
                if (s.doc.len) ddbc_strbuf_putc(&s.doc, '\n');
                ddbc_strbuf_append(&s.doc, body, n);
            }
            continue;
        }
        if (down) continue;

        if (s.stmt.n == 0) {
            /* Client commands own their whole line and need no terminator. */
            bool delim_cmd = t->kind == IDENT && strcmp(t->text, "delimiter") == 0;
            bool source_cmd = t->kind == IDENT && strcmp(t->text, "source") == 0 && dialect == DDBC_DIALECT_MYSQL;
            bool backslash_cmd = t->kind == OP && t->text[0] == '\\';
            if (delim_cmd || source_cmd || backslash_cmd) {
                size_t end = line_end(src, t->span.end);
                if (delim_cmd) {
                    const char *w = src->text + t->span.end;
                    while (w < src->text + end && (*w == ' ' || *w == '\t')) w++;
                    const char *we = w;
                    while (we < src->text + end && *we != ' ' && *we != '\t' && *we != '\r') we++;
                    if (we > w) delimiter = ddbc_arena_strndup(arena, w, (size_t)(we - w));
                }
                ddbc_ast_skipped sk = {delim_cmd ? "DELIMITER" : source_cmd ? "SOURCE" : "psql command",
                                       {src->id, t->span.start, (uint32_t)end}};
                DDBC_VEC_PUSH(arena, ast->skipped, sk);
                skip_until = end;
                continue;
            }
        }

        if (strcmp(delimiter, ";") != 0) {
            size_t dn = strlen(delimiter);
            if (t->span.start + dn <= src->len && memcmp(src->text + t->span.start, delimiter, dn) == 0) {
                finish_statement(&s);
                skip_until = t->span.start + (uint32_t)dn;
                continue;
            }
            /* The delimiter may be glued to the end of a word: `END$$` scans as one
             * identifier, since $ may appear in names. */
            const char *glued = find_in_span(src, t->span, delimiter, dn);
            if (glued) {
                DDBC_VEC_PUSH(arena, s.stmt, *t);
                finish_statement(&s);
                skip_until = (uint32_t)(glued - src->text + dn);
                continue;
            }
        } else if (t->kind == ';' && !block && !inside_trigger_body(&s)) {
            finish_statement(&s);
            continue;
        }
        DDBC_VEC_PUSH(arena, s.stmt, *t);
    }
    finish_statement(&s);
    orphan_annotation(&s);
    ddbc_strbuf_free(&s.doc);
    return diags->errors - errors_before;
}
