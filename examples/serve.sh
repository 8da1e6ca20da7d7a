# Sourced by the examples that talk to a running service: starts
# `ssj serve` on a free port of 127.0.0.1, stopped when the script exits,
# and sets `addr` (host:port), `pid` and `tmp` (a fresh directory holding
# the demo's request.json and the CLI's cli-plan.json).
#   . examples/serve.sh path/to/ssj
tmp=$(mktemp -d)
"$1" plan --demo --save-request "$tmp/request.json" --out "$tmp/cli-plan.json" > /dev/null
"$1" serve --addr 127.0.0.1:0 > "$tmp/serve.out" 2> "$tmp/serve.log" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q listening "$tmp/serve.out" 2>/dev/null && break; sleep 0.1; done
addr=$(sed -n 's|.*http://\([^ ]*\).*|\1|p' "$tmp/serve.out")
