#!/usr/bin/env bash
# Builds the deployable zip of the isolated-worker app (docs: /work/shared/docs/functions-isolated-worker.md,
# "Build and publish"; infra/README.md deploys it):
#   <out>/app/                          `dotnet publish src/Surveys.Functions -c Release`: functions.metadata,
#                                       worker.config.json, extensions.json, host.json, Surveys.Functions.dll, ...
#   <out>/surveys-functions.zip         <out>/app zipped, the publish folder at the zip's root
# Usage: scripts/publish.sh [--out DIR]   (default: out/ at the repository root)
# Needs only the .NET SDK. Idempotent: replaces what it produced before.
# Build chatter goes to stderr; stdout carries only the zip path, so ZIP="$(scripts/publish.sh)" works.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROJECT_DIR="$ROOT/src/Surveys.Functions"
WORKER="Surveys.Functions.dll" # the worker assembly that worker.config.json names

die() { echo "publish: $*" >&2; exit 1; }

OUT="$ROOT/out"
while [ $# -gt 0 ]; do
  case "$1" in
    --out) [ $# -ge 2 ] && [ -n "$2" ] || die "--out needs a directory"; OUT="$2"; shift 2 ;;
    --out=*) OUT="${1#--out=}"; [ -n "$OUT" ] || die "--out needs a directory"; shift ;;
    -h|--help) sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (usage: scripts/publish.sh [--out DIR])" ;;
  esac
done
# MSBuild globs every file under a project folder, so build output there would feed the build.
check_out() {
  case "$1/" in
    "$ROOT/"|"$ROOT/src/"*|"$ROOT/tests/"*|"$ROOT/scripts/"*) die "--out must not be the repository root or lie under src/, tests/ or scripts/: $1" ;;
  esac
}
case "$OUT" in /*) ;; *) OUT="$PWD/$OUT" ;; esac # relative to the caller's cwd
OUT="$(realpath -m "$OUT" 2>/dev/null || printf '%s' "$OUT")" # GNU realpath folds .. without creating anything
check_out "$OUT"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd -P)"
check_out "$OUT" # again, with .. and symlinks resolved
cd "$ROOT" # global.json here pins the SDK

APP="$OUT/app"
BUILD="$OUT/build" # private obj/bin, so publishing never touches the folders IDEs and tests build into
ZIP="$OUT/surveys-functions.zip"
rm -rf "$APP" "$BUILD" "$ZIP" # only what this script produces: --out may be a shared folder

# 1. The publish. Framework-dependent (the Flex Consumption runtime dotnet-isolated 10.0 brings .NET 10); the
#    Worker SDK writes functions.metadata, worker.config.json and extensions.json, and the project copies host.json.
#    Build servers off: nothing lingers after the script (a lingering compiler server would also hold the caller's
#    output pipes open).
echo "publish: dotnet publish src/Surveys.Functions -c Release…" >&2
dotnet publish "$PROJECT_DIR/Surveys.Functions.csproj" -c Release \
  --artifacts-path "$BUILD" -o "$APP" --disable-build-servers --nologo >&2

# 2. What the Functions host needs at the app root.
for f in functions.metadata worker.config.json extensions.json host.json "$WORKER"; do
  [ -f "$APP/$f" ] || die "dotnet publish produced no $f in ${APP#"$ROOT/"}"
done
grep -q '"dotnet-isolated"' "$APP/worker.config.json" || die "worker.config.json does not name the dotnet-isolated runtime"
grep -q "$WORKER" "$APP/worker.config.json" || die "worker.config.json does not name $WORKER"
cmp -s "$ROOT/host.json" "$APP/host.json" || die "the published host.json differs from the repository's"

# 3. Nothing that must not ship: symbols and development or local settings (the csproj already keeps the
#    settings out; this is the safety net), and no function.json (the host reads functions.metadata; a
#    function.json would be a leftover of the custom-handler layout).
find "$APP" -type f \( -name '*.pdb' -o -name 'appsettings.Development.json' -o -name 'local.settings.json' -o -name 'function.json' \) -delete
find "$APP" -mindepth 1 -type d -empty -delete

rm -rf "$BUILD"
dotnet run --file "$ROOT/scripts/zip-app.cs" --disable-build-servers -- "$APP" "$ZIP" >&2
functions="$(node -e 'process.stdout.write(String(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).length))' "$APP/functions.metadata" 2>/dev/null || echo '?')"
echo "publish: $functions function(s) in functions.metadata, worker $WORKER" >&2
echo "$ZIP"
