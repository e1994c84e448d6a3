/* emit_workbench.h — nosql-workbench.json: the NoSQL Workbench data model
 * (version 3.0), so the design opens in the tool AWS users already know. */
#ifndef DDBC_EMIT_WORKBENCH_H
#define DDBC_EMIT_WORKBENCH_H

#include "config.h"
#include "design.h"
#include "diag.h"
#include "outset.h"

void ddbc_emit_workbench(const ddbc_design *d, const ddbc_config *cfg, ddbc_outset *out,
                         ddbc_diags *diags);

#endif
