#!/usr/bin/env python3
"""A misbehaving OTLP/HTTP collector for run-collector-faults.sh.

usage: fake_collector.py MODE PORT
  slow  reads each export and answers 200 (empty protobuf reply) only after 5 s
  503   answers every export 503 Service Unavailable at once
Prints "ready" on stdout once listening; counts requests on stderr at exit (SIGTERM).
"""
import http.server
import signal
import socketserver
import sys
import time

mode, port = sys.argv[1], int(sys.argv[2])
requests = 0


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        global requests
        requests += 1
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if mode == "slow":
            time.sleep(5)
            self.send_response(200)
            self.send_header("Content-Type", "application/x-protobuf")
        else:
            self.send_response(503)
            self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    allow_reuse_address = True
    daemon_threads = True


server = Server(("127.0.0.1", port), Handler)
signal.signal(signal.SIGTERM, lambda *_: (print(f"{requests} requests", file=sys.stderr),
                                          sys.stderr.flush(), sys.exit(0)))
print("ready", flush=True)
server.serve_forever()
