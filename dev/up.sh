#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Starts the whole local platform without Docker:
#   1. builds the services (mvn -B -DskipTests install) when a quarkus-run.jar is missing or older than
#      a file under */src/ or a pom.xml (HYPERSTUDY_SKIP_BUILD=1 skips this; log .dev/logs/build.log)
#   2. starts Redis, Kafka, the Firestore emulator and Keycloak (in parallel)
#   3. starts experiment-service, sync-service, media-service and the gateway (prod profile, java -jar)
#   4. waits until every service's /q/health/ready is UP, then prints the gateway URL and how to get a token
# Running it again while everything is up only reports. dev/down.sh stops what it started.
# HYPERSTUDY_SYNC_PODS=3 starts sync-service as three pods (sync-service, sync-service-2 on 8084,
# sync-service-3 on 8085; at most 4), which the gateway routes between (docs/scaling.md).
# dev/up.sh --needs-build only tells whether step 1 would build (and why).
# Logs: .dev/logs/<name>.log, pids: .dev/pids/<name>.pid.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
HS_LOG_TAG=up

SERVICES=(experiment-service sync-service media-service gateway)
SYNC_PODS="${HYPERSTUDY_SYNC_PODS:-1}"
[[ "$SYNC_PODS" =~ ^[1-4]$ ]] || hs_die "HYPERSTUDY_SYNC_PODS is 1 to 4, not '$SYNC_PODS'"
# the processes started: the services, and the extra sync pods (sync-service-2 ...), before the gateway
PROCESSES=(experiment-service sync-service)
for ((n = 2; n <= SYNC_PODS; n++)); do PROCESSES+=("sync-service-$n"); done
PROCESSES+=(media-service gateway)
INFRA=(keycloak kafka firestore redis) # the slowest first
HEALTH_TIMEOUT="${HYPERSTUDY_HEALTH_TIMEOUT:-120}"
SERVICE_JAVA_OPTS="${HYPERSTUDY_SERVICE_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC}"
KEYCLOAK_URL="http://127.0.0.1:8180"
REALM_URL="$KEYCLOAK_URL/realms/hyperstudy"
GATEWAY_URL="http://127.0.0.1:8080"

port_of() {
  case "$1" in
    gateway) echo 8080 ;;
    experiment-service) echo 8081 ;;
    sync-service) echo 8082 ;;
    sync-service-[2-4]) echo $((8082 + ${1#sync-service-})) ;;
    media-service) echo 8083 ;;
    *) hs_die "unknown service $1" ;;
  esac
}

# health, metrics and OpenAPI: each service's management interface, on its HTTP port + 1000 (9000 in production)
management_port_of() { echo $(($(port_of "$1") + 1000)); }

jar_of() { printf '%s/%s/target/quarkus-app/quarkus-run.jar' "$HS_ROOT" "${1%-[0-9]}"; }

now_ms() { date +%s%3N; }
START_MS="$(now_ms)"
elapsed() { local ms=$(($(now_ms) - START_MS)); printf '%d.%01ds' $((ms / 1000)) $(((ms % 1000) / 100)); }

# ---------------------------------------------------------------- 1. build
# Prints why a build is needed (nothing when the jars are up to date).
build_reason() {
  local m jar oldest=""
  for m in "${SERVICES[@]}"; do
    jar="$(jar_of "$m")"
    if [[ ! -f "$jar" ]]; then
      echo "$m/target/quarkus-app/quarkus-run.jar is missing"
      return 0
    fi
    if [[ -z "$oldest" || "$jar" -ot "$oldest" ]]; then
      oldest="$jar"
    fi
  done
  local srcs=() d newer
  for d in "$HS_ROOT"/*/src; do
    [[ -d "$d" ]] && srcs+=("$d")
  done
  # src/main/docker (the Dockerfiles) does not go into the jars.
  newer="$(find "$HS_ROOT"/pom.xml "$HS_ROOT"/*/pom.xml "${srcs[@]}" \
    \( -name node_modules -o -name .quinoa -o -path '*/src/main/docker' \) -prune \
    -o -type f -newer "$oldest" -print -quit 2>/dev/null || true)"
  if [[ -n "$newer" ]]; then
    echo "${newer#"$HS_ROOT"/} is newer than ${oldest#"$HS_ROOT"/}"
  fi
}

build() {
  if [[ "${HYPERSTUDY_SKIP_BUILD:-}" == 1 ]]; then
    local m
    for m in "${SERVICES[@]}"; do
      [[ -f "$(jar_of "$m")" ]] || hs_die "HYPERSTUDY_SKIP_BUILD=1 but $(jar_of "$m") is missing: build first (mvn -B -DskipTests install)"
    done
    hs_log "build skipped (HYPERSTUDY_SKIP_BUILD=1)"
    return 0
  fi
  local reason
  reason="$(build_reason)"
  if [[ -z "$reason" ]]; then
    hs_log "service jars are up to date: no build needed"
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || hs_die "mvn is not on PATH: cannot build the services ($reason)"
  hs_log "building the services: $reason"
  hs_log "  mvn -B -DskipTests install (log: $HS_LOGS/build.log)"
  local t0=$SECONDS
  if ! (cd "$HS_ROOT" && mvn -B -DskipTests install) >"$HS_LOGS/build.log" 2>&1; then
    hs_fail build "the build failed: mvn -B -DskipTests install"
  fi
  local m
  for m in "${SERVICES[@]}"; do
    [[ -f "$(jar_of "$m")" ]] || hs_fail build "the build passed but did not produce $(jar_of "$m")"
  done
  hs_log "build done in $((SECONDS - t0))s"
}

# ---------------------------------------------------------------- 2. infrastructure
start_infra() {
  local c pids=() failed=()
  for c in "${INFRA[@]}"; do
    # Each script logs its progress to stderr (tagged), which interleaves line by line here.
    bash "$HS_DEV_SCRIPTS/$c.sh" start &
    pids+=("$!")
  done
  local i
  for i in "${!INFRA[@]}"; do
    if ! wait "${pids[$i]}"; then
      failed+=("${INFRA[$i]}")
    fi
  done
  if ((${#failed[@]} > 0)); then
    hs_die "could not start: ${failed[*]} (see the messages above and .dev/logs/<name>.log); dev/down.sh stops what did start"
  fi
  hs_log "infrastructure ready after $(elapsed)"
}

# ---------------------------------------------------------------- 3. services
start_service() {
  local m="$1" port
  port="$(port_of "$m")"
  if hs_is_running "$m"; then
    local pid age jar_time
    pid="$(hs_pid_of "$m")"
    hs_log "$m already running (pid $pid, port $port)"
    age="$(ps -o etimes= -p "$pid" 2>/dev/null | tr -d ' ' || true)"
    jar_time="$(stat -c %Y "$(jar_of "$m")" 2>/dev/null || echo 0)"
    if [[ -n "$age" ]] && ((jar_time > $(date +%s) - age)); then
      hs_warn "$m runs an older build than $(jar_of "$m"): dev/down.sh && dev/up.sh to restart it"
    fi
    return 0
  fi
  hs_require_free_port "$m" "$port"
  hs_require_free_port "$m" "$(management_port_of "$m")"
  local envs=(
    "QUARKUS_HTTP_PORT=$port"
    "QUARKUS_MANAGEMENT_PORT=$(management_port_of "$m")"
    "QUARKUS_MANAGEMENT_HOST=127.0.0.1"
    "QUARKUS_OIDC_AUTH_SERVER_URL=$REALM_URL"
    "HYPERSTUDY_OIDC_AUDIENCE=hyperstudy"
  )
  # only the gateway is reachable from other machines; the services listen on loopback, behind it
  [[ "$m" == gateway ]] || envs+=("QUARKUS_HTTP_HOST=127.0.0.1")
  case "$m" in
    experiment-service | media-service)
      envs+=(
        "KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9092"
        "HYPERSTUDY_FIRESTORE_PROJECT_ID=hyperstudy-local"
        "HYPERSTUDY_FIRESTORE_EMULATOR_HOST=127.0.0.1:8087"
      )
      if [[ "$m" == experiment-service ]]; then
        envs+=("QUARKUS_REDIS_HOSTS=redis://127.0.0.1:6379")
        # passes stay valid across restarts when the key is kept; without openssl the service
        # signs with a key of its own process (fine for one local replica)
        if [[ ! -f "$HS_DEV/pass-key.pem" ]] && command -v openssl >/dev/null; then
          openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$HS_DEV/pass-key.pem" 2>/dev/null
        fi
        if [[ -f "$HS_DEV/pass-key.pem" ]]; then
          envs+=("HYPERSTUDY_PASS_KEY_FILE=$HS_DEV/pass-key.pem")
        else
          envs+=("HYPERSTUDY_PASS_REQUIRE_KEY=false")
        fi
      fi
      if [[ "$m" == media-service ]]; then
        mkdir -p "$HS_DEV/media"
        envs+=("HYPERSTUDY_MEDIA_STORAGE_DIR=$HS_DEV/media" "HYPERSTUDY_EXPERIMENT_SERVICE_URL=http://127.0.0.1:8081")
        [[ -f "$HS_DEV/media-link-key" ]] || head -c 32 /dev/urandom | base64 > "$HS_DEV/media-link-key"
        envs+=("HYPERSTUDY_MEDIA_LINK_KEY=$(cat "$HS_DEV/media-link-key")")
        # the key pair of docker-compose's LiveKit (dev/livekit); no LiveKit server is started here, so rooms
        # and recordings are not managed
        envs+=("HYPERSTUDY_LIVEKIT_URL=ws://127.0.0.1:7880" "HYPERSTUDY_LIVEKIT_API_URL=http://127.0.0.1:7880"
          "HYPERSTUDY_LIVEKIT_API_KEY=devkey"
          "HYPERSTUDY_LIVEKIT_API_SECRET=secret-for-local-development-only" "HYPERSTUDY_LIVEKIT_MANAGE_ROOMS=false")
      fi
      ;;
    sync-service*)
      envs+=(
        "KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9092"
        "QUARKUS_REDIS_HOSTS=redis://127.0.0.1:6379"
        "HYPERSTUDY_EXPERIMENT_SERVICE_URL=http://127.0.0.1:8081"
        # a stable id, as a StatefulSet's pod name is, and the address the gateway reaches it at
        "HYPERSTUDY_SYNC_POD_ID=$m"
        "HYPERSTUDY_SYNC_POD_URL=http://127.0.0.1:$port"
      )
      ;;
    gateway)
      envs+=(
        "HYPERSTUDY_GATEWAY_EXPERIMENT_URL=http://127.0.0.1:8081"
        "HYPERSTUDY_GATEWAY_SYNC_URL=http://127.0.0.1:8082"
        "HYPERSTUDY_GATEWAY_MEDIA_URL=http://127.0.0.1:8083"
        "HYPERSTUDY_GATEWAY_PORTAL_OIDC_ISSUER=$REALM_URL"
        "HYPERSTUDY_GATEWAY_EXPERIMENT_MANAGEMENT_URL=http://127.0.0.1:$(management_port_of experiment-service)"
        "HYPERSTUDY_GATEWAY_SYNC_MANAGEMENT_URL=http://127.0.0.1:$(management_port_of sync-service)"
        "HYPERSTUDY_GATEWAY_MEDIA_MANAGEMENT_URL=http://127.0.0.1:$(management_port_of media-service)"
        "QUARKUS_REDIS_HOSTS=redis://127.0.0.1:6379"
      )
      ;;
  esac
  # env exec's java, so the recorded pid is the JVM's.
  # shellcheck disable=SC2086
  hs_start_bg "$m" "$HS_ROOT" env "${envs[@]}" java $SERVICE_JAVA_OPTS -jar "$(jar_of "$m")"
}

wait_services_ready() {
  local deadline=$((SECONDS + HEALTH_TIMEOUT)) m port left rc
  for m in "${PROCESSES[@]}"; do
    port="$(management_port_of "$m")"
    left=$((deadline - SECONDS))
    ((left > 0)) || left=1
    rc=0
    hs_wait_http_up "http://127.0.0.1:$port/q/health/ready" "$left" "$m" || rc=$?
    case $rc in
      0) hs_log "$m is UP on http://127.0.0.1:$(port_of "$m") (management :$port) ($(elapsed))" ;;
      2) hs_fail "$m" "$m exited before it became ready" ;;
      *)
        local body
        body="$(curl -s -m 5 "http://127.0.0.1:$port/q/health/ready" 2>/dev/null | tr -s ' \n' ' ' | cut -c1-600 || true)"
        hs_fail "$m" "$m was not UP within ${HEALTH_TIMEOUT}s at http://127.0.0.1:$port/q/health/ready${body:+ (it answers: $body)}"
        ;;
    esac
  done
}

# ---------------------------------------------------------------- 4. report
report() {
  local m pid
  echo
  echo "HyperStudy local platform is up ($(elapsed))"
  printf '  %-20s %-8s %-28s %s\n' component pid address RSS
  for m in "${PROCESSES[@]}"; do
    pid="$(hs_pid_of "$m")"
    printf '  %-20s %-8s %-28s %s MB\n' "$m" "$pid" "http://127.0.0.1:$(port_of "$m")" "$(hs_rss_mb "$pid")"
  done
  local c addr
  for c in keycloak kafka firestore redis; do
    case "$c" in
      keycloak) addr="$KEYCLOAK_URL" ;;
      kafka) addr="127.0.0.1:9092" ;;
      firestore) addr="127.0.0.1:8087" ;;
      redis) addr="127.0.0.1:6379" ;;
    esac
    pid="$(hs_pid_of "$c")"
    if [[ -n "$pid" ]]; then
      printf '  %-20s %-8s %-28s %s MB\n' "$c" "$pid" "$addr" "$(hs_rss_mb "$pid")"
    else
      printf '  %-20s %-8s %-28s %s\n' "$c" "-" "$addr" "(already running, not managed here)"
    fi
  done
  cat <<EOF

Portal (researchers): $GATEWAY_URL/portal   sign in as experimenter/experimenter (or experimenter2/experimenter2, admin/admin)
A first study with participant links: dev/example-study.sh
Gateway: $GATEWAY_URL
Keycloak admin console: $KEYCLOAK_URL/admin (admin/admin); realm users admin/admin, experimenter/experimenter, experimenter2/experimenter2

Get an experimenter token and call the API:
  TOKEN=\$(curl -s -d grant_type=password -d client_id=hyperstudy-web -d username=experimenter -d password=experimenter $REALM_URL/protocol/openid-connect/token | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
  curl -H "Authorization: Bearer \$TOKEN" $GATEWAY_URL/api/experiments

Logs: $HS_LOGS/<name>.log    Stop everything: dev/down.sh
EOF
}

main() {
  if [[ "${1:-}" == --needs-build ]]; then
    # prints why a build is needed; exit 0 when it is, 1 when the jars are up to date
    local reason
    reason="$(build_reason)"
    [[ -n "$reason" ]] && echo "$reason" && return 0
    echo "up to date"
    return 1
  fi
  command -v java >/dev/null 2>&1 || hs_die "java (17+) is not on PATH"
  command -v curl >/dev/null 2>&1 || hs_die "curl is not on PATH"
  hs_ensure_dirs
  build
  start_infra
  local m
  for m in "${PROCESSES[@]}"; do
    start_service "$m"
  done
  wait_services_ready
  report
}

main "$@"
