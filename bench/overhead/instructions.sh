#!/usr/bin/env bash
# Instructions per request of `orders`, uninstrumented vs instrumented, counted by callgrind:
# unlike requests/s these counts do not depend on what else the machine runs, so the ratio is
# repeatable on a shared 2-core machine. User space only (the kernel's share, mostly poll and
# send, is not counted). Reuses the two builds of bench/overhead/run.sh in WORK.
#
#   bench/overhead/instructions.sh OTEL_SETUP WORK        (run.sh OTEL_SETUP WORK first)
# Environment: DURATION seconds of wrk per variant (10), URL_PATH (/orders?limit=10).
# Prints, per variant, requests served and instructions per request, then the ratio and the
# functions of the instrumented run that cost the most (callgrind_annotate, inclusive).
set -euo pipefail

otel_setup="$(realpath "${1:?usage: bench/overhead/instructions.sh OTEL_SETUP WORK}")"
work="$(cd "${2:?usage: bench/overhead/instructions.sh OTEL_SETUP WORK}" && pwd)"
here="$(cd "$(dirname "$0")" && pwd)"
duration=${DURATION:-10}
url_path=${URL_PATH:-/orders?limit=10}
for tool in valgrind callgrind_control callgrind_annotate wrk; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install valgrind wrk)" >&2; exit 1; }
done
for variant in plain instrumented; do
  [[ -x "$work/build-$variant/orders" ]] ||
    { echo "no $work/build-$variant/orders: run bench/overhead/run.sh $1 $work first" >&2; exit 1; }
done
# shellcheck source=lib.sh
source "$here/lib.sh"

start_discard_sink sink-instructions.log
start_stub_inventory

declare -A per_request
for variant in plain instrumented; do
  port=$(free_port)
  out="$work/callgrind-$variant.out"
  rm -f "$out"*
  OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$sink_port" PORT=$port BIND_ADDRESS=127.0.0.1 \
    INVENTORY_URL="http://127.0.0.1:$inventory_port" \
    valgrind --tool=callgrind --callgrind-out-file="$out" "$work/build-$variant/orders" \
    >/dev/null 2>"$work/callgrind-$variant.log" &
  pid=$!
  pids+=($pid)
  wait_http "http://127.0.0.1:$port/health" 300
  for i in $(seq 10); do
    curl -fsS -m 10 -o /dev/null -X POST -d "{\"item\":\"widget\",\"quantity\":$i}" \
      "http://127.0.0.1:$port/orders"
  done
  callgrind_control --zero "$pid" >/dev/null 2>&1  # count the measured requests only
  served=$(wrk -t1 -c8 -d"${duration}s" "http://127.0.0.1:$port$url_path" |
    sed -nE 's/^ *([0-9]+) requests in.*/\1/p')
  callgrind_control --dump "$pid" >/dev/null 2>&1
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  dump=$(ls -t "$out".* | head -1)
  total=$(callgrind_annotate "$dump" | sed -nE 's/^ *([0-9,]+) .*PROGRAM TOTALS.*/\1/p' | tr -d ,)
  per_request[$variant]=$((total / served))
  echo "$variant: $served requests, ${per_request[$variant]} instructions per request"
done
python3 -c "import sys; p, i = map(int, sys.argv[1:]); print(f'instrumented / uninstrumented: {i / p:.3f} (+{i - p} per request)')" \
  "${per_request[plain]}" "${per_request[instrumented]}"
echo "most expensive tracing functions of the instrumented run (inclusive instructions):"
callgrind_annotate --inclusive=yes "$(ls -t "$work/callgrind-instrumented.out".* | head -1)" |
  grep -E 'telemetry::|otelrt::' | grep -vE '^ *[0-9,]+ +\([ 0-9.]+%\) +\*?/usr/include' | head -12 |
  cut -c1-160
