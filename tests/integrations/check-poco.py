#!/usr/bin/env python3
"""Asserts the spans of the warehouse fixture (run-poco.sh): one Poco HTTPServer SERVER span
per request except /health, named after the method or the route set with
telemetry::set_http_route, with the HTTP attributes, the caller's trace continued, ERROR for
5xx and for escaping exceptions (recorded as exception events, answered 500).

usage: check-poco.py SPANS.jsonl SERVER_PORT
"""
import json
import sys

spans_file, port = sys.argv[1], int(sys.argv[2])
spans = [json.loads(line) for line in open(spans_file) if line.strip()]
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def one(name, path):
    found = [s for s in spans if s["name"] == name and s["attributes"].get("url.path") == path]
    check(len(found) == 1, f"expected one span '{name}' for {path}, got {len(found)}")
    if not found:
        return {"attributes": {}, "events": [], "status": {}, "span_id": "?", "trace_id": "?",
                "parent_span_id": "?", "kind": "?"}
    return found[0]


def exception_event(span, type_, message):
    events = [e for e in span["events"] if e["name"] == "exception"]
    check(len(events) == 1, f"{span['name']}: expected one exception event, got {span['events']}")
    if events:
        attrs = events[0]["attributes"]
        check(attrs.get("exception.type") == type_ and attrs.get("exception.message") == message,
              f"{span['name']}: exception event {attrs}, want {type_!r} {message!r}")


check(len(spans) == 6, f"expected 6 spans, got {len(spans)}: {[s['name'] for s in spans]}")
check(not any(s["attributes"].get("url.path") == "/health" for s in spans), "/health made a span")
for span in spans:
    attrs = span["attributes"]
    check(span["kind"] == "server", f"{span['name']}: kind {span['kind']}")
    check(span["service"] == "warehouse", f"{span['name']}: service {span['service']}")
    for key, value in {"url.scheme": "http", "server.address": "127.0.0.1", "server.port": port,
                       "client.address": "127.0.0.1", "network.protocol.version": "1.1"}.items():
        check(attrs.get(key) == value, f"{span['name']}: {key}={attrs.get(key)!r}, want {value!r}")
    check(isinstance(attrs.get("client.port"), int), f"{span['name']}: no client.port")
    check(attrs.get("user_agent.original", "").startswith("curl/"), f"{span['name']}: user agent")

stock = one("GET /stock/{item}", "/stock/widget")
attrs = stock["attributes"]
for key, value in {"http.request.method": "GET", "http.route": "/stock/{item}",
                   "http.response.status_code": 200, "session.id": "sess-42"}.items():
    check(attrs.get(key) == value, f"GET /stock/{{item}}: {key}={attrs.get(key)!r}, want {value!r}")
check(stock["trace_id"] == "0af7651916cd43dd8448eb211c80319c"
      and stock["parent_span_id"] == "b7ad6b7169203331",
      "GET /stock/{item} did not continue the incoming traceparent")
check(stock["status"].get("code") != "error", "200 set ERROR")

reserve = one("POST", "/reserve")
check(reserve["attributes"].get("http.response.status_code") == 503, "503 not recorded")
check(reserve["status"].get("code") == "error", "503 did not set ERROR")
check("http.route" not in reserve["attributes"], "http.route set without set_http_route")
check(reserve["parent_span_id"] == "", "POST /reserve is not a root span")

audit = one("GET", "/audit")
check(audit["attributes"].get("http.response.status_code") == 500, "std::exception not 500")
check(audit["status"] == {"code": "error", "message": "audit ledger unavailable"},
      f"GET /audit status {audit['status']}")
exception_event(audit, "std::runtime_error", "audit ledger unavailable")

report = one("GET", "/report")
check(report["attributes"].get("http.response.status_code") == 500, "Poco exception not 500")
check(report["status"] == {"code": "error", "message": "I/O error: report.csv"},
      f"GET /report status {report['status']}")
exception_event(report, "Poco::IOException", "I/O error: report.csv")

missing = one("GET", "/missing")
check(missing["attributes"].get("http.response.status_code") == 404, "404 not recorded")
check(missing["status"].get("code") != "error", "404 set ERROR")

unhandled = one("DELETE", "/stock/widget")
check(unhandled["attributes"].get("http.response.status_code") == 501, "501 not recorded")
check(unhandled["status"].get("code") == "error", "501 did not set ERROR")

if failures:
    print("FAIL:\n  " + "\n  ".join(failures), file=sys.stderr)
    sys.exit(1)
print(f"ok: {len(spans)} Poco HTTPServer spans checked")
