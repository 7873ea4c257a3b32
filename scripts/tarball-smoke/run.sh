#!/usr/bin/env bash
# The packages as a registry user gets them: packs every publishable package (packages/*, not private),
# checks the tarballs (LICENSE, metadata, ranges, source maps, README links), runs publint and attw on them,
# installs them with npm into a scratch app outside the workspace, type-checks a consumer of every export
# with skipLibCheck: false (ESM and CommonJS), and runs the smoke programs of smoke/ there against the
# Slack emulator started from its own tarball's bin. Exits non-zero on the first failure.
#
# Usage: scripts/tarball-smoke/run.sh          (builds first; SKIP_BUILD=1 when `pnpm build` just ran)
#        KEEP=1 scripts/tarball-smoke/run.sh   (keeps the scratch folder and prints where it is)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BIN="$ROOT/node_modules/.bin"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/tarball-smoke.XXXXXX")"
EMULATOR_PID=""

cleanup() {
  if [ -n "$EMULATOR_PID" ]; then kill "$EMULATOR_PID" 2>/dev/null || true; fi
  if [ "${KEEP:-0}" = 1 ]; then echo "scratch folder kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
part() { printf -- '--- %s (at %ss)\n' "$*" "$SECONDS"; }

cd "$ROOT"
if [ "${SKIP_BUILD:-0}" != 1 ]; then pnpm build --output-logs=errors-only >/dev/null; fi

part "pack (pnpm pack: workspace: ranges become real ones)"
mapfile -t PACKAGES < <(node "$HERE/list-packages.mjs" "$ROOT")
mkdir -p "$WORK/tarballs"
for dir in "${PACKAGES[@]}"; do
  (cd "$dir" && pnpm pack --pack-destination "$WORK/tarballs" >/dev/null)
done
TARBALLS=("$WORK"/tarballs/*.tgz)
echo "${#TARBALLS[@]} tarballs: $(cd "$WORK/tarballs" && echo *.tgz)"

part "tarball contents"
node "$HERE/check-tarballs.mjs" "$ROOT" "$WORK/unpacked" "${TARBALLS[@]}"

part "publint --strict"
for tarball in "${TARBALLS[@]}"; do
  out="$(NO_COLOR=1 "$BIN/publint" run --strict "$tarball" 2>&1)" || { echo "$out"; exit 1; }
  echo "$(basename "$tarball" .tgz): $(tail -n 1 <<<"$out")"
done

# esm-only: the packages are ESM only, so attw's node10 and node16-from-CommonJS resolutions (which it
# reports as "ESM, dynamic import only") are not a target; CommonJS apps load them with require(esm) on
# Node >= 20.19, which the CommonJS smoke program and the cjs.cts type check below prove instead.
part "attw --profile esm-only"
# Two at a time (each attw loads its own TypeScript); reported in order once all have run.
printf '%s\0' "${TARBALLS[@]}" | xargs -0 -P 2 -I{} sh -c \
  '"$0" --profile esm-only --no-color --no-emoji --format table "$1" >"$1.attw" 2>&1; echo $? >"$1.attw.rc"' \
  "$BIN/attw" {}
for tarball in "${TARBALLS[@]}"; do
  out="$(cat "$tarball.attw")"
  if [ "$(cat "$tarball.attw.rc")" != 0 ]; then echo "$out"; exit 1; fi
  # The table's header row names the entrypoints (a here-string: grep -m1 on a pipe would SIGPIPE echo).
  entrypoints="$(grep -m1 '│ *│' <<<"$out" | tr -s ' ' | sed 's/^│ *│ //; s/ *│ *$//; s/ │ /, /g')"
  echo "$(basename "$tarball" .tgz): no problems (node16 from ESM, bundler) for $entrypoints"
done

part "npm install into a scratch app outside the workspace"
cp -R "$HERE/app" "$WORK/app"
cp -R "$HERE/smoke" "$WORK/app/smoke"
# --ignore-scripts: better-sqlite3 (store-sqlite) would build its addon, which needs a download of Node's
# headers; no smoke program opens a database, and the type check needs only its types.
(cd "$WORK/app" && npm install --prefer-offline --no-audit --no-fund --ignore-scripts --loglevel=error "${TARBALLS[@]}" >/dev/null)
(cd "$WORK/app" && npm ls --depth=0 2>/dev/null | grep -E ' (@backend-notifier/|express@|@nestjs/core@)' | sed 's/^[^ ]* /  /')
# Every package resolves the one core the app installed (no nested second copy).
copies="$(find "$WORK/app/node_modules" -path '*/@backend-notifier/core/package.json' | wc -l)"
if [ "$copies" -ne 1 ]; then echo "$copies copies of @backend-notifier/core were installed" >&2; exit 1; fi
echo "one copy of @backend-notifier/core"

part "type check of a consumer of every export (skipLibCheck: false, ESM and CommonJS)"
node "$HERE/write-typecheck.mjs" "$WORK/app"
(cd "$WORK/app" && node_modules/.bin/tsc -p tsconfig.json && echo "tsc: no errors")

part "smoke programs against the emulator from the slack-emulator tarball"
"$WORK/app/node_modules/.bin/slack-emulator" --port 0 --seed tarball-smoke >"$WORK/emulator.log" 2>&1 &
EMULATOR_PID=$!
for _ in $(seq 1 100); do grep -q '^Bot token: ' "$WORK/emulator.log" && break; sleep 0.1; done
grep -q '^Bot token: ' "$WORK/emulator.log" || { cat "$WORK/emulator.log"; exit 1; }
EMULATOR_URL="$(sed -n 's/^Slack emulator page: //p' "$WORK/emulator.log")"
SLACK_API_URL="$(sed -n 's/^API URL (slackApiUrl): //p' "$WORK/emulator.log")"
SLACK_BOT_TOKEN="$(sed -n 's/^Bot token: //p' "$WORK/emulator.log")"
export EMULATOR_URL SLACK_API_URL SLACK_BOT_TOKEN
echo "slack-emulator bin: $EMULATOR_URL"
for program in "$WORK"/app/smoke/*.mjs "$WORK"/app/smoke/*.cjs; do
  [ -e "$program" ] || continue
  # Each program must end by itself: a notifier that kept the process alive would be a bug too.
  (cd "$WORK/app" && timeout 60 node "smoke/$(basename "$program")")
done
echo "tarball smoke: all passed in ${SECONDS}s"
