#!/usr/bin/env python3
"""fake_server.py — a scriptable fake DynamoDB endpoint for the runtime's transport tests.

Listens on 127.0.0.1 (port 0: the kernel picks a free one, written to
--port-file), speaks HTTP/1.1 with keep-alive, verifies every request's
Signature Version 4 against the secrets it knows (as DynamoDB does: a wrong
signature is a 400 InvalidSignatureException), and answers each request with
the next scripted action.  Control endpoints (unsigned, for the test):

  POST /__control/script  [action, ...]   queue actions; an action is a dict:
      {"status": 200, "body": "<raw>"}     (default: 200 {"ok":true})
      {"error": "ThrottlingException", "status": 400, "message": "...",
       "extra": {...}}                      DynamoDB error JSON (extra merged in)
      {"sleep": 1.5}                        wait before answering (combinable)
      {"drop": true}                        close the connection, answer nothing
      "count": n                            repeat the action n times
  POST /__control/secret  {"key": K, "secret": S, "token": T|null}
  POST /__control/reset                     forget the script and the log
  GET  /__control/log                       every DynamoDB request seen: conn,
      method, path, headers (lowercase names), body, sig_ok, sig_error, scope
"""
import argparse
import datetime
import hashlib
import hmac
import json
import os
import re
import socket
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ERROR_PREFIX = "com.amazonaws.dynamodb.v20120810#"
AUTH_RE = re.compile(
    r"^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$")


class State:
    def __init__(self):
        self.lock = threading.Lock()
        self.script = []
        self.log = []
        self.secrets = {}
        self.next_conn = 0


STATE = State()


def hmac_sha256(key, text):
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()


def uri_encode(s, keep_slash):
    return urllib.parse.quote(s, safe="-_.~" + ("/" if keep_slash else ""))


def verify_sigv4(method, raw_path, headers, body):
    """(ok, error, scope) for a request, following the AWS SigV4 specification."""
    auth = headers.get("authorization")
    if auth is None:
        return False, "MissingAuthenticationToken", "no Authorization header", None
    m = AUTH_RE.match(auth.strip())
    if not m:
        return False, "IncompleteSignatureException", "malformed Authorization: " + auth, None
    credential, signed_headers, signature = m.groups()
    parts = credential.split("/")
    if len(parts) != 5:
        return False, "IncompleteSignatureException", "malformed Credential: " + credential, None
    key, date, region, service, terminal = parts
    scope = {"key": key, "date": date, "region": region, "service": service}
    amz_date = headers.get("x-amz-date")
    if amz_date is None or not re.fullmatch(r"\d{8}T\d{6}Z", amz_date):
        return False, "IncompleteSignatureException", "missing or malformed X-Amz-Date", scope
    if service != "dynamodb" or terminal != "aws4_request" or date != amz_date[:8]:
        return False, "InvalidSignatureException", "bad credential scope " + credential, scope
    signed = signed_headers.split(";")
    if signed != sorted(signed) or "host" not in signed or "x-amz-date" not in signed:
        return False, "InvalidSignatureException", "SignedHeaders must be sorted and include host;x-amz-date", scope
    if "x-amz-security-token" in headers and "x-amz-security-token" not in signed:
        return False, "InvalidSignatureException", "x-amz-security-token is not signed", scope
    when = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
    skew = abs((datetime.datetime.now(datetime.timezone.utc) - when).total_seconds())
    if skew > 300:
        return False, "InvalidSignatureException", "Signature expired: X-Amz-Date is %ds off" % skew, scope
    with STATE.lock:
        known = STATE.secrets.get(key)
    if known is None:
        return False, "UnrecognizedClientException", "The security token included in the request is invalid.", scope
    if known.get("token") is not None and headers.get("x-amz-security-token") != known["token"]:
        return False, "UnrecognizedClientException", "The security token included in the request is invalid.", scope

    path, _, query = raw_path.partition("?")
    canonical_uri = uri_encode(urllib.parse.unquote(path) or "/", True)
    pairs = sorted((uri_encode(k, False), uri_encode(v, False))
                   for k, v in urllib.parse.parse_qsl(query, keep_blank_values=True))
    canonical_query = "&".join("%s=%s" % kv for kv in pairs)
    canonical_headers = ""
    for name in signed:
        values = headers.get_all(name)
        if values is None:
            return False, "InvalidSignatureException", "signed header %s is missing" % name, scope
        canonical_headers += name + ":" + ",".join(" ".join(v.split()) for v in values) + "\n"
    payload_hash = hashlib.sha256(body).hexdigest()
    declared = headers.get("x-amz-content-sha256")
    if declared is not None and declared not in (payload_hash, "UNSIGNED-PAYLOAD"):
        return False, "InvalidSignatureException", "x-amz-content-sha256 does not match the body", scope
    canonical_request = "\n".join([method, canonical_uri, canonical_query, canonical_headers,
                                   signed_headers, payload_hash])
    string_to_sign = "\n".join([
        "AWS4-HMAC-SHA256", amz_date, "/".join([date, region, service, terminal]),
        hashlib.sha256(canonical_request.encode("utf-8")).hexdigest()])
    k = hmac_sha256(("AWS4" + known["secret"]).encode("utf-8"), date)
    k = hmac_sha256(k, region)
    k = hmac_sha256(k, service)
    k = hmac_sha256(k, "aws4_request")
    expected = hmac.new(k, string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature):
        return False, "InvalidSignatureException", (
            "The request signature we calculated does not match the signature you provided."), scope
    return True, None, None, scope


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake-dynamodb"
    sys_version = ""

    def setup(self):
        super().setup()
        # Headers and body go out in two writes; without this, Nagle holds the
        # body until the client's delayed ACK (40 ms per request).
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with STATE.lock:
            STATE.next_conn += 1
            self.conn_id = STATE.next_conn

    def log_message(self, fmt, *args):
        pass

    def send_body(self, status, body, content_type="application/x-amz-json-1.0"):
        data = body.encode("utf-8") if isinstance(body, str) else body
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("x-amzn-RequestId", "fake-%d" % self.conn_id)
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up (its timeout): nothing to answer.
            self.close_connection = True

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def do_GET(self):
        self.read_body()
        if self.path == "/__control/log":
            with STATE.lock:
                data = json.dumps(STATE.log)
            self.send_body(200, data, "application/json")
        else:
            self.send_body(404, "{}", "application/json")

    def do_POST(self):
        body = self.read_body()
        if self.path.startswith("/__control/"):
            self.control(self.path[len("/__control/"):], body)
        else:
            self.dynamodb(body)

    def control(self, what, body):
        arg = json.loads(body) if body else None
        with STATE.lock:
            if what == "script":
                for action in arg:
                    STATE.script.extend([action] * int(action.get("count", 1)))
            elif what == "reset":
                STATE.script.clear()
                STATE.log.clear()
            elif what == "secret":
                STATE.secrets[arg["key"]] = {"secret": arg["secret"], "token": arg.get("token")}
            else:
                what = None
        self.send_body(200 if what else 404, "{}", "application/json")

    def dynamodb(self, body):
        ok, err_type, err_msg, scope = verify_sigv4(self.command, self.path, self.headers, body)
        record = {
            "conn": self.conn_id,
            "method": self.command,
            "path": self.path,
            "headers": {k.lower(): v for k, v in self.headers.items()},
            "body": body.decode("utf-8", "replace"),
            "sig_ok": ok,
            "sig_error": err_msg,
            "scope": scope,
        }
        with STATE.lock:
            STATE.log.append(record)
            action = STATE.script.pop(0) if ok and STATE.script else {}
        if not ok:
            self.send_body(400, json.dumps({"__type": "com.amazon.coral.service#" + err_type,
                                            "message": err_msg}))
            return
        if action.get("sleep"):
            time.sleep(float(action["sleep"]))
        if action.get("drop"):
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        if "error" in action:
            doc = {"__type": ERROR_PREFIX + action["error"],
                   "message": action.get("message", action["error"])}
            doc.update(action.get("extra", {}))
            self.send_body(int(action.get("status", 400)), json.dumps(doc))
            return
        self.send_body(int(action.get("status", 200)), action.get("body", '{"ok":true}'))


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        # Clients that time out or vanish are part of the tests.
        exc = sys.exc_info()[1]
        if not isinstance(exc, (ConnectionError, socket.timeout)):
            super().handle_error(request, client_address)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--key", action="append", default=[], help="KEY:SECRET a client may sign with")
    args = ap.parse_args()
    for pair in args.key:
        key, _, secret = pair.partition(":")
        STATE.secrets[key] = {"secret": secret, "token": None}
    server = Server(("127.0.0.1", 0), Handler)
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.rename(tmp, args.port_file)    # the reader never sees a half-written port
    server.serve_forever()


if __name__ == "__main__":
    main()
