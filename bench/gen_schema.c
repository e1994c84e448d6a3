/* gen_schema.c — writes a synthetic schema and query set for the benchmark.
 *
 *     ddbc_bench_gen N OUTDIR [SEED]
 *
 * OUTDIR/schema.sql holds N PostgreSQL tables shaped like real ones (5–12 columns,
 * a primary key, foreign keys to earlier tables, unique emails, secondary
 * indexes, created_at and status); OUTDIR/queries.sql holds 5N sqlc-annotated
 * queries using only constructs the examples use.  Output depends only on N and
 * SEED: the PRNG is our own (splitmix64), never rand(). */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { MAX_TABLES = 1000000, MAX_COLS = 12 };

/* ---- deterministic PRNG ------------------------------------------------------ */

static uint64_t rng_state;

/* splitmix64: tiny, full period, identical on every platform. */
static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

/* Uniform in [0, n); n > 0.  The modulo bias is irrelevant for a benchmark. */
static unsigned rng_below(unsigned n)
{
    return (unsigned)(rng_next() % n);
}

static bool rng_chance(unsigned percent)
{
    return rng_below(100) < percent;
}

/* ---- the model ----------------------------------------------------------------- */

static const char *const nouns[] = {
    "account",  "invoice",  "customer", "order",    "shipment", "product", "review",
    "ticket",   "comment",  "project",  "task",     "payment",  "refund",  "coupon",
    "warehouse", "supplier", "contract", "employee", "team",     "meeting", "document",
    "folder",   "message",  "channel",  "device",   "sensor",   "reading", "campaign",
    "lead",     "vendor",   "asset",    "license",  "booking",  "room",    "guest",
    "course",   "lesson",   "student",  "grade",    "playlist", "track",   "album",
};
enum { NNOUNS = sizeof nouns / sizeof *nouns };

/* Optional payload columns; each table draws a few of them. */
static const struct extra_col {
    const char *name;
    const char *decl;
} extras[] = {
    {"title", "text NOT NULL"},
    {"description", "text"},
    {"amount_cents", "integer NOT NULL DEFAULT 0"},
    {"quantity", "smallint NOT NULL DEFAULT 1"},
    {"price", "numeric(12,2)"},
    {"is_active", "boolean NOT NULL DEFAULT true"},
    {"metadata", "jsonb NOT NULL DEFAULT '{}'::jsonb"},
    {"tags", "text[] NOT NULL DEFAULT '{}'"},
    {"code", "varchar(32) NOT NULL"},
    {"external_ref", "uuid"},
    {"due_on", "date"},
    {"score", "double precision"},
    {"updated_at", "timestamptz NOT NULL DEFAULT now()"},
    {"notes", "text"},
};
enum { NEXTRAS = sizeof extras / sizeof *extras };

typedef struct table {
    char name[48];       /* e.g. invoice_17 */
    char camel[48];      /* e.g. Invoice17 */
    int parent;          /* table index of the NOT NULL foreign key, or -1 */
    int other;           /* table index of a second, nullable foreign key, or -1 */
    bool has_email;      /* email text NOT NULL UNIQUE */
    bool has_index;      /* CREATE INDEX on (parent_id, created_at DESC) or (status, created_at) */
    int nextras;
    int extra[MAX_COLS];
} table;

static void name_table(table *t, int i)
{
    const char *noun = nouns[i % NNOUNS];
    snprintf(t->name, sizeof t->name, "%s_%d", noun, i);
    snprintf(t->camel, sizeof t->camel, "%c%s%d", noun[0] - 'a' + 'A', noun + 1, i);
}

/* Parents are mostly recent tables, so chains of item collections form. */
static int pick_parent(int i)
{
    if (i == 0) return -1;
    unsigned span = (unsigned)(i < 8 ? i : 8);
    if (rng_chance(70)) return i - 1 - (int)rng_below(span);
    return (int)rng_below((unsigned)i);
}

static void build_model(table *tabs, int n)
{
    for (int i = 0; i < n; i++) {
        table *t = &tabs[i];
        name_table(t, i);
        t->parent = (i > 0 && rng_chance(85)) ? pick_parent(i) : -1;
        t->other = (i > 1 && rng_chance(25)) ? (int)rng_below((unsigned)i) : -1;
        if (t->other == t->parent) t->other = -1;
        t->has_email = rng_chance(30);
        t->has_index = rng_chance(40);
        /* id, name, status, created_at always: 4 columns; fks and email up to 3 more. */
        int fixed = 4 + (t->parent >= 0) + (t->other >= 0) + t->has_email;
        int lo = fixed < 5 ? 5 - fixed : 1;
        int hi = 12 - fixed;
        t->nextras = lo + (int)rng_below((unsigned)(hi - lo + 1));
        /* A partial Fisher–Yates shuffle picks distinct extras. */
        int pool[NEXTRAS];
        for (int k = 0; k < NEXTRAS; k++) pool[k] = k;
        for (int k = 0; k < t->nextras; k++) {
            int j = k + (int)rng_below((unsigned)(NEXTRAS - k));
            int tmp = pool[k];
            pool[k] = pool[j];
            pool[j] = tmp;
            t->extra[k] = pool[k];
        }
    }
}

/* ---- schema.sql ---------------------------------------------------------------- */

static void fk_column_name(char *buf, size_t size, const table *target, const char *role)
{
    snprintf(buf, size, "%s%s_id", role, target->name);
}

static void write_schema(FILE *f, const table *tabs, int n)
{
    fprintf(f, "-- Synthetic schema: %d tables (ddbc_bench_gen).\n\n", n);
    for (int i = 0; i < n; i++) {
        const table *t = &tabs[i];
        char col[128];
        fprintf(f, "CREATE TABLE %s (\n", t->name);
        fprintf(f, "    id           bigserial   PRIMARY KEY,\n");
        if (t->parent >= 0) {
            fk_column_name(col, sizeof col, &tabs[t->parent], "");
            fprintf(f, "    %s bigint NOT NULL REFERENCES %s (id) ON DELETE CASCADE,\n", col,
                    tabs[t->parent].name);
        }
        if (t->other >= 0) {
            fk_column_name(col, sizeof col, &tabs[t->other], "linked_");
            fprintf(f, "    %s bigint REFERENCES %s (id) ON DELETE SET NULL,\n", col,
                    tabs[t->other].name);
        }
        if (t->has_email) fprintf(f, "    email        text        NOT NULL UNIQUE,\n");
        fprintf(f, "    name         text        NOT NULL,\n");
        for (int k = 0; k < t->nextras; k++)
            fprintf(f, "    %-12s %s,\n", extras[t->extra[k]].name, extras[t->extra[k]].decl);
        fprintf(f, "    status       text        NOT NULL DEFAULT 'ACTIVE',  -- ACTIVE | ARCHIVED\n");
        fprintf(f, "    created_at   timestamptz NOT NULL DEFAULT now()\n");
        fprintf(f, ");\n");
        if (t->has_index) {
            if (t->parent >= 0) {
                fk_column_name(col, sizeof col, &tabs[t->parent], "");
                fprintf(f, "CREATE INDEX %s_parent_idx ON %s (%s, created_at DESC);\n", t->name,
                        t->name, col);
            } else {
                fprintf(f, "CREATE INDEX %s_status_idx ON %s (status, created_at);\n", t->name,
                        t->name);
            }
        }
        fputc('\n', f);
    }
}

/* ---- queries.sql --------------------------------------------------------------- */

typedef enum qkind { Q_LIST_BY_FK, Q_BY_UNIQUE, Q_JOIN, Q_UPDATE, Q_DELETE } qkind;

static void q_get(FILE *f, const table *t)
{
    fprintf(f, "-- name: Get%s :one\nSELECT * FROM %s\nWHERE id = $1;\n\n", t->camel, t->name);
}

static void q_insert(FILE *f, const table *tabs, const table *t)
{
    char cols[512] = "", vals[256] = "";
    size_t cl = 0, vl = 0;
    int np = 0;
    char fk[128];
#define ADD_COL(colname)                                                                 \
    do {                                                                                 \
        cl += (size_t)snprintf(cols + cl, sizeof cols - cl, "%s%s", np ? ", " : "", colname); \
        vl += (size_t)snprintf(vals + vl, sizeof vals - vl, "%s$%d", np ? ", " : "", np + 1); \
        np++;                                                                            \
    } while (0)
    if (t->parent >= 0) {
        fk_column_name(fk, sizeof fk, &tabs[t->parent], "");
        ADD_COL(fk);
    }
    if (t->has_email) ADD_COL("email");
    ADD_COL("name");
    for (int k = 0; k < t->nextras; k++) ADD_COL(extras[t->extra[k]].name);
#undef ADD_COL
    fprintf(f, "-- name: Create%s :one\nINSERT INTO %s (%s)\nVALUES (%s)\nRETURNING id, created_at;\n\n",
            t->camel, t->name, cols, vals);
}

static void q_list_by_fk(FILE *f, const table *tabs, const table *t)
{
    char fk[128];
    fk_column_name(fk, sizeof fk, &tabs[t->parent], "");
    fprintf(f,
            "-- name: List%sBy%s :many\nSELECT id, name, status, created_at\nFROM %s\n"
            "WHERE %s = $1\nORDER BY created_at DESC\nLIMIT 20;\n\n",
            t->camel, tabs[t->parent].camel, t->name, fk);
}

static void q_by_unique(FILE *f, const table *t)
{
    fprintf(f, "-- name: Get%sByEmail :one\nSELECT id, email, name, status\nFROM %s\nWHERE email = $1;\n\n",
            t->camel, t->name);
}

/* The parent with its children, joined along the foreign key. */
static void q_join(FILE *f, const table *tabs, const table *t)
{
    const table *p = &tabs[t->parent];
    char fk[128];
    fk_column_name(fk, sizeof fk, p, "");
    fprintf(f,
            "-- name: Get%sWith%s :many\nSELECT p.id, p.name, c.id AS child_id, c.name AS child_name, c.created_at\n"
            "FROM %s p\nJOIN %s c ON c.%s = p.id\nWHERE p.id = $1\nORDER BY c.created_at DESC\nLIMIT 20;\n\n",
            p->camel, t->camel, p->name, t->name, fk);
}

static void q_update(FILE *f, const table *t)
{
    fprintf(f, "-- name: Update%sStatus :execrows\nUPDATE %s\nSET status = sqlc.arg(status)\nWHERE id = sqlc.arg(id);\n\n",
            t->camel, t->name);
}

static void q_delete(FILE *f, const table *t)
{
    fprintf(f, "-- name: Delete%s :exec\nDELETE FROM %s\nWHERE id = $1;\n\n", t->camel, t->name);
}

/* Five queries per table: always get and insert, then three of the rest that
 * the table supports, in a seeded order.  A table with neither a foreign key
 * nor an email supports only two, and gets a sparse status list as its fifth. */
static void write_queries(FILE *f, const table *tabs, int n)
{
    fprintf(f, "-- Synthetic queries: %d (ddbc_bench_gen).\n\n", 5 * n);
    for (int i = 0; i < n; i++) {
        const table *t = &tabs[i];
        qkind opt[5];
        int nopt = 0;
        if (t->parent >= 0) opt[nopt++] = Q_LIST_BY_FK;
        if (t->has_email) opt[nopt++] = Q_BY_UNIQUE;
        if (t->parent >= 0) opt[nopt++] = Q_JOIN;
        opt[nopt++] = Q_UPDATE;
        opt[nopt++] = Q_DELETE;
        for (int k = 0; k < nopt; k++) {
            int j = k + (int)rng_below((unsigned)(nopt - k));
            qkind tmp = opt[k];
            opt[k] = opt[j];
            opt[j] = tmp;
        }
        q_get(f, t);
        q_insert(f, tabs, t);
        int taken = 0;
        for (int k = 0; k < nopt && taken < 3; k++, taken++) {
            switch (opt[k]) {
            case Q_LIST_BY_FK: q_list_by_fk(f, tabs, t); break;
            case Q_BY_UNIQUE: q_by_unique(f, t); break;
            case Q_JOIN: q_join(f, tabs, t); break;
            case Q_UPDATE: q_update(f, t); break;
            case Q_DELETE: q_delete(f, t); break;
            }
        }
        if (taken < 3)
            fprintf(f,
                    "-- name: List%sByStatus :many\nSELECT id, name, created_at\nFROM %s\n"
                    "WHERE status = 'ACTIVE' AND created_at < $1\nORDER BY created_at\nLIMIT 100;\n\n",
                    t->camel, t->name);
    }
}

/* ---- main -------------------------------------------------------------------- */

static int usage(void)
{
    fputs("usage: ddbc_bench_gen N OUTDIR [SEED]\n", stderr);
    return 2;
}

static FILE *open_out(const char *dir, const char *name, char *path, size_t size)
{
    snprintf(path, size, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) fprintf(stderr, "ddbc_bench_gen: cannot write '%s': %s\n", path, strerror(errno));
    return f;
}

static bool close_out(FILE *f, const char *path)
{
    bool ok = !ferror(f);
    if (fclose(f) != 0) ok = false;
    if (!ok) fprintf(stderr, "ddbc_bench_gen: error writing '%s'\n", path);
    return ok;
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 4) return usage();
    char *end;
    errno = 0;
    long n = strtol(argv[1], &end, 10);
    if (errno || *end || n < 1 || n > MAX_TABLES) return usage();
    uint64_t seed = 20240101;
    if (argc == 4) {
        errno = 0;
        seed = strtoull(argv[3], &end, 10);
        if (errno || *end) return usage();
    }
    const char *dir = argv[2];
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "ddbc_bench_gen: cannot create '%s': %s\n", dir, strerror(errno));
        return 1;
    }

    rng_state = seed;
    table *tabs = calloc((size_t)n, sizeof *tabs);
    if (!tabs) {
        fputs("ddbc_bench_gen: out of memory\n", stderr);
        return 1;
    }
    build_model(tabs, (int)n);

    char path[4096];
    bool ok = true;
    FILE *f = open_out(dir, "schema.sql", path, sizeof path);
    if (!f) ok = false;
    else {
        write_schema(f, tabs, (int)n);
        ok = close_out(f, path) && ok;
    }
    f = ok ? open_out(dir, "queries.sql", path, sizeof path) : NULL;
    if (!f) ok = false;
    else {
        write_queries(f, tabs, (int)n);
        ok = close_out(f, path) && ok;
    }
    free(tabs);
    return ok ? 0 : 1;
}
