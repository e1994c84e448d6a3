#!/usr/bin/env bash
# names.sh — the C generator's names and contract, checked on its output.
#
#   tests/codegen/names.sh DDBC
#
# Singular struct names (customers → customer, categories → category,
# addresses → address, people → person, inventory stays), collisions resolved
# by a number, C keywords and presence flags that meet a column escaped with
# '_', the contract's function shapes, escaped literals, and byte-identical
# output from two runs.
set -u
ddbc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

expect() {   # file fixed-string what
    if ! grep -qF -- "$2" "$1"; then
        echo "FAIL: $3: '$2' not in $(basename "$1")"
        fail=1
    fi
}
absent() {
    if grep -qF -- "$2" "$1"; then
        echo "FAIL: $3: '$2' in $(basename "$1")"
        fail=1
    fi
}

(cd "$root" && "$ddbc" examples/shop/schema.sql examples/shop/queries.sql --emit c -o "$tmp/shop" 2>/dev/null) ||
    { echo "FAIL: ddbc on shop"; exit 1; }
h=$tmp/shop/c/db.h
c=$tmp/shop/c/db.c
for s in customer address category product product_category inventory order order_line payment review; do
    expect "$h" "typedef struct db_$s {" "singular struct name"
done
expect "$h" '#define DB_TABLE_NAME "app"' "table name macro"
expect "$h" '#define DB_ORDER_INIT {0}' "INIT macro"
expect "$h" 'void db_order_free(db_order *row);' "free"
expect "$h" 'ddbc_rt_status db_order_put(ddbc_rt_client *c, db_order *row);' "put"
expect "$h" 'ddbc_rt_status db_order_get(ddbc_rt_client *c, int64_t id, db_order *out);' "get by base key"
expect "$h" 'ddbc_rt_status db_order_line_get(ddbc_rt_client *c, int64_t order_id, int64_t line_no, db_order_line *out);' "composite base key"
expect "$h" 'ddbc_rt_status db_order_update(ddbc_rt_client *c, const db_order *row);' "update"
expect "$h" 'ddbc_rt_status db_order_delete(ddbc_rt_client *c, int64_t id);' "delete"
expect "$h" '/* queries.sql:97 ListOrdersByCustomer */' "source comment"
expect "$h" 'typedef db_order db_list_orders_by_customer_row;' "one-binding row"
expect "$h" 'ddbc_rt_status db_list_orders_by_customer(ddbc_rt_client *c, int64_t customer_id, const char *cursor, db_list_orders_by_customer_page *out);' ":many"
expect "$h" 'ddbc_rt_status db_get_customer(ddbc_rt_client *c, int64_t id, db_get_customer_row *out);' ":one"
expect "$h" 'db_customer *out /* may be NULL: the row as written */);' "INSERT"
expect "$h" 'ddbc_rt_status db_update_order_status(ddbc_rt_client *c, const char *status, int64_t id, long *affected /* may be NULL */);' "UPDATE"
expect "$h" '    db_order o;' "join row member"
expect "$h" '    db_order_line l;' "join row member"
expect "$h" '    int64_t order_count;' "count row"
expect "$h" '    bool has_parent_id;' "presence flag"
expect "$h" 'extern const ddbc_rt_schema db_schema;' "reflection"
expect "$h" '#include <ddbc/rt_schema.h>' "runtime header"
expect "$c" '#include "db.h"' "own header"
expect "$c" '{"email", DDBC_RT_STRING, DDBC_KEYENC_STRING, false, DDBC_RT_DEFAULT_NONE, NULL, "text"}' "column"
expect "$c" '{"id", DDBC_RT_NUMBER, DDBC_KEYENC_NUMBER, false, DDBC_RT_DEFAULT_ID, NULL, "bigserial"}' "auto id"
expect "$c" 'DDBC_RT_DEFAULT_NOW' "now()"
expect "$c" 'DDBC_RT_DEFAULT_UUID' "gen_random_uuid()"
expect "$c" '"PENDING", "order_status"}' "enum default"
expect "$c" '{"UNIQUE", NULL, DDBC_KEYENC_STRING},' "guard template"
expect "$c" '{"status", "APPROVED"},' "sparse conjunct"
expect "$c" '{"parent_id", NULL},' "IS NOT NULL conjunct"
expect "$c" '.kind = DDBC_RT_ARG_FAN_OUT' "IN fan-out"
expect "$c" 'DDBC_RT_END_RAW' "LIKE prefix"
expect "$c" '.counter = &db__c0,' "counter pattern"
expect "$c" 'ddbc_rt_entity_create(c, ddbc_rt_client_table(c, DB_TABLE_NAME)' "table from the client"
expect "$c" '.kind = DDBC_RT_ARG_LITERAL, .literal = "EU-"' "a literal as an operand, never in an expression"

# the same input gives the same bytes
(cd "$root" && "$ddbc" examples/shop/schema.sql examples/shop/queries.sql --emit c -o "$tmp/shop2" 2>/dev/null)
cmp -s "$tmp/shop/c/db.c" "$tmp/shop2/c/db.c" && cmp -s "$h" "$tmp/shop2/c/db.h" ||
    { echo "FAIL: two runs differ"; fail=1; }

n=$here/cases/names
"$ddbc" "$n/schema.sql" "$n/queries.sql" --config "$n/ddbc.yaml" --keep-going --emit c -o "$tmp/names" 2>/dev/null ||
    { echo "FAIL: ddbc on cases/names"; exit 1; }
h=$tmp/names/c/names.h
c=$tmp/names/c/names.c
expect "$h" 'typedef struct names_status {' "statuses → status"
expect "$h" 'typedef struct names_status_2 {' "status, whose singular is taken"
expect "$h" 'typedef struct names_person {' "people → person"
expect "$h" 'typedef struct names_address {' "addresses → address"
expect "$h" '    int64_t int_;' "keyword column"
expect "$h" '    bool has_int;' "presence flag of an escaped name"
expect "$h" '    char *class_;' "C++ keyword column"
expect "$h" '    bool has_x_;' "presence flag meeting a column"
expect "$h" '    bool has_x;' "the column itself"
expect "$h" '    unsigned char *blob;' "binary"
expect "$h" '    size_t blob_len;' "binary length"
expect "$h" '    char *amount; /* decimal text */' "decimal"
expect "$h" 'names_status_put_2(ddbc_rt_client *c, int64_t id, names_status_put_2_row *out);' "pattern meeting an entity function"
expect "$h" 'names_status_3(ddbc_rt_client *c, int64_t status_id, const char *cursor, names_status_3_page *out);' "pattern meeting a struct"
expect "$h" 'const int64_t *ids, size_t ids_count' "slice"
expect "$h" 'const char *name, const int64_t *age' "nullable parameter"
expect "$h" '    bool has_a;' "LEFT JOIN presence"
expect "$h" 'const void *blob, size_t blob_len, double ratio, const char *amount' "binary, float, decimal parameters"
expect "$h" '#define NAMES_TABLE_NAME "names.tbl-1"' "table name from ddbc.yaml"
expect "$c" '"it'"'"'s \"quoted\" \\ ?\?= ok"' "escaped default"
expect "$h" 'names_statuses_by_label(ddbc_rt_client *c, const char *st_, int64_t rows_, const char *cursor' "parameters meeting locals"
expect "$c" '{"people_name", "name", &names__e3_address_references[0]},' "copied parent column"
expect "$c" '{&names__e3_address, &names__e2_person_ch0_find, true, names__e2_person_ch0_copies, 1},' "children: cascade and fan-out"
exit $fail
