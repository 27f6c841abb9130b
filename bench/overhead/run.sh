#!/usr/bin/env bash
# Service overhead of the instrumentation under load: wrk against the `orders` example
# uninstrumented vs instrumented by `otel-setup init` (exporting over OTLP/HTTP to a local
# sink, see SINK), same machine, same build type, same settings, alternating runs
# (A B, B A, ...), in several pairs of fresh processes. Each round prints requests/s and p99 of
# both; the summary prints the medians over all rounds and the ratios. See
# docs/performance-overhead.md.
#
#   bench/overhead/run.sh OTEL_SETUP [WORK]
# WORK keeps the two builds between invocations (default: a temporary folder).
# Environment: PAIRS of fresh processes (3: two processes of one binary differ by up to 5% in
# CPU per request, where their memory lands), ROUNDS per pair (4: on a shared 2-core VM two
# consecutive 5-s runs of the same binary differ by up to 20%),
# DURATION seconds per run (5), CONNECTIONS (8: cpp-httplib serves
# each keep-alive connection on one of its 8 pool threads, more would queue), THREADS (1),
# URL_PATH (/orders?limit=10), SINK (discard: a collector stand-in that does not decode;
# view: `otel-setup view` decoding every span on the same cores), RUNTIME (bundled, or
# opentelemetry-cpp: the instrumented copy bound to the official SDK), CMAKE.
set -euo pipefail

otel_setup="$(realpath "${1:?usage: bench/overhead/run.sh OTEL_SETUP [WORK]}")"
here="$(cd "$(dirname "$0")" && pwd)"
pairs=${PAIRS:-3}
rounds=${ROUNDS:-4}
duration=${DURATION:-5}
sink=${SINK:-discard}
# shellcheck source=lib.sh
source "$here/lib.sh"
use_work_folder "${2:-}"
need_wrk

build_variants

# orders reserves stock before storing an order: a stub inventory answers the seeding calls.
start_stub_inventory

# The sink: by default a stand-in for a collector on another machine, which reads and
# acknowledges each export without decoding it (discard_collector.cpp); SINK=view decodes every
# span with `otel-setup view` on the same cores instead (a collector sharing the service's CPU).
sink_port=$(free_port)
if [[ "$sink" == view ]]; then
  "$otel_setup" view --port "$sink_port" --json --output /dev/null 2>"$work/view.log" &
else
  "$(discard_collector)" "$sink_port" 2>"$work/view.log" &
fi
view_pid=$!
pids+=($view_pid)

declare -A port pid_of
# Starts a fresh process of each variant (and warms it up). Two processes of one binary differ by
# up to 5% in CPU per request on a shared VM (where their memory lands), so every pair of
# processes is measured for a few rounds and the summary takes the median over all pairs.
start_pair() {
  for variant in plain instrumented; do
    start_orders "$variant"
    port[$variant]=$started_port
    pid_of[$variant]=$started_pid
  done
}

# Stops the pair; the instrumented process's shutdown line (spans dropped) goes to its log.
stop_pair() {
  for variant in plain instrumented; do
    kill "${pid_of[$variant]}" 2>/dev/null || true
    wait "${pid_of[$variant]}" 2>/dev/null || true
  done
}

measure() {
  wrk -t"$threads" -c"$connections" -d"${duration}s" --latency \
    "http://127.0.0.1:${port[$1]}$url_path" | wrk_summary
}
# CPU seconds (user+system) a process used since it started.
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$1/stat"; }
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
: >"$work/orders-plain.err"
: >"$work/orders-instrumented.err"
# CPU us/request: the server's own CPU time (user+system from /proc) over the run divided by
# the requests served; steadier than req/s, though on a shared VM it moves too (cache and
# frequency). "of export": the part spent by the runtime's export thread.
printf '%-5s %-6s %-13s %10s %9s %12s %10s\n' pair round variant "req/s" "p99 ms" "CPU us/req" \
  "of export"
declare -A cpu_total
for pair in $(seq "$pairs"); do
  start_pair
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
      printf '%-5s %-6s %-13s %10s %9s %12s %10s\n' "$pair" "$round" "$variant" "$rps" "$p99" \
        "$cpu_us" "$export_us"
      echo "$variant $rps $p99 $cpu_us $pair" >>"$results"
    done
  done
  for variant in plain instrumented; do
    cpu_total[$variant]=$(awk -v before="${cpu_total[$variant]:-0}" -v hz="$hz" \
      '{printf "%.1f", before + ($14 + $15) / hz}' "/proc/${pid_of[$variant]}/stat")
  done
  stop_pair
done

python3 - "$results" <<'EOF'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
def median(variant, column, pair=None):
    return statistics.median(float(r[column]) for r in rows
                             if r[0] == variant and (pair is None or r[4] == pair))
(plain_rps, plain_p99, plain_cpu), (inst_rps, inst_p99, inst_cpu) = (
    [median(v, i) for i in (1, 2, 3)] for v in ("plain", "instrumented"))
pairs = sorted({r[4] for r in rows}, key=int)
print("throughput ratio per pair of processes: " +
      " ".join(f"{median('instrumented', 1, p) / median('plain', 1, p):.3f}" for p in pairs))
print(f"median uninstrumented: {plain_rps:.0f} req/s, p99 {plain_p99:.2f} ms, {plain_cpu:.0f} CPU us/req")
print(f"median instrumented:   {inst_rps:.0f} req/s, p99 {inst_p99:.2f} ms, {inst_cpu:.0f} CPU us/req")
print(f"throughput ratio {inst_rps / plain_rps:.3f} (target >= 0.95), "
      f"p99 ratio {inst_p99 / plain_p99:.3f} (target <= 1.10), "
      f"CPU per request ratio {inst_cpu / plain_cpu:.3f}")
EOF
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "CPU seconds: orders plain ${cpu_total[plain]}, orders instrumented" \
  "${cpu_total[instrumented]}, the sink ($sink) $(cpu_seconds "$view_pid")"
grep -h "otelrt" "$work/orders-instrumented.err" | tail -n 3 || true
