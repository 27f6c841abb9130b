#!/usr/bin/env bash
# Poco::Net::HTTPServer middleware end to end on the warehouse fixture (projects/warehouse):
# `otel-setup add middleware` (the factory given to the HTTPServer wrapped in
# telemetry::traced(...)), then once more (nothing to do); the edited sources must be
# clang-format clean. As a user would, router.cpp then names one route with
# telemetry::set_http_route. One build with the fixture's own CMake against Debian's
# libpoco-dev, plus a compile check that the Beast and Poco headers coexist in one file; the
# service run against `otel-setup view` and driven with curl; check-poco.py asserts the spans;
# finally `otel-setup remove` must give back the original sources byte for byte.
#
#   run-poco.sh OTEL_SETUP PROJECTS_DIR        (CMAKE=/path/to/cmake)
set -euo pipefail

otel_setup="${1:?usage: run-poco.sh OTEL_SETUP PROJECTS_DIR}"
projects="$(cd "${2:?}" && pwd)"
here="$(cd "$(dirname "$0")" && pwd)"
cmake_bin="${CMAKE:-cmake}"
# shellcheck source=lib.sh
source "$here/lib.sh"
start_work poco
fail() { echo "FAIL: $*" >&2; exit 1; }

cp -r "$projects/warehouse" "$work/original"
cp -r "$projects/warehouse" "$work/warehouse"
cd "$work/warehouse"
"$otel_setup" add middleware . --yes --allow-dirty >"$work/add.log" 2>&1 || fail "add middleware"
"$otel_setup" add middleware . --yes --allow-dirty >"$work/again.log" 2>&1 ||
  fail "second add middleware"
grep -q "nothing to do" "$work/again.log" || fail "second add middleware was not a no-op"
grep -q "HTTPServer server(telemetry::traced(new warehouse::Router(stock)), socket, params);" \
  src/main.cpp || fail "server not instrumented"
if command -v clang-format >/dev/null; then
  clang-format --style="file:$here/../../.clang-format" --dry-run --Werror src/main.cpp \
    telemetry/poco_server.hpp 2>"$work/format.log" || fail "generated code is not clang-format clean"
fi

# The user's follow-up: the factory names the route it matched.
cp src/router.cpp "$work/router.cpp"
sed -i -e 's|^#include "handlers.hpp"|&\n#include "telemetry/poco_server.hpp"|' \
  -e 's|^\( *\)return new StockHandler|\1telemetry::set_http_route("/stock/{item}");\n&|' \
  src/router.cpp
grep -q 'set_http_route("/stock/{item}");' src/router.cpp || fail "router.cpp not edited"

generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
"$cmake_bin" -S . -B "$work/build" "${generator[@]}" >"$work/build.log" 2>&1
timeout 600 "$cmake_bin" --build "$work/build" -j2 >>"$work/build.log" 2>&1 || fail "build"

# A program serving with both Beast and Poco includes both middleware headers: they must
# compile in one translation unit (set_http_route and the excluded paths live once, in
# telemetry.hpp). beast_server.hpp is rendered from its template next to this copy.
mkdir -p "$work/both/telemetry"
sed -e '1{/^{{=<% %>=}}$/d}' -e 's|<%service_name%>|warehouse|' \
  -e 's|<%facade_include%>|"telemetry/telemetry.hpp"|' \
  "$here/../../templates/integrations/beast/beast_server.hpp.mustache" \
  >"$work/both/telemetry/beast_server.hpp"
printf '#include "telemetry/beast_server.hpp"\n#include "telemetry/poco_server.hpp"\n' \
  >"$work/both/both.cpp"
"${CXX:-c++}" -std=c++17 -Wall -Wextra -Werror -fsyntax-only -I"$work/both" -I"$work/warehouse" \
  "$work/both/both.cpp" >"$work/both.log" 2>&1 ||
  { cat "$work/both.log" >&2; fail "beast_server.hpp and poco_server.hpp do not compile together"; }

view_port=$(free_port)
port=$(free_port)
# stock (traceparent, session), reserve 503, audit throws, report throws, missing 404, DELETE 501
expected=6
timeout 90 "$otel_setup" view --port "$view_port" --json --expect "$expected" --timeout 60 \
  >"$work/spans.jsonl" 2>"$work/view.log" &
view_pid=$!
pids+=($view_pid)
for _ in $(seq 100); do grep -q listening "$work/view.log" && break; sleep 0.1; done

OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$view_port" OTEL_BSP_SCHEDULE_DELAY=50 \
  OTEL_SERVICE_NAME=warehouse "$work/build/warehouse" "$port" >"$work/warehouse.log" 2>&1 &
service_pid=$!
pids+=($service_pid)
wait_port "$port" warehouse

base="http://127.0.0.1:$port"
status() {  # EXPECTED CURL-ARGS...: curl must get EXPECTED as the status code
  local want="$1" code
  shift
  code=$(curl -sS -m 5 -o /dev/null -w '%{http_code}' "$@" || true)
  [[ "$code" == "$want" ]] || fail "curl $* answered $code, not $want"
}
status 200 "$base/health"
status 200 -H "traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" \
  -H "x-session-id: sess-42" "$base/stock/widget?fields=level"
status 503 -X POST -d '{"item":"widget","count":2}' "$base/reserve"
status 500 "$base/audit"   # std::runtime_error: without the middleware Poco sends nothing
status 500 "$base/report"  # Poco::IOException
status 404 "$base/missing"
status 501 -X DELETE "$base/stock/widget"  # the factory returns no handler
wait "$view_pid" || fail "view did not get $expected spans"
kill -TERM "$service_pid"
wait "$service_pid" || fail "warehouse did not exit cleanly"
python3 "$here/check-poco.py" "$work/spans.jsonl" "$port"

cp "$work/router.cpp" src/router.cpp
"$otel_setup" remove . --yes >"$work/remove.log" 2>&1 || fail "remove"
diff -r "$work/original" "$work/warehouse" >"$work/remove-diff.log" 2>&1 ||
  { cat "$work/remove-diff.log" >&2; fail "remove did not restore the sources"; }
echo "ok: Poco HTTPServer spans checked, remove restored the sources byte for byte"
