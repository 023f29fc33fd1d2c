#!/usr/bin/env bash
# Configures and builds tcpc into build/ (or $TCPC_BUILD_DIR); everything, or
# only the targets named in $TCPC_TARGETS (e.g. "tcpc_cli tcpc_cli_tls": the targets of
# build/tcpc and build/tcpc-tls).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${TCPC_BUILD_DIR:-build}
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE="${CMAKE_BUILD_TYPE:-RelWithDebInfo}" "$@" >/dev/null
targets=()
if [[ -n "${TCPC_TARGETS:-}" ]]; then
  read -r -a names <<<"$TCPC_TARGETS"
  targets=(--target "${names[@]}")
fi
cmake --build "$build_dir" -j"$(nproc)" "${targets[@]}"
