/* keyenc.c — turns typed values into the bytes of a DynamoDB key (keyenc.h).
 *
 * Compiled into both the compiler and the runtime, so it is plain C11 with no
 * allocation, no globals and no aborts; every input is validated in full
 * before the first output byte is written. */
#include "ddbc/keyenc.h"

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

/* DynamoDB keeps 38 significant digits and magnitudes 1E-130 .. 9.9…9E+125.
 * Written as 0.d1d2… × 10^E that is E in [-129, 126], so the offset exponents
 * 500 + E and 500 − E both stay three digits wide. */
#define MAX_DIGITS 38
#define MIN_EXP (-129)
#define MAX_EXP 126
#define EXP_BIAS 500
/* Exponents are summed with digit counts; saturating here keeps the sum in a
 * long long without changing which side of the range a value falls on. */
#define EXP_SATURATE 1000000000LL

/* Output cursor: counts every byte but stores only what fits, so one pass
 * both fills the buffer and answers the length query. */
typedef struct sink {
    char *out;
    size_t cap;
    size_t n;
} sink;

static void put(sink *s, char c)
{
    if (s->n < s->cap) s->out[s->n] = c;
    s->n++;
}

static void put_uint(sink *s, unsigned v, int width)
{
    char buf[12];
    for (int i = width - 1; i >= 0; i--) {
        buf[i] = (char)('0' + v % 10);
        v /= 10;
    }
    for (int i = 0; i < width; i++) put(s, buf[i]);
}

static long finish(sink *s)
{
    if (s->n < s->cap) s->out[s->n] = '\0';
    return s->n > (size_t)LONG_MAX ? -1 : (long)s->n;
}

/* A caller printing the buffer after a failure sees an empty string rather
 * than whatever was there before. */
static long invalid(char *out, size_t cap)
{
    if (cap > 0) out[0] = '\0';
    return -1;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* ---- strings ---------------------------------------------------------------- */

/* Every byte at or below '$' becomes '$' + (byte + 0x40): the escape lead '$'
 * is above the delimiter '#' and below every byte copied as is, and the second
 * byte keeps the escaped bytes in their own order, so memcmp order survives. */
static long encode_string(const char *value, size_t len, char *out, size_t cap)
{
    if (len > (size_t)LONG_MAX / 2) return invalid(out, cap);
    sink s = {out, cap, 0};
    for (size_t i = 0; i < len; i++) {
        unsigned char b = (unsigned char)value[i];
        if (b <= (unsigned char)DDBC_KEYENC_AFTER) {
            put(&s, DDBC_KEYENC_AFTER);
            put(&s, (char)(b + 0x40));
        } else {
            put(&s, (char)b);
        }
    }
    return finish(&s);
}

long ddbc_keyenc_decode_string(const char *enc, size_t len, char *out, size_t cap)
{
    if (enc == NULL && len > 0) return invalid(out, cap);
    /* Validate first so a bad encoding leaves nothing half-decoded. */
    for (size_t i = 0; i < len; i++) {
        unsigned char b = (unsigned char)enc[i];
        if (b == (unsigned char)DDBC_KEYENC_AFTER) {
            if (i + 1 >= len) return invalid(out, cap);
            unsigned char e = (unsigned char)enc[++i];
            if (e < 0x40 || e > 0x40 + (unsigned char)DDBC_KEYENC_AFTER)
                return invalid(out, cap);
        } else if (b < (unsigned char)DDBC_KEYENC_AFTER) {
            return invalid(out, cap);
        }
    }
    sink s = {out, cap, 0};
    for (size_t i = 0; i < len; i++) {
        if (enc[i] == DDBC_KEYENC_AFTER) {
            i++;
            put(&s, (char)((unsigned char)enc[i] - 0x40));
        } else {
            put(&s, enc[i]);
        }
    }
    return finish(&s);
}

/* ---- numbers ----------------------------------------------------------------- */

/* A nonzero number as 0.d1d2…dn × 10^exp with d1 ≠ 0 and dn ≠ 0. */
typedef struct decnum {
    bool neg;
    bool zero;
    long exp;
    size_t ndig;
    char dig[MAX_DIGITS];
} decnum;

/* Grammar: [+-] digits [. digits] [(e|E) [+-] digits], at least one mantissa
 * digit, nothing else (no spaces, no inf/nan).  Fails on 39+ significant
 * digits or a magnitude outside DynamoDB's range. */
static bool parse_number(const char *s, size_t len, decnum *d)
{
    size_t i = 0;
    d->neg = false;
    d->zero = false;
    d->exp = 0;
    d->ndig = 0;
    if (i < len && (s[i] == '+' || s[i] == '-')) d->neg = s[i++] == '-';
    size_t int0 = i;
    while (i < len && is_digit(s[i])) i++;
    size_t int_len = i - int0;
    size_t frac0 = i, frac_len = 0;
    if (i < len && s[i] == '.') {
        frac0 = ++i;
        while (i < len && is_digit(s[i])) i++;
        frac_len = i - frac0;
    }
    if (int_len + frac_len == 0) return false;
    long long exp10 = 0;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        bool eneg = false;
        if (i < len && (s[i] == '+' || s[i] == '-')) eneg = s[i++] == '-';
        size_t e0 = i;
        while (i < len && is_digit(s[i])) {
            if (exp10 < EXP_SATURATE) exp10 = exp10 * 10 + (s[i] - '0');
            i++;
        }
        if (i == e0) return false;
        if (eneg) exp10 = -exp10;
    }
    if (i != len) return false;

    /* Mantissa digits as one run D = integer digits then fraction digits;
     * the decimal point sits after int_len of them. */
    size_t total = int_len + frac_len;
#define DIGIT_AT(k) ((k) < int_len ? s[int0 + (k)] : s[frac0 + (k) - int_len])
    size_t first = 0;
    while (first < total && DIGIT_AT(first) == '0') first++;
    if (first == total) {
        d->zero = true;   /* -0 is 0: zero's encoding and text carry no sign */
        return true;
    }
    size_t last = total - 1;
    while (DIGIT_AT(last) == '0') last--;
    if (last - first + 1 > MAX_DIGITS) return false;
    d->ndig = last - first + 1;
    for (size_t k = 0; k < d->ndig; k++) d->dig[k] = DIGIT_AT(first + k);
#undef DIGIT_AT
    /* D_first is worth 10^(int_len-1-first), i.e. 0.D_first × 10^(int_len-first). */
    long long shift = (long long)int_len - (long long)first;
    if (shift > EXP_SATURATE) shift = EXP_SATURATE;
    if (shift < -EXP_SATURATE) shift = -EXP_SATURATE;
    long long e = shift + exp10;
    if (e < MIN_EXP || e > MAX_EXP) return false;
    d->exp = (long)e;
    return true;
}

/* Zero is "1"; a positive is "2", 500 + exp (3 digits) and the digits; a
 * negative is "0", 500 − exp and the nines' complement of the digits closed by
 * '~', so a longer magnitude at the same exponent (more negative) sorts first:
 * complement "87~" (−0.12) sorts after "876~" (−0.123) since '~' > '9'. */
static long encode_number(const char *value, size_t len, char *out, size_t cap)
{
    decnum d;
    if (!parse_number(value, len, &d)) return invalid(out, cap);
    sink s = {out, cap, 0};
    if (d.zero) {
        put(&s, '1');
    } else if (!d.neg) {
        put(&s, '2');
        put_uint(&s, (unsigned)(EXP_BIAS + d.exp), 3);
        for (size_t k = 0; k < d.ndig; k++) put(&s, d.dig[k]);
    } else {
        put(&s, '0');
        put_uint(&s, (unsigned)(EXP_BIAS - d.exp), 3);
        for (size_t k = 0; k < d.ndig; k++) put(&s, (char)('9' - (d.dig[k] - '0')));
        put(&s, '~');
    }
    return finish(&s);
}

/* Always plain positional notation, never an exponent: the longest results
 * are 170 bytes (-0.<129 zeros><38 digits>) and 127 bytes (-<38 digits><88
 * zeros>), short enough that one rule beats two. */
long ddbc_keyenc_canonical_number(const char *value, size_t len, char *out, size_t cap)
{
    decnum d;
    if (!parse_number(value, len, &d)) return invalid(out, cap);
    sink s = {out, cap, 0};
    if (d.zero) {
        put(&s, '0');
        return finish(&s);
    }
    if (d.neg) put(&s, '-');
    if (d.exp <= 0) {
        put(&s, '0');
        put(&s, '.');
        for (long k = 0; k < -d.exp; k++) put(&s, '0');
        for (size_t k = 0; k < d.ndig; k++) put(&s, d.dig[k]);
    } else if ((size_t)d.exp < d.ndig) {
        for (size_t k = 0; k < d.ndig; k++) {
            if (k == (size_t)d.exp) put(&s, '.');
            put(&s, d.dig[k]);
        }
    } else {
        for (size_t k = 0; k < d.ndig; k++) put(&s, d.dig[k]);
        for (size_t k = d.ndig; k < (size_t)d.exp; k++) put(&s, '0');
    }
    return finish(&s);
}

/* ---- dates and timestamps ------------------------------------------------------ */

/* Reads exactly `n` digits at s[*i]. */
static bool fixed_digits(const char *s, size_t len, size_t *i, int n, int *v)
{
    if (len - *i < (size_t)n) return false;
    int x = 0;
    for (int k = 0; k < n; k++) {
        char c = s[*i + (size_t)k];
        if (!is_digit(c)) return false;
        x = x * 10 + (c - '0');
    }
    *i += (size_t)n;
    *v = x;
    return true;
}

static bool expect(const char *s, size_t len, size_t *i, char c)
{
    if (*i >= len || s[*i] != c) return false;
    (*i)++;
    return true;
}

static bool is_leap(long long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(long long y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* "YYYY-MM-DD" at s[*i], checked against the proleptic Gregorian calendar. */
static bool parse_date(const char *s, size_t len, size_t *i, int *y, int *m, int *d)
{
    if (!fixed_digits(s, len, i, 4, y) || !expect(s, len, i, '-') ||
        !fixed_digits(s, len, i, 2, m) || !expect(s, len, i, '-') ||
        !fixed_digits(s, len, i, 2, d))
        return false;
    return *m >= 1 && *m <= 12 && *d >= 1 && *d <= days_in_month(*y, *m);
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's
 * days_from_civil), and back; exact for every year we accept. */
static long long days_from_civil(long long y, int m, int d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long long z, long long *y, int *m, int *d)
{
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* A bare date is midnight UTC; a missing zone is UTC; 'T', 't' or a space
 * separates date and time; fractions beyond microseconds are truncated (1..9
 * digits accepted); second 60 is rejected, since a leap second has no
 * distinct place once converted and would collide with :00 of the next
 * minute's ordering. */
static long encode_timestamp(const char *s, size_t len, char *out, size_t cap)
{
    size_t i = 0;
    int y, mo, d, h = 0, mi = 0, sec = 0;
    long micros = 0;
    int off_min = 0;
    if (!parse_date(s, len, &i, &y, &mo, &d)) return invalid(out, cap);
    if (i < len) {
        if (s[i] != 'T' && s[i] != 't' && s[i] != ' ') return invalid(out, cap);
        i++;
        if (!fixed_digits(s, len, &i, 2, &h) || !expect(s, len, &i, ':') ||
            !fixed_digits(s, len, &i, 2, &mi))
            return invalid(out, cap);
        if (i < len && s[i] == ':') {
            i++;
            if (!fixed_digits(s, len, &i, 2, &sec)) return invalid(out, cap);
            if (i < len && s[i] == '.') {
                i++;
                size_t f0 = i;
                while (i < len && is_digit(s[i])) i++;
                size_t nf = i - f0;
                if (nf < 1 || nf > 9) return invalid(out, cap);
                for (size_t k = 0; k < 6; k++)
                    micros = micros * 10 + (k < nf ? s[f0 + k] - '0' : 0);
            }
        }
        if (i < len) {
            char z = s[i];
            if (z == 'Z' || z == 'z') {
                i++;
            } else if (z == '+' || z == '-') {
                i++;
                int oh, om = 0;
                if (!fixed_digits(s, len, &i, 2, &oh)) return invalid(out, cap);
                if (i < len && s[i] == ':') {
                    i++;
                    if (!fixed_digits(s, len, &i, 2, &om)) return invalid(out, cap);
                } else if (i < len) {
                    if (!fixed_digits(s, len, &i, 2, &om)) return invalid(out, cap);
                }
                if (oh > 23 || om > 59) return invalid(out, cap);
                off_min = (oh * 60 + om) * (z == '-' ? -1 : 1);
            } else {
                return invalid(out, cap);
            }
        }
        if (i != len) return invalid(out, cap);
        if (h > 23 || mi > 59 || sec > 59) return invalid(out, cap);
    }

    /* Local time minus the offset is UTC; only minutes move, so the day count
     * absorbs every day/month/year rollover. */
    long long minutes = days_from_civil(y, mo, d) * 1440 + h * 60 + mi - off_min;
    long long days = minutes >= 0 ? minutes / 1440 : -((-minutes + 1439) / 1440);
    long long mod = minutes - days * 1440;
    long long uy;
    int um, ud;
    civil_from_days(days, &uy, &um, &ud);
    if (uy < 0 || uy > 9999) return invalid(out, cap);

    sink o = {out, cap, 0};
    put_uint(&o, (unsigned)uy, 4);
    put(&o, '-');
    put_uint(&o, (unsigned)um, 2);
    put(&o, '-');
    put_uint(&o, (unsigned)ud, 2);
    put(&o, 'T');
    put_uint(&o, (unsigned)(mod / 60), 2);
    put(&o, ':');
    put_uint(&o, (unsigned)(mod % 60), 2);
    put(&o, ':');
    put_uint(&o, (unsigned)sec, 2);
    put(&o, '.');
    put_uint(&o, (unsigned)micros, 6);
    put(&o, 'Z');
    return finish(&o);
}

static long encode_date(const char *s, size_t len, char *out, size_t cap)
{
    size_t i = 0;
    int y, m, d;
    if (!parse_date(s, len, &i, &y, &m, &d) || i != len) return invalid(out, cap);
    sink o = {out, cap, 0};
    for (size_t k = 0; k < len; k++) put(&o, s[k]);
    return finish(&o);
}

/* ---- booleans and bytes ----------------------------------------------------------- */

static bool word_is(const char *s, size_t len, const char *w)
{
    size_t k = 0;
    for (; k < len && w[k]; k++)
        if (lower(s[k]) != w[k]) return false;
    return k == len && w[k] == '\0';
}

static long encode_bool(const char *s, size_t len, char *out, size_t cap)
{
    char v;
    if (word_is(s, len, "true") || word_is(s, len, "t") || word_is(s, len, "1"))
        v = '1';
    else if (word_is(s, len, "false") || word_is(s, len, "f") || word_is(s, len, "0"))
        v = '0';
    else
        return invalid(out, cap);
    sink o = {out, cap, 0};
    put(&o, v);
    return finish(&o);
}

/* Two fixed-width hex digits per byte, '0'-'9' below 'a'-'f': byte order kept. */
static long encode_binary(const char *s, size_t len, char *out, size_t cap)
{
    static const char hex[] = "0123456789abcdef";
    if (len > (size_t)LONG_MAX / 2) return invalid(out, cap);
    sink o = {out, cap, 0};
    for (size_t k = 0; k < len; k++) {
        unsigned char b = (unsigned char)s[k];
        put(&o, hex[b >> 4]);
        put(&o, hex[b & 0xF]);
    }
    return finish(&o);
}

long ddbc_keyenc_value(ddbc_keyenc_type type, const char *value, size_t len, bool as_prefix,
                       char *out, size_t cap)
{
    /* The string map is byte by byte, so the encoding of a prefix already is a
     * prefix of every continuation's encoding: as_prefix changes nothing.
     * Other types have no partial values and ignore it. */
    (void)as_prefix;
    if (value == NULL && len > 0) return invalid(out, cap);
    switch (type) {
    case DDBC_KEYENC_STRING: return encode_string(value, len, out, cap);
    case DDBC_KEYENC_NUMBER: return encode_number(value, len, out, cap);
    case DDBC_KEYENC_TIMESTAMP: return encode_timestamp(value, len, out, cap);
    case DDBC_KEYENC_DATE: return encode_date(value, len, out, cap);
    case DDBC_KEYENC_BOOL: return encode_bool(value, len, out, cap);
    case DDBC_KEYENC_BINARY: return encode_binary(value, len, out, cap);
    }
    return invalid(out, cap);
}
