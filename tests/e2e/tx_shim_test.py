#!/usr/bin/env python3
"""tx_shim_test.py — the self-test of tests/lib/tx_shim.py, the test-only
TransactWriteItems emulation in front of dynalite that the e2e_*_dynalite
tests rely on: a cancelled transaction leaves nothing applied and says why as
DynamoDB does, a retried token is applied once, invalid requests are refused.

usage: tests/lib/with_server.sh dynalite-tx python3 tests/e2e/tx_shim_test.py
"""
import http.client
import json
import os
import sys
import urllib.parse

TABLE = "ShimTest"
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL " + what, file=sys.stderr)


class Client:
    """Every request over one kept-alive connection, as the runtime sends them."""

    def __init__(self, url):
        u = urllib.parse.urlsplit(url)
        self.conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
        self.socks = set()

    def call(self, op, payload):
        body = json.dumps(payload).encode("utf-8")
        self.conn.request("POST", "/", body, {
            "Content-Type": "application/x-amz-json-1.0",
            "X-Amz-Target": "DynamoDB_20120810." + op,
            "Authorization": "AWS4-HMAC-SHA256 Credential=AKIDDDBCTEST/20200101/us-east-1/dynamodb/aws4_request, "
                             "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" + "0" * 64,
            "X-Amz-Date": "20200101T000000Z",
        })
        self.socks.add(id(self.conn.sock))
        r = self.conn.getresponse()
        data = r.read()
        check(r.getheader("Content-Length") == str(len(data)), "%s: Content-Length matches the body" % op)
        answer = json.loads(data.decode("utf-8")) if data else {}
        return r.status, answer

    def ok(self, op, payload):
        status, answer = self.call(op, payload)
        if status != 200:
            raise SystemExit("tx_shim_test: %s failed: %d %s" % (op, status, answer))
        return answer


def error_type(answer):
    return str(answer.get("__type", "")).rsplit("#", 1)[-1]


def key(pk):
    return {"pk": {"S": pk}}


def get(c, pk):
    return c.ok("GetItem", {"TableName": TABLE, "Key": key(pk), "ConsistentRead": True}).get("Item")


def put(c, pk, v):
    c.ok("PutItem", {"TableName": TABLE, "Item": {"pk": {"S": pk}, "v": {"N": str(v)}}})


def transact(c, actions, token=None):
    req = {"TransactItems": actions}
    if token:
        req["ClientRequestToken"] = token
    return c.call("TransactWriteItems", req)


def set_v(pk, v, condition=None):
    u = {"TableName": TABLE, "Key": key(pk), "UpdateExpression": "SET #v = :v",
         "ExpressionAttributeNames": {"#v": "v"}, "ExpressionAttributeValues": {":v": {"N": str(v)}}}
    if condition:
        u["ConditionExpression"] = condition
    return {"Update": u}


def must_exist(kind, pk, all_old=False):
    a = {"TableName": TABLE, "ConditionExpression": "attribute_exists(pk)"}
    a["Item" if kind == "Put" else "Key"] = {"pk": {"S": pk}, "v": {"N": "9"}} if kind == "Put" else key(pk)
    if all_old:
        a["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD"
    return {kind: a}


def must_not_exist(kind, pk, all_old=False):
    a = must_exist(kind, pk, all_old)
    a[kind]["ConditionExpression"] = "attribute_not_exists(pk)"
    return a


def expect_cancelled(status, answer, codes, what):
    check(status == 400 and error_type(answer) == "TransactionCanceledException",
          "%s: TransactionCanceledException (got %d %s)" % (what, status, answer))
    reasons = answer.get("CancellationReasons", [])
    check([r.get("Code") for r in reasons] == codes, "%s: reasons %s, want %s" % (what, reasons, codes))
    for r in reasons:
        if r.get("Code") == "ConditionalCheckFailed":
            check(r.get("Message") == "The conditional request failed", "%s: reason message %s" % (what, r))
    want = "Transaction cancelled, please refer cancellation reasons for specific reasons [%s]" % ", ".join(codes)
    check(answer.get("Message") == want, "%s: message %r" % (what, answer.get("Message")))
    return reasons


def main():
    if os.environ.get("DDBC_TEST_TX_SHIM") != "1":
        raise SystemExit("tx_shim_test: run under tests/lib/with_server.sh dynalite-tx")
    c = Client(os.environ["AWS_ENDPOINT_URL_DYNAMODB"])
    c.ok("CreateTable", {"TableName": TABLE, "BillingMode": "PAY_PER_REQUEST",
                         "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                         "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}]})
    put(c, "a", 1)
    put(c, "d", 4)

    # The 2nd action's condition fails: the 1st (an update), a new item and a
    # delete are all undone; only the failed action has a reason.
    status, answer = transact(c, [set_v("a", 2), must_not_exist("Put", "new"),
                                  {"Delete": {"TableName": TABLE, "Key": key("d")}},
                                  must_exist("Put", "b")])
    check(status == 400, "a failing put cancels")
    expect_cancelled(status, answer, ["None", "None", "None", "ConditionalCheckFailed"], "4th fails")
    check(get(c, "a") == {"pk": {"S": "a"}, "v": {"N": "1"}}, "the 1st action's item is unchanged: %s" % get(c, "a"))
    check(get(c, "new") is None, "a put of a new item is undone")
    check(get(c, "d") == {"pk": {"S": "d"}, "v": {"N": "4"}}, "a delete is undone")
    check(get(c, "b") is None, "the failed put wrote nothing")

    status, answer = transact(c, [set_v("a", 2), must_exist("Put", "b")])
    expect_cancelled(status, answer, ["None", "ConditionalCheckFailed"], "2nd fails")
    check(get(c, "a")["v"] == {"N": "1"}, "the 1st action's update is undone")

    # Every failed condition is reported; ALL_OLD returns the item as it was.
    status, answer = transact(c, [must_not_exist("Update", "a", all_old=True), set_v("x", 5),
                                  must_exist("ConditionCheck", "nope", all_old=True),
                                  must_not_exist("Delete", "d")])
    reasons = expect_cancelled(status, answer, ["ConditionalCheckFailed", "None", "ConditionalCheckFailed",
                                                "ConditionalCheckFailed"], "three fail")
    if len(reasons) == 4:
        check(reasons[0].get("Item") == {"pk": {"S": "a"}, "v": {"N": "1"}}, "ALL_OLD gives the item: %s" % reasons[0])
        check("Item" not in reasons[2], "no Item for a missing item")
        check("Item" not in reasons[3], "no Item without ALL_OLD")
    check(get(c, "x") is None, "an upsert of a new item is undone")

    # Checks that pass write nothing, also on a missing item.
    status, answer = transact(c, [must_exist("ConditionCheck", "d"), must_not_exist("ConditionCheck", "ghost"),
                                  set_v("a", 3, "#v = :v OR attribute_exists(pk)"), set_v("e", 7)])
    check(status == 200 and answer == {}, "a transaction whose conditions hold applies: %d %s" % (status, answer))
    check(get(c, "a")["v"] == {"N": "3"}, "its update is applied")
    check(get(c, "e")["v"] == {"N": "7"}, "its upsert is applied")
    check(get(c, "ghost") is None, "a passing check on a missing item leaves none behind")
    check(get(c, "d") == {"pk": {"S": "d"}, "v": {"N": "4"}}, "a passing check on an item leaves it as it was")

    # A retried token is answered again, not applied twice; new parameters
    # under the same token are refused; a new token applies again.
    bump = [{"Update": {"TableName": TABLE, "Key": key("n"), "UpdateExpression": "ADD #n :one",
                        "ExpressionAttributeNames": {"#n": "n"},
                        "ExpressionAttributeValues": {":one": {"N": "1"}}}}]
    for attempt in range(3):
        status, answer = transact(c, bump, token="token-1")
        check(status == 200 and answer == {}, "retry %d of a token succeeds: %d %s" % (attempt, status, answer))
    check(get(c, "n").get("n") == {"N": "1"}, "a retried token is applied once: %s" % get(c, "n"))
    status, answer = transact(c, bump + [set_v("a", 4)], token="token-1")
    check(status == 400 and error_type(answer) == "IdempotentParameterMismatchException",
          "the same token with other actions is refused: %d %s" % (status, answer))
    status, answer = transact(c, bump, token="token-2")
    check(status == 200 and get(c, "n").get("n") == {"N": "2"}, "a new token applies again")
    # a cancelled transaction's retry gets the same cancellation back
    failing = [set_v("a", 5), must_exist("Put", "b")]
    first = transact(c, failing, token="token-3")
    put(c, "b", 2)
    again = transact(c, failing, token="token-3")
    check(first == again and first[0] == 400, "a cancelled token answers the same: %s / %s" % (first, again))
    check(get(c, "a")["v"] == {"N": "3"}, "and is not applied on the retry")

    # DynamoDB's validation: at most 100 actions, one action per item, one
    # kind per action; nothing is applied.
    many = [set_v("m%d" % i, i) for i in range(101)]
    status, answer = transact(c, many)
    check(status == 400 and error_type(answer) == "ValidationException", "101 actions: %d %s" % (status, answer))
    check("less than or equal to 100" in answer.get("message", ""), "101 actions: message %s" % answer)
    check(get(c, "m0") is None, "nothing of 101 actions applied")
    status, answer = transact(c, many[:100])
    check(status == 200, "100 actions are allowed: %d %s" % (status, answer))
    check(get(c, "m99") is not None, "all 100 applied")
    status, answer = transact(c, [set_v("dup", 1), must_exist("ConditionCheck", "dup")])
    check(status == 400 and error_type(answer) == "ValidationException" and
          answer.get("message") == "Transaction request cannot include multiple operations on one item",
          "two actions on one item: %d %s" % (status, answer))
    check(get(c, "dup") is None, "nothing of a duplicate-item transaction applied")
    status, answer = transact(c, [{"Put": must_exist("Put", "z")["Put"], "Delete": {"TableName": TABLE, "Key": key("z")}}])
    check(status == 400 and error_type(answer) == "ValidationException", "two kinds in one action: %d %s" % (status, answer))
    # a request-level error (an unused expression value) rejects the whole request
    bad = set_v("a", 6)
    bad["Update"]["ExpressionAttributeValues"][":unused"] = {"S": "x"}
    status, answer = transact(c, [set_v("e", 8), bad])
    check(status == 400 and error_type(answer) == "ValidationException", "an invalid action: %d %s" % (status, answer))
    check(get(c, "e")["v"] == {"N": "7"}, "the action before an invalid one is undone")

    check(len(c.socks) == 1, "one kept-alive connection served every request (%d used)" % len(c.socks))
    if failures:
        print("tx_shim_test: %d failures" % len(failures), file=sys.stderr)
        return 1
    print("tx_shim_test: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
