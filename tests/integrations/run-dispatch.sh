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

copy_fixture "$projects/dispatch" dispatch
add_twice "$work/dispatch" middleware messaging
grep -q "telemetry::kafka_produce(\*producer," "$work/dispatch/src/queue.cpp" ||
  fail "produce call not rewritten"

# The generated headers and the include edits are clang-format clean in the project's style
# (queue.cpp is not checked: a rewritten call head is longer than the one it replaces, so
# argument lines clang-format had aligned after the old '(' are off by that much).
if command -v clang-format >/dev/null; then
  (cd "$work/dispatch" && clang-format --style="file:$here/../../.clang-format" --dry-run --Werror \
    telemetry/pistache_server.hpp telemetry/kafka_tracing.hpp src/api.cpp src/main.cpp) \
    2>"$work/format.log" || fail "generated code is not clang-format clean"
fi

build_fixture "$work/dispatch"

port=$(free_port)
# POST /orders/7 (server, producer, consumer), GET /orders/7, POST /explode, GET /unavailable
start_view 6
start_service dispatch "$work/build/dispatch" "$port" "$work/orders.txt"

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
[[ "$code" == 500 ]] || fail "/explode answered $code, not 500"
code=$(curl -sS -m 5 -o /dev/null -w '%{http_code}' "$base/unavailable")
[[ "$code" == 503 ]] || fail "/unavailable answered $code, not 503"
# The consumer's span ends at its next poll (50 ms); view stops once it has them all.
wait_view
stop_service
python3 "$here/check-dispatch.py" "$work/spans.jsonl" "$work/orders.txt" "$work/headers.txt"

remove_restores "$work/dispatch"
