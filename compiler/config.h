/* config.h — options from ddbc.yaml (read with libyaml).
 *
 * Every option has a default; no file is needed.  Later issues add planner and
 * emitter options here; unknown keys are a warning, wrong types an error with
 * the file position. */
#ifndef DDBC_CONFIG_H
#define DDBC_CONFIG_H

#include <stdbool.h>

#include "diag.h"
#include "parse.h"

typedef struct ddbc_config {
    const char *table_name;      /* default "app" */
    const char *pk_attribute;    /* default "PK" */
    const char *sk_attribute;    /* default "SK" */
    const char *c_prefix;        /* default "db" */
    ddbc_dialect dialect;        /* default auto */
    int gsi_warn;                /* default 10 */
    int gsi_limit;               /* default 20 */
    bool unkeyed_constant;       /* planner.unkeyed_patterns: constant_partition serves a
                                    pattern with no equality from one partition (hot-partition
                                    warning); default refuse (E0401) */
    DDBC_VEC(const char *) emit; /* default: every target; empty vector = default */
    DDBC_VEC(ddbc_span) emit_spans; /* parallel to emit: where each name was written */
} ddbc_config;

/* Fill cfg with the defaults. */
void ddbc_config_defaults(ddbc_config *cfg);

/* Read a YAML config file into cfg (which holds defaults).  The file is added
 * to sources so diagnostics can point into it.  Returns false on errors
 * (reported to diags). */
bool ddbc_config_load(ddbc_config *cfg, const char *path, ddbc_sources *sources,
                      ddbc_arena *arena, ddbc_diags *diags);

#endif
