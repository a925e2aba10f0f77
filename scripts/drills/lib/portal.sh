# shellcheck shell=bash
# Shared by the fault drills (pg-restart.sh, out-of-disk.sh): a private PostgreSQL cluster on loopback
# for one drill, the drill runner (the benchmark project, Release) and the cleanup. Sourced, not run.
# The portal itself is hosted by the drill runner (scripts/bench/DrillScenario.cs) with the settings of
# scripts/run.sh in Production: demo data, the test OpenID provider, a Data Protection certificate.

drill_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
# shellcheck source=../../lib/postgres.sh
source "$drill_root/scripts/lib/postgres.sh"

# drill_pg_start DIR PORT: a throwaway cluster in DIR/data on 127.0.0.1:PORT with durable commits
# (the server's defaults: a restart must not lose what was acknowledged).
drill_pg_start() {
  local dir="$1" port="$2"
  pg_ensure_installed
  mkdir -p "$dir"
  chmod 755 "$dir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  PG_EXTRA_OPTS="-c max_connections=200" pg_start "$dir/data" "$port"
}

# drill_pg_restart DIR: the fault of pg-restart.sh: a fast restart (active sessions cut, as an operator's
# restart or a failover does); waits until the server accepts connections again.
drill_pg_restart() {
  local dir="$1"
  pg_as_owner "$(pg_bin_dir)/pg_ctl" -D "$dir/data" -m fast -w -t 60 restart >/dev/null
}

# drill_build: the drill runner in Release (it hosts the portal and the test provider).
drill_build() {
  echo ">> Compilo il portale e il runner delle esercitazioni (Release)..."
  timeout 1800 dotnet build "$drill_root/scripts/bench/Conciliazione.Bench.csproj" -c Release -nologo -v q >/dev/null
}

# drill_run SCENARIO LOGDIR: runs the scenario (bounded by DRILL_TIMEOUT seconds, default 900). The portal's
# own JSON log lines (errors and warnings while the fault lasts) go to LOGDIR/portal.log, summarised at the end.
drill_run() {
  local log="$2/portal.log" rc
  set +e
  DOTNET_gcServer=1 timeout "${DRILL_TIMEOUT:-900}" dotnet "$drill_root/scripts/bench/bin/Release/net10.0/Conciliazione.Bench.dll" "$1" 2>&1 \
    | tee "$log" | grep --line-buffered -v '^{"EventId'
  rc=${PIPESTATUS[0]}
  set -e
  echo "portal log: $(grep -c '^{"EventId' "$log" || true) lines at Warning or above, by category:"
  grep -o '^{"EventId[^}]*"Category":"[^"]*"' "$log" | sed 's/.*"LogLevel":"\([^"]*\)".*"Category":"\([^"]*\)"/  \1 \2/' | sort | uniq -c | sort -rn | head -8 || true
  if [ "$rc" != 0 ]; then
    # Kept for the post-mortem when the drill fails (the drill's folder is removed on exit).
    cp "$log" "/tmp/conciliazione-$1-portal.log"
    echo "portal log kept: /tmp/conciliazione-$1-portal.log"
  fi
  return "$rc"
}

drill_machine() {
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GB", $2/1048576}' /proc/meminfo) memory, $(. /etc/os-release && echo "$PRETTY_NAME"), load average $(cut -d' ' -f1-3 /proc/loadavg)"
}
