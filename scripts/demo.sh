#!/usr/bin/env bash
# Sets up and builds otel-setup, then runs it on a temporary copy of the bundled example
# services in examples/, showing what it would change as a dry-run diff.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$root/examples/." "$work/"
for service in "$work"/*/; do
  name="$(basename "$service")"
  echo "== otel-setup detect examples/$name"
  "$root/build/otel-setup" detect --quiet "$service"
done
