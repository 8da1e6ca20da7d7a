#!/usr/bin/env bash
# The protocol from a shell, as a bureau runs it with the CLI (CI runs this):
# commit before the seed exists, fix the seed in public, plan, verify.
#   examples/shell/commit-plan-verify.sh [path/to/ssj]
set -euo pipefail
ssj=${1:-ssj}
dir=$(mktemp -d)
cd "$dir"

# 1. Freeze everything that decides the plan, and announce the seed's rule.
"$ssj" commit --demo --quarter 2023Q1 --authority 昌吉州生态环境局 --date 2022-12-20 \
    --seed-source dice --seed-digits 20 --seed-announced "20 ten-sided dice, public meeting 2022-12-28" \
    --out commitment.json --save-request request.json
# (publish commitment.json now)

# 2. The seed, rolled in public after the commitment: spaces as read out.
seed="3141 5926 5358 9793 2384"

# 3. Plan under the commitment; keep the seeded request for anyone to verify.
"$ssj" plan --request request.json --commitment commitment.json --seed "$seed" \
    --out plan.json --save-request request.seeded.json > /dev/null

# 4. Anyone re-draws from the published documents and compares.
"$ssj" verify --plan plan.json --request request.seeded.json --commitment commitment.json

# 5. An edited plan does not verify: exit 1, naming what differs.
sed 's/"month": 2/"month": 3/' plan.json > edited.json
if "$ssj" verify --plan edited.json --request request.seeded.json 2> why.txt; then
    echo "an edited plan verified" >&2; exit 1
fi
echo "edited plan refused: $(head -c 160 why.txt)"
