#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on a free loopback port for the server tests and prints
# `export CIVIC_TEST_POSTGRES=postgres://...; export CIVIC_PG_DIR=...`.  `scripts/pg.sh stop DIR` stops it.
# `pause DIR` / `resume DIR` stop and restart it on the same port (the server's reconnect test).
set -euo pipefail
PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$PGBIN/initdb" ] || { echo "no PostgreSQL server (scripts/setup.sh --postgres installs it)" >&2; exit 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-}" in
  pause) as_pg "$PGBIN/pg_ctl" -D "$2/data" -m fast -w stop >/dev/null; exit 0 ;;
  resume) as_pg "$PGBIN/pg_ctl" -D "$2/data" -l "$2/log" -o "$(cat "$2/data/postmaster.opts.civic")" -w start >/dev/null; exit 0 ;;
esac
if [ "${1:-}" = stop ]; then
  as_pg "$PGBIN/pg_ctl" -D "$2/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$2"
  exit 0
fi

dir="$(mktemp -d /tmp/civic-pg.XXXXXX)"
chmod 755 "$dir"
[ "$(id -u)" = 0 ] && chown postgres "$dir"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
as_pg "$PGBIN/initdb" -D "$dir/data" -A trust -U civic >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=100" start >/dev/null
# `resume` starts it with the same options.
echo "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=100" | as_pg tee "$dir/data/postmaster.opts.civic" >/dev/null
echo "export CIVIC_TEST_POSTGRES=postgres://civic@127.0.0.1:$port/postgres; export CIVIC_PG_DIR=$dir"
