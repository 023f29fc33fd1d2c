#!/usr/bin/env bash
# Installs the Debian packages that building and testing tcpc need, only
# those that are missing, so a fresh machine needs nothing done by hand.
# Usage: scripts/setup.sh [--test|--fuzz]   (test-only tools; --fuzz adds clang's libFuzzer)
set -euo pipefail

build_pkgs=(g++ cmake make pkg-config libcli11-dev libfmt-dev libssl-dev
  libedit-dev nlohmann-json3-dev)
build_pkgs+=(gettext)  # msgfmt compiles po/*.po
test_pkgs=(libgtest-dev libgmock-dev python3 iproute2 iptables netcat-openbsd ncat
  clang-format dpkg-dev openssl)
# man -l renders docs/tcpc.1; zsh runs its completion; locales makes zh_CN.UTF-8.
test_pkgs+=(man-db zsh locales)
# tmux is the real terminal of the resize test (it rewraps lines as today's terminals do).
test_pkgs+=(tmux)
# Real proxies and a real ssh for test_proxy (-x/-X/-P): SOCKS5 with and without
# a password, HTTP CONNECT, and ssh's ProxyCommand to a local sshd.
test_pkgs+=(microsocks dante-server tinyproxy openssh-server openssh-client)

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

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  sudo_cmd=(sudo)
fi
if ((${#missing[@]} > 0)); then
  echo "setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The translated-messages test runs tcpc under LANG=zh_CN.UTF-8, which
# needs the locale compiled (once; `locale -a` lists it as zh_CN.utf8).
if [[ "${1:-}" == --test || "${1:-}" == --fuzz ]] && ! locale -a 2>/dev/null | grep -qx 'zh_CN\.utf8'; then
  echo "setup: generating the zh_CN.UTF-8 locale" >&2
  # Listed in locale.gen too, so a later locale-gen keeps it.
  if [[ -f /etc/locale.gen ]]; then
    "${sudo_cmd[@]}" sed -i 's/^# *\(zh_CN\.UTF-8 UTF-8\)$/\1/' /etc/locale.gen
  fi
  "${sudo_cmd[@]}" localedef -i zh_CN -c -f UTF-8 -A /usr/share/locale/locale.alias zh_CN.UTF-8
fi
