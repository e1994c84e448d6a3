/* arena.c — the compilation's bump allocator.
 *
 * Small blocks are carved from chunks that double in size up to a cap; a block
 * too large to share a chunk gets its own, so one big vector never strands the
 * rest of a chunk.  Chunks come zeroed (calloc, or fresh pages from mmap) and are
 * never reused, so every byte past a chunk's high-water mark is still zero and
 * allocation needs no memset.  The big shared chunks are mapped on 2 MB
 * boundaries and offered to the kernel as huge pages: a large compilation then
 * takes hundreds of page faults instead of tens of thousands. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, madvise */
#include "arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

enum {
    FIRST_CHUNK = 4096,        /* bytes of payload in the first shared chunk */
    MAX_CHUNK = 4 << 20,       /* shared chunks stop doubling here */
    HUGE_PAGE = 2 << 20,       /* shared chunks this big are mapped, huge-page aligned */
    LARGE = 16 * 1024,         /* blocks this big get a chunk of their own */
};

typedef struct chunk {
    struct chunk *next;
    size_t cap;                /* payload bytes */
    size_t used;               /* high-water mark of the payload */
    size_t mapped;             /* bytes mapped with mmap; 0: from calloc */
    alignas(max_align_t) unsigned char data[];
} chunk;

struct ddbc_arena {
    chunk *shared;             /* current shared chunk first, older ones after */
    chunk *large;              /* dedicated chunks, newest first */
    unsigned char *last;       /* most recent block carved from shared, for in-place growth */
    size_t next_cap;
    size_t footprint;
};

#define ALIGN alignof(max_align_t)

static _Noreturn void out_of_memory(size_t n)
{
    fprintf(stderr, "ddbc: out of memory (allocating %zu bytes)\n", n);
    abort();
}

static size_t align_up(size_t n)
{
    if (n > SIZE_MAX - (ALIGN - 1)) out_of_memory(n);
    return (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
}

static chunk *chunk_new(ddbc_arena *a, size_t cap)
{
    if (cap > SIZE_MAX - sizeof(chunk)) out_of_memory(cap);
    chunk *c = calloc(1, sizeof(chunk) + cap);
    if (!c) out_of_memory(sizeof(chunk) + cap);
    c->cap = cap;
    a->footprint += sizeof(chunk) + cap;
    return c;
}

/* A chunk of at least cap payload bytes in fresh zeroed pages, aligned to a
 * huge page; NULL if the system will not map one (then calloc serves). */
static chunk *chunk_map(ddbc_arena *a, size_t cap)
{
    size_t len = (sizeof(chunk) + cap + HUGE_PAGE - 1) & ~(size_t)(HUGE_PAGE - 1);
    unsigned char *p = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return NULL;
    unsigned char *start = (unsigned char *)(((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
    if (start > p) munmap(p, (size_t)(start - p));
    size_t tail = (size_t)(p + len + HUGE_PAGE - (start + len));
    if (tail) munmap(start + len, tail);
#ifdef MADV_HUGEPAGE
    madvise(start, len, MADV_HUGEPAGE); /* advice only: fine if refused */
#endif
    chunk *c = (chunk *)start;
    c->cap = len - sizeof(chunk);
    c->mapped = len;
    a->footprint += len;
    return c;
}

static void chunk_list_free(chunk *c)
{
    while (c) {
        chunk *next = c->next;
        if (c->mapped) munmap(c, c->mapped);
        else free(c);
        c = next;
    }
}

ddbc_arena *ddbc_arena_create(void)
{
    ddbc_arena *a = calloc(1, sizeof *a);
    if (!a) out_of_memory(sizeof *a);
    a->next_cap = FIRST_CHUNK;
    a->footprint = sizeof *a;
    return a;
}

void ddbc_arena_destroy(ddbc_arena *arena)
{
    if (!arena) return;
    chunk_list_free(arena->shared);
    chunk_list_free(arena->large);
    free(arena);
}

static void *alloc_large(ddbc_arena *a, size_t size)
{
    chunk *c = chunk_new(a, size);
    c->used = size;
    c->next = a->large;
    a->large = c;
    return c->data;
}

void *ddbc_arena_alloc(ddbc_arena *arena, size_t size)
{
    /* Distinct calls return distinct pointers, even for empty blocks. */
    if (size == 0) size = 1;
    if (size >= LARGE) return alloc_large(arena, size);

    chunk *c = arena->shared;
    size_t off = c ? align_up(c->used) : 0;
    if (!c || off > c->cap || c->cap - off < size) {
        size_t cap = arena->next_cap;
        if (cap < size) cap = align_up(size);
        if (arena->next_cap < MAX_CHUNK) arena->next_cap *= 2;
        c = cap >= HUGE_PAGE ? chunk_map(arena, cap) : NULL;
        if (!c) c = chunk_new(arena, cap);
        c->next = arena->shared;
        arena->shared = c;
        off = 0;
    }
    c->used = off + size;
    arena->last = c->data + off;
    return arena->last;
}

void *ddbc_arena_grow(ddbc_arena *arena, void *old, size_t old_size, size_t new_size)
{
    if (!old) return ddbc_arena_alloc(arena, new_size);
    if (new_size <= old_size) return old;

    unsigned char *p = old;
    chunk *c = arena->shared;
    if (p == arena->last && c && (size_t)(p - c->data) + old_size == c->used &&
        c->cap - (size_t)(p - c->data) >= new_size) {
        /* The bytes past the high-water mark were never handed out, so they are
         * still zero from calloc. */
        c->used = (size_t)(p - c->data) + new_size;
        return old;
    }

    c = arena->large;
    if (c && p == c->data && c->used == old_size) {
        /* A growing vector's newest dedicated chunk: realloc keeps doubling
         * vectors linear instead of leaving every old copy behind. */
        if (new_size > SIZE_MAX - sizeof(chunk)) out_of_memory(new_size);
        chunk *r = realloc(c, sizeof(chunk) + new_size);
        if (!r) out_of_memory(sizeof(chunk) + new_size);
        memset(r->data + r->cap, 0, new_size - r->cap);
        arena->footprint += new_size - r->cap;
        r->cap = r->used = new_size;
        arena->large = r;
        return r->data;
    }

    void *fresh = ddbc_arena_alloc(arena, new_size);
    memcpy(fresh, old, old_size);
    return fresh;
}

char *ddbc_arena_strndup(ddbc_arena *arena, const char *s, size_t n)
{
    const char *nul = memchr(s, '\0', n);
    if (nul) n = (size_t)(nul - s);
    char *d = ddbc_arena_alloc(arena, n + 1);
    memcpy(d, s, n);
    return d;
}

char *ddbc_arena_strdup(ddbc_arena *arena, const char *s)
{
    size_t n = strlen(s);
    char *d = ddbc_arena_alloc(arena, n + 1);
    memcpy(d, s, n);
    return d;
}

char *ddbc_arena_vprintf(ddbc_arena *arena, const char *fmt, va_list ap)
{
    va_list measure;
    va_copy(measure, ap);
    int n = vsnprintf(NULL, 0, fmt, measure);
    va_end(measure);
    if (n < 0) {
        fprintf(stderr, "ddbc: invalid format string '%s'\n", fmt);
        abort();
    }
    char *d = ddbc_arena_alloc(arena, (size_t)n + 1);
    vsnprintf(d, (size_t)n + 1, fmt, ap);
    return d;
}

char *ddbc_arena_printf(ddbc_arena *arena, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *d = ddbc_arena_vprintf(arena, fmt, ap);
    va_end(ap);
    return d;
}

size_t ddbc_arena_footprint(const ddbc_arena *arena) { return arena->footprint; }
