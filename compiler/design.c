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

/* A condition's column: bare (the entity's own) or qualified "entity.col". */
static ddbc_column *condition_column(const ddbc_design *d, const ddbc_entity *e, const char *name,
                                     size_t n, ddbc_arena *arena)
{
    const char *dot = memchr(name, '.', n);
    if (!dot) return ddbc_entity_column(e, ddbc_arena_strndup(arena, name, n));
    char *ent = ddbc_arena_strndup(arena, name, (size_t)(dot - name));
    char *col = ddbc_arena_strndup(arena, dot + 1, n - (size_t)(dot - name) - 1);
    for (size_t i = 0; i < d->entities.n; i++)
        if (!strcmp(d->entities.v[i]->entity->name, ent))
            return ddbc_entity_column(d->entities.v[i]->entity, col);
    return NULL;
}

bool ddbc_condition_parse(const ddbc_design *d, const ddbc_entity *e, const char *s,
                          ddbc_arena *arena, ddbc_conjunct_list *out)
{
    while (*s) {
        const char *name = s;
        while (*s && *s != ' ') s++;
        ddbc_conjunct c = {condition_column(d, e, name, (size_t)(s - name), arena), false, NULL, false};
        if (!c.column) return false;
        if (!strncmp(s, " IS NOT NULL", 12)) {
            c.not_null = true;
            s += 12;
        } else if (!strncmp(s, " = ", 3)) {
            s += 3;
            if (*s == '\'') {
                ddbc_strbuf sb = DDBC_STRBUF_INIT;
                for (s++;; s++) {
                    if (!*s) {
                        ddbc_strbuf_free(&sb);
                        return false;
                    }
                    if (*s == '\'') {
                        if (s[1] != '\'') break;
                        s++;
                    }
                    ddbc_strbuf_putc(&sb, *s);
                }
                s++;
                c.literal = ddbc_arena_strdup(arena, ddbc_strbuf_cstr(&sb));
                c.quoted = true;
                ddbc_strbuf_free(&sb);
            } else {
                const char *v = s;
                while (*s && *s != ' ') s++;
                c.literal = ddbc_arena_strndup(arena, v, (size_t)(s - v));
            }
        } else {
            return false;
        }
        DDBC_VEC_PUSH(arena, *out, c);
        if (!*s) break;
        if (strncmp(s, " AND ", 5)) return false;
        s += 5;
    }
    return true;
}
