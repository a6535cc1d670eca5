# Shared helpers for the run and test scripts. Sourced, not run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
AZURITE_KEY='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

# Installs the pinned Azurite from package.json when node_modules lacks it.
ensure_azurite() {
  if [ ! -x "$ROOT/node_modules/.bin/azurite" ]; then
    echo "Installing Azurite (npm ci)…" >&2
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
}

# Prints N free TCP ports on 127.0.0.1, one per line.
free_ports() {
  node -e '
    const net = require("net"); const n = +process.argv[1]; const servers = [];
    (async () => {
      for (let i = 0; i < n; i++) {
        const s = net.createServer(); await new Promise(r => s.listen(0, "127.0.0.1", r)); servers.push(s);
      }
      console.log(servers.map(s => s.address().port).join("\n")); servers.forEach(s => s.close());
    })();' "$1"
}

# Waits until a TCP port answers, or fails after $2 seconds.
wait_for_port() {
  local port=$1 deadline=$(( $(date +%s) + ${2:-30} ))
  until node -e 'const s=require("net").connect(+process.argv[1],"127.0.0.1");s.on("connect",()=>process.exit(0));s.on("error",()=>process.exit(1));' "$1" 2>/dev/null; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "Timed out waiting for port $port" >&2; return 1; }
    sleep 0.2
  done
}

# Connection string for an Azurite listening on the given blob/queue/table ports.
azurite_connection_string() {
  echo "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$AZURITE_KEY;BlobEndpoint=http://127.0.0.1:$1/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$2/devstoreaccount1;TableEndpoint=http://127.0.0.1:$3/devstoreaccount1;"
}

# Starts an in-memory Azurite on three free ports (blob, queue, table) and waits for it: sets AZURITE_PORTS,
# AZURITE_PID, AZURITE_LOG and AZURITE_CONNECTION. Set `trap stop_memory_azurite EXIT` (or a cleanup calling it)
# before calling this. On failure prints Azurite's output, stops it and returns 1.
start_memory_azurite() {
  mapfile -t AZURITE_PORTS < <(free_ports 3)
  AZURITE_LOG="$(mktemp -t "azurite-${1:-run}.XXXXXX.log")"
  "$ROOT/node_modules/.bin/azurite" --silent --inMemoryPersistence --skipApiVersionCheck --disableProductStyleUrl \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
    --blobPort "${AZURITE_PORTS[0]}" --queuePort "${AZURITE_PORTS[1]}" --tablePort "${AZURITE_PORTS[2]}" >"$AZURITE_LOG" 2>&1 &
  AZURITE_PID=$!
  AZURITE_CONNECTION="$(azurite_connection_string "${AZURITE_PORTS[@]}")"
  if ! { wait_for_port "${AZURITE_PORTS[1]}" 60 && wait_for_port "${AZURITE_PORTS[2]}" 60; }; then
    cat "$AZURITE_LOG" >&2; stop_memory_azurite; return 1
  fi
}

# Stops the Azurite start_memory_azurite started: resumed first (a soak may have left it paused), then SIGTERM; a
# busy Azurite may not answer that (its event loop is blocked), so SIGKILL after 10 s. Safe to call twice.
stop_memory_azurite() {
  [ -n "${AZURITE_PID:-}" ] || return 0
  kill -CONT "$AZURITE_PID" 2>/dev/null || true
  kill "$AZURITE_PID" 2>/dev/null || true
  (sleep 10; kill -9 "$AZURITE_PID" 2>/dev/null) &
  local killer=$!
  wait "$AZURITE_PID" 2>/dev/null || true
  kill "$killer" 2>/dev/null || true
  rm -f "${AZURITE_LOG:-}"
  AZURITE_PID=""
}

# Installs Debian's Chromium for the browser tests when it is missing (Playwright's own browser
# download is never used). Needs root or sudo, as on the project's machines.
ensure_chromium() {
  command -v chromium >/dev/null 2>&1 && return 0
  echo "Installing Chromium for the browser tests (apt-get)…" >&2
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
}
