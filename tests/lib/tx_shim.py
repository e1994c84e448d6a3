#!/usr/bin/env python3
"""tx_shim.py — TEST ONLY: TransactWriteItems emulated in front of dynalite.

dynalite has no transactions, and the runtime writes uniqueness guards,
counters and base-key moves in one TransactWriteItems, so without this shim
no entity write could be tested against dynalite.  The shim is an HTTP/1.1
proxy on 127.0.0.1 that forwards every request unchanged except
TransactWriteItems, which it runs as single-item requests against dynalite:
it validates the request as DynamoDB does, saves each touched item (consistent
GetItem), applies the actions in order with their own conditions, and when a
condition fails (or anything else does) writes the saved items back and
answers TransactionCanceledException with DynamoDB's CancellationReasons.
A ClientRequestToken seen within 10 minutes returns the first answer again.
TransactGetItems is forwarded as is (the runtime does not send it; dynalite
refuses it).

It is NOT atomic under concurrent writers: other requests are held off by one
lock while a transaction runs, so it is sound only for the tests' clients, all
of which go through this shim; a writer talking to dynalite directly would
see and race the intermediate states.  Never use it for anything but tests.

usage: tx_shim.py --port PORT --upstream http://127.0.0.1:DYNALITE_PORT
"""
import argparse
import binascii
import decimal
import http.client
import json
import signal
import socket
import sys
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ERROR_PREFIX = "com.amazonaws.dynamodb.v20120810#"
TARGET_PREFIX = "DynamoDB_20120810."
MAX_ACTIONS = 100
TOKEN_WINDOW_S = 600
ACTION_OPS = {"Put": "PutItem", "Update": "UpdateItem", "Delete": "DeleteItem", "ConditionCheck": None}
# Headers that describe one hop, not the request (RFC 9110 7.6.1), plus Expect:
# the 100-continue exchange already happened with the client.
HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "proxy-authenticate",
              "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "expect"}
# dynalite's ValidationExceptions for an Update that depend on the stored item
# rather than on the request: DynamoDB reports those per action as a
# "ValidationError" cancellation reason; every other ValidationException
# rejects the whole request.
DATA_VALIDATION = ("Item size has exceeded", "Item size to update has exceeded",
                   "An operand in the update expression has an incorrect data type",
                   "The provided expression refers to an attribute that does not exist in the item")


class Upstream:
    """One kept-alive connection to dynalite, used under the shim's lock."""

    def __init__(self, url):
        u = urllib.parse.urlsplit(url)
        self.host, self.port = u.hostname, u.port
        self.conn = None

    def send(self, method, path, body, headers):
        """(status, [(name, value)], body); reconnects once on a stale connection."""
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
                self.conn.connect()
                self.conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            try:
                self.conn.request(method, path, body, headers)
                r = self.conn.getresponse()
                data = r.read()
                if r.will_close:
                    self.conn.close()
                    self.conn = None
                return r.status, r.getheaders(), data
            except (OSError, http.client.HTTPException):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def call(self, op, payload):
        """One DynamoDB operation: (None, answer) on success, (error type, body) on failure."""
        body = json.dumps(payload).encode("utf-8")
        status, _, data = self.send("POST", "/", body, {
            "Content-Type": "application/x-amz-json-1.0",
            "X-Amz-Target": TARGET_PREFIX + op,
            # dynalite checks that a signature is present, not that it is right
            "Authorization": "AWS4-HMAC-SHA256 Credential=AKIDDDBCTEST/20200101/us-east-1/dynamodb/aws4_request, "
                             "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" + "0" * 64,
            "X-Amz-Date": time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()),
        })
        try:
            answer = json.loads(data.decode("utf-8")) if data else {}
        except ValueError:
            answer = {"message": data.decode("utf-8", "replace")}
        if status == 200:
            return None, answer
        kind = str(answer.get("__type", "HTTP%d" % status)).rsplit("#", 1)[-1]
        return kind, answer


class Failure(Exception):
    """A whole-request error answered as DynamoDB would (status, type, message)."""

    def __init__(self, status, kind, message):
        super().__init__(message)
        self.status, self.kind, self.message = status, kind, message


def error_body(kind, message, extra=None):
    body = {"__type": ERROR_PREFIX + kind, "message": message}
    body.update(extra or {})
    return body


def canonical_value(av):
    """An attribute value in a form where equal key values are equal (N: 1 == 1.0)."""
    if isinstance(av, dict) and len(av) == 1 and "N" in av:
        try:
            d = decimal.Decimal(av["N"])
            return {"N": "0" if d.is_zero() else str(d.normalize())}
        except decimal.InvalidOperation:
            return av
    return av


class Shim:
    def __init__(self, upstream):
        self.up = Upstream(upstream)
        self.lock = threading.Lock()
        self.key_schema = {}   # table -> [key attribute names]
        self.tokens = {}       # token -> (time, request, status, body)
        self.counts = {"applied": 0, "cancelled": 0, "refused": 0, "replayed": 0}

    # ---- table keys -------------------------------------------------------------------

    def keys_of(self, table):
        if table not in self.key_schema:
            kind, answer = self.up.call("DescribeTable", {"TableName": table})
            if kind:
                raise Failure(400, kind, answer.get("message") or answer.get("Message") or kind)
            self.key_schema[table] = [k["AttributeName"] for k in answer["Table"]["KeySchema"]]
        return self.key_schema[table]

    # ---- TransactWriteItems -------------------------------------------------------------

    def parse_actions(self, req):
        items = req.get("TransactItems")
        if not isinstance(items, list) or not items:
            raise Failure(400, "ValidationException",
                          "1 validation error detected: Value null at 'transactItems' failed to satisfy "
                          "constraint: Member must not be null" if items is None else
                          "1 validation error detected: Value '[]' at 'transactItems' failed to satisfy "
                          "constraint: Member must have length greater than or equal to 1")
        if len(items) > MAX_ACTIONS:
            raise Failure(400, "ValidationException",
                          "1 validation error detected: Value at 'transactItems' failed to satisfy constraint: "
                          "Member must have length less than or equal to %d" % MAX_ACTIONS)
        actions, seen = [], set()
        for i, entry in enumerate(items):
            kinds = [k for k in (entry if isinstance(entry, dict) else {}) if k in ACTION_OPS]
            if len(kinds) != 1 or len(entry) != 1 or not isinstance(entry[kinds[0]], dict):
                raise Failure(400, "ValidationException",
                              "TransactItems can only contain one of Check, Put, Update or Delete "
                              "(action %d)" % i)
            kind, spec = kinds[0], entry[kinds[0]]
            table = spec.get("TableName")
            if not isinstance(table, str):
                raise Failure(400, "ValidationException",
                              "1 validation error detected: Value null at 'transactItems.%d.member.%s.tableName' "
                              "failed to satisfy constraint: Member must not be null" % (i + 1, kind.lower()))
            source = spec.get("Item" if kind == "Put" else "Key")
            if not isinstance(source, dict):
                raise Failure(400, "ValidationException",
                              "One or more parameter values were invalid: action %d has no %s"
                              % (i, "Item" if kind == "Put" else "Key"))
            key = {}
            for name in self.keys_of(table):
                if name not in source:
                    raise Failure(400, "ValidationException",
                                  "One or more parameter values were invalid: Missing the key %s in the item"
                                  % name)
                key[name] = source[name]
            ident = json.dumps([table, {k: canonical_value(v) for k, v in key.items()}], sort_keys=True)
            if ident in seen:
                raise Failure(400, "ValidationException",
                              "Transaction request cannot include multiple operations on one item")
            seen.add(ident)
            actions.append((kind, spec, table, key))
        return actions

    def single(self, kind, spec, saved):
        """Run one action as a single-item request: (error type, answer) as Upstream.call."""
        payload = {k: v for k, v in spec.items() if k != "ReturnValuesOnConditionCheckFailure"}
        if kind != "ConditionCheck":
            return self.up.call(ACTION_OPS[kind], payload)
        # A check writes nothing: its condition is evaluated by a conditional
        # put of the item exactly as saved (no change), or, when there is no
        # item, of the key alone, which is then deleted again.
        base = saved if saved is not None else payload["Key"]
        put = {k: v for k, v in payload.items() if k != "Key"}
        put["Item"] = base
        err, answer = self.up.call("PutItem", put)
        if err is None and saved is None:
            err, answer = self.up.call("DeleteItem", {"TableName": payload["TableName"], "Key": payload["Key"]})
        return err, answer

    def restore(self, table, key, saved):
        if saved is None:
            err, answer = self.up.call("DeleteItem", {"TableName": table, "Key": key})
        else:
            err, answer = self.up.call("PutItem", {"TableName": table, "Item": saved})
        if err:
            # Not retryable (a 4xx of a type no client knows): the test must fail here.
            raise Failure(400, "TxShimRestoreFailed",
                          "tx_shim: could not restore %s %s after a cancelled transaction: %s %s"
                          % (table, json.dumps(key), err, answer.get("message") or answer.get("Message")))

    def transact(self, req):
        """(status, body dict) for one TransactWriteItems request."""
        actions = self.parse_actions(req)
        saved = []
        for _, _, table, key in actions:
            err, answer = self.up.call("GetItem", {"TableName": table, "Key": key, "ConsistentRead": True})
            if err:
                raise Failure(400, err, answer.get("message") or answer.get("Message") or err)
            saved.append(answer.get("Item"))
        applied, reasons, fatal = [], [], None
        for i, (kind, spec, table, key) in enumerate(actions):
            err, answer = self.single(kind, spec, saved[i])
            if err is None:
                if kind != "ConditionCheck":
                    applied.append(i)
                reasons.append({"Code": "None"})
            elif err == "ConditionalCheckFailedException":
                # DynamoDB checks every condition and reports each one that failed.
                reason = {"Code": "ConditionalCheckFailed",
                          "Message": answer.get("message") or "The conditional request failed"}
                if spec.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" and saved[i] is not None:
                    reason["Item"] = saved[i]
                reasons.append(reason)
            elif (kind == "Update" and err == "ValidationException" and
                  str(answer.get("message", "")).startswith(DATA_VALIDATION)):
                reasons.append({"Code": "ValidationError", "Message": answer.get("message")})
            else:
                fatal = (err, answer)
                break
        failed = fatal is not None or any(r["Code"] != "None" for r in reasons)
        if failed:
            for i in reversed(applied):
                self.restore(actions[i][2], actions[i][3], saved[i])
        if fatal is not None:
            err, answer = fatal
            status = 500 if err in ("InternalServerError", "ServiceUnavailable") or err.startswith("HTTP5") else 400
            return status, error_body(err, answer.get("message") or answer.get("Message") or err)
        if failed:
            message = ("Transaction cancelled, please refer cancellation reasons for specific reasons [%s]"
                       % ", ".join(r["Code"] for r in reasons))
            return 400, {"__type": ERROR_PREFIX + "TransactionCanceledException",
                         "CancellationReasons": reasons, "Message": message}
        return 200, {}

    def transact_idempotent(self, body):
        try:
            req = json.loads(body.decode("utf-8"))
        except ValueError as e:
            return 400, error_body("SerializationException", "Start of structure or map found where not expected: %s" % e)
        if not isinstance(req, dict):
            return 400, error_body("SerializationException", "Start of structure or map expected")
        token = req.get("ClientRequestToken")
        now = time.monotonic()
        for t in [t for t, v in self.tokens.items() if now - v[0] > TOKEN_WINDOW_S]:
            del self.tokens[t]
        canon = json.dumps(req, sort_keys=True)
        if token is not None and token in self.tokens:
            _, first, status, answer = self.tokens[token]
            if first != canon:
                return 400, error_body("IdempotentParameterMismatchException",
                                       "The request uses the same client token as a previous, "
                                       "but non-identical request.")
            self.counts["replayed"] += 1
            return status, answer
        try:
            status, answer = self.transact(req)
        except Failure as f:
            self.counts["refused"] += 1
            return f.status, error_body(f.kind, f.message)
        self.counts["applied" if status == 200 else "cancelled" if answer.get("CancellationReasons") else "refused"] += 1
        # Only a completed transaction (applied or cancelled) holds its token.
        if token is not None and (status == 200 or answer.get("CancellationReasons")):
            self.tokens[token] = (now, canon, status, answer)
        return status, answer


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ddbc-tx-shim"
    shim = None

    def log_message(self, fmt, *args):   # one line per request would drown the log
        pass

    def setup(self):
        super().setup()
        # Head and body go out in two writes; with Nagle on, the second waits
        # for the client's delayed ACK, 40 ms a request.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def answer(self, status, headers, body):
        self.send_response(status)
        for name, value in headers:
            # send_response already wrote Date and Server; the length is recounted
            if name.lower() not in HOP_BY_HOP and name.lower() not in ("content-length", "date", "server"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def handle_any(self):
        length = self.headers.get("Content-Length")
        if length is None and self.command in ("POST", "PUT"):
            self.close_connection = True
            self.answer(411, [("Content-Type", "text/plain")], b"tx_shim: Content-Length required\n")
            return
        body = self.rfile.read(int(length)) if length else b""
        target = self.headers.get("X-Amz-Target", "")
        with self.shim.lock:
            try:
                if target == TARGET_PREFIX + "TransactWriteItems":
                    status, answer = self.shim.transact_idempotent(body)
                    data = json.dumps(answer).encode("utf-8")
                    headers = [("Content-Type", "application/x-amz-json-1.0"),
                               ("x-amzn-RequestId", str(uuid.uuid4())),
                               ("x-amz-crc32", str(binascii.crc32(data)))]
                else:
                    if target in (TARGET_PREFIX + "CreateTable", TARGET_PREFIX + "DeleteTable"):
                        self.shim.key_schema.clear()
                    fwd = [(k, v) for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP]
                    status, headers, data = self.shim.up.send(self.command, self.path, body, dict(fwd))
            except Exception as e:   # the test must see it, not a hang
                print("tx_shim: %s: %r" % (target or self.command, e), file=sys.stderr, flush=True)
                data = json.dumps(error_body("InternalServerError", "tx_shim: %s" % e)).encode("utf-8")
                status, headers = 500, [("Content-Type", "application/x-amz-json-1.0")]
        self.answer(status, headers, data)

    do_POST = do_GET = do_PUT = do_DELETE = handle_any


def main():
    ap = argparse.ArgumentParser(description="TEST ONLY: TransactWriteItems emulated in front of dynalite")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--upstream", required=True, help="dynalite's URL, http://127.0.0.1:PORT")
    args = ap.parse_args()
    Handler.shim = Shim(args.upstream)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    print("tx_shim: 127.0.0.1:%d -> %s" % (args.port, args.upstream), file=sys.stderr, flush=True)

    def stop(signum, frame):
        # what the transactions came to, for the log with_server.sh shows on a failure
        print("tx_shim: TransactWriteItems: %s" % ", ".join("%d %s" % (v, k) for k, v in Handler.shim.counts.items()),
              file=sys.stderr, flush=True)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    server.serve_forever()


if __name__ == "__main__":
    main()
