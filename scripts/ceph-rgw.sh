#!/usr/bin/env bash
# Runs a throw-away single-node Ceph cluster (1 mon, 1 memstore osd, 1 radosgw)
# on 127.0.0.1 for integration tests.  Everything (config, data, logs, pids)
# lives in $RGW_WORKDIR; /etc/ceph and the system services are never used.
#
#   scripts/ceph-rgw.sh start|stop|status|lc-process
#
# Env: RGW_PORT (7480), RGW_MON_PORT (3300), RGW_WORKDIR (<project>/target/ceph-rgw),
#      RGW_START_TIMEOUT seconds (120).
# After start, $RGW_WORKDIR/rgw.env holds RGW_ENDPOINT, RGW_ACCESS_KEY,
# RGW_SECRET_KEY and RGW_CONF.  Lifecycle runs in debug time: one "day" is 10 s,
# rgw applies rules by itself within ~30 s; "lc-process" applies them now (an
# upload must then be DaysAfterInitiation x 10 s old).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${RGW_PORT:-7480}"
MON_PORT="${RGW_MON_PORT:-3300}"
WORKDIR="$(realpath -m "${RGW_WORKDIR:-$ROOT/target/ceph-rgw}")"
TIMEOUT="${RGW_START_TIMEOUT:-120}"
CONF="$WORKDIR/ceph.conf"
ENDPOINT="http://127.0.0.1:$PORT"
S3_UID=mpu-janitor-test
S3_ACCESS=mpujanitortestaccess
S3_SECRET=mpujanitortestsecret0123456789abcdef

log() { echo "ceph-rgw: $*" >&2; }

die() {
  log "ERROR: $*"
  for f in "$WORKDIR"/log/*.log "$WORKDIR"/log/*.out; do
    [[ -s "$f" ]] && { echo "----- tail $f" >&2; tail -n 25 "$f" >&2; }
  done
  exit 1
}

# Client commands get a hard time limit: without a reachable mon they block forever.
ceph_cli() { timeout 30 ceph -c "$CONF" --connect-timeout 10 "$@"; }
rgw_admin() { timeout 60 radosgw-admin -c "$CONF" "$@"; }

# A failed start must not leave half a cluster behind.
stop_on_failure() { local rc=$?; ((rc == 0)) || stop; return "$rc"; }

install_packages() {
  local b missing=0
  for b in ceph-mon ceph-osd radosgw radosgw-admin ceph monmaptool uuidgen curl; do
    command -v "$b" >/dev/null || missing=1
  done
  ((missing)) || return 0
  log "installing Ceph packages from Debian"
  local sudo=""; ((EUID == 0)) || sudo=sudo
  $sudo apt-get update -qq
  # uuid-runtime gives uuidgen; no recommends keeps out mgr/dashboard and friends.
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    ceph-mon ceph-osd radosgw ceph-common uuid-runtime curl >/dev/null
}

write_conf() {
  # $name expands inside Ceph (mon.a, osd.0, client.rgw, client.admin).
  cat >"$CONF" <<EOF
[global]
fsid = $(uuidgen)
mon host = v2:127.0.0.1:$MON_PORT
public addr = 127.0.0.1
cluster addr = 127.0.0.1
run dir = $WORKDIR/run
crash dir = $WORKDIR/crash
log file = $WORKDIR/log/\$name.log
mon cluster log file = $WORKDIR/log/cluster.log
keyring = $WORKDIR/keyring
# No cephx: nothing to hand out.  Without auth the default "secure" messenger
# modes cannot negotiate and start-up hangs, so force plain crc everywhere.
auth cluster required = none
auth service required = none
auth client required = none
ms cluster mode = crc
ms service mode = crc
ms client mode = crc
ms mon cluster mode = crc
ms mon service mode = crc
ms mon client mode = crc
# One OSD: size-1 pools with few PGs (the default 32 PGs x ~8 rgw pools would
# exceed mon_max_pg_per_osd).  No mgr runs, so no autoscaler either.
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
mon data avail crit = 0
mon data avail warn = 0

[mon]
mon data = $WORKDIR/mon
# Commit map changes at once instead of batching them for 1 s: radosgw makes a
# dozen of them (pool create, application enable) on first start.
paxos propose interval = 0.05
paxos min wait = 0.01

[osd]
osd data = $WORKDIR/osd
osd objectstore = memstore
memstore device bytes = $((3 * 1024 * 1024 * 1024))
osd memory target = $((1024 * 1024 * 1024))

# [client], not [client.rgw]: radosgw-admin (client.admin) must see the same
# lifecycle settings, or "lc process" judges ages in real days.
[client]
rgw frontends = beast endpoint=127.0.0.1:$PORT
# Accept CreateBucket with any LocationConstraint (tests seed "regions"); every
# bucket still lands in the one zonegroup, whose GetBucketLocation is "default".
rgw relaxed region enforcement = true
# Tests need lifecycle rules to fire quickly: one lifecycle "day" = 10 s.
rgw lc debug interval = 10
# One LC thread and one per-bucket worker: several only fight over shard locks
# (5 s back-off each time) and make each bucket take ~1 s instead of ~0.3 s.
rgw lc max worker = 1
rgw lc max wp worker = 1
EOF
}

# Starts a daemon in the background (foreground mode, so $! is the daemon itself).
spawn() {
  local name="$1"; shift
  "$@" </dev/null >>"$WORKDIR/log/$name.out" 2>&1 &
  echo $! >"$WORKDIR/pids/$name.pid"
}

wait_for() { # wait_for <what> <command...>
  local what="$1" deadline=$((SECONDS + TIMEOUT)); shift
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "timed out after ${TIMEOUT}s waiting for $what"
    sleep 0.5
  done
}

osd_up() { local s; s="$(ceph_cli osd stat -f json)" && [[ "$s" == *'"num_up_osds":1'* ]]; }
http_up() { curl -s -o /dev/null -m 5 "$ENDPOINT/"; }

start() {
  install_packages
  stop
  # Only ever wipe a directory that is ours (or empty).
  [[ ! -e "$WORKDIR" || -d "$WORKDIR/pids" || -z "$(ls -A "$WORKDIR")" ]] ||
    die "refusing to wipe $WORKDIR: not a ceph-rgw work dir"
  rm -rf "$WORKDIR" && mkdir -p "$WORKDIR"/{log,pids,run,crash,mon,osd}
  : >"$WORKDIR/keyring"
  http_up && die "something already answers on $ENDPOINT"
  # A mon port taken by another cluster would make our clients talk to its mon.
  (: </dev/tcp/127.0.0.1/"$MON_PORT") 2>/dev/null && die "port $MON_PORT is taken (set RGW_MON_PORT)"
  write_conf
  trap stop_on_failure EXIT
  local t0=$SECONDS

  log "starting mon"
  monmaptool --create --fsid "$(awk '$1 == "fsid" {print $3}' "$CONF")" \
    --addv a "[v2:127.0.0.1:$MON_PORT]" "$WORKDIR/monmap" >/dev/null
  ceph-mon -c "$CONF" -i a --mkfs --monmap "$WORKDIR/monmap" >"$WORKDIR/log/mkfs-mon.out" 2>&1 ||
    die "ceph-mon --mkfs failed"
  spawn mon.a ceph-mon -c "$CONF" -i a -f
  wait_for "mon quorum" ceph_cli mon stat

  log "starting osd"
  local uuid; uuid="$(uuidgen)"
  [[ "$(ceph_cli osd new "$uuid")" == 0 ]] || die "ceph osd new did not return id 0"
  ceph-osd -c "$CONF" -i 0 --mkfs --osd-uuid "$uuid" >"$WORKDIR/log/mkfs-osd.out" 2>&1 ||
    die "ceph-osd --mkfs failed"
  spawn osd.0 ceph-osd -c "$CONF" -i 0 -f
  wait_for "osd.0 up" osd_up

  # radosgw creates its pools and the default zone itself; radosgw-admin runs
  # only afterwards so the two never race creating the default zone.
  log "starting radosgw on $ENDPOINT"
  spawn client.rgw radosgw -c "$CONF" -n client.rgw -f
  wait_for "radosgw on $ENDPOINT" http_up

  if ! rgw_admin user info --uid "$S3_UID" >/dev/null 2>&1; then
    rgw_admin user create --uid "$S3_UID" --display-name "mpu-janitor tests" \
      --access-key "$S3_ACCESS" --secret-key "$S3_SECRET" --max-buckets 10000 \
      >"$WORKDIR/log/user.out" 2>&1 || die "radosgw-admin user create failed"
  fi

  cat >"$WORKDIR/rgw.env" <<EOF
RGW_ENDPOINT=$ENDPOINT
RGW_ACCESS_KEY=$S3_ACCESS
RGW_SECRET_KEY=$S3_SECRET
RGW_CONF=$CONF
EOF
  trap - EXIT
  log "ready in $((SECONDS - t0))s: $ENDPOINT (env in $WORKDIR/rgw.env)"
}

# True while pid is a live process started with our ceph.conf: guards against
# pid reuse, and zombies (empty cmdline) count as gone.
# (No "| grep -q" here: with pipefail its early exit would SIGPIPE tr.)
ours() {
  local cmd
  cmd="$(tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline")" || return 1
  [[ "$cmd" == *"$CONF"* ]]
}

# Kills only the processes this script recorded.
stop() {
  local f pid name
  [[ -d "$WORKDIR/pids" ]] || return 0
  for name in client.rgw osd.0 mon.a; do
    f="$WORKDIR/pids/$name.pid"
    [[ -f "$f" ]] || continue
    pid="$(cat "$f")"
    if [[ "$pid" =~ ^[0-9]+$ ]] && ours "$pid"; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 40); do ours "$pid" || break; sleep 0.25; done
      if ours "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
      log "stopped $name (pid $pid)"
    fi
    rm -f "$f"
  done
}

status() {
  if http_up; then log "radosgw answers on $ENDPOINT"; else log "radosgw not answering on $ENDPOINT"; return 1; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  lc-process)
    [[ -f "$CONF" ]] || { log "not started: no $CONF"; exit 1; }
    # Walks every bucket with a lifecycle (~0.3 s each), so more time than rgw_admin.
    timeout 600 radosgw-admin -c "$CONF" lc process ;;
  *) echo "usage: $0 start|stop|status|lc-process" >&2; exit 2 ;;
esac
