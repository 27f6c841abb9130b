#!/usr/bin/env bash
# End-to-end proof on code we did not write: two of Pistache's own examples as Debian's
# libpistache-dev ships them (/usr/share/doc/libpistache-dev/examples), each copied at test
# time into a project with a CMakeLists.txt of the kind a user would write: rest_server.cc
# (REST routes registered after `using namespace Rest;` inside a member function, with `using
# namespace Pistache;` at file scope) and http_server.cc (an Http::Handler subclass). For each,
# `otel-setup init` alone, a second init that plans nothing, a build with CMake, a run against
# `otel-setup view` driven with curl, the spans checked (check-pistache-example.py), and
# `remove` giving back the example byte for byte.
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

# NAME SOURCE: $work/NAME holds the example SOURCE and a CMakeLists.txt building it as NAME
# ($work/NAME.original: the same, to compare after remove); init instruments it alone and a
# second init plans nothing.
instrument_example() {
  local name=$1 source=$2 app="$work/$1"
  [[ -f "$examples/$source" ]] ||
    fail "no $examples/$source: install libpistache-dev (apt-get install libpistache-dev)"
  mkdir "$work/$name.original"
  cp "$examples/$source" "$work/$name.original/"
  cat >"$work/$name.original/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.16)
project($name LANGUAGES CXX)
set(CMAKE_CXX_STANDARD 17)

find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
pkg_check_modules(PISTACHE REQUIRED IMPORTED_TARGET libpistache)

add_executable($name $source)
target_link_libraries($name PRIVATE PkgConfig::PISTACHE Threads::Threads)
CMAKE
  cp -r "$work/$name.original" "$app"
  "$otel_setup" init "$app" --yes --allow-dirty >"$work/init-$name.log" 2>&1 || fail "init $name"
  grep -q "pistache_server.hpp" "$app/$source" ||
    { cat "$work/init-$name.log" >&2; fail "init did not trace $source"; }
  "$otel_setup" init "$app" --dry-run --allow-dirty >"$work/again.log" 2>&1 || fail "second init"
  grep -q "Nothing to do" "$work/again.log" ||
    { cat "$work/again.log" >&2; fail "a second init of $name planned changes"; }
}

build_example() {  # NAME: built in $work/build-NAME
  build_fixture "$work/$1"
  mv "$work/build" "$work/build-$1"
}

expect_answer() {  # METHOD PATH STATUS BODY [CURL_ARGS...]: the service on $base answers so
  local method=$1 path=$2 status=$3 body=$4 got
  shift 4
  got=$(curl -sS -m 5 -X "$method" -w ' %{http_code}' "$@" "$base$path")
  [[ "$got" == "$body $status" ]] || fail "$method $path answered '$got', not '$body $status'"
}

serve_example() {  # NAME SPANS: view expecting SPANS spans, then NAME on a free port ($base)
  start_view "$2"
  port=$(free_port)
  start_service "$1" "$work/build-$1/$1" "$port" 2
  base="http://127.0.0.1:$port"
  wait_port "$port" "$1"
}

# rest_server.cc: routes registered with Routes::Get/Post after a block-scope
# `using namespace Rest;`; http_server.cc: an Http::Handler subclass given to setHandler.
instrument_example stats rest_server.cc
grep -q "traced_handler" "$work/stats/rest_server.cc" && fail "rest_server's router handler rewritten"
build_example stats
instrument_example ping http_server.cc
grep -q "server->setHandler(telemetry::traced_handler<MyHandler>());" "$work/ping/http_server.cc" ||
  fail "http_server's setHandler(Http::make_handler<MyHandler>()) not rewritten"
# What a user adds to name a handler's spans after its routes: on the plain /ping answer only
# (taken out again before remove, which restores only its own edits).
pong='response.send(Http::Code::Ok, "PONG");'
grep -qF "$pong" "$work/ping/http_server.cc" || fail "http_server.cc has no '$pong'"
sed -i "s|$pong|telemetry::set_http_route(\"/ping\"); $pong|" "$work/ping/http_server.cc"
build_example ping

# POST /record/hits/5 (201), POST /record/hits (200), GET /value/hits, GET /value/misses
# (404), GET /auth; /ready is a health check and makes none
serve_example stats 5
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
serve_example ping 6
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

sed -i 's|telemetry::set_http_route("/ping"); ||' "$work/ping/http_server.cc"
for name in stats ping; do
  rm -rf "$work/original"
  mv "$work/$name.original" "$work/original"
  remove_restores "$work/$name"
done
