#!/usr/bin/env bash
# Property-based tests of `ssj serve` from its own OpenAPI description
# (schemathesis): every generated request, valid or not, must get no 5xx,
# a declared status, a declared content type, and an answer that conforms
# to the declared schema. CI runs it with a fixed seed.
#   crates/server/schemathesis.sh [path/to/ssj] [examples per operation]
set -euo pipefail
ssj=${1:-target/debug/ssj}
examples=${2:-30}
here=$(cd "$(dirname "$0")" && pwd)
venv=${SSJ_FUZZ_VENV:-/tmp/ssj-schemathesis}
[ -x "$venv/bin/schemathesis" ] || {
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$here/requirements-fuzz.txt"
}
tmp=$(mktemp -d)
"$ssj" serve --addr 127.0.0.1:0 --timeout-secs 30 > "$tmp/serve.out" 2> "$tmp/serve.log" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q listening "$tmp/serve.out" 2>/dev/null && break; sleep 0.1; done
addr=$(sed -n 's|.*http://\([^ ]*\).*|\1|p' "$tmp/serve.out")
"$venv/bin/schemathesis" run "http://$addr/openapi.json" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --max-examples "$examples" --seed 20261201 --request-timeout 60 --no-color
echo "statuses the service answered: $(grep -o 'status=[0-9]*' "$tmp/serve.log" | sort | uniq -c | tr -s ' \n' ' ')"
