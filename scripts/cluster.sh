#!/usr/bin/env bash
# Two portal instances (Release, published) behind nginx on one PostgreSQL, on loopback (ADR 0140).
#   bash scripts/cluster.sh            # start, print the addresses, stay in the foreground; Ctrl-C stops everything
#   bash scripts/cluster.sh start      # start in the background (for drills and scripts); state in $CLUSTER_DIR
#   bash scripts/cluster.sh status     # what runs, each instance's /health/ready, nginx's answer
#   bash scripts/cluster.sh stop       # stop what `start` started (by the pids it recorded)
# Ports: nginx on CLUSTER_PORT (5090), instances on +1 and +2, the test identity provider on +3, the
# local PostgreSQL on +4. Without ConnectionStrings__Default a PostgreSQL cluster is made in
# $CLUSTER_DIR/pg (as run.sh does); the first instance migrates and seeds the demo data, the second
# starts once the first is ready. `start` writes $CLUSTER_DIR/cluster.env (ports, pids, connection
# strings) for drills to source. docs/operations.md, "Cluster".
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
source scripts/lib/postgres.sh

command="${1:-run}"
port="${CLUSTER_PORT:-5090}"
port1=$((port + 1))
port2=$((port + 2))
idp_port=$((port + 3))
pg_port="${CLUSTER_PG_PORT:-$((port + 4))}"
dir="${CLUSTER_DIR:-${TMPDIR:-/tmp}/conciliazione-cluster-$port}"
publish="${CLUSTER_PUBLISH_DIR:-$root/artifacts/cluster}"
start_timeout="${CLUSTER_START_TIMEOUT:-240}"
origin="http://127.0.0.1:$port"

say() { echo ">> $*"; }

# pid_alive FILE: the process recorded in FILE still runs.
pid_alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# stop_pid FILE: TERM, up to 20 s, then KILL; only the pid we recorded.
stop_pid() {
  local file="$1" pid
  [ -s "$file" ] || return 0
  pid="$(cat "$file")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

cluster_stop() {
  say "Arresto del cluster ($dir)..."
  stop_pid "$dir/nginx.pid"
  stop_pid "$dir/portal-2.pid"
  stop_pid "$dir/portal-1.pid"
  stop_pid "$dir/idp.pid"
  if [ -s "$dir/pg/data/PG_VERSION" ]; then pg_stop "$dir/pg/data"; fi
}

cluster_status() {
  local failed=0 name file url
  for name in portal-1 portal-2 idp nginx; do
    file="$dir/$name.pid"
    if pid_alive "$file"; then echo "$name: pid $(cat "$file") running"; else echo "$name: not running"; failed=1; fi
  done
  for url in "http://127.0.0.1:$port1" "http://127.0.0.1:$port2" "$origin"; do
    echo "$url/health/ready: $(curl -s -o /dev/null -m 5 -w '%{http_code}' "$url/health/ready" || true)"
  done
  return $failed
}

# wait_ready NAME PIDFILE URL: until URL answers 200, the process dies, or the start timeout.
wait_ready() {
  local name="$1" file="$2" url="$3" deadline=$((SECONDS + start_timeout))
  while [ $SECONDS -lt $deadline ]; do
    if curl -fsS -m 5 -o /dev/null "$url" 2>/dev/null; then return 0; fi
    if ! pid_alive "$file"; then
      echo "$name non è partito: vedi $dir/$name.log" >&2
      tail -n 20 "$dir/$name.log" >&2 || true
      return 1
    fi
    sleep 1
  done
  echo "$name non risponde su $url dopo ${start_timeout} s: vedi $dir/$name.log" >&2
  return 1
}

build() {
  if [ "${CLUSTER_NO_BUILD:-0}" = 1 ] && [ -f "$publish/web/Conciliazione.Web.dll" ] && [ -f "$publish/idp/Conciliazione.TestIdp.dll" ]; then return 0; fi
  say "Compilo e pubblico il portale e il provider di prova (Release) in $publish..."
  dotnet publish src/Conciliazione.Web -c Release -o "$publish/web" --nologo -v q >"$dir/build.log" 2>&1 \
    && dotnet publish src/Conciliazione.TestIdp -c Release -o "$publish/idp" --nologo -v q >>"$dir/build.log" 2>&1 \
    || { tail -n 30 "$dir/build.log" >&2; return 1; }
}

database() {
  if [ -n "${ConnectionStrings__Default:-}" ]; then
    say "PostgreSQL: ConnectionStrings__Default dato dall'ambiente"
    return 0
  fi
  pg_ensure_installed
  local data="$dir/pg/data" psql
  mkdir -p "$dir/pg"
  chmod 755 "$dir" "$dir/pg"
  say "Avvio PostgreSQL locale in $data (porta $pg_port)..."
  PG_EXTRA_OPTS="-c max_connections=${CLUSTER_PG_MAX_CONNECTIONS:-300}" pg_start "$data" "$pg_port"
  psql="$(pg_bin_dir)/psql"
  pg_as_owner "$psql" -h 127.0.0.1 -p "$pg_port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='conciliazione'" | grep -q 1 \
    || pg_as_owner "$(pg_bin_dir)/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres conciliazione
  # Two roles (ADR 0035), as run.sh: postgres owns and migrates, the instances run as conciliazione_app.
  pg_as_owner "$psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d conciliazione -qtAc \
    "DO \$\$ BEGIN CREATE ROLE conciliazione_app LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END \$\$" >/dev/null
  export ConnectionStrings__Migrations="Host=127.0.0.1;Port=$pg_port;Database=conciliazione;Username=postgres"
  export ConnectionStrings__Default="Host=127.0.0.1;Port=$pg_port;Database=conciliazione;Username=conciliazione_app"
}

# The Data Protection certificate every instance shares (ADR 0036): made once in the state folder.
certificate() {
  if [ -n "${DataProtection__CertificatePath:-}" ]; then return 0; fi
  if [ ! -s "$dir/dataprotection.pfx" ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=Conciliazione cluster data protection" \
      -keyout "$dir/dataprotection.key" -out "$dir/dataprotection.crt" 2>/dev/null
    openssl pkcs12 -export -inkey "$dir/dataprotection.key" -in "$dir/dataprotection.crt" \
      -out "$dir/dataprotection.pfx" -passout pass:cluster
    rm -f "$dir/dataprotection.key"
    chmod 600 "$dir/dataprotection.pfx"
  fi
  export DataProtection__CertificatePath="$dir/dataprotection.pfx" DataProtection__CertificatePassword=cluster
}

start_idp() {
  say "Avvio del provider di identità di prova su http://127.0.0.1:$idp_port..."
  (
    cd "$publish/idp"
    export ASPNETCORE_URLS="http://127.0.0.1:$idp_port" ASPNETCORE_ENVIRONMENT=Development \
      TestIdp__PortalOrigins__0="$origin" TestIdp__PortalOrigins__1="http://localhost:$port" \
      TestIdp__GeneratedFamilies="${CLUSTER_GENERATED_FAMILIES:-false}"
    exec setsid dotnet Conciliazione.TestIdp.dll
  ) >"$dir/idp.log" 2>&1 </dev/null &
  echo $! >"$dir/idp.pid"
  wait_ready idp "$dir/idp.pid" "http://127.0.0.1:$idp_port/.well-known/openid-configuration"
}

# start_instance N PORT FIRST: FIRST=true migrates and seeds the demo data (the other waits for it).
start_instance() {
  local n="$1" p="$2" first="$3" scheme
  say "Avvio dell'istanza $n su http://127.0.0.1:$p..."
  (
    cd "$publish/web"
    export ASPNETCORE_URLS="http://127.0.0.1:$p" ASPNETCORE_ENVIRONMENT="${CLUSTER_ENVIRONMENT:-Production}"
    export Portal__PublicOrigin="$origin" AllowedHosts="127.0.0.1;localhost"
    # nginx on the same host: its X-Forwarded-For/-Proto count (TrustedProxies; loopback is not trusted by default).
    export Portal__KnownProxies__0=127.0.0.1
    export Portal__MigrateOnStartup="$first" Portal__SeedDemoData="$first"
    export Portal__MailPickupDirectory="$dir/mail"
    export Portal__Jobs__Workers="${CLUSTER_JOBS:-true}" Portal__Jobs__WorkerCount="${CLUSTER_JOB_WORKERS:-2}"
    for scheme in Spid Cie; do
      lower="$(echo "$scheme" | tr '[:upper:]' '[:lower:]')"
      export "Portal__${scheme}__Authority=http://127.0.0.1:$idp_port" "Portal__${scheme}__ClientId=conciliazione-$lower" \
        "Portal__${scheme}__ClientSecret=segreto-di-sviluppo-$lower" "Portal__${scheme}__RequireHttpsMetadata=false"
    done
    # The second instance neither migrates nor seeds; it keeps the owner's string (when there is one) so
    # that Hangfire does not try to install its schema as the runtime role (JobsSetup).
    exec setsid dotnet Conciliazione.Web.dll
  ) >"$dir/portal-$n.log" 2>&1 </dev/null &
  echo $! >"$dir/portal-$n.pid"
  wait_ready "portal-$n" "$dir/portal-$n.pid" "http://127.0.0.1:$p/health/ready"
}

start_nginx() {
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || {
    if [ "$(id -u)" = 0 ]; then
      say "Installo nginx (apt-get install nginx)..."
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
    else
      echo "nginx non trovato: installare il pacchetto 'nginx' (sudo apt-get install nginx)." >&2; return 1
    fi
  }
  local nginx user_line=""
  nginx="$(command -v nginx || echo /usr/sbin/nginx)"
  mkdir -p "$dir/nginx/tmp" "$dir/nginx/html"
  cp scripts/cluster/servizio-non-disponibile.html "$dir/nginx/html/"
  if [ "$(id -u)" = 0 ]; then
    # Workers drop to www-data: they write request bodies (uploads up to 12 MB) to the temp folder.
    user_line="user www-data;"
    chown www-data "$dir/nginx/tmp" 2>/dev/null || chmod 777 "$dir/nginx/tmp"
  fi
  sed -e "s|@USER@|$user_line|" -e "s|@DIR@|$dir|g" -e "s|@PORT@|$port|g" -e "s|@PORT1@|$port1|g" -e "s|@PORT2@|$port2|g" \
    scripts/cluster/nginx.conf.template >"$dir/nginx/nginx.conf"
  "$nginx" -t -q -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -g "pid $dir/nginx/nginx.pid;"
  say "Avvio di nginx su $origin (configurazione: $dir/nginx/nginx.conf)..."
  setsid "$nginx" -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -g "pid $dir/nginx/nginx.pid; daemon off;" \
    >"$dir/nginx.log" 2>&1 </dev/null &
  echo $! >"$dir/nginx.pid"
  wait_ready nginx "$dir/nginx.pid" "$origin/health/ready"
}

cluster_start() {
  mkdir -p "$dir" "$dir/mail"
  chmod 755 "$dir"
  if pid_alive "$dir/nginx.pid" || pid_alive "$dir/portal-1.pid"; then
    echo "Un cluster è già avviato in $dir: bash scripts/cluster.sh stop (CLUSTER_PORT=$port)" >&2
    return 1
  fi
  build
  database
  certificate
  start_idp
  start_instance 1 "$port1" true
  start_instance 2 "$port2" false
  start_nginx
  cat >"$dir/cluster.env" <<ENV
# Written by scripts/cluster.sh start ($(date -u '+%Y-%m-%d %H:%M:%S UTC'))
CLUSTER_DIR='$dir'
CLUSTER_URL='$origin'
CLUSTER_IDP_URL='http://127.0.0.1:$idp_port'
CLUSTER_INSTANCE_1_URL='http://127.0.0.1:$port1'
CLUSTER_INSTANCE_2_URL='http://127.0.0.1:$port2'
CLUSTER_INSTANCE_1_PID='$(cat "$dir/portal-1.pid")'
CLUSTER_INSTANCE_2_PID='$(cat "$dir/portal-2.pid")'
CLUSTER_NGINX_PID='$(cat "$dir/nginx.pid")'
CLUSTER_DB='${ConnectionStrings__Migrations:-$ConnectionStrings__Default}'
ENV
}

banner() {
  cat <<MSG

  Conciliazione - due istanze dietro nginx, un solo PostgreSQL
  Indirizzo (nginx):  $origin
  Istanze:            http://127.0.0.1:$port1 (log $dir/portal-1.log), http://127.0.0.1:$port2 (log $dir/portal-2.log)
  Provider di prova:  http://127.0.0.1:$idp_port (SPID/CIE simulati, identità inventate)
  nginx:              $dir/nginx/nginx.conf, accessi $dir/nginx/access.log (campo upstream=)
  Accessi demo come in scripts/run.sh (password: Conciliazione-demo-2026)
  Stato: bash scripts/cluster.sh status (CLUSTER_PORT=$port)

MSG
}

case "$command" in
  run)
    trap cluster_stop EXIT
    trap 'exit 130' INT TERM
    cluster_start
    banner
    echo "  Ctrl-C per fermare tutto."
    while true; do sleep 3600 & wait $!; done
    ;;
  start)
    # On failure, stop what was started.
    trap 'cluster_stop' ERR
    cluster_start
    trap - ERR
    banner
    ;;
  stop) cluster_stop ;;
  status) cluster_status ;;
  *)
    echo "uso: bash scripts/cluster.sh [run|start|status|stop]" >&2
    exit 2
    ;;
esac
