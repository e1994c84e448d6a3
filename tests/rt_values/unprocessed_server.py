#!/usr/bin/env python3
"""A fake DynamoDB endpoint that leaves batch work unprocessed, then runs a test.

usage: unprocessed_server.py COMMAND [ARG...]

Listens on 127.0.0.1 on a free port, exports AWS_ENDPOINT_URL_DYNAMODB and
test credentials to COMMAND, serves until COMMAND ends, and exits with its
status.  The table name picks the behaviour:
  partial  the first 3 requests of each operation process only the first
           half of their entries (BatchGetItem: answers the first half),
           then everything is processed
  slow     every request processes exactly one entry
  never    nothing is ever processed
Keys whose PK starts with "missing" have no item (BatchGetItem leaves them
out of Responses).  Items are answered in reverse request order.
TransactWriteItems fails once with a 500 per ClientRequestToken, then succeeds.
The operation DdbcTestStats returns what was seen, including violations: an
entry sent again after it was processed, a request over the size limits, a
key repeated within one request.
"""
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
STATS = {"violations": [], "requests": {}, "tokens": [], "processed": {}, "rounds": {}}
DONE = {}          # table -> set of canonical entries already processed
TOKENS_SEEN = set()


def canon(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":"))


def count(op, table):
    key = op + ":" + table
    STATS["requests"][key] = STATS["requests"].get(key, 0) + 1
    return STATS["requests"][key]


def split(table, n, nth):
    """How many of n entries request number nth of a table processes."""
    if table == "never":
        return 0
    if table == "slow":
        return min(1, n)
    if table == "partial" and nth <= 3:
        return n // 2
    return n


def check_repeats(table, entries, what):
    seen = set()
    done = DONE.setdefault(table, set())
    for e in entries:
        c = canon(e)
        if c in seen:
            STATS["violations"].append("%s repeated within one request: %s" % (what, c))
        seen.add(c)
        if c in done:
            STATS["violations"].append("%s sent again after it was processed: %s" % (what, c))


def batch_write(body):
    (table, entries), = body["RequestItems"].items()
    if len(entries) > 25:
        STATS["violations"].append("BatchWriteItem with %d entries" % len(entries))
        return 400, {"__type": "com.amazonaws.dynamodb.v20120810#ValidationException",
                     "message": "Too many items requested for the BatchWriteItem call"}
    nth = count("BatchWriteItem", table)
    check_repeats(table, entries, "write")
    k = split(table, len(entries), nth)
    for e in entries[:k]:
        DONE[table].add(canon(e))
    pkey = "BatchWriteItem:" + table
    STATS["processed"][pkey] = STATS["processed"].get(pkey, 0) + k
    left = entries[k:]
    return 200, {"UnprocessedItems": {table: left} if left else {}}


def batch_get(body):
    (table, req), = body["RequestItems"].items()
    keys = req["Keys"]
    if len(keys) > 100:
        STATS["violations"].append("BatchGetItem with %d keys" % len(keys))
        return 400, {"__type": "com.amazonaws.dynamodb.v20120810#ValidationException",
                     "message": "Too many items requested for the BatchGetItem call"}
    nth = count("BatchGetItem", table)
    check_repeats(table, keys, "key")
    k = split(table, len(keys), nth)
    items = []
    for key in keys[:k]:
        DONE[table].add(canon(key))
        if not key["PK"]["S"].startswith("missing"):
            item = dict(key)
            item["val"] = {"S": "v-" + key["PK"]["S"] + "-" + key["SK"]["S"]}
            item["n"] = {"N": "1.50"}
            items.append(item)
    pkey = "BatchGetItem:" + table
    STATS["processed"][pkey] = STATS["processed"].get(pkey, 0) + k
    items.reverse()
    out = {"Responses": {table: items}}
    if keys[k:]:
        out["UnprocessedKeys"] = {table: {"Keys": keys[k:]}}
    else:
        out["UnprocessedKeys"] = {}
    return 200, out


def transact(body):
    token = body.get("ClientRequestToken")
    STATS["tokens"].append(token)
    count("TransactWriteItems", "")
    if token not in TOKENS_SEEN:
        TOKENS_SEEN.add(token)
        return 500, {"__type": "com.amazon.coral.availability#InternalServerError",
                     "message": "injected"}
    return 200, {}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # headers and body go out in two writes: without this, Nagle + delayed ACK
    # add 40 ms to every response
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(n)
        target = self.headers.get("X-Amz-Target", "")
        op = target.split(".", 1)[-1]
        with LOCK:
            try:
                body = json.loads(raw)
                if op == "BatchWriteItem":
                    code, out = batch_write(body)
                elif op == "BatchGetItem":
                    code, out = batch_get(body)
                elif op == "TransactWriteItems":
                    code, out = transact(body)
                elif op == "DdbcTestStats":
                    code, out = 200, STATS
                else:
                    code, out = 400, {"__type": "com.amazonaws.dynamodb.v20120810#UnknownOperationException",
                                      "message": op}
            except Exception as e:  # a malformed request is a test failure, say why
                STATS["violations"].append("bad request %s: %r" % (op, e))
                code, out = 400, {"__type": "com.amazonaws.dynamodb.v20120810#SerializationException",
                                  "message": repr(e)}
            data = json.dumps(out).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/x-amz-json-1.0")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = dict(os.environ)
    env["AWS_ENDPOINT_URL_DYNAMODB"] = "http://127.0.0.1:%d" % server.server_address[1]
    env["AWS_REGION"] = "us-east-1"
    env["AWS_ACCESS_KEY_ID"] = "AKIDDDBCTEST"
    env["AWS_SECRET_ACCESS_KEY"] = "ddbc-test-secret"
    env.pop("AWS_SESSION_TOKEN", None)
    env.pop("AWS_ENDPOINT_URL", None)
    try:
        rc = subprocess.call(sys.argv[1:], env=env)
    finally:
        server.shutdown()
    return rc


if __name__ == "__main__":
    sys.exit(main())
