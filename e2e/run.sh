#!/usr/bin/env bash
# Runs the browser tests against a freshly built server on a free loopback port with its own
# embedded store, and always stops the server afterwards.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
[ -d node_modules ] || npm ci --no-audit --no-fund
. "$here/serve.sh"
# Two waves of a small survey besides the demo: the first closed, for the results page.
export SAFETYSURVEY_SURVEY_DIR="$here/../survey/web/site/testdata/waves"
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
export SAFEGUARDING_EMAIL="safeguarding.lead@example.org" SAFEGUARDING_PASSWORD="amber lantern $RANDOM$RANDOM$RANDOM"
export SCRUTINEER_EMAIL="young.scrutineer@example.org" SCRUTINEER_PASSWORD="silver otter $RANDOM$RANDOM$RANDOM"
add_user "$SAFEGUARDING_EMAIL" safeguarding_lead "$SAFEGUARDING_PASSWORD"
add_user "$SCRUTINEER_EMAIL" scrutineer "$SCRUTINEER_PASSWORD"
# The browsers answer at machine speed, sooner than --min-fill-time allows a person: without
# turning that check off every answer they send would be held back as suspect and never counted.
# (The Go tests cover the check.)
start_server --min-fill-time 0
export BASE_URL="$url"
run() { node --test --test-concurrency=1 --test-timeout=600000 "$@"; }
# With file names as arguments, only those run (./run.sh staff.test.mjs), one after another.
if [ $# -gt 0 ]; then run "$@"; exit; fi
# With none, every suite: the files share the server and its counts (phone.test.mjs expects
# exactly its own answers to be counted), so they run one at a time, except the ones that only
# read the survey's pages and never sign in, which run beside them (their report follows).
aside=(./fit.test.mjs ./budget.test.mjs)
rest=()
for f in ./*.test.mjs; do [[ " ${aside[*]} " == *" $f "* ]] || rest+=("$f"); done
run "${aside[@]}" >"$tmp/aside.out" 2>&1 &
aside_pid=$!
status=0
run "${rest[@]}" || status=$?
wait "$aside_pid" || status=$?
cat "$tmp/aside.out"
exit "$status"
