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
