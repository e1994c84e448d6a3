/* yaml_out.c — the shared libyaml emitter helpers (yaml_out.h). */
#include "yaml_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int write_to_strbuf(void *data, unsigned char *buffer, size_t size)
{
    ddbc_strbuf_append(data, (const char *)buffer, size);
    return 1;
}

static void emit(yaml_emitter_t *em, yaml_event_t *ev, int initialized)
{
    if (!initialized || !yaml_emitter_emit(em, ev)) {
        fprintf(stderr, "ddbc: cannot emit YAML: %s\n", em->problem ? em->problem : "out of memory");
        abort();
    }
}

void ddbc_yaml_out_begin(yaml_emitter_t *em, ddbc_strbuf *sb)
{
    if (!yaml_emitter_initialize(em)) {
        fprintf(stderr, "ddbc: out of memory (initializing the YAML emitter)\n");
        abort();
    }
    yaml_emitter_set_output(em, write_to_strbuf, sb);
    yaml_emitter_set_unicode(em, 1);
    yaml_emitter_set_width(em, -1);   /* never fold a long line: diffs stay one line per change */
    yaml_emitter_set_break(em, YAML_LN_BREAK);
    yaml_event_t ev;
    emit(em, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING));
    emit(em, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1));
}

void ddbc_yaml_out_end(yaml_emitter_t *em)
{
    yaml_event_t ev;
    emit(em, &ev, yaml_document_end_event_initialize(&ev, 1));
    emit(em, &ev, yaml_stream_end_event_initialize(&ev));
    yaml_emitter_delete(em);
}

void ddbc_yaml_scalar(yaml_emitter_t *em, const char *tag, const char *s, yaml_scalar_style_t style)
{
    /* libyaml refuses ill-formed UTF-8 in a scalar; names and tag values come
     * from user files, so stray bytes become U+FFFD as in the JSON outputs */
    ddbc_strbuf tmp = DDBC_STRBUF_INIT;
    ddbc_strbuf_append_utf8(&tmp, s, strlen(s));
    const char *v = ddbc_strbuf_cstr(&tmp);
    yaml_event_t ev;
    int implicit = tag == NULL;
    int ok = yaml_scalar_event_initialize(&ev, NULL, (const yaml_char_t *)tag, (const yaml_char_t *)v,
                                          (int)strlen(v), implicit, implicit, style);
    emit(em, &ev, ok);
    ddbc_strbuf_free(&tmp);
}

bool ddbc_yaml_plain_safe(const char *s)
{
    static const char *const words[] = {"null", "true", "false", "yes", "no", "on", "off",
                                        "y", "n"};
    if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_')) return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              *p == '_' || *p == '-' || *p == '.' || (*p == ':' && p[1])))
            return false;
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        size_t n = strlen(words[i]);
        if (strlen(s) != n) continue;
        size_t j = 0;
        while (j < n && (s[j] | 0x20) == words[i][j]) j++;
        if (j == n) return false;
    }
    return true;
}

void ddbc_yaml_str(yaml_emitter_t *em, const char *s)
{
    ddbc_yaml_scalar(em, NULL, s,
                     ddbc_yaml_plain_safe(s) ? YAML_PLAIN_SCALAR_STYLE : YAML_DOUBLE_QUOTED_SCALAR_STYLE);
}

void ddbc_yaml_quoted(yaml_emitter_t *em, const char *s)
{
    ddbc_yaml_scalar(em, NULL, s, YAML_DOUBLE_QUOTED_SCALAR_STYLE);
}

void ddbc_yaml_map_start(yaml_emitter_t *em)
{
    yaml_event_t ev;
    emit(em, &ev, yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE));
}

void ddbc_yaml_map_end(yaml_emitter_t *em)
{
    yaml_event_t ev;
    emit(em, &ev, yaml_mapping_end_event_initialize(&ev));
}

void ddbc_yaml_seq_start(yaml_emitter_t *em, yaml_sequence_style_t style)
{
    yaml_event_t ev;
    emit(em, &ev, yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, style));
}

void ddbc_yaml_seq_end(yaml_emitter_t *em)
{
    yaml_event_t ev;
    emit(em, &ev, yaml_sequence_end_event_initialize(&ev));
}
