#!/usr/bin/env bash
# Drill: PostgreSQL out of disk (issue 18; ADR 0146; docs/operations.md "Faults and drills").
# The drill's database lives in a tablespace on a small tmpfs (DRILL_TMPFS_MB, default 96; mounted here,
# as root); WAL and the catalog stay on the normal disk, so a full tablespace makes writes fail with
# "could not extend file ... No space left on device" (SQLSTATE 53100) and never stops the cluster.
# Under load (as pg-restart.sh), at DRILL_FAULT_AT (default 15 s) a filler file takes the free space;
# at DRILL_RECOVER_AT (default 30 s) it is deleted. Prints requests, the status codes seen, the 503
# pages' language and the time until writes are accepted again; checks nothing is half-written.
#   sudo bash scripts/drills/out-of-disk.sh
set -euo pipefail
source "$(dirname "$0")/lib/portal.sh"
cd "$drill_root"

if [ "$(id -u)" != 0 ]; then
  echo "Questa esercitazione monta un tmpfs: va eseguita come root (sudo)." >&2
  exit 1
fi

port="${DRILL_PG_PORT:-57211}"
size_mb="${DRILL_TMPFS_MB:-96}"
dir="$(mktemp -d /tmp/conciliazione-drill-disk.XXXXXX)"
disk="$dir/tablespace"
cleanup() {
  pg_stop "$dir/data"
  if mountpoint -q "$disk"; then umount "$disk" || umount -l "$disk" || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT

echo "== Esercitazione: PostgreSQL senza spazio su disco =="
drill_machine
drill_pg_start "$dir" "$port"
mkdir -p "$disk"
mount -t tmpfs -o "size=${size_mb}m,mode=0700,uid=$(id -u postgres),gid=$(id -g postgres)" conciliazione-drill "$disk"
mkdir -p "$disk/pg"
chown postgres:postgres "$disk/pg"
pg_as_owner "$(pg_bin_dir)/psql" -h 127.0.0.1 -p "$port" -U postgres -qtAc "CREATE TABLESPACE drill_disk LOCATION '$disk/pg'"
echo "tmpfs: ${size_mb} MB at $disk (tablespace drill_disk)"
drill_build
export BENCH_PG="Host=127.0.0.1;Port=$port;Username=postgres"
export DRILL_PORTAL_PORT="${DRILL_PORTAL_PORT:-$((port + 10))}" DRILL_IDP_PORT="${DRILL_IDP_PORT:-$((port + 20))}"
export DRILL_TABLESPACE=drill_disk
# The fault: a filler file takes what is free on the tmpfs (dd stops at "No space left on device").
export DRILL_FAULT_CMD="dd if=/dev/zero of='$disk/filler' bs=1M status=none 2>/dev/null; df -h '$disk' | tail -1"
export DRILL_RECOVER_CMD="rm -f '$disk/filler'; df -h '$disk' | tail -1"
drill_run drill-out-of-disk "$dir"
