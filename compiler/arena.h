/* arena.h — one bump allocator per compilation.
 *
 * AST, IR, design and interned strings all live in one arena and are released
 * with one call.  Allocation aborts on out-of-memory, so passes never check for
 * NULL (the runtime library, which must never abort, does not use this). */
#ifndef DDBC_ARENA_H
#define DDBC_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct ddbc_arena ddbc_arena;

/* Create an empty arena; never returns NULL. */
ddbc_arena *ddbc_arena_create(void);
/* Release the arena and everything allocated from it; NULL is a no-op. */
void ddbc_arena_destroy(ddbc_arena *arena);

/* Zeroed memory aligned for any object type. */
void *ddbc_arena_alloc(ddbc_arena *arena, size_t size);
/* Grow a block previously returned by this arena: returns a block of new_size
 * bytes whose first old_size bytes are a copy of old (old may be NULL). */
void *ddbc_arena_grow(ddbc_arena *arena, void *old, size_t old_size, size_t new_size);

char *ddbc_arena_strndup(ddbc_arena *arena, const char *s, size_t n);
char *ddbc_arena_strdup(ddbc_arena *arena, const char *s);
char *ddbc_arena_printf(ddbc_arena *arena, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *ddbc_arena_vprintf(ddbc_arena *arena, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* Bytes requested from the system so far (for benchmarks). */
size_t ddbc_arena_footprint(const ddbc_arena *arena);

/* Allocate one zeroed object of a type. */
#define DDBC_NEW(arena, type) ((type *)ddbc_arena_alloc((arena), sizeof(type)))

#endif
