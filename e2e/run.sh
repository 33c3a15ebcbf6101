#!/usr/bin/env bash
# Runs the browser tests against freshly built servers on free loopback ports, each with its own
# embedded store, and always stops them afterwards.
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
export SAFEGUARDING_EMAIL="safeguarding.lead@example.org" SAFEGUARDING_PASSWORD="amber lantern $RANDOM$RANDOM$RANDOM"
export SCRUTINEER_EMAIL="young.scrutineer@example.org" SCRUTINEER_PASSWORD="silver otter $RANDOM$RANDOM$RANDOM"
add_user() { # store folder, email, role, password
  printf '%s\n' "$4" >"$tmp/password"
  "$tmp/safetysurvey" users add --data-dir "$1" --log-level warn --email "$2" --role "$3" --password-file "$tmp/password" >/dev/null
  rm -f "$tmp/password"
}
# serve starts a server with the staff accounts in a new store in $tmp/$1, setting url.
serve() {
  add_user "$tmp/$1" "$YOUTH_WORKER_EMAIL" youth_worker "$YOUTH_WORKER_PASSWORD"
  add_user "$tmp/$1" "$ADMIN_EMAIL" admin "$ADMIN_PASSWORD"
  add_user "$tmp/$1" "$SAFEGUARDING_EMAIL" safeguarding_lead "$SAFEGUARDING_PASSWORD"
  add_user "$tmp/$1" "$SCRUTINEER_EMAIL" scrutineer "$SCRUTINEER_PASSWORD"
  # The browsers answer at machine speed, sooner than --min-fill-time allows a person: without
  # turning that check off every answer they send would be held back as suspect and never counted.
  # (The Go tests cover the check.)
  start_server "$tmp/$1" --min-fill-time 0
}
run() { node --test --test-concurrency=1 --test-timeout=600000 "$@"; }
serve first
first=$url
# With file names as arguments, only those run (./run.sh staff.test.mjs), one after another.
if [ $# -gt 0 ]; then BASE_URL=$first run "$@"; exit; fi
# With none, every suite, in three lanes at once. The suites in a lane run one after another, as
# they share a server and its counts (phone.test.mjs expects exactly its own answers to be
# counted): actions, editor, findings, moderation and staff on a second server with a store of
# its own, the others on the first. Beside them on the first, the suites that only read the
# survey's pages and never sign in. The other lanes' reports follow the first's.
serve second
second=$url
aside=(./fit.test.mjs ./budget.test.mjs)
apart=(./actions.test.mjs ./editor.test.mjs ./findings.test.mjs ./moderation.test.mjs ./staff.test.mjs)
rest=()
for f in ./*.test.mjs; do [[ " ${aside[*]} ${apart[*]} " == *" $f "* ]] || rest+=("$f"); done
BASE_URL=$first run "${aside[@]}" >"$tmp/aside.out" 2>&1 &
aside_pid=$!
BASE_URL=$second run "${apart[@]}" >"$tmp/apart.out" 2>&1 &
apart_pid=$!
status=0
BASE_URL=$first run "${rest[@]}" || status=$?
wait "$apart_pid" || status=$?
wait "$aside_pid" || status=$?
cat "$tmp/apart.out" "$tmp/aside.out"
exit "$status"
