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
trap stop_memory_azurite EXIT
start_memory_azurite bench
export SURVEYS_BENCH_STORAGE="$AZURITE_CONNECTION"
echo "Azurite (in memory) on ports ${AZURITE_PORTS[*]}"

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
