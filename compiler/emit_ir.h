/* emit_ir.h — the `ir` backend: ir.json, a deterministic dump of the IR for tooling. */
#ifndef DDBC_EMIT_IR_H
#define DDBC_EMIT_IR_H

#include "diag.h"
#include "ir.h"
#include "outset.h"

/* Add "ir.json" to out. */
void ddbc_emit_ir(const ddbc_ir *ir, ddbc_sources *sources, ddbc_outset *out, ddbc_diags *diags);

#endif
