// sdk_bench.mjs — the AWS SDK for JavaScript v3 on the same work as ddbc_rt_bench,
// for the ratios in bench/RESULTS.md ("Runtime (issue 5)").
//
//   node bench/rt/sdk_bench.mjs --port P --item FILE [--runs N] [--requests N] [--items N]
//
// P is a `ddbc_rt_bench --serve` on 127.0.0.1 (the same instant server the C bench
// uses); FILE holds the bench item as DynamoDB JSON (`ddbc_rt_bench --print-item`).
// Prints "name value" lines.  CPU is process.cpuUsage() (user + system, every
// thread of this process), best of the runs, after a warm-up.
import { readFileSync } from 'node:fs';
import { DynamoDBClient, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';

const opts = { runs: 5, requests: 10000, items: 200000, port: 0, item: '' };
for (let i = 2; i < process.argv.length; i += 2) {
  const key = process.argv[i].replace(/^--/, '');
  if (!(key in opts) || i + 1 >= process.argv.length) {
    console.error(`usage: node sdk_bench.mjs --port P --item FILE [--runs N] [--requests N] [--items N]`);
    process.exit(2);
  }
  opts[key] = key === 'item' ? process.argv[i + 1] : Number(process.argv[i + 1]);
}
if (!opts.port || !opts.item) {
  console.error('sdk_bench: --port and --item are required');
  process.exit(2);
}

const item = JSON.parse(readFileSync(opts.item, 'utf8'));
const credentials = { accessKeyId: 'AKIDBENCHBENCHBENCH0', secretAccessKey: 'benchbenchbenchbenchbenchbenchbenchbench' };
const putInput = {
  TableName: 'bench',
  Item: item,
  ConditionExpression: 'attribute_not_exists(#n0)',
  ExpressionAttributeNames: { '#n0': 'pk' },
};
const queryInput = {
  TableName: 'bench',
  KeyConditionExpression: '#n0 = :v0 AND begins_with(#n1, :v1)',
  ExpressionAttributeNames: { '#n0': 'pk', '#n1': 'sk' },
  ExpressionAttributeValues: { ':v0': { S: 'CUSTOMER#ada@example.com' }, ':v1': { S: 'ORDER#' } },
  ScanIndexForward: true,
};

function report(name, count, best) {
  console.log(`${name}.count ${count}`);
  console.log(`${name}.per_s ${(count / best.wall).toFixed(0)}`);
  console.log(`${name}.cpu_us ${((best.cpu * 1e6) / count).toFixed(2)}`);
  console.log(`${name}.per_cpu_s ${(count / best.cpu).toFixed(0)}`);
}

// Best wall and best CPU seconds over opts.runs runs of fn, after one warm-up run
// of a tenth of the count.
async function measure(count, fn) {
  for (let i = 0; i < Math.max(1, Math.floor(count / 10)); i++) await fn();
  const best = { wall: Infinity, cpu: Infinity };
  for (let r = 0; r < opts.runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < count; i++) await fn();
    const t1 = process.hrtime.bigint();
    const c = process.cpuUsage(c0);
    best.wall = Math.min(best.wall, Number(t1 - t0) / 1e9);
    best.cpu = Math.min(best.cpu, (c.user + c.system) / 1e6);
  }
  return best;
}

// Synchronous loops need no await per item (awaiting would bill the event loop).
function measureSync(count, fn) {
  for (let i = 0; i < Math.max(1, Math.floor(count / 10)); i++) fn();
  const best = { wall: Infinity, cpu: Infinity };
  for (let r = 0; r < opts.runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < count; i++) fn();
    const t1 = process.hrtime.bigint();
    const c = process.cpuUsage(c0);
    best.wall = Math.min(best.wall, Number(t1 - t0) / 1e9);
    best.cpu = Math.min(best.cpu, (c.user + c.system) / 1e6);
  }
  return best;
}

// ---- round trips over a kept-alive connection (the SDK's default Node handler) ----
const client = new DynamoDBClient({
  region: 'us-east-1',
  endpoint: `http://127.0.0.1:${opts.port}`,
  credentials,
});
report('sdk_put', opts.requests, await measure(opts.requests, () => client.send(new PutItemCommand(putInput))));
report('sdk_query', opts.requests, await measure(opts.requests, async () => {
  const out = await client.send(new QueryCommand(queryInput));
  if (out.Items.length !== 10) throw new Error(`Query returned ${out.Items.length} items`);
}));
client.destroy();

// ---- the same calls without the network: a request handler that answers at once ----
// Everything the SDK does per call (middleware, serialization, SigV4 signing,
// deserialization) except the HTTP exchange.
const query = await (await fetch(`http://127.0.0.1:${opts.port}/`, {
  method: 'POST',
  headers: { 'x-amz-target': 'DynamoDB_20120810.Query', 'content-type': 'application/x-amz-json-1.0' },
  body: '{}',
})).arrayBuffer();
const cannedBodies = { PutItem: new TextEncoder().encode('{}'), Query: new Uint8Array(query) };
const canned = {
  handle: async (request) => {
    const op = request.headers['x-amz-target'].split('.')[1];
    return {
      response: {
        statusCode: 200,
        reason: 'OK',
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'BENCH' },
        body: cannedBodies[op],
      },
    };
  },
  updateHttpClientConfig() {},
  httpHandlerConfigs() { return {}; },
};
const offline = new DynamoDBClient({
  region: 'us-east-1',
  endpoint: `http://127.0.0.1:${opts.port}`,
  credentials,
  requestHandler: canned,
});
report('sdk_put_nonet', opts.requests, await measure(opts.requests, () => offline.send(new PutItemCommand(putInput))));
report('sdk_query_nonet', opts.requests, await measure(opts.requests, async () => {
  const out = await offline.send(new QueryCommand(queryInput));
  if (out.Items.length !== 10) throw new Error(`Query returned ${out.Items.length} items`);
}));

// ---- marshalling: a plain object ↔ attribute values, and the JSON wire form ----
const obj = unmarshall(item);
let sink = 0;
report('sdk_marshal', opts.items, measureSync(opts.items, () => {
  sink += Object.keys(unmarshall(marshall(obj))).length;
}));
report('sdk_marshal_wire', opts.items, measureSync(opts.items, () => {
  sink += Object.keys(JSON.parse(JSON.stringify(item))).length;
}));
if (sink === 0) console.error('sdk_bench: nothing marshalled');
