#!/usr/bin/env python3
"""Asserts the spans of the instrumented inventory example (run-inventory.sh).

usage: check-inventory.py SPANS.jsonl INVENTORY.log
"""
import json
import sys

spans = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
log = open(sys.argv[2]).read().splitlines()
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


servers = {s["attributes"].get("url.path"): s for s in spans if s["kind"] == "server"}
check("/health" not in servers, "/health made a span")
get = servers.get("/stock/widget", {"attributes": {}, "span_id": "?"})
check(get.get("name") == "GET", f"GET span name {get.get('name')}")
for key, value in {"http.request.method": "GET", "url.scheme": "http",
                   "server.address": "127.0.0.1", "http.response.status_code": 200,
                   "network.protocol.version": "1.1", "session.id": "sess-7"}.items():
    check(get["attributes"].get(key) == value, f"GET: {key}={get['attributes'].get(key)!r}")
check(get["attributes"].get("user_agent.original", "").startswith("curl/"), "no user agent")
post = servers.get("/stock/widget/reserve", {"attributes": {}, "span_id": "?", "trace_id": ""})
check(post.get("trace_id") == "0af7651916cd43dd8448eb211c80319c"
      and post.get("parent_span_id") == "b7ad6b7169203331", "reserve did not continue the trace")
nope = servers.get("/nope", {"attributes": {}})
check(nope["attributes"].get("http.response.status_code") == 404, "404 not recorded")
db = [s for s in spans if s["kind"] == "client"]
check(len(db) == 6 and all(s["attributes"].get("db.system.name") == "sqlite" for s in db),
      f"expected 6 sqlite spans (4 at startup, 2 for requests), got {len(db)}")
check(any(s["parent_span_id"] == get["span_id"] for s in db), "no db span under GET")
check(any(s["parent_span_id"] == post["span_id"] for s in db), "no db span under reserve")
reserved = [l for l in log if "reserved widget" in l]
want = f"trace_id={post.get('trace_id')} span_id={post['span_id']}"
check(len(reserved) == 1 and reserved[0].endswith(want), f"log line lacks '{want}': {reserved}")
for failure in failures:
    print("FAIL:", failure, file=sys.stderr)
if failures:
    for span in spans:
        print(json.dumps(span)[:400], file=sys.stderr)
    sys.exit(1)
print(f"ok: {len(spans)} spans checked")
