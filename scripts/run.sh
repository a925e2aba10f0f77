#!/usr/bin/env bash
# README command 1: runs the portal with demo data on http://127.0.0.1:${PORT:-5080}, and beside it
# (Development only) the local test identity provider for SPID/CIE on http://127.0.0.1:${IDP_PORT:-5081}.
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
    # Two roles (ADR 0035): postgres owns the schema and migrates; the portal runs as
    # conciliazione_app, which may only INSERT and SELECT the audit trail (grants applied at start).
    pg_as_owner "$(pg_bin_dir)/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d conciliazione -qtAc \
      "DO \$\$ BEGIN CREATE ROLE conciliazione_app LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END \$\$" >/dev/null
    export ConnectionStrings__Migrations="Host=127.0.0.1;Port=$pg_port;Database=conciliazione;Username=postgres"
    export ConnectionStrings__Default="Host=127.0.0.1;Port=$pg_port;Database=conciliazione;Username=conciliazione_app"
    cleanup() { echo ">> Arresto PostgreSQL locale..."; pg_stop "$data"; }
  fi
fi

# E-mail links use the configured public origin, never the request's Host header.
export Portal__PublicOrigin="${Portal__PublicOrigin:-${ASPNETCORE_URLS%%;*}}"

# Data Protection keys are encrypted at rest with a certificate (ADR 0036). For development one is
# made once with openssl in a folder outside the repository; production supplies its own.
if [ -z "${DataProtection__CertificatePath:-}" ]; then
  state="${XDG_DATA_HOME:-$HOME/.local/share}/conciliazione"
  mkdir -p "$state"
  if [ ! -s "$state/dataprotection-dev.pfx" ]; then
    echo ">> Creo il certificato di sviluppo per le chiavi Data Protection in $state..."
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=Conciliazione dev data protection" \
      -keyout "$state/dataprotection-dev.key" -out "$state/dataprotection-dev.crt" 2>/dev/null
    openssl pkcs12 -export -inkey "$state/dataprotection-dev.key" -in "$state/dataprotection-dev.crt" \
      -out "$state/dataprotection-dev.pfx" -passout pass:sviluppo
    rm -f "$state/dataprotection-dev.key"
    chmod 600 "$state/dataprotection-dev.pfx"
  fi
  export DataProtection__CertificatePath="$state/dataprotection-dev.pfx" DataProtection__CertificatePassword=sviluppo
fi

# The local test identity provider (SPID/CIE simulated) beside the portal, in Development only;
# the EXIT trap stops it (the app started by `dotnet run`, then `dotnet run` itself) with PostgreSQL.
idp_pid=""
stop_idp() {
  if [ -n "$idp_pid" ]; then
    echo ">> Arresto del provider di identità di prova..."
    pkill -TERM -P "$idp_pid" 2>/dev/null || true
    kill "$idp_pid" 2>/dev/null || true
    wait "$idp_pid" 2>/dev/null || true
  fi
}
trap 'stop_idp; cleanup' EXIT

idp_line="  Accesso famiglie: SPID/CIE non configurati (Portal__Spid__Authority, Portal__Cie__Authority)."
if [ "$ASPNETCORE_ENVIRONMENT" = "Development" ] && [ "${CONCILIAZIONE_TEST_IDP:-1}" != "0" ]; then
  idp_port="${IDP_PORT:-5081}"
  idp_url="http://127.0.0.1:$idp_port"
  portal_origin="${ASPNETCORE_URLS%%;*}"
  idp_log="${TMPDIR:-/tmp}/conciliazione-testidp.log"
  echo ">> Avvio del provider di identità di prova su $idp_url (log: $idp_log)..."
  ASPNETCORE_URLS="$idp_url" ASPNETCORE_ENVIRONMENT=Development \
    TestIdp__PortalOrigins__0="$portal_origin" \
    TestIdp__PortalOrigins__1="${portal_origin/127.0.0.1/localhost}" \
    dotnet run --project src/Conciliazione.TestIdp --no-launch-profile >"$idp_log" 2>&1 &
  idp_pid=$!
  for _ in $(seq 1 180); do
    if curl -fsS "$idp_url/.well-known/openid-configuration" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$idp_pid" 2>/dev/null; then
      echo "Il provider di identità di prova non è partito: vedi $idp_log" >&2
      idp_pid=""
      exit 1
    fi
    sleep 1
  done
  curl -fsS "$idp_url/.well-known/openid-configuration" >/dev/null || { echo "Il provider di identità di prova non risponde su $idp_url" >&2; exit 1; }
  export Portal__Spid__Authority="$idp_url" Portal__Cie__Authority="$idp_url"
  idp_line="  Accesso famiglie: \"Entra con SPID\" o \"Entra con CIE\" -> provider di prova $idp_url (identità inventate)"
fi

cat <<MSG

  Conciliazione - portale con dati dimostrativi
  Indirizzo:  ${ASPNETCORE_URLS}
  Accessi demo (password: Conciliazione-demo-2026; al primo accesso si attiva la verifica in due passaggi):
    admin@example.org                    amministratore
    operatore@example.org                operatore del capofila
    referente.castellanza@example.org    referente del Comune di Castellanza
    revisore.ats@example.org             revisore ATS
$idp_line
  E-mail inviate: src/Conciliazione.Web/mail-pickup/ (file .eml)
  Ctrl-C per fermare.

MSG
dotnet run --project src/Conciliazione.Web --no-launch-profile
