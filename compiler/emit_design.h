/* emit_design.h — the `design` backend: design.json, the contract tools read
 * (the table and its GSIs, every entity's keys, every pattern's requests, and
 * the diagnostics), and — as the `lock` backend — the lock file. */
#ifndef DDBC_EMIT_DESIGN_H
#define DDBC_EMIT_DESIGN_H

#include "design.h"
#include "diag.h"
#include "outset.h"

/* Add "design.json" to out.  `reported` holds the diagnostics of the whole
 * compilation so far (they are part of the contract); `diags` receives the
 * emitter's own problems. */
void ddbc_emit_design(const ddbc_design *d, ddbc_sources *sources, const ddbc_diags *reported,
                      ddbc_outset *out, ddbc_diags *diags);

#endif
