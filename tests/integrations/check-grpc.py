#!/usr/bin/env python3
"""Asserts the spans of the greeter fixture (run-grpc.sh): per method one CLIENT span
(greeter-client) and one SERVER span (greeter-server) named package.Service/Method, with the
rpc.* attributes and status codes, the server span a child of the client span in its trace,
ERROR on the failing methods.

usage: check-grpc.py SPANS.jsonl SERVER_PORT
"""
import sys

from checks import check, finish, load_spans

spans_file, port = sys.argv[1], int(sys.argv[2])
spans = load_spans(spans_file)


def one(name, kind, service):
    found = [s for s in spans if s["name"] == name and s["kind"] == kind]
    check(len(found) == 1, f"expected one {kind} span '{name}', got {len(found)}")
    if not found:
        return {"attributes": {}, "status": {}, "span_id": "?", "trace_id": "?",
                "parent_span_id": "?", "service": "?"}
    check(found[0]["service"] == service, f"{kind} {name}: service {found[0]['service']}")
    return found[0]


# method -> (gRPC status code, status message the server span must carry when ERROR)
methods = {
    "SayHello": (0, None),
    "Fail": (13, "greeter is broken"),  # INTERNAL
    "Explode": (2, "Unexpected error in RPC handling"),  # UNKNOWN: gRPC caught the exception
}
check(len(spans) == 6, f"expected 6 spans, got {len(spans)}: {[s['name'] for s in spans]}")
for method, (code, message) in methods.items():
    name = f"greeter.Greeter/{method}"
    client = one(name, "client", "greeter-client")
    server = one(name, "server", "greeter-server")
    for span in (client, server):
        attrs = span["attributes"]
        for key, value in {"rpc.system": "grpc", "rpc.service": "greeter.Greeter",
                           "rpc.method": method, "rpc.grpc.status_code": code,
                           "server.address": "127.0.0.1", "server.port": port}.items():
            check(attrs.get(key) == value,
                  f"{span.get('kind')} {name}: {key}={attrs.get(key)!r}, want {value!r}")
    check(server["attributes"].get("client.address") == "127.0.0.1",
          f"server {name}: client.address={server['attributes'].get('client.address')!r}")
    check(isinstance(server["attributes"].get("client.port"), int), f"server {name}: client.port")
    check(client["parent_span_id"] == "", f"client {name} is not a root span")
    check(server["trace_id"] == client["trace_id"] and
          server["parent_span_id"] == client["span_id"],
          f"server {name} is not a child of the client span (traceparent not propagated)")
    if code == 0:
        check(client["status"].get("code") != "error" and server["status"].get("code") != "error",
              f"{name}: OK call marked ERROR")
    else:
        check(server["status"] == {"code": "error", "message": message},
              f"server {name}: status {server['status']}")
        check(client["status"] == {"code": "error", "message": message},
              f"client {name}: status {client['status']}")

finish(spans, f"ok: {len(spans)} gRPC spans checked")
