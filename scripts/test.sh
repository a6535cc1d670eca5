#!/usr/bin/env bash
# Runs every test: installs what is missing (Azurite from npm, Debian's Chromium for the browser
# tests), starts its own in-memory Azurite on free ports, runs the whole solution's tests against
# it, and stops Azurite afterwards. Safe to run again; leaves nothing behind.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
ensure_azurite
ensure_chromium

mapfile -t PORTS < <(free_ports 3)
LOG="$(mktemp -t azurite-test.XXXXXX.log)"
"$ROOT/node_modules/.bin/azurite" --silent --inMemoryPersistence --skipApiVersionCheck --disableProductStyleUrl \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
  --blobPort "${PORTS[0]}" --queuePort "${PORTS[1]}" --tablePort "${PORTS[2]}" >"$LOG" 2>&1 &
AZURITE_PID=$!
trap 'kill "$AZURITE_PID" 2>/dev/null || true; wait "$AZURITE_PID" 2>/dev/null || true; rm -f "$LOG"' EXIT
wait_for_port "${PORTS[1]}" 60 && wait_for_port "${PORTS[2]}" 60 || { cat "$LOG" >&2; exit 1; }

export SURVEYS_TEST_STORAGE="$(azurite_connection_string "${PORTS[@]}")"
echo "Azurite (in memory) on ports ${PORTS[*]}"
RESULTS="$(mktemp -d -t surveys-test-results.XXXXXX)"
trap 'kill "$AZURITE_PID" 2>/dev/null || true; wait "$AZURITE_PID" 2>/dev/null || true; rm -rf "$LOG" "$RESULTS"' EXIT
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
