#!/usr/bin/env python3
"""Asserts the spans of the ledger fixture (run-cpprest.sh): cpprestsdk SERVER spans named
after the method, CLIENT spans of the service calling its own API, each callee's server span
a child of the client span, all under the caller's server span, which ends only when its
handler replied from the client response's continuation.

usage: check-cpprest.py SPANS.jsonl PORT
"""
import sys

from checks import check, finish, load_spans

spans_file, port = sys.argv[1], int(sys.argv[2])
spans = load_spans(spans_file)
EMPTY = {"attributes": {}, "events": [], "status": {}, "span_id": "?", "trace_id": "?",
         "parent_span_id": "?", "start_time_unix_nano": "0", "end_time_unix_nano": "0"}


def server(path):
    found = [s for s in spans if s["kind"] == "server" and s["attributes"].get("url.path") == path]
    check(len(found) == 1, f"expected one server span for {path}, got {len(found)}")
    return found[0] if found else EMPTY


def client(path):
    url = f"http://127.0.0.1:{port}{path}"
    found = [s for s in spans if s["kind"] == "client" and s["attributes"].get("url.full") == url]
    check(len(found) == 1, f"expected one client span for {url}, got {len(found)}")
    return found[0] if found else EMPTY


def child_of(child, parent, what):
    check(child["trace_id"] == parent["trace_id"] and child["parent_span_id"] == parent["span_id"],
          f"{what}: not a child of its parent span")


def within(child, parent, what):
    check(int(parent["start_time_unix_nano"]) <= int(child["start_time_unix_nano"]) and
          int(child["end_time_unix_nano"]) <= int(parent["end_time_unix_nano"]),
          f"{what}: not inside its parent's time span (the parent ended before its reply?)")


check(len(spans) == 8, f"expected 8 spans, got {len(spans)}: {[s['name'] for s in spans]}")
check(not any(s["attributes"].get("url.path") == "/health" for s in spans), "/health made a span")
check(not any("http.route" in s["attributes"] for s in spans), "http.route without a template")

# POST /transfer: continues curl's traceparent, calls GET /balance/alice, replies afterwards
transfer = server("/transfer")
check(transfer["name"] == "POST", f"/transfer span named {transfer['name']!r}")
attrs = transfer["attributes"]
for key, value in {"http.request.method": "POST", "url.scheme": "http",
                   "http.response.status_code": 200, "server.address": "127.0.0.1",
                   "server.port": port, "client.address": "127.0.0.1",
                   "network.protocol.version": "1.1"}.items():
    check(attrs.get(key) == value, f"/transfer: {key}={attrs.get(key)!r}, want {value!r}")
check(attrs.get("user_agent.original", "").startswith("curl/"), "/transfer: no user_agent.original")
check(transfer["trace_id"] == "0af7651916cd43dd8448eb211c80319c" and
      transfer["parent_span_id"] == "b7ad6b7169203331",
      "/transfer did not continue the incoming traceparent")
check(transfer["status"].get("code") != "error", "/transfer: 200 set ERROR")
balance_call = client("/balance/alice")
check(balance_call["name"] == "GET", f"client span named {balance_call['name']!r}")
for key, value in {"http.request.method": "GET", "server.address": "127.0.0.1",
                   "server.port": port, "http.response.status_code": 200}.items():
    check(balance_call["attributes"].get(key) == value,
          f"client /balance/alice: {key}={balance_call['attributes'].get(key)!r}, want {value!r}")
check(balance_call["status"].get("code") != "error", "client /balance/alice: 200 set ERROR")
child_of(balance_call, transfer, "client GET /balance/alice under POST /transfer")
within(balance_call, transfer, "client GET /balance/alice")
balance = server("/balance/alice")
child_of(balance, balance_call, "server GET /balance/alice under its client span")
check(balance["attributes"].get("user_agent.original", "").startswith("cpprestsdk/"),
      "server /balance/alice: cpprestsdk's user agent missing")

# GET /balance/bob: a root span with the session id
bob = server("/balance/bob")
check(bob["name"] == "GET" and bob["parent_span_id"] == "", "/balance/bob: not a root GET span")
check(bob["attributes"].get("session.id") == "sess-42", "x-session-id -> session.id missing")
check(bob["attributes"].get("http.response.status_code") == 200, "/balance/bob: status 200 missing")

# POST /explode: the exception escaped the handler, recorded, answered 500
boom = server("/explode")
check(boom["status"] == {"code": "error", "message": "ledger exploded"},
      f"/explode: status {boom['status']}")
check(boom["attributes"].get("http.response.status_code") == 500, "/explode: not recorded as 500")
events = [e for e in boom["events"] if e["name"] == "exception"]
check(len(events) == 1 and events[0]["attributes"].get("exception.message") == "ledger exploded",
      f"/explode: exception event missing: {boom['events']}")

# GET /report -> client GET /audit (500) -> server GET /audit (500); the report answers 502
report = server("/report")
check(report["parent_span_id"] == "", "/report: not a root span")
check(report["attributes"].get("http.response.status_code") == 502, "/report: status 502 missing")
check(report["status"].get("code") == "error", "/report: 502 did not set ERROR")
audit_call = client("/audit")
child_of(audit_call, report, "client GET /audit under GET /report")
within(audit_call, report, "client GET /audit")
check(audit_call["attributes"].get("http.response.status_code") == 500,
      "client /audit: status 500 missing")
check(audit_call["status"].get("code") == "error", "client /audit: 500 did not set ERROR")
check(audit_call["attributes"].get("error.type") == "500", "client /audit: error.type not 500")
audit = server("/audit")
child_of(audit, audit_call, "server GET /audit under its client span")
check(audit["status"].get("code") == "error", "server /audit: 500 did not set ERROR")

finish(spans, f"ok: {len(spans)} cpprestsdk spans checked")
