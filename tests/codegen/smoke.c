/* smoke.c — the shop example's generated C, built into a program with
 * warnings as errors and linked against ddbc_rt, run against a local server:
 * entity writes with a uniqueness guard, a pre-joined collection, a
 * follow-up-free Query, a counter, an UPDATE pattern, cascading delete and
 * the reflection table.  The table comes from the example's create-table.json
 * (argv[1]).  Exit status 0 when every step behaves as the SQL would. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "shop.h"

int main(int argc, char **argv)
{
    if (argc != 2) return 2;
    if (!check_start(argv[1])) return 1;

    /* put fills the generated id and DEFAULTs; a second email is refused */
    shop_customer cu = SHOP_CUSTOMER_INIT;
    cu.email = dup("ana@example.com");
    cu.full_name = dup("Ana");
    OK(shop_customer_put(client, &cu));
    TRUE(cu.id != 0);
    TRUE(cu.created_at != NULL);
    shop_customer twin = SHOP_CUSTOMER_INIT;
    twin.email = dup("ana@example.com");
    twin.full_name = dup("Twin");
    IS(shop_customer_put(client, &twin), DDBC_RT_UNIQUE_VIOLATION);
    shop_customer_free(&twin);

    shop_get_customer_by_email_row by_email = SHOP_CUSTOMER_INIT;
    OK(shop_get_customer_by_email(client, "ana@example.com", &by_email));
    TRUE(by_email.id == cu.id);
    TRUE(by_email.full_name && !strcmp(by_email.full_name, "Ana"));
    shop_customer_free(&by_email);

    /* an order and its lines, read back in one pre-joined Query */
    shop_order o = SHOP_ORDER_INIT;
    o.customer_id = cu.id;
    o.currency = dup("EUR");
    o.total_cents = 1234;
    OK(shop_order_put(client, &o));
    TRUE(o.status && !strcmp(o.status, "PENDING"));
    OK(shop_add_order_line(client, o.id, 2, 78, 1, 234, NULL));
    OK(shop_add_order_line(client, o.id, 1, 77, 2, 500, NULL));
    shop_get_order_with_lines_page lines = {NULL, 0, NULL};
    OK(shop_get_order_with_lines(client, o.id, NULL, &lines));
    TRUE(lines.n == 2);
    if (lines.n == 2) {
        TRUE(lines.rows[0].o.id == o.id && lines.rows[1].o.id == o.id);
        TRUE(lines.rows[0].l.line_no == 1 && lines.rows[1].l.line_no == 2);
        TRUE(lines.rows[0].l.quantity == 2);
    }
    shop_get_order_with_lines_page_free(&lines);

    shop_list_orders_by_customer_page orders = {NULL, 0, NULL};
    OK(shop_list_orders_by_customer(client, cu.id, NULL, &orders));
    TRUE(orders.n == 1 && orders.next_cursor == NULL);
    shop_list_orders_by_customer_page_free(&orders);

    /* UPDATE pattern: one row changed, the counter moves with it */
    long affected = -1;
    OK(shop_update_order_status(client, "PAID", o.id, &affected));
    TRUE(affected == 1);
    shop_count_orders_by_status_for_customer_page counts = {NULL, 0, NULL};
    OK(shop_count_orders_by_status_for_customer(client, cu.id, NULL, &counts));
    int64_t paid = 0;
    for (size_t i = 0; i < counts.n; i++)
        if (counts.rows[i].status && !strcmp(counts.rows[i].status, "PAID")) paid = counts.rows[i].order_count;
    TRUE(paid == 1);
    shop_count_orders_by_status_for_customer_page_free(&counts);

    /* delete cascades to the lines */
    OK(shop_order_delete(client, o.id));
    shop_order gone = SHOP_ORDER_INIT;
    IS(shop_order_get(client, o.id, &gone), DDBC_RT_NOT_FOUND);
    shop_order_line line = SHOP_ORDER_LINE_INIT;
    IS(shop_order_line_get(client, o.id, 1, &line), DDBC_RT_NOT_FOUND);
    shop_order_free(&o);

    /* update the whole row, then the reflection table reads it back */
    free(cu.phone);
    cu.phone = dup("+1-206-555-0100");
    OK(shop_customer_update(client, &cu));
    TRUE(shop_schema.nentities == 10);
    const ddbc_rt_entity_api *api = NULL;
    for (size_t i = 0; i < shop_schema.nentities; i++)
        if (!strcmp(shop_schema.entities[i].entity->name, "customers")) api = &shop_schema.entities[i];
    TRUE(api != NULL);
    if (api) {
        ddbc_rt_item key = DDBC_RT_ITEM_INIT, row = DDBC_RT_ITEM_INIT;
        const char *phone = NULL;
        size_t len = 0;
        OK(ddbc_rt_item_set_i64(&key, "id", cu.id));
        OK(api->get(client, &key, &row));
        TRUE(ddbc_rt_item_s(&row, "phone", &phone, &len) && len == 15);
        OK(api->remove(client, &key));
        IS(api->get(client, &key, &row), DDBC_RT_NOT_FOUND);
        ddbc_rt_item_free(&key);
        ddbc_rt_item_free(&row);
    }
    shop_customer_free(&cu);
    return check_finish();
}
