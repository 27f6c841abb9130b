#!/usr/bin/env bash
# Pistache middleware and librdkafka messaging end to end on the dispatch fixture
# (projects/dispatch): `otel-setup add middleware` and `add messaging` (each then once more:
# nothing to do), one build with its own CMake, the service run against `otel-setup view` and
# driven with curl; check-dispatch.py asserts the spans (server -> producer -> consumer in one
# trace); finally `otel-setup remove` must give back the original sources byte for byte.
#
#   run-dispatch.sh OTEL_SETUP PROJECTS_DIR        (CMAKE=/path/to/cmake)
set -euo pipefail

otel_setup="${1:?usage: run-dispatch.sh OTEL_SETUP PROJECTS_DIR}"
projects="$(cd "${2:?}" && pwd)"
here="$(cd "$(dirname "$0")" && pwd)"
cmake_bin="${CMAKE:-cmake}"
# shellcheck source=lib.sh
source "$here/lib.sh"
start_work dispatch

cp -r "$projects/dispatch" "$work/original"
cp -r "$projects/dispatch" "$work/dispatch"
for integration in middleware messaging; do
  "$otel_setup" add "$integration" "$work/dispatch" --yes --allow-dirty >>"$work/add.log" 2>&1
  "$otel_setup" add "$integration" "$work/dispatch" --yes --allow-dirty >"$work/again.log" 2>&1
  grep -q "nothing to do" "$work/again.log" ||
    { echo "FAIL: second add $integration was not a no-op" >&2; cat "$work/again.log" >&2; exit 1; }
done
grep -q "telemetry::kafka_produce(\*producer," "$work/dispatch/src/queue.cpp" ||
  { echo "FAIL: produce call not rewritten" >&2; exit 1; }

# The generated headers and the include edits are clang-format clean in the project's style
# (queue.cpp is not checked: a rewritten call head is longer than the one it replaces, so
# argument lines clang-format had aligned after the old '(' are off by that much).
if command -v clang-format >/dev/null; then
  (cd "$work/dispatch" && clang-format --style="file:$here/../../.clang-format" --dry-run --Werror \
    telemetry/pistache_server.hpp telemetry/kafka_tracing.hpp src/api.cpp src/main.cpp) \
    2>"$work/format.log" || { echo "FAIL: generated code is not clang-format clean" >&2; exit 1; }
fi

generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
"$cmake_bin" -S "$work/dispatch" -B "$work/build" "${generator[@]}" >"$work/build.log" 2>&1
timeout 600 "$cmake_bin" --build "$work/build" -j2 >>"$work/build.log" 2>&1

view_port=$(free_port)
port=$(free_port)
# POST /orders/7 (server, producer, consumer), GET /orders/7, POST /explode, GET /unavailable
expected=6
timeout 90 "$otel_setup" view --port "$view_port" --json --expect "$expected" --timeout 60 \
  >"$work/spans.jsonl" 2>"$work/view.log" &
view_pid=$!
pids+=($view_pid)
for _ in $(seq 100); do grep -q listening "$work/view.log" && break; sleep 0.1; done

OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$view_port" OTEL_BSP_SCHEDULE_DELAY=50 \
  OTEL_SERVICE_NAME=dispatch "$work/build/dispatch" "$port" "$work/orders.txt" \
  >"$work/dispatch.log" 2>&1 &
service_pid=$!
pids+=($service_pid)

base="http://127.0.0.1:$port"
for _ in $(seq 100); do
  curl -fsS -m 1 -o /dev/null "$base/health" 2>/dev/null && break
  sleep 0.1
done
curl -sS -m 5 -o /dev/null "$base/health"
curl -sS -m 5 -o /dev/null -X POST -d '{"item":"widget"}' \
  -H "traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" "$base/orders/7"
curl -sS -m 5 -D "$work/headers.txt" -o /dev/null -H "x-session-id: sess-42" "$base/orders/7"
code=$(curl -sS -m 5 -o /dev/null -w '%{http_code}' -X POST "$base/explode")
[[ "$code" == 500 ]] || { echo "FAIL: /explode answered $code, not 500" >&2; exit 1; }
code=$(curl -sS -m 5 -o /dev/null -w '%{http_code}' "$base/unavailable")
[[ "$code" == 503 ]] || { echo "FAIL: /unavailable answered $code, not 503" >&2; exit 1; }
# The consumer's span ends at its next poll (50 ms); view stops once it has them all.
wait "$view_pid" || { echo "FAIL: view did not get $expected spans" >&2; exit 1; }
kill -TERM "$service_pid"
wait "$service_pid" || true
python3 "$here/check-dispatch.py" "$work/spans.jsonl" "$work/orders.txt" "$work/headers.txt"

"$otel_setup" remove "$work/dispatch" --yes >"$work/remove.log" 2>&1
diff -r "$work/original" "$work/dispatch" >"$work/remove-diff.log" 2>&1 ||
  { echo "FAIL: remove did not restore the sources" >&2; cat "$work/remove-diff.log" >&2; exit 1; }
echo "ok: remove restored the sources byte for byte"
