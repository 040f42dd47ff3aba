#!/usr/bin/env bash
# Luxy side-by-side benchmark: HAProxy 2.6 and Luxy on the same haproxy.cfg, one after the other.
# See src/bench/README.md. Every load run is bounded in time; only 127.0.0.1 receives traffic.
set -uo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)          # project root: cfg paths (lua/...) are relative to it

# ---- defaults --------------------------------------------------------------------------------
CFG=config/haproxy.cfg
DURATION=10
CONNECTIONS=50
WARMUP=5
ROUNDS=1
WRK_THREADS=1
TARGETS=http,checktcp,tcp
ONLY=both
LUXY_HOME=$ROOT
LUXY_JAR=
BUILD=1
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
HAPROXY=${HAPROXY:-haproxy}
SERVER_CPU=0
CLIENT_CPU=1
HAPROXY_START_TIMEOUT=15
LUXY_START_TIMEOUT=90
LOG_DIR=
LUXY_JAVA_OPTS=${LUXY_JAVA_OPTS:-}

usage() {
  cat <<EOF
Usage: src/bench/run.sh [options]

Runs HAProxy and Luxy on the same haproxy.cfg, one after the other, each pinned to CPU $SERVER_CPU,
with the load generator pinned to CPU $CLIENT_CPU, and prints req/s, p50, p99, errors and the
Luxy/HAProxy req/s ratio.

  -f, --cfg FILE          haproxy.cfg to run (default: $CFG, relative to the project root)
  -d, --duration SECS     measured run per target, seconds (default: $DURATION)
  -c, --connections N     concurrent connections (default: $CONNECTIONS)
  -w, --warmup SECS       unreported warm-up run per target before measuring, 0 = none (default: $WARMUP)
  -r, --rounds N          repeat the HAProxy/Luxy pair N times, alternating which goes first,
                          and report each target's median round (default: 1; helps on a
                          shared, noisy machine)
  -t, --targets LIST      comma list of: http (:8001 hello_world_http), checktcp (:8000),
                          tcp (:8002 hello_world_tcp) (default: $TARGETS)
      --only WHICH        haproxy | luxy | both (default: both)
      --luxy-home DIR     Luxy project root holding target/quarkus-app/quarkus-run.jar
                          (default: this project, $ROOT)
      --luxy-jar FILE     Luxy jar to run (default: LUXY_HOME/target/quarkus-app/quarkus-run.jar)
      --no-build          do not build the Luxy jar when it is missing (fail instead)
      --java-home DIR     JDK for Luxy and the TCP load generator (default: \$JAVA_HOME or
                          /usr/lib/jvm/temurin-25-jdk-amd64)
      --haproxy BIN       haproxy binary (default: haproxy)
      --wrk-threads N     wrk threads (default: $WRK_THREADS; wrk shares one CPU)
      --server-cpu N      CPU for the proxy under test (default: $SERVER_CPU)
      --client-cpu N      CPU for the load generator (default: $CLIENT_CPU)
      --luxy-start-timeout SECS  readiness wait for Luxy (default: $LUXY_START_TIMEOUT)
      --log-dir DIR       where server and load logs go (default: a new temp dir)
  -h, --help              this help

Environment: LUXY_JAVA_OPTS (extra JVM options for Luxy), JAVA_HOME, HAPROXY.
Exit status: 0 when every requested server ran; 1 when a server failed to start (its rows say so).
EOF
}

die() { echo "run.sh: $*" >&2; exit 2; }
secs() { # "10", "10s" -> 10 ; "1m" -> 60
  local v=$1
  case $v in
    *m) echo $(( ${v%m} * 60 ));;
    *s) echo "${v%s}";;
    *) echo "$v";;
  esac
}

while [[ $# -gt 0 ]]; do
  case $1 in
    -f|--cfg) CFG=$2; shift 2;;
    -d|--duration) DURATION=$(secs "$2"); shift 2;;
    -c|--connections) CONNECTIONS=$2; shift 2;;
    -w|--warmup) WARMUP=$(secs "$2"); shift 2;;
    -t|--targets) TARGETS=$2; shift 2;;
    -r|--rounds) ROUNDS=$2; shift 2;;
    --only) ONLY=$2; shift 2;;
    --luxy-home) LUXY_HOME=$(cd "$2" 2>/dev/null && pwd) || die "--luxy-home: no such directory: $2"; shift 2;;
    --luxy-jar) LUXY_JAR=$2; shift 2;;
    --no-build) BUILD=0; shift;;
    --java-home) JAVA_HOME=$2; shift 2;;
    --haproxy) HAPROXY=$2; shift 2;;
    --wrk-threads) WRK_THREADS=$2; shift 2;;
    --server-cpu) SERVER_CPU=$2; shift 2;;
    --client-cpu) CLIENT_CPU=$2; shift 2;;
    --luxy-start-timeout) LUXY_START_TIMEOUT=$(secs "$2"); shift 2;;
    --log-dir) LOG_DIR=$2; shift 2;;
    -h|--help) usage; exit 0;;
    *) usage >&2; die "unknown option: $1";;
  esac
done

[[ $DURATION =~ ^[0-9]+$ && $DURATION -ge 1 && $DURATION -le 3600 ]] || die "--duration must be 1..3600 seconds"
[[ $WARMUP =~ ^[0-9]+$ && $WARMUP -le 3600 ]] || die "--warmup must be 0..3600 seconds"
[[ $ROUNDS =~ ^[0-9]+$ && $ROUNDS -ge 1 && $ROUNDS -le 20 ]] || die "--rounds must be 1..20"
[[ $CONNECTIONS =~ ^[0-9]+$ && $CONNECTIONS -ge 1 ]] || die "--connections must be >= 1"
[[ $WRK_THREADS =~ ^[0-9]+$ && $WRK_THREADS -ge 1 && $WRK_THREADS -le $CONNECTIONS ]] || die "--wrk-threads must be 1..connections"
case $ONLY in haproxy|luxy|both) ;; *) die "--only must be haproxy, luxy or both";; esac
IFS=, read -r -a TARGET_LIST <<<"$TARGETS"
for t in "${TARGET_LIST[@]}"; do
  case $t in http|checktcp|tcp) ;; *) die "unknown target '$t' (http, checktcp, tcp)";; esac
done

cd "$ROOT" || die "cannot cd to $ROOT"
[[ -f $CFG ]] || die "cfg not found: $CFG"
CFG_ABS=$(cd "$(dirname "$CFG")" && pwd)/$(basename "$CFG")
[[ -n $LUXY_JAR ]] || LUXY_JAR=$LUXY_HOME/target/quarkus-app/quarkus-run.jar
JAVA=$JAVA_HOME/bin/java

command -v taskset >/dev/null || die "taskset not found (util-linux)"
command -v timeout >/dev/null || die "timeout not found (coreutils)"
needs_wrk=0; needs_java_client=0
for t in "${TARGET_LIST[@]}"; do
  case $t in http|checktcp) needs_wrk=1;; tcp) needs_java_client=1;; esac
done
[[ $needs_wrk == 0 ]] || command -v wrk >/dev/null || die "wrk not found"
[[ $needs_java_client == 0 && $ONLY == haproxy ]] || [[ -x $JAVA ]] || die "java not found at $JAVA (set --java-home or JAVA_HOME)"
if [[ $ONLY != luxy ]]; then command -v "$HAPROXY" >/dev/null || die "haproxy not found: $HAPROXY"; fi

if [[ -z $LOG_DIR ]]; then LOG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/luxy-bench.XXXXXX"); fi
mkdir -p "$LOG_DIR" || die "cannot create $LOG_DIR"

# ---- target table ----------------------------------------------------------------------------
target_port() { case $1 in http) echo 8001;; checktcp) echo 8000;; tcp) echo 8002;; esac; }
target_desc() { case $1 in http) echo "hello_world_http :8001";; checktcp) echo "checktcp :8000";; tcp) echo "hello_world_tcp :8002";; esac; }

# Ports to wait for: every bind in the cfg on a numeric port (the targets need 8000, 8080, 8001, 8002).
cfg_ports() {
  awk '$1=="bind" { n=split($2,a,":"); p=a[n]; sub(/[^0-9].*/,"",p); if (p!="") print p }' "$CFG_ABS" | sort -un
}
PORTS=$(cfg_ports)
[[ -n $PORTS ]] || die "no 'bind' lines found in $CFG_ABS"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

ports_busy() {
  local p busy=""
  for p in $PORTS; do port_open "$p" && busy="$busy $p"; done
  echo "$busy"
}

# ---- process handling ------------------------------------------------------------------------
SERVER_PID=
stop_server() {
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null
    local i
    for i in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$SERVER_PID" 2>/dev/null && kill -KILL "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
  fi
  SERVER_PID=
  # ports must be free before the next server binds them (bounded wait)
  local j
  for j in $(seq 1 50); do [[ -z $(ports_busy) ]] && return 0; sleep 0.1; done
}
LOAD_PID=
cleanup() {
  [[ -n $LOAD_PID ]] && kill -TERM "$LOAD_PID" 2>/dev/null
  stop_server
}
trap cleanup EXIT
trap 'echo "run.sh: interrupted" >&2; exit 130' INT TERM

# wait_ready NAME TIMEOUT LOG: poll every cfg port until it accepts, while the process lives.
wait_ready() {
  local name=$1 limit=$2 log=$3 start=$SECONDS p missing
  while :; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      wait "$SERVER_PID" 2>/dev/null; local rc=$?
      echo "run.sh: $name exited (status $rc) before it was ready; last lines of $log:" >&2
      tail -n 20 "$log" | sed 's/^/    /' >&2
      SERVER_PID=
      return 1
    fi
    missing=""
    for p in $PORTS; do port_open "$p" || missing="$missing $p"; done
    [[ -z $missing ]] && { echo "  $name ready in $((SECONDS - start))s (ports: $(echo $PORTS))"; return 0; }
    if (( SECONDS - start >= limit )); then
      echo "run.sh: $name not ready after ${limit}s (ports not listening:$missing); last lines of $log:" >&2
      tail -n 20 "$log" | sed 's/^/    /' >&2
      return 1
    fi
    sleep 0.2
  done
}

start_haproxy() {
  local log=$LOG_DIR/${PFX}haproxy.log
  "$HAPROXY" -c -q -f "$CFG_ABS" >"$log" 2>&1 || {
    echo "run.sh: haproxy refuses $CFG:" >&2; sed 's/^/    /' "$log" >&2; return 1; }
  taskset -c "$SERVER_CPU" "$HAPROXY" -db -f "$CFG_ABS" >>"$log" 2>&1 &
  SERVER_PID=$!
  wait_ready haproxy "$HAPROXY_START_TIMEOUT" "$log"
}

ensure_luxy_jar() {
  [[ -f $LUXY_JAR ]] && return 0
  if [[ $BUILD == 0 ]]; then
    echo "run.sh: Luxy jar not found: $LUXY_JAR (build it with './mvnw -B package -DskipTests' in $LUXY_HOME, or drop --no-build)" >&2
    return 1
  fi
  if [[ ! -x $LUXY_HOME/mvnw ]]; then
    echo "run.sh: Luxy jar not found: $LUXY_JAR, and no mvnw in $LUXY_HOME to build it" >&2
    return 1
  fi
  echo "  building Luxy in $LUXY_HOME (./mvnw -q -B package -DskipTests; log: $LOG_DIR/build.log)"
  if ! (cd "$LUXY_HOME" && JAVA_HOME=$JAVA_HOME timeout 1200 ./mvnw -q -B package -DskipTests) >"$LOG_DIR/build.log" 2>&1; then
    echo "run.sh: Luxy build failed; last lines of $LOG_DIR/build.log:" >&2
    tail -n 30 "$LOG_DIR/build.log" | sed 's/^/    /' >&2
    return 1
  fi
  [[ -f $LUXY_JAR ]] || { echo "run.sh: build succeeded but $LUXY_JAR does not exist" >&2; return 1; }
}

start_luxy() {
  local log=$LOG_DIR/${PFX}luxy.log
  ensure_luxy_jar || return 1
  [[ -x $JAVA ]] || { echo "run.sh: java not found at $JAVA" >&2; return 1; }
  # Run from the project root so the cfg's relative paths (lua/...) mean what they mean to HAProxy.
  # shellcheck disable=SC2086
  taskset -c "$SERVER_CPU" "$JAVA" $LUXY_JAVA_OPTS -jar "$LUXY_JAR" -f "$CFG_ABS" >"$log" 2>&1 &
  SERVER_PID=$!
  wait_ready luxy "$LUXY_START_TIMEOUT" "$log"
}

# ---- load ------------------------------------------------------------------------------------
# to_ms VALUE-WITH-UNIT (wrk: 12.34us, 1.23ms, 1.02s, 2.00m)
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/,"",v); printf "%.3f", v/1000 }
    else if (v ~ /ms$/) { sub(/ms$/,"",v); printf "%.3f", v }
    else if (v ~ /m$/) { sub(/m$/,"",v); printf "%.3f", v*60000 }
    else if (v ~ /s$/) { sub(/s$/,"",v); printf "%.3f", v*1000 }
    else printf "nan" }'
}

# Runners set RES="rps p50 p99 errors" (no command substitution: the main shell waits on the
# load process itself, so Ctrl-C/TERM run the trap at once instead of after the run).
RES=
# run_wrk PORT SECS OUTFILE
run_wrk() {
  local port=$1 d=$2 out=$3
  taskset -c "$CLIENT_CPU" timeout $((d + 30)) wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${d}s" \
      --timeout 5s --latency "http://127.0.0.1:$port/" >"$out" 2>&1 &
  LOAD_PID=$!; wait "$LOAD_PID"; local rc=$?; LOAD_PID=
  RES=
  if [[ $rc != 0 ]] || ! grep -q '^Requests/sec:' "$out"; then
    return 1
  fi
  local rps p50 p99 sock non2xx
  rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$out")
  p50=$(to_ms "$(awk '$1=="50%" {print $2}' "$out")")
  p99=$(to_ms "$(awk '$1=="99%" {print $2}' "$out")")
  sock=$(awk '/Socket errors:/ { gsub(/,/,""); print $4+$6+$8+$10 }' "$out")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out")
  RES="$rps $p50 $p99 $(( ${sock:-0} + ${non2xx:-0} ))"
}

# run_tcp PORT SECS OUTFILE [WARMUP] (connections/s as rps)
# The warm-up runs inside the same client JVM (so the load generator's own JIT is warm as well).
run_tcp() {
  local port=$1 d=$2 out=$3 w=${4:-0}
  taskset -c "$CLIENT_CPU" timeout $((w + d + 60)) "$JAVA" -XX:+UseSerialGC "$SCRIPT_DIR/TcpLoad.java" \
      --host 127.0.0.1 --port "$port" --connections "$CONNECTIONS" --duration "$d" --warmup "$w" \
      --expect 'hello world\n' >"$out" 2>&1 &
  LOAD_PID=$!; wait "$LOAD_PID"; local rc=$?; LOAD_PID=
  local line
  RES=
  line=$(grep '^RESULT ' "$out")
  if [[ $rc != 0 || -z $line ]]; then return 1; fi
  RES=$(awk '{ for (i=2;i<=NF;i++) { split($i,kv,"="); v[kv[1]]=kv[2] }
         printf "%.0f %.3f %.3f %d\n", v["rate"], v["p50_ms"], v["p99_ms"], v["errors"] }' <<<"$line")
}

declare -A RESULT   # RESULT[target,server]="rps p50 p99 errors" or "FAILED reason" (current round)
declare -A ALL      # ALL[target,server,round]: the same, for every round
PFX=                # log file prefix for the current round ("r2-" when --rounds > 1)
STATUS=0

bench_server() {
  local server=$1 t port
  echo "== $server"
  local busy; busy=$(ports_busy)
  if [[ $server == luxy ]]; then   # Quarkus's own ports (application.properties: http 8090, management 9000)
    local q; for q in 8090 9000; do port_open "$q" && busy="$busy $q"; done
  fi
  if [[ -n $busy ]]; then
    echo "run.sh: ports already in use before starting $server:$busy (another proxy running?)" >&2
    for t in "${TARGET_LIST[@]}"; do RESULT[$t,$server]="FAILED ports-busy"; done
    STATUS=1; return
  fi
  if ! "start_$server"; then
    for t in "${TARGET_LIST[@]}"; do RESULT[$t,$server]="FAILED not-started"; done
    STATUS=1; stop_server; return
  fi
  for t in "${TARGET_LIST[@]}"; do
    port=$(target_port "$t")
    local runner=run_wrk tcp_warmup=0
    if [[ $t == tcp ]]; then
      runner=run_tcp; tcp_warmup=$WARMUP
      (( WARMUP > 0 )) && echo "  $t ($(target_desc "$t")): warm-up ${WARMUP}s (same client JVM)"
    elif (( WARMUP > 0 )); then
      echo "  $t ($(target_desc "$t")): warm-up ${WARMUP}s"
      $runner "$port" "$WARMUP" "$LOG_DIR/$PFX$server-$t-warmup.txt"
    fi
    echo "  $t ($(target_desc "$t")): measuring ${DURATION}s, $CONNECTIONS connections"
    if $runner "$port" "$DURATION" "$LOG_DIR/$PFX$server-$t.txt" "$tcp_warmup"; then
      RESULT[$t,$server]=$RES
    else
      RESULT[$t,$server]="FAILED load-run"; STATUS=1
      echo "run.sh: $t on $server: load run failed; see $LOG_DIR/$PFX$server-$t.txt" >&2
    fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "run.sh: $server died during $t; see $LOG_DIR/$PFX$server.log" >&2
      SERVER_PID=; STATUS=1
      local rest=0 u
      for u in "${TARGET_LIST[@]}"; do
        [[ $rest == 1 ]] && RESULT[$u,$server]="FAILED server-died"
        [[ $u == "$t" ]] && rest=1
      done
      return
    fi
  done
  stop_server
}

echo "Luxy bench: cfg=$CFG duration=${DURATION}s warmup=${WARMUP}s connections=$CONNECTIONS targets=$TARGETS rounds=$ROUNDS"
echo "  server on CPU $SERVER_CPU, load on CPU $CLIENT_CPU; logs in $LOG_DIR"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)
echo "  load average before: $LOAD_BEFORE"
SERVERS=()
[[ $ONLY != luxy ]] && SERVERS+=(haproxy)
[[ $ONLY != haproxy ]] && SERVERS+=(luxy)
for (( r = 1; r <= ROUNDS; r++ )); do
  order=("${SERVERS[@]}")
  (( ROUNDS > 1 )) && { PFX="r$r-"; echo "-- round $r/$ROUNDS"; }
  # alternate which server goes first, so slow drifts of the machine hit both alike
  if (( r % 2 == 0 && ${#SERVERS[@]} == 2 )); then order=("${SERVERS[1]}" "${SERVERS[0]}"); fi
  for s in "${order[@]}"; do
    bench_server "$s"
    for t in "${TARGET_LIST[@]}"; do ALL[$t,$s,$r]=${RESULT[$t,$s]:-FAILED missing}; done
  done
done

# median round per target and server (by req/s, over the rounds that succeeded)
for t in "${TARGET_LIST[@]}"; do
  for s in "${SERVERS[@]}"; do
    ok=$(for (( r = 1; r <= ROUNDS; r++ )); do
           v=${ALL[$t,$s,$r]}; [[ ${v%% *} =~ ^[0-9]+$ ]] && echo "$v"
         done | sort -n -k1,1)
    if [[ -n $ok ]]; then
      n=$(wc -l <<<"$ok")
      RESULT[$t,$s]=$(sed -n "$(( (n + 1) / 2 ))p" <<<"$ok")
    else
      RESULT[$t,$s]=${ALL[$t,$s,$ROUNDS]}
    fi
  done
done

# ---- report ----------------------------------------------------------------------------------
{
  echo
  printf '%-9s %-8s %10s %9s %9s %8s %12s\n' target server 'req/s' 'p50(ms)' 'p99(ms)' errors 'luxy/haproxy'
  for t in "${TARGET_LIST[@]}"; do
    for s in "${SERVERS[@]}"; do
      read -r rps p50 p99 err <<<"${RESULT[$t,$s]:-FAILED missing}"
      ratio=-
      if [[ $s == luxy && $rps =~ ^[0-9]+$ ]]; then
        read -r hrps _ <<<"${RESULT[$t,haproxy]:-x}"
        [[ $hrps =~ ^[0-9]+$ && $hrps -gt 0 ]] && ratio=$(awk -v a="$rps" -v b="$hrps" 'BEGIN{printf "%.2f", a/b}')
      fi
      if [[ $rps == FAILED ]]; then
        printf '%-9s %-8s %10s %9s %9s %8s %12s\n' "$t" "$s" "FAILED" "-" "-" "-" "($p50)"
      else
        printf '%-9s %-8s %10s %9s %9s %8s %12s\n' "$t" "$s" "$rps" "$p50" "$p99" "$err" "$ratio"
      fi
    done
  done
  if (( ROUNDS > 1 )); then
    echo "median of $ROUNDS rounds; req/s per round:"
    for t in "${TARGET_LIST[@]}"; do
      for s in "${SERVERS[@]}"; do
        line=""
        for (( r = 1; r <= ROUNDS; r++ )); do line="$line ${ALL[$t,$s,$r]%% *}"; done
        printf '  %-9s %-8s%s\n' "$t" "$s" "$line"
      done
    done
  fi
  echo
  load_after=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)
  echo "load average before/after: $LOAD_BEFORE / $load_after ($(nproc) CPUs)"
  # Our own server + client account for ~2 runnable tasks during the run; before it, little should run.
  if awk -v b="${LOAD_BEFORE%% *}" -v a="${load_after%% *}" -v n="$(nproc)" \
       'BEGIN{exit !(b > n * 0.75 || a > n + 1.5)}'; then
    echo "WARNING: the machine was busy with other work (see load average): figures are noisy"
  fi
  echo "(tcp: req/s = connections/s; errors = socket errors + non-2xx/3xx responses, or failed/wrong TCP exchanges)"
  echo "logs: $LOG_DIR"
} | tee "$LOG_DIR/results.txt"
exit $STATUS
