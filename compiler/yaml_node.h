/* yaml_node.h — what the YAML readers (ddbc.yaml, ddbc.lock) share about
 * libyaml document nodes: where a node is, and how to name what it is in a
 * diagnostic. */
#ifndef DDBC_YAML_NODE_H
#define DDBC_YAML_NODE_H

#include <stdbool.h>
#include <yaml.h>

#include "source.h"

/* The byte span of node n in src (libyaml marks count characters). */
ddbc_span ddbc_yaml_node_span(ddbc_source *src, const yaml_node_t *n);

/* Where parser p failed in src, and where the construct it was reading
 * began (context->file is DDBC_NO_FILE when libyaml names none). */
void ddbc_yaml_error_spans(ddbc_source *src, const yaml_parser_t *p, ddbc_span *at,
                           ddbc_span *context);

/* Whether n is YAML's null: a plain scalar that is empty, ~ or null. */
bool ddbc_yaml_is_null(const yaml_node_t *n);

/* "nothing", "a mapping", "a list" or "a scalar", for "must be X, not Y". */
const char *ddbc_yaml_node_kind(const yaml_node_t *n);

#endif
