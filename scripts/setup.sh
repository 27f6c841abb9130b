#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine and builds otel-setup into build/.
#   scripts/setup.sh            install missing packages, fetch grammars, build
#   scripts/setup.sh --no-build only install and fetch
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${OTEL_SETUP_BUILD_DIR:-$root/build}"

mapfile -t packages < <(grep -v '^\s*#' "$root/scripts/packages.txt" | sed '/^\s*$/d')
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if ! command -v npm >/dev/null; then missing+=(nodejs npm); fi
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}" >&2
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

"$root/scripts/fetch-grammars.sh"

# The official OpenTelemetry JS SDK, pinned by tests/node/package-lock.json, for interop tests.
if [[ ! -d "$root/tests/node/node_modules" || "$root/tests/node/package-lock.json" -nt "$root/tests/node/node_modules" ]]; then
  echo "installing the OpenTelemetry JS SDK for interop tests (npm ci)" >&2
  (cd "$root/tests/node" && npm ci --silent --no-audit --no-fund >/dev/null)
  touch "$root/tests/node/node_modules"
fi

[[ "${1:-}" == "--no-build" ]] && exit 0
cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build_dir"
