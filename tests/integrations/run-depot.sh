#!/usr/bin/env bash
# End-to-end proof of the Boost.Beast integration on a handler that answers through a `send`
# callback, as Beast's own examples do (projects/depot, asynchronous): `otel-setup init` alone
# finds handle_request and wraps it, a second init plans nothing, the service builds with its
# own CMake, runs against `otel-setup view`, is driven with curl, the spans are checked
# (check-depot.py) and `remove` gives back the source byte for byte.
#
#   run-depot.sh OTEL_SETUP PROJECTS_DIR [RUNTIME]   (bundled or opentelemetry-cpp; CMAKE=cmake)
set -euo pipefail

otel_setup="${1:?usage: run-depot.sh OTEL_SETUP PROJECTS_DIR [RUNTIME]}"
projects="$(cd "${2:?}" && pwd)"
runtime="${3:-bundled}"
here="$(cd "$(dirname "$0")" && pwd)"
cmake_bin="${CMAKE:-cmake}"
# shellcheck source=lib.sh
source "$here/lib.sh"
start_work depot

app="$work/depot"
copy_fixture "$projects/depot" depot
"$otel_setup" init "$app" --runtime "$runtime" --yes --allow-dirty >"$work/init.log" 2>&1 ||
  fail "init"
grep -A2 "otel-setup:begin beast-server$" "$app/src/main.cpp" |
  grep -q "return telemetry::beast_server(req, send, \[&\](auto&& send) {" ||
  { cat "$work/init.log" >&2; fail "init did not wrap handle_request in its send form"; }
"$otel_setup" init "$app" --dry-run --allow-dirty >"$work/again.log" 2>&1 || fail "second init"
grep -q "Nothing to do" "$work/again.log" ||
  { cat "$work/again.log" >&2; fail "a second init planned changes"; }
build_fixture "$app"

# /parcels/north, /recount/north (answered later, from another thread), /parcels/west (404),
# /audit (throws), POST (400); /health makes none
start_view 5
port=$(free_port)
start_service depot env PORT="$port" "$work/build/depot"
base="http://127.0.0.1:$port"
for _ in $(seq 100); do
  curl -fsS -m 1 -o /dev/null "$base/health" 2>/dev/null && break
  sleep 0.1
done
curl -sS -m 5 -o /dev/null -H "x-session-id: sess-9" \
  -H "traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" "$base/parcels/north"
recount=$(curl -sS -m 5 "$base/recount/north")
[[ "$recount" == '{"recounted":true}' ]] || fail "/recount/north answered '$recount'"
curl -sS -m 5 -o /dev/null "$base/parcels/west"
audit=$(curl -sS -m 5 -o /dev/null -w "%{http_code}" "$base/audit")
[[ "$audit" == 500 ]] || fail "/audit answered $audit, not 500"
curl -sS -m 5 -o /dev/null -X POST -d '{}' "$base/parcels/north"
wait_view
python3 "$here/check-depot.py" "$work/spans.jsonl" "$runtime"

stop_service
remove_restores "$app"
