#!/bin/sh
# SPDX-License-Identifier: MIT
# A typical netcat script: which ports of a host are up, and what does each
# answer to a one-line request? Written for nc (OpenBSD's flags); with
#   ln -s "$(command -v tcpc)" ~/bin/nc
# it runs on tcpc unchanged.
#
# usage: REQUEST=PING port_check.sh HOST PORT...
# Prints "HOST:PORT up" and the reply, or "HOST:PORT down", per port.
# Exit 0 if any port was up.
set -u
if [ $# -lt 2 ]; then
  echo "usage: REQUEST=PING $0 HOST PORT..." >&2
  exit 2
fi
host=$1
shift
request=${REQUEST:-PING}
status=1
for port in "$@"; do
  # -z: only check that the port accepts a connection; -w 2: give up after 2 s.
  if nc -z -w 2 "$host" "$port"; then
    echo "$host:$port up"
    # -C: send the line with CRLF; -N: pass the end of input on, so the
    # server knows the request is complete; -w 5: stop waiting for a
    # silent server.
    printf '%s\n' "$request" | nc -C -N -w 5 "$host" "$port"
    status=0
  else
    echo "$host:$port down"
  fi
done
exit $status
