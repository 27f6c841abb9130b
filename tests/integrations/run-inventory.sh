#!/usr/bin/env bash
# End-to-end proof of the Boost.Beast integration on the real example service
# (examples/inventory: Beast server, SQLite, spdlog): `otel-setup add middleware` (which
# finds the handler, Router::dispatch, by itself), `add db`, `add logging`, build with its own
# CMake, run against `otel-setup view`, drive with curl and check the spans
# (check-inventory.py).
#
#   run-inventory.sh OTEL_SETUP EXAMPLES_DIR        (CMAKE=/path/to/cmake)
set -euo pipefail

otel_setup="${1:?usage: run-inventory.sh OTEL_SETUP EXAMPLES_DIR}"
examples="$(cd "${2:?}" && pwd)"
here="$(cd "$(dirname "$0")" && pwd)"
cmake_bin="${CMAKE:-cmake}"
# shellcheck source=lib.sh
source "$here/lib.sh"
start_work beast

cp -r "$examples/inventory" "$work/inventory"
# No handler named: the one function turning a request into a response is the one wrapped.
"$otel_setup" add middleware "$work/inventory" --yes --allow-dirty >"$work/add.log" 2>&1
grep -A2 "otel-setup:begin beast-server$" "$work/inventory/http_server.cpp" |
  grep -q "return telemetry::beast_server(request" || {
  echo "FAIL: add middleware did not wrap Router::dispatch" >&2
  cat "$work/add.log" >&2
  exit 1
}
"$otel_setup" add db "$work/inventory" --yes --allow-dirty >>"$work/add.log" 2>&1
"$otel_setup" add logging "$work/inventory" --yes --allow-dirty >>"$work/add.log" 2>&1

generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
"$cmake_bin" -S "$work/inventory" -B "$work/build" "${generator[@]}" >"$work/build.log" 2>&1
timeout 900 "$cmake_bin" --build "$work/build" >>"$work/build.log" 2>&1

view_port=$(free_port)
port=$(free_port)
# GET /stock/widget, POST reserve, GET /nope (server) + find, reserve (db) + create and three
# seeding inserts at startup (db)
timeout 90 "$otel_setup" view --port "$view_port" --json --expect 9 --timeout 60 \
  >"$work/spans.jsonl" 2>"$work/view.log" &
view_pid=$!
pids+=($view_pid)
OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$view_port" OTEL_BSP_SCHEDULE_DELAY=50 \
  PORT="$port" "$work/build/inventory" >"$work/inventory.log" 2>&1 &
pids+=($!)

base="http://127.0.0.1:$port"
for _ in $(seq 100); do
  curl -fsS -m 1 -o /dev/null "$base/health" 2>/dev/null && break
  sleep 0.1
done
curl -sS -m 5 -o /dev/null -H "x-session-id: sess-7" "$base/stock/widget"
curl -sS -m 5 -o /dev/null -X POST -d '{"quantity":2}' \
  -H "traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" \
  "$base/stock/widget/reserve"
curl -sS -m 5 -o /dev/null "$base/nope"

wait "$view_pid" || { echo "FAIL: view did not get 9 spans" >&2; exit 1; }
python3 "$here/check-inventory.py" "$work/spans.jsonl" "$work/inventory.log"
