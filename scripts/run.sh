#!/usr/bin/env bash
# Runs the app locally: Azurite (data kept in .azurite/, git-ignored), the isolated worker
# (src/Surveys.Functions, Release build) under the local Functions host (src/Surveys.LocalHost, which
# runs it as Azure's host does: HTTP, queue triggers, timers), and a demo organisation with a survey,
# a round and a kiosk link. Ctrl+C stops the host, the worker and Azurite (if this script started it).
# Safe to run again: the demo is seeded idempotently and the stored data is kept.
#
#   ./scripts/run.sh                 # http://localhost:7071
#   PORT=7281 ./scripts/run.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
ensure_azurite

PORT="${PORT:-7071}"
WORKER_DIR="$ROOT/src/Surveys.Functions/bin/Release/net10.0"
HOST_DLL="$ROOT/src/Surveys.LocalHost/bin/Release/net10.0/Surveys.LocalHost.dll"

# Build first, so a build error does not leave Azurite running. Build servers off: nothing lingers.
echo "Building the worker and the local host (Release)…"
dotnet build "$ROOT/src/Surveys.Functions" -c Release --nologo -v q --disable-build-servers
dotnet build "$ROOT/src/Surveys.LocalHost" -c Release --nologo -v q --disable-build-servers
[ -f "$WORKER_DIR/worker.config.json" ] || { echo "No worker build in $WORKER_DIR (worker.config.json missing)." >&2; exit 1; }

STARTED_AZURITE=""
HOST_PID=""
stop_host() {
  if [ -n "$HOST_PID" ] && kill -0 "$HOST_PID" 2>/dev/null; then
    kill -TERM "$HOST_PID" 2>/dev/null || true # the host stops its worker on the way out
    wait "$HOST_PID" 2>/dev/null || true
  fi
}
cleanup() {
  stop_host
  if [ -n "$STARTED_AZURITE" ]; then
    # Azurite saves its data on the way out; a busy one may take a while, or linger after closing: 10 s, then SIGKILL.
    kill "$STARTED_AZURITE" 2>/dev/null || true
    timeout 10 tail --pid="$STARTED_AZURITE" -f /dev/null 2>/dev/null || kill -9 "$STARTED_AZURITE" 2>/dev/null || true
    wait "$STARTED_AZURITE" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'echo; echo "Stopping…"; exit 130' INT
trap 'exit 143' TERM

if node -e 'const s=require("net").connect(10002,"127.0.0.1");s.on("connect",()=>process.exit(0));s.on("error",()=>process.exit(1));' 2>/dev/null; then
  echo "Using the storage emulator already listening on 127.0.0.1:10000-10002."
else
  mkdir -p "$ROOT/.azurite"
  "$ROOT/node_modules/.bin/azurite" --silent --skipApiVersionCheck --disableProductStyleUrl --location "$ROOT/.azurite" \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 >"$ROOT/.azurite/azurite.log" 2>&1 &
  STARTED_AZURITE=$!
  wait_for_port 10001 60 && wait_for_port 10002 60 || { cat "$ROOT/.azurite/azurite.log" >&2; exit 1; }
  echo "Azurite started (data in .azurite/)."
fi

# The host passes its environment to the worker: these are the app settings (as in Azure).
export AzureWebJobsStorage="${AzureWebJobsStorage:-UseDevelopmentStorage=true}"
# The worker's environment name (it ignores ASPNETCORE_ENVIRONMENT): appsettings.Development.json.
export AZURE_FUNCTIONS_ENVIRONMENT="${AZURE_FUNCTIONS_ENVIRONMENT:-Development}"
# The worker picks its own HTTP port (the host forwards to it): an inherited ASPNETCORE_URLS must not reach it.
unset ASPNETCORE_URLS
export Surveys__Demo__Seed=true
# Links in e-mails and kiosk URLs are made from this alone (never from a request's Host), and only its host and loopback
# are answered: to open the app from a tablet, set it to the machine's address (http://192.168.1.20:$PORT).
export Surveys__PublicBaseUrl="${Surveys__PublicBaseUrl:-http://localhost:$PORT}"
export Surveys__Email__Mode=Outbox
export Surveys__Email__OutboxPath="$ROOT/.outbox"
# Queue names and timer schedules (%ResponsesQueue%, %DigestSchedule%, ...) come from local.settings.json in the
# worker build (a copy of src/Surveys.Functions/local.settings.json.example unless you have your own).
# No WEBSITE_TIME_ZONE: as in Azure (Flex Consumption), the timers fire hourly in UTC and each decides in
# Norwegian time whether a run is its own (the weekly digest from Mondays 07:00 Oslo time; README, "Timers").
# Run a timer now with scripts/run-timer.sh (the host's admin API).
# Local only: a fixed admin key for automation against the local app (never use it elsewhere).
export Surveys__BootstrapAdminKey="${Surveys__BootstrapAdminKey:-local-demo-admin-key-change-me}"

echo "Starting the local Functions host on http://localhost:$PORT (worker: ${WORKER_DIR#"$ROOT/"})…"
# In the background with a wait, so Ctrl+C (and SIGTERM) reach the traps at once; the host gets SIGTERM from them.
dotnet "$HOST_DLL" --urls "http://localhost:$PORT" --app "$WORKER_DIR" &
HOST_PID=$!
(
  # Say where to go once the host has loaded the worker.
  deadline=$(( $(date +%s) + 120 ))
  until curl -fsS "http://localhost:$PORT/admin/host/status" 2>/dev/null | grep -q '"Running"'; do
    kill -0 "$HOST_PID" 2>/dev/null || exit 0
    [ "$(date +%s)" -lt "$deadline" ] || { echo "The host has not loaded the worker after 120 s; see its log above." >&2; exit 0; }
    sleep 0.5
  done
  echo
  echo "Surveys is running on http://localhost:$PORT/ (admin key: $Surveys__BootstrapAdminKey). The demo is seeded in the"
  echo "background; its links are in the log above once it is done. Ctrl+C stops everything."
  echo "Run a timer now: PORT=$PORT ./scripts/run-timer.sh SendDigests"
) &
status=0
wait "$HOST_PID" || status=$?
HOST_PID=""
exit "$status"
