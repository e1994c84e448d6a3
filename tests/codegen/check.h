/* check.h — what the generated-code programs (smoke.c, features.c) share: a
 * client, the table created from a design's create-table.json, and checks
 * that count failures and say where they happened instead of stopping. */
#ifndef DDBC_TEST_CODEGEN_CHECK_H
#define DDBC_TEST_CODEGEN_CHECK_H

#include <ddbc/rt.h>

extern int failures;
extern ddbc_rt_client *client;

/* The client from the environment, and the table from create-table.json at
 * `path`; false (with the reason printed) when the client cannot be made. */
bool check_start(const char *path);
/* Frees the client and prints the verdict; the program's exit status. */
int check_finish(void);

void expect_status(int line, ddbc_rt_status got, ddbc_rt_status want);
void expect_true(int line, int cond, const char *what);
/* A malloc'd copy (generated structs own their strings); NULL stays NULL. */
char *dup(const char *s);

#define OK(x) expect_status(__LINE__, (x), DDBC_RT_OK)
#define IS(x, want) expect_status(__LINE__, (x), (want))
#define TRUE(c) expect_true(__LINE__, (c), #c)

#endif
