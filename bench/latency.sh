#!/usr/bin/env bash
# Measures decision -> socket latency on the local platform (dev/up.sh must be running).
#   bench/latency.sh [--rooms 200] [--size 4] [--ramp 20] [--lead 500] [--timeout 300]
#                    [--experiment http://127.0.0.1:8081] [--sync ws://127.0.0.1:8082]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[[ -f .dev/pids/experiment-service.pid && -f .dev/pids/sync-service.pid ]] \
  || { echo "the platform is not running: start it with dev/up.sh" >&2; exit 1; }
token="$(dev/keycloak.sh token experimenter experimenter)"
mvn -B -q -pl bench -am install -DskipTests
classpath="bench/target/classes:$(mvn -B -q -f bench/pom.xml dependency:build-classpath -Dmdep.outputFile=/dev/stdout)"
exec java -Xmx512m -XX:+UseSerialGC -cp "$classpath" io.hyperstudy.bench.latency.DecisionLatency \
  --token "$token" "$@"
