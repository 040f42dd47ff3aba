#!/usr/bin/env bash
# Luxy side-by-side benchmark: HAProxy 2.6 and Luxy on the same haproxy.cfg, one after the other.
# See src/bench/README.md. Every load run is bounded in time; only 127.0.0.1 receives traffic,
# on ports 18000-18999 only.
set -uo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)          # project root: cfg paths (lua/...) are relative to it

# ---- defaults --------------------------------------------------------------------------------
CFG=config/haproxy.cfg
PROXY_CFG=$SCRIPT_DIR/cfg/proxy.cfg
BACKENDS_CFG=$SCRIPT_DIR/cfg/backends.cfg
DURATION=10
CONNECTIONS=50
WARMUP=3
JVM_WARMUP=120
ROUNDS=1
WRK_THREADS=1
ALL_TARGETS=http,checktcp,tcp,lua-heavy,rp-http,rp-tcp,rp-tcpconn,rp-acl
TARGETS=$ALL_TARGETS
ONLY=both
LUXY_HOME=$ROOT
LUXY_JAR=
BUILD=1
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
HAPROXY=${HAPROXY:-haproxy}
SERVER_CPU=0
CLIENT_CPU=1
BACKEND_CPU=
HAPROXY_START_TIMEOUT=15
LUXY_START_TIMEOUT=90
LOG_DIR=
JFR=0
LUXY_JAVA_OPTS=${LUXY_JAVA_OPTS:-}
# The JVM flags recommended for Luxy (README "Running the jar"), given before LUXY_JAVA_OPTS so
# that those win; LUXY_JVM_FLAGS= (empty) runs with the JVM's own ergonomics instead.
LUXY_JVM_FLAGS=${LUXY_JVM_FLAGS-"-XX:+UseSerialGC -Xms96m -Xmx256m -Xmn48m -Xss512k"}
# Luxy's own Quarkus ports, moved off the defaults (http 8090, management 9000) into 18000-18999.
LUXY_QUARKUS_PORTS="18090 18091"
LUXY_PORT_OPTS="-Dquarkus.http.port=18090 -Dquarkus.management.port=18091"

usage() {
  cat <<EOF
Usage: src/bench/run.sh [options]

Runs HAProxy and Luxy on the same configs, one after the other, each pinned to CPU $SERVER_CPU,
with the load generator (and the proxy scenarios' backend servers) pinned to CPU $CLIENT_CPU, and
prints req/s, p50, p99, errors, the proxy's RSS and CPU use, and the Luxy/HAProxy ratios.

Targets (-t, comma list; 'lua' and 'proxy' name the two groups; default: all):
  Lua services, on a copy of --cfg with its ports 8000-8099 moved to 18000-18099:
    http        :18001 http-request use-service lua.hello_world_http        (wrk, keep-alive)
    checktcp    :18000 Lua service opening a core.tcp() socket per request   (wrk)
    tcp         :18002 tcp-request content use-service lua.hello_world_tcp  (TcpLoad, conn/exchange)
  Lua-heavy, src/bench/cfg/luaheavy.cfg (lua-load-per-thread):
    lua-heavy   :18401 action: 5 headers, sdbm, 3 set_var; service: 2 KB body via table.concat (wrk)
  Proxy core, src/bench/cfg/proxy.cfg, servers s1/s2 = src/bench/cfg/backends.cfg (:18301/:18302):
    rp-http     :18201 HTTP reverse proxy, balance roundrobin over 2 servers (wrk, keep-alive)
    rp-tcp      :18202 mode tcp, roundrobin over 2 servers; wrk keep-alive through the tunnel
    rp-tcpconn  :18202 the same frontend, one new TCP connection per HTTP/1.0 exchange (TcpLoad)
    rp-acl      :18203 20 ACLs + 10 set-header %[...] rules, then the 2 servers (wrk)

  -t, --targets LIST      targets to run (default: $TARGETS)
  -f, --cfg FILE          haproxy.cfg for the Lua targets (default: $CFG, relative to the root)
  -d, --duration SECS     measured run per target, seconds (default: $DURATION)
  -c, --connections N     concurrent connections (default: $CONNECTIONS)
  -w, --warmup SECS       unreported warm-up run per target before measuring, 0 = none (default: $WARMUP)
      --jvm-warmup SECS   after each Luxy start, unreported load over the group's targets for
                          this long in all (on one core the JIT keeps compiling for ~1-2 min
                          and each C2 compilation pre-empts the event loop), 0 = none
                          (default: $JVM_WARMUP; HAProxy needs none)
  -r, --rounds N          repeat the HAProxy/Luxy pair N times, alternating which goes first,
                          and report each target's median round (upper median for an even
                          count) (default: 1)
      --only WHICH        haproxy | luxy | both (default: both)
      --luxy-home DIR     Luxy project root holding target/quarkus-app/quarkus-run.jar
                          (default: this project, $ROOT)
      --luxy-jar FILE     Luxy jar to run (default: LUXY_HOME/target/quarkus-app/quarkus-run.jar)
      --no-build          do not build the Luxy jar when it is missing (fail instead)
      --java-home DIR     JDK for Luxy and the TCP load generator (default: \$JAVA_HOME or
                          /usr/lib/jvm/temurin-25-jdk-amd64)
      --haproxy BIN       haproxy binary (default: haproxy)
      --jfr               record a JFR file per Luxy server start (LOG_DIR/*luxy-GROUP.jfr) and
                          print its hot methods (jfr view hot-methods)
      --wrk-threads N     wrk threads (default: $WRK_THREADS; wrk shares one CPU)
      --server-cpu N      CPU for the proxy under test (default: $SERVER_CPU)
      --client-cpu N      CPU for the load generator (default: $CLIENT_CPU)
      --backend-cpu N     CPU for the backend servers (default: the client CPU)
      --luxy-start-timeout SECS  readiness wait for Luxy (default: $LUXY_START_TIMEOUT)
      --log-dir DIR       where server and load logs go (default: a new temp dir)
  -h, --help              this help

Environment: LUXY_JAVA_OPTS (extra JVM options for Luxy), LUXY_JVM_FLAGS (the recommended
flags given first, default: "$LUXY_JVM_FLAGS"; empty = JVM ergonomics), JAVA_HOME, HAPROXY.
Exit status: 0 when every requested run succeeded; 1 when a server failed to start or a load
run failed (its rows say so); 2 on bad usage or a missing tool.
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
    --jvm-warmup) JVM_WARMUP=$(secs "$2"); shift 2;;
    -t|--targets) TARGETS=$2; shift 2;;
    -r|--rounds) ROUNDS=$2; shift 2;;
    --only) ONLY=$2; shift 2;;
    --luxy-home) LUXY_HOME=$(cd "$2" 2>/dev/null && pwd) || die "--luxy-home: no such directory: $2"; shift 2;;
    --luxy-jar) LUXY_JAR=$2; shift 2;;
    --no-build) BUILD=0; shift;;
    --java-home) JAVA_HOME=$2; shift 2;;
    --haproxy) HAPROXY=$2; shift 2;;
    --jfr) JFR=1; shift;;
    --wrk-threads) WRK_THREADS=$2; shift 2;;
    --server-cpu) SERVER_CPU=$2; shift 2;;
    --client-cpu) CLIENT_CPU=$2; shift 2;;
    --backend-cpu) BACKEND_CPU=$2; shift 2;;
    --luxy-start-timeout) LUXY_START_TIMEOUT=$(secs "$2"); shift 2;;
    --log-dir) LOG_DIR=$2; shift 2;;
    -h|--help) usage; exit 0;;
    *) usage >&2; die "unknown option: $1";;
  esac
done
[[ -n $BACKEND_CPU ]] || BACKEND_CPU=$CLIENT_CPU

[[ $DURATION =~ ^[0-9]+$ && $DURATION -ge 1 && $DURATION -le 3600 ]] || die "--duration must be 1..3600 seconds"
[[ $WARMUP =~ ^[0-9]+$ && $WARMUP -le 3600 ]] || die "--warmup must be 0..3600 seconds"
[[ $JVM_WARMUP =~ ^[0-9]+$ && $JVM_WARMUP -le 3600 ]] || die "--jvm-warmup must be 0..3600 seconds"
[[ $ROUNDS =~ ^[0-9]+$ && $ROUNDS -ge 1 && $ROUNDS -le 20 ]] || die "--rounds must be 1..20"
[[ $CONNECTIONS =~ ^[0-9]+$ && $CONNECTIONS -ge 1 ]] || die "--connections must be >= 1"
[[ $WRK_THREADS =~ ^[0-9]+$ && $WRK_THREADS -ge 1 && $WRK_THREADS -le $CONNECTIONS ]] || die "--wrk-threads must be 1..connections"
case $ONLY in haproxy|luxy|both) ;; *) die "--only must be haproxy, luxy or both";; esac
TARGETS=${TARGETS//lua-heavy/HEAVY}   # keep it out of the 'lua' group expansion
TARGETS=${TARGETS//lua/http,checktcp,tcp}
TARGETS=${TARGETS//proxy/rp-http,rp-tcp,rp-tcpconn,rp-acl}
TARGETS=${TARGETS//HEAVY/lua-heavy}
IFS=, read -r -a REQ_LIST <<<"$TARGETS"
TARGET_LIST=()                 # requested targets, in the canonical order, once each
for t in "${REQ_LIST[@]}"; do
  [[ ,$ALL_TARGETS, == *,$t,* ]] || die "unknown target '$t' (one of $ALL_TARGETS, or lua, proxy)"
done
IFS=, read -r -a CANON <<<"$ALL_TARGETS"
for t in "${CANON[@]}"; do [[ ,$TARGETS, == *,$t,* ]] && TARGET_LIST+=("$t"); done

# ---- target table ----------------------------------------------------------------------------
target_group() { case $1 in rp-*) echo proxy;; lua-heavy) echo heavy;; *) echo lua;; esac; }
target_port() {
  case $1 in http) echo 18001;; checktcp) echo 18000;; tcp) echo 18002;;
    rp-http) echo 18201;; rp-tcp|rp-tcpconn) echo 18202;; rp-acl) echo 18203;; lua-heavy) echo 18401;; esac
}
target_desc() {
  case $1 in http) echo "hello_world_http :18001";; checktcp) echo "checktcp :18000";;
    tcp) echo "hello_world_tcp :18002";; rp-http) echo "roundrobin HTTP :18201";;
    rp-tcp) echo "mode tcp, wrk keep-alive :18202";; rp-tcpconn) echo "mode tcp, conn/exchange :18202";;
    rp-acl) echo "20 ACLs + 10 set-header :18203";; lua-heavy) echo "Lua action+service, per-thread :18401";; esac
}
# TcpLoad targets: what to send, what to expect back (exactly, up to EOF).
target_send() { case $1 in rp-tcpconn) echo 'GET / HTTP/1.0\r\n\r\n';; *) echo '';; esac; }
target_expect() {
  case $1 in
    tcp) echo 'hello world\n';;
    rp-tcpconn) echo 'HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\nok';;
  esac
}
target_runner() { case $1 in tcp|rp-tcpconn) echo run_tcp;; *) echo run_wrk;; esac; }

GROUPS_USED=()
for g in lua heavy proxy; do
  for t in "${TARGET_LIST[@]}"; do [[ $(target_group "$t") == "$g" ]] && { GROUPS_USED+=("$g"); break; }; done
done
uses_group() { [[ " ${GROUPS_USED[*]} " == *" $1 "* ]]; }

cd "$ROOT" || die "cannot cd to $ROOT"
[[ -n $LUXY_JAR ]] || LUXY_JAR=$LUXY_HOME/target/quarkus-app/quarkus-run.jar
JAVA=$JAVA_HOME/bin/java

# ---- tools -----------------------------------------------------------------------------------
command -v taskset >/dev/null || die "taskset not found (apt-get install -y util-linux)"
command -v timeout >/dev/null || die "timeout not found (apt-get install -y coreutils)"
needs_wrk=0; needs_java_client=0
for t in "${TARGET_LIST[@]}"; do
  case $(target_runner "$t") in run_wrk) needs_wrk=1;; run_tcp) needs_java_client=1;; esac
done
[[ $needs_wrk == 0 ]] || command -v wrk >/dev/null || die "wrk not found (apt-get install -y wrk)"
if [[ $needs_java_client == 1 || $ONLY != haproxy ]]; then
  [[ -x $JAVA ]] || die "java not found at $JAVA (set --java-home or JAVA_HOME)"
fi
# HAProxy is the reference, and also the proxy scenarios' backend servers (even with --only luxy).
if [[ $ONLY != luxy ]] || uses_group proxy; then
  command -v "$HAPROXY" >/dev/null || die "haproxy not found: $HAPROXY (apt-get install -y haproxy; or --haproxy BIN)"
fi
if [[ $JFR == 1 ]]; then [[ -x $JAVA_HOME/bin/jfr ]] || die "--jfr: no $JAVA_HOME/bin/jfr"; fi

if [[ -z $LOG_DIR ]]; then LOG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/luxy-bench.XXXXXX"); fi
mkdir -p "$LOG_DIR" || die "cannot create $LOG_DIR"
LOG_DIR=$(cd "$LOG_DIR" && pwd)
CLK_TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)

# ---- the Lua group's config: a copy with its ports moved into 18000-18999 ----------------------
# config/haproxy.cfg binds 8000-8081 and its Lua scripts connect to 8080/8081; those ports belong
# to other users of this machine. The copy (cfg and lua/) lives in LOG_DIR/lua-root, which is
# also the servers' working directory, so relative 'lua-load lua/...' paths keep working.
shift_ports() { sed -E 's/(^|[^0-9])80([0-9][0-9])([^0-9]|$)/\1180\2\3/g'; }
prepare_lua_group() {
  [[ -f $CFG ]] || die "cfg not found: $CFG"
  local dir=$LOG_DIR/lua-root f
  mkdir -p "$dir/lua" || die "cannot create $dir"
  shift_ports <"$CFG" | sed -E 's/^([[:space:]]*bind[[:space:]]+)(\*|0\.0\.0\.0)?:/\1127.0.0.1:/' >"$dir/haproxy.cfg"
  if [[ -d $ROOT/lua ]]; then
    for f in "$ROOT"/lua/*.lua; do [[ -f $f ]] && shift_ports <"$f" >"$dir/lua/$(basename "$f")"; done
  fi
}
declare -A GROUP_CFG GROUP_DIR
if uses_group lua; then
  prepare_lua_group
  GROUP_CFG[lua]=$LOG_DIR/lua-root/haproxy.cfg; GROUP_DIR[lua]=$LOG_DIR/lua-root
fi
if uses_group heavy; then
  # a copy whose lua-load-per-thread path is absolute ('haproxy -c' runs from the project root)
  sed "s|lua-load-per-thread luaheavy.lua|lua-load-per-thread $SCRIPT_DIR/cfg/luaheavy.lua|" \
      "$SCRIPT_DIR/cfg/luaheavy.cfg" >"$LOG_DIR/luaheavy.cfg" || die "cannot write $LOG_DIR/luaheavy.cfg"
  GROUP_CFG[heavy]=$LOG_DIR/luaheavy.cfg; GROUP_DIR[heavy]=$SCRIPT_DIR/cfg
fi
if uses_group proxy; then
  [[ -f $PROXY_CFG ]] || die "proxy cfg not found: $PROXY_CFG"
  [[ -f $BACKENDS_CFG ]] || die "backends cfg not found: $BACKENDS_CFG"
  GROUP_CFG[proxy]=$PROXY_CFG; GROUP_DIR[proxy]=$SCRIPT_DIR/cfg
fi

# Ports to wait for: every bind in the cfg on a numeric port.
cfg_ports() {
  awk '$1=="bind" { n=split($2,a,":"); p=a[n]; sub(/[^0-9].*/,"",p); if (p!="") print p }' "$1" | sort -un
}
declare -A GROUP_PORTS
for g in "${GROUPS_USED[@]}"; do
  GROUP_PORTS[$g]=$(cfg_ports "${GROUP_CFG[$g]}")
  [[ -n ${GROUP_PORTS[$g]} ]] || die "no 'bind' lines found in ${GROUP_CFG[$g]}"
  for p in ${GROUP_PORTS[$g]}; do
    (( p >= 18000 && p <= 18999 )) || die "${GROUP_CFG[$g]} binds port $p, outside 18000-18999"
  done
done
BACKEND_PORTS=
uses_group proxy && BACKEND_PORTS=$(cfg_ports "$BACKENDS_CFG")

# port_open, stop_pid
# shellcheck source=procs.sh
. "$SCRIPT_DIR/procs.sh"
# ports_busy PORTS...: the ones that accept a connection now
ports_busy() {
  local p busy=""
  for p in "$@"; do port_open "$p" && busy="$busy $p"; done
  echo "$busy"
}

# ---- process handling ------------------------------------------------------------------------
SERVER_PID=
SERVER_GROUP=
BACKEND_PID=
LOAD_PID=
stop_server() {
  stop_pid "$SERVER_PID"; SERVER_PID=
  # ports must be free before the next server binds them (bounded wait)
  if [[ -n $SERVER_GROUP ]]; then
    local j
    # shellcheck disable=SC2086
    for j in $(seq 1 50); do [[ -z $(ports_busy ${GROUP_PORTS[$SERVER_GROUP]}) ]] && break; sleep 0.1; done
  fi
  SERVER_GROUP=
}
cleanup() {
  [[ -n $LOAD_PID ]] && kill -TERM "$LOAD_PID" 2>/dev/null
  stop_server
  stop_pid "$BACKEND_PID"; BACKEND_PID=
}
trap cleanup EXIT
trap 'echo "run.sh: interrupted" >&2; exit 130' INT TERM

# wait_ready NAME PID TIMEOUT LOG PORTS: poll every port until it accepts, while the process lives.
wait_ready() {
  local name=$1 pid=$2 limit=$3 log=$4 ports=$5 start=$SECONDS p missing
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      wait "$pid" 2>/dev/null; local rc=$?
      echo "run.sh: $name exited (status $rc) before it was ready; last lines of $log:" >&2
      tail -n 20 "$log" | sed 's/^/    /' >&2
      return 1
    fi
    missing=""
    for p in $ports; do port_open "$p" || missing="$missing $p"; done
    [[ -z $missing ]] && { echo "  $name ready in $((SECONDS - start))s (ports: $(echo $ports))"; return 0; }
    if (( SECONDS - start >= limit )); then
      echo "run.sh: $name not ready after ${limit}s (ports not listening:$missing); last lines of $log:" >&2
      tail -n 20 "$log" | sed 's/^/    /' >&2
      return 1
    fi
    sleep 0.2
  done
}

# The proxy scenarios' servers: one HAProxy process, started once, shared by both proxies' runs.
start_backends() {
  local log=$LOG_DIR/backends.log busy
  # shellcheck disable=SC2086
  busy=$(ports_busy $BACKEND_PORTS)
  [[ -z $busy ]] || { echo "run.sh: backend ports already in use:$busy" >&2; return 1; }
  "$HAPROXY" -c -q -f "$BACKENDS_CFG" >"$log" 2>&1 || {
    echo "run.sh: haproxy refuses $BACKENDS_CFG:" >&2; sed 's/^/    /' "$log" >&2; return 1; }
  taskset -c "$BACKEND_CPU" "$HAPROXY" -db -f "$BACKENDS_CFG" >>"$log" 2>&1 &
  BACKEND_PID=$!
  wait_ready backends "$BACKEND_PID" "$HAPROXY_START_TIMEOUT" "$log" "$BACKEND_PORTS" || { BACKEND_PID=; return 1; }
}

start_haproxy() { # GROUP
  local g=$1 log=$LOG_DIR/${PFX}haproxy-$1.log
  "$HAPROXY" -c -q -f "${GROUP_CFG[$g]}" >"$log" 2>&1 || {
    echo "run.sh: haproxy refuses ${GROUP_CFG[$g]}:" >&2; sed 's/^/    /' "$log" >&2; return 1; }
  (cd "${GROUP_DIR[$g]}" && exec taskset -c "$SERVER_CPU" "$HAPROXY" -db -f "${GROUP_CFG[$g]}") >>"$log" 2>&1 &
  SERVER_PID=$!
  wait_ready haproxy "$SERVER_PID" "$HAPROXY_START_TIMEOUT" "$log" "${GROUP_PORTS[$g]}" || { SERVER_PID=; return 1; }
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

start_luxy() { # GROUP
  local g=$1 log=$LOG_DIR/${PFX}luxy-$1.log jfr_opt=
  ensure_luxy_jar || return 1
  [[ -x $JAVA ]] || { echo "run.sh: java not found at $JAVA" >&2; return 1; }
  [[ $JFR == 1 ]] && jfr_opt="-XX:StartFlightRecording=filename=$LOG_DIR/${PFX}luxy-$g.jfr,settings=profile,dumponexit=true"
  # Run from the group's directory so the cfg's relative paths (lua/...) mean what they mean to HAProxy.
  # shellcheck disable=SC2086
  (cd "${GROUP_DIR[$g]}" && exec taskset -c "$SERVER_CPU" "$JAVA" $LUXY_PORT_OPTS $jfr_opt $LUXY_JVM_FLAGS $LUXY_JAVA_OPTS \
      -jar "$LUXY_JAR" -f "${GROUP_CFG[$g]}") >"$log" 2>&1 &
  SERVER_PID=$!
  wait_ready luxy "$SERVER_PID" "$LUXY_START_TIMEOUT" "$log" "${GROUP_PORTS[$g]}" || { SERVER_PID=; return 1; }
}

# ---- measurements ----------------------------------------------------------------------------
# to_ms VALUE-WITH-UNIT (wrk: 12.34us, 1.23ms, 1.02s, 2.00m)
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/,"",v); printf "%.3f", v/1000 }
    else if (v ~ /ms$/) { sub(/ms$/,"",v); printf "%.3f", v }
    else if (v ~ /m$/) { sub(/m$/,"",v); printf "%.3f", v*60000 }
    else if (v ~ /s$/) { sub(/s$/,"",v); printf "%.3f", v*1000 }
    else printf "nan" }'
}
# cpu_ticks PID: utime+stime of the process (all threads), in clock ticks; 0 when gone.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
# rss_kb PID: VmRSS in kB; 0 when gone.
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }

# Runners set RES="rps p50 p99 errors" (no command substitution: the main shell waits on the
# load process itself, so Ctrl-C/TERM run the trap at once instead of after the run).
RES=
# run_wrk TARGET SECS OUTFILE
run_wrk() {
  local port; port=$(target_port "$1"); local d=$2 out=$3
  local hdrs=()
  # lua-heavy: the 5 headers its action reads (user-agent is wrk's own)
  [[ $1 == lua-heavy ]] && hdrs=(-H "User-Agent: bench/1.0 (luxy)" -H "X-Req-A: alpha-1234" -H "X-Req-B: bravo-5678"
                                 -H "X-Req-C: charlie-91011" -H "X-Req-D: delta-121314")
  taskset -c "$CLIENT_CPU" timeout $((d + 30)) wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${d}s" \
      --timeout 5s --latency "${hdrs[@]}" "http://127.0.0.1:$port/" >"$out" 2>&1 &
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

# run_tcp TARGET SECS OUTFILE [WARMUP] (connections/s as rps)
# The warm-up runs inside the same client JVM (so the load generator's own JIT is warm as well).
run_tcp() {
  local t=$1 d=$2 out=$3 w=${4:-0} port; port=$(target_port "$1")
  taskset -c "$CLIENT_CPU" timeout $((w + d + 60)) "$JAVA" -XX:+UseSerialGC "$SCRIPT_DIR/TcpLoad.java" \
      --host 127.0.0.1 --port "$port" --connections "$CONNECTIONS" --duration "$d" --warmup "$w" \
      --send "$(target_send "$t")" --expect "$(target_expect "$t")" >"$out" 2>&1 &
  LOAD_PID=$!; wait "$LOAD_PID"; local rc=$?; LOAD_PID=
  local line
  RES=
  line=$(grep '^RESULT ' "$out")
  if [[ $rc != 0 || -z $line ]]; then return 1; fi
  RES=$(awk '{ for (i=2;i<=NF;i++) { split($i,kv,"="); v[kv[1]]=kv[2] }
         printf "%.0f %.3f %.3f %d\n", v["rate"], v["p50_ms"], v["p99_ms"], v["errors"] }' <<<"$line")
}

# RESULT[target,server]="rps p50 p99 errors rss_kb cpu_pct" or "FAILED reason" (current round)
declare -A RESULT
declare -A ALL      # ALL[target,server,round]: the same, for every round
PFX=                # log file prefix for the current round ("r2-" when --rounds > 1)
STATUS=0

# measure SERVER TARGET: warm-up, then the measured run; sets RESULT[TARGET,SERVER].
measure() {
  local s=$1 t=$2 runner tcp_warmup=0 out t0 t1 rss cpu
  runner=$(target_runner "$t")
  if [[ $runner == run_tcp ]]; then
    tcp_warmup=$WARMUP
    (( WARMUP > 0 )) && echo "  $t ($(target_desc "$t")): warm-up ${WARMUP}s (same client JVM)"
  elif (( WARMUP > 0 )); then
    echo "  $t ($(target_desc "$t")): warm-up ${WARMUP}s"
    $runner "$t" "$WARMUP" "$LOG_DIR/$PFX$s-$t-warmup.txt"
  fi
  echo "  $t ($(target_desc "$t")): measuring ${DURATION}s, $CONNECTIONS connections"
  out=$LOG_DIR/$PFX$s-$t.txt
  # CPU over the measured run (for tcp targets the client's in-JVM warm-up is inside the window:
  # the CPU figure then covers warm-up + run, which is the same load).
  t0=$(cpu_ticks "$SERVER_PID")
  local start_ns; start_ns=$(date +%s%N)
  if $runner "$t" "$DURATION" "$out" "$tcp_warmup"; then
    rss=$(rss_kb "$SERVER_PID")          # right as the load ends
    t1=$(cpu_ticks "$SERVER_PID")
    cpu=$(awk -v a="$t0" -v b="$t1" -v hz="$CLK_TCK" -v ns="$(( $(date +%s%N) - start_ns ))" \
          'BEGIN { printf "%.0f", (b - a) / hz / (ns / 1e9) * 100 }')
    RESULT[$t,$s]="$RES $rss $cpu"
  else
    RESULT[$t,$s]="FAILED load-run"; STATUS=1
    echo "run.sh: $t on $s: load run failed; see $out" >&2
  fi
}

# bench_server SERVER GROUP: start SERVER on GROUP's cfg, measure GROUP's targets, stop it.
bench_server() {
  local server=$1 g=$2 t busy
  echo "== $server ($g: ${GROUP_CFG[$g]})"
  # shellcheck disable=SC2086
  busy=$(ports_busy ${GROUP_PORTS[$g]})
  # shellcheck disable=SC2086
  [[ $server == luxy ]] && busy="$busy$(ports_busy $LUXY_QUARKUS_PORTS)"
  local mine=()
  for t in "${TARGET_LIST[@]}"; do [[ $(target_group "$t") == "$g" ]] && mine+=("$t"); done
  if [[ -n $busy ]]; then
    echo "run.sh: ports already in use before starting $server:$busy (another proxy running?)" >&2
    for t in "${mine[@]}"; do RESULT[$t,$server]="FAILED ports-busy"; done
    STATUS=1; return
  fi
  if [[ $g == proxy ]] && ! kill -0 "${BACKEND_PID:-0}" 2>/dev/null; then
    echo "run.sh: the backend servers are not running (see $LOG_DIR/backends.log)" >&2
    for t in "${mine[@]}"; do RESULT[$t,$server]="FAILED no-backends"; done
    STATUS=1; return
  fi
  SERVER_GROUP=$g
  if ! "start_$server" "$g"; then
    for t in "${mine[@]}"; do RESULT[$t,$server]="FAILED not-started"; done
    STATUS=1; stop_server; return
  fi
  if [[ $server == luxy ]] && (( JVM_WARMUP > 0 )); then
    local each=$(( JVM_WARMUP / ${#mine[@]} ))
    (( each >= 1 )) || each=1
    echo "  JVM warm-up: ${each}s on each of ${mine[*]}"
    # In slices of at most 10 s, taking the targets in turn: every slice ends with the client
    # closing its connections and the next opens new ones, so the close paths are profiled and
    # compiled too, and the JIT's profiles are of the mixed traffic rather than of the last target
    # alone. One long run per target left both to the measured runs' first second, where their
    # uncommon traps deoptimized the hot path (Traffic.end, ProxyCounters.response, Netty's
    # write/flush) and its recompilation was the p99 tail.
    local left=$each slice
    while (( left > 0 )); do
      slice=$(( left < 10 ? left : 10 ))
      for t in "${mine[@]}"; do
        "$(target_runner "$t")" "$t" "$slice" "$LOG_DIR/${PFX}luxy-$t-jvmwarmup.txt"
      done
      left=$(( left - slice ))
    done
  fi
  for t in "${mine[@]}"; do
    measure "$server" "$t"
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "run.sh: $server died during $t; see $LOG_DIR/$PFX$server-$g.log" >&2
      SERVER_PID=; STATUS=1
      local rest=0 u
      for u in "${mine[@]}"; do
        [[ $rest == 1 ]] && RESULT[$u,$server]="FAILED server-died"
        [[ $u == "$t" ]] && rest=1
      done
      break
    fi
  done
  stop_server
}

SERVERS=()
[[ $ONLY != luxy ]] && SERVERS+=(haproxy)
[[ $ONLY != haproxy ]] && SERVERS+=(luxy)
per_run=$(( WARMUP + DURATION + 1 ))
jvm_part=0; [[ $ONLY != haproxy ]] && jvm_part=$(( ${#GROUPS_USED[@]} * (JVM_WARMUP + 2) ))
estimate=$(( ROUNDS * (${#SERVERS[@]} * (${#TARGET_LIST[@]} * per_run + ${#GROUPS_USED[@]} * 4)
                        + jvm_part ) ))
echo "Luxy bench: duration=${DURATION}s warmup=${WARMUP}s jvm-warmup=${JVM_WARMUP}s connections=$CONNECTIONS rounds=$ROUNDS"
echo "  targets: ${TARGET_LIST[*]}"
echo "  proxy on CPU $SERVER_CPU, load on CPU $CLIENT_CPU, backends on CPU $BACKEND_CPU; logs in $LOG_DIR"
echo "  expected time: ~$(( estimate / 60 ))m$(( estimate % 60 ))s"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)
echo "  load average before: $LOAD_BEFORE"
if uses_group proxy; then
  start_backends || die "cannot start the backend servers ($BACKENDS_CFG)"
fi
for (( r = 1; r <= ROUNDS; r++ )); do
  order=("${SERVERS[@]}")
  (( ROUNDS > 1 )) && { PFX="r$r-"; echo "-- round $r/$ROUNDS"; }
  # alternate which server goes first, so slow drifts of the machine hit both alike
  if (( r % 2 == 0 && ${#SERVERS[@]} == 2 )); then order=("${SERVERS[1]}" "${SERVERS[0]}"); fi
  for s in "${order[@]}"; do
    for g in "${GROUPS_USED[@]}"; do bench_server "$s" "$g"; done
    for t in "${TARGET_LIST[@]}"; do ALL[$t,$s,$r]=${RESULT[$t,$s]:-FAILED missing}; done
  done
done
stop_pid "$BACKEND_PID"; BACKEND_PID=

# median round per target and server (by req/s, over the rounds that succeeded); for an even
# count the upper median: on a shared machine noise only ever slows a run down.
for t in "${TARGET_LIST[@]}"; do
  for s in "${SERVERS[@]}"; do
    ok=$(for (( r = 1; r <= ROUNDS; r++ )); do
           v=${ALL[$t,$s,$r]}; [[ ${v%% *} =~ ^[0-9]+$ ]] && echo "$v"
         done | sort -n -k1,1)
    if [[ -n $ok ]]; then
      n=$(wc -l <<<"$ok")
      RESULT[$t,$s]=$(sed -n "$(( n / 2 + 1 ))p" <<<"$ok")
    else
      RESULT[$t,$s]=${ALL[$t,$s,$ROUNDS]}
    fi
  done
done

# ---- report ----------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }'; }
{
  echo
  printf '%-10s %-7s %8s %8s %8s %6s %7s %5s %8s %8s %7s %9s\n' target server 'req/s' 'p50(ms)' 'p99(ms)' \
      errors 'RSS(MB)' 'CPU%' 'req/cpu' 'x-req/s' 'x-p99' 'x-req/cpu'
  for t in "${TARGET_LIST[@]}"; do
    for s in "${SERVERS[@]}"; do
      read -r rps p50 p99 err rss cpu <<<"${RESULT[$t,$s]:-FAILED missing}"
      if [[ $rps == FAILED ]]; then
        printf '%-10s %-7s %8s %8s %8s %6s %7s %5s %8s %8s %7s %9s\n' "$t" "$s" FAILED - - - - - - - - "($p50)"
        continue
      fi
      # req/s per CPU-second of the proxy: the efficiency figure when the proxy is not saturated
      eff=$(awk -v r="$rps" -v c="$cpu" 'BEGIN { if (c > 0) printf "%.0f", r / (c / 100); else printf "-" }')
      xr=-; xp=-; xe=-
      if [[ $s == luxy ]]; then
        read -r hrps _ hp99 _ _ hcpu <<<"${RESULT[$t,haproxy]:-x}"
        if [[ $hrps =~ ^[0-9]+$ ]]; then
          xr=$(ratio "$rps" "$hrps"); xp=$(ratio "$p99" "$hp99")
          [[ $eff =~ ^[0-9]+$ && $hcpu =~ ^[0-9]+$ && $hcpu -gt 0 ]] && xe=$(ratio "$eff" "$(( hrps * 100 / hcpu ))")
        fi
      fi
      printf '%-10s %-7s %8s %8s %8s %6s %7s %5s %8s %8s %7s %9s\n' "$t" "$s" "$rps" "$p50" "$p99" "$err" \
          "$(awk -v k="$rss" 'BEGIN{printf "%.0f", k/1024}')" "$cpu" "$eff" "$xr" "$xp" "$xe"
    done
  done
  if (( ROUNDS > 1 )); then
    echo "median of $ROUNDS rounds; req/s per round:"
    for t in "${TARGET_LIST[@]}"; do
      for s in "${SERVERS[@]}"; do
        line=""
        for (( r = 1; r <= ROUNDS; r++ )); do line="$line ${ALL[$t,$s,$r]%% *}"; done
        printf '  %-10s %-8s%s\n' "$t" "$s" "$line"
      done
    done
  fi
  # Issue 3's target for the proxy core: >= 0.7x HAProxy's req/s, zero errors, p99 <= 2x HAProxy's.
  if [[ ${#SERVERS[@]} == 2 ]]; then
    for t in rp-http rp-tcp rp-tcpconn rp-acl; do
      [[ ,$TARGETS, == *,$t,* ]] || continue
      read -r lr _ lp le _ <<<"${RESULT[$t,luxy]:-FAILED}"
      read -r hr _ hp _ _ <<<"${RESULT[$t,haproxy]:-FAILED}"
      [[ $lr =~ ^[0-9]+$ && $hr =~ ^[0-9]+$ ]] || { echo "target $t: no figures"; continue; }
      verdict=$(awk -v lr="$lr" -v hr="$hr" -v lp="$lp" -v hp="$hp" -v le="$le" 'BEGIN {
        m = ""; if (lr < 0.7 * hr) m = m " req/s<0.7x"; if (le > 0) m = m " errors";
        if (lp > 2 * hp) m = m " p99>2x"; print (m == "" ? "MET" : "MISSED:" m) }')
      echo "target $t (>=0.7x req/s, 0 errors, p99<=2x): $verdict"
    done
  fi
  echo
  load_after=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)
  echo "load average before/after: $LOAD_BEFORE / $load_after ($(nproc) CPUs)"
  # Our own server + client + backends account for ~2-3 runnable tasks; before it, little should run.
  if awk -v b="${LOAD_BEFORE%% *}" -v a="${load_after%% *}" -v n="$(nproc)" \
       'BEGIN{exit !(b > n * 0.75 || a > n + 2)}'; then
    echo "WARNING: the machine was busy with other work (see load average): figures are noisy"
  fi
  echo "(tcp, rp-tcpconn: req/s = connections/s; errors = socket errors + non-2xx/3xx responses, or"
  echo " failed/wrong TCP exchanges; RSS at the end of the run; CPU% of one core over the run;"
  echo " req/cpu = req/s per CPU-second of the proxy; x-req/s, x-p99, x-req/cpu = Luxy / HAProxy;"
  echo " x-req/cpu is the steadier figure when other work competes for the CPUs)"
  echo "logs: $LOG_DIR"
} | tee "$LOG_DIR/results.txt"

if [[ $JFR == 1 ]]; then
  for f in "$LOG_DIR"/*luxy-*.jfr; do
    [[ -f $f ]] || continue
    echo; echo "== hot methods in $f"
    timeout 120 "$JAVA_HOME/bin/jfr" view --width 160 hot-methods "$f" 2>&1 | head -40
  done | tee -a "$LOG_DIR/results.txt"
fi
exit $STATUS
