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
here="$(cd "$(dirname "$0")" && pwd)"
cmake_bin="${CMAKE:-cmake}"
# shellcheck source=lib.sh
source "$here/lib.sh"
start_work glog
build_timeout=900

cp -r "$projects/glog-worker" "$work/worker"
"$otel_setup" add logging "$work/worker" --yes --allow-dirty >"$work/add.log" 2>&1
"$otel_setup" add traced src/jobs.cpp:jobs::run_job "$work/worker" --yes --allow-dirty \
  >>"$work/add.log" 2>&1
build_fixture "$work/worker"

start_view 1
OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$view_port" OTEL_BSP_SCHEDULE_DELAY=50 \
  timeout 30 "$work/build/worker" 2>"$work/worker.log"
wait "$view_pid" || fail "no span received"

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
