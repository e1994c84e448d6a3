/* plan_internal.h — what the planner's own passes share (plan.c, plan_need.c,
 * plan_request.c): the per-pattern needs and the shapes they ask of an index.
 * Nothing outside the planner includes this. */
#ifndef DDBC_PLAN_INTERNAL_H
#define DDBC_PLAN_INTERNAL_H

#include "design.h"
#include "plan.h"

/* One equality a pattern gives: column = operand (a parameter or literal). */
typedef struct plan_eq {
    ddbc_column *column;       /* the keyed entity's column, or a copied parent column */
    ddbc_operand value;
    const ddbc_predicate *pred;
} plan_eq;

/* What one read pattern (or one request of it) asks of the keyed entity. */
typedef struct plan_need {
    ddbc_pattern *pattern;
    const ddbc_query *q;
    ddbc_entity *entity;       /* whose items the request keys on */
    DDBC_VEC(plan_eq) pk_eqs;  /* equalities that form the partition, canonical order */
    DDBC_VEC(plan_eq) sk_eqs;  /* low-cardinality equalities that lead the sort key */
    DDBC_VEC(ddbc_column *) order;   /* sort columns after the equality prefix */
    const ddbc_predicate *range;     /* range on order[0] used as the key condition */
    const ddbc_predicate *in;        /* IN list fanned out into one request per value */
    bool desc;
    DDBC_VEC(const ddbc_predicate *) filters;
    const char *pk_tag, *sk_tag;
    const char *condition;           /* sparse membership; NULL: none */
    DDBC_VEC(ddbc_column *) cond_cols;
    DDBC_VEC(const ddbc_predicate *) cond_preds;   /* the predicates that made it */
    bool cond_as_filter;             /* served by a shape that is not sparse: filter instead */
    ddbc_entity *parent;             /* collection: the parent read with its children */
    bool is_parent_side;             /* this need is the parent's half of a collection */
    struct plan_need *partner;       /* the other half of a collection */
    int role;                        /* NEED_* */
    ddbc_entity *hydrate;            /* follow-up: fetch this entity by key ... */
    ddbc_foreign_key *hydrate_fk;    /* ... through this foreign key of the keyed entity */
    bool hydrate_children;           /* follow-up is a Query per item of the children */
    ddbc_counter *counter;           /* COUNT(*): served by this counter item */
    bool unkeyed;                    /* no equality: served from a constant partition */
    bool soft;                       /* inferred beside declared queries: kept only if free */
    bool targets_all;                /* SELECT *: needs every attribute */
    DDBC_VEC(const char *) attrs;    /* attributes the pattern reads (when !targets_all) */
    struct plan_shape *shape;
    int index;                       /* where it is served; -1 until placed */
} plan_need;

enum { NEED_MAIN, NEED_FOLLOW };

/* A (partition, sort, condition) shape of one entity; placed on one or more
 * indexes (the base, and a GSI when a collection needs the entity there too). */
typedef struct plan_shape {
    ddbc_entity *entity;
    const char *pk_tag;
    DDBC_VEC(ddbc_column *) pk;
    const char *sk_tag;
    DDBC_VEC(ddbc_column *) sk;
    const char *condition;
    DDBC_VEC(ddbc_column *) cond_cols;
    bool identity;             /* partition is the entity's own primary key */
    bool locked;
    int weight;                /* patterns served */
    int group;                 /* collection group (shapes that share a partition); -1 */
    DDBC_VEC(int) placed;      /* index numbers */
    DDBC_VEC(struct plan_need *) served;   /* the needs it was chosen for */
    const char *why;           /* the pattern that asked for it first */
} plan_shape;

/* Per entity (by catalog ordinal): its plan, its shapes, and which shape
 * holds each index slot (an entity holds at most one shape per index). */
typedef struct plan_entity {
    ddbc_entity_plan *plan;
    DDBC_VEC(plan_shape *) shapes;
    DDBC_VEC(plan_shape *) slots;    /* by index number; NULL: free */
    const char *identity_sk;         /* "#TAG" (parent first) or "~TAG" (parent last) */
    bool parent_last_votes, parent_first_votes;
    const ddbc_lock_entity *locked;  /* its lock entry, when planning against a lock */
} plan_entity;

typedef struct planner {
    const ddbc_ir *ir;
    const ddbc_plan_options *opts;
    ddbc_arena *arena;
    ddbc_diags *diags;
    ddbc_design *d;
    plan_entity *ents;               /* by entity ordinal */
    DDBC_VEC(plan_need *) needs;
    DDBC_VEC(plan_shape *) shapes;
    int ngroups;
    ddbc_symtab *literal_columns;    /* "table.column" → the literal it is compared
                                        with, or the planner itself when several */
} planner;

/* plan_need.c: read pattern → needs (or a refusal).  Returns false when
 * the pattern was refused (diagnostics reported unless soft). */
bool plan_classify_read(planner *p, ddbc_pattern *pat, bool soft);
/* Record the literals a query compares columns with (before classifying). */
void plan_note_literals(planner *p, const ddbc_query *q);
/* Whether column c's literal equalities should be key parts, not sparse conditions. */
bool plan_literal_is_key(planner *p, const ddbc_column *c);
/* The copy of parent column `col` onto `child` through fk, made on first use. */
ddbc_copy *plan_copy(planner *p, ddbc_entity *child, ddbc_foreign_key *fk, ddbc_column *col);
/* The partition tag for a set of partition columns of entity e. */
const char *plan_pk_tag(planner *p, ddbc_entity *e, ddbc_column *const *cols, size_t n);
/* Report a refusal for pattern pat (status REJECTED); returns the diagnostic. */
ddbc_diag *plan_refuse(planner *p, ddbc_pattern *pat, ddbc_diag_code code, ddbc_span at,
                       const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* plan_request.c: the requests that serve a placed need. */
void plan_requests(planner *p, plan_need *n);
/* Render a key bound for people: "CUSTOMER#{customer_id}", "ORDER#" … */
void plan_render_bound(const ddbc_query *q, const ddbc_key_bound *b, ddbc_strbuf *sb);
/* The item attribute holding key part `part` of entity e's keys. */
const char *plan_part_attr(const ddbc_key_part *part);

#endif
