/* emit_c.h — the generated C: c/<prefix>.h and c/<prefix>.c, a struct per
 * entity and a typed function per access pattern over the runtime
 * (include/ddbc/rt_schema.h), with the design as `static const` descriptors. */
#ifndef DDBC_EMIT_C_H
#define DDBC_EMIT_C_H

#include "config.h"
#include "design.h"
#include "diag.h"
#include "outset.h"
#include "source.h"

/* Add "c/<prefix>.h" and "c/<prefix>.c"; the prefix is cfg->c_prefix. */
void ddbc_emit_c(const ddbc_design *d, const ddbc_config *cfg, const ddbc_sources *sources,
                 ddbc_outset *out, ddbc_diags *diags);

#endif
