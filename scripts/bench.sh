#!/usr/bin/env bash
# The portal's benchmark (not a test: the test command never runs it). Builds in Release and runs
# the scenarios of scripts/bench ("grants", issue 13; "referent", B3, issue 15) on a throwaway PostgreSQL cluster
# under /tmp with the server's default settings (durable commits), or on BENCH_PG if set.
#   bash scripts/bench.sh                 # grants, 100,000 applications
#   BENCH_SIZE=20000 bash scripts/bench.sh grants
#   bash scripts/bench.sh referent       # B3: 1,000,000 applications, 30 alliances (BENCH_SIZE, BENCH_SEED)
#   bash scripts/bench.sh b4             # B4: click day, 100 applications/s for 5 min over real HTTP (BENCH_RATE, BENCH_DURATION=30s, BENCH_JOBS=1)
#   bash scripts/bench.sh report         # B7: a ~50-page monitoring report, warm (BENCH_SIZE rows, BENCH_RUNS; no PostgreSQL)
# Prints the machine, sizes and timings; exits non-zero only when a correctness check fails.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
source scripts/lib/postgres.sh
scenario="${1:-grants}"

if [ "$scenario" != "report" ] && [ -z "${BENCH_PG:-}" ]; then
  pg_ensure_installed
  pg_port="${BENCH_PG_PORT:-$((55100 + RANDOM % 400))}"
  pg_dir="$(mktemp -d /tmp/conciliazione-bench-pg.XXXXXX)"
  chmod 755 "$pg_dir"
  pg_data="$pg_dir/data"
  pg_start "$pg_data" "$pg_port"
  trap 'pg_stop "$pg_data"; rm -rf "$pg_dir"' EXIT
  export BENCH_PG="Host=127.0.0.1;Port=$pg_port;Username=postgres"
fi

dotnet build scripts/bench/Conciliazione.Bench.csproj -c Release -nologo -v q >/dev/null
# B4 hosts the portal in the benchmark's process: the server garbage collector, as the portal's own host has.
if [ "$scenario" = "b4" ]; then export DOTNET_gcServer=1; fi
dotnet scripts/bench/bin/Release/net10.0/Conciliazione.Bench.dll "$scenario"
