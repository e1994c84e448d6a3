/* samples.h — sample items: realistic values derived from column types, laid
 * out as the design stores them (every key attribute built with keyenc, sparse
 * keys only where the condition holds, copies and counters included), for the
 * NoSQL Workbench model, the report and the tests that load them into a
 * DynamoDB-compatible server.  Deterministic: the same design, the same items. */
#ifndef DDBC_SAMPLES_H
#define DDBC_SAMPLES_H

#include "design.h"

typedef enum ddbc_attr_type {
    DDBC_ATTR_S, DDBC_ATTR_N, DDBC_ATTR_B, DDBC_ATTR_BOOL, DDBC_ATTR_NULL,
    DDBC_ATTR_M, DDBC_ATTR_L, DDBC_ATTR_SS, DDBC_ATTR_NS,
} ddbc_attr_type;

const char *ddbc_attr_type_name(ddbc_attr_type t);   /* "S", "N", … */

/* One attribute of a sample item.  `value` is the text DynamoDB JSON carries
 * for S/N/B (B already base64), "true"/"false" for BOOL; for M, L, SS and NS
 * it is the JSON text of the value in DynamoDB JSON ({"k": {"S": "v"}} /
 * [{"S": "a"}] / ["a","b"]). */
typedef struct ddbc_sample_attr {
    const char *name;
    ddbc_attr_type type;
    const char *value;
} ddbc_sample_attr;

typedef struct ddbc_sample_item {
    const ddbc_entity_plan *entity;   /* NULL for a guard or counter item */
    const char *kind;                 /* "entity", "guard" or "counter" */
    DDBC_VEC(ddbc_sample_attr) attrs; /* key attributes first (table, then GSIs), then
                                         columns in ordinal order */
} ddbc_sample_item;

typedef DDBC_VEC(ddbc_sample_item) ddbc_sample_list;

/* Sample items for the design: `per_entity` items of each entity (children
 * under the first parents so collections show), plus their guard and counter
 * items.  Every key value is a valid, non-empty DynamoDB key. */
void ddbc_samples_make(const ddbc_design *d, int per_entity, ddbc_arena *arena,
                       ddbc_sample_list *out);

/* The attribute named `name`, or NULL. */
const ddbc_sample_attr *ddbc_sample_attr_find(const ddbc_sample_item *it, const char *name);

#endif
