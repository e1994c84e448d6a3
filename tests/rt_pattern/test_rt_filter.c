/* test_rt_filter.c — WHERE conjuncts rendered as DynamoDB expressions and
 * evaluated in memory (runtime/rt_filter.c), no server: SQL's NULL semantics
 * (absent attributes, stored NULLs, NULL arguments, NOT), IN lists and
 * slices past DynamoDB's 100 operands, numbers compared as numbers, LIKE
 * patterns matched in memory. */
#define _POSIX_C_SOURCE 200809L   /* strdup */
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

static ddbc_rt_av text_av(ddbc_rt_kind kind, const char *text)
{
    ddbc_rt_av v;
    assert_int_equal(ddbc_rt_av_from_text(&v, kind, text, strlen(text)), DDBC_RT_OK);
    return v;
}

static ddbc_rt_av null_av(void)
{
    ddbc_rt_av v;
    memset(&v, 0, sizeof v);
    v.type = DDBC_AV_NULL;
    v.u.b = true;
    return v;
}

static const ddbc_rt_operand P0 = {.kind = DDBC_RT_ARG_PARAM, .param = 0, .vkind = DDBC_RT_STRING};
static const ddbc_rt_operand P1 = {.kind = DDBC_RT_ARG_PARAM, .param = 1, .vkind = DDBC_RT_STRING};
static const ddbc_rt_operand N0 = {.kind = DDBC_RT_ARG_PARAM, .param = 0, .vkind = DDBC_RT_NUMBER};
static const ddbc_rt_operand N1 = {.kind = DDBC_RT_ARG_PARAM, .param = 1, .vkind = DDBC_RT_NUMBER};

/* Render and return the expression text (caller frees); *e keeps names/values. */
static char *render(rt_expr *e, const ddbc_rt_filter *f, size_t n, const ddbc_rt_av *args,
                    size_t nargs)
{
    *e = (rt_expr)RT_EXPR_INIT;
    assert_int_equal(rt_filter_render(e, f, n, args, nargs, NULL), DDBC_RT_OK);
    char *s = strdup(e->text.ptr ? e->text.ptr : "");
    assert_non_null(s);
    return s;
}

static void expect_render(const ddbc_rt_filter *f, size_t n, const ddbc_rt_av *args, size_t nargs,
                          const char *want)
{
    rt_expr e;
    char *s = render(&e, f, n, args, nargs);
    assert_string_equal(s, want);
    free(s);
    rt_expr_free(&e);
}

/* Items: status absent, status stored as NULL, and status = value. */
static void item_with(ddbc_rt_item *it, const char *attr, const ddbc_rt_av *v)
{
    *it = (ddbc_rt_item)DDBC_RT_ITEM_INIT;
    assert_int_equal(ddbc_rt_item_set_s(it, "id", "1", 1), DDBC_RT_OK);
    if (v) assert_int_equal(ddbc_rt_item_set(it, attr, v), DDBC_RT_OK);
}

static bool holds_on(const ddbc_rt_filter *f, const char *attr, const ddbc_rt_av *stored,
                     const ddbc_rt_av *args, size_t nargs)
{
    ddbc_rt_item it;
    item_with(&it, attr, stored);
    bool h = rt_filter_holds(f, 1, &it, args, nargs);
    ddbc_rt_item_free(&it);
    return h;
}

static void test_eq_and_null_semantics(void **state)
{
    (void)state;
    ddbc_rt_av args[1] = {text_av(DDBC_RT_STRING, "PAID")};
    ddbc_rt_filter eq = {.attr = "status", .op = DDBC_RT_EQ, .args = &P0, .nargs = 1};
    expect_render(&eq, 1, args, 1, "(#n0 = :v0)");
    ddbc_rt_av paid = text_av(DDBC_RT_STRING, "PAID"), other = text_av(DDBC_RT_STRING, "NEW");
    ddbc_rt_av nul = null_av();
    assert_true(holds_on(&eq, "status", &paid, args, 1));
    assert_false(holds_on(&eq, "status", &other, args, 1));
    assert_false(holds_on(&eq, "status", NULL, args, 1));
    assert_false(holds_on(&eq, "status", &nul, args, 1));

    /* <> must not hold on an absent attribute or a stored NULL */
    ddbc_rt_filter ne = {.attr = "status", .op = DDBC_RT_NE, .args = &P0, .nargs = 1};
    expect_render(&ne, 1, args, 1, "(attribute_type(#n0, :v0) AND #n0 <> :v1)");
    assert_true(holds_on(&ne, "status", &other, args, 1));
    assert_false(holds_on(&ne, "status", &paid, args, 1));
    assert_false(holds_on(&ne, "status", NULL, args, 1));
    assert_false(holds_on(&ne, "status", &nul, args, 1));
    /* NOT (status = v) is the same */
    ddbc_rt_filter neq = {.attr = "status", .op = DDBC_RT_EQ, .negated = true, .args = &P0, .nargs = 1};
    expect_render(&neq, 1, args, 1, "(attribute_type(#n0, :v0) AND #n0 <> :v1)");
    assert_false(holds_on(&neq, "status", NULL, args, 1));

    /* a NULL argument: neither = nor <> nor NOT is ever TRUE */
    ddbc_rt_av nargs1[1] = {null_av()};
    expect_render(&eq, 1, nargs1, 1, "(attribute_exists(#n0) AND attribute_not_exists(#n0))");
    expect_render(&ne, 1, nargs1, 1, "(attribute_exists(#n0) AND attribute_not_exists(#n0))");
    assert_false(holds_on(&eq, "status", &paid, nargs1, 1));
    assert_false(holds_on(&ne, "status", &paid, nargs1, 1));
    assert_false(holds_on(&neq, "status", &paid, nargs1, 1));
    assert_false(holds_on(&eq, "status", NULL, nargs1, 1));

    ddbc_rt_av_free(&paid);
    ddbc_rt_av_free(&other);
    ddbc_rt_av_free(&args[0]);
}

static void test_is_null(void **state)
{
    (void)state;
    ddbc_rt_filter isn = {.attr = "shipped_at", .op = DDBC_RT_IS_NULL};
    ddbc_rt_filter notn = {.attr = "shipped_at", .op = DDBC_RT_IS_NOT_NULL};
    ddbc_rt_filter negn = {.attr = "shipped_at", .op = DDBC_RT_IS_NULL, .negated = true};
    expect_render(&isn, 1, NULL, 0, "(attribute_not_exists(#n0) OR attribute_type(#n0, :v0))");
    expect_render(&notn, 1, NULL, 0, "(attribute_exists(#n0) AND NOT attribute_type(#n0, :v0))");
    expect_render(&negn, 1, NULL, 0, "(attribute_exists(#n0) AND NOT attribute_type(#n0, :v0))");
    ddbc_rt_av ts = text_av(DDBC_RT_STRING, "2026-01-01T00:00:00Z"), nul = null_av();
    assert_true(holds_on(&isn, "shipped_at", NULL, NULL, 0));
    assert_true(holds_on(&isn, "shipped_at", &nul, NULL, 0));
    assert_false(holds_on(&isn, "shipped_at", &ts, NULL, 0));
    assert_false(holds_on(&notn, "shipped_at", NULL, NULL, 0));
    assert_false(holds_on(&notn, "shipped_at", &nul, NULL, 0));
    assert_true(holds_on(&notn, "shipped_at", &ts, NULL, 0));
    assert_true(holds_on(&negn, "shipped_at", &ts, NULL, 0));
    /* the type placeholder is S "NULL" */
    rt_expr e;
    char *s = render(&e, &isn, 1, NULL, 0);
    const char *t;
    size_t len;
    assert_true(ddbc_rt_item_s(&e.values, ":v0", &t, &len));
    assert_string_equal(t, "NULL");
    free(s);
    rt_expr_free(&e);
    ddbc_rt_av_free(&ts);
}

static void test_in_literals_and_slices(void **state)
{
    (void)state;
    static const ddbc_rt_operand lits[] = {
        {.kind = DDBC_RT_ARG_LITERAL, .literal = "PENDING", .vkind = DDBC_RT_STRING},
        {.kind = DDBC_RT_ARG_LITERAL, .literal = "PAID", .vkind = DDBC_RT_STRING},
    };
    ddbc_rt_filter in = {.attr = "status", .op = DDBC_RT_IN, .args = lits, .nargs = 2};
    expect_render(&in, 1, NULL, 0, "(#n0 IN (:v0, :v1))");
    ddbc_rt_av paid = text_av(DDBC_RT_STRING, "PAID"), shipped = text_av(DDBC_RT_STRING, "SHIPPED");
    assert_true(holds_on(&in, "status", &paid, NULL, 0));
    assert_false(holds_on(&in, "status", &shipped, NULL, 0));
    assert_false(holds_on(&in, "status", NULL, NULL, 0));
    ddbc_rt_filter nin = {.attr = "status", .op = DDBC_RT_IN, .negated = true, .args = lits, .nargs = 2};
    expect_render(&nin, 1, NULL, 0,
                  "(attribute_exists(#n0) AND NOT attribute_type(#n0, :v0) AND NOT (#n0 IN (:v1, :v2)))");
    assert_true(holds_on(&nin, "status", &shipped, NULL, 0));
    assert_false(holds_on(&nin, "status", &paid, NULL, 0));
    assert_false(holds_on(&nin, "status", NULL, NULL, 0));

    /* a slice of 250 numbers: three IN (…) of at most 100, ORed */
    ddbc_rt_av slice = {.type = DDBC_AV_L};
    slice.u.l.v = calloc(250, sizeof *slice.u.l.v);
    assert_non_null(slice.u.l.v);
    slice.u.l.n = slice.u.l.cap = 250;
    char buf[16];
    for (int i = 0; i < 250; i++) {
        snprintf(buf, sizeof buf, "%d", i * 10);
        slice.u.l.v[i] = text_av(DDBC_RT_NUMBER, buf);
    }
    ddbc_rt_filter big = {.attr = "qty", .op = DDBC_RT_IN, .args = &N0, .nargs = 1};
    rt_expr e;
    char *s = render(&e, &big, 1, &slice, 1);
    assert_int_equal(e.nvalues, 250);
    assert_non_null(strstr(s, ":v99) OR #n0 IN (:v100,"));
    assert_non_null(strstr(s, ":v199) OR #n0 IN (:v200,"));
    assert_null(strstr(s, ":v299"));
    free(s);
    rt_expr_free(&e);
    ddbc_rt_av q = text_av(DDBC_RT_NUMBER, "2490"), q2 = text_av(DDBC_RT_NUMBER, "2491"),
               q3 = text_av(DDBC_RT_NUMBER, "2.49e3");
    assert_true(holds_on(&big, "qty", &q, &slice, 1));
    assert_true(holds_on(&big, "qty", &q3, &slice, 1));   /* the same number */
    assert_false(holds_on(&big, "qty", &q2, &slice, 1));

    /* an empty slice: IN is never TRUE, NOT IN holds for every non-NULL value */
    ddbc_rt_av empty = {.type = DDBC_AV_L};
    expect_render(&big, 1, &empty, 1, "(attribute_exists(#n0) AND attribute_not_exists(#n0))");
    assert_false(holds_on(&big, "qty", &q, &empty, 1));
    ddbc_rt_filter nbig = {.attr = "qty", .op = DDBC_RT_IN, .negated = true, .args = &N0, .nargs = 1};
    expect_render(&nbig, 1, &empty, 1, "(attribute_exists(#n0) AND NOT attribute_type(#n0, :v0))");
    assert_true(holds_on(&nbig, "qty", &q, &empty, 1));
    assert_false(holds_on(&nbig, "qty", NULL, &empty, 1));

    /* NULL in the list: IN ignores it, NOT IN is never TRUE */
    ddbc_rt_av withnull[2] = {text_av(DDBC_RT_STRING, "PAID"), null_av()};
    static const ddbc_rt_operand two[] = {
        {.kind = DDBC_RT_ARG_PARAM, .param = 0}, {.kind = DDBC_RT_ARG_PARAM, .param = 1}};
    ddbc_rt_filter in2 = {.attr = "status", .op = DDBC_RT_IN, .args = two, .nargs = 2};
    ddbc_rt_filter nin2 = {.attr = "status", .op = DDBC_RT_IN, .negated = true, .args = two, .nargs = 2};
    expect_render(&in2, 1, withnull, 2, "(#n0 IN (:v0))");
    expect_render(&nin2, 1, withnull, 2, "(attribute_exists(#n0) AND attribute_not_exists(#n0))");
    assert_true(holds_on(&in2, "status", &paid, withnull, 2));
    assert_false(holds_on(&nin2, "status", &shipped, withnull, 2));

    ddbc_rt_av_free(&withnull[0]);
    ddbc_rt_av_free(&q);
    ddbc_rt_av_free(&q2);
    ddbc_rt_av_free(&q3);
    ddbc_rt_av_free(&slice);
    ddbc_rt_av_free(&paid);
    ddbc_rt_av_free(&shipped);
}

static void test_ranges_numbers_prefixes(void **state)
{
    (void)state;
    static const ddbc_rt_operand lohi[] = {
        {.kind = DDBC_RT_ARG_PARAM, .param = 0, .vkind = DDBC_RT_NUMBER},
        {.kind = DDBC_RT_ARG_PARAM, .param = 1, .vkind = DDBC_RT_NUMBER}};
    ddbc_rt_av args[2] = {text_av(DDBC_RT_NUMBER, "9.5"), text_av(DDBC_RT_NUMBER, "100")};
    ddbc_rt_filter bt = {.attr = "total", .op = DDBC_RT_BETWEEN, .args = lohi, .nargs = 2};
    expect_render(&bt, 1, args, 2, "(#n0 >= :v0 AND #n0 <= :v1)");
    ddbc_rt_av ten = text_av(DDBC_RT_NUMBER, "10"), nine = text_av(DDBC_RT_NUMBER, "9"),
               neg = text_av(DDBC_RT_NUMBER, "-200"), big = text_av(DDBC_RT_NUMBER, "1e3");
    assert_true(holds_on(&bt, "total", &ten, args, 2));     /* not "10" < "9.5" as text */
    assert_false(holds_on(&bt, "total", &nine, args, 2));
    assert_false(holds_on(&bt, "total", NULL, args, 2));
    ddbc_rt_filter nbt = {.attr = "total", .op = DDBC_RT_BETWEEN, .negated = true, .args = lohi, .nargs = 2};
    expect_render(&nbt, 1, args, 2, "(#n0 < :v0 OR #n0 > :v1)");
    assert_true(holds_on(&nbt, "total", &neg, args, 2));
    assert_true(holds_on(&nbt, "total", &big, args, 2));
    assert_false(holds_on(&nbt, "total", &ten, args, 2));
    assert_false(holds_on(&nbt, "total", NULL, args, 2));
    /* NOT BETWEEN NULL AND 100: only "> 100" can be TRUE */
    ddbc_rt_av half[2] = {null_av(), text_av(DDBC_RT_NUMBER, "100")};
    expect_render(&nbt, 1, half, 2, "(#n0 > :v0)");
    assert_true(holds_on(&nbt, "total", &big, half, 2));
    assert_false(holds_on(&nbt, "total", &neg, half, 2));
    assert_false(holds_on(&bt, "total", &ten, half, 2));

    ddbc_rt_filter lt = {.attr = "total", .op = DDBC_RT_LT, .args = &N1, .nargs = 1};
    expect_render(&lt, 1, args, 2, "(#n0 < :v0)");
    assert_true(holds_on(&lt, "total", &neg, args, 2));
    assert_false(holds_on(&lt, "total", &big, args, 2));
    ddbc_rt_filter nlt = {.attr = "total", .op = DDBC_RT_LT, .negated = true, .args = &N1, .nargs = 1};
    expect_render(&nlt, 1, args, 2, "(#n0 >= :v0)");
    assert_false(holds_on(&nlt, "total", NULL, args, 2));

    ddbc_rt_av pre[1] = {text_av(DDBC_RT_STRING, "EU-")};
    ddbc_rt_filter bw = {.attr = "warehouse", .op = DDBC_RT_BEGINS_WITH, .args = &P0, .nargs = 1};
    ddbc_rt_filter nbw = {.attr = "warehouse", .op = DDBC_RT_BEGINS_WITH, .negated = true, .args = &P0, .nargs = 1};
    expect_render(&bw, 1, pre, 1, "(begins_with(#n0, :v0))");
    expect_render(&nbw, 1, pre, 1, "(attribute_type(#n0, :v0) AND NOT begins_with(#n0, :v1))");
    ddbc_rt_av eu = text_av(DDBC_RT_STRING, "EU-WEST"), us = text_av(DDBC_RT_STRING, "US-EAST");
    assert_true(holds_on(&bw, "warehouse", &eu, pre, 1));
    assert_false(holds_on(&bw, "warehouse", &us, pre, 1));
    assert_true(holds_on(&nbw, "warehouse", &us, pre, 1));
    assert_false(holds_on(&nbw, "warehouse", NULL, pre, 1));

    /* several conjuncts, names shared */
    ddbc_rt_filter both[2] = {bt, {.attr = "total", .op = DDBC_RT_IS_NOT_NULL}};
    expect_render(both, 2, args, 2,
                  "(#n0 >= :v0 AND #n0 <= :v1) AND (attribute_exists(#n0) AND NOT attribute_type(#n0, :v2))");

    for (int i = 0; i < 2; i++) ddbc_rt_av_free(&args[i]);
    ddbc_rt_av_free(&half[1]);
    ddbc_rt_av_free(&pre[0]);
    ddbc_rt_av_free(&ten);
    ddbc_rt_av_free(&nine);
    ddbc_rt_av_free(&neg);
    ddbc_rt_av_free(&big);
    ddbc_rt_av_free(&eu);
    ddbc_rt_av_free(&us);
}

/* LIKE / NOT LIKE in memory: PostgreSQL's rules ('%', '_' one character,
 * a backslash escapes, case-sensitive), and neither is TRUE on a NULL side. */
static void test_like(void **state)
{
    (void)state;
    static const struct {
        const char *text, *pattern;
        int match;   /* 1, 0, or -1: a malformed pattern, neither LIKE nor NOT LIKE */
    } cases[] = {
        {"hello", "hello", 1},     {"hello", "h_llo", 1},     {"hello", "h%", 1},
        {"hello", "%lo", 1},       {"hello", "%", 1},         {"", "%", 1},
        {"", "", 1},               {"hello", "", 0},          {"hello", "Hello", 0},
        {"hello", "h_lo", 0},      {"hello", "%l_", 1},       {"hello", "%x%", 0},
        {"a%b", "a\\%b", 1},       {"axb", "a\\%b", 0},       {"a_b", "a\\_b", 1},
        {"axb", "a\\_b", 0},       {"a\\b", "a\\\\b", 1},     {"hello", "hello\\", -1},
        {"x", "\\", -1},           {"\xc3\xa9", "_", 1},       {"a\xc3\xa9" "b", "a_b", 1},
        {"a\xc3\xa9" "b", "a__b", 0}, {"abcabd", "%ab_", 1},    {"aaa", "%a%a%a%", 1},
        {"aa", "%a%a%a%", 0},      {"mississippi", "%iss%ppi", 1},
    };
    ddbc_rt_filter like = {.attr = "name", .op = DDBC_RT_LIKE, .args = &P0, .nargs = 1};
    ddbc_rt_filter not_like = {.attr = "name", .op = DDBC_RT_LIKE, .negated = true, .args = &P0, .nargs = 1};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        ddbc_rt_av pat = text_av(DDBC_RT_STRING, cases[i].pattern);
        ddbc_rt_av val = text_av(DDBC_RT_STRING, cases[i].text);
        bool l = holds_on(&like, "name", &val, &pat, 1), nl = holds_on(&not_like, "name", &val, &pat, 1);
        if (l != (cases[i].match == 1) || nl != (cases[i].match == 0))
            fail_msg("'%s' LIKE '%s': LIKE %d, NOT LIKE %d", cases[i].text, cases[i].pattern, l, nl);
        /* a NULL or absent value, or a NULL pattern: neither */
        ddbc_rt_av nul = null_av();
        assert_false(holds_on(&like, "name", NULL, &pat, 1));
        assert_false(holds_on(&not_like, "name", NULL, &pat, 1));
        assert_false(holds_on(&not_like, "name", &nul, &pat, 1));
        assert_false(holds_on(&like, "name", &val, &nul, 1));
        assert_false(holds_on(&not_like, "name", &val, &nul, 1));
        ddbc_rt_av_free(&pat);
        ddbc_rt_av_free(&val);
    }
    /* a number is not text: no match either way */
    ddbc_rt_av pat = text_av(DDBC_RT_STRING, "1%"), num = text_av(DDBC_RT_NUMBER, "12");
    assert_false(holds_on(&like, "name", &num, &pat, 1));
    assert_false(holds_on(&not_like, "name", &num, &pat, 1));
    /* no expression function matches a pattern: rendering refuses, callers filter in memory */
    rt_expr e = RT_EXPR_INIT;
    assert_int_equal(rt_filter_render(&e, &not_like, 1, &pat, 1, NULL), DDBC_RT_INVALID_ARGUMENT);
    rt_expr_free(&e);
    ddbc_rt_av_free(&pat);
    ddbc_rt_av_free(&num);
}

static void test_operand_values(void **state)
{
    (void)state;
    ddbc_rt_av args[1] = {text_av(DDBC_RT_STRING, "a")};
    ddbc_rt_av out;
    assert_int_equal(rt_operand_value(&P1, args, 1, NULL, NULL, &out), DDBC_RT_INVALID_ARGUMENT);
    ddbc_rt_av_free(&out);
    assert_int_equal(rt_operand_value(&P0, args, 1, NULL, NULL, &out), DDBC_RT_OK);
    assert_int_equal(out.type, DDBC_AV_S);
    assert_string_equal(out.u.s.ptr, "a");
    ddbc_rt_av_free(&out);

    ddbc_rt_operand lit = {.kind = DDBC_RT_ARG_LITERAL, .literal = "42", .vkind = DDBC_RT_NUMBER};
    assert_int_equal(rt_operand_value(&lit, NULL, 0, NULL, NULL, &out), DDBC_RT_OK);
    assert_int_equal(out.type, DDBC_AV_N);
    assert_string_equal(out.u.s.ptr, "42");
    ddbc_rt_av_free(&out);
    lit.literal = NULL;
    assert_int_equal(rt_operand_value(&lit, NULL, 0, NULL, NULL, &out), DDBC_RT_OK);
    assert_int_equal(out.type, DDBC_AV_NULL);

    ddbc_rt_item items[2] = {DDBC_RT_ITEM_INIT, DDBC_RT_ITEM_INIT};
    assert_int_equal(ddbc_rt_item_set_s(&items[1], "product_id", "p9", 2), DDBC_RT_OK);
    ddbc_rt_row row = {items, 2};
    ddbc_rt_operand attr = {.kind = DDBC_RT_ARG_ATTR, .binding = 1, .attr = "product_id"};
    assert_int_equal(rt_operand_value(&attr, NULL, 0, &row, NULL, &out), DDBC_RT_OK);
    assert_string_equal(out.u.s.ptr, "p9");
    ddbc_rt_av_free(&out);
    attr.attr = "missing";
    assert_int_equal(rt_operand_value(&attr, NULL, 0, &row, NULL, &out), DDBC_RT_OK);
    assert_int_equal(out.type, DDBC_AV_NULL);
    attr.binding = 2;
    assert_int_equal(rt_operand_value(&attr, NULL, 0, &row, NULL, &out), DDBC_RT_INVALID_ARGUMENT);
    ddbc_rt_av_free(&out);

    ddbc_rt_operand fan = {.kind = DDBC_RT_ARG_FAN_OUT};
    assert_int_equal(rt_operand_value(&fan, NULL, 0, NULL, &args[0], &out), DDBC_RT_OK);
    assert_string_equal(out.u.s.ptr, "a");
    ddbc_rt_av_free(&out);
    assert_int_equal(rt_operand_value(&fan, NULL, 0, NULL, NULL, &out), DDBC_RT_INVALID_ARGUMENT);
    ddbc_rt_av_free(&out);

    ddbc_rt_item_free(&items[1]);
    ddbc_rt_av_free(&args[0]);
}

/* Every allocation failing in turn: NO_MEMORY, nothing leaked (ASan/valgrind). */
static void test_no_memory(void **state)
{
    (void)state;
    ddbc_rt_av slice = {.type = DDBC_AV_L};
    slice.u.l.v = calloc(150, sizeof *slice.u.l.v);
    assert_non_null(slice.u.l.v);
    slice.u.l.n = slice.u.l.cap = 150;
    char buf[16];
    for (int i = 0; i < 150; i++) {
        snprintf(buf, sizeof buf, "s%d", i);
        slice.u.l.v[i] = text_av(DDBC_RT_STRING, buf);
    }
    ddbc_rt_filter f[] = {
        {.attr = "status", .op = DDBC_RT_IN, .negated = true, .args = &P0, .nargs = 1},
        {.attr = "shipped_at", .op = DDBC_RT_IS_NULL},
        {.attr = "status", .op = DDBC_RT_BEGINS_WITH, .negated = true, .args = &P0, .nargs = 1},
    };
    ddbc_rt_av one = text_av(DDBC_RT_STRING, "zz");
    bool done = false;
    for (long n = 0; !done; n++) {
        rt_expr e = RT_EXPR_INIT;
        fail_countdown = n;
        ddbc_rt_status st = rt_filter_render(&e, f, 3, &slice, 1, NULL);
        ddbc_rt_av v;
        ddbc_rt_status st2 = rt_operand_value(&P0, &slice, 1, NULL, NULL, &v);
        ddbc_rt_item it = DDBC_RT_ITEM_INIT;
        bool h = ddbc_rt_item_set(&it, "status", &one) == DDBC_RT_OK &&
                 rt_filter_holds(&f[0], 1, &it, &slice, 1);
        done = fail_countdown > 0;
        fail_countdown = -1;
        assert_true(st == DDBC_RT_OK || st == DDBC_RT_NO_MEMORY);
        assert_true(st2 == DDBC_RT_OK || st2 == DDBC_RT_NO_MEMORY);
        if (done) {
            assert_int_equal(st, DDBC_RT_OK);
            assert_int_equal(e.nvalues, 150 + 4);   /* the list, two type names, the prefix */
            assert_true(h);   /* "zz" NOT IN (s0 … s149) */
        }
        ddbc_rt_av_free(&v);
        ddbc_rt_item_free(&it);
        rt_expr_free(&e);
        assert_true(n < 100000);
    }
    ddbc_rt_av_free(&one);
    ddbc_rt_av_free(&slice);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_eq_and_null_semantics),
        cmocka_unit_test(test_is_null),
        cmocka_unit_test(test_in_literals_and_slices),
        cmocka_unit_test(test_ranges_numbers_prefixes),
        cmocka_unit_test(test_like),
        cmocka_unit_test(test_operand_values),
        cmocka_unit_test(test_no_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
