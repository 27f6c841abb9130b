#!/usr/bin/env python3
"""Asserts the spans of one of Pistache's own examples instrumented by init
(run-pistache-example.sh): rest_server (REST routes) or http_server (an Http::Handler).

usage: check-pistache-example.py rest_server|http_server SPANS.jsonl
"""
import sys

from checks import check, finish, load_spans

example, spans = sys.argv[1], load_spans(sys.argv[2])
check(all(s["kind"] == "server" for s in spans), "a span that is not SERVER")
check(not any(s["attributes"].get("url.path") == "/ready" for s in spans), "/ready made a span")
empty = {"attributes": {}, "status": {}, "events": []}


def expect(method, path, name, route, status, code="unset"):
    """The one span of METHOD PATH named NAME, checked."""
    found = [s for s in spans if s["attributes"].get("http.request.method") == method and
             s["attributes"].get("url.path") == path and s.get("name") == name]
    check(len(found) == 1, f"{method} {path}: {len(found)} spans named {name!r}")
    span = found[0] if found else empty
    attributes = span["attributes"]
    check(attributes.get("http.route") == route, f"{method} {path}: route {attributes}")
    check(attributes.get("http.response.status_code") == status,
          f"{method} {path}: status code {attributes.get('http.response.status_code')!r}")
    check(span.get("status", {}).get("code") == code, f"{method} {path}: {span.get('status')}")
    return span


def continued(span, trace_id, parent):
    check(span.get("trace_id") == trace_id and span.get("parent_span_id") == parent,
          "traceparent not continued")


if example == "rest_server":
    check(len(spans) == 5, f"expected 5 spans, got {[s['name'] for s in spans]}")
    record = expect("POST", "/record/hits/5", "POST /record/:name/:value?",
                    "/record/:name/:value?", 201)
    continued(record, "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331")
    again = expect("POST", "/record/hits", "POST /record/:name/:value?", "/record/:name/:value?",
                   200)
    check(again.get("parent_span_id") == "" and again.get("trace_id") != record.get("trace_id"),
          "a request without traceparent joined a trace")
    value = expect("GET", "/value/hits", "GET /value/:name", "/value/:name", 200)
    check(value["attributes"].get("session.id") == "sess-7", "x-session-id not recorded")
    check(value["attributes"].get("user_agent.original", "").startswith("curl/"), "no user agent")
    expect("GET", "/value/misses", "GET /value/:name", "/value/:name", 404)
    expect("GET", "/auth", "GET /auth", "/auth", 200)
else:
    # An Http::Handler has no route templates: spans are named after the method, and after
    # the route the handler names with set_http_route (the test added it for plain /ping).
    check(len(spans) == 6, f"expected 6 spans, got {[s['name'] for s in spans]}")
    plain = expect("GET", "/ping", "GET /ping", "/ping", 200)
    continued(plain, "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7")
    expect("GET", "/ping", "GET", None, 200)  # ?chunked=1: url.path has no query
    echo = expect("POST", "/echo", "POST", None, 200)
    check(echo["attributes"].get("session.id") == "sess-8", "x-session-id not recorded")
    check(echo["attributes"].get("network.protocol.version") == "1.1", "protocol version")
    expect("GET", "/echo", "GET", None, 405)
    expect("GET", "/nothing", "GET", None, 404)
    failed = expect("GET", "/exception", "GET", None, 500, "error")
    check(failed.get("status", {}).get("message") == "Exception thrown in the handler",
          f"/exception status {failed.get('status')}")
    events = [e for e in failed.get("events", []) if e.get("name") == "exception"]
    check(len(events) == 1 and events[0].get("attributes", {}).get("exception.message") ==
          "Exception thrown in the handler", f"exception event {failed.get('events')}")
finish(spans, f"ok: {len(spans)} spans of Pistache's {example} example checked")
