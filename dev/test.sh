#!/usr/bin/env bash
# Runs every test of the suite on a fresh machine: installs what the tests need when it is missing,
# then `mvn verify`. The tests start their own real infrastructure (a Kafka broker, the Firestore
# emulator, an OIDC server, Redis unless one answers on 127.0.0.1:6379) and stop it afterwards.
#
#   dev/test.sh                 every test
#   dev/test.sh -pl gateway     extra arguments go to Maven
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
HS_LOG_TAG=test
cd "$HS_ROOT"

command -v java >/dev/null 2>&1 || hs_die "java is not on PATH (Java 17 is needed)"
command -v mvn >/dev/null 2>&1 || hs_die "mvn is not on PATH (Maven 3.8+ is needed)"
java_major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
[[ "${java_major%%.*}" -ge 17 ]] || hs_die "Java 17 or newer is needed (found $java_major)"

# Tests reuse a Redis on 6379 when one answers; otherwise they start redis-server themselves.
if ! command -v redis-server >/dev/null 2>&1; then
  hs_apt_install test-install redis-server || hs_die "cannot install redis-server (log: $HS_LOGS/test-install.log)"
fi

# The browser test drives Debian's Chromium with playwright-core and makes its video with ffmpeg.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
command -v node >/dev/null 2>&1 || missing+=(nodejs npm)
# the chart's tests check docker-compose.yml with it (config -q needs no Docker engine)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
if ((${#missing[@]})); then
  hs_apt_install test-install "${missing[@]}" || hs_die "cannot install ${missing[*]} (log: $HS_LOGS/test-install.log)"
fi
(cd system-tests/src/test/browser && npm ci --silent) || hs_die "npm ci in system-tests/src/test/browser failed"

# The portal's browser test signs in with the local platform's Keycloak (the system tests start it): fetch it once
bash dev/keycloak.sh unpack || hs_die "cannot fetch Keycloak (log: $HS_LOGS/keycloak-unpack.log)"

# Settle which Firestore emulator the tests will start (installs it once), so that the first test
# does not spend its start-up timeout on an installation.
emulator="$(bash dev/firestore.sh prepare)"
hs_log "Firestore emulator: ${emulator%% *}"

started=$SECONDS
# no -q: CI reads Surefire's and Failsafe's "Tests run:" lines
mvn -B -ntp verify "$@"
hs_log "all tests passed in $((SECONDS - started)) s"
