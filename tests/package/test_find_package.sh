#!/usr/bin/env bash
# Installs tcpc into a temporary prefix, builds examples/ as a separate
# CMake project with find_package(tcpc) twice: once with OpenSSL hidden from
# CMake (tcpc::tcpc alone must need none of it), once with tcpc::tls; runs
# the tutorial client against `tcpc -l --mode echo --once`.
# Usage: test_find_package.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
source=$2
work=$(mktemp -d)
server=""
cleanup() {
  [[ -n "$server" ]] && kill "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

cmake --install "$build" --prefix "$work/prefix" >/dev/null
# With pipefail, `producer | grep -q` fails whenever grep quits before the
# producer has written everything (SIGPIPE): each producer's output is
# taken whole first, then searched.
[[ -n $(find "$work/prefix" -name tcpcConfig.cmake) ]] || { echo "no tcpcConfig.cmake installed" >&2; exit 1; }
pcdir=$(dirname "$(find "$work/prefix" -name tcpc.pc)")
PKG_CONFIG_PATH=$pcdir pkg-config --exists tcpc tcpc-tls
# The .pc files follow the prefix given to `cmake --install`, not the configured one.
pc_prefix=$(PKG_CONFIG_PATH=$pcdir pkg-config --variable=prefix tcpc)
[[ $(realpath "$pc_prefix") == $(realpath "$work/prefix") ]] ||
  { echo "tcpc.pc: prefix is $pc_prefix, not $work/prefix" >&2; exit 1; }
# The man page, completions and translations; the generated version header.
for file in share/man/man1/tcpc.1.gz share/bash-completion/completions/tcpc \
  share/zsh/vendor-completions/_tcpc share/locale/zh_CN/LC_MESSAGES/tcpc.mo include/tcpc/version.hpp; do
  [[ -f "$work/prefix/$file" ]] || { echo "not installed: $file" >&2; exit 1; }
done
# The installed tcpc finds its catalog next to itself, wherever the prefix is.
if grep -qx 'zh_CN\.utf8' <<<"$(locale -a)"; then
  help=$(LC_ALL= LANG=zh_CN.UTF-8 LANGUAGE=zh_CN TCPC_LOCALEDIR= "$work/prefix/bin/tcpc" --help)
  grep -q "tcpc：TCP 客户端和网络调试助手" <<<"$help" || { echo "installed tcpc: no Chinese --help" >&2; exit 1; }
fi

# tcpc::tcpc alone, with CMake unable to find OpenSSL at all.
cmake -S "$source/examples" -B "$work/plain" -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DCMAKE_DISABLE_FIND_PACKAGE_OpenSSL=ON >/dev/null
cmake --build "$work/plain" -j2 >/dev/null
[[ -x "$work/plain/tutorial_client" && ! -e "$work/plain/tls_client" ]] ||
  { echo "without OpenSSL: expected tutorial_client only" >&2; exit 1; }
if grep -rqi 'openssl\|libssl\|libcrypto' "$work/plain/CMakeFiles/tutorial_client.dir/link.txt" \
  "$work/plain/CMakeFiles/tutorial_client.dir/flags.make"; then
  echo "tcpc::tcpc alone still compiles or links with OpenSSL" >&2; exit 1
fi
if grep -q 'libssl\|libcrypto' <<<"$(ldd "$work/plain/tutorial_client")"; then
  echo "tutorial_client (tcpc::tcpc) loads OpenSSL" >&2; exit 1
fi
# And with tcpc::tls.
cmake -S "$source/examples" -B "$work/examples" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/examples" -j2 >/dev/null
[[ -x "$work/examples/tls_client" ]] || { echo "with OpenSSL: no tls_client" >&2; exit 1; }
grep -q libssl <<<"$(ldd "$work/examples/tls_client")" || { echo "tls_client does not load OpenSSL" >&2; exit 1; }

"$work/prefix/bin/tcpc" -l 127.0.0.1 0 --mode echo --once 2>"$work/server.log" &
server=$!
port=""
for _ in $(seq 200); do
  port=$(sed -n 's/^Listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$work/server.log")
  [[ -n "$port" ]] && break
  sleep 0.05  # polling the log for the port: the server has no other way to tell us
done
[[ -n "$port" ]] || { echo "server did not start" >&2; exit 1; }

out=$(printf '127.0.0.1\n%s\nfind_package works\n\n' "$port" | "$work/plain/tutorial_client")
echo "$out"
grep -q "Received: find_package works" <<<"$out"
wait "$server"
server=""
echo "find_package test passed"
