# Process and port helpers shared by the bench scripts (run.sh, server-kill.sh); sourced, not run.

# port_open PORT: true when something accepts connections on 127.0.0.1:PORT now.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# stop_pid PID: TERM, up to 5 s, then KILL; reaps it (PID must be a child of this shell).
stop_pid() {
  local pid=$1 i
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null
  for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
}
