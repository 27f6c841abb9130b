#!/usr/bin/env python3
"""Asserts the spans of the cart fixture (run-cart.sh): cpp-httplib server spans with hiredis,
libpqxx and httplib::Client spans under them.

usage: check-cart.py SPANS.jsonl DOWNSTREAM.txt POSTGRES_PORT REDIS_PORT
"""
import json
import sys

from checks import check, finish, load_spans

spans_file, downstream_file, pg_port, redis_port = sys.argv[1:]
spans = load_spans(spans_file)


def one(name, kind, **attributes):
    found = [s for s in spans if s["name"] == name and s["kind"] == kind
             and all(s["attributes"].get(k) == v for k, v in attributes.items())]
    check(len(found) == 1, f"expected one {kind} span '{name}' {attributes}, got {len(found)}")
    return found[0] if found else {"attributes": {}, "events": [], "status": {}, "span_id": "?",
                                   "parent_span_id": "?", "trace_id": "?"}


def has(span, expected):
    for key, value in expected.items():
        check(span["attributes"].get(key) == value,
              f"{span.get('name')}: {key}={span['attributes'].get(key)!r}, want {value!r}")


add = one(r"POST /carts/(\d+)/items", "server")
show = one(r"GET /carts/(\d+)", "server")
audit = one(r"GET /carts/(\d+)/audit", "server")
bump = one(r"GET /carts/(\d+)/bump", "server")
discontinued = one("GET /discontinued", "server")
offline = one("GET /offline", "server")
check(add["trace_id"] == "0af7651916cd43dd8448eb211c80319c", "POST did not continue traceparent")

# hiredis: name = command, arguments never recorded, db index from SELECT, server.*
redis = [s for s in spans if s["attributes"].get("db.system.name") == "redis"]
check(len(redis) == 6, f"expected 6 redis spans, got {len(redis)}")
for span in redis:
    check(span["kind"] == "client", f"redis span {span['name']} is {span['kind']}")
    has(span, {"server.address": "127.0.0.1", "server.port": int(redis_port),
               "db.operation.name": span["name"]})
    check("7" not in span["attributes"].get("db.query.text", "") and
          "widget" not in json.dumps(span["attributes"]), f"{span['name']}: an argument recorded")
select = one("SELECT", "client", **{"db.system.name": "redis"})
has(select, {"db.query.text": "SELECT ?", "db.namespace": "0"})
check(select.get("parent_span_id") in (None, ""), "startup SELECT has a parent")
incr = one("INCR", "client", **{"db.namespace": "2", "db.response.status_code": None})
check(incr["parent_span_id"] == show["span_id"], "pipelined INCR is not a child of GET /carts")
has(incr, {"db.query.text": "INCR ?"})
check(incr["status"].get("code") != "error", "INCR set ERROR")
expire = one("EXPIRE", "client")
has(expire, {"db.query.text": "EXPIRE ? ?"})
check(expire["parent_span_id"] == show["span_id"], "pipelined EXPIRE is not a child")
get = one("GET", "client", **{"db.system.name": "redis"})
has(get, {"db.query.text": "GET ?", "db.namespace": "2"})
check(get["parent_span_id"] == show["span_id"], "GET is not a child of GET /carts")
put = one("SET", "client")
has(put, {"db.query.text": "SET ? ? ? ?"})
check(put["parent_span_id"] == show["span_id"], "SET (redisCommandArgv) is not a child")
failed = [s for s in redis if s["parent_span_id"] == bump["span_id"]]
check(len(failed) == 1 and failed[0]["status"].get("code") == "error"
      and failed[0]["attributes"].get("db.response.status_code") == "ERR",
      f"the failing INCR is not ERROR with ERR: {failed}")

# libpqxx: OPERATION table, text without values, namespace = database, errors recorded
pg = [s for s in spans if s["attributes"].get("db.system.name") == "postgresql"]
check(len(pg) == 4, f"expected 4 postgresql spans, got {len(pg)}")
for span in pg:
    check(span["kind"] == "client", f"postgresql span {span['name']} is {span['kind']}")
    has(span, {"db.namespace": "cart", "server.address": "127.0.0.1",
               "server.port": int(pg_port)})
    check("widget" not in json.dumps(span["attributes"]), f"{span['name']}: a parameter recorded")
create = one("CREATE cart_lines", "client")
has(create, {"db.operation.name": "CREATE"})
insert = one("INSERT cart_lines", "client")
has(insert, {"db.operation.name": "INSERT", "db.query.text":
             "INSERT INTO cart_lines (cart, item, quantity) VALUES ($1, $2, $3)"})
check(insert["parent_span_id"] == add["span_id"], "INSERT is not a child of POST /carts/items")
prepared = one("EXECUTE lines_of_cart", "client")
has(prepared, {"db.operation.name": "EXECUTE"})
check(prepared["parent_span_id"] == show["span_id"], "EXECUTE is not a child of GET /carts")
broken = one("SELECT cart_audit", "client")
has(broken, {"db.query.text": "SELECT count(*) FROM cart_audit",
             "db.response.status_code": "42P01"})
check(broken["status"].get("code") == "error", "the failing SELECT is not ERROR")
events = [e for e in broken["events"] if e["name"] == "exception"]
check(len(events) == 1 and "cart_audit" in events[0]["attributes"].get("exception.message", ""),
      f"no exception event on the failing SELECT: {broken['events']}")
check(broken["parent_span_id"] == audit["span_id"], "failing SELECT is not a child of audit")
check(audit["status"].get("code") == "error"
      and audit["attributes"].get("http.response.status_code") == 500,
      "the rethrown sql_error did not make the server span ERROR/500")

# httplib::Client: method, url.full, server.*, status; ERROR for 404 and no connection
quote = one("POST", "client", **{"http.response.status_code": 200})
has(quote, {"http.request.method": "POST", "server.address": "127.0.0.1",
            "http.response.status_code": 200})
check(quote["attributes"].get("url.full", "").endswith("/quote"), "client: url.full")
check(isinstance(quote["attributes"].get("server.port"), int), "client: no server.port")
check(quote["parent_span_id"] == add["span_id"], "client span is not a child of POST /carts")
check(quote["status"].get("code") != "error", "200 set ERROR")
received = [line.split() for line in open(downstream_file) if line.strip()]
check(len(received) == 1 and received[0][0].split("-")[2] == quote["span_id"],
      f"downstream traceparent does not carry the client span id: {received}")
check(len(received) == 1 and received[0][1:] == ["cart"], "the request's own header was lost")
missing = one("GET", "client", **{"http.response.status_code": 404})
check(missing["status"].get("code") == "error", "404 did not set ERROR")
check(missing["parent_span_id"] == discontinued["span_id"], "404 call is not a child")
down = [s for s in spans if s["kind"] == "client" and s["parent_span_id"] == offline["span_id"]]
check(len(down) == 1 and down[0]["status"].get("code") == "error"
      and "error.type" in down[0]["attributes"]
      and "http.response.status_code" not in down[0]["attributes"],
      f"the call without a connection is not ERROR with error.type: {down}")

finish(spans, f"ok: {len(spans)} spans checked (hiredis, libpqxx, cpp-httplib client)",
       ("name", "kind", "span_id", "parent_span_id", "status", "attributes", "events"))
