#!/usr/bin/env python3
"""check.py — the three table descriptions ddbc emits, checked against Terraform's
schema for the resources used and against each other.

usage: check.py OUT_DIR TF_JSON
  OUT_DIR  a ddbc output directory (design.json, create-table.json, cloudformation.yaml)
  TF_JSON  terraform/*.tf parsed by hcl2json.js: {"main.tf": {...}, ...}

The HCL parser accepts any attribute name, so a misspelled one (`range_kye`) would
only fail at `terraform plan`; the lists below are the arguments the AWS provider
(~> 5.0) accepts for what ddbc writes.  Exit 1 with one line per problem."""
import json
import os
import sys

try:
    import yaml
except ImportError:
    sys.exit("check.py: PyYAML is required (python3 -c 'import yaml' fails); "
             "install python3-yaml or pip install pyyaml")

# name → None for an argument, or the nested block's own arguments.
DYNAMODB_TABLE = {
    "name": None, "billing_mode": None, "hash_key": None, "range_key": None,
    "attribute": {"name": None, "type": None},
    "global_secondary_index": {"name": None, "hash_key": None, "range_key": None,
                               "projection_type": None, "non_key_attributes": None,
                               "read_capacity": None, "write_capacity": None},
    "point_in_time_recovery": {"enabled": None},
    "ttl": {"attribute_name": None, "enabled": None},
    "server_side_encryption": {"enabled": None},
    "deletion_protection_enabled": None, "stream_enabled": None, "stream_view_type": None,
    "read_capacity": None, "write_capacity": None, "tags": None,
    # a meta-argument every resource takes
    "lifecycle": {"ignore_changes": None, "prevent_destroy": None},
}
APPAUTOSCALING_TARGET = {
    "service_namespace": None, "resource_id": None, "scalable_dimension": None,
    "min_capacity": None, "max_capacity": None, "role_arn": None, "tags": None,
}
APPAUTOSCALING_POLICY = {
    "name": None, "policy_type": None, "resource_id": None, "scalable_dimension": None,
    "service_namespace": None,
    "target_tracking_scaling_policy_configuration": {
        "target_value": None, "disable_scale_in": None, "scale_in_cooldown": None,
        "scale_out_cooldown": None,
        "predefined_metric_specification": {"predefined_metric_type": None,
                                            "resource_label": None},
    },
}
RESOURCES = {
    "aws_dynamodb_table": DYNAMODB_TABLE,
    "aws_appautoscaling_target": APPAUTOSCALING_TARGET,
    "aws_appautoscaling_policy": APPAUTOSCALING_POLICY,
}

problems = []


def problem(msg):
    problems.append(msg)


def check_schema(where, body, schema):
    """body: one block's parsed JSON; schema: its allowed arguments and blocks."""
    for key, value in body.items():
        if key not in schema:
            problem(f"{where}: '{key}' is not an argument of this block "
                    f"(allowed: {', '.join(sorted(schema))})")
            continue
        sub = schema[key]
        if sub is None:
            if isinstance(value, list) and value and isinstance(value[0], dict):
                problem(f"{where}: '{key}' is an argument, written as a block")
            continue
        if not isinstance(value, list) or not all(isinstance(b, dict) for b in value):
            problem(f"{where}: '{key}' must be a block")
            continue
        for i, block in enumerate(value):
            check_schema(f"{where}.{key}[{i}]", block, sub)


# ---- CloudFormation: short-form intrinsic functions as their long form -------------

class CfnLoader(yaml.SafeLoader):
    pass


def _intrinsic(loader, suffix, node):
    name = "Ref" if suffix == "Ref" else "Fn::" + suffix
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        if suffix == "GetAtt":
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {name: value}


CfnLoader.add_multi_constructor("!", _intrinsic)


# ---- one canonical model per description ------------------------------------------------

def keys_of(key_schema):
    return [(k["AttributeName"], k["KeyType"]) for k in key_schema]


def model_from_request(req):
    """create-table.json (the CreateTable API shapes) → the canonical model."""
    gsis = []
    for g in req.get("GlobalSecondaryIndexes", []):
        p = g["Projection"]
        t = g.get("ProvisionedThroughput")
        gsis.append({"name": g["IndexName"], "keys": keys_of(g["KeySchema"]),
                     "projection": p["ProjectionType"],
                     "non_key": sorted(p.get("NonKeyAttributes", [])),
                     "throughput": (t["ReadCapacityUnits"], t["WriteCapacityUnits"]) if t else None})
    t = req.get("ProvisionedThroughput")
    stream = req.get("StreamSpecification")
    if stream and not stream.get("StreamEnabled"):
        problem("create-table.json: StreamSpecification present but not enabled")
    return {
        "keys": keys_of(req["KeySchema"]),
        "attributes": sorted((a["AttributeName"], a["AttributeType"])
                             for a in req["AttributeDefinitions"]),
        "gsis": gsis,
        "billing": req.get("BillingMode", "PROVISIONED"),
        "throughput": (t["ReadCapacityUnits"], t["WriteCapacityUnits"]) if t else None,
        "stream": stream["StreamViewType"] if stream else None,
        "sse": req.get("SSESpecification", {}).get("Enabled", False),
        "deletion_protection": req.get("DeletionProtectionEnabled", False),
        "tags": {t["Key"]: t["Value"] for t in req.get("Tags", []) if t["Key"] != "environment"},
    }


def model_from_cfn(doc):
    res = doc["Resources"]["Table"]
    if res.get("Type") != "AWS::DynamoDB::Table":
        problem("cloudformation.yaml: Resources.Table is not an AWS::DynamoDB::Table")
    for policy in ("DeletionPolicy", "UpdateReplacePolicy"):
        if res.get(policy) != "Retain":
            problem(f"cloudformation.yaml: {policy} is {res.get(policy)!r}, not Retain")
    p = res["Properties"]
    name = p.get("TableName")
    if not (isinstance(name, dict) and "${EnvironmentName}" in str(name.get("Fn::Sub", ""))):
        problem(f"cloudformation.yaml: TableName {name!r} does not depend on EnvironmentName")
    env = doc.get("Parameters", {}).get("EnvironmentName", {})
    if env.get("Type") != "String" or env.get("Default") != "dev" or "AllowedPattern" not in env:
        problem("cloudformation.yaml: Parameters.EnvironmentName must be a String, default dev, "
                "with an AllowedPattern")
    gsis = []
    for g in p.get("GlobalSecondaryIndexes", []):
        proj = g["Projection"]
        t = g.get("ProvisionedThroughput")
        gsis.append({"name": g["IndexName"], "keys": keys_of(g["KeySchema"]),
                     "projection": proj["ProjectionType"],
                     "non_key": sorted(proj.get("NonKeyAttributes", [])),
                     "throughput": (t["ReadCapacityUnits"], t["WriteCapacityUnits"]) if t else None})
    t = p.get("ProvisionedThroughput")
    tags = {}
    env_tag = False
    for tag in p.get("Tags", []):
        if tag["Key"] == "environment":
            env_tag = tag["Value"] == {"Ref": "EnvironmentName"}
        else:
            tags[tag["Key"]] = tag["Value"]
    if not env_tag:
        problem("cloudformation.yaml: no environment tag from !Ref EnvironmentName")
    ttl = p.get("TimeToLiveSpecification")
    stream = p.get("StreamSpecification")
    outputs = doc.get("Outputs", {})
    if outputs.get("TableArn", {}).get("Value") != {"Fn::GetAtt": ["Table", "Arn"]}:
        problem("cloudformation.yaml: Outputs.TableArn is not !GetAtt Table.Arn")
    if outputs.get("TableName", {}).get("Value") != {"Ref": "Table"}:
        problem("cloudformation.yaml: Outputs.TableName is not !Ref Table")
    if bool(stream) != ("StreamArn" in outputs):
        problem("cloudformation.yaml: Outputs.StreamArn must exist exactly when a stream is on")
    billing = p.get("BillingMode", "PROVISIONED")
    scaling = sorted(v["Properties"]["ScalableDimension"] + " " + str(v["Properties"]["ResourceId"])
                     for v in doc["Resources"].values()
                     if v.get("Type") == "AWS::ApplicationAutoScaling::ScalableTarget")
    want = 2 * (1 + len(gsis)) if billing == "PROVISIONED" else 0
    if len(scaling) != want:
        problem(f"cloudformation.yaml: {len(scaling)} scalable targets, expected {want}")
    return {
        "keys": keys_of(p["KeySchema"]),
        "attributes": sorted((a["AttributeName"], a["AttributeType"])
                             for a in p["AttributeDefinitions"]),
        "gsis": gsis,
        "billing": billing,
        "throughput": (t["ReadCapacityUnits"], t["WriteCapacityUnits"]) if t else None,
        "stream": stream["StreamViewType"] if stream else None,
        "sse": p.get("SSESpecification", {}).get("SSEEnabled", False),
        "deletion_protection": p.get("DeletionProtectionEnabled", False),
        "tags": tags,
        "pitr": p.get("PointInTimeRecoverySpecification", {}).get("PointInTimeRecoveryEnabled", False),
        "ttl": ttl["AttributeName"] if ttl and ttl.get("Enabled") else None,
    }


def tf_string(s):
    """A literal HCL template string as Terraform reads it ($${ and %%{ are escapes)."""
    return s.replace("$${", "${").replace("%%{", "%{")


def one(body, key):
    blocks = body.get(key, [])
    return blocks[0] if blocks else {}


def model_from_tf(tf):
    main = tf.get("main.tf", {})
    tables = main.get("resource", {}).get("aws_dynamodb_table", {})
    if list(tables) != ["table"] or len(tables["table"]) != 1:
        problem("terraform/main.tf: expected exactly one aws_dynamodb_table \"table\"")
        return None
    for rtype, resources in main.get("resource", {}).items():
        if rtype not in RESOURCES:
            problem(f"terraform/main.tf: unexpected resource type {rtype}")
            continue
        for label, bodies in resources.items():
            for body in bodies:
                check_schema(f"terraform/main.tf: {rtype}.{label}", body, RESOURCES[rtype])
    t = tables["table"][0]
    if "${var.environment}" not in t.get("name", ""):
        problem(f"terraform/main.tf: name {t.get('name')!r} does not use var.environment")
    if t.get("tags") != "${merge(var.tags, { environment = var.environment })}":
        problem(f"terraform/main.tf: tags {t.get('tags')!r} is not var.tags plus the environment")

    variables = tf.get("variables.tf", {}).get("variable", {})
    for v in ("environment", "table_name", "tags"):
        if v not in variables:
            problem(f"terraform/variables.tf: no variable {v}")
    env = variables.get("environment", [{}])[0]
    if env.get("default") != "dev" or not env.get("validation"):
        problem("terraform/variables.tf: environment needs default \"dev\" and a validation")
    versions = one(tf.get("versions.tf", {}), "terraform")
    if versions.get("required_version") != ">= 1.5":
        problem("terraform/versions.tf: required_version is not \">= 1.5\"")
    aws = one(versions, "required_providers").get("aws", {})
    if aws.get("source") != "hashicorp/aws" or aws.get("version") != "~> 5.0":
        problem("terraform/versions.tf: the aws provider is not hashicorp/aws ~> 5.0")
    outputs = tf.get("outputs.tf", {}).get("output", {})
    for o in ("table_name", "table_arn"):
        if o not in outputs:
            problem(f"terraform/outputs.tf: no output {o}")
    if bool(t.get("stream_enabled")) != ("stream_arn" in outputs):
        problem("terraform/outputs.tf: stream_arn must exist exactly when a stream is on")

    keys = [(t["hash_key"], "HASH")] + ([(t["range_key"], "RANGE")] if "range_key" in t else [])
    gsis = []
    for g in t.get("global_secondary_index", []):
        gk = [(g["hash_key"], "HASH")] + ([(g["range_key"], "RANGE")] if "range_key" in g else [])
        rc, wc = g.get("read_capacity"), g.get("write_capacity")
        gsis.append({"name": g["name"], "keys": gk, "projection": g["projection_type"],
                     "non_key": sorted(g.get("non_key_attributes", [])),
                     "throughput": (rc, wc) if rc is not None else None})
    rc, wc = t.get("read_capacity"), t.get("write_capacity")
    ttl = one(t, "ttl")
    tags = {k: tf_string(v) for k, v in variables.get("tags", [{}])[0].get("default", {}).items()
            if k != "environment"}
    return {
        "keys": keys,
        "attributes": sorted((a["name"], a["type"]) for a in t.get("attribute", [])),
        "gsis": gsis,
        "billing": t.get("billing_mode", "PROVISIONED"),
        "throughput": (rc, wc) if rc is not None else None,
        "stream": t.get("stream_view_type") if t.get("stream_enabled") else None,
        "sse": one(t, "server_side_encryption").get("enabled", False),
        "deletion_protection": t.get("deletion_protection_enabled", False),
        "tags": tags,
        "pitr": one(t, "point_in_time_recovery").get("enabled", False),
        "ttl": ttl.get("attribute_name") if ttl.get("enabled") else None,
    }


def model_from_design(design):
    """design.json's table: the keys and GSIs the planner chose (the source of truth)."""
    t = design["table"]
    keys = [(t["partition_key"], "HASH")] + ([(t["sort_key"], "RANGE")] if t["sort_key"] else [])
    gsis = []
    used = [t["partition_key"], t["sort_key"]]
    for g in t["gsis"]:
        gk = [(g["partition_key"], "HASH")] + ([(g["sort_key"], "RANGE")] if g["sort_key"] else [])
        used += [g["partition_key"], g["sort_key"]]
        gsis.append({"name": g["name"], "keys": gk, "projection": g["projection"],
                     "non_key": sorted(g.get("non_key_attributes", []))})
    return {"keys": keys, "gsis": gsis,
            "attributes": sorted((a, "S") for a in set(used) if a)}


def compare(what, a_name, a, b_name, b):
    if a != b:
        problem(f"{what}: {a_name} has {a!r}, {b_name} has {b!r}")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    out, tf_json = sys.argv[1], sys.argv[2]
    with open(os.path.join(out, "design.json")) as f:
        design = model_from_design(json.load(f))
    with open(os.path.join(out, "create-table.json")) as f:
        request = model_from_request(json.load(f))
    with open(os.path.join(out, "cloudformation.yaml")) as f:
        cfn = model_from_cfn(yaml.load(f, Loader=CfnLoader))
    with open(tf_json) as f:
        tf = model_from_tf(json.load(f))

    for key in ("keys", "attributes"):
        compare(key, "design.json", design[key], "create-table.json", request[key])
    strip = [{k: v for k, v in g.items() if k != "throughput"} for g in request["gsis"]]
    compare("gsis", "design.json", design["gsis"], "create-table.json", strip)
    if tf is not None:
        for key in ("keys", "attributes", "gsis", "billing", "throughput", "stream", "sse",
                    "deletion_protection", "tags"):
            compare(key, "create-table.json", request[key], "cloudformation.yaml", cfn[key])
            compare(key, "create-table.json", request[key], "terraform", tf[key])
        for key in ("pitr", "ttl"):
            compare(key, "cloudformation.yaml", cfn[key], "terraform", tf[key])
    if not request["sse"]:
        problem("create-table.json: server-side encryption is not enabled")
    if request["billing"] == "PAY_PER_REQUEST" and (request["throughput"] or any(
            g["throughput"] for g in request["gsis"])):
        problem("create-table.json: on-demand billing with provisioned throughput")

    for p in problems:
        print(f"check.py: {out}: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
