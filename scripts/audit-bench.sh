#!/usr/bin/env bash
# Compliance search at scale: seeds 1,000,000 chained audit rows into a fresh node (embedded
# PostgreSQL in a temporary directory), then times the first page of filtered and full-text
# searches over HTTP, as a compliance officer's browser would ask for them.
#   scripts/audit-bench.sh [rows]        default 1000000; prints a markdown table
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
PORT=${AUDIT_BENCH_PORT:-18080}
# the development build: only it holds the audit seeder (never the production jar)
JAR=$PWD/server/target/streamguard-dev.jar
# a JDK 21+ as the launcher finds it, for mvn and java alike
JAVA_HOME=$(./streamguard java 2>/dev/null) || { ./streamguard java; exit 1; }
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
JAVA=$JAVA_HOME/bin/java
[ -f "$JAR" ] || mvn -B -q -Pdev-tools -DskipTests package
WORK=$(mktemp -d)
PASSWORD=bench-$RANDOM-$RANDOM
trap 'kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; rm -rf "$WORK"' EXIT

cd "$WORK"
SERVER_PORT=$PORT STREAMGUARD_ADMIN_PASSWORD=$PASSWORD "$JAVA" -jar "$JAR" --streamguard.seed.audit-rows="$ROWS" \
  >node.log 2>&1 &
PID=$!
echo "Seeding $ROWS rows (log: $WORK/node.log) ..." >&2
until grep -q "Seeded $ROWS audit rows in" node.log; do
  kill -0 "$PID" 2>/dev/null || { tail -50 node.log >&2; exit 1; }
  sleep 5
done
grep "Seeded $ROWS audit rows in" node.log | sed 's/.*Seeded/Seeded/' >&2

time_query() {  # label, query string; prints median and max of 7 runs (first run discarded as warm-up)
  local label=$1 query=$2 times=()
  local path=${3:-/v1/audit}
  curl -s -o /dev/null -u "admin:$PASSWORD" "http://127.0.0.1:$PORT$path?$query"
  for _ in 1 2 3 4 5 6 7; do
    times+=("$(curl -s -o /dev/null -w '%{time_total}' -u "admin:$PASSWORD" "http://127.0.0.1:$PORT$path?$query")")
  done
  local items
  items=$(curl -s -u "admin:$PASSWORD" "http://127.0.0.1:$PORT$path?$query" | grep -o '"auditId"\|"username"' | wc -l || true)
  printf '%s\n' "${times[@]}" | sort -n | awk -v label="$label" -v q="$query" -v n="$items" \
    '{ t[NR] = $1 * 1000 } END { printf "| %s | `%s` | %d | %.0f | %.0f |\n", label, q, n, t[4], t[NR] }'
}

echo "| search | query | rows on page | median ms | max ms |"
echo "| --- | --- | --- | --- | --- |"
time_query "reference: HTTP Basic sign-in alone (bcrypt), no search" "limit=1" /v1/admin/audit/access
time_query "newest first, no filter" "limit=50"
time_query "one user" "userId=user-123&limit=50"
time_query "bot and action" "botId=claude&action=block&limit=50"
time_query "one day" "from=$(date -u -d '-45 days' +%Y-%m-%dT00:00:00Z)&to=$(date -u -d '-44 days' +%Y-%m-%dT00:00:00Z)&limit=50"
time_query "rule fired" "ruleId=r-7&limit=50"
time_query "outcome expired" "outcome=expired&limit=50"
time_query "full text, common word" "q=secret&limit=50"
time_query "full text, phrase" "q=%22budget%20forecast%22&limit=50"
time_query "full text and user" "q=password&userId=user-42&limit=50"
time_query "full text, ranked" "q=contract%20legal&sort=relevance&limit=50"
