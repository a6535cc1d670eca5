#!/usr/bin/env bash
# Measures start-up (issue 12, docs/performance.md): for each of RUNS cold starts of the local host with the
# built worker, the time from starting the host process to the first answered request (GET /api/openapi.json,
# which the worker serves), and the worker's own phases as the host logs them (connected, metadata answered,
# functions loaded, HTTP listener ready; ms after the worker process was started). Not part of the tests.
#
#   scripts/startup.sh            # 5 runs
#   RUNS=10 scripts/startup.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
ensure_azurite
RUNS="${RUNS:-5}"

dotnet build "$ROOT/src/Surveys.Functions" -c Release -v q -nologo >/dev/null
dotnet build "$ROOT/src/Surveys.LocalHost" -c Release -v q -nologo >/dev/null

WORK="$(mktemp -d -t surveys-startup.XXXXXX)"
HOST_PID=""
cleanup() {
  [ -n "$HOST_PID" ] && kill "$HOST_PID" 2>/dev/null && wait "$HOST_PID" 2>/dev/null
  stop_memory_azurite
  rm -rf "$WORK"
}
trap cleanup EXIT
start_memory_azurite startup

export AzureWebJobsStorage="$AZURITE_CONNECTION"
export AZURE_FUNCTIONS_ENVIRONMENT=Production
URL="http://127.0.0.1:$(free_ports 1)"
# Required in Production (links are made from it and only its host is answered).
export Surveys__PublicBaseUrl="$URL"
now_ms() { date +%s%3N; }

printf '%-4s %12s %10s %10s %10s %10s\n' run first-answer connected metadata loaded listening
for run in $(seq 1 "$RUNS"); do
  start=$(now_ms)
  dotnet "$ROOT/src/Surveys.LocalHost/bin/Release/net10.0/Surveys.LocalHost.dll" --urls "$URL" \
    --Logging:LogLevel:Default=Information >"$WORK/host.log" 2>&1 &
  HOST_PID=$!
  until curl -sf -o /dev/null "$URL/api/openapi.json"; do
    sleep 0.02
    if [ $(( $(now_ms) - start )) -gt 60000 ]; then echo "no answer within 60 s:" >&2; cat "$WORK/host.log" >&2; exit 1; fi
  done
  first=$(( $(now_ms) - start ))
  line="$(grep -m1 -o 'loaded [0-9]* functions in [0-9]* ms (connected [0-9]* ms, metadata [0-9]* ms, loaded [0-9]* ms' "$WORK/host.log" || true)"
  read -r total connected metadata loaded < <(echo "$line" | sed -E 's/.* in ([0-9]+) ms \(connected ([0-9]+) ms, metadata ([0-9]+) ms, loaded ([0-9]+) ms/\1 \2 \3 \4/')
  printf '%-4s %10s ms %7s ms %7s ms %7s ms %7s ms\n' "$run" "$first" "$connected" "$metadata" "$loaded" "$total"
  kill "$HOST_PID"; wait "$HOST_PID" 2>/dev/null || true; HOST_PID=""
done
echo "Machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
