#!/usr/bin/env bash
# The whole test suite, as CI runs it:
#   1. one build with warnings as errors under AddressSanitizer + UndefinedBehaviorSanitizer,
#      and every ctest test on it, the slow end-to-end ones included,
#   2. the runtime's concurrency tests under ThreadSanitizer.
# Ends with one line 'suite: N passed, N failed'.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jobs="$(nproc)"
"$root/scripts/setup.sh" --no-build || exit 1

passed=0
failed=0
failed_list="$(mktemp)"
trap 'rm -f "$failed_list"' EXIT
# Runs ctest in a build folder and adds its counts to the totals.
run_ctest() {
  local dir="$1" label="$2"
  shift 2
  echo "== $label (build done after ${SECONDS}s)" >&2
  local log
  log="$(mktemp)"
  (cd "$dir" && ctest --output-on-failure -j "$jobs" "$@") | tee "$log"
  local line total failures
  line="$(grep -E '[0-9]+% tests passed, [0-9]+ tests failed out of [0-9]+' "$log" | tail -1)"
  if [[ -z "$line" ]]; then
    echo "$label: ctest printed no summary" >&2
    rm -f "$log"
    failed=$((failed + 1))
    return
  fi
  # Kept for the end of the output, where a reader of a truncated CI log looks first.
  sed -n '/The following tests FAILED:/,/^Errors while running/p' "$log" | grep -E '^\s+[0-9]+ - ' |
    sed "s/^/  [$label] /" >>"$failed_list"
  total="$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$line")"
  failures="$(sed -E 's/.*, ([0-9]+) tests failed.*/\1/' <<<"$line")"
  rm -f "$log"
  passed=$((passed + total - failures))
  failed=$((failed + failures))
  echo "== $label: $((total - failures)) passed, $failures failed (${SECONDS}s since the start)" >&2
}

build() {
  local dir="$1"
  shift
  cmake -S "$root" -B "$dir" -G Ninja "$@" >/dev/null && cmake --build "$dir" -j "$jobs"
}

# One build serves both the -Werror check and the sanitizers: a separate release build of the
# same ~300 files cost a third of the suite's time on 2 cores. It is a unity build (several
# files per translation unit: the heavy headers, nlohmann-json, Catch2, mustache, are parsed
# once per batch, see docs/contributing.md); scripts/setup.sh's build stays one file per
# translation unit, so a missing #include still shows there, and builds with -O2, where
# GCC's flow-based warnings run. -O0 -g1: an -O1 build took 170 s longer on 2 cores and the
# tests, mostly waiting on fixture builds, gained little; -g1 keeps sanitizer reports at
# file:line.
if build "$root/build-check" -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-g1" \
  "-DCMAKE_C_FLAGS_DEBUG=-g1" -DOTEL_SETUP_SANITIZE=address,undefined \
  -DOTEL_SETUP_BUILD_BENCH=OFF -DCMAKE_UNITY_BUILD=ON; then
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    run_ctest "$root/build-check" "-Werror + address+undefined sanitizers"
else
  echo "build failed" >&2
  failed=$((failed + 1))
fi

if cmake -S "$root/runtime-skeleton" -B "$root/build-tsan" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DOTELRT_SANITIZE=thread -DCMAKE_UNITY_BUILD=ON >/dev/null && cmake --build "$root/build-tsan" -j "$jobs"; then
  TSAN_OPTIONS=halt_on_error=1 run_ctest "$root/build-tsan" "runtime under thread sanitizer"
else
  echo "thread sanitizer build failed" >&2
  failed=$((failed + 1))
fi

if [[ -s "$failed_list" ]]; then
  echo "failed tests:"
  cat "$failed_list"
fi
echo "suite: $passed passed, $failed failed in ${SECONDS}s"
[[ $failed -eq 0 ]]
