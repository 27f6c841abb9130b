#!/usr/bin/env bash
# The README's demo as a test: both example services instrumented by `otel-setup init` alone
# (orders: cpp-httplib, libcurl, sqlite3, spdlog; inventory: Boost.Beast around the handler
# init found, Router::dispatch, sqlite3, spdlog), built with their own CMake
# (build-examples-instrumented.sh, shared with the other example tests), run against one
# `otel-setup view` and driven: health check (no span), an order with x-session-id followed
# across both services (orders SERVER -> libcurl CLIENT -> inventory SERVER -> SQLite), the
# exploding order (ERROR + exception event, 500), a read carrying an incoming traceparent
# (trace continued). check-examples.py asserts the spans and the log lines' trace ids; then
# `otel-setup remove` must give back both example sources byte for byte.
#
#   run-examples-traced.sh OTEL_SETUP EXAMPLES_DIR [BUILT]   (CMAKE=/path/to/cmake)
# BUILT: the output folder of build-examples-instrumented.sh (built here when missing).
set -euo pipefail

otel_setup="${1:?usage: run-examples-traced.sh OTEL_SETUP EXAMPLES_DIR [BUILT]}"
examples="$(cd "${2:?}" && pwd)"
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"
start_work demo
built="${3:-$work/built}"

bash "$here/build-examples-instrumented.sh" "$otel_setup" "$examples" "$built" >"$work/build.log" 2>&1 ||
  { cat "$work/build.log" >&2; exit 1; }

view_port=$(free_port)
inventory_port=$(free_port)
orders_port=$(free_port)
# Spans: inventory startup (CREATE + 3 seeding INSERTs) + orders startup (schema) + one
# order (orders: server, INSERT, client; inventory: server, UPDATE) + the exploding order
# (orders server) + the read with a traceparent (server, SELECT); health checks make none.
# Counted by check-examples.py; --expect waits for that many.
expected=${EXPECTED_SPANS:-13}
timeout 90 "$otel_setup" view --port "$view_port" --json --expect "$expected" --timeout 60 \
  >"$work/spans.jsonl" 2>"$work/view.log" &
view_pid=$!
pids+=($view_pid)
export OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$view_port" OTEL_BSP_SCHEDULE_DELAY=50
PORT=$inventory_port BIND_ADDRESS=127.0.0.1 "$built/build-inventory/inventory" \
  >"$work/inventory.log" 2>&1 &
inventory_pid=$!
pids+=($inventory_pid)
PORT=$orders_port BIND_ADDRESS=127.0.0.1 INVENTORY_URL="http://127.0.0.1:$inventory_port" \
  "$built/build-orders/orders" >"$work/orders.log" 2>&1 &
orders_pid=$!
pids+=($orders_pid)
for port in "$inventory_port" "$orders_port"; do
  for _ in $(seq 100); do
    curl -fsS -m 1 -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null && break
    sleep 0.1
  done
done

orders="http://127.0.0.1:$orders_port"
for port in "$inventory_port" "$orders_port"; do
  code=$(curl -sS -m 10 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health")
  [[ "$code" == 200 ]] || { echo "FAIL: GET /health on $port answered $code" >&2; exit 1; }
done
code=$(curl -sS -m 10 -o /dev/null -w '%{http_code}' -X POST -H "x-session-id: demo-1" \
  -d '{"item":"widget","quantity":2}' "$orders/orders")
[[ "$code" == 201 ]] || { echo "FAIL: POST /orders answered $code" >&2; exit 1; }
code=$(curl -sS -m 10 -o /dev/null -w '%{http_code}' -X POST \
  -d '{"item":"explode","quantity":1}' "$orders/orders")
[[ "$code" == 500 ]] || { echo "FAIL: the exploding order answered $code" >&2; exit 1; }
# An upstream's context: the server span must continue this trace under this span id.
code=$(curl -sS -m 10 -o /dev/null -w '%{http_code}' \
  -H "traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" "$orders/orders/1")
[[ "$code" == 200 ]] || { echo "FAIL: GET /orders/1 answered $code" >&2; exit 1; }

wait "$view_pid" || { echo "FAIL: view did not get $expected spans" >&2; exit 1; }
# Instrumented, both still shut down gracefully on SIGTERM (exit 0, the examples' contract).
for pid in "$orders_pid" "$inventory_pid"; do
  kill -TERM "$pid"
  timeout 20 tail --pid="$pid" -f /dev/null || { echo "FAIL: $pid ignored SIGTERM" >&2; exit 1; }
  status=0
  wait "$pid" || status=$?
  ((status == 0)) || { echo "FAIL: a service exited with $status on SIGTERM" >&2; exit 1; }
done
python3 "$here/check-examples.py" "$work/spans.jsonl" "$work/orders.log" "$work/inventory.log"

# `remove` on copies of the instrumented sources gives back the pristine examples exactly.
for name in orders inventory; do
  cp -r "$built/src/$name" "$work/removed-$name"
  "$otel_setup" remove "$work/removed-$name" --yes >"$work/remove-$name.log" 2>&1 ||
    { echo "FAIL: remove in $name" >&2; exit 1; }
  # diff -r: same file set (nothing left behind, nothing lost), every file byte-identical.
  diff -r "$built/pristine/$name" "$work/removed-$name" >"$work/remove-diff-$name.log" ||
    { echo "FAIL: remove left $name different from the pristine example" >&2; exit 1; }
done
echo "ok: remove restored orders and inventory byte for byte"
