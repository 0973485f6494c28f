#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Local Keycloak (the staff OIDC provider of the local platform), dev mode, on 127.0.0.1:8180.
#   dev/keycloak.sh start   unpacks Keycloak from Maven Central once (dev/keycloak/pom.xml), imports
#                           dev/keycloak/hyperstudy-realm.json, waits for the realm's discovery document
#   dev/keycloak.sh stop | status
#   dev/keycloak.sh unpack  only fetches and unpacks Keycloak (dev/test.sh does it before the tests start it)
#   dev/keycloak.sh token [USER] [PASSWORD]   prints an access token (password grant, client hyperstudy-web)
#
# Realm hyperstudy: roles admin, experimenter; users admin/admin, experimenter/experimenter,
# experimenter2/experimenter2; public client hyperstudy-web whose access tokens carry aud "hyperstudy".
# The issuer is always http://127.0.0.1:8180/realms/hyperstudy (KC_HOSTNAME), whichever host name a
# client uses. When the realm file changes, Keycloak's dev database is reset so the realm is re-imported
# (users added by hand in the admin console are lost then).
# Admin console: http://127.0.0.1:8180/admin (admin/admin, master realm; dev only).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
HS_LOG_TAG=keycloak

NAME=keycloak
PORT=8180
KC_VERSION=26.7.3
KC_BASE="$HS_DEV/keycloak"
KC_HOME="$KC_BASE/keycloak-$KC_VERSION"
REALM=hyperstudy
REALM_FILE="$HS_DEV_SCRIPTS/keycloak/hyperstudy-realm.json"
ISSUER_BASE="http://127.0.0.1:$PORT"
DISCOVERY="$ISSUER_BASE/realms/$REALM/.well-known/openid-configuration"
START_TIMEOUT="${HYPERSTUDY_KEYCLOAK_TIMEOUT:-120}"

ensure_unpacked() {
  if [[ -x "$KC_HOME/bin/kc.sh" && -f "$KC_BASE/.unpacked-$KC_VERSION" ]]; then
    return 0
  fi
  hs_ensure_dirs
  command -v mvn >/dev/null 2>&1 || hs_die "mvn is not on PATH: it is needed once to fetch Keycloak $KC_VERSION"
  hs_log "unpacking Keycloak $KC_VERSION into $KC_BASE (first time: downloads ~180 MB; log: $HS_LOGS/keycloak-unpack.log)"
  rm -rf "$KC_HOME"
  mkdir -p "$KC_BASE"
  if ! mvn -B -q -f "$HS_DEV_SCRIPTS/keycloak/pom.xml" dependency:unpack \
      -Dkeycloak.unpack.dir="$KC_BASE" >"$HS_LOGS/keycloak-unpack.log" 2>&1; then
    hs_fail keycloak-unpack "fetching/unpacking Keycloak $KC_VERSION with Maven failed"
  fi
  [[ -f "$KC_HOME/bin/kc.sh" ]] || hs_die "Keycloak was unpacked but $KC_HOME/bin/kc.sh is missing"
  chmod +x "$KC_HOME"/bin/*.sh
  touch "$KC_BASE/.unpacked-$KC_VERSION"
}

# Puts the realm into data/import; resets the dev database when the realm file changed since the
# last import (Keycloak skips realms that already exist).
install_realm() {
  [[ -f "$REALM_FILE" ]] || hs_die "realm file missing: $REALM_FILE"
  mkdir -p "$KC_HOME/data/import"
  cp "$REALM_FILE" "$KC_HOME/data/import/$REALM-realm.json"
  local sum stamp="$KC_BASE/imported-realm.sha256"
  sum="$(sha256sum "$REALM_FILE" | cut -d' ' -f1)"
  if [[ -d "$KC_HOME/data/h2" && -f "$stamp" && "$(cat "$stamp")" != "$sum" ]]; then
    hs_log "$REALM_FILE changed since it was imported: resetting Keycloak's dev database to re-import it"
    rm -rf "$KC_HOME/data/h2"
  fi
  echo "$sum" >"$stamp"
}

start() {
  hs_ensure_dirs
  if hs_is_running "$NAME"; then
    hs_log "Keycloak already running on $ISSUER_BASE (pid $(hs_pid_of "$NAME"))"
    return 0
  fi
  command -v java >/dev/null 2>&1 || hs_die "java is not on PATH"
  hs_require_free_port "$NAME" "$PORT"
  local t0=$SECONDS
  ensure_unpacked
  install_realm
  # KC_HOSTNAME (a full URL, hostname v2) fixes the issuer to 127.0.0.1:8180 for every caller.
  # KC_BOOTSTRAP_ADMIN_*: the master realm's admin, for the admin console (dev only).
  KC_BOOTSTRAP_ADMIN_USERNAME=admin \
  KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
  KC_HOSTNAME="$ISSUER_BASE" \
  KC_HTTP_HOST=127.0.0.1 \
  JAVA_OPTS_KC_HEAP="${HYPERSTUDY_KEYCLOAK_HEAP:--Xms64m -Xmx512m}" \
    hs_start_bg "$NAME" "$KC_HOME" bash "$KC_HOME/bin/kc.sh" start-dev --http-port "$PORT" --import-realm
  local rc=0
  hs_wait_http "$DISCOVERY" "$START_TIMEOUT" "$NAME" 200 || rc=$?
  case $rc in
    0) ;;
    2) hs_fail "$NAME" "Keycloak exited during start" ;;
    *) hs_fail "$NAME" "Keycloak did not serve $DISCOVERY within ${START_TIMEOUT}s" ;;
  esac
  hs_log "Keycloak ready in $((SECONDS - t0))s: issuer $ISSUER_BASE/realms/$REALM"
}

stop() {
  if [[ -z "$(hs_pid_of "$NAME")" ]]; then
    hs_log "Keycloak was not started by dev/keycloak.sh: nothing to stop"
    return 0
  fi
  hs_stop "$NAME" 15
}

status() {
  if hs_is_running "$NAME"; then
    echo "keycloak: running (pid $(hs_pid_of "$NAME"), $ISSUER_BASE, RSS $(hs_rss_mb "$(hs_pid_of "$NAME")") MB)"
  else
    echo "keycloak: down"
    return 1
  fi
}

token() {
  local user="${1:-experimenter}" password="${2:-${1:-experimenter}}" body
  body="$(curl -s -m 10 "$ISSUER_BASE/realms/$REALM/protocol/openid-connect/token" \
    -d grant_type=password -d client_id=hyperstudy-web \
    --data-urlencode "username=$user" --data-urlencode "password=$password")" ||
    hs_die "Keycloak did not answer on $ISSUER_BASE (is it started? dev/keycloak.sh start)"
  local tok
  tok="$(printf '%s' "$body" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')"
  [[ -n "$tok" ]] || hs_die "no access token for $user: $body"
  printf '%s\n' "$tok"
}

case "${1:-}" in
  start) start ;;
  unpack) ensure_unpacked ;;
  stop) stop ;;
  status) status ;;
  token) shift; token "$@" ;;
  *) echo "usage: $0 {start|stop|status|unpack|token [USER] [PASSWORD]}" >&2; exit 2 ;;
esac
