#!/usr/bin/env bash
# Stop every service up.sh started in DIR (idempotent) and remove DIR.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:?usage: down.sh DIR}
[ -d "$dir" ] || exit 0
for svc in coturn redis postgres; do
  if [ -d "$dir/$svc" ]; then "$here/$svc.sh" stop "$dir/$svc" || true; fi
done
rm -rf "$dir"
