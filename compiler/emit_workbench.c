/* emit_workbench.c — the `workbench` backend: nosql-workbench.json, the NoSQL
 * Workbench data model (format version 3.0) with one facet per entity, the
 * GSIs, and the sample items (samples.c) as the table's data.
 *
 * The dates in ModelMetadata are a fixed string, not the compile time: the
 * format requires the fields, and outputs must be byte-identical run to run. */
#include "emit_workbench.h"

#include <string.h>

#include "json.h"
#include "samples.h"

/* Three items per entity: enough for a collection with two children and for
 * both sides of a sparse index. */
#define SAMPLES_PER_ENTITY 3

/* In NoSQL Workbench's own "Mon DD, YYYY, hh:mm AM" form, so it imports as written. */
#define FIXED_DATE "Jan 01, 2024, 12:00 AM"

/* The attribute type a column's values take (DESIGN.md's type mapping, as
 * samples.c writes them). */
static const char *column_type(const ddbc_column *c)
{
    switch (c->type.cls) {
    case DDBC_T_INTEGER: case DDBC_T_DECIMAL: case DDBC_T_FLOAT: return "N";
    case DDBC_T_BOOL: return "BOOL";
    case DDBC_T_BINARY: return "B";
    case DDBC_T_JSON: return "M";
    case DDBC_T_ARRAY:
        switch (c->type.element) {
        case DDBC_T_INTEGER: case DDBC_T_DECIMAL: case DDBC_T_FLOAT: return "NS";
        case DDBC_T_STRING: case DDBC_T_ENUM: case DDBC_T_UUID: case DDBC_T_DATE: case DDBC_T_TIMESTAMP:
        case DDBC_T_TIME: case DDBC_T_INTERVAL: return "SS";
        default: return "L";
        }
    default: return "S";
    }
}

typedef DDBC_VEC(const char *) name_list;

static bool listed(const name_list *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->v[i], name)) return true;
    return false;
}

static void key_attributes(ddbc_json *w, const char *pk, const char *sk)
{
    ddbc_json_obj(w, "KeyAttributes");
    ddbc_json_obj(w, "PartitionKey");
    ddbc_json_str(w, "AttributeName", pk);
    ddbc_json_str(w, "AttributeType", "S");
    ddbc_json_obj_end(w);
    ddbc_json_obj(w, "SortKey");
    ddbc_json_str(w, "AttributeName", sk);
    ddbc_json_str(w, "AttributeType", "S");
    ddbc_json_obj_end(w);
    ddbc_json_obj_end(w);
}

static void attribute(ddbc_json *w, name_list *seen, ddbc_arena *arena, const char *name, const char *type)
{
    if (listed(seen, name)) return;   /* one type per name: the first entity's wins */
    DDBC_VEC_PUSH(arena, *seen, name);
    ddbc_json_obj(w, NULL);
    ddbc_json_str(w, "AttributeName", name);
    ddbc_json_str(w, "AttributeType", type);
    ddbc_json_obj_end(w);
}

/* Table-level NonKeyAttributes: GSI key attributes, then every column and
 * copied attribute in entity order, then the counter attribute. */
static void non_key_attributes(ddbc_json *w, const ddbc_design *d, ddbc_arena *arena)
{
    name_list seen = {NULL, 0, 0};
    DDBC_VEC_PUSH(arena, seen, d->pk_attr);
    DDBC_VEC_PUSH(arena, seen, d->sk_attr);
    ddbc_json_arr(w, "NonKeyAttributes");
    for (size_t i = 0; i < d->indexes.n; i++) {
        const ddbc_index *x = d->indexes.v[i];
        if (x->number == 0) continue;
        attribute(w, &seen, arena, x->pk_attr, "S");
        attribute(w, &seen, arena, x->sk_attr, "S");
    }
    const char *counter_attr = NULL;
    for (size_t e = 0; e < d->entities.n; e++) {
        const ddbc_entity_plan *ep = d->entities.v[e];
        for (size_t c = 0; c < ep->entity->columns.n; c++)
            attribute(w, &seen, arena, ep->entity->columns.v[c]->name, column_type(ep->entity->columns.v[c]));
        for (size_t k = 0; k < ep->copies.n; k++)
            attribute(w, &seen, arena, ep->copies.v[k].attr, column_type(ep->copies.v[k].column));
        if (ep->counters.n && !counter_attr) counter_attr = ep->counters.v[0]->attr;
    }
    if (counter_attr) attribute(w, &seen, arena, counter_attr, "N");
    ddbc_json_arr_end(w);
}

static void template_str(ddbc_json *w, const char *key, const ddbc_key_template *t)
{
    ddbc_strbuf tmp = DDBC_STRBUF_INIT;
    ddbc_key_template_render(t, &tmp);
    ddbc_json_str(w, key, ddbc_strbuf_cstr(&tmp));
    ddbc_strbuf_free(&tmp);
}

static const ddbc_index *index_by_number(const ddbc_design *d, int number)
{
    for (size_t i = 0; i < d->indexes.n; i++)
        if (d->indexes.v[i]->number == number) return d->indexes.v[i];
    return NULL;
}

/* One facet per entity: its base key templates as the aliases, and the
 * attributes its items carry besides PK and SK. */
static void facets(ddbc_json *w, const ddbc_design *d, ddbc_arena *arena)
{
    ddbc_json_arr(w, "TableFacets");
    for (size_t e = 0; e < d->entities.n; e++) {
        const ddbc_entity_plan *ep = d->entities.v[e];
        if (!ep->keys.n) continue;
        ddbc_json_obj(w, NULL);
        ddbc_json_str(w, "FacetName", ep->entity->name);
        ddbc_json_obj(w, "KeyAttributeAlias");
        template_str(w, "PartitionKeyAlias", &ep->keys.v[0].pk);
        template_str(w, "SortKeyAlias", &ep->keys.v[0].sk);
        ddbc_json_obj_end(w);
        ddbc_json_arr(w, "TableData");
        ddbc_json_arr_end(w);
        name_list seen = {NULL, 0, 0};
        DDBC_VEC_PUSH(arena, seen, d->pk_attr);
        DDBC_VEC_PUSH(arena, seen, d->sk_attr);
        ddbc_json_arr(w, "NonKeyAttributes");
        for (size_t k = 1; k < ep->keys.n; k++) {
            const ddbc_index *x = index_by_number(d, ep->keys.v[k].index);
            if (!x) continue;
            const char *names[2] = {x->pk_attr, x->sk_attr};
            for (int j = 0; j < 2; j++) {
                if (listed(&seen, names[j])) continue;
                DDBC_VEC_PUSH(arena, seen, names[j]);
                ddbc_json_str(w, NULL, names[j]);
            }
        }
        for (size_t c = 0; c < ep->entity->columns.n; c++) {
            const char *name = ep->entity->columns.v[c]->name;
            if (listed(&seen, name)) continue;
            DDBC_VEC_PUSH(arena, seen, name);
            ddbc_json_str(w, NULL, name);
        }
        for (size_t k = 0; k < ep->copies.n; k++) {
            if (listed(&seen, ep->copies.v[k].attr)) continue;
            DDBC_VEC_PUSH(arena, seen, ep->copies.v[k].attr);
            ddbc_json_str(w, NULL, ep->copies.v[k].attr);
        }
        ddbc_json_arr_end(w);
        ddbc_json_obj(w, "DataAccess");
        ddbc_json_obj(w, "MySql");
        ddbc_json_obj_end(w);
        ddbc_json_obj_end(w);
        ddbc_json_obj_end(w);
    }
    ddbc_json_arr_end(w);
}

static void gsis(ddbc_json *w, const ddbc_design *d)
{
    ddbc_json_arr(w, "GlobalSecondaryIndexes");
    for (size_t i = 0; i < d->indexes.n; i++) {
        const ddbc_index *x = d->indexes.v[i];
        if (x->number == 0) continue;
        ddbc_json_obj(w, NULL);
        ddbc_json_str(w, "IndexName", x->name);
        key_attributes(w, x->pk_attr, x->sk_attr);
        ddbc_json_obj(w, "Projection");
        ddbc_json_str(w, "ProjectionType", ddbc_projection_name(x->projection));
        if (x->projection == DDBC_PROJECTION_INCLUDE) {
            ddbc_json_arr(w, "NonKeyAttributes");
            for (size_t k = 0; k < x->include.n; k++) ddbc_json_str(w, NULL, x->include.v[k]);
            ddbc_json_arr_end(w);
        }
        ddbc_json_obj_end(w);
        ddbc_json_obj_end(w);
    }
    ddbc_json_arr_end(w);
}

/* Sample items in DynamoDB JSON.  M, L and sets arrive as JSON text from
 * samples.c and are written as they are (on one line). */
static void table_data(ddbc_json *w, const ddbc_sample_list *items)
{
    ddbc_json_arr(w, "TableData");
    for (size_t i = 0; i < items->n; i++) {
        const ddbc_sample_item *it = &items->v[i];
        ddbc_json_obj(w, NULL);
        for (size_t a = 0; a < it->attrs.n; a++) {
            const ddbc_sample_attr *at = &it->attrs.v[a];
            ddbc_json_obj(w, at->name);
            switch (at->type) {
            case DDBC_ATTR_BOOL:
                ddbc_json_bool(w, "BOOL", !strcmp(at->value, "true"));
                break;
            case DDBC_ATTR_NULL:
                ddbc_json_bool(w, "NULL", true);
                break;
            case DDBC_ATTR_M: case DDBC_ATTR_L: case DDBC_ATTR_SS: case DDBC_ATTR_NS:
                ddbc_json_item(w, ddbc_attr_type_name(at->type));
                ddbc_strbuf_puts(w->sb, at->value);
                break;
            default:
                ddbc_json_str(w, ddbc_attr_type_name(at->type), at->value);
                break;
            }
            ddbc_json_obj_end(w);
        }
        ddbc_json_obj_end(w);
    }
    ddbc_json_arr_end(w);
}

static void auto_scaling(ddbc_json *w, const char *key, int min, int max, int target)
{
    ddbc_json_obj(w, key);
    ddbc_json_obj(w, "ScalableTargetRequest");
    ddbc_json_num(w, "MinCapacity", min);
    ddbc_json_num(w, "MaxCapacity", max);
    ddbc_json_str(w, "ServiceRole", "AWSServiceRoleForApplicationAutoScaling_DynamoDBTable");
    ddbc_json_obj_end(w);
    ddbc_json_obj(w, "ScalingPolicyConfiguration");
    ddbc_json_num(w, "TargetValue", target);
    ddbc_json_obj_end(w);
    ddbc_json_obj_end(w);
}

static void billing(ddbc_json *w, const ddbc_config *cfg)
{
    if (!cfg || !cfg->provisioned) {
        ddbc_json_str(w, "BillingMode", "PAY_PER_REQUEST");
        return;
    }
    ddbc_json_str(w, "BillingMode", "PROVISIONED");
    ddbc_json_obj(w, "ProvisionedCapacitySettings");
    ddbc_json_obj(w, "ProvisionedThroughput");
    ddbc_json_num(w, "ReadCapacityUnits", cfg->read_capacity);
    ddbc_json_num(w, "WriteCapacityUnits", cfg->write_capacity);
    ddbc_json_obj_end(w);
    auto_scaling(w, "AutoScalingRead", cfg->read_capacity, cfg->max_read_capacity, cfg->target_utilization);
    auto_scaling(w, "AutoScalingWrite", cfg->write_capacity, cfg->max_write_capacity, cfg->target_utilization);
    ddbc_json_obj_end(w);
}

void ddbc_emit_workbench(const ddbc_design *d, const ddbc_config *cfg, ddbc_outset *out,
                         ddbc_diags *diags)
{
    (void)diags;   /* nothing here can fail: every input was checked by the planner */
    ddbc_arena *arena = ddbc_arena_create();
    ddbc_sample_list items = {NULL, 0, 0};
    ddbc_samples_make(d, SAMPLES_PER_ENTITY, arena, &items);

    size_t served = 0;
    for (size_t i = 0; i < d->patterns.n; i++) served += d->patterns.v[i]->status == DDBC_PATTERN_SERVED;
    ddbc_strbuf desc = DDBC_STRBUF_INIT;
    ddbc_strbuf_printf(&desc, "Single-table design generated by ddbc: %zu entities, %d GSIs, %zu access patterns served.",
                       d->entities.n, ddbc_design_gsi_count(d), served);

    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    ddbc_json w;
    ddbc_json_init(&w, &sb);
    ddbc_json_obj(&w, NULL);
    ddbc_json_str(&w, "ModelName", d->table_name);
    ddbc_json_obj(&w, "ModelMetadata");
    ddbc_json_str(&w, "Author", "ddbc");
    ddbc_json_str(&w, "DateCreated", FIXED_DATE);
    ddbc_json_str(&w, "DateLastModified", FIXED_DATE);
    ddbc_json_str(&w, "Description", ddbc_strbuf_cstr(&desc));
    ddbc_json_str(&w, "AWSService", "Amazon DynamoDB");
    ddbc_json_str(&w, "Version", "3.0");
    ddbc_json_obj_end(&w);
    ddbc_json_arr(&w, "DataModel");
    ddbc_json_obj(&w, NULL);
    ddbc_json_str(&w, "TableName", d->table_name);
    key_attributes(&w, d->pk_attr, d->sk_attr);
    non_key_attributes(&w, d, arena);
    facets(&w, d, arena);
    gsis(&w, d);
    table_data(&w, &items);
    ddbc_json_obj(&w, "DataAccess");
    ddbc_json_obj(&w, "MySql");
    ddbc_json_obj_end(&w);
    ddbc_json_obj_end(&w);
    billing(&w, cfg);
    ddbc_json_obj_end(&w);
    ddbc_json_arr_end(&w);
    ddbc_json_obj_end(&w);
    ddbc_strbuf_putc(&sb, '\n');

    ddbc_outset_add(out, "nosql-workbench.json", &sb);
    ddbc_strbuf_free(&sb);
    ddbc_strbuf_free(&desc);
    ddbc_arena_destroy(arena);
}
