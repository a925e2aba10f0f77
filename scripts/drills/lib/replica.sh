# shellcheck shell=bash
# Helpers shared by the replica and backup-restore drills (sourced): the portal built in Release and started
# on loopback in Production mode, a curl client with its own cookie jar (the portal's cookies are
# __Host-/Secure, which curl will not keep over plain http), staff sign-in with a TOTP code computed here.
# Needs: scripts/lib/postgres.sh sourced, $root set to the repository, $work a private temporary folder.

DRILL_PASSWORD="${DRILL_PASSWORD:-Conciliazione-demo-2026}"
DRILL_DLL="$root/src/Conciliazione.Web/bin/Release/net10.0/Conciliazione.Web.dll"

# drill_deadline SECONDS: ends the whole script (its EXIT trap cleans up) if it runs longer than that.
drill_deadline() {
  local parent=$$
  ( sleep "$1"; echo "!! Tempo massimo ($1 s) superato: interrompo." >&2; kill -TERM "$parent" ) 2>/dev/null &
  DRILL_WATCHDOG=$!
}

drill_end_watchdog() {
  if [ -n "${DRILL_WATCHDOG:-}" ]; then
    pkill -P "$DRILL_WATCHDOG" 2>/dev/null || true
    kill "$DRILL_WATCHDOG" 2>/dev/null || true
  fi
}

# drill_ms: milliseconds since the epoch (for timings).
drill_ms() { date +%s%3N; }

drill_need() { # drill_need COMMAND DEBIAN-PACKAGE
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ]; then
    echo ">> Installo $2..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
  fi
  command -v "$1" >/dev/null 2>&1 || { echo "Manca $1 (pacchetto Debian $2)" >&2; return 1; }
}

# drill_build_portal: builds the portal in Release (incremental), prints the time. DRILL_NO_BUILD=1 uses the
# Release build already there (e.g. while another drill runs from it).
drill_build_portal() {
  if [ "${DRILL_NO_BUILD:-0}" = 1 ] && [ -s "$DRILL_DLL" ]; then
    echo ">> Uso la compilazione Release esistente ($(date -u -r "$DRILL_DLL" '+%Y-%m-%d %H:%M UTC'))"
    return 0
  fi
  local t0; t0=$(drill_ms)
  echo ">> Compilo il portale (Release)..."
  dotnet build "$root/src/Conciliazione.Web" -c Release -nologo -v q >"$work/build.log" 2>&1 \
    || { tail -20 "$work/build.log" >&2; return 1; }
  echo "   compilazione: $(( ($(drill_ms) - t0) / 1000 )) s"
}

# drill_certificate: the Data Protection certificate the portal requires outside Development (ADR 0036).
drill_certificate() {
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Conciliazione drill" \
    -keyout "$work/dp.key" -out "$work/dp.crt" 2>/dev/null
  openssl pkcs12 -export -inkey "$work/dp.key" -in "$work/dp.crt" -out "$work/dp.pfx" -passout pass:drill
  rm -f "$work/dp.key"
}

# drill_start_portal PORT LOG [NAME=VALUE...]: the portal in Production on 127.0.0.1:PORT with the settings given
# (connection strings at least), migrations and demo data on; waits for /health/ready (at most 180 s).
drill_start_portal() {
  local port="$1" log="$2"; shift 2
  [ -s "$work/dp.pfx" ] || drill_certificate
  (
    cd "$root/src/Conciliazione.Web"
    exec env ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$port" \
      Portal__PublicOrigin="http://127.0.0.1:$port" Portal__MigrateOnStartup=true Portal__SeedDemoData=true \
      Portal__MailPickupDirectory="$work/mail" \
      DataProtection__CertificatePath="$work/dp.pfx" DataProtection__CertificatePassword=drill \
      "$@" dotnet "$DRILL_DLL"
  ) >"$log" 2>&1 &
  DRILL_PORTAL_PID=$!
  DRILL_BASE="http://127.0.0.1:$port"
  local i
  for i in $(seq 1 180); do
    if curl -fsS -m 5 "$DRILL_BASE/health/ready" >/dev/null 2>&1; then return 0; fi
    kill -0 "$DRILL_PORTAL_PID" 2>/dev/null || { echo "Il portale non è partito: vedi $log" >&2; tail -20 "$log" >&2; return 1; }
    sleep 1
  done
  echo "Il portale non risponde su $DRILL_BASE/health/ready dopo 180 s" >&2
  return 1
}

drill_stop_portal() {
  if [ -n "${DRILL_PORTAL_PID:-}" ]; then
    kill -TERM "$DRILL_PORTAL_PID" 2>/dev/null || true
    local i
    for i in $(seq 1 20); do kill -0 "$DRILL_PORTAL_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$DRILL_PORTAL_PID" 2>/dev/null || true
    wait "$DRILL_PORTAL_PID" 2>/dev/null || true
    DRILL_PORTAL_PID=""
  fi
}

# --- A small browser: web_get URL / web_post URL field=value...; body in $WEB_BODY, status in $WEB_STATUS,
# --- redirect target in $WEB_LOCATION. The jar is $WEB_JAR (one name=value per line).
web_reset() { WEB_JAR="$work/jar.$RANDOM"; : >"$WEB_JAR"; WEB_BODY="$work/body.html"; }

web_cookie_header() { paste -sd';' "$WEB_JAR" | sed 's/;/; /g'; }

web_request() {
  local url="$1"; shift
  local hdr="$work/headers.txt" kv name
  WEB_STATUS=$(curl -sS -m 60 -o "$WEB_BODY" -D "$hdr" -w '%{http_code}' -H "Cookie: $(web_cookie_header)" "$@" "$DRILL_BASE$url") || WEB_STATUS=000
  while IFS= read -r kv; do
    name="${kv%%=*}"
    grep -v "^$name=" "$WEB_JAR" >"$WEB_JAR.new" || true
    mv "$WEB_JAR.new" "$WEB_JAR"
    [ -n "${kv#*=}" ] && echo "$kv" >>"$WEB_JAR"
  done < <(grep -i '^set-cookie:' "$hdr" | sed -E 's/^[Ss]et-[Cc]ookie: *//; s/;.*//' | tr -d '\r')
  WEB_LOCATION=$(grep -i '^location:' "$hdr" | sed -E 's/^[Ll]ocation: *//' | tr -d '\r' || true)
}

web_get() { web_request "$1"; }

web_post() {
  local url="$1"; shift
  local args=() f
  for f in "$@"; do args+=(--data-urlencode "$f"); done
  web_request "$url" "${args[@]}"
}

# web_token: the antiforgery token of the last page read.
web_token() { sed -n 's/.*name="__RequestVerificationToken" type="hidden" value="\([^"]*\)".*/\1/p' "$WEB_BODY" | head -1; }

# web_text: the last page without tags, one line.
web_text() { sed -e 's/<[^>]*>/ /g' "$WEB_BODY" | tr -s ' \n\r\t' ' '; }

# totp_code BASE32KEY: the RFC 6238 code an authenticator app would show now (HMAC-SHA1 with openssl).
totp_code() {
  local key hex counter mac offset bin
  key=$(printf '%s' "$1" | tr -d ' =' | tr 'a-z' 'A-Z')
  while [ $(( ${#key} % 8 )) -ne 0 ]; do key="$key="; done
  hex=$(printf '%s' "$key" | base32 -d | od -An -v -tx1 | tr -d ' \n')
  counter=$(printf '%016x' $(( $(date +%s) / 30 )))
  # shellcheck disable=SC2059
  mac=$(printf "$(printf '%s' "$counter" | sed 's/../\\x&/g')" \
    | openssl dgst -sha1 -mac HMAC -macopt "hexkey:$hex" -binary | od -An -v -tx1 | tr -d ' \n')
  offset=$(( 0x${mac:39:1} ))
  bin=$(( 0x${mac:$((offset * 2)):8} & 0x7fffffff ))
  printf '%06d' $(( bin % 1000000 ))
}

# drill_enable_totp PSQL-CONNINFO EMAIL: gives a demo account an authenticator key (as if enrolled) and prints it.
drill_enable_totp() {
  local conninfo="$1" email="$2" key
  key=$(head -c 20 /dev/urandom | base32 | tr -d '=')
  pg_as_owner "$(pg_bin_dir)/psql" "$conninfo" -qtAX -v ON_ERROR_STOP=1 -v email="$email" -v key="$key" >/dev/null <<'SQL'
UPDATE "AspNetUsers" SET two_factor_enabled = true WHERE normalized_email = upper(:'email');
INSERT INTO "AspNetUserTokens" (user_id, login_provider, name, value)
SELECT id, '[AspNetUserStore]', 'AuthenticatorKey', :'key' FROM "AspNetUsers" WHERE normalized_email = upper(:'email')
ON CONFLICT (user_id, login_provider, name) DO UPDATE SET value = excluded.value;
SQL
  echo "$key"
}

# web_login EMAIL KEY: password, then the TOTP code, through the real pages. Returns non-zero on failure.
web_login() {
  local email="$1" key="$2"
  web_reset
  web_get "/Account/Login"
  web_post "/Account/Login" "__RequestVerificationToken=$(web_token)" "Input.Email=$email" "Input.Password=$DRILL_PASSWORD"
  [ "$WEB_STATUS" = 302 ] || { echo "login di $email: risposta $WEB_STATUS" >&2; return 1; }
  case "$WEB_LOCATION" in
    *LoginWith2fa*)
      local second="${WEB_LOCATION#"$DRILL_BASE"}"
      web_get "$second"
      web_post "$second" "__RequestVerificationToken=$(web_token)" "Input.Code=$(totp_code "$key")"
      [ "$WEB_STATUS" = 302 ] || { echo "secondo passaggio di $email: risposta $WEB_STATUS" >&2; return 1; }
      ;;
  esac
}
