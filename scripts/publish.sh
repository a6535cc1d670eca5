#!/usr/bin/env bash
# Builds the deployable zip for Linux Functions plans (docs: functions-custom-handler.md §15):
#   <out>/app/host.json
#   <out>/app/<Fn>/function.json        one folder per src/Surveys.Functions/functions/<Fn>/
#   <out>/app/bin/Surveys.Functions     self-contained linux-x64 single-file handler (+ its files)
#   <out>/surveys-functions.zip         <out>/app zipped with Unix modes kept (execute bit)
# Usage: scripts/publish.sh [--out DIR]   (default: out/ at the repository root)
# Needs only the .NET SDK and Node.js. Idempotent: replaces what it produced before.
# Build chatter goes to stderr; stdout carries only the zip path, so ZIP="$(scripts/publish.sh)" works.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROJECT_DIR="$ROOT/src/Surveys.Functions"
FUNCTIONS_DIR="$PROJECT_DIR/functions"
EXECUTABLE="Surveys.Functions" # the apphost is named after the assembly

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

# 1. Check the declarations before spending time on the build.
json_ok() { node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$1" 2>/dev/null; }
[ -f "$ROOT/host.json" ] || die "host.json is missing at the repository root"
json_ok "$ROOT/host.json" || die "host.json is not valid JSON"
FUNCTIONS=()
if [ -d "$FUNCTIONS_DIR" ]; then
  for dir in "$FUNCTIONS_DIR"/*/; do
    [ -d "$dir" ] || continue # no function folders yet
    fn="$(basename "$dir")"
    [ -f "$dir/function.json" ] || die "function folder ${dir#"$ROOT/"} has no function.json (folder name = function name; add the declaration or remove the folder)"
    json_ok "$dir/function.json" || die "${dir#"$ROOT/"}function.json is not valid JSON"
    [ "$fn" != bin ] || die "a function may not be called 'bin': that folder holds the handler"
    FUNCTIONS+=("$fn")
  done
fi
[ ${#FUNCTIONS[@]} -gt 0 ] || echo "publish: warning: no function declarations under ${FUNCTIONS_DIR#"$ROOT/"}/" >&2

# 2. Self-contained single-file handler. Build servers off: nothing lingers after the script
#    (a lingering compiler server would also hold the caller's output pipes open).
echo "publish: building the handler (linux-x64, self-contained)…" >&2
dotnet publish "$PROJECT_DIR/Surveys.Functions.csproj" -c Release -r linux-x64 --self-contained true \
  -p:PublishSingleFile=true -p:InvariantGlobalization=true \
  --artifacts-path "$BUILD" -o "$APP/bin" --disable-build-servers --nologo >&2
[ -f "$APP/bin/$EXECUTABLE" ] || die "dotnet publish produced no bin/$EXECUTABLE"

# 3. Declarations at the app root.
cp "$ROOT/host.json" "$APP/host.json"
for fn in ${FUNCTIONS[@]+"${FUNCTIONS[@]}"}; do
  mkdir -p "$APP/$fn"
  cp "$FUNCTIONS_DIR/$fn/function.json" "$APP/$fn/function.json"
done

# 4. Nothing that must not ship: symbols, development/local settings, and declaration copies
#    under bin/ (the host reads only the ones at the app root).
find "$APP" -type f \( -name '*.pdb' -o -name 'appsettings.Development.json' -o -name 'local.settings.json' \) -delete
# (The Web SDK publishes every *.json under the project as content, functions/**/function.json included.)
find "$APP/bin" -type f \( -name 'function.json' -o -name 'host.json' \) -delete
find "$APP/bin" -mindepth 1 -type d -empty -delete

# 5. Linux Premium/Dedicated do not set the execute bit themselves (§15.3): set it and keep it in the zip.
chmod +x "$APP/bin/$EXECUTABLE"
handler="$(node -e 'const h = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  process.stdout.write(((h.customHandler || {}).description || {}).defaultExecutablePath || "")' "$APP/host.json")"
[ "$handler" = "bin/$EXECUTABLE" ] || die "host.json customHandler.description.defaultExecutablePath is '$handler', expected 'bin/$EXECUTABLE'"

rm -rf "$BUILD"
dotnet run --file "$ROOT/scripts/zip-app.cs" --disable-build-servers -- "$APP" "$ZIP" >&2
echo "publish: ${#FUNCTIONS[@]} function(s), handler bin/$EXECUTABLE" >&2
echo "$ZIP"
