# shellcheck shell=bash disable=SC2154  # otel_setup, work, cmake_bin: set by the sourcing script
# Shared by the end-to-end scripts in this folder (source it, then call start_work NAME):
# a temp folder "$work" removed at exit, the background processes listed in "pids" stopped
# at exit, and the last lines of every "$work"/*.log printed when the script fails.
# A script with more to stop (a database server) defines stop_extra(), called first.

start_work() {  # NAME: the temp folder is otel-setup-NAME.XXXXXX
  work="$(mktemp -d "${TMPDIR:-/tmp}/otel-setup-$1.XXXXXX")"
  pids=()
  trap finish_work EXIT
  trap 'exit 130' INT TERM
}

finish_work() {
  local status=$?
  if declare -F stop_extra >/dev/null; then stop_extra || true; fi
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if ((status != 0)); then
    for log in "$work"/*.log; do
      [[ -f "$log" ]] || continue
      echo "---- last lines of $(basename "$log")" >&2
      tail -n 30 "$log" >&2
    done
  fi
  rm -rf "$work"
  exit "$status"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_port() {  # PORT [WHAT]: true once something accepts on 127.0.0.1:PORT, up to 10 s
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  [[ -z "${2:-}" ]] || echo "FAIL: $2 did not listen on $1" >&2
  return 1
}

# The steps every end-to-end script shares. They read "$otel_setup", "$work" and "$cmake_bin"
# (set by the script) and stop it with "FAIL: ..." on stderr; the logs then follow (finish_work).

fail() {  # MESSAGE...
  echo "FAIL: $*" >&2
  exit 1
}

copy_fixture() {  # FIXTURE_DIR NAME: $work/original (to compare after remove) and $work/NAME
  cp -r "$1" "$work/original"
  cp -r "$1" "$work/$2"
}

add_twice() {  # APP INTEGRATION...: add each (log in add.log), then again: "nothing to do"
  local app=$1 integration
  shift
  for integration in "$@"; do
    "$otel_setup" add "$integration" "$app" --yes --allow-dirty >>"$work/add.log" 2>&1 ||
      fail "add $integration"
    "$otel_setup" add "$integration" "$app" --yes --allow-dirty >"$work/again.log" 2>&1 ||
      fail "second add $integration"
    grep -q "nothing to do" "$work/again.log" ||
      { cat "$work/again.log" >&2; fail "second add $integration was not a no-op"; }
  done
}

build_fixture() {  # SOURCE_DIR [CMAKE_ARGS...]: configure and build in $work/build (build.log)
  local source=$1 generator=()
  shift
  command -v ninja >/dev/null && generator=(-G Ninja)
  "$cmake_bin" -S "$source" -B "$work/build" "${generator[@]}" "$@" >"$work/build.log" 2>&1 ||
    fail "configure $(basename "$source")"
  timeout "${build_timeout:-600}" "$cmake_bin" --build "$work/build" -j2 >>"$work/build.log" 2>&1 ||
    fail "build $(basename "$source")"
}

start_view() {  # EXPECTED: `otel-setup view` on $view_port until EXPECTED spans (spans.jsonl)
  expected=$1
  view_port=$(free_port)
  timeout 90 "$otel_setup" view --port "$view_port" --json --expect "$expected" --timeout 60 \
    >"$work/spans.jsonl" 2>"$work/view.log" &
  view_pid=$!
  pids+=("$view_pid")
  for _ in $(seq 100); do grep -qs listening "$work/view.log" && break; sleep 0.1; done
}

wait_view() {  # true once view has stopped with all the spans it expected
  wait "$view_pid" || fail "view did not get $expected spans"
}

start_service() {  # NAME COMMAND...: run against view, output in $work/NAME.log
  local name=$1
  shift
  OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$view_port" OTEL_BSP_SCHEDULE_DELAY=50 \
    OTEL_SERVICE_NAME="$name" "$@" >"$work/$name.log" 2>&1 &
  service_pid=$!
  pids+=("$service_pid")
}

stop_service() {  # SIGTERM the service and wait for it (its exit status does not matter)
  kill -TERM "$service_pid"
  wait "$service_pid" || true
}

remove_restores() {  # APP: `otel-setup remove` gives back $work/original byte for byte
  "$otel_setup" remove "$1" --yes >"$work/remove.log" 2>&1 || fail "remove"
  diff -r -x build "$work/original" "$1" >"$work/remove-diff.log" 2>&1 ||
    { cat "$work/remove-diff.log" >&2; fail "remove did not restore the sources"; }
  echo "ok: remove restored the sources byte for byte"
}
