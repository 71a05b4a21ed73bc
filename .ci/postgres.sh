#!/usr/bin/env bash
# Starts a throwaway PostgreSQL (Debian's `postgresql` package) for the Insights server tests and
# prints the connection string on stdout: `export INSIGHTS_TEST_POSTGRES=$(bash .ci/postgres.sh)`.
# Unix socket only (no TCP port to collide with), data in a temporary directory, stopped by
# `bash .ci/postgres.sh stop <dir>` or when the machine goes away. Installs the package if missing.
set -euo pipefail
if [ "${1:-}" = "stop" ]; then
  dir="$2"
  su postgres -s /bin/sh -c "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/pg_ctl -D '$dir/data' -m fast stop" >/dev/null 2>&1 || true
  rm -rf "$dir"
  exit 0
fi
if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
  echo "ci: installing Debian's postgresql package" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
dir="$(mktemp -d /tmp/flex-insights-pg.XXXXXX)"
chmod 755 "$dir"
as_postgres() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi
}
if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
as_postgres "'$bin/initdb' -D '$dir/data' -U flex --auth=trust -E UTF8 >/dev/null"
as_postgres "'$bin/pg_ctl' -D '$dir/data' -l '$dir/log' -w -o \"-c listen_addresses='' -k '$dir' -c fsync=off\" start >/dev/null"
as_postgres "'$bin/createdb' -h '$dir' -U flex flex"
echo "postgresql://flex@/flex?host=$dir"
