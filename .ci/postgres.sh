#!/usr/bin/env bash
# Starts a throwaway PostgreSQL on 127.0.0.1 for the test suite, installing
# Debian's server when it is missing. Prints the admin URL on stdout.
#   .ci/postgres.sh start <dir>   (data dir, socket and log live under <dir>)
#   .ci/postgres.sh stop <dir>
set -euo pipefail
cmd=${1:?start|stop}
root=${2:?data directory}

find_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

as_postgres() {
  # initdb and postgres refuse to run as root.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
start)
  bin=$(find_bin)
  if [ -z "$bin" ]; then
    echo "== installing PostgreSQL from Debian's packages" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
    bin=$(find_bin)
  fi
  mkdir -p "$root"
  [ "$(id -u)" = 0 ] && chown postgres "$root"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_postgres "$bin/initdb" -D "$root/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$root/initdb.log" 2>&1 \
    || as_postgres "$bin/initdb" -D "$root/data" -U postgres --auth=trust -E UTF8 >"$root/initdb.log" 2>&1
  # fsync off: a throwaway cluster trades durability for speed.
  as_postgres "$bin/pg_ctl" -D "$root/data" -l "$root/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $root -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >&2
  echo "postgresql://postgres@127.0.0.1:$port/postgres"
  ;;
stop)
  bin=$(find_bin)
  if [ -n "$bin" ] && [ -d "$root/data" ]; then
    as_postgres "$bin/pg_ctl" -D "$root/data" -m fast -w stop >&2 || true
  fi
  rm -rf "$root"
  ;;
*)
  echo "usage: $0 start|stop <dir>" >&2
  exit 2
  ;;
esac
