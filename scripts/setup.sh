#!/usr/bin/env bash
# Installs the Debian packages that building and testing tcpc need, only
# those that are missing, so a fresh machine needs nothing done by hand.
# Usage: scripts/setup.sh [--test|--fuzz]   (test-only tools; --fuzz adds clang's libFuzzer)
set -euo pipefail

build_pkgs=(g++ cmake make pkg-config libcli11-dev libfmt-dev libssl-dev
  libedit-dev nlohmann-json3-dev)
test_pkgs=(libgtest-dev libgmock-dev python3 iproute2 iptables netcat-openbsd
  clang-format dpkg-dev openssl)

fuzz_pkgs=(clang-14 libclang-rt-14-dev)

want=("${build_pkgs[@]}")
case "${1:-}" in
  --test) want+=("${test_pkgs[@]}") ;;
  --fuzz) want+=("${test_pkgs[@]}" "${fuzz_pkgs[@]}") ;;
esac

missing=()
for pkg in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed"; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "setup: installing ${missing[*]}" >&2
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
