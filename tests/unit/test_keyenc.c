/* test_keyenc.c — unit tests for the key encoding (runtime/keyenc.c).
 *
 * Order is checked against an independent exact decimal comparison, on every
 * pair of a few hundred edge and pseudo-random numbers, bare and inside '#'
 * composite keys; strings, dates and timestamps are held to the same rules. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ddbc/keyenc.h"

#define KEY_MAX 512

typedef struct key {
    char b[KEY_MAX];
    long n;
} key;

static key enc_n(ddbc_keyenc_type type, const char *v, size_t len)
{
    key k;
    k.n = ddbc_keyenc_value(type, v, len, false, k.b, sizeof k.b);
    assert_true(k.n < (long)sizeof k.b);
    return k;
}

static key enc(ddbc_keyenc_type type, const char *v)
{
    return enc_n(type, v, strlen(v));
}

static int sign(int x)
{
    return (x > 0) - (x < 0);
}

/* memcmp order of byte strings of different lengths (a prefix sorts first). */
static int bytecmp(const char *a, size_t an, const char *b, size_t bn)
{
    int c = memcmp(a, b, an < bn ? an : bn);
    if (c) return sign(c);
    return (an > bn) - (an < bn);
}

static int keycmp(const key *a, const key *b)
{
    return bytecmp(a->b, (size_t)a->n, b->b, (size_t)b->n);
}

/* ---- an exact decimal comparison, independent of the encoder -------------------- */

/* A number as fixed-point digits: digit[k] has weight 10^(FIX_TOP - k).  The
 * window covers every value DynamoDB accepts with 38 digits (10^-170..10^129). */
#define FIX_TOP 129
#define FIX_LEN 300

typedef struct fixnum {
    int neg;
    int zero;
    unsigned char digit[FIX_LEN];
} fixnum;

static fixnum to_fixed(const char *s)
{
    fixnum f;
    memset(&f, 0, sizeof f);
    const char *p = s;
    if (*p == '+' || *p == '-') f.neg = *p++ == '-';
    const char *mant = p;
    while ((*p >= '0' && *p <= '9') || *p == '.') p++;
    const char *mant_end = p;
    long exp10 = 0;
    if (*p == 'e' || *p == 'E') exp10 = strtol(p + 1, NULL, 10);
    long int_len = 0;
    for (const char *q = mant; q < mant_end && *q != '.'; q++) int_len++;
    long pos = 0;   /* index among mantissa digits */
    f.zero = 1;
    for (const char *q = mant; q < mant_end; q++) {
        if (*q == '.') continue;
        long weight = int_len - 1 - pos + exp10;
        long k = FIX_TOP - weight;
        pos++;
        if (*q == '0') continue;
        assert_true(k >= 0 && k < FIX_LEN);
        f.digit[k] = (unsigned char)(*q - '0');
        f.zero = 0;
    }
    if (f.zero) f.neg = 0;
    return f;
}

static int exact_cmp(const char *a, const char *b)
{
    fixnum x = to_fixed(a), y = to_fixed(b);
    int sx = x.zero ? 0 : x.neg ? -1 : 1;
    int sy = y.zero ? 0 : y.neg ? -1 : 1;
    if (sx != sy) return sx < sy ? -1 : 1;
    if (sx == 0) return 0;
    int mag = sign(memcmp(x.digit, y.digit, FIX_LEN));
    return sx < 0 ? -mag : mag;
}

/* ---- a deterministic number corpus ------------------------------------------------- */

static uint64_t rng_next(uint64_t *s)
{
    /* xorshift64*: fixed seed, so a failure reproduces. */
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ULL;
}

typedef struct numlist {
    char v[1200][200];
    size_t n;
} numlist;

static void add_num(numlist *l, const char *s)
{
    assert_true(l->n < sizeof l->v / sizeof l->v[0]);
    assert_true(strlen(s) < sizeof l->v[0]);
    strcpy(l->v[l->n++], s);
}

static const char *const edge_numbers[] = {
    "0", "-0", "+0", "0.000", "-0.0e5", "000",
    "1", "-1", "1.0", "1e0", "+1", "001", "10e-1", "0.1e1", "-1.000",
    "0.5", "-0.5", ".5", "-.5", "5e-1", "5.", "2", "-2",
    "1e-130", "-1e-130", "1.5e-130", "-1.5e-130", "9.9999e-130",
    "9.9999999999999999999999999999999999999e125",
    "-9.9999999999999999999999999999999999999e125",
    "9.9999999999999999999999999999999999998e125",
    "-9.9999999999999999999999999999999999998e125",
    "1e125", "-1e125", "1e124", "-1e124",
    "12", "-12", "12.5", "-12.5", "12.50", "-12.50", "012.500", "-012.500",
    "123", "-123", "1.2", "-1.2", "1.23", "-1.23", "1.21", "-1.21", "1.29", "-1.29",
    "99", "-99", "100", "-100", "101", "-101", "999", "-999", "1000", "-1000",
    "0.99", "-0.99", "0.999", "-0.999", "0.01", "-0.01", "0.011", "-0.011",
    "1e38", "-1e38", "1e37", "-1e37", "1E+38", "99999999999999999999999999999999999999",
    "-99999999999999999999999999999999999999",
    "12345678901234567890123456789012345678", "-12345678901234567890123456789012345678",
    "1234567890123456789012345678901234567.8", "0.12345678901234567890123456789012345678",
    "-0.12345678901234567890123456789012345678",
    "10000000000000000000000000000000000000000000000000", /* 1e49: one digit */
    "9223372036854775807", "-9223372036854775808", "9223372036854775808",
    "-9223372036854775807", "18446744073709551615", "2147483647", "-2147483648",
    "4294967295", "0.1", "-0.1", "0.10000000000000000000000000000000000001",
    "-0.10000000000000000000000000000000000001", "1.1", "-1.1", "1.19", "-1.19",
    "1.9", "-1.9", "1.91", "-1.91", "9", "-9", "9.1", "-9.1", "0.9", "-0.9",
    "1e-1", "1e-2", "-1e-2", "1e-129", "-1e-129", "1e-100", "-1e-100", "3.14159",
    "-3.14159", "2.718281828459045", "-2.718281828459045", "6.02214076e23",
    "-6.02214076e23", "1.602176634e-19", "-1.602176634e-19",
};

/* Valid by construction: 1..38 digits, first nonzero, 0.D × 10^E with E in
 * DynamoDB's range, spelled in one of several equivalent notations. */
static void random_number(uint64_t *rng, bool clustered, char *out, size_t cap)
{
    char dig[40];
    size_t nd = 1 + rng_next(rng) % (clustered ? 6 : 38);
    static const char cluster_digits[] = "0019";
    for (size_t k = 0; k < nd; k++)
        dig[k] = clustered ? cluster_digits[rng_next(rng) % 4] : (char)('0' + rng_next(rng) % 10);
    if (dig[0] == '0') dig[0] = clustered ? '1' : (char)('1' + rng_next(rng) % 9);
    dig[nd] = '\0';
    static const long cluster_exps[] = {-129, -1, 0, 1, 2, 3, 126};
    long e = clustered ? cluster_exps[rng_next(rng) % 7] : -129 + (long)(rng_next(rng) % 256);
    const char *sg = (rng_next(rng) & 1) ? "-" : (rng_next(rng) & 1) ? "+" : "";
    switch (rng_next(rng) % 3) {
    case 0:   /* 0.DIGITS e E */
        snprintf(out, cap, "%s0.%se%ld", sg, dig, e);
        break;
    case 1:   /* D.IGITS E(E-1), with trailing zeros */
        snprintf(out, cap, "%s%c.%s000E%+ld", sg, dig[0], dig + 1, e - 1);
        break;
    default:  /* DIGITS e (E - nd) with a leading zero */
        snprintf(out, cap, "%s0%se%ld", sg, dig, e - (long)nd);
        break;
    }
}

static void build_numbers(numlist *l)
{
    l->n = 0;
    for (size_t i = 0; i < sizeof edge_numbers / sizeof edge_numbers[0]; i++)
        add_num(l, edge_numbers[i]);
    uint64_t rng = 0x9E3779B97F4A7C15ULL;
    char buf[200];
    for (int i = 0; i < 300; i++) {
        random_number(&rng, false, buf, sizeof buf);
        add_num(l, buf);
    }
    for (int i = 0; i < 400; i++) {
        random_number(&rng, true, buf, sizeof buf);
        add_num(l, buf);
    }
}

/* ---- numbers ------------------------------------------------------------------- */

static void number_order_matches_numeric_order(void **state)
{
    (void)state;
    static numlist l;
    static key k[1200];
    build_numbers(&l);
    for (size_t i = 0; i < l.n; i++) {
        k[i] = enc(DDBC_KEYENC_NUMBER, l.v[i]);
        if (k[i].n < 0) fail_msg("valid number rejected: %s", l.v[i]);
        assert_null(memchr(k[i].b, '#', (size_t)k[i].n));
    }
    size_t pairs = 0, equal = 0;
    for (size_t i = 0; i < l.n; i++) {
        for (size_t j = 0; j < l.n; j++) {
            int want = exact_cmp(l.v[i], l.v[j]);
            int got = keycmp(&k[i], &k[j]);
            if (got != want)
                fail_msg("%s vs %s: numeric %d, encoded %d (%.*s vs %.*s)", l.v[i], l.v[j], want,
                         got, (int)k[i].n, k[i].b, (int)k[j].n, k[j].b);
            /* With the delimiter after the value, as inside a composite key. */
            char a[KEY_MAX + 1], b[KEY_MAX + 1];
            memcpy(a, k[i].b, (size_t)k[i].n);
            a[k[i].n] = '#';
            memcpy(b, k[j].b, (size_t)k[j].n);
            b[k[j].n] = '#';
            assert_int_equal(bytecmp(a, (size_t)k[i].n + 1, b, (size_t)k[j].n + 1), want);
            pairs++;
            equal += want == 0 && i != j;
        }
    }
    print_message("number order: %zu values, %zu ordered pairs, %zu equal pairs\n", l.n, pairs,
                  equal);
    assert_true(equal > 20);   /* the corpus really does spell values two ways */
}

static void equal_numbers_encode_equally(void **state)
{
    (void)state;
    static const char *const ones[] = {"1", "1.0", "1e0", "+1", "001", "10e-1", "0.1e1",
                                       "1.000000", "100E-2", "0.00001e5", "+001.00e+0"};
    key one = enc(DDBC_KEYENC_NUMBER, "1");
    assert_int_equal(one.n, 5);
    assert_string_equal(one.b, "25011");
    for (size_t i = 0; i < sizeof ones / sizeof ones[0]; i++) {
        key k = enc(DDBC_KEYENC_NUMBER, ones[i]);
        assert_int_equal(k.n, one.n);
        assert_memory_equal(k.b, one.b, (size_t)one.n);
    }
    static const char *const zeros[] = {"0", "-0", "+0", "0.000", "-0.0e5", "000", ".0", "0.",
                                        "0e999999999999999999999"};
    for (size_t i = 0; i < sizeof zeros / sizeof zeros[0]; i++)
        assert_string_equal(enc(DDBC_KEYENC_NUMBER, zeros[i]).b, "1");
}

static void number_encodings_have_the_documented_shape(void **state)
{
    (void)state;
    assert_string_equal(enc(DDBC_KEYENC_NUMBER, "12.5").b, "2502125");
    assert_string_equal(enc(DDBC_KEYENC_NUMBER, "-12.5").b, "0498874~");
    assert_string_equal(enc(DDBC_KEYENC_NUMBER, "0.05").b, "24995");
    assert_string_equal(enc(DDBC_KEYENC_NUMBER, "-0.05").b, "05014~");
    /* The range ends keep the offset exponent three digits wide. */
    assert_string_equal(enc(DDBC_KEYENC_NUMBER, "1e-130").b, "23711");
    assert_string_equal(enc(DDBC_KEYENC_NUMBER, "-1e-130").b, "06298~");
    assert_string_equal(enc(DDBC_KEYENC_NUMBER, "9.9999999999999999999999999999999999999e125").b,
                        "2626" "99999999999999999999999999999999999999");
    assert_string_equal(enc(DDBC_KEYENC_NUMBER, "-9.9999999999999999999999999999999999999e125").b,
                        "0374" "00000000000000000000000000000000000000~");
    /* -1.2 is above -1.23: a shorter complement closed by '~' sorts after. */
    key a = enc(DDBC_KEYENC_NUMBER, "-1.23"), b = enc(DDBC_KEYENC_NUMBER, "-1.2");
    assert_true(keycmp(&a, &b) < 0);
}

static void canonical_numbers(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"-012.500", "-12.5"}, {"12.50", "12.5"}, {"-0", "0"}, {"0.000", "0"}, {"+1", "1"},
        {"1e3", "1000"}, {"1.5e-3", "0.0015"}, {".5", "0.5"}, {"5.", "5"}, {"100", "100"},
        {"-0.010", "-0.01"}, {"123.456e1", "1234.56"}, {"1e0", "1"}, {"0012e-2", "0.12"},
        {"9223372036854775807", "9223372036854775807"},
    };
    char buf[256];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        long n = ddbc_keyenc_canonical_number(cases[i].in, strlen(cases[i].in), buf, sizeof buf);
        assert_int_equal(n, (long)strlen(cases[i].want));
        assert_string_equal(buf, cases[i].want);
    }
    /* Longest forms: plain notation even at the ends of the range. */
    long n = ddbc_keyenc_canonical_number("-1e-130", 7, buf, sizeof buf);
    assert_int_equal(n, 3 + 129 + 1);   /* -0. 129 zeros 1 */
    assert_memory_equal(buf, "-0.000", 6);
    assert_int_equal(buf[n - 1], '1');
    n = ddbc_keyenc_canonical_number("1e125", 5, buf, sizeof buf);
    assert_int_equal(n, 126);
    assert_int_equal(buf[0], '1');
    assert_int_equal(strspn(buf + 1, "0"), 125);

    /* Over the whole corpus: canonical text is the same value, a fixed point,
     * and carries no redundant zeros. */
    static numlist l;
    build_numbers(&l);
    for (size_t i = 0; i < l.n; i++) {
        n = ddbc_keyenc_canonical_number(l.v[i], strlen(l.v[i]), buf, sizeof buf);
        assert_true(n > 0 && n < (long)sizeof buf);
        assert_int_equal(exact_cmp(buf, l.v[i]), 0);
        char again[256];
        assert_int_equal(ddbc_keyenc_canonical_number(buf, (size_t)n, again, sizeof again), n);
        assert_string_equal(again, buf);
        const char *digits = buf[0] == '-' ? buf + 1 : buf;
        if (strchr(buf, '.')) {
            assert_true(buf[n - 1] != '0');
            assert_true(digits[0] != '0' || digits[1] == '.');
        } else if (strcmp(buf, "0") != 0) {
            assert_true(digits[0] != '0');
        }
        key a = enc(DDBC_KEYENC_NUMBER, buf), b = enc(DDBC_KEYENC_NUMBER, l.v[i]);
        assert_int_equal(keycmp(&a, &b), 0);
    }
}

static void invalid_numbers_are_rejected(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "", "-", "+", ".", "-.", "1e", "1e+", "e5", "abc", "1.2.3", "1..2", "--1", "+-1",
        "1 ", " 1", "1_000", "0x10", "inf", "-inf", "nan", "NaN", "1e5.5", "1,5", "1f",
        "123456789012345678901234567890123456789",         /* 39 significant digits */
        "1.23456789012345678901234567890123456789",
        "-0.000123456789012345678901234567890123456789",
        "1e126", "-1e126", "10e125", "9.99999999999999999999999999999999999999e125",
        "1e-131", "-1e-131", "0.1e-130", "9.9e-131",
        "1e999999999999999999999999", "1e-999999999999999999999999",
    };
    char buf[64];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memset(buf, 'x', sizeof buf);
        long n = ddbc_keyenc_value(DDBC_KEYENC_NUMBER, bad[i], strlen(bad[i]), false, buf,
                                   sizeof buf);
        if (n != -1) fail_msg("accepted invalid number '%s'", bad[i]);
        assert_int_equal(buf[0], '\0');
        assert_int_equal(ddbc_keyenc_canonical_number(bad[i], strlen(bad[i]), buf, sizeof buf),
                         -1);
    }
    /* 38 significant digits with surrounding zeros are still fine. */
    assert_true(enc(DDBC_KEYENC_NUMBER, "000.12345678901234567890123456789012345678000").n > 0);
    /* An embedded NUL is not a digit. */
    assert_int_equal(ddbc_keyenc_value(DDBC_KEYENC_NUMBER, "1\0", 2, false, buf, sizeof buf), -1);
}

/* ---- strings -------------------------------------------------------------------- */

typedef struct strval {
    char b[8];
    size_t n;
} strval;

/* Every string of length 0..2 over bytes that sit on every boundary of the
 * escape (0x00, the escaped range, '#', '$', '%', 0x40, 0x64/0x65 which the
 * escapes turn into, '~', high bytes), plus every single byte. */
static size_t tricky_strings(strval *v, size_t cap)
{
    static const unsigned char alpha[] = {0x00, 0x01, 0x1f, ' ', '!', '"', '#', '$', '%',
                                          '@', 'A', 'a', 'c', 'd', 'e', '~', 0x7f, 0x80, 0xff};
    size_t na = sizeof alpha, n = 0;
    v[n++].n = 0;
    for (unsigned b = 0; b < 256; b++) {
        v[n].b[0] = (char)b;
        v[n++].n = 1;
    }
    for (size_t i = 0; i < na; i++) {
        for (size_t j = 0; j < na; j++) {
            assert_true(n < cap);
            v[n].b[0] = (char)alpha[i];
            v[n].b[1] = (char)alpha[j];
            v[n++].n = 2;
        }
    }
    static const char *const words[] = {"ab", "ab!", "ab#", "abc", "ab$", "ab ", "ab%",
                                        "caf\xc3\xa9", "caf", "\xe2\x82\xac", "\xf0\x9f\x98\x80"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        assert_true(n < cap);
        v[n].n = strlen(words[i]);
        memcpy(v[n].b, words[i], v[n].n);
        n++;
    }
    return n;
}

static void strings_are_injective_ordered_and_decodable(void **state)
{
    (void)state;
    static strval v[700];
    static key k[700];
    size_t n = tricky_strings(v, 700);
    for (size_t i = 0; i < n; i++) {
        k[i] = enc_n(DDBC_KEYENC_STRING, v[i].b, v[i].n);
        assert_true(k[i].n >= (long)v[i].n && k[i].n <= 2 * (long)v[i].n);
        assert_null(memchr(k[i].b, '#', (size_t)k[i].n));
        char dec[16];
        long dn = ddbc_keyenc_decode_string(k[i].b, (size_t)k[i].n, dec, sizeof dec);
        assert_int_equal(dn, (long)v[i].n);
        assert_memory_equal(dec, v[i].b, v[i].n);
        /* No lone '$': each one leads an escape of a byte at or below '$'. */
        for (long p = 0; p < k[i].n; p++) {
            if (k[i].b[p] != '$') continue;
            assert_true(p + 1 < k[i].n);
            unsigned char e = (unsigned char)k[i].b[++p];
            assert_true(e >= 0x40 && e <= 0x64);
        }
    }
    size_t pairs = 0;
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            int want = bytecmp(v[i].b, v[i].n, v[j].b, v[j].n);
            assert_int_equal(keycmp(&k[i], &k[j]), want);
            if (want != 0) assert_true(keycmp(&k[i], &k[j]) != 0);
            pairs++;
        }
    }
    print_message("strings: %zu values, %zu ordered pairs\n", n, pairs);
}

static void string_escapes(void **state)
{
    (void)state;
    assert_string_equal(enc(DDBC_KEYENC_STRING, "a#b").b, "a$cb");
    assert_string_equal(enc(DDBC_KEYENC_STRING, "$").b, "$d");
    assert_string_equal(enc(DDBC_KEYENC_STRING, "! \"%").b, "$a$`$b%");
    assert_string_equal(enc_n(DDBC_KEYENC_STRING, "\0\n", 2).b, "$@$J");
    assert_int_equal(enc(DDBC_KEYENC_STRING, "").n, 0);
    /* Invalid UTF-8 is only bytes. */
    assert_string_equal(enc(DDBC_KEYENC_STRING, "\xff\xc3").b, "\xff\xc3");
}

static void decode_rejects_what_encode_never_makes(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t n;
    } bad[] = {{"$", 1}, {"a$", 2}, {"$?", 2}, {"$e", 2}, {"$\x7f", 2}, {"#", 1},
               {"a#", 2}, {"\x01", 1}, {" ", 1}, {"!", 1}, {"\0", 1}, {"$$", 2}};
    char buf[8];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(ddbc_keyenc_decode_string(bad[i].s, bad[i].n, buf, sizeof buf), -1);
    assert_int_equal(ddbc_keyenc_decode_string("$d$c%", 5, buf, sizeof buf), 3);
    assert_string_equal(buf, "$#%");
    assert_int_equal(ddbc_keyenc_decode_string("", 0, buf, sizeof buf), 0);
    assert_string_equal(buf, "");
}

static void prefix_encoding_is_a_prefix_of_every_continuation(void **state)
{
    (void)state;
    static strval v[700];
    size_t n = tricky_strings(v, 700);
    size_t checked = 0;
    for (size_t i = 0; i < n; i++) {
        char p[KEY_MAX];
        long pn = ddbc_keyenc_value(DDBC_KEYENC_STRING, v[i].b, v[i].n, true, p, sizeof p);
        assert_true(pn >= 0);
        for (size_t j = 0; j < n; j++) {
            char joined[16];
            memcpy(joined, v[i].b, v[i].n);
            memcpy(joined + v[i].n, v[j].b, v[j].n);
            key full = enc_n(DDBC_KEYENC_STRING, joined, v[i].n + v[j].n);
            assert_true(full.n >= pn);
            assert_memory_equal(full.b, p, (size_t)pn);
            checked++;
        }
    }
    print_message("prefix: %zu (prefix, continuation) pairs\n", checked);
    /* as_prefix means nothing for other types. */
    key a = enc(DDBC_KEYENC_NUMBER, "12");
    char b[32];
    assert_int_equal(ddbc_keyenc_value(DDBC_KEYENC_NUMBER, "12", 2, true, b, sizeof b), a.n);
    assert_string_equal(b, a.b);
}

/* ---- composite keys --------------------------------------------------------------- */

static void composite_keys_sort_as_tuples(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t n;
    } strs[] = {{"", 0},       {"ab", 2},    {"ab!", 3},  {"ab#", 3},   {"ab$", 3},
                {"ab%", 3},    {"ab ", 3},   {"ab\"", 3}, {"abc", 3},   {"ab\x01", 3},
                {"ab\0", 3},   {"a", 1},     {"b", 1},    {"#", 1},     {"$", 1},
                {"!", 1},      {" ", 1},     {"~", 1},    {"\x7f", 1},  {"caf\xc3\xa9", 5},
                {"caf", 3},    {"cafe", 4},  {"\xe2\x82\xac", 3},       {"\xf0\x9f\x98\x80", 4},
                {"a#b", 3},    {"a$b", 3},   {"a#", 2},   {"a$", 2},    {"a##", 3}};
    static const char *const nums[] = {"-1e125", "-12.5", "-12", "-1.23", "-1.2", "-1",
                                       "-0.5", "-1e-130", "0", "1e-130", "0.5", "1", "1.2",
                                       "1.23", "12", "12.5", "99", "100", "1e125"};
    size_t ns = sizeof strs / sizeof strs[0], nn = sizeof nums / sizeof nums[0];
    static char keys[40 * 20][KEY_MAX];
    static size_t klen[40 * 20];
    assert_true(ns <= 40 && nn <= 20);
    for (size_t i = 0; i < ns; i++) {
        for (size_t j = 0; j < nn; j++) {
            char *o = keys[i * nn + j];
            long a = ddbc_keyenc_value(DDBC_KEYENC_STRING, strs[i].s, strs[i].n, false, o, 200);
            assert_true(a >= 0 && a < 200);
            o[a] = DDBC_KEYENC_DELIM;
            long b = ddbc_keyenc_value(DDBC_KEYENC_NUMBER, nums[j], strlen(nums[j]), false,
                                       o + a + 1, 200);
            assert_true(b > 0 && b < 200);
            klen[i * nn + j] = (size_t)(a + 1 + b);
        }
    }
    size_t pairs = 0;
    for (size_t x = 0; x < ns * nn; x++) {
        for (size_t y = 0; y < ns * nn; y++) {
            size_t si = x / nn, ni = x % nn, sj = y / nn, nj = y % nn;
            int want = bytecmp(strs[si].s, strs[si].n, strs[sj].s, strs[sj].n);
            if (want == 0) want = exact_cmp(nums[ni], nums[nj]);
            int got = bytecmp(keys[x], klen[x], keys[y], klen[y]);
            if (got != want)
                fail_msg("(%zu,%s) vs (%zu,%s): tuple %d, key %d", si, nums[ni], sj, nums[nj],
                         want, got);
            pairs++;
            /* Range upper bound: enc(s) + '$' is above every enc(s) + '#' + …
             * and below every greater string's keys. */
            char hi[KEY_MAX];
            long hn = ddbc_keyenc_value(DDBC_KEYENC_STRING, strs[si].s, strs[si].n, false, hi,
                                        sizeof hi);
            hi[hn] = DDBC_KEYENC_AFTER;
            int cmp_hi = bytecmp(keys[y], klen[y], hi, (size_t)hn + 1);
            int s_cmp = bytecmp(strs[sj].s, strs[sj].n, strs[si].s, strs[si].n);
            assert_int_equal(cmp_hi, s_cmp <= 0 ? -1 : 1);
        }
    }
    print_message("composite: %zu keys, %zu ordered pairs\n", ns * nn, pairs);
}

/* ---- dates and timestamps ------------------------------------------------------------ */

static void ts_is(const char *in, const char *want)
{
    key k = enc(DDBC_KEYENC_TIMESTAMP, in);
    if (k.n < 0) fail_msg("timestamp '%s' rejected", in);
    assert_int_equal(k.n, 27);
    if (strcmp(k.b, want) != 0) fail_msg("'%s' -> '%s', want '%s'", in, k.b, want);
}

static void timestamps_convert_to_utc(void **state)
{
    (void)state;
    ts_is("2024-03-01T00:30:00+01:00", "2024-02-29T23:30:00.000000Z");
    ts_is("2023-03-01T00:30:00+01:00", "2023-02-28T23:30:00.000000Z");
    ts_is("2024-12-31T23:30:00-01:00", "2025-01-01T00:30:00.000000Z");
    ts_is("2000-01-01T00:00:00+00:01", "1999-12-31T23:59:00.000000Z");
    ts_is("1900-03-01T00:00:00+01", "1900-02-28T23:00:00.000000Z");   /* 1900 not leap */
    ts_is("2000-03-01T00:00:00+0100", "2000-02-29T23:00:00.000000Z"); /* 2000 leap */
    ts_is("2024-04-30T22:00:00-05:30", "2024-05-01T03:30:00.000000Z");
    ts_is("2024-06-15 12:00", "2024-06-15T12:00:00.000000Z");
    ts_is("2024-06-15t12:00z", "2024-06-15T12:00:00.000000Z");
    ts_is("2024-06-15T12:00:00Z", "2024-06-15T12:00:00.000000Z");
    ts_is("2024-06-15", "2024-06-15T00:00:00.000000Z");
    ts_is("2024-06-15T12:00:00.5Z", "2024-06-15T12:00:00.500000Z");
    ts_is("2024-06-15T12:00:00.123456", "2024-06-15T12:00:00.123456Z");
    ts_is("2024-06-15T12:00:00.123456789+02:00", "2024-06-15T10:00:00.123456Z");
    ts_is("2024-06-15T12:00:00.0000009", "2024-06-15T12:00:00.000000Z");
    ts_is("0000-01-01T00:00:00Z", "0000-01-01T00:00:00.000000Z");
    ts_is("9999-12-31T23:59:59.999999Z", "9999-12-31T23:59:59.999999Z");
    ts_is("0001-01-01T00:30+01:00", "0000-12-31T23:30:00.000000Z");
    ts_is("0000-02-29T12:00Z", "0000-02-29T12:00:00.000000Z");      /* year 0 is leap */
    ts_is("9999-12-31T20:00-03:59", "9999-12-31T23:59:00.000000Z");
    ts_is("2024-01-01T00:00-00:00", "2024-01-01T00:00:00.000000Z");
    ts_is("2024-01-01T10:00+23:59", "2023-12-31T10:01:00.000000Z");
    /* Equal instants in different zones encode equally. */
    assert_string_equal(enc(DDBC_KEYENC_TIMESTAMP, "2024-01-01T12:00+01:00").b,
                        enc(DDBC_KEYENC_TIMESTAMP, "2024-01-01T11:00Z").b);
}

static void timestamps_sort_by_instant_across_zones(void **state)
{
    (void)state;
    /* Strictly increasing instants, each in a different zone or spelling. */
    static const char *const seq[] = {
        "0000-01-01T00:00:00Z",
        "1969-12-31T23:59:59.999999Z",
        "1970-01-01T01:00:00+01:00",          /* the epoch */
        "1970-01-01T00:00:00.000001",
        "1999-12-31T19:00:00.5-05:00",        /* 2000-01-01T00:00:00.5Z */
        "2000-01-01T02:00:01+02:00",          /* 00:00:01Z */
        "2024-02-29T23:59:59.999999Z",
        "2024-03-01T00:30:00+00:30",          /* 2024-03-01T00:00:00Z */
        "2024-03-01T00:00:00.000001Z",
        "2024-02-29T20:00:00-04:00",          /* 2024-03-01T00:00:00Z... */
        "9999-12-31T23:59:59.999999Z",
    };
    /* seq[9] equals seq[7]; compare by hand-written expectations. */
    static const int order[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 7, 9};
    size_t n = sizeof seq / sizeof seq[0];
    key k[11];
    for (size_t i = 0; i < n; i++) {
        k[i] = enc(DDBC_KEYENC_TIMESTAMP, seq[i]);
        assert_int_equal(k[i].n, 27);
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            assert_int_equal(keycmp(&k[i], &k[j]), (order[i] > order[j]) - (order[i] < order[j]));
}

static void invalid_timestamps_are_rejected(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "", "garbage", "2024", "2024-01", "2024-13-01", "2024-00-10", "2024-01-00",
        "2024-02-30", "2023-02-29", "1900-02-29", "2024-04-31", "2024-01-32",
        "2024-01-01T24:00", "2024-01-01T23:60", "2024-01-01T23:59:60", "2024-01-01T12",
        "2024-01-01T12:00:00.", "2024-01-01T12:00:00.1234567890", "2024-01-01T12:00.5",
        "2024-01-01T12:00:00Zjunk", "2024-01-01T12:00:00 ", "2024-01-01 ", "2024-01-01T",
        "2024-01-01X12:00", "2024-1-01", "24-01-01", "2024/01/01", "2024-01-01T1:00",
        "2024-01-01T12:00+1", "2024-01-01T12:00+01:", "2024-01-01T12:00+01:0",
        "2024-01-01T12:00+24:00", "2024-01-01T12:00+01:60", "2024-01-01T12:00+010",
        "2024-01-01T12:00+01000", "2024-01-01T12:00UTC", "0000-01-01T00:30+01:00",
        "9999-12-31T23:30-01:00", "+2024-01-01", "-2024-01-01", "2024-01-01T-1:00",
    };
    char buf[64];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        long n = ddbc_keyenc_value(DDBC_KEYENC_TIMESTAMP, bad[i], strlen(bad[i]), false, buf,
                                   sizeof buf);
        if (n != -1) fail_msg("accepted invalid timestamp '%s' as '%s'", bad[i], buf);
    }
}

/* Every calendar day of years 0000..9999, walked with a counter written here:
 * each is a valid DATE copied verbatim, the day after its month's end is not,
 * days sort in order, and 00:30+01:00 lands on the previous day at 23:30. */
static void every_day_of_the_calendar(void **state)
{
    (void)state;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    char prev_date[16] = "", prev_ts[32] = "";
    long days = 0;
    for (int y = 0; y <= 9999; y++) {
        bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        for (int m = 1; m <= 12; m++) {
            int last = mdays[m - 1] + (m == 2 && leap);
            for (int d = 1; d <= last + 1; d++) {
                char s[32];
                snprintf(s, sizeof s, "%04d-%02d-%02d", y, m, d);
                key dk = enc(DDBC_KEYENC_DATE, s);
                if (d > last) {
                    if (dk.n != -1) fail_msg("accepted %s", s);
                    assert_int_equal(enc(DDBC_KEYENC_TIMESTAMP, s).n, -1);
                    continue;
                }
                if (dk.n != 10 || strcmp(dk.b, s) != 0) fail_msg("date %s -> %s", s, dk.b);
                assert_true(strcmp(prev_date, dk.b) < 0);
                memcpy(s + 10, "T00:30+01:00", sizeof "T00:30+01:00");
                key tk = enc(DDBC_KEYENC_TIMESTAMP, s);
                if (days == 0) {
                    assert_int_equal(tk.n, -1);   /* year -1 */
                } else {
                    char want[32];
                    memcpy(want, prev_date, 10);
                    memcpy(want + 10, "T23:30:00.000000Z", sizeof "T23:30:00.000000Z");
                    if (tk.n != 27 || strcmp(tk.b, want) != 0)
                        fail_msg("%s -> %s, want %s", s, tk.b, want);
                    assert_true(strcmp(prev_ts, tk.b) < 0);
                    strcpy(prev_ts, tk.b);
                }
                strcpy(prev_date, dk.b);
                days++;
            }
        }
    }
    assert_int_equal(days, 3652425);   /* 10000 Gregorian years */
}

static void dates(void **state)
{
    (void)state;
    assert_string_equal(enc(DDBC_KEYENC_DATE, "2024-02-29").b, "2024-02-29");
    static const char *const bad[] = {"2023-02-29", "2024-2-29", "2024-02-29T00:00",
                                      "2024-02-29 ", "", "20240229", "2024-13-01"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(enc(DDBC_KEYENC_DATE, bad[i]).n, -1);
}

/* ---- booleans and bytes --------------------------------------------------------------- */

static void booleans(void **state)
{
    (void)state;
    static const char *const yes[] = {"true", "TRUE", "True", "t", "T", "1"};
    static const char *const no[] = {"false", "FALSE", "fAlSe", "f", "F", "0"};
    static const char *const bad[] = {"", "yes", "no", "tru", "truee", "2", "00", " true",
                                      "on"};
    for (size_t i = 0; i < 6; i++) {
        assert_string_equal(enc(DDBC_KEYENC_BOOL, yes[i]).b, "1");
        assert_string_equal(enc(DDBC_KEYENC_BOOL, no[i]).b, "0");
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(enc(DDBC_KEYENC_BOOL, bad[i]).n, -1);
    assert_int_equal(enc_n(DDBC_KEYENC_BOOL, "t\0", 2).n, -1);
}

static void binary_is_lowercase_hex_in_byte_order(void **state)
{
    (void)state;
    assert_string_equal(enc_n(DDBC_KEYENC_BINARY, "\x00\x7f\x80\xff\xab", 5).b, "007f80ffab");
    assert_int_equal(enc(DDBC_KEYENC_BINARY, "").n, 0);
    static strval v[700];
    static key k[700];
    size_t n = tricky_strings(v, 700);
    for (size_t i = 0; i < n; i++) {
        k[i] = enc_n(DDBC_KEYENC_BINARY, v[i].b, v[i].n);
        assert_int_equal(k[i].n, 2 * (long)v[i].n);
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            assert_int_equal(keycmp(&k[i], &k[j]), bytecmp(v[i].b, v[i].n, v[j].b, v[j].n));
}

/* ---- the buffer contract ---------------------------------------------------------------- */

static void small_buffers_get_the_length_and_no_overflow(void **state)
{
    (void)state;
    static const struct {
        ddbc_keyenc_type t;
        const char *v;
    } cases[] = {
        {DDBC_KEYENC_STRING, "a#b$c d"},
        {DDBC_KEYENC_NUMBER, "-12.50"},
        {DDBC_KEYENC_NUMBER, "0"},
        {DDBC_KEYENC_TIMESTAMP, "2024-03-01T00:30:00+01:00"},
        {DDBC_KEYENC_DATE, "2024-03-01"},
        {DDBC_KEYENC_BOOL, "true"},
        {DDBC_KEYENC_BINARY, "\x01\xfe"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        key full = enc(cases[c].t, cases[c].v);
        assert_true(full.n > 0);
        assert_int_equal(ddbc_keyenc_value(cases[c].t, cases[c].v, strlen(cases[c].v), false,
                                           NULL, 0),
                         full.n);
        for (size_t cap = 0; cap <= (size_t)full.n + 2; cap++) {
            char buf[64];
            memset(buf, 0x5A, sizeof buf);
            long n = ddbc_keyenc_value(cases[c].t, cases[c].v, strlen(cases[c].v), false,
                                       buf + 1, cap);
            assert_int_equal(n, full.n);
            assert_int_equal((unsigned char)buf[0], 0x5A);   /* no underflow */
            size_t wrote = cap < (size_t)n ? cap : (size_t)n;
            assert_memory_equal(buf + 1, full.b, wrote);
            if (cap > (size_t)n) {
                assert_int_equal(buf[1 + n], '\0');
                assert_int_equal((unsigned char)buf[2 + n], 0x5A);
            } else {
                assert_int_equal((unsigned char)buf[1 + cap], 0x5A);   /* the canary */
            }
        }
    }
    /* The same contract for the decoder and the canonical form. */
    char buf[8];
    memset(buf, 0x5A, sizeof buf);
    assert_int_equal(ddbc_keyenc_decode_string("ab$cd", 5, buf, 2), 4);
    assert_memory_equal(buf, "ab", 2);
    assert_int_equal((unsigned char)buf[2], 0x5A);
    assert_int_equal(ddbc_keyenc_decode_string("ab$cd", 5, NULL, 0), 4);
    memset(buf, 0x5A, sizeof buf);
    assert_int_equal(ddbc_keyenc_canonical_number("-012.500", 8, buf, 3), 5);
    assert_memory_equal(buf, "-12", 3);
    assert_int_equal((unsigned char)buf[3], 0x5A);
    assert_int_equal(ddbc_keyenc_canonical_number("-012.500", 8, NULL, 0), 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(number_order_matches_numeric_order),
        cmocka_unit_test(equal_numbers_encode_equally),
        cmocka_unit_test(number_encodings_have_the_documented_shape),
        cmocka_unit_test(canonical_numbers),
        cmocka_unit_test(invalid_numbers_are_rejected),
        cmocka_unit_test(strings_are_injective_ordered_and_decodable),
        cmocka_unit_test(string_escapes),
        cmocka_unit_test(decode_rejects_what_encode_never_makes),
        cmocka_unit_test(prefix_encoding_is_a_prefix_of_every_continuation),
        cmocka_unit_test(composite_keys_sort_as_tuples),
        cmocka_unit_test(timestamps_convert_to_utc),
        cmocka_unit_test(timestamps_sort_by_instant_across_zones),
        cmocka_unit_test(invalid_timestamps_are_rejected),
        cmocka_unit_test(every_day_of_the_calendar),
        cmocka_unit_test(dates),
        cmocka_unit_test(booleans),
        cmocka_unit_test(binary_is_lowercase_hex_in_byte_order),
        cmocka_unit_test(small_buffers_get_the_length_and_no_overflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
