#!/usr/bin/env python3
"""Asserts the spans of the shop fixture (run-shop.sh) for the integrations applied.

usage: check-shop.py SPANS.jsonl SHOP.log DOWNSTREAM.txt INTEGRATION...
"""
import json
import sys

from checks import check, finish, load_spans

spans_file, log_file, downstream_file, *integrations = sys.argv[1:]
spans = load_spans(spans_file)


def one(name, kind):
    found = [s for s in spans if s["name"] == name and s["kind"] == kind]
    check(len(found) == 1, f"expected one {kind} span '{name}', got {len(found)}")
    return found[0] if found else {"attributes": {}, "events": [], "status": {}, "span_id": "?"}


applied = set(integrations)
server = {"middleware", "cpp-httplib"} & applied
client = {"http-client", "libcurl"} & applied
db = {"db", "sqlite3"} & applied
logging = {"logging", "spdlog"} & applied

if server:
    check(not any(s["attributes"].get("url.path") == "/health" for s in spans),
          "/health made a span")
    post = one("POST /items", "server")
    attrs = post["attributes"]
    for key, value in {"http.request.method": "POST", "url.path": "/items", "url.scheme": "http",
                       "http.route": "/items", "http.response.status_code": 201,
                       "server.address": "127.0.0.1", "client.address": "127.0.0.1",
                       "network.protocol.version": "1.1"}.items():
        check(attrs.get(key) == value, f"POST /items: {key}={attrs.get(key)!r}, want {value!r}")
    check(isinstance(attrs.get("server.port"), int), "POST /items: no server.port")
    check(attrs.get("user_agent.original", "").startswith("curl/"), "no user_agent.original")
    check(post["trace_id"] == "0af7651916cd43dd8448eb211c80319c"
          and post["parent_span_id"] == "b7ad6b7169203331",
          "POST /items did not continue the incoming traceparent")
    listing = one("GET /items", "server")
    check(listing["attributes"].get("session.id") == "sess-42", "x-session-id -> session.id missing")
    exact = one(r"GET /items/(\d+)", "server")
    check(exact["attributes"].get("http.route") == r"/items/(\d+)", "route pattern not kept")
    boom = one("POST /explode", "server")
    check(boom["status"] == {"code": "error", "message": "boom"}, f"exception status: {boom['status']}")
    check(boom["attributes"].get("http.response.status_code") == 500, "exception not answered 500")
    events = [e for e in boom["events"] if e["name"] == "exception"]
    check(len(events) == 1 and events[0]["attributes"].get("exception.message") == "boom"
          and events[0]["attributes"].get("exception.type") == "std::runtime_error",
          f"exception event missing: {boom['events']}")
    unavailable = one("GET /unavailable", "server")
    check(unavailable["status"].get("code") == "error", "503 did not set ERROR")
    check(listing["status"].get("code") != "error", "200 set ERROR")
    nope = one("GET", "server")
    check(nope["attributes"].get("http.response.status_code") == 404
          and "http.route" not in nope["attributes"], "unmatched request: want 404, no route")

if client:
    call = one("POST", "client")
    attrs = call["attributes"]
    check(attrs.get("http.request.method") == "POST", "client: no http.request.method")
    check(attrs.get("url.full", "").endswith("/notify"), f"client: url.full={attrs.get('url.full')}")
    check(attrs.get("server.address") == "127.0.0.1", "client: no server.address")
    check(attrs.get("http.response.status_code") == 200, "client: no status code")
    if server:
        check(call["parent_span_id"] == post["span_id"], "client span is not a child of the server span")
    received = [line.split() for line in open(downstream_file) if line.strip()]
    check(len(received) == 1 and received[0][0].split("-")[2] == call["span_id"],
          f"downstream traceparent does not carry the client span id: {received}")
    check(len(received) == 1 and received[0][1:] == ["text/plain"],
          "the request's own headers were lost")

if db:
    queries = [s for s in spans if s["kind"] == "client" and "db.system.name" in s["attributes"]]
    check(len(queries) == 4, f"expected 4 db spans, got {len(queries)}")
    for span in queries:
        attrs = span["attributes"]
        check(attrs.get("db.system.name") == "sqlite", "db.system.name != sqlite")
        check(attrs.get("db.namespace", "").endswith("shop.db"), f"db.namespace={attrs.get('db.namespace')}")
        check("widget" not in json.dumps(attrs), "a parameter value was recorded")
    insert = [s for s in queries if s["attributes"].get("db.operation.name") == "INSERT"]
    check(len(insert) == 1 and insert[0]["attributes"].get("db.query.text")
          == "INSERT INTO items (name) VALUES (?)", "INSERT span/text missing")
    if server and insert and not any(i.startswith("traced=") for i in applied):
        check(insert[0]["parent_span_id"] == post["span_id"], "db span is not a child of the server span")

traced = [i.split(":", 1)[1] for i in applied if i.startswith("traced=")]
for function in traced:
    span = one(function, "internal")
    check(span["status"].get("code") == "ok", f"{function}: status {span['status']}")
    if server:
        check(span["parent_span_id"] == post["span_id"], f"{function} is not a child of POST /items")
    if db:
        insert = [s for s in spans if s["attributes"].get("db.operation.name") == "INSERT"]
        check(len(insert) == 1 and insert[0]["parent_span_id"] == span["span_id"],
              "the INSERT span is not a child of the traced function")

if logging:  # run-shop.sh sets OTEL_SETUP_LOG_FORMAT=json
    records = [json.loads(l) for l in open(log_file) if l.startswith("{")]
    added = [r for r in records if r.get("message") == "added item 1"]
    check(len(added) == 1 and added[0].get("level") == "info", f"JSON log line: {added}")
    if server and added:
        check(added[0].get("trace_id") == post["trace_id"]
              and added[0].get("span_id") == post["span_id"], f"JSON log ids: {added}")
    outside = [r for r in records if str(r.get("message", "")).startswith("listening on")]
    check(len(outside) == 1 and "trace_id" not in outside[0], f"line outside a span: {outside}")

finish(spans, f"ok: {len(spans)} spans checked for {', '.join(integrations)}",
       ("name", "kind", "span_id", "parent_span_id", "status", "attributes"))
