#!/usr/bin/env python3
"""Asserts the spans of Pistache's own rest_server example instrumented by init
(run-pistache-example.sh).

usage: check-pistache-example.py SPANS.jsonl
"""
import sys

from checks import check, finish, load_spans

spans = load_spans(sys.argv[1])
check(len(spans) == 5 and all(s["kind"] == "server" for s in spans),
      f"expected 5 server spans, got {[(s['name'], s['kind']) for s in spans]}")
by_path = {(s["attributes"].get("http.request.method"), s["attributes"].get("url.path")): s
           for s in spans}
check(not any(path == "/ready" for _, path in by_path), "/ready made a span")
empty = {"attributes": {}, "status": {}}


def expect(method, path, name, route, status):
    span = by_path.get((method, path), empty)
    check(span.get("name") == name, f"{method} {path}: span name {span.get('name')!r}")
    attributes = span["attributes"]
    check(attributes.get("http.route") == route, f"{method} {path}: route {attributes}")
    check(attributes.get("http.response.status_code") == status,
          f"{method} {path}: status code {attributes.get('http.response.status_code')!r}")
    check(span.get("status", {}).get("code") == "unset", f"{method} {path}: {span.get('status')}")
    return span


record = expect("POST", "/record/hits/5", "POST /record/:name/:value?", "/record/:name/:value?",
                201)
check(record.get("trace_id") == "0af7651916cd43dd8448eb211c80319c"
      and record.get("parent_span_id") == "b7ad6b7169203331", "traceparent not continued")
again = expect("POST", "/record/hits", "POST /record/:name/:value?", "/record/:name/:value?", 200)
check(again.get("parent_span_id") == "" and again.get("trace_id") != record.get("trace_id"),
      "a request without traceparent joined a trace")
value = expect("GET", "/value/hits", "GET /value/:name", "/value/:name", 200)
check(value["attributes"].get("session.id") == "sess-7", "x-session-id not recorded")
check(value["attributes"].get("user_agent.original", "").startswith("curl/"), "no user agent")
expect("GET", "/value/misses", "GET /value/:name", "/value/:name", 404)
expect("GET", "/auth", "GET /auth", "/auth", 200)
finish(spans, f"ok: {len(spans)} spans of Pistache's rest_server example checked")
