/* test_rt_values.c — attribute values, items, DynamoDB JSON, base64 and the
 * expression builder (runtime/rt_value.c, rt_json.c, rt_expr.c), no server.
 *
 * Allocation failures are injected with the linker's --wrap=malloc/realloc:
 * every prefix of allocations is made to fail in turn, and each must come
 * back as NO_MEMORY without a leak (the sanitizer build checks leaks). */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "alloc_fail.h"
#include "rt_internal.h"

/* ---- helpers ------------------------------------------------------------------------ */

static ddbc_rt_av av_str(ddbc_rt_av_type t, const char *s, size_t len)
{
    ddbc_rt_av v;
    v.type = t;
    v.u.s.ptr = malloc(len + 1);
    assert_non_null(v.u.s.ptr);
    memcpy(v.u.s.ptr, s, len);
    v.u.s.ptr[len] = '\0';
    v.u.s.len = len;
    return v;
}

static ddbc_rt_av av_list(ddbc_rt_av_type t, size_t n, ...)
{
    ddbc_rt_av v;
    v.type = t;
    v.u.l.v = calloc(n ? n : 1, sizeof *v.u.l.v);
    assert_non_null(v.u.l.v);
    v.u.l.n = v.u.l.cap = n;
    va_list ap;
    va_start(ap, n);
    for (size_t i = 0; i < n; i++) v.u.l.v[i] = va_arg(ap, ddbc_rt_av);
    va_end(ap);
    return v;
}

static ddbc_rt_av av_s(const char *s)
{
    return av_str(DDBC_AV_S, s, strlen(s));
}

static ddbc_rt_av av_n(const char *s)
{
    return av_str(DDBC_AV_N, s, strlen(s));
}

/* item → JSON → item, asserting the copy equals the original attribute by
 * attribute and in order. */
static void assert_roundtrip(const ddbc_rt_item *it)
{
    char *json = NULL;
    size_t len = 0;
    assert_int_equal(ddbc_rt_item_to_json(it, &json, &len), DDBC_RT_OK);
    assert_int_equal(strlen(json), len);
    ddbc_rt_item back;
    assert_int_equal(ddbc_rt_item_from_json(json, len, &back), DDBC_RT_OK);
    assert_int_equal(back.n, it->n);
    for (size_t i = 0; i < it->n; i++) {
        assert_string_equal(back.attrs[i].name, it->attrs[i].name);
        assert_true(ddbc_rt_av_equal(&back.attrs[i].value, &it->attrs[i].value));
    }
    /* and the text is stable: writing the copy gives the same bytes */
    char *json2 = NULL;
    size_t len2 = 0;
    assert_int_equal(ddbc_rt_item_to_json(&back, &json2, &len2), DDBC_RT_OK);
    assert_int_equal(len2, len);
    assert_memory_equal(json2, json, len);
    free(json);
    free(json2);
    ddbc_rt_item_free(&back);
}

static char *to_json(const ddbc_rt_item *it)
{
    char *json = NULL;
    assert_int_equal(ddbc_rt_item_to_json(it, &json, NULL), DDBC_RT_OK);
    return json;
}

/* ---- round trips ---------------------------------------------------------------------- */

static void test_string_roundtrip(void **state)
{
    (void)state;
    ddbc_rt_item it = DDBC_RT_ITEM_INIT;
    const char *uni = "h\xc3\xa9llo \xe2\x9c\x93 \xf0\x9d\x84\x9e \xe4\xb8\xad\xe6\x96\x87";
    assert_int_equal(ddbc_rt_item_set_s(&it, "uni", uni, strlen(uni)), DDBC_RT_OK);
    const char *q = "say \"hi\" \\ back/slash";
    assert_int_equal(ddbc_rt_item_set_s(&it, "quotes", q, strlen(q)), DDBC_RT_OK);
    char ctl[40];
    size_t k = 0;
    for (int ch = 1; ch < 0x20; ch++) ctl[k++] = (char)ch;
    ctl[k++] = 0x7f;
    assert_int_equal(ddbc_rt_item_set_s(&it, "ctl", ctl, k), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_set_s(&it, "empty", "", 0), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_set_s(&it, "na\"me\n", "x", 1), DDBC_RT_OK);
    assert_roundtrip(&it);

    char *json = to_json(&it);
    /* UTF-8 passes through, escapes as RFC 8259 spells them */
    assert_non_null(strstr(json, "\"uni\":{\"S\":\"h\xc3\xa9llo \xe2\x9c\x93 "));
    assert_non_null(strstr(json, "{\"S\":\"say \\\"hi\\\" \\\\ back/slash\"}"));
    assert_non_null(strstr(json, "\"\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n"
                                 "\\u000b\\f\\r\\u000e"));
    assert_non_null(strstr(json, "\\u001f\x7f\"}"));
    assert_non_null(strstr(json, "\"na\\\"me\\n\":{\"S\":\"x\"}"));
    free(json);

    const char *s;
    size_t len;
    assert_true(ddbc_rt_item_s(&it, "ctl", &s, &len));
    assert_int_equal(len, k);
    assert_memory_equal(s, ctl, k);
    assert_false(ddbc_rt_item_s(&it, "nope", &s, &len));
    ddbc_rt_item_free(&it);
}

static void test_number_kept_verbatim(void **state)
{
    (void)state;
    const char *nums[] = {"12345678901234567890123456789012345678",
                          "-0.00000000000000000000000000000000000001",
                          "1.5E+10", "9.9999999999999999999999999999999999999e125",
                          "1e-130", "0.000", "-12.50", "007"};
    ddbc_rt_item it = DDBC_RT_ITEM_INIT;
    char name[8];
    for (size_t i = 0; i < sizeof nums / sizeof *nums; i++) {
        snprintf(name, sizeof name, "n%zu", i);
        assert_int_equal(ddbc_rt_item_set_n(&it, name, nums[i]), DDBC_RT_OK);
    }
    assert_roundtrip(&it);
    char *json = to_json(&it);
    ddbc_rt_item back;
    assert_int_equal(ddbc_rt_item_from_json(json, strlen(json), &back), DDBC_RT_OK);
    for (size_t i = 0; i < sizeof nums / sizeof *nums; i++) {
        assert_int_equal(back.attrs[i].value.type, DDBC_AV_N);
        assert_string_equal(back.attrs[i].value.u.s.ptr, nums[i]);   /* not normalized */
    }
    free(json);
    ddbc_rt_item_free(&back);
    ddbc_rt_item_free(&it);

    /* a number from the server stays its text */
    const char *in = "{\"a\":{\"N\":\"123456789012345678901234567890.12345678\"}}";
    assert_int_equal(ddbc_rt_item_from_json(in, strlen(in), &back), DDBC_RT_OK);
    assert_string_equal(ddbc_rt_item_get(&back, "a")->u.s.ptr,
                        "123456789012345678901234567890.12345678");
    ddbc_rt_item_free(&back);
}

static void test_binary_all_bytes(void **state)
{
    (void)state;
    unsigned char bytes[256];
    for (int i = 0; i < 256; i++) bytes[i] = (unsigned char)i;
    ddbc_rt_item it = DDBC_RT_ITEM_INIT;
    for (size_t len = 0; len <= 4; len++) {
        char name[8];
        snprintf(name, sizeof name, "b%zu", len);
        assert_int_equal(ddbc_rt_item_set_b(&it, name, bytes + 250, len), DDBC_RT_OK);
    }
    assert_int_equal(ddbc_rt_item_set_b(&it, "all", bytes, sizeof bytes), DDBC_RT_OK);
    assert_roundtrip(&it);
    char *json = to_json(&it);
    ddbc_rt_item back;
    assert_int_equal(ddbc_rt_item_from_json(json, strlen(json), &back), DDBC_RT_OK);
    const ddbc_rt_av *v = ddbc_rt_item_get(&back, "all");
    assert_non_null(v);
    assert_int_equal(v->type, DDBC_AV_B);
    assert_int_equal(v->u.s.len, 256);
    assert_memory_equal(v->u.s.ptr, bytes, 256);
    assert_non_null(strstr(json, "\"b0\":{\"B\":\"\"}"));
    assert_non_null(strstr(json, "\"b1\":{\"B\":\"+g==\"}"));
    free(json);
    ddbc_rt_item_free(&back);
    ddbc_rt_item_free(&it);
}

static void test_bool_null_nested_sets(void **state)
{
    (void)state;
    ddbc_rt_item it = DDBC_RT_ITEM_INIT;
    assert_int_equal(ddbc_rt_item_set_bool(&it, "t", true), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_set_bool(&it, "f", false), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_set_null(&it, "z"), DDBC_RT_OK);

    ddbc_rt_av inner = {.type = DDBC_AV_M, .u.m = DDBC_RT_ITEM_INIT};
    assert_int_equal(ddbc_rt_item_set_s(&inner.u.m, "deep", "x", 1), DDBC_RT_OK);
    ddbc_rt_av lst = av_list(DDBC_AV_L, 4, av_n("1"), av_s("two"), inner,
                             av_list(DDBC_AV_L, 0));
    ddbc_rt_av m = {.type = DDBC_AV_M, .u.m = DDBC_RT_ITEM_INIT};
    assert_int_equal(ddbc_rt_item_put(&m.u.m, "list", &lst), DDBC_RT_OK);
    assert_int_equal(lst.type, DDBC_AV_NULL);
    ddbc_rt_av empty_m = {.type = DDBC_AV_M, .u.m = DDBC_RT_ITEM_INIT};
    assert_int_equal(ddbc_rt_item_put(&m.u.m, "empty", &empty_m), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_put(&it, "m", &m), DDBC_RT_OK);

    ddbc_rt_av ss = av_list(DDBC_AV_SS, 3, av_s("a"), av_s("b\"q"), av_s("\xc3\xa9"));
    ddbc_rt_av ns = av_list(DDBC_AV_NS, 2, av_n("1"), av_n("-2.5e3"));
    ddbc_rt_av bs = av_list(DDBC_AV_BS, 2, av_str(DDBC_AV_B, "\0\1", 2),
                            av_str(DDBC_AV_B, "\xff", 1));
    assert_int_equal(ddbc_rt_item_put(&it, "ss", &ss), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_put(&it, "ns", &ns), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_put(&it, "bs", &bs), DDBC_RT_OK);
    assert_roundtrip(&it);

    char *json = to_json(&it);
    assert_string_equal(json,
        "{\"t\":{\"BOOL\":true},\"f\":{\"BOOL\":false},\"z\":{\"NULL\":true},"
        "\"m\":{\"M\":{\"list\":{\"L\":[{\"N\":\"1\"},{\"S\":\"two\"},"
        "{\"M\":{\"deep\":{\"S\":\"x\"}}},{\"L\":[]}]},\"empty\":{\"M\":{}}}},"
        "\"ss\":{\"SS\":[\"a\",\"b\\\"q\",\"\xc3\xa9\"]},\"ns\":{\"NS\":[\"1\",\"-2.5e3\"]},"
        "\"bs\":{\"BS\":[\"AAE=\",\"/w==\"]}}");
    free(json);

    bool b;
    assert_true(ddbc_rt_item_bool(&it, "t", &b));
    assert_true(b);
    assert_true(ddbc_rt_item_bool(&it, "f", &b));
    assert_false(b);
    assert_false(ddbc_rt_item_bool(&it, "z", &b));

    /* a deep copy is equal and independent */
    ddbc_rt_item copy;
    assert_int_equal(ddbc_rt_item_copy(&copy, &it), DDBC_RT_OK);
    ddbc_rt_av whole = {.type = DDBC_AV_M, .u.m = it};
    ddbc_rt_av whole2 = {.type = DDBC_AV_M, .u.m = copy};
    assert_true(ddbc_rt_av_equal(&whole, &whole2));
    assert_true(ddbc_rt_item_remove(&copy, "ss"));
    whole2.u.m = copy;
    assert_false(ddbc_rt_av_equal(&whole, &whole2));
    ddbc_rt_item_free(&copy);
    ddbc_rt_item_free(&it);
}

/* ---- item operations ------------------------------------------------------------------ */

static void test_set_replaces_in_place(void **state)
{
    (void)state;
    ddbc_rt_item it = DDBC_RT_ITEM_INIT;
    assert_int_equal(ddbc_rt_item_set_s(&it, "a", "1", 1), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_set_s(&it, "b", "2", 1), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_set_s(&it, "c", "3", 1), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_set_i64(&it, "b", 42), DDBC_RT_OK);
    assert_int_equal(it.n, 3);
    assert_string_equal(it.attrs[1].name, "b");
    assert_int_equal(it.attrs[1].value.type, DDBC_AV_N);
    assert_string_equal(it.attrs[1].value.u.s.ptr, "42");
    char *json = to_json(&it);
    assert_string_equal(json, "{\"a\":{\"S\":\"1\"},\"b\":{\"N\":\"42\"},\"c\":{\"S\":\"3\"}}");
    free(json);

    /* remove keeps the others' order */
    assert_true(ddbc_rt_item_remove(&it, "a"));
    assert_false(ddbc_rt_item_remove(&it, "a"));
    assert_int_equal(it.n, 2);
    assert_string_equal(it.attrs[0].name, "b");
    assert_string_equal(it.attrs[1].name, "c");
    assert_null(ddbc_rt_item_get(&it, "a"));

    /* many attributes: growth keeps order and lookups */
    for (int i = 0; i < 100; i++) {
        char name[16];
        snprintf(name, sizeof name, "k%d", i);
        assert_int_equal(ddbc_rt_item_set_i64(&it, name, i), DDBC_RT_OK);
    }
    assert_int_equal(it.n, 102);
    int64_t v;
    assert_true(ddbc_rt_item_i64(&it, "k77", &v));
    assert_int_equal(v, 77);
    ddbc_rt_item_free(&it);
    assert_int_equal(it.n, 0);
    assert_null(it.attrs);
    ddbc_rt_item_free(&it);   /* twice is fine */
    ddbc_rt_item_free(NULL);
    ddbc_rt_av_free(NULL);
    ddbc_rt_items_free(NULL);
}

static void test_typed_numbers(void **state)
{
    (void)state;
    ddbc_rt_item it = DDBC_RT_ITEM_INIT;
    assert_int_equal(ddbc_rt_item_set_i64(&it, "min", INT64_MIN), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_set_i64(&it, "max", INT64_MAX), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_set_i64(&it, "zero", 0), DDBC_RT_OK);
    assert_string_equal(ddbc_rt_item_get(&it, "min")->u.s.ptr, "-9223372036854775808");
    assert_string_equal(ddbc_rt_item_get(&it, "max")->u.s.ptr, "9223372036854775807");
    assert_string_equal(ddbc_rt_item_get(&it, "zero")->u.s.ptr, "0");
    int64_t v;
    assert_true(ddbc_rt_item_i64(&it, "min", &v));
    assert_true(v == INT64_MIN);
    assert_true(ddbc_rt_item_i64(&it, "max", &v));
    assert_true(v == INT64_MAX);

    assert_int_equal(ddbc_rt_item_set_n(&it, "f", "12.0"), DDBC_RT_OK);
    assert_true(ddbc_rt_item_i64(&it, "f", &v));
    assert_int_equal(v, 12);
    assert_int_equal(ddbc_rt_item_set_n(&it, "f", "1.2E1"), DDBC_RT_OK);
    assert_true(ddbc_rt_item_i64(&it, "f", &v));
    assert_int_equal(v, 12);
    assert_int_equal(ddbc_rt_item_set_n(&it, "f", "1.5"), DDBC_RT_OK);
    assert_false(ddbc_rt_item_i64(&it, "f", &v));
    assert_int_equal(ddbc_rt_item_set_n(&it, "f", "9223372036854775808"), DDBC_RT_OK);
    assert_false(ddbc_rt_item_i64(&it, "f", &v));
    assert_int_equal(ddbc_rt_item_set_s(&it, "s", "12", 2), DDBC_RT_OK);
    assert_false(ddbc_rt_item_i64(&it, "s", &v));

    double d;
    const double ds[] = {0.1, -1.0 / 3.0, 1e300, 5e-324, 123456789.125};
    for (size_t i = 0; i < sizeof ds / sizeof *ds; i++) {
        assert_int_equal(ddbc_rt_item_set_double(&it, "d", ds[i]), DDBC_RT_OK);
        assert_true(ddbc_rt_item_double(&it, "d", &d));
        assert_true(d == ds[i]);   /* %.17g round-trips exactly */
    }
    assert_int_equal(ddbc_rt_item_set_double(&it, "d", INFINITY), DDBC_RT_INVALID_ARGUMENT);
    assert_int_equal(ddbc_rt_item_set_double(&it, "d", NAN), DDBC_RT_INVALID_ARGUMENT);
    assert_true(ddbc_rt_item_double(&it, "max", &d));
    assert_true(d == 9223372036854775807.0);
    assert_false(ddbc_rt_item_double(&it, "s", &d));
    ddbc_rt_item_free(&it);
}

static void test_av_equal(void **state)
{
    (void)state;
    ddbc_rt_av a = av_n("1.50"), b = av_n("15e-1"), c = av_n("1.5000000000000000000000000000000000001");
    assert_true(ddbc_rt_av_equal(&a, &b));
    assert_false(ddbc_rt_av_equal(&a, &c));
    ddbc_rt_av z1 = av_n("-0"), z2 = av_n("0.000");
    assert_true(ddbc_rt_av_equal(&z1, &z2));
    /* the same text as S is another value */
    ddbc_rt_av s = av_s("1.50");
    assert_false(ddbc_rt_av_equal(&a, &s));
    /* 38 digits differing in the last: doubles would call these equal */
    ddbc_rt_av big1 = av_n("12345678901234567890123456789012345678");
    ddbc_rt_av big2 = av_n("12345678901234567890123456789012345679");
    assert_false(ddbc_rt_av_equal(&big1, &big2));
    ddbc_rt_av big3 = av_n("1.2345678901234567890123456789012345678E37");
    assert_true(ddbc_rt_av_equal(&big1, &big3));

    ddbc_rt_av s1 = av_list(DDBC_AV_SS, 3, av_s("x"), av_s("y"), av_s("z"));
    ddbc_rt_av s2 = av_list(DDBC_AV_SS, 3, av_s("z"), av_s("x"), av_s("y"));
    ddbc_rt_av s3 = av_list(DDBC_AV_SS, 2, av_s("z"), av_s("x"));
    assert_true(ddbc_rt_av_equal(&s1, &s2));
    assert_false(ddbc_rt_av_equal(&s1, &s3));
    assert_false(ddbc_rt_av_equal(&s3, &s1));
    ddbc_rt_av n1 = av_list(DDBC_AV_NS, 2, av_n("1"), av_n("2.0"));
    ddbc_rt_av n2 = av_list(DDBC_AV_NS, 2, av_n("2"), av_n("1.00"));
    assert_true(ddbc_rt_av_equal(&n1, &n2));
    ddbc_rt_av l1 = av_list(DDBC_AV_L, 2, av_s("x"), av_s("y"));
    ddbc_rt_av l2 = av_list(DDBC_AV_L, 2, av_s("y"), av_s("x"));
    assert_false(ddbc_rt_av_equal(&l1, &l2));   /* lists are ordered */

    ddbc_rt_av m1 = {.type = DDBC_AV_M, .u.m = DDBC_RT_ITEM_INIT};
    ddbc_rt_av m2 = {.type = DDBC_AV_M, .u.m = DDBC_RT_ITEM_INIT};
    assert_int_equal(ddbc_rt_item_set_s(&m1.u.m, "a", "1", 1), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_set_n(&m1.u.m, "b", "2"), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_set_n(&m2.u.m, "b", "2.0"), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_set_s(&m2.u.m, "a", "1", 1), DDBC_RT_OK);
    assert_true(ddbc_rt_av_equal(&m1, &m2));   /* maps are unordered */
    assert_int_equal(ddbc_rt_item_set_s(&m2.u.m, "a", "2", 1), DDBC_RT_OK);
    assert_false(ddbc_rt_av_equal(&m1, &m2));

    ddbc_rt_av b1 = av_str(DDBC_AV_B, "a\0b", 3), b2 = av_str(DDBC_AV_B, "a\0c", 3);
    assert_false(ddbc_rt_av_equal(&b1, &b2));
    ddbc_rt_av t = {.type = DDBC_AV_BOOL, .u.b = true}, f = {.type = DDBC_AV_BOOL, .u.b = false};
    ddbc_rt_av nul = {.type = DDBC_AV_NULL};
    assert_false(ddbc_rt_av_equal(&t, &f));
    assert_true(ddbc_rt_av_equal(&nul, &nul));
    assert_false(ddbc_rt_av_equal(&nul, &f));

    ddbc_rt_av *all[] = {&a, &b, &c, &z1, &z2, &s, &big1, &big2, &big3, &s1, &s2, &s3,
                         &n1, &n2, &l1, &l2, &m1, &m2, &b1, &b2};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
        ddbc_rt_av copy;
        assert_int_equal(ddbc_rt_av_copy(&copy, all[i]), DDBC_RT_OK);
        assert_true(ddbc_rt_av_equal(&copy, all[i]));
        ddbc_rt_av_free(&copy);
        ddbc_rt_av_free(all[i]);
        assert_int_equal(all[i]->type, DDBC_AV_NULL);
    }
}

static void test_items_list(void **state)
{
    (void)state;
    ddbc_rt_items list = DDBC_RT_ITEMS_INIT;
    for (int i = 0; i < 40; i++) {
        ddbc_rt_item it = DDBC_RT_ITEM_INIT;
        assert_int_equal(ddbc_rt_item_set_i64(&it, "i", i), DDBC_RT_OK);
        assert_int_equal(ddbc_rt_items_push(&list, &it), DDBC_RT_OK);
        assert_int_equal(it.n, 0);
        assert_null(it.attrs);
    }
    assert_int_equal(list.n, 40);
    int64_t v;
    assert_true(ddbc_rt_item_i64(&list.v[39], "i", &v));
    assert_int_equal(v, 39);
    ddbc_rt_items_free(&list);
    assert_int_equal(list.n, 0);
    assert_null(list.v);
}

/* ---- malformed DynamoDB JSON ------------------------------------------------------------ */

static void test_malformed_rejected(void **state)
{
    (void)state;
    const char *bad[] = {
        "",                                           /* not JSON */
        "{\"a\":{\"S\":\"x\"}",                       /* truncated */
        "[]",                                         /* not an object */
        "{\"a\":\"x\"}",                              /* value not typed */
        "{\"a\":{}}",                                 /* no type key */
        "{\"a\":{\"S\":\"x\",\"N\":\"1\"}}",          /* two type keys */
        "{\"a\":{\"Q\":\"x\"}}",                      /* unknown type */
        "{\"a\":{\"s\":\"x\"}}",                      /* type keys are case-sensitive */
        "{\"a\":{\"S\":1}}",                          /* S not a string */
        "{\"a\":{\"N\":1}}",                          /* non-string N */
        "{\"a\":{\"N\":1.5}}",
        "{\"a\":{\"B\":\"abc\"}}",                    /* bad base64: length */
        "{\"a\":{\"B\":\"ab=c\"}}",                   /* padding inside */
        "{\"a\":{\"B\":\"Zh==\"}}",                   /* nonzero bits under padding */
        "{\"a\":{\"B\":\"Zm9v\\n\"}}",                /* whitespace */
        "{\"a\":{\"B\":\"Zm-v\"}}",                   /* URL alphabet */
        "{\"a\":{\"B\":true}}",
        "{\"a\":{\"BOOL\":\"true\"}}",                /* BOOL not a boolean */
        "{\"a\":{\"BOOL\":1}}",
        "{\"a\":{\"NULL\":false}}",                   /* NULL is always true */
        "{\"a\":{\"NULL\":null}}",
        "{\"a\":{\"M\":[]}}",                         /* M not an object */
        "{\"a\":{\"M\":{\"b\":\"c\"}}}",              /* M member not typed */
        "{\"a\":{\"L\":{}}}",                         /* L not an array */
        "{\"a\":{\"L\":[\"x\"]}}",                    /* L element not typed */
        "{\"a\":{\"SS\":[1]}}",                       /* SS of a number */
        "{\"a\":{\"SS\":[{\"S\":\"x\"}]}}",           /* set elements are bare */
        "{\"a\":{\"SS\":[]}}",                        /* empty set */
        "{\"a\":{\"NS\":[2]}}",                       /* non-string NS element */
        "{\"a\":{\"BS\":[\"***\"]}}",                 /* bad base64 in BS */
        "{\"a\":{\"SS\":\"x\"}}",
        "{\"a\":{\"S\":\"x\"},\"a\":{\"S\":\"y\"}}",  /* duplicate attribute */
        "{\"a\":{\"S\":\"\xff\"}}",                   /* invalid UTF-8 */
        "{\"a\\u0000b\":{\"S\":\"x\"}}",              /* NUL in a name */
        "{\"a\":{\"S\":\"x\"}} trailing",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        ddbc_rt_item it;
        ddbc_rt_status st = ddbc_rt_item_from_json(bad[i], strlen(bad[i]), &it);
        if (st != DDBC_RT_BAD_RESPONSE) fail_msg("accepted or wrong status %d: %s", st, bad[i]);
        assert_int_equal(it.n, 0);
        assert_null(it.attrs);
    }
    /* a NUL inside an S value is data: its length says so */
    const char *nul = "{\"a\":{\"S\":\"x\\u0000y\"}}";
    ddbc_rt_item it;
    assert_int_equal(ddbc_rt_item_from_json(nul, strlen(nul), &it), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_get(&it, "a")->u.s.len, 3);
    char *json = to_json(&it);
    assert_string_equal(json, "{\"a\":{\"S\":\"x\\u0000y\"}}");
    free(json);
    ddbc_rt_item_free(&it);
}

/* What cJSON lets through and the reader must not (rt_json.c checks it). */
static void test_strict_reader(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "{\"a\":{\"S\":\"x\x01y\"}}",                  /* raw control byte in a string */
        "{\"a\":{\"S\":\"x\"}\x01}",                   /* control byte as "whitespace" */
        "\xef\xbb\xbf{\"a\":{\"S\":\"x\"}}",           /* byte order mark */
        "{\"a\":{\"S\":\"\xc0\xaf\"}}",                /* overlong UTF-8 */
        "{\"a\":{\"S\":\"\xed\xa0\x80\"}}",            /* UTF-8 surrogate */
        "{\"a\":{\"S\":\"\xf4\x90\x80\x80\"}}",        /* past U+10FFFF */
        "{\"a\":{\"S\":\"\\ud800\"}}",                 /* lone surrogate escape */
        "{\"a\":{\"S\":\"\\x\"}}",                     /* unknown escape */
        "{\"a\":{\"M\":{\"b\":{\"S\":\"x\"},\"b\":{\"N\":\"1\"}}}}", /* duplicate in a map */
        "{\"a\":{\"S\":\"x\"},}",                      /* trailing comma */
        "{\"a\":{\"S\":\"x\"}",                        /* unterminated */
        "",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        ddbc_rt_item it;
        ddbc_rt_status st = ddbc_rt_item_from_json(bad[i], strlen(bad[i]), &it);
        if (st != DDBC_RT_BAD_RESPONSE) fail_msg("accepted or wrong status %d: case %zu", st, i);
        assert_int_equal(it.n, 0);
    }
    /* a big item takes the sorting path of the duplicate check: both ways */
    char json[8192];
    size_t n = 0;
    n += (size_t)snprintf(json + n, sizeof json - n, "{");
    for (int i = 0; i < 100; i++)
        n += (size_t)snprintf(json + n, sizeof json - n, "%s\"a%d\":{\"N\":\"%d\"}", i ? "," : "", i, i);
    snprintf(json + n, sizeof json - n, "}");
    ddbc_rt_item it;
    assert_int_equal(ddbc_rt_item_from_json(json, strlen(json), &it), DDBC_RT_OK);
    assert_int_equal(it.n, 100);
    ddbc_rt_item_free(&it);
    snprintf(json + n, sizeof json - n, ",\"a57\":{\"N\":\"0\"}}");
    assert_int_equal(ddbc_rt_item_from_json(json, strlen(json), &it), DDBC_RT_BAD_RESPONSE);
    /* escapes and UTF-8 that are fine; a NUL and a pair in one document */
    const char *ok = "{\"\\u00e9t\xc3\xa9\":{\"SS\":[\"\\ud83d\\ude00\",\"a\\u0000b\",\"\xf0\x9f\x98\x80\"]},"
                     "\"n\":{\"L\":[{\"S\":\"\\u0000\"},{\"NULL\":true}]}}";
    assert_int_equal(ddbc_rt_item_from_json(ok, strlen(ok), &it), DDBC_RT_OK);
    const ddbc_rt_av *ss = ddbc_rt_item_get(&it, "\xc3\xa9t\xc3\xa9");
    assert_non_null(ss);
    assert_int_equal(ss->u.l.n, 3);
    assert_int_equal(ss->u.l.v[0].u.s.len, 4);
    assert_memory_equal(ss->u.l.v[0].u.s.ptr, "\xf0\x9f\x98\x80", 4);
    assert_int_equal(ss->u.l.v[1].u.s.len, 3);
    assert_memory_equal(ss->u.l.v[1].u.s.ptr, "a\0b", 3);
    assert_int_equal(ddbc_rt_item_get(&it, "n")->u.l.v[0].u.s.len, 1);
    ddbc_rt_item_free(&it);
}

/* The _add setters borrow their names: copies borrow them too, frees leave
 * them alone (valgrind/ASan would see a bad free), values are still copied. */
static void test_borrowed_names(void **state)
{
    (void)state;
    ddbc_rt_item it = DDBC_RT_ITEM_INIT;
    char text[] = "hello";
    assert_int_equal(ddbc_rt_item_reserve(&it, 9), DDBC_RT_OK);
    assert_true(it.cap >= 9);
    ddbc_rt_attr *before = it.attrs;
    assert_int_equal(ddbc_rt_item_add_s(&it, "s", text, 5), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_add_n(&it, "n", "1.50"), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_add_i64(&it, "i", INT64_MIN), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_add_double(&it, "d", 0.1), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_add_b(&it, "b", "\0\1", 2), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_add_bool(&it, "t", true), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_add_null(&it, "z"), DDBC_RT_OK);
    ddbc_rt_av m = {DDBC_AV_M, {.m = DDBC_RT_ITEM_INIT}};
    assert_int_equal(ddbc_rt_item_add(&it, "m", &m), DDBC_RT_OK);
    assert_int_equal(m.type, DDBC_AV_NULL);
    assert_int_equal(ddbc_rt_item_set_s(&it, "owned", "x", 1), DDBC_RT_OK);
    assert_ptr_equal(it.attrs, before);           /* reserved: no reallocation */
    text[0] = 'j';                                /* the value was copied */
    assert_string_equal(ddbc_rt_item_get(&it, "s")->u.s.ptr, "hello");
    assert_string_equal(ddbc_rt_item_get(&it, "i")->u.s.ptr, "-9223372036854775808");
    assert_string_equal(ddbc_rt_item_get(&it, "d")->u.s.ptr, "0.1");
    static const char lit[] = "s";
    assert_int_equal(ddbc_rt_item_add_s(&it, lit, "again", 5), DDBC_RT_OK);  /* replaces */
    assert_int_equal(it.n, 9);
    assert_string_equal(ddbc_rt_item_get(&it, "s")->u.s.ptr, "again");
    ddbc_rt_item copy;
    assert_int_equal(ddbc_rt_item_copy(&copy, &it), DDBC_RT_OK);
    assert_true(copy.attrs[0].name_static);
    assert_false(copy.attrs[8].name_static);
    assert_true(ddbc_rt_item_remove(&copy, "n"));
    assert_true(ddbc_rt_item_remove(&copy, "owned"));
    char *json = to_json(&copy);
    assert_string_equal(json, "{\"s\":{\"S\":\"again\"},\"i\":{\"N\":\"-9223372036854775808\"},"
                              "\"d\":{\"N\":\"0.1\"},\"b\":{\"B\":\"AAE=\"},\"t\":{\"BOOL\":true},"
                              "\"z\":{\"NULL\":true},\"m\":{\"M\":{}}}");
    free(json);
    ddbc_rt_item_free(&copy);
    ddbc_rt_item_free(&it);
    assert_int_equal(ddbc_rt_item_add_s(NULL, "a", "b", 1), DDBC_RT_INVALID_ARGUMENT);
    assert_int_equal(ddbc_rt_item_add_s(&it, NULL, "b", 1), DDBC_RT_INVALID_ARGUMENT);
    assert_int_equal(ddbc_rt_item_add_double(&it, "d", 1.0 / 0.0), DDBC_RT_INVALID_ARGUMENT);
    assert_int_equal(ddbc_rt_item_reserve(NULL, 1), DDBC_RT_INVALID_ARGUMENT);
    assert_int_equal(ddbc_rt_item_reserve(&it, SIZE_MAX / 2), DDBC_RT_NO_MEMORY);
    assert_null(it.attrs);
    /* every allocation failing in turn: NO_MEMORY, the item unchanged */
    for (long k = 0;; k++) {
        ddbc_rt_item x = DDBC_RT_ITEM_INIT;
        ddbc_rt_status st = DDBC_RT_OK;
        size_t n_ok = 0;
        fail_countdown = k;
        if ((st = ddbc_rt_item_reserve(&x, 2)) == DDBC_RT_OK) {
            if ((st = ddbc_rt_item_add_s(&x, "a", "b", 1)) == DDBC_RT_OK) n_ok++;
            if (st == DDBC_RT_OK && (st = ddbc_rt_item_add_i64(&x, "c", 7)) == DDBC_RT_OK) n_ok++;
        }
        fail_countdown = -1;
        assert_int_equal(x.n, n_ok);
        ddbc_rt_item_free(&x);
        if (st == DDBC_RT_OK) break;
        assert_int_equal(st, DDBC_RT_NO_MEMORY);
    }
}

/* take_s moves the text out (no copy: the pointer is the item's), leaves
 * the attribute holding NULL; lookups agree with name_len on every path
 * (set, add, copy, JSON) and tell apart names of one length and first byte. */
static void test_take_and_lookup(void **state)
{
    (void)state;
    ddbc_rt_item it = DDBC_RT_ITEM_INIT;
    static const char json[] = "{\"ab\":{\"S\":\"x\\u0000y\"},\"ac\":{\"N\":\"-1.50\"},"
                               "\"a\":{\"BOOL\":true},\"abc\":{\"S\":\"\"}}";
    assert_int_equal(ddbc_rt_item_from_json(json, sizeof json - 1, &it), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_add_s(&it, "lit", "v", 1), DDBC_RT_OK);
    assert_int_equal(ddbc_rt_item_set_s(&it, "owned", "w", 1), DDBC_RT_OK);
    for (size_t i = 0; i < it.n; i++) assert_int_equal(it.attrs[i].name_len, strlen(it.attrs[i].name));
    char ab[] = "ab", ac[] = "ac";            /* not the item's pointers */
    const char *s;
    size_t len;
    assert_true(ddbc_rt_item_s(&it, ab, &s, &len));
    assert_int_equal(len, 3);
    assert_memory_equal(s, "x\0y", 3);
    assert_string_equal(ddbc_rt_item_get(&it, ac)->u.s.ptr, "-1.50");
    assert_int_equal(ddbc_rt_item_get(&it, "abc")->u.s.len, 0);
    assert_null(ddbc_rt_item_get(&it, "ad"));
    assert_null(ddbc_rt_item_get(&it, "b"));
    assert_null(ddbc_rt_item_get(&it, ""));

    ddbc_rt_item copy;
    assert_int_equal(ddbc_rt_item_copy(&copy, &it), DDBC_RT_OK);
    for (size_t i = 0; i < copy.n; i++) assert_int_equal(copy.attrs[i].name_len, it.attrs[i].name_len);

    char *out = NULL;
    const char *was = ddbc_rt_item_get(&it, "ab")->u.s.ptr;
    assert_true(ddbc_rt_item_take_s(&it, ab, &out, &len));
    assert_ptr_equal(out, was);                /* moved, not copied */
    assert_int_equal(len, 3);
    assert_int_equal(ddbc_rt_item_get(&it, "ab")->type, DDBC_AV_NULL);
    assert_int_equal(it.n, 6);                 /* the attribute stays */
    assert_false(ddbc_rt_item_take_s(&it, "ab", &out, &len));   /* nothing left to take */
    free(out);
    assert_true(ddbc_rt_item_take_s(&it, "ac", &out, NULL));      /* N too */
    assert_string_equal(out, "-1.50");
    free(out);
    out = NULL;
    assert_false(ddbc_rt_item_take_s(&it, "a", &out, &len));      /* BOOL: left alone */
    assert_null(out);
    assert_true(ddbc_rt_item_get(&it, "a")->u.b);
    assert_false(ddbc_rt_item_take_s(&it, "nope", &out, &len));
    assert_false(ddbc_rt_item_take_s(NULL, "a", &out, &len));
    assert_false(ddbc_rt_item_take_s(&it, NULL, &out, &len));
    assert_false(ddbc_rt_item_take_s(&it, "lit", NULL, &len));
    assert_true(ddbc_rt_item_take_s(&it, "lit", &out, &len));   /* a borrowed name */
    assert_string_equal(out, "v");
    free(out);
    /* the copy kept its own values */
    assert_string_equal(ddbc_rt_item_get(&copy, "lit")->u.s.ptr, "v");
    assert_memory_equal(ddbc_rt_item_get(&copy, "ab")->u.s.ptr, "x\0y", 3);
    char *back = to_json(&it);
    assert_string_equal(back, "{\"ab\":{\"NULL\":true},\"ac\":{\"NULL\":true},\"a\":{\"BOOL\":true},"
                              "\"abc\":{\"S\":\"\"},\"lit\":{\"NULL\":true},\"owned\":{\"S\":\"w\"}}");
    free(back);
    /* removing keeps the lengths with their names */
    assert_true(ddbc_rt_item_remove(&copy, "ab"));
    for (size_t i = 0; i < copy.n; i++) assert_int_equal(copy.attrs[i].name_len, strlen(copy.attrs[i].name));
    assert_non_null(ddbc_rt_item_get(&copy, "owned"));
    ddbc_rt_item_free(&copy);
    ddbc_rt_item_free(&it);
}

/* ---- base64 ------------------------------------------------------------------------------ */

static void test_base64_rfc4648(void **state)
{
    (void)state;
    static const char *const vec[][2] = {
        {"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},     {"foo", "Zm9v"},
        {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
    };
    for (size_t i = 0; i < sizeof vec / sizeof *vec; i++) {
        rt_buf b = RT_BUF_INIT;
        rt_base64_encode(&b, (const unsigned char *)vec[i][0], strlen(vec[i][0]));
        assert_false(b.failed);
        assert_string_equal(b.ptr ? b.ptr : "", vec[i][1]);
        rt_buf_free(&b);
        unsigned char *out;
        size_t n;
        assert_true(rt_base64_decode(vec[i][1], strlen(vec[i][1]), &out, &n));
        assert_int_equal(n, strlen(vec[i][0]));
        assert_memory_equal(out, vec[i][0], n);
        assert_int_equal(out[n], 0);
        free(out);
    }
    const char *invalid[] = {"Zg=", "Zg", "Z===", "====", "Zh==", "Zm9=", "Zm=v",
                             "Zm9v Zm9v", "Zm9v\r\n", "Zm9vYg=a", "Zm_v", "=Zm9"};
    for (size_t i = 0; i < sizeof invalid / sizeof *invalid; i++) {
        static unsigned char sentinel[] = "sentinel";
        unsigned char *out = sentinel;
        size_t n = 99;
        if (rt_base64_decode(invalid[i], strlen(invalid[i]), &out, &n))
            fail_msg("accepted invalid base64 '%s'", invalid[i]);
        assert_null(out);
    }
    /* every byte value, every length mod 3 */
    unsigned char all[258];
    for (int i = 0; i < 258; i++) all[i] = (unsigned char)(i * 7 + 3);
    for (size_t len = 253; len <= 258; len++) {
        rt_buf b = RT_BUF_INIT;
        rt_base64_encode(&b, all, len);
        unsigned char *out;
        size_t n;
        assert_true(rt_base64_decode(b.ptr, b.len, &out, &n));
        assert_int_equal(n, len);
        assert_memory_equal(out, all, len);
        free(out);
        rt_buf_free(&b);
    }
}

/* ---- buffer and expressions ------------------------------------------------------------- */

static void test_buf(void **state)
{
    (void)state;
    rt_buf b = RT_BUF_INIT;
    rt_buf_puts(&b, "ab");
    rt_buf_putc(&b, 'c');
    rt_buf_printf(&b, "-%d-%s", 42, "x");
    char big[300];
    memset(big, 'y', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    rt_buf_printf(&b, "%s", big);   /* longer than the printf fast path */
    assert_int_equal(b.len, 3 + 5 + 299);
    assert_int_equal(strlen(b.ptr), b.len);
    assert_memory_equal(b.ptr, "abc-42-xyy", 10);
    rt_buf_free(&b);
    assert_null(b.ptr);
    rt_buf_free(&b);

    /* failure is sticky: nothing is appended after it */
    fail_countdown = 0;
    rt_buf_puts(&b, "abc");
    fail_countdown = -1;
    assert_true(b.failed);
    rt_buf_puts(&b, "def");
    rt_buf_json_string(&b, "x", 1);
    rt_buf_printf(&b, "%d", 1);
    assert_true(b.failed);
    assert_int_equal(b.len, 0);
    rt_buf_free(&b);
}

static void test_expr_placeholders(void **state)
{
    (void)state;
    rt_expr e = RT_EXPR_INIT;
    ddbc_rt_av one = av_n("1"), open = av_s("open");
    rt_expr_puts(&e, "SET ");
    rt_expr_name(&e, "count");
    rt_expr_puts(&e, " = ");
    rt_expr_name(&e, "count");
    rt_expr_puts(&e, " + ");
    rt_expr_value(&e, &one);
    rt_expr_puts(&e, ", ");
    rt_expr_name(&e, "status");
    rt_expr_puts(&e, " = ");
    rt_expr_value(&e, &open);
    rt_expr_puts(&e, " WHERE ");
    rt_expr_value(&e, &one);   /* the same value again: a fresh placeholder */
    rt_expr_name(&e, "status");
    assert_false(e.failed);
    assert_string_equal(e.text.ptr, "SET #n0 = #n0 + :v0, #n1 = :v1 WHERE :v2#n1");
    assert_int_equal(e.nnames, 2);
    assert_int_equal(e.nvalues, 3);
    assert_int_equal(e.names.n, 2);
    assert_int_equal(e.values.n, 3);
    const char *s;
    size_t len;
    assert_true(ddbc_rt_item_s(&e.names, "#n0", &s, &len));
    assert_string_equal(s, "count");
    assert_true(ddbc_rt_item_s(&e.names, "#n1", &s, &len));
    assert_string_equal(s, "status");
    assert_true(ddbc_rt_av_equal(ddbc_rt_item_get(&e.values, ":v1"), &open));
    assert_true(ddbc_rt_av_equal(ddbc_rt_item_get(&e.values, ":v2"), &one));
    /* the values are copies */
    ddbc_rt_av_free(&one);
    ddbc_rt_av_free(&open);
    int64_t v;
    assert_true(ddbc_rt_item_i64(&e.values, ":v0", &v));
    assert_int_equal(v, 1);
    rt_expr_free(&e);
    assert_null(e.text.ptr);
    assert_int_equal(e.nnames, 0);
    rt_expr_free(&e);
    rt_expr_free(NULL);

    /* an attribute name that looks like a placeholder is still just a name */
    rt_expr e2 = RT_EXPR_INIT;
    rt_expr_name(&e2, "#n0");
    rt_expr_name(&e2, ":v0");
    rt_expr_name(&e2, "#n0");
    assert_string_equal(e2.text.ptr, "#n0#n1#n0");
    assert_true(ddbc_rt_item_s(&e2.names, "#n0", &s, &len));
    assert_string_equal(s, "#n0");
    rt_expr_free(&e2);
}

/* ---- allocation failures ---------------------------------------------------------------- */

/* The 12-attribute item of the benchmarks, built through every setter. */
static ddbc_rt_status build_sample(ddbc_rt_item *it)
{
    ddbc_rt_status st;
    if ((st = ddbc_rt_item_set_s(it, "PK", "CUSTOMER#42", 11))) return st;
    if ((st = ddbc_rt_item_set_s(it, "SK", "ORDER#2024-01-01#7", 18))) return st;
    if ((st = ddbc_rt_item_set_i64(it, "id", 7))) return st;
    if ((st = ddbc_rt_item_set_n(it, "total", "129.95"))) return st;
    if ((st = ddbc_rt_item_set_double(it, "weight", 2.5))) return st;
    if ((st = ddbc_rt_item_set_bool(it, "paid", true))) return st;
    if ((st = ddbc_rt_item_set_null(it, "note"))) return st;
    if ((st = ddbc_rt_item_set_b(it, "blob", "\x01\x02\x03", 3))) return st;
    ddbc_rt_av m = {.type = DDBC_AV_M, .u.m = DDBC_RT_ITEM_INIT};
    if ((st = ddbc_rt_item_set_s(&m.u.m, "city", "Paris", 5)) ||
        (st = ddbc_rt_item_set_s(&m.u.m, "zip", "75001", 5))) {
        ddbc_rt_av_free(&m);
        return st;
    }
    if ((st = ddbc_rt_item_put(it, "address", &m))) return st;
    ddbc_rt_av tmp = {.type = DDBC_AV_M, .u.m = DDBC_RT_ITEM_INIT};
    if ((st = ddbc_rt_item_set_s(&tmp.u.m, "sku", "A-1", 3))) {
        ddbc_rt_av_free(&tmp);
        return st;
    }
    if ((st = ddbc_rt_item_set(it, "line", &tmp))) {
        ddbc_rt_av_free(&tmp);
        return st;
    }
    ddbc_rt_av_free(&tmp);
    if ((st = ddbc_rt_item_set_s(it, "status", "open", 4))) return st;
    if ((st = ddbc_rt_item_set_s(it, "status", "paid", 4))) return st;   /* replace */
    return ddbc_rt_item_set_s(it, "email", "a@example.com", 13);
}

static void test_allocation_failures(void **state)
{
    (void)state;
    /* building */
    long k = 0;
    for (;; k++) {
        ddbc_rt_item it = DDBC_RT_ITEM_INIT;
        fail_countdown = k;
        ddbc_rt_status st = build_sample(&it);
        fail_countdown = -1;
        ddbc_rt_item_free(&it);
        if (st == DDBC_RT_OK) break;
        assert_int_equal(st, DDBC_RT_NO_MEMORY);
    }
    assert_true(k > 10);

    ddbc_rt_item src = DDBC_RT_ITEM_INIT;
    assert_int_equal(build_sample(&src), DDBC_RT_OK);
    ddbc_rt_av lst = av_list(DDBC_AV_L, 2, av_s("x"), av_list(DDBC_AV_NS, 1, av_n("1")));
    assert_int_equal(ddbc_rt_item_put(&src, "list", &lst), DDBC_RT_OK);

    /* copying */
    for (k = 0;; k++) {
        ddbc_rt_item dst;
        fail_countdown = k;
        ddbc_rt_status st = ddbc_rt_item_copy(&dst, &src);
        fail_countdown = -1;
        if (st == DDBC_RT_OK) {
            ddbc_rt_item_free(&dst);
            break;
        }
        assert_int_equal(st, DDBC_RT_NO_MEMORY);
        assert_int_equal(dst.n, 0);
        assert_null(dst.attrs);
    }
    /* writing JSON */
    for (k = 0;; k++) {
        char *json = NULL;
        fail_countdown = k;
        ddbc_rt_status st = ddbc_rt_item_to_json(&src, &json, NULL);
        fail_countdown = -1;
        if (st == DDBC_RT_OK) {
            /* reading it back */
            for (long r = 0;; r++) {
                ddbc_rt_item back;
                fail_countdown = r;
                ddbc_rt_status st2 = ddbc_rt_item_from_json(json, strlen(json), &back);
                fail_countdown = -1;
                if (st2 == DDBC_RT_OK) {
                    ddbc_rt_item_free(&back);
                    break;
                }
                assert_int_equal(st2, DDBC_RT_NO_MEMORY);
                assert_int_equal(back.n, 0);
            }
            free(json);
            break;
        }
        assert_int_equal(st, DDBC_RT_NO_MEMORY);
        assert_null(json);
    }
    /* expressions */
    for (k = 0;; k++) {
        rt_expr e = RT_EXPR_INIT;
        fail_countdown = k;
        rt_expr_name(&e, "a");
        rt_expr_puts(&e, " = ");
        rt_expr_value(&e, &src.attrs[0].value);
        rt_expr_name(&e, "b");
        rt_expr_value(&e, ddbc_rt_item_get(&src, "address"));
        fail_countdown = -1;
        bool failed = e.failed;
        rt_expr_free(&e);
        if (!failed) break;
    }
    assert_true(k > 3);
    /* a list of items */
    ddbc_rt_items list = DDBC_RT_ITEMS_INIT;
    ddbc_rt_item one = DDBC_RT_ITEM_INIT;
    assert_int_equal(ddbc_rt_item_set_s(&one, "a", "b", 1), DDBC_RT_OK);
    fail_countdown = 0;
    assert_int_equal(ddbc_rt_items_push(&list, &one), DDBC_RT_NO_MEMORY);
    fail_countdown = -1;
    assert_int_equal(one.n, 1);   /* still the caller's */
    ddbc_rt_item_free(&one);
    ddbc_rt_items_free(&list);
    ddbc_rt_item_free(&src);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_string_roundtrip),
        cmocka_unit_test(test_number_kept_verbatim),
        cmocka_unit_test(test_binary_all_bytes),
        cmocka_unit_test(test_bool_null_nested_sets),
        cmocka_unit_test(test_set_replaces_in_place),
        cmocka_unit_test(test_typed_numbers),
        cmocka_unit_test(test_av_equal),
        cmocka_unit_test(test_items_list),
        cmocka_unit_test(test_malformed_rejected),
        cmocka_unit_test(test_strict_reader),
        cmocka_unit_test(test_borrowed_names),
        cmocka_unit_test(test_take_and_lookup),
        cmocka_unit_test(test_base64_rfc4648),
        cmocka_unit_test(test_buf),
        cmocka_unit_test(test_expr_placeholders),
        cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
