#!/usr/bin/env bash
# Runs the load program against the sync-service of the local platform (dev/up.sh must be running).
#   bench/load.sh [--clients 5000] [--rooms 500] [--duration 60] [--ramp 20] [--url ws://127.0.0.1:8082]
# For thousands of clients, give the services room first:
#   HYPERSTUDY_SERVICE_JAVA_OPTS="-Xmx768m -XX:+UseSerialGC" dev/up.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=../dev/lib.sh
source dev/lib.sh
server_pid="$(hs_pid_of sync-service)"
[[ -n "$server_pid" ]] || { echo "sync-service is not running: start the platform with dev/up.sh" >&2; exit 1; }
# synthetic rooms that no experiment owns: only an admin may open them (an experimenter is asked about a
# room's experiment, which does not exist, and refused)
token="$(dev/keycloak.sh token admin admin)"
mvn -B -q -pl bench -am install -DskipTests
classpath="bench/target/classes:$(mvn -B -q -f bench/pom.xml dependency:build-classpath -Dmdep.outputFile=/dev/stdout)"
exec java -Xmx1g -XX:+UseSerialGC -cp "$classpath" io.hyperstudy.bench.load.LoadGenerator \
  --token "$token" --server-pid "$server_pid" "$@"
