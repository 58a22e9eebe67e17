#!/usr/bin/env bash
# Throwaway Redis on 127.0.0.1 (no persistence).  start DIR -> REDIS_URL=redis://127.0.0.1:PORT ; stop DIR
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

action=${1:-}
dir=${2:-}
need_dir "$action" "$dir"
dir=$(cd "$dir" && pwd)

case "$action" in
  start)
    command -v redis-server >/dev/null || missing redis-server "apt-get install -y redis-server"
    [ -f "$dir/redis.pid" ] && die "redis already running from $dir (stop it first)"
    for _attempt in 1 2 3; do
      port=${REDIS_PORT:-$(free_port)}
      redis-server --port "$port" --bind 127.0.0.1 --protected-mode yes --save '' --appendonly no \
        --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir" \
        --maxclients 10000 >/dev/null
      if wait_for 10 port_open "$port"; then
        echo "$port" >"$dir/redis.port"
        echo "REDIS_URL=redis://127.0.0.1:$port"
        exit 0
      fi
      stop_pid "$dir/redis.pid" 2
      [ -n "${REDIS_PORT:-}" ] && break
    done
    tail -n 20 "$dir/redis.log" >&2 || true
    die "redis did not start"
    ;;
  stop)
    stop_pid "$dir/redis.pid" 10
    rm -f "$dir/redis.port"
    ;;
  *) die "usage: $0 start|stop DIR" ;;
esac
