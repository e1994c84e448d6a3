/* parser.y — the SQL grammar ddbc understands: DDL that shapes the catalog and
 * the statements of annotated queries.
 *
 * Pure parser, one statement per parse: the splitter (parse.c) decides what a
 * statement is and hands its tokens over; statements ddbc has no use for never
 * reach this grammar.  Actions are one-line calls to the constructors in ast.c.
 * Conflicts are fixed with precedence, never by raising %expect. */
%require "3.8"
%define api.pure full
%define api.prefix {ddbc_yy}
%define api.location.type {ddbc_span}
%define parse.error custom
%define parse.lac full
%locations
%param {ddbc_parser *p}
%expect 0

%code requires {
#include "ast_build.h"
}

%code provides {
int ddbc_yylex(DDBC_YYSTYPE *lval, ddbc_span *lloc, ddbc_parser *p);
void ddbc_yyerror(ddbc_span *loc, ddbc_parser *p, const char *msg);
}

%code {
#define YYLLOC_DEFAULT(Cur, Rhs, N)                                         \
    do {                                                                    \
        if (N) {                                                            \
            (Cur).file = YYRHSLOC(Rhs, 1).file;                             \
            (Cur).start = YYRHSLOC(Rhs, 1).start;                           \
            (Cur).end = YYRHSLOC(Rhs, N).end;                               \
        } else {                                                            \
            (Cur).file = YYRHSLOC(Rhs, 0).file;                             \
            (Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end;                 \
        }                                                                   \
    } while (0)
#define A (p->arena)
#define S(kind) (p->stmt = ddbc_ast_stmt_new(p, (kind)))
/* The statement being built, by kind. */
#define CT (&p->stmt->u.create_table)
#define AT (&p->stmt->u.alter_table)
#define CI (&p->stmt->u.create_index)
#define CTY (&p->stmt->u.create_type)
#define DR (&p->stmt->u.drop)
#define CM (&p->stmt->u.comment)
#define IN (&p->stmt->u.insert)
#define UP (&p->stmt->u.update)
#define DE (&p->stmt->u.del)
}

%union {
    const char *str;
    bool flag;
    int num;
    ddbc_ident ident;
    ddbc_qname qname;
    ddbc_ident_list idents;
    ddbc_expr *expr;
    ddbc_expr_list exprs;
    ddbc_ast_type *type;
    ddbc_ast_column *column;
    ddbc_ast_constraint *cons;
    ddbc_constraint_list conslist;
    ddbc_ast_alter_action *alter;
    ddbc_ast_select *select;
    ddbc_ast_table_ref tref;
    ddbc_join_type jointype;
    ddbc_ref_action refaction;
    ddbc_object_kind objkind;
}

%token <str> IDENT "identifier"
%token <str> QIDENT "quoted identifier"
%token <str> STRING "string"
%token <str> NUMBER "number"
%token <str> PARAM "parameter"
%token <str> QMARK "'?'"
%token <str> NAMED_PARAM "named parameter"
%token <str> OP "operator"
%token <str> TYPECAST "'::'"
%token <str> NE "'<>'"
%token <str> LE "'<='"
%token <str> GE "'>='"
%token <str> CONCAT "'||'"
%token <str> NOT_LA "NOT"
%token <str> CHARSET_LA "CHARACTER"

/* Reserved words: never names. */
%token <str> ALL AND ANY ARRAY AS ASC BETWEEN BY CASE CAST CHECK COLLATE CONSTRAINT
%token <str> CREATE CROSS DEFAULT DESC DISTINCT ELSE END_P EXCEPT EXISTS FALSE_P FOR
%token <str> FOREIGN FROM FULL GROUP HAVING ILIKE IN_P INNER INTERSECT INTO IS JOIN
%token <str> LEFT LIKE LIMIT NATURAL NOT NULL_P OFFSET ON OR ORDER OUTER PRIMARY
%token <str> REFERENCES RETURNING RIGHT SELECT SET SOME TABLE THEN TRUE_P UNION UNIQUE
%token <str> USING WHEN WHERE WITH
/* Unreserved words: keywords where the grammar needs them, names elsewhere. */
%token <str> ACTION ADD AFTER ALTER ALWAYS AT ATTACH AUTO_INCREMENT AUTOINCREMENT CASCADE
%token <str> CHANGE COLUMN COMMENT CONCURRENTLY CONFLICT DEFERRABLE DEFERRED DELETE_P
%token <str> DETACH DO DOMAIN DROP DUPLICATE ENUM ESCAPE EXCLUDE FIRST FULLTEXT
%token <str> GENERATED IDENTITY IF IGNORE IMMEDIATE INCLUDE INDEX INITIALLY INSERT KEY
%token <str> LAST MATCH MODIFY NO NOTHING NULLS OF ONLY OWNER PARTITION RENAME
%token <str> REPLACE RESTRICT ROWID SPATIAL STORED TEMP TEMPORARY TIME TO TYPE_P UNLOGGED
%token <str> UPDATE VALUES VARYING VIRTUAL WITHOUT ZONE

%token ';' "';'"

%type <str> name any_word type_word keyword_name unreserved_keyword reserved_keyword
%type <str> opt_name opt_alias opt_index_name string_or_null option_value
%type <flag> opt_ignore
%type <num> conflict_resolution
%type <qname> qname
%type <ident> ident col_target
%type <idents> name_list opt_name_list
%type <expr> a_expr b_expr c_expr literal param func_call opt_where value_expr case_expr
%type <expr> limit_value
%type <exprs> expr_list value_list when_list
%type <type> type type_core type_words enum_values
%type <column> column_def
%type <cons> col_constraint col_cons_elem table_constraint table_cons_elem ref_clause
%type <conslist> col_constraints
%type <num> ref_actions ref_action_item
%type <refaction> ref_action
%type <alter> alter_action alter_column_action
%type <select> select_stmt select_body select_core select_limited
%type <tref> table_ref
%type <jointype> join_type
%type <flag> opt_desc opt_column opt_if_exists opt_if_not_exists opt_unique opt_temp
%type <flag> opt_distinct opt_all opt_drop_behavior opt_only fk_options index_options
%type <num> opt_nulls
%type <str> collate_name
%type <objkind> drop_object

/* Operator precedence, lowest first (as PostgreSQL's grammar). */
%precedence LOWER_THAN_ON
%precedence ON
%precedence LOWER_THAN_IDENT
%precedence IDENT TIME
%precedence STRING
%left OR
%left AND
%precedence NOT
%nonassoc IS
%nonassoc '<' '>' '=' LE GE NE
%nonassoc BETWEEN IN_P LIKE ILIKE NOT_LA
%precedence ESCAPE
%left OP
%left '+' '-' CONCAT
%left '*' '/' '%'
%left AT
%precedence COLLATE
%precedence UMINUS
%precedence TYPECAST

%%

statement:
    stmt
  | stmt ';'
  ;

stmt:
    create_table
  | alter_table
  | create_index
  | create_type
  | drop_stmt
  | comment_stmt
  | select_stmt               { S(DDBC_STMT_SELECT)->u.select = *$1; }
  | insert_stmt
  | update_stmt
  | delete_stmt
  ;

/* ---- names ---------------------------------------------------------------- */

name:
    IDENT
  | QIDENT
  | unreserved_keyword
  ;

ident: name                   { $$ = ddbc_ast_ident(p, $1, @1); } ;

qname:
    name                      { $$ = ddbc_ast_qname(NULL, $1, @1); }
  | name '.' name             { $$ = ddbc_ast_qname($1, $3, @$); }
  | name '.' name '.' name    { $$ = ddbc_ast_qname($3, $5, @$); }
  ;

name_list:
    ident                     { $$ = (ddbc_ident_list){0}; ddbc_ast_ident_push(p, &$$, $1); }
  | name_list ',' ident       { $$ = $1; ddbc_ast_ident_push(p, &$$, $3); }
  ;

opt_name_list:
    %empty                    { $$ = (ddbc_ident_list){0}; }
  | '(' name_list ')'         { $$ = $2; }
  ;

opt_name:
    %empty                    { $$ = NULL; }
  | name
  ;

unreserved_keyword:
    ACTION | ADD | AFTER | ALTER | ALWAYS | AT | ATTACH | AUTO_INCREMENT | AUTOINCREMENT
  | CASCADE | CHANGE | COMMENT | CONFLICT | DEFERRABLE
  | DEFERRED | DELETE_P | DETACH | DO | DOMAIN | DROP | DUPLICATE | ENUM | ESCAPE
  | FIRST | GENERATED | IDENTITY | IGNORE | IMMEDIATE
  | INCLUDE | INITIALLY | INSERT | LAST | MATCH | MODIFY | NO | NOTHING
  | NULLS | OF | OWNER | PARTITION | RENAME | REPLACE | RESTRICT | ROWID
  | STORED | TEMP | TEMPORARY | TIME | TYPE_P | UNLOGGED | UPDATE | VALUES
  | VARYING | VIRTUAL | WITHOUT | ZONE
  ;

reserved_keyword:
    ALL | AND | ANY | ARRAY | AS | ASC | BETWEEN | BY | CASE | CAST | CHECK | COLLATE
  | COLUMN | CONCURRENTLY | CONSTRAINT | CREATE | CROSS | DEFAULT | DESC | DISTINCT | ELSE | END_P | EXCEPT
  | EXCLUDE | EXISTS | FALSE_P | FOR | FOREIGN | FROM | FULL | FULLTEXT | GROUP
  | HAVING | ILIKE | IN_P | IF | INDEX | INNER | INTERSECT | INTO | IS | JOIN | LEFT | LIKE | LIMIT | NATURAL | NOT | NULL_P
  | OFFSET | ON | ONLY | OR | ORDER | OUTER | PRIMARY | REFERENCES | RETURNING | RIGHT
  | SELECT | SET | SOME | SPATIAL | TABLE | TO | THEN | TRUE_P | UNION | UNIQUE | USING | WHEN
  | WHERE | WITH
  ;

keyword_name: unreserved_keyword | reserved_keyword ;

/* Any word at all: option names and values in clauses ddbc skips over. */
any_word:
    IDENT
  | QIDENT
  | keyword_name
  ;

/* ---- token soup: balanced text ddbc accepts but does not interpret ------- */

soup:
    %empty
  | soup soup_item
  ;

soup_item:
    soup_token
  | '(' soup ')'
  | '[' soup ']'
  ;

/* Soup that runs to the end of the statement. */
soup_rest: soup ;

soup_token:
    IDENT | QIDENT | STRING | NUMBER | PARAM | QMARK | NAMED_PARAM | OP | TYPECAST
  | NE | LE | GE | CONCAT | NOT_LA | CHARSET_LA | keyword_name
  | ',' | '.' | '*' | '+' | '-' | '/' | '%' | '=' | '<' | '>' | ':'
  ;

/* ---- types ---------------------------------------------------------------- */

type:
    type_core
  | type ARRAY                          { $$ = $1; ddbc_ast_type_array(p, $$, @2); }
  | type '[' ']'                        { $$ = $1; ddbc_ast_type_array(p, $$, ddbc_span_join(@2, @3)); }
  | type '[' NUMBER ']'                 { $$ = $1; ddbc_ast_type_array(p, $$, ddbc_span_join(@2, @4)); }
  ;

type_core:
    type_words %prec LOWER_THAN_IDENT   { $$ = $1; ddbc_ast_type_finish(p, $$); }
  | type_words '(' type_mods ')' %prec LOWER_THAN_IDENT { $$ = $1; $$->span = ddbc_span_join($$->span, @4); ddbc_ast_type_finish(p, $$); }
  | type_words '(' type_mods ')' type_words_after %prec LOWER_THAN_IDENT { $$ = $1; ddbc_ast_type_finish(p, $$); }
  | type_words WITH TIME ZONE           { $$ = $1; ddbc_ast_type_word(p, $$, "with time zone", ddbc_span_join(@2, @4)); ddbc_ast_type_finish(p, $$); }
  | type_words WITHOUT TIME ZONE        { $$ = $1; ddbc_ast_type_word(p, $$, "without time zone", ddbc_span_join(@2, @4)); ddbc_ast_type_finish(p, $$); }
  | type_words '(' type_mods ')' WITH TIME ZONE    { $$ = $1; ddbc_ast_type_word(p, $$, "with time zone", ddbc_span_join(@3, @7)); ddbc_ast_type_finish(p, $$); }
  | type_words '(' type_mods ')' WITHOUT TIME ZONE { $$ = $1; ddbc_ast_type_word(p, $$, "without time zone", ddbc_span_join(@3, @7)); ddbc_ast_type_finish(p, $$); }
  | enum_values ')'                     { $$ = $1; ddbc_ast_type_finish(p, $$); }
  ;

type_words:
    type_word                           { $$ = p->cur_type = ddbc_ast_type_new(p, $1, @1); }
  | type_word '.' type_word             { $$ = p->cur_type = ddbc_ast_type_new(p, ddbc_arena_printf(A, "%s.%s", $1, $3), @$); }
  | type_words type_word                { $$ = $1; ddbc_ast_type_word(p, $$, $2, @2); }
  ;

/* int(11) unsigned zerofill */
type_words_after:
    IDENT                               { ddbc_ast_type_word(p, p->cur_type, $1, @1); }
  | type_words_after IDENT              { ddbc_ast_type_word(p, p->cur_type, $2, @2); }
  ;

type_word:
    IDENT
  | QIDENT
  | TIME
  | VARYING
  ;

type_mods:
    type_mod
  | type_mods ',' type_mod
  ;

type_mod:
    NUMBER                              { ddbc_ast_type_modifier(p, p->cur_type, $1); }
  | IDENT                               { ddbc_ast_type_modifier(p, p->cur_type, $1); }
  | STRING                              { ddbc_ast_type_modifier(p, p->cur_type, $1); }
  | '-' NUMBER                          { ddbc_ast_type_modifier(p, p->cur_type, ddbc_arena_printf(A, "-%s", $2)); }
  ;

enum_values:
    ENUM '(' STRING                     { $$ = p->cur_type = ddbc_ast_type_enum(p, false, @1); ddbc_ast_type_enum_value(p, $$, $3); }
  | SET '(' STRING                      { $$ = p->cur_type = ddbc_ast_type_enum(p, true, @1); ddbc_ast_type_enum_value(p, $$, $3); }
  | enum_values ',' STRING              { $$ = $1; ddbc_ast_type_enum_value(p, $$, $3); }
  ;

/* ---- CREATE TABLE --------------------------------------------------------- */

create_table:
    create_table_head '(' table_elems ')' table_tail
  | create_table_head '(' ')' table_tail
  | create_table_head PARTITION OF qname partition_bound                  { CT->has_partition_of = true; CT->partition_of = $4; }
  | create_table_head PARTITION OF qname '(' soup ')' partition_bound     { CT->has_partition_of = true; CT->partition_of = $4; }
  ;

partition_bound:
    FOR VALUES soup_rest
  | DEFAULT
  ;

create_table_head:
    CREATE opt_temp TABLE opt_if_not_exists qname       { S(DDBC_STMT_CREATE_TABLE); CT->temporary = $2; CT->if_not_exists = $4; CT->name = $5; }
  ;

opt_temp:
    %empty                              { $$ = false; }
  | TEMP                                { $$ = true; }
  | TEMPORARY                           { $$ = true; }
  | UNLOGGED                            { $$ = false; }
  ;

opt_if_not_exists:
    %empty                              { $$ = false; }
  | IF NOT EXISTS                       { $$ = true; }
  ;

opt_if_exists:
    %empty                              { $$ = false; }
  | IF EXISTS                           { $$ = true; }
  ;

table_elems:
    table_elem
  | table_elems ',' table_elem
  ;

table_elem:
    column_def                          { ddbc_ast_table_elem_column(p, CT, $1); }
  | table_constraint                    { ddbc_ast_table_elem_constraint(p, CT, $1); }
  | LIKE qname like_options             { CT->like = $2; }
  ;

like_options:
    %empty
  | like_options IDENT IDENT
  ;

column_def:
    ident type col_constraints          { $$ = ddbc_ast_column_def(p, $1, $2, @$); $$->constraints = $3; }
  | ident col_constraints               { $$ = ddbc_ast_column_def(p, $1, NULL, @$); $$->constraints = $2; }
  ;

col_constraints:
    %empty                              { $$ = (ddbc_constraint_list){0}; }
  | col_constraints col_constraint      { $$ = $1; if ($2) ddbc_ast_constraint_push(p, &$$, $2); }
  | col_constraints DEFERRABLE          { $$ = $1; if ($$.n) $$.v[$$.n - 1]->deferrable = true; }
  ;

col_constraint:
    CONSTRAINT name col_cons_elem       { $$ = $3; $$->name = $2; $$->span = @$; }
  | col_cons_elem
  ;

col_cons_elem:
    NOT NULL_P                          { $$ = ddbc_ast_constraint_new(p, DDBC_CONS_NOT_NULL, @$); }
  | NULL_P                              { $$ = ddbc_ast_constraint_new(p, DDBC_CONS_NULL, @$); }
  | DEFAULT b_expr                      { $$ = ddbc_ast_default(p, $2, @$); }
  | PRIMARY KEY opt_desc                { $$ = ddbc_ast_constraint_new(p, DDBC_CONS_PRIMARY_KEY, @$); }
  | UNIQUE                              { $$ = ddbc_ast_constraint_new(p, DDBC_CONS_UNIQUE, @$); }
  | UNIQUE KEY                          { $$ = ddbc_ast_constraint_new(p, DDBC_CONS_UNIQUE, @$); }
  | ref_clause
  | CHECK '(' soup ')' opt_no_inherit   { $$ = ddbc_ast_constraint_new(p, DDBC_CONS_CHECK, @$); }
  | GENERATED ALWAYS AS IDENTITY opt_seq_options            { $$ = ddbc_ast_constraint_new(p, DDBC_CONS_IDENTITY, @$); }
  | GENERATED BY DEFAULT AS IDENTITY opt_seq_options        { $$ = ddbc_ast_constraint_new(p, DDBC_CONS_IDENTITY, @$); }
  | GENERATED ALWAYS AS '(' soup ')' opt_stored            { $$ = ddbc_ast_constraint_new(p, DDBC_CONS_GENERATED, @$); }
  | AS '(' soup ')' opt_stored          { $$ = ddbc_ast_constraint_new(p, DDBC_CONS_GENERATED, @$); }
  | COLLATE collate_name                { $$ = ddbc_ast_constraint_new(p, DDBC_CONS_COLLATE, @$); $$->text = $2; }
  | AUTO_INCREMENT                      { $$ = ddbc_ast_constraint_new(p, DDBC_CONS_AUTO_INCREMENT, @$); }
  | AUTOINCREMENT                       { $$ = ddbc_ast_constraint_new(p, DDBC_CONS_AUTO_INCREMENT, @$); }
  | ON UPDATE b_expr                    { $$ = ddbc_ast_constraint_new(p, DDBC_CONS_ON_UPDATE, @$); }
  | COMMENT STRING                      { $$ = ddbc_ast_constraint_new(p, DDBC_CONS_COMMENT, @$); $$->text = $2; }
  | CHARSET_LA SET any_word             { $$ = NULL; }
  | NOT DEFERRABLE                      { $$ = NULL; }
  | ON CONFLICT conflict_resolution     { $$ = NULL; }
  | INITIALLY DEFERRED                  { $$ = NULL; }
  | INITIALLY IMMEDIATE                 { $$ = NULL; }
  ;

/* SQLite: … ON CONFLICT ROLLBACK|ABORT|FAIL|IGNORE|REPLACE */
conflict_resolution:
    IDENT                               { $$ = DDBC_CONFLICT_NONE; }   /* ROLLBACK, ABORT, FAIL: an error */
  | IGNORE                              { $$ = DDBC_CONFLICT_IGNORE; }
  | REPLACE                             { $$ = DDBC_CONFLICT_REPLACE; }
  ;

opt_desc:
    %empty                              { $$ = false; }
  | ASC                                 { $$ = false; }
  | DESC                                { $$ = true; }
  ;

opt_no_inherit:
    %empty
  | NO IDENT
  ;

opt_stored:
    %empty
  | STORED
  | VIRTUAL
  ;

opt_seq_options:
    %empty
  | '(' soup ')'
  ;

ref_clause:
    REFERENCES qname opt_name_list opt_match %prec LOWER_THAN_ON
                                        { $$ = ddbc_ast_references(p, $2, &$3, 0, @$); }
  | REFERENCES qname opt_name_list opt_match ref_actions %prec LOWER_THAN_ON
                                        { $$ = ddbc_ast_references(p, $2, &$3, $5, @$); }
  ;

opt_match:
    %empty
  | MATCH FULL
  | MATCH IDENT
  ;

ref_actions:
    ref_action_item
  | ref_actions ref_action_item         { $$ = $1 | $2; }
  ;

ref_action_item:
    ON DELETE_P ref_action              { $$ = ddbc_ast_ref_action(true, $3); }
  | ON UPDATE ref_action                { $$ = ddbc_ast_ref_action(false, $3); }
  ;

ref_action:
    CASCADE                             { $$ = DDBC_REF_CASCADE; }
  | RESTRICT                            { $$ = DDBC_REF_RESTRICT; }
  | NO ACTION                           { $$ = DDBC_REF_NO_ACTION; }
  | SET NULL_P opt_name_list            { $$ = DDBC_REF_SET_NULL; }
  | SET DEFAULT opt_name_list           { $$ = DDBC_REF_SET_DEFAULT; }
  ;

/* After a table-level foreign key: DEFERRABLE …, NOT VALID. */
fk_options:
    %empty                              { $$ = false; }
  | fk_options DEFERRABLE               { $$ = true; }
  | fk_options NOT DEFERRABLE           { $$ = false; }
  | fk_options INITIALLY DEFERRED       { $$ = $1; }
  | fk_options INITIALLY IMMEDIATE      { $$ = $1; }
  | fk_options NOT IDENT                { $$ = $1; }
  ;

table_constraint:
    CONSTRAINT name table_cons_elem     { $$ = $3; $$->name = $2; $$->span = @$; }
  | table_cons_elem
  ;

table_cons_elem:
    PRIMARY KEY opt_index_name key_open index_cols ')' index_options
                                        { $$ = ddbc_ast_constraint_new(p, DDBC_CONS_PRIMARY_KEY, @$); $$->columns = p->cols; $$->deferrable = $7; }
  | UNIQUE opt_key_word opt_index_name key_open index_cols ')' index_options
                                        { $$ = ddbc_ast_constraint_new(p, DDBC_CONS_UNIQUE, @$); $$->columns = p->cols; $$->name = $3; $$->has_expression_column = p->cols_expr; $$->deferrable = $7; }
  | FOREIGN KEY opt_index_name '(' name_list ')' ref_clause fk_options
                                        { $$ = $7; $$->kind = DDBC_CONS_FOREIGN_KEY; $$->columns = $5; $$->span = @$; $$->deferrable = $8; if ($3) $$->name = $3; }
  | CHECK '(' soup ')' opt_no_inherit opt_enforced
                                        { $$ = ddbc_ast_constraint_new(p, DDBC_CONS_CHECK, @$); }
  | KEY opt_index_name key_open index_cols ')' index_options
                                        { $$ = ddbc_ast_constraint_new(p, DDBC_CONS_INDEX, @$); $$->name = $2; $$->columns = p->cols; $$->has_expression_column = p->cols_expr; }
  | INDEX opt_index_name key_open index_cols ')' index_options
                                        { $$ = ddbc_ast_constraint_new(p, DDBC_CONS_INDEX, @$); $$->name = $2; $$->columns = p->cols; $$->has_expression_column = p->cols_expr; }
  | FULLTEXT opt_key_word opt_index_name key_open index_cols ')' index_options
                                        { $$ = ddbc_ast_constraint_new(p, DDBC_CONS_INDEX, @$); $$->name = $3; $$->columns = p->cols; $$->has_expression_column = true; }
  | SPATIAL opt_key_word opt_index_name key_open index_cols ')' index_options
                                        { $$ = ddbc_ast_constraint_new(p, DDBC_CONS_INDEX, @$); $$->name = $3; $$->columns = p->cols; $$->has_expression_column = true; }
  | EXCLUDE USING IDENT '(' soup ')' soup_in_constraint
                                        { $$ = ddbc_ast_constraint_new(p, DDBC_CONS_EXCLUDE, @$); }
  ;

opt_enforced:
    %empty
  | NOT IDENT
  | IDENT
  ;

soup_in_constraint:
    %empty
  | WHERE '(' soup ')'
  ;

opt_key_word:
    %empty
  | KEY
  | INDEX
  ;

opt_index_name:
    %empty                              { $$ = NULL; }
  | IDENT
  | QIDENT
  ;

/* Columns of a key or index: `a`, `a(10)` (MySQL prefix), `a DESC`, `(expr)`. */
key_open: '('                           { ddbc_ast_key_columns_start(p); } ;

index_cols:
    index_col
  | index_cols ',' index_col
  ;

index_col:
    ident opt_desc                      { ddbc_ast_key_column(p, $1, false, $2, @$); }
  | ident '(' NUMBER ')' opt_desc       { ddbc_ast_key_column(p, $1, false, $5, @$); }
  | '(' a_expr ')' opt_desc             { ddbc_ast_key_column(p, ddbc_ast_ident(p, NULL, @2), true, $4, @$); }
  ;

/* After a key's column list; the value says DEFERRABLE. */
index_options:
    %empty                              { $$ = false; }
  | index_options USING IDENT           { $$ = $1; }
  | index_options COMMENT STRING        { $$ = $1; }
  | index_options WITH '(' soup ')'     { $$ = $1; }
  | index_options INCLUDE '(' name_list ')' { $$ = $1; }
  | index_options DEFERRABLE            { $$ = true; }
  | index_options NOT DEFERRABLE        { $$ = false; }
  | index_options INITIALLY DEFERRED    { $$ = $1; }
  | index_options INITIALLY IMMEDIATE   { $$ = $1; }
  | index_options NOT IDENT             { $$ = $1; }
  | index_options ON CONFLICT conflict_resolution { $$ = $1; }
  | index_options IDENT                 { $$ = $1; }
  ;

/* After the column list: ENGINE=InnoDB …, PARTITION BY …, WITHOUT ROWID, INHERITS (…). */
table_tail:
    table_options
  | table_options PARTITION BY soup_rest  { CT->partitioned = true; }
  ;

table_options:
    %empty
  | table_options table_option
  | table_options ','
  ;

table_option:
    any_option_name '=' option_value
  | DEFAULT any_option_name '=' option_value
  | DEFAULT any_option_name option_value
  | CHARSET_LA SET opt_eq option_value
  | DEFAULT CHARSET_LA SET opt_eq option_value
  | COLLATE opt_eq option_value
  | COMMENT opt_eq STRING
  | AUTO_INCREMENT opt_eq NUMBER
  | WITHOUT ROWID                         { CT->without_rowid = true; }
  | IDENT '(' soup ')'
  | WITH '(' soup ')'
  | USING IDENT
  | IDENT
  ;

any_option_name:
    IDENT
  | QIDENT
  ;

opt_eq:
    %empty
  | '='
  ;

option_value:
    IDENT
  | QIDENT
  | STRING
  | NUMBER
  | DEFAULT
  ;

/* ---- ALTER TABLE ---------------------------------------------------------- */

alter_table:
    alter_table_head alter_actions
  | alter_table_head ATTACH PARTITION qname partition_bound
                                        { ddbc_ast_alter_push(p, ddbc_ast_alter(p, DDBC_ALTER_ATTACH_PARTITION, @$))->new_table = $4; }
  ;

alter_table_head:
    ALTER TABLE opt_if_exists opt_only qname    { S(DDBC_STMT_ALTER_TABLE); AT->if_exists = $3; AT->only = $4; AT->name = $5; }
  ;

opt_only:
    %empty                              { $$ = false; }
  | ONLY                                { $$ = true; }
  ;

alter_actions:
    alter_action                        { ddbc_ast_alter_push(p, $1); }
  | alter_actions ',' alter_action      { ddbc_ast_alter_push(p, $3); }
  ;

opt_column:
    %empty                              { $$ = false; }
  | COLUMN                              { $$ = true; }
  ;

alter_action:
    ADD opt_column column_def opt_position      { $$ = ddbc_ast_alter(p, DDBC_ALTER_ADD_COLUMN, @$); $$->column = $3; }
  | ADD opt_column IF NOT EXISTS column_def     { $$ = ddbc_ast_alter(p, DDBC_ALTER_ADD_COLUMN, @$); $$->column = $6; $$->if_exists = true; }
  | ADD table_constraint          { $$ = ddbc_ast_alter(p, DDBC_ALTER_ADD_CONSTRAINT, @$); $$->constraint = $2; }
  | DROP opt_column opt_if_exists ident opt_drop_behavior
                                                { $$ = ddbc_ast_alter(p, DDBC_ALTER_DROP_COLUMN, @$); $$->name = $4; $$->if_exists = $3; }
  | DROP CONSTRAINT opt_if_exists ident opt_drop_behavior
                                                { $$ = ddbc_ast_alter(p, DDBC_ALTER_DROP_CONSTRAINT, @$); $$->name = $4; $$->if_exists = $3; }
  | DROP PRIMARY KEY                            { $$ = ddbc_ast_alter(p, DDBC_ALTER_DROP_CONSTRAINT, @$); $$->name = ddbc_ast_ident(p, NULL, @2); }
  | DROP FOREIGN KEY ident                      { $$ = ddbc_ast_alter(p, DDBC_ALTER_DROP_CONSTRAINT, @$); $$->name = $4; }
  | DROP INDEX ident                            { $$ = ddbc_ast_alter(p, DDBC_ALTER_DROP_CONSTRAINT, @$); $$->name = $3; }
  | DROP KEY ident                              { $$ = ddbc_ast_alter(p, DDBC_ALTER_DROP_CONSTRAINT, @$); $$->name = $3; }
  | RENAME opt_column ident TO ident            { $$ = ddbc_ast_alter(p, DDBC_ALTER_RENAME_COLUMN, @$); $$->name = $3; $$->new_name = $5; }
  | RENAME TO qname                             { $$ = ddbc_ast_alter(p, DDBC_ALTER_RENAME_TABLE, @$); $$->new_table = $3; }
  | RENAME AS qname                             { $$ = ddbc_ast_alter(p, DDBC_ALTER_RENAME_TABLE, @$); $$->new_table = $3; }
  | RENAME CONSTRAINT ident TO ident            { $$ = ddbc_ast_alter(p, DDBC_ALTER_IGNORED, @$); }
  | RENAME INDEX ident TO ident                 { $$ = ddbc_ast_alter(p, DDBC_ALTER_IGNORED, @$); }
  | RENAME KEY ident TO ident                   { $$ = ddbc_ast_alter(p, DDBC_ALTER_IGNORED, @$); }
  | ALTER opt_column ident alter_column_action  { $$ = $4; $$->name = $3; $$->span = @$; }
  | MODIFY opt_column column_def opt_position   { $$ = ddbc_ast_alter(p, DDBC_ALTER_MODIFY_COLUMN, @$); $$->name = $3->name; $$->column = $3; }
  | CHANGE opt_column ident column_def opt_position
                                                { $$ = ddbc_ast_alter(p, DDBC_ALTER_MODIFY_COLUMN, @$); $$->name = $3; $$->column = $4; }
  | DETACH PARTITION qname opt_detach_mode      { $$ = ddbc_ast_alter(p, DDBC_ALTER_DETACH_PARTITION, @$); $$->new_table = $3; }
  | OWNER TO any_word                           { $$ = ddbc_ast_alter(p, DDBC_ALTER_IGNORED, @$); }
  | IDENT soup_alter_rest                       { $$ = ddbc_ast_alter(p, DDBC_ALTER_IGNORED, @$); }
  | SET soup_alter_rest                         { $$ = ddbc_ast_alter(p, DDBC_ALTER_IGNORED, @$); }
  | AUTO_INCREMENT opt_eq NUMBER                { $$ = ddbc_ast_alter(p, DDBC_ALTER_IGNORED, @$); }
  ;

/* ENABLE TRIGGER x, REPLICA IDENTITY FULL, CLUSTER ON x, SET (…), ENGINE=…: words up to the next comma. */
soup_alter_rest:
    %empty
  | soup_alter_rest alter_soup_item
  ;

alter_soup_item:
    IDENT | QIDENT | STRING | NUMBER | keyword_name | '=' | '.'
  | '(' soup ')'
  ;

opt_detach_mode:
    %empty
  | CONCURRENTLY
  | IDENT
  ;

opt_position:
    %empty
  | FIRST
  | AFTER ident
  ;

opt_drop_behavior:
    %empty                              { $$ = false; }
  | CASCADE                             { $$ = true; }
  | RESTRICT                            { $$ = false; }
  ;

alter_column_action:
    TYPE_P type opt_using_expr          { $$ = ddbc_ast_alter(p, DDBC_ALTER_COLUMN_TYPE, @$); $$->type = $2; }
  | SET IDENT TYPE_P type opt_using_expr { $$ = ddbc_ast_alter(p, DDBC_ALTER_COLUMN_TYPE, @$); $$->type = $4; }
  | SET DEFAULT b_expr                  { $$ = ddbc_ast_alter(p, DDBC_ALTER_COLUMN_SET_DEFAULT, @$); $$->constraint = ddbc_ast_default(p, $3, @$); }
  | DROP DEFAULT                        { $$ = ddbc_ast_alter(p, DDBC_ALTER_COLUMN_DROP_DEFAULT, @$); }
  | SET NOT NULL_P                      { $$ = ddbc_ast_alter(p, DDBC_ALTER_COLUMN_SET_NOT_NULL, @$); }
  | DROP NOT NULL_P                     { $$ = ddbc_ast_alter(p, DDBC_ALTER_COLUMN_DROP_NOT_NULL, @$); }
  | ADD GENERATED ALWAYS AS IDENTITY opt_seq_options
                                        { $$ = ddbc_ast_alter(p, DDBC_ALTER_ADD_CONSTRAINT, @$); $$->constraint = ddbc_ast_constraint_new(p, DDBC_CONS_IDENTITY, @$); }
  | ADD GENERATED BY DEFAULT AS IDENTITY opt_seq_options
                                        { $$ = ddbc_ast_alter(p, DDBC_ALTER_ADD_CONSTRAINT, @$); $$->constraint = ddbc_ast_constraint_new(p, DDBC_CONS_IDENTITY, @$); }
  | SET '(' soup ')'                    { $$ = ddbc_ast_alter(p, DDBC_ALTER_IGNORED, @$); }
  | SET IDENT NUMBER                    { $$ = ddbc_ast_alter(p, DDBC_ALTER_IGNORED, @$); }
  | SET IDENT IDENT                     { $$ = ddbc_ast_alter(p, DDBC_ALTER_IGNORED, @$); }
  | DROP IDENTITY opt_if_exists         { $$ = ddbc_ast_alter(p, DDBC_ALTER_IGNORED, @$); }
  | IDENT soup_alter_rest               { $$ = ddbc_ast_alter(p, DDBC_ALTER_IGNORED, @$); }
  ;

opt_using_expr:
    %empty
  | USING a_expr
  ;

/* ---- CREATE INDEX --------------------------------------------------------- */

create_index:
    create_index_head '(' index_elems ')' index_tail
  ;

create_index_head:
    CREATE opt_unique INDEX opt_concurrently opt_if_not_exists opt_name ON opt_only qname opt_using
                                        { S(DDBC_STMT_CREATE_INDEX); CI->unique = $2; CI->if_not_exists = $5;
                                          CI->name = ddbc_ast_ident(p, $6, @6); CI->table = $9; CI->method = p->method; }
  | CREATE opt_unique INDEX opt_concurrently opt_if_not_exists opt_name USING IDENT ON opt_only qname
                                        { S(DDBC_STMT_CREATE_INDEX); CI->unique = $2; CI->if_not_exists = $5;
                                          CI->name = ddbc_ast_ident(p, $6, @6); CI->table = $11; CI->method = $8; }
  ;

opt_unique:
    %empty                              { $$ = false; }
  | UNIQUE                              { $$ = true; }
  | FULLTEXT                            { $$ = false; p->index_expression = true; }
  | SPATIAL                             { $$ = false; p->index_expression = true; }
  ;

opt_concurrently:
    %empty
  | CONCURRENTLY
  ;

opt_using:
    %empty                              { p->method = NULL; }
  | USING IDENT                         { p->method = $2; }
  ;

index_elems:
    index_elem
  | index_elems ',' index_elem
  ;

index_elem:
    ident opt_collate opt_opclass opt_desc opt_nulls        { ddbc_ast_index_elem_add(p, CI, $1.name, NULL, $4, @$); }
  | func_call opt_collate opt_opclass opt_desc opt_nulls    { ddbc_ast_index_elem_add(p, CI, NULL, $1, $4, @$); }
  | '(' a_expr ')' opt_collate opt_opclass opt_desc opt_nulls { ddbc_ast_index_elem_add(p, CI, NULL, $2, $6, @$); }
  ;

opt_collate:
    %empty
  | COLLATE collate_name
  ;

/* "C", utf8mb4_bin, pg_catalog."default" */
collate_name:
    any_word
  | any_word '.' any_word               { $$ = ddbc_arena_printf(A, "%s.%s", $1, $3); }
  ;

opt_opclass:
    %empty
  | IDENT
  | IDENT '.' IDENT
  ;

opt_nulls:
    %empty                              { $$ = 0; }
  | NULLS FIRST                         { $$ = 1; }
  | NULLS LAST                          { $$ = 2; }
  ;

index_tail:
    index_tail_items
  | index_tail_items WHERE a_expr       { CI->where = $3; }
  ;

index_tail_items:
    %empty
  | index_tail_items INCLUDE '(' name_list ')'
  | index_tail_items NULLS NOT DISTINCT
  | index_tail_items NULLS DISTINCT
  | index_tail_items WITH '(' soup ')'
  | index_tail_items USING IDENT
  | index_tail_items IDENT opt_eq option_value
  | index_tail_items COMMENT STRING
  ;

/* ---- CREATE TYPE … AS ENUM, CREATE DOMAIN --------------------------------- */

create_type:
    create_enum_head ')'
  | create_enum_head enum_labels ')'
  | create_domain_head col_constraints              { CTY->constraints = $2; }
  ;

create_enum_head:
    CREATE TYPE_P qname AS ENUM '('     { S(DDBC_STMT_CREATE_TYPE); CTY->name = $3; CTY->is_enum = true; }
  ;

create_domain_head:
    CREATE DOMAIN qname opt_as type     { S(DDBC_STMT_CREATE_TYPE); CTY->name = $3; CTY->is_domain = true; CTY->base = $5; }
  ;

opt_as:
    %empty
  | AS
  ;

enum_labels:
    STRING                              { ddbc_ast_str_push(p, &CTY->values, $1); }
  | enum_labels ',' STRING              { ddbc_ast_str_push(p, &CTY->values, $3); }
  ;

/* ---- DROP ----------------------------------------------------------------- */

drop_stmt:
    DROP drop_object opt_concurrently opt_if_exists drop_names opt_on_table opt_drop_behavior
                                        { DR->object = $2; DR->if_exists = $4; DR->cascade = $7; }
  ;

/* MySQL: DROP INDEX name ON table */
opt_on_table:
    %empty
  | ON qname
  ;

drop_object:
    TABLE                               { $$ = DDBC_OBJ_TABLE; ddbc_ast_drop_start(p, $$); }
  | TYPE_P                              { $$ = DDBC_OBJ_TYPE; ddbc_ast_drop_start(p, $$); }
  | DOMAIN                              { $$ = DDBC_OBJ_DOMAIN; ddbc_ast_drop_start(p, $$); }
  | INDEX                               { $$ = DDBC_OBJ_INDEX; ddbc_ast_drop_start(p, $$); }
  ;

drop_names:
    qname                               { ddbc_ast_drop_name(p, $1); }
  | drop_names ',' qname                { ddbc_ast_drop_name(p, $3); }
  ;

/* ---- COMMENT ON ----------------------------------------------------------- */

comment_stmt:
    COMMENT ON TABLE qname IS string_or_null     { S(DDBC_STMT_COMMENT); CM->object = DDBC_OBJ_TABLE; CM->name = $4; CM->table = $4; CM->text = $6; }
  | COMMENT ON COLUMN qname IS string_or_null    { S(DDBC_STMT_COMMENT); ddbc_ast_comment_column(p, $4, $6); }
  ;

string_or_null:
    STRING
  | NULL_P                              { $$ = NULL; }
  ;

/* ---- expressions ---------------------------------------------------------- */

a_expr:
    c_expr
  | a_expr TYPECAST type                { $$ = ddbc_ast_cast(p, $1, $3, @$); }
  | a_expr COLLATE collate_name         { $$ = $1; }
  | a_expr AT TIME ZONE a_expr %prec AT { $$ = ddbc_ast_binary(p, DDBC_OP_OTHER, "AT TIME ZONE", $1, $5, @$); }
  | '+' a_expr %prec UMINUS             { $$ = $2; }
  | '-' a_expr %prec UMINUS             { $$ = ddbc_ast_unary(p, DDBC_OP_NEG, "-", $2, @$); }
  | OP a_expr %prec UMINUS              { $$ = ddbc_ast_unary(p, DDBC_OP_OTHER, $1, $2, @$); }
  | a_expr '+' a_expr                   { $$ = ddbc_ast_binary(p, DDBC_OP_ADD, "+", $1, $3, @$); }
  | a_expr '-' a_expr                   { $$ = ddbc_ast_binary(p, DDBC_OP_SUB, "-", $1, $3, @$); }
  | a_expr '*' a_expr                   { $$ = ddbc_ast_binary(p, DDBC_OP_MUL, "*", $1, $3, @$); }
  | a_expr '/' a_expr                   { $$ = ddbc_ast_binary(p, DDBC_OP_DIV, "/", $1, $3, @$); }
  | a_expr '%' a_expr                   { $$ = ddbc_ast_binary(p, DDBC_OP_MOD, "%", $1, $3, @$); }
  | a_expr CONCAT a_expr                { $$ = ddbc_ast_binary(p, DDBC_OP_CONCAT, "||", $1, $3, @$); }
  | a_expr OP a_expr                    { $$ = ddbc_ast_binary(p, DDBC_OP_OTHER, $2, $1, $3, @$); }
  | a_expr '<' a_expr                   { $$ = ddbc_ast_binary(p, DDBC_OP_LT, "<", $1, $3, @$); }
  | a_expr '>' a_expr                   { $$ = ddbc_ast_binary(p, DDBC_OP_GT, ">", $1, $3, @$); }
  | a_expr '=' a_expr                   { $$ = ddbc_ast_binary(p, DDBC_OP_EQ, "=", $1, $3, @$); }
  | a_expr LE a_expr                    { $$ = ddbc_ast_binary(p, DDBC_OP_LE, "<=", $1, $3, @$); }
  | a_expr GE a_expr                    { $$ = ddbc_ast_binary(p, DDBC_OP_GE, ">=", $1, $3, @$); }
  | a_expr NE a_expr                    { $$ = ddbc_ast_binary(p, DDBC_OP_NE, "<>", $1, $3, @$); }
  | a_expr '=' sub_type '(' a_expr ')' %prec '='    { $$ = ddbc_ast_binary(p, DDBC_OP_OTHER, "= ANY", $1, $5, @$); }
  | a_expr '=' sub_type '(' select_stmt ')' %prec '=' { $$ = ddbc_ast_binary(p, DDBC_OP_OTHER, "= ANY", $1, ddbc_ast_subquery(p, $5, false, @5), @$); }
  | a_expr NE sub_type '(' a_expr ')' %prec NE      { $$ = ddbc_ast_binary(p, DDBC_OP_OTHER, "<> ALL", $1, $5, @$); }
  | a_expr OP sub_type '(' a_expr ')' %prec OP      { $$ = ddbc_ast_binary(p, DDBC_OP_OTHER, $2, $1, $5, @$); }
  | a_expr AND a_expr                   { $$ = ddbc_ast_binary(p, DDBC_OP_AND, "AND", $1, $3, @$); }
  | a_expr OR a_expr                    { $$ = ddbc_ast_binary(p, DDBC_OP_OR, "OR", $1, $3, @$); }
  | NOT a_expr                          { $$ = ddbc_ast_unary(p, DDBC_OP_NOT, "NOT", $2, @$); }
  | a_expr LIKE a_expr %prec LIKE                       { $$ = ddbc_ast_like(p, DDBC_OP_LIKE, $1, $3, false, @$); }
  | a_expr LIKE a_expr ESCAPE STRING %prec LIKE         { $$ = ddbc_ast_like(p, DDBC_OP_LIKE, $1, $3, false, @$); if ($$) $$->escape = $5 ? $5 : ""; }
  | a_expr NOT_LA LIKE a_expr %prec NOT_LA              { $$ = ddbc_ast_like(p, DDBC_OP_LIKE, $1, $4, true, @$); }
  | a_expr NOT_LA LIKE a_expr ESCAPE STRING %prec NOT_LA { $$ = ddbc_ast_like(p, DDBC_OP_LIKE, $1, $4, true, @$); if ($$) $$->escape = $6 ? $6 : ""; }
  | a_expr ILIKE a_expr %prec ILIKE                     { $$ = ddbc_ast_like(p, DDBC_OP_ILIKE, $1, $3, false, @$); }
  | a_expr NOT_LA ILIKE a_expr %prec NOT_LA             { $$ = ddbc_ast_like(p, DDBC_OP_ILIKE, $1, $4, true, @$); }
  | a_expr IS NULL_P %prec IS           { $$ = ddbc_ast_is(p, $1, ddbc_ast_literal(p, DDBC_EXPR_NULL, NULL, @3), false, @$); }
  | a_expr IS NOT NULL_P %prec IS       { $$ = ddbc_ast_is(p, $1, ddbc_ast_literal(p, DDBC_EXPR_NULL, NULL, @4), true, @$); }
  | a_expr IS TRUE_P %prec IS           { $$ = ddbc_ast_is(p, $1, ddbc_ast_bool(p, true, @3), false, @$); }
  | a_expr IS NOT TRUE_P %prec IS       { $$ = ddbc_ast_is(p, $1, ddbc_ast_bool(p, true, @4), true, @$); }
  | a_expr IS FALSE_P %prec IS          { $$ = ddbc_ast_is(p, $1, ddbc_ast_bool(p, false, @3), false, @$); }
  | a_expr IS NOT FALSE_P %prec IS      { $$ = ddbc_ast_is(p, $1, ddbc_ast_bool(p, false, @4), true, @$); }
  | a_expr IS DISTINCT FROM a_expr %prec IS     { $$ = ddbc_ast_binary(p, DDBC_OP_OTHER, "IS DISTINCT FROM", $1, $5, @$); }
  | a_expr IS NOT DISTINCT FROM a_expr %prec IS { $$ = ddbc_ast_binary(p, DDBC_OP_OTHER, "IS NOT DISTINCT FROM", $1, $6, @$); }
  | a_expr BETWEEN b_expr AND a_expr %prec BETWEEN          { $$ = ddbc_ast_between(p, $1, $3, $5, false, @$); }
  | a_expr NOT_LA BETWEEN b_expr AND a_expr %prec NOT_LA    { $$ = ddbc_ast_between(p, $1, $4, $6, true, @$); }
  | a_expr IN_P '(' expr_list ')'               { $$ = ddbc_ast_in(p, $1, &$4, NULL, false, @$); }
  | a_expr IN_P '(' select_stmt ')'             { $$ = ddbc_ast_in(p, $1, NULL, $4, false, @$); }
  | a_expr IN_P param                           { ddbc_expr_list l = {0}; ddbc_ast_expr_push(p, &l, $3); $$ = ddbc_ast_in(p, $1, &l, NULL, false, @$); }
  | a_expr NOT_LA IN_P '(' expr_list ')'        { $$ = ddbc_ast_in(p, $1, &$5, NULL, true, @$); }
  | a_expr NOT_LA IN_P '(' select_stmt ')'      { $$ = ddbc_ast_in(p, $1, NULL, $5, true, @$); }
  ;

sub_type:
    ANY
  | ALL
  | SOME
  ;

/* b_expr: no boolean operators, so DEFAULT x NOT NULL and BETWEEN a AND b parse. */
b_expr:
    c_expr
  | b_expr TYPECAST type                { $$ = ddbc_ast_cast(p, $1, $3, @$); }
  | '+' b_expr %prec UMINUS             { $$ = $2; }
  | '-' b_expr %prec UMINUS             { $$ = ddbc_ast_unary(p, DDBC_OP_NEG, "-", $2, @$); }
  | b_expr '+' b_expr                   { $$ = ddbc_ast_binary(p, DDBC_OP_ADD, "+", $1, $3, @$); }
  | b_expr '-' b_expr                   { $$ = ddbc_ast_binary(p, DDBC_OP_SUB, "-", $1, $3, @$); }
  | b_expr '*' b_expr                   { $$ = ddbc_ast_binary(p, DDBC_OP_MUL, "*", $1, $3, @$); }
  | b_expr '/' b_expr                   { $$ = ddbc_ast_binary(p, DDBC_OP_DIV, "/", $1, $3, @$); }
  | b_expr '%' b_expr                   { $$ = ddbc_ast_binary(p, DDBC_OP_MOD, "%", $1, $3, @$); }
  | b_expr CONCAT b_expr                { $$ = ddbc_ast_binary(p, DDBC_OP_CONCAT, "||", $1, $3, @$); }
  | b_expr OP b_expr                    { $$ = ddbc_ast_binary(p, DDBC_OP_OTHER, $2, $1, $3, @$); }
  ;

c_expr:
    literal
  | param
  | name                                { $$ = ddbc_ast_colref(p, NULL, $1, @$); }
  | name '.' name                       { $$ = ddbc_ast_colref(p, $1, $3, @$); }
  | name '.' name '.' name              { $$ = ddbc_ast_colref(p, $3, $5, @$); }
  | name '.' '*'                        { $$ = ddbc_ast_star(p, $1, @$); }
  | '*'                                 { $$ = ddbc_ast_star(p, NULL, @$); }
  | '(' a_expr ')'                      { $$ = $2; $$->span = @$; }
  | '(' a_expr ',' expr_list ')'        { ddbc_expr_list l = {0}; ddbc_ast_expr_push(p, &l, $2);
                                          for (size_t i = 0; i < $4.n; i++) ddbc_ast_expr_push(p, &l, $4.v[i]);
                                          $$ = ddbc_ast_list_expr(p, DDBC_EXPR_ROW, &l, @$); }
  | '(' select_stmt ')'                 { $$ = ddbc_ast_subquery(p, $2, false, @$); }
  | EXISTS '(' select_stmt ')'          { $$ = ddbc_ast_subquery(p, $3, true, @$); }
  | func_call
  | CAST '(' a_expr AS type ')'         { $$ = ddbc_ast_cast(p, $3, $5, @$); }
  | case_expr
  | ARRAY '[' expr_list ']'             { $$ = ddbc_ast_list_expr(p, DDBC_EXPR_OTHER, &$3, @$); }
  | ARRAY '[' ']'                       { $$ = ddbc_ast_list_expr(p, DDBC_EXPR_OTHER, NULL, @$); }
  | ARRAY '(' select_stmt ')'           { $$ = ddbc_ast_subquery(p, $3, false, @$); }
  | name '[' a_expr ']'                 { $$ = ddbc_ast_binary(p, DDBC_OP_OTHER, "[]", ddbc_ast_colref(p, NULL, $1, @1), $3, @$); }
  | name '.' name '[' a_expr ']'        { $$ = ddbc_ast_binary(p, DDBC_OP_OTHER, "[]", ddbc_ast_colref(p, $1, $3, @1), $5, @$); }
  ;

literal:
    STRING                              { $$ = ddbc_ast_literal(p, DDBC_EXPR_STRING, $1, @$); }
  | IDENT STRING                        { $$ = ddbc_ast_cast(p, ddbc_ast_literal(p, DDBC_EXPR_STRING, $2, @2), ddbc_ast_type_new(p, $1, @1), @$); }
  | TIME STRING                         { $$ = ddbc_ast_cast(p, ddbc_ast_literal(p, DDBC_EXPR_STRING, $2, @2), ddbc_ast_type_new(p, $1, @1), @$); }
  | NUMBER                              { $$ = ddbc_ast_literal(p, DDBC_EXPR_NUMBER, $1, @$); }
  | TRUE_P                              { $$ = ddbc_ast_bool(p, true, @$); }
  | FALSE_P                             { $$ = ddbc_ast_bool(p, false, @$); }
  | NULL_P                              { $$ = ddbc_ast_literal(p, DDBC_EXPR_NULL, NULL, @$); }
  ;

param:
    PARAM                               { $$ = ddbc_ast_param(p, $1, @$); }
  | QMARK                               { $$ = ddbc_ast_param(p, $1, @$); }
  | NAMED_PARAM                         { $$ = ddbc_ast_param(p, $1, @$); }
  ;

func_call:
    name '(' ')'                        { $$ = ddbc_ast_func(p, $1, NULL, false, false, @$); }
  | name '(' expr_list ')'              { $$ = ddbc_ast_func(p, $1, &$3, false, false, @$); }
  | name '(' DISTINCT expr_list ')'     { $$ = ddbc_ast_func(p, $1, &$4, false, true, @$); }
  | name '(' name FROM a_expr ')'       { ddbc_expr_list l = {0}; ddbc_ast_expr_push(p, &l, $5);
                                          $$ = ddbc_ast_func(p, $1, &l, false, false, @$); }
  | name '.' name '(' ')'               { $$ = ddbc_ast_func(p, ddbc_arena_printf(A, "%s.%s", $1, $3), NULL, false, false, @$); }
  | name '.' name '(' expr_list ')'     { $$ = ddbc_ast_func(p, ddbc_arena_printf(A, "%s.%s", $1, $3), &$5, false, false, @$); }
  | LEFT '(' expr_list ')'              { $$ = ddbc_ast_func(p, "left", &$3, false, false, @$); }
  | IF '(' expr_list ')'                { $$ = ddbc_ast_func(p, "if", &$3, false, false, @$); }
  | RIGHT '(' expr_list ')'             { $$ = ddbc_ast_func(p, "right", &$3, false, false, @$); }
  ;

case_expr:
    CASE when_list opt_else END_P       { $$ = ddbc_ast_list_expr(p, DDBC_EXPR_CASE, &$2, @$); }
  | CASE a_expr when_list opt_else END_P { $$ = ddbc_ast_list_expr(p, DDBC_EXPR_CASE, &$3, @$); }
  ;

when_list:
    WHEN a_expr THEN a_expr             { $$ = (ddbc_expr_list){0}; ddbc_ast_expr_push(p, &$$, $2); ddbc_ast_expr_push(p, &$$, $4); }
  | when_list WHEN a_expr THEN a_expr   { $$ = $1; ddbc_ast_expr_push(p, &$$, $3); ddbc_ast_expr_push(p, &$$, $5); }
  ;

opt_else:
    %empty
  | ELSE a_expr
  ;

expr_list:
    a_expr                              { $$ = (ddbc_expr_list){0}; ddbc_ast_expr_push(p, &$$, $1); }
  | expr_list ',' a_expr                { $$ = $1; ddbc_ast_expr_push(p, &$$, $3); }
  ;

/* ---- SELECT --------------------------------------------------------------- */

select_stmt:
    select_limited
  | WITH cte_list select_limited        { $$ = $3; $$->has_with = true; }
  ;

cte_list:
    cte
  | IDENT cte
  | cte_list ',' cte
  ;

cte:
    name opt_name_list AS '(' select_stmt ')'
  ;

select_limited:
    select_ordered
  | select_ordered LIMIT limit_value                        { $$ = $1; $$->limit = $3; }
  | select_ordered LIMIT limit_value OFFSET limit_value     { $$ = $1; $$->limit = $3; $$->offset = $5; }
  | select_ordered OFFSET limit_value                       { $$ = $1; $$->offset = $3; }
  | select_ordered OFFSET limit_value LIMIT limit_value     { $$ = $1; $$->offset = $3; $$->limit = $5; }
  | select_ordered LIMIT limit_value ',' limit_value        { $$ = $1; $$->offset = $3; $$->limit = $5; }
  | select_limited FOR UPDATE                               { $$ = $1; $$->for_update = true; }
  | select_limited FOR IDENT                                { $$ = $1; $$->for_update = true; }
  ;

limit_value:
    b_expr
  | ALL                                 { $$ = NULL; }
  ;

%type <select> select_ordered select_order_list;
select_ordered:
    select_body
  | select_order_list
  ;

select_order_list:
    select_body ORDER BY order_item     { $$ = $1; ddbc_ast_order_push(p, $$, &p->order); }
  | select_order_list ',' order_item    { $$ = $1; ddbc_ast_order_push(p, $$, &p->order); }
  ;

order_item:
    a_expr opt_desc opt_nulls           { p->order = (ddbc_ast_order){ $1, $2, $3, @$ }; }
  ;

select_body:
    select_core
  | select_body UNION opt_all select_core       { $$ = $1; $$->set_op_span = @2; }
  | select_body INTERSECT opt_all select_core   { $$ = $1; $$->set_op_span = @2; }
  | select_body EXCEPT opt_all select_core      { $$ = $1; $$->set_op_span = @2; }
  ;

opt_all:
    %empty                              { $$ = false; }
  | ALL                                 { $$ = true; }
  | DISTINCT                            { $$ = false; }
  ;

%type <select> select_head select_targets select_from select_from_items select_where select_grouped;
select_core:
    select_grouped
  | select_grouped HAVING a_expr        { $$ = $1; $$->having = $3; }
  ;

select_grouped:
    select_where
  | select_where GROUP BY expr_list     { $$ = $1; $$->group_by = $4; }
  ;

select_where:
    select_from
  | select_from WHERE a_expr            { $$ = $1; $$->where = $3; }
  ;

select_from:
    select_targets
  | select_from_items
  ;

select_from_items:
    select_targets FROM table_ref       { $$ = $1; ddbc_ast_from_push(p, &$$->from, $3); }
  | select_from_items ',' table_ref     { $$ = $1; ddbc_ast_from_push(p, &$$->from, $3); }
  | select_from_items join_type JOIN table_ref ON a_expr      { $$ = $1; ddbc_ast_join_push(p, $$, $2, $4, $6, NULL, false, ddbc_span_join(@3, @6)); }
  | select_from_items join_type JOIN table_ref USING '(' name_list ')'
                                        { $$ = $1; ddbc_ast_join_push(p, $$, $2, $4, NULL, &$7, false, ddbc_span_join(@3, @8)); }
  | select_from_items CROSS JOIN table_ref    { $$ = $1; ddbc_ast_join_push(p, $$, DDBC_JOIN_CROSS, $4, NULL, NULL, false, ddbc_span_join(@2, @4)); }
  | select_from_items NATURAL join_type JOIN table_ref
                                        { $$ = $1; ddbc_ast_join_push(p, $$, $3, $5, NULL, NULL, true, ddbc_span_join(@2, @5)); }
  ;

select_targets:
    select_head target                  { $$ = $1; ddbc_ast_target_add(p, $$, p->target.expr, p->target.alias, p->target.span); }
  | select_targets ',' target           { $$ = $1; ddbc_ast_target_add(p, $$, p->target.expr, p->target.alias, p->target.span); }
  ;

select_head:
    SELECT opt_distinct                 { $$ = ddbc_ast_select_new(p, @1); $$->distinct = $2; }
  ;

opt_distinct:
    %empty                              { $$ = false; }
  | DISTINCT                            { $$ = true; }
  | DISTINCT ON '(' expr_list ')'       { $$ = true; }
  | ALL                                 { $$ = false; }
  ;

target:
    a_expr                              { p->target = (ddbc_ast_target){ $1, NULL, @$ }; }
  | a_expr AS any_word                  { p->target = (ddbc_ast_target){ $1, $3, @$ }; }
  | a_expr IDENT                        { p->target = (ddbc_ast_target){ $1, $2, @$ }; }
  | a_expr STRING                       { p->target = (ddbc_ast_target){ $1, $2, @$ }; }
  ;

join_type:
    %empty                              { $$ = DDBC_JOIN_INNER; }
  | INNER                               { $$ = DDBC_JOIN_INNER; }
  | LEFT opt_outer                      { $$ = DDBC_JOIN_LEFT; }
  | RIGHT opt_outer                     { $$ = DDBC_JOIN_RIGHT; }
  | FULL opt_outer                      { $$ = DDBC_JOIN_FULL; }
  ;

opt_outer:
    %empty
  | OUTER
  ;

table_ref:
    qname opt_alias                     { $$ = ddbc_ast_table_ref_make($1, $2, p->alias_span, @$); }
  | ONLY qname opt_alias                { $$ = ddbc_ast_table_ref_make($2, $3, p->alias_span, @$); }
  | '(' select_stmt ')' opt_alias       { $$ = ddbc_ast_table_ref_make(ddbc_ast_qname(NULL, NULL, @1), $4, p->alias_span, @$); $$.subquery = $2; }
  ;

opt_alias:
    %empty                              { $$ = NULL; p->alias_span = @$; }
  | AS any_word                         { $$ = $2; p->alias_span = @2; }
  | IDENT                               { p->alias_span = @1; }
  | QIDENT                              { p->alias_span = @1; }
  ;

/* ---- INSERT --------------------------------------------------------------- */

insert_stmt:
    insert_head insert_source opt_on_conflict_clause opt_returning
  ;

insert_head:
    INSERT opt_ignore INTO table_ref_as opt_insert_cols  { S(DDBC_STMT_INSERT); IN->table = p->tref; IN->columns = p->cols;
                                          if ($2) { IN->on_conflict = true; IN->on_conflict_span = @2; IN->conflict_kind = DDBC_CONFLICT_IGNORE; } }
  | INSERT OR conflict_resolution INTO table_ref_as opt_insert_cols
                                        { S(DDBC_STMT_INSERT); IN->table = p->tref; IN->columns = p->cols; IN->on_conflict = true; IN->on_conflict_span = ddbc_span_join(@2, @3);
                                          IN->conflict_kind = (ddbc_conflict_kind)$3; }
  | REPLACE INTO table_ref_as opt_insert_cols
                                        { S(DDBC_STMT_INSERT); IN->table = p->tref; IN->columns = p->cols; IN->on_conflict = true; IN->on_conflict_span = @1; IN->conflict_kind = DDBC_CONFLICT_REPLACE; }
  ;

opt_ignore:
    %empty                              { $$ = false; }
  | IGNORE                              { $$ = true; }
  ;

table_ref_as:
    qname                               { p->tref = ddbc_ast_table_ref_make($1, NULL, @1, @$); }
  | qname AS any_word                   { p->tref = ddbc_ast_table_ref_make($1, $3, @3, @$); }
  ;

opt_insert_cols:
    %empty                              { p->cols = (ddbc_ident_list){0}; }
  | '(' name_list ')'                   { p->cols = $2; }
  ;

insert_source:
    VALUES values_rows
  | VALUES values_rows AS any_word opt_name_list
  | DEFAULT VALUES                      { IN->default_values = true; }
  | select_stmt                         { IN->select = $1; }
  ;

values_rows:
    '(' value_list ')'                  { ddbc_ast_row_push(p, &IN->rows, &$2); }
  | values_rows ',' '(' value_list ')'  { ddbc_ast_row_push(p, &IN->rows, &$4); }
  ;

value_list:
    value_expr                          { $$ = (ddbc_expr_list){0}; ddbc_ast_expr_push(p, &$$, $1); }
  | value_list ',' value_expr           { $$ = $1; ddbc_ast_expr_push(p, &$$, $3); }
  ;

value_expr:
    a_expr
  | DEFAULT                             { $$ = ddbc_ast_expr(p, DDBC_EXPR_DEFAULT, @$); }
  ;

opt_on_conflict_clause:
    %empty
  | ON CONFLICT conflict_target DO NOTHING                              { IN->on_conflict = true; IN->on_conflict_span = @$; IN->conflict_kind = DDBC_CONFLICT_DO_NOTHING; }
  | ON CONFLICT conflict_target DO UPDATE SET set_list opt_where        { IN->on_conflict = true; IN->on_conflict_span = @$; IN->conflict_set = p->set;
                                                                          IN->conflict_kind = DDBC_CONFLICT_DO_UPDATE; IN->conflict_where = $8; }
  | ON DUPLICATE KEY UPDATE set_list                                    { IN->on_conflict = true; IN->on_conflict_span = @$; IN->conflict_set = p->set; IN->conflict_kind = DDBC_CONFLICT_DUPLICATE_KEY; }
  ;

conflict_target:
    %empty
  | '(' name_list ')'                   { IN->conflict_target = $2; }
  | ON CONSTRAINT name                  { IN->conflict_on_constraint = true; }
  ;

opt_returning:
    %empty
  | RETURNING returning_list
  ;

returning_list:
    target                              { ddbc_ast_returning_push(p); }
  | returning_list ',' target           { ddbc_ast_returning_push(p); }
  ;

set_list:
    set_clause
  | set_list ',' set_clause
  ;

set_clause:
    col_target '=' value_expr           { ddbc_ast_set_clause_add(p, &p->set, $1, $3, @$); }
  ;

col_target:
    ident
  | name '.' ident                      { $$ = $3; }
  ;

/* ---- UPDATE --------------------------------------------------------------- */

update_stmt:
    update_head SET set_list opt_update_from opt_where opt_mysql_tail opt_returning
                                        { UP->set = p->set; UP->where = $5; }
  ;

update_head:
    UPDATE table_ref                    { S(DDBC_STMT_UPDATE); UP->table = $2; p->set = (ddbc_set_list){0}; }
  ;

opt_update_from:
    %empty
  | update_from
  ;

update_from:
    FROM table_ref                      { ddbc_ast_from_push(p, &UP->from, $2); }
  | update_from ',' table_ref           { ddbc_ast_from_push(p, &UP->from, $3); }
  ;

opt_where:
    %empty                              { $$ = NULL; }
  | WHERE a_expr                        { $$ = $2; }
  ;

/* MySQL: UPDATE/DELETE … ORDER BY … LIMIT n */
opt_mysql_tail:
    %empty
  | LIMIT b_expr
  | ORDER BY dml_order_list
  | ORDER BY dml_order_list LIMIT b_expr
  ;

dml_order_list:
    a_expr opt_desc
  | dml_order_list ',' a_expr opt_desc
  ;

/* ---- DELETE --------------------------------------------------------------- */

delete_stmt:
    delete_head opt_delete_using opt_where opt_mysql_tail opt_returning     { DE->where = $3; }
  ;

delete_head:
    DELETE_P FROM table_ref             { S(DDBC_STMT_DELETE); DE->table = $3; }
  ;

opt_delete_using:
    %empty
  | delete_using
  ;

delete_using:
    USING table_ref                     { ddbc_ast_from_push(p, &DE->using_tables, $2); }
  | delete_using ',' table_ref          { ddbc_ast_from_push(p, &DE->using_tables, $3); }
  ;

%%

/* Syntax errors name what was found and, when the list is short, what was expected. */
static int yyreport_syntax_error(const yypcontext_t *ctx, ddbc_parser *p)
{
    enum { MAX_EXPECTED = 256 };
    yysymbol_kind_t expected[MAX_EXPECTED];
    int n = yypcontext_expected_tokens(ctx, expected, MAX_EXPECTED);
    yysymbol_kind_t got = yypcontext_token(ctx);
    ddbc_span at = *yypcontext_location(ctx);
    const char *names[MAX_EXPECTED];
    int count = n < 0 ? 0 : n;
    for (int i = 0; i < count; i++) names[i] = yysymbol_name(expected[i]);
    ddbc_parse_syntax_error(p, at, got == YYSYMBOL_YYEOF ? NULL : yysymbol_name(got), names, count);
    return 0;
}

void ddbc_yyerror(ddbc_span *loc, ddbc_parser *p, const char *msg)
{
    /* Only the parser's "memory exhausted" reaches here (its stack is full);
     * syntax errors are reported above. */
    (void)msg;
    ddbc_diag *d = ddbc_diag_report(p->diags, DDBC_E0009, *loc,
                                    "statement is nested too deeply to parse");
    ddbc_diag_set_hint(p->diags, d, "split the expression up");
    p->failed = true;
}
