// roundtrip.js — load one compiled design into a DynamoDB-compatible server
// and read the sample items back by every served read pattern's key condition.
//
// usage: node roundtrip.js --port P --out DIR --table NAME --case LABEL
// Creates the table from DIR/create-table.json (DIR/design.json's table when
// there is none), puts every item of DIR/nosql-workbench.json's TableData, then
// for each served read pattern whose first request is a Query or GetItem finds
// a sample item in that pattern's partition and issues the same kind of
// request, which must return it.  Prints one line; exits 1 on any failure.
'use strict';

// The SDK warns on every run that future versions need a newer Node; that is
// noise here, every other warning still prints.
process.removeAllListeners('warning');
process.on('warning', (w) => {
    if (!/NodeVersionSupportWarning/.test(`${w.name} ${w.message}`)) console.error(`${w.name}: ${w.message}`);
});

const fs = require('fs');
const path = require('path');
const {
    DynamoDBClient, CreateTableCommand, PutItemCommand, QueryCommand, GetItemCommand,
} = require('@aws-sdk/client-dynamodb');

function args() {
    const a = {};
    for (let i = 2; i < process.argv.length; i += 2) a[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
    for (const k of ['port', 'out', 'table', 'case'])
        if (!a[k]) throw new Error(`missing --${k}`);
    return a;
}

// The CreateTable request: the backend's own file when it exists, else one
// built from design.json (every key attribute a string).
function createRequest(dir, design, table) {
    const file = path.join(dir, 'create-table.json');
    if (fs.existsSync(file)) {
        const req = JSON.parse(fs.readFileSync(file, 'utf8'));
        req.TableName = table;
        return req;
    }
    const t = design.table;
    const attrs = [t.partition_key, t.sort_key];
    const gsis = t.gsis.map((g) => {
        for (const a of [g.partition_key, g.sort_key]) if (!attrs.includes(a)) attrs.push(a);
        const projection = {ProjectionType: g.projection};
        if (g.projection === 'INCLUDE') projection.NonKeyAttributes = g.non_key_attributes;
        return {
            IndexName: g.name,
            KeySchema: [{AttributeName: g.partition_key, KeyType: 'HASH'}, {AttributeName: g.sort_key, KeyType: 'RANGE'}],
            Projection: projection,
        };
    });
    const req = {
        TableName: table,
        AttributeDefinitions: attrs.map((a) => ({AttributeName: a, AttributeType: 'S'})),
        KeySchema: [{AttributeName: t.partition_key, KeyType: 'HASH'}, {AttributeName: t.sort_key, KeyType: 'RANGE'}],
        BillingMode: 'PAY_PER_REQUEST',
    };
    if (gsis.length) req.GlobalSecondaryIndexes = gsis;
    return req;
}

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// A key template ("CUSTOMER#{customer_id}") as a regular expression: literal
// parts exact, each {column} one encoded value (keyenc never writes '#').
function templateRe(t) {
    return new RegExp('^' + t.split(/(\{[^}]*\})/).map((p) => (p.startsWith('{') ? '[^#]*' : escapeRe(p))).join('') + '$');
}

// The literal text before the first {column} of a template.
const literalPrefix = (t) => t.split('{')[0];

// The leading type tag of a key string ("INVENTORY#" of "INVENTORY#EU-").
function tagPrefix(s) {
    const m = /^[#~]?[A-Z0-9_]+#?/.exec(s);
    return m ? m[0] : s;
}

// "PK = "X#{a}" AND begins_with(SK, "Y#")" → the partition template, the sort
// key operator and its first operand.
function parseKeyCondition(kc, pkAttr, skAttr) {
    const pk = new RegExp(`^${escapeRe(pkAttr)} = "((?:[^"\\\\]|\\\\.)*)"`).exec(kc);
    if (!pk) throw new Error(`cannot read the key condition '${kc}'`);
    const rest = kc.slice(pk[0].length);
    let sk = null;
    let op = null;
    let m;
    if ((m = new RegExp(`begins_with\\(${escapeRe(skAttr)}, "([^"]*)"\\)`).exec(rest))) [op, sk] = ['begins_with', m[1]];
    else if ((m = new RegExp(`${escapeRe(skAttr)} = "([^"]*)"`).exec(rest))) [op, sk] = ['=', m[1]];
    else if ((m = new RegExp(`${escapeRe(skAttr)} (?:BETWEEN|[<>]=?) "([^"]*)"`).exec(rest))) [op, sk] = ['range', m[1]];
    return {pk: pk[1], op, sk};
}

const str = (item, attr) => (item[attr] && item[attr].S !== undefined ? item[attr].S : null);

// A sample item in the pattern's partition: its partition key matches the
// template and its sort key starts with the condition's literal prefix.  When
// the template names a literal value no sample holds (a status the samples do
// not reach), any item of the same type tags stands in: the request has the
// same shape.
function findItem(items, pkAttr, skAttr, kc) {
    const pkRe = templateRe(kc.pk);
    const exactSk = kc.op === '=' ? templateRe(kc.sk) : null;
    const prefix = kc.sk === null ? '' : literalPrefix(kc.sk);
    for (const it of items) {
        const p = str(it, pkAttr), s = str(it, skAttr);
        if (p === null || s === null || !pkRe.test(p)) continue;
        if (exactSk ? exactSk.test(s) : s.startsWith(prefix)) return {item: it, prefix};
    }
    const pkTag = tagPrefix(literalPrefix(kc.pk));
    const skTag = tagPrefix(prefix);
    for (const it of items) {
        const p = str(it, pkAttr), s = str(it, skAttr);
        if (p !== null && s !== null && p.startsWith(pkTag) && s.startsWith(skTag)) return {item: it, prefix: skTag, loose: true};
    }
    return null;
}

const sameKey = (a, b, attrs) => attrs.every((k) => str(a, k) !== null && str(a, k) === str(b, k));

async function main() {
    const a = args();
    const design = JSON.parse(fs.readFileSync(path.join(a.out, 'design.json'), 'utf8'));
    const model = JSON.parse(fs.readFileSync(path.join(a.out, 'nosql-workbench.json'), 'utf8'));
    const items = model.DataModel[0].TableData;
    const client = new DynamoDBClient({
        endpoint: `http://127.0.0.1:${a.port}`,
        region: 'us-east-1',
        credentials: {accessKeyId: 'test', secretAccessKey: 'test'},
        maxAttempts: 1,
    });
    const errors = [];
    await client.send(new CreateTableCommand(createRequest(a.out, design, a.table)));

    let put = 0;
    for (const it of items) {
        try {
            await client.send(new PutItemCommand({TableName: a.table, Item: it}));
            put++;
        } catch (e) {
            errors.push(`PutItem ${JSON.stringify({PK: it.PK, SK: it.SK})}: ${e.name}: ${e.message}`);
        }
    }

    const t = design.table;
    const keyAttrs = {null: [t.partition_key, t.sort_key]};
    for (const g of t.gsis) keyAttrs[g.name] = [g.partition_key, g.sort_key];
    let checked = 0, loose = 0;
    for (const p of design.patterns) {
        if (p.kind !== 'read' || p.status !== 'served' || !p.requests.length) continue;
        const r = p.requests[0];
        if (r.operation !== 'Query' && r.operation !== 'GetItem') continue;
        const [pkAttr, skAttr] = keyAttrs[r.index];
        let kc;
        try {
            kc = parseKeyCondition(r.key_condition, pkAttr, skAttr);
        } catch (e) {
            errors.push(`${p.name}: ${e.message}`);
            continue;
        }
        const found = findItem(items, pkAttr, skAttr, kc);
        if (!found) {
            errors.push(`${p.name}: no sample item in ${r.index || 'the table'} matches ${r.key_condition}`);
            continue;
        }
        const want = found.item;
        const base = [t.partition_key, t.sort_key];
        let got = false;
        try {
            if (r.operation === 'GetItem' && r.index === null && !found.loose) {
                const key = {[pkAttr]: want[pkAttr], [skAttr]: want[skAttr]};
                const res = await client.send(new GetItemCommand({TableName: a.table, Key: key, ConsistentRead: true}));
                got = !!res.Item && sameKey(res.Item, want, base);
            } else {
                const q = {
                    TableName: a.table,
                    KeyConditionExpression: '#p = :p AND begins_with(#s, :s)',
                    ExpressionAttributeNames: {'#p': pkAttr, '#s': skAttr},
                    ExpressionAttributeValues: {':p': want[pkAttr], ':s': {S: found.prefix}},
                };
                if (r.index !== null) q.IndexName = r.index;
                let start;
                do {
                    if (start) q.ExclusiveStartKey = start;
                    const res = await client.send(new QueryCommand(q));
                    got = got || res.Items.some((x) => sameKey(x, want, base));
                    start = res.LastEvaluatedKey;
                } while (start && !got);
            }
        } catch (e) {
            errors.push(`${p.name}: ${r.operation}: ${e.name}: ${e.message}`);
            continue;
        }
        if (!got) errors.push(`${p.name}: ${r.operation} on ${r.index || 'the table'} did not return ${JSON.stringify({PK: want.PK, SK: want.SK})}`);
        else {
            checked++;
            if (found.loose) loose++;
        }
    }
    const status = errors.length ? 'FAIL' : 'ok';
    console.log(`${status} ${a.case}: ${put}/${items.length} items put, ${checked} patterns checked` +
                (loose ? ` (${loose} by an item of the same type: no sample holds the literal)` : ''));
    for (const e of errors) console.log(`  ${e}`);
    process.exit(errors.length ? 1 : 0);
}

main().catch((e) => {
    console.log(`FAIL ${process.argv.slice(2).join(' ')}: ${e.name}: ${e.message}`);
    process.exit(1);
});
