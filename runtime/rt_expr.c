/* rt_expr.c — expressions with "#nK"/":vK" placeholders, so no name or value
 * is ever spliced into expression text.  A name keeps one "#nK" (DynamoDB
 * rejects unused entries); every value use gets a fresh ":vK". */
#include <stdio.h>
#include <string.h>

#include "rt_internal.h"

/* Mirror the buffer's sticky failure so callers test one flag. */
static void sync_failed(rt_expr *e)
{
    if (e->text.failed) e->failed = true;
}

void rt_expr_name(rt_expr *e, const char *attr)
{
    if (e->failed) return;
    size_t len = strlen(attr);
    for (size_t i = 0; i < e->names.n; i++) {
        const ddbc_rt_av *v = &e->names.attrs[i].value;
        if (v->u.s.len == len && memcmp(v->u.s.ptr, attr, len) == 0) {
            rt_buf_puts(&e->text, e->names.attrs[i].name);
            sync_failed(e);
            return;
        }
    }
    char ph[24];
    snprintf(ph, sizeof ph, "#n%d", e->nnames);
    if (ddbc_rt_item_set_s(&e->names, ph, attr, len) != DDBC_RT_OK) {
        e->failed = true;
        return;
    }
    e->nnames++;
    rt_buf_puts(&e->text, ph);
    sync_failed(e);
}

void rt_expr_value(rt_expr *e, const ddbc_rt_av *v)
{
    if (e->failed) return;
    char ph[24];
    snprintf(ph, sizeof ph, ":v%d", e->nvalues);
    if (ddbc_rt_item_set(&e->values, ph, v) != DDBC_RT_OK) {
        e->failed = true;
        return;
    }
    e->nvalues++;
    rt_buf_puts(&e->text, ph);
    sync_failed(e);
}

void rt_expr_puts(rt_expr *e, const char *s)
{
    if (e->failed) return;
    rt_buf_puts(&e->text, s);
    sync_failed(e);
}

void rt_expr_free(rt_expr *e)
{
    if (!e) return;
    rt_buf_free(&e->text);
    ddbc_rt_item_free(&e->names);
    ddbc_rt_item_free(&e->values);
    *e = (rt_expr)RT_EXPR_INIT;
}
