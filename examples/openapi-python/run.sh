#!/usr/bin/env bash
# Generates a Python client from a running `ssj serve`'s /openapi.json with
# openapi-python-client, plans the demo through it and checks the plan is
# the CLI's. CI runs this.
#   examples/openapi-python/run.sh [path/to/ssj]
set -euo pipefail
ssj=$(realpath "${1:-target/debug/ssj}")
here=$(cd "$(dirname "$0")" && pwd)
venv=${SSJ_CLIENT_VENV:-/tmp/ssj-openapi-client}
[ -x "$venv/bin/openapi-python-client" ] || {
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$here/requirements.txt"
}
. "$here/../serve.sh" "$ssj"
"$venv/bin/python" -c "import urllib.request; open('$tmp/openapi.json', 'wb').write(urllib.request.urlopen('http://$addr/openapi.json').read())"
(cd "$tmp" && "$venv/bin/openapi-python-client" generate --path openapi.json --config "$here/config.yml" \
  --meta none --output-path ssj_client) 2>&1 | tee "$tmp/generate.log"
if grep -q "^Warning" "$tmp/generate.log"; then
  echo "the generator could not read all of the description (above)"; exit 1
fi
PYTHONPATH="$tmp" "$venv/bin/python" "$here/plan_demo.py" "http://$addr" "$tmp/request.json" "$tmp/cli-plan.json"
kill -TERM $pid
wait $pid
trap - EXIT
