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
# Two waves of a small survey besides the demo: the first closed, for the results page.
export SAFETYSURVEY_SURVEY_DIR="$here/../survey/web/testdata/waves"
# Staff accounts are made the way the first admin is, from the command line against the store the
# server then opens; the passwords reach it in files, never as arguments.
export YOUTH_WORKER_EMAIL="youth.worker@example.org" ADMIN_EMAIL="admin@example.org"
export YOUTH_WORKER_PASSWORD="violet harbour $RANDOM$RANDOM$RANDOM" ADMIN_PASSWORD="copper meadow $RANDOM$RANDOM$RANDOM"
add_user() { # email role password
  printf '%s\n' "$3" >"$tmp/password"
  "$tmp/safetysurvey" users add --data-dir "$tmp/data" --log-level warn --email "$1" --role "$2" --password-file "$tmp/password" >/dev/null
  rm -f "$tmp/password"
}
add_user "$YOUTH_WORKER_EMAIL" youth_worker "$YOUTH_WORKER_PASSWORD"
add_user "$ADMIN_EMAIL" admin "$ADMIN_PASSWORD"
# The browsers answer at machine speed, sooner than --min-fill-time allows a person: without
# turning that check off every answer they send would be held back as suspect and never counted.
# (The Go tests cover the check.)
"$tmp/safetysurvey" --addr 127.0.0.1:0 --data-dir "$tmp/data" --log-level warn --min-fill-time 0 >"$tmp/out" 2>"$tmp/err" &
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
