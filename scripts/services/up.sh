#!/usr/bin/env bash
# Start several throwaway services into DIR and write their variables to DIR/env (KEY=VALUE lines).
#   scripts/services/up.sh DIR [postgres] [redis] [coturn]     (default: all three)
#   set -a; . DIR/env; set +a        # then use DATABASE_URL, REDIS_URL, TURN_URL, TURN_SECRET, TURN_REALM
#   scripts/services/down.sh DIR
# A skipped service (binary missing, CI unset) is left out of DIR/env and reported on stderr.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=common.sh
. "$here/common.sh"

dir=${1:?usage: up.sh DIR [postgres|redis|coturn]...}
shift
services=("$@")
[ ${#services[@]} -gt 0 ] || services=(postgres redis coturn)
mkdir -p "$dir"
: >"$dir/env"
for svc in "${services[@]}"; do
  case "$svc" in postgres | redis | coturn) ;; *) die "unknown service: $svc" ;; esac
  status=0
  out=$("$here/$svc.sh" start "$dir/$svc") || status=$?
  if [ "$status" = "$SKIP_EXIT" ]; then
    continue
  elif [ "$status" != 0 ]; then
    "$here/down.sh" "$dir" || true
    die "$svc failed to start"
  fi
  echo "$out" >>"$dir/env"
  echo "$svc" >>"$dir/services"
done
cat "$dir/env"
