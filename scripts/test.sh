#!/usr/bin/env bash
# README command 2: runs every test. Installs (as root, with apt) and starts what the tests need:
# PostgreSQL (a throwaway cluster under /tmp), Chromium and poppler-utils.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
source scripts/lib/postgres.sh

need=()
pg_bin_dir >/dev/null || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo ">> Installo: ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "Mancano: ${need[*]}. Installarli con: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
fi

pg_port="${CONCILIAZIONE_TEST_PG_PORT:-$((55500 + RANDOM % 400))}"
pg_data="$(mktemp -d /tmp/conciliazione-test-pg.XXXXXX)"
chmod 755 "$pg_data"
pg_data="$pg_data/data"
PG_EXTRA_OPTS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" pg_start "$pg_data" "$pg_port"
trap 'pg_stop "$pg_data"; rm -rf "$(dirname "$pg_data")"' EXIT
export CONCILIAZIONE_TEST_PG="Host=127.0.0.1;Port=$pg_port;Username=postgres;Include Error Detail=true"
export CONCILIAZIONE_CHROMIUM="${CONCILIAZIONE_CHROMIUM:-$(command -v chromium)}"

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"
dotnet build Conciliazione.sln -c Debug -nologo -v q
status=0
dotnet test --solution Conciliazione.sln --no-build --results-directory "$results" -- --report-xunit-trx || status=$?
exit $status
