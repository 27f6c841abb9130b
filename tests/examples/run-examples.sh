#!/usr/bin/env bash
# Builds the two example services in a temporary folder, starts inventory and
# orders on free ports, drives them with curl and checks every documented answer:
# health, an order placed and read back across both services, out of stock (409),
# the handler that throws (500), bad input, and a graceful SIGTERM stop.
#
#   run-examples.sh EXAMPLES_DIR        (CMAKE=/path/to/cmake to pick cmake)
set -euo pipefail

examples="$(cd "${1:?usage: run-examples.sh EXAMPLES_DIR}" && pwd)"
cmake_bin="${CMAKE:-cmake}"
work="$(mktemp -d "${TMPDIR:-/tmp}/otel-setup-examples.XXXXXX")"
declare -A pid_of=()
failures=0

cleanup() {
  local status=$?
  for name in "${!pid_of[@]}"; do kill "${pid_of[$name]}" 2>/dev/null || true; done
  for name in "${!pid_of[@]}"; do wait "${pid_of[$name]}" 2>/dev/null || true; done
  if ((status != 0)); then
    for log in "$work"/*.log; do
      [[ -f "$log" ]] || continue
      echo "---- last lines of $(basename "$log")" >&2
      tail -n 40 "$log" >&2
    done
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

note() { printf '%s\n' "$*" >&2; }

build() {
  local name=$1 generator=()
  command -v ninja >/dev/null && generator=(-G Ninja)
  note "building $name"
  "$cmake_bin" -S "$examples/$name" -B "$work/build-$name" "${generator[@]}" \
    >"$work/build-$name.log" 2>&1
  "$cmake_bin" --build "$work/build-$name" >>"$work/build-$name.log" 2>&1
  if grep -q 'warning:' "$work/build-$name.log"; then
    grep 'warning:' "$work/build-$name.log" >&2
    note "FAIL: $name builds with warnings"
    exit 1
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits (at most 10 s) until GET /health answers, or the process has exited.
wait_healthy() {
  local pid=$1 url=$2
  for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || return 1
    curl -fsS -m 1 -o /dev/null "$url/health" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# start NAME VAR=value...: runs the service on a free port; retries when the
# port was taken between choosing it and binding it. Sets url_of[NAME].
declare -A url_of=()
start() {
  local name=$1 port pid
  shift
  for _ in 1 2 3; do
    port="$(free_port)"
    env "$@" PORT="$port" BIND_ADDRESS=127.0.0.1 "$work/build-$name/$name" \
      >>"$work/$name.log" 2>&1 &
    pid=$!
    if wait_healthy "$pid" "http://127.0.0.1:$port"; then
      pid_of[$name]=$pid
      url_of[$name]="http://127.0.0.1:$port"
      note "$name listening on port $port"
      return 0
    fi
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  note "FAIL: $name did not become healthy"
  exit 1
}

# check NAME EXPECTED_STATUS METHOD URL [BODY]: the body lands in $work/body.
check() {
  local name=$1 expected=$2 method=$3 url=$4 body=${5:-} status
  local args=(-sS -m 5 -o "$work/body" -w '%{http_code}' -X "$method")
  [[ -n "$body" ]] && args+=(-H 'Content-Type: application/json' --data "$body")
  status="$(curl "${args[@]}" "$url" 2>>"$work/curl.log")" || status="curl failed"
  if [[ "$status" == "$expected" ]]; then
    note "ok   $name ($status)"
  else
    note "FAIL $name: expected $expected, got $status: $(head -c 300 "$work/body" 2>/dev/null)"
    failures=$((failures + 1))
  fi
}

# body_has NAME TEXT: the last response body contains TEXT.
body_has() {
  if grep -qF -- "$2" "$work/body"; then
    note "ok   $1"
  else
    note "FAIL $1: body lacks $2: $(head -c 300 "$work/body")"
    failures=$((failures + 1))
  fi
}

build inventory
build orders

start inventory
start orders INVENTORY_URL="${url_of[inventory]}" ORDERS_DB="$work/orders.sqlite"
inventory="${url_of[inventory]}"
orders="${url_of[orders]}"

check "inventory health" 200 GET "$inventory/health"
check "orders health" 200 GET "$orders/health"

check "place an order" 201 POST "$orders/orders" '{"item":"widget","quantity":2}'
order_id="$(grep -o '"id":[0-9]*' "$work/body" | head -n 1 | cut -d: -f2)"
if [[ -z "$order_id" ]]; then
  note "FAIL place an order: no id in $(cat "$work/body")"
  exit 1
fi
check "read the order back" 200 GET "$orders/orders/$order_id"
body_has "the order read back is the one placed" '"item":"widget"'
check "list orders" 200 GET "$orders/orders?limit=10"
body_has "the list holds the order" "\"id\":$order_id"
check "stock was reserved at inventory" 200 GET "$inventory/stock/widget"
body_has "widget stock went from 100 to 98" '"available":98'

check "out of stock" 409 POST "$orders/orders" '{"item":"gadget","quantity":10}'
body_has "out of stock says how many are left" '"available":5'
check "unknown item" 422 POST "$orders/orders" '{"item":"unobtainium","quantity":1}'
check "malformed body" 400 POST "$orders/orders" 'not json'
check "unknown order" 404 GET "$orders/orders/987654321"
check "handler that throws" 500 POST "$orders/orders" '{"item":"explode","quantity":1}'
check "orders still serves after the exception" 200 GET "$orders/health"

check "inventory unknown item" 404 GET "$inventory/stock/unobtainium"
check "inventory wrong method" 405 DELETE "$inventory/stock/widget"
check "inventory reserve" 200 POST "$inventory/stock/gadget/reserve" '{"quantity":5}'
check "inventory insufficient stock" 409 POST "$inventory/stock/gadget/reserve" '{"quantity":1}'

# Graceful stop: SIGTERM makes both exit 0 promptly.
for name in orders inventory; do
  kill -TERM "${pid_of[$name]}"
  for _ in $(seq 50); do
    kill -0 "${pid_of[$name]}" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "${pid_of[$name]}" 2>/dev/null; then
    note "FAIL $name ignored SIGTERM for 5 s"
    failures=$((failures + 1))
  elif wait "${pid_of[$name]}"; then
    note "ok   $name stopped cleanly on SIGTERM"
    unset "pid_of[$name]"
  else
    note "FAIL $name exited with status $? on SIGTERM"
    failures=$((failures + 1))
    unset "pid_of[$name]"
  fi
done

if ((failures)); then
  note "$failures check(s) failed"
  exit 1
fi
note "all checks passed"
