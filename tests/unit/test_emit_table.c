/* test_emit_table.c — unit tests for the table backends (emit_table.c):
 * create-table.json, cloudformation.yaml and terraform/ (four .tf files).
 *
 * Each case plans a small real schema and asserts on the exact text of the key
 * parts: attribute definitions, GSI projections, billing, TTL, streams, tags. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "check.h"
#include "config.h"
#include "emit_table.h"
#include "fixture.h"
#include "outset.h"
#include "plan.h"

static const char *const schema =
    "CREATE TABLE customers (\n"
    "  id bigint PRIMARY KEY,\n"
    "  email text NOT NULL UNIQUE,\n"
    "  name text\n"
    ");\n"
    "CREATE TABLE orders (\n"
    "  id bigint PRIMARY KEY,\n"
    "  customer_id bigint NOT NULL REFERENCES customers (id),\n"
    "  status text NOT NULL,\n"
    "  note text,\n"
    "  expires_at bigint,\n"
    "  placed_at timestamptz NOT NULL\n"
    ");\n";

/* Orders by customer reads named columns only, so its GSI projects just those. */
static const char *const queries =
    "-- name: GetCustomer :one\n"
    "SELECT * FROM customers WHERE id = $1;\n"
    "-- name: GetOrder :one\n"
    "SELECT * FROM orders WHERE id = $1;\n"
    "-- name: ListOrdersByCustomer :many\n"
    "SELECT id, status, placed_at FROM orders WHERE customer_id = $1;\n";

static ddbc_config cfg;

static ddbc_design *plan(fixture *f)
{
    fixture_parse(f, DDBC_DIALECT_POSTGRESQL, "schema.sql", schema);
    fixture_parse(f, DDBC_DIALECT_POSTGRESQL, "queries.sql", queries);
    ddbc_catalog_build(&f->ast, f->arena, &f->ir, &f->diags);
    ddbc_check_queries(&f->ast, &f->sources, f->arena, &f->ir, &f->diags);
    ddbc_config_defaults(&cfg);
    ddbc_plan_options po = {&cfg, NULL, false};
    ddbc_design *d = ddbc_plan(&f->ir, &po, f->arena, &f->diags);
    assert_int_equal(f->diags.errors, 0);
    assert_int_equal(ddbc_design_gsi_count(d), 1);
    return d;
}

/* Every table output for d under cfg. */
static void emit_all(const ddbc_design *d, ddbc_outset *out, fixture *f)
{
    ddbc_outset_init(out);
    ddbc_emit_create_table(d, &cfg, out, &f->diags);
    ddbc_emit_cloudformation(d, &cfg, out, &f->diags);
    ddbc_emit_terraform(d, &cfg, out, &f->diags);
    assert_int_equal(f->diags.errors, 0);
}

static const char *file(const ddbc_outset *out, const char *path)
{
    const ddbc_outfile *o = ddbc_outset_find(out, path);
    if (!o) fail_msg("no %s in the output", path);
    assert_int_equal(strlen(o->data), o->len);
    return o->data;
}

static void assert_lacks(const char *haystack, const char *needle)
{
    if (strstr(haystack, needle)) fail_msg("unexpected \"%s\" in:\n%s", needle, haystack);
}

static void test_create_table_request_is_exact(void **state)
{
    fixture *f = *state;
    ddbc_design *d = plan(f);
    ddbc_outset out;
    emit_all(d, &out, f);
    assert_string_equal(file(&out, "create-table.json"),
                        "{\n"
                        "  \"TableName\": \"app\",\n"
                        "  \"AttributeDefinitions\": [\n"
                        "    {\n"
                        "      \"AttributeName\": \"PK\",\n"
                        "      \"AttributeType\": \"S\"\n"
                        "    },\n"
                        "    {\n"
                        "      \"AttributeName\": \"SK\",\n"
                        "      \"AttributeType\": \"S\"\n"
                        "    },\n"
                        "    {\n"
                        "      \"AttributeName\": \"GSI1PK\",\n"
                        "      \"AttributeType\": \"S\"\n"
                        "    },\n"
                        "    {\n"
                        "      \"AttributeName\": \"GSI1SK\",\n"
                        "      \"AttributeType\": \"S\"\n"
                        "    }\n"
                        "  ],\n"
                        "  \"KeySchema\": [\n"
                        "    {\n"
                        "      \"AttributeName\": \"PK\",\n"
                        "      \"KeyType\": \"HASH\"\n"
                        "    },\n"
                        "    {\n"
                        "      \"AttributeName\": \"SK\",\n"
                        "      \"KeyType\": \"RANGE\"\n"
                        "    }\n"
                        "  ],\n"
                        "  \"GlobalSecondaryIndexes\": [\n"
                        "    {\n"
                        "      \"IndexName\": \"GSI1\",\n"
                        "      \"KeySchema\": [\n"
                        "        {\n"
                        "          \"AttributeName\": \"GSI1PK\",\n"
                        "          \"KeyType\": \"HASH\"\n"
                        "        },\n"
                        "        {\n"
                        "          \"AttributeName\": \"GSI1SK\",\n"
                        "          \"KeyType\": \"RANGE\"\n"
                        "        }\n"
                        "      ],\n"
                        "      \"Projection\": {\n"
                        "        \"ProjectionType\": \"INCLUDE\",\n"
                        "        \"NonKeyAttributes\": [\n"
                        "          \"id\",\n"
                        "          \"placed_at\",\n"
                        "          \"status\"\n"
                        "        ]\n"
                        "      }\n"
                        "    }\n"
                        "  ],\n"
                        "  \"BillingMode\": \"PAY_PER_REQUEST\",\n"
                        "  \"SSESpecification\": {\n"
                        "    \"Enabled\": true\n"
                        "  },\n"
                        "  \"DeletionProtectionEnabled\": true\n"
                        "}\n");
    ddbc_outset_free(&out);
}

static void test_cloudformation_serves_every_environment(void **state)
{
    fixture *f = *state;
    ddbc_design *d = plan(f);
    ddbc_outset out;
    emit_all(d, &out, f);
    const char *t = file(&out, "cloudformation.yaml");
    assert_contains(t, "AWSTemplateFormatVersion: \"2010-09-09\"\n");
    assert_contains(t, "Parameters:\n"
                       "  EnvironmentName:\n"
                       "    Type: String\n");
    assert_contains(t, "    Default: dev\n"
                       "    AllowedPattern: \"^[A-Za-z0-9_.-]+$\"\n"
                       "    MinLength: 1\n"
                       "    MaxLength: 251\n");
    assert_contains(t, "  Table:\n"
                       "    Type: AWS::DynamoDB::Table\n"
                       "    DeletionPolicy: Retain\n"
                       "    UpdateReplacePolicy: Retain\n"
                       "    Properties:\n"
                       "      TableName: !Sub \"app-${EnvironmentName}\"\n"
                       "      AttributeDefinitions:\n"
                       "      - AttributeName: PK\n"
                       "        AttributeType: S\n"
                       "      - AttributeName: SK\n"
                       "        AttributeType: S\n"
                       "      - AttributeName: GSI1PK\n"
                       "        AttributeType: S\n"
                       "      - AttributeName: GSI1SK\n"
                       "        AttributeType: S\n"
                       "      KeySchema:\n");
    assert_contains(t, "        Projection:\n"
                       "          ProjectionType: INCLUDE\n"
                       "          NonKeyAttributes:\n"
                       "          - id\n"
                       "          - placed_at\n"
                       "          - status\n"
                       "      BillingMode: PAY_PER_REQUEST\n"
                       "      PointInTimeRecoverySpecification:\n"
                       "        PointInTimeRecoveryEnabled: true\n"
                       "      SSESpecification:\n"
                       "        SSEEnabled: true\n"
                       "      DeletionProtectionEnabled: true\n"
                       "      Tags:\n"
                       "      - Key: environment\n"
                       "        Value: !Ref EnvironmentName\n"
                       "Outputs:\n");
    assert_contains(t, "    Value: !GetAtt Table.Arn\n");
    assert_lacks(t, "ProvisionedThroughput");
    assert_lacks(t, "AWS::ApplicationAutoScaling");
    ddbc_outset_free(&out);
}

static void test_terraform_mirrors_the_table(void **state)
{
    fixture *f = *state;
    ddbc_design *d = plan(f);
    ddbc_outset out;
    emit_all(d, &out, f);
    const char *m = file(&out, "terraform/main.tf");
    assert_contains(m, "resource \"aws_dynamodb_table\" \"table\" {\n"
                       "  name         = \"${var.table_name}-${var.environment}\"\n"
                       "  billing_mode = \"PAY_PER_REQUEST\"\n"
                       "  hash_key     = \"PK\"\n"
                       "  range_key    = \"SK\"\n"
                       "\n"
                       "  attribute {\n"
                       "    name = \"PK\"\n"
                       "    type = \"S\"\n"
                       "  }\n");
    assert_contains(m, "  global_secondary_index {\n"
                       "    name               = \"GSI1\"\n"
                       "    hash_key           = \"GSI1PK\"\n"
                       "    range_key          = \"GSI1SK\"\n"
                       "    projection_type    = \"INCLUDE\"\n"
                       "    non_key_attributes = [\"id\", \"placed_at\", \"status\"]\n"
                       "  }\n");
    assert_contains(m, "  point_in_time_recovery {\n    enabled = true\n  }\n");
    assert_contains(m, "  server_side_encryption {\n    enabled = true\n  }\n");
    assert_contains(m, "  deletion_protection_enabled = true\n");
    assert_contains(m, "  tags = merge(var.tags, { environment = var.environment })\n");
    /* exactly the four key attributes */
    size_t n = 0;
    for (const char *p = m; (p = strstr(p, "  attribute {")); p++) n++;
    assert_int_equal(n, 4);
    assert_lacks(m, "capacity");
    assert_lacks(m, "aws_appautoscaling");
    const char *v = file(&out, "terraform/variables.tf");
    assert_contains(v, "variable \"environment\" {\n");
    assert_contains(v, "  default     = \"dev\"\n");
    assert_contains(v, "length(var.environment) <= 251\n");
    assert_contains(v, "variable \"table_name\" {\n");
    assert_contains(v, "  default     = \"app\"\n");
    assert_contains(v, "  type        = map(string)\n  default     = {}\n");
    const char *ver = file(&out, "terraform/versions.tf");
    assert_contains(ver, "  required_version = \">= 1.5\"\n");
    assert_contains(ver, "      version = \"~> 5.0\"\n");
    const char *o = file(&out, "terraform/outputs.tf");
    assert_contains(o, "output \"table_arn\" {\n");
    ddbc_outset_free(&out);
}

static void test_provisioned_billing_scales_table_and_indexes(void **state)
{
    fixture *f = *state;
    ddbc_design *d = plan(f);
    cfg.provisioned = true;
    cfg.read_capacity = 2;
    cfg.write_capacity = 3;
    cfg.max_read_capacity = 40;
    cfg.max_write_capacity = 30;
    cfg.target_utilization = 60;
    ddbc_outset out;
    emit_all(d, &out, f);

    const char *j = file(&out, "create-table.json");
    assert_contains(j, "        ]\n"
                       "      },\n"
                       "      \"ProvisionedThroughput\": {\n"
                       "        \"ReadCapacityUnits\": 2,\n"
                       "        \"WriteCapacityUnits\": 3\n"
                       "      }\n"
                       "    }\n"
                       "  ],\n"
                       "  \"BillingMode\": \"PROVISIONED\",\n"
                       "  \"ProvisionedThroughput\": {\n"
                       "    \"ReadCapacityUnits\": 2,\n"
                       "    \"WriteCapacityUnits\": 3\n"
                       "  },\n");

    const char *t = file(&out, "cloudformation.yaml");
    assert_contains(t, "      BillingMode: PROVISIONED\n"
                       "      ProvisionedThroughput:\n"
                       "        ReadCapacityUnits: 2\n"
                       "        WriteCapacityUnits: 3\n");
    assert_contains(t, "  Index1WriteScalableTarget:\n"
                       "    Type: AWS::ApplicationAutoScaling::ScalableTarget\n"
                       "    Properties:\n"
                       "      ServiceNamespace: dynamodb\n"
                       "      ResourceId: !Sub \"table/${Table}/index/GSI1\"\n"
                       "      ScalableDimension: dynamodb:index:WriteCapacityUnits\n"
                       "      MinCapacity: 3\n"
                       "      MaxCapacity: 30\n");
    assert_contains(t, "  TableReadScalingPolicy:\n"
                       "    Type: AWS::ApplicationAutoScaling::ScalingPolicy\n");
    assert_contains(t, "      ScalingTargetId: !Ref TableReadScalableTarget\n"
                       "      TargetTrackingScalingPolicyConfiguration:\n"
                       "        TargetValue: 60\n"
                       "        PredefinedMetricSpecification:\n"
                       "          PredefinedMetricType: DynamoDBReadCapacityUtilization\n");
    size_t targets = 0;
    for (const char *p = t; (p = strstr(p, "Type: AWS::ApplicationAutoScaling::ScalableTarget")); p++)
        targets++;
    assert_int_equal(targets, 4);   /* read and write, for the table and its GSI */

    const char *m = file(&out, "terraform/main.tf");
    assert_contains(m, "  billing_mode   = \"PROVISIONED\"\n"
                       "  hash_key       = \"PK\"\n"
                       "  range_key      = \"SK\"\n"
                       "  read_capacity  = 2\n"
                       "  write_capacity = 3\n");
    assert_contains(m, "    read_capacity      = 2\n    write_capacity     = 3\n  }\n");
    assert_contains(m, "    ignore_changes = [read_capacity, write_capacity]\n");
    assert_contains(m, "resource \"aws_appautoscaling_target\" \"index1_read\" {\n"
                       "  service_namespace  = \"dynamodb\"\n"
                       "  resource_id        = \"table/${aws_dynamodb_table.table.name}/index/GSI1\"\n"
                       "  scalable_dimension = \"dynamodb:index:ReadCapacityUnits\"\n"
                       "  min_capacity       = 2\n"
                       "  max_capacity       = 40\n"
                       "}\n");
    assert_contains(m, "resource \"aws_appautoscaling_policy\" \"table_write\" {\n");
    assert_contains(m, "    target_value = 60\n");
    ddbc_outset_free(&out);
}

static void test_ttl_and_stream_only_when_configured(void **state)
{
    fixture *f = *state;
    ddbc_design *d = plan(f);
    ddbc_outset off;
    emit_all(d, &off, f);
    assert_lacks(file(&off, "create-table.json"), "Stream");
    assert_lacks(file(&off, "cloudformation.yaml"), "Stream");
    assert_lacks(file(&off, "cloudformation.yaml"), "TimeToLive");
    assert_lacks(file(&off, "terraform/main.tf"), "stream");
    assert_lacks(file(&off, "terraform/main.tf"), "ttl {");
    assert_lacks(file(&off, "terraform/outputs.tf"), "stream_arn");
    ddbc_outset_free(&off);

    cfg.ttl_attribute = "expires_at";
    cfg.stream_view = "NEW_IMAGE";
    cfg.point_in_time_recovery = false;
    cfg.deletion_protection = false;
    ddbc_outset on;
    emit_all(d, &on, f);
    assert_contains(file(&on, "create-table.json"), "  \"StreamSpecification\": {\n"
                                                    "    \"StreamEnabled\": true,\n"
                                                    "    \"StreamViewType\": \"NEW_IMAGE\"\n"
                                                    "  },\n");
    assert_contains(file(&on, "create-table.json"), "  \"DeletionProtectionEnabled\": false\n");
    /* TTL is its own API call (UpdateTimeToLive), not part of CreateTable */
    assert_lacks(file(&on, "create-table.json"), "expires_at");
    const char *t = file(&on, "cloudformation.yaml");
    assert_contains(t, "        PointInTimeRecoveryEnabled: false\n");
    assert_contains(t, "      DeletionProtectionEnabled: false\n"
                       "      TimeToLiveSpecification:\n"
                       "        AttributeName: expires_at\n"
                       "        Enabled: true\n"
                       "      StreamSpecification:\n"
                       "        StreamViewType: NEW_IMAGE\n");
    assert_contains(t, "  StreamArn:\n"
                       "    Description: \"The table's stream ARN\"\n"
                       "    Value: !GetAtt Table.StreamArn\n");
    const char *m = file(&on, "terraform/main.tf");
    assert_contains(m, "  point_in_time_recovery {\n    enabled = false\n  }\n");
    assert_contains(m, "  deletion_protection_enabled = false\n");
    assert_contains(m, "  ttl {\n"
                       "    attribute_name = \"expires_at\"\n"
                       "    enabled        = true\n"
                       "  }\n");
    assert_contains(m, "  stream_enabled   = true\n"
                       "  stream_view_type = \"NEW_IMAGE\"\n");
    assert_contains(file(&on, "terraform/outputs.tf"),
                    "  value       = aws_dynamodb_table.table.stream_arn\n");
    ddbc_outset_free(&on);
}

static void test_tags_are_escaped_and_environment_is_the_deployments(void **state)
{
    fixture *f = *state;
    ddbc_design *d = plan(f);
    DDBC_VEC_PUSH(f->arena, cfg.tag_keys, "team");
    DDBC_VEC_PUSH(f->arena, cfg.tag_values, "a \"b\" ${c} %{d} \\e");
    DDBC_VEC_PUSH(f->arena, cfg.tag_keys, "environment");
    DDBC_VEC_PUSH(f->arena, cfg.tag_values, "ignored");
    ddbc_outset out;
    emit_all(d, &out, f);
    assert_contains(file(&out, "create-table.json"),
                    "  \"Tags\": [\n"
                    "    {\n"
                    "      \"Key\": \"team\",\n"
                    "      \"Value\": \"a \\\"b\\\" ${c} %{d} \\\\e\"\n"
                    "    },\n");
    const char *t = file(&out, "cloudformation.yaml");
    assert_contains(t, "      Tags:\n"
                       "      - Key: team\n"
                       "        Value: \"a \\\"b\\\" ${c} %{d} \\\\e\"\n"
                       "      - Key: environment\n"
                       "        Value: !Ref EnvironmentName\n"
                       "Outputs:\n");
    assert_lacks(t, "ignored");
    /* HCL reads ${ and %{ in a quoted string as a template: doubled, they are text */
    assert_contains(file(&out, "terraform/variables.tf"),
                    "  default     = {\n"
                    "    \"team\" = \"a \\\"b\\\" $${c} %%{d} \\\\e\"\n"
                    "    \"environment\" = \"ignored\"\n"
                    "  }\n");
    ddbc_outset_free(&out);
}

static void test_same_design_gives_identical_bytes(void **state)
{
    fixture *f = *state;
    ddbc_design *d = plan(f);
    cfg.provisioned = true;
    cfg.stream_view = "KEYS_ONLY";
    cfg.ttl_attribute = "expires_at";
    ddbc_outset a, b;
    emit_all(d, &a, f);
    emit_all(d, &b, f);
    assert_int_equal(a.n, 6);
    assert_int_equal(a.n, b.n);
    for (size_t i = 0; i < a.n; i++) {
        assert_string_equal(a.files[i].path, b.files[i].path);
        assert_int_equal(a.files[i].len, b.files[i].len);
        assert_memory_equal(a.files[i].data, b.files[i].data, a.files[i].len);
    }
    ddbc_outset_free(&a);
    ddbc_outset_free(&b);

    /* a fresh compilation of the same inputs, too */
    fixture *g = NULL;
    assert_int_equal(fixture_setup((void **)&g), 0);
    ddbc_outset c;
    ddbc_design *e = plan(g);
    cfg.provisioned = true;
    cfg.stream_view = "KEYS_ONLY";
    cfg.ttl_attribute = "expires_at";
    emit_all(e, &c, g);
    emit_all(d, &a, f);
    for (size_t i = 0; i < a.n; i++) assert_string_equal(a.files[i].data, c.files[i].data);
    ddbc_outset_free(&a);
    ddbc_outset_free(&c);
    fixture_teardown((void **)&g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_create_table_request_is_exact, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_cloudformation_serves_every_environment, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_terraform_mirrors_the_table, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_provisioned_billing_scales_table_and_indexes, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_ttl_and_stream_only_when_configured, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_tags_are_escaped_and_environment_is_the_deployments, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_same_design_gives_identical_bytes, fixture_setup, fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
