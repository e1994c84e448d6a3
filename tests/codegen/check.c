/* check.c — the shared part of the generated-code programs (check.h). */
#define _POSIX_C_SOURCE 200809L

#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int failures;
ddbc_rt_client *client;

void expect_status(int line, ddbc_rt_status got, ddbc_rt_status want)
{
    if (got == want) return;
    const ddbc_rt_error *e = ddbc_rt_client_error(client);
    printf("line %d: %s, expected %s (%s: %s)\n", line, ddbc_rt_status_name(got), ddbc_rt_status_name(want),
           e->type, e->message);
    failures++;
}

void expect_true(int line, int cond, const char *what)
{
    if (cond) return;
    printf("line %d: %s\n", line, what);
    failures++;
}

char *dup(const char *s)
{
    if (!s) return NULL;
    char *d = malloc(strlen(s) + 1);
    if (d) strcpy(d, s);
    return d;
}

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = malloc(1 << 20);
    *n = buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;
    fclose(f);
    if (buf) buf[*n] = '\0';
    return buf;
}

bool check_start(const char *path)
{
    char why[256];
    if (ddbc_rt_client_create(NULL, &client, why, sizeof why) != DDBC_RT_OK) {
        printf("client: %s\n", why);
        return false;
    }
    size_t n = 0, rlen = 0;
    char *body = slurp(path, &n), *resp = NULL;
    TRUE(body != NULL);
    if (body) OK(ddbc_rt_call(client, "CreateTable", body, n, &resp, &rlen));
    free(body);
    free(resp);
    return true;
}

int check_finish(void)
{
    ddbc_rt_client_free(client);
    client = NULL;
    printf("%s: %d failure%s\n", failures ? "FAILED" : "ok", failures, failures == 1 ? "" : "s");
    return failures != 0;
}
