#!/usr/bin/env bash
# Throwaway coturn (TURN/STUN) on 127.0.0.1 in use-auth-secret mode (short-lived HMAC credentials).
#   start DIR -> TURN_URL=turn:127.0.0.1:PORT  TURN_SECRET=...  TURN_REALM=... ; stop DIR
# TURN_SECRET / TURN_REALM may be preset; otherwise a random secret and realm "ringside.test".
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

action=${1:-}
dir=${2:-}
need_dir "$action" "$dir"
dir=$(cd "$dir" && pwd)

case "$action" in
  start)
    command -v turnserver >/dev/null || missing turnserver "apt-get install -y coturn"
    [ -f "$dir/turn.pid" ] && die "coturn already running from $dir (stop it first)"
    secret=${TURN_SECRET:-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')}
    realm=${TURN_REALM:-ringside.test}
    for _attempt in 1 2 3; do
      port=${TURN_PORT:-$(free_port)}
      # Relay ports: a small private range derived from the listening port, away from other instances.
      min=$((40000 + (port % 200) * 100))
      turnserver --listening-ip=127.0.0.1 --relay-ip=127.0.0.1 --listening-port="$port" \
        --use-auth-secret --static-auth-secret="$secret" --realm="$realm" --allow-loopback-peers \
        --no-tls --no-dtls --no-cli --no-rfc5780 --no-stun-backward-compatibility --fingerprint \
        --min-port="$min" --max-port=$((min + 99)) --no-stdout-log --simple-log \
        --log-file="$dir/turn.log" --pidfile="$dir/turn.pid" \
        >/dev/null 2>&1 </dev/null &
      echo $! >"$dir/turn.pid"
      if wait_for 10 port_open "$port"; then
        echo "$port" >"$dir/turn.port"
        echo "TURN_URL=turn:127.0.0.1:$port"
        echo "TURN_SECRET=$secret"
        echo "TURN_REALM=$realm"
        exit 0
      fi
      stop_pid "$dir/turn.pid" 2
      [ -n "${TURN_PORT:-}" ] && break
    done
    cat "$dir"/turn*.log >&2 2>/dev/null || true
    die "coturn did not start"
    ;;
  stop)
    stop_pid "$dir/turn.pid" 10
    rm -f "$dir/turn.port"
    ;;
  *) die "usage: $0 start|stop DIR" ;;
esac
