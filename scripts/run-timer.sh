#!/usr/bin/env bash
# Runs a timer (or queue) function now, in the app that scripts/run.sh started: asks the local Functions
# host through its admin API, POST /admin/functions/<FunctionName> with {"input":""}, as one does with
# Azure's host (and its master key). The host answers 202 and the function runs in the app's worker in
# the background; anything it queues (e-mails) follows within seconds.
#
#   scripts/run-timer.sh SendDigests           # the weekly digest, now (PORT=7071 unless set)
#   PORT=7281 scripts/run-timer.sh SendDailyDigests
#   WAIT=0 scripts/run-timer.sh SendDigests    # do not wait the few seconds before returning
#
# In Azure, call the same admin API with the master key (see README, "Running a timer now").
set -euo pipefail
NAME="${1:-}"
if [ -z "$NAME" ] || [[ ! "$NAME" =~ ^[A-Za-z][A-Za-z0-9_]*$ ]]; then
  echo "usage: scripts/run-timer.sh <FunctionName>   (e.g. SendDigests)" >&2
  exit 2
fi
PORT="${PORT:-7071}"
WAIT="${WAIT:-5}" # seconds to wait after 202, so that what the function sends is there when this returns
BASE="http://localhost:$PORT"
BODY="$(mktemp)"
trap 'rm -f "$BODY"' EXIT
STATUS="$(curl -sS -o "$BODY" -w '%{http_code}' -X POST -H 'Content-Type: application/json' --data '{"input":""}' \
  "$BASE/admin/functions/$NAME")" || {
  echo "Could not reach the app on $BASE: is ./scripts/run.sh running (with PORT=$PORT)?" >&2
  exit 1
}

# The timer and queue functions the host has loaded (GET /admin/functions), one per line.
list_functions() {
  curl -sS "$BASE/admin/functions" 2>/dev/null | node -e '
    let s = ""; process.stdin.on("data", d => s += d).on("end", () => {
      try {
        const names = JSON.parse(s)
          .filter(f => !f.isDisabled && !((f.config || {}).bindings || []).some(b => /^httpTrigger$/i.test(b.type)))
          .map(f => f.name).sort();
        console.log(names.length ? names.map(n => "  " + n).join("\n") : "  (none loaded: see the host log for functions that failed to load)");
      } catch { console.log("  (GET /admin/functions did not answer with a list)"); }
    });' 2>/dev/null || true
}

case "$STATUS" in
  202)
    echo "$NAME started: it runs in the app now; e-mails it sends follow within seconds (.outbox/ locally)."
    if [ "$WAIT" != 0 ]; then sleep "$WAIT"; fi
    ;;
  404)
    echo "No timer or queue function named $NAME is loaded and enabled at $BASE (HTTP 404). The ones there are:" >&2
    list_functions >&2
    exit 1
    ;;
  400)
    echo "$NAME is not a timer or queue function (HTTP 400): call its route instead." >&2
    cat "$BODY" >&2; echo >&2
    exit 1
    ;;
  503)
    echo "The host on $BASE has not loaded the app yet (HTTP 503): try again in a few seconds." >&2
    exit 1
    ;;
  *)
    echo "$NAME could not be started (HTTP $STATUS):" >&2
    cat "$BODY" >&2; echo >&2
    exit 1
    ;;
esac
