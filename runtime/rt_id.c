/* rt_id.c — generated ids (sortable 64-bit ids, ULIDs, random UUIDs) and the
 * UTC clock the runtime stamps DEFAULT now() columns with.
 *
 * Randomness comes from getrandom(2), else /dev/urandom, else a time-seeded
 * generator: an id must still be produced (the runtime never aborts), and ids
 * stay unique within a process through their sequence either way. */
#define _DEFAULT_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "rt_internal.h"

/* 2020-01-01T00:00:00Z in Unix milliseconds. */
#define EPOCH_2020_MS INT64_C(1577836800000)
/* Bits below the millisecond: 4M ids per millisecond before an id borrows
 * from the next millisecond; 41 bits of milliseconds last until 2089. */
#define ID_LOW_BITS 22
/* The low bits of the first id in a millisecond are random, so two processes
 * starting ids in the same millisecond rarely collide. */
#define ID_RANDOM_BITS 12

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

static void fallback_random(unsigned char *p, size_t n)
{
    static atomic_uint_fast64_t counter;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t s = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
    s ^= (uint64_t)atomic_fetch_add(&counter, 1) << 40;
    s ^= (uint64_t)getpid() << 20;
    s ^= (uint64_t)(uintptr_t)p;
    for (size_t i = 0; i < n; i += 8) {
        uint64_t r = splitmix64(&s);
        size_t k = n - i < 8 ? n - i : 8;
        memcpy(p + i, &r, k);
    }
}

/* n random bytes; never fails. */
static void random_bytes(unsigned char *p, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = getrandom(p + got, n - got, 0);
        if (r > 0)
            got += (size_t)r;
        else if (r < 0 && errno == EINTR)
            continue;
        else
            break;
    }
    if (got < n) {
        int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
            while (got < n) {
                ssize_t r = read(fd, p + got, n - got);
                if (r > 0)
                    got += (size_t)r;
                else if (!(r < 0 && errno == EINTR))
                    break;
            }
            close(fd);
        }
    }
    if (got < n)
        fallback_random(p + got, n - got);
}

static int64_t unix_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- 64-bit ids ----------------------------------------------------------------- */

static atomic_int_fast64_t last_id;

int64_t ddbc_rt_next_id(void)
{
    /* Per-thread generator seeded from the OS once: a syscall per id would
       dominate the cost of an insert's bookkeeping. */
    static _Thread_local uint64_t rng;
    static _Thread_local bool seeded;
    if (!seeded) {
        random_bytes((unsigned char *)&rng, sizeof rng);
        seeded = true;
    }
    int64_t ms = unix_ms() - EPOCH_2020_MS;
    if (ms < 0)
        ms = 0;    /* a clock set before 2020: the sequence still orders ids */
    int64_t candidate = (int64_t)((uint64_t)ms << ID_LOW_BITS) |
                        (int64_t)(splitmix64(&rng) & ((1u << ID_RANDOM_BITS) - 1));
    int_fast64_t prev = atomic_load(&last_id);
    int64_t next;
    do {
        /* A clock that stood still or stepped back: continue the sequence. */
        next = candidate > prev ? candidate : prev + 1;
        if (next < 0)
            next = prev;    /* unreachable before 2089; never wrap to negative */
    } while (!atomic_compare_exchange_weak(&last_id, &prev, next));
    return next;
}

/* ---- ULIDs ---------------------------------------------------------------------- */

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
static pthread_mutex_t ulid_lock = PTHREAD_MUTEX_INITIALIZER;
static int64_t ulid_ms = -1;
static unsigned char ulid_rand[10];

/* Monotonic ULIDs (the spec's "monotonicity" section): within one millisecond
 * the random part is incremented, so ULIDs made in a process sort in the
 * order they were made. */
void ddbc_rt_next_ulid(char out[27])
{
    unsigned char fresh[10];
    random_bytes(fresh, sizeof fresh);
    int64_t ms = unix_ms();
    if (ms < 0)
        ms = 0;

    unsigned char bytes[16];
    pthread_mutex_lock(&ulid_lock);
    if (ms > ulid_ms) {
        ulid_ms = ms;
        memcpy(ulid_rand, fresh, sizeof ulid_rand);
    } else {
        /* Same (or earlier) millisecond: the successor of the last one.
           An 80-bit overflow moves on to the next millisecond. */
        int i = 9;
        while (i >= 0 && ++ulid_rand[i] == 0)
            i--;
        if (i < 0)
            ulid_ms++;
    }
    uint64_t t = (uint64_t)ulid_ms;
    for (int i = 5; i >= 0; i--) {
        bytes[i] = (unsigned char)(t & 0xFF);
        t >>= 8;
    }
    memcpy(bytes + 6, ulid_rand, sizeof ulid_rand);
    pthread_mutex_unlock(&ulid_lock);

    /* 128 bits as 26 base32 digits, most significant first (2 leading zero bits). */
    for (int i = 0; i < 26; i++) {
        int bit = i * 5 - 2;          /* position of this digit's top bit */
        unsigned v = 0;
        for (int k = 0; k < 5; k++, bit++) {
            v <<= 1;
            if (bit >= 0)
                v |= (unsigned)(bytes[bit / 8] >> (7 - bit % 8)) & 1u;
        }
        out[i] = crockford[v];
    }
    out[26] = '\0';
}

/* ---- UUIDs and time ----------------------------------------------------------- */

void ddbc_rt_uuid_v4(char out[37])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char b[16];
    random_bytes(b, sizeof b);
    b[6] = (unsigned char)((b[6] & 0x0F) | 0x40);     /* version 4 */
    b[8] = (unsigned char)((b[8] & 0x3F) | 0x80);     /* RFC 4122 variant */
    size_t o = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[o++] = '-';
        out[o++] = hex[b[i] >> 4];
        out[o++] = hex[b[i] & 0x0F];
    }
    out[o] = '\0';
}

void ddbc_rt_now_utc(char out[28])
{
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    if (!gmtime_r(&ts.tv_sec, &tm) || tm.tm_year + 1900 < 0 || tm.tm_year + 1900 > 9999) {
        memcpy(out, "1970-01-01T00:00:00.000000Z", 28);
        return;
    }
    /* Each field is range-checked above or by gmtime_r, so 27 characters. */
    snprintf(out, 28, "%04u-%02u-%02uT%02u:%02u:%02u.%06uZ", (unsigned)(tm.tm_year + 1900) % 10000u,
             (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u,
             (unsigned)tm.tm_hour % 100u, (unsigned)tm.tm_min % 100u,
             (unsigned)(tm.tm_sec > 59 ? 59 : tm.tm_sec) % 100u,
             (unsigned)(ts.tv_nsec / 1000) % 1000000u);
}
