# shellcheck shell=bash
# Shared helpers for the throwaway service scripts (sourced, not run).
# Contract of every service script:  <name>.sh start DIR  -> prints KEY=VALUE lines (eval-able), exit 0
#                                    <name>.sh stop DIR   -> stops it (idempotent), exit 0
# A missing binary: exit 77 and print "skip: ..." (CI=true: exit 1, loudly).

SKIP_EXIT=77

log() { echo "[services] $*" >&2; }

die() {
  log "error: $*"
  exit 1
}

# missing NAME HINT: a required binary is absent.
missing() {
  if [ "${CI:-}" = "true" ]; then
    log "error: $1 is not installed (CI=true: run scripts/ci-deps.sh). $2"
    exit 1
  fi
  echo "skip: $1 is not installed. $2"
  log "skip: $1 is not installed. $2"
  exit "$SKIP_EXIT"
}

# free_port: a TCP port free on 127.0.0.1 right now (the kernel picks it).
# Writes a plain string (console.log of a number is coloured when FORCE_COLOR is set, e.g. under
# Playwright) and keeps only digits, whatever the environment.
free_port() {
  FORCE_COLOR=0 NO_COLOR=1 node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port)+'\\n');s.close()})" |
    tr -cd '0-9'
}

# port_open PORT: whether something accepts TCP connections on 127.0.0.1:PORT.
port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# wait_for SECONDS CMD...: retry CMD every 0.1 s until it succeeds or time runs out.
wait_for() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    [ "$SECONDS" -ge "$deadline" ] && return 1
    sleep 0.1
  done
}

# stop_pid PIDFILE [SECONDS]: TERM the process, then KILL it if it outlives the grace period.
stop_pid() {
  local pidfile=$1 grace=${2:-10} pid
  [ -f "$pidfile" ] || return 0
  pid=$(head -n1 "$pidfile" | tr -d '[:space:]')
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + grace))
    while kill -0 "$pid" 2>/dev/null; do
      if [ "$SECONDS" -ge "$deadline" ]; then
        kill -KILL "$pid" 2>/dev/null || true
        break
      fi
      sleep 0.1
    done
  fi
  rm -f "$pidfile"
}

# usage_dir ACTION DIR: validate arguments, create DIR for start.
need_dir() {
  [ -n "${2:-}" ] || die "usage: $(basename "$0") start|stop DIR"
  if [ "$1" = "start" ]; then mkdir -p "$2"; fi
}
