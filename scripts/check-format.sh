#!/usr/bin/env bash
# Fails if any C++ file differs from what clang-format (config: .clang-format) makes of it.
set -euo pipefail
cd "$(dirname "$0")/.."
files=$(git ls-files '*.cpp' '*.hpp' '*.h' '*.cc' 2>/dev/null || find include src tests examples bench -name '*.[ch]pp')
[[ -z "$files" ]] && exit 0
if ! echo "$files" | xargs clang-format --dry-run --Werror 2>/tmp/tcpc-format.log; then
  grep -m 20 'warning\|error' /tmp/tcpc-format.log >&2 || true
  echo "check-format: run clang-format -i on the files above" >&2
  exit 1
fi
echo "check-format: all C++ files are clang-format clean"
