#!/usr/bin/env bash
# Creates, publishes and opens a session of docs/examples/first-study.json on the platform dev/up.sh started,
# with the API as a researcher's script would use it, and prints participant links to open in two browsers
# (or one normal and one private window): consent, waiting, a text, two questions and a chat for two people.
#
#   dev/example-study.sh [GATEWAY_URL]     (default http://127.0.0.1:8080)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$HS_ROOT"
gateway="${1:-http://127.0.0.1:8080}"
token="$(dev/keycloak.sh token experimenter experimenter)"
field() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }
api() { # METHOD PATH [BODY]
  curl -sS --fail-with-body -X "$1" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
       ${3:+--data-binary "$3"} "$gateway$2"
}

experiment="$(api POST /api/experiments "@docs/examples/first-study.json" | field id)"
api POST "/api/experiments/$experiment/versions" >/dev/null
settings="{\"completionUrl\":\"$gateway/finished?cc={code}\",\"waitingTimeoutSeconds\":900,
  \"codes\":{\"completed\":\"C-DONE\",\"noConsent\":\"C-NOPE\",\"timedOut\":\"C-WAIT\",\"dropped\":\"C-DROP\",\"ended\":\"C-END\"}}"
join="$(api POST /api/sessions "{\"experimentId\":\"$experiment\",\"version\":1,\"settings\":$settings}" | field joinPath)"
session="${join#/join/}"
session="${session%%\?*}"

cat <<LINKS
Experiment $experiment is published and its session is open. Open each link in its own browser
(or one in a private window): each is one participant, as a recruitment site would send them.

  $gateway$join&PROLIFIC_PID=first-person&STUDY_ID=example&SESSION_ID=s1
  $gateway$join&PROLIFIC_PID=second-person&STUDY_ID=example&SESSION_ID=s2

As staff (TOKEN=\$(dev/keycloak.sh token experimenter experimenter)):
  who joined:  curl -H "Authorization: Bearer \$TOKEN" $gateway/api/sessions/$session/participants
  the export:  curl -H "Authorization: Bearer \$TOKEN" "$gateway/api/exports/sessions/$session?format=csv"
LINKS
