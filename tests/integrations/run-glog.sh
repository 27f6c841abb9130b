#!/usr/bin/env bash
# glog log correlation end to end: the glog-worker fixture gets `otel-setup add logging` (glog)
# and `add traced src/jobs.cpp:jobs::run_job`, is built with its own CMake and run against
# `otel-setup view`; the line logged inside the traced function must carry that span's ids,
# the lines outside none.
#
#   run-glog.sh OTEL_SETUP PROJECTS_DIR        (CMAKE=/path/to/cmake)
set -euo pipefail

otel_setup="${1:?usage: run-glog.sh OTEL_SETUP PROJECTS_DIR}"
projects="$(cd "${2:?}" && pwd)"
cmake_bin="${CMAKE:-cmake}"
work="$(mktemp -d "${TMPDIR:-/tmp}/otel-setup-glog.XXXXXX")"
view_pid=""
cleanup() {
  local status=$?
  [[ -n "$view_pid" ]] && { kill "$view_pid" 2>/dev/null || true; wait "$view_pid" 2>/dev/null || true; }
  if ((status != 0)); then
    for log in "$work"/*.log; do
      [[ -f "$log" ]] && { echo "---- $(basename "$log")" >&2; tail -n 30 "$log" >&2; }
    done
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cp -r "$projects/glog-worker" "$work/worker"
"$otel_setup" add logging "$work/worker" --yes --allow-dirty >"$work/add.log" 2>&1
"$otel_setup" add traced src/jobs.cpp:jobs::run_job "$work/worker" --yes --allow-dirty \
  >>"$work/add.log" 2>&1
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
"$cmake_bin" -S "$work/worker" -B "$work/build" "${generator[@]}" >"$work/build.log" 2>&1
timeout 900 "$cmake_bin" --build "$work/build" >>"$work/build.log" 2>&1

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
timeout 90 "$otel_setup" view --port "$port" --json --expect 1 --timeout 60 \
  >"$work/spans.jsonl" 2>"$work/view.log" &
view_pid=$!
for _ in $(seq 100); do grep -q listening "$work/view.log" && break; sleep 0.1; done
OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$port" OTEL_BSP_SCHEDULE_DELAY=50 \
  timeout 30 "$work/build/worker" 2>"$work/worker.log"
wait "$view_pid" || { view_pid=""; echo "FAIL: no span received" >&2; exit 1; }
view_pid=""

python3 - "$work/spans.jsonl" "$work/worker.log" <<'PY'
import json, sys
spans = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
lines = open(sys.argv[2]).read().splitlines()
assert len(spans) == 1 and spans[0]["name"] == "jobs::run_job", spans
span = spans[0]
inside = [l for l in lines if "running job 21" in l]
want = f"] trace_id={span['trace_id']} span_id={span['span_id']} running job 21"
assert len(inside) == 1 and inside[0].endswith(want), (inside, want)
assert inside[0].startswith("I") and "jobs.cpp:" in inside[0], inside
outside = [l for l in lines if "worker starting" in l or "worker done" in l]
assert len(outside) == 2 and not any("trace_id" in l for l in outside), outside
print("ok: glog line inside the span carries its ids")
PY
