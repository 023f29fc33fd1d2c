#!/usr/bin/env bash
# Builds the Debian package with CPack, installs it with apt-get (as CI
# does, as root), checks the installed tcpc runs, and removes it again.
# Exits 77 (CTest: skipped) when not root or apt-get is missing.
# Usage: test_deb.sh BUILD_DIR
set -euo pipefail
build=$1
if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
  echo "skipped: installing a .deb needs root and apt-get"
  exit 77
fi
if dpkg-query -W -f='${Status}' tcpc 2>/dev/null | grep -q "ok installed"; then
  echo "skipped: a tcpc package is already installed; not replacing it"
  exit 77
fi
work=$(mktemp -d)
trap 'apt-get remove -y -qq tcpc >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

(cd "$build" && cpack -G DEB -B "$work" >/dev/null)
deb=$(find "$work" -maxdepth 1 -name 'tcpc_*.deb' | head -n 1)
[[ -n "$deb" ]] || { echo "cpack made no .deb" >&2; exit 1; }
dpkg-deb -f "$deb" Depends
contents=$(dpkg-deb -c "$deb")
for file in ./usr/bin/tcpc ./usr/share/man/man1/tcpc.1.gz ./usr/share/bash-completion/completions/tcpc \
  ./usr/share/zsh/vendor-completions/_tcpc ./usr/share/locale/zh_CN/LC_MESSAGES/tcpc.mo; do
  grep -q " $file\$" <<<"$contents" || { echo "not in the .deb: $file" >&2; exit 1; }
done
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >/dev/null
version=$(/usr/bin/tcpc --version)
echo "$version"
# One version everywhere: project(VERSION) -> tcpc --version and the package.
[[ "$version" == "tcpc $(dpkg-deb -f "$deb" Version)" ]] || { echo "version mismatch" >&2; exit 1; }
if command -v man >/dev/null; then
  [[ $(man -w tcpc) == /usr/share/man/man1/tcpc.1* ]] || { echo "man tcpc: not found" >&2; exit 1; }
fi
# Whole outputs, then grep: with pipefail, `cmd | grep -q` fails when grep
# quits before cmd has written everything (SIGPIPE).
if grep -qx 'zh_CN\.utf8' <<<"$(locale -a)"; then
  help=$(LC_ALL= LANG=zh_CN.UTF-8 LANGUAGE=zh_CN /usr/bin/tcpc --help)
  grep -q "示例" <<<"$help" || { echo "installed tcpc: no Chinese --help" >&2; exit 1; }
fi

# --tls runs in tcpc-tls, which the package installs beside tcpc: a TLS echo
# server with a temporary certificate and a client that accepts it.
[[ -x /usr/bin/tcpc-tls ]] || { echo "the package has no /usr/bin/tcpc-tls" >&2; exit 1; }
/usr/bin/tcpc -l 127.0.0.1 0 --mode echo --tls 2>"$work/server.log" &
server=$!
trap 'kill $server 2>/dev/null; apt-get remove -y -qq tcpc >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
port=
for _ in $(seq 200); do
  port=$(sed -n 's/^Listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$work/server.log")
  [[ -n "$port" ]] && break
  sleep 0.05
done
[[ -n "$port" ]] || { echo "the TLS server did not start" >&2; cat "$work/server.log" >&2; exit 1; }
reply=$(/usr/bin/tcpc --tls --insecure 127.0.0.1 "$port" --send hello 2>/dev/null)
[[ "$reply" == hello ]] || { echo "TLS echo through the installed tcpc failed: '$reply'" >&2; exit 1; }
echo "deb test passed"
