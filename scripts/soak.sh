#!/usr/bin/env bash
# The soak (issue 13, item 5; not part of CI): 10,000 answers over HTTP into 4 rounds at concurrency 12, by kiosks that
# send each answer again with the same response id until it is acknowledged, while the worker (the process that folds)
# is killed with SIGKILL twice and Azurite is paused (SIGSTOP) for 10 s twice. Prints acknowledged, stored, folded and
# counted, how long folding needed to catch up, and every difference; exits non-zero on any difference.
# Starts its own in-memory Azurite on free ports (as test.sh), builds Release, and stops everything on exit.
# Arguments go to the soak: --answers N --rounds N --concurrency N --kills N --pauses N --pause-seconds N
# --catch-up-minutes N (the defaults are the issue's). The output is also kept in soak-results/ (git-ignored).
# See docs/performance.md («Answers under faults»).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
ensure_azurite

RESULTS="${SOAK_RESULTS:-$ROOT/soak-results}"
mkdir -p "$RESULTS"
SOAK_PID=""
# On every way out: the soak (which stops its host and worker), then Azurite (resumed first, in case it is paused).
stop_all() {
  if [ -n "$SOAK_PID" ]; then kill "$SOAK_PID" 2>/dev/null || true; wait "$SOAK_PID" 2>/dev/null || true; fi
  stop_memory_azurite
}
trap stop_all EXIT
trap 'exit 130' INT TERM
start_memory_azurite soak

dotnet build -c Release "$ROOT/src/Surveys.Functions/Surveys.Functions.csproj" -v quiet -nologo -clp:ErrorsOnly
dotnet build -c Release "$ROOT/tests/Surveys.Soak/Surveys.Soak.csproj" -v quiet -nologo -clp:ErrorsOnly

export SURVEYS_SOAK_STORAGE="$AZURITE_CONNECTION"
export SURVEYS_SOAK_AZURITE_PID="$AZURITE_PID"
# The host's and the worker's console logs stay off (a paused storage makes every failed request log a stack trace);
# SOAK_LOG_LEVEL=Warning shows them.
export Logging__Console__LogLevel__Default="${SOAK_LOG_LEVEL:-None}"
OUT="$RESULTS/soak-$(date -u +%Y%m%dT%H%M%SZ).log"
echo "Azurite (in memory) on ports ${AZURITE_PORTS[*]}, pid $AZURITE_PID; output also in $OUT"
status=0
set +e
# Everything goes to $OUT; the terminal gets the soak's own lines (the host's per-invocation warnings at a kill are there too).
dotnet "$ROOT/tests/Surveys.Soak/bin/Release/net10.0/Surveys.Soak.dll" "$@" > >(tee "$OUT" | grep --line-buffered '^soak: ') 2>&1 &
SOAK_PID=$!
wait "$SOAK_PID"; status=$?
SOAK_PID=""
sleep 0.5 # the last lines through tee and grep
set -e
exit $status
