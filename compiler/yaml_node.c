/* yaml_node.c — shared libyaml node helpers (yaml_node.h). */
#include "yaml_node.h"

#include <string.h>

#include "strbuf.h"

/* libyaml counts characters; spans count bytes.  The line table starts line 1
 * after a byte-order mark, as libyaml counts columns. */
static uint32_t mark_offset(ddbc_source *src, yaml_mark_t m)
{
    size_t len;
    /* first: the call builds the line table that nlines counts */
    const char *line = ddbc_source_line(src, (unsigned)m.line + 1, &len);
    if (m.line + 1 > src->nlines) return (uint32_t)src->len;
    size_t off = (size_t)(line - src->text);
    for (size_t c = 0; c < m.column && off < src->len; c++) {
        size_t k = ddbc_utf8_len(src->text + off, src->len - off);
        off += k ? k : 1;
    }
    return (uint32_t)off;
}

ddbc_span ddbc_yaml_node_span(ddbc_source *src, const yaml_node_t *n)
{
    ddbc_span s = {src->id, mark_offset(src, n->start_mark), mark_offset(src, n->end_mark)};
    if (s.end < s.start) s.end = s.start;
    return s;
}

void ddbc_yaml_error_spans(ddbc_source *src, const yaml_parser_t *p, ddbc_span *at,
                           ddbc_span *context)
{
    *at = (ddbc_span){src->id, 0, 0};
    *context = DDBC_NO_SPAN;
    if (p->error == YAML_READER_ERROR) {
        /* a reader error has a byte offset, not a mark */
        at->start = at->end = (uint32_t)(p->problem_offset < src->len ? p->problem_offset : src->len);
        return;
    }
    at->start = at->end = mark_offset(src, p->problem_mark);
    if (p->context) {
        uint32_t c = mark_offset(src, p->context_mark);
        *context = (ddbc_span){src->id, c, c};
    }
}

bool ddbc_yaml_is_null(const yaml_node_t *n)
{
    if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) return false;
    const char *s = (const char *)n->data.scalar.value;
    return !*s || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 || strcmp(s, "Null") == 0 ||
           strcmp(s, "NULL") == 0;
}

const char *ddbc_yaml_node_kind(const yaml_node_t *n)
{
    if (ddbc_yaml_is_null(n)) return "nothing";
    switch (n->type) {
    case YAML_MAPPING_NODE: return "a mapping";
    case YAML_SEQUENCE_NODE: return "a list";
    default: return "a scalar";
    }
}
