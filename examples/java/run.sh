#!/usr/bin/env bash
# Runs the Java client against a real `ssj serve` on 127.0.0.1 and checks
# that the plan it receives is byte for byte the CLI's. CI runs this.
#   examples/java/run.sh [path/to/ssj]
set -euo pipefail
ssj=${1:-target/debug/ssj}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../serve.sh" "$ssj"
java "$here/PlanClient.java" "http://$addr" "$tmp/request.json" "$tmp/plan.json"
cmp "$tmp/plan.json" "$tmp/cli-plan.json"
echo "the service's plan is the CLI's, byte for byte"
kill -TERM $pid
wait $pid
trap - EXIT
echo "ssj serve stopped gracefully: $(tail -1 "$tmp/serve.log")"
