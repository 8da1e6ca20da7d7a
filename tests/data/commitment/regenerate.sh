#!/bin/sh
# How the hand-written fixtures were made from hand-written.request.json
# (written by hand: members in any order, defaults written out, dates
# unpadded, a weak 3-digit lottery rule). Run it after a deliberate format
# change, from the repository root, and review the diff: every byte that
# moves must be one the CHANGELOG explains.
set -eu
cargo build --quiet --bin ssj
ssj=target/debug/ssj
d=tests/data/commitment
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The request's `committed` line (who, when, and the strata root) is what
# `ssj commit` writes: commit a copy without it, and put the one it wrote
# back into the hand-written file, leaving every other byte as written.
grep -v '^  "committed":' $d/hand-written.request.json > "$tmp/uncommitted.json"
$ssj commit --request "$tmp/uncommitted.json" --authority 某县生态环境局 --date 2022-12-30 \
    --out $d/hand-written.commitment.json --save-request "$tmp/committed.json"
python3 - "$tmp/committed.json" $d/hand-written.request.json <<'PY'
import json, sys
committed = json.load(open(sys.argv[1], encoding="utf-8"))["committed"]
path = sys.argv[2]
lines = [l for l in open(path, encoding="utf-8").read().split("\n") if not l.startswith('  "committed":')]
lines.insert(2, '  "committed": %s,' % json.dumps(committed, ensure_ascii=False))
open(path, "w", encoding="utf-8").write("\n".join(lines))
PY
$ssj plan --request $d/hand-written.request.json --commitment $d/hand-written.commitment.json --seed 581 \
    --out $d/hand-written.plan.json --save-request $d/hand-written.seeded.request.json
$ssj draw-record --plan $d/hand-written.plan.json --request $d/hand-written.seeded.request.json \
    --out $d/hand-written.draw-record.json
