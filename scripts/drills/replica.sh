#!/usr/bin/env bash
# Drill: the read replica (ADR 0148). Starts a PostgreSQL primary and a streaming replica on loopback
# (pg_basebackup -R), the portal in Release with ConnectionStrings:ReadReplica, and shows
#  1. the dashboards served from the replica (its pg_stat_database counters and its sessions' last queries);
#  2. what a reader sees while the replica lags (replay paused, a meeting planned on the primary): the
#     Italian notice, then, past Portal:ReadReplica:MaxLag, the primary's live figures; then replay resumes.
# Prints its figures; exits non-zero when a check fails. Loopback only, bounded in time, cleans up.
# Ports: DRILL_PG_PORT (primary, 57310), +1 (replica), DRILL_PORT (portal, 57320).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
source scripts/lib/postgres.sh
work="$(mktemp -d /tmp/conciliazione-drill-replica.XXXXXX)"
chmod 755 "$work"
source scripts/drills/lib/replica.sh

pg_port="${DRILL_PG_PORT:-57310}"
replica_port=$((pg_port + 1))
port="${DRILL_PORT:-57320}"
notice_after="${DRILL_LAG_NOTICE:-5}"   # seconds
max_lag="${DRILL_MAX_LAG:-40}"          # seconds
requests="${DRILL_REQUESTS:-20}"
primary="$work/primary"
replica="$work/replica"
failures=0
fail() { echo "!! CONTROLLO FALLITO: $*"; failures=$((failures + 1)); }

cleanup() {
  set +e
  drill_stop_portal
  pg_stop "$replica"
  pg_stop "$primary"
  drill_end_watchdog
  rm -rf "$work"
}
trap cleanup EXIT

drill_need curl curl
drill_need openssl openssl
pg_ensure_installed
bin="$(pg_bin_dir)"
psql_on() { local p="$1"; shift; pg_as_owner "$bin/psql" -h 127.0.0.1 -p "$p" -U postgres -d conciliazione -qtAX -v ON_ERROR_STOP=1 "$@"; }

echo "== Drill: replica di lettura =="
echo "macchina: $(nproc) core, $(awk '/MemTotal/ {printf "%.1f", $2/1048576}' /proc/meminfo) GB, $(. /etc/os-release; echo "$PRETTY_NAME"), PostgreSQL $("$bin/postgres" -V | awk '{print $3}'), $(date -u '+%Y-%m-%d %H:%M UTC')"
drill_build_portal
drill_deadline "${DRILL_TIMEOUT:-1200}"   # after the build, whose time depends on the machine

echo ">> Primario su 127.0.0.1:$pg_port"
pg_start "$primary" "$pg_port"
pg_as_owner "$bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres conciliazione
psql_on "$pg_port" -c "CREATE ROLE conciliazione_app LOGIN"

echo ">> Avvio il portale sul primario (migrazioni e dati dimostrativi)..."
t0=$(drill_ms)
drill_start_portal "$port" "$work/portal-seed.log" \
  ConnectionStrings__Default="Host=127.0.0.1;Port=$pg_port;Database=conciliazione;Username=conciliazione_app" \
  ConnectionStrings__Migrations="Host=127.0.0.1;Port=$pg_port;Database=conciliazione;Username=postgres"
drill_stop_portal
echo "   migrazioni e dati dimostrativi: $(( ($(drill_ms) - t0) / 1000 )) s"

echo ">> Replica: pg_basebackup -R da 127.0.0.1:$pg_port, avvio su 127.0.0.1:$replica_port"
t0=$(drill_ms)
mkdir -p "$replica" && chown postgres:postgres "$replica" 2>/dev/null || true
chmod 700 "$replica"
pg_as_owner "$bin/pg_basebackup" -h 127.0.0.1 -p "$pg_port" -U postgres -D "$replica" -R -X stream -c fast 2>&1 | { grep -v 'skipping special file' || true; }
# hot_standby_feedback: the primary keeps the row versions the replica's readers still see, so replay
# never cancels a dashboard or a report ("conflict with recovery"); the price is some bloat on the primary
# while a long report runs (docs/operations.md, "Read replica").
PG_EXTRA_OPTS="-c hot_standby_feedback=on" pg_start "$replica" "$replica_port"
for _ in $(seq 1 30); do
  [ "$(psql_on "$pg_port" -c "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")" = 1 ] && break
  sleep 1
done
echo "   base backup e avvio: $(( ($(drill_ms) - t0) / 1000 )) s; $(psql_on "$replica_port" -c "SELECT 'in recovery: ' || pg_is_in_recovery()"); $(psql_on "$pg_port" -c "SELECT 'stato: ' || state || ', replay_lsn ' || replay_lsn FROM pg_stat_replication")"
[ "$(psql_on "$replica_port" -c "SELECT pg_is_in_recovery()")" = t ] || fail "la replica non è in recovery"

echo ">> Avvio il portale con le due stringhe di connessione (avviso oltre ${notice_after} s di ritardo, primario oltre ${max_lag} s)"
drill_start_portal "$port" "$work/portal.log" \
  ConnectionStrings__Default="Host=127.0.0.1;Port=$pg_port;Database=conciliazione;Username=conciliazione_app" \
  ConnectionStrings__Migrations="Host=127.0.0.1;Port=$pg_port;Database=conciliazione;Username=postgres" \
  ConnectionStrings__ReadReplica="Host=127.0.0.1;Port=$replica_port;Database=conciliazione;Username=conciliazione_app;Application Name=conciliazione-replica" \
  Portal__ReadReplica__LagNotice="00:00:$(printf '%02d' "$notice_after")" \
  Portal__ReadReplica__MaxLag="00:00:$(printf '%02d' "$max_lag")"

staff_key=$(drill_enable_totp "host=127.0.0.1 port=$pg_port user=postgres dbname=conciliazione" operatore@example.org)
referent_key=$(drill_enable_totp "host=127.0.0.1 port=$pg_port user=postgres dbname=conciliazione" referente.castellanza@example.org)
# The keys were written on the primary; the sign-in reads the primary.

counters() { psql_on "$1" -c "SELECT xact_commit + xact_rollback, tup_returned + tup_fetched FROM pg_stat_database WHERE datname = 'conciliazione'"; }

echo
echo "== 1. I cruscotti letti dalla replica ($requests richieste ciascuno) =="
web_login referente.castellanza@example.org "$referent_key" || fail "accesso del referente"
referent_jar="$WEB_JAR"
web_login operatore@example.org "$staff_key" || fail "accesso dell'operatore"
staff_jar="$WEB_JAR"
# Counters are flushed by idle sessions within about 10 s: read them after a quiet pause on both sides.
sleep 11
read -r r_tx0 r_rows0 <<<"$(counters "$replica_port" | tr '|' ' ')"
read -r p_tx0 p_rows0 <<<"$(counters "$pg_port" | tr '|' ' ')"
t0=$(drill_ms)
ok=0
for _ in $(seq 1 "$requests"); do
  WEB_JAR="$staff_jar"; web_get "/Staff/Dashboard"
  [ "$WEB_STATUS" = 200 ] && grep -q 'data-testid="read-freshness"' "$WEB_BODY" && ok=$((ok + 1))
  WEB_JAR="$referent_jar"; web_get "/Referent"
  [ "$WEB_STATUS" = 200 ] && ok=$((ok + 1))
done
elapsed=$(( $(drill_ms) - t0 ))
WEB_JAR="$staff_jar"; web_get "/Staff/Dashboard"
freshness=$(grep -o 'data-testid="read-freshness">[^<]*' "$WEB_BODY" | sed 's/.*>//' || true)
sleep 11
read -r r_tx1 r_rows1 <<<"$(counters "$replica_port" | tr '|' ' ')"
read -r p_tx1 p_rows1 <<<"$(counters "$pg_port" | tr '|' ' ')"
echo "   risposte 200: $ok di $((requests * 2)) in $elapsed ms ($(( elapsed / (requests * 2) )) ms l'una)"
echo "   la pagina dice: \"$freshness\""
echo "   replica:  +$((r_tx1 - r_tx0)) transazioni, +$((r_rows1 - r_rows0)) righe lette (pg_stat_database)"
echo "   primario: +$((p_tx1 - p_tx0)) transazioni, +$((p_rows1 - p_rows0)) righe lette (accessi, sessioni, Hangfire)"
echo "   sessioni del portale sulla replica (pg_stat_activity, ultima query):"
psql_on "$replica_port" -c "SELECT '     ' || usename || ' ' || application_name || ': ' || left(regexp_replace(query, '\s+', ' ', 'g'), 90) FROM pg_stat_activity WHERE datname = 'conciliazione' AND application_name = 'conciliazione-replica' ORDER BY backend_start LIMIT 6"
[ "$ok" = $((requests * 2)) ] || fail "non tutte le richieste ai cruscotti hanno risposto 200 (con la data della replica)"
[ $((r_rows1 - r_rows0)) -gt 0 ] || fail "la replica non ha letto righe durante le richieste"
[ -n "$freshness" ] || fail "il cruscotto non dice da quando sono i dati della replica"

echo
echo "== 2. La replica in ritardo: replay sospeso, un incontro pianificato sul primario =="
meeting="Incontro della prova replica $(date +%H%M%S)"
psql_on "$replica_port" -c "SELECT pg_wal_replay_pause()" >/dev/null
paused_at=$(drill_ms)
psql_on "$pg_port" -v title="$meeting" >/dev/null <<'SQL'
INSERT INTO meetings (id, alliance_id, project_id, title, planned_on, status, created_at)
SELECT gen_random_uuid(), p.alliance_id, p.id, :'title', current_date + 7, 'Planned', now()
FROM projects p WHERE p.status <> 'Closed' ORDER BY p.start_date DESC LIMIT 1;
SQL
seen_notice=""; seen_primary=""
for _ in $(seq 1 $(( (max_lag + 40) / 2 ))); do
  WEB_JAR="$staff_jar"; web_get "/Staff/Dashboard"
  lag_s=$(( ($(drill_ms) - paused_at) / 1000 ))
  if [ -z "$seen_notice" ] && grep -q 'data-testid="replica-lag-notice"' "$WEB_BODY"; then
    seen_notice=$lag_s
    notice=$(grep -A3 'data-testid="replica-lag-notice"' "$WEB_BODY" | grep -m1 '<p>' | sed -e 's/<[^>]*>//g; s/^ *//')
    echo "   dopo ${lag_s} s l'avviso: \"Dati non aggiornati. $notice\""
    grep -qF "$meeting" "$WEB_BODY" && fail "l'incontro nuovo è già visibile dalla replica sospesa" \
      || echo "   l'incontro nuovo non c'è ancora (la replica non l'ha riprodotto)"
  fi
  if grep -qF "$meeting" "$WEB_BODY"; then
    seen_primary=$lag_s
    grep -q 'data-testid="replica-lag-notice"\|data-testid="read-freshness"' "$WEB_BODY" && fail "letto dal primario ma con l'avviso della replica"
    echo "   dopo ${lag_s} s (oltre MaxLag ${max_lag} s) il portale legge dal primario: l'incontro nuovo c'è, nessun avviso"
    break
  fi
  sleep 2
done
[ -n "$seen_notice" ] || fail "nessun avviso di ritardo mentre la replica era sospesa"
[ -n "$seen_primary" ] || fail "il portale non è passato al primario oltre MaxLag"
grep -q "Read replica .* behind" "$work/portal.log" && echo "   log del portale: $(grep -m1 -o 'Read replica [0-9][^"]*primary' "$work/portal.log" | head -1)"

echo
echo "== 3. Replay ripreso =="
for _ in 1 2 3 4 5; do
  psql_on "$replica_port" -c "SELECT pg_wal_replay_resume()" >/dev/null 2>&1 || true
  [ "$(psql_on "$replica_port" -c "SELECT pg_is_wal_replay_paused()")" = f ] && break
  sleep 1
done
[ "$(psql_on "$replica_port" -c "SELECT pg_is_wal_replay_paused()")" = f ] || fail "il replay della replica non riprende"
resumed=$(drill_ms)
caught=""
for _ in $(seq 1 30); do
  WEB_JAR="$staff_jar"; web_get "/Staff/Dashboard"
  if grep -q 'data-testid="read-freshness"' "$WEB_BODY" && grep -qF "$meeting" "$WEB_BODY"; then caught=$(( $(drill_ms) - resumed )); break; fi
  sleep 1
done
if [ -n "$caught" ]; then
  echo "   dopo $caught ms la replica ha riprodotto l'incontro e serve di nuovo i cruscotti: \"$(grep -o 'data-testid="read-freshness">[^<]*' "$WEB_BODY" | sed 's/.*>//')\""
else
  fail "la replica non ha ripreso a servire i cruscotti entro 30 s"
fi
echo "   ritardo riportato dal primario: $(psql_on "$pg_port" -c "SELECT coalesce(replay_lag::text, '0') FROM pg_stat_replication")"

echo
if [ "$failures" -gt 0 ]; then
  echo "REPLICA: $failures controlli falliti"
  exit 1
fi
echo "REPLICA: tutti i controlli superati (avviso dopo ${seen_notice} s di ritardo, primario dopo ${seen_primary} s, ripresa in ${caught} ms)"
