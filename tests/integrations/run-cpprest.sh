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

copy_fixture "$projects/ledger" ledger
add_twice "$work/ledger" middleware http-client
for traced in "telemetry::TracedHttpListener listener(base_url);" \
  "telemetry::TracedHttpClient self(base_url);"; do
  grep -qF "$traced" "$work/ledger/src/ledger.cpp" ||
    fail "'$traced' not declared"
done

# The generated headers and the edited sources are clang-format clean in the project's style.
if command -v clang-format >/dev/null; then
  (cd "$work/ledger" && clang-format --style="file:$here/../../.clang-format" --dry-run --Werror \
    telemetry/cpprest_server.hpp telemetry/cpprest_client.hpp src/ledger.cpp src/main.cpp) \
    2>"$work/format.log" || fail "generated code is not clang-format clean"
fi

build_fixture "$work/ledger" -DCMAKE_CXX_FLAGS="-Wall -Wextra"
# The generated headers must not be named in any -Wall -Wextra warning (grep, not -Werror: a
# warning elsewhere, in the bundled runtime or a cpprestsdk update, is not this test's subject).
if grep -E "cpprest_(server|client)\.hpp:[0-9]+:[0-9]+: warning" "$work/build.log" >&2; then
  echo "FAIL: the generated headers warn under -Wall -Wextra" >&2
  exit 1
fi

port=$(free_port)
# POST /transfer (server, client, server), GET /balance/bob, POST /explode,
# GET /report (server, client, server)
start_view 8
start_service ledger "$work/build/ledger" "$port"
wait_port "$port" ledger

base="http://127.0.0.1:$port"
code=$(curl -sS -m 5 -o /dev/null -w '%{http_code}' "$base/health")
[[ "$code" == 200 ]] || fail "/health answered $code"
code=$(curl -sS -m 5 -o /dev/null -w '%{http_code}' -X POST \
  -H "traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" "$base/transfer")
[[ "$code" == 200 ]] || fail "/transfer answered $code, not 200"
curl -sS -m 5 -o /dev/null -H "x-session-id: sess-42" "$base/balance/bob"
code=$(curl -sS -m 5 -o /dev/null -w '%{http_code}' -X POST "$base/explode")
[[ "$code" == 500 ]] || fail "/explode answered $code, not 500"
code=$(curl -sS -m 5 -o /dev/null -w '%{http_code}' "$base/report")
[[ "$code" == 502 ]] || fail "/report answered $code, not 502"
wait_view
stop_service
python3 "$here/check-cpprest.py" "$work/spans.jsonl" "$port"

remove_restores "$work/ledger"
