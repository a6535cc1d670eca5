#!/usr/bin/env bash
# Runs the benchmarks (tests/Surveys.Benchmarks, Release) against their own in-memory Azurite on free
# ports, started as in test.sh, and writes BenchmarkDotNet's reports plus one results.md
# (machine first, then every table) to bench-results/ (git-ignored; BENCH_RESULTS=dir to change it).
# Arguments go to BenchmarkDotNet, e.g. ./scripts/bench.sh --filter '*Compare*'; the default is every
# benchmark (about 5 minutes on 2 cores). See docs/performance.md.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
ensure_azurite

RESULTS="${BENCH_RESULTS:-$ROOT/bench-results}"
mkdir -p "$RESULTS" && rm -rf "$RESULTS/results"  # results.md shows this run only
mapfile -t PORTS < <(free_ports 3)
LOG="$(mktemp -t azurite-bench.XXXXXX.log)"
"$ROOT/node_modules/.bin/azurite" --silent --inMemoryPersistence --skipApiVersionCheck --disableProductStyleUrl \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
  --blobPort "${PORTS[0]}" --queuePort "${PORTS[1]}" --tablePort "${PORTS[2]}" >"$LOG" 2>&1 &
AZURITE_PID=$!
# A busy Azurite may not answer SIGTERM (its event loop is blocked): give it 10 s, then SIGKILL.
stop_azurite() {
  kill "$AZURITE_PID" 2>/dev/null || true
  (sleep 10; kill -9 "$AZURITE_PID" 2>/dev/null) &
  local killer=$!
  wait "$AZURITE_PID" 2>/dev/null || true
  kill "$killer" 2>/dev/null || true
  rm -f "$LOG"
}
trap stop_azurite EXIT
wait_for_port "${PORTS[1]}" 60 && wait_for_port "${PORTS[2]}" 60 || { cat "$LOG" >&2; exit 1; }

export SURVEYS_BENCH_STORAGE="$(azurite_connection_string "${PORTS[@]}")"
echo "Azurite (in memory) on ports ${PORTS[*]}"

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
args=("$@")
[[ " $* " == *" --filter "* ]] || args+=(--filter '*')
status=0
dotnet run -c Release --project "$ROOT/tests/Surveys.Benchmarks/Surveys.Benchmarks.csproj" -- \
  --artifacts "$RESULTS" "${args[@]}" | tee "$RESULTS/run.log" || status=$?

# One file to read: the machine, then each report BenchmarkDotNet wrote in this run.
{
  echo "# Benchmark results ($(date -u +%Y-%m-%dT%H:%MZ))"
  echo
  echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(nproc) cores"
  echo "- Memory: $(free -h | awk '/^Mem:/ {print $2}') total"
  echo "- Load average (1, 5, 15 min) before: $LOAD_BEFORE; after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- .NET: $(dotnet --version) SDK; Azurite $("$ROOT/node_modules/.bin/azurite" --version) (in memory), Node $(node --version)"
  grep -h '^// Fold runner' "$RESULTS/run.log" | sed 's|^// |- |' || true
  for report in "$RESULTS"/results/*-report-github.md; do
    [ -e "$report" ] || continue
    echo
    echo "## $(basename "$report" -report-github.md)"
    echo
    cat "$report"
  done
} >"$RESULTS/results.md"
echo "Results: $RESULTS/results.md"
exit $status
