#!/usr/bin/env bash
# Service overhead of the instrumentation under load: wrk against the `orders` example
# uninstrumented vs instrumented by `otel-setup init` (exporting over OTLP/HTTP to a local
# sink, see SINK), same machine, same build type, same settings, alternating runs
# (A B, B A, ...). Each round prints requests/s and p99 of both; the summary prints the
# median of the rounds and the ratios. See docs/performance-overhead.md.
#
#   bench/overhead/run.sh OTEL_SETUP [WORK]
# WORK keeps the two builds between invocations (default: a temporary folder).
# Environment: ROUNDS (9: on a shared 2-core VM two consecutive 5-s runs of the same binary
# differ by up to 20%, so fewer rounds leave the median at the mercy of the neighbours),
# DURATION seconds per run (5), CONNECTIONS (8: cpp-httplib serves
# each keep-alive connection on one of its 8 pool threads, more would queue), THREADS (1),
# URL_PATH (/orders?limit=10), SINK (discard: a collector stand-in that does not decode;
# view: `otel-setup view` decoding every span on the same cores), CMAKE.
set -euo pipefail

otel_setup="$(realpath "${1:?usage: bench/overhead/run.sh OTEL_SETUP [WORK]}")"
here="$(cd "$(dirname "$0")" && pwd)"
examples="$(cd "$here/../../examples" && pwd)"
rounds=${ROUNDS:-9}
duration=${DURATION:-5}
connections=${CONNECTIONS:-8}
threads=${THREADS:-1}
url_path=${URL_PATH:-/orders?limit=10}
sink=${SINK:-discard}
cmake_bin="${CMAKE:-cmake}"
if [[ -n "${2:-}" ]]; then
  work="$(mkdir -p "$2" && cd "$2" && pwd)"
  keep=1
else
  work="$(mktemp -d "${TMPDIR:-/tmp}/otel-setup-overhead.XXXXXX")"
  keep=0
fi
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }
# shellcheck source=lib.sh
source "$here/lib.sh"

# Two copies of orders, one instrumented by init, built alike (RelWithDebInfo).
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
for variant in plain instrumented; do
  if [[ ! -x "$work/build-$variant/orders" ]]; then
    rm -rf "$work/src-$variant"
    cp -r "$examples/orders" "$work/src-$variant"
    if [[ "$variant" == instrumented ]]; then
      "$otel_setup" init "$work/src-$variant" --yes --allow-dirty >"$work/init.log" 2>&1
    fi
    "$cmake_bin" -S "$work/src-$variant" -B "$work/build-$variant" "${generator[@]}" \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$work/build-$variant.log" 2>&1
    timeout 900 "$cmake_bin" --build "$work/build-$variant" -j2 >>"$work/build-$variant.log" 2>&1
  fi
done

# orders reserves stock before storing an order: a stub inventory answers the seeding calls.
inventory_port=$(free_port)
python3 "$here/stub_inventory.py" "$inventory_port" &
pids+=($!)

# The sink: by default a stand-in for a collector on another machine, which reads and
# acknowledges each export without decoding it (discard_collector.py); SINK=view decodes every
# span with `otel-setup view` on the same cores instead (a collector sharing the service's CPU).
view_port=$(free_port)
if [[ "$sink" == view ]]; then
  "$otel_setup" view --port "$view_port" --json --output /dev/null 2>"$work/view.log" &
else
  python3 "$here/discard_collector.py" "$view_port" 2>"$work/view.log" &
fi
view_pid=$!
pids+=($view_pid)

declare -A port pid_of
for variant in plain instrumented; do
  port[$variant]=$(free_port)
  OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$view_port" PORT=${port[$variant]} \
    BIND_ADDRESS=127.0.0.1 INVENTORY_URL="http://127.0.0.1:$inventory_port" \
    "$work/build-$variant/orders" >/dev/null 2>"$work/orders-$variant.err" &
  pids+=($!)
  pid_of[$variant]=$!
  wait_http "http://127.0.0.1:${port[$variant]}/health"
  for i in $(seq 10); do
    curl -fsS -m 5 -o /dev/null -X POST -d "{\"item\":\"widget\",\"quantity\":$i}" \
      "http://127.0.0.1:${port[$variant]}/orders"
  done
  wrk -t"$threads" -c"$connections" -d2s "http://127.0.0.1:${port[$variant]}$url_path" >/dev/null
done

# wrk prints "Requests/sec: N" and, with --latency, "99% <n><unit>".
measure() {
  wrk -t"$threads" -c"$connections" -d"${duration}s" --latency \
    "http://127.0.0.1:${port[$1]}$url_path" | python3 -c '
import re, sys
text = sys.stdin.read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
value, unit = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", text, re.M).groups()
p99_ms = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
total = re.search(r"(\d+) requests in", text).group(1)
print(f"{rps:.0f} {p99_ms:.3f} {errors.group(1) if errors else 0} {total}")'
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# The same for the runtime's export thread alone (0 in the uninstrumented service).
export_ticks() {
  local task ticks=0
  for task in /proc/"$1"/task/*; do
    [[ "$(cat "$task/comm" 2>/dev/null)" == otelrt-export ]] || continue
    ticks=$((ticks + $(awk '{print $14 + $15}' "$task/stat")))
  done
  echo "$ticks"
}
hz=$(getconf CLK_TCK)

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
results="$work/results.txt"
: >"$results"
# CPU us/request: the server's own CPU time (user+system from /proc) over the run divided by
# the requests served; steadier than req/s, though on a shared VM it moves too (cache and
# frequency). "of export": the part spent by the runtime's export thread.
printf '%-6s %-13s %10s %9s %12s %10s\n' round variant "req/s" "p99 ms" "CPU us/req" "of export"
for round in $(seq "$rounds"); do
  order=(plain instrumented)
  ((round % 2 == 0)) && order=(instrumented plain)
  for variant in "${order[@]}"; do
    ticks_before=$(cpu_ticks "${pid_of[$variant]}")
    export_before=$(export_ticks "${pid_of[$variant]}")
    read -r rps p99 errors total < <(measure "$variant")
    ticks_after=$(cpu_ticks "${pid_of[$variant]}")
    export_after=$(export_ticks "${pid_of[$variant]}")
    ((errors == 0)) || { echo "$variant: $errors non-2xx answers" >&2; exit 1; }
    cpu_us=$(((ticks_after - ticks_before) * 1000000 / hz / total))
    export_us=$(awk -v t=$((export_after - export_before)) -v hz="$hz" -v n="$total" \
      'BEGIN {printf "%.1f", t * 1000000 / hz / n}')
    printf '%-6s %-13s %10s %9s %12s %10s\n' "$round" "$variant" "$rps" "$p99" "$cpu_us" "$export_us"
    echo "$variant $rps $p99 $cpu_us" >>"$results"
  done
done

python3 - "$results" <<'EOF'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
median = {v: [statistics.median(float(r[i]) for r in rows if r[0] == v) for i in (1, 2, 3)]
          for v in ("plain", "instrumented")}
(plain_rps, plain_p99, plain_cpu), (inst_rps, inst_p99, inst_cpu) = (median["plain"],
                                                                      median["instrumented"])
print(f"median uninstrumented: {plain_rps:.0f} req/s, p99 {plain_p99:.2f} ms, {plain_cpu:.0f} CPU us/req")
print(f"median instrumented:   {inst_rps:.0f} req/s, p99 {inst_p99:.2f} ms, {inst_cpu:.0f} CPU us/req")
print(f"throughput ratio {inst_rps / plain_rps:.3f} (target >= 0.95), "
      f"p99 ratio {inst_p99 / plain_p99:.3f} (target <= 1.10), "
      f"CPU per request ratio {inst_cpu / plain_cpu:.3f}")
EOF
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
# CPU seconds (user+system) each process used over the whole run, warm-up included.
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$1/stat"; }
echo "CPU seconds: orders plain $(cpu_seconds "${pid_of[plain]}"), orders instrumented" \
  "$(cpu_seconds "${pid_of[instrumented]}"), the sink ($sink) $(cpu_seconds "$view_pid")"
kill "${pids[-1]}" 2>/dev/null || true  # instrumented orders: its shutdown line reports drops
wait "${pids[-1]}" 2>/dev/null || true
grep -h "otelrt" "$work/orders-instrumented.err" | tail -n 3 || true
