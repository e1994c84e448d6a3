/* alloc_fail.h — allocation-failure injection for runtime tests.
 *
 * A test program that adds tests/lib/alloc_fail.c to its sources and links
 * with -Wl,--wrap=malloc,--wrap=realloc,--wrap=calloc (the runtime is a static
 * library, so its calls are wrapped too) can make every allocation after the
 * k-th fail, and so walk each failure path in turn. */
#ifndef DDBC_TEST_ALLOC_FAIL_H
#define DDBC_TEST_ALLOC_FAIL_H

/* -1: never fail; k >= 0: the first k allocations succeed, every later one fails. */
extern long fail_countdown;

#endif
