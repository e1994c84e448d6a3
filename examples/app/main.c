/* main.c — the shop example as an application: ddbc's generated accessors
 * (shop.h, from examples/shop) against a DynamoDB endpoint from the environment.
 *
 * It creates the table from ddbc's CreateTable request when it is missing,
 * writes a customer, an address and two orders with lines, reads them back
 * through four access patterns, prints what it found, and exits 1 on any
 * status or answer it did not expect.  Each run uses a fresh email, so it can
 * run again against the same table. */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "shop.h"

#ifndef SHOP_CREATE_TABLE_JSON
#define SHOP_CREATE_TABLE_JSON "create-table.json"
#endif

static int failures;

static void fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("shop_app: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    failures++;
}

/* Whether a call returned what was expected; otherwise says why, with the
 * service's error type and message when there was one. */
static int expect(ddbc_rt_client *c, const char *what, ddbc_rt_status got, ddbc_rt_status want)
{
    if (got == want) return 1;
    const ddbc_rt_error *e = ddbc_rt_client_error(c);
    fail("%s: %s, expected %s (%s%s%s)", what, ddbc_rt_status_name(got), ddbc_rt_status_name(want),
         e->type, e->type[0] ? ": " : "", e->message);
    return 0;
}

/* The generated structs own their strings: every string field is malloc'd. */
static char *copy_str(const char *s)
{
    char *p = strdup(s);
    if (!p) {
        fputs("shop_app: out of memory\n", stderr);
        exit(1);
    }
    return p;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? cap * 2 : 4096;
            char *p = realloc(buf, cap + 1);
            if (!p) break;
            buf = p;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0) break;
    }
    int bad = ferror(f) || !buf;
    fclose(f);
    if (bad) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* The value of "TableStatus" in a DescribeTable response ("ACTIVE"), or "". */
static void table_status(const char *json, char *out, size_t cap)
{
    out[0] = '\0';
    const char *p = strstr(json, "\"TableStatus\"");
    if (!p) return;
    p = strchr(p + 13, ':');
    if (!p || !(p = strchr(p, '"'))) return;
    size_t n = strcspn(++p, "\"");
    if (n >= cap) n = cap - 1;
    memcpy(out, p, n);
    out[n] = '\0';
}

/* Send ddbc's CreateTable request unless the table exists, then wait until it
 * is ACTIVE (local servers are at once; DynamoDB takes seconds). */
static int ensure_table(ddbc_rt_client *c, const char *request_path)
{
    size_t len = 0;
    char *request = read_file(request_path, &len);
    if (!request) {
        fail("cannot read the CreateTable request '%s'", request_path);
        return 0;
    }
    char *resp = NULL;
    size_t resp_len = 0;
    ddbc_rt_status s = ddbc_rt_call(c, "CreateTable", request, len, &resp, &resp_len);
    free(request);
    free(resp);
    resp = NULL;
    if (s != DDBC_RT_OK && strcmp(ddbc_rt_client_error(c)->type, "ResourceInUseException") != 0)
        return expect(c, "CreateTable", s, DDBC_RT_OK);

    char body[512];
    snprintf(body, sizeof body, "{\"TableName\":\"%s\"}", ddbc_rt_client_table(c, SHOP_TABLE_NAME));
    for (int attempt = 0; attempt < 120; attempt++) {
        s = ddbc_rt_call(c, "DescribeTable", body, strlen(body), &resp, &resp_len);
        if (!expect(c, "DescribeTable", s, DDBC_RT_OK)) return 0;
        char status[32];
        table_status(resp, status, sizeof status);
        free(resp);
        resp = NULL;
        if (strcmp(status, "ACTIVE") == 0) return 1;
        struct timespec pause = {0, 500 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    fail("table '%s' did not become ACTIVE", ddbc_rt_client_table(c, SHOP_TABLE_NAME));
    return 0;
}

static int run(ddbc_rt_client *c)
{
    char run_id[27];
    ddbc_rt_next_ulid(run_id);
    char email[64];
    snprintf(email, sizeof email, "ada.%s@example.com", run_id);

    /* ---- writes through the entities' put functions ---------------------------- */
    shop_customer customer = SHOP_CUSTOMER_INIT;
    customer.email = copy_str(email);
    customer.full_name = copy_str("Ada Lovelace");
    if (!expect(c, "shop_customer_put", shop_customer_put(c, &customer), DDBC_RT_OK)) {
        shop_customer_free(&customer);
        return 0;
    }
    printf("customer %lld <%s> created at %s\n", (long long)customer.id, customer.email,
           customer.created_at ? customer.created_at : "(no created_at)");
    if (customer.id == 0) fail("shop_customer_put did not fill in the generated id");

    /* The email is UNIQUE: a second customer with it is refused as a whole. */
    shop_customer twin = SHOP_CUSTOMER_INIT;
    twin.email = copy_str(email);
    twin.full_name = copy_str("Ada's twin");
    expect(c, "shop_customer_put (same email)", shop_customer_put(c, &twin),
           DDBC_RT_UNIQUE_VIOLATION);
    shop_customer_free(&twin);

    shop_address address = SHOP_ADDRESS_INIT;
    address.customer_id = customer.id;
    address.line1 = copy_str("12 St James's Square");
    address.city = copy_str("London");
    address.postal_code = copy_str("SW1Y 4JH");
    address.country_code = copy_str("GB");
    if (expect(c, "shop_address_put", shop_address_put(c, &address), DDBC_RT_OK)) {
        printf("address %lld: %s, %s (label %s)\n", (long long)address.id, address.line1,
               address.city, address.label ? address.label : "(none)");
        if (!address.label || strcmp(address.label, "home") != 0)
            fail("the address label was not defaulted to 'home'");
    }

    static const char *const statuses[2] = {"PENDING", "PAID"};
    int64_t order_ids[2] = {0, 0};
    for (int i = 0; i < 2; i++) {
        shop_order order = SHOP_ORDER_INIT;
        order.customer_id = customer.id;
        order.shipping_address_id = address.id;
        order.has_shipping_address_id = true;
        order.status = copy_str(statuses[i]);
        order.total_cents = 2 * 1250 + 999 * i;
        if (expect(c, "shop_order_put", shop_order_put(c, &order), DDBC_RT_OK)) {
            order_ids[i] = order.id;
            printf("order %lld: %s, %lld %s cents, placed %s\n", (long long)order.id, order.status,
                   (long long)order.total_cents, order.currency ? order.currency : "(no currency)",
                   order.placed_at ? order.placed_at : "(no placed_at)");
            for (int64_t n = 1; n <= 2; n++) {
                shop_order_line line = SHOP_ORDER_LINE_INIT;
                line.order_id = order.id;
                line.line_no = n;
                line.product_id = 100 + n;
                line.quantity = n;
                line.unit_price_cents = 1250;
                expect(c, "shop_order_line_put", shop_order_line_put(c, &line), DDBC_RT_OK);
                shop_order_line_free(&line);
            }
        }
        shop_order_free(&order);
    }

    /* ---- reads through the access patterns ---------------------------------------- */
    shop_get_customer_by_email_row found = SHOP_CUSTOMER_INIT;
    if (expect(c, "shop_get_customer_by_email",
               shop_get_customer_by_email(c, email, &found), DDBC_RT_OK)) {
        printf("GetCustomerByEmail: %lld %s\n", (long long)found.id, found.full_name);
        if (found.id != customer.id) fail("GetCustomerByEmail found customer %lld", (long long)found.id);
    }
    shop_customer_free(&found);

    size_t listed = 0;
    char *cursor = NULL;
    do {
        shop_list_orders_by_customer_page page = {0};
        ddbc_rt_status s = shop_list_orders_by_customer(c, customer.id, cursor, &page);
        free(cursor);
        cursor = NULL;
        if (!expect(c, "shop_list_orders_by_customer", s, DDBC_RT_OK)) break;
        for (size_t i = 0; i < page.n; i++) {
            const shop_list_orders_by_customer_row *o = &page.rows[i];
            printf("ListOrdersByCustomer: order %lld %s %s\n", (long long)o->id, o->status,
                   o->placed_at);
            if (o->id != order_ids[0] && o->id != order_ids[1])
                fail("ListOrdersByCustomer returned order %lld of someone else", (long long)o->id);
            listed++;
        }
        if (page.next_cursor) cursor = copy_str(page.next_cursor);
        shop_list_orders_by_customer_page_free(&page);
    } while (cursor);
    if (listed != 2) fail("ListOrdersByCustomer returned %zu orders, expected 2", listed);

    shop_get_order_with_lines_page lines = {0};
    if (expect(c, "shop_get_order_with_lines",
               shop_get_order_with_lines(c, order_ids[0], NULL, &lines), DDBC_RT_OK)) {
        for (size_t i = 0; i < lines.n; i++) {
            const shop_get_order_with_lines_row *r = &lines.rows[i];
            printf("GetOrderWithLines: order %lld %s line %lld: %lld x product %lld\n",
                   (long long)r->o.id, r->o.status, (long long)r->l.line_no,
                   (long long)r->l.quantity, (long long)r->l.product_id);
            if (r->o.id != order_ids[0] || r->l.line_no != (int64_t)i + 1)
                fail("GetOrderWithLines row %zu is order %lld line %lld", i, (long long)r->o.id,
                     (long long)r->l.line_no);
        }
        if (lines.n != 2) fail("GetOrderWithLines returned %zu lines, expected 2", lines.n);
    }
    shop_get_order_with_lines_page_free(&lines);

    shop_count_orders_by_status_for_customer_page counts = {0};
    if (expect(c, "shop_count_orders_by_status_for_customer",
               shop_count_orders_by_status_for_customer(c, customer.id, NULL, &counts), DDBC_RT_OK)) {
        int64_t total = 0;
        for (size_t i = 0; i < counts.n; i++) {
            printf("CountOrdersByStatusForCustomer: %s %lld\n", counts.rows[i].status,
                   (long long)counts.rows[i].order_count);
            if (counts.rows[i].order_count != 1)
                fail("%s: %lld orders, expected 1", counts.rows[i].status,
                     (long long)counts.rows[i].order_count);
            total += counts.rows[i].order_count;
        }
        if (counts.n != 2 || total != 2)
            fail("CountOrdersByStatusForCustomer: %zu statuses, %lld orders; expected 2 and 2",
                 counts.n, (long long)total);
    }
    shop_count_orders_by_status_for_customer_page_free(&counts);

    shop_address_free(&address);
    shop_customer_free(&customer);
    return failures == 0;
}

int main(int argc, char **argv)
{
    const char *request = argc > 1 ? argv[1] : SHOP_CREATE_TABLE_JSON;
    const char *endpoint = getenv("AWS_ENDPOINT_URL_DYNAMODB");
    if (!endpoint) endpoint = getenv("AWS_ENDPOINT_URL");
    printf("endpoint: %s, table: %s\n", endpoint ? endpoint : "(AWS default for the region)",
           SHOP_TABLE_NAME);

    char why[256] = "";
    ddbc_rt_client *c = NULL;
    ddbc_rt_status s = ddbc_rt_client_create(NULL, &c, why, sizeof why);
    if (s != DDBC_RT_OK) {
        fprintf(stderr, "shop_app: cannot make a client: %s (%s)\n", ddbc_rt_status_str(s), why);
        return 1;
    }
    int ok = ensure_table(c, request) && run(c);
    long requests = 0, retries = 0;
    ddbc_rt_client_counts(c, &requests, &retries);
    ddbc_rt_client_free(c);
    printf("%s: %ld requests, %ld retries\n", ok ? "ok" : "FAILED", requests, retries);
    return ok ? 0 : 1;
}
