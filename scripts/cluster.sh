#!/usr/bin/env bash
# Three StreamGuard nodes on this machine, sharing one PostgreSQL, joined into one Hazelcast cluster.
#   scripts/cluster.sh start        build if needed, start PostgreSQL and nodes 1-3, wait until healthy
#   scripts/cluster.sh stop         stop the nodes, then PostgreSQL
#   scripts/cluster.sh kill N       kill node N with SIGKILL (a crash), e.g. to watch failover
#   scripts/cluster.sh status       health of each node
# Node N serves HTTP on 808N and its Hazelcast member on 570N. Logs and data: data/cluster/.
set -euo pipefail
cd "$(dirname "$0")/.."

DIR=${STREAMGUARD_CLUSTER_DIR:-data/cluster}
JAR=server/target/streamguard.jar
DB_PORT=${STREAMGUARD_CLUSTER_DB_PORT:-55432}
# a JDK 21+ as the launcher finds it, for mvn and java alike
JAVA_HOME=$(./streamguard java 2>/dev/null) || { ./streamguard java; exit 1; }
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
JAVA=$JAVA_HOME/bin/java
MEMBERS=127.0.0.1:5701,127.0.0.1:5702,127.0.0.1:5703
mkdir -p "$DIR"

# The secret the three members share (they refuse to form a cluster without one): made once, kept 0600.
SECRET_FILE="$DIR/cluster-secret"
if [ ! -s "$SECRET_FILE" ]; then
  (umask 077 && head -c 32 /dev/urandom | base64 >"$SECRET_FILE")
fi

healthy() { curl -fsS "http://127.0.0.1:$1/actuator/health/readiness" >/dev/null 2>&1; }

wait_for() {  # what, seconds, command...
  local what=$1 seconds=$2; shift 2
  for _ in $(seq "$seconds"); do
    if "$@"; then echo "$what is up"; return 0; fi
    sleep 1
  done
  echo "$what did not come up in ${seconds}s; see $DIR/*.log" >&2
  return 1
}

db_ready() { (exec 3<>"/dev/tcp/127.0.0.1/$DB_PORT") 2>/dev/null; }

start() {
  [ -f "$JAR" ] || mvn -B -q -DskipTests package
  if ! db_ready; then
    nohup "$JAVA" -cp "$JAR" -Dloader.main=io.streamguard.devdb.StandalonePostgres \
      org.springframework.boot.loader.launch.PropertiesLauncher "$DB_PORT" "$DIR/postgres" \
      >"$DIR/postgres.log" 2>&1 &
    echo $! >"$DIR/postgres.pid"
    wait_for "PostgreSQL on $DB_PORT" 60 db_ready
  fi
  for n in 1 2 3; do
    healthy "808$n" && { echo "node $n already runs"; continue; }
    SERVER_PORT="808$n" \
    STREAMGUARD_CLUSTER_PORT="570$n" \
    STREAMGUARD_CLUSTER_MEMBERS="$MEMBERS" \
    STREAMGUARD_CLUSTER_SECRET="$(cat "$SECRET_FILE")" \
    SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$DB_PORT/postgres" \
    SPRING_DATASOURCE_USERNAME=postgres \
    SPRING_DATASOURCE_PASSWORD="$(cat "$DIR/postgres/streamguard-password")" \
    nohup "$JAVA" -jar "$JAR" >"$DIR/node$n.log" 2>&1 &
    echo $! >"$DIR/node$n.pid"
  done
  for n in 1 2 3; do wait_for "node $n on http://127.0.0.1:808$n" 120 healthy "808$n"; done
  grep -h -A1 "created admin user" "$DIR"/node*.log 2>/dev/null || true
}

stop_pid() {  # file
  [ -f "$1" ] || return 0
  local pid; pid=$(cat "$1")
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  fi
  rm -f "$1"
}

case "${1:-}" in
  start) start ;;
  stop)
    for n in 1 2 3; do stop_pid "$DIR/node$n.pid"; done
    stop_pid "$DIR/postgres.pid"
    echo "stopped" ;;
  kill)
    n=${2:?which node: 1, 2 or 3}
    kill -9 "$(cat "$DIR/node$n.pid")" && rm -f "$DIR/node$n.pid" && echo "node $n killed" ;;
  status)
    for n in 1 2 3; do
      printf 'node %s: ' "$n"; curl -fsS "http://127.0.0.1:808$n/actuator/health" 2>/dev/null || printf 'down'; echo
    done ;;
  *) sed -n '2,8p' "$0"; exit 2 ;;
esac
