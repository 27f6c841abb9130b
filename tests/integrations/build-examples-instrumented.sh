#!/usr/bin/env bash
# Builds the two example services once, instrumented by the CLI, for every test that runs
# them (ctest fixture "examples_instrumented"): each gets `otel-setup init` alone (orders:
# cpp-httplib, libcurl, sqlite3, spdlog; inventory: Boost.Beast around the detected handler
# Router::dispatch, sqlite3, spdlog). Layout of OUT:
#
#   OUT/pristine/{orders,inventory}   untouched copies (what `remove` must give back)
#   OUT/src/{orders,inventory}        the instrumented sources
#   OUT/build-{orders,inventory}/     their builds (binaries orders, inventory)
#
# Skips the work when OUT/stamp matches the CLI binary and the example sources.
#
#   build-examples-instrumented.sh OTEL_SETUP EXAMPLES_DIR OUT     (CMAKE=/path/to/cmake)
set -euo pipefail

otel_setup="${1:?usage: build-examples-instrumented.sh OTEL_SETUP EXAMPLES_DIR OUT}"
examples="$(cd "${2:?}" && pwd)"
out="${3:?}"
cmake_bin="${CMAKE:-cmake}"

stamp="$( (sha256sum "$otel_setup"; cd "$examples" && find orders inventory -type f -print0 |
  sort -z | xargs -0 sha256sum) | sha256sum | cut -d' ' -f1)"
if [[ -f "$out/stamp" && "$(cat "$out/stamp")" == "$stamp" && -x "$out/build-orders/orders" &&
      -x "$out/build-inventory/inventory" ]]; then
  echo "instrumented examples up to date in $out"
  exit 0
fi

rm -rf "$out"
mkdir -p "$out/pristine" "$out/src"
stage=""
on_error() {
  local status=$?
  [[ -z "$stage" ]] || rm -rf "$stage"
  for log in "$out"/*.log; do
    [[ -f "$log" ]] || continue
    echo "---- last lines of $(basename "$log")" >&2
    tail -n 30 "$log" >&2
  done
  exit "$status"
}
trap on_error ERR

# init runs on a copy outside any git work tree: OUT usually sits in a build folder that the
# enclosing repository ignores, and otel-setup skips git-ignored sources.
stage="$(mktemp -d "${TMPDIR:-/tmp}/otel-setup-examples.XXXXXX")"
for name in orders inventory; do
  cp -r "$examples/$name" "$out/pristine/$name"
  cp -r "$examples/$name" "$stage/$name"
  "$otel_setup" init "$stage/$name" --yes --allow-dirty >"$out/init-$name.log" 2>&1
done
# init found the Beast handler by itself: the body of Router::dispatch is wrapped.
grep -q "otel-setup:begin beast-server" "$stage/inventory/http_server.cpp"
mv "$stage/orders" "$stage/inventory" "$out/src/"
rmdir "$stage"

generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
for name in orders inventory; do
  # The project's own default build type (none: no optimisation) as a user's first build;
  # bench/overhead builds optimised copies of its own.
  "$cmake_bin" -S "$out/src/$name" -B "$out/build-$name" "${generator[@]}" \
    >"$out/build-$name.log" 2>&1
  timeout 900 "$cmake_bin" --build "$out/build-$name" -j2 >>"$out/build-$name.log" 2>&1
done
echo "$stamp" >"$out/stamp"
echo "instrumented examples built in $out"
