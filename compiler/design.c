/* design.c — small helpers over the design: template rendering and
 * comparison, look-ups, and the names the emitters print. */
#include "design.h"

#include <string.h>

void ddbc_key_template_render(const ddbc_key_template *t, ddbc_strbuf *sb)
{
    for (size_t i = 0; i < t->parts.n; i++) {
        const ddbc_key_part *p = &t->parts.v[i];
        if (i) ddbc_strbuf_putc(sb, '#');
        if (p->kind == DDBC_PART_LITERAL) ddbc_strbuf_puts(sb, p->literal);
        else ddbc_strbuf_printf(sb, "{%s}", p->attr ? p->attr : p->column->name);
    }
}

const char *ddbc_key_template_str(const ddbc_key_template *t, ddbc_arena *arena)
{
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    ddbc_key_template_render(t, &sb);
    char *s = ddbc_arena_strdup(arena, ddbc_strbuf_cstr(&sb));
    ddbc_strbuf_free(&sb);
    return s;
}

bool ddbc_key_template_equal(const ddbc_key_template *a, const ddbc_key_template *b)
{
    if (a->parts.n != b->parts.n) return false;
    for (size_t i = 0; i < a->parts.n; i++) {
        const ddbc_key_part *x = &a->parts.v[i], *y = &b->parts.v[i];
        if (x->kind != y->kind) return false;
        if (x->kind == DDBC_PART_LITERAL ? strcmp(x->literal, y->literal) != 0
                                         : x->column != y->column)
            return false;
    }
    return true;
}

bool ddbc_key_template_uses(const ddbc_key_template *t, const ddbc_column *c)
{
    for (size_t i = 0; i < t->parts.n; i++)
        if (t->parts.v[i].kind == DDBC_PART_COLUMN && t->parts.v[i].column == c) return true;
    return false;
}

const char *ddbc_projection_name(ddbc_projection p)
{
    switch (p) {
    case DDBC_PROJECTION_ALL: return "ALL";
    case DDBC_PROJECTION_KEYS_ONLY: return "KEYS_ONLY";
    case DDBC_PROJECTION_INCLUDE: return "INCLUDE";
    }
    return "ALL";
}

const char *ddbc_change_name(ddbc_change c)
{
    static const char *const names[] = {"none", "additive", "backfill", "rewrite"};
    return names[c];
}

const char *ddbc_operation_name(ddbc_operation op)
{
    static const char *const names[] = {"GetItem",    "BatchGetItem", "Query",
                                        "PutItem",    "UpdateItem",   "DeleteItem",
                                        "TransactWriteItems"};
    return names[op];
}

const char *ddbc_write_kind_name(ddbc_write_kind k)
{
    static const char *const names[] = {"read_first", "put",     "update",     "delete",
                                        "move",       "put_guard", "delete_guard",
                                        "counter",    "fan_out", "cascade"};
    return names[k];
}

ddbc_entity_plan *ddbc_design_entity(const ddbc_design *d, const ddbc_entity *e)
{
    /* Entity plans are in catalog order, and entity ordinals are catalog positions. */
    if (e->ordinal >= 0 && (size_t)e->ordinal < d->entities.n &&
        d->entities.v[e->ordinal]->entity == e)
        return d->entities.v[e->ordinal];
    for (size_t i = 0; i < d->entities.n; i++)
        if (d->entities.v[i]->entity == e) return d->entities.v[i];
    return NULL;
}

const ddbc_entity_key *ddbc_entity_plan_key(const ddbc_entity_plan *p, int index)
{
    for (size_t i = 0; i < p->keys.n; i++)
        if (p->keys.v[i].index == index) return &p->keys.v[i];
    return NULL;
}

int ddbc_design_gsi_count(const ddbc_design *d)
{
    return d->indexes.n ? (int)d->indexes.n - 1 : 0;
}
