#!/usr/bin/env bash
# Sets up and builds otel-setup, then runs `otel-setup init --dry-run` on a temporary copy of
# each bundled example service in examples/: the edits to the service's own files are shown
# as a unified diff, the new files (telemetry module and bundled runtime) by name. The whole
# diff is saved beside the copy. Nothing in examples/ is changed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
work="$(mktemp -d)"
cp -r "$root/examples/." "$work/"
for service in "$work"/*/; do
  name="$(basename "$service")"
  diff_file="$work/$name.diff"
  echo "== otel-setup init --dry-run examples/$name"
  "$root/build/otel-setup" detect --quiet "$service" | sed -n '1,12p'
  "$root/build/otel-setup" init --dry-run "$service" >"$diff_file"
  # Edited files in full; created files (new-file hunks) by name only.
  awk '/^diff --git /{ show = 1; header = $0; next }
       /^new file mode/ { show = 0; created = 1; next }
       /^\+\+\+ b\// { if (created) { print "  new file: " substr($0, 7); created = 0; next } }
       { if (show && header != "") { print header; header = "" } if (show) print }' "$diff_file"
  echo "(full diff: $diff_file)"
done
