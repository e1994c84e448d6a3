/* ast_build.h — the constructors the grammar's actions call, and the parser's state.
 *
 * Internal to the front end (lex.c, parse.c, grammar/parser.y, ast.c).  Every
 * action is a one-line call to one of these, so the grammar reads as grammar. */
#ifndef DDBC_AST_BUILD_H
#define DDBC_AST_BUILD_H

#include "ast.h"
#include "diag.h"
#include "lex.h"

/* State of one statement's parse: the tokens it reads and what it built. */
typedef struct ddbc_parser {
    ddbc_arena *arena;
    ddbc_diags *diags;
    ddbc_source *src;
    ddbc_dialect dialect;
    const ddbc_token *tokens;   /* the statement's tokens (comments removed) */
    size_t ntokens;
    size_t pos;                 /* next token to hand to the parser */
    int depth;                  /* open parentheses */
    int positional_params;      /* ? seen so far */
    ddbc_ast_stmt *stmt;        /* the result */
    ddbc_ast_type *cur_type;    /* the type whose modifiers are being read */
    /* Scratch values handed from an inner rule to the rule that uses them. */
    ddbc_ident_list cols;       /* key columns, INSERT column list */
    bool cols_expr;             /* a key column was an expression */
    const char *method;         /* CREATE INDEX … USING */
    bool index_expression;      /* FULLTEXT/SPATIAL index */
    ddbc_ast_table_ref tref;
    ddbc_span alias_span;
    ddbc_ast_target target;
    ddbc_ast_order order;
    ddbc_set_list set;
    bool failed;                /* an error was reported for this statement */
    bool too_deep;              /* the expression-depth error was reported */
} ddbc_parser;

/* Deepest parenthesis nesting accepted in one statement. */
#define DDBC_MAX_DEPTH 500
/* Deepest expression tree accepted (a + b + c … counts one level per operator). */
#define DDBC_MAX_EXPR_DEPTH 2000

/* The Bison-generated entry point (parser.c). */
int ddbc_yyparse(ddbc_parser *p);

ddbc_ast_stmt *ddbc_ast_stmt_new(ddbc_parser *p, ddbc_stmt_kind kind);

/* Names. */
ddbc_ident ddbc_ast_ident(ddbc_parser *p, const char *name, ddbc_span span);
ddbc_qname ddbc_ast_qname(const char *schema, const char *name, ddbc_span span);
void ddbc_ast_ident_push(ddbc_parser *p, ddbc_ident_list *list, ddbc_ident id);

/* Expressions. */
ddbc_expr *ddbc_ast_expr(ddbc_parser *p, ddbc_expr_kind kind, ddbc_span span);
ddbc_expr *ddbc_ast_colref(ddbc_parser *p, const char *qualifier, const char *name, ddbc_span span);
ddbc_expr *ddbc_ast_star(ddbc_parser *p, const char *qualifier, ddbc_span span);
ddbc_expr *ddbc_ast_literal(ddbc_parser *p, ddbc_expr_kind kind, const char *text, ddbc_span span);
ddbc_expr *ddbc_ast_bool(ddbc_parser *p, bool value, ddbc_span span);
ddbc_expr *ddbc_ast_param(ddbc_parser *p, const char *text, ddbc_span span); /* $1 ? @x */
ddbc_expr *ddbc_ast_unary(ddbc_parser *p, ddbc_op op, const char *optext, ddbc_expr *e, ddbc_span span);
ddbc_expr *ddbc_ast_binary(ddbc_parser *p, ddbc_op op, const char *optext, ddbc_expr *l,
                           ddbc_expr *r, ddbc_span span);
ddbc_expr *ddbc_ast_between(ddbc_parser *p, ddbc_expr *e, ddbc_expr *lo, ddbc_expr *hi,
                            bool negated, ddbc_span span);
ddbc_expr *ddbc_ast_in(ddbc_parser *p, ddbc_expr *e, ddbc_expr_list *list, ddbc_ast_select *sub,
                       bool negated, ddbc_span span);
ddbc_expr *ddbc_ast_like(ddbc_parser *p, ddbc_op op, ddbc_expr *e, ddbc_expr *pattern,
                         bool negated, ddbc_span span);
ddbc_expr *ddbc_ast_is(ddbc_parser *p, ddbc_expr *e, ddbc_expr *what, bool negated, ddbc_span span);
/* name(args): sqlc.arg(x)/narg/slice become parameters; COUNT(*) sets star. */
ddbc_expr *ddbc_ast_func(ddbc_parser *p, const char *name, ddbc_expr_list *args, bool star,
                         bool distinct, ddbc_span span);
ddbc_expr *ddbc_ast_cast(ddbc_parser *p, ddbc_expr *e, ddbc_ast_type *type, ddbc_span span);
ddbc_expr *ddbc_ast_subquery(ddbc_parser *p, ddbc_ast_select *s, bool exists, ddbc_span span);
ddbc_expr *ddbc_ast_list_expr(ddbc_parser *p, ddbc_expr_kind kind, ddbc_expr_list *list, ddbc_span span);
void ddbc_ast_expr_push(ddbc_parser *p, ddbc_expr_list *list, ddbc_expr *e);

/* Types. */
ddbc_ast_type *ddbc_ast_type_new(ddbc_parser *p, const char *word, ddbc_span span);
void ddbc_ast_type_word(ddbc_parser *p, ddbc_ast_type *t, const char *word, ddbc_span span);
void ddbc_ast_type_modifier(ddbc_parser *p, ddbc_ast_type *t, const char *mod);
void ddbc_ast_type_array(ddbc_parser *p, ddbc_ast_type *t, ddbc_span span);
ddbc_ast_type *ddbc_ast_type_enum(ddbc_parser *p, bool is_set, ddbc_span span);
void ddbc_ast_type_enum_value(ddbc_parser *p, ddbc_ast_type *t, const char *value);
void ddbc_ast_type_finish(ddbc_parser *p, ddbc_ast_type *t);

/* Columns and constraints. */
ddbc_ast_column *ddbc_ast_column_def(ddbc_parser *p, ddbc_ident name, ddbc_ast_type *type, ddbc_span span);
ddbc_ast_constraint *ddbc_ast_constraint_new(ddbc_parser *p, ddbc_cons_kind kind, ddbc_span span);
ddbc_ast_constraint *ddbc_ast_default(ddbc_parser *p, ddbc_expr *e, ddbc_span span);
ddbc_ast_constraint *ddbc_ast_references(ddbc_parser *p, ddbc_qname table, ddbc_ident_list *cols,
                                         int actions, ddbc_span span);
/* actions is on_delete | on_update << 8, built with ddbc_ast_ref_action. */
int ddbc_ast_ref_action(bool on_delete, ddbc_ref_action action);
void ddbc_ast_constraint_push(ddbc_parser *p, ddbc_constraint_list *list, ddbc_ast_constraint *c);

/* Statements. */
void ddbc_ast_table_elem_column(ddbc_parser *p, ddbc_ast_create_table *t, ddbc_ast_column *c);
void ddbc_ast_table_elem_constraint(ddbc_parser *p, ddbc_ast_create_table *t, ddbc_ast_constraint *c);
ddbc_ast_alter_action *ddbc_ast_alter(ddbc_parser *p, ddbc_alter_kind kind, ddbc_span span);
void ddbc_ast_index_elem_add(ddbc_parser *p, ddbc_ast_create_index *ix, const char *column,
                         ddbc_expr *expr, bool desc, ddbc_span span);
ddbc_ast_table_ref ddbc_ast_table_ref_make(ddbc_qname name, const char *alias, ddbc_span alias_span, ddbc_span span);
ddbc_ast_select *ddbc_ast_select_new(ddbc_parser *p, ddbc_span span);
void ddbc_ast_target_add(ddbc_parser *p, ddbc_ast_select *s, ddbc_expr *e, const char *alias, ddbc_span span);
void ddbc_ast_set_clause_add(ddbc_parser *p, ddbc_set_list *list, ddbc_ident col, ddbc_expr *value, ddbc_span span);

void ddbc_ast_key_columns_start(ddbc_parser *p);
void ddbc_ast_key_column(ddbc_parser *p, ddbc_ident col, bool is_expression, bool desc, ddbc_span span);
ddbc_ast_alter_action *ddbc_ast_alter_push(ddbc_parser *p, ddbc_ast_alter_action *a);
void ddbc_ast_str_push(ddbc_parser *p, void *string_vec, const char *s);
void ddbc_ast_drop_start(ddbc_parser *p, ddbc_object_kind kind);
void ddbc_ast_drop_name(ddbc_parser *p, ddbc_qname name);
void ddbc_ast_comment_column(ddbc_parser *p, ddbc_qname target, const char *text);
void ddbc_ast_order_push(ddbc_parser *p, ddbc_ast_select *s, const ddbc_ast_order *o);
void ddbc_ast_from_push(ddbc_parser *p, ddbc_table_ref_list *list, ddbc_ast_table_ref ref);
void ddbc_ast_join_push(ddbc_parser *p, ddbc_ast_select *s, ddbc_join_type type, ddbc_ast_table_ref ref,
                        ddbc_expr *on, ddbc_ident_list *using_cols, bool natural, ddbc_span span);
void ddbc_ast_row_push(ddbc_parser *p, ddbc_row_list *rows, ddbc_expr_list *row);
void ddbc_ast_returning_push(ddbc_parser *p);

/* Report a syntax-level error in the statement being parsed. */
void ddbc_ast_error(ddbc_parser *p, ddbc_diag_code code, ddbc_span span, const char *msg);
/* Report a syntax error: found is the unexpected token's grammar name (NULL at
 * the end of the statement); expected holds the nexp tokens the grammar could
 * have taken there, by their grammar names. */
void ddbc_parse_syntax_error(ddbc_parser *p, ddbc_span at, const char *found,
                             const char *const *expected, int nexp);

#endif
