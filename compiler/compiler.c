/* compiler.c — the driver: options → inputs → passes → backends → out/.
 *
 * The only module that touches the filesystem besides outset.c.  It collects
 * every diagnostic, prints them once at the end, and writes out/ only when the
 * whole compilation is clean. */
#define _POSIX_C_SOURCE 200809L

#include "compiler.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "ast.h"
#include "catalog.h"
#include "check.h"
#include "config.h"
#include "diag.h"
#include "emit_c.h"
#include "emit_design.h"
#include "emit_ir.h"
#include "emit_report.h"
#include "emit_table.h"
#include "emit_workbench.h"
#include "ir.h"
#include "lock.h"
#include "plan.h"
#include "outset.h"
#include "source.h"
#include "strbuf.h"

/* ---- backends --------------------------------------------------------------- */

/* What a backend may read.  Backends grow new inputs (the design, the lock
 * file) by adding fields here, not by changing every row's signature. */
typedef struct backend_ctx {
    const ddbc_ir *ir;
    ddbc_sources *sources;
    const ddbc_config *config;
    const ddbc_design *design;
    const ddbc_diags *reported;   /* the compilation's diagnostics so far */
} backend_ctx;

typedef struct backend {
    const char *name;
    void (*run)(const backend_ctx *ctx, ddbc_outset *out, ddbc_diags *diags);
    bool by_default;     /* emitted when neither --emit nor the config names targets */
} backend;

static void run_ir(const backend_ctx *ctx, ddbc_outset *out, ddbc_diags *diags)
{
    ddbc_emit_ir(ctx->ir, ctx->sources, out, diags);
}

static void run_design(const backend_ctx *ctx, ddbc_outset *out, ddbc_diags *diags)
{
    ddbc_emit_design(ctx->design, ctx->sources, ctx->reported, out, diags);
}

static void run_lock(const backend_ctx *ctx, ddbc_outset *out, ddbc_diags *diags)
{
    ddbc_emit_lock(ctx->design, out, diags);
}

static void run_report(const backend_ctx *ctx, ddbc_outset *out, ddbc_diags *diags)
{
    ddbc_emit_report(ctx->design, ctx->config, ctx->sources, ctx->reported, out, diags);
}

static void run_cloudformation(const backend_ctx *ctx, ddbc_outset *out, ddbc_diags *diags)
{
    ddbc_emit_cloudformation(ctx->design, ctx->config, out, diags);
}

static void run_terraform(const backend_ctx *ctx, ddbc_outset *out, ddbc_diags *diags)
{
    ddbc_emit_terraform(ctx->design, ctx->config, out, diags);
}

static void run_create_table(const backend_ctx *ctx, ddbc_outset *out, ddbc_diags *diags)
{
    ddbc_emit_create_table(ctx->design, ctx->config, out, diags);
}

static void run_workbench(const backend_ctx *ctx, ddbc_outset *out, ddbc_diags *diags)
{
    ddbc_emit_workbench(ctx->design, ctx->config, out, diags);
}

static void run_c(const backend_ctx *ctx, ddbc_outset *out, ddbc_diags *diags)
{
    ddbc_emit_c(ctx->design, ctx->config, ctx->sources, out, diags);
}

static const backend backends[] = {
    {"design", run_design, true},
    {"lock", run_lock, true},
    {"report", run_report, true},
    {"cloudformation", run_cloudformation, true},
    {"terraform", run_terraform, true},
    {"create-table", run_create_table, true},
    {"workbench", run_workbench, true},
    {"c", run_c, true},
    {"ir", run_ir, false},
};

enum { NBACKENDS = sizeof backends / sizeof *backends };

static int find_backend(const char *name, size_t n)
{
    for (int i = 0; i < NBACKENDS; i++)
        if (strlen(backends[i].name) == n && strncmp(backends[i].name, name, n) == 0) return i;
    return -1;
}

static void backend_names(ddbc_strbuf *sb)
{
    for (int i = 0; i < NBACKENDS; i++)
        ddbc_strbuf_printf(sb, "%s%s", i ? ", " : "", backends[i].name);
}

/* Select the targets of a comma-separated --emit list.  On an unknown or empty
 * name, returns false with a message in err. */
static bool select_from_list(const char *list, bool *selected, ddbc_strbuf *err)
{
    for (const char *p = list;;) {
        const char *comma = strchr(p, ',');
        const char *a = p, *b = comma ? comma : p + strlen(p);
        while (a < b && (*a == ' ' || *a == '\t')) a++;
        while (b > a && (b[-1] == ' ' || b[-1] == '\t')) b--;
        int i = find_backend(a, (size_t)(b - a));
        if (i < 0) {
            if (a == b) ddbc_strbuf_puts(err, "empty name in --emit");
            else ddbc_strbuf_printf(err, "unknown emit target '%.*s'", (int)(b - a), a);
            ddbc_strbuf_puts(err, " (valid: ");
            backend_names(err);
            ddbc_strbuf_putc(err, ')');
            return false;
        }
        selected[i] = true;
        if (!comma) return true;
        p = comma + 1;
    }
}

/* ---- one compilation -------------------------------------------------------- */

typedef struct compilation {
    const ddbc_options *opts;
    ddbc_arena *arena;
    ddbc_sources sources;
    ddbc_diags diags;
    ddbc_config config;
    DDBC_VEC(ddbc_source *) inputs;
    ddbc_ast *ast;
    ddbc_ir *ir;
    ddbc_design *design;
} compilation;

static void cannot_read(compilation *c, const char *path, int e)
{
    ddbc_diag_report(&c->diags, DDBC_E0001, DDBC_NO_SPAN, "cannot read '%s': %s", path, strerror(e));
}

static void read_input_file(compilation *c, const char *path)
{
    ddbc_source *src = ddbc_sources_read(&c->sources, path);
    if (!src) cannot_read(c, path, errno);
    else DDBC_VEC_PUSH(c->arena, c->inputs, src);
}

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* A schema file of a migrations directory: `*.sql`, but neither hidden (editor
 * droppings) nor a down migration (golang-migrate's `N_x.down.sql`, and the
 * `_down.sql` spelling other tools use), which would undo the schema. */
static bool is_schema_file(const char *name)
{
    return name[0] != '.' && has_suffix(name, ".sql") && !has_suffix(name, ".down.sql") &&
           !has_suffix(name, "_down.sql");
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void read_input_dir(compilation *c, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        cannot_read(c, dir, errno);
        return;
    }
    DDBC_VEC(const char *) names = {NULL, 0, 0};
    struct dirent *e;
    errno = 0;
    while ((e = readdir(d)) != NULL)
        if (is_schema_file(e->d_name))
            DDBC_VEC_PUSH(c->arena, names, ddbc_arena_strdup(c->arena, e->d_name));
    int read_errno = errno;
    closedir(d);
    if (read_errno) {
        cannot_read(c, dir, read_errno);
        return;
    }
    if (names.n) qsort(names.v, names.n, sizeof *names.v, by_name);

    size_t taken = 0;
    size_t dlen = strlen(dir);
    bool slash = dlen > 0 && dir[dlen - 1] == '/';
    for (size_t i = 0; i < names.n; i++) {
        char *path = ddbc_arena_printf(c->arena, "%s%s%s", dir, slash ? "" : "/", names.v[i]);
        struct stat st;
        if (stat(path, &st) != 0) {
            cannot_read(c, path, errno);
            continue;
        }
        if (!S_ISREG(st.st_mode)) continue;
        read_input_file(c, path);
        taken++;
    }
    if (taken == 0)
        ddbc_diag_report(&c->diags, DDBC_E0001, DDBC_NO_SPAN,
                         "directory '%s' holds no .sql files", dir);
}

static void read_inputs(compilation *c)
{
    for (int i = 0; i < c->opts->ninputs; i++) {
        const char *path = c->opts->inputs[i];
        struct stat st;
        if (stat(path, &st) != 0) cannot_read(c, path, errno);
        else if (S_ISDIR(st.st_mode)) read_input_dir(c, path);
        else read_input_file(c, path);
    }
}

static void load_config(compilation *c)
{
    ddbc_config_defaults(&c->config);
    const char *path = c->opts->config_path;
    struct stat st;
    if (!path && stat("ddbc.yaml", &st) == 0) path = "ddbc.yaml";
    if (path) ddbc_config_load(&c->config, path, &c->sources, c->arena, &c->diags);
}

/* One dialect for the whole compilation, as sqlc has one engine per package:
 * the first file that betrays MySQL or SQLite decides, since a queries file
 * rarely has tell-tale syntax of its own. */
static ddbc_dialect choose_dialect(const compilation *c)
{
    if (c->opts->dialect_given && c->opts->dialect != DDBC_DIALECT_AUTO) return c->opts->dialect;
    if (!c->opts->dialect_given && c->config.dialect != DDBC_DIALECT_AUTO) return c->config.dialect;
    for (size_t i = 0; i < c->inputs.n; i++) {
        ddbc_dialect d = ddbc_dialect_detect(c->inputs.v[i]->text, c->inputs.v[i]->len);
        if (d != DDBC_DIALECT_POSTGRESQL) return d;
    }
    return DDBC_DIALECT_POSTGRESQL;
}

/* The statements of one file that ddbc skipped: one note per file, counting
 * each kind in first-seen order, or with --verbose one note per statement. */
static void note_skipped(compilation *c, ddbc_source *src, size_t first)
{
    const ddbc_ast *ast = c->ast;
    if (first >= ast->skipped.n) return;
    if (c->opts->verbose) {
        for (size_t i = first; i < ast->skipped.n; i++)
            ddbc_diag_report(&c->diags, DDBC_N0001, ast->skipped.v[i].span,
                             "skipped a statement ddbc has no use for: %s", ast->skipped.v[i].what);
        return;
    }
    size_t total = ast->skipped.n - first;
    const char **kinds = ddbc_arena_alloc(c->arena, total * sizeof *kinds);
    size_t *counts = ddbc_arena_alloc(c->arena, total * sizeof *counts);
    size_t nkinds = 0;
    for (size_t i = first; i < ast->skipped.n; i++) {
        const char *what = ast->skipped.v[i].what ? ast->skipped.v[i].what : "statement";
        size_t k = 0;
        while (k < nkinds && strcmp(kinds[k], what) != 0) k++;
        if (k == nkinds) kinds[nkinds++] = what;
        counts[k]++;
    }
    ddbc_strbuf msg = DDBC_STRBUF_INIT;
    ddbc_strbuf_printf(&msg, "skipped %zu statement%s ddbc has no use for: ", total,
                       total == 1 ? "" : "s");
    for (size_t k = 0; k < nkinds; k++)
        ddbc_strbuf_printf(&msg, "%s%s (%zu)", k ? ", " : "", kinds[k], counts[k]);
    ddbc_span at = ast->skipped.v[first].span;
    if (at.file == DDBC_NO_FILE) at = (ddbc_span){src->id, 0, 0};
    ddbc_diag_report(&c->diags, DDBC_N0001, at, "%s", ddbc_strbuf_cstr(&msg));
    ddbc_strbuf_free(&msg);
}

static void parse_inputs(compilation *c, ddbc_dialect dialect)
{
    for (size_t i = 0; i < c->inputs.n; i++) {
        ddbc_source *src = c->inputs.v[i];
        size_t skipped_before = c->ast->skipped.n;
        ddbc_parse_source(src, dialect, c->arena, c->ast, &c->diags);
        note_skipped(c, src, skipped_before);
    }
}

/* Whether out/ must stay as it was: any error does, except that with
 * --keep-going a refused pattern does not (the design is written for the rest). */
static bool blocks_output(const compilation *c)
{
    if (!c->opts->keep_going) return c->diags.errors > 0;
    if (c->diags.hidden_errors) return true;
    for (size_t i = 0; i < c->diags.items.n; i++) {
        const ddbc_diag *g = c->diags.items.v[i];
        if (g->severity == DDBC_SEV_ERROR && !g->pattern) return true;
    }
    return false;
}

/* The lock to plan against: --lock, else out/ddbc.lock when it exists. */
static const ddbc_lock *load_lock(compilation *c)
{
    const char *path = c->opts->lock_path;
    if (!path && c->opts->out_dir) {
        char *implicit = ddbc_arena_printf(c->arena, "%s/ddbc.lock", c->opts->out_dir);
        struct stat st;
        if (stat(implicit, &st) == 0) path = implicit;
    }
    return path ? ddbc_lock_read(path, &c->sources, c->arena, &c->diags) : NULL;
}

static void plan(compilation *c)
{
    const ddbc_lock *lock = load_lock(c);
    if (c->diags.errors) return;
    ddbc_plan_options po = {&c->config, lock, c->opts->allow_rewrite};
    c->design = ddbc_plan(c->ir, &po, c->arena, &c->diags);
}

/* ---- the depfile ------------------------------------------------------------ */

/* Two spellings of one path as ddbc would open them: equal but for doubled
 * slashes ("out//ddbc.lock" is "out/ddbc.lock"). */
static bool same_path(const char *a, const char *b)
{
    for (;;) {
        if (*a != *b) return false;
        if (!*a) return true;
        bool slash = *a == '/';
        a++, b++;
        if (slash) {
            while (*a == '/') a++;
            while (*b == '/') b++;
        }
    }
}

/* One path in Makefile syntax, as make and ninja read it: a space, tab or '#'
 * behind a backslash, '$' doubled.  A newline cannot be written at all. */
static bool put_make_path(ddbc_strbuf *sb, const char *path)
{
    for (const char *p = path; *p; p++) {
        switch (*p) {
        case '\n':
        case '\r': return false;
        case ' ':
        case '\t':
        case '#': ddbc_strbuf_putc(sb, '\\'); ddbc_strbuf_putc(sb, *p); break;
        case '$': ddbc_strbuf_puts(sb, "$$"); break;
        default: ddbc_strbuf_putc(sb, *p); break;
        }
    }
    return true;
}

/* "<output>: <every input read>" — the output directory's file this run
 * produced that sorts first by name (for `--emit c`, c/<prefix>.c) depends on
 * each file ddbc read (SQL files, directory members, ddbc.yaml, the lock), paths
 * as given on the command line.  One target, as gcc -MD writes: ninja insists
 * the depfile names the first output of its build edge, and older ninja
 * refuses several; the order of names does not depend on the backends.  A lock
 * that is both read and written is an output: it must not depend on itself. */
static bool depfile_text(const compilation *c, const ddbc_outset *out, ddbc_strbuf *sb,
                         const char **bad)
{
    size_t dlen = strlen(c->opts->out_dir);
    while (dlen > 1 && c->opts->out_dir[dlen - 1] == '/') dlen--;
    const char *first = NULL;
    for (size_t i = 0; i < out->n; i++)
        if (!first || strcmp(out->files[i].path, first) < 0) first = out->files[i].path;
    /* Nothing emitted: the directory itself is what the run made. */
    const char *target = first ? ddbc_arena_printf(c->arena, "%.*s/%s", (int)dlen, c->opts->out_dir, first)
                               : ddbc_arena_printf(c->arena, "%.*s", (int)dlen, c->opts->out_dir);
    if (!put_make_path(sb, target)) {
        *bad = target;
        return false;
    }
    ddbc_strbuf_putc(sb, ':');
    const ddbc_sources *src = &c->sources;
    for (size_t i = 0; i < src->files.n; i++) {
        const char *path = src->files.v[i]->path;
        bool skip = false;
        for (size_t o = 0; o < out->n && !skip; o++) {
            char *written = ddbc_arena_printf(c->arena, "%.*s/%s", (int)dlen, c->opts->out_dir,
                                              out->files[o].path);
            skip = same_path(path, written);
        }
        for (size_t j = 0; j < i && !skip; j++) skip = strcmp(path, src->files.v[j]->path) == 0;
        if (skip) continue;
        ddbc_strbuf_puts(sb, " \\\n  ");
        if (!put_make_path(sb, path)) {
            *bad = path;
            return false;
        }
    }
    ddbc_strbuf_putc(sb, '\n');
    return true;
}

static bool write_depfile(compilation *c, const ddbc_outset *out)
{
    ddbc_strbuf text = DDBC_STRBUF_INIT, err = DDBC_STRBUF_INIT;
    const char *bad = NULL;
    bool ok = depfile_text(c, out, &text, &bad);
    if (!ok)
        ddbc_diag_report(&c->diags, DDBC_E0001, DDBC_NO_SPAN,
                         "cannot write the depfile '%s': the path '%s' holds a line break",
                         c->opts->depfile, bad);
    else if (ddbc_write_file_if_changed(c->opts->depfile, text.data, text.len, &err) != 0) {
        ddbc_diag_report(&c->diags, DDBC_E0001, DDBC_NO_SPAN, "%s", ddbc_strbuf_cstr(&err));
        ok = false;
    }
    ddbc_strbuf_free(&text);
    ddbc_strbuf_free(&err);
    return ok;
}

/* Run the selected backends and write out/ (and the depfile, once out/ is
 * written).  Returns false on an I/O failure. */
static bool emit(compilation *c, const bool *selected)
{
    ddbc_outset out;
    ddbc_outset_init(&out);
    backend_ctx ctx = {c->ir, &c->sources, &c->config, c->design, &c->diags};
    for (int i = 0; i < NBACKENDS; i++)
        if (selected[i]) backends[i].run(&ctx, &out, &c->diags);
    bool ok = true;
    if (!blocks_output(c)) {
        ddbc_strbuf err = DDBC_STRBUF_INIT;
        if (ddbc_outset_write(&out, c->opts->out_dir, &err) != 0) {
            ddbc_diag_report(&c->diags, DDBC_E0001, DDBC_NO_SPAN, "%s", ddbc_strbuf_cstr(&err));
            ok = false;
        }
        ddbc_strbuf_free(&err);
        if (ok && c->opts->depfile) ok = write_depfile(c, &out);
    }
    ddbc_outset_free(&out);
    return ok;
}

/* Targets named in the configuration, checked where they were written. */
static void select_from_config(compilation *c, bool *selected)
{
    for (size_t i = 0; i < c->config.emit.n; i++) {
        const char *name = c->config.emit.v[i];
        int b = find_backend(name, strlen(name));
        if (b >= 0) {
            selected[b] = true;
            continue;
        }
        ddbc_strbuf valid = DDBC_STRBUF_INIT;
        backend_names(&valid);
        ddbc_span at = i < c->config.emit_spans.n ? c->config.emit_spans.v[i] : DDBC_NO_SPAN;
        ddbc_diag_report(&c->diags, DDBC_E0301, at, "unknown emit target '%s' (valid: %s)", name,
                         ddbc_strbuf_cstr(&valid));
        ddbc_strbuf_free(&valid);
    }
}

static bool any_io_error(const ddbc_diags *d)
{
    for (size_t i = 0; i < d->items.n; i++)
        if (d->items.v[i]->code == DDBC_E0001) return true;
    return false;
}

static int usage_error(FILE *out, const char *msg)
{
    fprintf(out, "ddbc: error: %s\n", msg);
    return DDBC_EXIT_USAGE;
}

int ddbc_compile(const ddbc_options *opts, FILE *diag_out)
{
    if (opts->ninputs <= 0) return usage_error(diag_out, "no input files");
    if (!opts->check && (!opts->out_dir || !*opts->out_dir))
        return usage_error(diag_out, "no output directory (use -o DIR, or --check)");
    if (opts->prefix && !ddbc_config_valid_c_prefix(opts->prefix)) {
        fprintf(diag_out,
                "ddbc: error: invalid --prefix '%s': expected a C identifier (letters, digits "
                "and '_', not starting with a digit, at most 63 characters, not a keyword)\n",
                opts->prefix);
        return DDBC_EXIT_USAGE;
    }
    if (opts->depfile && (opts->check || !*opts->depfile))
        return usage_error(diag_out, opts->check ? "--depfile needs an output directory, not --check"
                                                 : "empty --depfile path");
    bool selected[NBACKENDS] = {false};
    if (opts->emit) {
        ddbc_strbuf err = DDBC_STRBUF_INIT;
        bool ok = select_from_list(opts->emit, selected, &err);
        int rc = ok ? DDBC_EXIT_OK : usage_error(diag_out, ddbc_strbuf_cstr(&err));
        ddbc_strbuf_free(&err);
        if (!ok) return rc;
    }

    compilation c;
    memset(&c, 0, sizeof c);
    c.opts = opts;
    c.arena = ddbc_arena_create();
    ddbc_sources_init(&c.sources, c.arena);
    ddbc_diags_init(&c.diags, c.arena);
    c.ast = DDBC_NEW(c.arena, ddbc_ast);
    c.ir = DDBC_NEW(c.arena, ddbc_ir);

    load_config(&c);
    if (opts->prefix) c.config.c_prefix = opts->prefix;
    if (!opts->emit) {
        if (c.config.emit.n) {
            select_from_config(&c, selected);
        } else {
            for (int i = 0; i < NBACKENDS; i++) selected[i] = backends[i].by_default;
        }
    }
    read_inputs(&c);
    parse_inputs(&c, choose_dialect(&c));
    ddbc_catalog_build(c.ast, c.arena, c.ir, &c.diags);
    ddbc_check_queries(c.ast, &c.sources, c.arena, c.ir, &c.diags);

    if (c.diags.errors == 0) plan(&c);
    if (c.design) ddbc_config_check_design(&c.config, c.ir, c.design, c.arena, &c.diags);

    bool io_failed = false;
    if (c.design && !blocks_output(&c) && !opts->check) io_failed = !emit(&c, selected);

    ddbc_strbuf text = DDBC_STRBUF_INIT;
    ddbc_diags_render(&c.diags, &c.sources, DDBC_SEV_NOTE, &text);
    if (text.len) fwrite(text.data, 1, text.len, diag_out);
    fflush(diag_out);
    ddbc_strbuf_free(&text);

    int status = DDBC_EXIT_OK;
    if (io_failed || any_io_error(&c.diags)) status = DDBC_EXIT_USAGE;
    else if (c.diags.errors) status = DDBC_EXIT_INPUT;
    ddbc_arena_destroy(c.arena);
    return status;
}
