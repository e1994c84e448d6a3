/* fixture.c — the shared compilation fixture (see fixture.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "parse.h"

int fixture_setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f) return -1;
    f->arena = ddbc_arena_create();
    ddbc_sources_init(&f->sources, f->arena);
    ddbc_diags_init(&f->diags, f->arena);
    *state = f;
    return 0;
}

int fixture_teardown(void **state)
{
    fixture *f = *state;
    ddbc_strbuf_free(&f->out);
    ddbc_arena_destroy(f->arena);
    free(f);
    return 0;
}

size_t fixture_parse(fixture *f, ddbc_dialect dialect, const char *path, const char *text)
{
    f->src = ddbc_sources_add(&f->sources, path, text, strlen(text));
    return ddbc_parse_source(f->src, dialect, f->arena, &f->ast, &f->diags);
}

const char *rendered(fixture *f)
{
    ddbc_strbuf_reset(&f->out);
    ddbc_diags_render(&f->diags, &f->sources, DDBC_SEV_NOTE, &f->out);
    return ddbc_strbuf_cstr(&f->out);
}

const ddbc_diag *expect_diag(fixture *f, ddbc_diag_code code, unsigned line, unsigned col)
{
    const ddbc_diag *found = NULL;
    size_t count = 0;
    for (size_t i = 0; i < f->diags.items.n; i++) {
        if (f->diags.items.v[i]->code == code) {
            if (!found) found = f->diags.items.v[i];
            count++;
        }
    }
    if (count != 1)
        fail_msg("%zu %s reported, expected one:\n%s", count, ddbc_diag_code_name(code), rendered(f));
    unsigned l = 0, c = 0;
    ddbc_source_position(f->sources.files.v[found->span.file], found->span.start, &l, &c);
    if (l != line || c != col)
        fail_msg("%s at %u:%u, expected %u:%u:\n%s", ddbc_diag_code_name(code), l, c, line, col, rendered(f));
    return found;
}

void assert_contains(const char *haystack, const char *needle)
{
    if (!strstr(haystack, needle)) fail_msg("expected to find\n  %s\nin\n%s", needle, haystack);
}
