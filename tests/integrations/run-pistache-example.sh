#!/usr/bin/env bash
# End-to-end proof on code we did not write: two of Pistache's own examples as Debian's
# libpistache-dev ships them (/usr/share/doc/libpistache-dev/examples), copied at test time
# into one project whose CMakeLists.txt builds each as its own program, as a user's examples
# folder would: `stats` (rest_server.cc: REST routes registered after `using namespace Rest;`
# inside a member function, with `using namespace Pistache;` at file scope) and `ping`
# (http_server.cc: an Http::Handler subclass). `init --target stats` instruments that program
# and leaves the other's file alone, `init --target ping` then the other (linked to the module
# the first added), a third and fourth init plan nothing; both build with CMake, run against
# `otel-setup view` and are driven with curl, the spans are checked
# (check-pistache-example.py), and one `remove` gives back both examples byte for byte.
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

for source in rest_server.cc http_server.cc; do
  [[ -f "$examples/$source" ]] ||
    fail "no $examples/$source: install libpistache-dev (apt-get install libpistache-dev)"
done
mkdir "$work/original"
cp "$examples/rest_server.cc" "$examples/http_server.cc" "$work/original/"
cat >"$work/original/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.16)
project(pistache_examples LANGUAGES CXX)
set(CMAKE_CXX_STANDARD 17)

find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
pkg_check_modules(PISTACHE REQUIRED IMPORTED_TARGET libpistache)

add_executable(stats rest_server.cc)
target_link_libraries(stats PRIVATE PkgConfig::PISTACHE Threads::Threads)

add_executable(ping http_server.cc)
target_link_libraries(ping PRIVATE PkgConfig::PISTACHE Threads::Threads)
CMAKE
app="$work/examples"
cp -r "$work/original" "$app"

init_target() {  # TARGET: init --target TARGET (log in init-TARGET.log)
  "$otel_setup" init "$app" --target "$1" --yes --allow-dirty >"$work/init-$1.log" 2>&1 ||
    fail "init --target $1"
}
init_target stats
grep -q "pistache_server.hpp" "$app/rest_server.cc" ||
  { cat "$work/init-stats.log" >&2; fail "init did not trace rest_server.cc's routes"; }
cmp -s "$examples/http_server.cc" "$app/http_server.cc" ||
  fail "init --target stats edited http_server.cc, another program's file"
grep -q "note: http_server.cc: not edited for pistache: it defines its own main()" \
  "$work/init-stats.log" || { cat "$work/init-stats.log" >&2; fail "no note for http_server.cc"; }
init_target ping
grep -q "server->setHandler(telemetry::traced_handler<MyHandler>());" "$app/http_server.cc" ||
  fail "http_server's setHandler(Http::make_handler<MyHandler>()) not rewritten"
[[ $(grep -c "add_subdirectory(telemetry)" "$app/CMakeLists.txt") == 1 ]] ||
  fail "the telemetry module is not added exactly once"
grep -q "traced_handler" "$app/rest_server.cc" && fail "rest_server's router handler rewritten"
for target in stats ping; do
  "$otel_setup" init "$app" --target "$target" --dry-run --allow-dirty >"$work/again.log" 2>&1 ||
    fail "init --target $target again"
  grep -q "Nothing to do" "$work/again.log" ||
    { cat "$work/again.log" >&2; fail "init --target $target again planned changes"; }
done
# What a user adds to name a handler's spans after its routes: on the plain /ping answer only
# (taken out again before remove, which restores only its own edits).
pong='response.send(Http::Code::Ok, "PONG");'
grep -qF "$pong" "$app/http_server.cc" || fail "http_server.cc has no '$pong'"
sed -i "s|$pong|telemetry::set_http_route(\"/ping\"); $pong|" "$app/http_server.cc"
build_fixture "$app"

expect_answer() {  # METHOD PATH STATUS BODY [CURL_ARGS...]: the service on $base answers so
  local method=$1 path=$2 status=$3 body=$4 got
  shift 4
  got=$(curl -sS -m 5 -X "$method" -w ' %{http_code}' "$@" "$base$path")
  [[ "$got" == "$body $status" ]] || fail "$method $path answered '$got', not '$body $status'"
}

serve() {  # PROGRAM SPANS: view expecting SPANS spans, then PROGRAM on a free port ($base)
  start_view "$2"
  port=$(free_port)
  start_service "$1" "$work/build/$1" "$port" 2
  base="http://127.0.0.1:$port"
  wait_port "$port" "$1"
}

# POST /record/hits/5 (201), POST /record/hits (200), GET /value/hits, GET /value/misses
# (404), GET /auth; /ready is a health check and makes none
serve stats 5
expect_answer GET /ready 200 "1"
expect_answer POST /record/hits/5 201 5 \
  -H "traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
expect_answer POST /record/hits 200 6
expect_answer GET /value/hits 200 6 -H "x-session-id: sess-7"
expect_answer GET /value/misses 404 "Metric does not exist"
expect_answer GET /auth 200 "" -b "user=ada"
wait_view
stop_service
python3 "$here/check-pistache-example.py" rest_server "$work/spans.jsonl"

# GET /ping, /ping?chunked (streamed), POST /echo, GET /echo (405), GET /exception (500),
# GET /nothing (404); /ready (404 there) is a health check and makes none
serve ping 6
expect_answer GET /ready 404 ""
expect_answer GET /ping 200 PONG \
  -H "traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
expect_answer GET "/ping?chunked=1" 200 PONG
expect_answer POST /echo 200 hello -d hello -H "x-session-id: sess-8"
expect_answer GET /echo 405 ""
expect_answer GET /exception 500 "Exception thrown in the handler"
expect_answer GET /nothing 404 ""
wait_view
stop_service
python3 "$here/check-pistache-example.py" http_server "$work/spans.jsonl"

sed -i 's|telemetry::set_http_route("/ping"); ||' "$app/http_server.cc"
rm -rf "$work/build"
remove_restores "$app"
