#!/usr/bin/env bash
# The integrations through the whole CLI lifecycle, without building: in a git copy of the
# shop fixture, `init` applies every detected integration, `list` reports them applied, `add`
# of one of them has nothing to do, `add traced` works on top (the tree is "dirty" only with
# files otel-setup owns), and `remove` restores the tree byte for byte.
#
#   run-lifecycle.sh OTEL_SETUP PROJECTS_DIR
set -euo pipefail

otel_setup="${1:?usage: run-lifecycle.sh OTEL_SETUP PROJECTS_DIR}"
projects="$(cd "${2:?}" && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/otel-setup-lifecycle.XXXXXX")"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cp -r "$projects/shop" "$work/shop"
cd "$work/shop"
git init -q && git add -A
git -c user.email=test@example.invalid -c user.name=test commit -qm fixture

"$otel_setup" init --yes >"$work/init.log" 2>&1 || { cat "$work/init.log" >&2; fail "init"; }
for marker in "otel-setup:begin httplib-server" "otel-setup:begin spdlog-correlation"; do
  grep -q "$marker" src/main.cpp || fail "init did not apply '$marker'"
done
grep -q "telemetry/curl_tracing.hpp" src/notifier.cpp || fail "init did not apply libcurl"
grep -q "telemetry/sqlite_tracing.hpp" src/store.cpp || fail "init did not apply sqlite3"

"$otel_setup" list --json . >"$work/list.json"
python3 - "$work/list.json" <<'PY'
import json, sys
# An id can have two entries (cpp-httplib server and client): keyed by id and kind.
rows = {(row["id"], row["kind"]): row for row in json.load(open(sys.argv[1]))["integrations"]}
for key in (("cpp-httplib", "server"), ("libcurl", "http_client"), ("sqlite3", "db"),
            ("spdlog", "logging")):
    assert rows[key]["detected"] and rows[key]["applied"], rows[key]
beast = rows[("beast", "server")]
assert not beast["detected"] and not beast["applied"], beast
PY

"$otel_setup" add "fastapi-style" middleware --yes >"$work/again.log" 2>&1
grep -q "nothing to do" "$work/again.log" || fail "add middleware after init was not a no-op"
set +e
"$otel_setup" add bogus >"$work/bogus.log" 2>&1
status=$?
set -e
[[ $status == 2 ]] && grep -q "known integrations" "$work/bogus.log" || fail "unknown integration"

"$otel_setup" add traced src/store.cpp:shop::Store::add --yes >"$work/traced.log" 2>&1 ||
  { cat "$work/traced.log" >&2; fail "add traced after init"; }
grep -q "TELEMETRY_TRACED();" src/store.cpp || fail "traced not inserted"

"$otel_setup" remove --yes >"$work/remove.log" 2>&1 || { cat "$work/remove.log" >&2; fail "remove"; }
[[ -z "$(git status --porcelain)" ]] || { git status --short >&2; fail "remove left changes"; }
echo "ok: init, list, add, add traced, remove"
