# Sourced by run.sh and lighthouse/run.sh: builds the server into a temporary folder ($tmp), and
# start_server runs it on a free loopback port with its own embedded store in the folder it is
# given, setting url once it listens. The servers are stopped and the folder removed when the
# script exits.
tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in ${pids[@]+"${pids[@]}"}; do
    kill "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
(cd "$(dirname "${BASH_SOURCE[0]}")/.." && go build -o "$tmp/safetysurvey" ./cmd/safetysurvey)

start_server() { # store folder, extra server flags
  local dir=$1 pid
  shift
  "$tmp/safetysurvey" --addr 127.0.0.1:0 --data-dir "$dir" --log-level warn "$@" >"$dir.out" 2>"$dir.err" &
  pid=$!
  pids+=("$pid")
  url=""
  for _ in $(seq 1 300); do
    url=$(sed -n 's/^safetysurvey is running at //p' "$dir.out")
    [ -n "$url" ] && return
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "the server did not start"
  cat "$dir.err"
  exit 1
}
