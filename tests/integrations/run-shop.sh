#!/usr/bin/env bash
# End-to-end proof of the integrations on the shop fixture (projects/shop): copies it to a
# temp folder, runs `otel-setup add` for each integration named on the command line, builds it
# with its own CMake, starts `otel-setup view`, runs the service against it, drives it with
# curl (and a python downstream that records the traceparent it receives) and hands the spans
# to check-shop.py, which asserts what each applied integration must show.
# With --runtime=opentelemetry-cpp, `otel-setup init --runtime opentelemetry-cpp` comes first
# (it applies every integration it detects, so the adds then plan nothing) and the service
# exports through the official SDK.
#
#   run-shop.sh OTEL_SETUP PROJECTS_DIR [--runtime=NAME] INTEGRATION...  (CMAKE=/path/to/cmake)
set -euo pipefail

otel_setup="${1:?usage: run-shop.sh OTEL_SETUP PROJECTS_DIR [--runtime=NAME] INTEGRATION...}"
projects="$(cd "${2:?}" && pwd)"
shift 2
runtime=bundled
if [[ "${1:-}" == --runtime=* ]]; then
  runtime=${1#--runtime=}
  shift
fi
here="$(cd "$(dirname "$0")" && pwd)"
cmake_bin="${CMAKE:-cmake}"
# shellcheck source=lib.sh
source "$here/lib.sh"
start_work integ
build_timeout=900

cp -r "$projects/shop" "$work/shop"
if [[ "$runtime" != bundled ]]; then
  echo "otel-setup init --runtime $runtime" >&2
  "$otel_setup" init --runtime "$runtime" "$work/shop" --yes --allow-dirty >"$work/init.log" 2>&1
fi
for integration in "$@"; do
  echo "otel-setup add ${integration/=/ }" >&2
  # shellcheck disable=SC2086  # "traced=FILE:FUNCTION" -> add traced FILE:FUNCTION
  "$otel_setup" add ${integration/=/ } "$work/shop" --yes --allow-dirty >>"$work/add.log" 2>&1
done
# A second add of the same integration plans nothing.
"$otel_setup" add "$1" "$work/shop" --yes --allow-dirty >"$work/again.log" 2>&1
grep -q "nothing to do" "$work/again.log" || fail "second add was not a no-op"

build_fixture "$work/shop"

# The downstream the service notifies: answers 200 and records the traceparent it got.
shop_port=$(free_port)
down_port=$(free_port)
python3 "$here/downstream.py" "$down_port" "$work/downstream.txt" Content-Type \
  >"$work/downstream.log" 2>&1 &
pids+=($!)
wait_port "$down_port"

expected=6  # GET /items, GET /items/1, POST /items, POST /explode, GET /unavailable, GET /nope
for integration in "$@"; do
  case "$integration" in
    http-client | libcurl) expected=$((expected + 1)) ;;
    db | sqlite3) expected=$((expected + 4)) ;;  # count, find, add + CREATE at startup
    traced=*) expected=$((expected + 1)) ;;
  esac
done
start_view "$expected"

# With logging applied, the JSON log format (the text form is checked on the examples).
log_format=text
for integration in "$@"; do [[ "$integration" == logging ]] && log_format=json; done
OTEL_SETUP_LOG_FORMAT=$log_format start_service shop "$work/build/shop" "$shop_port" "$work/shop.db" \
  "http://127.0.0.1:$down_port/notify"

base="http://127.0.0.1:$shop_port"
for _ in $(seq 100); do
  curl -fsS -m 1 -o /dev/null "$base/health" 2>/dev/null && break
  sleep 0.1
done
session=(-H "x-session-id: sess-42")
parent=(-H "traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
curl -sS -m 5 -o /dev/null "$base/health"
curl -sS -m 5 -o /dev/null -X POST -d widget "${parent[@]}" "$base/items"
curl -sS -m 5 -o /dev/null "${session[@]}" "$base/items"
curl -sS -m 5 -o /dev/null "$base/items/1"
code=$(curl -sS -m 5 -o /dev/null -w '%{http_code}' -X POST -d x "$base/explode")
[[ "$code" == 500 ]] || fail "/explode answered $code, not 500"
curl -sS -m 5 -o /dev/null "$base/unavailable"
curl -sS -m 5 -o /dev/null "$base/nope"

wait_view
# Which SDK made the spans: the bundled runtime, or opentelemetry-cpp's own resource.
sdk=otel-setup
[[ "$runtime" == opentelemetry-cpp ]] && sdk=opentelemetry
python3 - "$work/spans.jsonl" "$sdk" <<'PY'
import json, sys
names = {json.loads(line)["resource"].get("telemetry.sdk.name") for line in open(sys.argv[1])}
assert names == {sys.argv[2]}, f"telemetry.sdk.name {names}, want {sys.argv[2]}"
PY
python3 "$here/check-shop.py" "$work/spans.jsonl" "$work/shop.log" "$work/downstream.txt" "$@"
