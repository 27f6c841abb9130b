#!/usr/bin/env python3
"""Asserts the trace run-js-interop.sh made across the OpenTelemetry JS SDK and the C++ orders
example: js SERVER -> js CLIENT -> orders SERVER (+ INSERT) -> orders CLIENT -> js SERVER, one
trace id, every parent link and kind right, both services' spans decoded by `otel-setup view`.

usage: check-js-interop.py SPANS.jsonl
"""
import sys

from checks import check, finish, load_spans

spans = load_spans(sys.argv[1])
MISSING = {"span_id": "?", "trace_id": "?", "parent_span_id": "?", "kind": "?", "attributes": {},
           "service": "?", "name": "?"}


def one(predicate, what):
    found = [s for s in spans if predicate(s)]
    check(len(found) == 1, f"expected one {what}, got {len(found)}")
    return found[0] if found else MISSING


def children(parent, service, kind):
    return lambda s: (s["service"] == service and s["kind"] == kind
                      and s["parent_span_id"] == parent["span_id"] and parent["span_id"] != "?")


def method(span):
    attributes = span["attributes"]
    return attributes.get("http.request.method", attributes.get("http.method"))


checkout = one(lambda s: s["service"] == "js-peer" and s["kind"] == "server"
               and s["parent_span_id"] == "", "js root SERVER span (GET /checkout)")
check(method(checkout) == "GET", f"js server span lacks its method: {checkout['attributes']}")
outgoing = one(children(checkout, "js-peer", "client"), "js CLIENT span under /checkout")
check(method(outgoing) == "POST", "js client span is not the POST to orders")
order = one(children(outgoing, "orders", "server"), "orders SERVER span under the js CLIENT")
check(order["name"] == "POST /orders"
      and order["attributes"].get("http.response.status_code") == 201, "orders span: POST /orders 201")
one(lambda s: s["service"] == "orders" and s["kind"] == "client"
    and s["parent_span_id"] == order["span_id"]
    and s["attributes"].get("db.operation.name") == "INSERT", "orders INSERT under its server span")
call = one(lambda s: s["service"] == "orders" and s["kind"] == "client"
           and s["parent_span_id"] == order["span_id"] and "url.full" in s["attributes"],
           "orders libcurl CLIENT span")
reserve = one(children(call, "js-peer", "server"), "js SERVER span (reserve) under orders' libcurl span")
check(method(reserve) == "POST", "js reserve span is not a POST")
trace = [s for s in spans if s["trace_id"] == checkout["trace_id"]]
check(len(trace) == 6, f"the checkout trace should hold 6 spans (3 js, 3 C++), got {len(trace)}")

finish(spans,
       f"ok: one trace of 6 spans across the JS SDK and orders (view decoded {len(spans)} spans)",
       ("service", "name", "kind", "trace_id", "span_id", "parent_span_id"))
