/* main.c — one example's end-to-end test program: its generated header and
 * reflection table handed to the differential harness (diff.c).  Compiled
 * once per example with E2E_HEADER="<prefix>.h" and E2E_SCHEMA=<prefix>_schema. */
#include "diff.h"

#include E2E_HEADER

int main(int argc, char **argv)
{
    return ddbc_diff_main(argc, argv, &E2E_SCHEMA);
}
