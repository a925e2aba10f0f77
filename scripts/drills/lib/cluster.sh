# shellcheck shell=bash
# Helpers for drills on the two-instance cluster (sourced; scripts/cluster.sh does the work).
# drill_cluster_up: starts a cluster of its own in a fresh state folder (CLUSTER_DIR, CLUSTER_PORT) and
# sources its cluster.env; drill_cluster_down: stops it and removes the folder (DRILL_KEEP=1 keeps it).

drill_cluster_up() {
  export CLUSTER_DIR="${CLUSTER_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/conciliazione-drill.XXXXXX")}"
  chmod 755 "$CLUSTER_DIR"
  bash "$DRILL_ROOT/scripts/cluster.sh" start
  # shellcheck disable=SC1091
  source "$CLUSTER_DIR/cluster.env"
}

drill_cluster_down() {
  [ -n "${CLUSTER_DIR:-}" ] && [ -d "$CLUSTER_DIR" ] || return 0
  bash "$DRILL_ROOT/scripts/cluster.sh" stop >/dev/null 2>&1 || true
  if [ "${DRILL_KEEP:-0}" = 1 ]; then
    echo ">> Stato del cluster conservato in $CLUSTER_DIR (DRILL_KEEP=1)"
  else
    rm -rf "$CLUSTER_DIR"
  fi
}

# drill_nginx_figures FROM_LINE: what nginx logged from that access-log line on: requests, those it
# retried on the other instance (two upstreams tried), and the 5xx it answered.
drill_nginx_figures() {
  local log="$CLUSTER_DIR/nginx/access.log" from="${1:-1}"
  tail -n +"$from" "$log" | awk '
    {
      total++
      m = $4; sub(/^"/, "", m)
      match($0, /" [0-9][0-9][0-9] /); status = substr($0, RSTART + 2, 3)
      post = (m == "GET" || m == "HEAD") ? 0 : 1
      if ($0 ~ /upstream=[^ ]*, /) { retried++; if (post) rpost++; else rget++ }
      if (status ~ /^5/) { if (post) e5post++; else e5get++ }
    }
    END {
      printf "nginx: %d requests; retried on the other instance %d (GET %d, POST %d); 5xx answered to the client: GET %d, POST %d\n",
        total, retried, rget, rpost, e5get, e5post
    }'
}
