#!/usr/bin/env bash
# Redis server for the scale-out tests and the soak (bench/soak.py starts a throwaway
# redis-server on a free 127.0.0.1 port itself). Idempotent and silent when already installed;
# needs root (CI) to install.
set -euo pipefail

if command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1; then
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "redis.sh: Redis is missing; run as root or: sudo apt-get install -y redis-server" >&2
    exit 1
fi

echo "redis.sh: installing Redis (apt-get install redis-server) ..." >&2
start=$(date +%s)
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends redis-server redis-tools >/dev/null
# The package may start a system instance on 6379 where init is available; the tests do not use it.
if command -v systemctl >/dev/null 2>&1; then
    systemctl stop redis-server >/dev/null 2>&1 || true
fi
if [ -f /var/run/redis/redis-server.pid ]; then
    kill "$(cat /var/run/redis/redis-server.pid)" >/dev/null 2>&1 || true
fi
echo "redis.sh: Redis installed in $(( $(date +%s) - start )) s" >&2
