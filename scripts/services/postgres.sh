#!/usr/bin/env bash
# Throwaway PostgreSQL cluster on 127.0.0.1, tuned for tests (fsync off), with one database.
#   start DIR -> DATABASE_URL=postgres://postgres@127.0.0.1:PORT/ringside ; stop DIR
# Runs as the `postgres` OS user when invoked as root (initdb refuses root). PG_DB names the database.
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

action=${1:-}
dir=${2:-}
need_dir "$action" "$dir"
dir=$(cd "$dir" && pwd)
db=${PG_DB:-ringside}

pg_bindir() {
  if [ -n "${PG_BIN:-}" ]; then echo "$PG_BIN"; return; fi
  local newest
  newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
  if [ -n "$newest" ] && [ -x "$newest/initdb" ]; then echo "$newest"; return; fi
  if command -v initdb >/dev/null; then dirname "$(command -v initdb)"; return; fi
  if command -v pg_config >/dev/null; then pg_config --bindir; return; fi
}

as_owner() {
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

bin=$(pg_bindir || true)
# As root the cluster lives in its own postgres-owned temp dir (the caller's DIR may not be traversable
# by the postgres user); DIR/pgdata.path points at it.
if [ -f "$dir/pgdata.path" ]; then
  data=$(cat "$dir/pgdata.path")
elif [ "$action" = "start" ] && [ "$(id -u)" = "0" ]; then
  data=$(mktemp -d "${TMPDIR:-/tmp}/ringside-pg.XXXXXX")
  echo "$data" >"$dir/pgdata.path"
else
  data="$dir/pgdata"
fi
sock=$(dirname "$data")
[ "$(id -u)" = "0" ] && sock=$data

case "$action" in
  start)
    [ -n "$bin" ] && [ -x "$bin/initdb" ] || missing postgresql "apt-get install -y postgresql (or set PG_BIN)"
    if [ "$(id -u)" = "0" ]; then
      id postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' OS user"
      chown postgres "$data"
      chmod 700 "$data"
    fi
    [ -f "$data/postmaster.pid" ] && die "postgres already running from $dir (stop it first)"
    if [ ! -f "$data/PG_VERSION" ]; then
      [ "$(id -u)" = "0" ] || mkdir -p "$data"
      as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --no-locale --no-sync \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    fi
    for _attempt in 1 2 3; do
      port=${PG_PORT:-$(free_port)}
      opts="-p $port -c listen_addresses=127.0.0.1 -k $sock -c fsync=off -c synchronous_commit=off"
      opts+=" -c full_page_writes=off -c max_connections=${PG_MAX_CONNECTIONS:-300} -c shared_buffers=128MB"
      if as_owner "$bin/pg_ctl" -D "$data" -l "$data/postgres.log" -o "$opts" -w -t 30 start >/dev/null; then
        echo "$port" >"$dir/postgres.port"
        if ! as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc \
          "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1; then
          as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db"
        fi
        echo "DATABASE_URL=postgres://postgres@127.0.0.1:$port/$db"
        exit 0
      fi
      [ -n "${PG_PORT:-}" ] && break
    done
    tail -n 20 "$data/postgres.log" >&2 || true
    die "postgres did not start"
    ;;
  stop)
    if [ -f "$data/postmaster.pid" ] && [ -n "$bin" ]; then
      as_owner "$bin/pg_ctl" -D "$data" -m fast -w -t 20 stop >/dev/null 2>&1 ||
        as_owner "$bin/pg_ctl" -D "$data" -m immediate -w -t 10 stop >/dev/null 2>&1 || true
    fi
    rm -f "$dir/postgres.port"
    if [ -f "$dir/pgdata.path" ]; then
      rm -rf "$data"
      rm -f "$dir/pgdata.path"
    fi
    ;;
  *) die "usage: $0 start|stop DIR" ;;
esac
