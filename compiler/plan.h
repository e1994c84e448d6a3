/* plan.h — the planner: checked IR → single-table design.
 *
 * ddbc_plan runs the planning passes in order: entity tags and guards,
 * pattern classification (refusals), inferred patterns (infer.c), counters and
 * copies, shape assignment to the table and the fewest GSIs (against the lock
 * file when one is given), key conditions and projections, the derived-key
 * map, write plans (plan_write.c), limits and change classification. */
#ifndef DDBC_PLAN_H
#define DDBC_PLAN_H

#include <stdbool.h>

#include "config.h"
#include "design.h"
#include "diag.h"
#include "ir.h"
#include "lock.h"

typedef struct ddbc_plan_options {
    const ddbc_config *config;
    const ddbc_lock *lock;     /* the design to stay compatible with; NULL: none */
    bool allow_rewrite;        /* --allow-rewrite: a locked key template may change */
} ddbc_plan_options;

/* Plan the design.  Refusals and limit violations are reported to diags (the
 * pattern is kept with status REJECTED); the design is always returned. */
ddbc_design *ddbc_plan(const ddbc_ir *ir, const ddbc_plan_options *opts, ddbc_arena *arena,
                       ddbc_diags *diags);

/* How to find the items a write's WHERE names (UPDATE/DELETE), for the write
 * planner.  Fills `out` with a GetItem on the table when the WHERE gives the
 * whole base key, else with a Query (or GetItem) on the index whose key it
 * gives.  Returns false when no index serves it: the write would need a Scan. */
bool ddbc_plan_locate(const ddbc_design *d, const ddbc_query *q, ddbc_arena *arena,
                      ddbc_request *out);

/* Fill in the write plans: every entity's put/update/remove, and the write of
 * each write pattern (INSERT/UPDATE/DELETE).  Called by ddbc_plan once keys,
 * guards, copies, counters and the derived-key map are final.  A write that
 * cannot be located without a Scan is rejected (E0413). */
void ddbc_plan_writes(ddbc_design *d, const ddbc_ir *ir, ddbc_arena *arena, ddbc_diags *diags);

#endif
