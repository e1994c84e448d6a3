/* emit_report.h — report.md: the design explained for the person who must
 * approve it (summary, diagrams, keys, patterns, samples, writes, warnings,
 * rationale and the cost estimate). */
#ifndef DDBC_EMIT_REPORT_H
#define DDBC_EMIT_REPORT_H

#include "config.h"
#include "design.h"
#include "diag.h"
#include "outset.h"

/* `reported` holds the compilation's diagnostics (the report lists them). */
void ddbc_emit_report(const ddbc_design *d, const ddbc_config *cfg, ddbc_sources *sources,
                      const ddbc_diags *reported, ddbc_outset *out, ddbc_diags *diags);

#endif
