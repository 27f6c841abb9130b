#!/usr/bin/env python3
"""Stand-in for the inventory service during the overhead benchmarks: orders reserves stock
before storing an order, and the benchmarks seed ten orders. Answers every POST with a
successful reservation.

    stub_inventory.py PORT
"""
import http.server
import json
import sys


class Stub(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        quantity = json.loads(self.rfile.read(int(self.headers["Content-Length"])))["quantity"]
        body = json.dumps({"item": "widget", "reserved": quantity, "remaining": 1000}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # readiness: the benchmarks wait for an answer before seeding
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Stub).serve_forever()
