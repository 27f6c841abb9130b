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

cp -r "$projects/catalogue" "$work/original"
cp -r "$projects/catalogue" "$work/catalogue"
"$otel_setup" add middleware "$work/catalogue" --yes --allow-dirty >"$work/add.log" 2>&1
"$otel_setup" add middleware "$work/catalogue" --yes --allow-dirty >"$work/again.log" 2>&1
grep -q "nothing to do" "$work/again.log" ||
  { echo "FAIL: second add middleware was not a no-op" >&2; cat "$work/again.log" >&2; exit 1; }
grep -q "using router_t = telemetry::TracedRouter<>;" "$work/catalogue/src/routes.hpp" ||
  { echo "FAIL: the router type was not swapped" >&2; cat "$work/add.log" >&2; exit 1; }

# The generated header and the edited files are clang-format clean in the project's style.
if command -v clang-format >/dev/null; then
  (cd "$work/catalogue" && clang-format --style="file:$here/../../.clang-format" --dry-run \
    --Werror telemetry/restinio_server.hpp src/routes.hpp src/main.cpp) \
    2>"$work/format.log" || { echo "FAIL: generated code is not clang-format clean" >&2; exit 1; }
fi

generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
"$cmake_bin" -S "$work/catalogue" -B "$work/build" "${generator[@]}" \
  -DCMAKE_CXX_FLAGS="-Wall -Wextra -Werror" >"$work/build.log" 2>&1
timeout 600 "$cmake_bin" --build "$work/build" -j2 >>"$work/build.log" 2>&1
# Every member of the traced router compiles, not only those the fixture calls.
printf '#include "telemetry/restinio_server.hpp"\ntemplate class telemetry::TracedRouter<>;\n' \
  >"$work/catalogue/instantiate.cpp"
"${CXX:-c++}" -std=c++17 -Wall -Wextra -Werror -fsyntax-only -DASIO_STANDALONE \
  -DASIO_HAS_STD_CHRONO -DASIO_DISABLE_STD_STRING_VIEW -I"$work/catalogue" \
  "$work/catalogue/instantiate.cpp" >>"$work/build.log" 2>&1 ||
  { echo "FAIL: telemetry::TracedRouter<> does not compile in full" >&2; exit 1; }
rm "$work/catalogue/instantiate.cpp"

view_port=$(free_port)
port=$(free_port)
# POST, GET, GET (404), DELETE /items/:id, /explode, /unavailable, one non-matched request
expected=7
timeout 90 "$otel_setup" view --port "$view_port" --json --expect "$expected" --timeout 60 \
  >"$work/spans.jsonl" 2>"$work/view.log" &
view_pid=$!
pids+=("$view_pid")
for _ in $(seq 100); do grep -q listening "$work/view.log" && break; sleep 0.1; done

OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$view_port" OTEL_BSP_SCHEDULE_DELAY=50 \
  OTEL_SERVICE_NAME=catalogue "$work/build/catalogue" "$port" >"$work/catalogue.log" 2>&1 &
service_pid=$!
pids+=("$service_pid")

base="http://127.0.0.1:$port"
wait_port "$port" catalogue
expect_code() {  # CODE CURL_ARGS...: the request is answered with CODE
  local want=$1 code
  shift
  code=$(curl -sS -m 5 -o /dev/null -w '%{http_code}' "$@")
  [[ "$code" == "$want" ]] || { echo "FAIL: curl $* answered $code, not $want" >&2; exit 1; }
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
wait "$view_pid" || { echo "FAIL: view did not get $expected spans" >&2; exit 1; }
kill -TERM "$service_pid"
wait "$service_pid" || true
python3 "$here/check-restinio.py" "$work/spans.jsonl"

"$otel_setup" remove "$work/catalogue" --yes >"$work/remove.log" 2>&1
diff -r "$work/original" "$work/catalogue" >"$work/remove-diff.log" 2>&1 ||
  { echo "FAIL: remove did not restore the sources" >&2; cat "$work/remove-diff.log" >&2; exit 1; }
echo "ok: remove restored the sources byte for byte"
