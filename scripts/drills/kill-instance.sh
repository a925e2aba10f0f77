#!/usr/bin/env bash
# Drill: kill -9 one portal instance under load (issue 18, ADR 0141). Starts the two-instance cluster
# (scripts/cluster.sh) on loopback in a fresh state folder, with its own PostgreSQL, then the drill client
# (scripts/bench, scenario drill-kill): DRILL_RATE families/s run whole applications through nginx for
# DRILL_DURATION, and DRILL_KILL_AFTER after the first arrival instance 2 gets SIGKILL. Prints GETs
# sent/failed, POSTs failed and sent again with their key, nginx's retries, and checks the database
# (each family's application started and submitted once, protocol numbers gapless, one message per
# submission, no document twice). Exit code 1 only when a correctness check fails.
#   bash scripts/drills/kill-instance.sh
#   DRILL_RATE=4 DRILL_DURATION=90s DRILL_KILL_AFTER=30s bash scripts/drills/kill-instance.sh
set -euo pipefail
DRILL_ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$DRILL_ROOT"
source scripts/drills/lib/cluster.sh

export CLUSTER_PORT="${CLUSTER_PORT:-5190}"
# The drill's families are generated identities of the test provider (ADR 0134); receipts and e-mails
# are not rendered during the drill (job workers off, as in B4): the load is the application path.
export CLUSTER_GENERATED_FAMILIES=true
export CLUSTER_JOBS="${CLUSTER_JOBS:-false}"
limit="${DRILL_LIMIT:-300}"   # seconds for the load and the checks, whatever happens
started=$SECONDS

trap drill_cluster_down EXIT
echo "== Drill kill-instance: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) =="
drill_cluster_up
dotnet build scripts/bench/Conciliazione.Bench.csproj -c Release -nologo -v q >"$CLUSTER_DIR/bench-build.log" 2>&1 \
  || { tail -n 30 "$CLUSTER_DIR/bench-build.log" >&2; exit 2; }
echo ">> Cluster pronto in $((SECONDS - started)) s; carico attraverso $CLUSTER_URL, istanza 2 (pid $CLUSTER_INSTANCE_2_PID) da uccidere"

from=$(($(wc -l <"$CLUSTER_DIR/nginx/access.log") + 1))
status=0
DRILL_URL="$CLUSTER_URL" DRILL_DB="$CLUSTER_DB" DRILL_KILL_PID="$CLUSTER_INSTANCE_2_PID" \
  timeout --kill-after=10 "$limit" dotnet scripts/bench/bin/Release/net10.0/Conciliazione.Bench.dll drill-kill || status=$?
echo
drill_nginx_figures "$from"
echo "instance 2 after the kill: $(kill -0 "$CLUSTER_INSTANCE_2_PID" 2>/dev/null && echo 'still running (NOT killed)' || echo 'gone'); instance 1 /health/ready: $(curl -s -o /dev/null -m 5 -w '%{http_code}' "$CLUSTER_INSTANCE_1_URL/health/ready" || true); nginx /health/ready: $(curl -s -o /dev/null -m 5 -w '%{http_code}' "$CLUSTER_URL/health/ready" || true)"
echo "drill time $((SECONDS - started)) s (cluster start included)"
if [ "$status" = 124 ] || [ "$status" = 137 ]; then
  echo "The drill client did not finish within ${limit} s (DRILL_LIMIT)." >&2
fi
exit "$status"
