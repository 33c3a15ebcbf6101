# Sourced by run.sh and lighthouse/run.sh: builds the server into a temporary folder ($tmp), and
# start_server runs it on a free loopback port with its own embedded store in $tmp/data, setting
# url once it listens. The server is stopped and the folder removed when the script exits.
tmp=$(mktemp -d)
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
(cd "$(dirname "${BASH_SOURCE[0]}")/.." && go build -o "$tmp/safetysurvey" ./cmd/safetysurvey)

start_server() { # extra server flags
  "$tmp/safetysurvey" --addr 127.0.0.1:0 --data-dir "$tmp/data" --log-level warn "$@" >"$tmp/out" 2>"$tmp/err" &
  pid=$!
  url=""
  for _ in $(seq 1 300); do
    url=$(sed -n 's/^safetysurvey is running at //p' "$tmp/out")
    [ -n "$url" ] && return
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "the server did not start"
  cat "$tmp/err"
  exit 1
}
