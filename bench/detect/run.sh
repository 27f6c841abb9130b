#!/usr/bin/env bash
# Scan-speed benchmark of `otel-setup detect` against ripgrep on the same large tree.
#
#   bench/detect/run.sh [OTEL_SETUP_BINARY] [RUNS]     (defaults: build/otel-setup, 5)
#
# Builds a tree from a copy of /usr/include/boost (~14k files, Debian's libboost-dev) with
# a small service seeded into it (main.cpp using cpp-httplib, libcurl and sqlite3, plus a
# CMakeLists.txt), then times `otel-setup detect --json` and `rg -l -F -f <triggers>` (the
# catalog's prefilter strings, see triggers.py) on it, several runs each after one warm-up.
# Prints files/s, MB/s, peak RSS, CPU use ((user+sys)/wall; 2.0 = both cores busy) and the
# ratio detect/rg. Installs nothing: needs libboost-dev, ripgrep and python3.
# BENCH_KEEP_TREE=DIR reuses/keeps the tree in DIR instead of a temporary folder.
# BENCH_GITIGNORE=1 puts a .gitignore at the tree's root (as most repositories have), so
# detect asks libgit2 about every file; without it no .gitignore rule can apply to the tree.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bench="$repo/bench/detect"
binary="${1:-$repo/build/otel-setup}"
runs="${2:-5}"
boost=/usr/include/boost

fail() { echo "bench/detect: $*" >&2; exit 1; }
[[ -d "$boost" ]] || fail "$boost not found: install libboost-dev"
command -v rg >/dev/null || fail "rg not found: install ripgrep"
command -v python3 >/dev/null || fail "python3 not found"
[[ -x "$binary" ]] || fail "$binary is not an executable; build it or pass its path"
catalog="$repo/detectors/catalog/libraries.json"
[[ -f "$catalog" ]] || fail "$catalog not found"

if [[ -n "${BENCH_KEEP_TREE:-}" ]]; then
  work="$BENCH_KEEP_TREE"
  mkdir -p "$work"
else
  work="$(mktemp -d "${TMPDIR:-/tmp}/otel-detect-bench.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
fi
tree="$work/tree"

if [[ ! -d "$tree/boost" ]]; then
  mkdir -p "$tree"
  cp -R --dereference "$boost" "$tree/boost"  # a real copy: no symlinks to follow
fi
if [[ -n "${BENCH_GITIGNORE:-}" ]]; then
  printf '*.o\n/build/\n!service/\n' >"$tree/.gitignore"
else
  rm -f "$tree/.gitignore"
fi
mkdir -p "$tree/service/src"
cat >"$tree/service/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.16)
project(orders LANGUAGES CXX)
set(CMAKE_CXX_STANDARD 17)
find_package(PkgConfig REQUIRED)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
find_package(CURL REQUIRED)
find_package(SQLite3 REQUIRED)
add_executable(orders src/main.cpp)
target_link_libraries(orders PRIVATE PkgConfig::HTTPLIB CURL::libcurl SQLite::SQLite3)
CMAKE
cat >"$tree/service/src/main.cpp" <<'CPP'
#include <curl/curl.h>
#include <httplib.h>
#include <sqlite3.h>

#include <string>

static std::string fetch_price(const std::string& sku) {
  CURL* curl = curl_easy_init();
  curl_easy_setopt(curl, CURLOPT_URL, ("http://prices/" + sku).c_str());
  curl_easy_perform(curl);
  curl_easy_cleanup(curl);
  return "1.00";
}

int main() {
  sqlite3* db = nullptr;
  sqlite3_open("orders.db", &db);
  sqlite3_exec(db, "CREATE TABLE IF NOT EXISTS orders(sku TEXT)", nullptr, nullptr, nullptr);
  httplib::Server server;
  server.Get("/orders", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(fetch_price("a"), "text/plain");
  });
  server.listen("0.0.0.0", 8080);
  sqlite3_close(db);
}
CPP

triggers="$work/triggers.txt"
python3 "$bench/triggers.py" "$catalog" >"$triggers"
files=$(find "$tree" -type f | wc -l)
bytes=$(du -sb "$tree" | cut -f1)

echo "tree: $files files, $((bytes / 1000000)) MB; $(wc -l <"$triggers") trigger strings;" \
  "root .gitignore: $([[ -f "$tree/.gitignore" ]] && echo yes || echo no);" \
  "$runs runs each after a warm-up; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$binary" detect "$tree" --json >"$work/facts.json" ||
  fail "otel-setup detect failed (exit $?)"
python3 - "$work/facts.json" <<'PY'
import json, sys
facts = json.load(open(sys.argv[1]))
stats = facts.get("stats", {})
libraries = sorted({library.get("id", "?") for library in facts.get("libraries", [])})
print(f"detect found: libraries {libraries}, "
      f"{len(facts.get('entry_points', []))} entry points, "
      f"{len(facts.get('build_systems', []))} build systems; "
      f"stats {json.dumps(stats) if stats else '(none)'}")
PY

detect_json=$(python3 "$bench/measure.py" detect "$runs" -- "$binary" detect "$tree" --json)
rg_json=$(python3 "$bench/measure.py" rg "$runs" -- rg -l -F -f "$triggers" "$tree")

python3 - "$files" "$bytes" "$detect_json" "$rg_json" <<'PY'
import json, sys
files, size = int(sys.argv[1]), int(sys.argv[2])
detect, rg = json.loads(sys.argv[3]), json.loads(sys.argv[4])
print(f"{'tool':8} {'median s':>9} {'min-max s':>13} {'files/s':>9} {'MB/s':>7} "
      f"{'peak MB':>8} {'CPU s':>7} {'CPU use':>8}")
for run in (detect, rg):
    wall = run["wall_median"]
    print(f"{run['name']:8} {wall:9.3f} {run['wall_min']:6.3f}-{run['wall_max']:<6.3f} "
          f"{files / wall:9.0f} {size / 1e6 / wall:7.1f} {run['peak_rss_mb']:8.1f} "
          f"{run['cpu']:7.2f} {run['cpu_use']:8.2f}")
ratio = detect["wall_median"] / rg["wall_median"]
cpu_ratio = detect["cpu"] / rg["cpu"] if rg["cpu"] > 0 else float("inf")
# On a shared machine wall time includes waiting for a core; CPU seconds do not.
print(f"ratio detect/rg: {ratio:.2f}x wall, {cpu_ratio:.2f}x CPU (target <= 2x); detect peak RSS "
      f"{detect['peak_rss_mb']:.0f} MB (target < 200 MB); measured with "
      f"{detect['measured_with']}")
if detect["exit_status"] != 0:
    print(f"warning: detect exited with status {detect['exit_status']}")
PY
