#!/usr/bin/env bash
# Podman in place of a Docker engine, for the compose deployment test and the Testcontainers path of
# the PostgreSQL fixture (`./streamguard test-containers` runs both; docs/operations.md explains).
#
#   scripts/containers.sh up     install Podman, runc, netavark, debootstrap and docker-compose if missing (root, apt),
#                                configure Podman, build the local images, start the Docker-API socket;
#                                prints the environment to use (eval "$(scripts/containers.sh up)")
#   scripts/containers.sh down   stop the socket's service
#
# Nothing is pulled from an image registry: the images' base is a Debian root file system made by
# debootstrap from the Debian mirror apt already uses. Debian 12 has no Java 21, so the node's base
# image carries a runtime made by jlink from the JDK that builds the project.
set -euo pipefail
cd "$(dirname "$0")/.."

STATE=${STREAMGUARD_CONTAINERS_DIR:-$PWD/target/containers}
SOCKET=$STATE/podman.sock
DEBIAN_IMAGE=localhost/streamguard-debian:12
JRE_IMAGE=localhost/streamguard-jre:local
POSTGRES_IMAGE=localhost/streamguard-postgres:15
NGINX_IMAGE=localhost/streamguard-nginx:local

log() { echo "containers: $*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_tools() {
  local missing=()
  command -v podman >/dev/null || missing+=(podman)
  command -v runc >/dev/null || missing+=(runc)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  command -v docker-compose >/dev/null || missing+=(docker-compose)
  [ -x /usr/lib/podman/netavark ] || missing+=(netavark)
  [ -x /usr/lib/podman/aardvark-dns ] || missing+=(aardvark-dns)
  command -v iptables >/dev/null || missing+=(iptables)
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # docker-compose without its recommends: those would pull in Docker's own engine.
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# The two settings Podman needs on these machines: ulimits a container without CAP_SYS_RESOURCE may
# set, and runc, since crun refuses hybrid cgroup layouts. And netavark with aardvark-dns, so that
# containers find each other by service name on compose's networks (Debian's default, CNI, does not
# without a plugin).
configure() {
  mkdir -p "$STATE"
  cat >"$STATE/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]

[engine]
runtime = "runc"

[network]
network_backend = "netavark"
CONF
  export CONTAINERS_CONF=$STATE/containers.conf
}

debian_mirror() {
  local uri
  uri=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | head -1)
  [ -n "$uri" ] || uri=$(sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\) .*/\2/p' /etc/apt/sources.list 2>/dev/null | head -1)
  echo "${uri:-http://deb.debian.org/debian}"
}

have_image() { podman image exists "$1"; }

debian_base() {
  have_image "$DEBIAN_IMAGE" && return 0
  local rootfs=$STATE/rootfs
  log "debootstrap bookworm from $(debian_mirror) (a few minutes)"
  as_root rm -rf "$rootfs"
  as_root debootstrap --variant=minbase bookworm "$rootfs" "$(debian_mirror)" >"$STATE/debootstrap.log" 2>&1 ||
    { tail -20 "$STATE/debootstrap.log" >&2; exit 1; }
  as_root tar -C "$rootfs" -c . | podman import - "$DEBIAN_IMAGE" >/dev/null
  as_root rm -rf "$rootfs"
}

jre_base() {
  have_image "$JRE_IMAGE" && return 0
  local jdk context=$STATE/jre-context
  jdk=$(./streamguard java)
  log "jlink a runtime from $jdk"
  rm -rf "$context" && mkdir -p "$context"
  "$jdk/bin/jlink" --add-modules "$("$jdk/bin/java" --list-modules | sed 's/@.*//' | grep -Ev '^jdk\.(jlink|jpackage|incubator\..*)$' | paste -sd, -)" --strip-debug --no-header-files --no-man-pages \
    --output "$context/runtime"
  cp deploy/containers/jre.Dockerfile "$context/Dockerfile"
  podman build -q --build-arg BASE_IMAGE="$DEBIAN_IMAGE" -t "$JRE_IMAGE" "$context" >/dev/null
  rm -rf "$context"
}

image_from() {
  local image=$1 dockerfile=$2
  have_image "$image" && return 0
  log "build $image"
  podman build -q --build-arg BASE_IMAGE="$DEBIAN_IMAGE" -t "$image" -f "$dockerfile" deploy/containers >/dev/null
}

start_socket() {
  if [ -S "$SOCKET" ] && [ -f "$STATE/podman.pid" ] && kill -0 "$(cat "$STATE/podman.pid")" 2>/dev/null; then
    return 0
  fi
  rm -f "$SOCKET"
  podman system service --time=0 "unix://$SOCKET" >"$STATE/podman-service.log" 2>&1 &
  echo $! >"$STATE/podman.pid"
  for _ in $(seq 50); do [ -S "$SOCKET" ] && return 0; sleep 0.2; done
  log "the Docker-API socket did not come up; see $STATE/podman-service.log"
  exit 1
}

# Podman runs health checks from systemd timers; where no systemd runs, nothing would ever mark a
# container healthy and compose's `condition: service_healthy` would wait forever. This loop runs them.
start_health_checks() {
  if [ -f "$STATE/health.pid" ] && kill -0 "$(cat "$STATE/health.pid")" 2>/dev/null; then
    return 0
  fi
  (
    trap 'exit 0' TERM
    while sleep 5; do
      for id in $(podman ps -q 2>/dev/null); do
        podman healthcheck run "$id" >/dev/null 2>&1 || true
      done
    done
  ) </dev/null >/dev/null 2>&1 &
  echo $! >"$STATE/health.pid"
}

stop_pid_file() {
  if [ -f "$1" ]; then
    kill "$(cat "$1")" 2>/dev/null || true
    rm -f "$1"
  fi
}

case "${1:-}" in
  up)
    install_tools
    configure
    debian_base
    jre_base
    image_from "$POSTGRES_IMAGE" deploy/containers/postgres.Dockerfile
    image_from "$NGINX_IMAGE" deploy/containers/nginx.Dockerfile
    start_socket
    start_health_checks
    cat <<ENV
export CONTAINERS_CONF='$STATE/containers.conf'
export DOCKER_HOST='unix://$SOCKET'
export TESTCONTAINERS_RYUK_DISABLED=true
export TESTCONTAINERS_HOST_OVERRIDE=localhost
export STREAMGUARD_BASE_IMAGE='$JRE_IMAGE'
export POSTGRES_IMAGE='$POSTGRES_IMAGE'
export NGINX_IMAGE='$NGINX_IMAGE'
export STREAMGUARD_TEST_POSTGRES_IMAGE='$POSTGRES_IMAGE'
ENV
    ;;
  down)
    stop_pid_file "$STATE/health.pid"
    stop_pid_file "$STATE/podman.pid"
    rm -f "$SOCKET"
    ;;
  *)
    sed -n '5,8s/^# \{0,1\}//p' "$0" >&2
    exit 2
    ;;
esac
