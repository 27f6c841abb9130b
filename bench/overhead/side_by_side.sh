#!/usr/bin/env bash
# Overhead of the instrumentation measured side by side: the uninstrumented and the instrumented
# `orders` serve at the same time, each under its own wrk, so in every round both see the same
# machine (neighbours' load, CPU frequency, steal), which run.sh's alternating runs cannot give a
# shared 2-core VM. Each round is paired with a control round run the same way on two processes
# of the uninstrumented binary, which shows what the method resolves.
#
# The measure is CPU per request (user+system from /proc over the requests wrk counted), what
# throughput follows when the service is CPU-bound: at equal CPU, instrumented throughput is
# plain / instrumented CPU per request. Requests/s of each side are printed too, but side by side
# they also depend on how the scheduler splits the cores between the two, so the summary's
# throughput figure is the one at equal CPU. See docs/performance-overhead.md.
#
#   bench/overhead/side_by_side.sh OTEL_SETUP [WORK]
# WORK keeps the builds between invocations (shared with run.sh; default: a temporary folder).
# Environment: PAIRS of fresh processes (3), ROUNDS per pair (6), DURATION seconds per round
# (5), CONNECTIONS per wrk (8), THREADS per wrk (1), URL_PATH (/orders?limit=10), RUNTIME
# (bundled, or opentelemetry-cpp), CMAKE.
set -euo pipefail

otel_setup="$(realpath "${1:?usage: bench/overhead/side_by_side.sh OTEL_SETUP [WORK]}")"
here="$(cd "$(dirname "$0")" && pwd)"
pairs=${PAIRS:-3}
rounds=${ROUNDS:-6}
duration=${DURATION:-5}
# shellcheck source=lib.sh
source "$here/lib.sh"
use_work_folder "${2:-}"
need_wrk

build_variants
start_stub_inventory
start_discard_sink sink.log

# race PORT_A PID_A PORT_B PID_B: wrk against both at once for DURATION seconds; prints, for
# each, requests/s, p99 ms and CPU us/request: "rps_a p99_a cpu_a rps_b p99_b cpu_b". Fails on
# a non-2xx answer.
race() {
  local ports=("$1" "$3") raced=("$2" "$4") ticks=() runs=() side rps p99 errors total used
  for side in 0 1; do ticks[side]=$(cpu_ticks "${raced[side]}"); done
  for side in 0 1; do
    wrk -t"$threads" -c"$connections" -d"${duration}s" --latency \
      "http://127.0.0.1:${ports[side]}$url_path" >"$work/wrk-$side.txt" &
    runs[side]=$!
  done
  wait "${runs[@]}"
  for side in 0 1; do
    read -r rps p99 errors total < <(wrk_summary <"$work/wrk-$side.txt")
    ((errors == 0)) || { echo "port ${ports[side]}: $errors non-2xx answers" >&2; return 1; }
    used=$(($(cpu_ticks "${raced[side]}") - ticks[side]))
    printf '%s %s %s ' "$rps" "$p99" \
      "$(awk -v t="$used" -v hz="$hz" -v n="$total" 'BEGIN {printf "%.1f", t * 1e6 / hz / n}')"
  done
  echo
}
hz=$(getconf CLK_TCK)

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
results="$work/side_by_side.txt"
: >"$results"
printf '%-5s %-6s %-22s %-34s\n' pair round "control CPU us/req" "plain vs instrumented"
for pair in $(seq "$pairs"); do
  # Three fresh processes: plain, a second plain (the control), instrumented.
  start_orders plain
  plain_port=$started_port plain_pid=$started_pid
  start_orders plain
  control_port=$started_port control_pid=$started_pid
  start_orders instrumented
  instrumented_port=$started_port instrumented_pid=$started_pid
  for round in $(seq "$rounds"); do
    # Assignments, so that a failed race stops the script (set -e).
    control=$(race "$plain_port" "$plain_pid" "$control_port" "$control_pid")
    test=$(race "$plain_port" "$plain_pid" "$instrumented_port" "$instrumented_pid")
    read -r _ _ control_a _ _ control_b <<<"$control"
    read -r rps_p p99_p cpu_p rps_i p99_i cpu_i <<<"$test"
    printf '%-5s %-6s %-22s %-34s\n' "$pair" "$round" "$control_a / $control_b" \
      "$cpu_p / $cpu_i us, $rps_p / $rps_i req/s, p99 $p99_p / $p99_i ms"
    echo "$pair $control_a $control_b $rps_p $p99_p $cpu_p $rps_i $p99_i $cpu_i" >>"$results"
  done
  for pid in "$plain_pid" "$control_pid" "$instrumented_pid"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
done

python3 - "$results" <<'EOF_PY'
import statistics, sys
rows = [[float(x) for x in line.split()] for line in open(sys.argv[1])]
median = statistics.median
control = median(r[2] / r[1] for r in rows)
cpu = median(r[8] / r[5] for r in rows)
rps = median(r[6] / r[3] for r in rows)
p99 = median(r[7] / r[4] for r in rows)
pairs = sorted({int(r[0]) for r in rows})
print("CPU per request ratio per pair of processes: " + " ".join(
    f"{median(r[8] / r[5] for r in rows if r[0] == p):.3f}" for p in pairs))
print(f"control (plain / plain) CPU per request ratio {control:.3f}: what the method resolves")
print(f"instrumented / plain CPU per request ratio {cpu:.3f}: throughput at equal CPU "
      f"{1 / cpu:.3f} (target >= 0.95)")
print(f"side by side: requests/s ratio {rps:.3f}, p99 ratio {p99:.3f} (target <= 1.10)")
EOF_PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
