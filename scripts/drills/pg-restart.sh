#!/usr/bin/env bash
# Drill: PostgreSQL fast restart under load (issue 18; ADR 0145; docs/operations.md "Faults and drills").
# Starts a private PostgreSQL on loopback, the portal (Release, demo data, test OpenID provider) in the
# drill runner, loads it for DRILL_SECONDS (default 45: anonymous and signed-in GETs, families applying
# end to end, a write probe), runs `pg_ctl restart -m fast` at DRILL_FAULT_AT (default 15 s), then prints
# requests sent/failed and the error rate (target at most 0.1%) and checks nothing is half-written.
#   bash scripts/drills/pg-restart.sh                       # DRILL_RATE=1 application/s, DRILL_READERS=4
# Exit code 0 only when the error rate is within target and every check passed.
set -euo pipefail
source "$(dirname "$0")/lib/portal.sh"
cd "$drill_root"

port="${DRILL_PG_PORT:-57210}"
dir="$(mktemp -d /tmp/conciliazione-drill-restart.XXXXXX)"
cleanup() {
  pg_stop "$dir/data"
  rm -rf "$dir"
}
trap cleanup EXIT

echo "== Esercitazione: riavvio rapido di PostgreSQL sotto carico =="
drill_machine
drill_pg_start "$dir" "$port"
drill_build
export BENCH_PG="Host=127.0.0.1;Port=$port;Username=postgres"
export DRILL_PORTAL_PORT="${DRILL_PORTAL_PORT:-$((port + 10))}" DRILL_IDP_PORT="${DRILL_IDP_PORT:-$((port + 20))}"
export DRILL_FAULT_CMD="source '$drill_root/scripts/drills/lib/portal.sh' && drill_pg_restart '$dir'"
drill_run drill-pg-restart "$dir"
