/* test_strbuf.c — unit tests for the string builder (strbuf.c).
 *
 * JSON escaping is held to RFC 8259 and to Unicode's "maximal subpart" rule
 * for replacing ill-formed UTF-8, since ir.json must always parse. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

static void json(const char *in, size_t n, const char *want)
{
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    ddbc_strbuf_append_json(&sb, in, n);
    assert_string_equal(ddbc_strbuf_cstr(&sb), want);
    assert_int_equal(sb.len, strlen(want));
    ddbc_strbuf_free(&sb);
}

#define JSON(lit, want) json(lit, sizeof lit - 1, want)
#define FFFD "\xEF\xBF\xBD"

static void empty_buffer(void **state)
{
    (void)state;
    ddbc_strbuf sb;
    ddbc_strbuf_init(&sb);
    assert_null(sb.data);
    assert_string_equal(ddbc_strbuf_cstr(&sb), "");
    size_t len = 99;
    char *s = ddbc_strbuf_take(&sb, &len);
    assert_string_equal(s, "");
    assert_int_equal(len, 0);
    free(s);
    ddbc_strbuf_free(&sb);
    ddbc_strbuf_free(&sb);
}

static void appends(void **state)
{
    (void)state;
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    ddbc_strbuf_puts(&sb, "CUSTOMER");
    ddbc_strbuf_putc(&sb, '#');
    ddbc_strbuf_append(&sb, "12345", 3);
    ddbc_strbuf_printf(&sb, "|%d|%s|", -7, "x");
    ddbc_strbuf_indent(&sb, 3);
    ddbc_strbuf_append(&sb, "", 0);
    assert_string_equal(ddbc_strbuf_cstr(&sb), "CUSTOMER#123|-7|x|   ");
    assert_int_equal(sb.len, 21);

    size_t cap = sb.cap;
    ddbc_strbuf_reset(&sb);
    assert_int_equal(sb.len, 0);
    assert_int_equal(sb.cap, cap);
    assert_string_equal(ddbc_strbuf_cstr(&sb), "");

    ddbc_strbuf_puts(&sb, "abc");
    size_t len;
    char *s = ddbc_strbuf_take(&sb, &len);
    assert_string_equal(s, "abc");
    assert_int_equal(len, 3);
    assert_null(sb.data);
    assert_int_equal(sb.len, 0);
    free(s);
    ddbc_strbuf_free(&sb);
}

static void printf_longer_than_capacity(void **state)
{
    (void)state;
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    ddbc_strbuf_puts(&sb, "x");
    char big[5000];
    memset(big, 'y', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    ddbc_strbuf_printf(&sb, "[%s]%d", big, 42);
    assert_int_equal(sb.len, 1 + 1 + 4999 + 1 + 2);
    assert_int_equal(sb.data[1], '[');
    assert_string_equal(sb.data + sb.len - 3, "]42");
    ddbc_strbuf_free(&sb);
}

static void append_own_contents(void **state)
{
    (void)state;
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    ddbc_strbuf_puts(&sb, "ab");
    for (int i = 0; i < 12; i++) ddbc_strbuf_append(&sb, sb.data, sb.len);
    assert_int_equal(sb.len, 2u << 12);
    for (size_t i = 0; i < sb.len; i++) assert_int_equal(sb.data[i], i % 2 ? 'b' : 'a');
    ddbc_strbuf_free(&sb);
}

static void many_small_appends(void **state)
{
    (void)state;
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    for (int i = 0; i < 1000000; i++) ddbc_strbuf_putc(&sb, (char)('a' + i % 26));
    assert_int_equal(sb.len, 1000000);
    assert_true(sb.cap < 4 * 1000000);
    assert_int_equal(sb.data[999999], 'a' + 999999 % 26);
    assert_int_equal(sb.data[sb.len], '\0');
    ddbc_strbuf_free(&sb);
}

static void json_escapes(void **state)
{
    (void)state;
    JSON("", "\"\"");
    JSON("plain text", "\"plain text\"");
    JSON("say \"hi\"\\", "\"say \\\"hi\\\"\\\\\"");
    JSON("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"");
    JSON("\x01\x1f", "\"\\u0001\\u001f\"");
    JSON("a\0b", "\"a\\u0000b\"");
    JSON("/\x7f", "\"/\x7f\"");            /* solidus and DEL need no escape */
    JSON("caf\xC3\xA9 \xF0\x9F\x98\x80 \xE2\x82\xAC", "\"caf\xC3\xA9 \xF0\x9F\x98\x80 \xE2\x82\xAC\"");
}

static void json_replaces_ill_formed_utf8(void **state)
{
    (void)state;
    JSON("\x80", "\"" FFFD "\"");                       /* stray continuation */
    JSON("a\xFF" "b", "\"a" FFFD "b\"");
    JSON("\xC0\xAF", "\"" FFFD FFFD "\"");              /* overlong '/' */
    JSON("\xED\xA0\x80", "\"" FFFD FFFD FFFD "\"");     /* surrogate U+D800 */
    JSON("\xF4\x90\x80\x80", "\"" FFFD FFFD FFFD FFFD "\""); /* beyond U+10FFFF */
    JSON("\xE2\x82", "\"" FFFD "\"");                   /* cut short: one subpart */
    JSON("\xE2\x82x", "\"" FFFD "x\"");
    JSON("\xF0\x9F\x98", "\"" FFFD "\"");
    JSON("\xF0\x9F\x98\xF0\x9F\x98\x80", "\"" FFFD "\xF0\x9F\x98\x80\"");
}

static void json_str_handles_null(void **state)
{
    (void)state;
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    ddbc_strbuf_json_str(&sb, NULL);
    ddbc_strbuf_putc(&sb, ',');
    ddbc_strbuf_json_str(&sb, "k\"v");
    assert_string_equal(ddbc_strbuf_cstr(&sb), "null,\"k\\\"v\"");
    ddbc_strbuf_free(&sb);
}

static void utf8_len(void **state)
{
    (void)state;
    assert_int_equal(ddbc_utf8_len("a", 1), 1);
    assert_int_equal(ddbc_utf8_len("\xC3\xA9", 2), 2);
    assert_int_equal(ddbc_utf8_len("\xE2\x82\xAC", 3), 3);
    assert_int_equal(ddbc_utf8_len("\xF0\x9F\x98\x80", 4), 4);
    assert_int_equal(ddbc_utf8_len("\xF0\x9F\x98\x80", 3), 0);
    assert_int_equal(ddbc_utf8_len("\x80", 1), 0);
    assert_int_equal(ddbc_utf8_len("\xC1\xBF", 2), 0);
    assert_int_equal(ddbc_utf8_len("\xE0\x80\x80", 3), 0);
    assert_int_equal(ddbc_utf8_len("\xED\xBF\xBF", 3), 0);
    assert_int_equal(ddbc_utf8_len("\xEF\xBF\xBF", 3), 3);
    assert_int_equal(ddbc_utf8_len("\xF4\x8F\xBF\xBF", 4), 4);
    assert_int_equal(ddbc_utf8_len("\xF5\x80\x80\x80", 4), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_buffer),
        cmocka_unit_test(appends),
        cmocka_unit_test(printf_longer_than_capacity),
        cmocka_unit_test(append_own_contents),
        cmocka_unit_test(many_small_appends),
        cmocka_unit_test(json_escapes),
        cmocka_unit_test(json_replaces_ill_formed_utf8),
        cmocka_unit_test(json_str_handles_null),
        cmocka_unit_test(utf8_len),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
