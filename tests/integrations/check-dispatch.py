#!/usr/bin/env python3
"""Asserts the spans of the dispatch fixture (run-dispatch.sh): Pistache SERVER spans and the
librdkafka PRODUCER -> CONSUMER spans in the server span's trace.

usage: check-dispatch.py SPANS.jsonl ORDERS.txt HEADERS.txt
"""
import sys

from checks import check, finish, load_spans

spans_file, orders_file, headers_file = sys.argv[1:]
spans = load_spans(spans_file)


def one(name, kind):
    found = [s for s in spans if s["name"] == name and s["kind"] == kind]
    check(len(found) == 1, f"expected one {kind} span '{name}', got {len(found)}")
    return found[0] if found else {"attributes": {}, "events": [], "status": {}, "span_id": "?",
                                   "trace_id": "?", "parent_span_id": "?"}


check(not any(s["attributes"].get("url.path") == "/health" for s in spans), "/health made a span")

# Pistache middleware
create = [s for s in spans if s["name"] == "POST /orders/:id" and s["kind"] == "server"]
check(len(create) == 1, f"expected one server span 'POST /orders/:id', got {len(create)}")
create = create[0] if create else one("POST /orders/:id", "server")
attrs = create["attributes"]
for key, value in {"http.request.method": "POST", "url.path": "/orders/7", "url.scheme": "http",
                   "http.route": "/orders/:id", "http.response.status_code": 202,
                   "server.address": "127.0.0.1", "client.address": "127.0.0.1",
                   "network.protocol.version": "1.1"}.items():
    check(attrs.get(key) == value, f"POST /orders/:id: {key}={attrs.get(key)!r}, want {value!r}")
check(isinstance(attrs.get("server.port"), int), "POST /orders/:id: no server.port")
check(attrs.get("user_agent.original", "").startswith("curl/"), "no user_agent.original")
check(create["trace_id"] == "0af7651916cd43dd8448eb211c80319c"
      and create["parent_span_id"] == "b7ad6b7169203331",
      "POST /orders/:id did not continue the incoming traceparent")
check(create["status"].get("code") != "error", "202 set ERROR")

reads = [s for s in spans if s["name"] == "GET /orders/:id" and s["kind"] == "server"]
check(len(reads) == 1, f"expected one 'GET /orders/:id' span, got {len(reads)}")
if reads:
    check(reads[0]["attributes"].get("session.id") == "sess-42", "x-session-id -> session.id missing")
    check(reads[0]["attributes"].get("http.response.status_code") == 200, "GET: status 200 missing")

boom = one("POST /explode", "server")
check(boom["status"] == {"code": "error", "message": "boom"}, f"exception status: {boom['status']}")
check(boom["attributes"].get("http.response.status_code") == 500, "exception not recorded as 500")
events = [e for e in boom["events"] if e["name"] == "exception"]
check(len(events) == 1 and events[0]["attributes"].get("exception.message") == "boom",
      f"exception event missing: {boom['events']}")

unavailable = one("GET /unavailable", "server")
check(unavailable["status"].get("code") == "error", "503 did not set ERROR")
check(unavailable["attributes"].get("http.response.status_code") == 503, "503 not recorded")

# librdkafka messaging
send = one("send orders", "producer")
attrs = send["attributes"]
for key, value in {"messaging.system": "kafka", "messaging.destination.name": "orders",
                   "messaging.operation.type": "send", "messaging.kafka.message.key": "7",
                   "messaging.destination.partition.id": "0",
                   "messaging.message.body.size": len('{"item":"widget"}')}.items():
    check(attrs.get(key) == value, f"send orders: {key}={attrs.get(key)!r}, want {value!r}")
check(send["parent_span_id"] == create["span_id"] and send["trace_id"] == create["trace_id"],
      "producer span is not a child of the server span")
check(send["status"].get("code") != "error", f"producer status: {send['status']}")

process = one("process orders", "consumer")
attrs = process["attributes"]
for key, value in {"messaging.system": "kafka", "messaging.destination.name": "orders",
                   "messaging.operation.type": "process", "messaging.kafka.message.key": "7",
                   "messaging.destination.partition.id": "0", "messaging.kafka.offset": 0}.items():
    check(attrs.get(key) == value, f"process orders: {key}={attrs.get(key)!r}, want {value!r}")
check(process["trace_id"] == create["trace_id"], "consumer span is not in the server span's trace")
check(process["parent_span_id"] == send["span_id"], "consumer span's parent is not the producer span")

orders = [line for line in open(orders_file) if line.strip()]
check(any(line.startswith("processed order 7") for line in orders), f"order not processed: {orders}")
headers = open(headers_file).read().lower()
check("traceresponse: 00-" in headers, "traced response carries no traceresponse header")

finish(spans, f"ok: {len(spans)} spans checked (Pistache server, Kafka producer and consumer)",
       ("name", "kind", "trace_id", "span_id", "parent_span_id", "status", "attributes", "events"))
