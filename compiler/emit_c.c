/* emit_c.c — the `c` backend: c/<prefix>.h and c/<prefix>.c, the design as
 * `static const` descriptors of include/ddbc/rt_schema.h plus thin typed
 * wrappers (a struct and put/get/update/delete per entity, a function per
 * served access pattern, reflection thunks) that call the runtime's engine.
 *
 * Nothing user-supplied is ever spliced into an expression: descriptors carry
 * attribute names and operand positions, and the runtime renders
 * placeholders.  Every name is derived deterministically (declaration order)
 * and made collision-free; every string literal is escaped. */
#include "emit_c.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compiler.h"
#include "plan.h"

typedef DDBC_VEC(const char *) name_list;

/* ---- identifiers ------------------------------------------------------------------ */

/* C and C++ keywords, and macros <ddbc/rt_schema.h> and the generated .c pull
 * in (stdbool, stddef, stdint, stdlib, string): a field or parameter with one
 * of these names gets a trailing '_'. */
static const char *const reserved[] = {
    "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else",
    "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long", "register",
    "restrict", "return", "short", "signed", "sizeof", "static", "struct", "switch", "typedef",
    "union", "unsigned", "void", "volatile", "while", "asm", "bool", "true", "false", "NULL",
    "offsetof", "errno", "alignas", "alignof", "noreturn", "static_assert", "thread_local",
    "complex", "imaginary", "and", "or", "not", "xor", "class", "delete", "new", "private",
    "protected", "public", "template", "this", "throw", "try", "catch", "namespace", "using",
    "virtual", "friend", "operator", "typename", "explicit", "mutable", "nullptr", "export",
    "assert", "EXIT_SUCCESS", "EXIT_FAILURE", "RAND_MAX", "MB_CUR_MAX", "size_t", "int64_t",
    "uint64_t", "int32_t", "ptrdiff_t", "wchar_t", "main",
};

static bool is_reserved(const char *s)
{
    for (size_t i = 0; i < sizeof reserved / sizeof *reserved; i++)
        if (!strcmp(reserved[i], s)) return true;
    /* _Bool, __x, and INT64_MAX-style macro names */
    if (s[0] == '_' && (s[1] == '_' || isupper((unsigned char)s[1]))) return true;
    if (!strncmp(s, "ddbc_", 5) || !strncmp(s, "DDBC_", 5)) return true;
    return false;
}

/* A C identifier from any name: characters outside [A-Za-z0-9_] become '_',
 * runs of '_' collapse, a leading digit or underscore gets an 'x' in front;
 * `lower` also lower-cases and splits camelCase ("ListOrders" → "list_orders"). */
static char *identifier(ddbc_arena *arena, const char *name, bool lower)
{
    size_t n = strlen(name);
    char *out = ddbc_arena_alloc(arena, 2 * n + 3);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)name[i];
        if (lower && isupper(ch) && i > 0) {
            unsigned char prev = (unsigned char)name[i - 1];
            unsigned char next = i + 1 < n ? (unsigned char)name[i + 1] : 0;
            if (islower(prev) || isdigit(prev) || (isupper(prev) && islower(next)))
                if (k && out[k - 1] != '_') out[k++] = '_';
        }
        char c = (char)ch;
        if (!(isalnum(ch) && ch < 0x80)) c = '_';
        else if (lower) c = (char)tolower(ch);
        if (c == '_' && k && out[k - 1] == '_') continue;
        out[k++] = c;
    }
    while (k && out[k - 1] == '_') k--;
    out[k] = '\0';
    if (!k) return ddbc_arena_strdup(arena, "x");
    if (isdigit((unsigned char)out[0]) || out[0] == '_') return ddbc_arena_printf(arena, "x%s", out);
    return out;
}

/* A member or parameter name: the identifier, '_' appended while it is
 * reserved or already used in the same scope. */
static const char *member_name(ddbc_arena *arena, name_list *scope, const char *name)
{
    char *s = identifier(arena, name, false);
    for (;;) {
        bool used = is_reserved(s);
        for (size_t i = 0; i < scope->n && !used; i++) used = !strcmp(scope->v[i], s);
        if (!used) break;
        s = ddbc_arena_printf(arena, "%s_", s);
    }
    DDBC_VEC_PUSH(arena, *scope, s);
    return s;
}

static bool ends(const char *s, size_t n, const char *suffix)
{
    size_t m = strlen(suffix);
    return n >= m && !memcmp(s + n - m, suffix, m);
}

/* The singular of a snake_case table name: its last word made singular
 * (customers → customer, categories → category, addresses → address,
 * statuses → status, boxes → box, people → person); names that do not look
 * plural (inventory, staff, status) stay as they are. */
static const char *singular(ddbc_arena *arena, const char *name)
{
    static const char *const irregular[][2] = {
        {"people", "person"}, {"children", "child"}, {"men", "man"}, {"women", "woman"},
        {"mice", "mouse"}, {"geese", "goose"}, {"teeth", "tooth"}, {"feet", "foot"},
        {"data", "data"}, {"media", "media"}, {"criteria", "criterion"}, {"indices", "index"},
        {"matrices", "matrix"}, {"vertices", "vertex"}, {"news", "news"}, {"series", "series"},
        {"species", "species"},
    };
    size_t n = strlen(name);
    const char *word = strrchr(name, '_');
    word = word ? word + 1 : name;
    size_t stem = (size_t)(word - name);
    for (size_t i = 0; i < sizeof irregular / sizeof *irregular; i++)
        if (!strcmp(word, irregular[i][0]))
            return ddbc_arena_printf(arena, "%.*s%s", (int)stem, name, irregular[i][1]);
    size_t w = n - stem;
    if (w > 3 && ends(name, n, "ies")) return ddbc_arena_printf(arena, "%.*sy", (int)(n - 3), name);
    if (w > 4 && (ends(name, n, "sses") || ends(name, n, "xes") || ends(name, n, "ches") ||
                  ends(name, n, "shes") || ends(name, n, "zzes") || ends(name, n, "uses")))
        return ddbc_arena_strndup(arena, name, n - 2);
    if (w > 1 && ends(name, n, "s") && !ends(name, n, "ss") && !ends(name, n, "us") &&
        !ends(name, n, "is"))
        return ddbc_arena_strndup(arena, name, n - 1);
    return name;
}

static char *upper(ddbc_arena *arena, const char *s)
{
    char *u = ddbc_arena_strdup(arena, s);
    for (char *p = u; *p; p++) *p = (char)toupper((unsigned char)*p);
    return u;
}

/* ---- text ------------------------------------------------------------------------- */

/* A C string literal: quotes, backslashes and control bytes escaped, bytes
 * outside ASCII as octal escapes (so the file is ASCII whatever the input),
 * and '?' after '?' escaped so no trigraph forms. */
static void c_string_n(ddbc_strbuf *sb, const char *s, size_t n)
{
    ddbc_strbuf_putc(sb, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        switch (ch) {
        case '"': ddbc_strbuf_puts(sb, "\\\""); break;
        case '\\': ddbc_strbuf_puts(sb, "\\\\"); break;
        case '\n': ddbc_strbuf_puts(sb, "\\n"); break;
        case '\t': ddbc_strbuf_puts(sb, "\\t"); break;
        case '\r': ddbc_strbuf_puts(sb, "\\r"); break;
        case '?':
            ddbc_strbuf_puts(sb, i && s[i - 1] == '?' ? "\\?" : "?");
            break;
        default:
            if (ch < 0x20 || ch >= 0x7f) ddbc_strbuf_printf(sb, "\\%03o", ch);
            else ddbc_strbuf_putc(sb, (char)ch);
        }
    }
    ddbc_strbuf_putc(sb, '"');
}

static void c_string(ddbc_strbuf *sb, const char *s)
{
    if (!s) ddbc_strbuf_puts(sb, "NULL");
    else c_string_n(sb, s, strlen(s));
}

/* Text inside a block comment: "*" "/" broken apart, control bytes dropped. */
static void comment_text(ddbc_strbuf *sb, const char *s);

/* `s` made safe inside a block comment, as an arena string. */
static const char *cmt(ddbc_arena *arena, const char *s)
{
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    comment_text(&sb, s);
    const char *r = ddbc_arena_strdup(arena, ddbc_strbuf_cstr(&sb));
    ddbc_strbuf_free(&sb);
    return r;
}

static void comment_text(ddbc_strbuf *sb, const char *s)
{
    for (size_t i = 0; s && s[i]; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '*' && s[i + 1] == '/') ddbc_strbuf_puts(sb, "* ");
        else if (ch == '/' && s[i + 1] == '*') ddbc_strbuf_puts(sb, "/ ");
        else if (ch == '?' && s[i + 1] == '?') ddbc_strbuf_puts(sb, "? ");
        else if (ch >= 0x20 && ch != 0x7f) ddbc_strbuf_putc(sb, (char)ch);
        else ddbc_strbuf_putc(sb, ' ');
    }
}

/* ---- values ---------------------------------------------------------------------- */

/* How a column or parameter is held in C. */
typedef enum vkind { VK_STR, VK_DEC, VK_I64, VK_F64, VK_BOOL, VK_BIN } vkind;

static vkind value_kind(ddbc_type_class cls)
{
    switch (cls) {
    case DDBC_T_INTEGER: return VK_I64;
    case DDBC_T_DECIMAL: return VK_DEC;
    case DDBC_T_FLOAT: return VK_F64;
    case DDBC_T_BOOL: return VK_BOOL;
    case DDBC_T_BINARY: return VK_BIN;
    default: return VK_STR;
    }
}

static bool is_pointer(vkind k) { return k == VK_STR || k == VK_DEC || k == VK_BIN; }

static const char *rt_kind(ddbc_type_class cls)
{
    switch (value_kind(cls)) {
    case VK_DEC: case VK_I64: case VK_F64: return "DDBC_RT_NUMBER";
    case VK_BOOL: return "DDBC_RT_BOOL";
    case VK_BIN: return "DDBC_RT_BINARY";
    default: return "DDBC_RT_STRING";
    }
}

/* As samples.c encodes key parts, so the runtime builds the same keys. */
static const char *keyenc_name(ddbc_type_class cls)
{
    switch (cls) {
    case DDBC_T_INTEGER: case DDBC_T_DECIMAL: case DDBC_T_FLOAT: return "DDBC_KEYENC_NUMBER";
    case DDBC_T_TIMESTAMP: return "DDBC_KEYENC_TIMESTAMP";
    case DDBC_T_DATE: return "DDBC_KEYENC_DATE";
    case DDBC_T_BOOL: return "DDBC_KEYENC_BOOL";
    case DDBC_T_BINARY: return "DDBC_KEYENC_BINARY";
    default: return "DDBC_KEYENC_STRING";
    }
}

/* The C type of a struct field (binary adds a length member). */
static const char *field_type(vkind k)
{
    switch (k) {
    case VK_I64: return "int64_t ";
    case VK_F64: return "double ";
    case VK_BOOL: return "bool ";
    case VK_BIN: return "unsigned char *";
    default: return "char *";
    }
}

/* The scalar C type of a by-value parameter. */
static const char *scalar_type(vkind k)
{
    switch (k) {
    case VK_I64: return "int64_t";
    case VK_F64: return "double";
    case VK_BOOL: return "bool";
    default: return "const char *";
    }
}

/* Suffix of the generated put/get helpers for a kind. */
static const char *kind_suffix(vkind k)
{
    static const char *const s[] = {"s", "n", "i64", "f64", "bool", "b"};
    return s[k];
}

/* ---- the generated file's own helpers ---------------------------------------------
 * Emitted only when used (an unused static function would fail -Werror).
 * '@' stands for the prefix. */

enum {
    H_PUT_S, H_PUT_N, H_PUT_I64, H_PUT_F64, H_PUT_BOOL, H_PUT_B,
    H_PUT_LIST, H_PUT_S_LIST, H_PUT_N_LIST, H_PUT_I64_LIST, H_PUT_F64_LIST, H_PUT_BOOL_LIST,
    H_GET_S, H_GET_N, H_GET_I64, H_GET_F64, H_GET_BOOL, H_GET_B,
    H_ARG_S, H_ARG_N, H_ARG_I64, H_ARG_F64, H_ARG_BOOL, H_ARG_B,
    H_ARG_S_LIST, H_ARG_N_LIST, H_ARG_I64_LIST, H_ARG_F64_LIST, H_ARG_BOOL_LIST,
    H_DUP, H_ROWS_PUSH, H_COUNT
};

typedef struct helper {
    unsigned long long deps;
    const char *text;
} helper;

#define BIT(h) (1ULL << (h))

static const helper helpers[H_COUNT] = {
    [H_PUT_S] = {0,
        "/* A text attribute (NULL: SQL NULL when keep_null, else left out). */\n"
        "static ddbc_rt_status @__put_s(ddbc_rt_item *it, const char *name, const char *s, bool keep_null)\n"
        "{\n"
        "    if (s) return ddbc_rt_item_add_s(it, name, s, strlen(s));\n"
        "    return keep_null ? ddbc_rt_item_add_null(it, name) : DDBC_RT_OK;\n"
        "}\n"},
    [H_PUT_N] = {0,
        "/* A decimal attribute, kept as its exact text. */\n"
        "static ddbc_rt_status @__put_n(ddbc_rt_item *it, const char *name, const char *s, bool keep_null)\n"
        "{\n"
        "    if (s) return ddbc_rt_item_add_n(it, name, s);\n"
        "    return keep_null ? ddbc_rt_item_add_null(it, name) : DDBC_RT_OK;\n"
        "}\n"},
    [H_PUT_I64] = {0,
        "static ddbc_rt_status @__put_i64(ddbc_rt_item *it, const char *name, int64_t v, bool has, bool keep_null)\n"
        "{\n"
        "    if (has) return ddbc_rt_item_add_i64(it, name, v);\n"
        "    return keep_null ? ddbc_rt_item_add_null(it, name) : DDBC_RT_OK;\n"
        "}\n"},
    [H_PUT_F64] = {0,
        "static ddbc_rt_status @__put_f64(ddbc_rt_item *it, const char *name, double v, bool has, bool keep_null)\n"
        "{\n"
        "    if (has) return ddbc_rt_item_add_double(it, name, v);\n"
        "    return keep_null ? ddbc_rt_item_add_null(it, name) : DDBC_RT_OK;\n"
        "}\n"},
    [H_PUT_BOOL] = {0,
        "static ddbc_rt_status @__put_bool(ddbc_rt_item *it, const char *name, bool v, bool has, bool keep_null)\n"
        "{\n"
        "    if (has) return ddbc_rt_item_add_bool(it, name, v);\n"
        "    return keep_null ? ddbc_rt_item_add_null(it, name) : DDBC_RT_OK;\n"
        "}\n"},
    [H_PUT_B] = {0,
        "static ddbc_rt_status @__put_b(ddbc_rt_item *it, const char *name, const void *p, size_t len, bool keep_null)\n"
        "{\n"
        "    if (p) return ddbc_rt_item_add_b(it, name, p, len);\n"
        "    return keep_null ? ddbc_rt_item_add_null(it, name) : DDBC_RT_OK;\n"
        "}\n"},
    [H_PUT_LIST] = {0,
        "/* Move the values of `els` into one L value under `name` (a slice parameter). */\n"
        "static ddbc_rt_status @__put_list(ddbc_rt_item *it, const char *name, ddbc_rt_item *els)\n"
        "{\n"
        "    ddbc_rt_av l;\n"
        "    ddbc_rt_status st;\n"
        "    memset(&l, 0, sizeof l);\n"
        "    l.type = DDBC_AV_L;\n"
        "    l.u.l.v = malloc((els->n ? els->n : 1) * sizeof *l.u.l.v);\n"
        "    if (!l.u.l.v) return DDBC_RT_NO_MEMORY;\n"
        "    for (size_t i = 0; i < els->n; i++) {\n"
        "        l.u.l.v[i] = els->attrs[i].value;\n"
        "        els->attrs[i].value.type = DDBC_AV_NULL;\n"
        "    }\n"
        "    l.u.l.n = l.u.l.cap = els->n;\n"
        "    st = ddbc_rt_item_add(it, name, &l);\n"
        "    ddbc_rt_av_free(&l);\n"
        "    return st;\n"
        "}\n"},
#define PUT_LIST(kind, ctype, call)                                                         \
        "static ddbc_rt_status @__put_" kind "_list(ddbc_rt_item *it, const char *name, " ctype "v, size_t n)\n" \
        "{\n"                                                                               \
        "    /* element names are borrowed by els: one buffer each, freed after it */\n"  \
        "    char (*keys)[24] = malloc((n ? n : 1) * sizeof *keys);\n"                     \
        "    ddbc_rt_item els = DDBC_RT_ITEM_INIT;\n"                                       \
        "    ddbc_rt_status st = keys ? DDBC_RT_OK : DDBC_RT_NO_MEMORY;\n"                  \
        "    for (size_t i = 0; i < n && st == DDBC_RT_OK; i++) {\n"                        \
        "        snprintf(keys[i], sizeof keys[i], \"%zu\", i);\n"                          \
        "        st = @__put_" kind "(&els, keys[i], v[i], " call ");\n"                    \
        "    }\n"                                                                           \
        "    if (st == DDBC_RT_OK) st = @__put_list(it, name, &els);\n"                     \
        "    ddbc_rt_item_free(&els);\n"                                                    \
        "    free(keys);\n"                                                                 \
        "    return st;\n"                                                                  \
        "}\n"
    [H_PUT_S_LIST] = {BIT(H_PUT_S) | BIT(H_PUT_LIST), PUT_LIST("s", "const char *const *", "true")},
    [H_PUT_N_LIST] = {BIT(H_PUT_N) | BIT(H_PUT_LIST), PUT_LIST("n", "const char *const *", "true")},
    [H_PUT_I64_LIST] = {BIT(H_PUT_I64) | BIT(H_PUT_LIST), PUT_LIST("i64", "const int64_t *", "true, true")},
    [H_PUT_F64_LIST] = {BIT(H_PUT_F64) | BIT(H_PUT_LIST), PUT_LIST("f64", "const double *", "true, true")},
    [H_PUT_BOOL_LIST] = {BIT(H_PUT_BOOL) | BIT(H_PUT_LIST), PUT_LIST("bool", "const bool *", "true, true")},
#undef PUT_LIST
    [H_GET_S] = {0,
        "/* A text attribute (S, or N for decimals) as an owned string; NULL when absent or NULL.\n"
        " * take: NULL, or `it` itself when it is freed next, so the text is moved, not copied. */\n"
        "static ddbc_rt_status @__get_s(const ddbc_rt_item *it, ddbc_rt_item *take, const char *name, char **out)\n"
        "{\n"
        "    const ddbc_rt_av *v;\n"
        "    *out = NULL;\n"
        "    if (take && ddbc_rt_item_take_s(take, name, out, NULL)) {\n"
        "        if (!*out) *out = calloc(1, 1);   /* a value without text (hand-built): \"\", as a copy gives */\n"
        "        return *out ? DDBC_RT_OK : DDBC_RT_NO_MEMORY;\n"
        "    }\n"
        "    v = ddbc_rt_item_get(it, name);   /* absent, NULL or another type: nothing was taken */\n"
        "    if (!v || v->type == DDBC_AV_NULL) return DDBC_RT_OK;\n"
        "    if (v->type != DDBC_AV_S && v->type != DDBC_AV_N) return DDBC_RT_BAD_RESPONSE;\n"
        "    *out = malloc(v->u.s.len + 1);\n"
        "    if (!*out) return DDBC_RT_NO_MEMORY;\n"
        "    if (v->u.s.len) memcpy(*out, v->u.s.ptr, v->u.s.len);\n"
        "    (*out)[v->u.s.len] = '\\0';\n"
        "    return DDBC_RT_OK;\n"
        "}\n"},
    [H_GET_N] = {BIT(H_GET_S), ""},
    [H_GET_I64] = {0,
        "static ddbc_rt_status @__get_i64(const ddbc_rt_item *it, const char *name, int64_t *out, bool *has)\n"
        "{\n"
        "    const ddbc_rt_av *v = ddbc_rt_item_get(it, name);\n"
        "    *out = 0;\n"
        "    if (has) *has = false;\n"
        "    if (!v || v->type == DDBC_AV_NULL) return DDBC_RT_OK;\n"
        "    if (!ddbc_rt_item_i64(it, name, out)) return DDBC_RT_BAD_RESPONSE;\n"
        "    if (has) *has = true;\n"
        "    return DDBC_RT_OK;\n"
        "}\n"},
    [H_GET_F64] = {0,
        "static ddbc_rt_status @__get_f64(const ddbc_rt_item *it, const char *name, double *out, bool *has)\n"
        "{\n"
        "    const ddbc_rt_av *v = ddbc_rt_item_get(it, name);\n"
        "    *out = 0;\n"
        "    if (has) *has = false;\n"
        "    if (!v || v->type == DDBC_AV_NULL) return DDBC_RT_OK;\n"
        "    if (!ddbc_rt_item_double(it, name, out)) return DDBC_RT_BAD_RESPONSE;\n"
        "    if (has) *has = true;\n"
        "    return DDBC_RT_OK;\n"
        "}\n"},
    [H_GET_BOOL] = {0,
        "static ddbc_rt_status @__get_bool(const ddbc_rt_item *it, const char *name, bool *out, bool *has)\n"
        "{\n"
        "    const ddbc_rt_av *v = ddbc_rt_item_get(it, name);\n"
        "    *out = false;\n"
        "    if (has) *has = false;\n"
        "    if (!v || v->type == DDBC_AV_NULL) return DDBC_RT_OK;\n"
        "    if (!ddbc_rt_item_bool(it, name, out)) return DDBC_RT_BAD_RESPONSE;\n"
        "    if (has) *has = true;\n"
        "    return DDBC_RT_OK;\n"
        "}\n"},
    [H_GET_B] = {0,
        "static ddbc_rt_status @__get_b(const ddbc_rt_item *it, const char *name, unsigned char **out, size_t *len)\n"
        "{\n"
        "    const ddbc_rt_av *v = ddbc_rt_item_get(it, name);\n"
        "    *out = NULL;\n"
        "    *len = 0;\n"
        "    if (!v || v->type == DDBC_AV_NULL) return DDBC_RT_OK;\n"
        "    if (v->type != DDBC_AV_B) return DDBC_RT_BAD_RESPONSE;\n"
        "    *out = malloc(v->u.s.len ? v->u.s.len : 1);\n"
        "    if (!*out) return DDBC_RT_NO_MEMORY;\n"
        "    if (v->u.s.len) memcpy(*out, v->u.s.ptr, v->u.s.len);\n"
        "    *len = v->u.s.len;\n"
        "    return DDBC_RT_OK;\n"
        "}\n"},
    [H_ARG_S] = {0,
        "/* Reflection arguments: a borrowed view of an S or N value; NULL for NULL. */\n"
        "static ddbc_rt_status @__arg_s(const ddbc_rt_av *v, const char **out)\n"
        "{\n"
        "    *out = NULL;\n"
        "    if (!v || v->type == DDBC_AV_NULL) return DDBC_RT_OK;\n"
        "    if (v->type != DDBC_AV_S && v->type != DDBC_AV_N) return DDBC_RT_INVALID_ARGUMENT;\n"
        "    *out = v->u.s.ptr ? v->u.s.ptr : \"\";\n"
        "    return DDBC_RT_OK;\n"
        "}\n"},
    [H_ARG_N] = {BIT(H_ARG_S), ""},
    [H_ARG_I64] = {0,
        "static ddbc_rt_status @__arg_i64(const ddbc_rt_av *v, int64_t *out, bool *has)\n"
        "{\n"
        "    char *end;\n"
        "    long long x;\n"
        "    *out = 0;\n"
        "    *has = false;\n"
        "    if (!v || v->type == DDBC_AV_NULL) return DDBC_RT_OK;\n"
        "    if (v->type != DDBC_AV_N || !v->u.s.ptr) return DDBC_RT_INVALID_ARGUMENT;\n"
        "    errno = 0;\n"
        "    x = strtoll(v->u.s.ptr, &end, 10);\n"
        "    if (errno || end == v->u.s.ptr || *end) return DDBC_RT_INVALID_ARGUMENT;\n"
        "    *out = (int64_t)x;\n"
        "    *has = true;\n"
        "    return DDBC_RT_OK;\n"
        "}\n"},
    [H_ARG_F64] = {0,
        "static ddbc_rt_status @__arg_f64(const ddbc_rt_av *v, double *out, bool *has)\n"
        "{\n"
        "    char *end;\n"
        "    *out = 0;\n"
        "    *has = false;\n"
        "    if (!v || v->type == DDBC_AV_NULL) return DDBC_RT_OK;\n"
        "    if (v->type != DDBC_AV_N || !v->u.s.ptr) return DDBC_RT_INVALID_ARGUMENT;\n"
        "    *out = strtod(v->u.s.ptr, &end);\n"
        "    if (end == v->u.s.ptr || *end) return DDBC_RT_INVALID_ARGUMENT;\n"
        "    *has = true;\n"
        "    return DDBC_RT_OK;\n"
        "}\n"},
    [H_ARG_BOOL] = {0,
        "static ddbc_rt_status @__arg_bool(const ddbc_rt_av *v, bool *out, bool *has)\n"
        "{\n"
        "    *out = false;\n"
        "    *has = false;\n"
        "    if (!v || v->type == DDBC_AV_NULL) return DDBC_RT_OK;\n"
        "    if (v->type != DDBC_AV_BOOL) return DDBC_RT_INVALID_ARGUMENT;\n"
        "    *out = v->u.b;\n"
        "    *has = true;\n"
        "    return DDBC_RT_OK;\n"
        "}\n"},
    [H_ARG_B] = {0,
        "static ddbc_rt_status @__arg_b(const ddbc_rt_av *v, const void **out, size_t *len)\n"
        "{\n"
        "    *out = NULL;\n"
        "    *len = 0;\n"
        "    if (!v || v->type == DDBC_AV_NULL) return DDBC_RT_OK;\n"
        "    if (v->type != DDBC_AV_B) return DDBC_RT_INVALID_ARGUMENT;\n"
        "    *out = v->u.s.ptr ? (const void *)v->u.s.ptr : (const void *)\"\";\n"
        "    *len = v->u.s.len;\n"
        "    return DDBC_RT_OK;\n"
        "}\n"},
#define ARG_LIST(kind, ctype, extra)                                                        \
        "static ddbc_rt_status @__arg_" kind "_list(const ddbc_rt_av *v, " ctype "**out, size_t *n)\n" \
        "{\n"                                                                               \
        "    *out = NULL;\n"                                                                \
        "    *n = 0;\n"                                                                     \
        "    if (!v || v->type == DDBC_AV_NULL) return DDBC_RT_OK;\n"                       \
        "    if (v->type != DDBC_AV_L && v->type != DDBC_AV_SS && v->type != DDBC_AV_NS)\n" \
        "        return DDBC_RT_INVALID_ARGUMENT;\n"                                        \
        "    *out = malloc((v->u.l.n ? v->u.l.n : 1) * sizeof **out);\n"                    \
        "    if (!*out) return DDBC_RT_NO_MEMORY;\n"                                        \
        "    for (size_t i = 0; i < v->u.l.n; i++) {\n"                                     \
        extra                                                                               \
        "        if (st != DDBC_RT_OK) {\n"                                                 \
        "            free(*out);\n"                                                         \
        "            *out = NULL;\n"                                                        \
        "            return st;\n"                                                          \
        "        }\n"                                                                       \
        "    }\n"                                                                           \
        "    *n = v->u.l.n;\n"                                                              \
        "    return DDBC_RT_OK;\n"                                                          \
        "}\n"
    [H_ARG_S_LIST] = {BIT(H_ARG_S), ARG_LIST("s", "const char *",
        "        ddbc_rt_status st = @__arg_s(&v->u.l.v[i], &(*out)[i]);\n")},
    [H_ARG_N_LIST] = {BIT(H_ARG_S_LIST), ""},
    [H_ARG_I64_LIST] = {BIT(H_ARG_I64), ARG_LIST("i64", "int64_t ",
        "        bool has;\n"
        "        ddbc_rt_status st = @__arg_i64(&v->u.l.v[i], &(*out)[i], &has);\n")},
    [H_ARG_F64_LIST] = {BIT(H_ARG_F64), ARG_LIST("f64", "double ",
        "        bool has;\n"
        "        ddbc_rt_status st = @__arg_f64(&v->u.l.v[i], &(*out)[i], &has);\n")},
    [H_ARG_BOOL_LIST] = {BIT(H_ARG_BOOL), ARG_LIST("bool", "bool ",
        "        bool has;\n"
        "        ddbc_rt_status st = @__arg_bool(&v->u.l.v[i], &(*out)[i], &has);\n")},
#undef ARG_LIST
    [H_DUP] = {0,
        "static char *@__dup(const char *s)\n"
        "{\n"
        "    size_t n = strlen(s) + 1;\n"
        "    char *d = malloc(n);\n"
        "    if (d) memcpy(d, s, n);\n"
        "    return d;\n"
        "}\n"},
    [H_ROWS_PUSH] = {0,
        "/* Append a row of `width` items to rows, taking them. */\n"
        "static ddbc_rt_status @__rows_push(ddbc_rt_rows *rows, ddbc_rt_item *items, size_t width)\n"
        "{\n"
        "    if (rows->n == rows->cap) {\n"
        "        size_t cap = rows->cap ? 2 * rows->cap : 8;\n"
        "        ddbc_rt_row *v = realloc(rows->v, cap * sizeof *v);\n"
        "        if (!v) return DDBC_RT_NO_MEMORY;\n"
        "        rows->v = v;\n"
        "        rows->cap = cap;\n"
        "    }\n"
        "    rows->v[rows->n].items = items;\n"
        "    rows->v[rows->n].width = width;\n"
        "    rows->n++;\n"
        "    return DDBC_RT_OK;\n"
        "}\n"},
};

/* ---- the generator ------------------------------------------------------------------ */

/* One column of an entity struct. */
typedef struct field {
    const ddbc_column *col;
    vkind k;
    const char *name;          /* member */
    const char *has;           /* has_<col> for a nullable non-pointer column; NULL */
    const char *len;           /* <col>_len for binary; NULL */
} field;

/* One base-key column the entity's get/delete take. */
typedef struct keycol {
    const char *attr;          /* item attribute */
    const ddbc_column *col;    /* its column (a parent's, for a copied attribute) */
    const field *f;            /* the struct field holding it; NULL for a copy */
    const char *param;         /* parameter name */
} keycol;

typedef struct ent {
    const ddbc_entity_plan *ep;
    int pos;
    const char *type;          /* "shop_customer" */
    const char *macro;         /* "SHOP_CUSTOMER_INIT" */
    const char *sym;           /* "shop__e1_customer": its static descriptors */
    field *fields;
    size_t nfields;
    keycol *keys;
    size_t nkeys;
    DDBC_VEC(const ddbc_foreign_key *) refs;   /* references emitted, in order */
} ent;

/* One parameter of a pattern's function. */
typedef struct param {
    const ddbc_param *p;
    vkind k;
    const char *name;
    const char *extra;         /* binary length or slice count parameter; NULL */
} param;

typedef struct pat {
    const ddbc_pattern *p;
    int pos;
    const char *fn;            /* "shop_list_orders_by_customer" */
    const char *sym;           /* "shop__p3_list_orders_by_customer" */
    const char *row;           /* row type (reads) */
    const char *why_not;       /* not generated: why; NULL when generated */
    param *params;
    size_t nparams;
    const ddbc_counter *counter;
    const ent *root;
    /* reads: per request, the bindings its returns fill, its source and join */
    int **binds;
    int *source;
    const char **join;
    int main_binding;
    /* the row struct: a member per binding (ROW_JOIN), or the group columns
       and the count (ROW_COUNT) */
    const char **members;
    const char **has;
    const char *count;
} pat;

typedef struct gen {
    const ddbc_design *d;
    const ddbc_sources *sources;
    ddbc_arena *arena;
    const char *prefix, *PREFIX;
    name_list taken;           /* file-scope names given out */
    ent *ents;
    size_t nents;
    pat *pats;
    size_t npats;
    unsigned long long used;   /* helpers */
    ddbc_strbuf *sb;           /* where emission goes */
    int seq;                   /* numbers nested static arrays */
} gen;

static void put(gen *g, const char *s) { ddbc_strbuf_puts(g->sb, s); }

static void out(gen *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void out(gen *g, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ddbc_strbuf_vprintf(g->sb, fmt, ap);
    va_end(ap);
}

static void use(gen *g, int h)
{
    if (g->used & BIT(h)) return;
    g->used |= BIT(h);
    for (int i = 0; i < H_COUNT; i++)
        if (helpers[h].deps & BIT(i)) use(g, i);
}

static int put_helper(vkind k) { static const int h[] = {H_PUT_S, H_PUT_N, H_PUT_I64, H_PUT_F64, H_PUT_BOOL, H_PUT_B}; return h[k]; }
static int get_helper(vkind k) { static const int h[] = {H_GET_S, H_GET_S, H_GET_I64, H_GET_F64, H_GET_BOOL, H_GET_B}; return h[k]; }
static int arg_helper(vkind k) { static const int h[] = {H_ARG_S, H_ARG_S, H_ARG_I64, H_ARG_F64, H_ARG_BOOL, H_ARG_B}; return h[k]; }
static const char *get_suffix(vkind k) { return k == VK_DEC ? "s" : kind_suffix(k); }

/* "<prefix>__get_<kind>(<item>, " — text kinds also pass `take` (see @__get_s). */
static void get_call(gen *g, vkind k, const char *item, const char *take)
{
    use(g, get_helper(k));
    out(g, "%s__get_%s(%s, ", g->prefix, get_suffix(k), item);
    if (k == VK_STR || k == VK_DEC) out(g, "%s, ", take);
}

static bool is_taken(const gen *g, const char *s)
{
    for (size_t i = 0; i < g->taken.n; i++)
        if (!strcmp(g->taken.v[i], s)) return true;
    return false;
}

static void take(gen *g, const char *s) { DDBC_VEC_PUSH(g->arena, g->taken, s); }

/* The file basename of a span's source, and its line. */
static const char *span_where(gen *g, ddbc_span sp)
{
    if (sp.file == DDBC_NO_FILE || sp.file >= g->sources->files.n) return NULL;
    ddbc_source *src = g->sources->files.v[sp.file];
    unsigned line, col;
    ddbc_source_position(src, sp.start, &line, &col);
    const char *base = strrchr(src->path, '/');
    base = base ? base + 1 : src->path;
    return ddbc_arena_printf(g->arena, "%s:%u", base, line);
}

static const ent *ent_of(const gen *g, const ddbc_entity *e)
{
    for (size_t i = 0; i < g->nents; i++)
        if (g->ents[i].ep->entity == e) return &g->ents[i];
    return NULL;
}

/* For entities a served pattern names (checked when patterns are prepared). */
static const ent *ent_must(const gen *g, const ddbc_entity *e)
{
    const ent *en = ent_of(g, e);
    if (!en) abort();
    return en;
}

static const ddbc_index *index_by_number(const ddbc_design *d, int number)
{
    for (size_t i = 0; i < d->indexes.n; i++)
        if (d->indexes.v[i]->number == number) return d->indexes.v[i];
    return NULL;
}

static const char *part_attr(const ddbc_key_part *p) { return p->attr ? p->attr : p->column->name; }

/* Entity names: struct `<prefix>_<singular>`, its INIT macro and functions;
 * a later table whose singular is taken keeps its own name, then a number. */
static void name_entities(gen *g)
{
    const char *verbs[] = {"", "_free", "_put", "_get", "_update", "_delete"};
    for (size_t i = 0; i < g->nents; i++) {
        ent *en = &g->ents[i];
        const char *table = identifier(g->arena, en->ep->entity->name, true);
        const char *cands[2] = {singular(g->arena, table), table};
        const char *base = NULL;
        for (int n = 0; !base; n++) {
            const char *cand = n < 2 ? cands[n] : ddbc_arena_printf(g->arena, "%s_%d", cands[0], n);
            const char *full = ddbc_arena_printf(g->arena, "%s_%s", g->prefix, cand);
            bool free_ = true;
            for (size_t v = 0; v < sizeof verbs / sizeof *verbs && free_; v++)
                free_ = !is_taken(g, ddbc_arena_printf(g->arena, "%s%s", full, verbs[v]));
            if (free_) base = cand;
        }
        en->type = ddbc_arena_printf(g->arena, "%s_%s", g->prefix, base);
        for (size_t v = 0; v < sizeof verbs / sizeof *verbs; v++)
            take(g, ddbc_arena_printf(g->arena, "%s%s", en->type, verbs[v]));
        en->macro = ddbc_arena_printf(g->arena, "%s_INIT", upper(g->arena, en->type));
        en->sym = ddbc_arena_printf(g->arena, "%s__e%zu_%s", g->prefix, i, base);
    }
}

static void entity_fields(gen *g, ent *en)
{
    const ddbc_entity *e = en->ep->entity;
    name_list scope = {NULL, 0, 0};
    en->nfields = e->columns.n;
    en->fields = ddbc_arena_alloc(g->arena, (e->columns.n + 1) * sizeof *en->fields);
    for (size_t c = 0; c < e->columns.n; c++) {
        field *f = &en->fields[c];
        f->col = e->columns.v[c];
        f->k = value_kind(f->col->type.cls);
        f->name = member_name(g->arena, &scope, f->col->name);
    }
    /* presence flags and lengths after every column name is placed */
    for (size_t c = 0; c < e->columns.n; c++) {
        field *f = &en->fields[c];
        if (f->col->nullable && !is_pointer(f->k))
            f->has = member_name(g->arena, &scope, ddbc_arena_printf(g->arena, "has_%s", f->name));
        if (f->k == VK_BIN)
            f->len = member_name(g->arena, &scope, ddbc_arena_printf(g->arena, "%s_len", f->name));
    }
    /* the base key's value attributes, in template order */
    const ddbc_entity_key *base = ddbc_entity_plan_key(en->ep, 0);
    name_list pscope = {NULL, 0, 0};
    /* the fixed parameters and the locals of get/delete */
    const char *fixed[] = {"c", "out", "row", "key", "item", "st"};
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) DDBC_VEC_PUSH(g->arena, pscope, fixed[i]);
    en->keys = ddbc_arena_alloc(g->arena, 16 * sizeof *en->keys);
    size_t cap = 16;
    for (int s = 0; base && s < 2; s++) {
        const ddbc_key_template *t = s ? &base->sk : &base->pk;
        for (size_t i = 0; i < t->parts.n; i++) {
            const ddbc_key_part *p = &t->parts.v[i];
            if (p->kind != DDBC_PART_COLUMN) continue;
            const char *attr = part_attr(p);
            bool dup = false;
            for (size_t k = 0; k < en->nkeys; k++) dup |= !strcmp(en->keys[k].attr, attr);
            if (dup) continue;
            if (en->nkeys == cap) {
                en->keys = ddbc_arena_grow(g->arena, en->keys, cap * sizeof *en->keys, 2 * cap * sizeof *en->keys);
                cap *= 2;
            }
            keycol *kc = &en->keys[en->nkeys++];
            kc->attr = attr;
            kc->col = p->column;
            kc->f = NULL;
            if (!p->attr)
                for (size_t c = 0; c < en->nfields; c++)
                    if (en->fields[c].col == p->column) kc->f = &en->fields[c];
            kc->param = member_name(g->arena, &pscope, attr);
            if (value_kind(p->column->type.cls) == VK_BIN)
                member_name(g->arena, &pscope, ddbc_arena_printf(g->arena, "%s_len", kc->param));
        }
    }
}

/* ---- patterns: names, parameters, bindings ----------------------------------------- */

static const ddbc_counter *counter_of(const ddbc_design *d, const ddbc_query *q)
{
    for (size_t i = 0; i < d->entities.n; i++)
        for (size_t c = 0; c < d->entities.v[i]->counters.n; c++)
            if (d->entities.v[i]->counters.v[c]->query == q) return d->entities.v[i]->counters.v[c];
    return NULL;
}

/* Pattern names: `<prefix>_<snake_case name>` and its _row/_page types; a
 * name that meets an entity's (or an earlier pattern's) gets a number. */
static void name_pattern(gen *g, pat *pt)
{
    const char *snake = identifier(g->arena, pt->p->name, true);
    const char *suffixes[] = {"", "_row", "_row_free", "_page", "_page_free"};
    const char *base = NULL;
    for (int n = 1; !base; n++) {
        const char *cand = n == 1 ? ddbc_arena_printf(g->arena, "%s_%s", g->prefix, snake)
                                  : ddbc_arena_printf(g->arena, "%s_%s_%d", g->prefix, snake, n);
        bool free_ = true;
        for (size_t s = 0; s < sizeof suffixes / sizeof *suffixes && free_; s++)
            free_ = !is_taken(g, ddbc_arena_printf(g->arena, "%s%s", cand, suffixes[s]));
        if (free_) base = cand;
    }
    for (size_t s = 0; s < sizeof suffixes / sizeof *suffixes; s++)
        take(g, ddbc_arena_printf(g->arena, "%s%s", base, suffixes[s]));
    pt->fn = base;
    pt->row = ddbc_arena_printf(g->arena, "%s_row", base);
    pt->sym = ddbc_arena_printf(g->arena, "%s__p%d_%s", g->prefix, pt->pos, snake);
}

static void pattern_params(gen *g, pat *pt)
{
    const ddbc_query *q = pt->p->query;
    name_list scope = {NULL, 0, 0};
    /* the fixed parameters and the function's locals */
    const char *fixed[] = {"c", "out", "cursor", "affected", "a", "args", "st", "rows", "ret", "i"};
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) DDBC_VEC_PUSH(g->arena, scope, fixed[i]);
    pt->nparams = q->params.n;
    pt->params = ddbc_arena_alloc(g->arena, (q->params.n + 1) * sizeof *pt->params);
    for (size_t i = 0; i < q->params.n; i++) {
        param *pm = &pt->params[i];
        pm->p = &q->params.v[i];
        pm->k = value_kind(pm->p->type.cls);
        pm->name = member_name(g->arena, &scope, pm->p->name ? pm->p->name : "arg");
    }
    for (size_t i = 0; i < q->params.n; i++) {
        param *pm = &pt->params[i];
        if (pm->p->slice) pm->extra = member_name(g->arena, &scope, ddbc_arena_printf(g->arena, "%s_count", pm->name));
        else if (pm->k == VK_BIN) pm->extra = member_name(g->arena, &scope, ddbc_arena_printf(g->arena, "%s_len", pm->name));
        if (pm->p->slice && pm->k == VK_BIN && !pt->why_not)
            pt->why_not = ddbc_arena_printf(g->arena, "parameter %s is a list of binary values, which the "
                                            "runtime cannot pass", pm->p->name);
    }
}

/* The join between bindings a (the child) and b along a foreign key from
 * a's table to b's, as the planner looks it up; NULL when none. */
static const ddbc_join *child_join(const ddbc_query *q, int a, int b)
{
    for (size_t i = 0; i < q->joins.n; i++) {
        const ddbc_join *j = &q->joins.v[i];
        if (!j->fk) continue;
        bool pair = (j->binding == a && j->other_binding == b) || (j->binding == b && j->other_binding == a);
        if (pair && j->fk->from == q->bindings.v[a].entity && j->fk->to == q->bindings.v[b].entity) return j;
    }
    return NULL;
}

/* How binding b attaches to the rows: LEFT when the query LEFT JOINs it. */
static const char *join_of(const ddbc_query *q, int b)
{
    for (size_t i = 0; i < q->joins.n; i++)
        if (q->joins.v[i].binding == b) return q->joins.v[i].type == DDBC_JOIN_LEFT ? "DDBC_RT_JOIN_LEFT" : "DDBC_RT_JOIN_INNER";
    return "DDBC_RT_JOIN_INNER";
}

/* The first COLUMN operand a request's key is bound with (follow-ups read
 * their key values from earlier items); NULL for none. */
static const ddbc_operand *column_operand(const ddbc_request *r)
{
    const ddbc_key_bound *bs[3] = {&r->pk, &r->sk_lo, &r->sk_hi};
    for (int b = 0; b < 3; b++)
        for (size_t i = 0; i < bs[b]->args.n; i++)
            if (bs[b]->args.v[i].kind == DDBC_OPERAND_COLUMN) return &bs[b]->args.v[i];
    return NULL;
}

static int binding_with(const ddbc_query *q, const ddbc_entity *e, int not_this)
{
    for (size_t b = 0; b < q->bindings.n; b++)
        if ((int)b != not_this && q->bindings.v[b].entity == e) return (int)b;
    return -1;
}

/* Which binding each request's items fill: the planner keeps a main request
 * (or a pre-joined collection Query) first and one follow-up per other
 * returned binding, whose key operands name the binding they come from. */
static void pattern_bindings(gen *g, pat *pt)
{
    const ddbc_pattern *p = pt->p;
    const ddbc_query *q = p->query;
    size_t n = p->requests.n;
    pt->binds = ddbc_arena_alloc(g->arena, (n + 1) * sizeof *pt->binds);
    pt->source = ddbc_arena_alloc(g->arena, (n + 1) * sizeof *pt->source);
    pt->join = ddbc_arena_alloc(g->arena, (n + 1) * sizeof *pt->join);
    /* the main binding: from a follow-up's operand when there is one */
    int k = -1;
    for (size_t i = 1; i < n && k < 0; i++) {
        const ddbc_request *r = &p->requests.v[i];
        const ddbc_operand *o = column_operand(r);
        if (!o) continue;
        if (o->column.column->entity == r->entity && q->bindings.v[o->column.binding].entity == r->entity) {
            /* a parent by key: the main binding is its child */
            for (size_t b = 0; b < q->bindings.n && k < 0; b++)
                if (q->bindings.v[b].entity == p->requests.v[0].entity && child_join(q, (int)b, o->column.binding))
                    k = (int)b;
        } else {
            k = o->column.binding;
        }
    }
    if (k < 0 && n) k = binding_with(q, p->requests.v[0].entity, -1);
    if (k < 0) k = 0;
    pt->main_binding = k;
    for (size_t i = 0; i < n; i++) {
        const ddbc_request *r = &p->requests.v[i];
        pt->binds[i] = ddbc_arena_alloc(g->arena, (r->returns.n + 1) * sizeof(int));
        pt->source[i] = 0;
        pt->join[i] = "DDBC_RT_JOIN_NONE";
        if (pt->counter || q->bindings.n == 1) continue;
        if (i == 0 && r->returns.n == 2) {
            /* the collection: parent and child in one Query */
            for (int pb = 0; pb < 2; pb++) {
                int cb = 1 - pb;
                if (q->bindings.v[pb].entity == r->returns.v[0] && q->bindings.v[cb].entity == r->returns.v[1] &&
                    child_join(q, cb, pb)) {
                    pt->binds[0][0] = pb;
                    pt->binds[0][1] = cb;
                    if (!strcmp(join_of(q, cb), "DDBC_RT_JOIN_LEFT")) pt->join[0] = "DDBC_RT_JOIN_LEFT";
                    break;
                }
            }
            continue;
        }
        if (i == 0) {
            pt->binds[0][0] = k;
            continue;
        }
        const ddbc_operand *o = column_operand(r);
        int b;
        if (!o) {
            /* the collection's children after their parent was read by key */
            b = binding_with(q, r->entity, pt->binds[0][0]);
            pt->source[i] = pt->binds[0][0];
        } else if (o->column.column->entity == r->entity && q->bindings.v[o->column.binding].entity == r->entity) {
            b = o->column.binding;
            pt->source[i] = k;
        } else {
            b = -1;
            for (size_t c = 0; c < q->bindings.n && b < 0; c++)
                if ((int)c != o->column.binding && q->bindings.v[c].entity == r->entity &&
                    child_join(q, (int)c, o->column.binding))
                    b = (int)c;
            pt->source[i] = o->column.binding;
        }
        if (b < 0) b = binding_with(q, r->entity, k);
        if (b < 0) b = 0;
        for (size_t j = 0; j < r->returns.n; j++) pt->binds[i][j] = b;
        pt->join[i] = join_of(q, b);
    }
}

/* ---- descriptors ------------------------------------------------------------------- */

typedef DDBC_VEC(const ddbc_counter *) counter_list;

/* The counters in the order they are emitted (entity order), for look-ups. */
static counter_list all_counters(const gen *g)
{
    counter_list l = {NULL, 0, 0};
    for (size_t i = 0; i < g->nents; i++)
        for (size_t c = 0; c < g->ents[i].ep->counters.n; c++) {
            const ddbc_counter *ct = g->ents[i].ep->counters.v[c];
            bool have = false;
            for (size_t j = 0; j < l.n; j++) have |= l.v[j] == ct;
            if (!have) DDBC_VEC_PUSH(g->arena, l, ct);
        }
    return l;
}

static const char *counter_sym(const gen *g, const ddbc_counter *ct)
{
    counter_list l = all_counters(g);
    for (size_t j = 0; j < l.n; j++)
        if (l.v[j] == ct) return ddbc_arena_printf(g->arena, "%s__c%zu", g->prefix, j);
    return NULL;
}

/* The emitted ddbc_rt_template a design template is, by address. */
static const char *template_ref(const gen *g, const ddbc_key_template *t)
{
    for (size_t i = 0; i < g->nents; i++) {
        const ddbc_entity_plan *ep = g->ents[i].ep;
        for (size_t k = 0; k < ep->keys.n; k++) {
            if (&ep->keys.v[k].pk == t) return ddbc_arena_printf(g->arena, "&%s_keys[%zu].pk", g->ents[i].sym, k);
            if (&ep->keys.v[k].sk == t) return ddbc_arena_printf(g->arena, "&%s_keys[%zu].sk", g->ents[i].sym, k);
        }
    }
    counter_list l = all_counters(g);
    for (size_t j = 0; j < l.n; j++) {
        if (&l.v[j]->pk == t) return ddbc_arena_printf(g->arena, "&%s__c%zu.pk", g->prefix, j);
        if (&l.v[j]->sk == t) return ddbc_arena_printf(g->arena, "&%s__c%zu.sk", g->prefix, j);
    }
    return NULL;
}

static void emit_parts(gen *g, const char *name, const ddbc_key_template *t)
{
    out(g, "static const ddbc_rt_part %s[] = {\n", name);
    for (size_t i = 0; i < t->parts.n; i++) {
        const ddbc_key_part *p = &t->parts.v[i];
        put(g, "    {");
        if (p->kind == DDBC_PART_LITERAL) {
            c_string(g->sb, p->literal);
            put(g, ", NULL, DDBC_KEYENC_STRING},\n");
        } else {
            put(g, "NULL, ");
            c_string(g->sb, part_attr(p));
            out(g, ", %s},\n", keyenc_name(p->column->type.cls));
        }
    }
    put(g, "};\n");
}

static void emit_names(gen *g, const char *name, ddbc_column *const *cols, size_t n)
{
    out(g, "static const char *const %s[] = {", name);
    for (size_t i = 0; i < n; i++) {
        put(g, i ? ", " : "");
        c_string(g->sb, cols[i]->name);
    }
    put(g, "};\n");
}

/* A column's default as the runtime applies it. */
static void emit_default(gen *g, const ddbc_column *c)
{
    if (c->auto_increment || c->def.kind == DDBC_DEFAULT_SEQUENCE) {
        put(g, "DDBC_RT_DEFAULT_ID, NULL");
        return;
    }
    switch (c->def.kind) {
    case DDBC_DEFAULT_NOW: put(g, "DDBC_RT_DEFAULT_NOW, NULL"); return;
    case DDBC_DEFAULT_UUID: put(g, "DDBC_RT_DEFAULT_UUID, NULL"); return;
    case DDBC_DEFAULT_STRING: case DDBC_DEFAULT_NUMBER: case DDBC_DEFAULT_BOOL: {
        const char *v = c->def.value ? c->def.value : "";
        /* a boolean column defaulted with 0/1 (MySQL) */
        if (c->type.cls == DDBC_T_BOOL && c->def.kind == DDBC_DEFAULT_NUMBER)
            v = strcmp(v, "0") ? "true" : "false";
        put(g, "DDBC_RT_DEFAULT_VALUE, ");
        c_string(g->sb, v);
        return;
    }
    default: put(g, "DDBC_RT_DEFAULT_NONE, NULL"); return;
    }
}

/* Columns, keys, uniques, counters, references and copies of one entity. */
static void emit_entity_data(gen *g, ent *en, ddbc_arena *scratch)
{
    const ddbc_entity_plan *ep = en->ep;
    const ddbc_entity *e = ep->entity;
    const char *S = en->sym;
    out(g, "/* ---- %s (%s) */\n\n", cmt(g->arena, e->name), cmt(g->arena, ep->tag));
    if (e->columns.n) {
        out(g, "static const ddbc_rt_column %s_columns[] = {\n", S);
        for (size_t c = 0; c < e->columns.n; c++) {
            const ddbc_column *col = e->columns.v[c];
            put(g, "    {");
            c_string(g->sb, col->name);
            out(g, ", %s, %s, %s, ", rt_kind(col->type.cls), keyenc_name(col->type.cls), col->nullable ? "true" : "false");
            emit_default(g, col);
            put(g, ", ");
            c_string(g->sb, col->type.sql);
            put(g, "},\n");
        }
        put(g, "};\n");
    }
    if (e->primary_key && e->primary_key->columns.n)
        emit_names(g, ddbc_arena_printf(g->arena, "%s_primary_key", S), e->primary_key->columns.v, e->primary_key->columns.n);
    if (en->nkeys) {
        out(g, "static const char *const %s_key_columns[] = {", S);
        for (size_t k = 0; k < en->nkeys; k++) {
            put(g, k ? ", " : "");
            c_string(g->sb, en->keys[k].attr);
        }
        put(g, "};\n");
    }
    for (size_t k = 0; k < ep->keys.n; k++) {
        const ddbc_entity_key *key = &ep->keys.v[k];
        emit_parts(g, ddbc_arena_printf(g->arena, "%s_k%zu_pk", S, k), &key->pk);
        emit_parts(g, ddbc_arena_printf(g->arena, "%s_k%zu_sk", S, k), &key->sk);
        if (!key->condition) continue;
        ddbc_conjunct_list cl = {NULL, 0, 0};
        const ddbc_index *kix = index_by_number(g->d, key->index);
        out(g, "/* %s only while ", kix && key->index ? kix->name : "the table");
        comment_text(g->sb, key->condition);
        put(g, " */\n");
        out(g, "static const ddbc_rt_conjunct %s_k%zu_when[] = {\n", S, k);
        if (ddbc_condition_parse(g->d, e, key->condition, scratch, &cl)) {
            for (size_t j = 0; j < cl.n; j++) {
                put(g, "    {");
                c_string(g->sb, cl.v[j].column->name);
                put(g, ", ");
                const char *lit = cl.v[j].literal;
                bool b = !cl.v[j].quoted && lit && (!strcmp(lit, "TRUE") || !strcmp(lit, "true"));
                bool f = !cl.v[j].quoted && lit && (!strcmp(lit, "FALSE") || !strcmp(lit, "false"));
                c_string(g->sb, cl.v[j].not_null ? NULL : b ? "true" : f ? "false" : lit);
                put(g, "},\n");
            }
        } else {
            /* not of the simple form: membership is every condition column present */
            for (size_t j = 0; j < key->condition_columns.n; j++) {
                put(g, "    {");
                c_string(g->sb, key->condition_columns.v[j]->name);
                put(g, ", NULL},\n");
            }
        }
        put(g, "};\n");
    }
    if (ep->keys.n) {
        out(g, "static const ddbc_rt_key %s_keys[] = {\n", S);
        for (size_t k = 0; k < ep->keys.n; k++) {
            const ddbc_entity_key *key = &ep->keys.v[k];
            const ddbc_index *ix = index_by_number(g->d, key->index);
            put(g, "    {");
            c_string(g->sb, key->index ? ix->name : NULL);
            put(g, ", ");
            c_string(g->sb, ix ? ix->pk_attr : g->d->pk_attr);
            put(g, ", ");
            c_string(g->sb, ix ? ix->sk_attr : g->d->sk_attr);
            out(g, ", {%s_k%zu_pk, %zu}, {%s_k%zu_sk, %zu}, ", S, k, key->pk.parts.n, S, k, key->sk.parts.n);
            bool when = key->condition != NULL;
            ddbc_conjunct_list cl = {NULL, 0, 0};
            size_t nwhen = 0;
            if (when) nwhen = ddbc_condition_parse(g->d, e, key->condition, scratch, &cl) ? cl.n : key->condition_columns.n;
            if (when && nwhen) out(g, "%s_k%zu_when, %zu},\n", S, k, nwhen);
            else put(g, "NULL, 0},\n");
        }
        put(g, "};\n");
    }
    for (size_t u = 0; u < ep->unique_guards.n; u++) {
        const ddbc_key *guard = ep->unique_guards.v[u];
        emit_names(g, ddbc_arena_printf(g->arena, "%s_u%zu_columns", S, u), guard->columns.v, guard->columns.n);
        ddbc_key_template t = {{NULL, 0, 0}};
        ddbc_key_part lit = {.kind = DDBC_PART_LITERAL, .literal = "UNIQUE"};
        DDBC_VEC_PUSH(scratch, t.parts, lit);
        lit.literal = ep->tag;
        DDBC_VEC_PUSH(scratch, t.parts, lit);
        for (size_t j = 0; j < guard->columns.n; j++) {
            lit.literal = guard->columns.v[j]->name;
            DDBC_VEC_PUSH(scratch, t.parts, lit);
        }
        for (size_t j = 0; j < guard->columns.n; j++) {
            ddbc_key_part vp = {.kind = DDBC_PART_COLUMN, .column = guard->columns.v[j]};
            DDBC_VEC_PUSH(scratch, t.parts, vp);
        }
        emit_parts(g, ddbc_arena_printf(g->arena, "%s_u%zu_key", S, u), &t);
    }
    if (ep->unique_guards.n) {
        out(g, "static const ddbc_rt_unique %s_uniques[] = {\n", S);
        for (size_t u = 0; u < ep->unique_guards.n; u++) {
            size_t nc = ep->unique_guards.v[u]->columns.n;
            out(g, "    {%s_u%zu_columns, %zu, {%s_u%zu_key, %zu}},\n", S, u, nc, S, u, 2 + 2 * nc);
        }
        put(g, "};\n");
    }
    for (size_t c = 0; c < ep->counters.n; c++) {
        const ddbc_counter *ct = ep->counters.v[c];
        const char *C = counter_sym(g, ct);
        out(g, "/* COUNT for %s */\n", cmt(g->arena, ct->query->name));
        emit_parts(g, ddbc_arena_printf(g->arena, "%s_pk", C), &ct->pk);
        emit_parts(g, ddbc_arena_printf(g->arena, "%s_sk", C), &ct->sk);
        if (ct->group_by.n) emit_names(g, ddbc_arena_printf(g->arena, "%s_group", C), ct->group_by.v, ct->group_by.n);
        out(g, "static const ddbc_rt_counter %s = {{%s_pk, %zu}, {%s_sk, %zu}, ", C, C, ct->pk.parts.n, C, ct->sk.parts.n);
        if (ct->group_by.n) out(g, "%s_group, %zu, ", C, ct->group_by.n);
        else put(g, "NULL, 0, ");
        c_string(g->sb, ct->attr);
        put(g, "};\n");
    }
    if (ep->counters.n) {
        out(g, "static const ddbc_rt_counter *const %s_counters[] = {", S);
        for (size_t c = 0; c < ep->counters.n; c++) out(g, "%s&%s", c ? ", " : "", counter_sym(g, ep->counters.v[c]));
        put(g, "};\n");
    }
    /* references: every foreign key to a planned entity */
    for (size_t f = 0; f < e->foreign_keys.n; f++) {
        const ddbc_foreign_key *fk = e->foreign_keys.v[f];
        if (!fk->to || !ent_of(g, fk->to) || fk->columns.n != fk->ref_columns.n || !fk->columns.n) continue;
        size_t r = en->refs.n;
        DDBC_VEC_PUSH(g->arena, en->refs, fk);
        emit_names(g, ddbc_arena_printf(g->arena, "%s_r%zu_columns", S, r), fk->columns.v, fk->columns.n);
        emit_names(g, ddbc_arena_printf(g->arena, "%s_r%zu_parent_columns", S, r), fk->ref_columns.v, fk->ref_columns.n);
    }
    if (en->refs.n) {
        out(g, "static const ddbc_rt_reference %s_references[] = {\n", S);
        for (size_t r = 0; r < en->refs.n; r++)
            out(g, "    {&%s, %s_r%zu_columns, %s_r%zu_parent_columns, %zu, %s},\n", ent_must(g, en->refs.v[r]->to)->sym, S, r,
                S, r, en->refs.v[r]->columns.n, en->refs.v[r]->on_delete == DDBC_REF_CASCADE ? "true" : "false");
        put(g, "};\n");
    }
    size_t ncopies = 0;
    for (size_t k = 0; k < ep->copies.n; k++) {
        const ddbc_copy *cp = &ep->copies.v[k];
        for (size_t r = 0; r < en->refs.n; r++)
            if (en->refs.v[r] == cp->via) ncopies++;
    }
    if (ncopies) {
        out(g, "static const ddbc_rt_copy %s_copies[] = {\n", S);
        for (size_t k = 0; k < ep->copies.n; k++) {
            const ddbc_copy *cp = &ep->copies.v[k];
            for (size_t r = 0; r < en->refs.n; r++) {
                if (en->refs.v[r] != cp->via) continue;
                put(g, "    {");
                c_string(g->sb, cp->attr);
                put(g, ", ");
                c_string(g->sb, cp->column->name);
                out(g, ", &%s_references[%zu]},\n", S, r);
            }
        }
        put(g, "};\n");
    }
    put(g, "\n");
}

/* ---- operands, filters, requests --------------------------------------------------- */

/* What a request's operands mean where it is emitted. */
typedef struct octx {
    const ddbc_query *q;                /* whose params and bindings operands name */
    const ddbc_foreign_key *param_fk;   /* children look-ups: param i is the parent's
                                           (binding 0) attribute fk->ref_columns[i] */
    const ddbc_predicate *fan;          /* the IN the request fans out over; NULL */
    int self;                           /* the binding whose items the request reads */
    int source;                         /* follow-ups: the binding feeding its key */
    const char *fail;                   /* set when something cannot be expressed */
} octx;

/* The attribute on binding `self`'s items that holds colref c: its own
 * column, a foreign key column for the parent's key, or a copied attribute. */
static const char *attr_on(const gen *g, const octx *x, const ddbc_colref *c)
{
    if (!x->q || c->binding == x->self || c->binding < 0 || (size_t)c->binding >= x->q->bindings.n)
        return c->column->name;
    const ddbc_join *j = child_join(x->q, x->self, c->binding);
    if (!j) return c->column->name;
    for (size_t i = 0; i < j->fk->ref_columns.n; i++)
        if (j->fk->ref_columns.v[i] == c->column) return j->fk->columns.v[i]->name;
    const ent *en = ent_of(g, x->q->bindings.v[x->self].entity);
    for (size_t k = 0; en && k < en->ep->copies.n; k++)
        if (en->ep->copies.v[k].column == c->column && en->ep->copies.v[k].via == j->fk) return en->ep->copies.v[k].attr;
    return c->column->name;
}

static void literal_operand(gen *g, const ddbc_expr *lit)
{
    put(g, ".kind = DDBC_RT_ARG_LITERAL, .literal = ");
    if (!lit || lit->kind == DDBC_EXPR_NULL) put(g, "NULL");
    else if (lit->kind == DDBC_EXPR_BOOL) put(g, lit->boolval ? "\"true\"" : "\"false\"");
    else c_string(g->sb, lit->text ? lit->text : "");
}

static void operand_body(gen *g, octx *x, const ddbc_operand *o, const ddbc_column *against, bool fan)
{
    if (fan) {
        put(g, ".kind = DDBC_RT_ARG_FAN_OUT");
    } else if (o->kind == DDBC_OPERAND_PARAM && x->param_fk) {
        out(g, ".kind = DDBC_RT_ARG_ATTR, .binding = 0, .attr = ");
        c_string(g->sb, (size_t)o->param < x->param_fk->ref_columns.n ? x->param_fk->ref_columns.v[o->param]->name : "");
    } else if (o->kind == DDBC_OPERAND_PARAM) {
        out(g, ".kind = DDBC_RT_ARG_PARAM, .param = %d", o->param);
    } else if (o->kind == DDBC_OPERAND_LITERAL) {
        literal_operand(g, o->literal);
    } else {
        /* a value read from an earlier item: the follow-up's source binding */
        int b = o->column.binding;
        const char *attr = o->column.column->name;
        if (x->q && b != x->source && b >= 0 && x->source >= 0) {
            const ddbc_join *j = child_join(x->q, x->source, b);
            for (size_t i = 0; j && i < j->fk->ref_columns.n; i++)
                if (j->fk->ref_columns.v[i] == o->column.column) {
                    attr = j->fk->columns.v[i]->name;
                    b = x->source;
                }
        }
        out(g, ".kind = DDBC_RT_ARG_ATTR, .binding = %d, .attr = ", b);
        c_string(g->sb, attr);
    }
    if (against) out(g, ", .vkind = %s, .keyenc = %s", rt_kind(against->type.cls), keyenc_name(against->type.cls));
}

static void emit_operand(gen *g, octx *x, const ddbc_operand *o, const ddbc_column *against, bool fan)
{
    put(g, "    {");
    operand_body(g, x, o, against, fan);
    put(g, "},\n");
}

static const char *rt_op(ddbc_pred_op op)
{
    switch (op) {
    case DDBC_PRED_EQ: return "DDBC_RT_EQ";
    case DDBC_PRED_NE: return "DDBC_RT_NE";
    case DDBC_PRED_LT: return "DDBC_RT_LT";
    case DDBC_PRED_LE: return "DDBC_RT_LE";
    case DDBC_PRED_GT: return "DDBC_RT_GT";
    case DDBC_PRED_GE: return "DDBC_RT_GE";
    case DDBC_PRED_BETWEEN: return "DDBC_RT_BETWEEN";
    case DDBC_PRED_BEGINS_WITH: return "DDBC_RT_BEGINS_WITH";
    case DDBC_PRED_IN: return "DDBC_RT_IN";
    case DDBC_PRED_IS_NULL: return "DDBC_RT_IS_NULL";
    case DDBC_PRED_IS_NOT_NULL: return "DDBC_RT_IS_NOT_NULL";
    case DDBC_PRED_LIKE: return "DDBC_RT_LIKE";
    }
    return NULL;
}

/* Filters (reads) or conditions (writes): the arrays `<tag>_f<i>_args`, then
 * `<tag>_filters`.  Returns how many. */
static size_t emit_filters(gen *g, octx *x, const char *tag, const ddbc_predicate *const *prs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const ddbc_predicate *pr = prs[i];
        if (pr->op == DDBC_PRED_LIKE && pr->ilike) {
            /* case folding is locale-dependent in SQL: not imitated in memory */
            x->fail = ddbc_arena_printf(g->arena, "the condition on %s is an ILIKE pattern, whose "
                                        "case folding the runtime does not reproduce",
                                        pr->column.column->name);
            return 0;
        }
        for (size_t a = 0; a < pr->operands.n; a++)
            if (pr->operands.v[a].kind == DDBC_OPERAND_COLUMN &&
                pr->operands.v[a].column.binding != x->self) {
                x->fail = ddbc_arena_printf(g->arena, "the condition on %s compares it with a "
                                            "column of another table", pr->column.column->name);
                return 0;
            }
        if (!pr->operands.n) continue;
        out(g, "static const ddbc_rt_operand %s_f%zu_args[] = {\n", tag, i);
        for (size_t a = 0; a < pr->operands.n; a++) {
            const ddbc_operand *o = &pr->operands.v[a];
            if (o->kind == DDBC_OPERAND_COLUMN) {
                put(g, "    {.kind = DDBC_RT_ARG_ATTR, .binding = ");
                out(g, "%d, .attr = ", x->self);
                c_string(g->sb, o->column.column->name);
                out(g, ", .vkind = %s, .keyenc = %s},\n", rt_kind(pr->column.column->type.cls),
                    keyenc_name(pr->column.column->type.cls));
                continue;
            }
            emit_operand(g, x, o, pr->column.column, false);
        }
        put(g, "};\n");
    }
    if (!n) return 0;
    out(g, "static const ddbc_rt_filter %s_filters[] = {\n", tag);
    for (size_t i = 0; i < n; i++) {
        const ddbc_predicate *pr = prs[i];
        put(g, "    {");
        c_string(g->sb, attr_on(g, x, &pr->column));
        out(g, ", %s, %s, ", rt_op(pr->op), pr->negated ? "true" : "false");
        if (pr->operands.n) out(g, "%s_f%zu_args, %zu},\n", tag, i, pr->operands.n);
        else put(g, "NULL, 0},\n");
    }
    put(g, "};\n");
    return n;
}

/* Whether key part `part` of a fanned-out request takes the IN's values. */
static bool fan_part(const gen *g, const octx *x, const ddbc_key_part *part)
{
    if (!x->fan) return false;
    if (part->column == x->fan->column.column) return true;
    return !strcmp(part_attr(part), attr_on(g, x, &x->fan->column));
}

static bool emit_bound_args(gen *g, octx *x, const char *name, const ddbc_key_bound *b)
{
    if (!b->tmpl || !b->args.n) return false;
    out(g, "static const ddbc_rt_operand %s[] = {\n", name);
    size_t arg = 0;
    for (int i = 0; i < b->nparts && (size_t)i < b->tmpl->parts.n; i++) {
        const ddbc_key_part *part = &b->tmpl->parts.v[i];
        if (part->kind != DDBC_PART_COLUMN || arg >= b->args.n) continue;
        emit_operand(g, x, &b->args.v[arg++], part->column, fan_part(g, x, part));
    }
    put(g, "};\n");
    return true;
}

static void bound_init(gen *g, octx *x, const char *args, const ddbc_key_bound *b, bool has_args)
{
    static const char *const ends[] = {"DDBC_RT_END_EXACT", "DDBC_RT_END_PREFIX", "DDBC_RT_END_AFTER", "DDBC_RT_END_RAW"};
    if (!b->tmpl) {
        put(g, "{NULL, 0, NULL, 0, DDBC_RT_END_EXACT}");
        return;
    }
    const char *t = template_ref(g, b->tmpl);
    if (!t) {
        x->fail = "a key template of its request is not among the entities' keys";
        t = "NULL";
    }
    out(g, "{%s, %d, %s, %zu, %s}", t, b->nparts, has_args ? args : "NULL", has_args ? b->args.n : 0, ends[b->end]);
}

/* The arrays a request refers to, named `<tag>_…`. */
static void emit_request_deps(gen *g, octx *x, const char *tag, const ddbc_request *r, const int *binds)
{
    const ddbc_query *q = x->q;
    x->fan = r->fan_out_param >= 0 && q && (size_t)r->fan_out_param < q->predicates.n ? &q->predicates.v[r->fan_out_param] : NULL;
    emit_bound_args(g, x, ddbc_arena_printf(g->arena, "%s_pk_args", tag), &r->pk);
    if (r->sk_op != DDBC_SK_NONE) emit_bound_args(g, x, ddbc_arena_printf(g->arena, "%s_lo_args", tag), &r->sk_lo);
    if (r->sk_op == DDBC_SK_BETWEEN) emit_bound_args(g, x, ddbc_arena_printf(g->arena, "%s_hi_args", tag), &r->sk_hi);
    emit_filters(g, x, tag, r->filters.v, r->filters.n);
    out(g, "static const ddbc_rt_entity *const %s_returns[] = {", tag);
    for (size_t i = 0; i < r->returns.n; i++) {
        const ent *en = ent_of(g, r->returns.v[i]);
        out(g, "%s&%s", i ? ", " : "", en ? en->sym : "NULL");
    }
    put(g, "};\n");
    out(g, "static const int %s_binds[] = {", tag);
    for (size_t i = 0; i < r->returns.n; i++) out(g, "%s%d", i ? ", " : "", binds ? binds[i] : 0);
    put(g, "};\n");
    if (x->fan) {
        out(g, "static const ddbc_rt_operand %s_fan_out[] = {\n", tag);
        for (size_t i = 0; i < x->fan->operands.n; i++) emit_operand(g, x, &x->fan->operands.v[i], x->fan->column.column, false);
        put(g, "};\n");
    }
}

static void emit_request_init(gen *g, octx *x, const char *tag, const ddbc_request *r, int source, const char *join,
                              const char *indent)
{
    static const char *const ops[] = {"DDBC_RT_GET_ITEM", "DDBC_RT_BATCH_GET_ITEM", "DDBC_RT_QUERY"};
    static const char *const sk_ops[] = {"DDBC_RT_SK_NONE", "DDBC_RT_SK_EQ", "DDBC_RT_SK_BEGINS_WITH", "DDBC_RT_SK_BETWEEN"};
    const ddbc_index *ix = index_by_number(g->d, r->index);
    const ddbc_query *q = x->q;
    x->fan = r->fan_out_param >= 0 && q && (size_t)r->fan_out_param < q->predicates.n ? &q->predicates.v[r->fan_out_param] : NULL;
    int op = r->op == DDBC_OP_GET_ITEM ? 0 : r->op == DDBC_OP_BATCH_GET_ITEM ? 1 : 2;
    if (r->op != DDBC_OP_GET_ITEM && r->op != DDBC_OP_BATCH_GET_ITEM && r->op != DDBC_OP_QUERY)
        x->fail = "a request is not a GetItem, BatchGetItem or Query";
    out(g, "%s{\n%s    .op = %s,\n%s    .index = ", indent, indent, ops[op], indent);
    c_string(g->sb, r->index && ix ? ix->name : NULL);
    out(g, ",\n%s    .pk_attr = ", indent);
    c_string(g->sb, ix ? ix->pk_attr : g->d->pk_attr);
    put(g, ", .sk_attr = ");
    c_string(g->sb, ix ? ix->sk_attr : g->d->sk_attr);
    out(g, ",\n%s    .pk = ", indent);
    bound_init(g, x, ddbc_arena_printf(g->arena, "%s_pk_args", tag), &r->pk, r->pk.args.n > 0);
    out(g, ",\n%s    .sk_op = %s,\n", indent, sk_ops[r->sk_op]);
    if (r->sk_op != DDBC_SK_NONE) {
        out(g, "%s    .sk_lo = ", indent);
        bound_init(g, x, ddbc_arena_printf(g->arena, "%s_lo_args", tag), &r->sk_lo, r->sk_lo.args.n > 0);
        put(g, ",\n");
    }
    if (r->sk_op == DDBC_SK_BETWEEN) {
        out(g, "%s    .sk_hi = ", indent);
        bound_init(g, x, ddbc_arena_printf(g->arena, "%s_hi_args", tag), &r->sk_hi, r->sk_hi.args.n > 0);
        put(g, ",\n");
    }
    if (r->filters.n) out(g, "%s    .filters = %s_filters, .nfilters = %zu,\n", indent, tag, r->filters.n);
    out(g, "%s    .scan_forward = %s,\n", indent, r->scan_forward ? "true" : "false");
    if (r->has_limit && r->limit.kind == DDBC_OPERAND_PARAM)
        out(g, "%s    .limit_param = %d, .limit = 0,\n", indent, r->limit.param);
    else if (r->has_limit && r->limit.literal && r->limit.literal->text)
        out(g, "%s    .limit_param = -1, .limit = %ld,\n", indent, strtol(r->limit.literal->text, NULL, 10));
    else
        out(g, "%s    .limit_param = -1, .limit = 0,\n", indent);
    if (r->limit_extra) out(g, "%s    .limit_extra = %d,\n", indent, r->limit_extra);
    out(g, "%s    .returns = %s_returns, .binds = %s_binds, .nreturns = %zu,\n", indent, tag, tag, r->returns.n);
    if (x->fan) out(g, "%s    .fan_out = %s_fan_out, .nfan_out = %zu,\n", indent, tag, x->fan->operands.n);
    out(g, "%s    .join = %s, .source_binding = %d,\n%s}", indent, join, source, indent);
}

/* ---- children and the entity descriptors -------------------------------------------- */

/* The index of copy `cp` in the child's emitted copies array, or -1. */
static long copy_index(const ent *child, const ddbc_copy *cp)
{
    long n = 0;
    for (size_t k = 0; k < child->ep->copies.n; k++) {
        const ddbc_copy *c = &child->ep->copies.v[k];
        bool emitted = false;
        for (size_t r = 0; r < child->refs.n; r++) emitted |= child->refs.v[r] == c->via;
        if (c == cp) return emitted ? n : -1;
        if (emitted) n++;
    }
    return -1;
}

/* A query that finds the child's items by its foreign key, as the planner's
 * cascade and fan-out notes do (ddbc_plan_locate): equalities fk column =
 * parameter i, so parameter i is the parent's referenced column. */
static const ddbc_query *children_query(ddbc_arena *arena, const ddbc_foreign_key *fk)
{
    ddbc_query *q = DDBC_NEW(arena, ddbc_query);
    q->name = fk->from->name;
    q->stmt = DDBC_STMT_UPDATE;
    q->span = fk->from->span;
    q->root = fk->from;
    ddbc_binding b = {.entity = fk->from, .alias = fk->from->name, .span = fk->from->span};
    DDBC_VEC_PUSH(arena, q->bindings, b);
    for (size_t i = 0; i < fk->columns.n; i++) {
        ddbc_column *c = fk->columns.v[i];
        ddbc_param prm = {.number = (int)i + 1, .name = c->name, .type = c->type, .column = c, .span = c->span};
        DDBC_VEC_PUSH(arena, q->params, prm);
        ddbc_predicate pr = {.column = {.binding = 0, .column = c, .span = c->span}, .op = DDBC_PRED_EQ, .span = c->span};
        ddbc_operand o = {.kind = DDBC_OPERAND_PARAM, .param = (int)i, .span = c->span};
        DDBC_VEC_PUSH(arena, pr.operands, o);
        DDBC_VEC_PUSH(arena, q->predicates, pr);
    }
    return q;
}

/* Children of each entity: the foreign keys pointing at it that cascade on
 * delete or feed copies, each with the request that finds them. */
static void emit_children(gen *g, ent *en, ddbc_arena *scratch)
{
    DDBC_VEC(const char *) inits = {NULL, 0, 0};
    for (size_t i = 0; i < g->nents; i++) {
        ent *child = &g->ents[i];
        for (size_t r = 0; r < child->refs.n; r++) {
            const ddbc_foreign_key *fk = child->refs.v[r];
            if (fk->to != en->ep->entity) continue;
            bool cascade = fk->on_delete == DDBC_REF_CASCADE;
            size_t ncopies = 0;
            for (size_t k = 0; k < child->ep->copies.n; k++)
                if (child->ep->copies.v[k].via == fk && copy_index(child, &child->ep->copies.v[k]) >= 0) ncopies++;
            if (!cascade && !ncopies) continue;
            const char *tag = ddbc_arena_printf(g->arena, "%s_ch%zu", en->sym, inits.n);
            const ddbc_query *q = children_query(scratch, fk);
            ddbc_request req;
            memset(&req, 0, sizeof req);
            if (!ddbc_plan_locate(g->d, q, scratch, &req)) {
                out(g, "/* %s: no index finds %s by its foreign key, so deleting %s does not cascade to it "
                       "and copies on it are not fanned out (only a Scan could find them) */\n",
                    cmt(g->arena, child->ep->entity->name), cmt(g->arena, child->ep->entity->name),
                    cmt(g->arena, en->ep->entity->name));
                continue;
            }
            ddbc_strbuf *saved = g->sb, tmp = DDBC_STRBUF_INIT;
            g->sb = &tmp;
            octx x = {.q = q, .param_fk = fk, .self = 0, .source = 0};
            int binds[1] = {0};
            out(g, "/* %s of %s, found by ", cmt(g->arena, child->ep->entity->name), cmt(g->arena, en->ep->entity->name));
            comment_text(g->sb, req.key_condition);
            put(g, " */\n");
            emit_request_deps(g, &x, tag, &req, binds);
            out(g, "static const ddbc_rt_request %s_find = ", tag);
            emit_request_init(g, &x, tag, &req, 0, "DDBC_RT_JOIN_NONE", "");
            put(g, ";\n");
            if (ncopies) {
                out(g, "static const ddbc_rt_copy *const %s_copies[] = {", tag);
                size_t n = 0;
                for (size_t k = 0; k < child->ep->copies.n; k++) {
                    long at = child->ep->copies.v[k].via == fk ? copy_index(child, &child->ep->copies.v[k]) : -1;
                    if (at >= 0) out(g, "%s&%s_copies[%ld]", n++ ? ", " : "", child->sym, at);
                }
                put(g, "};\n");
            }
            g->sb = saved;
            if (x.fail) {
                out(g, "/* %s: its look-up cannot be expressed (%s) */\n", cmt(g->arena, child->ep->entity->name),
                    cmt(g->arena, x.fail));
                ddbc_strbuf_free(&tmp);
                continue;
            }
            ddbc_strbuf_append(g->sb, tmp.data, tmp.len);
            ddbc_strbuf_free(&tmp);
            const char *init = ddbc_arena_printf(g->arena, "    {&%s, &%s_find, %s, %s%s, %zu},\n", child->sym, tag,
                                                 cascade ? "true" : "false", ncopies ? tag : "NULL",
                                                 ncopies ? "_copies" : "", ncopies);
            DDBC_VEC_PUSH(g->arena, inits, init);
        }
    }
    if (inits.n) {
        out(g, "static const ddbc_rt_children %s_children[] = {\n", en->sym);
        for (size_t i = 0; i < inits.n; i++) put(g, inits.v[i]);
        put(g, "};\n");
    }
    const ddbc_entity_plan *ep = en->ep;
    const ddbc_entity *e = ep->entity;
    const char *S = en->sym;
    size_t ncopies = 0;
    for (size_t k = 0; k < ep->copies.n; k++) ncopies += copy_index(en, &ep->copies.v[k]) >= 0;
    out(g, "static const ddbc_rt_entity %s = {\n    .name = ", S);
    c_string(g->sb, e->name);
    put(g, ",\n    .tag = ");
    c_string(g->sb, ep->tag);
    put(g, ",\n");
    if (e->columns.n) out(g, "    .columns = %s_columns, .ncolumns = %zu,\n", S, e->columns.n);
    if (e->primary_key && e->primary_key->columns.n)
        out(g, "    .primary_key = %s_primary_key, .nprimary_key = %zu,\n", S, e->primary_key->columns.n);
    if (en->nkeys) out(g, "    .key_columns = %s_key_columns, .nkey_columns = %zu,\n", S, en->nkeys);
    if (ep->keys.n) out(g, "    .keys = %s_keys, .nkeys = %zu,\n", S, ep->keys.n);
    if (ep->unique_guards.n) out(g, "    .uniques = %s_uniques, .nuniques = %zu,\n", S, ep->unique_guards.n);
    if (ep->counters.n) out(g, "    .counters = %s_counters, .ncounters = %zu,\n", S, ep->counters.n);
    if (en->refs.n) out(g, "    .references = %s_references, .nreferences = %zu,\n", S, en->refs.n);
    if (ncopies) out(g, "    .copies = %s_copies, .ncopies = %zu,\n", S, ncopies);
    if (inits.n) out(g, "    .children = %s_children, .nchildren = %zu,\n", S, inits.n);
    put(g, "};\n\n");
}

/* ---- typed code: parameters ---------------------------------------------------------- */

/* A parameter's declaration as the header shows it. */
static void param_decl(gen *g, vkind k, bool nullable, bool slice, const char *name, const char *extra)
{
    if (slice) {
        const char *t = k == VK_I64 ? "const int64_t *" : k == VK_F64 ? "const double *"
                        : k == VK_BOOL ? "const bool *" : "const char *const *";
        out(g, "%s%s, size_t %s", t, name, extra);
    } else if (k == VK_BIN) {
        out(g, "const void *%s, size_t %s", name, extra);
    } else if (is_pointer(k)) {
        out(g, "const char *%s", name);
    } else if (nullable) {
        out(g, "const %s *%s", scalar_type(k), name);
    } else {
        out(g, "%s %s", scalar_type(k), name);
    }
}

/* `if (st == DDBC_RT_OK) st = <put the parameter into item `it` as `key`>;` */
static void param_put(gen *g, const char *it, const char *key, vkind k, bool nullable, bool slice,
                      const char *name, const char *extra)
{
    out(g, "    if (st == DDBC_RT_OK) st = ");
    if (slice) {
        static const int lists[] = {H_PUT_S_LIST, H_PUT_N_LIST, H_PUT_I64_LIST, H_PUT_F64_LIST, H_PUT_BOOL_LIST, H_PUT_S_LIST};
        use(g, lists[k]);
        out(g, "%s__put_%s_list(%s, \"%s\", %s, %s);\n", g->prefix, kind_suffix(k), it, key, name, extra);
        return;
    }
    use(g, put_helper(k));
    if (k == VK_BIN) out(g, "%s__put_b(%s, \"%s\", %s, %s, true);\n", g->prefix, it, key, name, extra);
    else if (is_pointer(k)) out(g, "%s__put_%s(%s, \"%s\", %s, true);\n", g->prefix, kind_suffix(k), it, key, name);
    else if (nullable)
        out(g, "%s__put_%s(%s, \"%s\", %s ? *%s : %s, %s != NULL, true);\n", g->prefix, kind_suffix(k), it, key, name,
            name, k == VK_BOOL ? "false" : "0", name);
    else out(g, "%s__put_%s(%s, \"%s\", %s, true, true);\n", g->prefix, kind_suffix(k), it, key, name);
}

/* Reflection thunks: locals a<i> for argument i, read from av expression `v`. */
static void arg_local(gen *g, int i, vkind k, bool slice)
{
    if (slice) {
        const char *t = k == VK_I64 ? "int64_t *" : k == VK_F64 ? "double *" : k == VK_BOOL ? "bool *" : "const char **";
        out(g, "    %sa%d = NULL;\n    size_t a%d_count = 0;\n", t, i, i);
    } else if (k == VK_BIN) {
        out(g, "    const void *a%d = NULL;\n    size_t a%d_len = 0;\n", i, i);
    } else if (is_pointer(k)) {
        out(g, "    const char *a%d = NULL;\n", i);
    } else {
        out(g, "    %s a%d = %s;\n    bool a%d_has = false;\n", scalar_type(k), i, k == VK_BOOL ? "false" : "0", i);
    }
}

static void arg_read(gen *g, int i, vkind k, bool slice, const char *v)
{
    out(g, "    if (st == DDBC_RT_OK) st = ");
    if (slice) {
        static const int lists[] = {H_ARG_S_LIST, H_ARG_S_LIST, H_ARG_I64_LIST, H_ARG_F64_LIST, H_ARG_BOOL_LIST, H_ARG_S_LIST};
        use(g, lists[k]);
        out(g, "%s__arg_%s_list(%s, &a%d, &a%d_count);\n", g->prefix, get_suffix(k), v, i, i);
        return;
    }
    use(g, arg_helper(k));
    if (k == VK_BIN) out(g, "%s__arg_b(%s, &a%d, &a%d_len);\n", g->prefix, v, i, i);
    else if (is_pointer(k)) out(g, "%s__arg_s(%s, &a%d);\n", g->prefix, v, i);
    else out(g, "%s__arg_%s(%s, &a%d, &a%d_has);\n", g->prefix, kind_suffix(k), v, i, i);
}

static void arg_pass(gen *g, int i, vkind k, bool nullable, bool slice)
{
    if (slice) out(g, ", a%d, a%d_count", i, i);
    else if (k == VK_BIN) out(g, ", a%d, a%d_len", i, i);
    else if (!is_pointer(k) && nullable) out(g, ", a%d_has ? &a%d : NULL", i, i);
    else out(g, ", a%d", i);
}

static void arg_free(gen *g, int i, bool slice)
{
    if (slice) out(g, "    free(a%d);\n", i);
}

/* ---- typed code: entities -------------------------------------------------------------- */

static const char *table_expr(const gen *g)
{
    return ddbc_arena_printf(g->arena, "ddbc_rt_client_table(c, %s_TABLE_NAME)", g->PREFIX);
}

/* The C initializer of a field in INIT when zero is not its "unset" value: a
 * NOT NULL number or bool column with a DEFAULT, whose zero would be stored
 * as 0/false (pointers and nullable columns say "unset" with NULL / has_x). */
static const char *init_value(gen *g, const field *f)
{
    const ddbc_column *c = f->col;
    if (c->nullable || c->generated || c->auto_increment) return NULL;
    if (f->k != VK_I64 && f->k != VK_F64 && f->k != VK_BOOL) return NULL;
    if (c->def.kind != DDBC_DEFAULT_STRING && c->def.kind != DDBC_DEFAULT_NUMBER && c->def.kind != DDBC_DEFAULT_BOOL)
        return NULL;
    const char *v = c->def.value ? c->def.value : "";
    char *end = NULL;
    if (f->k == VK_BOOL) {
        /* as ddbc_rt_av_from_text reads a BOOL default */
        static const char *const yes[] = {"true", "TRUE", "True", "t", "1"};
        for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
            if (!strcmp(v, yes[i])) return "true";
        if (c->def.kind == DDBC_DEFAULT_NUMBER && strtod(v, &end) != 0 && end && !*end) return "true";
        return NULL;
    }
    double d = strtod(v, &end);
    if (!*v || !end || *end || d != d) return NULL;
    if (f->k == VK_F64) {
        if (d == 0 || d > 1.7976931348623157e308 || d < -1.7976931348623157e308) return NULL;
        return ddbc_arena_printf(g->arena, "%.17g", d);
    }
    /* integers: exact text when it is one, else an integral decimal ("1.0") */
    long long i = strtoll(v, &end, 10);
    if (*end) {
        if (d != (double)(long long)d || d >= 9.2233720368547758e18 || d < -9.2233720368547758e18) return NULL;
        i = (long long)d;
    }
    if (i == 0) return NULL;
    if (i == INT64_MIN) return "INT64_MIN";
    return ddbc_arena_printf(g->arena, "INT64_C(%lld)", i);
}

/* INIT: {0}, or every member in order when a DEFAULT is not zero (positional,
 * so the macro also works in C++, which lacks C's designated initializers
 * before C++20). */
static const char *init_text(gen *g, const ent *en)
{
    bool any = false;
    for (size_t c = 0; c < en->nfields && !any; c++) any = init_value(g, &en->fields[c]) != NULL;
    if (!any) return "{0}";
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    ddbc_strbuf_puts(&sb, "{");
    for (size_t c = 0; c < en->nfields; c++) {
        const field *f = &en->fields[c];
        const char *v = init_value(g, f);
        if (c) ddbc_strbuf_puts(&sb, ", ");
        ddbc_strbuf_puts(&sb, v ? v : is_pointer(f->k) ? "NULL" : f->k == VK_BOOL ? "false" : "0");
        if (f->len) ddbc_strbuf_puts(&sb, ", 0");
        if (f->has) ddbc_strbuf_puts(&sb, ", false");
    }
    ddbc_strbuf_puts(&sb, "}");
    const char *r = ddbc_arena_strndup(g->arena, sb.data, sb.len);
    ddbc_strbuf_free(&sb);
    return r;
}

static void entity_header(gen *g, const ent *en)
{
    const ddbc_entity *e = en->ep->entity;
    const char *where = span_where(g, e->span);
    put(g, "/* ---- ");
    comment_text(g->sb, e->name);
    if (where) {
        put(g, " (");
        comment_text(g->sb, where);
        put(g, ")");
    }
    put(g, " */\n\n");
    out(g, "typedef struct %s {\n", en->type);
    for (size_t c = 0; c < en->nfields; c++) {
        const field *f = &en->fields[c];
        out(g, "    %s%s;", field_type(f->k), f->name);
        if (f->k == VK_DEC) put(g, " /* decimal text */");
        put(g, "\n");
        if (f->len) out(g, "    size_t %s;\n", f->len);
        if (f->has) out(g, "    bool %s;\n", f->has);
    }
    if (!en->nfields) put(g, "    char unused_;\n");
    out(g, "} %s;\n\n", en->type);
    const char *init = init_text(g, en);
    if (strcmp(init, "{0}"))
        put(g, "/* Unset: NULL pointers, false presence flags, and each NOT NULL number or\n"
               " * bool column at its DEFAULT, so a put of an untouched field stores the DEFAULT. */\n");
    out(g, "#define %s %s\n\n", en->macro, init);
    out(g, "/* Frees the row's strings and resets it to %s; accepts NULL. */\n", en->macro);
    out(g, "void %s_free(%s *row);\n", en->type, en->type);
    out(g, "/* Create: generated ids and DEFAULTs of unset columns are filled back into row;\n"
           " * DDBC_RT_UNIQUE_VIOLATION when a UNIQUE value or the key is taken. */\n");
    out(g, "ddbc_rt_status %s_put(ddbc_rt_client *c, %s *row);\n", en->type, en->type);
    out(g, "/* By base key; DDBC_RT_NOT_FOUND when absent.  *out is overwritten. */\n");
    out(g, "ddbc_rt_status %s_get(ddbc_rt_client *c", en->type);
    for (size_t k = 0; k < en->nkeys; k++) {
        put(g, ", ");
        param_decl(g, value_kind(en->keys[k].col->type.cls), false, false, en->keys[k].param,
                   ddbc_arena_printf(g->arena, "%s_len", en->keys[k].param));
    }
    out(g, ", %s *out);\n", en->type);
    out(g, "/* Every column set to the row's values; the item is found by its base key. */\n");
    out(g, "ddbc_rt_status %s_update(ddbc_rt_client *c, const %s *row);\n", en->type, en->type);
    out(g, "ddbc_rt_status %s_delete(ddbc_rt_client *c", en->type);
    for (size_t k = 0; k < en->nkeys; k++) {
        put(g, ", ");
        param_decl(g, value_kind(en->keys[k].col->type.cls), false, false, en->keys[k].param,
                   ddbc_arena_printf(g->arena, "%s_len", en->keys[k].param));
    }
    put(g, ");\n\n");
}

/* The key item from the get/delete parameters, or (row != NULL) from a row. */
static void key_from(gen *g, const ent *en, const char *row)
{
    for (size_t k = 0; k < en->nkeys; k++) {
        const keycol *kc = &en->keys[k];
        vkind vk = value_kind(kc->col->type.cls);
        const char *key = ddbc_arena_printf(g->arena, "%s", kc->attr);
        ddbc_strbuf esc = DDBC_STRBUF_INIT;
        c_string(&esc, key);
        /* param_put quotes the key itself: pass the escaped text without quotes */
        const char *k_esc = ddbc_arena_strndup(g->arena, esc.data + 1, esc.len - 2);
        ddbc_strbuf_free(&esc);
        if (row && !kc->f) {
            out(g, "    /* %s is copied from a parent: not in the row */\n", cmt(g->arena, kc->attr));
            continue;
        }
        const char *name = row ? ddbc_arena_printf(g->arena, "%s->%s", row, kc->f->name) : kc->param;
        const char *extra = row ? (kc->f->len ? ddbc_arena_printf(g->arena, "%s->%s", row, kc->f->len) : "0")
                                : ddbc_arena_printf(g->arena, "%s_len", kc->param);
        param_put(g, "&key", k_esc, vk, false, false, name, extra);
    }
}

static void entity_code(gen *g, const ent *en)
{
    const ddbc_entity *e = en->ep->entity;
    const char *T = en->type, *S = en->sym, *P = g->prefix;
    const char *table = table_expr(g);
    /* free */
    out(g, "void %s_free(%s *row)\n{\n    if (!row) return;\n", T, T);
    for (size_t c = 0; c < en->nfields; c++)
        if (is_pointer(en->fields[c].k)) out(g, "    free(row->%s);\n", en->fields[c].name);
    out(g, "    *row = (%s)%s;\n}\n\n", T, en->macro);
    /* pack */
    out(g, "/* The row as an item.  create: unset generated ids and NULL columns are left\n"
           " * out, so the engine fills ids and DEFAULTs; else NULL columns are written NULL. */\n");
    out(g, "static ddbc_rt_status %s_pack(const %s *row, bool create, ddbc_rt_item *it)\n{\n", S, T);
    size_t nput = 0;
    for (size_t c = 0; c < en->nfields; c++) nput += !en->fields[c].col->generated;
    /* one allocation for the attribute array instead of a doubling series */
    if (nput) out(g, "    ddbc_rt_status st = ddbc_rt_item_reserve(it, %zu);\n", nput);
    else out(g, "    ddbc_rt_status st = DDBC_RT_OK;\n");
    bool any = false;
    for (size_t c = 0; c < en->nfields; c++) {
        const field *f = &en->fields[c];
        if (f->col->generated) continue;
        any = true;
        use(g, put_helper(f->k));
        out(g, "    if (st == DDBC_RT_OK) st = %s__put_%s(it, ", P, kind_suffix(f->k));
        c_string(g->sb, f->col->name);
        if (f->k == VK_BIN) out(g, ", row->%s, row->%s, !create);\n", f->name, f->len);
        else if (is_pointer(f->k)) out(g, ", row->%s, !create);\n", f->name);
        else if (f->has) out(g, ", row->%s, row->%s, !create);\n", f->name, f->has);
        else if (f->col->auto_increment && f->k == VK_I64)
            out(g, ", row->%s, !(create && row->%s == 0), !create);\n", f->name, f->name);
        else out(g, ", row->%s, true, !create);\n", f->name);
    }
    if (!any) put(g, "    (void)row;\n    (void)create;\n    (void)it;\n");
    put(g, "    return st;\n}\n\n");
    /* unpack */
    out(g, "/* An item (a stored row) as the struct; *row is overwritten.  take: NULL, or\n"
           " * `it` itself when it is freed next (its text is moved into the row, not copied). */\n");
    out(g, "static ddbc_rt_status %s_unpack(const ddbc_rt_item *it, ddbc_rt_item *take, %s *row)\n{\n", S, T);
    out(g, "    %s r = %s;\n    ddbc_rt_status st = DDBC_RT_OK;\n", T, en->macro);
    if (!en->nfields) put(g, "    (void)it;\n");
    bool text = false;
    for (size_t c = 0; c < en->nfields; c++) text |= en->fields[c].k == VK_STR || en->fields[c].k == VK_DEC;
    if (!text) put(g, "    (void)take;\n");
    for (size_t c = 0; c < en->nfields; c++) {
        const field *f = &en->fields[c];
        if (init_value(g, f)) {
            /* absent (a row item from a tool): unset, so INIT's DEFAULT stays */
            put(g, "    if (st == DDBC_RT_OK && ddbc_rt_item_get(it, ");
            c_string(g->sb, f->col->name);
            put(g, ")) st = ");
        } else {
            put(g, "    if (st == DDBC_RT_OK) st = ");
        }
        get_call(g, f->k, "it", "take");
        c_string(g->sb, f->col->name);
        if (f->k == VK_BIN) out(g, ", &r.%s, &r.%s);\n", f->name, f->len);
        else if (is_pointer(f->k)) out(g, ", &r.%s);\n", f->name);
        else if (f->has) out(g, ", &r.%s, &r.%s);\n", f->name, f->has);
        else out(g, ", &r.%s, NULL);\n", f->name);
    }
    out(g, "    if (st != DDBC_RT_OK) {\n        %s_free(&r);\n        return st;\n    }\n", T);
    put(g, "    *row = r;\n    return DDBC_RT_OK;\n}\n\n");
    /* put */
    out(g, "ddbc_rt_status %s_put(ddbc_rt_client *c, %s *row)\n{\n", T, T);
    out(g, "    ddbc_rt_item in = DDBC_RT_ITEM_INIT, stored = DDBC_RT_ITEM_INIT;\n");
    out(g, "    %s r = %s;\n", T, en->macro);
    out(g, "    ddbc_rt_status st = %s_pack(row, true, &in);\n", S);
    out(g, "    if (st == DDBC_RT_OK) st = ddbc_rt_entity_create(c, %s, &%s, &in, &stored);\n", table, S);
    out(g, "    if (st == DDBC_RT_OK) st = %s_unpack(&stored, &stored, &r);\n", S);
    out(g, "    if (st == DDBC_RT_OK) {\n        %s_free(row);\n        *row = r;\n    }\n", T);
    put(g, "    ddbc_rt_item_free(&in);\n    ddbc_rt_item_free(&stored);\n    return st;\n}\n\n");
    /* get */
    out(g, "ddbc_rt_status %s_get(ddbc_rt_client *c", T);
    for (size_t k = 0; k < en->nkeys; k++) {
        put(g, ", ");
        param_decl(g, value_kind(en->keys[k].col->type.cls), false, false, en->keys[k].param,
                   ddbc_arena_printf(g->arena, "%s_len", en->keys[k].param));
    }
    out(g, ", %s *out)\n{\n", T);
    put(g, "    ddbc_rt_item key = DDBC_RT_ITEM_INIT, item = DDBC_RT_ITEM_INIT;\n    ddbc_rt_status st = DDBC_RT_OK;\n");
    key_from(g, en, NULL);
    out(g, "    if (st == DDBC_RT_OK) st = ddbc_rt_entity_get(c, %s, &%s, &key, &item);\n", table, S);
    out(g, "    if (st == DDBC_RT_OK) st = %s_unpack(&item, &item, out);\n", S);
    put(g, "    ddbc_rt_item_free(&key);\n    ddbc_rt_item_free(&item);\n    return st;\n}\n\n");
    /* update */
    out(g, "ddbc_rt_status %s_update(ddbc_rt_client *c, const %s *row)\n{\n", T, T);
    put(g, "    ddbc_rt_item key = DDBC_RT_ITEM_INIT, set = DDBC_RT_ITEM_INIT;\n    ddbc_rt_status st = DDBC_RT_OK;\n");
    key_from(g, en, "row");
    out(g, "    if (st == DDBC_RT_OK) st = %s_pack(row, false, &set);\n", S);
    if (e->primary_key && e->primary_key->columns.n) {
        put(g, "    /* the primary key names the item; it is not changed */\n");
        for (size_t i = 0; i < e->primary_key->columns.n; i++) {
            put(g, "    ddbc_rt_item_remove(&set, ");
            c_string(g->sb, e->primary_key->columns.v[i]->name);
            put(g, ");\n");
        }
    }
    out(g, "    if (st == DDBC_RT_OK) st = ddbc_rt_entity_update(c, %s, &%s, &key, &set, NULL, 0, NULL, 0, NULL);\n",
        table, S);
    put(g, "    ddbc_rt_item_free(&key);\n    ddbc_rt_item_free(&set);\n    return st;\n}\n\n");
    /* delete */
    out(g, "ddbc_rt_status %s_delete(ddbc_rt_client *c", T);
    for (size_t k = 0; k < en->nkeys; k++) {
        put(g, ", ");
        param_decl(g, value_kind(en->keys[k].col->type.cls), false, false, en->keys[k].param,
                   ddbc_arena_printf(g->arena, "%s_len", en->keys[k].param));
    }
    put(g, ")\n{\n    ddbc_rt_item key = DDBC_RT_ITEM_INIT;\n    ddbc_rt_status st = DDBC_RT_OK;\n");
    key_from(g, en, NULL);
    out(g, "    if (st == DDBC_RT_OK) st = ddbc_rt_entity_delete(c, %s, &%s, &key, NULL, 0, NULL, 0);\n", table, S);
    put(g, "    ddbc_rt_item_free(&key);\n    return st;\n}\n\n");
}

/* The entity's reflection thunks (ddbc_rt_entity_api). */
static void entity_thunks(gen *g, const ent *en)
{
    const char *T = en->type, *S = en->sym;
    out(g, "static ddbc_rt_status %s_api_create(ddbc_rt_client *c, const ddbc_rt_item *row, ddbc_rt_item *out)\n{\n", S);
    out(g, "    %s r = %s;\n    ddbc_rt_status st = %s_unpack(row, NULL, &r);\n", T, en->macro, S);
    out(g, "    if (st == DDBC_RT_OK) st = %s_put(c, &r);\n", T);
    out(g, "    if (st == DDBC_RT_OK && out) st = %s_pack(&r, false, out);\n", S);
    out(g, "    %s_free(&r);\n    return st;\n}\n\n", T);
    for (int remove = 0; remove < 2; remove++) {
        if (remove)
            out(g, "static ddbc_rt_status %s_api_remove(ddbc_rt_client *c, const ddbc_rt_item *key)\n{\n", S);
        else
            out(g, "static ddbc_rt_status %s_api_get(ddbc_rt_client *c, const ddbc_rt_item *key, ddbc_rt_item *out)\n{\n", S);
        put(g, "    ddbc_rt_status st = DDBC_RT_OK;\n");
        if (!remove) out(g, "    %s r = %s;\n", T, en->macro);
        for (size_t k = 0; k < en->nkeys; k++) arg_local(g, (int)k, value_kind(en->keys[k].col->type.cls), false);
        for (size_t k = 0; k < en->nkeys; k++) {
            ddbc_strbuf v = DDBC_STRBUF_INIT;
            ddbc_strbuf_puts(&v, "ddbc_rt_item_get(key, ");
            c_string(&v, en->keys[k].attr);
            ddbc_strbuf_puts(&v, ")");
            arg_read(g, (int)k, value_kind(en->keys[k].col->type.cls), false, ddbc_strbuf_cstr(&v));
            ddbc_strbuf_free(&v);
        }
        if (!en->nkeys) put(g, "    (void)key;\n");
        out(g, "    if (st == DDBC_RT_OK) st = %s_%s(c", T, remove ? "delete" : "get");
        for (size_t k = 0; k < en->nkeys; k++) arg_pass(g, (int)k, value_kind(en->keys[k].col->type.cls), false, false);
        put(g, remove ? ");\n" : ", &r);\n");
        if (!remove) {
            out(g, "    if (st == DDBC_RT_OK && out) st = %s_pack(&r, false, out);\n", S);
            out(g, "    %s_free(&r);\n", T);
        }
        put(g, "    return st;\n}\n\n");
    }
    out(g, "static ddbc_rt_status %s_api_update(ddbc_rt_client *c, const ddbc_rt_item *row)\n{\n", S);
    out(g, "    %s r = %s;\n    ddbc_rt_status st = %s_unpack(row, NULL, &r);\n", T, en->macro, S);
    out(g, "    if (st == DDBC_RT_OK) st = %s_update(c, &r);\n", T);
    out(g, "    %s_free(&r);\n    return st;\n}\n\n", T);
}

/* ---- patterns: descriptors ------------------------------------------------------------ */

typedef enum row_kind { ROW_ENTITY, ROW_JOIN, ROW_COUNT } row_kind;

static row_kind row_kind_of(const pat *pt)
{
    if (pt->counter) return ROW_COUNT;
    return pt->p->query->bindings.n == 1 ? ROW_ENTITY : ROW_JOIN;
}

/* Whether request r binds column c with an equality in its key (so the
 * WHERE conjunct is answered by the key, not a condition). */
static bool request_binds(const ddbc_request *r, const ddbc_column *c)
{
    const ddbc_key_bound *bs[2] = {&r->pk, r->sk_op != DDBC_SK_NONE ? &r->sk_lo : NULL};
    for (int b = 0; b < 2; b++)
        for (int i = 0; bs[b] && i < bs[b]->nparts && (size_t)i < bs[b]->tmpl->parts.n; i++)
            if (bs[b]->tmpl->parts.v[i].kind == DDBC_PART_COLUMN && bs[b]->tmpl->parts.v[i].column == c) return true;
    return false;
}

/* The operand a located GetItem binds for key attribute `attr`; NULL when none. */
static const ddbc_operand *key_operand(const ddbc_request *r, const char *attr, const ddbc_column **col)
{
    const ddbc_key_bound *bs[2] = {&r->pk, &r->sk_lo};
    for (int b = 0; b < 2; b++) {
        size_t arg = 0;
        for (int i = 0; i < bs[b]->nparts && bs[b]->tmpl && (size_t)i < bs[b]->tmpl->parts.n; i++) {
            const ddbc_key_part *part = &bs[b]->tmpl->parts.v[i];
            if (part->kind != DDBC_PART_COLUMN) continue;
            if (arg < bs[b]->args.n && !strcmp(part_attr(part), attr)) {
                *col = part->column;
                return &bs[b]->args.v[arg];
            }
            arg++;
        }
    }
    return NULL;
}

/* The INSERT's value of `col` (param or literal); NULL when it gives none. */
static const ddbc_operand *inserted_value(const ddbc_query *q, const ddbc_column *col)
{
    for (size_t i = 0; i < q->assignments.n; i++) {
        const ddbc_assignment *a = &q->assignments.v[i];
        if (a->column != col || a->is_default || a->arith) continue;
        if (a->value.kind == DDBC_OPERAND_PARAM || (a->value.kind == DDBC_OPERAND_LITERAL && a->value.literal))
            return &a->value;
    }
    return NULL;
}

/* A column `n = n ± v` can be computed on: integer, decimal or float. */
static bool is_number(vkind k)
{
    return k == VK_I64 || k == VK_DEC || k == VK_F64;
}

/* Close a ddbc_rt_assign initializer; n = n ± v (arith) is computed by the
 * engine on the item it reads, with the column's arithmetic. */
static void assign_end(gen *g, const ddbc_assignment *a)
{
    vkind k = value_kind(a->column->type.cls);
    if (!a->arith) {
        put(g, "}},\n");
        return;
    }
    out(g, "}, .arith = %s, .numeric = %s},\n", a->arith > 0 ? "DDBC_RT_SET_ADD" : "DDBC_RT_SET_SUB",
        k == VK_I64 ? "DDBC_RT_NUM_INTEGER" : k == VK_DEC ? "DDBC_RT_NUM_DECIMAL" : "DDBC_RT_NUM_FLOAT");
}

/* INSERT … ON CONFLICT: the action, its arbiter's columns, the proposed row's
 * base key (to find the row a DO UPDATE changes) and the DO UPDATE SET, whose
 * EXCLUDED.c values are the INSERT's own operands for c. */
static void emit_conflict(gen *g, pat *pt, octx *x, ddbc_strbuf *init)
{
    const ddbc_query *q = pt->p->query;
    const char *Ps = pt->sym;
    const ent *root = pt->root;
    const ddbc_entity *e = root->ep->entity;
    bool update = q->conflict == DDBC_CONFLICT_DO_UPDATE;
    if (q->conflict != DDBC_CONFLICT_DO_NOTHING && !update) {
        x->fail = "its ON CONFLICT action was not checked";
        return;
    }
    bool on_pk = e->primary_key && e->primary_key->columns.n == q->conflict_target.n;
    for (size_t i = 0; on_pk && i < q->conflict_target.n; i++) {
        bool found = false;
        for (size_t j = 0; j < e->primary_key->columns.n && !found; j++)
            found = e->primary_key->columns.v[j] == q->conflict_target.v[i];
        on_pk = found;
    }
    ddbc_strbuf_printf(init, "    .conflict = %s,\n", update ? "DDBC_RT_CONFLICT_UPDATE" : "DDBC_RT_CONFLICT_NOTHING");
    if (q->conflict_target.n) {
        emit_names(g, ddbc_arena_printf(g->arena, "%s_conflict_target", Ps), q->conflict_target.v, q->conflict_target.n);
        ddbc_strbuf_printf(init, "    .conflict_target = %s_conflict_target, .nconflict_target = %zu,\n", Ps,
                           q->conflict_target.n);
    }
    if (on_pk) {
        /* the row a conflict names: the base key of the proposed row */
        out(g, "static const ddbc_rt_operand %s_key[] = {\n", Ps);
        for (size_t k = 0; k < root->nkeys; k++) {
            bool in_pk = false;
            for (size_t j = 0; j < e->primary_key->columns.n; j++) in_pk |= e->primary_key->columns.v[j] == root->keys[k].col;
            if (!in_pk) {
                /* the same primary key under another base key is another item:
                   the create would not collide with it */
                x->fail = ddbc_arena_printf(g->arena, "its base key holds %s beyond the primary key, so a "
                                            "conflicting row need not collide", root->keys[k].attr);
                return;
            }
            const ddbc_operand *o = root->keys[k].f ? inserted_value(q, root->keys[k].col) : NULL;
            if (!o) {
                x->fail = ddbc_arena_printf(g->arena, "the INSERT gives no value for key attribute %s, "
                                            "so the row a conflict names cannot be found", root->keys[k].attr);
                return;
            }
            emit_operand(g, x, o, root->keys[k].col, false);
        }
        if (!root->nkeys) put(g, "    {.kind = DDBC_RT_ARG_LITERAL},\n");
        put(g, "};\n");
        ddbc_strbuf_printf(init, "    .key = %s_key,\n", Ps);
    }
    if (!update || !q->conflict_set.n) return;
    out(g, "static const ddbc_rt_assign %s_conflict_set[] = {\n", Ps);
    for (size_t i = 0; i < q->conflict_set.n; i++) {
        const ddbc_assignment *a = &q->conflict_set.v[i];
        const ddbc_operand *o = a->excluded ? inserted_value(q, a->excluded_column) : &a->value;
        vkind ak = value_kind(a->column->type.cls);
        if (!o || a->column->generated) {
            x->fail = ddbc_arena_printf(g->arena, "its DO UPDATE sets %s to %s", a->column->name,
                                        o ? "a generated column" : "a value the INSERT does not give");
            return;
        }
        if (a->arith && !is_number(ak)) {
            x->fail = ddbc_arena_printf(g->arena, "its DO UPDATE adds to %s, which is not a number", a->column->name);
            return;
        }
        put(g, "    {.attr = ");
        c_string(g->sb, a->column->name);
        put(g, ", .value = {");
        operand_body(g, x, o, a->column, false);
        assign_end(g, a);
    }
    put(g, "};\n");
    ddbc_strbuf_printf(init, "    .conflict_set = %s_conflict_set, .nconflict_set = %zu,\n", Ps, q->conflict_set.n);
}

/* The write half of a pattern's descriptor: SET/VALUES, how rows are found,
 * and the extra conditions.  Fills `init` with the fields to add. */
static void emit_write(gen *g, pat *pt, octx *x, ddbc_arena *scratch, ddbc_strbuf *init)
{
    const ddbc_query *q = pt->p->query;
    const char *Ps = pt->sym;
    static const char *const kinds[] = {"DDBC_RT_INSERT", "DDBC_RT_UPDATE", "DDBC_RT_DELETE"};
    int kind = q->stmt == DDBC_STMT_INSERT ? 0 : q->stmt == DDBC_STMT_UPDATE ? 1 : 2;
    ddbc_strbuf_printf(init, "    .write = %s,\n", kinds[kind]);
    /* SET / VALUES */
    size_t nset = 0;
    ddbc_strbuf set = DDBC_STRBUF_INIT;
    for (size_t i = 0; i < q->assignments.n && !x->fail; i++) {
        const ddbc_assignment *a = &q->assignments.v[i];
        if (a->column->generated) continue;
        if (a->value.kind == DDBC_OPERAND_COLUMN) {
            if (a->value.column.column == a->column) continue;
            x->fail = ddbc_arena_printf(g->arena, "%s is set from another column", a->column->name);
            break;
        }
        if (a->value.kind == DDBC_OPERAND_LITERAL && !a->value.literal && !a->is_default) {
            x->fail = ddbc_arena_printf(g->arena, "%s is set to an expression", a->column->name);
            break;
        }
        vkind ak = value_kind(a->column->type.cls);
        if (a->arith && (kind != 1 || !is_number(ak))) {
            x->fail = ddbc_arena_printf(g->arena, "%s is set to an expression (%s)", a->column->name,
                                        kind != 1 ? "arithmetic in an INSERT" : "arithmetic on a non-number");
            break;
        }
        /* the engine fills DEFAULTs of absent columns on create */
        if (a->is_default && kind == 0) continue;
        ddbc_strbuf *saved = g->sb;
        g->sb = &set;
        put(g, "    {.attr = ");
        c_string(g->sb, a->column->name);
        put(g, ", .value = {");
        if (a->is_default) {
            const ddbc_default *d = &a->column->def;
            if (d->kind == DDBC_DEFAULT_NONE || d->kind == DDBC_DEFAULT_NULL) {
                literal_operand(g, NULL);
            } else if (d->kind == DDBC_DEFAULT_STRING || d->kind == DDBC_DEFAULT_NUMBER || d->kind == DDBC_DEFAULT_BOOL) {
                put(g, ".kind = DDBC_RT_ARG_LITERAL, .literal = ");
                c_string(g->sb, d->value ? d->value : "");
            } else {
                x->fail = ddbc_arena_printf(g->arena, "%s is set to a generated DEFAULT", a->column->name);
            }
            out(g, ", .vkind = %s, .keyenc = %s", rt_kind(a->column->type.cls), keyenc_name(a->column->type.cls));
        } else {
            operand_body(g, x, &a->value, a->column, false);
        }
        assign_end(g, a);
        g->sb = saved;
        nset++;
    }
    if (nset) {
        out(g, "static const ddbc_rt_assign %s_set[] = {\n", Ps);
        ddbc_strbuf_append(g->sb, set.data, set.len);
        put(g, "};\n");
        ddbc_strbuf_printf(init, "    .set = %s_set, .nset = %zu,\n", Ps, nset);
    }
    ddbc_strbuf_free(&set);
    if (kind == 0 && q->upsert && !x->fail) emit_conflict(g, pt, x, init);
    if (kind == 0 || x->fail) return;
    ddbc_request r;
    memset(&r, 0, sizeof r);
    if (!ddbc_plan_locate(g->d, q, scratch, &r)) {
        x->fail = "no index finds its rows";
        return;
    }
    const ent *root = pt->root;
    if (r.op == DDBC_OP_GET_ITEM && r.index == 0) {
        out(g, "static const ddbc_rt_operand %s_key[] = {\n", Ps);
        for (size_t k = 0; k < root->nkeys; k++) {
            const ddbc_column *col = NULL;
            const ddbc_operand *o = key_operand(&r, root->keys[k].attr, &col);
            if (!o) {
                x->fail = ddbc_arena_printf(g->arena, "its WHERE does not give key attribute %s", root->keys[k].attr);
                return;
            }
            emit_operand(g, x, o, col, false);
        }
        if (!root->nkeys) put(g, "    {.kind = DDBC_RT_ARG_LITERAL},\n");
        put(g, "};\n");
        ddbc_strbuf_printf(init, "    .key = %s_key,\n", Ps);
    } else {
        const char *tag = ddbc_arena_printf(g->arena, "%s_locate", Ps);
        int binds[1] = {0};
        emit_request_deps(g, x, tag, &r, binds);
        out(g, "static const ddbc_rt_request %s = ", tag);
        emit_request_init(g, x, tag, &r, 0, "DDBC_RT_JOIN_NONE", "");
        put(g, ";\n");
        ddbc_strbuf_printf(init, "    .locate = &%s,\n", tag);
    }
    DDBC_VEC(const ddbc_predicate *) where = {NULL, 0, 0};
    for (size_t i = 0; i < q->predicates.n; i++) {
        const ddbc_predicate *pr = &q->predicates.v[i];
        if (pr->column.binding != 0) continue;
        if (pr->op == DDBC_PRED_EQ && !pr->negated && request_binds(&r, pr->column.column)) continue;
        DDBC_VEC_PUSH(scratch, where, pr);
    }
    size_t nwhere = emit_filters(g, x, ddbc_arena_printf(g->arena, "%s_where", Ps), where.v, where.n);
    if (nwhere) ddbc_strbuf_printf(init, "    .where = %s_where_filters, .nwhere = %zu,\n", Ps, nwhere);
}

static void emit_pattern_descriptor(gen *g, pat *pt, octx *x, ddbc_arena *scratch)
{
    const ddbc_pattern *p = pt->p;
    const ddbc_query *q = p->query;
    const char *Ps = pt->sym;
    ddbc_strbuf init = DDBC_STRBUF_INIT;
    out(g, "/* ---- %s */\n\n", cmt(g->arena, p->name));
    if (q->bindings.n) {
        out(g, "static const ddbc_rt_binding %s_bindings[] = {\n", Ps);
        for (size_t b = 0; b < q->bindings.n; b++) {
            const ent *en = ent_of(g, q->bindings.v[b].entity);
            put(g, "    {");
            c_string(g->sb, q->bindings.v[b].alias);
            out(g, ", %s%s},\n", en ? "&" : "", en ? en->sym : "NULL");
        }
        put(g, "};\n");
    }
    if (q->params.n) {
        out(g, "static const ddbc_rt_param %s_params[] = {\n", Ps);
        for (size_t i = 0; i < q->params.n; i++) {
            const ddbc_param *pm = &q->params.v[i];
            put(g, "    {");
            c_string(g->sb, pm->name);
            out(g, ", %s, %s, %s, %s, ", rt_kind(pm->type.cls), keyenc_name(pm->type.cls), pm->nullable ? "true" : "false",
                pm->slice ? "true" : "false");
            c_string(g->sb, pm->column ? pm->column->entity->name : NULL);
            put(g, ", ");
            c_string(g->sb, pm->column ? pm->column->name : NULL);
            put(g, "},\n");
        }
        put(g, "};\n");
    }
    size_t ntargets = 0;
    ddbc_strbuf targets = DDBC_STRBUF_INIT;
    for (size_t i = 0; i < q->targets.n; i++) {
        const ddbc_target *t = &q->targets.v[i];
        if (t->kind == DDBC_TARGET_STAR) {
            for (size_t b = 0; b < q->bindings.n; b++) {
                if (t->binding >= 0 && (size_t)t->binding != b) continue;
                const ddbc_entity *e = q->bindings.v[b].entity;
                for (size_t c = 0; c < e->columns.n; c++) {
                    ddbc_strbuf_puts(&targets, "    {");
                    c_string(&targets, e->columns.v[c]->name);
                    ddbc_strbuf_printf(&targets, ", %zu, ", b);
                    c_string(&targets, e->columns.v[c]->name);
                    ddbc_strbuf_puts(&targets, "},\n");
                    ntargets++;
                }
            }
            continue;
        }
        bool count = t->kind == DDBC_TARGET_COUNT;
        bool column = t->kind == DDBC_TARGET_COLUMN && t->column.column;
        ddbc_strbuf_puts(&targets, "    {");
        c_string(&targets, t->alias ? t->alias : column ? t->column.column->name : count ? "count" : "expr");
        ddbc_strbuf_printf(&targets, ", %d, ", column ? t->column.binding : -1);
        c_string(&targets, column ? t->column.column->name : count && pt->counter ? pt->counter->attr : NULL);
        ddbc_strbuf_puts(&targets, "},\n");
        ntargets++;
    }
    if (ntargets) {
        out(g, "static const ddbc_rt_target %s_targets[] = {\n", Ps);
        ddbc_strbuf_append(g->sb, targets.data, targets.len);
        put(g, "};\n");
    }
    ddbc_strbuf_free(&targets);
    if (p->is_read) {
        for (size_t i = 0; i < p->requests.n; i++) {
            const char *tag = ddbc_arena_printf(g->arena, "%s_r%zu", Ps, i);
            x->self = pt->binds[i][p->requests.v[i].returns.n ? p->requests.v[i].returns.n - 1 : 0];
            x->source = pt->source[i];
            emit_request_deps(g, x, tag, &p->requests.v[i], pt->binds[i]);
        }
        if (p->requests.n) {
            out(g, "static const ddbc_rt_request %s_requests[] = {\n", Ps);
            for (size_t i = 0; i < p->requests.n; i++) {
                const char *tag = ddbc_arena_printf(g->arena, "%s_r%zu", Ps, i);
                x->self = pt->binds[i][p->requests.v[i].returns.n ? p->requests.v[i].returns.n - 1 : 0];
                x->source = pt->source[i];
                emit_request_init(g, x, tag, &p->requests.v[i], pt->source[i], pt->join[i], "    ");
                put(g, ",\n");
            }
            put(g, "};\n");
            ddbc_strbuf_printf(&init, "    .requests = %s_requests, .nrequests = %zu,\n", Ps, p->requests.n);
        }
        if (pt->counter) ddbc_strbuf_printf(&init, "    .counter = &%s,\n", counter_sym(g, pt->counter));
    } else {
        x->self = 0;
        x->source = 0;
        emit_write(g, pt, x, scratch, &init);
    }
    out(g, "static const ddbc_rt_pattern %s = {\n    .name = ", Ps);
    c_string(g->sb, p->name);
    put(g, ",\n    .source = ");
    c_string(g->sb, span_where(g, q->span));
    put(g, ",\n    .sql = ");
    if (q->sql && strlen(q->sql) < 4000) {
        /* one literal per line, so the statement reads as written */
        const char *s = q->sql;
        while (*s) {
            const char *nl = strchr(s, '\n');
            size_t n = nl ? (size_t)(nl - s + 1) : strlen(s);
            c_string_n(g->sb, s, n);
            s += n;
            if (*s) put(g, "\n        ");
        }
        if (!*q->sql) put(g, "\"\"");
    } else {
        put(g, "NULL /* longer than a portable string literal */");
    }
    out(g, ",\n    .is_read = %s, .one = %s, .ordered = %s,\n", p->is_read ? "true" : "false",
        q->kind == DDBC_KIND_ONE ? "true" : "false", q->order_by.n ? "true" : "false");
    if (q->bindings.n) out(g, "    .bindings = %s_bindings, .nbindings = %zu,\n", Ps, q->bindings.n);
    if (q->params.n) out(g, "    .params = %s_params, .nparams = %zu,\n", Ps, q->params.n);
    if (ntargets) out(g, "    .targets = %s_targets, .ntargets = %zu,\n", Ps, ntargets);
    ddbc_strbuf_append(g->sb, init.data, init.len);
    put(g, "};\n\n");
    ddbc_strbuf_free(&init);
}

/* ---- patterns: typed code ---------------------------------------------------------- */

static void pattern_rows(gen *g, pat *pt)
{
    const ddbc_query *q = pt->p->query;
    name_list scope = {NULL, 0, 0};
    if (row_kind_of(pt) == ROW_JOIN) {
        pt->members = ddbc_arena_alloc(g->arena, (q->bindings.n + 1) * sizeof *pt->members);
        pt->has = ddbc_arena_alloc(g->arena, (q->bindings.n + 1) * sizeof *pt->has);
        for (size_t b = 0; b < q->bindings.n; b++) pt->members[b] = member_name(g->arena, &scope, q->bindings.v[b].alias);
        for (size_t b = 0; b < q->bindings.n; b++)
            if (!strcmp(join_of(q, (int)b), "DDBC_RT_JOIN_LEFT"))
                pt->has[b] = member_name(g->arena, &scope, ddbc_arena_printf(g->arena, "has_%s", pt->members[b]));
    } else if (row_kind_of(pt) == ROW_COUNT) {
        const ddbc_counter *ct = pt->counter;
        pt->members = ddbc_arena_alloc(g->arena, (ct->group_by.n + 1) * sizeof *pt->members);
        pt->has = ddbc_arena_alloc(g->arena, (ct->group_by.n + 1) * sizeof *pt->has);
        for (size_t i = 0; i < ct->group_by.n; i++) {
            const char *name = ct->group_by.v[i]->name;
            for (size_t t = 0; t < q->targets.n; t++)
                if (q->targets.v[t].kind == DDBC_TARGET_COLUMN && q->targets.v[t].column.column == ct->group_by.v[i] &&
                    q->targets.v[t].alias)
                    name = q->targets.v[t].alias;
            pt->members[i] = member_name(g->arena, &scope, name);
        }
        const char *count = "count";
        for (size_t t = 0; t < q->targets.n; t++)
            if (q->targets.v[t].kind == DDBC_TARGET_COUNT && q->targets.v[t].alias) count = q->targets.v[t].alias;
        for (size_t i = 0; i < ct->group_by.n; i++)
            if (ct->group_by.v[i]->nullable && !is_pointer(value_kind(ct->group_by.v[i]->type.cls)))
                pt->has[i] = member_name(g->arena, &scope, ddbc_arena_printf(g->arena, "has_%s", pt->members[i]));
        pt->count = member_name(g->arena, &scope, count);
    }
}

static void pattern_comment(gen *g, const pat *pt)
{
    const char *where = span_where(g, pt->p->query->span);
    put(g, "/* ");
    if (where) {
        comment_text(g->sb, where);
        put(g, " ");
    }
    comment_text(g->sb, pt->p->name);
    if (pt->p->query->inferred) put(g, " (inferred from the schema)");
    put(g, " */\n");
}

static void pattern_signature(gen *g, const pat *pt)
{
    const ddbc_query *q = pt->p->query;
    out(g, "ddbc_rt_status %s(ddbc_rt_client *c", pt->fn);
    for (size_t i = 0; i < pt->nparams; i++) {
        put(g, ", ");
        param_decl(g, pt->params[i].k, pt->params[i].p->nullable, pt->params[i].p->slice, pt->params[i].name,
                   pt->params[i].extra);
    }
    if (!pt->p->is_read && q->stmt == DDBC_STMT_INSERT && q->upsert)
        out(g, ", long *affected /* may be NULL: 0 when the conflict left the row alone */, %s *out "
               "/* may be NULL: the row as written; untouched when none */)", pt->root->type);
    else if (!pt->p->is_read && q->stmt == DDBC_STMT_INSERT)
        out(g, ", %s *out /* may be NULL: the row as written */)", pt->root->type);
    else if (!pt->p->is_read) put(g, ", long *affected /* may be NULL */)");
    else if (q->kind == DDBC_KIND_ONE) out(g, ", %s *out)", pt->row);
    else out(g, ", const char *cursor, %s_page *out)", pt->fn);
}

static void pattern_header(gen *g, const pat *pt)
{
    const ddbc_query *q = pt->p->query;
    pattern_comment(g, pt);
    if (pt->p->is_read) {
        row_kind rk = row_kind_of(pt);
        if (rk == ROW_ENTITY) {
            out(g, "typedef %s %s;\n", ent_must(g, q->bindings.v[0].entity)->type, pt->row);
        } else if (rk == ROW_JOIN) {
            out(g, "typedef struct %s {\n", pt->row);
            for (size_t b = 0; b < q->bindings.n; b++) {
                const ent *en = ent_must(g, q->bindings.v[b].entity);
                out(g, "    %s %s;\n", en->type, pt->members[b]);
                if (pt->has[b]) out(g, "    bool %s;   /* LEFT JOIN: false when no row matched */\n", pt->has[b]);
            }
            out(g, "} %s;\n", pt->row);
        } else {
            out(g, "typedef struct %s {\n", pt->row);
            for (size_t i = 0; i < pt->counter->group_by.n; i++) {
                vkind k = value_kind(pt->counter->group_by.v[i]->type.cls);
                out(g, "    %s%s;\n", field_type(k), pt->members[i]);
                if (k == VK_BIN) out(g, "    size_t %s_len;\n", pt->members[i]);
                if (pt->has[i]) out(g, "    bool %s;\n", pt->has[i]);
            }
            out(g, "    int64_t %s;\n} %s;\n", pt->count, pt->row);
        }
        out(g, "void %s_free(%s *row);\n", pt->row, pt->row);
        if (q->kind != DDBC_KIND_ONE) {
            out(g, "typedef struct %s_page {\n    %s *rows;\n    size_t n;\n    char *next_cursor;   "
                   "/* NULL at the end; pass back as `cursor` to continue */\n} %s_page;\n",
                pt->fn, pt->row, pt->fn);
            out(g, "void %s_page_free(%s_page *p);\n", pt->fn, pt->fn);
        }
    }
    pattern_signature(g, pt);
    put(g, ";\n\n");
}

/* The arguments item `a` and the av array `args` of a pattern call. */
static void pattern_args(gen *g, const pat *pt)
{
    if (!pt->nparams) return;
    for (size_t i = 0; i < pt->nparams; i++) {
        const param *pm = &pt->params[i];
        char key[24];
        snprintf(key, sizeof key, "%zu", i);
        param_put(g, "&a", key, pm->k, pm->p->nullable, pm->p->slice, pm->name, pm->extra);
    }
    out(g, "    if (st == DDBC_RT_OK)\n        for (size_t i = 0; i < a.n; i++) args[i] = a.attrs[i].value;\n");
}

static void pattern_row_code(gen *g, const pat *pt)
{
    const ddbc_query *q = pt->p->query;
    const char *R = pt->row, *Ps = pt->sym, *P = g->prefix;
    row_kind rk = row_kind_of(pt);
    const ent *only = ent_must(g, q->bindings.v[0].entity);
    /* free */
    out(g, "void %s_free(%s *row)\n{\n", R, R);
    if (rk == ROW_ENTITY) {
        out(g, "    %s_free(row);\n}\n\n", only->type);
    } else {
        put(g, "    if (!row) return;\n");
        if (rk == ROW_JOIN)
            for (size_t b = 0; b < q->bindings.n; b++) out(g, "    %s_free(&row->%s);\n", ent_must(g, q->bindings.v[b].entity)->type, pt->members[b]);
        else
            for (size_t i = 0; i < pt->counter->group_by.n; i++)
                if (is_pointer(value_kind(pt->counter->group_by.v[i]->type.cls))) out(g, "    free(row->%s);\n", pt->members[i]);
        put(g, "    memset(row, 0, sizeof *row);\n}\n\n");
    }
    /* from a runtime row */
    /* r is freed next and each of its items is read once: text is moved out of it */
    out(g, "static ddbc_rt_status %s_row_from(ddbc_rt_row *r, %s *out)\n{\n", Ps, R);
    if (rk == ROW_ENTITY) {
        out(g, "    if (!r->width) return DDBC_RT_BAD_RESPONSE;\n    return %s_unpack(&r->items[0], &r->items[0], out);\n}\n\n",
            only->sym);
    } else {
        out(g, "    %s x;\n    ddbc_rt_status st = DDBC_RT_OK;\n    memset(&x, 0, sizeof x);\n", R);
        if (rk == ROW_JOIN) {
            for (size_t b = 0; b < q->bindings.n; b++) {
                const ent *en = ent_must(g, q->bindings.v[b].entity);
                out(g, "    if (st == DDBC_RT_OK && r->width > %zu && r->items[%zu].n) {\n", b, b);
                out(g, "        st = %s_unpack(&r->items[%zu], &r->items[%zu], &x.%s);\n", en->sym, b, b, pt->members[b]);
                if (pt->has[b]) out(g, "        x.%s = st == DDBC_RT_OK;\n", pt->has[b]);
                put(g, "    }\n");
            }
        } else {
            put(g, "    if (!r->width) return DDBC_RT_BAD_RESPONSE;\n");
            for (size_t i = 0; i < pt->counter->group_by.n; i++) {
                const ddbc_column *col = pt->counter->group_by.v[i];
                vkind k = value_kind(col->type.cls);
                put(g, "    if (st == DDBC_RT_OK) st = ");
                get_call(g, k, "&r->items[0]", "&r->items[0]");
                c_string(g->sb, col->name);
                if (k == VK_BIN) out(g, ", &x.%s, &x.%s_len);\n", pt->members[i], pt->members[i]);
                else if (is_pointer(k)) out(g, ", &x.%s);\n", pt->members[i]);
                else if (pt->has[i]) out(g, ", &x.%s, &x.%s);\n", pt->members[i], pt->has[i]);
                else out(g, ", &x.%s, NULL);\n", pt->members[i]);
            }
            use(g, H_GET_I64);
            out(g, "    if (st == DDBC_RT_OK) st = %s__get_i64(&r->items[0], ", P);
            c_string(g->sb, pt->counter->attr);
            out(g, ", &x.%s, NULL);\n", pt->count);
        }
        out(g, "    if (st != DDBC_RT_OK) {\n        %s_free(&x);\n        return st;\n    }\n", R);
        put(g, "    *out = x;\n    return DDBC_RT_OK;\n}\n\n");
    }
    /* to a runtime row (reflection) */
    use(g, H_ROWS_PUSH);
    out(g, "static ddbc_rt_status %s_row_to(const %s *row, ddbc_rt_rows *rows)\n{\n", Ps, R);
    size_t width = rk == ROW_JOIN ? q->bindings.n : 1;
    out(g, "    ddbc_rt_item *items = calloc(%zu, sizeof *items);\n    ddbc_rt_status st = DDBC_RT_OK;\n", width);
    put(g, "    if (!items) return DDBC_RT_NO_MEMORY;\n");
    if (rk == ROW_ENTITY) {
        out(g, "    st = %s_pack(row, false, &items[0]);\n", only->sym);
    } else if (rk == ROW_JOIN) {
        for (size_t b = 0; b < q->bindings.n; b++) {
            const ent *en = ent_must(g, q->bindings.v[b].entity);
            if (pt->has[b]) out(g, "    if (st == DDBC_RT_OK && row->%s) st = %s_pack(&row->%s, false, &items[%zu]);\n",
                                pt->has[b], en->sym, pt->members[b], b);
            else out(g, "    if (st == DDBC_RT_OK) st = %s_pack(&row->%s, false, &items[%zu]);\n", en->sym, pt->members[b], b);
        }
    } else {
        for (size_t i = 0; i < pt->counter->group_by.n; i++) {
            const ddbc_column *col = pt->counter->group_by.v[i];
            vkind k = value_kind(col->type.cls);
            use(g, put_helper(k));
            out(g, "    if (st == DDBC_RT_OK) st = %s__put_%s(&items[0], ", P, kind_suffix(k));
            c_string(g->sb, col->name);
            if (k == VK_BIN) out(g, ", row->%s, row->%s_len, true);\n", pt->members[i], pt->members[i]);
            else if (is_pointer(k)) out(g, ", row->%s, true);\n", pt->members[i]);
            else if (pt->has[i]) out(g, ", row->%s, row->%s, true);\n", pt->members[i], pt->has[i]);
            else out(g, ", row->%s, true, true);\n", pt->members[i]);
        }
        use(g, H_PUT_I64);
        out(g, "    if (st == DDBC_RT_OK) st = %s__put_i64(&items[0], ", P);
        c_string(g->sb, pt->counter->attr);
        out(g, ", row->%s, true, true);\n", pt->count);
    }
    out(g, "    if (st == DDBC_RT_OK) st = %s__rows_push(rows, items, %zu);\n", P, width);
    out(g, "    if (st != DDBC_RT_OK) {\n        for (size_t i = 0; i < %zu; i++) ddbc_rt_item_free(&items[i]);\n"
           "        free(items);\n    }\n    return st;\n}\n\n", width);
    if (q->kind != DDBC_KIND_ONE) {
        out(g, "void %s_page_free(%s_page *p)\n{\n    if (!p) return;\n", pt->fn, pt->fn);
        out(g, "    for (size_t i = 0; i < p->n; i++) %s_free(&p->rows[i]);\n", R);
        put(g, "    free(p->rows);\n    free(p->next_cursor);\n    p->rows = NULL;\n    p->n = 0;\n    p->next_cursor = NULL;\n}\n\n");
    }
}

static void pattern_code(gen *g, const pat *pt)
{
    const ddbc_query *q = pt->p->query;
    const char *Ps = pt->sym;
    const char *table = table_expr(g);
    bool one = q->kind == DDBC_KIND_ONE;
    if (pt->p->is_read) pattern_row_code(g, pt);
    pattern_comment(g, pt);
    pattern_signature(g, pt);
    put(g, "\n{\n");
    if (pt->nparams) out(g, "    ddbc_rt_item a = DDBC_RT_ITEM_INIT;\n    ddbc_rt_av args[%zu];\n", pt->nparams);
    put(g, "    ddbc_rt_status st = DDBC_RT_OK;\n");
    const char *argv = pt->nparams ? "args, a.n" : "NULL, 0";
    if (pt->p->is_read) {
        put(g, "    ddbc_rt_rows rows = DDBC_RT_ROWS_INIT;\n");
        if (pt->nparams) put(g, "    memset(args, 0, sizeof args);\n");
        if (!one) put(g, "    out->rows = NULL;\n    out->n = 0;\n    out->next_cursor = NULL;\n");
        pattern_args(g, pt);
        out(g, "    if (st == DDBC_RT_OK) st = ddbc_rt_pattern_read(c, %s, &%s, %s, %s, &rows);\n", table, Ps, argv,
            one ? "NULL" : "cursor");
        if (one) {
            out(g, "    if (st == DDBC_RT_OK && !rows.n) st = DDBC_RT_NOT_FOUND;\n");
            out(g, "    if (st == DDBC_RT_OK) st = %s_row_from(&rows.v[0], out);\n", Ps);
        } else {
            use(g, H_DUP);
            out(g, "    if (st == DDBC_RT_OK && rows.n) {\n        out->rows = calloc(rows.n, sizeof *out->rows);\n"
                   "        if (!out->rows) st = DDBC_RT_NO_MEMORY;\n    }\n");
            out(g, "    for (size_t i = 0; st == DDBC_RT_OK && i < rows.n; i++) {\n"
                   "        st = %s_row_from(&rows.v[i], &out->rows[i]);\n        if (st == DDBC_RT_OK) out->n++;\n    }\n", Ps);
            out(g, "    if (st == DDBC_RT_OK && rows.next_cursor) {\n        out->next_cursor = %s__dup(rows.next_cursor);\n"
                   "        if (!out->next_cursor) st = DDBC_RT_NO_MEMORY;\n    }\n", g->prefix);
            out(g, "    if (st != DDBC_RT_OK) %s_page_free(out);\n", pt->fn);
        }
        put(g, "    ddbc_rt_rows_free(&rows);\n");
    } else if (q->stmt == DDBC_STMT_INSERT) {
        put(g, "    ddbc_rt_items ret = DDBC_RT_ITEMS_INIT;\n");
        if (pt->nparams) put(g, "    memset(args, 0, sizeof args);\n");
        pattern_args(g, pt);
        if (q->upsert) {
            out(g, "    if (st == DDBC_RT_OK) st = ddbc_rt_pattern_write(c, %s, &%s, %s, affected, out ? &ret : NULL);\n",
                table, Ps, argv);
            out(g, "    if (st == DDBC_RT_OK && out && ret.n) st = %s_unpack(&ret.v[0], &ret.v[0], out);\n", pt->root->sym);
        } else {
            out(g, "    if (st == DDBC_RT_OK) st = ddbc_rt_pattern_write(c, %s, &%s, %s, NULL, out ? &ret : NULL);\n", table, Ps, argv);
            out(g, "    if (st == DDBC_RT_OK && out) st = ret.n ? %s_unpack(&ret.v[0], &ret.v[0], out) : DDBC_RT_BAD_RESPONSE;\n", pt->root->sym);
        }
        put(g, "    ddbc_rt_items_free(&ret);\n");
    } else {
        if (pt->nparams) put(g, "    memset(args, 0, sizeof args);\n");
        pattern_args(g, pt);
        out(g, "    if (st == DDBC_RT_OK) st = ddbc_rt_pattern_write(c, %s, &%s, %s, affected, NULL);\n", table, Ps, argv);
    }
    if (pt->nparams) put(g, "    ddbc_rt_item_free(&a);\n");
    put(g, "    return st;\n}\n\n");
}

static void pattern_thunk(gen *g, const pat *pt)
{
    const ddbc_query *q = pt->p->query;
    const char *Ps = pt->sym;
    bool one = q->kind == DDBC_KIND_ONE;
    if (pt->p->is_read)
        out(g, "static ddbc_rt_status %s_api_read(ddbc_rt_client *c, const ddbc_rt_av *args, size_t nargs,\n"
               "                                 const char *cursor, ddbc_rt_rows *out)\n{\n", Ps);
    else
        out(g, "static ddbc_rt_status %s_api_write(ddbc_rt_client *c, const ddbc_rt_av *args, size_t nargs, long *affected)\n{\n", Ps);
    put(g, "    ddbc_rt_status st = DDBC_RT_OK;\n");
    for (size_t i = 0; i < pt->nparams; i++) arg_local(g, (int)i, pt->params[i].k, pt->params[i].p->slice);
    if (pt->p->is_read && one) out(g, "    %s row;\n", pt->row);
    else if (pt->p->is_read) out(g, "    %s_page page = {NULL, 0, NULL};\n", pt->fn);
    out(g, "    if (nargs != %zu) return DDBC_RT_INVALID_ARGUMENT;\n", pt->nparams);
    if (!pt->nparams) put(g, "    (void)args;\n");
    if (pt->p->is_read && one) put(g, "    (void)cursor;\n    memset(&row, 0, sizeof row);\n");
    for (size_t i = 0; i < pt->nparams; i++) {
        char v[32];
        snprintf(v, sizeof v, "&args[%zu]", i);
        arg_read(g, (int)i, pt->params[i].k, pt->params[i].p->slice, v);
    }
    out(g, "    if (st == DDBC_RT_OK) st = %s(c", pt->fn);
    for (size_t i = 0; i < pt->nparams; i++) arg_pass(g, (int)i, pt->params[i].k, pt->params[i].p->nullable, pt->params[i].p->slice);
    if (pt->p->is_read && one) {
        put(g, ", &row);\n");
        out(g, "    if (st == DDBC_RT_OK) st = %s_row_to(&row, out);\n    %s_free(&row);\n", Ps, pt->row);
    } else if (pt->p->is_read) {
        put(g, ", cursor, &page);\n");
        use(g, H_DUP);
        out(g, "    for (size_t i = 0; st == DDBC_RT_OK && i < page.n; i++) st = %s_row_to(&page.rows[i], out);\n", Ps);
        out(g, "    if (st == DDBC_RT_OK && page.next_cursor) {\n        out->next_cursor = %s__dup(page.next_cursor);\n"
               "        if (!out->next_cursor) st = DDBC_RT_NO_MEMORY;\n    }\n", g->prefix);
        out(g, "    %s_page_free(&page);\n", pt->fn);
    } else if (q->stmt == DDBC_STMT_INSERT && q->upsert) {
        put(g, ", affected, NULL);\n");
    } else if (q->stmt == DDBC_STMT_INSERT) {
        put(g, ", NULL);\n    if (st == DDBC_RT_OK && affected) *affected = 1;\n");
    } else {
        put(g, ", affected);\n");
    }
    for (size_t i = 0; i < pt->nparams; i++) arg_free(g, (int)i, pt->params[i].p->slice);
    put(g, "    return st;\n}\n\n");
}

/* ---- the files -------------------------------------------------------------------------- */

/* "schema.sql, queries.sql": the inputs entities and patterns come from, in input order. */
static const char *source_names(gen *g)
{
    size_t n = g->sources->files.n;
    bool *seen = ddbc_arena_alloc(g->arena, n + 1);
    for (size_t i = 0; i < g->d->entities.n; i++) {
        uint32_t f = g->d->entities.v[i]->entity->span.file;
        if (f < n) seen[f] = true;
    }
    for (size_t i = 0; i < g->d->patterns.n; i++) {
        uint32_t f = g->d->patterns.v[i]->query->span.file;
        if (f < n && !g->d->patterns.v[i]->query->inferred) seen[f] = true;
    }
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        if (!seen[i]) continue;
        const char *path = g->sources->files.v[i]->path;
        const char *base = strrchr(path, '/');
        ddbc_strbuf_printf(&sb, "%s%s", sb.len ? ", " : "", base ? base + 1 : path);
    }
    const char *s = ddbc_arena_strdup(g->arena, sb.len ? ddbc_strbuf_cstr(&sb) : "no sources");
    ddbc_strbuf_free(&sb);
    return s;
}

static void banner(gen *g, const char *file, const char *what)
{
    put(g, "/* ");
    comment_text(g->sb, file);
    out(g, " — generated by ddbc %s from ", DDBC_VERSION);
    comment_text(g->sb, source_names(g));
    out(g, "; do not edit.\n *\n * %s\n * The design's table is ", what);
    comment_text(g->sb, g->d->table_name);
    put(g, " (override with ddbc_rt_config.table_name). */\n");
}

static void prepare_patterns(gen *g)
{
    g->pats = ddbc_arena_alloc(g->arena, (g->d->patterns.n + 1) * sizeof *g->pats);
    for (size_t i = 0; i < g->d->patterns.n; i++) {
        const ddbc_pattern *p = g->d->patterns.v[i];
        if (p->status != DDBC_PATTERN_SERVED) continue;
        pat *pt = &g->pats[g->npats];
        pt->p = p;
        pt->pos = (int)g->npats++;
        const ddbc_query *q = p->query;
        pt->root = q->root ? ent_of(g, q->root) : NULL;
        if (!pt->root) pt->why_not = "its table is not in the design";
        for (size_t b = 0; b < q->bindings.n && !pt->why_not; b++)
            if (!ent_of(g, q->bindings.v[b].entity)) pt->why_not = "a joined table is not in the design";
        if (p->is_read) {
            pt->counter = counter_of(g->d, q);
            if (!p->requests.n && !pt->why_not) pt->why_not = "the planner made no request for it";
        } else if (q->stmt != DDBC_STMT_INSERT && q->stmt != DDBC_STMT_UPDATE && q->stmt != DDBC_STMT_DELETE) {
            pt->why_not = "it is neither a read nor an INSERT, UPDATE or DELETE";
        }
        name_pattern(g, pt);
        pattern_params(g, pt);
        if (!pt->why_not && p->is_read) pattern_bindings(g, pt);
        if (!pt->why_not) pattern_rows(g, pt);
    }
}

static void emit_source(gen *g, ddbc_arena *scratch, ddbc_strbuf *body)
{
    g->sb = body;
    put(g, "/* ---- the design ---------------------------------------------------------------- */\n\n");
    for (size_t i = 0; i < g->nents; i++) out(g, "static const ddbc_rt_entity %s;\n", g->ents[i].sym);
    put(g, "\n");
    for (size_t i = 0; i < g->nents; i++) emit_entity_data(g, &g->ents[i], scratch);
    for (size_t i = 0; i < g->nents; i++) emit_children(g, &g->ents[i], scratch);
    put(g, "/* ---- entities ------------------------------------------------------------------- */\n\n");
    for (size_t i = 0; i < g->nents; i++) entity_code(g, &g->ents[i]);
    put(g, "/* ---- access patterns ------------------------------------------------------------ */\n\n");
    for (size_t i = 0; i < g->npats; i++) {
        pat *pt = &g->pats[i];
        if (pt->why_not) continue;
        ddbc_strbuf tmp = DDBC_STRBUF_INIT;
        g->sb = &tmp;
        octx x = {.q = pt->p->query, .self = 0, .source = 0};
        emit_pattern_descriptor(g, pt, &x, scratch);
        g->sb = body;
        if (x.fail) {
            pt->why_not = x.fail;
            ddbc_strbuf_free(&tmp);
            continue;
        }
        ddbc_strbuf_append(body, tmp.data, tmp.len);
        ddbc_strbuf_free(&tmp);
        pattern_code(g, pt);
    }
    put(g, "/* ---- reflection ----------------------------------------------------------------- */\n\n");
    for (size_t i = 0; i < g->nents; i++) entity_thunks(g, &g->ents[i]);
    size_t npats = 0;
    for (size_t i = 0; i < g->npats; i++)
        if (!g->pats[i].why_not) {
            pattern_thunk(g, &g->pats[i]);
            npats++;
        }
    if (g->nents) {
        out(g, "static const ddbc_rt_entity_api %s__entities[] = {\n", g->prefix);
        for (size_t i = 0; i < g->nents; i++) {
            const char *S = g->ents[i].sym;
            out(g, "    {&%s, %s_api_create, %s_api_get, %s_api_update, %s_api_remove},\n", S, S, S, S, S);
        }
        put(g, "};\n");
    }
    if (npats) {
        out(g, "static const ddbc_rt_pattern_api %s__patterns[] = {\n", g->prefix);
        for (size_t i = 0; i < g->npats; i++) {
            const pat *pt = &g->pats[i];
            if (pt->why_not) continue;
            if (pt->p->is_read) out(g, "    {&%s, %s_api_read, NULL},\n", pt->sym, pt->sym);
            else out(g, "    {&%s, NULL, %s_api_write},\n", pt->sym, pt->sym);
        }
        put(g, "};\n");
    }
    out(g, "\nconst ddbc_rt_schema %s_schema = {\n    ", g->prefix);
    c_string(g->sb, g->prefix);
    out(g, ",\n    %s_TABLE_NAME,\n", g->PREFIX);
    if (g->nents) out(g, "    %s__entities, %zu,\n", g->prefix, g->nents);
    else put(g, "    NULL, 0,\n");
    if (npats) out(g, "    %s__patterns, %zu,\n", g->prefix, npats);
    else put(g, "    NULL, 0,\n");
    put(g, "};\n");
}

static void emit_header(gen *g, ddbc_strbuf *h)
{
    g->sb = h;
    banner(g, ddbc_arena_printf(g->arena, "%s.h", g->prefix),
           "A struct and put/get/update/delete per entity, a function per access pattern,\n"
           " * over the ddbc runtime (link ddbc_rt; pkg-config ddbc-rt).");
    const char *guard = ddbc_arena_printf(g->arena, "%s_DDBC_H", g->PREFIX);
    out(g, "#ifndef %s\n#define %s\n\n#include <ddbc/rt_schema.h>\n\n", guard, guard);
    put(g, "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n");
    out(g, "#define %s_TABLE_NAME ", g->PREFIX);
    c_string(g->sb, g->d->table_name);
    put(g, "\n\n");
    for (size_t i = 0; i < g->nents; i++) entity_header(g, &g->ents[i]);
    put(g, "/* ---- access patterns ------------------------------------------------------------ */\n\n");
    for (size_t i = 0; i < g->d->patterns.n; i++) {
        const ddbc_pattern *p = g->d->patterns.v[i];
        if (p->status == DDBC_PATTERN_SERVED) continue;
        put(g, "/* ");
        const char *where = span_where(g, p->query->span);
        if (where) {
            comment_text(g->sb, where);
            put(g, " ");
        }
        comment_text(g->sb, p->name);
        put(g, ": refused by the planner (see report.md); no function */\n");
    }
    for (size_t i = 0; i < g->npats; i++) {
        const pat *pt = &g->pats[i];
        if (!pt->why_not) {
            pattern_header(g, pt);
            continue;
        }
        pattern_comment(g, pt);
        put(g, "/* not generated: ");
        comment_text(g->sb, pt->why_not);
        put(g, " */\n\n");
    }
    out(g, "/* Every entity and served pattern as data, for tools and tests. */\n");
    out(g, "extern const ddbc_rt_schema %s_schema;\n\n", g->prefix);
    put(g, "#ifdef __cplusplus\n}\n#endif\n\n#endif\n");
}

void ddbc_emit_c(const ddbc_design *d, const ddbc_config *cfg, const ddbc_sources *sources,
                 ddbc_outset *outset, ddbc_diags *diags)
{
    gen g;
    memset(&g, 0, sizeof g);
    g.d = d;
    g.sources = sources;
    g.arena = ddbc_arena_create();
    g.prefix = identifier(g.arena, cfg && cfg->c_prefix && *cfg->c_prefix ? cfg->c_prefix : "db", false);
    g.PREFIX = upper(g.arena, g.prefix);
    take(&g, ddbc_arena_printf(g.arena, "%s_schema", g.prefix));
    g.nents = d->entities.n;
    g.ents = ddbc_arena_alloc(g.arena, (g.nents + 1) * sizeof *g.ents);
    for (size_t i = 0; i < g.nents; i++) {
        g.ents[i].ep = d->entities.v[i];
        g.ents[i].pos = (int)i;
    }
    name_entities(&g);
    for (size_t i = 0; i < g.nents; i++) entity_fields(&g, &g.ents[i]);
    prepare_patterns(&g);

    ddbc_strbuf body = DDBC_STRBUF_INIT, src = DDBC_STRBUF_INIT, hdr = DDBC_STRBUF_INIT;
    emit_source(&g, g.arena, &body);
    g.sb = &src;
    banner(&g, ddbc_arena_printf(g.arena, "%s.c", g.prefix),
           "The design as static descriptors (include/ddbc/rt_schema.h) and the typed\n"
           " * functions of the header, each packing its values and calling the engine.");
    out(&g, "#include \"%s.h\"\n\n#include <errno.h>\n#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n\n", g.prefix);
    if (g.used) put(&g, "/* ---- value helpers ------------------------------------------------------------- */\n\n");
    for (int h = 0; h < H_COUNT; h++) {
        if (!(g.used & BIT(h)) || !*helpers[h].text) continue;
        for (const char *s = helpers[h].text; *s; s++) {
            if (*s == '@') ddbc_strbuf_puts(&src, g.prefix);
            else ddbc_strbuf_putc(&src, *s);
        }
        put(&g, "\n");
    }
    ddbc_strbuf_append(&src, body.data, body.len);
    emit_header(&g, &hdr);
    /* a served pattern the generator cannot express is said in the header and
       here, so that nobody finds the function missing only at link time */
    for (size_t i = 0; i < g.npats; i++) {
        const pat *pt = &g.pats[i];
        if (!pt->why_not) continue;
        const ddbc_query *q = pt->p->query;
        ddbc_diag *w = ddbc_diag_report(diags, DDBC_W0106, q->name_span,
                                        "pattern '%s' is served by the design but gets no C "
                                        "function: %s", pt->p->name, pt->why_not);
        ddbc_diag_set_hint(diags, w, "rewrite the condition the reason names, or build this "
                                     "access over the runtime (include/ddbc/rt.h) yourself");
    }

    ddbc_outset_add(outset, ddbc_arena_printf(g.arena, "c/%s.h", g.prefix), &hdr);
    ddbc_outset_add(outset, ddbc_arena_printf(g.arena, "c/%s.c", g.prefix), &src);
    ddbc_strbuf_free(&hdr);
    ddbc_strbuf_free(&src);
    ddbc_strbuf_free(&body);
    ddbc_arena_destroy(g.arena);
}
