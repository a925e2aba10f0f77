# shellcheck shell=bash
# Helpers to provision a local PostgreSQL without Docker (sourced by run.sh and test.sh).
# initdb refuses to run as root, so as root the cluster belongs to the postgres user.

pg_bin_dir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

pg_ensure_installed() {
  if pg_bin_dir >/dev/null; then return 0; fi
  if [ "$(id -u)" = 0 ]; then
    echo ">> Installo PostgreSQL (apt-get install postgresql)..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    pg_bin_dir >/dev/null && return 0
  fi
  echo "PostgreSQL non trovato. Installare il pacchetto 'postgresql' (sudo apt-get install postgresql)" >&2
  echo "oppure impostare ConnectionStrings__Default verso un server esistente." >&2
  return 1
}

# pg_as_owner CMD...: runs a command as the cluster owner (postgres when we are root).
pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# pg_start DATADIR PORT: creates the cluster if needed and starts it on 127.0.0.1:PORT (trust auth).
pg_start() {
  local data="$1" port="$2" bin
  bin="$(pg_bin_dir)"
  if [ ! -s "$data/PG_VERSION" ]; then
    mkdir -p "$data"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$data" && chmod 700 "$data"
    pg_as_owner "$bin/initdb" -D "$data" --auth=trust -U postgres -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  fi
  if pg_as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then return 0; fi
  pg_as_owner "$bin/pg_ctl" -D "$data" -w -l "$data/server.log" \
    -o "-p $port -k $data -c listen_addresses=127.0.0.1 ${PG_EXTRA_OPTS:-}" start >/dev/null
}

pg_stop() {
  local data="$1" bin
  bin="$(pg_bin_dir)" || return 0
  pg_as_owner "$bin/pg_ctl" -D "$data" -m fast stop >/dev/null 2>&1 || true
}
