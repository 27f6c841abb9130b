#!/usr/bin/env python3
"""The downstream HTTP service a fixture calls (run-shop.sh, run-cart.sh): each POST answered
200 with BODY, and the traceparent it carried plus the value of HEADER appended to OUT as one
line "TRACEPARENT VALUE", so the script can check what the client span propagated; GET is 404.

usage: downstream.py PORT OUT HEADER [BODY]
"""
import http.server
import sys

port, out, header = int(sys.argv[1]), sys.argv[2], sys.argv[3]
body = sys.argv[4].encode() if len(sys.argv) > 4 else b""


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with open(out, "a") as lines:
            lines.write(f"{self.headers.get('traceparent', '')} {self.headers.get(header, '')}\n")
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()


http.server.HTTPServer(("127.0.0.1", port), Handler).serve_forever()
