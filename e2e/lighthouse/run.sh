#!/usr/bin/env bash
# Lighthouse (mobile profile, performance and accessibility) against the survey page of a freshly
# built server with its own embedded store. Prints the scores; the reports go to e2e/output/.
# Usage: e2e/lighthouse/run.sh [path]   (default /s/community-safety)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
[ -d node_modules ] || npm ci --no-audit --no-fund
tmp=$(mktemp -d)
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
(cd "$here/../.." && go build -o "$tmp/safetysurvey" ./cmd/safetysurvey)
"$tmp/safetysurvey" --addr 127.0.0.1:0 --data-dir "$tmp/data" --log-level warn >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 1 300); do
  url=$(sed -n 's/^safetysurvey is running at //p' "$tmp/out")
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { echo "the server did not start"; cat "$tmp/err"; exit 1; }
mkdir -p "$here/../output"
report="$here/../output/lighthouse"
CHROME_PATH=${CHROMIUM:-/usr/bin/chromium} npx lighthouse "$url${1:-/s/community-safety}" \
  --only-categories=performance,accessibility --form-factor=mobile --quiet \
  --chrome-flags="--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync" \
  --output=json --output=html --output-path="$report"
node -e 'const r = require(process.argv[1]); for (const c of Object.values(r.categories)) console.log(`${c.title}: ${Math.round(c.score * 100)}`);
  for (const id of ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "total-byte-weight"]) console.log(`${r.audits[id].title}: ${r.audits[id].displayValue}`);' "$report.report.json"
