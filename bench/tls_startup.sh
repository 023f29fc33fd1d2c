#!/usr/bin/env bash
# Does linking OpenSSL slow down a plain TCP run? Times one one-shot exchange
# (connect, send, half-close, read the echo, exit) against tcpc's own echo
# server on loopback, for two builds side by side with hyperfine:
#   bench/tls_startup.sh BASELINE_TCPC [TCPC]
# BASELINE_TCPC: e.g. a tcpc from before TLS, or one built with -DTCPC_STATIC_OPENSSL=OFF;
# TCPC: default build/tcpc. Also times the same exchange over --tls.
set -euo pipefail
cd "$(dirname "$0")/.."
baseline=${1:?usage: bench/tls_startup.sh BASELINE_TCPC [TCPC]}
tcpc=${2:-build/tcpc}
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }

log=$(mktemp)
tls_log=$(mktemp)
"$tcpc" -l 127.0.0.1 0 --mode echo 2>"$log" &
plain_server=$!
"$tcpc" -l 127.0.0.1 0 --mode echo --tls 2>"$tls_log" &
tls_server=$!
trap 'kill $plain_server $tls_server 2>/dev/null; rm -f "$log" "$tls_log"' EXIT
port() {
  for _ in $(seq 100); do
    p=$(sed -n 's/^Listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$1")
    [[ -n "$p" ]] && { echo "$p"; return; }
    sleep 0.05
  done
  echo "server did not start" >&2
  exit 1
}
plain_port=$(port "$log")
tls_port=$(port "$tls_log")

hyperfine -N --warmup 20 --runs "${RUNS:-300}" \
  -n "baseline build" "$baseline 127.0.0.1 $plain_port --send ping" \
  -n "this build, plain TCP" "$tcpc 127.0.0.1 $plain_port --send ping" \
  -n "this build, --tls" "$tcpc --tls --insecure 127.0.0.1 $tls_port --send ping"
