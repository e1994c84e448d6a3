/* symtab.c — open-addressing hash map (FNV-1a, linear probing, tombstones). */
#include "symtab.h"

#include <stdint.h>
#include <string.h>

typedef struct slot {
    const char *key;   /* NULL: empty; TOMBSTONE: removed */
    void *value;
} slot;

struct ddbc_symtab {
    ddbc_arena *arena;
    slot *slots;
    size_t cap;        /* power of two */
    size_t used;       /* live + tombstones */
    size_t live;
};

static const char tombstone_key[1];
#define TOMBSTONE tombstone_key

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return h;
}

ddbc_symtab *ddbc_symtab_create(ddbc_arena *arena)
{
    ddbc_symtab *t = DDBC_NEW(arena, ddbc_symtab);
    t->arena = arena;
    t->cap = 16;
    t->slots = ddbc_arena_alloc(arena, t->cap * sizeof *t->slots);
    return t;
}

static slot *find(const ddbc_symtab *t, const char *key)
{
    size_t mask = t->cap - 1;
    for (size_t i = hash(key) & mask;; i = (i + 1) & mask) {
        slot *s = &t->slots[i];
        if (!s->key) return NULL;
        if (s->key != TOMBSTONE && strcmp(s->key, key) == 0) return s;
    }
}

static void rehash(ddbc_symtab *t, size_t cap)
{
    slot *old = t->slots;
    size_t old_cap = t->cap;
    t->slots = ddbc_arena_alloc(t->arena, cap * sizeof *t->slots);
    t->cap = cap;
    t->used = t->live = 0;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].key && old[i].key != TOMBSTONE) ddbc_symtab_put(t, old[i].key, old[i].value);
}

void *ddbc_symtab_get(const ddbc_symtab *t, const char *key)
{
    slot *s = find(t, key);
    return s ? s->value : NULL;
}

void ddbc_symtab_put(ddbc_symtab *t, const char *key, void *value)
{
    slot *s = find(t, key);
    if (s) {
        s->value = value;
        return;
    }
    if ((t->used + 1) * 4 > t->cap * 3) rehash(t, t->live * 2 + 1 > t->cap / 2 ? t->cap * 2 : t->cap);
    size_t mask = t->cap - 1;
    size_t i = hash(key) & mask;
    while (t->slots[i].key && t->slots[i].key != TOMBSTONE) i = (i + 1) & mask;
    if (!t->slots[i].key) t->used++;
    t->slots[i].key = key;
    t->slots[i].value = value;
    t->live++;
}

void ddbc_symtab_remove(ddbc_symtab *t, const char *key)
{
    slot *s = find(t, key);
    if (!s) return;
    s->key = TOMBSTONE;
    s->value = NULL;
    t->live--;
}

size_t ddbc_symtab_count(const ddbc_symtab *t) { return t->live; }
