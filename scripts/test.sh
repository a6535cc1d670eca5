#!/usr/bin/env bash
# Runs every test: installs what is missing (Azurite from npm, Debian's Chromium for the browser
# tests), starts its own in-memory Azurite on free ports, runs the whole solution's tests against
# it, and stops Azurite afterwards. Safe to run again; leaves nothing behind.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
ensure_azurite
ensure_chromium

RESULTS="$(mktemp -d -t surveys-test-results.XXXXXX)"
trap 'stop_memory_azurite; rm -rf "$RESULTS"' EXIT
start_memory_azurite test
export SURVEYS_TEST_STORAGE="$AZURITE_CONNECTION"
echo "Azurite (in memory) on ports ${AZURITE_PORTS[*]}"
status=0
# -m:1 runs the test projects one after another: run side by side on two cores, the browser tests'
# Chromium and the Functions tests' timing-sensitive listeners starved each other.
dotnet test "$ROOT/Surveys.sln" -c Release -m:1 --logger "console;verbosity=minimal" \
  --logger trx --results-directory "$RESULTS" "$@" || status=$?

# One closing line over all test projects, read from the TRX counters.
node -e '
  const fs = require("fs"), path = require("path"); let p = 0, f = 0, s = 0;
  for (const file of fs.readdirSync(process.argv[1]).filter(n => n.endsWith(".trx"))) {
    const m = /<Counters[^>]*>/.exec(fs.readFileSync(path.join(process.argv[1], file), "utf8"));
    if (!m) continue; const a = n => +((new RegExp(n + "=\"(\\d+)\"")).exec(m[0]) || [0, 0])[1];
    p += a("passed"); f += a("failed") + a("error") + a("timeout") + a("aborted"); s += a("notExecuted");
  }
  console.log(`Tests: ${p} passed, ${f} failed, ${s} skipped`);' "$RESULTS"
exit $status
