#!/usr/bin/env bash
# RESTinio middleware end to end on the catalogue fixture (projects/catalogue): `otel-setup add
# middleware` (then once more: nothing to do), a build with the fixture's own CMake against
# Debian's librestinio-dev, the service run against `otel-setup view` and driven with curl;
# check-restinio.py asserts the spans; finally `otel-setup remove` must give back the original
# sources byte for byte.
#
#   run-restinio.sh OTEL_SETUP PROJECTS_DIR        (CMAKE=/path/to/cmake)
set -euo pipefail

otel_setup="${1:?usage: run-restinio.sh OTEL_SETUP PROJECTS_DIR}"
projects="$(cd "${2:?}" && pwd)"
here="$(cd "$(dirname "$0")" && pwd)"
cmake_bin="${CMAKE:-cmake}"
# shellcheck source=lib.sh
source "$here/lib.sh"
start_work restinio

copy_fixture "$projects/catalogue" catalogue
add_twice "$work/catalogue" middleware
grep -q "using router_t = telemetry::TracedRouter<>;" "$work/catalogue/src/routes.hpp" ||
  { echo "FAIL: the router type was not swapped" >&2; cat "$work/add.log" >&2; exit 1; }

# The generated header and the edited files are clang-format clean in the project's style.
if command -v clang-format >/dev/null; then
  (cd "$work/catalogue" && clang-format --style="file:$here/../../.clang-format" --dry-run \
    --Werror telemetry/restinio_server.hpp src/routes.hpp src/main.cpp) \
    2>"$work/format.log" || fail "generated code is not clang-format clean"
fi

build_fixture "$work/catalogue" -DCMAKE_CXX_FLAGS="-Wall -Wextra -Werror"
# Every member of the traced router compiles, not only those the fixture calls.
printf '#include "telemetry/restinio_server.hpp"\ntemplate class telemetry::TracedRouter<>;\n' \
  >"$work/catalogue/instantiate.cpp"
"${CXX:-c++}" -std=c++17 -Wall -Wextra -Werror -fsyntax-only -DASIO_STANDALONE \
  -DASIO_HAS_STD_CHRONO -DASIO_DISABLE_STD_STRING_VIEW -I"$work/catalogue" \
  "$work/catalogue/instantiate.cpp" >>"$work/build.log" 2>&1 ||
  fail "telemetry::TracedRouter<> does not compile in full"
rm "$work/catalogue/instantiate.cpp"

port=$(free_port)
# POST, GET, GET (404), DELETE /items/:id, /explode, /unavailable, one non-matched request
start_view 7
start_service catalogue "$work/build/catalogue" "$port"

base="http://127.0.0.1:$port"
wait_port "$port" catalogue
expect_code() {  # CODE CURL_ARGS...: the request is answered with CODE
  local want=$1 code
  shift
  code=$(curl -sS -m 5 -o /dev/null -w '%{http_code}' "$@")
  [[ "$code" == "$want" ]] || fail "curl $* answered $code, not $want"
}
expect_code 200 "$base/health"
expect_code 201 -X POST -d widget \
  -H "traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" "$base/items/7"
expect_code 200 -H "x-session-id: sess-42" "$base/items/7"
expect_code 404 "$base/items/9"
expect_code 204 -X DELETE "$base/items/7"
expect_code 500 "$base/explode"
expect_code 503 "$base/unavailable"
expect_code 404 "$base/no/such/route"
wait_view
stop_service
python3 "$here/check-restinio.py" "$work/spans.jsonl"

remove_restores "$work/catalogue"
