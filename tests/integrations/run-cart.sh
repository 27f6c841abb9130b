#!/usr/bin/env bash
# End-to-end proof of the hiredis, libpqxx and cpp-httplib client integrations on the cart
# fixture (projects/cart): copies it to a temp folder, runs `otel-setup add` for the server
# middleware and the three integrations (then again: nothing to do), builds it once with its
# own CMake, starts a real redis-server and PostgreSQL on loopback ports in the temp folder,
# `otel-setup view`, the service and a python downstream (records the traceparent it gets),
# drives it with curl and hands the spans to check-cart.py. Finally `otel-setup remove` must
# give back the sources byte for byte.
#
#   run-cart.sh OTEL_SETUP PROJECTS_DIR     (CMAKE=/path/to/cmake)
set -euo pipefail

otel_setup="${1:?usage: run-cart.sh OTEL_SETUP PROJECTS_DIR}"
projects="$(cd "${2:?}" && pwd)"
here="$(cd "$(dirname "$0")" && pwd)"
cmake_bin="${CMAKE:-cmake}"
# shellcheck source=lib.sh
source "$here/lib.sh"
start_work cart
chmod 755 "$work"
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
# PostgreSQL refuses to run as root: the server runs as the postgres user then.
as_pg=()
[[ "$(id -u)" == 0 ]] && as_pg=(runuser -u postgres --)

stop_extra() {
  if [[ -f "$work/pg/postmaster.pid" ]]; then
    "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$work/pg" -m immediate -w -t 10 stop >/dev/null 2>&1 || true
  fi
}

# 1. instrument: `add db` names both libraries and asks; each by id; a second add plans nothing
app="$work/cart"
copy_fixture "$projects/cart" cart
add() { "$otel_setup" add "$@" "$app" --yes --allow-dirty >>"$work/add.log" 2>&1; }
status=0
add db || status=$?
[[ "$status" == 2 ]] && grep -q hiredis "$work/add.log" && grep -q libpqxx "$work/add.log" ||
  fail "add db with hiredis and libpqxx did not ask which (exit $status)"
add middleware
add_twice "$app" hiredis libpqxx http-client

# What was written reads like the rest of the code: clang-format clean in the project's style.
if command -v clang-format >/dev/null; then
  clang-format --style="file:$here/../../.clang-format" --dry-run --Werror "$app"/src/*.cpp \
    "$app"/telemetry/{redis_tracing,pqxx_tracing,httplib_client}.hpp
fi

# 2. build once, while redis-server and PostgreSQL start
build_fixture "$app" &
build_pid=$!

redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no \
  --dir "$work" >"$work/redis.log" 2>&1 &
pids+=($!)

pg_port=$(free_port)
mkdir "$work/pg"
[[ ${#as_pg[@]} -gt 0 ]] && chown postgres "$work/pg"
"${as_pg[@]}" "$pg_bin/initdb" -D "$work/pg" -U cart --auth=trust -E UTF8 --no-sync \
  >"$work/initdb.log" 2>&1
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$work/pg" -w -t 30 -l "$work/pg/postgres.log" \
  -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null ||
  { tail -n 20 "$work/pg/postgres.log" >&2; echo "FAIL: PostgreSQL did not start" >&2; exit 1; }
"$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U cart cart

wait "$build_pid" || fail "the instrumented cart did not build"
wait_port "$redis_port" redis-server

# 3. run: view, downstream, service
cart_port=$(free_port)
down_port=$(free_port)
python3 "$here/downstream.py" "$down_port" "$work/downstream.txt" x-caller 250 \
  >"$work/downstream.log" 2>&1 &
pids+=($!)
wait_port "$down_port" downstream

# startup: SELECT 2, CREATE TABLE; POST items: server, client, INSERT; GET cart: server, INCR,
# EXPIRE, GET, EXECUTE, SET; audit: server, failing SELECT; bump: server, failing INCR;
# discontinued: server, client 404; offline: server, client without a connection
expected=19
start_view "$expected"

start_service cart "$work/build/cart" "$cart_port" "$redis_port" \
  "postgresql://cart@127.0.0.1:$pg_port/cart" "http://127.0.0.1:$down_port"
wait_port "$cart_port" cart

base="http://127.0.0.1:$cart_port"
parent=(-H "traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
request() {  # WANT_STATUS CURL_ARGS...
  local want=$1 code
  shift
  code=$(curl -sS -m 10 -o /dev/null -w '%{http_code}' "$@")
  [[ "$code" == "$want" ]] || fail "curl $* answered $code, not $want"
}
request 201 -X POST -d widget "${parent[@]}" "$base/carts/7/items"
request 200 "$base/carts/7"
request 500 "$base/carts/7/audit"
request 409 "$base/carts/7/bump"
request 410 "$base/discontinued"
request 503 "$base/offline"

wait_view
python3 "$here/check-cart.py" "$work/spans.jsonl" "$work/downstream.txt" "$pg_port" "$redis_port"

# 4. remove: the sources exactly as they were
remove_restores "$app"
echo "ok: cart instrumented, traced end to end and restored"
