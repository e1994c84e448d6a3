/* keyenc.h — how a value becomes part of a DynamoDB key string.
 *
 * Shared by the compiler (sample items, tests) and the runtime the generated
 * code links (ddbc_rt), so both build byte-identical keys.  Plain C, no
 * allocation, no dependencies.
 *
 * A key is literal tags and encoded values joined by '#'.  The encoding is
 *   injective       no value can forge another key: bytes at or below '$'
 *                   (the delimiter '#', '$', and control characters, space,
 *                   '!' and '"') are escaped as '$' followed by the byte + 0x40;
 *   order-preserving for every type: strings compare by UTF-8 bytes with '#'
 *                   below every encoded byte (so "ab" < "ab!" holds inside a
 *                   composite key too); numbers as sign class, offset exponent
 *                   and digits (negatives complemented and closed by '~');
 *                   timestamps as fixed-width ISO-8601 UTC.
 * Nothing here produces '#' or a lone '$', so a key followed by '$' sorts
 * above every key that continues it with '#' (range upper bounds). */
#ifndef DDBC_KEYENC_H
#define DDBC_KEYENC_H

#include <stdbool.h>
#include <stddef.h>

#define DDBC_KEYENC_DELIM '#'
#define DDBC_KEYENC_AFTER '$'

typedef enum ddbc_keyenc_type {
    DDBC_KEYENC_STRING,     /* text, uuid, enum, time, interval: UTF-8 bytes, escaped */
    DDBC_KEYENC_NUMBER,     /* integer, decimal, float: a decimal string ("-12.50", "1e3") */
    DDBC_KEYENC_TIMESTAMP,  /* "YYYY-MM-DD[ T]HH:MM[:SS[.f…]][Z|±hh[:mm]]" → UTC
                               "YYYY-MM-DDTHH:MM:SS.ffffffZ" (27 bytes) */
    DDBC_KEYENC_DATE,       /* "YYYY-MM-DD" */
    DDBC_KEYENC_BOOL,       /* "true"/"false"/"1"/"0"/"t"/"f" → "0" (false) or "1" (true) */
    DDBC_KEYENC_BINARY,     /* raw bytes → lowercase hex (order-preserving) */
} ddbc_keyenc_type;

/* Encode one value of `len` bytes.  With `as_prefix` (STRING only: LIKE
 * 'p%'), the result is a prefix of the encoding of every string that starts
 * with the value.  Writes at most `cap` bytes to out (NUL-terminated when
 * there is room) and returns the encoded length, which may exceed cap (call
 * again with a bigger buffer), or -1 when the value is not valid for the type
 * (not a number, a number beyond DynamoDB's 38 digits or its range, an
 * impossible date).  Equal values (1.0 and 1, 12:00+01:00 and 11:00Z) encode
 * equally. */
long ddbc_keyenc_value(ddbc_keyenc_type type, const char *value, size_t len, bool as_prefix,
                       char *out, size_t cap);

/* Decode an encoded STRING part back to its bytes (for tests and tools).
 * Returns the decoded length (may exceed cap), or -1 if `enc` is not a valid
 * encoding. */
long ddbc_keyenc_decode_string(const char *enc, size_t len, char *out, size_t cap);

/* The canonical decimal text of a number ("-12.5" for "-012.500"), as the
 * encoding sees it; same return convention.  -1 when invalid. */
long ddbc_keyenc_canonical_number(const char *value, size_t len, char *out, size_t cap);

#endif
