#!/usr/bin/env bash
# Install the system packages the tests and benchmarks need on Debian: Chromium (e2e), Redis,
# PostgreSQL and coturn (scale-out tests, benchmarks), and a colour emoji font (the call's
# verification code is 5 emoji: without one, the screenshots show empty boxes). Idempotent and fast
# when all are present.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v turnserver >/dev/null 2>&1 || need+=(coturn)
[ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || need+=(fonts-noto-color-emoji)
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
  need+=(postgresql)
fi

if [ ${#need[@]} -eq 0 ]; then
  echo "[ci-deps] chromium, redis-server, postgresql, coturn and the emoji font are already installed"
  exit 0
fi

sudo=()
if [ "$(id -u)" != "0" ]; then
  command -v sudo >/dev/null 2>&1 || { echo "[ci-deps] need root or sudo to install: ${need[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
echo "[ci-deps] installing: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
# --no-install-recommends keeps it quick; policy-rc.d-free containers may print service warnings.
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}"
# Packaged daemons are not needed: tests start their own throwaway instances on loopback.
for unit in redis-server postgresql coturn; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$unit" 2>/dev/null; then
    "${sudo[@]}" systemctl stop "$unit" || true
  fi
done
echo "[ci-deps] done"
