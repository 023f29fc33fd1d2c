#!/usr/bin/env bash
# The second README command (and CI's): install what is missing, build, and
# run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
scripts/build.sh
scripts/check-format.sh
cd "${TCPC_BUILD_DIR:-build}"
ctest --output-on-failure -j"$(nproc)" --timeout 600
