#!/usr/bin/env bash
# Fails when any of the project's own C++ files is not clang-format clean.
#   scripts/check-format.sh        check
#   scripts/check-format.sh --fix  reformat in place
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mapfile -t files < <(git ls-files --cached --others --exclude-standard -- \
  '*.cpp' '*.hpp' '*.h' '*.cc' ':!:tests/fixtures/**' ':!:examples/**' ':!:templates/**')
# Files deleted in the work tree but still in the index are skipped.
existing=()
for file in "${files[@]}"; do [[ -f "$file" ]] && existing+=("$file"); done
files=("${existing[@]}")
((${#files[@]})) || exit 0
if [[ "${1:-}" == "--fix" ]]; then
  clang-format -i "${files[@]}"
else
  clang-format --dry-run --Werror "${files[@]}"
fi
