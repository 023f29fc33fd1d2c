#!/usr/bin/env bash
# Runs libFuzzer on each target for a while (clang-14 from Debian).
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]   (default 60 s, all targets)
# New interesting inputs are merged into tests/fuzz/corpus/<target>/ (minimized);
# crashes are copied there too, so CTest replays them as regression tests.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(hex escape address decoder options session_command framer checksum)

scripts/setup.sh --fuzz
build=build-fuzz
CC=clang-14 CXX=clang++-14 cmake -S . -B "$build" -DTCPC_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer" >/dev/null
cmake --build "$build" -j2 --target $(printf 'fuzz_%s ' "${targets[@]}") >/dev/null

for target in "${targets[@]}"; do
  corpus=tests/fuzz/corpus/$target
  work=$(mktemp -d)
  artifacts=$(mktemp -d)
  echo "fuzz_$target: ${seconds}s"
  status=0
  "$build/tests/fuzz/fuzz_$target" "$work" "$corpus" -max_total_time="$seconds" -close_fd_mask=3 \
    -artifact_prefix="$artifacts/" -print_final_stats=1 2>"$work.log" || status=$?
  grep -E '^stat::number_of_executed_units|^Done|ERROR' "$work.log" || true
  # Keep the corpus small: merge only inputs that add coverage.
  "$build/tests/fuzz/fuzz_$target" -merge=1 "$corpus" "$work" -close_fd_mask=3 >/dev/null 2>&1 || true
  for crash in "$artifacts"/*; do
    [[ -e "$crash" ]] || continue
    cp "$crash" "$corpus/regression-$(basename "$crash")"
    echo "fuzz_$target: found $(basename "$crash"), saved to $corpus" >&2
  done
  rm -rf "$work" "$work.log" "$artifacts"
  [[ $status -eq 0 ]] || echo "fuzz_$target: stopped with status $status (see the saved input)" >&2
done
