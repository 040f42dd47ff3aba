#!/usr/bin/env bash
# Lua faults side by side (issue 12, "Lua faults contained"): HAProxy 2.6 and Luxy on
# src/bench/cfg/faults.cfg. For each scenario, wrk measures the healthy Lua service (:18501)
# while a few clients hammer a faulty frontend: the memory bomb (:18502) or an endless loop
# (:18503). Prints the healthy service's req/s, p50, p99 and errors, how fast the faulty calls
# ended (p50/p99/max) and their statuses, and the proxy's peak RSS. Every load run is bounded in
# time; only 127.0.0.1 receives traffic (ports 18501-18503).
set -uo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
CFG_DIR=$SCRIPT_DIR/cfg
CFG=$CFG_DIR/faults.cfg
DURATION=10
HEALTHY_CONNECTIONS=20
FAULT_CONNECTIONS=4
JVM_WARMUP=30
ONLY=both
SCENARIOS=baseline,bomb,while,for,repeat,spin
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
HAPROXY=${HAPROXY:-haproxy}
LUXY_JAR=$ROOT/target/quarkus-app/quarkus-run.jar
LUXY_JVM_FLAGS=${LUXY_JVM_FLAGS-"-XX:+UseSerialGC -Xms96m -Xmx256m -Xmn48m -Xss512k"}
LUXY_JAVA_OPTS=${LUXY_JAVA_OPTS:-}
SERVER_CPU=0
CLIENT_CPU=1
LOG_DIR=

usage() {
  cat <<EOF
Usage: src/bench/faults.sh [options]

Scenarios (-s, comma list; default $SCENARIOS):
  baseline  the healthy service alone
  bomb      + $FAULT_CONNECTIONS clients on the memory bomb service (s = s .. s; tune.lua.maxmem 64)
  while|for|repeat  + $FAULT_CONNECTIONS clients on an action looping forever (session-timeout 100 ms)
  spin      + $FAULT_CONNECTIONS clients on a service looping forever (service-timeout 100 ms)

  -s, --scenarios LIST    scenarios to run
  -d, --duration SECS     measured run per scenario (default $DURATION)
      --healthy-connections N   wrk connections on the healthy service (default $HEALTHY_CONNECTIONS)
      --fault-connections N     wrk connections on the faulty frontend (default $FAULT_CONNECTIONS)
      --jvm-warmup SECS   unreported load on Luxy before measuring (default $JVM_WARMUP)
      --only WHICH        haproxy | luxy | both (default $ONLY)
      --luxy-jar FILE     (default $LUXY_JAR)
      --server-cpu LIST   taskset CPU list for the proxy (default $SERVER_CPU; 0,1 = both)
      --client-cpu LIST   taskset CPU list for wrk (default $CLIENT_CPU)
      --log-dir DIR       (default: a new temp dir)

Environment: LUXY_JVM_FLAGS (default "$LUXY_JVM_FLAGS"; empty = the JVM's own defaults),
LUXY_JAVA_OPTS (added after, e.g. -Dluxy.lua.luajc=false), JAVA_HOME, HAPROXY.
The proxy runs on CPU $SERVER_CPU (HAProxy sizes nbthread and Luxy its event loops from the CPUs
they may use), wrk on CPU $CLIENT_CPU.
EOF
}

while [[ $# -gt 0 ]]; do
  case $1 in
    -s|--scenarios) SCENARIOS=$2; shift 2;;
    -d|--duration) DURATION=$2; shift 2;;
    --healthy-connections) HEALTHY_CONNECTIONS=$2; shift 2;;
    --fault-connections) FAULT_CONNECTIONS=$2; shift 2;;
    --jvm-warmup) JVM_WARMUP=$2; shift 2;;
    --only) ONLY=$2; shift 2;;
    --luxy-jar) LUXY_JAR=$2; shift 2;;
    --server-cpu) SERVER_CPU=$2; shift 2;;
    --client-cpu) CLIENT_CPU=$2; shift 2;;
    --log-dir) LOG_DIR=$2; shift 2;;
    -h|--help) usage; exit 0;;
    *) usage >&2; exit 2;;
  esac
done
[[ $DURATION =~ ^[0-9]+$ && $DURATION -ge 1 && $DURATION -le 600 ]] || { echo "faults.sh: --duration 1..600" >&2; exit 2; }
[[ $JVM_WARMUP =~ ^[0-9]+$ && $JVM_WARMUP -le 600 ]] || { echo "faults.sh: --jvm-warmup 0..600" >&2; exit 2; }
command -v wrk >/dev/null || { echo "faults.sh: wrk not found" >&2; exit 2; }
[[ -n $LOG_DIR ]] || LOG_DIR=$(mktemp -d /tmp/luxy-faults.XXXXXX)
mkdir -p "$LOG_DIR"

SERVER_PID= SAMPLER_PID=
cleanup() {
  [[ -n $SAMPLER_PID ]] && kill "$SAMPLER_PID" 2>/dev/null
  [[ -n $SERVER_PID ]] && { kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; }
}
trap cleanup EXIT INT TERM

fault_path() {
  case $1 in bomb) echo 18502/;; while) echo 18503/while;; for) echo 18503/for;;
    repeat) echo 18503/repeat;; spin) echo 18503/spin;; esac
}
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/,"",v); printf "%.2f", v/1000 }
    else if (v ~ /ms$/) { sub(/ms$/,"",v); printf "%.2f", v }
    else if (v ~ /m$/) { sub(/m$/,"",v); printf "%.0f", v*60000 }
    else if (v ~ /s$/) { sub(/s$/,"",v); printf "%.0f", v*1000 }
    else printf "-" }'
}
# wrk_summary FILE -> "requests rps p50 p99 max non2xx socketerrors"
wrk_summary() {
  local f=$1
  local n rps p50 p99 max non2xx sock
  n=$(awk '/requests in/ {print $1}' "$f")
  rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$f")
  p50=$(to_ms "$(awk '$1=="50%" {print $2}' "$f")")
  p99=$(to_ms "$(awk '$1=="99%" {print $2}' "$f")")
  max=$(to_ms "$(awk '$1=="Latency" {print $4}' "$f")")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$f")
  sock=$(awk '/Socket errors:/ { gsub(/,/,""); print $4+$6+$8+$10 }' "$f")
  echo "${n:-0} ${rps:-0} $p50 $p99 $max ${non2xx:-0} ${sock:-0}"
}
wait_ready() { # NAME
  for _ in $(seq 1 180); do
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "faults.sh: $1 exited; see $LOG_DIR/$1.log" >&2; return 1; }
    curl -s -o /dev/null --max-time 1 http://127.0.0.1:18501/ && return 0
    sleep 0.5
  done
  echo "faults.sh: $1 not ready" >&2; return 1
}
start() { # haproxy|luxy
  if [[ $1 == haproxy ]]; then
    (cd "$CFG_DIR" && exec taskset -c "$SERVER_CPU" "$HAPROXY" -db -f "$CFG") >"$LOG_DIR/haproxy.log" 2>&1 &
  else
    # shellcheck disable=SC2086
    (cd "$CFG_DIR" && exec taskset -c "$SERVER_CPU" "$JAVA_HOME/bin/java" -Dquarkus.http.port=18590 \
        -Dquarkus.management.port=18591 $LUXY_JVM_FLAGS $LUXY_JAVA_OPTS -jar "$LUXY_JAR" -f "$CFG") \
        >"$LOG_DIR/luxy.log" 2>&1 &
  fi
  SERVER_PID=$!
  wait_ready "$1"
}
peak_rss_sampler() { # PID OUTFILE: max VmRSS (kB) while running
  local max=0 r
  while kill -0 "$1" 2>/dev/null; do
    r=$(awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0)
    (( r > max )) && { max=$r; echo "$max" >"$2"; }
    sleep 0.2
  done
}
# scenario PROXY NAME SECS [report]
scenario() {
  local proxy=$1 name=$2 d=$3 report=${4:-}
  local out=$LOG_DIR/$proxy-$name fpid=
  echo 0 >"$out.rss"
  peak_rss_sampler "$SERVER_PID" "$out.rss" & SAMPLER_PID=$!
  if [[ $name != baseline ]]; then
    taskset -c "$CLIENT_CPU" timeout $((d + 40)) wrk -t1 -c"$FAULT_CONNECTIONS" -d"${d}s" --timeout 30s --latency \
        "http://127.0.0.1:$(fault_path "$name")" >"$out.fault" 2>&1 & fpid=$!
  fi
  taskset -c "$CLIENT_CPU" timeout $((d + 40)) wrk -t1 -c"$HEALTHY_CONNECTIONS" -d"${d}s" --timeout 5s --latency \
      http://127.0.0.1:18501/ >"$out.healthy" 2>&1
  [[ -n $fpid ]] && wait "$fpid"
  kill "$SAMPLER_PID" 2>/dev/null; wait "$SAMPLER_PID" 2>/dev/null; SAMPLER_PID=
  [[ -n $report ]] || return 0
  local h f
  h=$(wrk_summary "$out.healthy")
  f="- - - - - - -"
  [[ $name != baseline ]] && f=$(wrk_summary "$out.fault")
  # shellcheck disable=SC2086
  set -- $h $f
  printf '%-8s %-9s %8s %8s %8s %6s | %6s %8s %8s %8s %7s %6s | %7s\n' "$proxy" "$name" "$2" "$3" "$4" $(( $6 + $7 )) \
      "$8" "${10}" "${11}" "${12}" "${13}" "${14}" "$(( $(cat "$out.rss") / 1024 ))"
}

echo "Lua faults: healthy :18501 (-c$HEALTHY_CONNECTIONS) beside a faulty frontend (-c$FAULT_CONNECTIONS), ${DURATION}s each; logs in $LOG_DIR"
echo "Luxy JVM flags: ${LUXY_JVM_FLAGS:-(JVM defaults)} $LUXY_JAVA_OPTS; proxy on CPU $SERVER_CPU, wrk on CPU $CLIENT_CPU; load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-8s %-9s %8s %8s %8s %6s | %6s %8s %8s %8s %7s %6s | %7s\n' proxy scenario "req/s" "p50ms" "p99ms" errors \
    faulty "p50ms" "p99ms" "maxms" non2xx sockerr "peakMB"
IFS=, read -r -a SCEN <<<"$SCENARIOS"
for proxy in haproxy luxy; do
  [[ $ONLY == both || $ONLY == "$proxy" ]] || continue
  start "$proxy" || exit 1
  if [[ $proxy == luxy && $JVM_WARMUP -gt 0 ]]; then
    # warm up on every requested scenario in turn, in short slices
    t=0
    while (( t < JVM_WARMUP )); do
      for s in "${SCEN[@]}"; do scenario luxy "$s" 3; t=$((t + 3)); done
    done
  fi
  for s in "${SCEN[@]}"; do scenario "$proxy" "$s" "$DURATION" report; done
  kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; SERVER_PID=
done
