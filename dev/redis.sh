#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Local Redis for the dev platform.
#   dev/redis.sh start   reuse a Redis already answering on 127.0.0.1:6379, else start one (installs
#                        Debian's redis-server package when missing)
#   dev/redis.sh stop    stops only a Redis that `start` started
#   dev/redis.sh status
# HYPERSTUDY_REDIS_PORT overrides the port (default 6379).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
HS_LOG_TAG=redis

NAME=redis
PORT="${HYPERSTUDY_REDIS_PORT:-6379}"

# Speaks RESP over bash's /dev/tcp, so it works before redis-tools is installed.
redis_ping() {
  local reply=""
  {
    exec 3<>"/dev/tcp/127.0.0.1/$PORT" || return 1
    printf 'PING\r\n' >&3
    IFS= read -r -t 2 reply <&3 || true
    exec 3<&-
  } 2>/dev/null
  [[ "$reply" == +PONG* ]]
}

start() {
  hs_ensure_dirs
  if hs_is_running "$NAME"; then
    redis_ping || hs_fail "$NAME" "redis-server (pid $(hs_pid_of "$NAME")) runs but does not answer PING on 127.0.0.1:$PORT"
    hs_log "Redis already running on 127.0.0.1:$PORT (pid $(hs_pid_of "$NAME"), started by dev/redis.sh)"
    return 0
  fi
  rm -f "$(hs_pid_file "$NAME")"
  if redis_ping; then
    hs_log "a Redis already answers on 127.0.0.1:$PORT: reusing it (not started here, stop will leave it alone)"
    return 0
  fi
  if ! command -v redis-server >/dev/null 2>&1; then
    hs_apt_install redis-install redis-server ||
      hs_fail redis-install "could not install Debian's redis-server package"
    command -v redis-server >/dev/null 2>&1 || hs_fail redis-install "redis-server still not on PATH after installing the package"
  fi
  hs_require_free_port "$NAME" "$PORT"
  # --daemonize no keeps it in the foreground of its own process group, so the pid file is right.
  hs_start_bg "$NAME" "$HS_DEV" redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no
  local deadline=$((SECONDS + 20))
  until redis_ping; do
    hs_is_running "$NAME" || hs_fail "$NAME" "redis-server exited during start"
    ((SECONDS < deadline)) || hs_fail "$NAME" "redis-server did not answer PING on 127.0.0.1:$PORT within 20s"
    sleep 0.2
  done
  hs_log "Redis ready on 127.0.0.1:$PORT"
}

stop() {
  if [[ -z "$(hs_pid_of "$NAME")" ]]; then
    hs_log "no Redis started by dev/redis.sh: nothing to stop"
    return 0
  fi
  hs_stop "$NAME" 15
}

status() {
  if hs_is_running "$NAME"; then
    echo "redis: running (pid $(hs_pid_of "$NAME"), 127.0.0.1:$PORT)"
  elif redis_ping; then
    echo "redis: answering on 127.0.0.1:$PORT (not started by dev/redis.sh)"
  else
    echo "redis: down"
    return 1
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 {start|stop|status}" >&2; exit 2 ;;
esac
