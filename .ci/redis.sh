#!/usr/bin/env bash
# Starts a throwaway Redis on 127.0.0.1 for the test suite (the generated apps share
# their rate-limit counts through it), installing Debian's server when it is missing.
# Prints the URL on stdout.
#   .ci/redis.sh start <dir>   (pid file and log live under <dir>)
#   .ci/redis.sh stop <dir>
set -euo pipefail
cmd=${1:?start|stop}
root=${2:?state directory}

case "$cmd" in
start)
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "== installing Redis from Debian's packages" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq redis-server >&2
  fi
  mkdir -p "$root"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  # Nothing is persisted: the counts are thrown away with the server.
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no \
    --dir "$root" --daemonize yes --pidfile "$root/redis.pid" --logfile "$root/redis.log" >&2
  for _ in $(seq 1 100); do
    if redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG; then
      echo "redis://127.0.0.1:$port/0"
      exit 0
    fi
    sleep 0.1
  done
  echo "Redis did not start; its log:" >&2
  cat "$root/redis.log" >&2 || true
  exit 1
  ;;
stop)
  if [ -f "$root/redis.pid" ]; then
    kill "$(cat "$root/redis.pid")" 2>/dev/null || true
  fi
  rm -rf "$root"
  ;;
*)
  echo "usage: $0 start|stop <dir>" >&2
  exit 2
  ;;
esac
