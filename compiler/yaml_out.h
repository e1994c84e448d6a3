/* yaml_out.h — what the YAML writers (ddbc.lock, cloudformation.yaml) share
 * around libyaml's emitter: set-up into a strbuf (UTF-8, no line folding), and
 * scalars that are valid UTF-8 and quoted whenever a reader could take them
 * for anything but a string.  Emitter failures mean out-of-memory or a bug in
 * the event sequence, so they abort like every allocation in the compiler. */
#ifndef DDBC_YAML_OUT_H
#define DDBC_YAML_OUT_H

#include <stdbool.h>
#include <yaml.h>

#include "strbuf.h"

/* Start a stream and its one document, written to sb. */
void ddbc_yaml_out_begin(yaml_emitter_t *em, ddbc_strbuf *sb);
/* End the document and the stream, and release the emitter. */
void ddbc_yaml_out_end(yaml_emitter_t *em);

/* A scalar with a tag ("!Sub", …; NULL: none); bytes that are not UTF-8 become U+FFFD. */
void ddbc_yaml_scalar(yaml_emitter_t *em, const char *tag, const char *s, yaml_scalar_style_t style);
/* A string: plain when no reader could take it for a number, boolean, null or
 * indicator (YAML 1.1 words included), else double-quoted. */
void ddbc_yaml_str(yaml_emitter_t *em, const char *s);
/* A string always double-quoted (templates, conditions). */
void ddbc_yaml_quoted(yaml_emitter_t *em, const char *s);
/* Whether s may be written as a plain scalar and read back as the same string. */
bool ddbc_yaml_plain_safe(const char *s);

void ddbc_yaml_map_start(yaml_emitter_t *em);
void ddbc_yaml_map_end(yaml_emitter_t *em);
void ddbc_yaml_seq_start(yaml_emitter_t *em, yaml_sequence_style_t style);
void ddbc_yaml_seq_end(yaml_emitter_t *em);

#endif
