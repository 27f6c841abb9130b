#!/usr/bin/env bash
# gRPC end to end on the greeter fixture (projects/greeter): in a git copy, `otel-setup add
# middleware` (server interceptor at the grpc::ServerBuilder) and `add grpc-client` (client
# interceptor where the channel is created), then both again (nothing to do); the edited
# sources must be clang-format clean. The fixture is built with its own CMake against Debian's
# gRPC, the server and one client run against `otel-setup view`, check-grpc.py checks the six
# spans, and `otel-setup remove` must leave `git status` clean (byte-identical sources).
#
#   run-grpc.sh OTEL_SETUP PROJECTS_DIR        (CMAKE=/path/to/cmake)
set -euo pipefail

otel_setup="${1:?usage: run-grpc.sh OTEL_SETUP PROJECTS_DIR}"
projects="$(cd "${2:?}" && pwd)"
here="$(cd "$(dirname "$0")" && pwd)"
cmake_bin="${CMAKE:-cmake}"
# shellcheck source=lib.sh
source "$here/lib.sh"
start_work grpc
stop_extra() { { exec 4>&-; } 2>/dev/null; }

cp -r "$projects/greeter" "$work/greeter"
cd "$work/greeter"
git init -q && git add -A
git -c user.email=test@example.invalid -c user.name=test commit -qm fixture

for integration in middleware grpc-client; do
  "$otel_setup" add "$integration" --yes >>"$work/add.log" 2>&1 || fail "add $integration"
done
grep -q "telemetry::trace_grpc_server(builder);" src/server.cpp || fail "server not instrumented"
grep -q "telemetry::TracedChannel(" src/client.cpp || fail "client not instrumented"
for integration in middleware grpc-client; do
  "$otel_setup" add "$integration" --yes >"$work/again.log" 2>&1 || fail "second add $integration"
  grep -q "nothing to do" "$work/again.log" || fail "second add $integration was not a no-op"
done
if command -v clang-format >/dev/null; then
  cp "$here/../../.clang-format" .clang-format
  clang-format --dry-run --Werror src/server.cpp src/client.cpp telemetry/grpc_server.hpp \
    telemetry/grpc_client.hpp 2>"$work/format.log" || fail "generated code is not clang-format clean"
  rm .clang-format
fi

build_fixture "$work/greeter"

port=$(free_port)
start_view 6
export OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$view_port" OTEL_BSP_SCHEDULE_DELAY=50

# The server serves until its stdin closes (fd 4 below).
mkfifo "$work/server.in"
OTEL_SERVICE_NAME=greeter-server "$work/build/greeter" server "$port" <"$work/server.in" \
  >"$work/server.log" 2>&1 &
pids+=($!)
exec 4>"$work/server.in"
for _ in $(seq 100); do grep -q listening "$work/server.log" && break; sleep 0.1; done
OTEL_SERVICE_NAME=greeter-client timeout 30 "$work/build/greeter" client "$port" \
  >"$work/client.log" 2>&1 || fail "client"
exec 4>&-
wait_view
python3 "$here/check-grpc.py" "$work/spans.jsonl" "$port"

"$otel_setup" remove --yes >"$work/remove.log" 2>&1 || fail "remove"
[[ -z "$(git status --porcelain)" ]] || { git status --short >&2; fail "remove left changes"; }
echo "ok: gRPC server and client spans, one trace per call, remove byte-identical"
