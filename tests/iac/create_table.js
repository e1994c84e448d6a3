// create_table.js — send a generated create-table.json to a DynamoDB-compatible
// server on loopback, then check with DescribeTable that the table it made has the
// keys, attribute definitions and GSIs (keys and projections) the file asked for.
//
// usage: node create_table.js ENDPOINT CREATE-TABLE.JSON
// The table is deleted afterwards so every case can reuse the name.  Exit 1 with a
// message on any difference or error.
'use strict';
const fs = require('fs');
const {
  DynamoDBClient, CreateTableCommand, DescribeTableCommand, DeleteTableCommand,
} = require('@aws-sdk/client-dynamodb');

// The request is sent exactly as generated; nothing is dropped.  dynalite 4.0
// validates the keys, attribute definitions, GSIs, billing and throughput, and
// accepts but does not implement StreamSpecification, SSESpecification,
// DeletionProtectionEnabled and Tags (DescribeTable does not return them), so
// those are compared with the other two descriptions by check.py instead.

function fail(msg) {
  console.error(`create_table.js: ${msg}`);
  process.exit(1);
}

function same(what, want, got) {
  const a = JSON.stringify(want);
  const b = JSON.stringify(got);
  if (a !== b) fail(`${what}: the file asks for ${a}, the server made ${b}`);
}

const keySchema = (ks) => (ks || []).map((k) => [k.AttributeName, k.KeyType]);
const attrDefs = (ads) => (ads || []).map((a) => [a.AttributeName, a.AttributeType]).sort();
const projection = (p) => ({
  type: p.ProjectionType,
  nonKey: (p.NonKeyAttributes || []).slice().sort(),
});
const gsis = (list) => (list || [])
  .map((g) => ({ name: g.IndexName, keys: keySchema(g.KeySchema), projection: projection(g.Projection) }))
  .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));

async function main(endpoint, file) {
  if (!endpoint || !file) {
    console.error('usage: node create_table.js ENDPOINT CREATE-TABLE.JSON');
    process.exit(2);
  }
  if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+\/?$/.test(endpoint)) {
    fail(`refusing a non-loopback endpoint '${endpoint}'`);
  }
  const request = JSON.parse(fs.readFileSync(file, 'utf8'));

  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'dummy', secretAccessKey: 'dummy' },
    maxAttempts: 1,
  });
  try {
    await client.send(new CreateTableCommand(request));
  } catch (err) {
    fail(`CreateTable rejected ${file}: ${err.name}: ${err.message}`);
  }
  let table;
  try {
    table = (await client.send(new DescribeTableCommand({ TableName: request.TableName }))).Table;
  } catch (err) {
    fail(`DescribeTable ${request.TableName}: ${err.name}: ${err.message}`);
  }
  same('TableName', request.TableName, table.TableName);
  same('KeySchema', keySchema(request.KeySchema), keySchema(table.KeySchema));
  same('AttributeDefinitions', attrDefs(request.AttributeDefinitions), attrDefs(table.AttributeDefinitions));
  same('GlobalSecondaryIndexes', gsis(request.GlobalSecondaryIndexes), gsis(table.GlobalSecondaryIndexes));
  const billing = (table.BillingModeSummary || {}).BillingMode || 'PROVISIONED';
  same('BillingMode', request.BillingMode || 'PROVISIONED', billing);
  if (request.BillingMode === 'PROVISIONED') {
    const t = table.ProvisionedThroughput || {};
    same('ProvisionedThroughput', request.ProvisionedThroughput,
      { ReadCapacityUnits: t.ReadCapacityUnits, WriteCapacityUnits: t.WriteCapacityUnits });
  }
  try {
    await client.send(new DeleteTableCommand({ TableName: request.TableName }));
  } catch (err) {
    fail(`DeleteTable ${request.TableName}: ${err.name}: ${err.message}`);
  }
}

main(process.argv[2], process.argv[3]).catch((err) => fail(err && err.stack ? err.stack : String(err)));
