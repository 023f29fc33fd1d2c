#!/usr/bin/env bash
# The first README command: install what is missing, build, start tcpc's own
# echo server on loopback and run the client against it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# Only the tools and their translations: the tests are scripts/test.sh's.
TCPC_TARGETS="tcpc_cli tcpc_cli_tls tcpc_translations" scripts/build.sh >/dev/null
tcpc=build/tcpc

log=$(mktemp)
"$tcpc" -l 127.0.0.1 0 --mode echo 2>"$log" &
server=$!
trap 'kill "$server" 2>/dev/null; rm -f "$log"' EXIT

port=""
for _ in $(seq 100); do
  port=$(sed -n 's/^Listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$log")
  [[ -n "$port" ]] && break
  sleep 0.05
done
[[ -n "$port" ]] || { echo "demo: the echo server did not start" >&2; cat "$log" >&2; exit 1; }

echo "== echo server: $tcpc -l 127.0.0.1 0 --mode echo  (listening on port $port)"
echo
echo "== one-shot: $tcpc -v 127.0.0.1 $port --send 'Hello, tcpc! 你好\n'"
"$tcpc" -v 127.0.0.1 "$port" --send 'Hello, tcpc! 你好\n'
echo
echo "== guided mode: the tutorial's six steps (answers piped in: IP, port, text, gbk)"
printf '127.0.0.1\n%s\n你好, server\ngbk\n' "$port" | "$tcpc"
echo
echo "== the echo server's log"
cat "$log"
