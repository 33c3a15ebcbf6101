#!/usr/bin/env bash
# Lighthouse (mobile profile, performance and accessibility) against the survey page of a freshly
# built server with its own embedded store. Prints the scores; the reports go to e2e/output/.
# Usage: e2e/lighthouse/run.sh [path]   (default /s/community-safety)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
[ -d node_modules ] || npm ci --no-audit --no-fund
. "$here/../serve.sh"
start_server "$tmp/data"
mkdir -p "$here/../output"
report="$here/../output/lighthouse"
CHROME_PATH=${CHROMIUM:-/usr/bin/chromium} npx lighthouse "$url${1:-/s/community-safety}" \
  --only-categories=performance,accessibility --form-factor=mobile --quiet \
  --chrome-flags="--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync" \
  --output=json --output=html --output-path="$report"
node -e 'const r = require(process.argv[1]); for (const c of Object.values(r.categories)) console.log(`${c.title}: ${Math.round(c.score * 100)}`);
  for (const id of ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "total-byte-weight"]) console.log(`${r.audits[id].title}: ${r.audits[id].displayValue}`);' "$report.report.json"
