#!/usr/bin/env bash
# Runs the load program against the sync-service of the local platform (dev/up.sh must be running).
#   bench/load.sh [--clients 5000] [--rooms 500] [--duration 60] [--ramp 20] [--url ws://127.0.0.1:8082]
#                 [--via-gateway] [--failover sync-service-2 [--signal KILL|TERM]]
# For thousands of clients, give the services room first:
#   HYPERSTUDY_SERVICE_JAVA_OPTS="-Xmx768m -XX:+UseSerialGC" dev/up.sh
# --via-gateway connects through the gateway (and reports its CPU per relayed frame); --failover stops that
# sync pod after the steady window (kill -9, or SIGTERM with --signal TERM) and reports how its clients came
# back. Both need the platform started with several sync pods and the gateway's per-token socket limit
# raised (one token opens every socket here):
#   HYPERSTUDY_SYNC_PODS=3 HYPERSTUDY_GATEWAY_THROTTLE_SOCKET_PER_TOKEN=1000000 \
#   HYPERSTUDY_GATEWAY_THROTTLE_SOCKET_PER_ADDRESS=1000000 dev/up.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=../dev/lib.sh
source dev/lib.sh
server_pid="$(hs_pid_of sync-service)"
[[ -n "$server_pid" ]] || { echo "sync-service is not running: start the platform with dev/up.sh" >&2; exit 1; }
args=()
while (($#)); do
  case "$1" in
    --via-gateway)
      gateway_pid="$(hs_pid_of gateway)"
      [[ -n "$gateway_pid" ]] || { echo "the gateway is not running: start the platform with dev/up.sh" >&2; exit 1; }
      # the server figures stay those of the first sync pod (its management port)
      args+=(--url ws://127.0.0.1:8080 --gateway-pid "$gateway_pid" --metrics http://127.0.0.1:9082/q/metrics)
      shift
      ;;
    --failover)
      pod="${2:?--failover names a sync pod (sync-service-2)}"
      pod_pid="$(hs_pid_of "$pod")"
      [[ -n "$pod_pid" ]] || { echo "$pod is not running: HYPERSTUDY_SYNC_PODS=3 dev/up.sh starts extra pods" >&2; exit 1; }
      args+=(--failover-pod "$pod" --failover-pid "$pod_pid")
      shift 2
      ;;
    --signal)
      args+=(--failover-signal "${2:?--signal is KILL or TERM}")
      shift 2
      ;;
    *)
      args+=("$1")
      shift
      ;;
  esac
done
# synthetic rooms that no experiment owns: only an admin may open them (an experimenter is asked about a
# room's experiment, which does not exist, and refused)
token="$(dev/keycloak.sh token admin admin)"
mvn -B -q -pl bench -am install -DskipTests
classpath="bench/target/classes:$(mvn -B -q -f bench/pom.xml dependency:build-classpath -Dmdep.outputFile=/dev/stdout)"
exec java -Xmx1g -XX:+UseSerialGC -cp "$classpath" io.hyperstudy.bench.load.LoadGenerator \
  --token "$token" --server-pid "$server_pid" "${args[@]}"
