#!/usr/bin/env python3
"""Asserts one order traced across the instrumented example services (run-examples-traced.sh).

usage: check-examples.py SPANS.jsonl ORDERS.log INVENTORY.log
"""
import json
import sys

spans = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
orders_log = open(sys.argv[2]).read().splitlines()
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def only(predicate, what):
    found = [s for s in spans if predicate(s)]
    check(len(found) == 1, f"expected one {what}, got {len(found)}")
    return found[0] if found else {"span_id": "?", "trace_id": "?", "attributes": {}, "events": [],
                                   "status": {}, "parent_span_id": ""}


posts = [s for s in spans if s["service"] == "orders" and s["name"] == "POST /orders"]
check(len(posts) == 2, f"expected two POST /orders spans, got {len(posts)}")
placed = next((s for s in posts if s["attributes"].get("http.response.status_code") == 201), None)
failed = next((s for s in posts if s["attributes"].get("http.response.status_code") == 500), None)
check(placed is not None and failed is not None, "a 201 and a 500 order span")
if placed and failed:
    check(placed["attributes"].get("session.id") == "demo-1", "session.id missing")
    check(failed["status"].get("code") == "error"
          and any(e["name"] == "exception" for e in failed["events"]), "exception not recorded")
    call = only(lambda s: s["service"] == "orders" and s["kind"] == "client"
                and "url.full" in s["attributes"], "libcurl span")
    check(call["parent_span_id"] == placed["span_id"], "libcurl span is not under POST /orders")
    reserve = only(lambda s: s["service"] == "inventory" and s["kind"] == "server", "inventory server span")
    check(reserve["trace_id"] == placed["trace_id"] and reserve["parent_span_id"] == call["span_id"],
          "inventory's span does not continue the libcurl span (one trace across services)")
    update = only(lambda s: s["service"] == "inventory"
                  and s["attributes"].get("db.operation.name") == "UPDATE", "inventory UPDATE")
    check(update["parent_span_id"] == reserve["span_id"], "UPDATE is not under the inventory span")
    insert = [s for s in spans if s["service"] == "orders" and s["parent_span_id"] == placed["span_id"]
              and s["attributes"].get("db.system.name") == "sqlite"]
    check(len(insert) >= 1, "no orders sqlite span under POST /orders")
    placed_line = [l for l in orders_log if "placed" in l]
    check(len(placed_line) == 1 and placed["trace_id"] in placed_line[0],
          f"orders log line lacks the trace id: {placed_line}")
for failure in failures:
    print("FAIL:", failure, file=sys.stderr)
if failures:
    for span in spans:
        print(json.dumps({k: span[k] for k in ("service", "name", "kind", "span_id", "parent_span_id")}),
              file=sys.stderr)
    sys.exit(1)
print(f"ok: {len(spans)} spans, one trace across orders and inventory")
