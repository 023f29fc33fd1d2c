#!/usr/bin/env bash
# The second README command (and CI's): install what is missing, build, and
# run every test twice: in the normal build and under ASan + UBSan.
# TCPC_SKIP_ASAN=1 skips the sanitizer pass (for quick local runs).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
scripts/check-format.sh
jobs=$(nproc)

echo "== normal build (build/)"
cmake --preset default >/dev/null
cmake --build --preset default -j"$jobs"
ctest --preset default -j"$jobs" --timeout 600

if [[ "${TCPC_SKIP_ASAN:-0}" != 1 ]]; then
  echo "== sanitizer build (build-asan/: AddressSanitizer + UndefinedBehaviorSanitizer)"
  cmake --preset asan >/dev/null
  cmake --build --preset asan -j"$jobs"
  ctest --preset asan -j"$jobs" --timeout 900
fi
