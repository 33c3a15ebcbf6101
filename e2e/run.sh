#!/usr/bin/env bash
# Runs the browser tests against a freshly built server on a free loopback port with its own
# embedded store, and always stops the server afterwards.
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
(cd "$here/.." && go build -o "$tmp/safetysurvey" ./cmd/safetysurvey)
export ADMIN_TOKEN="e2e-admin-token-$RANDOM$RANDOM$RANDOM"
"$tmp/safetysurvey" --addr 127.0.0.1:0 --data-dir "$tmp/data" --log-level warn --admin-token "$ADMIN_TOKEN" >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 1 300); do
  url=$(sed -n 's/^safetysurvey is running at //p' "$tmp/out")
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$tmp/err"; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "the server did not start"; cat "$tmp/err"; exit 1; }
export BASE_URL="$url"
node --test --test-concurrency=1 --test-timeout=600000 "$@" ./*.test.mjs
