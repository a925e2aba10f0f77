#!/usr/bin/env bash
# README command 1: runs the portal with demo data on http://127.0.0.1:${PORT:-5080}.
# Without ConnectionStrings__Default it provisions PostgreSQL: Docker Compose where a Docker
# engine answers, otherwise a local cluster (installing PostgreSQL with apt when run as root).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
source scripts/lib/postgres.sh

port="${PORT:-5080}"
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://127.0.0.1:$port}"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export Portal__MigrateOnStartup=true
export Portal__SeedDemoData=true

cleanup() { :; }
if [ -z "${ConnectionStrings__Default:-}" ]; then
  if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
    echo ">> Avvio PostgreSQL con Docker Compose..."
    docker compose up -d --wait db
    export ConnectionStrings__Default="Host=127.0.0.1;Port=5432;Database=conciliazione;Username=conciliazione;Password=conciliazione"
  else
    pg_ensure_installed
    pg_port="${CONCILIAZIONE_PG_PORT:-55433}"
    if [ "$(id -u)" = 0 ]; then data="/var/lib/postgresql/conciliazione-dev"; else data="${XDG_DATA_HOME:-$HOME/.local/share}/conciliazione/pg"; fi
    echo ">> Avvio PostgreSQL locale in $data (porta $pg_port)..."
    pg_start "$data" "$pg_port"
    pg_as_owner "$(pg_bin_dir)/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='conciliazione'" | grep -q 1 \
      || pg_as_owner "$(pg_bin_dir)/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres conciliazione
    export ConnectionStrings__Default="Host=127.0.0.1;Port=$pg_port;Database=conciliazione;Username=postgres"
    cleanup() { echo ">> Arresto PostgreSQL locale..."; pg_stop "$data"; }
  fi
fi
trap cleanup EXIT

cat <<MSG

  Conciliazione - portale con dati dimostrativi
  Indirizzo:  ${ASPNETCORE_URLS}
  Accessi demo (password: Conciliazione-demo-2026; al primo accesso si attiva la verifica in due passaggi):
    admin@example.org                    amministratore
    operatore@example.org                operatore del capofila
    referente.castellanza@example.org    referente del Comune di Castellanza
    revisore.ats@example.org             revisore ATS
  E-mail inviate: src/Conciliazione.Web/mail-pickup/ (file .eml)
  Ctrl-C per fermare.

MSG
dotnet run --project src/Conciliazione.Web --no-launch-profile
