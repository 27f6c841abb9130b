#!/usr/bin/env python3
"""Asserts the spans of the catalogue fixture (run-restinio.sh): RESTinio SERVER spans named
after the express route template, their attributes, status codes read from the responses,
the exception answered 500, the non-matched request, and no span for /health.

usage: check-restinio.py SPANS.jsonl
"""
import sys

from checks import check, finish, load_spans

spans = load_spans(sys.argv[1])
EMPTY = {"attributes": {}, "events": [], "status": {}, "span_id": "?", "trace_id": "?",
         "parent_span_id": "?"}


def one(name, path):
    found = [s for s in spans if s["name"] == name and s["attributes"].get("url.path") == path]
    check(len(found) == 1, f"expected one span '{name}' for {path}, got {len(found)}")
    if found:
        check(found[0]["kind"] == "server", f"{name} {path}: kind {found[0]['kind']}")
    return found[0] if found else EMPTY


def status_code(span, want, error):
    attrs = span["attributes"]
    check(attrs.get("http.response.status_code") == want,
          f"{span.get('name')} {attrs.get('url.path')}: status "
          f"{attrs.get('http.response.status_code')!r}, want {want}")
    check((span["status"].get("code") == "error") == error,
          f"{span.get('name')} {attrs.get('url.path')}: span status {span['status']}")


check(len(spans) == 7, f"expected 7 spans, got {len(spans)}")
check(not any(s["attributes"].get("url.path") == "/health" for s in spans), "/health made a span")

create = one("POST /items/:id", "/items/7")
attrs = create["attributes"]
for key, value in {"http.request.method": "POST", "url.scheme": "http",
                   "http.route": "/items/:id", "server.address": "127.0.0.1",
                   "client.address": "127.0.0.1", "network.protocol.version": "1.1"}.items():
    check(attrs.get(key) == value, f"POST /items/:id: {key}={attrs.get(key)!r}, want {value!r}")
check(isinstance(attrs.get("server.port"), int), "POST /items/:id: no server.port")
check(attrs.get("user_agent.original", "").startswith("curl/"), "no user_agent.original")
check(create["trace_id"] == "0af7651916cd43dd8448eb211c80319c"
      and create["parent_span_id"] == "b7ad6b7169203331",
      "POST /items/:id did not continue the incoming traceparent")
status_code(create, 201, False)

read = one("GET /items/:id", "/items/7")
check(read["attributes"].get("session.id") == "sess-42", "x-session-id -> session.id missing")
status_code(read, 200, False)
status_code(one("GET /items/:id", "/items/9"), 404, False)
status_code(one("DELETE /items/:id", "/items/7"), 204, False)

boom = one("GET /explode", "/explode")
status_code(boom, 500, True)
check(boom["status"].get("message") == "boom", f"exception status: {boom['status']}")
events = [e for e in boom["events"] if e["name"] == "exception"]
check(len(events) == 1 and events[0]["attributes"].get("exception.message") == "boom",
      f"exception event missing: {boom['events']}")

status_code(one("GET /unavailable", "/unavailable"), 503, True)

unmatched = one("GET", "/no/such/route")
check("http.route" not in unmatched["attributes"], "non-matched request has an http.route")
status_code(unmatched, 404, False)

finish(spans, f"ok: {len(spans)} spans checked (RESTinio server)",
       ("name", "kind", "trace_id", "span_id", "parent_span_id", "status", "attributes", "events"))
