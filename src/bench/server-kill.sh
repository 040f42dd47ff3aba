#!/usr/bin/env bash
# A server killed under load, HAProxy 2.6 and Luxy side by side (src/bench/README.md, "server-kill").
# Both proxies run src/bench/cfg/server-kill.cfg, one after the other, pinned to one CPU; s1 and s2
# are two HAProxy processes (src/bench/cfg/server-kill-backend.cfg) on the other CPU with wrk.
# In the middle of each measured run s2 gets SIGKILL; the script reports req/s, p50/p99/p99.9/max,
# requests that took 500 ms or more, errors, and the proxy's retry/redispatch counters (show stat).
# Only 127.0.0.1 receives traffic, on ports 18000-18999; every load run is bounded (wrk -d and an
# outer timeout); every process it starts is stopped on exit (trap).
set -uo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)

PROXY_CFG=$SCRIPT_DIR/cfg/server-kill.cfg
BACKEND_CFG=$SCRIPT_DIR/cfg/server-kill-backend.cfg
WRK_SCRIPT=$SCRIPT_DIR/wrk-report.lua
PROXY_PORT=18211
STATS_PORT=18212
S1_PORT=18311
S2_PORT=18312
LUXY_PORT_OPTS="-Dquarkus.http.port=18092 -Dquarkus.management.port=18093"
DURATION=10
KILL_AT=3
CONNECTIONS=50
WARMUP=3
JVM_WARMUP=60
ROUNDS=1
ONLY=both
KILL=1
BUILD=1
SERVER_CPU=0
CLIENT_CPU=1
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
HAPROXY=${HAPROXY:-haproxy}
LUXY_JAR=$ROOT/target/quarkus-app/quarkus-run.jar
LUXY_JVM_FLAGS=${LUXY_JVM_FLAGS-"-XX:+UseSerialGC -Xms96m -Xmx256m -Xmn48m -Xss512k"}
LUXY_JAVA_OPTS=${LUXY_JAVA_OPTS:-}
LOG_DIR=

usage() {
  cat <<EOF
Usage: src/bench/server-kill.sh [options]

Runs HAProxy and then Luxy on src/bench/cfg/server-kill.cfg (roundrobin over s1/s2, check inter
300 fall 2 rise 2, retries 3, option redispatch), each pinned to CPU $SERVER_CPU, with wrk
(keep-alive, --latency) and the two backend processes on CPU $CLIENT_CPU. After --kill-at seconds
of each measured run, s2 gets SIGKILL. Prints req/s, p50, p99, p99.9, max, the requests that took
>= 500 ms, errors (wrk socket errors + non-2xx), the backend's retries, redispatches, connection
and response errors (runtime API 'show stat'), and the Luxy/HAProxy ratios.

  -d, --duration SECS   measured run (default: $DURATION)
  -k, --kill-at SECS    when s2 is killed, counted from the start of the measured run (default: $KILL_AT)
      --no-kill         the same runs without killing s2 (the baseline)
  -c, --connections N   wrk connections (default: $CONNECTIONS)
  -w, --warmup SECS     unreported wrk run before each measured run, both proxies (default: $WARMUP)
      --jvm-warmup SECS unreported load after each Luxy start, in slices of 10 s (default: $JVM_WARMUP)
  -r, --rounds N        repeat the pair N times, alternating which goes first; median reported (default: 1)
      --only WHICH      haproxy | luxy | both (default: both)
      --luxy-jar FILE   (default: target/quarkus-app/quarkus-run.jar; built when missing unless --no-build)
      --no-build
      --log-dir DIR     (default: a new temp dir)
  -h, --help

Environment: JAVA_HOME, HAPROXY, LUXY_JVM_FLAGS (default "$LUXY_JVM_FLAGS"), LUXY_JAVA_OPTS.
Exit status: 0 when every run completed, 1 when one failed, 2 on bad usage or a missing tool.
EOF
}

die() { echo "server-kill.sh: $*" >&2; exit 2; }

while [[ $# -gt 0 ]]; do
  case $1 in
    -d|--duration) DURATION=$2; shift 2;;
    -k|--kill-at) KILL_AT=$2; shift 2;;
    --no-kill) KILL=0; shift;;
    -c|--connections) CONNECTIONS=$2; shift 2;;
    -w|--warmup) WARMUP=$2; shift 2;;
    --jvm-warmup) JVM_WARMUP=$2; shift 2;;
    -r|--rounds) ROUNDS=$2; shift 2;;
    --only) ONLY=$2; shift 2;;
    --luxy-jar) LUXY_JAR=$2; shift 2;;
    --no-build) BUILD=0; shift;;
    --log-dir) LOG_DIR=$2; shift 2;;
    -h|--help) usage; exit 0;;
    *) usage >&2; die "unknown option: $1";;
  esac
done
[[ $DURATION =~ ^[0-9]+$ && $DURATION -ge 2 && $DURATION -le 600 ]] || die "--duration must be 2..600 seconds"
[[ $KILL_AT =~ ^[0-9]+$ && $KILL_AT -ge 1 && $KILL_AT -lt $DURATION ]] || die "--kill-at must be 1..duration-1"
[[ $WARMUP =~ ^[0-9]+$ && $WARMUP -le 600 ]] || die "--warmup must be 0..600"
[[ $JVM_WARMUP =~ ^[0-9]+$ && $JVM_WARMUP -le 1200 ]] || die "--jvm-warmup must be 0..1200"
[[ $ROUNDS =~ ^[0-9]+$ && $ROUNDS -ge 1 && $ROUNDS -le 20 ]] || die "--rounds must be 1..20"
[[ $CONNECTIONS =~ ^[0-9]+$ && $CONNECTIONS -ge 1 && $CONNECTIONS -le 1000 ]] || die "--connections must be 1..1000"
case $ONLY in haproxy|luxy|both) ;; *) die "--only must be haproxy, luxy or both";; esac

for tool in taskset timeout wrk "$HAPROXY"; do
  command -v "$tool" >/dev/null || die "$tool not found (apt-get install -y util-linux coreutils wrk haproxy)"
done
JAVA=$JAVA_HOME/bin/java
[[ $ONLY == haproxy || -x $JAVA ]] || die "java not found at $JAVA (set JAVA_HOME)"
[[ -n $LOG_DIR ]] || LOG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/luxy-server-kill.XXXXXX")
mkdir -p "$LOG_DIR" || die "cannot create $LOG_DIR"
cd "$ROOT" || die "cannot cd to $ROOT"

# port_open, stop_pid
# shellcheck source=procs.sh
. "$SCRIPT_DIR/procs.sh"
wait_port() { # PID PORT SECS: until PORT accepts, while PID lives
  local pid=$1 port=$2 limit=$3 start=$SECONDS
  while ! port_open "$port"; do
    kill -0 "$pid" 2>/dev/null || return 1
    (( SECONDS - start < limit )) || return 1
    sleep 0.1
  done
}
wait_closed() { # PORT: bounded wait until nobody listens
  local i
  for i in $(seq 1 50); do port_open "$1" || return 0; sleep 0.1; done
  return 1
}

PROXY_PID= S1_PID= S2_PID= LOAD_PID=
cleanup() {
  [[ -n $LOAD_PID ]] && kill -TERM "$LOAD_PID" 2>/dev/null
  stop_pid "$PROXY_PID"; stop_pid "$S1_PID"; stop_pid "$S2_PID"
}
trap cleanup EXIT
trap 'echo "server-kill.sh: interrupted" >&2; exit 130' INT TERM

start_backend() { # PORT LOG -> sets REPLY to the pid
  local port=$1 log=$2
  port_open "$port" && { echo "server-kill.sh: port $port already in use" >&2; return 1; }
  SK_PORT=$port taskset -c "$CLIENT_CPU" "$HAPROXY" -db -f "$BACKEND_CFG" >"$log" 2>&1 &
  REPLY=$!
  wait_port "$REPLY" "$port" 10 || { echo "server-kill.sh: backend :$port did not start (see $log)" >&2; return 1; }
}

start_proxy() { # SERVER LOG
  local s=$1 log=$2
  for p in $PROXY_PORT $STATS_PORT; do
    port_open "$p" && { echo "server-kill.sh: port $p already in use (another proxy running?)" >&2; return 1; }
  done
  if [[ $s == haproxy ]]; then
    "$HAPROXY" -c -q -f "$PROXY_CFG" >"$log" 2>&1 || { echo "server-kill.sh: haproxy refuses $PROXY_CFG" >&2; return 1; }
    taskset -c "$SERVER_CPU" "$HAPROXY" -db -f "$PROXY_CFG" >>"$log" 2>&1 &
  else
    # shellcheck disable=SC2086
    taskset -c "$SERVER_CPU" "$JAVA" $LUXY_PORT_OPTS $LUXY_JVM_FLAGS $LUXY_JAVA_OPTS -jar "$LUXY_JAR" -f "$PROXY_CFG" >"$log" 2>&1 &
  fi
  PROXY_PID=$!
  wait_port "$PROXY_PID" "$PROXY_PORT" 90 && wait_port "$PROXY_PID" "$STATS_PORT" 10 || {
    echo "server-kill.sh: $s did not start; last lines of $log:" >&2; tail -n 20 "$log" >&2; PROXY_PID=; return 1; }
}

run_wrk() { # SECS OUT
  taskset -c "$CLIENT_CPU" timeout $(( $1 + 30 )) wrk -t1 -c"$CONNECTIONS" -d"$1s" --timeout 5s --latency \
      -s "$WRK_SCRIPT" "http://127.0.0.1:$PROXY_PORT/" >"$2" 2>&1
}

# show_stat ROW FIELD...: the fields of "show stat" row ROW (be_sk,BACKEND / be_sk,s2), space-separated
show_stat() {
  local row=$1; shift
  local out
  out=$( { exec 3<>"/dev/tcp/127.0.0.1/$STATS_PORT" && printf 'show stat\n' >&3 && timeout 5 cat <&3; } 2>/dev/null)
  awk -F, -v row="$row" -v want="$*" '
    NR == 1 { sub(/^# /, ""); for (i = 1; i <= NF; i++) col[$i] = i; next }
    ($1 "," $2) == row { n = split(want, w, " "); s = "";
      for (i = 1; i <= n; i++) s = s (i > 1 ? " " : "") (w[i] in col ? $(col[w[i]]) : "?"); print s; exit }' <<<"$out"
}

ms() { awk -v u="$1" 'BEGIN { printf "%.2f", u / 1000 }'; }

declare -A RESULT   # RESULT[server,round]="rps p50 p99 p999 max slow errors retr redis econ eresp 5xx"
STATUS=0

measure() { # SERVER ROUND
  local s=$1 r=$2 pfx="r$2-$1" out
  echo "== round $r: $s"
  start_backend $S1_PORT "$LOG_DIR/$pfx-s1.log" || { RESULT[$s,$r]=FAILED; STATUS=1; return; }
  S1_PID=$REPLY
  start_backend $S2_PORT "$LOG_DIR/$pfx-s2.log" || { RESULT[$s,$r]=FAILED; STATUS=1; stop_pid "$S1_PID"; return; }
  S2_PID=$REPLY
  if ! start_proxy "$s" "$LOG_DIR/$pfx-proxy.log"; then
    RESULT[$s,$r]=FAILED; STATUS=1; stop_pid "$S1_PID"; stop_pid "$S2_PID"; S1_PID= S2_PID=; return
  fi
  if [[ $s == luxy ]] && (( JVM_WARMUP > 0 )); then
    echo "  JVM warm-up ${JVM_WARMUP}s (slices of 10 s)"
    local left=$JVM_WARMUP
    while (( left > 0 )); do
      run_wrk $(( left < 10 ? left : 10 )) "$LOG_DIR/$pfx-jvmwarmup.txt"
      left=$(( left - 10 ))
    done
  fi
  (( WARMUP > 0 )) && { echo "  warm-up ${WARMUP}s"; run_wrk "$WARMUP" "$LOG_DIR/$pfx-warmup.txt"; }
  local base; base=$(show_stat be_sk,BACKEND wretr wredis econ eresp hrsp_5xx)
  out=$LOG_DIR/$pfx.txt
  echo "  measuring ${DURATION}s, $CONNECTIONS connections$([[ $KILL == 1 ]] && echo ", s2 killed after ${KILL_AT}s")"
  run_wrk "$DURATION" "$out" &
  LOAD_PID=$!
  if [[ $KILL == 1 ]]; then
    sleep "$KILL_AT"
    kill -KILL "$S2_PID" 2>/dev/null; wait "$S2_PID" 2>/dev/null; S2_PID=
  fi
  wait "$LOAD_PID"; local rc=$?; LOAD_PID=
  local after; after=$(show_stat be_sk,BACKEND wretr wredis econ eresp hrsp_5xx)
  local s2state; s2state=$(show_stat be_sk,s2 status)
  local line; line=$(grep '^REPORT ' "$out")
  if [[ $rc != 0 || -z $line ]]; then
    echo "server-kill.sh: wrk failed on $s (see $out)" >&2; RESULT[$s,$r]=FAILED; STATUS=1
  else
    local counters
    counters=$(awk -v a="$base" -v b="$after" 'BEGIN { n = split(a, x, " "); split(b, y, " ");
      for (i = 1; i <= n; i++) printf "%s%d", (i > 1 ? " " : ""), y[i] - x[i] }')
    RESULT[$s,$r]=$(awk -v c="$counters" '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      printf "%.0f %d %d %d %d %d %d %s\n", v["requests"] / v["secs"], v["p50_us"], v["p99_us"], v["p999_us"],
        v["max_us"], v["slow500"], v["connect"] + v["read"] + v["write"] + v["timeout"] + v["status"], c }' <<<"$line")
    echo "  s2 after the run: ${s2state:-?}; $(grep -m1 -o 'Server be_sk/s2 is DOWN.*' "$LOG_DIR/$pfx-proxy.log" | cut -c1-110)"
  fi
  stop_pid "$PROXY_PID"; PROXY_PID=
  stop_pid "$S1_PID"; S1_PID=; stop_pid "$S2_PID"; S2_PID=
  wait_closed $PROXY_PORT; wait_closed $S1_PORT; wait_closed $S2_PORT
}

SERVERS=()
[[ $ONLY != luxy ]] && SERVERS+=(haproxy)
[[ $ONLY != haproxy ]] && SERVERS+=(luxy)
if [[ $ONLY != haproxy && ! -f $LUXY_JAR ]]; then
  [[ $BUILD == 1 ]] || die "no Luxy jar at $LUXY_JAR (build it, or drop --no-build)"
  echo "building Luxy (./mvnw -q -B package -DskipTests)"
  JAVA_HOME=$JAVA_HOME timeout 1200 ./mvnw -q -B package -DskipTests >"$LOG_DIR/build.log" 2>&1 || die "build failed: $LOG_DIR/build.log"
fi
echo "server-kill: duration=${DURATION}s kill-at=$([[ $KILL == 1 ]] && echo "${KILL_AT}s" || echo none) connections=$CONNECTIONS rounds=$ROUNDS logs=$LOG_DIR"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for (( r = 1; r <= ROUNDS; r++ )); do
  order=("${SERVERS[@]}")
  if (( r % 2 == 0 && ${#SERVERS[@]} == 2 )); then order=("${SERVERS[1]}" "${SERVERS[0]}"); fi
  for s in "${order[@]}"; do measure "$s" "$r"; done
done

{
  echo
  printf '%-5s %-7s %7s %8s %8s %9s %8s %6s %6s %6s %6s %5s %5s %5s %6s %6s\n' round server 'req/s' 'p50ms' 'p99ms' \
      'p99.9ms' 'max_ms' '>=500' errors retr redis econ eresp 5xx 'x-rps' 'x-p99'
  for (( r = 1; r <= ROUNDS; r++ )); do
    for s in "${SERVERS[@]}"; do
      read -r rps p50 p99 p999 max slow err retr redis econ eresp h5 <<<"${RESULT[$s,$r]:-FAILED}"
      if [[ $rps == FAILED ]]; then printf '%-5s %-7s FAILED\n' "$r" "$s"; continue; fi
      xr=-; xp=-
      if [[ $s == luxy ]]; then
        read -r hr _ hp _ <<<"${RESULT[haproxy,$r]:-x}"
        if [[ $hr =~ ^[0-9]+$ ]]; then
          xr=$(awk -v a="$rps" -v b="$hr" 'BEGIN { printf "%.2f", a / b }')
          xp=$(awk -v a="$p99" -v b="$hp" 'BEGIN { printf (b > 0 ? "%.2f" : "-"), a / b }')
        fi
      fi
      printf '%-5s %-7s %7s %8s %8s %9s %8s %6s %6s %6s %6s %5s %5s %5s %6s %6s\n' "$r" "$s" "$rps" "$(ms "$p50")" \
          "$(ms "$p99")" "$(ms "$p999")" "$(ms "$max")" "$slow" "$err" "$retr" "$redis" "$econ" "$eresp" "$h5" "$xr" "$xp"
    done
  done
  if (( ROUNDS > 1 )); then  # median round by p99 (upper median for an even count)
    for s in "${SERVERS[@]}"; do
      med=$(for (( r = 1; r <= ROUNDS; r++ )); do v=${RESULT[$s,$r]:-FAILED}; [[ $v != FAILED ]] && echo "$v"; done \
            | sort -n -k3,3 | awk '{ a[NR] = $0 } END { if (NR) print a[int(NR / 2) + 1] }')
      read -r rps _ p99 _ <<<"${med:-x x x}"
      echo "median $s: $rps req/s, p99 $(ms "${p99:-0}") ms"
    done
  fi
  echo
  echo "load average before/after: $LOAD_BEFORE / $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) CPUs)"
  echo "(latencies and >=500 (requests of 500 ms or more) are wrk's: its histogram adds the requests a stalled"
  echo " connection did not send (coordinated-omission correction), so one 1 s stall weighs hundreds of samples;"
  echo " errors: wrk socket errors + non-2xx/3xx; retr, redis,"
  echo " econ, eresp, 5xx: the backend's wretr, wredis, econ, eresp, hrsp_5xx over the measured run;"
  echo " x-rps, x-p99: Luxy / HAProxy in the same round)"
  echo "logs: $LOG_DIR"
} | tee "$LOG_DIR/results.txt"
exit $STATUS
