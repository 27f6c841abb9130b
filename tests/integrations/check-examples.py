#!/usr/bin/env python3
"""Asserts what run-examples-traced.sh drove through the instrumented example services: one
order traced across orders and inventory (parent/child, kinds), the failing order, session.id,
an incoming traceparent continued, no span for health checks, trace ids in the log lines.

usage: check-examples.py SPANS.jsonl ORDERS.log INVENTORY.log
"""
import sys

from checks import check, finish, load_spans

spans = load_spans(sys.argv[1])
orders_log = open(sys.argv[2]).read().splitlines()
inventory_log = open(sys.argv[3]).read().splitlines()
UPSTREAM_TRACE, UPSTREAM_SPAN = "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"


def only(predicate, what):
    found = [s for s in spans if predicate(s)]
    check(len(found) == 1, f"expected one {what}, got {len(found)}")
    return found[0] if found else {"span_id": "?", "trace_id": "?", "attributes": {}, "events": [],
                                   "status": {}, "parent_span_id": ""}


check(not any("health" in s["name"] or s["attributes"].get("url.path") == "/health" for s in spans),
      "a health check made a span")
posts = [s for s in spans if s["service"] == "orders" and s["name"] == "POST /orders"]
check(len(posts) == 2, f"expected two POST /orders spans, got {len(posts)}")
placed = next((s for s in posts if s["attributes"].get("http.response.status_code") == 201), None)
failed = next((s for s in posts if s["attributes"].get("http.response.status_code") == 500), None)
check(placed is not None and failed is not None, "a 201 and a 500 order span")
if placed and failed:
    check(placed["attributes"].get("session.id") == "demo-1", "session.id missing")
    check(placed["kind"] == "server" and failed["kind"] == "server", "POST /orders is not SERVER")
    check(placed["parent_span_id"] == "", "the order's server span has a parent (none was sent)")
    check(failed["status"].get("code") == "error"
          and any(e["name"] == "exception" for e in failed["events"]), "exception not recorded")
    call = only(lambda s: s["service"] == "orders" and s["kind"] == "client"
                and "url.full" in s["attributes"], "libcurl span")
    check(call["parent_span_id"] == placed["span_id"] and call["trace_id"] == placed["trace_id"],
          "libcurl span is not under POST /orders")
    reserve = only(lambda s: s["service"] == "inventory" and s["kind"] == "server", "inventory server span")
    check(reserve["trace_id"] == placed["trace_id"] and reserve["parent_span_id"] == call["span_id"],
          "inventory's span does not continue the libcurl span (one trace across services)")
    update = only(lambda s: s["service"] == "inventory"
                  and s["attributes"].get("db.operation.name") == "UPDATE", "inventory UPDATE")
    check(update["parent_span_id"] == reserve["span_id"] and update["kind"] == "client"
          and update["trace_id"] == placed["trace_id"], "UPDATE is not a CLIENT under the inventory span")
    insert = [s for s in spans if s["service"] == "orders" and s["parent_span_id"] == placed["span_id"]
              and s["attributes"].get("db.system.name") == "sqlite"]
    check(len(insert) >= 1 and all(s["kind"] == "client" and s["trace_id"] == placed["trace_id"]
                                   for s in insert), "no orders sqlite CLIENT span under POST /orders")
    trace = [s for s in spans if s["trace_id"] == placed["trace_id"]]
    check(len(trace) == 5 and {s["service"] for s in trace} == {"orders", "inventory"},
          f"the order's trace should hold 5 spans of both services, got {len(trace)}")
    placed_line = [l for l in orders_log if "placed" in l]
    want = f"trace_id={placed['trace_id']} span_id={placed['span_id']}"
    check(len(placed_line) == 1 and placed_line[0].endswith(want),
          f"orders log line lacks '{want}': {placed_line}")
    # cpp-httplib's access logger runs after the response is written: the request's span must
    # still be current there, for the access line and for the failed order's error line.
    for span, start in ((placed, "POST /orders -> 201"), (failed, "POST /orders -> 500")):
        access_line = [l for l in orders_log if f"[orders] {start}" in l]
        want = f"trace_id={span['trace_id']} span_id={span['span_id']}"
        check(len(access_line) == 1 and access_line[0].endswith(want),
              f"orders access line lacks '{want}': {access_line}")
    reserved_line = [l for l in inventory_log if "reserved widget" in l]
    want = f"trace_id={placed['trace_id']} span_id={reserve['span_id']}"
    check(len(reserved_line) == 1 and reserved_line[0].endswith(want),
          f"inventory log line lacks '{want}': {reserved_line}")
read = only(lambda s: s["service"] == "orders" and s["kind"] == "server"
            and s["attributes"].get("url.path") == "/orders/1", "GET /orders/1 span")
check(read["trace_id"] == UPSTREAM_TRACE and read["parent_span_id"] == UPSTREAM_SPAN,
      "the incoming traceparent was not continued")
check(any(s["parent_span_id"] == read["span_id"] and s["attributes"].get("db.operation.name") == "SELECT"
          for s in spans), "no SELECT under GET /orders/1")
finish(spans,
       f"ok: {len(spans)} spans, one trace across orders and inventory, traceparent continued",
       ("service", "name", "kind", "span_id", "parent_span_id"))
