#!/usr/bin/env bash
# The README's demo as a test: both example services instrumented by the CLI (orders:
# `otel-setup init` alone: cpp-httplib, libcurl, sqlite3, spdlog; inventory: `init` + `add
# middleware http_server.cpp:Router::dispatch` for Boost.Beast), built with their own CMake,
# run against one `otel-setup view`, and one order followed across both: a single trace from
# the orders SERVER span through its libcurl CLIENT span to the inventory SERVER span and its
# SQLite span (check-examples.py).
#
#   run-examples-traced.sh OTEL_SETUP EXAMPLES_DIR        (CMAKE=/path/to/cmake)
set -euo pipefail

otel_setup="${1:?usage: run-examples-traced.sh OTEL_SETUP EXAMPLES_DIR}"
examples="$(cd "${2:?}" && pwd)"
here="$(cd "$(dirname "$0")" && pwd)"
cmake_bin="${CMAKE:-cmake}"
work="$(mktemp -d "${TMPDIR:-/tmp}/otel-setup-demo.XXXXXX")"
pids=()

cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if ((status != 0)); then
    for log in "$work"/*.log; do
      [[ -f "$log" ]] || continue
      echo "---- last lines of $(basename "$log")" >&2
      tail -n 30 "$log" >&2
    done
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
for name in orders inventory; do
  cp -r "$examples/$name" "$work/$name"
  "$otel_setup" init "$work/$name" --yes --allow-dirty >"$work/init-$name.log" 2>&1
done
"$otel_setup" add middleware http_server.cpp:Router::dispatch "$work/inventory" --yes \
  --allow-dirty >>"$work/init-inventory.log" 2>&1
for name in orders inventory; do
  "$cmake_bin" -S "$work/$name" -B "$work/build-$name" "${generator[@]}" >"$work/build-$name.log" 2>&1
  timeout 900 "$cmake_bin" --build "$work/build-$name" >>"$work/build-$name.log" 2>&1
done

view_port=$(free_port)
inventory_port=$(free_port)
orders_port=$(free_port)
# Spans: inventory startup (CREATE + 3 seeding INSERTs) + orders startup (schema) + one
# order (orders: server, INSERT, client; inventory: server, UPDATE) + the exploding order
# (orders server). Counted by check-examples.py; --expect waits for that many.
expected=${EXPECTED_SPANS:-11}
timeout 90 "$otel_setup" view --port "$view_port" --json --expect "$expected" --timeout 60 \
  >"$work/spans.jsonl" 2>"$work/view.log" &
view_pid=$!
pids+=($view_pid)
export OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$view_port" OTEL_BSP_SCHEDULE_DELAY=50
PORT=$inventory_port BIND_ADDRESS=127.0.0.1 "$work/build-inventory/inventory" \
  >"$work/inventory.log" 2>&1 &
pids+=($!)
PORT=$orders_port BIND_ADDRESS=127.0.0.1 INVENTORY_URL="http://127.0.0.1:$inventory_port" \
  "$work/build-orders/orders" >"$work/orders.log" 2>&1 &
pids+=($!)
for port in "$inventory_port" "$orders_port"; do
  for _ in $(seq 100); do
    curl -fsS -m 1 -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null && break
    sleep 0.1
  done
done

orders="http://127.0.0.1:$orders_port"
code=$(curl -sS -m 10 -o /dev/null -w '%{http_code}' -X POST -H "x-session-id: demo-1" \
  -d '{"item":"widget","quantity":2}' "$orders/orders")
[[ "$code" == 201 ]] || { echo "FAIL: POST /orders answered $code" >&2; exit 1; }
code=$(curl -sS -m 10 -o /dev/null -w '%{http_code}' -X POST \
  -d '{"item":"explode","quantity":1}' "$orders/orders")
[[ "$code" == 500 ]] || { echo "FAIL: the exploding order answered $code" >&2; exit 1; }

wait "$view_pid" || { echo "FAIL: view did not get $expected spans" >&2; exit 1; }
python3 "$here/check-examples.py" "$work/spans.jsonl" "$work/orders.log" "$work/inventory.log"
