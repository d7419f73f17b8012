#!/usr/bin/env bash
# Reproduces the load figures of docs/performance.md with one command. Not part of the test suite.
#   scripts/perf.sh              one node: builds if needed, starts a node in a temporary directory,
#                                runs the load tool's suite, writes the "one-node" section and charts, stops the node
#   scripts/perf.sh cluster      the same against three local nodes started with scripts/cluster.sh
#                                (needs the ports 8081-8083 and 5701-5703 free); writes the "three-nodes" section
#   PERF_SECONDS=60              seconds per measurement point (default 30)
#   PERF_PROFILE=0               skip the JFR recording of the one node (default: record it over the measured
#                                points and add its hot methods to the section; the recording stays in load-tool/target)
# Everything runs on this machine; the load tool shares its cores with the server, as the figures say.
set -euo pipefail
cd "$(dirname "$0")/.."

# a JDK 21+ as the launcher finds it, for mvn and java alike
JAVA_HOME=$(./streamguard java 2>/dev/null) || { ./streamguard java; exit 1; }
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
JAVA=$JAVA_HOME/bin/java
SECONDS_PER_POINT=${PERF_SECONDS:-30}
PORT=${PERF_PORT:-18080}
MODE=${1:-one-node}
TOOL=load-tool/target/load-tool.jar
export STREAMGUARD_ADMIN_PASSWORD=${STREAMGUARD_ADMIN_PASSWORD:-perf-$RANDOM$RANDOM$RANDOM}
# The baseline is today's plugin: all its plugins share one API key and check on every token, far
# beyond the default per-client check rate; the comparison measures the server, not the limit.
export STREAMGUARD_LIMITS_MAXCHECKSPERSECOND=${STREAMGUARD_LIMITS_MAXCHECKSPERSECOND:-1000000}

if [ ! -f server/target/streamguard.jar ] || [ ! -f "$TOOL" ]; then
  mvn -B -q -DskipTests package
fi

WORK=$(mktemp -d)
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; then
    for _ in $(seq 60); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 1; done
  fi
  if [ "$MODE" = cluster ]; then STREAMGUARD_CLUSTER_DIR="$WORK/cluster" scripts/cluster.sh stop || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

ready() { curl -fsS "http://127.0.0.1:$1/actuator/health/readiness" >/dev/null 2>&1; }

postmaster_of() {  # data directory -> the PostgreSQL postmaster's pid, if one runs there
  pgrep -f -- "-D $1( |$)" | head -1 || true
}

one_node() {
  cp server/target/streamguard.jar "$WORK/"
  local profile=()
  if [ "${PERF_PROFILE:-1}" = 1 ]; then
    mkdir -p load-tool/target
    profile=(--profile load-tool/target/server.jfr)
  fi
  (cd "$WORK" && SERVER_PORT=$PORT STREAMGUARD_CLUSTER_PORT=$((PORT - 2379)) STREAMGUARD_CLUSTER_NAME="perf-$$" \
    exec "$JAVA" -XX:+FlightRecorder -jar streamguard.jar >server.log 2>&1) &
  SERVER_PID=$!
  for _ in $(seq 180); do ready "$PORT" && break; sleep 1; done
  ready "$PORT" || { echo "the node did not come up; its log:" >&2; tail -50 "$WORK/server.log" >&2; exit 1; }
  "$JAVA" -jar "$TOOL" suite --url "http://127.0.0.1:$PORT" --seconds "$SECONDS_PER_POINT" \
    --section one-node --title "Load: one node" --doc docs/performance.md \
    --server-pids "$SERVER_PID" --database-pids "$(postmaster_of "$WORK/data/postgres")" \
    --reproduce "scripts/perf.sh   # PERF_SECONDS=$SECONDS_PER_POINT" --json "$WORK/one-node.json" "${profile[@]}"
  mkdir -p load-tool/target && cp "$WORK/one-node.json" load-tool/target/
}

three_nodes() {
  [ -x scripts/cluster.sh ] || [ -f scripts/cluster.sh ] || { echo "scripts/cluster.sh is missing" >&2; exit 1; }
  for n in 1 2 3; do
    if ready "808$n"; then echo "port 808$n is taken by a running node; stop it first" >&2; exit 1; fi
  done
  STREAMGUARD_CLUSTER_DIR="$WORK/cluster" bash scripts/cluster.sh start
  local pids
  pids=$(cat "$WORK"/cluster/node*.pid | paste -sd,)
  "$JAVA" -jar "$TOOL" suite --url http://127.0.0.1:8081,http://127.0.0.1:8082,http://127.0.0.1:8083 \
    --seconds "$SECONDS_PER_POINT" --section three-nodes --title "Load: three local nodes" \
    --doc docs/performance.md \
    --server-pids "$pids" --database-pids "$(postmaster_of "$WORK/cluster/postgres")" \
    --reproduce "scripts/perf.sh cluster   # PERF_SECONDS=$SECONDS_PER_POINT" --json "$WORK/three-nodes.json"
  mkdir -p load-tool/target && cp "$WORK/three-nodes.json" load-tool/target/
}

case "$MODE" in
  one-node) one_node ;;
  cluster) three_nodes ;;
  *) sed -n '2,11p' "$0"; exit 2 ;;
esac
