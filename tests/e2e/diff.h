/* diff.h — the differential end-to-end test over any generated module.
 *
 * Each example's test program (main.c, compiled per example) passes the
 * reflection table of its generated C (&<prefix>_schema) to ddbc_diff_main;
 * diff.c loads the same random data into SQLite and into DynamoDB through the
 * generated accessors and asserts every served pattern answers alike. */
#ifndef DDBC_E2E_DIFF_H
#define DDBC_E2E_DIFF_H

#include <ddbc/rt_schema.h>

/* argv[1]: ddbc's output directory (its create-table.json creates the table).
 * Environment: DDBC_DIFF_SEED, DDBC_DIFF_ROWS (rows per table), DDBC_DIFF_CALLS
 * (calls per pattern and round), plus the AWS variables tests/lib/with_server.sh
 * exports.  Returns the process exit status: 0 when everything agreed. */
int ddbc_diff_main(int argc, char **argv, const ddbc_rt_schema *schema);

#endif
