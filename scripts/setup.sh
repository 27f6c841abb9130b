#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine and builds otel-setup into build/.
#   scripts/setup.sh            install missing packages, fetch grammars, build
#   scripts/setup.sh --no-build only install and fetch
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${OTEL_SETUP_BUILD_DIR:-$root/build}"

# The packages LIST (one per line, # comments) names that are not installed, one per line.
not_installed() {
  local package
  grep -v '^\s*#' "$1" | sed '/^\s*$/d' | while read -r package; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
      echo "$package"
  done
}

mapfile -t missing < <(not_installed "$root/scripts/packages.txt")
if ! command -v npm >/dev/null; then missing+=(nodejs npm); fi
# From Debian 12's backports (opentelemetry-cpp is not in bookworm itself): the suite added
# to apt's sources when missing. Backports are pinned below the release, so nothing else moves.
mapfile -t missing_backports < <(not_installed "$root/scripts/packages-backports.txt")
sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
if ((${#missing[@]} + ${#missing_backports[@]})); then
  backports_suite=""
  if ((${#missing_backports[@]})) && grep -qs '^VERSION_CODENAME=bookworm$' /etc/os-release; then
    backports_suite=bookworm-backports
    if ! grep -rqs "$backports_suite" /etc/apt/sources.list /etc/apt/sources.list.d/; then
      echo "adding $backports_suite to apt's sources (for ${missing_backports[*]})" >&2
      printf '%s\n' "Types: deb" "URIs: http://deb.debian.org/debian" \
        "Suites: $backports_suite" "Components: main" \
        "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg" |
        $sudo tee /etc/apt/sources.list.d/otel-setup-backports.sources >/dev/null
    fi
  fi
  echo "installing: ${missing[*]} ${missing_backports[*]}" >&2
  $sudo apt-get update -qq
  if ((${#missing[@]})); then
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null
  fi
  if ((${#missing_backports[@]})); then
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
      ${backports_suite:+-t "$backports_suite"} "${missing_backports[@]}" >/dev/null
  fi
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
