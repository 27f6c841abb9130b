#!/usr/bin/env bash
# The instrumented `orders` example keeps serving when its collector misbehaves. For each
# fault -- down (connection refused), slow (fake_collector.py answers after 5 s), 503 -- one
# orders process:
#   1. exports to a healthy `otel-setup view`; latency of BASE requests is the baseline;
#   2. the collector is replaced by the fault; FAULT requests are measured, RSS read from
#      /proc before and after them;
#   3. view comes back on the same port; a request with a known trace id must reach it;
#   4. SIGTERM: the runtime's shutdown line accounts for every span (started = exported +
#      dropped, dropped > 0).
# Asserts: no failed request, p95 under fault <= max(3 x baseline p95, baseline + 50 ms),
# p50 <= max(2 x baseline p50, baseline + 5 ms),
# RSS growth <= RSS_BOUND_KIB, export resumes, drops counted. Prints one JSON line per fault.
#
#   run-collector-faults.sh OTEL_SETUP EXAMPLES_DIR [BUILT]   (CMAKE=/path/to/cmake)
# BUILT: the output folder of build-examples-instrumented.sh (built here when missing).
set -euo pipefail

otel_setup="${1:?usage: run-collector-faults.sh OTEL_SETUP EXAMPLES_DIR [BUILT]}"
examples="$(cd "${2:?}" && pwd)"
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"
start_work faults
built="${3:-$work/built}"
base_requests=${BASE_REQUESTS:-300}
fault_requests=${FAULT_REQUESTS:-1000}
rss_bound_kib=${RSS_BOUND_KIB:-4096}

fail() {
  echo "FAIL ($fault): $*" >&2
  exit 1
}
# wait_for TENTHS COMMAND...: polls COMMAND every 0.1 s; false when time runs out.
wait_for() {
  local tries=$1
  shift
  for _ in $(seq "$tries"); do
    "$@" && return 0
    sleep 0.1
  done
  return 1
}
# stop PID: SIGTERM, bounded wait; its exit status in stopped_status.
stop() {
  kill "$1" 2>/dev/null || true
  timeout 15 tail --pid="$1" -f /dev/null || fail "process $1 did not stop"
  stopped_status=0
  wait "$1" 2>/dev/null || stopped_status=$?
}
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }

bash "$here/build-examples-instrumented.sh" "$otel_setup" "$examples" "$built" >"$work/build.log" 2>&1 ||
  { cat "$work/build.log" >&2; exit 1; }

collector_port=$(free_port)
start_view() {
  timeout 120 "$otel_setup" view --port "$collector_port" --json --output "$work/$1.jsonl" \
    2>"$work/view-$1.log" &
  view_pid=$!
  pids+=($view_pid)
  wait_for 100 grep -q listening "$work/view-$1.log" || fail "view did not start"
}
start_fake() {
  python3 "$here/fake_collector.py" "$1" "$collector_port" >"$work/fake-$1.out" \
    2>"$work/fake-$1.log" &
  fake_pid=$!
  pids+=($fake_pid)
  wait_for 100 grep -q ready "$work/fake-$1.out" || fail "fake collector did not start"
}

for fault in down slow 503; do
  start_view "healthy-$fault"
  orders_port=$(free_port)
  OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$collector_port" OTEL_BSP_SCHEDULE_DELAY=100 \
    OTEL_BSP_MAX_QUEUE_SIZE=512 PORT=$orders_port BIND_ADDRESS=127.0.0.1 LOG_LEVEL=warn \
    "$built/build-orders/orders" >"$work/orders-$fault.log" 2>&1 &
  orders_pid=$!
  pids+=($orders_pid)
  orders="http://127.0.0.1:$orders_port"
  wait_for 100 curl -fsS -m 1 -o /dev/null "$orders/health" 2>/dev/null || fail "orders did not start"

  python3 "$here/drive_orders.py" "$orders" 100 >/dev/null  # warm-up: threads, caches
  baseline=$(python3 "$here/drive_orders.py" "$orders" "$base_requests")
  stop "$view_pid"
  [[ "$fault" == down ]] || start_fake "$fault"

  rss_before=$(rss_kib "$orders_pid")
  faulted=$(python3 "$here/drive_orders.py" "$orders" "$fault_requests")
  rss_after=$(rss_kib "$orders_pid")

  [[ "$fault" == down ]] || stop "$fake_pid"
  start_view "recovered-$fault"
  recovered_at=$(date +%s.%N)
  trace_id=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
  # One request every 0.5 s carrying a known trace id, until one of its spans arrives (the
  # first ones may meet a queue still full of spans from the fault).
  resumed=0
  for _ in $(seq 80); do
    python3 "$here/drive_orders.py" "$orders" 1 "/orders?limit=1" \
      "00-$trace_id-00f067aa0ba902b7-01" >/dev/null
    if wait_for 5 grep -q "$trace_id" "$work/recovered-$fault.jsonl"; then
      resumed=1
      break
    fi
  done
  ((resumed)) || fail "no new span reached the collector within 40 s after it came back"
  resumed_s=$(python3 -c "import sys, time; print(round(time.time() - float(sys.argv[1]), 1))" \
    "$recovered_at")

  stop "$orders_pid"
  ((stopped_status == 0)) || fail "orders exited with $stopped_status on SIGTERM"
  stop "$view_pid"
  summary=$(grep "at shutdown:" "$work/orders-$fault.log" || true)
  python3 - "$fault" "$baseline" "$faulted" "$rss_before" "$rss_after" "$rss_bound_kib" \
    "$resumed_s" "$summary" <<'EOF' || fail "see above"
import json, re, sys
fault, base, hit = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
rss_growth, bound = int(sys.argv[5]) - int(sys.argv[4]), int(sys.argv[6])
resumed_s, summary = float(sys.argv[7]), sys.argv[8]
counts = re.search(r"(\d+) spans started, (\d+) exported, (\d+) dropped \(queue full\), "
                   r"(\d+) dropped \(export failed\)", summary)
result = {"fault": fault, "baseline_p95_ms": base["p95_ms"], "fault_p95_ms": hit["p95_ms"],
          "baseline_p50_ms": base["p50_ms"], "fault_p50_ms": hit["p50_ms"],
          "rss_growth_kib": rss_growth, "export_resumed_after_s": resumed_s}
problems = []
if base["errors"] or hit["errors"]:
    problems.append(f"failed requests: {base['errors']} before, {hit['errors']} during the fault")
# Loose enough for a shared 2-core machine, tight enough for the failure it guards against:
# a request waiting on the exporter would wait for a 1-5 s retry or the 5 s slow collector.
if hit["p95_ms"] > max(3 * base["p95_ms"], base["p95_ms"] + 50):
    problems.append("p95 latency under the fault is out of bounds")
if hit["p50_ms"] > max(2 * base["p50_ms"], base["p50_ms"] + 5):
    problems.append("median latency under the fault is out of bounds")
if rss_growth > bound:
    problems.append(f"RSS grew by {rss_growth} KiB (bound {bound})")
if not counts:
    problems.append(f"no shutdown summary with dropped spans: {summary!r}")
else:
    started, exported, queue_full, failed = map(int, counts.groups())
    result.update(started=started, exported=exported, dropped_queue_full=queue_full,
                  dropped_export_failed=failed)
    if queue_full + failed == 0 or started != exported + queue_full + failed:
        problems.append("spans not accounted for: started != exported + dropped")
print(json.dumps(result))
for problem in problems:
    print(f"FAIL ({fault}): {problem}", file=sys.stderr)
sys.exit(1 if problems else 0)
EOF
done
echo "ok: orders kept serving through a down, slow and 503 collector; export resumed each time"
