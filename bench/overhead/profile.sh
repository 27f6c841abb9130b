#!/usr/bin/env bash
# Where the instrumented `orders` spends the CPU it adds: both builds serve side by side under
# their own wrk while `perf record -e cpu-clock` samples both processes (a software clock, since
# these VMs expose no hardware counters), then the samples are summed per library, the tracing's
# own functions (otelrt::, telemetry::) apart, and divided by the requests each served. Also
# prints the export thread's share and the functions whose time grew most.
#
#   bench/overhead/profile.sh OTEL_SETUP [WORK]    (same builds and WORK as side_by_side.sh)
# Environment: DURATION seconds of load (15), FREQUENCY samples per second (2000).
set -euo pipefail

otel_setup="$(realpath "${1:?usage: bench/overhead/profile.sh OTEL_SETUP [WORK]}")"
here="$(cd "$(dirname "$0")" && pwd)"
duration=${DURATION:-15}
frequency=${FREQUENCY:-2000}
# shellcheck source=lib.sh
source "$here/lib.sh"
use_work_folder "${2:-}"
need_wrk
command -v perf >/dev/null || { echo "needs perf (apt-get install linux-perf)" >&2; exit 1; }

build_variants
start_stub_inventory
start_discard_sink sink.log
declare -A port pid served
for variant in plain instrumented; do
  start_orders "$variant"
  port[$variant]=$started_port pid[$variant]=$started_pid
done

perf record -q -e cpu-clock -F "$frequency" -p "${pid[plain]},${pid[instrumented]}" \
  -o "$work/perf.data" -- sleep $((duration + 1)) 2>"$work/perf.log" &
perf_pid=$!
sleep 0.5
for variant in plain instrumented; do
  wrk -t"$threads" -c"$connections" -d"${duration}s" "http://127.0.0.1:${port[$variant]}$url_path" \
    >"$work/wrk-profile-$variant.txt" &
  pids+=($!)
done
wait "${pids[@]: -2}"
wait "$perf_pid" || true
for variant in plain instrumented; do
  served[$variant]=$(sed -nE 's/^ *([0-9]+) requests in.*/\1/p' "$work/wrk-profile-$variant.txt")
done

perf script -i "$work/perf.data" -F pid,tid,comm,ip,sym,dso 2>/dev/null >"$work/perf.txt"
python3 - "$work/perf.txt" "$frequency" "${pid[plain]}" "${served[plain]}" \
  "${pid[instrumented]}" "${served[instrumented]}" <<'EOF_PY'
import collections, re, sys
path, frequency = sys.argv[1], int(sys.argv[2])
plain, instrumented = sys.argv[3], sys.argv[5]
served = {plain: int(sys.argv[4]), instrumented: int(sys.argv[6])}
us_per_sample = 1e6 / frequency
by_library = collections.defaultdict(collections.Counter)
by_function = collections.defaultdict(collections.Counter)
export_samples = 0
sample = re.compile(r"\s*(\S+)\s+(\d+)/(\d+)\s+\S+\s+(.*)\s+\(([^)]*)\)\s*$")
for line in open(path):
    match = sample.match(line)
    if not match:
        continue
    comm, pid, _, function, library = match.groups()
    library = library.rsplit("/", 1)[-1]
    tracing = "otelrt::" in function or "telemetry::" in function
    by_library[pid]["the tracing's own functions" if tracing else library] += 1
    by_function[pid][(library[:14], function[:80])] += 1
    if pid == instrumented and comm == "otelrt-export":
        export_samples += 1

def per_request(pid, samples):
    return samples * us_per_sample / served[pid]

print(f"requests served: plain {served[plain]}, instrumented {served[instrumented]}")
print(f"{'us per request':44s} {'plain':>8s} {'instr.':>8s} {'diff':>8s}")
totals = [0.0, 0.0]
for name in sorted(set(by_library[plain]) | set(by_library[instrumented]),
                   key=lambda n: -by_library[instrumented][n]):
    a = per_request(plain, by_library[plain][name])
    b = per_request(instrumented, by_library[instrumented][name])
    totals[0] += a
    totals[1] += b
    if a + b >= 0.05:
        print(f"{name[:44]:44s} {a:8.2f} {b:8.2f} {b - a:+8.2f}")
print(f"{'all':44s} {totals[0]:8.2f} {totals[1]:8.2f} {totals[1] - totals[0]:+8.2f}"
      f" ({totals[1] / totals[0] - 1:+.1%})")
print(f"of which the export thread: {per_request(instrumented, export_samples):.2f} us per request")
print("functions whose time per request grew most (us):")
grown = sorted(((per_request(instrumented, by_function[instrumented][k]) -
                 per_request(plain, by_function[plain][k]), k)
                for k in set(by_function[plain]) | set(by_function[instrumented])), reverse=True)
for difference, (library, function) in grown[:15]:
    print(f"  {difference:+6.2f}  {library:14s} {function}")
EOF_PY
