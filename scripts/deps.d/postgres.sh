#!/usr/bin/env bash
# PostgreSQL server binaries for the storage tests (they start a throwaway cluster themselves:
# tests/storage/pg.py). Idempotent and silent when already installed; needs root (CI) to install.
set -euo pipefail

have_pg() {
    command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1 && return 0
    compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null 2>&1
}

if have_pg && command -v psql >/dev/null 2>&1; then
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "postgres.sh: PostgreSQL is missing; run as root or: sudo apt-get install -y postgresql" >&2
    exit 1
fi

echo "postgres.sh: installing PostgreSQL (apt-get install postgresql) ..." >&2
start=$(date +%s)
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends postgresql postgresql-client >/dev/null
# The package starts a system cluster on 5432 where init is available; the tests do not use it.
if command -v pg_lsclusters >/dev/null 2>&1; then
    pg_lsclusters -h 2>/dev/null | while read -r ver name _; do
        pg_ctlcluster "$ver" "$name" stop >/dev/null 2>&1 || true
    done
fi
echo "postgres.sh: PostgreSQL installed in $(( $(date +%s) - start )) s" >&2
