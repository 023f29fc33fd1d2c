# SPDX-License-Identifier: MIT
# bash completion for tcpc: options, the values of --mode, --encoding,
# --view and friends, the `tcpc bench` subcommands and `tcpc checksum SPEC`. Installed as
# share/bash-completion/completions/tcpc; needs nothing from bash-completion.
# tests/integration/test_completion.py checks it offers every option of
# `tcpc --help`.

_tcpc_options="-h --help --version
  -p -s -w -v -n -4 -6 --recv-size --interactive --raw -u -z -U --parallel
  -l -k --keep-open --mode --reply --reply-hex --source-bytes --rule --rules --rule-delay
  --once --max-clients --allow --allowfile --deny --denyfile
  --send --hex --file --no-shutdown --append --repeat --interval --script --eol
  --encoding --undecodable --view --time --frame --check -o --output
  --stats --stats-interval --json --json-file
  --tls --cafile --capath --insecure --servername --alpn --cert --key --tls-min --verify-client
  -d -N -q -C -x -X -P --exec --sh-exec -b -D -I -O -T -M -m -r -F -t -S -i -V -W -Z"

# Options that take a value, and what to offer for it ('' offers nothing).
_tcpc_values() {
  case $1 in
    --mode) echo "echo discard print reply source" ;;
    --encoding) echo "utf-8 gbk gb18030 big5 latin1" ;;
    --view) echo "text hex both" ;;
    --frame) echo "idle: line delim: fixed: length:u8 length:u16be length:u16le length:u32be length:u32le" ;;
    --append | --check) echo "crc16-modbus crc16-ccitt crc16-xmodem crc8 crc32 sum8 xor8 lrc hex: crc:width=" ;;
    --undecodable) echo "replace escape" ;;
    --eol) echo "none lf crlf cr" ;;
    --tls-min) echo "1.2 1.3" ;;
    -X) echo "4 5 connect" ;;
    -T) echo "lowdelay throughput reliability critical inetcontrol netcontrol af11 af12 af13 af21 af22 af23 af31 af32 af33 af41 af42 af43 cs0 cs1 cs2 cs3 cs4 cs5 cs6 cs7 ef va" ;;
    --direction) echo "send recv both" ;;
  esac
}

_tcpc_takes_value() {
  case $1 in
    -p | -s | -w | -q | -x | -X | -P | -o | --output | --recv-size | --parallel | --mode | --reply | --reply-hex | \
      --source-bytes | --rule | --rules | --rule-delay | --script | --max-clients | --send | --hex | --file | --repeat | --interval | --eol | \
      --encoding | --undecodable | --view | --frame | --append | --check | --stats-interval | --json-file | --cafile | --capath | \
      --servername | --alpn | --cert | --key | --tls-min | --exec | --sh-exec | --allow | --allowfile | --deny | \
      --denyfile | -I | -O | -T | -M | -m | -i | -V | -W)
      return 0
      ;;
  esac
  return 1
}

_tcpc_bench() {
  local cur=$1 prev=$2 sub=$3
  if [[ -z $sub ]]; then
    mapfile -t COMPREPLY < <(compgen -W "throughput rr connect conns" -- "$cur")
    return
  fi
  case $prev in
    --direction)
      mapfile -t COMPREPLY < <(compgen -W "$(_tcpc_values --direction)" -- "$cur")
      return
      ;;
    --tls-min)
      mapfile -t COMPREPLY < <(compgen -W "1.2 1.3" -- "$cur")
      return
      ;;
    --cafile | --cert | --key | --capath)
      mapfile -t COMPREPLY < <(compgen -f -- "$cur")
      return
      ;;
    --bytes | --time | -P | --parallel | -l | --length | --size | -c | --concurrency | -n | --hold | --timeout | \
      --servername | --alpn)
      return
      ;;
  esac
  local options="-h --help --json --tls --cafile --capath --insecure --servername --alpn --cert --key --tls-min"
  case $sub in
    throughput) options+=" --bytes --time --direction -P --parallel -l --length" ;;
    rr) options+=" --size --time" ;;
    connect) options+=" --time -c --concurrency --size" ;;
    conns) options+=" -n --hold --timeout --ping" ;;
  esac
  if [[ $cur == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$options" -- "$cur")
  else
    mapfile -t COMPREPLY < <(compgen -A hostname -- "$cur")
  fi
}

_tcpc() {
  local cur=${COMP_WORDS[COMP_CWORD]}
  local prev=""
  ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
  COMPREPLY=()

  # --opt=value: bash splits the word at '=' (COMP_WORDBREAKS).
  if [[ $cur == = ]]; then
    cur=""
  elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
    prev=${COMP_WORDS[COMP_CWORD - 2]}
  fi

  if [[ ${COMP_WORDS[1]} == bench ]] && ((COMP_CWORD > 1)); then
    local sub=""
    ((COMP_CWORD > 2)) && sub=${COMP_WORDS[2]}
    _tcpc_bench "$cur" "$prev" "$sub"
    return
  fi

  if [[ ${COMP_WORDS[1]} == checksum ]] && ((COMP_CWORD > 1)); then
    if ((COMP_CWORD == 2)); then
      mapfile -t COMPREPLY < <(compgen -W "$(_tcpc_values --append) --help" -- "$cur")
    elif [[ $prev == --file ]]; then
      mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    else
      mapfile -t COMPREPLY < <(compgen -W "--file" -- "$cur")
    fi
    return
  fi

  if _tcpc_takes_value "$prev"; then
    case $prev in
      --file | --script | --rules | -o | --output | --json-file | --cafile | --cert | --key)
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        ;;
      --capath) mapfile -t COMPREPLY < <(compgen -d -- "$cur") ;;
      *) mapfile -t COMPREPLY < <(compgen -W "$(_tcpc_values "$prev")" -- "$cur") ;;
    esac
    return
  fi
  case $cur in
    -*) mapfile -t COMPREPLY < <(compgen -W "$_tcpc_options" -- "$cur") ;;
    *)
      local word
      for word in "${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
        if [[ $word == -U ]]; then
          mapfile -t COMPREPLY < <(compgen -f -- "$cur")
          return
        fi
      done
      local extra=""
      ((COMP_CWORD == 1)) && extra="bench checksum"
      mapfile -t COMPREPLY < <(compgen -W "$extra" -A hostname -- "$cur")
      ;;
  esac
}

complete -F _tcpc tcpc
