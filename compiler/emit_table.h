/* emit_table.h — the table as infrastructure: create-table.json (the
 * CreateTable request), cloudformation.yaml (libyaml emitter, parameterized by
 * EnvironmentName) and terraform/{main,variables,outputs,versions}.tf — three
 * descriptions of one table: the same keys, attribute definitions, GSIs and
 * projections, billing, TTL, streams, point-in-time recovery, SSE, deletion
 * protection and tags. */
#ifndef DDBC_EMIT_TABLE_H
#define DDBC_EMIT_TABLE_H

#include "config.h"
#include "design.h"
#include "diag.h"
#include "outset.h"

/* Add "create-table.json" (usable with aws dynamodb create-table --cli-input-json). */
void ddbc_emit_create_table(const ddbc_design *d, const ddbc_config *cfg, ddbc_outset *out,
                            ddbc_diags *diags);
/* Add "cloudformation.yaml". */
void ddbc_emit_cloudformation(const ddbc_design *d, const ddbc_config *cfg, ddbc_outset *out,
                              ddbc_diags *diags);
/* Add "terraform/main.tf", "terraform/variables.tf", "terraform/outputs.tf",
 * "terraform/versions.tf". */
void ddbc_emit_terraform(const ddbc_design *d, const ddbc_config *cfg, ddbc_outset *out,
                         ddbc_diags *diags);

#endif
