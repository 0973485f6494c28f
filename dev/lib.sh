# shellcheck shell=bash
# Helpers shared by the dev/ scripts. Source it, do not run it:
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# Runtime state lives in <repo>/.dev (git-ignored):
#   .dev/logs/<name>.log   output of each background process
#   .dev/pids/<name>.pid   pid of each background process we started (leader of its own process group)

if [[ -n "${HS_LIB_LOADED:-}" ]]; then
  return 0
fi
HS_LIB_LOADED=1

# Background jobs must not get their own process group from the shell (see hs_start_bg).
set +m

HS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck disable=SC2034 # used by the scripts that source this file
HS_DEV_SCRIPTS="$HS_ROOT/dev"
HS_DEV="$HS_ROOT/.dev"
HS_LOGS="$HS_DEV/logs"
HS_PIDS="$HS_DEV/pids"
export HS_ROOT HS_DEV HS_LOGS HS_PIDS

hs_ensure_dirs() {
  mkdir -p "$HS_LOGS" "$HS_PIDS"
}

# ---------------------------------------------------------------- logging
# Messages go to stderr so that stdout stays clean for callers that read it.
hs__tag() { printf '[%s %s]' "$(date +%H:%M:%S)" "${HS_LOG_TAG:-$(basename "${0%.sh}")}"; }
hs_log()  { printf '%s %s\n' "$(hs__tag)" "$*" >&2; }
hs_warn() { printf '%s WARNING: %s\n' "$(hs__tag)" "$*" >&2; }
hs_die()  { printf '%s ERROR: %s\n' "$(hs__tag)" "$*" >&2; exit 1; }

# hs_tail_log NAME [LINES]: prints the last lines of .dev/logs/NAME.log to stderr.
hs_tail_log() {
  local log="$HS_LOGS/$1.log" lines="${2:-30}"
  if [[ -s "$log" ]]; then
    printf -- '----- last %s lines of %s -----\n' "$lines" "$log" >&2
    tail -n "$lines" "$log" >&2
    printf -- '----- end of %s -----\n' "$log" >&2
  fi
}

# hs_fail NAME MESSAGE: MESSAGE + the tail of NAME's log, then exit 1.
hs_fail() {
  local name="$1"; shift
  hs_tail_log "$name" 30
  hs_die "$* (log: $HS_LOGS/$name.log)"
}

# ---------------------------------------------------------------- privileges
# hs_as_root CMD...: runs CMD as root (directly when root, else through sudo -n).
hs_as_root() {
  if [[ "$(id -u)" == 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n "$@"
  else
    hs_warn "need root to run: $* (no sudo available)"
    return 1
  fi
}

HS_APT_UPDATED=""
# hs_apt_install LOGNAME PKG...: apt-get update (once per script run) then install; output to .dev/logs/LOGNAME.log.
# Waits up to 5 minutes for another apt or dpkg to finish (a fresh machine may be installing at boot).
hs_apt_install() {
  local logname="$1"; shift
  hs_ensure_dirs
  local log="$HS_LOGS/$logname.log"
  if [[ -z "$HS_APT_UPDATED" ]]; then
    hs_log "apt-get update (log: $log)"
    hs_as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update >>"$log" 2>&1 || return 1
    HS_APT_UPDATED=1
  fi
  hs_log "apt-get install -y $* (log: $log)"
  hs_as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends "$@" >>"$log" 2>&1
}

# ---------------------------------------------------------------- processes
hs_pid_file() { printf '%s/%s.pid' "$HS_PIDS" "$1"; }

# hs_pid_of NAME: prints the recorded pid (empty when none).
hs_pid_of() {
  local f
  f="$(hs_pid_file "$1")"
  [[ -s "$f" ]] && head -n 1 "$f" | tr -dc '0-9'
  return 0
}

# hs__stat_field PID N: field N of /proc/PID/stat counted after the "(comm)" field
# (1 = state, 20 = start time), robust against spaces in comm.
hs__stat_field() {
  local stat n="$2" fields
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  read -r -a fields <<<"$stat"
  [[ -n "${fields[$((n - 1))]:-}" ]] || return 1
  printf '%s\n' "${fields[$((n - 1))]}"
}

# hs_proc_alive PID: true when PID exists and is not a zombie.
hs_proc_alive() {
  local pid="$1" state
  [[ -n "$pid" ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  state="$(hs__stat_field "$pid" 1 || true)"
  [[ -n "$state" && "$state" != Z && "$state" != X ]]
}

# hs_group_alive PGID: true when any non-zombie process is left in process group PGID.
hs_group_alive() {
  local pgid="$1" p
  [[ -n "$pgid" ]] || return 1
  for p in $(pgrep -g "$pgid" 2>/dev/null || true); do
    hs_proc_alive "$p" && return 0
  done
  return 1
}

# hs_is_ours NAME: true when the live process with NAME's recorded pid is the one we started
# (same start time as recorded on the pid file's second line), not a later process that reused the pid.
hs_is_ours() {
  local f pid recorded now
  f="$(hs_pid_file "$1")"
  pid="$(hs_pid_of "$1")"
  [[ -n "$pid" ]] || return 1
  recorded="$(sed -n 2p "$f" 2>/dev/null | tr -dc '0-9')"
  [[ -z "$recorded" ]] && return 0
  now="$(hs__stat_field "$pid" 20 || true)"
  [[ "$now" == "$recorded" ]]
}

# hs_is_running NAME: true when NAME's recorded pid is alive (i.e. we started it and it still runs).
hs_is_running() {
  local pid
  pid="$(hs_pid_of "$1")"
  hs_proc_alive "$pid" && hs_is_ours "$1"
}

# hs_start_bg NAME WORKDIR CMD...: starts CMD in the background in its own session/process group
# (setsid), stdin from /dev/null, stdout+stderr appended to .dev/logs/NAME.log, pid in .dev/pids/NAME.pid.
# Does nothing when NAME is already running. Environment variables set by the caller are inherited.
hs_start_bg() {
  local name="$1" workdir="$2"; shift 2
  hs_ensure_dirs
  if hs_is_running "$name"; then
    hs_log "$name already running (pid $(hs_pid_of "$name"))"
    return 0
  fi
  rm -f "$(hs_pid_file "$name")"
  local log="$HS_LOGS/$name.log"
  # keep logs bounded across restarts: one previous generation above 10 MB
  if [[ -f "$log" ]] && (($(stat -c %s "$log") > 10485760)); then
    mv -f "$log" "$log.1"
  fi
  printf '\n===== %s starting %s: %s\n' "$(date '+%F %T')" "$name" "$*" >>"$log"
  # In a non-interactive shell a background job is not a process-group leader, so setsid does not
  # fork: $! is the pid of CMD itself, which leads a new session and process group.
  (cd "$workdir" && exec setsid "$@" </dev/null >>"$log" 2>&1) &
  local pid=$!
  # line 1: pid; line 2: its start time (clock ticks since boot), to recognise a reused pid later
  printf '%s\n%s\n' "$pid" "$(hs__stat_field "$pid" 20 || true)" >"$(hs_pid_file "$name")"
  hs_log "started $name (pid $pid, log $log)"
}

# hs_stop NAME [GRACE_SECONDS=15]: SIGTERM to NAME's process group, SIGKILL after the grace period,
# waits until it is gone, removes the pid file. Does nothing when NAME was not started by us.
# Sets HS_STOPPED=1 when something was stopped.
hs_stop() {
  local name="$1" grace="${2:-15}" pid pidf
  HS_STOPPED=""
  pidf="$(hs_pid_file "$name")"
  pid="$(hs_pid_of "$name")"
  if [[ -z "$pid" ]]; then
    rm -f "$pidf"
    return 0
  fi
  if ! hs_proc_alive "$pid" && ! hs_group_alive "$pid"; then
    hs_log "$name (pid $pid) was not running; removing stale pid file"
    rm -f "$pidf"
    return 0
  fi
  if hs_proc_alive "$pid" && ! hs_is_ours "$name"; then
    hs_warn "pid $pid recorded for $name now belongs to another process: leaving it alone, removing the pid file"
    rm -f "$pidf"
    return 0
  fi
  # Guard against a reused pid: the process must still lead its own group (setsid).
  local pgid
  pgid="$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ' || true)"
  if hs_proc_alive "$pid" && [[ -n "$pgid" && "$pgid" != "$pid" ]]; then
    hs_warn "pid $pid recorded for $name is not a process-group leader: not ours, leaving it alone"
    rm -f "$pidf"
    return 0
  fi
  hs_log "stopping $name (pid $pid) with SIGTERM"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + grace))
  while hs_group_alive "$pid" || hs_proc_alive "$pid"; do
    if ((SECONDS >= deadline)); then
      hs_warn "$name (pid $pid) still running after ${grace}s: SIGKILL"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
      local kill_deadline=$((SECONDS + 5))
      while (hs_group_alive "$pid" || hs_proc_alive "$pid") && ((SECONDS < kill_deadline)); do sleep 0.2; done
      break
    fi
    sleep 0.2
  done
  if hs_group_alive "$pid" || hs_proc_alive "$pid"; then
    hs_warn "$name (pid $pid) could not be stopped"
    return 1
  fi
  rm -f "$pidf"
  # shellcheck disable=SC2034 # read by callers
  HS_STOPPED=1
  hs_log "stopped $name"
}

# ---------------------------------------------------------------- waiting
# hs_port_open HOST PORT: true when a TCP connection to HOST:PORT succeeds.
hs_port_open() {
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# hs_wait_port HOST PORT TIMEOUT_S [NAME]: waits until HOST:PORT accepts connections.
# With NAME, fails early when NAME's process exits.
hs_wait_port() {
  local host="$1" port="$2" timeout="$3" name="${4:-}"
  local deadline=$((SECONDS + timeout))
  until hs_port_open "$host" "$port"; do
    if [[ -n "$name" ]] && ! hs_is_running "$name"; then
      return 2
    fi
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

# hs_http_code URL: prints the HTTP status code (000 when nothing answers).
hs_http_code() {
  curl -s -o /dev/null -m 5 -w '%{http_code}' "$1" 2>/dev/null || true
}

# hs_wait_http URL TIMEOUT_S [NAME] [EXPECTED_CODE]: waits until URL answers HTTP (any status,
# or EXPECTED_CODE). Returns 1 on timeout, 2 when NAME's process exited.
hs_wait_http() {
  local url="$1" timeout="$2" name="${3:-}" expected="${4:-}" code
  local deadline=$((SECONDS + timeout))
  while :; do
    code="$(hs_http_code "$url")"
    if [[ -n "$expected" ]]; then
      [[ "$code" == "$expected" ]] && return 0
    else
      [[ -n "$code" && "$code" != 000 ]] && return 0
    fi
    if [[ -n "$name" ]] && ! hs_is_running "$name"; then
      return 2
    fi
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

# hs_health_up URL: true when URL answers JSON with "status":"UP".
hs_health_up() {
  curl -s -m 5 "$1" 2>/dev/null | tr -d ' \n\t' | grep -q '"status":"UP"'
}

# hs_wait_http_up URL TIMEOUT_S [NAME]: waits until URL reports "status":"UP".
# Returns 1 on timeout, 2 when NAME's process exited.
hs_wait_http_up() {
  local url="$1" timeout="$2" name="${3:-}"
  local deadline=$((SECONDS + timeout))
  until hs_health_up "$url"; do
    if [[ -n "$name" ]] && ! hs_is_running "$name"; then
      return 2
    fi
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

# hs_wait_log_line NAME PATTERN TIMEOUT_S [SINCE_LINE]: waits until .dev/logs/NAME.log contains PATTERN
# (a fixed string) after line SINCE_LINE. Returns 1 on timeout, 2 when NAME's process exited.
hs_wait_log_line() {
  local name="$1" pattern="$2" timeout="$3" since="${4:-0}" log="$HS_LOGS/$1.log"
  local deadline=$((SECONDS + timeout))
  until tail -n +"$((since + 1))" "$log" 2>/dev/null | grep -qF -- "$pattern"; do
    hs_is_running "$name" || return 2
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

# hs_log_lines NAME: number of lines in NAME's log (0 when absent).
hs_log_lines() {
  local log="$HS_LOGS/$1.log"
  if [[ -f "$log" ]]; then wc -l <"$log" | tr -d ' '; else echo 0; fi
}

# hs_rss_mb PID: resident memory of PID and its process-group members, in MB.
hs_rss_mb() {
  local pid="$1" total=0 p kb
  for p in $(pgrep -g "$pid" 2>/dev/null || echo "$pid"); do
    kb="$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2>/dev/null || true)"
    total=$((total + ${kb:-0}))
  done
  echo $((total / 1024))
}

# hs_require_free_port NAME PORT: fails when PORT is taken by a process we did not start as NAME.
hs_require_free_port() {
  local name="$1" port="$2"
  if hs_port_open 127.0.0.1 "$port"; then
    local who
    who="$(ss -ltnpH "sport = :$port" 2>/dev/null | sed -n 's/.*users:((\(.*\))).*/\1/p' | head -n 1 || true)"
    hs_die "cannot start $name: port $port is already in use by another process${who:+ ($who)}; stop it or free the port"
  fi
}
