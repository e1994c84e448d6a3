/* symtab.h — a string-keyed hash map for name look-ups in the passes.
 *
 * Used only to find things; never iterated, so hash order cannot leak into
 * output.  Keys are not copied (they live in the arena already). */
#ifndef DDBC_SYMTAB_H
#define DDBC_SYMTAB_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

typedef struct ddbc_symtab ddbc_symtab;

ddbc_symtab *ddbc_symtab_create(ddbc_arena *arena);
/* Value for key, or NULL. */
void *ddbc_symtab_get(const ddbc_symtab *t, const char *key);
/* Insert or replace. */
void ddbc_symtab_put(ddbc_symtab *t, const char *key, void *value);
/* Remove key if present. */
void ddbc_symtab_remove(ddbc_symtab *t, const char *key);
size_t ddbc_symtab_count(const ddbc_symtab *t);

#endif
