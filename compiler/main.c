/* main.c — the ddbc command: argv → ddbc_options → ddbc_compile.
 *
 * Nothing else lives here; everything the command does is in the library so
 * tests and other front ends get the same behaviour. */
#define _GNU_SOURCE   /* getopt_long */

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler.h"

static const char usage_text[] =
    "usage: ddbc [options] PATH... -o DIR\n"
    "\n"
    "Compile SQL DDL and sqlc-annotated queries into a DynamoDB single-table design.\n"
    "Each PATH is a .sql file or a directory of migrations (its *.sql files in name\n"
    "order, down migrations skipped).\n"
    "\n"
    "options:\n"
    "  -o, --out DIR      write the outputs to DIR (created if missing)\n"
    "      --config FILE  read options from FILE (default: ./ddbc.yaml if present)\n"
    "      --emit LIST    comma-separated outputs to produce: design, lock, report,\n"
    "                     cloudformation, terraform, create-table, workbench, c, ir\n"
    "                     (default: all but ir)\n"
    "      --lock FILE    plan against this lock file (default: DIR/ddbc.lock if present)\n"
    "      --prefix NAME  prefix of the generated C symbols and files (c/NAME.h, c/NAME.c);\n"
    "                     overrides c_prefix of the config (default: db)\n"
    "      --depfile FILE also write FILE, a Makefile-syntax depfile for make and ninja:\n"
    "                     the output that sorts first by name (with --emit c: DIR/c/NAME.c)\n"
    "                     depends on every file ddbc read (SQL files, directory members,\n"
    "                     the config, the lock)\n"
    "      --allow-rewrite  let a locked key template change (every item must be migrated)\n"
    "      --keep-going   write the design for the served patterns even when some are refused\n"
    "      --dialect NAME postgresql, mysql, sqlite or auto (default: auto)\n"
    "      --check        report diagnostics only, write nothing\n"
    "      --verbose      list every skipped statement instead of a summary\n"
    "  -h, --help         print this help and exit\n"
    "      --version      print the version and exit\n";

static int usage_error(const char *what, const char *arg)
{
    if (arg) fprintf(stderr, "ddbc: error: %s '%s'\n", what, arg);
    else fprintf(stderr, "ddbc: error: %s\n", what);
    fputs("usage: ddbc [options] PATH... -o DIR  (see ddbc --help)\n", stderr);
    return DDBC_EXIT_USAGE;
}

enum { OPT_CONFIG = 256, OPT_EMIT, OPT_DIALECT, OPT_CHECK, OPT_VERBOSE, OPT_VERSION, OPT_LOCK,
       OPT_ALLOW_REWRITE, OPT_KEEP_GOING, OPT_PREFIX, OPT_DEPFILE };

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"out", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {"config", required_argument, NULL, OPT_CONFIG},
        {"emit", required_argument, NULL, OPT_EMIT},
        {"dialect", required_argument, NULL, OPT_DIALECT},
        {"check", no_argument, NULL, OPT_CHECK},
        {"verbose", no_argument, NULL, OPT_VERBOSE},
        {"version", no_argument, NULL, OPT_VERSION},
        {"lock", required_argument, NULL, OPT_LOCK},
        {"allow-rewrite", no_argument, NULL, OPT_ALLOW_REWRITE},
        {"keep-going", no_argument, NULL, OPT_KEEP_GOING},
        {"prefix", required_argument, NULL, OPT_PREFIX},
        {"depfile", required_argument, NULL, OPT_DEPFILE},
        {NULL, 0, NULL, 0},
    };
    ddbc_options opts;
    memset(&opts, 0, sizeof opts);
    opts.dialect = DDBC_DIALECT_AUTO;

    opterr = 0;   /* our own messages, in our own format */
    int ch;
    while ((ch = getopt_long(argc, argv, ":ho:", longopts, NULL)) != -1) {
        switch (ch) {
        case 'o': opts.out_dir = optarg; break;
        case 'h': fputs(usage_text, stdout); return DDBC_EXIT_OK;
        case OPT_VERSION: puts("ddbc " DDBC_VERSION); return DDBC_EXIT_OK;
        case OPT_CONFIG: opts.config_path = optarg; break;
        case OPT_EMIT: opts.emit = optarg; break;
        case OPT_CHECK: opts.check = true; break;
        case OPT_VERBOSE: opts.verbose = true; break;
        case OPT_LOCK: opts.lock_path = optarg; break;
        case OPT_ALLOW_REWRITE: opts.allow_rewrite = true; break;
        case OPT_KEEP_GOING: opts.keep_going = true; break;
        case OPT_PREFIX: opts.prefix = optarg; break;
        case OPT_DEPFILE: opts.depfile = optarg; break;
        case OPT_DIALECT:
            if (!ddbc_dialect_parse(optarg, &opts.dialect)) {
                fprintf(stderr,
                        "ddbc: error: unknown dialect '%s' (expected postgresql, mysql, sqlite or auto)\n",
                        optarg);
                return DDBC_EXIT_USAGE;
            }
            opts.dialect_given = true;
            break;
        case ':': return usage_error("missing argument for option", argv[optind - 1]);
        default: {
            char shortopt[3] = {'-', (char)optopt, '\0'};
            return usage_error("unknown option", optopt ? shortopt : argv[optind - 1]);
        }
        }
    }

    int ninputs = argc - optind;
    if (ninputs <= 0) return usage_error("no input files", NULL);
    if (!opts.check && !opts.out_dir)
        return usage_error("no output directory (use -o DIR, or --check)", NULL);

    const char **inputs = malloc((size_t)ninputs * sizeof *inputs);
    if (!inputs) {
        fputs("ddbc: out of memory\n", stderr);
        return DDBC_EXIT_USAGE;
    }
    for (int i = 0; i < ninputs; i++) inputs[i] = argv[optind + i];
    opts.inputs = inputs;
    opts.ninputs = ninputs;
    int status = ddbc_compile(&opts, stderr);
    free(inputs);
    return status;
}
