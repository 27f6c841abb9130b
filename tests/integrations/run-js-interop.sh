#!/usr/bin/env bash
# Interop with the official OpenTelemetry JS SDK: tests/node/orders_peer.js (NodeSDK +
# HttpInstrumentation, OTLP/protobuf exporter) calls the instrumented C++ `orders` example,
# whose inventory calls (INVENTORY_URL) go back to the Node service. One request must make one
# trace: js SERVER -> js CLIENT -> orders SERVER (+ SQLite INSERT) -> orders libcurl CLIENT ->
# js SERVER, with both SDKs exporting to the same `otel-setup view` (JS in OTLP/protobuf).
# check-js-interop.py asserts the chain.
#
#   run-js-interop.sh OTEL_SETUP EXAMPLES_DIR NODE_DIR [BUILT]   (CMAKE=/path/to/cmake)
# BUILT: the output folder of build-examples-instrumented.sh (built here when missing).
set -euo pipefail

otel_setup="${1:?usage: run-js-interop.sh OTEL_SETUP EXAMPLES_DIR NODE_DIR [BUILT]}"
examples="$(cd "${2:?}" && pwd)"
node_dir="$(cd "${3:?}" && pwd)"
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"
start_work js
built="${4:-$work/built}"

if ! command -v node >/dev/null || [[ ! -d "$node_dir/node_modules/@opentelemetry/sdk-node" ]]; then
  echo "FAIL: needs node and $node_dir/node_modules (scripts/setup.sh runs npm ci there)" >&2
  exit 1
fi

bash "$here/build-examples-instrumented.sh" "$otel_setup" "$examples" "$built" >"$work/build.log" 2>&1 ||
  { cat "$work/build.log" >&2; exit 1; }

view_port=$(free_port)
orders_port=$(free_port)
# orders: startup schema, then SERVER, INSERT, libcurl CLIENT; js: SERVER /checkout, CLIENT
# POST, SERVER reserve.
expected=7
timeout 90 "$otel_setup" view --port "$view_port" --json --expect "$expected" --timeout 60 \
  >"$work/spans.jsonl" 2>"$work/view.log" &
view_pid=$!
pids+=($view_pid)

node "$node_dir/orders_peer.js" "$view_port" "http://127.0.0.1:$orders_port" \
  >"$work/peer.out" 2>"$work/peer.log" &
pids+=($!)
for _ in $(seq 300); do
  [[ -s "$work/peer.out" ]] && break
  sleep 0.1
done
js_port=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["port"])' "$work/peer.out")

OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$view_port" OTEL_BSP_SCHEDULE_DELAY=50 \
  PORT=$orders_port BIND_ADDRESS=127.0.0.1 INVENTORY_URL="http://127.0.0.1:$js_port" \
  "$built/build-orders/orders" >"$work/orders.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  curl -fsS -m 1 -o /dev/null "http://127.0.0.1:$orders_port/health" 2>/dev/null && break
  sleep 0.1
done

code=$(curl -sS -m 20 -o "$work/checkout.json" -w '%{http_code}' \
  "http://127.0.0.1:$js_port/checkout?item=widget&quantity=2")
[[ "$code" == 201 ]] || { echo "FAIL: /checkout answered $code: $(cat "$work/checkout.json")" >&2; exit 1; }

wait "$view_pid" || { echo "FAIL: view did not get $expected spans" >&2; exit 1; }
if grep -q "view: 4[0-9][0-9]:" "$work/view.log"; then
  echo "FAIL: view rejected an export: $(grep "view: 4" "$work/view.log")" >&2
  exit 1
fi
python3 "$here/check-js-interop.py" "$work/spans.jsonl"
