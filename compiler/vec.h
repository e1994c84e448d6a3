/* vec.h — growable arrays whose storage lives in the compilation arena.
 *
 * A vector is a struct { T *v; size_t n, cap; }; declare one as a field with
 * DDBC_VEC(T).  Elements stay in insertion (declaration) order, which is what
 * keeps every output deterministic. */
#ifndef DDBC_VEC_H
#define DDBC_VEC_H

#include <string.h>

#include "arena.h"

#define DDBC_VEC(T) struct { T *v; size_t n, cap; }

#define DDBC_VEC_PUSH(arena, vec, item)                                        \
    do {                                                                       \
        if ((vec).n == (vec).cap) {                                            \
            size_t ddbc_nc_ = (vec).cap ? (vec).cap * 2 : 1;                   \
            (vec).v = ddbc_arena_grow((arena), (vec).v,                        \
                                      (vec).cap * sizeof *(vec).v,             \
                                      ddbc_nc_ * sizeof *(vec).v);             \
            (vec).cap = ddbc_nc_;                                              \
        }                                                                      \
        (vec).v[(vec).n++] = (item);                                           \
    } while (0)

/* Remove element i, keeping the order of the rest. */
#define DDBC_VEC_REMOVE(vec, i)                                                \
    do {                                                                       \
        size_t ddbc_i_ = (i);                                                  \
        memmove(&(vec).v[ddbc_i_], &(vec).v[ddbc_i_ + 1],                      \
                ((vec).n - ddbc_i_ - 1) * sizeof *(vec).v);                    \
        (vec).n--;                                                             \
    } while (0)

/* Remove the first element equal to value (pointers, numbers), if any. */
#define DDBC_VEC_REMOVE_VALUE(vec, value)                                      \
    do {                                                                       \
        for (size_t ddbc_j_ = 0; ddbc_j_ < (vec).n; ddbc_j_++) {               \
            if ((vec).v[ddbc_j_] == (value)) {                                 \
                DDBC_VEC_REMOVE(vec, ddbc_j_);                                 \
                break;                                                         \
            }                                                                  \
        }                                                                      \
    } while (0)

#endif
