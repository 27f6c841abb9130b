#!/usr/bin/env bash
# Fetches the tree-sitter C and C++ grammars from npm into .deps/grammars (never committed).
# Debian's libtree-sitter 0.20.7 loads grammars of ABI 13-14 only, so the versions are pinned
# and the ABI of what was fetched is checked.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/.deps/grammars"
declare -A versions=([tree-sitter-cpp]=0.23.4 [tree-sitter-c]=0.23.4)

mkdir -p "$dest"
for name in "${!versions[@]}"; do
  version="${versions[$name]}"
  target="$dest/$name"
  if [[ -f "$target/.version" && "$(cat "$target/.version")" == "$version" ]]; then
    continue
  fi
  echo "fetching $name@$version from npm" >&2
  work="$(mktemp -d)"
  (cd "$work" && npm pack --silent "$name@$version" >/dev/null)
  rm -rf "$target"
  mkdir -p "$target"
  tar -xzf "$work"/*.tgz -C "$target" --strip-components=1 package/src package/LICENSE 2>/dev/null ||
    tar -xzf "$work"/*.tgz -C "$target" --strip-components=1 package/src
  rm -rf "$work"
  abi="$(sed -n 's/^#define LANGUAGE_VERSION \([0-9]*\).*/\1/p' "$target/src/parser.c")"
  if [[ "$abi" != 13 && "$abi" != 14 ]]; then
    echo "error: $name@$version has tree-sitter ABI '$abi'; Debian's libtree-sitter loads ABI 13-14 only." >&2
    echo "       pin a version whose src/parser.c says LANGUAGE_VERSION 14 in scripts/fetch-grammars.sh" >&2
    rm -rf "$target"
    exit 1
  fi
  echo "$version" >"$target/.version"
done
