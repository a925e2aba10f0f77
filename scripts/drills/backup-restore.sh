#!/usr/bin/env bash
# Drill: backup and restore. On a database with the demo data (migrated and seeded by the portal itself),
# pg_dump -Fc, pg_restore into a NEW database, compare the row count and an md5 checksum of EVERY table
# (all schemas, the query generated from the catalog) plus every sequence, then start the portal on the
# restored copy and run a smoke test: home page, health endpoints, the public calls page families start
# from, a staff page after a real sign-in (password + TOTP). Prints timings (dump, restore, compare);
# exits non-zero when any check fails. Loopback only, bounded in time, cleans up.
# Ports: DRILL_PG_PORT (57330), DRILL_PORT (portal, 57340). DRILL_AUDIT_ROWS (default 200000): rows copied
# into the audit trail so the dump and the comparison read a table of realistic size (0: demo data only).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
source scripts/lib/postgres.sh
work="$(mktemp -d /tmp/conciliazione-drill-backup.XXXXXX)"
chmod 755 "$work"
source scripts/drills/lib/replica.sh

pg_port="${DRILL_PG_PORT:-57330}"
port="${DRILL_PORT:-57340}"
data="$work/pg"
source_db=conciliazione
restored_db="conciliazione_restored_$(date +%Y%m%d%H%M%S)"
failures=0
fail() { echo "!! CONTROLLO FALLITO: $*"; failures=$((failures + 1)); }

cleanup() {
  set +e
  drill_stop_portal
  pg_stop "$data"
  drill_end_watchdog
  rm -rf "$work"
}
trap cleanup EXIT

drill_need curl curl
drill_need openssl openssl
pg_ensure_installed
bin="$(pg_bin_dir)"
psql_db() { local db="$1"; shift; pg_as_owner "$bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d "$db" -qtAX -v ON_ERROR_STOP=1 "$@"; }
secs() { awk -v ms="$1" 'BEGIN { printf "%.1f s", ms / 1000 }'; }

echo "== Drill: backup e ripristino =="
echo "macchina: $(nproc) core, $(awk '/MemTotal/ {printf "%.1f", $2/1048576}' /proc/meminfo) GB, $(. /etc/os-release; echo "$PRETTY_NAME"), PostgreSQL $("$bin/postgres" -V | awk '{print $3}'), $(date -u '+%Y-%m-%d %H:%M UTC')"
drill_build_portal
drill_deadline "${DRILL_TIMEOUT:-1200}"   # after the build, whose time depends on the machine

echo ">> PostgreSQL su 127.0.0.1:$pg_port (impostazioni di durata predefinite)"
pg_start "$data" "$pg_port"
pg_as_owner "$bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres "$source_db"
psql_db "$source_db" -c "CREATE ROLE conciliazione_app LOGIN"
conn() { echo "Host=127.0.0.1;Port=$pg_port;Database=$1;Username=$2"; }

echo ">> Il portale migra e carica i dati dimostrativi..."
drill_start_portal "$port" "$work/portal-source.log" \
  ConnectionStrings__Default="$(conn "$source_db" conciliazione_app)" ConnectionStrings__Migrations="$(conn "$source_db" postgres)"
# A staff account enrolled in two-step sign-in on the source: the restored copy must carry the key too.
staff_key=$(drill_enable_totp "host=127.0.0.1 port=$pg_port user=postgres dbname=$source_db" operatore@example.org)
web_login operatore@example.org "$staff_key" || fail "accesso dell'operatore sull'originale"
web_get "/Staff/Dashboard"
[ "$WEB_STATUS" = 200 ] || fail "cruscotto sull'originale: $WEB_STATUS"
drill_stop_portal   # no writer while the figures are compared (Hangfire's heartbeats would change its tables)

# More rows than the demo's few dozen: DRILL_AUDIT_ROWS copies of the audit trail's own rows (insert-only table,
# realistic row width), so the dump and the comparison read a table of a region's size.
extra="${DRILL_AUDIT_ROWS:-200000}"
if [ "$extra" -gt 0 ]; then
  t0=$(drill_ms)
  psql_db "$source_db" -c "
    INSERT INTO audit_events (occurred_at, actor_id, alliance_id, action, entity_type, entity_id, ip_address, details)
    SELECT a.occurred_at + g * interval '1 second', a.actor_id, a.alliance_id, a.action, a.entity_type, a.entity_id, a.ip_address, a.details
    FROM (SELECT * FROM audit_events ORDER BY id LIMIT 50) a, generate_series(1, ceil($extra / greatest(1, (SELECT least(count(*), 50) FROM audit_events))::numeric)::int) g" >/dev/null
  psql_db "$source_db" -c "VACUUM ANALYZE" >/dev/null
  echo "   righe aggiunte al registro di controllo: $(psql_db "$source_db" -c "SELECT count(*) FROM audit_events") in totale ($(secs $(( $(drill_ms) - t0 ))))"
fi

echo
echo "== 1. pg_dump -Fc =="
t0=$(drill_ms)
mkdir -p "$work/dump"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$work/dump"   # pg_dump runs as the cluster's owner
pg_as_owner "$bin/pg_dump" -h 127.0.0.1 -p "$pg_port" -U postgres -Fc -f "$work/dump/$source_db.dump" "$source_db"
dump_ms=$(( $(drill_ms) - t0 ))
echo "   dump: $(secs "$dump_ms"), file $(du -h "$work/dump/$source_db.dump" | cut -f1), database $(psql_db "$source_db" -c "SELECT pg_size_pretty(pg_database_size(current_database()))")"

echo
echo "== 2. pg_restore in un database nuovo ($restored_db) =="
t0=$(drill_ms)
pg_as_owner "$bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres "$restored_db"
pg_as_owner "$bin/pg_restore" -h 127.0.0.1 -p "$pg_port" -U postgres -d "$restored_db" --exit-on-error -j 2 "$work/dump/$source_db.dump"
psql_db "$restored_db" -c "ANALYZE" >/dev/null
restore_ms=$(( $(drill_ms) - t0 ))
echo "   restore (con ANALYZE): $(secs "$restore_ms")"

echo
echo "== 3. Confronto: righe e checksum di ogni tabella, valore di ogni sequenza =="
# The comparison query is generated from the catalog: one line per table of every schema but the system ones.
cat >"$work/generate.sql" <<'SQL'
SELECT string_agg(format(
  'SELECT %L AS t, count(*) AS n, md5(coalesce(string_agg(x::text, E''\n'' ORDER BY x::text COLLATE "C"), '''')) AS h FROM %I.%I x',
  schemaname || '.' || tablename, schemaname, tablename), E'\nUNION ALL\n' ORDER BY schemaname, tablename)
  || E'\nORDER BY 1;'
FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema');
SQL
psql_db "$source_db" -f "$work/generate.sql" >"$work/compare.sql"
t0=$(drill_ms)
psql_db "$source_db" -F ' ' -f "$work/compare.sql" >"$work/source.txt"
psql_db "$restored_db" -F ' ' -f "$work/compare.sql" >"$work/restored.txt"
seqs="SELECT schemaname || '.' || sequencename, coalesce(last_value, 0) FROM pg_sequences ORDER BY 1"
psql_db "$source_db" -F ' ' -c "$seqs" >"$work/source-seq.txt"
psql_db "$restored_db" -F ' ' -c "$seqs" >"$work/restored-seq.txt"
objects="SELECT (SELECT count(*) FROM pg_indexes WHERE schemaname NOT IN ('pg_catalog','information_schema')) || ' indici, ' || (SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal) || ' trigger, ' || (SELECT count(*) FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname NOT IN ('pg_catalog','information_schema')) || ' vincoli'"
compare_ms=$(( $(drill_ms) - t0 ))
tables=$(wc -l <"$work/source.txt")
rows=$(awk '{ s += $2 } END { print s }' "$work/source.txt")
echo "   tabelle: $tables (schemi: $(cut -d. -f1 "$work/source.txt" | sort -u | paste -sd, -)); righe: $rows; confronto: $(secs "$compare_ms")"
echo "   oggetti originale: $(psql_db "$source_db" -c "$objects"); ripristinato: $(psql_db "$restored_db" -c "$objects")"
echo "   le 5 tabelle più grandi:"
sort -k2,2nr "$work/source.txt" | head -5 | awk '{ printf "     %-45s %9d righe  md5 %s\n", $1, $2, $3 }'
if diff "$work/source.txt" "$work/restored.txt" >"$work/diff.txt"; then
  echo "   righe e checksum: uguali in tutte le $tables tabelle"
else
  fail "tabelle diverse dopo il ripristino:"; sed 's/^/     /' "$work/diff.txt" | head -20
fi
if diff "$work/source-seq.txt" "$work/restored-seq.txt" >/dev/null; then
  echo "   sequenze: $(wc -l <"$work/source-seq.txt") uguali"
else
  fail "sequenze diverse dopo il ripristino"
fi
[ "$(psql_db "$source_db" -c "$objects")" = "$(psql_db "$restored_db" -c "$objects")" ] || fail "indici, trigger o vincoli diversi"
[ "$tables" -gt 50 ] || fail "troppe poche tabelle confrontate ($tables)"

echo
echo "== 4. Il portale sulla copia ripristinata: prova di funzionamento =="
t0=$(drill_ms)
drill_start_portal "$port" "$work/portal-restored.log" Portal__SeedDemoData=false \
  ConnectionStrings__Default="$(conn "$restored_db" conciliazione_app)" ConnectionStrings__Migrations="$(conn "$restored_db" postgres)"
echo "   avvio sulla copia: $(secs $(( $(drill_ms) - t0 )))"
check() { # check DESCRIPTION EXPECTED-STATUS [TEXT]
  local what="$1" status="$2" text="${3:-}"
  if [ "$WEB_STATUS" = "$status" ] && { [ -z "$text" ] || grep -qF -- "$text" "$WEB_BODY"; }; then
    echo "   ok   $what ($WEB_STATUS)"
  else
    fail "$what: risposta $WEB_STATUS${text:+, atteso il testo \"$text\"}"
  fi
}
web_reset
web_get "/health/live"; check "GET /health/live" 200
web_get "/health/ready"; check "GET /health/ready (PostgreSQL e lavori)" 200 Healthy
web_get "/"; check "GET / (pagina iniziale)" 200 "Conciliazione"
web_get "/Calls"; check "GET /Calls (i bandi, da cui partono le famiglie)" 200 "[DEMO]"
web_get "/Family"; check "GET /Family senza accesso: al login" 302
if web_login operatore@example.org "$staff_key"; then
  web_get "/Staff/Dashboard"; check "GET /Staff/Dashboard dopo accesso con password e codice TOTP" 200 "Cruscotto del capofila"
  demo=$(grep -c 'data-call=' "$WEB_BODY" || true)
  [ "$demo" -gt 0 ] || fail "il cruscotto sulla copia non mostra i bandi dimostrativi"
  web_get "/Staff/Applications"; check "GET /Staff/Applications (coda istruttoria)" 200
else
  fail "accesso dell'operatore sulla copia ripristinata"
fi

echo
echo "BACKUP-RESTORE: dump $(secs "$dump_ms"), restore $(secs "$restore_ms"), confronto $(secs "$compare_ms"); $tables tabelle, $rows righe; $( [ "$failures" = 0 ] && echo "tutti i controlli superati" || echo "$failures controlli falliti")"
[ "$failures" = 0 ]
