#!/usr/bin/env python3
"""Sends COUNT sequential GET requests to a service over keep-alive connections and prints
their latency as JSON: {"count","errors","p50_ms","p95_ms","p99_ms","max_ms"}.

usage: drive_orders.py BASE_URL COUNT [PATH] [TRACEPARENT]
"""
import http.client
import json
import sys
import time
import urllib.parse

base, count = urllib.parse.urlsplit(sys.argv[1]), int(sys.argv[2])
path = sys.argv[3] if len(sys.argv) > 3 else "/orders?limit=5"
headers = {"traceparent": sys.argv[4]} if len(sys.argv) > 4 else {}
latencies, errors = [], 0
connection = None
for _ in range(count):
    start = time.perf_counter()
    try:
        if connection is None:
            connection = http.client.HTTPConnection(base.hostname, base.port, timeout=5)
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            errors += 1
        if response.getheader("Connection", "").lower() == "close":
            connection.close()
            connection = None
    except (OSError, http.client.HTTPException):
        errors += 1
        connection = None
    latencies.append((time.perf_counter() - start) * 1000)
latencies.sort()


def percentile(p):
    return round(latencies[min(len(latencies) - 1, int(len(latencies) * p))], 3)


print(json.dumps({"count": count, "errors": errors, "p50_ms": percentile(0.5),
                  "p95_ms": percentile(0.95), "p99_ms": percentile(0.99),
                  "max_ms": round(latencies[-1], 3)}))
