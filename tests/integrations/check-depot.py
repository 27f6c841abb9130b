#!/usr/bin/env python3
"""Asserts the spans of the instrumented depot fixture (run-depot.sh): a Beast handler that
answers through `send`.

usage: check-depot.py SPANS.jsonl [RUNTIME]   (bundled, the default, or opentelemetry-cpp)
"""
import sys

from checks import check, finish, load_spans

spans = load_spans(sys.argv[1])
runtime = sys.argv[2] if len(sys.argv) > 2 else "bundled"
sdk = {"bundled": "otel-setup", "opentelemetry-cpp": "opentelemetry"}[runtime]
check(all(s["resource"].get("telemetry.sdk.name") == sdk for s in spans),
      f"spans not exported by the {runtime} runtime ({sdk})")
servers = {(s["attributes"].get("http.request.method"), s["attributes"].get("url.path")): s
           for s in spans if s["kind"] == "server"}
check(len(servers) == len(spans) == 5, f"expected 5 server spans, got {len(spans)}")
check(not any(path == "/health" for _, path in servers), "/health made a span")
empty = {"attributes": {}, "events": [], "status": {}}

north = servers.get(("GET", "/parcels/north"), empty)
check(north.get("name") == "GET", f"span name {north.get('name')!r}")
for key, value in {"url.scheme": "http", "server.address": "127.0.0.1",
                   "http.response.status_code": 200, "network.protocol.version": "1.1",
                   "session.id": "sess-9"}.items():
    check(north["attributes"].get(key) == value, f"north: {key}={north['attributes'].get(key)!r}")
check(north["attributes"].get("user_agent.original", "").startswith("curl/"), "no user agent")
check(north.get("trace_id") == "0af7651916cd43dd8448eb211c80319c"
      and north.get("parent_span_id") == "b7ad6b7169203331", "traceparent not continued")

# Answered from another thread after the handler returned: the span ends with that response,
# and the next request on the connection's thread is not its child.
recount = servers.get(("GET", "/recount/north"), empty)
check(recount["attributes"].get("http.response.status_code") == 200, "recount: no status")
check(recount.get("parent_span_id") == "", "recount has a parent")

west = servers.get(("GET", "/parcels/west"), empty)
check(west.get("parent_span_id") == "", f"west has parent {west.get('parent_span_id')!r}")
check(west["attributes"].get("http.response.status_code") == 404, "404 not recorded")
check(west.get("status", {}).get("code") == "unset", "a 404 is not an error of the server")
check(west.get("trace_id") != north.get("trace_id"), "a request without traceparent joined one")

audit = servers.get(("GET", "/audit"), empty)
check(audit["attributes"].get("http.response.status_code") == 500, "the exception's 500")
check(audit.get("status") == {"code": "error", "message": "audit log unavailable"},
      f"audit status {audit.get('status')}")
events = [e for e in audit.get("events", []) if e.get("name") == "exception"]
check(len(events) == 1 and
      events[0].get("attributes", {}).get("exception.message") == "audit log unavailable",
      f"exception event {audit.get('events')}")

post = servers.get(("POST", "/parcels/north"), empty)
check(post["attributes"].get("http.response.status_code") == 400, "POST: 400 not recorded")
finish(spans, f"ok: {len(spans)} spans checked")
