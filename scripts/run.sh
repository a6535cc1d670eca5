#!/usr/bin/env bash
# Runs the app locally on its embedded default: Azurite (data kept in .azurite/, git-ignored),
# the local trigger runner in place of the Functions host, and a demo organisation with a survey,
# a round and a kiosk link. Prints the URLs to open. Ctrl+C stops the app and Azurite.
# Safe to run again: the demo is seeded idempotently and the stored data is kept.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
ensure_azurite

PORT="${PORT:-7071}"
STARTED_AZURITE=""
if node -e 'const s=require("net").connect(10002,"127.0.0.1");s.on("connect",()=>process.exit(0));s.on("error",()=>process.exit(1));' 2>/dev/null; then
  echo "Using the storage emulator already listening on 127.0.0.1:10000-10002."
else
  mkdir -p "$ROOT/.azurite"
  "$ROOT/node_modules/.bin/azurite" --silent --skipApiVersionCheck --disableProductStyleUrl --location "$ROOT/.azurite" \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 >"$ROOT/.azurite/azurite.log" 2>&1 &
  STARTED_AZURITE=$!
  trap 'kill "$STARTED_AZURITE" 2>/dev/null || true' EXIT
  wait_for_port 10001 60 && wait_for_port 10002 60 || { cat "$ROOT/.azurite/azurite.log" >&2; exit 1; }
  echo "Azurite started (data in .azurite/)."
fi

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export ASPNETCORE_URLS="http://localhost:$PORT"
export AzureWebJobsStorage="${AzureWebJobsStorage:-UseDevelopmentStorage=true}"
export Surveys__Demo__Seed=true
export Surveys__PublicBaseUrl="http://localhost:$PORT"
export Surveys__Email__Mode=Outbox
export Surveys__Email__OutboxPath="$ROOT/.outbox"
# No WEBSITE_TIME_ZONE: as in Azure (Flex Consumption), the timers fire hourly in UTC and each decides in
# Norwegian time whether a run is its own (the weekly digest from Mondays 07:00 Oslo time; README, "Timers").
# The host's invocation endpoints (POST /<FunctionName>) on localhost, so scripts/run-timer.sh can run a timer now.
export Surveys__Hosting__InvocationEndpoints="${Surveys__Hosting__InvocationEndpoints:-true}"
# Local only: a fixed admin key for automation against the local app (never use it elsewhere).
export Surveys__BootstrapAdminKey="${Surveys__BootstrapAdminKey:-local-demo-admin-key-change-me}"
dotnet run --project "$ROOT/src/Surveys.Functions" -c Release --no-launch-profile
