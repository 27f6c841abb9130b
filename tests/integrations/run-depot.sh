#!/usr/bin/env bash
# End-to-end proof of the Boost.Beast integration on a handler that answers through a `send`
# callback, as Beast's own examples do (projects/depot, asynchronous): `otel-setup init` alone
# finds handle_request and wraps it, a second init plans nothing, the service builds with its
# own CMake, runs against `otel-setup view`, is driven with curl, the spans are checked
# (check-depot.py) and `remove` gives back the source byte for byte.
#
#   run-depot.sh OTEL_SETUP PROJECTS_DIR        (CMAKE=/path/to/cmake)
set -euo pipefail

otel_setup="${1:?usage: run-depot.sh OTEL_SETUP PROJECTS_DIR}"
projects="$(cd "${2:?}" && pwd)"
here="$(cd "$(dirname "$0")" && pwd)"
cmake_bin="${CMAKE:-cmake}"
# shellcheck source=lib.sh
source "$here/lib.sh"
start_work depot

cp -r "$projects/depot" "$work/depot"
"$otel_setup" init "$work/depot" --yes --allow-dirty >"$work/init.log" 2>&1
grep -A2 "otel-setup:begin beast-server$" "$work/depot/src/main.cpp" |
  grep -q "return telemetry::beast_server(req, send, \[&\](auto&& send) {" || {
  echo "FAIL: init did not wrap handle_request in its send form" >&2
  cat "$work/init.log" >&2
  exit 1
}
"$otel_setup" init "$work/depot" --dry-run --allow-dirty >"$work/init-again.log" 2>&1
grep -q "Nothing to do" "$work/init-again.log" ||
  { echo "FAIL: a second init planned changes" >&2; cat "$work/init-again.log" >&2; exit 1; }

generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
"$cmake_bin" -S "$work/depot" -B "$work/build" "${generator[@]}" >"$work/build.log" 2>&1
timeout 900 "$cmake_bin" --build "$work/build" >>"$work/build.log" 2>&1

view_port=$(free_port)
port=$(free_port)
# /parcels/north, /parcels/west (404), /audit (throws), POST (400); /health makes none
timeout 90 "$otel_setup" view --port "$view_port" --json --expect 4 --timeout 60 \
  >"$work/spans.jsonl" 2>"$work/view.log" &
view_pid=$!
pids+=($view_pid)
OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$view_port" OTEL_BSP_SCHEDULE_DELAY=50 \
  PORT="$port" "$work/build/depot" >"$work/depot.log" 2>&1 &
pids+=($!)

base="http://127.0.0.1:$port"
for _ in $(seq 100); do
  curl -fsS -m 1 -o /dev/null "$base/health" 2>/dev/null && break
  sleep 0.1
done
curl -sS -m 5 -o /dev/null -H "x-session-id: sess-9" \
  -H "traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" "$base/parcels/north"
curl -sS -m 5 -o /dev/null "$base/parcels/west"
curl -sS -m 5 -o "$work/audit.txt" -w "%{http_code}\n" "$base/audit" >"$work/audit-status.txt"
curl -sS -m 5 -o /dev/null -X POST -d '{}' "$base/parcels/north"

wait "$view_pid" || { echo "FAIL: view did not get 4 spans" >&2; exit 1; }
grep -qx 500 "$work/audit-status.txt" ||
  { echo "FAIL: /audit answered $(cat "$work/audit-status.txt"), not 500" >&2; exit 1; }
python3 "$here/check-depot.py" "$work/spans.jsonl"

"$otel_setup" remove "$work/depot" --yes >"$work/remove.log" 2>&1
diff -r "$projects/depot" "$work/depot" >"$work/remove-diff.log" ||
  { echo "FAIL: remove left depot different from the fixture" >&2; exit 1; }
echo "ok: remove restored depot byte for byte"
