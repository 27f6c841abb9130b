#!/usr/bin/env bash
# End-to-end proof on code we did not write: Pistache's own REST example, rest_server.cc as
# Debian's libpistache-dev ships it (/usr/share/doc/libpistache-dev/examples), copied at test
# time into a project with a CMakeLists.txt of the kind a user would write. `otel-setup init`
# alone finds its routes (registered after `using namespace Rest;` inside a member function,
# with `using namespace Pistache;` at file scope), a second init plans nothing, the service
# builds with CMake, runs against `otel-setup view`, is driven with curl, the spans are checked
# (check-pistache-example.py) and `remove` gives back the example byte for byte.
#
#   run-pistache-example.sh OTEL_SETUP EXAMPLES_DIR     (CMAKE=/path/to/cmake)
set -euo pipefail

otel_setup="${1:?usage: run-pistache-example.sh OTEL_SETUP EXAMPLES_DIR}"
examples="${2:?usage: run-pistache-example.sh OTEL_SETUP EXAMPLES_DIR}"
here="$(cd "$(dirname "$0")" && pwd)"
cmake_bin="${CMAKE:-cmake}"
# shellcheck source=lib.sh
source "$here/lib.sh"
start_work pistache-example

[[ -f "$examples/rest_server.cc" ]] ||
  fail "no $examples/rest_server.cc: install libpistache-dev (apt-get install libpistache-dev)"
mkdir "$work/original"
cp "$examples/rest_server.cc" "$work/original/"
cat >"$work/original/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.16)
project(stats LANGUAGES CXX)
set(CMAKE_CXX_STANDARD 17)

find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
pkg_check_modules(PISTACHE REQUIRED IMPORTED_TARGET libpistache)

add_executable(stats rest_server.cc)
target_link_libraries(stats PRIVATE PkgConfig::PISTACHE Threads::Threads)
CMAKE
app="$work/stats"
cp -r "$work/original" "$app"

"$otel_setup" init "$app" --yes --allow-dirty >"$work/init.log" 2>&1 || fail "init"
grep -q "pistache_server.hpp" "$app/rest_server.cc" ||
  { cat "$work/init.log" >&2; fail "init did not trace the example's routes"; }
"$otel_setup" init "$app" --dry-run --allow-dirty >"$work/again.log" 2>&1 || fail "second init"
grep -q "Nothing to do" "$work/again.log" ||
  { cat "$work/again.log" >&2; fail "a second init planned changes"; }
build_fixture "$app"

# POST /record/hits/5 (201), POST /record/hits (200), GET /value/hits, GET /value/misses
# (404), GET /auth; /ready is a health check and makes none
start_view 5
port=$(free_port)
start_service stats "$work/build/stats" "$port" 2
base="http://127.0.0.1:$port"
for _ in $(seq 100); do
  curl -fsS -m 1 -o /dev/null "$base/ready" 2>/dev/null && break
  sleep 0.1
done
expect_answer() {  # METHOD PATH STATUS BODY [CURL_ARGS...]
  local method=$1 path=$2 status=$3 body=$4 got
  shift 4
  got=$(curl -sS -m 5 -X "$method" -w ' %{http_code}' "$@" "$base$path")
  [[ "$got" == "$body $status" ]] || fail "$method $path answered '$got', not '$body $status'"
}
expect_answer POST /record/hits/5 201 5 \
  -H "traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
expect_answer POST /record/hits 200 6
expect_answer GET /value/hits 200 6 -H "x-session-id: sess-7"
expect_answer GET /value/misses 404 "Metric does not exist"
expect_answer GET /auth 200 "" -b "user=ada"
wait_view
python3 "$here/check-pistache-example.py" "$work/spans.jsonl"

stop_service
remove_restores "$app"
