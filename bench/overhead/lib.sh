# shellcheck shell=bash
# Shared by bench/overhead/run.sh, side_by_side.sh and instructions.sh (sourced): background
# processes stopped on exit, a free loopback port, waiting for a server to answer, the two builds
# of orders and starting one.
# Callers append the pids of what they start to `pids`; set `work` and `keep=0` to have the
# work folder removed on exit.
pids=()
# Settings both load scripts share (their header comments list them): wrk's CONNECTIONS (8:
# cpp-httplib serves each keep-alive connection on one of its 8 pool threads) and THREADS (1),
# the URL_PATH loaded, the CMAKE that builds the two variants.
examples="$(cd "$here/../../examples" && pwd)"
connections=${CONNECTIONS:-8}
threads=${THREADS:-1}
url_path=${URL_PATH:-/orders?limit=10}
cmake_bin="${CMAKE:-cmake}"

need_wrk() {
  command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }
}

stop_started() {
  local status=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ "${keep:-1}" == 0 ]]; then rm -rf "$work"; fi
  exit "$status"
}
trap stop_started EXIT
trap 'exit 130' INT TERM

# The work folder (sets work): FOLDER when given, kept; otherwise a temporary one, removed on exit.
use_work_folder() {
  if [[ -n "$1" ]]; then
    work="$(mkdir -p "$1" && cd "$1" && pwd)"
    keep=1
  else
    work="$(mktemp -d "${TMPDIR:-/tmp}/otel-setup-overhead.XXXXXX")"
    keep=0
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits until URL answers (a service under valgrind takes seconds to start: TRIES of 0.2 s).
wait_http() {
  for _ in $(seq "${2:-100}"); do
    curl -fsS -m 2 -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "no answer from $1" >&2
  return 1
}

# Starts stub_inventory.py on a free port (inventory_port) and waits until it answers: orders
# answers the seeding POSTs with 502 while the stub is not listening yet.
start_stub_inventory() {
  inventory_port=$(free_port)
  python3 "$here/stub_inventory.py" "$inventory_port" &
  pids+=($!)
  wait_http "http://127.0.0.1:$inventory_port/"
}

# The collector stand-in (discard_collector.cpp), compiled into WORK when missing or older than
# its source; prints its path.
discard_collector() {
  local source="$here/discard_collector.cpp" binary="$work/discard_collector"
  if [[ ! -x "$binary" || "$source" -nt "$binary" ]]; then
    "${CXX:-c++}" -std=c++17 -O2 -Wall -Wextra -o "$binary" "$source" >&2
  fi
  echo "$binary"
}

# Starts the collector stand-in on a free port, logging to WORK/LOG; sets
# sink_port, which start_orders exports to.
start_discard_sink() {
  sink_port=$(free_port)
  "$(discard_collector)" "$sink_port" 2>"$work/$1" &
  pids+=($!)
}

# Two copies of examples/orders in WORK, one instrumented by `otel-setup init --runtime
# RUNTIME` (bundled; opentelemetry-cpp binds it to the official SDK), built alike
# (RelWithDebInfo), unless built already with that runtime. Needs otel_setup, examples and
# cmake_bin.
build_variants() {
  local generator=() variant runtime=${RUNTIME:-bundled}
  command -v ninja >/dev/null && generator=(-G Ninja)
  if [[ "$(cat "$work/runtime" 2>/dev/null || echo bundled)" != "$runtime" ]]; then
    rm -rf "$work/build-instrumented"
  fi
  echo "$runtime" >"$work/runtime"
  for variant in plain instrumented; do
    [[ -x "$work/build-$variant/orders" ]] && continue
    rm -rf "$work/src-$variant" "$work/build-$variant"
    cp -r "$examples/orders" "$work/src-$variant"
    if [[ "$variant" == instrumented ]]; then
      "$otel_setup" init --runtime "$runtime" "$work/src-$variant" --yes --allow-dirty \
        >"$work/init.log" 2>&1
    fi
    "$cmake_bin" -S "$work/src-$variant" -B "$work/build-$variant" "${generator[@]}" \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$work/build-$variant.log" 2>&1
    timeout 900 "$cmake_bin" --build "$work/build-$variant" -j2 >>"$work/build-$variant.log" 2>&1
  done
}

# Starts a fresh process of WORK/build-VARIANT/orders on a free port, exporting to sink_port and
# calling the stub inventory, seeds ten orders and warms it up with wrk for WARMUP seconds (2).
# Sets started_port and started_pid; its stderr goes to WORK/orders-VARIANT.err.
start_orders() {
  local variant=$1 i
  started_port=$(free_port)
  OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$sink_port" PORT=$started_port \
    BIND_ADDRESS=127.0.0.1 INVENTORY_URL="http://127.0.0.1:$inventory_port" \
    "$work/build-$variant/orders" >/dev/null 2>>"$work/orders-$variant.err" &
  started_pid=$!
  pids+=($started_pid)
  wait_http "http://127.0.0.1:$started_port/health"
  for i in $(seq 10); do
    curl -fsS -m 5 -o /dev/null -X POST -d "{\"item\":\"widget\",\"quantity\":$i}" \
      "http://127.0.0.1:$started_port/orders"
  done
  wrk -t"$threads" -c"$connections" -d"${WARMUP:-2}s" "http://127.0.0.1:$started_port$url_path" \
    >/dev/null
}

# Reads the output of `wrk --latency` on stdin ("Requests/sec: N", "99% <n><unit>", "N requests
# in", "Non-2xx or 3xx responses: N" when there were any); prints "requests/s p99_ms non_2xx
# requests".
wrk_summary() {
  python3 -c '
import re, sys
text = sys.stdin.read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
value, unit = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", text, re.M).groups()
p99_ms = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
total = re.search(r"(\d+) requests in", text).group(1)
print(f"{rps:.0f} {p99_ms:.3f} {errors.group(1) if errors else 0} {total}")'
}

# CPU ticks (user+system) a process used since it started.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
