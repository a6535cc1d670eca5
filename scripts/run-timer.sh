#!/usr/bin/env bash
# Runs a timer function now, in the app that scripts/run.sh started: POSTs a timer invocation to the
# custom-handler invocation endpoint POST /<FunctionName>, exactly as the Functions host does when the
# schedule fires (functions-custom-handler.md §6.4). The function runs to its end before this returns;
# anything it queued (e-mails) follows within seconds.
#
#   scripts/run-timer.sh SendDigests           # the weekly digest, now (PORT=7071 unless set)
#   PORT=7281 scripts/run-timer.sh SendDailyDigests
#
# In Azure, run it with the master key instead (see README, "Running a timer now").
set -euo pipefail
NAME="${1:-}"
if [ -z "$NAME" ] || [[ ! "$NAME" =~ ^[A-Za-z][A-Za-z0-9_]*$ ]]; then
  echo "usage: scripts/run-timer.sh <FunctionName>   (e.g. SendDigests)" >&2
  exit 2
fi
PORT="${PORT:-7071}"
PAYLOAD='{"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":false}},"Metadata":{"sys":{"MethodName":"'"$NAME"'"}}}'
BODY="$(mktemp)"
trap 'rm -f "$BODY"' EXIT
STATUS="$(curl -sS -o "$BODY" -w '%{http_code}' -X POST -H 'Content-Type: application/json' --data "$PAYLOAD" "http://localhost:$PORT/$NAME")" || {
  echo "Could not reach the app on http://localhost:$PORT: is ./scripts/run.sh running (with PORT=$PORT)?" >&2
  exit 1
}
case "$STATUS" in
  200) echo "$NAME ran." ;;
  404) echo "No timer or queue function named $NAME at http://localhost:$PORT (HTTP 404). Names are the folders in src/Surveys.Functions/functions/." >&2; exit 1 ;;
  *) echo "$NAME failed (HTTP $STATUS):" >&2; cat "$BODY" >&2; echo >&2; exit 1 ;;
esac
