/* config.h — options from ddbc.yaml (read with libyaml).
 *
 * Every option has a default; no file is needed.  Later issues add planner and
 * emitter options here; unknown keys are a warning, wrong types an error with
 * the file position. */
#ifndef DDBC_CONFIG_H
#define DDBC_CONFIG_H

#include <stdbool.h>

#include "design.h"
#include "diag.h"
#include "ir.h"
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
    /* ---- the table's deployment (cloudformation.yaml, terraform/, create-table.json) */
    bool provisioned;            /* billing.mode: PROVISIONED (default PAY_PER_REQUEST) */
    int read_capacity, write_capacity;          /* billing: minimum units (default 5, 5) */
    int max_read_capacity, max_write_capacity;  /* billing: auto scaling maximum (default 100, 100) */
    int target_utilization;      /* billing: auto scaling target percent (default 70) */
    const char *ttl_attribute;   /* ttl_attribute: a column holding epoch seconds; NULL: no TTL */
    ddbc_span ttl_attribute_span;    /* where its value was written; DDBC_NO_SPAN: not in a file */
    const char *stream_view;     /* stream: NEW_AND_OLD_IMAGES, NEW_IMAGE, OLD_IMAGE, KEYS_ONLY;
                                    NULL: off */
    bool point_in_time_recovery; /* default true */
    bool deletion_protection;    /* default true */
    DDBC_VEC(const char *) tag_keys;     /* tags: in file order */
    DDBC_VEC(const char *) tag_values;
    /* ---- cost estimate (report.md) */
    double default_reads_per_second;     /* cost.default_reads_per_second (default 10) */
    double default_writes_per_second;    /* cost.default_writes_per_second (default 1) */
    DDBC_VEC(const char *) rate_patterns;    /* cost.rates: pattern name → requests/second */
    DDBC_VEC(double) rate_values;
    double price_write_million;  /* cost.prices.write_request_units_per_million (default 0.625) */
    double price_read_million;   /* cost.prices.read_request_units_per_million (default 0.125) */
    double price_storage_gb_month;   /* cost.prices.storage_gb_month (default 0.25) */
    double free_storage_gb;      /* cost.prices.free_storage_gb (default 25) */
    double items_per_entity;     /* cost.items_per_entity: stored items assumed (default 100000) */
    DDBC_VEC(const char *) emit; /* default: every target; empty vector = default */
    DDBC_VEC(ddbc_span) emit_spans; /* parallel to emit: where each name was written */
} ddbc_config;

/* Fill cfg with the defaults. */
void ddbc_config_defaults(ddbc_config *cfg);

/* Whether s can prefix generated C symbols (c_prefix, --prefix): a C
 * identifier of at most 63 characters that is not a keyword. */
bool ddbc_config_valid_c_prefix(const char *s);

/* Read a YAML config file into cfg (which holds defaults).  The file is added
 * to sources so diagnostics can point into it.  Returns false on errors
 * (reported to diags). */
bool ddbc_config_load(ddbc_config *cfg, const char *path, ddbc_sources *sources,
                      ddbc_arena *arena, ddbc_diags *diags);

/* Check the options that name parts of the schema once it is known: the
 * ttl_attribute must be an integer column of epoch seconds in some table and
 * no key attribute of the design.  Reported to diags at the option's value. */
void ddbc_config_check_design(const ddbc_config *cfg, const ddbc_ir *ir, const ddbc_design *design,
                              ddbc_arena *arena, ddbc_diags *diags);

#endif
