# Shared by bench/overhead/run.sh and instructions.sh (sourced): background processes stopped
# on exit, a free loopback port, waiting for a server to answer.
# Callers append the pids of what they start to `pids`; set `work` and `keep=0` to have the
# work folder removed on exit.
pids=()

stop_started() {
  local status=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ "${keep:-1}" == 0 ]]; then rm -rf "$work"; fi
  exit "$status"
}
trap stop_started EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits until URL answers (a service under valgrind takes seconds to start: TRIES of 0.2 s).
wait_http() {
  for _ in $(seq "${2:-100}"); do
    curl -fsS -m 2 -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "no answer from $1" >&2
  return 1
}

# Starts stub_inventory.py on a free port (inventory_port) and waits until it answers: orders
# answers the seeding POSTs with 502 while the stub is not listening yet.
start_stub_inventory() {
  inventory_port=$(free_port)
  python3 "$here/stub_inventory.py" "$inventory_port" &
  pids+=($!)
  wait_http "http://127.0.0.1:$inventory_port/"
}

# The collector stand-in (discard_collector.cpp), compiled into WORK when missing or older than
# its source; prints its path.
discard_collector() {
  local source="$here/discard_collector.cpp" binary="$work/discard_collector"
  if [[ ! -x "$binary" || "$source" -nt "$binary" ]]; then
    "${CXX:-c++}" -std=c++17 -O2 -Wall -Wextra -o "$binary" "$source" >&2
  fi
  echo "$binary"
}
