#!/usr/bin/env bash
# The portal's benchmark (not a test: the test command never runs it). Builds in Release and runs
# the scenarios of scripts/bench ("grants", issue 13; "referent", B3, issue 15) on a throwaway PostgreSQL cluster
# under /tmp with the server's default settings (durable commits), or on BENCH_PG if set.
#   bash scripts/bench.sh                 # grants, 100,000 applications
#   BENCH_SIZE=20000 bash scripts/bench.sh grants
#   bash scripts/bench.sh gen            # the region-size dataset (ADR 0152): generated, or reused from an earlier run (BENCH_DATA_SEED 42, BENCH_DATA_SIZE 1000000)
#   bash scripts/bench.sh referent       # B3: the municipal dashboard on the dataset of "gen" (generated first if missing; BENCH_DATA_SEED, BENCH_DATA_SIZE)
#   bash scripts/bench.sh b2             # B2: staff ranking page 1 vs page 200 by keyset (BENCH_B2_SIZE 41000, BENCH_B2_RUNS 50, BENCH_SEED)
#   bash scripts/bench.sh b5             # B5: 16 staff granting on one call vs the bare SQL through pgbench (BENCH_B5_SIZE 6000, BENCH_B5_SECONDS 15)
#   bash scripts/bench.sh b4             # B4: click day, 100 applications/s for 5 min over real HTTP (BENCH_RATE, BENCH_DURATION=30s, BENCH_JOBS=1)
#   bash scripts/bench.sh report         # B7: a ~50-page monitoring report, warm (BENCH_SIZE rows, BENCH_RUNS; no PostgreSQL)
#   bash scripts/bench.sh b1             # B1 + public pages: the portal vs raw Npgsql under wrk (BENCH_DURATION, default 10s)
#   bash scripts/bench.sh all            # every scenario in turn (BENCH_SCENARIOS to choose), then one line per benchmark
# Prints the machine, sizes and timings; exits non-zero only when a correctness check fails.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
source scripts/lib/postgres.sh
scenario="${1:-grants}"

if [ "$scenario" != "report" ] && [ -z "${BENCH_PG:-}" ]; then
  pg_ensure_installed
  pg_port="${BENCH_PG_PORT:-$((55100 + RANDOM % 400))}"
  # The cluster's files stay between runs (BENCH_PG_DATA) so that a generated dataset (bench_s42_1m) is reused;
  # every scenario but "gen" works in a database of its own that it drops. BENCH_PG_FRESH=1 starts from nothing.
  pg_data="${BENCH_PG_DATA:-/var/tmp/conciliazione-bench-pg/data}"
  pg_dir="$(dirname "$pg_data")"
  mkdir -p "$pg_dir"
  chmod 755 "$pg_dir"
  pg_stop "$pg_data"
  if [ "${BENCH_PG_FRESH:-0}" = 1 ]; then rm -rf "$pg_data"; fi
  pg_start "$pg_data" "$pg_port"
  trap 'pg_stop "$pg_data"' EXIT
  export BENCH_PG="Host=127.0.0.1;Port=$pg_port;Username=postgres"
fi

if { [ "$scenario" = "b1" ] || [ "$scenario" = "all" ]; } && ! command -v wrk >/dev/null; then
  apt-get install -y wrk >/dev/null || sudo apt-get install -y wrk >/dev/null
fi

dotnet build scripts/bench/Conciliazione.Bench.csproj -c Release -nologo -v q >/dev/null
# B4 hosts the portal in the benchmark's process: the server garbage collector, as the portal's own host has.
if [ "$scenario" = "b4" ]; then export DOTNET_gcServer=1; fi
bench=scripts/bench/bin/Release/net10.0/Conciliazione.Bench.dll
if [ "$scenario" != "all" ]; then
  dotnet "$bench" "$scenario"
  exit $?
fi

# "all": each scenario in its own process on the same PostgreSQL, whatever the others gave; the
# summary lines ("B<n>: ...") at the end; non-zero when any scenario's correctness checks failed.
logs="$(mktemp -d /tmp/conciliazione-bench-logs.XXXXXX)"
echo "== Conciliazione benchmarks: $(date -u '+%Y-%m-%d %H:%M UTC') =="
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GB", $2/1048576}' /proc/meminfo) memory, $(. /etc/os-release && echo "$PRETTY_NAME"), load average $(cut -d' ' -f1-3 /proc/loadavg)"
failed=()
for s in ${BENCH_SCENARIOS:-gen b1 b2 referent b4 b5 grants report}; do
  echo
  echo "######## $s ########"
  if ! ( [ "$s" = "b4" ] && export DOTNET_gcServer=1; dotnet "$bench" "$s" ) 2>&1 | tee "$logs/$s.log"; then
    failed+=("$s")
  fi
done
echo
echo "== Summary ($(date -u '+%H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)) =="
grep -h '^dataset size:' "$logs"/*.log || true
grep -h '^B[0-9]' "$logs"/*.log | sort || true
echo "logs: $logs"
if [ "${#failed[@]}" -gt 0 ]; then
  echo "correctness checks FAILED in: ${failed[*]}"
  exit 1
fi
echo "correctness checks: all passed"
