/* infer.h — the access patterns an ERD implies, for teams that have a schema
 * and no queries yet.
 *
 * Per entity, in catalog order: get by primary key; list children by each
 * foreign key (newest first when the child has a timestamp column); look up by
 * each unique column set; and by each declared CREATE INDEX.  Each is a
 * ddbc_query built as the check pass would have built the SQL it stands for,
 * with `inferred` set and its span on the DDL that implied it. */
#ifndef DDBC_INFER_H
#define DDBC_INFER_H

#include "ir.h"

/* Append the inferred read patterns to out (never to ir->queries).  Names are
 * unique among themselves and against the declared queries (GetCustomer,
 * ListOrdersByCustomer, GetCustomerByEmail, ListOrdersByStatus …, with a
 * numeric suffix on a clash). */
typedef DDBC_VEC(ddbc_query *) ddbc_query_list;
void ddbc_infer_patterns(const ddbc_ir *ir, ddbc_arena *arena, ddbc_query_list *out);

#endif
