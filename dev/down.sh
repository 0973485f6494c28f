#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Stops what dev/up.sh (or dev/<component>.sh start) started: the services first (gateway first), then
# Keycloak, the Firestore emulator, Kafka, and Redis when it was started here (a Redis that was already
# running is left alone). SIGTERM, then SIGKILL after 15 s; waits for each process group to exit and
# removes the pid files. Idempotent. Exits non-zero when a process of this checkout's .dev or one of its
# quarkus-run.jar files is still running afterwards.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
HS_LOG_TAG=down

SERVICES=(gateway media-service sync-service experiment-service)
# the extra sync pods of HYPERSTUDY_SYNC_PODS (sync-service-2 ...), stopped with the services
PODS=()
for f in "$HS_PIDS"/sync-service-[0-9].pid; do
  [[ -e "$f" ]] && PODS+=("$(basename "$f" .pid)")
done
INFRA=(keycloak firestore kafka redis)

stopped=()
failed=()
result_dir="$(mktemp -d)"
trap 'rm -rf "$result_dir"' EXIT

# stop_one NAME: hs_stop, recording the outcome in $result_dir (works from a background subshell).
stop_one() {
  local name="$1"
  if [[ -z "$(hs_pid_of "$name")" ]]; then
    rm -f "$(hs_pid_file "$name")"
    return 0
  fi
  if hs_stop "$name" 15; then
    [[ -n "${HS_STOPPED:-}" ]] && echo "$name" >"$result_dir/stopped.$name"
  else
    echo "$name" >"$result_dir/failed.$name"
  fi
  return 0
}

# 1. the services, all at once (each gets SIGTERM, then SIGKILL after 15 s)
pids=()
for name in "${SERVICES[@]}" "${PODS[@]}"; do
  stop_one "$name" &
  pids+=("$!")
done
for p in "${pids[@]}"; do wait "$p" || true; done
# 2. the infrastructure, one after the other
for name in "${INFRA[@]}"; do
  stop_one "$name"
done
for name in "${SERVICES[@]}" "${PODS[@]}" "${INFRA[@]}"; do
  [[ -f "$result_dir/stopped.$name" ]] && stopped+=("$name")
  [[ -f "$result_dir/failed.$name" ]] && failed+=("$name")
done

if ((${#stopped[@]} > 0)); then
  hs_log "stopped: ${stopped[*]}"
else
  hs_log "nothing was running (no live pid files in $HS_PIDS)"
fi

# Anything left from this checkout? (processes whose command line names .dev or a service jar)
patterns=("$HS_DEV/")
for m in "${SERVICES[@]}"; do
  patterns+=("$HS_ROOT/$m/target/quarkus-app/quarkus-run.jar")
done
left=""
for p in "${patterns[@]}"; do
  found="$(pgrep -af -- "$p" 2>/dev/null | grep -v -e "^$$ " || true)"
  [[ -n "$found" ]] && left+="$found"$'\n'
done
if [[ -n "$left" ]]; then
  hs_warn "these processes of this checkout are still running (not started through dev/up.sh, e.g. by tests?):"
  printf '%s' "$left" | sort -u | sed 's/^/    /' >&2
  hs_die "processes remain; stop them by pid (kill PID) if they are yours"
fi
if ((${#failed[@]} > 0)); then
  hs_die "could not stop: ${failed[*]}"
fi
hs_log "no process from $HS_DEV or the service jars remains"
