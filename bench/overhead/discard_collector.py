#!/usr/bin/env python3
"""Stand-in for a collector running on another machine: accepts OTLP/HTTP exports on
127.0.0.1:PORT (keep-alive), reads each body, answers 200 with an empty
ExportTraceServiceResponse and decodes nothing, so the benchmark charges the service only
for what it does itself (encode, send) and not for a collector sharing its cores.

    discard_collector.py PORT        prints "exports=N bytes=B" to stderr when stopped
"""
import http.server
import signal
import sys

exports = 0
received = 0


class Discard(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep the exporter's connection open between batches

    def do_POST(self):
        global exports, received
        length = int(self.headers.get("Content-Length", "0"))
        received += len(self.rfile.read(length))
        exports += 1
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def report(*_):
    print(f"exports={exports} bytes={received}", file=sys.stderr, flush=True)
    sys.exit(0)


signal.signal(signal.SIGTERM, report)
server = http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Discard)
print("listening", file=sys.stderr, flush=True)
try:
    server.serve_forever()
except KeyboardInterrupt:
    report()
