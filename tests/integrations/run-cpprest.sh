#!/usr/bin/env bash
# cpprestsdk listener middleware and http_client end to end on the ledger fixture
# (projects/ledger): `otel-setup add middleware` and `add http-client` (each then once more:
# nothing to do), one build with its own CMake against Debian's libcpprest-dev, the service
# run against `otel-setup view` and driven with curl; check-cpprest.py asserts the spans
# (server -> client -> server in one trace, replies sent from continuations); finally
# `otel-setup remove` must give back the original sources byte for byte.
#
#   run-cpprest.sh OTEL_SETUP PROJECTS_DIR        (CMAKE=/path/to/cmake)
set -euo pipefail

otel_setup="${1:?usage: run-cpprest.sh OTEL_SETUP PROJECTS_DIR}"
projects="$(cd "${2:?}" && pwd)"
here="$(cd "$(dirname "$0")" && pwd)"
cmake_bin="${CMAKE:-cmake}"
# shellcheck source=lib.sh
source "$here/lib.sh"
start_work cpprest

cp -r "$projects/ledger" "$work/original"
cp -r "$projects/ledger" "$work/ledger"
for integration in middleware http-client; do
  "$otel_setup" add "$integration" "$work/ledger" --yes --allow-dirty >>"$work/add.log" 2>&1
  "$otel_setup" add "$integration" "$work/ledger" --yes --allow-dirty >"$work/again.log" 2>&1
  grep -q "nothing to do" "$work/again.log" ||
    { echo "FAIL: second add $integration was not a no-op" >&2; cat "$work/again.log" >&2; exit 1; }
done
for traced in "telemetry::TracedHttpListener listener(base_url);" \
  "telemetry::TracedHttpClient self(base_url);"; do
  grep -qF "$traced" "$work/ledger/src/ledger.cpp" ||
    { echo "FAIL: '$traced' not declared" >&2; exit 1; }
done

# The generated headers and the edited sources are clang-format clean in the project's style.
if command -v clang-format >/dev/null; then
  (cd "$work/ledger" && clang-format --style="file:$here/../../.clang-format" --dry-run --Werror \
    telemetry/cpprest_server.hpp telemetry/cpprest_client.hpp src/ledger.cpp src/main.cpp) \
    2>"$work/format.log" || { echo "FAIL: generated code is not clang-format clean" >&2; exit 1; }
fi

generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
"$cmake_bin" -S "$work/ledger" -B "$work/build" "${generator[@]}" \
  -DCMAKE_CXX_FLAGS="-Wall -Wextra" >"$work/build.log" 2>&1
timeout 600 "$cmake_bin" --build "$work/build" -j2 >>"$work/build.log" 2>&1
# The generated headers must not be named in any -Wall -Wextra warning (grep, not -Werror: a
# warning elsewhere, in the bundled runtime or a cpprestsdk update, is not this test's subject).
if grep -E "cpprest_(server|client)\.hpp:[0-9]+:[0-9]+: warning" "$work/build.log" >&2; then
  echo "FAIL: the generated headers warn under -Wall -Wextra" >&2
  exit 1
fi

view_port=$(free_port)
port=$(free_port)
# POST /transfer (server, client, server), GET /balance/bob, POST /explode,
# GET /report (server, client, server)
expected=8
timeout 90 "$otel_setup" view --port "$view_port" --json --expect "$expected" --timeout 60 \
  >"$work/spans.jsonl" 2>"$work/view.log" &
view_pid=$!
pids+=($view_pid)
for _ in $(seq 100); do grep -q listening "$work/view.log" && break; sleep 0.1; done

OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$view_port" OTEL_BSP_SCHEDULE_DELAY=50 \
  OTEL_SERVICE_NAME=ledger "$work/build/ledger" "$port" >"$work/ledger.log" 2>&1 &
service_pid=$!
pids+=($service_pid)
wait_port "$port" ledger

base="http://127.0.0.1:$port"
code=$(curl -sS -m 5 -o /dev/null -w '%{http_code}' "$base/health")
[[ "$code" == 200 ]] || { echo "FAIL: /health answered $code" >&2; exit 1; }
code=$(curl -sS -m 5 -o /dev/null -w '%{http_code}' -X POST \
  -H "traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" "$base/transfer")
[[ "$code" == 200 ]] || { echo "FAIL: /transfer answered $code, not 200" >&2; exit 1; }
curl -sS -m 5 -o /dev/null -H "x-session-id: sess-42" "$base/balance/bob"
code=$(curl -sS -m 5 -o /dev/null -w '%{http_code}' -X POST "$base/explode")
[[ "$code" == 500 ]] || { echo "FAIL: /explode answered $code, not 500" >&2; exit 1; }
code=$(curl -sS -m 5 -o /dev/null -w '%{http_code}' "$base/report")
[[ "$code" == 502 ]] || { echo "FAIL: /report answered $code, not 502" >&2; exit 1; }
wait "$view_pid" || { echo "FAIL: view did not get $expected spans" >&2; exit 1; }
kill -TERM "$service_pid"
wait "$service_pid" || true
python3 "$here/check-cpprest.py" "$work/spans.jsonl" "$port"

"$otel_setup" remove "$work/ledger" --yes >"$work/remove.log" 2>&1
diff -r "$work/original" "$work/ledger" >"$work/remove-diff.log" 2>&1 ||
  { echo "FAIL: remove did not restore the sources" >&2; cat "$work/remove-diff.log" >&2; exit 1; }
echo "ok: remove restored the sources byte for byte"
