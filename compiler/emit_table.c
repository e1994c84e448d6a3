/* emit_table.c — the table as infrastructure: create-table.json, cloudformation.yaml
 * and terraform/ (four .tf files), three descriptions of the one planned table.
 *
 * All three read the same helpers below (key attributes, GSIs, billing, tags) so
 * they cannot drift apart; tests/iac checks them against each other and real tools. */
#include "emit_table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "json.h"
#include "yaml_out.h"

/* DynamoDB's longest table name; the environment suffix must fit in it. */
#define TABLE_NAME_MAX 255
/* The characters DynamoDB allows in a table name, so "<table>-<env>" stays valid. */
#define ENV_PATTERN "^[A-Za-z0-9_.-]+$"

/* ---- what the three outputs share ---------------------------------------------------- */

/* Key attributes in first-use order: the table's, then each GSI's.  An inverted GSI
 * reuses the table's attributes, and DynamoDB rejects a definition no key uses or one
 * given twice, so this is exactly the set of distinct names. */
typedef struct key_attrs {
    const char **v;
    size_t n;
} key_attrs;

static void add_attr(key_attrs *a, const char *name)
{
    if (!name) return;
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->v[i], name) == 0) return;
    a->v[a->n++] = name;
}

static key_attrs collect_attrs(const ddbc_design *d)
{
    key_attrs a = {NULL, 0};
    size_t cap = 2 * d->indexes.n + 2;
    a.v = malloc(cap * sizeof *a.v);
    if (!a.v) abort();
    add_attr(&a, d->pk_attr);
    add_attr(&a, d->sk_attr);
    for (size_t i = 0; i < d->indexes.n; i++) {
        add_attr(&a, d->indexes.v[i]->pk_attr);
        add_attr(&a, d->indexes.v[i]->sk_attr);
    }
    return a;
}

static bool is_gsi(const ddbc_index *x)
{
    return x->number != 0;
}

static bool has_gsis(const ddbc_design *d)
{
    return ddbc_design_gsi_count(d) > 0;
}

/* A config tag named "environment" is replaced by the deployment's own: CloudFormation
 * rejects a duplicate key, and Terraform's merge() lets the right-hand side win. */
static bool tag_shadowed(const char *key)
{
    return strcmp(key, "environment") == 0;
}

/* The longest environment name that keeps "<table>-<env>" within DynamoDB's limit. */
static int env_max_length(const ddbc_design *d)
{
    int n = TABLE_NAME_MAX - (int)strlen(d->table_name) - 1;
    return n < 1 ? 1 : n;
}

/* ---- create-table.json ---------------------------------------------------------------- */

static void json_key_schema(ddbc_json *w, const char *pk, const char *sk)
{
    ddbc_json_arr(w, "KeySchema");
    ddbc_json_obj(w, NULL);
    ddbc_json_str(w, "AttributeName", pk);
    ddbc_json_str(w, "KeyType", "HASH");
    ddbc_json_obj_end(w);
    if (sk) {
        ddbc_json_obj(w, NULL);
        ddbc_json_str(w, "AttributeName", sk);
        ddbc_json_str(w, "KeyType", "RANGE");
        ddbc_json_obj_end(w);
    }
    ddbc_json_arr_end(w);
}

static void json_throughput(ddbc_json *w, const ddbc_config *cfg)
{
    ddbc_json_obj(w, "ProvisionedThroughput");
    ddbc_json_num(w, "ReadCapacityUnits", cfg->read_capacity);
    ddbc_json_num(w, "WriteCapacityUnits", cfg->write_capacity);
    ddbc_json_obj_end(w);
}

void ddbc_emit_create_table(const ddbc_design *d, const ddbc_config *cfg, ddbc_outset *out,
                            ddbc_diags *diags)
{
    (void)diags;
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    ddbc_json w;
    ddbc_json_init(&w, &sb);
    key_attrs attrs = collect_attrs(d);

    ddbc_json_obj(&w, NULL);
    ddbc_json_str(&w, "TableName", d->table_name);
    ddbc_json_arr(&w, "AttributeDefinitions");
    for (size_t i = 0; i < attrs.n; i++) {
        ddbc_json_obj(&w, NULL);
        ddbc_json_str(&w, "AttributeName", attrs.v[i]);
        /* every key is a string built from a template */
        ddbc_json_str(&w, "AttributeType", "S");
        ddbc_json_obj_end(&w);
    }
    ddbc_json_arr_end(&w);
    json_key_schema(&w, d->pk_attr, d->sk_attr);
    /* CreateTable rejects an empty list: leave it out when there is no GSI. */
    if (has_gsis(d)) {
        ddbc_json_arr(&w, "GlobalSecondaryIndexes");
        for (size_t i = 0; i < d->indexes.n; i++) {
            const ddbc_index *x = d->indexes.v[i];
            if (!is_gsi(x)) continue;
            ddbc_json_obj(&w, NULL);
            ddbc_json_str(&w, "IndexName", x->name);
            json_key_schema(&w, x->pk_attr, x->sk_attr);
            ddbc_json_obj(&w, "Projection");
            ddbc_json_str(&w, "ProjectionType", ddbc_projection_name(x->projection));
            if (x->projection == DDBC_PROJECTION_INCLUDE) {
                ddbc_json_arr(&w, "NonKeyAttributes");
                for (size_t a = 0; a < x->include.n; a++) ddbc_json_str(&w, NULL, x->include.v[a]);
                ddbc_json_arr_end(&w);
            }
            ddbc_json_obj_end(&w);
            if (cfg->provisioned) json_throughput(&w, cfg);
            ddbc_json_obj_end(&w);
        }
        ddbc_json_arr_end(&w);
    }
    ddbc_json_str(&w, "BillingMode", cfg->provisioned ? "PROVISIONED" : "PAY_PER_REQUEST");
    if (cfg->provisioned) json_throughput(&w, cfg);
    if (cfg->stream_view) {
        ddbc_json_obj(&w, "StreamSpecification");
        ddbc_json_bool(&w, "StreamEnabled", true);
        ddbc_json_str(&w, "StreamViewType", cfg->stream_view);
        ddbc_json_obj_end(&w);
    }
    ddbc_json_obj(&w, "SSESpecification");
    ddbc_json_bool(&w, "Enabled", true);
    ddbc_json_obj_end(&w);
    ddbc_json_bool(&w, "DeletionProtectionEnabled", cfg->deletion_protection);
    if (cfg->tag_keys.n) {
        ddbc_json_arr(&w, "Tags");
        for (size_t i = 0; i < cfg->tag_keys.n; i++) {
            ddbc_json_obj(&w, NULL);
            ddbc_json_str(&w, "Key", cfg->tag_keys.v[i]);
            ddbc_json_str(&w, "Value", cfg->tag_values.v[i]);
            ddbc_json_obj_end(&w);
        }
        ddbc_json_arr_end(&w);
    }
    ddbc_json_obj_end(&w);
    ddbc_strbuf_putc(&sb, '\n');

    free(attrs.v);
    ddbc_outset_add(out, "create-table.json", &sb);
    ddbc_strbuf_free(&sb);
}

/* ---- cloudformation.yaml ---------------------------------------------------------------- */

static void num(yaml_emitter_t *em, long long n)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", n);
    ddbc_yaml_scalar(em, NULL, buf, YAML_PLAIN_SCALAR_STYLE);
}

static void boolean(yaml_emitter_t *em, bool b)
{
    ddbc_yaml_scalar(em, NULL, b ? "true" : "false", YAML_PLAIN_SCALAR_STYLE);
}

/* An intrinsic function in its short form: !Sub "…", !Ref X, !GetAtt X.Y. */
static void fn(yaml_emitter_t *em, const char *tag, const char *arg)
{
    ddbc_yaml_scalar(em, tag, arg,
                     ddbc_yaml_plain_safe(arg) ? YAML_PLAIN_SCALAR_STYLE
                                               : YAML_DOUBLE_QUOTED_SCALAR_STYLE);
}

static void kv(yaml_emitter_t *em, const char *key, const char *value)
{
    ddbc_yaml_str(em, key);
    ddbc_yaml_str(em, value);
}

static void kv_num(yaml_emitter_t *em, const char *key, long long value)
{
    ddbc_yaml_str(em, key);
    num(em, value);
}

static void kv_bool(yaml_emitter_t *em, const char *key, bool value)
{
    ddbc_yaml_str(em, key);
    boolean(em, value);
}

static void cfn_key_schema(yaml_emitter_t *em, const char *pk, const char *sk)
{
    ddbc_yaml_str(em, "KeySchema");
    ddbc_yaml_seq_start(em, YAML_BLOCK_SEQUENCE_STYLE);
    ddbc_yaml_map_start(em);
    kv(em, "AttributeName", pk);
    kv(em, "KeyType", "HASH");
    ddbc_yaml_map_end(em);
    if (sk) {
        ddbc_yaml_map_start(em);
        kv(em, "AttributeName", sk);
        kv(em, "KeyType", "RANGE");
        ddbc_yaml_map_end(em);
    }
    ddbc_yaml_seq_end(em);
}

static void cfn_throughput(yaml_emitter_t *em, const ddbc_config *cfg)
{
    ddbc_yaml_str(em, "ProvisionedThroughput");
    ddbc_yaml_map_start(em);
    kv_num(em, "ReadCapacityUnits", cfg->read_capacity);
    kv_num(em, "WriteCapacityUnits", cfg->write_capacity);
    ddbc_yaml_map_end(em);
}

static void cfn_parameters(yaml_emitter_t *em, const ddbc_design *d)
{
    ddbc_strbuf tmp = DDBC_STRBUF_INIT;
    ddbc_yaml_str(em, "Parameters");
    ddbc_yaml_map_start(em);
    ddbc_yaml_str(em, "EnvironmentName");
    ddbc_yaml_map_start(em);
    kv(em, "Type", "String");
    ddbc_strbuf_printf(&tmp, "The deployment environment; the table is named %s-<EnvironmentName>",
                       d->table_name);
    kv(em, "Description", ddbc_strbuf_cstr(&tmp));
    kv(em, "Default", "dev");
    kv(em, "AllowedPattern", ENV_PATTERN);
    kv_num(em, "MinLength", 1);
    kv_num(em, "MaxLength", env_max_length(d));
    kv(em, "ConstraintDescription",
       "letters, digits, '_', '.' or '-', as DynamoDB allows in a table name");
    ddbc_yaml_map_end(em);
    ddbc_yaml_map_end(em);
    ddbc_strbuf_free(&tmp);
}

static void cfn_table(yaml_emitter_t *em, const ddbc_design *d, const ddbc_config *cfg)
{
    ddbc_strbuf tmp = DDBC_STRBUF_INIT;
    key_attrs attrs = collect_attrs(d);

    ddbc_yaml_str(em, "Table");
    ddbc_yaml_map_start(em);
    kv(em, "Type", "AWS::DynamoDB::Table");
    /* Data outlives a stack deletion or a replacement; deleting it is a human decision. */
    kv(em, "DeletionPolicy", "Retain");
    kv(em, "UpdateReplacePolicy", "Retain");
    ddbc_yaml_str(em, "Properties");
    ddbc_yaml_map_start(em);

    /* One template for every environment; table names are [A-Za-z0-9_.-] (config.c),
     * so nothing in the name can read as a ${} substitution. */
    ddbc_yaml_str(em, "TableName");
    ddbc_strbuf_printf(&tmp, "%s-${EnvironmentName}", d->table_name);
    fn(em, "!Sub", ddbc_strbuf_cstr(&tmp));

    ddbc_yaml_str(em, "AttributeDefinitions");
    ddbc_yaml_seq_start(em, YAML_BLOCK_SEQUENCE_STYLE);
    for (size_t i = 0; i < attrs.n; i++) {
        ddbc_yaml_map_start(em);
        kv(em, "AttributeName", attrs.v[i]);
        kv(em, "AttributeType", "S");
        ddbc_yaml_map_end(em);
    }
    ddbc_yaml_seq_end(em);
    cfn_key_schema(em, d->pk_attr, d->sk_attr);

    if (has_gsis(d)) {
        ddbc_yaml_str(em, "GlobalSecondaryIndexes");
        ddbc_yaml_seq_start(em, YAML_BLOCK_SEQUENCE_STYLE);
        for (size_t i = 0; i < d->indexes.n; i++) {
            const ddbc_index *x = d->indexes.v[i];
            if (!is_gsi(x)) continue;
            ddbc_yaml_map_start(em);
            kv(em, "IndexName", x->name);
            cfn_key_schema(em, x->pk_attr, x->sk_attr);
            ddbc_yaml_str(em, "Projection");
            ddbc_yaml_map_start(em);
            kv(em, "ProjectionType", ddbc_projection_name(x->projection));
            if (x->projection == DDBC_PROJECTION_INCLUDE) {
                ddbc_yaml_str(em, "NonKeyAttributes");
                ddbc_yaml_seq_start(em, YAML_BLOCK_SEQUENCE_STYLE);
                for (size_t a = 0; a < x->include.n; a++) ddbc_yaml_str(em, x->include.v[a]);
                ddbc_yaml_seq_end(em);
            }
            ddbc_yaml_map_end(em);
            if (cfg->provisioned) cfn_throughput(em, cfg);
            ddbc_yaml_map_end(em);
        }
        ddbc_yaml_seq_end(em);
    }

    kv(em, "BillingMode", cfg->provisioned ? "PROVISIONED" : "PAY_PER_REQUEST");
    if (cfg->provisioned) cfn_throughput(em, cfg);
    ddbc_yaml_str(em, "PointInTimeRecoverySpecification");
    ddbc_yaml_map_start(em);
    kv_bool(em, "PointInTimeRecoveryEnabled", cfg->point_in_time_recovery);
    ddbc_yaml_map_end(em);
    ddbc_yaml_str(em, "SSESpecification");
    ddbc_yaml_map_start(em);
    kv_bool(em, "SSEEnabled", true);
    ddbc_yaml_map_end(em);
    kv_bool(em, "DeletionProtectionEnabled", cfg->deletion_protection);
    if (cfg->ttl_attribute) {
        ddbc_yaml_str(em, "TimeToLiveSpecification");
        ddbc_yaml_map_start(em);
        kv(em, "AttributeName", cfg->ttl_attribute);
        kv_bool(em, "Enabled", true);
        ddbc_yaml_map_end(em);
    }
    if (cfg->stream_view) {
        ddbc_yaml_str(em, "StreamSpecification");
        ddbc_yaml_map_start(em);
        kv(em, "StreamViewType", cfg->stream_view);
        ddbc_yaml_map_end(em);
    }

    ddbc_yaml_str(em, "Tags");
    ddbc_yaml_seq_start(em, YAML_BLOCK_SEQUENCE_STYLE);
    for (size_t i = 0; i < cfg->tag_keys.n; i++) {
        if (tag_shadowed(cfg->tag_keys.v[i])) continue;
        ddbc_yaml_map_start(em);
        kv(em, "Key", cfg->tag_keys.v[i]);
        kv(em, "Value", cfg->tag_values.v[i]);
        ddbc_yaml_map_end(em);
    }
    ddbc_yaml_map_start(em);
    kv(em, "Key", "environment");
    ddbc_yaml_str(em, "Value");
    fn(em, "!Ref", "EnvironmentName");
    ddbc_yaml_map_end(em);
    ddbc_yaml_seq_end(em);

    ddbc_yaml_map_end(em);   /* Properties */
    ddbc_yaml_map_end(em);   /* Table */
    free(attrs.v);
    ddbc_strbuf_free(&tmp);
}

/* One scalable dimension (read or write) of the table or a GSI, and the target
 * tracking policy that scales it.  The service-linked role Application Auto
 * Scaling creates for DynamoDB does the work, so no IAM role is declared. */
static void cfn_scaling(yaml_emitter_t *em, const ddbc_config *cfg, const ddbc_index *x,
                        bool write)
{
    ddbc_strbuf id = DDBC_STRBUF_INIT, tmp = DDBC_STRBUF_INIT;
    const char *rw = write ? "Write" : "Read";
    /* Logical IDs must be alphanumeric: the index number is, a GSI's name need not be. */
    if (x->number == 0) ddbc_strbuf_printf(&id, "Table%s", rw);
    else ddbc_strbuf_printf(&id, "Index%d%s", x->number, rw);

    ddbc_strbuf_printf(&tmp, "%sScalableTarget", ddbc_strbuf_cstr(&id));
    ddbc_yaml_str(em, ddbc_strbuf_cstr(&tmp));
    ddbc_yaml_map_start(em);
    kv(em, "Type", "AWS::ApplicationAutoScaling::ScalableTarget");
    ddbc_yaml_str(em, "Properties");
    ddbc_yaml_map_start(em);
    kv(em, "ServiceNamespace", "dynamodb");
    ddbc_strbuf_reset(&tmp);
    if (x->number == 0) ddbc_strbuf_puts(&tmp, "table/${Table}");
    else ddbc_strbuf_printf(&tmp, "table/${Table}/index/%s", x->name);
    ddbc_yaml_str(em, "ResourceId");
    fn(em, "!Sub", ddbc_strbuf_cstr(&tmp));
    ddbc_strbuf_reset(&tmp);
    ddbc_strbuf_printf(&tmp, "dynamodb:%s:%sCapacityUnits", x->number == 0 ? "table" : "index", rw);
    kv(em, "ScalableDimension", ddbc_strbuf_cstr(&tmp));
    kv_num(em, "MinCapacity", write ? cfg->write_capacity : cfg->read_capacity);
    kv_num(em, "MaxCapacity", write ? cfg->max_write_capacity : cfg->max_read_capacity);
    ddbc_yaml_str(em, "RoleARN");
    fn(em, "!Sub",
       "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/"
       "dynamodb.application-autoscaling.amazonaws.com/"
       "AWSServiceRoleForApplicationAutoScaling_DynamoDBTable");
    ddbc_yaml_map_end(em);
    ddbc_yaml_map_end(em);

    ddbc_strbuf_reset(&tmp);
    ddbc_strbuf_printf(&tmp, "%sScalingPolicy", ddbc_strbuf_cstr(&id));
    ddbc_yaml_str(em, ddbc_strbuf_cstr(&tmp));
    ddbc_yaml_map_start(em);
    kv(em, "Type", "AWS::ApplicationAutoScaling::ScalingPolicy");
    ddbc_yaml_str(em, "Properties");
    ddbc_yaml_map_start(em);
    ddbc_yaml_str(em, "PolicyName");
    ddbc_strbuf_reset(&tmp);
    ddbc_strbuf_printf(&tmp, "${AWS::StackName}-%s", ddbc_strbuf_cstr(&id));
    fn(em, "!Sub", ddbc_strbuf_cstr(&tmp));
    kv(em, "PolicyType", "TargetTrackingScaling");
    ddbc_yaml_str(em, "ScalingTargetId");
    ddbc_strbuf_reset(&tmp);
    ddbc_strbuf_printf(&tmp, "%sScalableTarget", ddbc_strbuf_cstr(&id));
    fn(em, "!Ref", ddbc_strbuf_cstr(&tmp));
    ddbc_yaml_str(em, "TargetTrackingScalingPolicyConfiguration");
    ddbc_yaml_map_start(em);
    kv_num(em, "TargetValue", cfg->target_utilization);
    ddbc_yaml_str(em, "PredefinedMetricSpecification");
    ddbc_yaml_map_start(em);
    ddbc_strbuf_reset(&tmp);
    ddbc_strbuf_printf(&tmp, "DynamoDB%sCapacityUtilization", rw);
    kv(em, "PredefinedMetricType", ddbc_strbuf_cstr(&tmp));
    ddbc_yaml_map_end(em);
    ddbc_yaml_map_end(em);
    ddbc_yaml_map_end(em);
    ddbc_yaml_map_end(em);

    ddbc_strbuf_free(&id);
    ddbc_strbuf_free(&tmp);
}

static void cfn_output(yaml_emitter_t *em, const char *name, const char *description,
                       const char *tag, const char *value)
{
    ddbc_yaml_str(em, name);
    ddbc_yaml_map_start(em);
    kv(em, "Description", description);
    ddbc_yaml_str(em, "Value");
    fn(em, tag, value);
    ddbc_yaml_map_end(em);
}

void ddbc_emit_cloudformation(const ddbc_design *d, const ddbc_config *cfg, ddbc_outset *out,
                              ddbc_diags *diags)
{
    (void)diags;
    ddbc_strbuf sb = DDBC_STRBUF_INIT, tmp = DDBC_STRBUF_INIT;
    yaml_emitter_t em;
    ddbc_yaml_out_begin(&em, &sb);
    ddbc_yaml_map_start(&em);
    ddbc_yaml_str(&em, "AWSTemplateFormatVersion");
    /* quoted: a plain 2010-09-09 is a date to YAML 1.1 readers */
    ddbc_yaml_scalar(&em, NULL, "2010-09-09", YAML_DOUBLE_QUOTED_SCALAR_STYLE);
    ddbc_strbuf_printf(&tmp, "DynamoDB single-table design %s, generated by ddbc",
                       d->table_name);
    kv(&em, "Description", ddbc_strbuf_cstr(&tmp));
    cfn_parameters(&em, d);

    ddbc_yaml_str(&em, "Resources");
    ddbc_yaml_map_start(&em);
    cfn_table(&em, d, cfg);
    if (cfg->provisioned) {
        for (size_t i = 0; i < d->indexes.n; i++) {
            cfn_scaling(&em, cfg, d->indexes.v[i], false);
            cfn_scaling(&em, cfg, d->indexes.v[i], true);
        }
    }
    ddbc_yaml_map_end(&em);

    ddbc_yaml_str(&em, "Outputs");
    ddbc_yaml_map_start(&em);
    cfn_output(&em, "TableName", "The table's name in this environment", "!Ref", "Table");
    cfn_output(&em, "TableArn", "The table's ARN", "!GetAtt", "Table.Arn");
    if (cfg->stream_view)
        cfn_output(&em, "StreamArn", "The table's stream ARN", "!GetAtt", "Table.StreamArn");
    ddbc_yaml_map_end(&em);

    ddbc_yaml_map_end(&em);
    ddbc_yaml_out_end(&em);

    ddbc_outset_add(out, "cloudformation.yaml", &sb);
    ddbc_strbuf_free(&sb);
    ddbc_strbuf_free(&tmp);
}

/* ---- terraform/ ------------------------------------------------------------------------ */

/* s as an HCL quoted template: JSON-like escapes, plus "${" and "%{" doubled so a
 * tag value never becomes an interpolation or a directive. */
static void hcl_str(ddbc_strbuf *sb, const char *s)
{
    ddbc_strbuf tmp = DDBC_STRBUF_INIT;
    ddbc_strbuf_append_utf8(&tmp, s, strlen(s));
    s = ddbc_strbuf_cstr(&tmp);
    ddbc_strbuf_putc(sb, '"');
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        switch (c) {
        case '"': ddbc_strbuf_puts(sb, "\\\""); break;
        case '\\': ddbc_strbuf_puts(sb, "\\\\"); break;
        case '\n': ddbc_strbuf_puts(sb, "\\n"); break;
        case '\r': ddbc_strbuf_puts(sb, "\\r"); break;
        case '\t': ddbc_strbuf_puts(sb, "\\t"); break;
        case '$':
        case '%':
            ddbc_strbuf_putc(sb, (char)c);
            if (p[1] == '{') ddbc_strbuf_putc(sb, (char)c);
            break;
        default:
            if (c < 0x20 || c == 0x7f) ddbc_strbuf_printf(sb, "\\u%04x", c);
            else ddbc_strbuf_putc(sb, (char)c);
        }
    }
    ddbc_strbuf_putc(sb, '"');
    ddbc_strbuf_free(&tmp);
}

/* `<indent>key = "value"`, the '=' aligned at column `width` past the indent. */
static void hcl_attr(ddbc_strbuf *sb, int indent, int width, const char *key, const char *value)
{
    ddbc_strbuf_printf(sb, "%*s%-*s = ", indent, "", width, key);
    hcl_str(sb, value);
    ddbc_strbuf_putc(sb, '\n');
}

static void hcl_raw(ddbc_strbuf *sb, int indent, int width, const char *key, const char *expr)
{
    ddbc_strbuf_printf(sb, "%*s%-*s = %s\n", indent, "", width, key, expr);
}

static void hcl_num(ddbc_strbuf *sb, int indent, int width, const char *key, long long value)
{
    ddbc_strbuf_printf(sb, "%*s%-*s = %lld\n", indent, "", width, key, value);
}

static void tf_versions(ddbc_outset *out)
{
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    ddbc_strbuf_puts(&sb,
                     "# Generated by ddbc.\n"
                     "terraform {\n"
                     "  required_version = \">= 1.5\"\n"
                     "\n"
                     "  required_providers {\n"
                     "    aws = {\n"
                     "      source  = \"hashicorp/aws\"\n"
                     "      version = \"~> 5.0\"\n"
                     "    }\n"
                     "  }\n"
                     "}\n");
    ddbc_outset_add(out, "terraform/versions.tf", &sb);
    ddbc_strbuf_free(&sb);
}

static void tf_variables(const ddbc_design *d, const ddbc_config *cfg, ddbc_outset *out)
{
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    ddbc_strbuf_puts(&sb, "# Generated by ddbc.\n");
    ddbc_strbuf_puts(&sb, "variable \"environment\" {\n");
    ddbc_strbuf_puts(&sb, "  description = ");
    hcl_str(&sb, "The deployment environment; the table is named <table_name>-<environment>");
    ddbc_strbuf_puts(&sb, "\n  type        = string\n  default     = \"dev\"\n\n");
    ddbc_strbuf_puts(&sb, "  validation {\n");
    /* the same rule as the CloudFormation parameter: "<table>-<env>" stays a valid name */
    ddbc_strbuf_printf(&sb,
                       "    condition     = can(regex(\"%s\", var.environment)) && "
                       "length(var.environment) <= %d\n",
                       ENV_PATTERN, env_max_length(d));
    ddbc_strbuf_puts(&sb, "    error_message = ");
    hcl_str(&sb, "The environment must be letters, digits, '_', '.' or '-', as DynamoDB allows "
                 "in a table name.");
    ddbc_strbuf_puts(&sb, "\n  }\n}\n\n");

    ddbc_strbuf_puts(&sb, "variable \"table_name\" {\n");
    ddbc_strbuf_puts(&sb, "  description = ");
    hcl_str(&sb, "The table's base name, before the environment suffix");
    ddbc_strbuf_puts(&sb, "\n  type        = string\n  default     = ");
    hcl_str(&sb, d->table_name);
    ddbc_strbuf_puts(&sb, "\n}\n\n");

    ddbc_strbuf_puts(&sb, "variable \"tags\" {\n");
    ddbc_strbuf_puts(&sb, "  description = ");
    hcl_str(&sb, "Tags on the table (an environment tag is added)");
    ddbc_strbuf_puts(&sb, "\n  type        = map(string)\n  default     = {");
    if (cfg->tag_keys.n) {
        ddbc_strbuf_putc(&sb, '\n');
        for (size_t i = 0; i < cfg->tag_keys.n; i++) {
            ddbc_strbuf_puts(&sb, "    ");
            hcl_str(&sb, cfg->tag_keys.v[i]);
            ddbc_strbuf_puts(&sb, " = ");
            hcl_str(&sb, cfg->tag_values.v[i]);
            ddbc_strbuf_putc(&sb, '\n');
        }
        ddbc_strbuf_puts(&sb, "  ");
    }
    ddbc_strbuf_puts(&sb, "}\n}\n");
    ddbc_outset_add(out, "terraform/variables.tf", &sb);
    ddbc_strbuf_free(&sb);
}

static void tf_table(ddbc_strbuf *sb, const ddbc_design *d, const ddbc_config *cfg)
{
    key_attrs attrs = collect_attrs(d);
    /* aligned as terraform fmt aligns them */
    int w = cfg->provisioned ? 14 : 12;
    ddbc_strbuf_puts(sb, "resource \"aws_dynamodb_table\" \"table\" {\n");
    hcl_raw(sb, 2, w, "name", "\"${var.table_name}-${var.environment}\"");
    hcl_attr(sb, 2, w, "billing_mode", cfg->provisioned ? "PROVISIONED" : "PAY_PER_REQUEST");
    hcl_attr(sb, 2, w, "hash_key", d->pk_attr);
    if (d->sk_attr) hcl_attr(sb, 2, w, "range_key", d->sk_attr);
    if (cfg->provisioned) {
        hcl_num(sb, 2, w, "read_capacity", cfg->read_capacity);
        hcl_num(sb, 2, w, "write_capacity", cfg->write_capacity);
    }

    for (size_t i = 0; i < attrs.n; i++) {
        ddbc_strbuf_puts(sb, "\n  attribute {\n");
        hcl_attr(sb, 4, 4, "name", attrs.v[i]);
        hcl_attr(sb, 4, 4, "type", "S");
        ddbc_strbuf_puts(sb, "  }\n");
    }

    for (size_t i = 0; i < d->indexes.n; i++) {
        const ddbc_index *x = d->indexes.v[i];
        if (!is_gsi(x)) continue;
        /* aligned as terraform fmt aligns them */
        int width = x->projection == DDBC_PROJECTION_INCLUDE ? 18 : 15;
        ddbc_strbuf_puts(sb, "\n  global_secondary_index {\n");
        hcl_attr(sb, 4, width, "name", x->name);
        hcl_attr(sb, 4, width, "hash_key", x->pk_attr);
        if (x->sk_attr) hcl_attr(sb, 4, width, "range_key", x->sk_attr);
        hcl_attr(sb, 4, width, "projection_type", ddbc_projection_name(x->projection));
        if (x->projection == DDBC_PROJECTION_INCLUDE) {
            ddbc_strbuf_printf(sb, "    %-*s = [", width, "non_key_attributes");
            for (size_t a = 0; a < x->include.n; a++) {
                if (a) ddbc_strbuf_puts(sb, ", ");
                hcl_str(sb, x->include.v[a]);
            }
            ddbc_strbuf_puts(sb, "]\n");
        }
        if (cfg->provisioned) {
            hcl_num(sb, 4, width, "read_capacity", cfg->read_capacity);
            hcl_num(sb, 4, width, "write_capacity", cfg->write_capacity);
        }
        ddbc_strbuf_puts(sb, "  }\n");
    }

    ddbc_strbuf_printf(sb, "\n  point_in_time_recovery {\n    enabled = %s\n  }\n",
                       cfg->point_in_time_recovery ? "true" : "false");
    ddbc_strbuf_puts(sb, "\n  server_side_encryption {\n    enabled = true\n  }\n\n");
    hcl_raw(sb, 2, 27, "deletion_protection_enabled", cfg->deletion_protection ? "true" : "false");
    if (cfg->ttl_attribute) {
        ddbc_strbuf_puts(sb, "\n  ttl {\n");
        hcl_attr(sb, 4, 14, "attribute_name", cfg->ttl_attribute);
        hcl_raw(sb, 4, 14, "enabled", "true");
        ddbc_strbuf_puts(sb, "  }\n");
    }
    if (cfg->stream_view) {
        ddbc_strbuf_putc(sb, '\n');
        hcl_raw(sb, 2, 16, "stream_enabled", "true");
        hcl_attr(sb, 2, 16, "stream_view_type", cfg->stream_view);
    }
    ddbc_strbuf_puts(sb, "\n  tags = merge(var.tags, { environment = var.environment })\n");
    if (cfg->provisioned) {
        /* Auto scaling owns the table's capacity from here on; without this every
         * plan would reset it to the minimum. */
        ddbc_strbuf_puts(sb, "\n  lifecycle {\n"
                             "    ignore_changes = [read_capacity, write_capacity]\n"
                             "  }\n");
    }
    ddbc_strbuf_puts(sb, "}\n");
    free(attrs.v);
}

/* The Terraform counterpart of cfn_scaling: one dimension and its policy. */
static void tf_scaling(ddbc_strbuf *sb, const ddbc_config *cfg, const ddbc_index *x, bool write)
{
    ddbc_strbuf label = DDBC_STRBUF_INIT, tmp = DDBC_STRBUF_INIT;
    const char *rw = write ? "write" : "read";
    const char *RW = write ? "Write" : "Read";
    if (x->number == 0) ddbc_strbuf_printf(&label, "table_%s", rw);
    else ddbc_strbuf_printf(&label, "index%d_%s", x->number, rw);
    const char *l = ddbc_strbuf_cstr(&label);

    ddbc_strbuf_printf(sb, "\nresource \"aws_appautoscaling_target\" \"%s\" {\n", l);
    ddbc_strbuf_puts(sb, "  service_namespace  = \"dynamodb\"\n");
    ddbc_strbuf_puts(sb, "  resource_id        = \"table/${aws_dynamodb_table.table.name}");
    if (x->number != 0) {
        /* the index name is escaped as the rest of a template string, minus its quotes */
        ddbc_strbuf_puts(&tmp, "/index/");
        ddbc_strbuf_puts(&tmp, x->name);
        ddbc_strbuf q = DDBC_STRBUF_INIT;
        hcl_str(&q, ddbc_strbuf_cstr(&tmp));
        ddbc_strbuf_append(sb, q.data + 1, q.len - 2);
        ddbc_strbuf_free(&q);
    }
    ddbc_strbuf_puts(sb, "\"\n");
    ddbc_strbuf_printf(sb, "  scalable_dimension = \"dynamodb:%s:%sCapacityUnits\"\n",
                       x->number == 0 ? "table" : "index", RW);
    ddbc_strbuf_printf(sb, "  min_capacity       = %d\n",
                       write ? cfg->write_capacity : cfg->read_capacity);
    ddbc_strbuf_printf(sb, "  max_capacity       = %d\n",
                       write ? cfg->max_write_capacity : cfg->max_read_capacity);
    ddbc_strbuf_puts(sb, "}\n");

    ddbc_strbuf_printf(sb, "\nresource \"aws_appautoscaling_policy\" \"%s\" {\n", l);
    ddbc_strbuf_printf(sb,
                       "  name               = \"DynamoDB%sCapacityUtilization:"
                       "${aws_appautoscaling_target.%s.resource_id}\"\n",
                       RW, l);
    ddbc_strbuf_puts(sb, "  policy_type        = \"TargetTrackingScaling\"\n");
    ddbc_strbuf_printf(sb, "  resource_id        = aws_appautoscaling_target.%s.resource_id\n", l);
    ddbc_strbuf_printf(sb,
                       "  scalable_dimension = aws_appautoscaling_target.%s.scalable_dimension\n",
                       l);
    ddbc_strbuf_printf(sb,
                       "  service_namespace  = aws_appautoscaling_target.%s.service_namespace\n",
                       l);
    ddbc_strbuf_puts(sb, "\n  target_tracking_scaling_policy_configuration {\n");
    ddbc_strbuf_printf(sb, "    target_value = %d\n\n", cfg->target_utilization);
    ddbc_strbuf_puts(sb, "    predefined_metric_specification {\n");
    ddbc_strbuf_printf(sb, "      predefined_metric_type = \"DynamoDB%sCapacityUtilization\"\n", RW);
    ddbc_strbuf_puts(sb, "    }\n  }\n}\n");
    ddbc_strbuf_free(&label);
    ddbc_strbuf_free(&tmp);
}

static void tf_main(const ddbc_design *d, const ddbc_config *cfg, ddbc_outset *out)
{
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    ddbc_strbuf_puts(&sb, "# Generated by ddbc: the single-table design's table.\n");
    tf_table(&sb, d, cfg);
    if (cfg->provisioned) {
        for (size_t i = 0; i < d->indexes.n; i++) {
            tf_scaling(&sb, cfg, d->indexes.v[i], false);
            tf_scaling(&sb, cfg, d->indexes.v[i], true);
        }
    }
    ddbc_outset_add(out, "terraform/main.tf", &sb);
    ddbc_strbuf_free(&sb);
}

static void tf_outputs(const ddbc_config *cfg, ddbc_outset *out)
{
    ddbc_strbuf sb = DDBC_STRBUF_INIT;
    ddbc_strbuf_puts(&sb, "# Generated by ddbc.\n"
                          "output \"table_name\" {\n"
                          "  description = \"The table's name in this environment\"\n"
                          "  value       = aws_dynamodb_table.table.name\n"
                          "}\n\n"
                          "output \"table_arn\" {\n"
                          "  description = \"The table's ARN\"\n"
                          "  value       = aws_dynamodb_table.table.arn\n"
                          "}\n");
    if (cfg->stream_view)
        ddbc_strbuf_puts(&sb, "\noutput \"stream_arn\" {\n"
                              "  description = \"The table's stream ARN\"\n"
                              "  value       = aws_dynamodb_table.table.stream_arn\n"
                              "}\n");
    ddbc_outset_add(out, "terraform/outputs.tf", &sb);
    ddbc_strbuf_free(&sb);
}

void ddbc_emit_terraform(const ddbc_design *d, const ddbc_config *cfg, ddbc_outset *out,
                         ddbc_diags *diags)
{
    (void)diags;
    tf_main(d, cfg, out);
    tf_outputs(cfg, out);
    tf_variables(d, cfg, out);
    tf_versions(out);
}
